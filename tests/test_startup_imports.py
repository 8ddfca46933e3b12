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

# Records, in the child, the explorer frames that first asked for sympy or mpmath.
_WATCH = """
import importlib.abc, json, sys, traceback

first = {}

class Watch(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        top = name.split('.')[0]
        if top in ('sympy', 'mpmath') and top not in first:
            first[top] = [f'{f.filename.rsplit("explorer", 1)[-1]}:{f.lineno}' for f in traceback.extract_stack()
                          if '/explorer/' in f.filename]
        return None

sys.meta_path.insert(0, Watch())
"""


def _loaded_by(code: str) -> dict[str, list[str]]:
    """Run ``code`` after the watcher in a fresh interpreter: {'sympy' or 'mpmath': the explorer
    frames (outermost first) of the import that loaded it} for each one in sys.modules after."""
    report = "\nprint(json.dumps({m: first.get(m, ['?']) for m in ('sympy', 'mpmath') if m in sys.modules}))"
    result = subprocess.run([sys.executable, "-c", _WATCH + code + report], capture_output=True, text=True, timeout=120,
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
