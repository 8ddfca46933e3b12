"""The menu bar and the keys a class uses: Space plays, → steps, R resets — but never out of
a control that uses the key itself (a text box, a slider, the surface's nudging arrows)."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox


def test_the_menu_bar_has_file_edit_view_and_help(window):
    assert [a.text().replace("&", "") for a in window.menuBar().actions()] == ["File", "Edit", "View", "Help"]
    file_items = [a.text().replace("&", "") for a in window.file_menu.actions() if a.text()]
    assert file_items[:5] == ["New lesson", "Open lesson…", "Open recent", "Save lesson", "Save lesson as…"]
    assert window.save_action.shortcut().toString() == "Ctrl+S" and window.open_action.shortcut().toString() == "Ctrl+O"


def test_space_plays_and_pauses_right_steps_r_resets(window, qtbot):
    panel = window.descent_panel
    panel.plot.setFocus()
    qtbot.keyClick(panel.plot, Qt.Key.Key_Right)
    qtbot.keyClick(panel.plot, Qt.Key.Key_Right)
    assert window.lesson.run.steps == 2
    qtbot.keyClick(panel.plot, Qt.Key.Key_R)
    assert window.lesson.run.steps == 0
    qtbot.keyClick(panel.plot, Qt.Key.Key_Space)
    assert panel.play_button.isChecked()
    qtbot.waitUntil(lambda: window.lesson.run.steps > 0, timeout=3000)
    qtbot.keyClick(panel.plot, Qt.Key.Key_Space)
    assert not panel.play_button.isChecked()


def test_the_keys_stay_with_the_control_that_uses_them(window, qtbot):
    box = window.function_bar.input
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "r x")  # typed text: no reset, no play
    assert box.text() == "r x" and not window.descent_panel.play_button.isChecked()
    # On the surface the arrows nudge the point; they do not step the descent.
    view = window.surface_view
    view.setFocus()
    x0 = window.lesson.point[0]
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert window.lesson.point[0] > x0 and window.lesson.run.steps == 0
    # A slider keeps its arrows.
    slider = window.descent_panel.learning_rate_slider
    slider.setFocus()
    before = slider.value()
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert slider.value() != before and window.lesson.run.steps == 0


def test_help_lists_the_shortcuts(window, qtbot):
    window.shortcuts_action.trigger()
    dialog = window.findChild(QMessageBox, "shortcutsDialog")
    assert dialog is not None and dialog.isVisible()
    for key in ("<b>Space", "<b>→", "<b>R<", "Ctrl+S", "<b>Ctrl+E", "<b>F11", "<b>Ctrl+Z<", "<b>Ctrl+Shift+Z / Ctrl+Y<"):
        assert key in dialog.text(), key
    dialog.close()
    # …and each key listed is bound to what the list says it does.
    bound = {key.toString(): a for a in window.findChildren(QAction) for key in a.shortcuts()}
    for key, action in (("Space", window.play_action), ("Right", window.step_action), ("R", window.reset_run_action),
                        ("Ctrl+N", window.new_action), ("Ctrl+O", window.open_action), ("Ctrl+S", window.save_action),
                        ("Ctrl+E", window.export_image_action), ("Ctrl+C", window.copy_view_action),
                        ("Ctrl+3", window.quiz_dock.toggleViewAction()), ("F11", window.presentation_action),
                        ("Ctrl+Z", window.undo_action), ("Ctrl+Shift+Z", window.redo_action), ("Ctrl+Y", window.redo_action)):
        assert bound.get(key) is action, key


def test_a_floating_panes_controls_keep_their_keys_too(window, qtbot):
    dock = window.descent_dock
    dock.setFloating(True)
    qtbot.waitUntil(dock.isFloating)
    slider = window.descent_panel.learning_rate_slider
    dock.activateWindow()
    slider.setFocus()
    before = slider.value()
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert slider.value() != before and window.lesson.run.steps == 0  # the slider moved: no step taken
    step = window.descent_panel.step_button
    step.setFocus()
    qtbot.keyClick(step, Qt.Key.Key_Space)  # a focused button's Space presses it, once
    assert window.lesson.run.steps == 1 and not window.descent_panel.play_button.isChecked()


def _help_rows(window) -> dict[str, str]:
    """Help ▸ Keyboard shortcuts as the user reads it: each row's keys (split at " / ") to
    what the row says they do."""
    from PySide6.QtGui import QTextDocument

    window.shortcuts_action.trigger()
    dialog = window.findChild(QMessageBox, "shortcutsDialog")
    document = QTextDocument()
    document.setHtml(dialog.text())
    dialog.close()
    table = document.rootFrame().childFrames()[0]
    cells = [table.cellAt(r, c).firstCursorPosition().block().text()
             for r in range(table.rows()) for c in range(table.columns())]
    rows = {}
    for keys, what in zip(cells[::2], cells[1::2]):
        for key in keys.removesuffix(" (outside a text box)").split(" / "):
            rows[key] = what
    return rows


def test_every_key_bound_is_in_help_and_every_key_in_help_is_bound(window):
    from explorer.ui.actions import GESTURES, dedicated

    rows = _help_rows(window)
    shown_as = {"Right": "→", "Esc": "Esc"}
    bound = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            if not dedicated(key):  # F14, the Undo key: some keyboards', bound but not listed
                bound[shown_as.get(key.toString(), key.toString())] = action
    assert "Ctrl+Q" in bound and "F1" in bound and "Ctrl+Shift+S" in bound  # not only the few the old list had
    assert set(bound) == set(rows) - {key for key, _ in GESTURES}
    # A row's words are those of the action bound to its keys.
    assert rows["Ctrl+3"] == "show or hide the quiz" and bound["Ctrl+3"] is window.quiz_dock.toggleViewAction()
    assert rows["→"] == "one step of the descent" and bound["→"] is window.step_action


def test_a_new_declared_action_is_in_its_menu_and_in_help(qtbot):
    """Declaring an action is all it takes: its menu item, its key, its Help row."""
    from explorer.ui import actions as declared
    from explorer.ui.main_window import MainWindow

    pressed = []
    extra = declared.Act("hello_action", "&Hello", "helloAction", "Help", slot=lambda w: pressed.append(w),
                         keys=("Ctrl+Shift+H",), help="say hello")
    original = declared.ACTIONS
    declared.ACTIONS = (*original, extra)
    try:
        window = MainWindow()
    finally:
        declared.ACTIONS = original
    qtbot.addWidget(window)
    assert [a.text() for a in window.help_menu.actions()][-1] == "&Hello"
    assert "Ctrl+Shift+H\tsay hello" in window.shortcuts_text().splitlines()
    window.hello_action.trigger()
    assert pressed == [window]
