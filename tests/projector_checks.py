"""Checks run on a real 1024×768 screen managed by openbox (tests/test_projector.py starts
it and runs this file), with no remembered settings: the window as a class sees it.  The
checks named in :data:`WIDE_SCREEN_CHECKS` run on a 1440×900 screen too."""

import os

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication

from explorer.ui.window_fit import client_room

pytestmark = pytest.mark.gui

# Also run on a 1440×900 screen (where the window is tall enough to unfold its rows).
WIDE_SCREEN_CHECKS = ("test_play_step_and_the_sliders_stay_put_whatever_the_status_says",
                      "test_six_runs_racing_each_show_their_row_and_ending_whole")
SCREEN = tuple(int(v) for v in os.environ.get("PROJECTOR_SCREEN", "1024x768").split("x"))


@pytest.fixture
def window(qtbot):
    """A first launch: the window as ``explorer`` shows it (no size asked for), once the
    window manager has framed it."""
    from explorer.ui import MainWindow

    screen = QApplication.primaryScreen().geometry()
    assert (screen.width(), screen.height()) == SCREEN, f"these checks need a {SCREEN[0]}×{SCREEN[1]} screen"
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


def where_on_screen(widget):
    """Where ``widget`` is on the screen once every layout due has been done (a wrapped
    line moves what is around it at the next layout, not at once)."""
    from PySide6.QtCore import QEvent

    for _ in range(4):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()
    return widget.mapToGlobal(widget.rect().topLeft()).toTuple(), widget.size().toTuple()


