"""A launch paints before sympy is imported (issue #25): the first frame comes from the early
functions (numbers only), sympy follows in the background, and the lesson then adopts the
symbolic functions — the formulas appear, no number changes, nothing shown was untrue."""

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import threading
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from explorer.core import lazy_sympy
from explorer.core.lesson import DEFAULTS, Lesson, LessonError

from helpers import make_window

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def sympy_on_its_way(monkeypatch):
    """sympy as a launch sees it in its first second: not imported until the test opens the
    gate (the import itself is real; this process has it already, so only its timing is
    staged).  Yields the gate."""
    gate, loaded = threading.Event(), threading.Event()
    real_load = lazy_sympy.load

    def load(warm: bool = False):
        gate.wait(60)
        loaded.set()
        return real_load(warm)

    monkeypatch.setattr(lazy_sympy, "is_loaded", loaded.is_set)
    monkeypatch.setattr(lazy_sympy, "load", load)
    yield gate
    gate.set()


def test_the_lesson_starts_early_and_adopting_sympy_changes_no_number(sympy_on_its_way):
    lesson = Lesson()
    early_point = lesson.surface.evaluate_point(lesson.point)
    early_mesh = lesson.mesh.values.copy()
    early_run = [lesson.run.point]
    assert lesson.is_early and lesson.function.is_early and lesson.own_curve.is_early
    seen = []
    lesson.events.changed.connect(seen.append)
    sympy_on_its_way.set()
    lazy_sympy.load()
    assert lesson.adopt_symbolic()
    assert not lesson.is_early and not lesson.function.is_early
    assert seen[-1] == {"symbolic", "mesh", "run"}  # no setting changed: not an edit
    # sympy's numbers: the same to the last digits shown (and far beyond)
    np.testing.assert_allclose(lesson.surface.evaluate_point(lesson.point), early_point, rtol=1e-12)
    np.testing.assert_allclose(lesson.mesh.values, early_mesh, rtol=1e-12)
    np.testing.assert_allclose(lesson.run.point, early_run[0], rtol=1e-12)
    assert lesson.function.partial("x") is not None  # the symbolic side is there now
    assert not lesson.adopt_symbolic()  # once


def test_text_only_algebra_can_judge_is_judged_by_sympy_at_once(sympy_on_its_way):
    # x − x is zero only to algebra: the early parser sends 1/(x − x) to sympy, which refuses it
    # there and then (the lesson keeps its function), not after the first second.
    lesson = Lesson()
    assert lesson.is_early
    with pytest.raises(LessonError, match="division by zero"):
        lesson.update(function="f(x, y) = y + 1/(x - x)")
    assert lesson.function.text == DEFAULTS["function"] and lesson.function.is_early


def test_should_sympy_refuse_an_early_function_the_default_comes_back_and_it_is_said(sympy_on_its_way, monkeypatch):
    # The safety net behind the early parser's own checks (here switched off to reach it).
    monkeypatch.setattr("explorer.core.early._sums_to_zero", lambda tree, variables: False)
    lesson = Lesson(function="f(x, y) = y + 1/(x - x)")
    refused = []
    lesson.events.refused.connect(lambda field, message: refused.append((field, message)))
    sympy_on_its_way.set()
    lazy_sympy.load()
    assert lesson.adopt_symbolic()
    assert lesson.function.text == DEFAULTS["function"] and not lesson.is_early
    assert refused and refused[0][0] == "function" and "division by zero" in refused[0][1]


def test_runs_played_in_the_first_second_are_as_far_along_after(sympy_on_its_way):
    lesson = Lesson()
    lesson.step_run(15)
    early_point = lesson.run.point
    sympy_on_its_way.set()
    lazy_sympy.load()
    assert lesson.adopt_symbolic()
    assert lesson.run.steps == 15
    np.testing.assert_allclose(lesson.run.point, early_point, rtol=1e-12)


