"""Edit ▸ Undo and Redo in the window, driven by the keys and the mouse as a student would:
Ctrl+Z gives back the function, the range, the run added, the camera before Reset view, the
student's function after the quiz's Show me; a slider's drag is one Ctrl+Z; a text box keeps
Ctrl+Z for its own typing."""

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionSlider

from helpers import type_function, type_into

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
DEFAULT_FUNCTION = "f(x, y) = 3x^2 + 2xy + y^2"


def undo_in(qtbot, widget):
    qtbot.keyClick(widget, Qt.Key.Key_Z, CTRL)


def redo_in(qtbot, widget):
    qtbot.keyClick(widget, Qt.Key.Key_Z, CTRL_SHIFT)


def menu_text(action) -> str:
    return action.text().replace("&", "")


def test_ctrl_z_after_typing_a_function_gives_the_old_one_back_in_the_bar_and_the_surface(window, qtbot):
    readout, view, box = window.readout, window.surface_view, window.function_bar.input
    old_z = view.mesh.box.z_range
    assert readout.dfdx_value.text() == "10.0000"
    box.setFocus()
    type_function(qtbot, window, "x^2 + y^2")
    assert readout.dfdx_value.text() == "2.0000" and view.mesh.box.z_range != pytest.approx(old_z)
    undo_in(qtbot, box)  # the box still has the keyboard: its typing was taken, so the lesson's Undo
    assert box.text() == DEFAULT_FUNCTION and window.lesson.function.text == DEFAULT_FUNCTION
    assert readout.dfdx_value.text() == "10.0000"
    assert view.mesh.box.z_range == pytest.approx(old_z)
    redo_in(qtbot, box)
    assert box.text() == "x^2 + y^2" and readout.dfdx_value.text() == "2.0000"


def test_a_text_box_keeps_ctrl_z_for_what_is_typed_in_it_and_not_yet_applied(window, qtbot):
    box = window.function_bar.input
    box.setFocus()
    type_function(qtbot, window, "x^2 + y^2")  # something the lesson could undo
    box.selectAll()
    qtbot.keyClicks(box, "x^3 +")  # does not parse: nothing applied
    assert window.lesson.function.text == "x^2 + y^2"
    undo_in(qtbot, box)
    assert box.text() != "x^3 +"  # the box's own undo took back the typing…
    assert window.lesson.function.text == "x^2 + y^2" and not window.lesson.history.can_redo  # …not the lesson's


def test_the_menu_items_say_what_they_undo_and_are_disabled_with_nothing_to_undo(window, qtbot):
    undo, redo = window.undo_action, window.redo_action
    assert [menu_text(a) for a in window.edit_actions.menu.actions()] == ["Undo", "Redo"]
    assert not undo.isEnabled() and not redo.isEnabled()
    assert undo.shortcut().toString() == "Ctrl+Z"
    window.descent_panel.learning_rate_input.setFocus()
    type_into(qtbot, window.descent_panel.learning_rate_input, "0.3")
    assert undo.isEnabled() and menu_text(undo) == "Undo learning rate" and not redo.isEnabled()
    undo.trigger()  # the menu item, clicked
    assert window.lesson.learning_rate == 0.01 and window.descent_panel.learning_rate_input.value() == 0.01
    assert not undo.isEnabled() and redo.isEnabled() and menu_text(redo) == "Redo learning rate"


def test_a_slider_dragged_press_moves_release_is_undone_by_one_ctrl_z(window, qtbot):
    panel, lesson = window.descent_panel, window.lesson
    slider = panel.learning_rate_slider
    heard = []
    lesson.events.changed.connect(lambda changed: "learning_rate" in changed and heard.append(lesson.learning_rate))
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    handle = slider.style().subControlRect(QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle,
                                           slider).center()
    QTest.mousePress(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, handle)
    for dx in (8, 16, 30, 45, 60):
        QTest.mouseMove(slider, handle + QPoint(dx, 0))
    QTest.mouseRelease(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, handle + QPoint(60, 0))
    assert len(heard) >= 3 and lesson.learning_rate > 0.01  # several edits while dragging…
    assert len(lesson.history) == 1  # …one step
    undo_in(qtbot, slider)
    assert lesson.learning_rate == 0.01 and panel.learning_rate_input.value() == 0.01
    assert not window.undo_action.isEnabled()


