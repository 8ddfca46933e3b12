"""The descent panel, driven as a student would: slider, start, Play, Step, Reset."""

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt

from explorer.core import function_from_text
from explorer.core.descent import Descent, descend
from explorer.core.lesson import Lesson
from explorer.ui.descent_panel import DescentPanel, learning_rate_from_slider
from helpers import choose_preset, type_into


@pytest.fixture
def panel(qtbot):
    p = DescentPanel(Lesson())
    qtbot.addWidget(p)
    p.resize(560, 640)
    p.show()
    qtbot.waitExposed(p)
    return p


def test_the_default_is_the_lesson_widget_two_valleys_from_2_2(panel):
    assert panel.x_value.text() == "2.2000"
    assert panel.steps_value.text() == "0"
    f = panel.function
    assert f.value_at((-1.339,)) < f.value_at((1.265,))  # the left valley is the deeper one
    assert panel.findChild(type(panel.function_bar.input), "descentFunctionInput") is panel.function_bar.input


def test_playing_from_2_2_with_a_small_rate_settles_in_the_shallower_valley(panel, qtbot):
    type_into(qtbot, panel.speed_input, "600")
    with qtbot.waitSignal(panel.runFinished, timeout=10_000) as finished:
        qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["converged"]
    assert float(panel.x_value.text()) == pytest.approx(1.3, abs=0.05)
    # The shallower of the two valleys, and said so: the deeper one is named.
    assert panel.status.full_text().startswith("converged to the shallower of the two minima at x ≈ 1.26")
    assert "the deeper one is at x ≈ −1.34" in panel.status.full_text()
    assert not panel.playing


def test_starting_at_minus_2_finds_the_deeper_valley(panel, qtbot):
    type_into(qtbot, panel.start_input, "-2")
    assert panel.x_value.text() == "−2.0000"
    qtbot.mouseClick(panel.skip_button, Qt.MouseButton.LeftButton)
    assert float(panel.x_value.text().replace("−", "-")) == pytest.approx(-1.3, abs=0.05)
    assert panel.run.status == "converged"


def test_a_large_learning_rate_diverges_and_the_animation_stops_and_says_why(panel, qtbot):
    type_into(qtbot, panel.learning_rate_input, "0.5")
    type_into(qtbot, panel.speed_input, "600")
    with qtbot.waitSignal(panel.runFinished, timeout=10_000) as finished:
        qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["diverged"]
    assert "too large" in panel.status.text()
    assert not panel.playing and not panel.transport.ticking


def test_an_oscillating_run_says_so(panel, qtbot):
    panel.function_bar.set_text("f(x) = x^2")
    type_into(qtbot, panel.learning_rate_input, "1")  # x → −x → x …: flips without shrinking
    type_into(qtbot, panel.start_input, "1.5")
    for _ in range(6):
        qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    assert "oscillating" in panel.status.text()


def test_moving_the_slider_changes_alpha_and_the_next_step_matches_the_core(panel, qtbot):
    slider = panel.learning_rate_slider
    slider.setFocus()
    before = slider.value()
    for _ in range(5):
        qtbot.keyClick(slider, Qt.Key.Key_PageUp)
    assert slider.value() > before
    # α is the slider's log-scale value, rounded to the 4 decimals the entry and readout show.
    alpha = panel.learning_rate
    assert alpha == pytest.approx(learning_rate_from_slider(slider.value()), abs=5e-5)
    assert alpha > 0.0101
    # The readout gives α with the stability rule of the valley the start is in (λ = f″ there).
    assert panel.alpha_value.full_text().startswith(f"α = {alpha:g} < 1/λ = 0.0806: steady descent")
    assert panel.steps_value.text() == "0"  # new settings: a fresh run
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    x0 = 2.2
    slope = panel.function.partials_at((x0,))[0]
    expected = Descent(panel.function, alpha, (x0,))
    expected.step()
    assert panel.run.point[0] == expected.point[0]
    assert panel.run.point[0] == pytest.approx(x0 - alpha * slope, abs=1e-12)
    assert panel.x_value.text() == f"{x0 - alpha * slope:.4f}"


def test_one_step_by_hand_matches_x_minus_alpha_f_prime_to_1e_12():
    f = function_from_text("f(x) = x^4 - 3.4x^2 + 0.5x")
    for x0, alpha in ((2.2, 0.01), (-0.7, 0.003), (1.1, 0.2)):
        run = Descent(f, alpha, (x0,))
        run.step()
        by_hand = x0 - alpha * (4 * x0**3 - 6.8 * x0 + 0.5)
        assert abs(run.point[0] - by_hand) < 1e-12
        assert abs(descend(f, alpha, (x0,), 1).iterates[1, 0] - by_hand) < 1e-12


