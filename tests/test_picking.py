"""Pick geometry without a window: rays through known points hit them; misses miss."""

import math

import numpy as np
import pytest

from explorer.core import function_from_text
from explorer.core.mesh import WorldBox, contour_lines, contour_segments, grid_faces, nice_ticks, surface_mesh
from explorer.core.polyline import polyline_segments
from explorer.core.picking import intersect_function, project_point, ray_through_pixel

LESSON = function_from_text("3x^2 + 2xy + y^2")
LUT = np.linspace(0, 1, 16)[:, None].repeat(4, axis=1)


def height(function):
    return lambda xs, ys: function.evaluate(xs, ys)[0]


def perspective(fov=60.0, aspect=4 / 3, near=0.1, far=100.0):
    f = 1 / math.tan(math.radians(fov) / 2)
    return np.array([
        [f / aspect, 0, 0, 0],
        [0, f, 0, 0],
        [0, 0, (far + near) / (near - far), 2 * far * near / (near - far)],
        [0, 0, -1, 0],
    ])


def look_at(eye, target, up=(0, 0, 1)):
    eye, target, up = (np.asarray(v, dtype=float) for v in (eye, target, up))
    f = target - eye
    f /= np.linalg.norm(f)
    s = np.cross(f, up)
    s /= np.linalg.norm(s)
    u = np.cross(s, f)
    m = np.eye(4)
    m[0, :3], m[1, :3], m[2, :3] = s, u, -f
    m[:3, 3] = -m[:3, :3] @ eye
    return m


@pytest.mark.parametrize("point", [(1.0, 2.0), (-2.5, 0.3), (0.0, 0.0), (2.9, -2.9)])
@pytest.mark.parametrize("eye", [(5, -6, 40), (-8, 3, 70), (0.1, 0.1, 90)])
def test_a_ray_aimed_at_a_surface_point_hits_it(point, eye):
    target = np.array([*point, LESSON.value_at(point)])
    direction = target - np.asarray(eye, dtype=float)
    hit = intersect_function(np.asarray(eye, float), direction / np.linalg.norm(direction), height(LESSON), (-3, 3), (-3, 3), (-1, 60))
    assert hit is not None
    assert hit.point[:2] == pytest.approx(point, abs=1e-7)
    assert hit.point[2] == pytest.approx(LESSON.value_at(hit.point[:2]), rel=1e-12)


def test_the_picked_point_lies_on_the_function_not_on_the_mesh():
    # A coarse, bumpy function: a mesh-based pick would be far off; the function pick is exact.
    bumps = function_from_text("sin(3x) cos(3y)")
    origin = np.array([0.37, -0.61, 5.0])
    hit = intersect_function(origin, np.array([0.0, 0.0, -1.0]), height(bumps), (-2, 2), (-2, 2), (-1.1, 1.1))
    assert hit.point[:2] == pytest.approx((0.37, -0.61), abs=1e-12)
    assert hit.point[2] == pytest.approx(math.sin(1.11) * math.cos(-1.83), rel=1e-6)


def test_a_ray_that_misses_the_box_or_passes_above_reports_a_miss():
    above = intersect_function(np.array([-10.0, 0.0, 80.0]), np.array([1.0, 0.0, 0.0]), height(LESSON), (-3, 3), (-3, 3), (0, 60))
    assert above is None
    outside = intersect_function(np.array([10.0, 10.0, 10.0]), np.array([0.0, 0.0, -1.0]), height(LESSON), (-3, 3), (-3, 3), (0, 60))
    assert outside is None


def test_a_grazing_ray_along_a_flat_plane_misses_and_one_just_below_hits():
    plane = function_from_text("0x + 0y + 1")
    grazing = intersect_function(np.array([-5.0, 0.0, 1.0 + 1e-9]), np.array([1.0, 0.0, 0.0]), height(plane), (-3, 3), (-3, 3), (0, 2))
    assert grazing is None
    tilted = np.array([1.0, 0.0, -0.01])
    hit = intersect_function(np.array([-3.0, 0.0, 1.02]), tilted / np.linalg.norm(tilted), height(plane), (-3, 3), (-3, 3), (0, 2))
    assert hit.point[0] == pytest.approx(-1.0, abs=1e-9)


def test_a_ray_through_a_hole_goes_on_to_what_lies_behind():
    # sqrt(1 - x² - y²) is undefined outside the unit disc: a ray there finds nothing,
    # a ray through the dome finds its top.
    dome = function_from_text("sqrt(1 - x^2 - y^2)")
    miss = intersect_function(np.array([1.5, 1.5, 5.0]), np.array([0.0, 0.0, -1.0]), height(dome), (-2, 2), (-2, 2), (0, 1))
    assert miss is None
    hit = intersect_function(np.array([0.0, 0.0, 5.0]), np.array([0.0, 0.0, -1.0]), height(dome), (-2, 2), (-2, 2), (0, 1))
    assert hit.point[2] == pytest.approx(1.0)


