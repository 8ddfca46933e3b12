"""The descent sources and their registry, in the lesson's numbers: f = 3x² + 2xy + y² picked
at (1, 2), so the slice along x is f(x, 2) = 3x² + 4x + 4 and along y f(1, y) = y² + 2y + 3."""

import numpy as np
import pytest
import sympy

from explorer.core.descent import CoordinateDescent, Descent
from explorer.core.descent.registry import KEYS, SOURCES, source
from explorer.core.descent.sources import CURVE_PLOT, STEPS_PLOT, DescentSource
from explorer.core.lesson import Lesson, LessonError
from explorer.core.lesson_file import load_lesson, write_lesson

@pytest.fixture(scope="module")
def base():
    return Lesson(more_runs=[("adam", 0.1)], optimizer="momentum")  # the default f and point (1, 2)


def on(base: Lesson, key: str) -> Lesson:
    lesson = Lesson.from_dict(base.to_dict())
    lesson.update(descent_source=key)
    return lesson


def test_the_registry_lists_every_source_once_in_menu_order():
    assert KEYS == ("own", "slice-x", "slice-y", "slice-u", "coordinate", "surface")
    assert all(isinstance(s, DescentSource) and s.key == key for key, s in SOURCES.items())
    assert len({s.label for s in SOURCES.values()}) == len(KEYS)  # every menu entry tells itself apart
    assert all(s.tooltip for s in SOURCES.values())
    with pytest.raises(KeyError, match="no descent source 'diagonal'.*own, slice-x"):
        source("diagonal")


def test_the_slice_along_x_is_f_at_y0_and_its_runs_stay_on_that_line(base):
    lesson = on(base, "slice-x")
    s = lesson.source
    assert s is source("slice-x") and s.slice_axis == 0 and not s.on_surface and s.drawn_on_surface
    (x,) = lesson.curve.variables  # the surface's own symbol (with its assumptions)
    assert sympy.expand(lesson.curve.expression - (3 * x**2 + 4 * x + 4)) == 0
    assert s.start(lesson.settings()) == 1.0 and s.curve_range(lesson.settings()) == lesson.x_range
    lifted = s.lift(np.array([[0.0], [-1.0], [np.nan]]), lesson.surface, lesson.point)
    assert lifted[:2].tolist() == [[0.0, 2.0, 4.0], [-1.0, 2.0, 3.0]]  # (x, y₀, f(x, y₀))
    assert np.isnan(lifted[2, [0, 2]]).all()  # a gap between stacked runs stays a gap
    assert s.start_change(lesson.point, -0.5) == {"point": (-0.5, 2.0)}
    assert s.title(lesson.surface, lesson.own_curve) == "slice along x: f(x, y₀)"
    assert s.lift_gradient((10.0,)) == (10.0, 0.0) and s.has_stability_rule and not s.uses_own_curve
    xs = np.array([-1.0, 0.0])
    assert s.plot_values(xs, lesson.surface, lesson.curve, (5.0,), 7).tolist() == [3.0, 4.0]


def test_the_slice_along_y_is_f_at_x0(base):
    lesson = on(base, "slice-y")
    s = lesson.source
    (y,) = lesson.curve.variables
    assert sympy.expand(lesson.curve.expression - (y**2 + 2 * y + 3)) == 0
    assert lesson.curve_start == 2.0 and lesson.curve_range == lesson.y_range
    assert s.lift(np.array([[0.0]]), lesson.surface, lesson.point).tolist() == [[1.0, 0.0, 3.0]]
    lesson.update(**s.start_change(lesson.point, 0.5))  # the start box moves the point along the slice
    assert lesson.point == (1.0, 0.5) and lesson.run.point == (0.5,)
    assert s.plot_variable(lesson.surface, lesson.curve) == "y" and s.readout_names(lesson.surface, lesson.curve) == ("y",)