def test_undo_after_show_me_gives_the_students_function_back(window, qtbot):
    box = window.function_bar.input
    box.setFocus()
    type_function(qtbot, window, "x^3 + y")
    student = window.lesson.to_dict()
    window.quiz_dock.toggleViewAction().trigger()
    qtbot.waitUntil(window.quiz_panel.show_button.isVisible)
    qtbot.mouseClick(window.quiz_panel.show_button, Qt.MouseButton.LeftButton)
    assert window.lesson.function.text != "x^3 + y"
    assert menu_text(window.undo_action) == "Undo function"
    # The student answers the question shown, then wants their function back: the answer
    # moved the quiz on, but Ctrl+Z still undoes Show me (the quiz's place is no edit).
    answer = window.quiz_panel.answer_input
    answer.setFocus()
    qtbot.keyClicks(answer, "6x")
    qtbot.keyClick(answer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.lesson.quiz is not None and window.lesson.quiz["answered"] == 1)
    assert menu_text(window.undo_action) == "Undo function"
    undo_in(qtbot, window.quiz_panel.show_button)
    restored = {k: v for k, v in window.lesson.to_dict().items() if k != "quiz"}
    assert restored == {k: v for k, v in student.items() if k != "quiz"} and box.text() == "x^3 + y"
    assert window.lesson.quiz["answered"] == 1  # …and the quiz stays where the student is


def test_a_mistyped_range_is_undone_and_the_view_comes_back(window, qtbot):
    boxes = (window.x_min, window.x_max)
    window.set_range_controls_open(True)
    window.x_max.setFocus()
    type_into(qtbot, window.x_max, "30")  # meant 3.0
    assert window.lesson.x_range == (-3.0, 30.0)
    undo_in(qtbot, window.x_max)  # still in the box
    assert window.lesson.x_range == (-3.0, 3.0) and [b.value() for b in boxes] == [-3.0, 3.0]
    assert window.surface_view.mesh.box.x_range == (-3.0, 3.0)


def test_reset_view_is_undone_to_the_camera_the_student_had_orbited_to(window, qtbot):
    view = window.surface_view
    initial = view.camera()
    start = view.rect().center()
    QTest.mousePress(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for dx in (10, 25, 40, 60):
        QTest.mouseMove(view, start + QPoint(dx, dx // 3))
    QTest.mouseRelease(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(60, 20))
    orbited = view.camera()
    assert orbited.azimuth != pytest.approx(initial.azimuth)  # the drag orbited: no edit, nothing to undo
    assert not window.undo_action.isEnabled()
    qtbot.mouseClick(window.top_button, Qt.MouseButton.LeftButton)
    assert view.orthographic and menu_text(window.undo_action) == "Undo top view"
    undo_in(qtbot, view)
    assert not view.orthographic
    again = view.camera()
    assert (again.elevation, again.azimuth, again.distance) == pytest.approx((orbited.elevation, orbited.azimuth, orbited.distance))
    redo_in(qtbot, view)
    assert view.orthographic


def test_a_run_added_is_removed_by_undo_and_back_by_redo(window, qtbot):
    panel = window.descent_panel
    qtbot.mouseClick(panel.add_run_button, Qt.MouseButton.LeftButton)
    assert len(panel.run_rows) == 2 and menu_text(window.undo_action) == "Undo add run"
    undo_in(qtbot, panel.add_run_button)
    assert len(panel.run_rows) == 1 and window.lesson.more_runs == ()
    qtbot.keyClick(panel.add_run_button, Qt.Key.Key_Y, CTRL)  # Ctrl+Y, as on Windows
    assert len(panel.run_rows) == 2


def test_a_held_arrow_on_the_surface_is_one_step(window, qtbot):
    view = window.surface_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    for _ in range(4):  # the key held: its auto-repeats
        QApplication.sendEvent(view, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Right, Qt.KeyboardModifier.NoModifier, "", True))
    assert window.lesson.point[0] == pytest.approx(1.3)
    undo_in(qtbot, view)
    assert window.lesson.point == (1.0, 2.0)


def test_a_new_lesson_has_nothing_to_undo(window, qtbot):
    window.function_bar.input.setFocus()
    type_function(qtbot, window, "x^2 + y^2")
    assert window.undo_action.isEnabled()
    window.new_lesson()
    assert not window.undo_action.isEnabled() and menu_text(window.undo_action) == "Undo"


def test_dragging_the_start_marker_is_one_step(window, qtbot):
    panel, lesson = window.descent_panel, window.lesson
    plot, marker = panel.plot, panel.start_marker

    def on_screen(x: float, y: float) -> QPoint:
        scene = plot.getPlotItem().vb.mapViewToScene(QPointF(x, y))
        return plot.mapFromScene(scene)

    start = on_screen(marker.pos().x(), marker.pos().y())
    viewport = plot.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for dx in (-5, -15, -30, -45):
        QTest.mouseMove(viewport, start + QPoint(dx, 0))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(-45, 0))
    assert lesson.start < 2.2 and len(lesson.history) == 1 and menu_text(window.undo_action) == "Undo start"
    undo_in(qtbot, viewport)
    assert lesson.start == 2.2 and marker.pos().x() == pytest.approx(2.2)


def test_a_burst_of_typing_is_one_step_though_the_bar_applies_each_pause(window, qtbot):
    box = window.function_bar.input
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "x^2")
    qtbot.waitUntil(lambda: window.lesson.function.text == "x^2")  # applied when the typing paused
    qtbot.keyClicks(box, " + y^2")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.lesson.function.text == "x^2 + y^2" and len(window.lesson.history) == 1
    undo_in(qtbot, box)
    assert window.lesson.function.text == DEFAULT_FUNCTION and box.text() == DEFAULT_FUNCTION


