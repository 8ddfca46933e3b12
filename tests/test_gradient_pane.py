"""The Gradient pane (issue #24): ∇f as a vector of slopes, one bar per variable, in the window.

f = 3x² + 2xy + y² at (1, 2): ∇f = (10, 6).  The bars' heights are read from the plot's bar
item, the numbers from its labels: what the student sees."""

import math

import pytest
from PySide6.QtCore import Qt

from explorer.core.calculus import function_from_text
from explorer.core.gradient_bars import gradient_bars
from explorer.ui import theme
from PySide6.QtWidgets import QDoubleSpinBox

from helpers import choose_item, type_function, type_into

CTRL = Qt.KeyboardModifier.ControlModifier
pytestmark = pytest.mark.window_size(1024, 768)  # the shared window (conftest.py), as on a projector


@pytest.fixture(autouse=True)
def gradient_shown(window, qtbot):
    """The shared window with View ▸ Gradient opened by its key (hidden in a first launch)."""
    assert not window.gradient_dock.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_6, CTRL)
    qtbot.waitUntil(lambda: window.gradient_dock.isVisible() and window.gradient_pane.isVisible())
    yield
    # Closed again before the next test sizes the window: a window of 1440×900 with this tab
    # beside the descent panel's is held taller than 768 while it is made 1024×768.
    window.gradient_dock.setFloating(False)
    window.gradient_dock.hide()


def float_out(window, qtbot):
    """The pane taken out of the descent panel's tabs (as a double click on its title does),
    so the descent panel's buttons and the bars are both in view."""
    window.gradient_dock.setFloating(True)
    qtbot.waitUntil(lambda: window.descent_panel.isVisible() and window.gradient_pane.isVisible())


def heights(pane) -> list[float]:
    return [float(h) for h in pane.plot.bars.opts["height"]]


def labels(pane) -> list[str]:
    return [label.toPlainText() for label in pane.plot.labels if label.isVisible()]


def tick_names(pane) -> list[str]:
    ticks = pane.plot.getPlotItem().getAxis("bottom")._tickLevels[0]
    return [name for _x, name in ticks]


def test_the_pane_opens_on_ctrl_6_with_one_bar_per_variable_10_and_6_in_the_axes_colours(window):
    pane = window.gradient_pane
    assert heights(pane) == [10.0, 6.0]
    assert labels(pane) == ["10", "6"] and tick_names(pane) == ["x", "y"]
    t = theme.current()
    colours = [brush.color().name() for brush in pane.plot.bars.opts["brushes"]]
    assert colours == [t.x_color, t.y_color]
    assert pane.caption.full_text() == "∇f = [10, 6] at the point (1, 2)"


def test_a_negative_slope_is_a_bar_below_the_zero_line_with_its_number_under_it(window, qtbot):
    pane = window.gradient_pane
    window.lesson.update(point=(-1.0, 2.0))  # ∂f/∂x = 6(−1) + 2(2) = −2, ∂f/∂y = 2(−1) + 2(2) = 2
    qtbot.waitUntil(lambda: heights(pane) == [-2.0, 2.0])
    assert labels(pane) == ["−2", "2"]
    below, above = pane.plot.labels[:2]
    assert below.anchor.y() == 0.0 and above.anchor.y() == 1.0  # hung under the bar, stood on the other
    (_x0, _x1), (y0, y1) = pane.plot.getViewBox().viewRange()
    assert y0 < -2.0 and y1 > 2.0  # both bars and their numbers in view


def test_the_bars_follow_the_run_when_step_is_clicked(window, qtbot):
    pane, panel = window.gradient_pane, window.descent_panel
    float_out(window, qtbot)
    choose_item(panel.source_input, "surface")
    qtbot.waitUntil(lambda: window.lesson.descent_source == "surface")
    assert heights(pane) == [10.0, 6.0]
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    # α = 0.01: (1, 2) − 0.01·(10, 6) = (0.9, 1.94), where ∇f = (6·0.9 + 2·1.94, 2·0.9 + 2·1.94)
    qtbot.waitUntil(lambda: window.lesson.run.steps == 1)
    assert heights(pane) == pytest.approx([9.28, 5.68], abs=1e-12)
    assert pane.caption.full_text() == "∇f = [9.28, 5.68] at the run's step 1 (0.9, 1.94)"
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lesson.run.steps == 2)
    x, y = 0.9 - 0.01 * 9.28, 1.94 - 0.01 * 5.68
    assert heights(pane) == pytest.approx([6 * x + 2 * y, 2 * x + 2 * y], abs=1e-12)
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: heights(pane) == [10.0, 6.0])


def test_on_a_slice_the_bars_follow_the_runs_point_with_the_other_variable_held(window, qtbot):
    pane, panel = window.gradient_pane, window.descent_panel
    float_out(window, qtbot)
    choose_item(panel.source_input, "slice-x")
    qtbot.waitUntil(lambda: window.lesson.descent_source == "slice-x")
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lesson.run.steps == 1)
    x = 1 - 0.01 * 10  # along x only, y held at 2
    assert heights(pane) == pytest.approx([6 * x + 4, 2 * x + 4], abs=1e-12)


def test_a_hidden_pane_is_not_redrawn_by_the_steps_and_is_up_to_date_when_shown(window, qtbot):
    pane, panel = window.gradient_pane, window.descent_panel
    choose_item(panel.source_input, "surface")
    qtbot.keyClick(window, Qt.Key.Key_6, CTRL)
    qtbot.waitUntil(lambda: not pane.isVisible())
    drawn = pane.shown_bars
    window.lesson.step_run(3)
    assert pane.shown_bars is drawn
    qtbot.keyClick(window, Qt.Key.Key_6, CTRL)
    qtbot.waitUntil(pane.isVisible)
    qtbot.waitUntil(lambda: pane.shown_bars.step == 3)
    assert heights(pane) == pytest.approx(list(window.lesson.surface.partials_at(window.lesson.run.point)), abs=1e-12)