def test_the_slice_along_u_is_f_along_the_direction_and_its_slope_is_the_directional_derivative(base):
    lesson = on(base, "slice-u")  # θ = 30°: u = (cos 30°, sin 30°)
    s = lesson.source
    assert s is source("slice-u") and s.slice_axis is None and not s.on_surface and s.drawn_on_surface
    assert lesson.curve.signature() == "f(1 + 0.866t, 2 + 0.5t)" and lesson.curve_start == 0.0
    # its slope at the point is D_u f = 10·cos 30° + 6·sin 30° (issue #22's line), and at t it
    # is the finite-difference slope of f along the line
    assert lesson.run.gradient[0] == pytest.approx(10 * np.cos(np.pi / 6) + 6 * 0.5, abs=1e-12)
    t, h = 0.3, 1e-6
    along = lambda t: lesson.surface.value_at((1 + t * np.cos(np.pi / 6), 2 + t * 0.5))
    assert lesson.curve.evaluate_point((t,))[1] == pytest.approx((along(t + h) - along(t - h)) / (2 * h), abs=1e-6)
    # the range of t keeps the line inside the box −3 … 3: y = 2 + t/2 reaches 3 at t = 2
    lo, hi = lesson.curve_range
    assert hi == pytest.approx(2.0) and lo == pytest.approx((-3 - 1) / np.cos(np.pi / 6))
    lifted = s.lift(np.array([[0.0], [2.0], [np.nan]]), lesson.surface, lesson.point, lesson.curve)
    assert lifted[0].tolist() == [1.0, 2.0, 11.0] and lifted[1, 1] == pytest.approx(3.0)  # t = 2: y = 3
    assert np.isnan(lifted[2]).all()
    assert lesson.surface_points(np.array([[0.0]])).tolist() == [[1.0, 2.0, 11.0]]  # the session lifts with its line
    gx, gy = s.lift_gradient((2.0,), lesson.curve)
    assert (gx, gy) == pytest.approx((2 * np.cos(np.pi / 6), 1.0))
    assert not s.start_editable and s.start_change(lesson.point, 1.0) is None
    assert s.plot_variable(lesson.surface, lesson.curve) == "t" and s.has_stability_rule
    from explorer.core.descent import story

    assert story.ready_text(lesson).endswith("from t₀ = 0.0000. The slope of this slice there is D_u f = ∇f·u = 11.6603")


def test_the_slices_along_x_and_y_are_the_slice_along_u_at_0_and_90_degrees(base):
    lesson = on(base, "slice-u")
    for degrees, slope, other in ((0.0, 10.0, "slice-x"), (90.0, 6.0, "slice-y")):
        lesson.update(direction=degrees)
        assert lesson.run.gradient == (slope,)  # ∂f/∂x = 10, ∂f/∂y = 6 at (1, 2)
        axis_slice = on(base, other).curve
        ts = np.linspace(-1, 1, 5)
        start = lesson.point[0 if degrees == 0 else 1]
        assert lesson.curve.evaluate(ts)[0] == pytest.approx(axis_slice.evaluate(start + ts)[0])
    curve = lesson.curve
    lesson.update(start=1.0)  # a setting the slice does not read: the same slice, its caches kept
    assert lesson.curve is curve
    lesson.update(direction=450.0)  # 450° is 90°
    assert lesson.direction == 90.0 and lesson.curve is curve
    lesson.update(direction=45.0)  # a new direction: a new slice and fresh runs on it
    assert lesson.curve is not curve and lesson.run.steps == 0
    assert lesson.run.gradient[0] == pytest.approx(16 / np.sqrt(2))


def test_descent_along_u_goes_downhill_along_the_line(base):
    lesson = on(base, "slice-u")
    lesson.update(direction=210.0, optimizer="gd", learning_rate=0.05, more_runs=())  # u points downhill-ish
    lesson.finish_run()
    assert lesson.run.status == "converged"
    (t,), g = lesson.run.point, lesson.curve
    assert abs(g.evaluate_point((t,))[1]) < 1e-4  # the slice's minimum: its slope D_u f is 0 there
    x, y, value = lesson.surface_points(np.array([[t]]))[0]
    assert value < 11.0 and (y - 2.0) == pytest.approx(np.tan(np.radians(210.0)) * (x - 1.0))  # on the line


