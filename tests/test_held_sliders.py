"""A function of many variables in the window: the menus choosing the surface's two variables,
the sliders and boxes holding the others, the readout's n partials — driven as a student would.
"""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyle, QStyleOptionSlider

from helpers import choose_item, type_function, type_into

THREE = "f(x, y, z) = x^3yz^2"
EIGHT_HELD = "L(w1, w2, w3, w4, w5, w6, w7, w8, w9, w10) = w1^2 + w2^2 + w3^2 + w4^2 + w5^2 + w6^2 + w7^2 + w8^2 + w9^2 + w10^2"


def held_row(window, name):
    pane = window.surface_pane.held_sliders
    row = next(r for r in pane.rows if r.variable == name and r.label.isVisible())
    return row.slider, row.box


def test_two_variables_show_no_menus_or_sliders(window):
    assert not window.surface_pane.held_sliders.isVisible()
    assert window.readout.gradient_value.text() == "[10.0000, 6.0000]"


def test_typing_three_variables_shows_the_menus_and_a_slider_for_z_at_1(window, qtbot):
    type_function(qtbot, window, THREE)
    pane = window.surface_pane.held_sliders
    qtbot.waitUntil(pane.isVisible)
    assert pane.x_menu.currentText() == "x" and pane.y_menu.currentText() == "y"
    slider, box = held_row(window, "z")
    assert box.text() == "1" and slider.isVisible()
    # the surface drawn is f(x, y, 1) = x³y, vertex for vertex
    typed = window.lesson.__class__(function="f(x, y) = x^3y")
    assert np.array_equal(window.surface_view.mesh.vertices, typed.mesh.vertices)


def test_key_presses_on_the_z_slider_move_z_to_2_and_re_form_the_surface(window, qtbot):
    type_function(qtbot, window, THREE)
    slider, box = held_row(window, "z")
    slider.setFocus()
    for _ in range(20):  # 0.05 a press across −3 … 3
        qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert window.lesson.held == (2.0,) and box.text() == "2"
    mesh = window.surface_view.mesh
    assert mesh is window.lesson.mesh
    x, y = np.meshgrid(mesh.x, mesh.y, indexing="ij")
    assert np.allclose(mesh.values, 4.0 * x**3 * y, rtol=1e-12, atol=0)
    assert window.function_bar.parsed.text() == "f(x, y, z) = x³yz²"  # the bar keeps the whole function


