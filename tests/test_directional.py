"""Slopes in every direction, without a window: D_u f = ∇f·u with the lesson's numbers, the
dial, the slice along u, the corner of |x| + |y|, the level curve at right angles to ∇f, the
gradient field's stated scale, and the tangent plane as a linear model."""

import math
import random

import numpy as np
import pytest

from explorer.core import function_from_text
from explorer.core.directional import (DirectionError, dial, direction_from_angle, direction_from_vector,
                                       directional_derivative, gradient_at, parse_direction, steepest_direction)
from explorer.core.level_curves import (angle_between, curve_direction_at, gradient_field, level_curve,
                                        level_tangent)
from explorer.core.linear_model import descent_prediction, tangent_plane

LESSON = "3x^2 + 2xy + y^2"
POINT = (1.0, 2.0)


@pytest.fixture(scope="module")
def f():
    return function_from_text(LESSON)


def slope(f, direction: str, point=POINT) -> float:
    return directional_derivative(f, point, parse_direction(direction)).slope


def test_the_lessons_slopes_at_1_2_in_every_named_direction(f):
    assert slope(f, "0deg") == pytest.approx(10.0, abs=1e-12)  # along x: ∂f/∂x
    assert slope(f, "90deg") == pytest.approx(6.0, abs=1e-12)  # along y: ∂f/∂y
    assert slope(f, "10,6") == pytest.approx(11.6619, abs=5e-5)  # along ∇f: |∇f|
    assert slope(f, "10,6") == pytest.approx(math.sqrt(136), abs=1e-12)
    assert slope(f, "-6,10") == 0.0  # across ∇f: along the level curve
    assert slope(f, "(3, 4)") == pytest.approx(10.8, abs=1e-12)  # (3, 4)/5
    assert slope(f, "-10,-6") == pytest.approx(-math.sqrt(136), abs=1e-12)  # straight downhill


def test_the_readout_line_is_the_lessons_line(f):
    at_30 = directional_derivative(f, POINT, direction_from_angle(30))
    assert at_30.line() == "D_u f = ∇f·u = 10·cos 30° + 6·sin 30° = 10(0.866) + 6(0.5) = 11.6603"
    steep = directional_derivative(f, POINT, parse_direction("10,6"))
    assert steep.agreement() == "D_u f = 11.6619 = |∇f|: u points along ∇f, the steepest way up"
    level = directional_derivative(f, POINT, parse_direction("-6, 10"))
    assert level.angle_to_gradient == pytest.approx(90.0)
    assert "along the level curve" in level.agreement()
    down = directional_derivative(function_from_text("L(w, b) = (3 - 2w - b)^2"), (0, 0), direction_from_angle(0))
    # ∇L = (−12, −6): a negative component is written as a minus, never "+ −6".
    assert down.line() == "D_u L = ∇L·u = −12·cos 0° − 6·sin 0° = −12(1) − 6(0) = −12"


def test_a_typed_direction_is_normalised_and_says_so_and_zero_is_refused():
    d = parse_direction("1,1")
    assert d.u == pytest.approx((math.sqrt(0.5), math.sqrt(0.5)))
    assert d.normalised and d.said().startswith("(1, 1) → (0.7071, 0.7071)")
    assert not parse_direction("0.6, 0.8").normalised  # already a unit vector: nothing to say
    assert parse_direction("30°").degrees == pytest.approx(30)
    assert parse_direction("sqrt(3), 1").degrees == pytest.approx(30)  # constants of the language, parsed
    assert parse_direction("-90deg").degrees == pytest.approx(270)
    assert direction_from_angle(90).u == (0.0, 1.0)  # not 6·10⁻¹⁷: the readout writes 0
    for bad, said in (("0,0", "(0, 0) has no direction"), ("x, 1", "not a number"), ("1,2,3", "not a direction"),
                      ("__import__('os')", "not a direction"), ("1/0, 1", "not a number")):
        with pytest.raises(DirectionError) as caught:
            parse_direction(bad)
        assert said in caught.value.message, (bad, caught.value.message)
    with pytest.raises(DirectionError):
        direction_from_vector((0.0, 0.0))


def test_snap_to_steepest_turns_u_to_grad_f_over_its_length(f):
    u = steepest_direction(f, POINT)
    assert u.u == pytest.approx((10 / math.sqrt(136), 6 / math.sqrt(136)))
    assert u.degrees == pytest.approx(math.degrees(math.atan2(6, 10)))
    assert directional_derivative(f, POINT, u).slope == pytest.approx(math.hypot(10, 6))
    with pytest.raises(DirectionError, match="flat spot"):
        steepest_direction(function_from_text("x^2 + y^2"), (0, 0))


