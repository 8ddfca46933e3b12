"""The lesson state on its own, without a display: validation, events, JSON, slices, runs."""

import json

import numpy as np
import pytest
import sympy

from explorer.core import function_from_text
from explorer.core.descent import CoordinateDescent, descend
from explorer.core.lesson import DEFAULTS, FORECAST_STEPS, Lesson, LessonError, find_minimum
from explorer.core.probe import probe_geometry


@pytest.fixture(scope="module")
def base():
    return Lesson()


@pytest.fixture
def lesson(base):
    # A fresh copy per test without re-deriving from scratch each time (same settings).
    return Lesson.from_dict(base.to_dict())


BAD = [
    ("function", "x +", "expected a term"),
    ("function", "f(a, b, c, d, g, h, k, m, n, p, q) = a", "at most 10"),
    ("function", 42, "must be text"),
    ("function", "1e299*x^19", "cannot be drawn"),  # over −3 … 3 its values span more than a float
    ("x_range", (3, -3), "lower end below"),
    ("x_range", (1, 1), "lower end below"),
    ("x_range", (0, float("nan")), "finite"),
    ("x_range", "0, 1", "two numbers"),
    ("y_range", (0, 1, 2), "two numbers"),
    ("y_range", (0, 1e300), "beyond"),
    ("resolution", 5, "from 10 to 1000"),
    ("resolution", 2.5, "whole number"),
    ("resolution", True, "whole number"),
    ("point", (10, 2), "outside the range"),
    ("point", ("1", 2), "must be a number"),
    ("point", (1, float("inf")), "finite"),
    ("contours", 1, "true or false"),
    ("tangent_plane", "yes", "true or false"),
    ("descent_source", "sideways", "one of own, slice-x, slice-y, slice-u, coordinate, surface"),
    ("descent_function", "x + y", "needs one variable"),
    ("descent_function", "sin(", "ends too early"),
    ("descent_range", (2, -2), "lower end below"),
    ("learning_rate", 0, "above 0"),
    ("learning_rate", -0.1, "above 0"),
    ("learning_rate", 1e9, "beyond"),
    ("learning_rate", False, "must be a number"),
    ("start", float("nan"), "finite"),
    ("optimizer", "sgd", "one of gd, momentum"),
    ("more_runs", [("adam", 0.1)] * 6, "at most 6 runs"),
    ("more_runs", [("adam",)], "run 2 must be"),
    ("more_runs", [("adam", 0.1), ("lbfgs", 0.1)], "one of gd"),
    ("more_runs", [("adam", -1)], "above 0"),
    ("more_runs", "adam", "must be a list"),
    ("speed", 0, "from 1 to 600"),
    ("speed", 10_000, "from 1 to 600"),
    ("no_such_setting", 1, "unknown setting"),
]


@pytest.mark.parametrize("field, value, why", BAD, ids=[f"{f}={v!r}" for f, v, _ in BAD])
def test_every_field_is_validated_and_a_refusal_changes_nothing(lesson, field, value, why):
    before, mesh, run = lesson.to_dict(), lesson.mesh, lesson.run
    heard = []
    lesson.events.changed.connect(heard.append)
    with pytest.raises(LessonError) as refused:
        lesson.update(**{field: value})
    assert refused.value.field == field
    assert why in refused.value.message
    assert lesson.to_dict() == before and lesson.mesh is mesh and lesson.run is run
    assert heard == []


def test_try_update_says_why_through_the_refused_event(lesson):
    heard = []
    lesson.events.refused.connect(lambda field, message: heard.append((field, message)))
    assert lesson.try_update(x_range=(2, 1)) is False
    assert lesson.x_range == (-3.0, 3.0)
    assert heard and heard[0][0] == "x_range" and "lower end" in heard[0][1]
    assert lesson.try_update(x_range=(-2, 2)) is True


def test_a_parse_error_keeps_its_column(lesson):
    with pytest.raises(LessonError) as refused:
        lesson.update(function="3x^2 + * y")
    assert refused.value.column == 6


def test_a_preset_is_one_edit_the_surface_re_meshes_once(lesson):
    heard = []
    lesson.events.changed.connect(heard.append)
    lesson.update(function="L(w, b) = (3 - 2w - b)^2", x_range=(-1, 3), y_range=(-1, 3), point=(0, 0))
    assert len(heard) == 1  # one emission for the whole preset
    assert {"function", "x_range", "y_range", "point", "mesh"} <= heard[0]
    assert lesson.surface.variable_names == ("w", "b")
    assert lesson.surface.partials_at(lesson.point) == pytest.approx((-12.0, -6.0))


