"""What start-up does before the first frame (issue #25), checked by what happens, not by
time (the time is the benchmark's): the panes out of sight are made only when a user first
opens them, and work at once; the surface view draws its first frame once, at the size it
keeps, with nothing left to place again a moment later."""

import pytest
from PySide6.QtCore import QEvent, QObject, Qt

from explorer.ui import MainWindow
from helpers import make_active_window, wait_laid_out

CTRL = Qt.KeyboardModifier.ControlModifier
OUT_OF_SIGHT = ("quiz", "direction", "data", "gradient")


def test_panes_out_of_sight_are_made_when_first_opened_and_work_at_once(qtbot):
    window = make_active_window(qtbot)
    assert all(window.docks[key].made for key in ("readout", "descent"))
    assert not any(window.docks[key].made for key in OUT_OF_SIGHT)
    assert all(window.made_pane(key) is None for key in OUT_OF_SIGHT)

    # Ctrl+3: the quiz, made as its dock opens, answers the first question.
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    qtbot.waitUntil(lambda: window.quiz_dock.isVisible())
    quiz = window.made_pane("quiz")
    assert quiz is not None and quiz is window.quiz_panel and quiz.isVisible()
    assert quiz.question.text() == "1 / 6 — For f(x, y) = 3x² + 2y, what is ∂f/∂x?"
    quiz.answer_input.setFocus()
    qtbot.keyClicks(quiz.answer_input, "6x")
    qtbot.mouseClick(quiz.check_button, Qt.MouseButton.LeftButton)
    assert quiz.feedback.text().startswith("✓")
    assert not any(window.docks[key].made for key in ("direction", "data", "gradient"))  # only what was opened

    # Ctrl+4: the direction pane, at the lesson's θ = 30°; "steepest" turns u onto ∇f = [10, 6].
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
    qtbot.waitUntil(lambda: window.direction_dock.isVisible())
    direction = window.direction_pane
    assert direction.isVisible()
    assert direction.slope_line.full_text().endswith("= 10(0.866) + 6(0.5) = 11.6603")
    qtbot.mouseClick(direction.snap_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: abs(window.lesson.direction - 30.96) < 0.01)

    # Ctrl+6: the gradient pane's bars and numbers at the point (1, 2).
    qtbot.keyClick(window, Qt.Key.Key_6, CTRL)
    qtbot.waitUntil(lambda: window.gradient_dock.isVisible())
    assert window.gradient_pane.caption.full_text() == "∇f = [10, 6] at the point (1, 2)"

    # Ctrl+5: the data pane trains on its points: the surface becomes their loss.
    qtbot.keyClick(window, Qt.Key.Key_5, CTRL)
    qtbot.waitUntil(lambda: window.data_dock.isVisible())
    qtbot.mouseClick(window.data_pane.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lesson.data_drives)
    assert window.lesson.surface.variable_names == ("w", "b")


def test_a_pane_first_opened_while_presenting_has_the_larger_text_and_its_own_after(qtbot):
    window = make_active_window(qtbot)
    normal = window.descent_panel.function_bar.input.font().pointSizeF()  # a line edit's, as the quiz's answer box
    window.set_presentation(True)
    qtbot.waitUntil(window.isFullScreen)
    wait_laid_out(qtbot, window)
    scale = window.presentation_scale
    assert scale > 1.0 and not window.docks["quiz"].made
    window.quiz_dock.toggleViewAction().trigger()  # View ▸ Quiz: made now, as large as the rest of the window
    qtbot.waitUntil(lambda: window.quiz_dock.isVisible())
    quiz = window.quiz_panel
    assert quiz.answer_input.font().pointSizeF() == pytest.approx(normal * scale)
    question = quiz.question.font().pointSizeF()  # its own larger size (×1.15), scaled too
    assert question == pytest.approx(normal * 1.15 * scale)
    window.set_presentation(False)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert quiz.answer_input.font().pointSizeF() == pytest.approx(normal)  # back, not kept larger
    assert quiz.question.font().pointSizeF() == pytest.approx(normal * 1.15)
    window.close()