def test_coordinate_descent_runs_plain_descent_alone_on_the_surface(base):
    lesson = on(base, "coordinate")
    s = lesson.source
    assert lesson.curve is lesson.surface and s.start_point(lesson.settings()) == (1.0, 2.0)
    # Momentum and a second Adam run are set, yet coordinate descent is plain descent, alone.
    assert [(o.kind, o.learning_rate) for o in lesson.optimizers] == [("gd", lesson.learning_rate)]
    assert s.run_type is CoordinateDescent and type(lesson.run) is CoordinateDescent
    assert not s.races and not s.has_forecasts and lesson.forecasts() == [] and s.compares_plain
    assert s.lift(np.array([[1.0, 2.0]]), lesson.surface, lesson.point).tolist() == [[1.0, 2.0, 11.0]]
    assert [s.shown_axis(k) for k in range(3)] == [0, 1, 0]  # the slice the next move goes along
    assert [s.plot_variable(lesson.surface, lesson.curve, k) for k in range(2)] == ["x", "y"]
    assert s.start_change(lesson.point, 0.0) is None and not s.start_editable
    assert not s.has_stability_rule and s.lift_gradient((10.0, 6.0)) == (10.0, 6.0)
    # The plot shows the slice through the run's point that its next move goes along.
    xs = np.array([-1.0, 0.0, 2.0])
    assert s.plot_values(xs, lesson.surface, lesson.curve, (1.0, 2.0), 0).tolist() == [3.0, 4.0, 24.0]  # 3x² + 4x + 4
    assert s.plot_values(xs, lesson.surface, lesson.curve, (1.0, 2.0), 1).tolist() == [2.0, 3.0, 11.0]  # y² + 2y + 3
    assert s.plot_range(lesson.settings(), 0) == lesson.x_range and s.plot_range(lesson.settings(), 1) == lesson.y_range


def test_descent_on_the_surface_races_every_optimizer_and_plots_f_over_the_steps(base):
    lesson = on(base, "surface")
    s = lesson.source
    assert [o.kind for o in lesson.optimizers] == ["momentum", "adam"] and [r.start for r in lesson.runs] == [(1.0, 2.0)] * 2
    assert s.races and s.plot == STEPS_PLOT and s.on_surface and type(lesson.run) is Descent
    assert s.plot_variable(lesson.surface, lesson.curve) == "step"
    assert s.readout_names(lesson.surface, lesson.curve) == ("x", "y")
    path = s.lift(np.array([[1.0, 2.0], [0.0, 0.0]]), lesson.surface, lesson.point)
    assert path.tolist() == [[1.0, 2.0, 11.0], [0.0, 0.0, 0.0]]


def test_the_own_curve_is_the_panels_function_and_not_on_the_surface(base):
    lesson = on(base, "own")
    s = lesson.source
    assert lesson.curve is lesson.own_curve and s.plot == CURVE_PLOT and not s.drawn_on_surface
    assert s.start(lesson.settings()) == 2.2 and s.curve_range(lesson.settings()) == (-2.2, 2.4)
    assert s.lift(np.array([[2.2]]), lesson.surface, lesson.point) is None
    assert s.start_change(lesson.point, 1.5) == {"start": 1.5} and not s.starts_at_point and s.uses_own_curve
    assert s.lift_gradient((1.0,)) is None
    values = s.plot_values(np.array([0.0, 1.0]), lesson.surface, lesson.curve, (2.2,))
    assert values.tolist() == pytest.approx([0.0, 1 - 3.4 + 0.5], abs=1e-15)  # x⁴ − 3.4x² + 0.5x
    assert s.title(lesson.surface, lesson.own_curve) == "own f(x)"


def test_titles_use_the_surfaces_own_names():
    lesson = Lesson(function="L(w, b) = (3 - 2w - b)^2", point=(0.0, 0.0))
    titles = [s.title(lesson.surface, lesson.own_curve) for s in SOURCES.values()]
    assert titles == ["own f(x)", "slice along w: L(w, b₀)", "slice along b: L(w₀, b)", "slice along u: L(w₀ + t·u₁, b₀ + t·u₂)",
                      "coordinate descent on L(w, b)", "descent on L(w, b)"]


def test_a_slice_is_kept_while_the_held_value_stays(base):
    lesson = on(base, "slice-x")
    curve = lesson.curve
    lesson.update(point=(0.5, 2.0))  # moves the start along the slice, not the slice
    assert lesson.curve is curve and lesson.run.point == (0.5,)
    lesson.update(point=(0.5, 1.0))
    assert lesson.curve is not curve and lesson.curve.signature() == "f(x, 1)"


@pytest.mark.parametrize("key", KEYS)
def test_every_source_round_trips_a_lesson_file(base, key, tmp_path):
    lesson = on(base, key)
    path = tmp_path / f"{key}.json"
    write_lesson(path, lesson)
    again = Lesson()
    load_lesson(again, path)
    assert again.descent_source == key and again.source is source(key) and again == lesson
    assert again.curve.signature() == lesson.curve.signature() and again.curve_start == lesson.curve_start


def test_an_unknown_source_is_refused_by_name():
    with pytest.raises(LessonError, match="descent_source must be one of own, slice-x, slice-y, slice-u, coordinate, surface"):
        Lesson(descent_source="diagonal")