def test_pixel_ray_and_projection_are_inverse():
    projection, view = perspective(), look_at((4, -5, 3), (0, 0, 0.5))
    point = np.array([0.3, -0.2, 0.7])
    px, py = project_point(point, 1024, 768, projection, view)
    origin, direction = ray_through_pixel(px, py, 1024, 768, projection, view)
    # The point lies on the ray: its distance from the ray is ~0.
    off = (point - origin) - np.dot(point - origin, direction) * direction
    assert np.linalg.norm(off) < 1e-9
    assert 0 <= px <= 1024 and 0 <= py <= 768


def test_world_box_round_trips_and_puts_the_floor_below_the_surface():
    box = WorldBox((-3, 3), (-1, 5), (0, 54))
    p = np.array([[1.0, 2.0, 11.0], [-3, -1, 0], [3, 5, 54]])
    assert box.to_function(box.to_world(p)) == pytest.approx(p)
    assert box.to_world(p)[1, :2] == pytest.approx([-1, -1])
    assert box.to_world(p)[1, 2] > 0  # the lowest value floats above the floor


def test_mesh_normals_come_from_the_partials_and_holes_drop_faces():
    mesh = surface_mesh(function_from_text("x^2 - y^2"), (-1, 1), (-1, 1), 21, LUT)
    assert mesh.faces.shape == grid_faces(21).shape  # no holes
    assert np.allclose(np.linalg.norm(mesh.normals, axis=1), 1.0, atol=1e-6)
    centre = 10 * 21 + 10  # (0, 0): a saddle point, flat
    assert mesh.normals[centre] == pytest.approx([0, 0, 1], abs=1e-6)
    dome = surface_mesh(function_from_text("sqrt(1 - x^2 - y^2)"), (-1.5, 1.5), (-1.5, 1.5), 41, LUT)
    assert dome.has_holes and len(dome.faces) < len(grid_faces(41))
    used = np.unique(dome.faces)
    assert np.isfinite(dome.values.ravel()[used]).all()


def test_spikes_are_clipped_and_said_so():
    spike = surface_mesh(function_from_text("1/(x^2 + y^2)"), (-2, 2), (-2, 2), 101, LUT)
    assert spike.clipped
    assert spike.box.z_range[1] < 1000


def test_contours_of_a_bowl_are_circles():
    bowl = function_from_text("x^2 + y^2")
    x = y = np.linspace(-2, 2, 81)
    gx, gy = np.meshgrid(x, y, indexing="ij")
    segments = contour_segments(bowl.evaluate(gx, gy)[0], x, y, np.array([1.0]))
    radii = np.hypot(segments[..., 0], segments[..., 1])
    assert len(segments) > 20
    assert radii == pytest.approx(1.0, abs=2e-3)


