"""The menu bar and the keys a class uses: Space plays, → steps, R resets — but never out of
a control that uses the key itself (a text box, a slider, the surface's nudging arrows)."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from helpers import make_active_window


@pytest.fixture
def window(qtbot):
    return make_active_window(qtbot)


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
    for key in ("<b>Space", "<b>→", "<b>R<", "Ctrl+S", "<b>Ctrl+E", "<b>F11", "<b>Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y)"):
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