def test_the_update_is_written_out_as_arithmetic(panel, qtbot):
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    slope = panel.function.partials_at((2.2,))[0]
    text = panel.update_label.text()
    assert text.startswith("x₁ = x₀ − α·f′(x₀) = 2.2000 − 0.0100 × ")
    assert f"{slope:.4f}" in text
    assert text.endswith(f"= {2.2 - 0.01 * slope:.4f}")


def test_changing_alpha_while_playing_restarts_from_the_start(panel, qtbot):
    qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.run.steps >= 2, timeout=5000)
    type_into(qtbot, panel.learning_rate_input, "0.02")
    assert panel.playing
    assert panel.run.learning_rate == 0.02
    assert panel.run.steps <= 1  # restarted (a tick may already have stepped once)
    assert panel.run.trail[0] == (2.2,)
    qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)
    assert not panel.playing


def test_reset_returns_to_the_start(panel, qtbot):
    for _ in range(3):
        qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    assert panel.steps_value.text() == "3"
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    assert panel.steps_value.text() == "0" and panel.x_value.text() == "2.2000"


def test_dragging_the_start_marker_moves_the_start_along_the_curve(panel, qtbot):
    panel.start_marker.setPos(0.8, 123.0)  # what a drag does, one move at a time
    assert panel.start_input.value() == pytest.approx(0.8)
    assert panel.x_value.text() == "0.8000"
    assert panel.start_marker.pos().y() == pytest.approx(panel.function.value_at((0.8,)))


def test_an_undefined_step_stops_with_a_message_and_nothing_raises(panel, qtbot):
    panel.function_bar.set_text("f(x) = ln(x)")
    type_into(qtbot, panel.start_input, "1")
    type_into(qtbot, panel.learning_rate_input, "1.5")
    for _ in range(4):
        qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    assert panel.run.status == "undefined"
    assert "undefined" in panel.status.text()


def test_presets_load_their_function_start_and_rate(panel, qtbot):
    choose_preset(panel.function_bar, "Parabola")
    assert panel.function.partials[0] == 2 * panel.function.variables[0]
    assert panel.start == 2.5 and panel.learning_rate == 0.1
    assert panel.x_value.text() == "2.5000"


def test_a_function_of_two_variables_is_refused_with_a_message(panel, qtbot):
    before = panel.function
    panel.function_bar.set_text("x + y")
    assert panel.function is before
    assert "needs one variable" in panel.status.text()
    assert math.isfinite(panel.run.value)


def test_a_run_that_ends_oscillating_still_says_so(panel, qtbot):
    panel.function_bar.set_text("f(x) = x^2")
    type_into(qtbot, panel.learning_rate_input, "1")
    type_into(qtbot, panel.start_input, "3")
    qtbot.mouseClick(panel.skip_button, Qt.MouseButton.LeftButton)
    assert panel.run.status == "max_steps"
    assert "oscillates" in panel.status.text() and "too large" in panel.status.text()


def test_the_controls_have_drawn_icons_not_font_glyphs(panel, qtbot):
    """Play/Pause, Step, Reset and Run to end carry the style's own pixmaps (a font without
    ⏸ draws an empty box), and Play's turns to Pause while it plays."""
    from PySide6.QtGui import QColor

    def ink(button) -> int:
        image = button.icon().pixmap(16, 16).toImage()
        return sum(QColor(image.pixelColor(x, y)).alpha() > 0 for x in range(image.width()) for y in range(image.height()))

    for button in (panel.play_button, panel.step_button, panel.reset_button, panel.skip_button):
        assert not button.icon().isNull() and ink(button) > 10, button.objectName()
        assert "⏸" not in button.text() and "▶" not in button.text()
    before = panel.play_button.icon().pixmap(16, 16).toImage()
    qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)
    assert panel.play_button.text() == "Pause" and panel.play_button.icon().pixmap(16, 16).toImage() != before
    qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)
    assert panel.play_button.text() == "Play"


