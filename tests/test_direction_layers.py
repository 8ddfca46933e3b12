"""#22 on the surface: the slice along u with its tangent, the handle a student drags to turn u,
the level curve through the point crossing ∇f at a right angle, and the gradient field.

f = 3x² + 2xy + y² at (1, 2) throughout (the lesson's example): written out by hand here,
∇f = (6x + 2y, 2x + 2y), so the checks do not go through the code that drew the lines."""

import math
import re

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from explorer.core.direction_probe import angle_from_ray, direction_geometry, level_geometry
from explorer.core.directional import direction_from_angle
from explorer.core.expression import parse_function
from explorer.core.calculus import Function
from explorer.core.level_curves import curve_direction_at, angle_between
from explorer.core.mesh import WorldBox
from explorer.ui import theme
from explorer.ui.direction_layers import FLOOR_Z



def f(x, y):
    return 3 * x**2 + 2 * x * y + y**2


def grad(x, y):
    return 6 * x + 2 * y, 2 * x + 2 * y


@pytest.fixture
def window(window, qtbot):
    """The shared window (conftest) with the Direction pane opened as a student opens it."""
    assert not window.surface_view.direction_shown  # the Direction pane is closed by default
    window.direction_pane_action.trigger()  # View ▸ Direction: u is drawn while its pane is open
    qtbot.waitUntil(lambda: window.surface_view.direction_shown and window.direction_dock.isVisible())
    return window


def _drag(qtbot, view, start, end, steps=10):
    """Press at ``start``, move in ``steps`` to ``end`` and release, as a student's mouse does."""
    start, end = start.toPoint(), end.toPoint()
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, steps + 1):
        qtbot.mouseMove(view, start + (end - start) * (k / steps))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=end)


def _drawn(view, layer):
    """A layer's vertices back in function units (the lift above the surface taken off)."""
    pos, colors = view.lines.layer(layer)
    return view.mesh.box.to_function(pos.astype(np.float64) - np.array([0.0, 0.0, view.lift])), colors


def _knob_on_screen(view, degrees):
    """Where the handle's knob is drawn for u at ``degrees`` (the geometry the view draws)."""
    lesson = view.lesson
    geometry = direction_geometry(lesson.surface, lesson.point, direction_from_angle(degrees), view.mesh.box)
    return QPointF(*view.world_to_screen(view.mesh.box.to_world(geometry.handle) + np.array([0, 0, view.lift])))


# ---------------------------------------------------------------------- the core, no window
def test_the_slice_along_u_at_30_degrees_lies_on_f_of_the_line_and_its_tangent_has_slope_11_66():
    function = Function.from_parsed(parse_function("3x^2 + 2xy + y^2"))
    box = WorldBox((-3.0, 3.0), (-3.0, 3.0), (0.0, 60.0))
    geometry = direction_geometry(function, (1.0, 2.0), direction_from_angle(30.0), box)
    u = (math.cos(math.radians(30)), math.sin(math.radians(30)))
    curve = geometry.slice[np.isfinite(geometry.slice[:, 2])]
    assert len(curve) > 100
    np.testing.assert_allclose(curve[:, 0], 1 + geometry.t[np.isfinite(geometry.slice[:, 2])] * u[0])
    np.testing.assert_allclose(curve[:, 2], f(curve[:, 0], curve[:, 1]), rtol=1e-12)
    (a, b) = geometry.tangent
    assert (b[2] - a[2]) / math.hypot(b[0] - a[0], b[1] - a[1]) == pytest.approx(10 * u[0] + 6 * u[1], rel=1e-9)
    assert geometry.slope.slope == pytest.approx(11.660254, abs=1e-6)


def test_at_the_corner_of_abs_x_plus_abs_y_the_slice_is_drawn_but_no_tangent_and_the_handle_lies_level():
    function = Function.from_parsed(parse_function("abs(x) + abs(y)"))
    box = WorldBox((-2.0, 2.0), (-2.0, 2.0), (0.0, 4.0))
    geometry = direction_geometry(function, (0.0, 0.0), direction_from_angle(30.0), box)
    assert geometry.tangent is None and geometry.arrow is None  # no ∇f: no tangent plane to lie in
    assert geometry.slope.one_sided and geometry.slope.slope == pytest.approx(math.cos(math.radians(30)) + 0.5, abs=1e-6)
    assert geometry.handle[2] == 0.0  # level with the point
    t = geometry.t[np.isfinite(geometry.slice[:, 2])]
    np.testing.assert_allclose(geometry.slice[np.isfinite(geometry.slice[:, 2]), 2],
                               np.abs(t) * (math.cos(math.radians(30)) + 0.5), atol=1e-12)
    assert level_geometry(function, (0.0, 0.0), box).square is None  # no ∇f to be at right angles to