def test_a_mouse_drag_of_the_slider_re_forms_the_surface_live_and_is_one_undo_step(window, qtbot):
    type_function(qtbot, window, THREE)
    lesson = window.lesson
    slider, box = held_row(window, "z")
    meshes = []
    lesson.events.connect_fields({"mesh"}, lambda _changed: meshes.append(lesson.mesh))
    steps = len(lesson.history)
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    handle = slider.style().subControlRect(QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle,
                                           slider).center()
    QTest.mousePress(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, handle)
    for dx in (6, 12, 20, 30):
        QTest.mouseMove(slider, handle + QPoint(dx, 0))
    QTest.mouseRelease(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, handle + QPoint(30, 0))
    z = lesson.held[0]
    assert z > 1.0 and len(meshes) >= 3 and len(lesson.history) == steps + 1  # several re-meshes, one step
    assert box.value() == z and lesson.surface.value_at((1.0, 1.0)) == z**2
    qtbot.keyClick(slider, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert lesson.held == (1.0,) and box.text() == "1"


def test_typing_a_held_value_takes_it_exactly_and_refuses_text_that_is_no_number(window, qtbot):
    type_function(qtbot, window, THREE)
    slider, box = held_row(window, "z")
    type_into(qtbot, box, "0.3")
    assert window.lesson.held == (0.3,) and box.text() == "0.3"
    type_into(qtbot, box, "two")
    assert window.lesson.held == (0.3,) and box.refusing


def test_the_menus_choose_the_axes_and_one_variable_cannot_be_both(window, qtbot):
    type_function(qtbot, window, THREE)
    pane = window.surface_pane.held_sliders
    type_into(qtbot, held_row(window, "z")[1], "0.5")
    pane.x_menu.setFocus()
    qtbot.keyClick(pane.x_menu, Qt.Key.Key_Down)  # y on the x-axis: y was the y-axis, so the axes swap
    assert window.lesson.shown == ("y", "x") and window.lesson.point == (2.0, 1.0)
    assert pane.y_menu.currentText() == "x" and window.point_names[0].text() == "point y₀"
    qtbot.keyClick(pane.x_menu, Qt.Key.Key_Down)  # z across: y is held now, at its value at the point
    assert window.lesson.shown == ("z", "x") and window.lesson.point == (0.5, 1.0)
    assert held_row(window, "y")[1].text() == "2" and window.lesson.full_point == (1.0, 2.0, 0.5)
    assert window.lesson.surface.variable_names == ("z", "x")
    assert window.readout.dfdx_name.text() == "∂f/∂z" and window.readout.dfdx_value.text() == "2.0000"  # 2x³yz


def test_the_readout_lists_the_three_partials_of_x3yz2_at_1_1_1(window, qtbot):
    type_function(qtbot, window, THREE)
    type_into(qtbot, window.point_y, "1")
    readout = window.readout
    assert window.lesson.full_point == (1.0, 1.0, 1.0)
    assert (readout.dfdx_value.text(), readout.dfdy_value.text()) == ("3.0000", "1.0000")
    name, value, formula = readout.held_partials[0]
    assert name.text() == "∂f/∂z" and value.text() == "2.0000" and formula.text() == "= 2x³yz = 2(1)³(1)(1) = 2"
    assert readout.dfdx_formula.text() == "= 3x²yz² = 3(1)²(1)(1)² = 3"
    assert readout.gradient_value.text() == "[3, 1, 2]"  # each in full in its row above
    assert not readout.held_partials[1][1].isVisible()
    # the arrow on the surface is the shown pair's part of ∇f, |(3, 1)| = 3.16 long, and says so
    texts = [wish.label.text for wish in window.surface_view._base_labels[0]]
    assert "∇f in x, y: 3.16 long" in texts and not any(t.startswith("∇f, |∇f|") for t in texts)


def test_clicking_the_surface_picks_the_shown_pair_and_keeps_the_held_value(window, qtbot):
    type_function(qtbot, window, THREE)
    type_into(qtbot, held_row(window, "z")[1], "2")
    view = window.surface_view
    target = view.screen_position(-1.0, 1.0)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=target.toPoint())
    assert window.lesson.point == (-1.0, 1.0) and window.lesson.held == (2.0,)
    assert window.readout.dfdx_value.text() == "12.0000"  # 3x²yz² at (−1, 1, 2)


@pytest.mark.window_size(1024, 768)
def test_eight_held_sliders_fit_at_1024_by_768(window, qtbot):
    type_function(qtbot, window, EIGHT_HELD)
    pane = window.surface_pane.held_sliders
    qtbot.waitUntil(pane.isVisible)
    # labelled as the book prints them, w₃ … w₁₀
    assert [r.label.text() for r in pane.rows] == ["w₃", "w₄", "w₅", "w₆", "w₇", "w₈", "w₉", "w₁₀"]
    assert pane.x_menu.currentText() == "w₁" and pane.x_menu.currentData() == "w1"
    bottom = pane.mapTo(window, QPoint(0, pane.height())).y()
    assert bottom <= window.centralWidget().geometry().bottom() + 1
    assert window.surface_view.height() >= 250  # the surface keeps its room
    # every slider can be reached: the scroll area brings the last into view
    slider, box = held_row(window, "w10")
    pane.scroll.ensureWidgetVisible(box)
    type_into(qtbot, box, "-2")
    assert window.lesson.held[-1] == -2.0 and window.lesson.full_point[-1] == -2.0


def test_the_presets_menu_offers_functions_of_many_variables_with_their_shown_pair_and_held_values(window, qtbot):
    from helpers import choose_preset

    choose_preset(window.function_bar, "Two features")
    lesson = window.lesson
    assert lesson.function.variable_names == ("w1", "w2", "b") and lesson.shown == ("w1", "b")
    assert held_row(window, "w2")[1].text() == "0" and lesson.full_point == (0.0, 0.0, 0.0)
    assert window.readout.gradient_value.text() == "[−20, −10, −10]" and window.readout.point_label.text() == "at (0, 0, 0)"
    choose_preset(window.function_bar, "Bowl")  # back to two variables: the menus and sliders go
    assert lesson.held == () and not window.surface_pane.held_sliders.isVisible()