def test_edits_in_a_batch_emit_once_naming_all_they_changed(lesson):
    heard = []
    lesson.events.changed.connect(lambda changed: heard.append((changed, lesson.point)))
    with lesson.batch():
        lesson.update(point=(0.5, 0.5))
        lesson.update(point=(0.25, -1.0), learning_rate=0.02)
        assert heard == []  # nothing before the batch ends
    assert len(heard) == 1
    changed, point = heard[0]
    assert {"point", "learning_rate", "run"} <= changed and point == (0.25, -1.0)


def test_an_unchanged_value_emits_nothing(lesson):
    heard = []
    lesson.events.changed.connect(heard.append)
    lesson.update(point=tuple(lesson.point), learning_rate=lesson.learning_rate)
    assert heard == []


def test_narrowing_the_range_brings_the_point_inside_in_the_same_edit(lesson):
    heard = []
    lesson.events.changed.connect(heard.append)
    lesson.update(y_range=(-3, 1))
    assert lesson.point == (1.0, 1.0) and len(heard) == 1 and {"y_range", "point", "mesh"} <= heard[0]


def test_a_lesson_file_races_every_optimizer_of_the_registry_adamw_too(lesson):
    # AdamW came through the registry alone: the lesson takes it as a run's optimizer, its
    # file keeps it, and the race steps it with torch's default weight decay.
    lesson.update(function="L(w, b) = (3 - 2w - b)^2", point=(1.0, -1.0), descent_source="surface", optimizer="adamw",
                  learning_rate=0.1, more_runs=[("adam", 0.1)])
    again = Lesson.from_dict(json.loads(json.dumps(lesson.to_dict())))
    assert again.to_dict()["descent"]["optimizer"] == "adamw" and again == lesson
    adamw, adam = again.optimizers
    assert adamw.kind == "adamw" and adamw.weight_decay == 0.01 and adam.kind == "adam"
    again.step_run(1)
    # Both take Adam's first step, α·sign(g); AdamW decays (1, −1) by (1 − α·λ) = 0.999 first.
    first, second = (run.point for run in again.runs)
    assert first == pytest.approx((second[0] - 0.001, second[1] + 0.001), abs=1e-12)


def test_json_round_trip_gives_an_equal_lesson(lesson):
    lesson.update(function="L(w, b) = (3 - 2w - b)^2", x_range=(-1, 3), y_range=(-1.5, 3.25), point=(0.1, 0.2),
                  resolution=77, contours=False, tangent_plane=True, descent_source="slice-y", learning_rate=0.0125,
                  speed=42, descent_function="f(x) = x^2", descent_range=(-3, 3), start=-1.75)
    text = json.dumps(lesson.to_dict())
    again = Lesson.from_dict(json.loads(text))
    assert again == lesson
    assert again.to_dict() == lesson.to_dict()
    assert again.curve.signature() == "L(0.1, b)"


@pytest.mark.parametrize("data, field", [
    ("not a dict", "lesson"),
    ({"version": 2}, "version"),
    ({"function": "x +"}, "function"),
    ({"x_range": [3, 1]}, "x_range"),
    ({"point": [100, 100]}, "point"),
    ({"overlays": {"contours": "no"}}, "contours"),
    ({"overlays": {"wireframe": True}}, "overlays.wireframe"),
    ({"descent": {"learning_rate": "0.1"}}, "learning_rate"),
    ({"descent": []}, "descent"),
    ({"camera": {}}, "camera.elevation"),
    ({"camera": {"elevation": 30, "azimuth": 0, "distance": 4, "center": [0, 0, 0], "zoom": 2}}, "camera.zoom"),
    ({"camera": {"elevation": 95, "azimuth": 0, "distance": 4, "center": [0, 0, 0]}}, "camera.elevation"),
    ({"panes": "readout"}, "panes"),
    ({"descent_source": "own"}, "descent_source"),  # a flat key where the file nests it
])
def test_a_bad_dict_is_a_clear_error_and_changes_nothing(lesson, data, field):
    lesson.update(point=(0.5, -0.5))
    before = lesson.to_dict()
    with pytest.raises(LessonError) as refused:
        lesson.load_dict(data)
    assert refused.value.field == field
    assert lesson.to_dict() == before
    with pytest.raises(LessonError):
        Lesson.from_dict(data)


def test_load_dict_replaces_everything_missing_keys_take_defaults(lesson):
    lesson.update(point=(0.5, -0.5), learning_rate=0.2)
    lesson.load_dict({"version": 1, "function": "x^2 + y^2"})
    assert lesson.function.text == "x^2 + y^2"
    assert lesson.point == DEFAULTS["point"] and lesson.learning_rate == DEFAULTS["learning_rate"]