def test_the_window_shows_the_numbers_first_and_the_formulas_once_sympy_is_there(qtbot, sympy_on_its_way):
    window = make_window(qtbot)
    window.remembers = False
    readout = window.readout
    assert window.lesson.is_early and not window.symbolic.is_ready
    # The numbers are sympy's to every digit shown; the formulas wait for it.
    assert readout.value_label.text() == "11.0000"
    assert (readout.dfdx_value.text(), readout.dfdy_value.text()) == ("10.0000", "6.0000")
    assert readout.dfdx_formula.full_text() == "" and readout.dfdy_formula.full_text() == ""
    formula = window.descent_panel.formula
    assert formula.text() == "f(x) = x⁴ − 3.4x² + 0.5x"  # f′(x) follows with sympy
    assert "follows<br>in a moment" in readout.breakdown.text()  # the rule, unfolded: what is coming
    before = window.surface_view.grabFramebuffer()
    # Typed in the first second into the descent panel's own bar, a mistake: it stays typed.
    own = window.descent_panel.source_bar.function_bar.input
    own.selectAll()
    qtbot.keyClicks(own, "x^4 - (2x")
    qtbot.keyClick(own, Qt.Key.Key_Return)
    with qtbot.waitSignal(window.symbolic.ready, timeout=30_000):
        sympy_on_its_way.set()
    assert own.text() == "x^4 - (2x"
    assert not window.lesson.is_early and not window.isWindowModified()  # nothing to save: not an edit
    qtbot.waitUntil(lambda: readout.dfdx_formula.full_text() != "")
    assert readout.dfdx_formula.full_text() == "= 6x + 2y = 6(1) + 2(2) = 10"
    assert (readout.value_label.text(), readout.dfdx_value.text(), readout.dfdy_value.text()) == ("11.0000", "10.0000", "6.0000")
    assert formula.text().startswith("f(x) = x⁴ − 3.4x² + 0.5x, f′(x) = 4x³ − 6.8x + 0.5")
    assert "6x" in readout.breakdown.text() and "follows" not in readout.breakdown.text()
    # The same picture: the mesh sympy recomputed lands on the early one's pixels.
    frames = window.surface_view.frames_drawn
    window.surface_view.update()
    qtbot.waitUntil(lambda: window.surface_view.frames_drawn > frames)
    after = window.surface_view.grabFramebuffer()
    assert after == before


_LAUNCH = textwrap.dedent("""
    import json, sys, threading
    seen = {}
    class FirstImportOfSympy:  # which thread imports sympy first
        def find_spec(self, name, path=None, target=None):
            if name == "sympy":
                seen.setdefault("sympy_imported_by", threading.current_thread().name)
    sys.meta_path.insert(0, FirstImportOfSympy())
    from explorer.app import open_window
    app, window = open_window(initial_function=sys.argv[1] or None)
    window.remembers = False
    seen["sympy_before_first_frame"] = "sympy" in sys.modules
    def first_frame():
        r = window.readout
        seen["numbers"] = [r.value_label.text(), r.dfdx_value.text(), r.dfdy_value.text()]
        seen["early"] = window.lesson.is_early
    def ready():
        r = window.readout
        seen["formula"] = r.dfdx_formula.full_text()
        seen["numbers_after"] = [r.value_label.text(), r.dfdx_value.text(), r.dfdy_value.text()]
        seen["early_after"] = window.lesson.is_early
        print("seen", json.dumps(seen), flush=True)
        app.quit()
    from PySide6.QtCore import Qt
    window.surface_view.frameSwapped.connect(first_frame, Qt.ConnectionType.SingleShotConnection)
    window.symbolic.ready.connect(ready)
    app.exec()
""")