def shows_whole(box) -> bool:
    """The box's text fits its line edit: no digit cut off at either end."""
    return box.fontMetrics().horizontalAdvance(box.text()) <= box.lineEdit().width()


@pytest.mark.window_size(1024, 768)
def test_held_values_that_follow_a_run_show_every_digit_at_1024_by_768(window, qtbot):
    from helpers import choose_item

    panel, lesson = window.descent_panel, window.lesson
    type_function(qtbot, window, "L = w1^2 + w2^2 + w3^2 + w4^2 + w5^2")
    qtbot.waitUntil(lambda: len(lesson.function.variables) == 5)
    choose_item(panel.source_input, "surface")
    type_into(qtbot, panel.learning_rate_input, "0.0123")
    qtbot.waitUntil(lambda: lesson.learning_rate == 0.0123)
    for steps in (1, 2, 3, 4):
        qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: lesson.run.steps == steps)
    _slider, box = held_row(window, "w4")
    w4 = 0.9754**4  # w − α·2w, four times: 0.905… with sixteen digits
    assert float(box.text()) == pytest.approx(w4, abs=1e-15) and len(box.text()) >= 17
    qtbot.waitUntil(lambda: all(shows_whole(held_row(window, name)[1]) for name in ("w3", "w4", "w5")))
    assert window.width() == 1024  # the boxes widened inside the window, not the window
    # a value typed stays exactly as typed
    type_into(qtbot, box, "0.5")
    assert box.text() == "0.5" and lesson.held[1] == 0.5


def test_the_surfaces_axis_names_read_w1_and_w2_as_the_menus_and_readout_do(window, qtbot):
    from helpers import rested

    type_function(qtbot, window, "L = w1^2 + w2^2 + w3^2 + w4^2 + w5^2")
    pane, view = window.surface_pane.held_sliders, window.surface_view
    qtbot.waitUntil(pane.isVisible)
    rested(qtbot, view)
    assert "w₁" in view.labels.texts and "w₂" in view.labels.texts
    assert "w1" not in view.labels.texts and "w2" not in view.labels.texts
    assert pane.x_menu.currentText() == "w₁" and window.readout.dfdx_name.text().endswith("w₁")
    choose_item(pane.x_menu, "w4")  # another pair: the axis takes its name as the menu shows it
    qtbot.waitUntil(lambda: "w₄" in view.labels.texts)


@pytest.mark.window_size(1024, 768)
def test_descent_in_five_variables_draws_the_shown_pairs_part_of_minus_grad_l_at_the_run_labelled_so(window, qtbot):
    panel, lesson = window.descent_panel, window.lesson
    visual = window.surface_view.runs
    type_function(qtbot, window, "L = w1^2 + w2^2 + w3^2 + w4^2 + w5^2")
    qtbot.waitUntil(lambda: len(lesson.function.variables) == 5)
    type_into(qtbot, held_row(window, "w3")[1], "3")  # the run starts at (1, 2, 3, 1, 1)
    choose_item(panel.source_input, "surface")
    type_into(qtbot, panel.learning_rate_input, "0.1")
    qtbot.waitUntil(lambda: lesson.learning_rate == 0.1)
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lesson.run.steps == 1)  # at (0.8, 1.6, 2.4, 0.8, 0.8): ∇L = (1.6, 3.2, 4.8, 1.6, 1.6)

    def arrow_on_floor():
        """The arrow's shaft in function units (Δw along the x-axis, along the y-axis) and where it starts."""
        positions, _colors = visual.lines.layer("run_gradient")
        assert len(positions) == 6  # one arrow: its shaft and head
        box = lesson.mesh.box
        start, tip = box.to_function(np.asarray(positions[0])), box.to_function(np.asarray(positions[1]))
        return (tip - start)[:2], start[:2]

    shaft, start = arrow_on_floor()
    assert visual.gradient_labels.texts == ["−∇L in w₁, w₂"]
    assert start == pytest.approx([0.8, 1.6], abs=1e-5)  # at the run's point
    assert shaft[0] < 0 and shaft[1] / shaft[0] == pytest.approx(3.2 / 1.6, rel=1e-4)  # along −(1.6, 3.2)
