"""What a student does with the keyboard and menus, shared by the GUI tests."""

from PySide6.QtCore import Qt


def type_into(qtbot, box, text: str) -> None:
    """Select a spin box's text, type ``text`` and press Enter, as a student would."""
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), text)
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)


def choose_preset(function_bar, starting_with: str) -> None:
    """Pick the preset whose menu text starts with ``starting_with``."""
    menu = function_bar.presets
    index = next(i for i in range(menu.count()) if menu.itemText(i).startswith(starting_with))
    menu.setCurrentIndex(index)
    menu.activated.emit(index)


def choose_item(combo, data) -> None:
    """Pick the entry of a combo box whose data is ``data`` with the arrow keys, as a student
    at the keyboard would (each key press chooses the next entry)."""
    from PySide6.QtTest import QTest

    target = combo.findData(data)
    assert target >= 0, data
    combo.setFocus()
    for _ in range(combo.count()):
        if combo.currentIndex() == target:
            break
        QTest.keyClick(combo, Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up)
    assert combo.currentIndex() == target


def make_window(qtbot, width: int = 1440, height: int = 900):
    """A main window of its own at ``width``×``height``, shown and laid out (the docks are
    split one event-loop turn after the first show).  Most tests take the shared ``window``
    fixture instead (see conftest.py); this is for a test that needs a window built afresh:
    a first launch, a restored session, a second window beside the first, a close."""
    from explorer.ui import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    wait_laid_out(qtbot, window)
    return window


def make_active_window(qtbot, width: int = 1440, height: int = 900):
    """:func:`make_window`, made the active window: its shortcuts (Space, →, Ctrl+3 …) work."""
    window = make_window(qtbot, width, height)
    activate(qtbot, window)
    return window


def activate(qtbot, window) -> None:
    """Make ``window`` the active window (its shortcuts work), as a click on its title would."""
    from PySide6.QtWidgets import QApplication

    if QApplication.activeWindow() is not window:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def wait_laid_out(qtbot, window) -> None:
    """Until the window's posted work is done and its layout has settled: the docks split for
    its size (a zero-time timer after the first show or a resize), the panes fitted to the
    screen (a step per event-loop turn), the surface drawn once."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    def layout() -> tuple:
        docks = (window.readout_dock, window.descent_dock, window.quiz_dock)
        return (window.size(), window.minimumSize(), *(dock.geometry() for dock in docks))

    seen = [None, 0]  # the layout last seen, and for how many turns in a row

    def settled() -> bool:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()  # the zero-time timers: the docks' split, the screen fit, the contours
        now = layout()
        seen[1] = seen[1] + 1 if now == seen[0] else 0
        seen[0] = now
        return seen[1] >= 2 and window.surface_view.frames_drawn > 0

    qtbot.waitUntil(settled)


def flush_layout() -> None:
    """Run the layouts a click or a step asked for and what they post (no waiting: the
    events already queued, once)."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    QApplication.processEvents()


def next_frame(qtbot, view) -> None:
    """Ask ``view`` (the surface) for a frame and wait until it is drawn."""
    drawn = view.frames_drawn
    view.update()
    qtbot.waitUntil(lambda: view.frames_drawn > drawn)


def rested(qtbot, view) -> None:
    """Until the surface view has drawn the camera as it is, its contour lines and its
    probe's labels placed for that camera (they follow a moment after a change)."""
    qtbot.waitUntil(lambda: view.frames_drawn > 0 and view.settled)
def type_function(qtbot, window, text: str) -> None:
    """Type ``text`` over the surface's function, as a student would, and press Return."""
    box = window.function_bar.input
    box.selectAll()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


# ---------------------------------------------------------------- the shared window (conftest.py)
_first_launch: dict = {}  # per window: where a first launch has the keyboard focus, its layouts by size


