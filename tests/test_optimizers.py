"""The optimizers against their published update rules (torch.optim's documentation), by
hand, and the stability rule α < 2/λ."""

import math

import pytest

from explorer.core import function_from_text
from explorer.core.descent import descend
from explorer.core.optimizers import KINDS, Optimizer, stability

# f(x, y) = x² + 3y²: ∇f = (2x, 6y).  Start (1, −2), α = 0.1.
F = function_from_text("f(x, y) = x^2 + 3y^2")
START = (1.0, -2.0)
LR = 0.1


def grad(p):
    return (2 * p[0], 6 * p[1])


def three_steps(optimizer):
    point, state, out = START, optimizer.start(2), []
    for t in (1, 2, 3):
        point, state = optimizer.update(point, F.partials_at(point), state, t)
        out.append(point)
    return out


def by_hand(kind, start=START, grad=grad, steps=3):
    """The documented rules, written out one coordinate at a time, with no shared code
    (in as many coordinates as ``start`` has: the n-variable tests use them too)."""
    x = list(start)
    n = len(x)
    out = []
    if kind == "gd":
        for _ in range(steps):
            g = grad(x)
            x = [x[i] - LR * g[i] for i in range(n)]
            out.append(tuple(x))
    elif kind in ("momentum", "nesterov"):
        mu, b = 0.9, None
        for _ in range(steps):
            g = grad(x)
            b = list(g) if b is None else [mu * b[i] + g[i] for i in range(n)]  # dampening 0
            step = [g[i] + mu * b[i] for i in range(n)] if kind == "nesterov" else b
            x = [x[i] - LR * step[i] for i in range(n)]
            out.append(tuple(x))
    elif kind == "adagrad":
        s, eps = [0.0] * n, 1e-10
        for _ in range(steps):
            g = grad(x)
            s = [s[i] + g[i] ** 2 for i in range(n)]
            x = [x[i] - LR * g[i] / (math.sqrt(s[i]) + eps) for i in range(n)]
            out.append(tuple(x))
    elif kind == "rmsprop":
        v, alpha, eps = [0.0] * n, 0.99, 1e-8
        for _ in range(steps):
            g = grad(x)
            v = [alpha * v[i] + (1 - alpha) * g[i] ** 2 for i in range(n)]
            x = [x[i] - LR * g[i] / (math.sqrt(v[i]) + eps) for i in range(n)]
            out.append(tuple(x))
    elif kind in ("adam", "adamw"):
        # torch.optim.Adam's documented algorithm with bias correction; AdamW's first takes
        # θ ← θ − γλθ (the decay does not enter m or v), λ = 0.01 its default.
        m, v, b1, b2, eps = [0.0] * n, [0.0] * n, 0.9, 0.999, 1e-8
        lam = 0.01 if kind == "adamw" else None
        for t in range(1, steps + 1):
            g = grad(x)
            if lam is not None:
                x = [x[i] - LR * lam * x[i] for i in range(n)]
            m = [b1 * m[i] + (1 - b1) * g[i] for i in range(n)]
            v = [b2 * v[i] + (1 - b2) * g[i] ** 2 for i in range(n)]
            m_hat = [m[i] / (1 - b1**t) for i in range(n)]
            v_hat = [v[i] / (1 - b2**t) for i in range(n)]
            x = [x[i] - LR * m_hat[i] / (math.sqrt(v_hat[i]) + eps) for i in range(n)]
            out.append(tuple(x))
    else:
        raise AssertionError(f"no hand-written rule for {kind}: write it here from torch's documentation")
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_the_first_three_steps_are_the_published_rule_to_1e_12(kind):
    ours = three_steps(Optimizer(kind, LR))
    for step, (a, b) in enumerate(zip(ours, by_hand(kind)), start=1):
        assert a == pytest.approx(b, abs=1e-12, rel=0), f"{kind} step {step}"


def test_adam_first_step_moves_each_coordinate_by_about_alpha():
    # m̂/√v̂ = g/|g| on the first step: every coordinate moves by α (less ε), whatever g.
    (first, *_) = three_steps(Optimizer("adam", LR))
    assert first[0] == pytest.approx(1.0 - LR, abs=1e-8) and first[1] == pytest.approx(-2.0 + LR, abs=1e-8)


@pytest.mark.parametrize("kind", ["momentum", "nesterov"])
def test_momentum_with_beta_zero_is_plain_descent(kind):
    assert three_steps(Optimizer(kind, LR, momentum=0.0)) == three_steps(Optimizer("gd", LR))