def test_play_step_and_the_sliders_stay_put_whatever_the_status_says(window, qtbot):
    from helpers import type_into

    settled_fit(qtbot, window)
    panel = window.descent_panel
    controls = (panel.play_button, panel.step_button, panel.reset_button, panel.learning_rate_slider, panel.optimizer_input)
    before = [where_on_screen(c) for c in controls]
    said = {panel.status.full_text()}
    # Ready, a step, a run to its end, reset: each says something else, on one line or three.
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    said.add(panel.status.full_text())
    assert [where_on_screen(c) for c in controls] == before
    qtbot.mouseClick(panel.skip_button, Qt.MouseButton.LeftButton)
    said.add(panel.status.full_text())
    assert [where_on_screen(c) for c in controls] == before
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    said.add(panel.status.full_text())
    assert [where_on_screen(c) for c in controls] == before
    # Typing an α: its rule (steady, oscillating in the other valley, diverging) on one line or two.
    rules = {panel.alpha_value.full_text()}
    for alpha in ("0.15", "0.3", "0.002", "0.01"):
        type_into(qtbot, panel.learning_rate_input, alpha)
        assert window.lesson.learning_rate == float(alpha)
        rules.add(panel.alpha_value.full_text())
        said.add(panel.status.full_text())
        assert [where_on_screen(c) for c in controls] == before, alpha
    assert window.frameGeometry().getRect() == (0, 0, *SCREEN)
    assert len(said) >= 3 and len({len(text) // 40 for text in said}) >= 2  # texts of different lengths were shown
    assert len({len(text) // 40 for text in rules}) >= 2  # rules of one line and of two


def ancestors(widget) -> list:
    parent, found = widget.parentWidget(), []
    while parent is not None:
        found.append(parent)
        parent = parent.parentWidget()
    return found


def within(widget, area) -> bool:
    """Whether all of ``widget`` lies inside the viewport of the scroll area ``area``."""
    viewport = area.viewport()
    corner = widget.mapTo(viewport, widget.rect().topLeft())
    return viewport.rect().contains(QRect(corner, widget.size()))


def test_six_runs_racing_each_show_their_row_and_ending_whole(window, qtbot):
    """Six runs race to their end with the quiz's tab beside the panel: every run's row (its
    colour, optimizer, α slider and box, and how it ended) is in sight, none scrolled away,
    and each ending is written whole in the row, not only in a tooltip."""
    from helpers import choose_item

    from explorer.core.descent import DescentStatus

    settled_fit(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.surface_view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # Ctrl+3: the quiz's tab
    qtbot.waitUntil(lambda: window.quiz_panel.isVisible())
    window.descent_dock.raise_()
    panel = window.descent_panel
    qtbot.waitUntil(panel.isVisible)
    choose_item(panel.source_input, "surface")
    for _ in range(5):
        qtbot.mouseClick(panel.add_run_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.skip_button, Qt.MouseButton.LeftButton)
    lesson = window.lesson
    assert len(lesson.runs) == 6 and lesson.finished
    settled_fit(qtbot, window)
    pane = window.descent_dock.widget()
    qtbot.waitUntil(lambda: pane.verticalScrollBar().maximum() == 0, timeout=5000)  # no scrolling needed
    where_on_screen(panel)
    statuses = set()
    for row, run in zip(panel.run_rows, lesson.runs):
        parts = [row.swatch, row.optimizer_input, row.slider, row.input, row.ending] + ([row.remove_button] if row.index else [])
        for part in parts:
            assert part.isVisible() and part.width() > 0, part.objectName()
            assert within(part, pane), part.objectName()
            assert not any(isinstance(p, QAbstractScrollArea) and p is not pane for p in ancestors(part)), part.objectName()
        assert row.slider.width() >= 80  # a slider still worth dragging
        text, ending = row.ending.text(), row.ending
        assert ending.fontMetrics().horizontalAdvance(text) <= ending.contentsRect().width(), text  # not cut
        steps = f"{run.steps} step{'s' * (run.steps != 1)}"
        expected = {DescentStatus.CONVERGED: f"✓ {steps}", DescentStatus.DIVERGED: "✗ diverged",
                    DescentStatus.MAX_STEPS: f"… {steps}"}.get(run.status)
        if run.status is DescentStatus.MAX_STEPS and run.oscillating:
            expected = "↔ oscillates"
        assert text == expected, (row.objectName(), run.status, text)
        statuses.add(run.status)
    assert DescentStatus.CONVERGED in statuses and DescentStatus.MAX_STEPS in statuses  # AdaGrad is still under way
    assert within(panel.status, pane) and within(panel.play_button, pane)
    assert window.frameGeometry().getRect() == (0, 0, *SCREEN)


def test_the_quizs_check_hint_and_next_stay_put_whatever_the_feedback_says(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.surface_view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    quiz = window.quiz_panel
    qtbot.waitUntil(quiz.isVisible)
    settled_fit(qtbot, window)
    buttons = (quiz.check_button, quiz.hint_button, quiz.next_button, quiz.show_button)
    before = [where_on_screen(b) for b in buttons]
    for answer in ("6x + 2", "x", "6x"):  # wrong at length, wrong, right: feedback of one line or several
        quiz.answer_input.setText(answer)
        qtbot.mouseClick(quiz.check_button, Qt.MouseButton.LeftButton)
        assert quiz.feedback.text()
        assert [where_on_screen(b) for b in buttons] == before, answer
    for _ in range(3):
        qtbot.mouseClick(quiz.hint_button, Qt.MouseButton.LeftButton)
        assert [where_on_screen(b) for b in buttons] == before
    for _ in range(14):  # the next questions, each of its own length (the direction ones wrap to three lines)
        qtbot.mouseClick(quiz.next_button, Qt.MouseButton.LeftButton)
        assert [where_on_screen(b) for b in buttons] == before, quiz.question.full_text()


def test_f11_makes_text_and_lines_larger_and_still_fits_and_esc_gives_the_window_back(window, qtbot):
    settled_fit(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    value, play = window.readout.dfdx_value, window.descent_panel.play_button
    sizes = (value.font().pointSizeF(), play.font().pointSizeF())
    width = window.surface_view.lines.styles["tangents"].width
    frame, maximized = window.frameGeometry(), window.isMaximized()
    docks = (window.readout_dock, window.descent_dock, window.quiz_dock)

    def panes():
        return [(d.geometry().getRect(), d.isHidden(), d.isFloating()) for d in docks]

    state = panes()
    qtbot.keyClick(window.surface_view, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: window.isFullScreen() and window.geometry() == window.screen().geometry(), timeout=5000)
    assert value.font().pointSizeF() >= 1.2 * sizes[0] and play.font().pointSizeF() >= 1.2 * sizes[1]
    assert window.surface_view.lines.styles["tangents"].width >= 1.2 * width
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()  # for the teacher, not the class
    # It fits: nothing of the panes scrolls away, the window is the screen.
    for dock in (window.readout_dock, window.descent_dock):
        qtbot.waitUntil(lambda: dock.widget().verticalScrollBar().maximum() == 0, timeout=3000)
    screen = window.screen().geometry()
    for widget in (value, play, window.descent_panel.step_button, window.descent_panel.plot, window.descent_panel.status):
        corner = widget.mapToGlobal(widget.rect().bottomRight())
        assert widget.isVisible() and screen.contains(corner), widget.objectName()
    assert window.minimumSize().height() <= screen.height() and window.minimumSize().width() <= screen.width()
    qtbot.keyClick(window.surface_view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen() and window.frameGeometry() == frame, timeout=5000)
    assert window.isMaximized() == maximized
    qtbot.waitUntil(lambda: panes() == state, timeout=3000)  # the panes as they were
    assert (value.font().pointSizeF(), play.font().pointSizeF()) == sizes
    assert window.menuBar().isVisible() and window.statusBar().isVisible()
    settled_fit(qtbot, window)
