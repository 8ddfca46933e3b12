"""Thinning and cutting the view's polylines, and joining contour cells into lines."""

import numpy as np
import pytest

from explorer.core import function_from_text
from explorer.core.mesh import contour_lines, contour_segments
from explorer.core.polyline import polyline_segments, simplify_polyline


def distance_to_polyline(points: np.ndarray, polyline: np.ndarray) -> np.ndarray:
    """For each point (K, d): its distance to the nearest segment of ``polyline`` (L, d)."""
    a, b = polyline[:-1], polyline[1:]
    ab = b - a
    ap = points[:, None, :] - a[None, :, :]
    u = np.clip((ap * ab).sum(-1) / np.maximum((ab * ab).sum(-1), 1e-300), 0, 1)
    return np.linalg.norm(ap - u[..., None] * ab, axis=-1).min(axis=1)


def test_a_straight_line_thins_to_its_two_ends():
    line = np.column_stack([np.linspace(0, 1, 200), np.linspace(2, 5, 200), np.zeros(200)])
    assert simplify_polyline(line, 1e-6).tolist() == [line[0].tolist(), line[-1].tolist()]


@pytest.mark.parametrize("curve", ["circle", "parabola", "wiggle"])
def test_a_thinned_curve_stays_within_the_tolerance_and_keeps_original_points(curve):
    t = np.linspace(0, 1, 2001)
    if curve == "circle":
        points = np.column_stack([np.cos(2 * np.pi * t), np.sin(2 * np.pi * t)]) * 0.4
    elif curve == "parabola":
        points = np.column_stack([2 * t - 1, (2 * t - 1) ** 2 * 0.6])
    else:
        points = np.column_stack([2 * t - 1, 0.1 * np.sin(25 * t)])
    tolerance = 0.0015
    thin = simplify_polyline(points, tolerance)
    assert len(thin) < len(points) / 4  # far fewer segments to rasterize
    assert (thin[0] == points[0]).all() and (thin[-1] == points[-1]).all()
    assert np.isin(thin.view([("", thin.dtype)] * 2), points.view([("", points.dtype)] * 2)).all()
    assert distance_to_polyline(points, thin).max() <= 2 * tolerance


def test_breaks_stay_breaks_and_no_segment_bridges_them():
    x = np.linspace(0, 1, 50)
    points = np.column_stack([x, x, np.zeros(50)])
    points[25] = np.nan  # a hole
    thin = simplify_polyline(points, 0.01)
    assert np.isnan(thin[:, 0]).sum() == 1
    # Each side keeps its own ends: the points next to the hole survive.
    assert points[24].tolist() in thin.tolist() and points[26].tolist() in thin.tolist()
    pairs = polyline_segments(thin).reshape(-1, 2, 3)
    assert len(pairs) == 2 and np.isfinite(pairs).all()
    assert not ((pairs[:, 0, 0] < 0.5) & (pairs[:, 1, 0] > 0.5)).any()


def grid(text, n=81, lo=-2.0, hi=2.0):
    x = y = np.linspace(lo, hi, n)
    gx, gy = np.meshgrid(x, y, indexing="ij")
    values = function_from_text(text).evaluate(gx, gy)[0]
    values[~np.isfinite(values)] = np.nan
    return values, x, y


def pieces(lines: np.ndarray) -> list[np.ndarray]:
    breaks = np.flatnonzero(np.isnan(lines[:, 0]))
    parts = [part[np.isfinite(part[:, 0])] for part in np.split(lines, breaks)]
    return [part for part in parts if len(part)]


def test_a_bowl_contour_joins_into_one_closed_line_through_every_cell_crossing():
    values, x, y = grid("x^2 + y^2")
    lines = contour_lines(values, x, y, np.array([1.0]))
    [ring] = pieces(lines)
    assert ring[0] == pytest.approx(ring[-1])  # closed
    segments = contour_segments(values, x, y, np.array([1.0]))
    assert len(ring) == len(segments) + 1  # every segment used once
    assert np.hypot(ring[:, 0], ring[:, 1]) == pytest.approx(1.0, abs=2e-3)
    # Walking the ring goes round once: the angle turns through 2π.
    angles = np.unwrap(np.arctan2(ring[:, 1], ring[:, 0]))
    assert abs(angles[-1] - angles[0]) == pytest.approx(2 * np.pi, abs=1e-6)


def test_a_saddle_gives_open_lines_that_end_on_the_grid_edge_and_holes_cut_lines():
    values, x, y = grid("x^2 - y^2")
    lines = pieces(contour_lines(values, x, y, np.array([1.0])))
    assert len(lines) == 2  # the two branches of x² − y² = 1
    for line in lines:
        ends = np.abs(line[[0, -1], :2])
        assert np.isclose(ends, 2.0).any(axis=1).all()  # both ends on the edge of the grid
        assert np.sign(line[0, 0]) == np.sign(line[-1, 0])  # one branch, not bridged across
    values, x, y = grid("ln(x) + y")  # undefined for x ≤ 0
    lines = pieces(contour_lines(values, x, y, np.array([0.5])))
    assert lines and all((line[:, 0] > 0).all() for line in lines)


def test_thin_mask_keeps_a_point_per_spacing_the_ends_and_the_breaks():
    from explorer.core.polyline import thin_mask

    creep = np.column_stack([np.linspace(0, 1, 1001), np.zeros(1001), np.zeros(1001)])  # steps of 0.001
    keep = thin_mask(creep, 0.1)
    assert keep[0] and keep[-1] and 10 <= keep.sum() <= 12  # a point every 0.1 of length
    jumps = np.array([[0, 0, 0], [1, 0, 0], [0, 0, 0], [1, 0, 0]], dtype=float)  # long steps: all kept
    assert thin_mask(jumps, 0.1).all()
    broken = creep.copy()
    broken[500] = np.nan
    kept = thin_mask(broken, 0.1)
    assert kept[499] and kept[500] and kept[501]  # a gap stays a gap, its ends kept
