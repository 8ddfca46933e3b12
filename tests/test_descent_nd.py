"""Descent on the surface in n > 2 variables (issue #24), in the lesson, without a window.

The runs start at the full point (the picked (x₀, y₀) with the held values) and step in every
variable; each optimizer's steps equal torch.optim's documented update rules, written out
here a coordinate at a time with no code shared with the app.  The path is drawn over the
shown pair at the height of L at each n-dimensional iterate; with ``held_follow`` the held
variables follow the leading run (the surface is the slice it stands on), else they stay."""

import math

import numpy as np
import pytest

from explorer.core.lesson import Lesson
from explorer.core.optimizers import KINDS

COUPLED = "L = w1^2 + 2w2^2 + w1 w3 + (w4 - 1)^2 + w5^4"  # w1 and w3 coupled; w5 quartic
LR = 0.05
START = (1.0, 2.0, 1.0, 1.0, 1.0)  # the default point (1, 2) for w1, w2; w3, w4, w5 held at 1


def grad(w):
    """∇L of COUPLED, by hand."""
    return [2 * w[0] + w[2], 4 * w[1], w[0], 2 * (w[3] - 1), 4 * w[4] ** 3]


def by_hand(kind, steps=3):
    """torch.optim's documented algorithms in n coordinates (defaults: momentum 0.9 with
    dampening 0; Adagrad ε = 1e-10; RMSprop α = 0.99, ε = 1e-8; Adam β = (0.9, 0.999),
    ε = 1e-8; AdamW weight decay 0.01, applied as θ ← θ − γλθ first)."""
    x, n, out = list(START), len(START), []
    m, v, s, b = [0.0] * n, [0.0] * n, [0.0] * n, None
    for t in range(1, steps + 1):
        g = grad(x)
        if kind == "gd":
            x = [x[i] - LR * g[i] for i in range(n)]
        elif kind in ("momentum", "nesterov"):
            b = list(g) if b is None else [0.9 * b[i] + g[i] for i in range(n)]
            step = [g[i] + 0.9 * b[i] for i in range(n)] if kind == "nesterov" else b
            x = [x[i] - LR * step[i] for i in range(n)]
        elif kind == "adagrad":
            s = [s[i] + g[i] ** 2 for i in range(n)]
            x = [x[i] - LR * g[i] / (math.sqrt(s[i]) + 1e-10) for i in range(n)]
        elif kind == "rmsprop":
            v = [0.99 * v[i] + 0.01 * g[i] ** 2 for i in range(n)]
            x = [x[i] - LR * g[i] / (math.sqrt(v[i]) + 1e-8) for i in range(n)]
        elif kind in ("adam", "adamw"):
            if kind == "adamw":
                x = [x[i] - LR * 0.01 * x[i] for i in range(n)]
            m = [0.9 * m[i] + 0.1 * g[i] for i in range(n)]
            v = [0.999 * v[i] + 0.001 * g[i] ** 2 for i in range(n)]
            x = [x[i] - LR * (m[i] / (1 - 0.9**t)) / (math.sqrt(v[i] / (1 - 0.999**t)) + 1e-8) for i in range(n)]
        else:
            raise AssertionError(f"no hand-written rule for {kind}: write it here from torch's documentation")
        out.append(tuple(x))
    return out


def lesson(**settings) -> Lesson:
    return Lesson(**{"function": COUPLED, "descent_source": "surface", "learning_rate": LR, **settings})


@pytest.mark.parametrize("kind", KINDS)
def test_each_optimizer_steps_all_five_variables_as_torch_documents(kind):
    l = lesson(optimizer=kind)
    assert l.run.point == START and l.full_point == START
    stepped = []
    for step, expected in enumerate(by_hand(kind), start=1):
        l.step_run()
        assert l.run.point == pytest.approx(expected, abs=1e-12, rel=0), f"{kind} step {step}"
        stepped.append(list(l.run.point))
    # The path drawn ahead (the fast loop) is the same floats as the steps.
    assert l.forecasts()[0].iterates[1:4].tolist() == stepped


