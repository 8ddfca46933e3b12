"""Start-up (issue #25): the window the ``explorer`` command opens, stage by stage, as the
benchmark's ``startup_breakdown_ms`` times it (the time itself is the benchmark's, not a test's)."""

import gc
import sys

import pytest

from PySide6.QtWidgets import QApplication

from explorer.app import open_window
from explorer.core.lesson import DEFAULTS, parse_surface


@pytest.fixture(autouse=True)
def collectable_again():
    # open_window freezes what exists when its window is up (an app's start-up objects, never
    # collected); in this test process that is every earlier test's garbage too: let it go.
    yield
    gc.unfreeze()


def test_the_explorer_command_opens_the_default_lesson_and_paints_its_surface(qtbot, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # open_window sets its own
    stages = []
    app, window = open_window(stage=stages.append)  # no remembered lesson: the default one
    qtbot.addWidget(window)
    window.remembers = False
    assert app is QApplication.instance()
    assert stages == ["imports", "window", "shown"]  # each stage said as it ends, in order
    assert window.isVisible()
    # Collection was paused for the start-up alone: an app left without it would keep every
    # cycle of objects a lesson ever made (runs, meshes, dialogs) for as long as it runs.
    assert gc.isenabled()
    with qtbot.waitSignal(window.surface_view.frameSwapped, timeout=20_000):
        pass  # its first frame, once the event loop runs
    assert window.lesson.function.text == DEFAULTS["function"]
    # After the first frame the window has sympy imported and the lesson symbolic (this process
    # has sympy already: test_symbolic_start.py follows a launch without it).
    qtbot.waitUntil(lambda: window.symbolic.is_ready, timeout=20_000)
    assert parse_surface(DEFAULTS["function"]) is window.lesson.surface and not window.lesson.is_early

def test_a_function_given_on_the_command_line_replaces_the_default(qtbot, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    app, window = open_window(initial_function="f(x, y) = x^2 + 3y^2")
    qtbot.addWidget(window)
    window.remembers = False
    assert window.lesson.surface.value_at((1.0, 1.0)) == 4.0
