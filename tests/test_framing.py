"""The surface as a solid, without a window: its rim, the side it is seen from, and how
long ∇f's arrow is (core geometry: explorer.core.framing, explorer.core.probe)."""

import math

import numpy as np
import pytest

from explorer.core.framing import low_side_camera, outline_segments, point_hidden
from explorer.core.lesson import Lesson
from explorer.core.mesh import HEIGHT
from explorer.core.probe import GRADIENT_LENGTH, MIN_GRADIENT_FRACTION, probe_geometry

CENTER, DISTANCE = np.array([0.0, 0.0, HEIGHT * 0.45]), 4.7  # the surface view's default orbit


def lesson(function: str, span: float = 2.0, point=(1.0, 1.0), resolution: int = 60) -> Lesson:
    made = Lesson()
    made.update(function=function, x_range=(-span, span), y_range=(-span, span), point=point, resolution=resolution)
    return made


def closed(segments: np.ndarray) -> bool:
    """Every end point of the segments is shared by an even number of them: closed loops."""
    ends, counts = np.unique(np.round(segments, 5), axis=0, return_counts=True)
    return bool((counts % 2 == 0).all())


def test_the_rim_of_a_bowl_is_the_grid_border_at_the_bowls_height():
    bowl = lesson("f(x, y) = x^2 + y^2", resolution=40)
    mesh = bowl.mesh
    rim = outline_segments(mesh)
    assert rim.shape == (2 * 4 * 39, 3)  # 39 edges a side, two ends each
    on_border = np.isclose(np.abs(rim[:, 0]), 1.0, atol=1e-5) | np.isclose(np.abs(rim[:, 1]), 1.0, atol=1e-5)
    assert on_border.all()
    # Its height is f's at the border: x² + y² at (±2, y) and (x, ±2), carried into world units.
    function_units = mesh.box.to_function(rim)
    expected = function_units[:, 0] ** 2 + function_units[:, 1] ** 2
    assert np.allclose(function_units[:, 2], expected, atol=1e-3 * expected.max())
    assert closed(rim)


def test_the_rim_goes_round_a_hole_where_f_is_undefined():
    # √(x² + y² − 1) is undefined inside the unit circle: the sheet has a round hole there.
    ring = lesson("f(x, y) = sqrt(x^2 + y^2 - 1)", resolution=60)
    rim = ring.mesh.box.to_function(outline_segments(ring.mesh))
    radius = np.hypot(rim[:, 0], rim[:, 1])
    inner = radius < 1.5
    assert inner.sum() > 40  # the hole's rim, all round it
    assert np.all(radius[inner] >= 1.0 - 1e-9) and np.all(radius[inner] <= 1.0 + 2 * 4 / 59)  # within a cell of the circle
    angles = np.arctan2(rim[inner, 1], rim[inner, 0])
    assert np.histogram(angles, bins=8, range=(-math.pi, math.pi))[0].min() > 0  # in every direction
    assert closed(rim)


def test_a_saddle_is_seen_from_where_it_is_low_and_a_bowl_from_the_usual_side():
    # x² − y² is low along ±y (its x-ends rise toward a viewer there): look from ±y.
    saddle = lesson("f(x, y) = x^2 - y^2", point=(1.0, 0.5))
    azimuth, _ = low_side_camera(saddle.mesh, None, CENTER, DISTANCE)
    assert min(abs(azimuth - 90), abs(azimuth + 90)) <= 15
    # A bowl is as low on every side: the preferred side wins.
    bowl = lesson("f(x, y) = x^2 + y^2")
    assert low_side_camera(bowl.mesh, None, CENTER, DISTANCE, prefer=30.0)[0] == 30.0
    # The loss L(w, b) = (3 − 2w − b)² is low along its valley 2w + b = 3, direction (1, −2).
    loss = Lesson()
    loss.update(function="L(w, b) = (3 - 2w - b)^2", x_range=(-1, 3), y_range=(-1, 3), point=(0, 0), resolution=60)
    azimuth, _ = low_side_camera(loss.mesh, None, CENTER, DISTANCE)
    valley = math.degrees(math.atan2(-2, 1))  # −63.4°, or the other end at 116.6°
    assert min(abs((azimuth - valley + 180) % 360 - 180), abs((azimuth - valley) % 360 - 180)) <= 20


def test_the_camera_rises_until_the_near_rim_no_longer_hides_the_point():
    # The bottom of the bowl x² + y² seen over its raised near rim: from the usual 28° the
    # rim is in the way, so the camera climbs until it is not.
    bowl = lesson("f(x, y) = x^2 + y^2", point=(0.0, 0.0))
    target = bowl.mesh.box.to_world((0.0, 0.0, 0.0))

    def eye(azimuth, elevation):
        a, e = math.radians(azimuth), math.radians(elevation)
        return CENTER + DISTANCE * np.array([math.cos(e) * math.cos(a), math.cos(e) * math.sin(a), math.sin(e)])

    azimuth, elevation = low_side_camera(bowl.mesh, target, CENTER, DISTANCE)
    assert point_hidden(bowl.mesh, eye(azimuth, 28.0), target)
    assert 28.0 < elevation <= 60.0
    assert not point_hidden(bowl.mesh, eye(azimuth, elevation), target)


def arrow_length(probe, which: str = "gradient_arrow") -> float:
    """World length of an arrow's shaft (function units carried into world units)."""
    return float(np.linalg.norm(np.diff(getattr(probe, which)[:2], axis=0)))


def test_the_gradient_arrow_is_as_long_as_the_gradient_is_steep():
    lessons = lesson("f(x, y) = 3x^2 + 2xy + y^2", span=3.0)
    mesh, surface = lessons.mesh, lessons.surface
    largest = mesh.largest_gradient
    assert largest == pytest.approx(math.hypot(6 * 3 + 2 * 3, 2 * 3 + 2 * 3), rel=1e-9)  # at the corner (3, 3)

    def world_length(point):
        probe = probe_geometry(surface, point, mesh.box, largest_gradient=largest)
        return float(np.linalg.norm(mesh.box.to_world(probe.gradient_arrow[1]) - mesh.box.to_world(probe.gradient_arrow[0])))

    gentle, steep = world_length((1.0, 2.0)), world_length((2.5, 2.5))  # |∇f| = √136 ≈ 11.7 and √500 ≈ 22.4
    assert gentle / steep == pytest.approx(math.sqrt(136) / math.sqrt(500), rel=1e-6)
    assert world_length((3.0, 3.0)) == pytest.approx(GRADIENT_LENGTH)
    # A nearly flat point still gets an arrow one can read.
    assert world_length((0.05, 0.05)) == pytest.approx(MIN_GRADIENT_FRACTION * GRADIENT_LENGTH)
    # ∇f in the tangent plane is as long as its shadow on the floor says.
    probe = probe_geometry(surface, (1.0, 2.0), mesh.box, largest_gradient=largest)
    up = mesh.box.to_world(probe.uphill[1]) - mesh.box.to_world(probe.uphill[0])
    assert np.linalg.norm(up) == pytest.approx(gentle)