def test_a_run_that_stalls_where_there_is_no_minimum_says_so_without_a_tick(panel, qtbot):
    panel.function_bar.set_text("f(x) = 1e-299 x^2")  # a slope too gentle to register: f still falls
    type_into(qtbot, panel.start_input, "2.2")
    with qtbot.waitSignal(panel.runFinished, timeout=5000) as finished:
        qtbot.mouseClick(panel.skip_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["stalled"]
    assert panel.status.full_text().startswith("stalled after") and "no minimum" in panel.status.full_text()
    assert panel.run_rows[0].swatch.text() == "●–"  # not the ✓ of a converged run
    # A bowl converges, and its row gets the tick.
    panel.function_bar.set_text("f(x) = x^2")
    qtbot.mouseClick(panel.skip_button, Qt.MouseButton.LeftButton)
    assert panel.run.status == "converged" and panel.run_rows[0].swatch.text() == "●✓"


def test_a_slice_run_says_its_minimum_is_the_slices_not_fs(panel, qtbot):
    # #19 item 11: "the only minimum in view at x ≈ −0.6667" read as f's minimum; on the
    # slice f(x, 2) = 3x² + 4x + 4 it is the slice's, and ∂f/∂y = 2(−2/3) + 2(2) ≠ 0 there.
    from helpers import choose_item

    choose_item(panel.source_input, "slice-x")
    qtbot.mouseClick(panel.skip_button, Qt.MouseButton.LeftButton)
    said = panel.status.full_text()
    assert said.startswith("converged to the only minimum of the slice in view at x ≈ −0.6667")
    assert "the lowest point of f(x, 2) along x — not a minimum of f(x, y): ∂f/∂y = 2.6667 there" in said
    # Where the slice's minimum is f's too, it says so: the slice through (1, 0).
    panel.lesson.update(point=(1.0, 0.0))
    qtbot.mouseClick(panel.skip_button, Qt.MouseButton.LeftButton)
    assert "the lowest point of f(x, 0) along x, and a minimum of f(x, y) too" in panel.status.full_text()


def test_a_diverging_run_on_a_log_plot_is_drawn_at_its_values_and_its_axis_name_is_whole(panel, qtbot):
    # #19 item 9: Rosenbrock from (−1, 1) at α = 0.01 diverges to f ≈ 10⁵¹; pyqtgraph's SI
    # prefix turned the axis into "f at each step (x1e+27)" (cut) and f = 4 read 10⁻²⁷.
    panel.lesson.update(function="(1 - x)^2 + 100(y - x^2)^2", x_range=(-2.0, 2.0), y_range=(-1.0, 3.0),
                        point=(-1.0, 1.0), descent_source="surface", learning_rate=0.01)
    qtbot.mouseClick(panel.skip_button, Qt.MouseButton.LeftButton)
    assert panel.run.status == "diverged" and panel.run.value > 1e40
    item = panel.plot.getPlotItem()
    assert item.ctrl.logYCheck.isChecked()  # f falls … rises through decades: a log scale
    axis = panel.plot.getAxis("left")
    qtbot.waitUntil(lambda: axis.isVisible())
    # What each tick says is what the view has at that height (10^p on a log axis).
    (bottom, top) = item.vb.viewRange()[1]
    ticks = [v for spacing, values in axis.tickValues(bottom, top, axis.height()) for v in values]
    spacing = axis.tickValues(bottom, top, axis.height())[0][0]
    shown = axis.tickStrings(ticks, axis.autoSIPrefixScale * axis.scale, spacing)
    superscripts = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
    for position, text in zip(ticks, shown):
        number = text.translate(superscripts)
        reads = 10.0 ** int(number[2:]) if number != text else float(number)  # "10⁵", or "1" and "100"
        assert reads == pytest.approx(10.0 ** position, rel=0.05), (position, text)
    assert len(ticks) >= 3
    # The start, f(−1, 1) = 4, is drawn at log10(4), inside the view.
    assert panel.history_points(0)[1][0] == pytest.approx(math.log10(4.0))  # what is drawn, in the view's units
    assert bottom <= math.log10(4.0) <= top
    # The axis's name is the name alone, and all of it fits the axis's height.
    assert axis.labelString().startswith("<span") and "f at each step" in axis.labelString()
    assert "x1e" not in axis.labelString()
    assert axis.label.mapRectToItem(axis, axis.label.boundingRect()).height() <= axis.height()


def _pixels(panel, xs, ys):
    """Where the plot draws the points (xs, ys): scene pixels, as a student sees them."""
    vb = panel.plot.getPlotItem().vb
    from PySide6.QtCore import QPointF

    return [vb.mapViewToScene(QPointF(x, y)) for x, y in zip(xs, ys)]


def test_a_run_bouncing_in_a_valley_is_zoomed_to_so_each_bounce_is_seen(panel, qtbot):
    # #19 item 10: from 2.2 with α in the orange band (0.1: 1/λ ≈ 0.068 < α < 2/λ ≈ 0.136 at
    # the deeper valley) the run jumps the hump and bounces in the valley; on the whole curve
    # those bounces were a pile of dots a pixel apart.
    type_into(qtbot, panel.learning_rate_input, "0.1")
    assert "oscillates" in panel.alpha_value.full_text()
    whole = panel.plot.getPlotItem().vb.viewRange()[0]
    for _ in range(9):
        qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    xs = [p[0] for p in list(panel.run.trail)[-4:]]
    assert all((b - a) * (c - b) < 0 for a, b, c in zip(xs, xs[1:], xs[2:]))  # bouncing
    seen = panel.plot.getPlotItem().vb.viewRange()
    assert seen[0][1] - seen[0][0] < 0.2 * (whole[1] - whole[0])  # zoomed in …
    ys = [panel.function.value_at((x,)) for x in xs]
    assert all(seen[0][0] <= x <= seen[0][1] for x in xs) and all(seen[1][0] <= y <= seen[1][1] for y in ys)
    at = _pixels(panel, xs, ys)
    assert min(abs(a.x() - b.x()) for a, b in zip(at, at[1:])) > 8  # … each bounce apart on screen
    # The band's rule reads whole: it was cut to "oscillates (the …".
    assert panel.alpha_value.text().endswith("oscillates (the valley at x ≈ −1.34)"), panel.alpha_value.text()
    # A fresh run is back on the whole curve.
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    again = panel.plot.getPlotItem().vb.viewRange()[0]
    assert again[1] - again[0] == pytest.approx(whole[1] - whole[0], rel=0.01)


@pytest.mark.parametrize("start", ["-2", "2.2", "0"])
def test_the_start_label_stays_inside_the_plot(panel, qtbot, start):
    # #19 item 10: at x₀ = −2 "start" stood left of its marker, past the plot's edge: "art".
    type_into(qtbot, panel.start_input, start)
    label = panel.start_marker.label()
    vb = panel.plot.getPlotItem().vb
    qtbot.waitUntil(lambda: label.isVisible())
    shown = label.sceneBoundingRect()
    assert vb.sceneBoundingRect().contains(shown), (shown, vb.sceneBoundingRect())
    assert label.toPlainText() == "start"


def wheel_zoom(qtbot, plot, notches: int = 3) -> None:
    """Turn the mouse wheel over the middle of ``plot`` (a real wheel event: pyqtgraph zooms)."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    viewport = plot.viewport()
    at = QPointF(viewport.width() / 2, viewport.height() / 2)
    for _ in range(notches):
        event = QWheelEvent(at, QPointF(viewport.mapToGlobal(at.toPoint())), QPoint(0, 0), QPoint(0, 120),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(viewport, event)


def test_a_zoom_by_hand_stays_while_alpha_is_dragged(panel, qtbot):
    vb = panel.plot.getPlotItem().vb
    whole = vb.viewRange()
    wheel_zoom(qtbot, panel.plot)
    qtbot.waitUntil(lambda: vb.viewRange()[0][1] - vb.viewRange()[0][0] < 0.9 * (whole[0][1] - whole[0][0]))
    zoomed = vb.viewRange()
    slider = panel.learning_rate_slider
    slider.setFocus()
    for _ in range(4):  # four steps of the slider: four new α, four fresh runs
        qtbot.keyClick(slider, Qt.Key.Key_PageUp)
    assert panel.learning_rate > 0.0101 and panel.run.steps == 0
    assert np.ravel(vb.viewRange()) == pytest.approx(np.ravel(zoomed))
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)  # and while it runs
    assert np.ravel(vb.viewRange()) == pytest.approx(np.ravel(zoomed))
    # A new curve is framed whole again.
    panel.function_bar.set_text("f(x) = x^2")
    assert not np.allclose(vb.viewRange()[0], zoomed[0])


def test_the_slider_being_dragged_stays_where_the_mouse_put_it(panel, qtbot):
    # α is rounded to three figures; written back into the slider, the rounded α moved the
    # handle a step away from the mouse at 17 of the 1,001 positions (2, 7, 12 … 305 …).
    slider = panel.learning_rate_slider
    for position in (300, 305, 310, 316):  # a drag passes each position in turn
        slider.setSliderDown(True)
        slider.setValue(position)
        assert slider.value() == position
        assert panel.learning_rate == pytest.approx(learning_rate_from_slider(position), rel=5e-3)
    slider.setSliderDown(False)