def test_a_ray_through_the_handle_gives_back_its_angle():
    function = Function.from_parsed(parse_function("3x^2 + 2xy + y^2"))
    box = WorldBox((-3.0, 3.0), (-3.0, 3.0), (0.0, 60.0))
    for degrees in (0.0, 30.0, 123.0, 250.0):
        handle = direction_geometry(function, (1.0, 2.0), direction_from_angle(degrees), box).handle
        eye = np.array([4.0, -9.0, 80.0])
        assert angle_from_ray(eye, handle - eye, (1.0, 2.0), 11.0, (10.0, 6.0)) == pytest.approx(degrees, abs=1e-9)
    # A ray along the tangent plane never meets it: no angle, not a wild one.
    assert angle_from_ray(np.array([0.0, 0.0, 11.0]), np.array([1.0, 0.0, 10.0]), (1.0, 2.0), 11.0, (10.0, 6.0)) is None


def test_the_level_curve_through_1_2_keeps_f_at_11_and_crosses_the_gradient_at_90_degrees():
    function = Function.from_parsed(parse_function("3x^2 + 2xy + y^2"))
    level = level_geometry(function, (1.0, 2.0), WorldBox((-3.0, 3.0), (-3.0, 3.0), (0.0, 60.0)))
    assert level.level == 11.0
    np.testing.assert_allclose(f(level.curve[:, 0], level.curve[:, 1]), 11.0, rtol=2e-3)
    assert angle_between(curve_direction_at(level.curve, (1.0, 2.0)), (10.0, 6.0)) == pytest.approx(90.0, abs=0.5)


# ---------------------------------------------------------------------- in the window
def test_dragging_the_handle_turns_u_without_orbiting_and_the_slice_follows(window, qtbot):
    view, lesson = window.surface_view, window.lesson
    assert lesson.direction == 30.0
    qtbot.waitUntil(lambda: view.direction_layers.handle_world is not None)
    camera = (view.opts["azimuth"], view.opts["elevation"], view.opts["distance"])
    start, goal = _knob_on_screen(view, 30.0), _knob_on_screen(view, 150.0)
    assert view.direction_layers.grabs(start.x(), start.y())
    _drag(qtbot, view, start, goal)
    assert lesson.direction == pytest.approx(150.0, abs=2.0)
    assert (view.opts["azimuth"], view.opts["elevation"], view.opts["distance"]) == camera  # no orbit
    assert lesson.point == (1.0, 2.0)  # and no new point picked

    theta = math.radians(lesson.direction)
    points, _ = _drawn(view, "direction_slice")
    assert len(points) > 10  # thinned to what shows: every vertex kept is a sample
    # On the line through (1, 2) along u, and on f there.
    across = (points[:, 0] - 1.0) * math.sin(theta) - (points[:, 1] - 2.0) * math.cos(theta)
    assert np.abs(across).max() < 1e-4
    np.testing.assert_allclose(points[:, 2], f(points[:, 0], points[:, 1]), atol=2e-3 * 60)
    label = next(p.label.text for p in view.direction_layers.labels)
    assert label == f"D_u f = {10 * math.cos(theta) + 6 * math.sin(theta):.2f}".replace("-", "−")
    # The whole drag is one step to undo.
    window.edit_actions.undo_action.trigger()
    assert lesson.direction == 30.0


def test_a_drag_away_from_the_handle_still_orbits(window, qtbot):
    view = window.surface_view
    qtbot.waitUntil(lambda: view.direction_layers.handle_world is not None)
    knob = _knob_on_screen(view, 30.0)
    start = knob + QPointF(0, 120)
    azimuth = view.opts["azimuth"]
    _drag(qtbot, view, start, start + QPointF(60, 0), steps=5)
    assert view.opts["azimuth"] != azimuth
    assert window.lesson.direction == 30.0


def test_with_the_direction_pane_closed_there_is_no_slice_along_u_and_no_handle(window, qtbot):
    view = window.surface_view
    assert view.lines.layer_visible("direction_slice") and view.lines.layer_visible("handle_knob")
    window.direction_pane_action.trigger()
    qtbot.waitUntil(lambda: not window.direction_dock.isVisible())
    assert not view.lines.layer_visible("direction_slice") and not view.lines.layer_visible("handle_knob")
    assert not view.direction_layers.grabs(*view.world_to_screen(np.zeros(3)))