def tidy_window(window) -> None:
    """Stop what a test left going: the animation paused, every dialog, pop-up and menu closed
    (a floating pane stays: the layout's reset docks it)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication, QDialog

    if window.descent_panel.playing:
        window.descent_panel.play_button.click()
    # Only what is known to be alive (the application's list of top-level widgets may hold
    # one a test's window is deleting).
    for _ in range(20):  # pop-ups and menus, then modal dialogs, innermost first
        popup = QApplication.activePopupWidget()
        if popup is None:
            break
        popup.close()
    for _ in range(20):
        modal = QApplication.activeModalWidget()
        if modal is None:
            break
        modal.reject() if isinstance(modal, QDialog) else modal.close()
    for dialog in window.findChildren(QDialog):  # Help ▸ Keyboard shortcuts is not modal
        if dialog.isVisible():
            dialog.reject()
        # A first launch has none: a test's own dialog (an export's questions) goes with the test.
        dialog.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def reset_window(qtbot, window, size: tuple[int, int] = (1440, 900)) -> None:
    """``window`` back where a first launch at ``size`` leaves it (see conftest.py for the list),
    through the window's own paths: File ▸ New, View ▸ Theme, View ▸ Reset layout, Esc."""
    from PySide6.QtCore import QSize

    from explorer.ui.main_window import COMPACT_HEIGHT, HINT, LAYOUT_VERSION, settings

    first = _first_launch.setdefault(id(window), {"focus": None, "layouts": {}})
    tidy_window(window)
    window.remembers = True
    if window.presentation_action.isChecked() or window.isFullScreen():
        window.presentation_action.setChecked(False)  # Esc
        qtbot.waitUntil(lambda: not window.isFullScreen())
    if not window.isVisible():  # a test closed it
        window.show()
    qtbot.waitExposed(window)
    activate(qtbot, window)
    if first["focus"] is None:
        first["focus"] = window.focusWidget()
    # Every time: another test's window may have changed the theme the process draws in.
    window.set_theme("system")

    # The lesson: a first launch's, through File ▸ New.  A view shows a lesson's *changes*:
    # what a test left that the default lesson alone would not undo is undone first — a
    # refusal in the note (the point is moved, so an edit goes through and New moves it back),
    # a run stepped (reset to its start), another quiz set or seed.
    quiz = window.quiz_panel
    default_quiz = _default_quiz()
    if quiz.quiz.questions != default_quiz.questions or quiz.seed.value() != default_quiz.practice.seed:
        quiz.seed.setValue(default_quiz.practice.seed)
        quiz.restart(default_quiz.questions, default_quiz.practice.seed)
    elif quiz.answer_input.text() or quiz.feedback.text():  # an answer typed (or checked) and left
        quiz.restart()
    lesson = window.lesson
    lesson.load_settings({})
    if window.note.isVisible():  # a refusal the default lesson's note would not show
        lesson.update(point=(0.5, 0.5))
    if lesson.finished or any(run.steps for run in lesson.runs):
        window.descent_panel.reset()
    window.new_lesson()
    window.surface_view.keep_still_layers = True
    window.surface_view.reset_camera()

    # The size, the folds that size has and the default layout of the panes.
    asked = QSize(*size)
    if window.size() != asked:
        window.resize(asked)
        qtbot.waitUntil(lambda: window.size() == asked)
    compact = size[1] < COMPACT_HEIGHT
    window.set_range_controls_open(not compact)
    window.readout.set_room_for_rule(not compact)
    window.descent_panel.set_compact(compact)
    wait_laid_out(qtbot, window)
    if window.saveState(LAYOUT_VERSION) != first["layouts"].get(size):
        window.reset_layout()
        wait_laid_out(qtbot, window)
        first["layouts"][size] = window.saveState(LAYOUT_VERSION)

    if first["focus"] is not None:
        first["focus"].setFocus()
    elif window.focusWidget() is not None:
        window.focusWidget().clearFocus()
    window.statusBar().showMessage(HINT)
    settings().clear()


_quiz = []


def _default_quiz():
    """A new window's quiz: its questions and its practice seed."""
    if not _quiz:
        from explorer.core.quiz import Quiz

        _quiz.append(Quiz())
    return _quiz[0]