def test_the_dial_is_a_cosine_peaking_at_grad_f_zero_on_the_level_curve(f):
    d = dial(f, POINT)
    theta = np.radians(d.degrees)
    assert d.slopes == pytest.approx(math.sqrt(136) * np.cos(theta - math.atan2(6, 10)))
    assert d.steepest_slope == pytest.approx(math.sqrt(136)) and d.downhill_slope == pytest.approx(-math.sqrt(136))
    assert abs(d.peak_degrees - 30.9638) <= d.resolution
    assert [slope(f, f"{a}deg") for a in d.level_degrees] == pytest.approx([0, 0], abs=1e-9)
    assert d.level_degrees[1] - d.level_degrees[0] == pytest.approx(180)
    assert (d.downhill_degrees - d.steepest_degrees) % 360 == pytest.approx(180)


def _random_smooth(rng: random.Random) -> str:
    """A smooth function of x and y from a few random terms."""
    def c():
        return rng.choice([1, 2, 3, 0.5, 1.5, -1, -2, -0.5])

    pieces = [f"{c()}*x^2", f"{c()}*x*y", f"{c()}*y^3", f"{c()}*sin({c()}*x + {c()}*y)", f"{c()}*exp({c() / 4}*x)*y",
              f"{c()}*cos(x*y)", f"{c()}*ln(1 + x^2 + y^2)", f"{c()}*x", f"{c()}*y"]
    return " + ".join(rng.sample(pieces, rng.randint(2, 4)))


def test_for_20_random_functions_the_dial_peaks_along_grad_f_and_D_u_f_is_the_slices_slope():
    rng = random.Random(22)
    checked = 0
    while checked < 20:
        f = function_from_text(_random_smooth(rng), ("x", "y"))
        point = (rng.uniform(-2, 2), rng.uniform(-2, 2))
        gradient = gradient_at(f, point)
        if gradient is None or math.hypot(*gradient) < 1e-3:
            continue
        d = dial(f, point)
        along = math.degrees(math.atan2(gradient[1], gradient[0])) % 360
        off = abs((d.peak_degrees - along + 180) % 360 - 180)
        assert off <= d.resolution, (f, point, d.peak_degrees, along)
        u = direction_from_angle(rng.uniform(0, 360))
        g = f.restrict_to_line(point, u.u)  # g(t) = f(point + t·u): only f's values below
        h = 1e-5
        finite_difference = (g.value_at((h,)) - g.value_at((-h,))) / (2 * h)
        exact = directional_derivative(f, point, u).slope
        assert finite_difference == pytest.approx(exact, abs=1e-6 * max(1.0, abs(exact))), (f, point, u)
        checked += 1


def test_the_slice_along_u_is_a_function_of_t_whose_special_cases_are_the_axis_slices(f):
    along_x = f.restrict_to_line(POINT, (1.0, 0.0))
    axis = f.restrict("y", 2.0)  # f(x, 2) = 3x² + 4x + 4
    for t in (-1.5, 0.0, 0.25, 2.0):
        assert along_x.evaluate_point((t,)) == pytest.approx(axis.evaluate_point((1.0 + t,)))
    u = direction_from_angle(30).u
    g = f.restrict_to_line(POINT, u)
    assert g.signature() == "f(1 + 0.866t, 2 + 0.5t)"
    # Its own formula, written out with the line put in, has the slope D_u f at t = 0.
    t = g.variables[0]
    assert float(g.partials[0].subs(t, 0)) == pytest.approx(10 * u[0] + 6 * u[1])
    assert float(g.expression.subs(t, 1)) == pytest.approx(f.value_at((1 + u[0], 2 + u[1])))
    assert g.scalar_gradient()(0.0) == pytest.approx(10 * u[0] + 6 * u[1])
    assert g.hessian_at((0.0,))[0, 0] == pytest.approx(6 * u[0] ** 2 + 4 * u[0] * u[1] + 2 * u[1] ** 2)


def test_at_the_corner_of_abs_x_plus_abs_y_the_slopes_are_one_sided_and_there_is_no_gradient():
    f = function_from_text("abs(x) + abs(y)")
    assert gradient_at(f, (0, 0)) is None
    d = dial(f, (0, 0))
    theta = np.radians(d.degrees)
    assert d.one_sided and d.slopes == pytest.approx(np.abs(np.cos(theta)) + np.abs(np.sin(theta)), abs=1e-6)
    at_30 = directional_derivative(f, (0, 0), direction_from_angle(30))
    assert at_30.one_sided and at_30.gradient is None and at_30.angle_to_gradient is None
    assert at_30.slope == pytest.approx(math.cos(math.pi / 6) + 0.5, abs=1e-6)
    assert "one-sided" in at_30.line() and "no ∇f" in at_30.line()
    with pytest.raises(DirectionError, match="no ∇f"):
        steepest_direction(f, (0, 0))
    # Away from the corner it has a gradient again, and the ordinary line.
    assert gradient_at(f, (1, -2)) == (1.0, -1.0)


