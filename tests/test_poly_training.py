"""The lesson's runs on a polynomial's loss (issues #23/#24, core, no display).

While the data drive the surface with ŷ = w₀ + w₁x + w₂x², each run of the race trains the
three weights as :func:`explorer.core.polynomial.train_polynomial` does (itself checked
against torch's update rules in test_polynomial.py): the same batches from the same seed, the
schedule's α, every optimizer — step for step, bit for bit — and records each step's batch,
its gradient, the full gradient, α and epoch, checked here against numpy's own gradients."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.core.data import DataSet
from explorer.core.lesson import Lesson
from explorer.core.optimizers import Optimizer, parse_schedule
from explorer.core.polynomial import train_polynomial

# Nine points near y = 1 − x + 0.5x² with a fixed noise: a quadratic no batch fits exactly.
NINE = tuple((x, 1.0 - x + 0.5 * x * x + 0.1 * (-1) ** i) for i, x in enumerate(np.linspace(-2.0, 2.0, 9).tolist()))


def quadratic_lesson(data=NINE, **settings) -> Lesson:
    return Lesson(data=data, model="poly:2", data_drives=True, descent_source="surface", point=(0.0, 0.0), **settings)


@pytest.mark.parametrize("kind, alpha", [("gd", 0.02), ("momentum", 0.01), ("adagrad", 0.3), ("adam", 0.05),
                                         ("adamw", 0.05)])
@pytest.mark.parametrize("batch, schedule", [(0, "constant"), (1, "cosine:40"), (4, "step:7,0.5"), (3, "exp:0.97")])
def test_a_run_of_the_app_is_train_polynomial_step_for_step(kind, alpha, batch, schedule):
    lesson = quadratic_lesson(optimizer=kind, learning_rate=alpha, batch=batch, seed=11, schedule=schedule)
    run = lesson.run
    start = run.point
    assert len(start) == 3  # all three weights descend, w2 from its held value
    lesson.step_run(25)  # a stepped start, then the fast loop: one run either way
    stepped = run.path_array().copy()
    run.max_steps = 200
    lesson.finish_run()
    expected = train_polynomial(DataSet.from_points(NINE), 2, Optimizer(kind, alpha), run.steps, batch=batch or None,
                                seed=11, schedule=parse_schedule(schedule), start=start)
    assert run.steps == 200 or str(run.status) == "converged"
    assert np.array_equal(stepped, expected.weights[:26])
    assert run.point == expected.final  # bit for bit after 200 steps
    assert np.array_equal(run.batch_gradients(), expected.gradients)
    assert np.array_equal(run.learning_rates(), expected.learning_rates)
    assert np.array_equal(run.epochs(), expected.epochs)
    assert run.value == pytest.approx(expected.losses[-1], rel=1e-12)


def test_each_step_records_its_batch_its_gradient_the_full_gradient_alpha_and_epoch():
    x, y = np.array(NINE).T
    V = np.vander(x, 3, increasing=True)
    lesson = quadratic_lesson(batch=4, seed=3, learning_rate=0.05, schedule="exp:0.9")
    seen = []
    for t in range(1, 7):  # two epochs of ⌈9/4⌉ = 3 steps
        lesson.step_run()
        step = lesson.run.last_step
        r = V @ np.array(step.before) - y  # the residuals on every point, numpy's own
        idx = step.batch
        assert step.gradient == pytest.approx(tuple(2 * V[idx].T @ r[idx] / len(idx)), rel=1e-12)
        assert step.full_gradient == pytest.approx(tuple(2 * V.T @ r / 9), rel=1e-12)
        assert step.epoch == (t - 1) // 3 + 1
        assert step.learning_rate == pytest.approx(0.05 * 0.9 ** (t - 1), rel=1e-15)
        assert len(step.after) == 3
        seen.append(idx.tolist())
    for epoch in (seen[:3], seen[3:]):
        assert [len(b) for b in epoch] == [4, 4, 1]
        assert sorted(sum(epoch, [])) == list(range(9))  # each point once an epoch
    assert seen[:3] != seen[3:]
    assert lesson.run.full_gradients().shape == (6, 3) and lesson.run.batch_gradients().shape == (6, 3)


def test_full_batch_descent_converges_to_numpys_least_squares_and_the_forecast_is_the_run():
    lesson = quadratic_lesson(learning_rate=0.05)
    forecast = lesson.forecasts()[0]
    assert forecast.iterates.shape[1] == 3
    lesson.run.max_steps = 20_000
    lesson.finish_run()
    run = lesson.run
    x, y = np.array(NINE).T
    best = np.linalg.lstsq(np.vander(x, 3, increasing=True), y, rcond=None)[0]
    assert str(run.status) == "converged", run.message
    assert run.point == pytest.approx(tuple(best), abs=1e-5)
    assert np.array_equal(forecast.iterates[:50], run.path_array()[:50])


def test_the_same_seed_gives_the_same_run_and_the_held_weight_follows_it():
    one, two = (quadratic_lesson(batch=2, seed=5, learning_rate=0.02) for _ in range(2))
    one.step_run(30), two.step_run(30)
    assert one.run.point == two.run.point
    other = quadratic_lesson(batch=2, seed=6, learning_rate=0.02)
    other.step_run(30)
    assert other.run.point != one.run.point
    assert one.shown == ("w0", "w1") and one.held_names == ("w2",)
    assert one.held == (one.run.point[2],)  # the surface drawn is the slice the run stands on


def test_the_distance_to_the_least_squares_is_to_the_one_minimum_or_to_the_nearest_of_many():
    from explorer.core.polynomial import PolynomialLoss

    one = PolynomialLoss(DataSet.from_points(NINE), 2).least_squares()
    assert not one.many and one.distance(*one.weights) == 0.0
    assert one.distance(one.weights[0] + 3.0, one.weights[1] - 4.0, one.weights[2]) == pytest.approx(5.0, rel=1e-12)
    # Two points, three weights: ŷ(0) = w0 and ŷ(1) = w0 + w1 + w2 fit both along a line of minima.
    many = PolynomialLoss(DataSet.from_points(((0.0, 1.0), (1.0, 3.0))), 2).least_squares()
    assert many.many and len(many.flat) == 1
    along = np.array(many.weights) + 2.5 * np.array([0.0, 1.0, -1.0]) / np.sqrt(2)  # ŷ(0), ŷ(1) unchanged
    assert many.distance(*along) == pytest.approx(0.0, abs=1e-12)
    assert many.distance(*(along + np.array([1.0, 0.0, 0.0]))) > 0.5
