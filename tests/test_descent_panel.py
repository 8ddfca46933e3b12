"""The descent panel, driven as a student would: slider, start, Play, Step, Reset."""

import math

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
    assert not panel.playing and not panel._timer.isActive()


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