def test_the_slice_along_x_at_y0_2_is_3x2_plus_4x_plus_4_with_slope_6x_plus_4():
    f = function_from_text("f(x, y) = 3x^2 + 2xy + y^2")
    slice_ = f.restrict("y", 2)
    x = slice_.variables[0]
    assert slice_.variable_names == ("x",)
    assert sympy.expand(slice_.expression - (3 * x**2 + 4 * x + 4)) == 0
    assert sympy.expand(slice_.partials[0] - (6 * x + 4)) == 0
    assert slice_.signature() == "f(x, 2)"
    # The ordinary slope of the slice is the partial derivative, at every x.
    for x0 in (-2.0, 0.3, 1.0, 2.5):
        assert slice_.partials_at((x0,))[0] == pytest.approx(f.partials_at((x0, 2.0))[0], abs=1e-12)


def test_a_slice_held_at_a_decimal_keeps_the_decimal():
    L = function_from_text("L(w, b) = (3 - 2w - b)^2")
    slice_ = L.restrict("w", 0.1)
    assert slice_.signature() == "L(0.1, b)"
    assert slice_.value_at((0.5,)) == pytest.approx(L.value_at((0.1, 0.5)), rel=1e-15)


def test_the_lesson_slices_the_surface_through_the_picked_point(lesson):
    lesson.update(descent_source="slice-x")
    assert lesson.curve.signature() == "f(x, 2)"
    assert lesson.curve_start == 1.0 and lesson.curve_range == lesson.x_range
    assert lesson.run.gradient[0] == pytest.approx(10.0)
    lesson.update(descent_source="slice-y")
    assert lesson.curve.signature() == "f(1, y)" and lesson.curve_start == 2.0
    assert lesson.run.gradient[0] == pytest.approx(6.0)
    heard = []
    lesson.events.changed.connect(heard.append)
    lesson.update(point=(0.5, -1.0))  # a new point: re-sliced, and a fresh run from it
    assert lesson.curve.signature() == "f(0.5, y)" and {"curve", "run"} <= heard[0] and lesson.run.point == (-1.0,)
    lesson.update(function="x sin(y)")
    assert lesson.curve.signature() == "f(0.5, y)"
    assert lesson.run.gradient[0] == pytest.approx(0.5 * np.cos(-1.0))


def test_a_slice_run_moves_on_the_surface(lesson):
    lesson.update(descent_source="slice-x", learning_rate=0.05)
    lesson.step_run(3)
    path = lesson.surface_points(lesson.run.path_array())
    current = path[-1]
    assert len(path) == 4  # the start and three steps
    assert np.all(path[:, 1] == 2.0)  # y stays at y₀
    assert current[0] == lesson.run.point[0] and current[0] < 1.0  # downhill from x₀ = 1
    f = lesson.surface
    assert np.allclose(path[:, 2], [f.value_at((x, 2.0)) for x in path[:, 0]])


def test_the_own_curve_is_not_on_the_surface(lesson):
    assert lesson.descent_source == "own" and lesson.surface_points(lesson.run.path_array()) is None
    assert not lesson.source.drawn_on_surface


def test_coordinate_descent_moves_one_variable_at_a_time_and_needs_more_steps():
    f = function_from_text("f(x, y) = 3x^2 + 2xy + y^2")
    run = CoordinateDescent(f, 0.1, (1.0, 2.0))
    points = [run.point]
    for _ in range(6):
        run.step()
        points.append(run.point)
    for k, (a, b) in enumerate(zip(points, points[1:])):
        moved = [i for i in range(2) if a[i] != b[i]]
        assert moved == [k % 2]  # x, then y, then x …
    # The first move is plain descent along x alone: x₁ = 1 − 0.1·10.
    assert points[1] == pytest.approx((0.0, 2.0), abs=1e-15)
    assert points[2] == pytest.approx((0.0, 2.0 - 0.1 * 4.0), abs=1e-15)  # ∂f/∂y at (0, 2) = 4
    run.run_to_end()
    assert run.status == "converged"
    assert run.steps > descend(f, 0.1, (1.0, 2.0), 10_000).steps


def test_the_probe_tangents_have_the_partials_as_slopes(lesson):
    probe = probe_geometry(lesson.surface, (1.0, 2.0), lesson.mesh.box)
    (a, b), (c, d) = probe.tangents
    assert (b[2] - a[2]) / (b[0] - a[0]) == pytest.approx(10.0) and a[1] == b[1] == 2.0
    assert (d[2] - c[2]) / (d[1] - c[1]) == pytest.approx(6.0) and c[0] == d[0] == 1.0
    shaft = probe.gradient_arrow[1] - probe.gradient_arrow[0]
    assert shaft[1] / shaft[0] == pytest.approx(6.0 / 10.0)  # along ∇f = [10, 6], uphill
    assert shaft[0] > 0
    x_slice, y_slice = probe.slices
    assert np.all(x_slice[:, 1] == 2.0) and np.all(y_slice[:, 0] == 1.0)


