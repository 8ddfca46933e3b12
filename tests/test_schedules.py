"""Learning-rate schedules against torch.optim.lr_scheduler's published formulas, step by
step, and optimizer runs that take a per-step α."""

import dataclasses
import math

import numpy as np
import pytest

from explorer.core.optimizers import KINDS, Optimizer, Schedule, ScheduleError, parse_schedule, run_2d

BASE = 0.05


def test_constant_is_the_base_at_every_step():
    assert parse_schedule("constant").learning_rates(BASE, 7).tolist() == [BASE] * 7


def test_step_lr_is_the_documented_example():
    # torch's StepLR docs: lr = 0.05 if epoch < 30, 0.005 if 30 <= epoch < 60, 0.0005 if 60 <= epoch < 90.
    rates = parse_schedule("step:30,0.1").learning_rates(BASE, 90)
    assert rates[:30] == pytest.approx([0.05] * 30, rel=1e-15)
    assert rates[30:60] == pytest.approx([0.005] * 30, rel=1e-15)
    assert rates[60:90] == pytest.approx([0.0005] * 30, rel=1e-15)


def test_linear_lr_is_the_documented_warm_up():
    # torch's LinearLR docs: start_factor=0.5, total_iters=4 on lr 0.05: 0.025, 0.03125, 0.0375, 0.04375, then 0.05.
    rates = parse_schedule("linear:0.5,1,4").learning_rates(BASE, 8)
    assert rates.tolist() == pytest.approx([0.025, 0.03125, 0.0375, 0.04375, 0.05, 0.05, 0.05, 0.05], rel=1e-15)


@pytest.mark.parametrize("text, closed_form", [
    ("step:3,0.5", lambda t: BASE * 0.5 ** (t // 3)),
    ("exp:0.9", lambda t: BASE * 0.9 ** t),
    ("cosine:10", lambda t: 0 + (BASE - 0) * (1 + math.cos(math.pi * t / 10)) / 2),
    ("cosine:7,0.001", lambda t: 0.001 + (BASE - 0.001) * (1 + math.cos(math.pi * t / 7)) / 2),
    ("linear:0.1,1,20", lambda t: BASE * (0.1 + 0.9 * min(t, 20) / 20)),
    ("linear:1,0.25,6", lambda t: BASE * (1 + (0.25 - 1) * min(t, 6) / 6)),
])
def test_every_schedule_follows_its_published_closed_form_step_by_step(text, closed_form):
    """The recursion torch runs (get_lr) and the published closed form agree at every step,
    including past the cosine's T_max, where it rises again."""
    rates = parse_schedule(text).learning_rates(BASE, 40)
    for t, rate in enumerate(rates):
        assert rate == pytest.approx(closed_form(t), rel=1e-12, abs=1e-15), t


def test_the_cosine_reaches_eta_min_at_t_max_and_halfway_at_half():
    rates = parse_schedule("cosine:100,0.01").learning_rates(1.0, 201)
    assert rates[0] == 1.0
    assert rates[50] == pytest.approx(0.505, rel=1e-12)
    assert rates[100] == pytest.approx(0.01, rel=1e-12)
    assert rates[200] == pytest.approx(1.0, rel=1e-12)  # the schedule is periodic: torch's does not stop at T_max


@pytest.mark.parametrize("text, said", [
    ("cosine", "needs T_max"), ("cosine:0", "T_max must be a whole number ≥ 1"), ("cosine:2.5", "needs a whole number"),
    ("step:0", "step_size"), ("exp:-1", "gamma must be positive"), ("linear:0", "start_factor"),
    ("linear:0.5,2", "end_factor"), ("warp:3", "unknown schedule"), ("exp:0.9,1", "at most 1"),
])
def test_settings_torch_refuses_are_refused_with_the_reason(text, said):
    with pytest.raises(ScheduleError, match=said):
        parse_schedule(text)


def test_a_schedule_names_the_torch_call_it_performs():
    assert parse_schedule("cosine:100").torch == "CosineAnnealingLR(T_max=100, eta_min=0)"
    assert parse_schedule("step:30").torch == "StepLR(step_size=30, gamma=0.1)"
    assert Schedule().torch == "no scheduler"


def _quadratic(w, b):
    return (2.0 * w + 0.5 * b - 1.0, 0.5 * w + 3.0 * b + 2.0)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("text", ["constant", "step:3,0.5", "exp:0.8", "cosine:5,0.01", "linear:0.2,1,4"])
def test_a_scheduled_run_is_the_optimizer_stepped_with_each_steps_alpha(kind, text):
    """run_2d with a per-step α takes, at step k, exactly Optimizer.update's step with
    α = rates[k] (as torch reads the group's lr at every step), bit for bit."""
    optimizer = Optimizer(kind, 0.1)
    rates = parse_schedule(text).learning_rates(0.1, 12)
    xs, ys, _, _ = run_2d(optimizer, _quadratic, 1.0, -1.0, optimizer.start(2), 1, 12, 0.0, 0.0, math.inf, rates)
    point, state = (1.0, -1.0), optimizer.start(2)
    for t, rate in enumerate(rates, start=1):
        stepped = dataclasses.replace(optimizer, learning_rate=float(rate))
        point, state = stepped.update(point, _quadratic(*point), state, t)
        assert (xs[t], ys[t]) == point


@pytest.mark.parametrize("kind", KINDS)
def test_a_constant_schedule_is_the_constant_loop_bit_for_bit(kind):
    optimizer = Optimizer(kind, 0.05)
    plain = run_2d(optimizer, _quadratic, 1.0, -1.0, optimizer.start(2), 1, 50, 0.0, 0.0, math.inf)
    scheduled = run_2d(optimizer, _quadratic, 1.0, -1.0, optimizer.start(2), 1, 50, 0.0, 0.0, math.inf,
                       Schedule().learning_rates(0.05, 50))
    assert plain[0] == scheduled[0] and plain[1] == scheduled[1]


def test_gd_with_step_decay_by_hand():
    """L(w, b) = (3 − 2w − b)², α = 0.01 halved every step: step 1 is the lesson's (0.12, 0.06);
    step 2 takes α = 0.005 from there: ∇L(0.12, 0.06) = (−10.8, −5.4), so (0.174, 0.087)."""
    optimizer = Optimizer("gd", 0.01)
    rates = parse_schedule("step:1,0.5").learning_rates(0.01, 2)
    assert rates.tolist() == [0.01, 0.005]
    xs, ys, _, _ = run_2d(optimizer, lambda w, b: (-4 * (3 - 2 * w - b), -2 * (3 - 2 * w - b)), 0.0, 0.0, (), 1, 2,
                          0.0, 0.0, math.inf, rates)
    assert xs[1:] == pytest.approx([0.12, 0.174], abs=1e-15)
    assert ys[1:] == pytest.approx([0.06, 0.087], abs=1e-15)


def test_too_few_rates_for_the_steps_is_an_error():
    with pytest.raises(ValueError, match="one per step"):
        run_2d(Optimizer("gd", 0.1), _quadratic, 0.0, 0.0, (), 1, 5, 0.0, 0.0, math.inf, np.ones(3))