def test_adamw_without_weight_decay_is_adam_and_with_it_pulls_towards_zero():
    assert three_steps(Optimizer("adamw", LR, weight_decay=0.0)) == three_steps(Optimizer("adam", LR))
    # From (1, −2) the decay moves each coordinate towards 0 by α·λ·|w| more than Adam does.
    (adam, *_), (adamw, *_) = three_steps(Optimizer("adam", LR)), three_steps(Optimizer("adamw", LR, weight_decay=0.5))
    assert adamw[0] == pytest.approx(adam[0] - LR * 0.5 * 1.0, abs=1e-12)
    assert adamw[1] == pytest.approx(adam[1] + LR * 0.5 * 2.0, abs=1e-12)
    assert Optimizer("adamw", LR).hyperparameters() == {"lr": LR, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.01}


def test_plain_descent_is_the_descend_loop():
    optimizer = Optimizer("gd", 0.01)
    point, state = START, optimizer.start(2)
    for t in range(1, 51):
        point, state = optimizer.update(point, F.partials_at(point), state, t)
    assert point == tuple(descend(F, 0.01, START, 50, gradient_tolerance=0.0).iterates[-1])


def test_the_lesson_step_written_out():
    loss = function_from_text("L(w, b) = (3 - 2w - b)^2")
    gd = Optimizer("gd", 0.01)
    g = loss.partials_at((0.0, 0.0))
    point, state = gd.update((0.0, 0.0), g, gd.start(2), 1)
    assert point == pytest.approx((0.12, 0.06), abs=1e-15)
    assert gd.explain(loss.variable_names, (0.0, 0.0), g, (), state, point, 1, "L") == [
        "(w, b)₁ = (w, b)₀ − α·∇L = (0, 0) − 0.01·(−12, −6) = (0.12, 0.06)"]
    momentum = Optimizer("momentum", 0.01)
    point, after = momentum.update((0.0, 0.0), g, momentum.start(2), 1)
    lines = momentum.explain(loss.variable_names, (0.0, 0.0), g, momentum.start(2), after, point, 1, "L")
    assert lines[0].startswith("v₁ = ∇L = (−12, −6)") and lines[1].endswith("= (0.12, 0.06)")
    adam = Optimizer("adam", 0.01)
    point, after = adam.update((0.0, 0.0), g, adam.start(2), 1)
    lines = adam.explain(loss.variable_names, (0.0, 0.0), g, adam.start(2), after, point, 1, "L")
    assert [line.split(" = ")[0] for line in lines] == ["m₁", "v₁", "m̂", "(w, b)₁"]
    adamw = Optimizer("adamw", 0.01)
    point, after = adamw.update((1.0, 0.0), g, adamw.start(2), 1)
    lines = adamw.explain(loss.variable_names, (1.0, 0.0), g, adamw.start(2), after, point, 1, "L")
    assert lines[0] == "(1 − α·λ)·(w, b)₀ = 0.9999·(1, 0) = (0.9999, 0)  (the weight decay)"
    assert [line.split(" = ")[0] for line in lines[1:]] == ["m₁", "v₁", "m̂", "(w, b)₁"]


@pytest.mark.parametrize("bad", [dict(kind="sgd", learning_rate=0.1), dict(kind="gd", learning_rate=0.0),
                                 dict(kind="momentum", learning_rate=0.1, momentum=1.0),
                                 dict(kind="adam", learning_rate=0.1, betas=(0.9, 1.5)),
                                 dict(kind="rmsprop", learning_rate=0.1, rho=-0.1),
                                 dict(kind="adamw", learning_rate=0.1, weight_decay=-0.01),
                                 dict(kind="adam", learning_rate=float("nan"))])
def test_bad_hyper_parameters_are_refused_with_a_reason(bad):
    with pytest.raises(ValueError):
        Optimizer(**bad)


def test_the_lesson_loss_has_curvature_10_and_critical_rate_0_2():
    loss = function_from_text("L(w, b) = (3 - 2w - b)^2")
    run = descend(loss, 0.01, (0.0, 0.0), 10_000)
    rule = stability(loss, run.final)
    assert rule.curvature == pytest.approx(10.0) and rule.critical_learning_rate == pytest.approx(0.2)


def test_the_two_valleys_critical_rate_is_2_over_f_second():
    f = function_from_text("f(x) = x^4 - 3.4x^2 + 0.5x")
    run = descend(f, 0.01, (2.2,), 10_000)
    (x,) = run.final
    rule = stability(f, run.final)
    assert rule.curvature == pytest.approx(12 * x**2 - 6.8, rel=1e-9)  # f″ at the shallower valley
    assert rule.critical_learning_rate == pytest.approx(0.161, abs=5e-4)