def test_the_lesson_step_on_the_surface_is_w_minus_alpha_grad_L():
    # The lesson's loss: at (0, 0), ∇L = [−12, −6]; one step with α = 0.01 lands on (0.12, 0.06).
    lesson = Lesson(function="L(w, b) = (3 - 2w - b)^2", point=(0.0, 0.0), descent_source="surface")
    assert lesson.run.point == (0.0, 0.0) and lesson.run.gradient == (-12.0, -6.0)
    assert lesson.step_run(1) == 1
    assert lesson.run.point == pytest.approx((0.12, 0.06), abs=1e-15)
    assert lesson.run.value == pytest.approx(7.29) and lesson.run.gradient == pytest.approx((-10.8, -5.4))
    path = lesson.surface_points(lesson.run.path_array())
    current = path[-1]
    assert path.shape == (2, 3) and current == pytest.approx((0.12, 0.06, 7.29))


def test_runs_race_together_from_the_point_each_with_its_optimizer(lesson):
    lesson.update(function="f(x, y) = x^2 + 3y^2", point=(1.0, -2.0), descent_source="surface",
                  more_runs=[("momentum", 0.05), ("adam", 0.1)])
    assert [r.optimizer.kind for r in lesson.runs] == ["gd", "momentum", "adam"]
    assert all(r.start == (1.0, -2.0) for r in lesson.runs)
    lesson.step_run(3)
    assert [r.steps for r in lesson.runs] == [3, 3, 3]
    # Each is its optimizer stepped alone: momentum's three steps as the rule gives them.
    b, w = None, (1.0, -2.0)
    for _ in range(3):
        g = (2 * w[0], 6 * w[1])
        b = g if b is None else (0.9 * b[0] + g[0], 0.9 * b[1] + g[1])
        w = (w[0] - 0.05 * b[0], w[1] - 0.05 * b[1])
    assert lesson.runs[1].point == pytest.approx(w, abs=1e-12)
    lesson.finish_run()
    assert lesson.finished and {str(r.status) for r in lesson.runs} == {"converged"}
    # A new α for the first run starts every run afresh.
    lesson.update(learning_rate=0.02)
    assert [r.steps for r in lesson.runs] == [0, 0, 0]


def test_forecasts_are_each_runs_whole_path_and_follow_alpha(lesson):
    lesson.update(function="f(x, y) = x^2 + 5y^2", point=(1.0, 1.0), descent_source="surface",
                  learning_rate=0.05, more_runs=[("gd", 0.21)])
    slow, wild = lesson.forecasts()
    assert str(slow.status) == "converged" and str(wild.status) == "diverged"  # 0.21 > 2/λ = 0.2
    again = descend(lesson.surface, 0.05, (1.0, 1.0), FORECAST_STEPS)
    assert np.array_equal(slow.iterates, again.iterates)
    assert lesson.forecasts()[0] is slow  # computed once per set of runs
    lesson.update(learning_rate=0.1)
    assert lesson.forecasts()[0] is not slow and lesson.forecasts()[0].learning_rate == 0.1
    paths = [lesson.surface_points(result.iterates) for result in lesson.forecasts()]
    assert paths[0].shape[1] == 3 and paths[0][0] == pytest.approx((1.0, 1.0, 6.0))


def test_the_stability_rule_is_found_at_the_minimum_the_start_leads_to():
    lesson = Lesson(function="L(w, b) = (3 - 2w - b)^2", point=(0.0, 0.0), descent_source="surface")
    rule = lesson.stability()
    assert rule.curvature == pytest.approx(10.0) and rule.critical_learning_rate == pytest.approx(0.2)
    two_valleys = Lesson()  # own f(x) = x⁴ − 3.4x² + 0.5x from x₀ = 2.2: the valley at x ≈ 1.2654
    rule = two_valleys.stability()
    x = rule.minimum[0]
    assert x == pytest.approx(1.2654, abs=1e-4)
    assert rule.curvature == pytest.approx(12 * x**2 - 6.8) and rule.critical_learning_rate == pytest.approx(0.161, abs=5e-4)
    assert Lesson(descent_function="f(x) = x^3", start=1.0).stability() is None  # no minimum that way


def test_the_rosenbrock_minimum_is_found_past_where_descent_stops_short():
    f = function_from_text("f(x, y) = (1 - x)^2 + 100(y - x^2)^2")
    assert find_minimum(f, (-1.0, 1.0)) == pytest.approx((1.0, 1.0), abs=1e-9)