def test_the_seeds_loss_falls_by_2w_each_step_in_all_five():
    l = Lesson(function="L = w1^2 + w2^2 + w3^2 + w4^2 + w5^2", descent_source="surface", learning_rate=0.1,
               held=(3.0, -4.0, 5.0))
    assert l.full_point == (1.0, 2.0, 3.0, -4.0, 5.0)
    l.step_run()
    assert l.run.point == pytest.approx([0.8 * c for c in (1.0, 2.0, 3.0, -4.0, 5.0)], abs=1e-15)
    assert l.run.gradient == pytest.approx([1.6, 3.2, 4.8, -6.4, 8.0], abs=1e-15)


def test_the_path_is_drawn_over_the_shown_pair_at_the_height_of_l_at_each_iterate():
    l = lesson(shown=("w3", "w5"), held_follow=False)  # w1, w2, w4 held: (1, 2, 1)… the point is (w3, w5)
    l.step_run(2)
    points, runs = l.stacked_paths()
    iterates = l.run.path_array()
    assert iterates.shape == (3, 5) and set(runs) == {0}
    np.testing.assert_array_equal(points[:3, 0], iterates[:, 2])  # w3 along the surface's x
    np.testing.assert_array_equal(points[:3, 1], iterates[:, 4])  # w5 along its y
    heights = [w[0] ** 2 + 2 * w[1] ** 2 + w[0] * w[2] + (w[3] - 1) ** 2 + w[4] ** 4 for w in iterates]
    assert points[:3, 2] == pytest.approx(heights, abs=1e-12)
    assert np.isnan(points[3]).all()  # the gap after the run


def test_the_held_variables_follow_the_leading_run_and_the_surface_is_the_slice_it_stands_on():
    l = lesson()
    assert l.held_follow is True
    l.step_run(3)
    w = l.run.point
    assert l.held == (w[2], w[3], w[4]) and l.point == (1.0, 2.0)  # the picked point stays the start's
    x, y, height = l.surface_points(np.array([w]))[0]
    assert l.surface.value_at((x, y)) == height  # the leading run's point is on the drawn surface
    assert l.run.steps == 3 and l.history.can_undo is False  # following is no edit to undo, nor a new race


def test_frozen_held_variables_stay_and_the_run_floats_off_the_slice():
    l = lesson(held_follow=False)
    l.step_run(3)
    assert l.held == (1.0, 1.0, 1.0)
    x, y, height = l.surface_points(np.array([l.run.point]))[0]
    assert l.surface.value_at((x, y)) != height


def test_reset_and_fresh_runs_bring_the_held_values_back_to_the_start():
    l = lesson()
    l.step_run(4)
    assert l.held != (1.0, 1.0, 1.0)
    l.reset_run()
    assert l.held == (1.0, 1.0, 1.0) and l.run.point == START
    l.step_run(2)
    l.update(learning_rate=0.02)  # fresh runs, from the same start
    assert l.run.steps == 0 and l.run.point == START and l.held == (1.0, 1.0, 1.0)
    l.step_run(2)
    l.update(held_follow=False)  # frozen where they are …
    l.step_run(1)
    assert l.held == tuple(l.run.path_array()[2, 2:])
    l.update(held_follow=True)  # … and following again: on the run at once
    assert l.held == tuple(l.run.point[2:])


def test_a_held_value_the_student_sets_starts_fresh_runs_there():
    l = lesson()
    l.step_run(3)
    l.update(held=(0.5, 0.0, -1.0))
    assert l.run.steps == 0 and l.run.point == (1.0, 2.0, 0.5, 0.0, -1.0)
    l.step_run(1)
    assert l.run.point == pytest.approx([1 - LR * 2.5, 2 - LR * 8, 0.5 - LR * 1, 0 - LR * -2, -1 - LR * -4], abs=1e-15)


def test_the_shown_pair_and_coordinate_descent_keep_to_two_variables():
    l = lesson(descent_source="coordinate")
    assert len(l.run.point) == 2  # a variable at a time along the surface's x and y, the others held
    l.step_run(2)
    assert l.held == (1.0, 1.0, 1.0)


def test_another_source_after_following_starts_on_its_own_curve_where_the_held_values_are():
    l = lesson()
    l.step_run(2)
    held = l.held
    l.update(descent_source="slice-x")  # a slice of the surface drawn now: the held values stay where they are
    assert l.run.steps == 0 and l.run.point == (1.0,) and l.held == held
    l.update(descent_source="surface")
    assert l.run.point == (1.0, 2.0, *held)