def test_just_above_2_over_lambda_diverges_and_just_below_converges():
    f = function_from_text("f(x, y) = x^2 + 5y^2")  # λ = 10 at the minimum (0, 0): 2/λ = 0.2
    rule = stability(f, (0.0, 0.0))
    assert rule.critical_learning_rate == pytest.approx(0.2)
    assert descend(f, 0.199, (1.0, 1.0), 10_000).status == "converged"
    assert descend(f, 0.201, (1.0, 1.0), 10_000).status == "diverged"
    assert [rule.verdict(a) for a in (0.05, 0.15, 0.25)] == ["monotone", "oscillating", "diverging"]


def test_no_minimum_no_rule():
    assert stability(function_from_text("x^2 - y^2"), (0.0, 0.0)) is None  # a saddle
    assert stability(function_from_text("-(x^2)"), (0.0,)) is None  # a maximum
    assert stability(function_from_text("x^2"), (1.0,)) is None  # not where ∇f = 0


@pytest.mark.parametrize("kind", KINDS)
def test_stepping_and_running_to_the_end_give_the_same_floats(kind):
    from explorer.core.descent import Descent

    rosenbrock = function_from_text("f(x, y) = (1 - x)^2 + 100(y - x^2)^2")
    lr = {"gd": 0.001, "momentum": 0.0005, "nesterov": 0.0005, "adagrad": 0.5, "rmsprop": 0.005, "adam": 0.02,
          "adamw": 0.02}[kind]
    optimizer = Optimizer(kind, lr)
    fast = descend(rosenbrock, lr, (-1.0, 1.0), 300, optimizer=optimizer, gradient_tolerance=0.0)
    stepped = Descent(rosenbrock, lr, (-1.0, 1.0), max_steps=300, optimizer=optimizer, gradient_tolerance=0.0)
    for _ in range(40):
        stepped.step()
    stepped.run_to_end()  # the last 260 by the fast loop, its state carried over from the steps
    assert stepped.steps == fast.steps == 300
    assert stepped.point == tuple(fast.iterates[-1])  # the same floats, to the last bit
    assert [tuple(p) for p in fast.iterates[:41]] == stepped.path()[:41]


@pytest.mark.parametrize("kind", KINDS)
def test_on_a_curve_stepping_and_running_to_the_end_give_the_same_floats(kind):
    from explorer.core.descent import Descent

    curve = function_from_text("f(x) = x^4 - 3.4x^2 + 0.5x")
    optimizer = Optimizer(kind, 0.01)
    fast = descend(curve, 0.01, (2.2,), 200, optimizer=optimizer, gradient_tolerance=0.0)
    stepped = Descent(curve, 0.01, (2.2,), max_steps=200, optimizer=optimizer, gradient_tolerance=0.0)
    for _ in range(25):
        stepped.step()
    stepped.run_to_end()  # the last 175 by the one-variable loop, its state carried over
    assert stepped.steps == fast.steps == 200
    assert [p[0] for p in stepped.path()] == [float(x) for x in fast.iterates[:, 0]]
    assert stepped.point == tuple(fast.iterates[-1])


def test_a_race_of_one_plain_run_is_descend():
    from explorer.core.descent import Race, Racer

    f = function_from_text("f(x) = x^4 - 3.4x^2 + 0.5x")
    race = Race(f, [Racer(Optimizer("gd", 0.01), (2.2,))])
    race.run_to_end()
    alone = descend(f, 0.01, (2.2,), 10_000)
    (run,) = race.runs
    assert run.status == alone.status == "converged" and run.steps == alone.steps and run.point == alone.final


def test_a_race_steps_its_runs_together_and_each_ends_on_its_own():
    from explorer.core.descent import Race, Racer

    f = function_from_text("f(x, y) = x^2 + 5y^2")
    race = Race(f, [Racer(Optimizer("gd", 0.05), (1.0, 1.0)), Racer(Optimizer("gd", 0.25), (1.0, 1.0), "#c62828"),
                    Racer(Optimizer("adam", 0.1), (1.0, 1.0))])
    race.step(5)
    assert [run.steps for run in race.runs] == [5, 5, 5]
    race.run_to_end()
    assert [str(run.status) for run in race.runs] == ["converged", "diverged", "converged"]  # 0.25 > 2/λ = 0.2
    with pytest.raises(ValueError):
        Race(f, [])