def test_the_level_curve_through_the_point_crosses_grad_f_at_a_right_angle(f):
    curve = level_curve(f, POINT, (-3, 3), (-3, 3))
    assert len(curve) > 20
    # It is the level curve: f is f(1, 2) = 11 all along it (to the grid's interpolation).
    assert f.evaluate(curve[:, 0], curve[:, 1])[0] == pytest.approx(11.0, abs=0.05)
    assert np.min(np.hypot(curve[:, 0] - 1, curve[:, 1] - 2)) < 0.03  # and it passes through the point
    traced = curve_direction_at(curve, POINT)
    assert angle_between(traced, (10, 6)) == pytest.approx(90, abs=0.5)  # measured on the traced curve
    tangent = level_tangent((10, 6))
    assert angle_between(tangent, (10, 6)) == pytest.approx(90)
    assert abs(angle_between(tangent, traced) % 180) < 0.5 or abs(angle_between(tangent, traced) - 180) < 0.5
    assert level_tangent((0, 0)) is None


def test_the_gradient_field_has_one_stated_scale(f):
    field = gradient_field(f, (-3, 3), (-3, 3), count=6)
    assert field.points.shape == field.arrows.shape == (36, 2)
    x, y = field.points.T
    by_hand = np.column_stack([6 * x + 2 * y, 2 * x + 2 * y])
    assert field.arrows == pytest.approx(by_hand * field.scale)  # every arrow the same scale
    lengths = np.hypot(*field.arrows.T)
    assert lengths.max() == pytest.approx(0.9 * field.spacing)  # the longest fits its cell
    assert field.largest == pytest.approx(np.hypot(*by_hand.T).max())
    assert "|∇f| ×" in field.caption() and "the longest" in field.caption()


def test_the_tangent_plane_is_a_linear_model_with_a_second_order_error(f):
    model = tangent_plane(f, POINT)
    assert model.formula() == "f(1 + h, 2 + k) ≈ 11 + 10h + 6k"
    for h, k in ((0.1, 0.05), (0.01, 0.005), (-0.3, 0.2)):
        check = model.at(h, k)
        assert check.exact == pytest.approx(3 * (1 + h) ** 2 + 2 * (1 + h) * (2 + k) + (2 + k) ** 2)
        assert check.plane == pytest.approx(11 + 10 * h + 6 * k)
        assert check.error == pytest.approx(3 * h * h + 2 * h * k + k * k)  # all that a quadratic leaves
    assert model.at(0.1, 0.05).line() == "h = 0.1, k = 0.05: f = 12.3425 exactly, the plane 12.3000, error 0.0425"
    assert tangent_plane(function_from_text("abs(x) + abs(y)"), (0, 0)) is None


def test_a_descent_steps_predicted_decrease_is_alpha_grad_squared_beside_the_real_one(f):
    step = descent_prediction(f, POINT, 0.01)
    assert step.predicted == pytest.approx(0.01 * 136)
    after = (1 - 0.1, 2 - 0.06)
    assert step.actual == pytest.approx(11 - (3 * after[0] ** 2 + 2 * after[0] * after[1] + after[1] ** 2))
    assert step.line() == ("a step of α = 0.01: the plane predicts f falls by α|∇f|² = 1.3600; "
                           "it really falls by 1.3144")


def test_where_the_one_sided_slope_has_no_finite_limit_or_f_no_value_it_says_so_and_gives_no_number():
    root = function_from_text("cbrt(x) + y")  # a vertical tangent along x at the origin
    right = directional_derivative(root, (0, 0), direction_from_angle(0))
    left = directional_derivative(root, (0, 0), direction_from_angle(180))
    assert right.slope == math.inf and left.slope == -math.inf
    assert "rises without bound" in right.line() and "falls without bound" in left.line()
    # A corner beside a steep bowl: the extrapolated quotient is still the true one-sided slope, 0.
    steep = function_from_text("1e6 x^2 + abs(y)")
    assert directional_derivative(steep, (0, 0), direction_from_angle(0)).slope == pytest.approx(0, abs=1e-6)
    outside = directional_derivative(function_from_text("ln(x) + y"), (-1, 0), direction_from_angle(30))
    assert math.isnan(outside.slope) and outside.line() == "D_u f is undefined: f has no value at this point"