@pytest.mark.parametrize("function, numbers, formula", [
    ("", ["11.0000", "10.0000", "6.0000"], "= 6x + 2y = 6(1) + 2(2) = 10"),  # the default lesson
    ("x^2 + y^2 + z^2", ["6.0000", "2.0000", "4.0000"], "= 2x = 2(1) = 2"),  # z held: a surface of three
])
def test_a_fresh_launch_paints_without_sympy_then_imports_it(function, numbers, formula):
    """The real thing: a fresh interpreter, as the ``explorer`` command starts."""
    env = {**os.environ, "XDG_CONFIG_HOME": tempfile.mkdtemp(prefix="explorer-launch-"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _LAUNCH, function], capture_output=True, text=True, timeout=120,
                          env=env, cwd=ROOT)
    assert "seen" in done.stdout, done.stderr[-2000:]
    seen = json.loads(done.stdout.split("seen", 1)[1])
    # Not imported while the window was built and shown; then by the loader's thread, after the first frame.
    assert seen["sympy_before_first_frame"] is False and seen["sympy_imported_by"] == "sympy import"
    assert seen["early"] is True
    assert seen["numbers"] == numbers == seen["numbers_after"]
    assert seen["early_after"] is False and seen["formula"] == formula


def test_a_lesson_in_three_variables_starts_early_too(sympy_on_its_way):
    lesson = Lesson(function="x^2 + y^2 + z^2 + x z")
    assert lesson.is_early and lesson.surface.is_early and lesson.surface.variable_names == ("x", "y")
    mesh, at_point = lesson.mesh.values.copy(), lesson.surface.evaluate_point(lesson.point)
    sympy_on_its_way.set()
    lazy_sympy.load()
    assert lesson.adopt_symbolic() and not lesson.surface.is_early
    np.testing.assert_allclose(lesson.mesh.values, mesh, rtol=1e-12)
    np.testing.assert_allclose(lesson.surface.evaluate_point(lesson.point), at_point, rtol=1e-12)
    assert str(lesson.surface.partials[0]) == "2*x + 1"  # z held at 1: the formulas are sympy's now


def test_a_window_closed_while_sympy_loads_leaves_nothing_behind(qtbot, sympy_on_its_way):
    from PySide6.QtCore import QCoreApplication, QEvent

    from explorer.ui import MainWindow

    window = MainWindow()  # not handed to qtbot: this test deletes it
    window.remembers = False
    window.show()
    qtbot.waitUntil(lambda: any(t.name == "sympy import" for t in threading.enumerate()))  # after its first frame
    worker = next(t for t in threading.enumerate() if t.name == "sympy import")
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    sympy_on_its_way.set()
    worker.join(30)  # it told the application, not the deleted window (an error here fails the test)
    assert not worker.is_alive()
    # A window opened after it is symbolic at once.
    second = make_window(qtbot)
    second.remembers = False
    qtbot.waitUntil(lambda: second.symbolic.is_ready)
    assert not second.lesson.is_early


def test_a_function_the_command_line_could_not_draw_is_said_after_sympy_arrives_too(qtbot, monkeypatch):
    # explorer --function "sign(x)*y": the default is drawn and the note says why.  The text
    # the early parser refused went to sympy there and then (imported on the spot, to say why
    # in its words); the default lesson stays early until the window's loader hands sympy's
    # functions over a moment later, and that, no edit of the student's, took the note away.
    from explorer.ui import MainWindow

    loaded, handed_over = threading.Event(), threading.Event()
    real_load = lazy_sympy.load

    def load(warm: bool = False):
        if threading.current_thread() is not threading.main_thread():
            handed_over.wait(60)  # the window's loader: held until the test lets it go
        loaded.set()
        return real_load(warm)

    monkeypatch.setattr(lazy_sympy, "is_loaded", loaded.is_set)
    monkeypatch.setattr(lazy_sympy, "load", load)
    window = MainWindow("sign(x)*y")
    qtbot.addWidget(window)
    window.remembers = False
    window.show()
    qtbot.waitExposed(window)
    note = window.surface_pane.note
    said = "⚠ unknown function 'sign' at column 1: did you mean sin or sinh?; showing the lesson's function instead."
    assert window.lesson.is_early and note.isVisible() and note.text() == said
    with qtbot.waitSignal(window.symbolic.ready, timeout=30_000):
        handed_over.set()
    assert not window.lesson.is_early and window.lesson.function.text == DEFAULTS["function"]
    assert note.isVisible() and note.text() == said
    window.new_action.trigger()  # File ▸ New: the default again (unchanged here), nothing refused
    assert not note.isVisible()
