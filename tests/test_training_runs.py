"""The lesson's runs on data (core, no display): mini-batches, seeds and schedules in the race.

A run of the app on a data set is checked against :func:`explorer.core.training.train` (itself
checked against torch in test_data.py), against numpy's own gradients on the recorded batches,
and against the published formulas of torch's schedulers.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from explorer.core.data import DataSet
from explorer.core.lesson import Lesson, LessonError
from explorer.core.optimizers import Optimizer, parse_schedule
from explorer.core.training import train

# Five points on y = 2x + 1 with a fixed noise (the issue's), and nine for uneven batches.
FIVE = ((0.0, 1.1), (1.0, 2.9), (2.0, 5.2), (3.0, 6.8), (4.0, 9.1))
NINE = tuple((x, 0.5 * x - 1.0 + 0.1 * ((-1) ** i)) for i, x in enumerate(np.linspace(-2.0, 2.0, 9).tolist()))


def training_lesson(data=FIVE, **settings) -> Lesson:
    return Lesson(data=data, data_drives=True, descent_source="surface", point=(0.0, 0.0), **settings)


def path_of(lesson: Lesson, run: int = 0) -> np.ndarray:
    return lesson.runs[run].path_array()


@pytest.mark.parametrize("kind, alpha", [("gd", 0.02), ("momentum", 0.01), ("nesterov", 0.01), ("adagrad", 0.3),
                                         ("rmsprop", 0.01), ("adam", 0.05), ("adamw", 0.05)])
@pytest.mark.parametrize("batch, schedule", [(0, "constant"), (1, "cosine:40"), (2, "step:7,0.5"), (4, "linear:0.2,1,30"),
                                             (3, "exp:0.97")])
def test_a_run_of_the_app_is_train_step_for_step(kind, alpha, batch, schedule):
    data = NINE
    lesson = training_lesson(data, optimizer=kind, learning_rate=alpha, batch=batch, seed=11, schedule=schedule)
    lesson.step_run(25)  # a stepped start, then the fast loop: one run either way
    run = lesson.run
    stepped = run.path_array().copy()
    run.max_steps = 200
    lesson.finish_run()
    expected = train(DataSet.from_points(data), Optimizer(kind, alpha), run.steps, batch=batch or None, seed=11,
                     schedule=parse_schedule(schedule))
    assert run.steps == 200 or str(run.status) == "converged"  # (the full batch may converge first)
    assert np.array_equal(stepped, np.column_stack([expected.w[:26], expected.b[:26]]))
    assert run.point == expected.final  # bit for bit after 200 steps
    if batch:
        assert np.array_equal(run.batch_gradients(), expected.gradients)
    else:  # train() works the full batch's out again afterwards from the six sums: the same to rounding
        assert np.allclose(run.batch_gradients(), expected.gradients, rtol=1e-12, atol=1e-12)
    assert np.array_equal(run.learning_rates(), expected.learning_rates)
    assert np.array_equal(run.epochs(), expected.epochs)
    assert np.allclose(run.full_gradients(), expected.full_gradients()[:-1], rtol=1e-12, atol=1e-12)


def test_one_point_full_batch_first_step_is_the_lessons():
    lesson = training_lesson(((2.0, 3.0),))
    lesson.step_run()
    step = lesson.run.last_step
    assert step.before == (0.0, 0.0) and step.gradient == (-12.0, -6.0)
    assert lesson.run.point == pytest.approx((0.12, 0.06), abs=1e-15)
    assert lesson.run.value == pytest.approx(7.29, abs=1e-12)
    assert step.full_gradient == step.gradient and step.epoch == 1 and step.learning_rate == 0.01


def test_each_step_records_its_batch_its_gradient_and_the_full_gradient():
    x, y = np.array(NINE).T
    lesson = training_lesson(NINE, batch=4, seed=3, learning_rate=0.05)
    seen = []
    for t in range(1, 7):  # two epochs of ⌈9/4⌉ = 3 steps
        lesson.step_run()
        step = lesson.run.last_step
        w, b = step.before
        r = w * x + b - y  # the residuals on every point, numpy's own
        idx = step.batch
        assert step.gradient == pytest.approx((2 * np.mean(r[idx] * x[idx]), 2 * np.mean(r[idx])), rel=1e-12)
        assert step.full_gradient == pytest.approx((2 * np.mean(r * x), 2 * np.mean(r)), rel=1e-12)
        assert step.epoch == (t - 1) // 3 + 1
        seen.append(idx.tolist())
    for epoch in (seen[:3], seen[3:]):
        assert [len(b) for b in epoch] == [4, 4, 1]
        assert sorted(sum(epoch, [])) == list(range(9))  # each point once an epoch
    assert seen[:3] != seen[3:]  # a new order each epoch
    assert lesson.run.last_step.gradient != lesson.run.last_step.full_gradient  # a batch's gradient is noisy


def test_the_same_seed_gives_the_same_run_bit_for_bit_and_another_seed_another():
    first = training_lesson(NINE, batch=2, seed=5, optimizer="momentum", learning_rate=0.02)
    again = training_lesson(NINE, batch=2, seed=5, optimizer="momentum", learning_rate=0.02)
    other = training_lesson(NINE, batch=2, seed=6, optimizer="momentum", learning_rate=0.02)
    for lesson in (first, again, other):
        lesson.step_run(40)
    assert np.array_equal(path_of(first), path_of(again))
    assert not np.array_equal(path_of(first), path_of(other))
    first.reset_run()
    first.step_run(40)
    assert np.array_equal(path_of(first), path_of(again))  # Reset: the same batches again


@pytest.mark.parametrize("schedule, formula", [
    ("step:4,0.5", lambda a, t: a * 0.5 ** math.floor(t / 4)),
    ("exp:0.9", lambda a, t: a * 0.9 ** t),
    ("cosine:10,0.001", lambda a, t: 0.001 + (a - 0.001) * (1 + math.cos(math.pi * t / 10)) / 2),
    ("linear:0.25,1,8", lambda a, t: a * (0.25 + 0.75 * min(t, 8) / 8)),
])
def test_the_alpha_of_each_step_is_the_published_formula(schedule, formula):
    lesson = training_lesson(schedule=schedule, learning_rate=0.04, more_runs=(("adam", 0.1),))
    lesson.step_run(12)
    for run in lesson.runs:
        alpha = run.optimizer.learning_rate
        # step t + 1 takes the scheduler's value at last_epoch = t (step(), then scheduler.step())
        assert run.learning_rates() == pytest.approx([formula(alpha, t) for t in range(12)], rel=1e-12)
    assert lesson.run.last_step.learning_rate == pytest.approx(formula(0.04, 11), rel=1e-12)


def test_a_cosine_schedule_to_zero_takes_a_step_of_alpha_zero_and_goes_on():
    lesson = training_lesson(schedule="cosine:3", learning_rate=0.01)
    lesson.step_run(5)
    rates = lesson.run.learning_rates()
    assert rates[3] == 0.0 and rates[4] > 0  # at T_max the α is η_min = 0: torch's too
    path = path_of(lesson)
    assert np.array_equal(path[4], path[3])  # a step of α = 0 stands still


def test_batch_seed_and_schedule_renew_the_runs_only_while_they_train_on_the_data():
    lesson = training_lesson(batch=2)
    lesson.step_run(3)
    for change in ({"batch": 3}, {"seed": 9}, {"schedule": "exp:0.9"}):
        lesson.step_run(3)
        lesson.update(**change)
        assert lesson.run.steps == 0
    lesson.update(data_drives=False)
    lesson.step_run(3)
    lesson.update(seed=4, data=FIVE[:3])  # the runs are on the typed surface: they go on
    assert lesson.run.steps == 3


def test_a_batch_larger_than_the_data_is_refused_and_data_that_shrink_take_all_of_them():
    lesson = training_lesson(batch=2)
    with pytest.raises(LessonError) as refused:
        lesson.update(batch=6)
    assert refused.value.field == "batch" and "the data have 5" in refused.value.message
    assert lesson.settings()["batch"] == 2
    lesson.update(data=FIVE[:1])
    assert lesson.session.spec.training.batch == 1 and lesson.settings()["batch"] == 2


def test_full_batch_runs_on_the_data_stop_where_descent_converges_and_forecasts_are_the_run():
    lesson = training_lesson(((2.0, 3.0),))
    forecast = lesson.forecasts()[0]
    lesson.finish_run()
    run = lesson.run
    assert str(run.status) == "converged" and run.steps == forecast.steps
    assert np.array_equal(forecast.iterates[-1], np.array(run.point))
    assert run.point == pytest.approx((1.2, 0.6), abs=1e-6)


def test_batch_seed_and_schedule_round_trip_through_a_lesson_file():
    lesson = training_lesson(NINE, batch=4, seed=123, schedule="cosine:50,0.001")
    data = lesson.to_dict()
    assert data["training"]["batch"] == 4 and data["training"]["seed"] == 123
    again = Lesson.from_dict(data)
    assert (again.settings()["batch"], again.seed, again.schedule) == (4, 123, "cosine:50,0.001")
    lesson.step_run(10)
    again.step_run(10)
    assert np.array_equal(path_of(lesson), path_of(again))


@pytest.mark.parametrize("text", ["constant", "step:30", "exp:0.99", "cosine:100,1e-05", "linear:0.1,1,50", "linear"])
def test_a_schedule_written_as_text_reads_back_as_the_same_schedule(text):
    schedule = parse_schedule(text)
    assert parse_schedule(schedule.text()) == schedule


def test_the_arithmetic_of_a_mini_batch_step_writes_its_batch_gradient_and_its_scheduled_alpha():
    from explorer.core.descent.story import next_update

    lesson = training_lesson(batch=2, seed=1, schedule="step:2,0.5", learning_rate=0.04)
    lesson.step_run(3)
    step = lesson.run.last_step
    text = next_update(lesson)
    assert step.learning_rate == 0.02  # step 3: α·0.5^⌊2/2⌋
    assert "α·∇L_B" in text and "− 0.02·(" in text
    written = text.split("0.02·(", 1)[1].split(")", 1)[0]
    shown = [float(v.replace("−", "-")) for v in written.split(", ")]
    assert shown == pytest.approx(step.gradient, abs=5e-5)  # the batch's gradient, to the 4 decimals shown …
    assert shown != pytest.approx(step.full_gradient, abs=5e-5)  # … not the full one
