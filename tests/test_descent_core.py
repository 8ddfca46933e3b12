"""Whole runs (the fast loop) agree with runs stepped one at a time, and say why they end."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core import function_from_text
from explorer.core.descent import Descent, descend


def stepped(f, lr, start, max_steps):
    run = Descent(f, lr, start, max_steps=max_steps)
    while not run.finished:
        run.step()
    return run


def test_a_far_minimum_converges_in_the_same_step_either_way():
    f = function_from_text("(x-5000)^2")
    fast, slow = descend(f, 0.0023, (2.8063,), 10_000), stepped(f, 0.0023, (2.8063,), 10_000)
    assert fast.status == slow.status == "converged"
    assert fast.steps == slow.steps
    assert fast.final == slow.point


@settings(max_examples=60, deadline=None)
@given(
    st.floats(-50, 50), st.floats(0.5, 3), st.floats(-60, 60), st.floats(0.001, 0.9),
)
def test_fast_and_stepped_runs_agree_on_bowls(centre, curvature, start, rate):
    f = function_from_text(f"f(x) = {curvature:.6f}(x - {centre:.6f})^2")
    fast, slow = descend(f, rate, (start,), 3000), stepped(f, rate, (start,), 3000)
    assert str(fast.status) == str(slow.status)
    assert fast.steps == slow.steps
    assert fast.final[0] == pytest.approx(slow.point[0], rel=1e-9, abs=1e-9)


def test_a_function_with_no_minimum_is_not_blamed_on_the_learning_rate():
    run = descend(function_from_text("-x^2"), 0.01, (0.5,), 10_000)
    assert run.status == "diverged"
    assert "no minimum that way" in run.message


def test_overshooting_is_blamed_on_the_learning_rate():
    run = descend(function_from_text("x^2"), 1.5, (1.0,), 1000)
    assert run.status == "diverged" and "too large" in run.message


def test_a_two_cycle_is_reported_as_oscillating():
    run = descend(function_from_text("x^2"), 1.0, (3.0,), 200)
    assert run.status == "max_steps" and run.oscillating


@pytest.mark.parametrize("text, start", [("exp(exp(x))", 2.2), ("exp(-x^2)", 9999.0), ("1e-299 x^2", 2.2)])
def test_a_run_stopped_where_the_slope_vanishes_is_not_called_a_minimum(text, start):
    from explorer.core import function_from_text

    f = function_from_text(text)
    result = descend(f, 0.01, (start,), 1000)
    assert "minimum" not in result.message.replace("no minimum", "")
    assert "no minimum" in result.message and "flat to a float's precision" in result.message
    assert result.status == "stalled" and result.message.startswith("stalled after")  # not "converged"
    # …and where there is one, it is said (a bowl, x⁴'s flat bottom, the lesson's surface).
    for text, start in (("x^2", (1.0,)), ("x^4", (1.0,)), ("3x^2 + 2xy + y^2", (1.0, 2.0))):
        g = function_from_text(text)
        ended = descend(g, 0.1, start, 200_000)
        assert ended.status == "converged" and ended.message.startswith("converged to a local minimum")