def shown(window) -> dict:
    """What the controls show, in the lesson's terms."""
    panel = window.descent_panel
    own = panel.function_bar.isVisible()  # (hidden, its f(x) is shown again when the panel runs on it)
    return {
        "function": window.function_bar.input.text(),
        "x_range": (window.x_min.value(), window.x_max.value()),
        "y_range": (window.y_min.value(), window.y_max.value()),
        "resolution": window.resolution.value(),
        "point": (window.point_x.value(), window.point_y.value()),
        "contours": window.contours_toggle.isChecked(),
        "tangent_plane": window.plane_toggle.isChecked(),
        "snap": window.snap_toggle.isChecked(),
        "slope_triangles": window.triangles_action.isChecked(),
        "downhill": window.downhill_action.isChecked(),
        "descent_source": panel.source_input.currentData(),
        "descent_function": panel.function_bar.input.text() if own else window.lesson.descent_function,
        "learning_rate": panel.learning_rate_input.value(),
        "optimizer": panel.optimizer_input.currentData(),
        "more_runs": tuple((row.optimizer_input.currentData(), row.input.value()) for row in panel.run_rows[1:]),
        "start": panel.start_input.value() if own else window.lesson.start,
        "speed": panel.speed_input.value(),
    }


def test_after_undo_and_redo_every_control_shows_the_lesson(window, qtbot):
    lesson = window.lesson
    first = shown(window)
    assert first == {key: lesson.settings()[key] for key in first}
    lesson.update(function="L(w, b) = (3 - 2w - b)^2", x_range=(-1.0, 3.0), y_range=(-2.0, 2.5), point=(0.5, 0.5))
    lesson.update(resolution=120, contours=False, tangent_plane=True, snap=False, slope_triangles=True, downhill=True)
    lesson.update(descent_source="surface", learning_rate=0.05, optimizer="momentum", more_runs=(("adam", 0.1),))
    lesson.update(descent_function="f(x) = x^2", speed=30)
    lesson.update(descent_source="own", start=-1.5)
    last = shown(window)
    assert last == {key: lesson.settings()[key] for key in last}
    assert last["descent_function"] == "f(x) = x^2" and last["start"] == -1.5
    for _ in range(5):
        window.undo_action.trigger()
    assert shown(window) == first and not window.undo_action.isEnabled()
    for _ in range(5):
        window.redo_action.trigger()
    assert shown(window) == last


def test_undoing_back_to_the_saved_lesson_leaves_no_unsaved_changes(window, qtbot, tmp_path):
    assert window.save_lesson(tmp_path / "tuesday.json")
    assert not window.isWindowModified()
    window.function_bar.input.setFocus()
    type_function(qtbot, window, "x^2 + y^2")
    assert window.isWindowModified()
    undo_in(qtbot, window.function_bar.input)
    assert not window.isWindowModified() and window.windowTitle().startswith("tuesday.json")
    redo_in(qtbot, window.function_bar.input)
    assert window.isWindowModified()


def test_ctrl_z_works_in_a_floating_pane_too(window, qtbot):
    dock, panel = window.descent_dock, window.descent_panel
    dock.setFloating(True)
    qtbot.waitUntil(dock.isFloating)
    dock.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dock)
    qtbot.mouseClick(panel.add_run_button, Qt.MouseButton.LeftButton)
    assert len(panel.run_rows) == 2
    undo_in(qtbot, panel.add_run_button)
    assert len(panel.run_rows) == 1
