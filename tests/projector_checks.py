"""Checks run on a real 1024×768 screen managed by openbox (tests/test_projector.py starts
it and runs this file), with no remembered settings: the window as a class sees it."""

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from explorer.ui.window_fit import client_room

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot):
    """A first launch: the window as ``explorer`` shows it (no size asked for), once the
    window manager has framed it."""
    from explorer.ui import MainWindow

    screen = QApplication.primaryScreen().geometry()
    assert (screen.width(), screen.height()) == (1024, 768), "these checks need a 1024×768 screen"
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # A window manager frames the window: a title bar above it.
    qtbot.waitUntil(lambda: window.geometry().top() > window.frameGeometry().top(), timeout=5000)
    return window


def assert_fits(window) -> None:
    """The whole window, frame and all, on the screen's available area, and its minimum
    size within it (else the window grows past the screen's edge at the next layout)."""
    available = window.screen().availableGeometry()
    frame = window.frameGeometry()
    assert available.contains(frame), f"the window {frame.getRect()} leaves the screen {available.getRect()}"
    room = client_room(window)
    minimum = window.minimumSize()
    assert minimum.width() <= room.width() and minimum.height() <= room.height(), \
        f"its minimum {minimum.toTuple()} exceeds the room {room.toTuple()}"


def settled_fit(qtbot, window) -> None:
    qtbot.waitUntil(lambda: assert_fits(window), timeout=5000)


def test_the_first_launch_opens_within_the_screen(window, qtbot):
    settled_fit(qtbot, window)
    assert window.isMaximized()  # a 1024×768 screen is smaller than the size the app is designed at: all of it


def test_showing_the_quiz_and_racing_six_runs_never_grows_the_window_past_the_screen(window, qtbot):
    from helpers import choose_item

    settled_fit(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.surface_view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # Ctrl+3: the quiz
    qtbot.waitUntil(lambda: window.quiz_panel.isVisible())
    settled_fit(qtbot, window)
    window.descent_dock.raise_()
    panel = window.descent_panel
    choose_item(panel.source_input, "surface")
    for runs in range(2, 7):
        qtbot.mouseClick(panel.add_run_button, Qt.MouseButton.LeftButton)
        assert len(window.lesson.runs) == runs
        settled_fit(qtbot, window)
    qtbot.mouseClick(panel.skip_button, Qt.MouseButton.LeftButton)
    assert window.lesson.finished
    settled_fit(qtbot, window)
