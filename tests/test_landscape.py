"""The 1-D story told honestly: the humps and minima of a curve, the deeper minimum, and the
step that jumps a hump."""

import pytest

from explorer.core import function_from_text
from explorer.core.descent import descend
from explorer.core.landscape import describe_minimum, first_hump_jump, landscape

TWO_VALLEYS = function_from_text("f(x) = x^4 - 3.4x^2 + 0.5x")  # f′ = 4x³ − 6.8x + 0.5


def test_the_two_valleys_and_the_hump_between_are_the_roots_of_f_prime():
    shape = landscape(TWO_VALLEYS, -2.2, 2.4)
    assert len(shape.minima) == 2 and len(shape.maxima) == 1
    for x, value in shape.minima + shape.maxima:
        assert abs(4 * x**3 - 6.8 * x + 0.5) < 1e-9  # a root of f′, not a sample
        assert value == pytest.approx(x**4 - 3.4 * x**2 + 0.5 * x)
    assert shape.maxima[0][0] == pytest.approx(0.0738, abs=1e-4)
    assert shape.minima[0][1] < shape.minima[1][1]  # the left valley is the deeper


def test_a_small_step_stays_in_the_shallower_valley_and_says_so():
    shape = landscape(TWO_VALLEYS, -2.2, 2.4)
    run = descend(TWO_VALLEYS, 0.01, (2.2,), 10_000)
    assert first_hump_jump(shape, run.iterates[:, 0]) is None
    assert describe_minimum(shape, run.final[0]) == ("the shallower of the two minima", "the deeper one is at x ≈ −1.34")


def test_a_large_first_step_jumps_the_hump_into_the_deeper_valley():
    shape = landscape(TWO_VALLEYS, -2.2, 2.4)
    run = descend(TWO_VALLEYS, 0.12, (2.2,), 10_000)
    jump = first_hump_jump(shape, run.iterates[:, 0])
    assert jump.step == 1 and jump.before == 2.2 and jump.after < 0.07 < jump.before
    assert jump.sentence() == "the first step jumped over the hump at x ≈ 0.07"
    assert describe_minimum(shape, run.final[0]) == ("the deeper of the two minima", "")


def test_one_minimum_or_one_outside_the_view():
    bowl = function_from_text("f(x) = (x - 1)^2")
    shape = landscape(bowl, -3, 3)
    assert shape.maxima == () and describe_minimum(shape, 1.0) == ("the only minimum in view", "")
    assert describe_minimum(landscape(bowl, 2, 3), 1.0) == ("a local minimum", "")