# ---------------------------------------------------------------------- many variables
SEED = "L = w1^2 + w2^2 + w3^2 + w4^2 + w5^2"


def held_shown(window) -> list[float]:
    """The values the held variables' boxes show (beside their sliders)."""
    boxes = window.surface_pane.held_sliders.findChildren(QDoubleSpinBox)
    return [box.value() for box in sorted(boxes, key=lambda b: b.objectName()) if box.isVisible()]


def test_three_variables_give_three_bars_x3yz2_at_1_1_1_is_3_1_2_with_z_held_in_the_muted_colour(window, qtbot):
    pane = window.gradient_pane
    type_function(qtbot, window, "f(x, y, z) = x^3yz^2")
    qtbot.waitUntil(lambda: len(window.lesson.function.variables) == 3)
    window.lesson.update(point=(1.0, 1.0))  # z is held at 1
    qtbot.waitUntil(lambda: heights(pane) == [3.0, 1.0, 2.0])
    assert labels(pane) == ["3", "1", "2"] and tick_names(pane) == ["x", "y", "z"]
    t = theme.current()
    assert [b.color().name() for b in pane.plot.bars.opts["brushes"]] == [t.x_color, t.y_color, t.muted_color]
    assert pane.legend.full_text().endswith("x and y are the surface's axes; z held.")


def test_the_seeds_five_weights_give_bars_of_2w_that_follow_each_step_in_all_five(window, qtbot):
    pane, panel, lesson = window.gradient_pane, window.descent_panel, window.lesson
    float_out(window, qtbot)
    type_function(qtbot, window, SEED)
    qtbot.waitUntil(lambda: len(lesson.function.variables) == 5)
    lesson.update(held=(3.0, -4.0, 5.0))  # the full point (1, 2, 3, −4, 5)
    qtbot.waitUntil(lambda: heights(pane) == [2.0, 4.0, 6.0, -8.0, 10.0])
    assert tick_names(pane) == ["w₁", "w₂", "w₃", "w₄", "w₅"]
    choose_item(panel.source_input, "surface")
    qtbot.waitUntil(lambda: lesson.descent_source == "surface")
    type_into(qtbot, panel.learning_rate_input, "0.1")
    qtbot.waitUntil(lambda: lesson.learning_rate == 0.1)
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lesson.run.steps == 1)
    w = [0.8 * c for c in (1.0, 2.0, 3.0, -4.0, 5.0)]  # w − 0.1·2w
    assert heights(pane) == pytest.approx([2 * c for c in w], abs=1e-12)
    assert held_shown(window) == pytest.approx(w[2:], abs=1e-12)  # the held sliders followed the run
    assert panel.update_label.full_text().startswith("(w₁, w₂, w₃, w₄, w₅)₁ = (w₁, w₂, w₃, w₄, w₅)₀ − α·∇L")


def test_unchecking_follow_keeps_the_held_sliders_where_they_are(window, qtbot):
    panel, lesson = window.descent_panel, window.lesson
    type_function(qtbot, window, SEED)
    qtbot.waitUntil(lambda: len(lesson.function.variables) == 5)
    choose_item(panel.source_input, "surface")
    follow = window.surface_pane.held_sliders.follow_box
    qtbot.waitUntil(follow.isVisible)
    assert follow.isChecked() and follow.text() == "follow the run" and "w₃, w₄ and w₅" in follow.toolTip()
    qtbot.mouseClick(follow, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lesson.held_follow is False)
    for steps in (1, 2):
        qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: lesson.run.steps == steps)
    assert held_shown(window) == [1.0, 1.0, 1.0] and lesson.run.point[2] != 1.0
    qtbot.mouseClick(follow, Qt.MouseButton.LeftButton)  # following again: on the run at once
    qtbot.waitUntil(lambda: held_shown(window) == pytest.approx(list(lesson.run.point[2:]), abs=1e-12))
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: held_shown(window) == [1.0, 1.0, 1.0])


def test_the_follow_box_shows_only_for_a_descent_in_all_the_variables(window, qtbot):
    panel = window.descent_panel
    follow = window.surface_pane.held_sliders.follow_box
    choose_item(panel.source_input, "surface")
    qtbot.waitUntil(lambda: window.lesson.descent_source == "surface")
    assert not follow.isVisible()  # two variables: nothing held
    type_function(qtbot, window, "f(x, y, z) = x^3yz^2")
    qtbot.waitUntil(follow.isVisible)
    choose_item(panel.source_input, "slice-x")
    qtbot.waitUntil(lambda: not follow.isVisible())


# ---------------------------------------------------------------------- the bars as data (no window)
def test_the_gradient_of_x3yz2_at_1_1_1_is_3_1_2():
    bars = gradient_bars(function_from_text("f(x, y, z) = x^3yz^2", ("x", "y")), (1, 1, 1))
    assert bars.values.tolist() == [3.0, 1.0, 2.0] and bars.shown == (0, 1) and bars.names == ("x", "y", "z")


def test_an_undefined_slope_has_no_height_and_says_undefined():
    bars = gradient_bars(function_from_text("f(x, y) = sqrt(x) + y", ("x", "y")), (0, 1))
    assert math.isnan(bars.values[0]) and bars.value_text(0) == "undefined" and bars.values[1] == 1.0