def test_the_view_menu_shows_the_level_curve_where_f_is_f_of_the_point_at_right_angles_to_grad_f(window, qtbot):
    view = window.surface_view
    assert not view.lines.layer_visible("level_curve")  # off by default
    assert not window.level_curve_action.isChecked()
    window.level_curve_action.trigger()
    assert window.lesson.level_curve
    points, _ = _drawn(view, "level_curve")
    assert len(points) > 20
    np.testing.assert_allclose(f(points[:, 0], points[:, 1]), 11.0, rtol=3e-3)
    np.testing.assert_allclose(points[:, 2], 11.0, atol=1e-3 * 60)
    floor, _ = view.lines.layer("level_floor")
    assert len(floor) > len(points)  # on the floor too, with the right angle's mark
    # The drawn curve's direction at the point, measured, against ∇f there: a right angle.
    assert angle_between(curve_direction_at(points, (1.0, 2.0)), grad(1.0, 2.0)) == pytest.approx(90.0, abs=1.0)
    square, _ = _drawn(view, "right_angle")
    corner = square[0]
    assert corner[:2] == pytest.approx((1.0, 2.0))
    sides = [square[1, :2] - corner[:2], square[-2, :2] - corner[:2]]  # the segments leaving the point
    assert angle_between(*sides) == pytest.approx(90.0, abs=1e-3)  # float32 vertices
    assert min(angle_between(side, grad(1.0, 2.0)) for side in sides) == pytest.approx(0.0, abs=1e-3)
    window.level_curve_action.trigger()
    assert not view.lines.layer_visible("level_curve") and not view.lines.layer_visible("level_floor")


def test_the_gradient_field_is_grad_f_times_the_one_scale_its_caption_states(window, qtbot):
    view = window.surface_view
    assert not view.lines.layer_visible("field") and not view.direction_layers.caption.isVisible()
    window.gradient_field_action.trigger()
    assert window.lesson.gradient_field
    caption = view.direction_layers.caption
    qtbot.waitUntil(caption.isVisible)
    scale = float(re.search(r"× ([0-9.]+)", caption.text()).group(1))
    pos, _ = view.lines.layer("field")
    on_floor = np.isclose(pos[:, 2], FLOOR_Z)
    # On the surface too (Top view sees no floor): each vertex at f's height there.
    lifted = view.mesh.box.to_function(pos[~on_floor].astype(np.float64) - np.array([0.0, 0.0, view.lift]))
    assert len(lifted) > 1000
    np.testing.assert_allclose(lifted[:, 2], f(lifted[:, 0], lifted[:, 1]), rtol=1e-5, atol=1e-4)
    xy = view.mesh.box.to_function(pos[on_floor].astype(np.float64))[:, :2]
    tails, tips = xy[0::6], xy[1::6]  # each arrow: its shaft, then two barbs
    # 15 × 15 cells; the centre one is (0, 0), where ∇f = 0: no arrow there.
    assert len(tails) == 15 * 15 - 1
    assert not np.any(np.hypot(*tails.T) < 1e-6)
    gx, gy = grad(tails[:, 0], tails[:, 1])
    np.testing.assert_allclose(tips - tails, np.column_stack([gx, gy]) * scale, rtol=1e-4, atol=1e-6)
    longest = np.hypot(gx, gy).max()
    assert f"|∇f| = {longest:.3f}" in caption.text().replace(",", "").replace("\n", " ")
    window.gradient_field_action.trigger()
    assert not view.lines.layer_visible("field") and not caption.isVisible()


@pytest.mark.parametrize("name", ["dark", "light"])
def test_the_direction_layers_take_the_themes_colours(window, qtbot, name):
    view = window.surface_view
    window.level_curve_action.trigger()
    window.gradient_field_action.trigger()
    window.set_theme(name)
    current = theme.current()
    for layer, color in (("direction_slice", current.direction_color), ("direction_tangent", current.direction_tangent_color),
                         ("handle_knob", current.direction_color), ("level_curve", current.level_color),
                         ("field", current.field_color)):
        _, colors = view.lines.layer(layer)
        assert len(colors), layer
        expected = np.array(theme.hex_to_rgba(color)) / 255.0
        np.testing.assert_allclose(colors, np.tile(expected, (len(colors), 1)), atol=1e-6, err_msg=layer)
    window.set_theme("light")
