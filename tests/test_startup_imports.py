"""The start path imports no sympy and no mpmath (issue #25).

sympy's import and the submodules its first derivative pulls in take ~0.6 s, a third of a cold
start, and the window's first frame needs none of it: the modules on the way to the window
name it through :mod:`explorer.core.lazy_sympy` and build their sympy tables on first use.
Each check runs in a fresh interpreter (this one has sympy loaded by other tests); a failure
names the import chain that loaded it, so the next regression names itself.
"""

import json
import os
import subprocess
import sys

import pytest

# Records, in the child, the explorer frames that first asked for each module of WATCHED (the
# child's own tuple; a package stands for its submodules too: sympy for sympy.core …).
_WATCH = """
import importlib.abc, json, sys, traceback

first = {}

class Watch(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        key = next((w for w in WATCHED if name == w or name.startswith(w + '.')), None)
        if key is not None and key not in first:
            first[key] = [f'{f.filename.rsplit("explorer", 1)[-1]}:{f.lineno}' for f in traceback.extract_stack()
                          if '/explorer/' in f.filename]
        return None

sys.meta_path.insert(0, Watch())
"""


def _loaded_by(code: str) -> dict[str, list[str]]:
    """Run ``code`` after the watcher in a fresh interpreter: {'sympy' or 'mpmath': the explorer
    frames (outermost first) of the import that loaded it} for each one in sys.modules after."""
    report = "\nprint(json.dumps({m: first.get(m, ['?']) for m in ('sympy', 'mpmath') if m in sys.modules}))"
    code = "WATCHED = ('sympy', 'mpmath')\n" + _WATCH + code + report
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_window_and_the_lesson_import_without_sympy():
    loaded = _loaded_by("import explorer.app, explorer.ui.main_window, explorer.core.lesson, explorer.core.descent, "
                        "explorer.core.presets\nfrom explorer.ui import MainWindow")
    assert loaded == {}, f"imported at start, by {loaded}"


def test_the_command_line_with_no_arguments_reaches_the_app_without_sympy():
    """``explorer`` alone: cli.main parses its (no) arguments and imports the app."""
    loaded = _loaded_by("from explorer.cli import build_parser\nargs = build_parser().parse_args([])\n"
                        "assert args.command is None\nfrom explorer.app import run_app")
    assert loaded == {}, f"imported at start, by {loaded}"


@pytest.mark.parametrize("module", ["calculus", "held", "line_slice", "loss_function", "answer_check", "quiz",
                                    "quiz_feedback", "quiz_directional", "directional", "descent.story"])
def test_the_symbolic_modules_import_sympy_only_when_used(module):
    """Each module that works in sympy imports without it; the first symbolic use loads it."""
    loaded = _loaded_by(f"import explorer.core.{module}")
    assert loaded == {}, f"imported by explorer.core.{module}: {loaded}"


def test_the_first_use_loads_sympy_and_works():
    loaded = _loaded_by("from explorer.core import function_from_text\n"
                        "from explorer.core.answer_check import Outcome, compare\n"
                        "f = function_from_text('f(x, y) = x^2 + 3*sin(y)')\n"
                        "assert f.is_early is False and str(f.partial('y')) == '3*cos(y)'\n"
                        "assert compare(f.partial('x'), 2 * f.variables[0], f.variables) is Outcome.SAME")
    assert set(loaded) == {"sympy", "mpmath"}


def test_the_core_package_names_its_public_functions_on_first_read():
    import explorer.core
    from explorer.core import calculus, expression

    assert explorer.core.Function is calculus.Function
    assert explorer.core.function_from_text is calculus.function_from_text
    assert explorer.core.ParseError is expression.ParseError and explorer.core.parse_function is expression.parse_function
    assert set(explorer.core.__all__) <= set(dir(explorer.core))
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        explorer.core.nothing_here  # noqa: B018 - the read is the test


#: Modules the default lesson's first frame does not use: each is imported by the function that
#: first needs it (issue #25: the ~100 explorer modules and stdlib extras on the start path were
#: ~0.1 s of a cold start).  Each with why the first frame can do without it.
DEFERRED = {
    "difflib": "expression.py matches a misspelt function name against the known ones: text typed later",
    "explorer.core.loss": "the data's losses: only while the data drive the surface (off by default)",
    "explorer.core.loss_function": "the cross-entropy of many points as the surface: the data drive it",
    "explorer.core.polynomial": "a poly:K model, or any model while the data drive the surface",
    "explorer.core.descent.stochastic": "runs that train on the data's mini-batches",
    "explorer.core.training": "the same: training runs",
    "explorer.core.directional": "the direction u: the Direction pane, the slice along u (hidden, not chosen)",
    "explorer.core.line_slice": "the slice along u, a descent source the default lesson does not choose",
    "explorer.core.level_curves": "the level curve through the point and the gradient field (overlays off)",
    "explorer.ui.direction_dial": "the Direction pane's dial: the pane is hidden at a first launch",
    "explorer.core.direction_readout": "the dial's marks and the pane's sentences",
    "explorer.core.linear_model": "the pane's linear model of f along u",
    "explorer.core.landscape": "a converged run's words on a curve (which minimum, which hump): after a run",
    "explorer.core.lesson_file": "a lesson file or a last session read or written: none at a first launch",
    "explorer.core.safe_write": "a file written whole or not at all: a lesson, data, the settings (read at start)",
}

