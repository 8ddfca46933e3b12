"""The descent's story without a window: every sentence the panel shows, from the lesson alone,
on the lesson's numbers.

The loss L(w, b) = (3 − 2w − b)² from (0, 0) at α = 0.01: ∇L = −2(3 − 2w − b)·(2, 1) =
(−12, −6) there, so step 1 lands at (0.12, 0.06) where L = (3 − 0.3)² = 7.29.  Its Hessian
2·[[4, 2], [2, 1]] has λ = 10 and 0: steady below 1/λ = 0.1, diverging above 2/λ = 0.2, and
the minima fill the line 2w + b = 3 (a valley along (1, −2)).
"""

import pytest

from explorer.core.descent import story
from explorer.core.lesson import Lesson

LOSS = "L(w, b) = (3 - 2w - b)^2"


@pytest.fixture
def on_the_loss():
    lesson = Lesson()
    lesson.update(function=LOSS, point=(0.0, 0.0), descent_source="surface")
    return lesson


def test_ready_then_the_first_step_written_out(on_the_loss):
    lesson = on_the_loss
    assert story.status(lesson, playing=False) == (
        "ready: gradient descent with α = 0.01 from the picked point (0, 0); faint: each run's whole path", "")
    assert story.next_update(lesson) == "next: (w, b) ← (w, b) − α·∇L — press Step or Play"
    lesson.step_run(1)
    assert lesson.run.point == pytest.approx((0.12, 0.06)) and lesson.run.value == pytest.approx(7.29)
    assert story.next_update(lesson) == "(w, b)₁ = (w, b)₀ − α·∇L = (0, 0) − 0.01·(−12, −6) = (0.12, 0.06)"
    assert story.status(lesson, playing=False) == ("paused after 1 step — press Play or Step", "")
    assert story.status(lesson, playing=True) == ("running: step 1", "")


def test_the_names_for_f_over_the_steps(on_the_loss):
    said = story.curve_description(on_the_loss)
    assert said.formula == "(w, b) ← (w, b) − α·∇L"
    assert (said.left, said.bottom) == ("L at each step", "step")
    assert (said.point_name, said.value_name, said.slope_name) == ("(w, b) =", "L =", "∇L =")


def test_the_rule_from_the_curvature_at_the_minimum(on_the_loss):
    lesson = on_the_loss
    rule = story.start_rule(lesson)
    assert story.alpha_readout(lesson, rule) == "α = 0.01 < 1/λ = 0.1: steady descent"
    bands, tooltip = story.slider_rule(lesson, 0, lesson.optimizers[0], rule)
    assert bands == pytest.approx((0.1, 0.2))
    assert tooltip.split("\n")[1] == ("green: steady below 1/λ = 0.1; orange: oscillates up to 2/λ = 0.2; "
                                      "red: diverges above")
    assert tooltip.split("\n")[2].startswith("λ = 10, the curvature at the minimum")
    lesson.update(learning_rate=0.25)
    assert story.alpha_readout(lesson, story.start_rule(lesson)) == "α = 0.25 > 2/λ = 0.2: diverges"
    lesson.update(optimizer="adam")
    bands, tooltip = story.slider_rule(lesson, 0, lesson.optimizers[0], story.start_rule(lesson))
    assert bands == (None, None) and "no bands: the step adapts to the gradients seen" in tooltip


def test_a_converged_run_names_the_valley_of_minima(on_the_loss):
    lesson = on_the_loss
    lesson.finish_run()
    text, kind = story.status(lesson, playing=False)
    assert kind == "converged"
    assert text.startswith("converged to a minimum at (w ≈ 1.2000, b ≈ 0.6000) after ")
    assert text.endswith("one point of a valley of minima: L stays the same along the direction (1, −2) "
                         "(the Hessian is singular there)")


def test_a_diverging_run_says_alpha_is_too_large(on_the_loss):
    lesson = on_the_loss
    lesson.update(learning_rate=0.25)
    lesson.finish_run()
    text, kind = story.status(lesson, playing=False)
    assert kind == "diverged"
    assert text.startswith("diverged after ") and "α = 0.25 is too large" in text