@pytest.mark.parametrize("kind, beta", [("momentum", 0.9), ("momentum", 0.5), ("nesterov", 0.9), ("nesterov", 0.3)])
def test_momentum_and_nesterov_diverge_just_above_their_critical_rate(kind, beta):
    f = function_from_text("f(x) = 5x^2")  # λ = 10 at x = 0
    rule = stability(f, (0.0,))
    _, critical = rule.bands(kind, beta)
    expected = 2 * (1 + beta) / 10 if kind == "momentum" else 2 * (1 + beta) / ((1 + 2 * beta) * 10)
    assert critical == pytest.approx(expected)
    below, above = Optimizer(kind, critical * 0.98, momentum=beta), Optimizer(kind, critical * 1.02, momentum=beta)
    assert descend(f, below.learning_rate, (1.0,), 10_000, optimizer=below).status == "converged"
    assert descend(f, above.learning_rate, (1.0,), 10_000, optimizer=above).status == "diverged"


def test_the_rule_in_words():
    rule = stability(function_from_text("L(w, b) = (3 - 2w - b)^2"), (1.2, 0.6))
    assert rule.describe(Optimizer("gd", 0.25)) == "α = 0.25 > 2/λ = 0.2: diverges"
    assert rule.describe(Optimizer("gd", 0.15)) == "1/λ = 0.1 < α = 0.15 < 2/λ = 0.2: oscillates"
    assert rule.describe(Optimizer("gd", 0.01)) == "α = 0.01 < 1/λ = 0.1: steady descent"
    assert rule.describe(Optimizer("momentum", 0.5)) == "α = 0.5 > 2(1 + β)/λ = 0.38: diverges"
    assert "no fixed critical α" in rule.describe(Optimizer("adam", 0.5))
    assert rule.bands("adam") == (None, None)


def test_the_path_as_an_array_is_the_path_at_every_step():
    # The views read path_array every frame; it converts only what is new: never stale.
    import numpy as np

    from explorer.core.descent import Descent

    run = Descent(function_from_text("f(x, y) = x^2 + 3y^2 + sin(x)"), 0.001, (2.0, 1.0), max_steps=5000, trail_length=50)
    rng = np.random.default_rng(1)
    while not run.finished:
        for _ in range(int(rng.integers(0, 80))):
            run.step()
        assert np.array_equal(run.path_array(), np.array(run.path())), run.steps
        assert len(run.path_steps()) == len(run.path_array())
        if run.steps > 3000:
            run.run_to_end()
    assert np.array_equal(run.path_array(), np.array(run.path()))


def test_a_flat_minimum_or_one_beyond_the_quadratic_has_no_rule():
    assert stability(function_from_text("f(x) = x^4"), (0.0,)) is None  # f″ = 0
    # Flat along x but curved along y: the largest curvature still rules divergence.
    assert stability(function_from_text("f(x, y) = x^4 + y^2"), (0.0, 0.0)).critical_learning_rate == 1.0
    rule = stability(function_from_text("f(x, y) = exp(x^2 + y^2)"), (0.0, 0.0))  # λ = 2: 2/λ = 1
    assert rule.describe(Optimizer("gd", 1.0001)) == "α = 1.0001 > 2/λ = 1: diverges"
    assert rule.describe(Optimizer("gd", 0.8)) == "1/λ = 0.5 < α = 0.8 < 2/λ = 1: oscillates"


@pytest.mark.parametrize("kind", ["adagrad", "rmsprop", "adam"])
def test_eps_0_stops_with_the_reason_where_a_step_would_divide_0_by_0(kind):
    """#18 item 9: ε = 0 and a partial that has been 0 at every step: torch divides 0 by 0
    and makes the variable nan; the run stops there instead and says why (it raised
    ZeroDivisionError)."""
    from explorer.core.descent import Descent, descend

    f = function_from_text("x^2 + y^2", ("x", "y"))
    optimizer = Optimizer(kind, 0.1, eps=0.0)
    for result in (descend(f, 0.1, (0.0, 1.0), 100, optimizer=optimizer),
                   descend(function_from_text("x^2", ("x",)), 0.1, (0.0,), 100, optimizer=optimizer)):
        assert result.status == "undefined" and result.steps == 0
        assert "with ε = 0" in result.message and "divides 0 by 0" in result.message and "torch" in result.message
    run = Descent(f, 0.1, (0.0, 1.0), optimizer=optimizer)
    assert run.step() is None and run.status == "undefined" and "divides 0 by 0" in run.message
    moving = descend(f, 0.1, (1.0, 1.0), 100, optimizer=optimizer)  # no partial stays 0: ε = 0 is fine
    assert moving.status != "undefined" and moving.steps > 0