# The window to its first painted frame on a first launch (no last session), then each deferred
# feature used once, as a student would, in the same process: its late import is its first.
_FIRST_FRAME = """
import sys, tempfile
from pathlib import Path
from PySide6.QtCore import QElapsedTimer, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from explorer.app import open_window

app, window = open_window()
window.remembers = False
lesson, seen = window.lesson, {}


def until(condition, what):  # the event loop turned until the condition holds (at most 30 s)
    clock = QElapsedTimer()
    clock.start()
    while not condition():
        assert clock.elapsed() < 30_000, what
        app.processEvents()


def first_frame():
    if seen:  # (the frames painted while a use below turns the event loop)
        return
    try:
        use_each()
    except BaseException:
        traceback.print_exc()
        app.exit(1)


def use_each():
    seen['first_frame'] = {m: first.get(m, ['?']) for m in DEFERRED if m in sys.modules}
    # A misspelt function typed in the bar (difflib).
    bar = window.function_bar
    bar.input.selectAll()
    QTest.keyClicks(bar.input, 'sni(x) + y')
    QTest.keyClick(bar.input, Qt.Key.Key_Return)
    until(lambda: 'did you mean sin' in bar.error.text(), 'the misspelt name named')
    # The run on the panel's own curve to its end: which minimum it reached (landscape).
    window.descent_panel.skip_button.click()
    until(lambda: 'the shallower of the two minima at x ≈ 1.2654' in window.descent_panel.status.full_text(),
          'the run ended at the shallower minimum')
    # The Direction pane by its menu action (Ctrl+4), u turned by the dial's → (the dial's key, not the descent's).
    next(a for a in window.findChildren(QAction) if a.shortcut().toString() == 'Ctrl+4').trigger()
    until(lambda: window.direction_dock.isVisible(), 'the Direction pane shown')
    steps = lesson.run.steps
    QTest.keyClick(window.direction_pane.dial, Qt.Key.Key_Right)
    until(lambda: lesson.direction == 31.0, 'u turned to 31 degrees')
    assert lesson.run.steps == steps, 'the dial kept its key'
    # The level curve and the gradient field; the slice along u as the descent's curve.
    assert lesson.try_update(level_curve=True, gradient_field=True, descent_source='slice-u')
    assert type(lesson.curve).__name__ == 'LineSlice'
    # The data drive the surface, the runs train on their batches; then the line as a polynomial, poly:1.
    assert lesson.try_update(data_drives=True, descent_source='surface')
    assert lesson.function.variable_names == ('w', 'b') and lesson.forecasts()
    assert lesson.try_update(model='poly:1') and lesson.function.variable_names == ('w0', 'w1')
    # Six labelled points for the logistic model: more than its loss writes out, so the surface is a LossFunction.
    labelled = ((-2.0, 0.0), (-1.0, 0.0), (-0.5, 1.0), (0.5, 0.0), (1.0, 1.0), (2.0, 1.0))
    assert lesson.try_update(data=labelled, model='logistic') and type(lesson.function).__name__ == 'LossFunction'
    # The lesson saved and opened again.
    path = Path(tempfile.mkdtemp()) / 'lesson.json'
    assert window.save_lesson(path) and window.open_lesson(path) and lesson.model == 'logistic'
    seen['used'] = sorted(m for m in DEFERRED if m in sys.modules)
    app.quit()


window.surface_view.frameSwapped.connect(first_frame)
if app.exec() == 0:
    print(json.dumps(seen))
else:
    sys.exit('a first use failed')
"""


def test_the_first_frame_imports_none_of_the_deferred_modules_and_each_works_when_first_used(tmp_path):
    code = f"DEFERRED = WATCHED = {tuple(sorted(DEFERRED))!r}\n" + _WATCH + _FIRST_FRAME
    # Under the test's own display (the window needs OpenGL), with no last session to restore.
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=180,
                            env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    # The window reports a slot's exception on stderr and carries on: a late import that failed would be there.
    assert "Traceback" not in result.stderr, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["first_frame"] == {}, f"imported before the first frame, by {seen['first_frame']}"
    assert seen["used"] == sorted(DEFERRED)


# A module imported once Qt is up, then the record PySide6's import hook keeps of each module it
# has read the source of (its ``__feature__`` table): the app drops the hook, plain PySide6 keeps it.
_AFTER_QT = """
import builtins, json, sys
{start}
import colorsys  # first imported here: nothing above imports it
from PySide6.QtWidgets import QLabel
table = sys.modules['shibokensupport.feature'].pyside_feature_dict
print(json.dumps({{'read by the hook': 'colorsys' in table, 'python import': builtins.__import__ is builtins.__orig_import__,
                  'qt works': QLabel(colorsys.__name__).text() == 'colorsys'}}))
"""


def _after_qt(start: str) -> dict:
    result = subprocess.run([sys.executable, "-c", _AFTER_QT.format(start=start)], capture_output=True, text=True,
                            timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_app_drops_pysides_import_hook_so_later_modules_are_not_read_again():
    """PySide6's hook reads the whole source of each module imported after Qt (~45 ms of a cold
    start); the app selects no ``__feature__`` and puts Python's own import back."""
    plain = _after_qt("from PySide6.QtWidgets import QApplication\napp = QApplication([])")
    assert plain == {"read by the hook": True, "python import": False, "qt works": True}, \
        "PySide6 no longer hooks imports as it did: drop_feature_import_hook (app.py) may go"
    ours = _after_qt("from explorer.app import make_application\napp = make_application()")
    assert ours == {"read by the hook": False, "python import": True, "qt works": True}


def test_an_import_hook_not_pysides_is_left_in_place(monkeypatch):
    import builtins

    from explorer.app import drop_feature_import_hook

    def someone_elses(*args, **kwargs):
        return original(*args, **kwargs)

    original = builtins.__import__
    monkeypatch.setattr(builtins, "__import__", someone_elses)
    assert drop_feature_import_hook() is False
    assert builtins.__import__ is someone_elses