def test_a_race_summary_tells_every_run(on_the_loss):
    lesson = on_the_loss
    lesson.update(more_runs=(("momentum", 0.01), ("adam", 0.1)))
    lesson.step_run(1)
    assert story.status(lesson, playing=True) == ("running: step 1", "")
    lesson.finish_run()
    text, kind = story.status(lesson, playing=False)
    first, second, third = text.split("; ")
    assert kind == "converged" and first.startswith("run 1: converged to a minimum at (w ≈ 1.2000, b ≈ 0.6000)")
    assert second == f"run 2 (momentum, α = 0.01) converged in {lesson.runs[1].steps} steps"
    assert third == f"run 3 (Adam, α = 0.1) converged in {lesson.runs[2].steps} steps"


def test_coordinate_descent_is_compared_with_plain_descent(on_the_loss):
    lesson = on_the_loss
    lesson.update(descent_source="coordinate")
    assert story.status(lesson, playing=False)[0] == (
        "ready: start at the picked point with α = 0.01, one variable at a time (grey on the surface: plain descent)")
    said = story.curve_description(lesson)
    assert said.formula == "w ← w − α·∂L/∂w, then b ← b − α·∂L/∂b" and said.bottom == "w"
    lesson.finish_run()
    text, kind = story.status(lesson, playing=False)
    plain = lesson.plain_descent()
    assert kind == "converged" and text.endswith(f"in {lesson.run.steps // 2} sweeps; plain descent (grey), "
                                                 f"same α: {plain.steps} steps")
    assert text.startswith("converged at (w ≈ 1.2")


def test_a_slice_tells_its_slope_and_whether_its_minimum_is_fs(on_the_loss):
    lesson = on_the_loss
    lesson.update(descent_source="slice-x")
    # The slice L(w, 0) = (3 − 2w)²: its slope at w = 0 is −12, its minimum at w = 1.5, where
    # ∂L/∂b = −2(3 − 3) = 0 too: a minimum of L itself.
    assert story.status(lesson, playing=False)[0] == (
        "ready: gradient descent with α = 0.01 from w₀ = 0.0000. The slope of this slice there is "
        "∂L/∂w at (0, 0) = −12.0000")
    lesson.finish_run()
    text, _ = story.status(lesson, playing=False)
    assert text.startswith("converged to the only minimum of the slice in view at w ≈ 1.5000")
    assert text.endswith("the lowest point of L(w, 0) along w, and a minimum of L(w, b) too")


def test_the_own_curve_from_2_2_jumps_the_hump_at_a_large_rate():
    lesson = Lesson()  # f(x) = x⁴ − 3.4x² + 0.5x from x₀ = 2.2
    assert story.status(lesson, playing=False)[0] == "ready: gradient descent with α = 0.01 from x₀ = 2.2000"
    assert story.alpha_readout(lesson, story.start_rule(lesson)) == "α = 0.01 < 1/λ = 0.0806: steady descent"
    assert story.next_update(lesson) == "next: x₁ = x₀ − α·f′(x₀) — press Step or Play"
    lesson.step_run(1)
    # f′(2.2) = 4·2.2³ − 6.8·2.2 + 0.5 = 28.132: x₁ = 2.2 − 0.01·28.132 = 1.91868
    assert story.next_update(lesson) == "x₁ = x₀ − α·f′(x₀) = 2.2000 − 0.0100 × 28.1320 = 1.9187"
    lesson.update(learning_rate=0.12)  # 2.2 − 0.12·28.132 = −1.17584: over the hump near 0.07
    lesson.step_run(1)
    jump = story.hump_jump(lesson)
    assert jump.after == pytest.approx(-1.17584)
    assert story.status(lesson, False, jump) == (
        "paused after 1 step — press Play or Step; the first step jumped over the hump at x ≈ 0.07", "")
    lesson.finish_run()
    text, kind = story.status(lesson, False, jump)
    assert kind == "converged" and text.startswith("converged to the deeper of the two minima at x ≈ −1.3392")
    assert text.endswith("; the first step jumped over the hump at x ≈ 0.07")


def test_a_run_off_the_plot_says_where_it_is():
    lesson = Lesson()
    assert story.off_view_text(lesson, 5.0, 3.0, ((0.0, 1.0), (0.0, 1.0))) == "→↑ x = 5.0000, f = 3.0000"
    assert story.off_view_text(lesson, float("inf"), 3.0, ((0.0, 1.0), (0.0, 1.0))) == "x = ∞: off the chart"