def test_a_lesson_that_shows_a_pane_makes_it_in_its_dock(qtbot):
    window = make_active_window(qtbot)
    assert not window.docks["gradient"].made
    window.lesson.update(panes=("readout", "descent", "gradient"))  # as a lesson file opened would
    qtbot.waitUntil(lambda: window.gradient_dock.isVisible())
    assert window.gradient_dock.widget().content is window.gradient_pane
    assert window.gradient_pane.isVisible() and window.gradient_pane.caption.full_text().startswith("∇f = [10, 6]")


class _Resizes(QObject):
    """The sizes a widget is resized to."""

    def __init__(self, widget):
        super().__init__()
        self.sizes = []
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.sizes.append(event.size().toTuple())
        return False


def test_the_surfaces_first_frame_is_drawn_once_at_the_size_it_keeps(qtbot):
    window = MainWindow()  # as the explorer command opens it: built, then shown
    qtbot.addWidget(window)
    window.remembers = False
    view = window.surface_view
    resizes = _Resizes(view)
    first = {}
    view.frameSwapped.connect(lambda: first or first.update(frames=view.frames_drawn, size=view.size().toTuple(),
                                                            settled=view.settled, sizes=list(resizes.sizes)))
    with qtbot.waitSignal(view.frameSwapped, timeout=20_000):
        window.show()
    # One render before the first frame (not one at a first size, one at a size the docks
    # settled to, and one more for the window's paint), at the size the view is given once.
    assert first["frames"] == 1
    assert first["sizes"] == [first["size"]]
    # Nothing to place again a moment later: the probe's labels were placed for this camera
    # and size, the contours drawn.
    assert first["settled"]
    # The split made before the show stays: the view is not resized after its first frame.
    qtbot.waitUntil(lambda: not window.screen_fit._due)
    qtbot.waitUntil(lambda: window.dock_layout.arranged_at is None)  # the check after the show has run
    assert resizes.sizes == [first["size"]]
    window.close()


class _WindowsShown(QObject):
    """Every widget shown as a window of its own (on the screen, with its own frame)."""

    def __init__(self):
        super().__init__()
        self.windows = []

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Show and watched.isWidgetType() and watched.isWindow():
            self.windows.append(watched)
        return False


def test_only_the_window_appears_as_it_opens_and_its_first_frame_is_laid_out_as_it_stays(qtbot):
    from PySide6.QtWidgets import QApplication

    shown = _WindowsShown()
    QApplication.instance().installEventFilter(shown)
    try:
        window = MainWindow()  # as the explorer command opens it: built, then shown
        qtbot.addWidget(window)
        window.remembers = False
        panel, first = window.descent_panel, {}
        plot_resizes = _Resizes(panel.plot)
        window.surface_view.frameSwapped.connect(lambda: first or first.update(
            plot=panel.plot.geometry().getRect(), formula=(panel.formula.text(), panel.formula.full_text()),
            plot_sizes=list(plot_resizes.sizes)))
        with qtbot.waitSignal(window.surface_view.frameSwapped, timeout=20_000):
            window.show()
    finally:
        QApplication.instance().removeEventFilter(shown)
    # The descent panel's formula line was shown as a window of its own while the panel was
    # built (a flash on the screen), and fitted to that window's width: "f(x) …".
    assert shown.windows == [window]
    text, whole = first["formula"]
    assert text == whole and not text.endswith("…"), text
    # The panes are split and fitted before the first frame, the plot resized once, at the size
    # it has then (its rule's label, one line on a tall screen, was still two as the pane was
    # laid out before the show: the plot was laid out again a line taller), and it keeps its place.
    assert first["plot_sizes"] == [tuple(first["plot"][2:])]
    wait_laid_out(qtbot, window)
    assert panel.plot.geometry().getRect() == first["plot"]
    window.close()