@pytest.mark.parametrize("text, poles", [
    ("1/x + 0y", True), ("tan(x) + y", True), ("1/x + 100 + 0y", True), ("x/(x^2 + y^2 - 1)", True),
    ("atan(1000x) + 0y", False), ("sin(20x)cos(20y)", False), ("3x^2 + 2xy + y^2", False), ("ln(abs(x)) + 0y", False),
])
def test_a_pole_between_grid_nodes_cuts_the_surface_instead_of_walling_it(text, poles):
    # At an even resolution no node lies on x = 0: the nodes beside a pole hold −66 and +66.
    mesh = surface_mesh(function_from_text("f(x, y) = " + text), (-3, 3), (-3, 3), 200, LUT)
    assert mesh.has_poles == poles
    if text == "1/x + 0y":
        # Every face still drawn stays on one side of x = 0, and only the column of cells
        # across it went: 199 cells, two faces each.
        xs = mesh.x[mesh.faces // 200]
        assert ((xs < 0).all(axis=1) | (xs > 0).all(axis=1)).all()
        assert len(grid_faces(200)) - len(mesh.faces) == 2 * 199


@pytest.mark.parametrize("text", ["x^2 sin(1/x) + y", "sin(1/x) + y", "x sin(1/x) + y"])
@pytest.mark.parametrize("n", [14, 20, 30, 32, 58, 78])
def test_an_undefined_point_that_is_no_pole_does_not_cut_the_surface(text, n):
    # At these resolutions a bisection lands exactly on x = 0, where sin(1/x) is NaN.
    assert not surface_mesh(function_from_text("f(x, y) = " + text), (-3, 3), (-3, 3), n, LUT).has_poles


def test_contour_lines_leave_out_the_cells_cut_at_a_pole():
    mesh = surface_mesh(function_from_text("f(x, y) = tan(x) + y"), (-3, 3), (-3, 3), 120, LUT)
    assert mesh.has_poles
    levels = np.linspace(*mesh.box.z_range, 13)[1:-1]

    def segments_in_cut_cells(lines):
        # Each segment joins two crossings of one cell's edges: its middle is inside that cell.
        middles = polyline_segments(lines).reshape(-1, 2, 3).mean(axis=1)
        ci = np.searchsorted(mesh.x, middles[:, 0]) - 1
        cj = np.searchsorted(mesh.y, middles[:, 1]) - 1
        return int(mesh.cut_cells[ci, cj].sum())

    assert segments_in_cut_cells(contour_lines(mesh.values, mesh.x, mesh.y, levels)) > 100  # the ladder
    assert segments_in_cut_cells(contour_lines(mesh.values, mesh.x, mesh.y, levels, mesh.cut_cells)) == 0


def test_snapping_takes_the_coarsest_round_point_seen_near_the_click():
    from explorer.core.picking import snap_to_round

    # A screen of 100 px per unit in x and 10 in y (a foreshortened direction).
    def screen_of(x, y):
        return (100.0 * x, 10.0 * y)

    ranges = ((-3.0, 3.0), (-3.0, 3.0))
    assert snap_to_round(1.02, 1.9, (102.0, 19.0), screen_of, *ranges) == (1.0, 2.0)  # 2 px and 1 px off: 2.2 px
    # x = 0.3512: 0.5, 0.25 and 0.4 are over 3 px away, 0.35 is not (and 1.6 is 0.2 px off).
    assert snap_to_round(0.3512, 1.62, (35.12, 16.2), screen_of, *ranges) == (0.35, 1.6)  # the 0.05 grid
    zoomed = lambda x, y: (1000.0 * x, 1000.0 * y)  # noqa: E731 - zoomed in: 0.4 and 0.35 are 20+ px off
    assert snap_to_round(0.3712, 1.6204, (371.2, 1620.4), zoomed, *ranges) == (0.37, 1.62)  # the 0.01 grid
    assert snap_to_round(0.3746, 1.6204, (374.6, 1620.4), zoomed, *ranges) == (0.375, 1.62)  # 0.37 is 4.6 px off, 0.375 is 0.4
    # A round point outside the ranges, or where f is undefined, is never taken.
    assert snap_to_round(2.98, 0.0, (298.0, 0.0), screen_of, (-3.0, 2.99), (-3.0, 3.0)) == (2.98, 0.0)
    assert snap_to_round(1.02, 2.0, (102.0, 20.0), lambda x, y: None, *ranges) == (1.02, 2.0)


def test_the_grid_is_covered_by_two_triangles_a_cell_both_facing_up():
    # The surface's top is its lit front face (gl_items' shader): every triangle must wind
    # counter-clockwise seen from +z, and each cell be the two halves of its own four corners.
    n = 6
    i, j = np.divmod(np.arange(n * n), n)  # vertex k = i·n + j: x along i, y along j
    faces = grid_faces(n)
    assert faces.shape == (2 * (n - 1) ** 2, 3) and faces.dtype == np.uint32
    p = np.stack([i, j], axis=1)[faces.astype(int)]  # (F, 3, 2)
    cross = (p[:, 1, 0] - p[:, 0, 0]) * (p[:, 2, 1] - p[:, 0, 1]) - (p[:, 1, 1] - p[:, 0, 1]) * (p[:, 2, 0] - p[:, 0, 0])
    assert np.all(cross == 1)  # counter-clockwise, half a unit cell each
    cells = {}
    for face, corners in zip(faces, p):
        cell = (int(corners[:, 0].min()), int(corners[:, 1].min()))
        cells.setdefault(cell, set()).update(int(v) for v in face)
    assert len(cells) == (n - 1) ** 2
    assert all(vertices == {a * n + b, (a + 1) * n + b, a * n + b + 1, (a + 1) * n + b + 1}
               for (a, b), vertices in cells.items())


def test_the_z_ticks_stay_put_while_the_resolution_changes():
    # The default bowl's lowest sample is 0 itself at an odd resolution and a hair above it at
    # an even one: the axis kept "0" at one and dropped it at the next, a blinking label.
    f = function_from_text("3x^2 + 2xy + y^2")
    ranges = [surface_mesh(f, (-3, 3), (-3, 3), n, LUT).box.z_range for n in (198, 199, 200, 201)]
    assert ranges[1][0] == 0.0 and ranges[2][0] > 0.0  # the samples differ…
    ticks = [list(nice_ticks(lo, hi, 5)) for lo, hi in ranges]
    assert all(t == ticks[0] for t in ticks) and ticks[0][0] == 0.0  # …the ticks do not
    assert list(nice_ticks(0.5, 10, 5)) == [2.5, 5.0, 7.5, 10.0]  # a tick further out is still left out
