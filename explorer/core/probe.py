"""The probe at the picked point: the geometry that shows ∂f/∂x, ∂f/∂y and ∇f there.

One function, :func:`probe_geometry`, gives everything the surface view draws at the point
as plain arrays in *function units* (x, y, z = f); the view only maps them to world units
(:meth:`~explorer.core.mesh.WorldBox.to_world`) and uploads them.  Lengths that must look
the same whatever the numbers (a tangent segment, the ∇f arrow) are fixed in world units
and converted back through the box, so a steep slope gives a short, steep segment rather
than one that leaves the box.

- the x-slice f(·, y₀) and the y-slice f(x₀, ·): (K, 3) each, NaN rows where the slice is
  undefined or beyond the box's z range (a spike), so a polyline breaks there;
- the tangent lines through the point with slopes ∂f/∂x (along x) and ∂f/∂y (along y),
  where their "slope …" labels go, and a slope triangle for each (run Δ along the axis,
  rise ∂f·Δ);
- ∇f as an arrow at the point, in the tangent plane (steepest uphill: its shadow on the
  floor is ∇f's direction), and −∇f the other way (downhill); and ∇f on the floor under it.
  Its length says how steep: GRADIENT_LENGTH times |∇f| over the largest |∇f| on the range
  (:func:`gradient_fraction`), never shorter than a readable MIN_GRADIENT_FRACTION of it;
- the tangent plane z = f + f_x·(x − x₀) + f_y·(y − y₀) over ±30 % of the range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .calculus import Function
from .mesh import WorldBox
from .picking import ROUND_STEPS

__all__ = ["Probe", "SlopeTriangle", "probe_geometry", "gradient_fraction", "TANGENT_HALF_LENGTH", "GRADIENT_LENGTH",
           "MIN_GRADIENT_FRACTION"]

TANGENT_HALF_LENGTH = 0.75  #: world units on each side of the point (the box is 2 across)
GRADIENT_LENGTH = 0.8  #: world units, the ∇f arrows' shaft and head at the range's steepest point (the box is 2 across)
#: The shortest ∇f arrow, as a share of GRADIENT_LENGTH (~40 px at the default zoom): a
#: gentle slope's arrow still reads as an arrow, with a head and a direction.
MIN_GRADIENT_FRACTION = 0.2


@dataclass(frozen=True)
class SlopeTriangle:
    """Run Δ along an axis from the point, then rise ∂f·Δ: the tangent is the hypotenuse.
    ``legs`` (4, 3): the run's two ends, then the rise's; function units."""

    run: float
    rise: float
    legs: np.ndarray
SLICE_SAMPLES = 241


@dataclass(frozen=True)
class Probe:
    """What the probe shows at ``point`` = (x₀, y₀); every array is float64, function units.

    ``shown`` is False when the point is outside the box or f is undefined there: then
    nothing but the values is meaningful.
    """

    point: tuple[float, float]
    value: float  # f(x₀, y₀)
    partials: tuple[float, float]  # (∂f/∂x, ∂f/∂y) at the point
    shown: bool
    surface_point: np.ndarray  # (3,) (x₀, y₀, f)
    floor_point: np.ndarray  # (3,) (x₀, y₀, the floor's z)
    slices: tuple[np.ndarray, np.ndarray]  # (K, 3) each: along x (y = y₀), along y (x = x₀)
    tangents: tuple[np.ndarray | None, np.ndarray | None]  # (2, 3) end points each; None where the slope is undefined
    gradient_arrow: np.ndarray | None  # (6, 3) segments on the floor: shaft, two barbs; None where ∇f is 0 or undefined
    plane: np.ndarray | None  # (4, 3) corners, counter-clockwise; None where a partial is undefined
    uphill: np.ndarray | None = None  # (6, 3) ∇f at the point, in the tangent plane; None as gradient_arrow
    downhill: np.ndarray | None = None  # (6, 3) −∇f likewise
    triangles: tuple["SlopeTriangle | None", "SlopeTriangle | None"] = (None, None)

    @property
    def gradient_norm(self) -> float:
        """|∇f| at the point, function units (NaN where a partial is undefined)."""
        return math.hypot(*self.partials)


def gradient_fraction(norm: float, largest: float | None) -> float:
    """The ∇f arrow's length as a share of GRADIENT_LENGTH: ``norm`` / ``largest`` (|∇f| at
    the point over the largest on the range), between MIN_GRADIENT_FRACTION and 1.  Without
    a finite, positive ``largest`` (a flat or unknown range) the arrow is full length."""
    if largest is None or not (math.isfinite(largest) and largest > 0) or not math.isfinite(norm):
        return 1.0
    return min(1.0, max(MIN_GRADIENT_FRACTION, norm / largest))


def _unit(vector: np.ndarray) -> np.ndarray:
    """``vector`` scaled to length 1, without overflow for huge components (a slope of
    10³⁰⁷ squared is beyond a float)."""
    vector = vector / np.max(np.abs(vector))
    return vector / np.linalg.norm(vector)


def probe_geometry(function: Function, point: tuple[float, float], box: WorldBox, samples: int = SLICE_SAMPLES,
                   largest_gradient: float | None = None) -> Probe:
    """The probe of ``function`` (two variables) at ``point`` inside ``box``;
    ``largest_gradient``: the largest |∇f| on the range (function units), which the ∇f
    arrows' lengths are measured against (None: full length)."""
    x0, y0 = float(point[0]), float(point[1])
    value, fx, fy = function.evaluate_point((x0, y0))
    # At a corner (|x| at 0) a partial is undefined: no tangent, no ∇f, no plane there.
    kinks = function.kinks_at((x0, y0)) if math.isfinite(value) else (None, None)
    fx, fy = (math.nan if kink else slope for kink, slope in zip(kinks, (fx, fy)))
    (xa, xb), (ya, yb) = box.x_range, box.y_range
    inside = xa <= x0 <= xb and ya <= y0 <= yb
    floor_z = float(box.offset[2])
    surface_point = np.array([x0, y0, value])
    floor_point = np.array([x0, y0, floor_z])
    empty = np.zeros((0, 3))
    if not (inside and math.isfinite(value)):
        return Probe((x0, y0), value, (fx, fy), False, surface_point, floor_point, (empty, empty), (None, None), None, None)

    # The slices: hold y at y₀ (x varies), hold x at x₀ (y varies).  The z range comes from
    # the grid, and a minimum between grid nodes lies a hair below it: clip such values onto
    # the range (no gap at the bottom of a bowl); cut off only what is really beyond it.
    s = np.linspace(0.0, 1.0, samples)
    xs, ys = xa + s * (xb - xa), ya + s * (yb - ya)
    lo, hi = box.z_range
    margin = 0.02 * (hi - lo)
    slices = []
    for px, py in ((xs, np.full_like(xs, y0)), (np.full_like(ys, x0), ys)):
        z = function.evaluate(px, py)[0]
        z = np.where((z >= lo - margin) & (z <= hi + margin), np.clip(z, lo, hi), np.nan)
        slices.append(np.column_stack([px, py, z]))

    # The tangent lines: a fixed world length, their direction (1, 0, f_x) and (0, 1, f_y).
    scale = box.scale
    tangents = []
    for direction, slope in ((np.array([1.0, 0.0, 0.0]), fx), (np.array([0.0, 1.0, 0.0]), fy)):
        if not math.isfinite(slope):
            tangents.append(None)
            continue
        d = direction.copy()
        d[2] = slope
        half = TANGENT_HALF_LENGTH * _unit(d * scale) / scale  # back to function units
        tangents.append(np.array([surface_point - half, surface_point + half]))

    arrow = uphill = downhill = None
    if math.isfinite(fx) and math.isfinite(fy) and math.hypot(fx, fy) > 1e-12:
        g = _unit(np.array([fx * scale[0], fy * scale[1], 0.0]))  # world units, on the floor
        length = GRADIENT_LENGTH * gradient_fraction(math.hypot(fx, fy), largest_gradient)
        arrow = floor_point + _arrow(g, np.array([-g[1], g[0], 0.0]), length) / scale
        # In the tangent plane: along (f_x, f_y) f rises f_x² + f_y² per unit of the
        # parameter, so (f_x, f_y, f_x² + f_y²) is the steepest way up the plane.
        big = max(abs(fx), abs(fy))
        fxs, fys = fx / big, fy / big  # no overflow squaring a slope of 10³⁰⁰
        up = _unit(np.array([fxs, fys, big * (fxs * fxs + fys * fys)]) * scale)
        side = np.array([-g[1], g[0], 0.0])  # across the arrow, level
        uphill = surface_point + _arrow(up, side, length) / scale
        downhill = surface_point + _arrow(-up, side, length) / scale
    triangles = tuple(_triangle(surface_point, axis, slope, box) for axis, slope in ((0, fx), (1, fy)))

    plane = None
    if math.isfinite(fx) and math.isfinite(fy):
        hx, hy = 0.3 * (xb - xa), 0.3 * (yb - ya)
        corners = np.array([(x0 + a * hx, y0 + b * hy) for a, b in ((-1, -1), (1, -1), (1, 1), (-1, 1))])
        z = value + fx * (corners[:, 0] - x0) + fy * (corners[:, 1] - y0)
        plane = np.column_stack([corners, z])
    return Probe((x0, y0), value, (fx, fy), True, surface_point, floor_point, tuple(slices), tuple(tangents), arrow, plane,
                 uphill, downhill, triangles)


def _arrow(direction: np.ndarray, side: np.ndarray, length: float = GRADIENT_LENGTH) -> np.ndarray:
    """(6, 3) world segments from the origin: shaft, two barbs; ``direction`` a unit vector,
    ``side`` a unit vector across it, ``length`` world units.  The head keeps its size (a
    short arrow's head is what says "arrow"), up to half the shaft."""
    tip = length * direction
    head = min(0.11, 0.5 * length)
    back = tip - head * direction
    return np.array([np.zeros(3), tip, tip, back + head * 0.55 * side, tip, back - head * 0.55 * side])


def _triangle(point: np.ndarray, axis: int, slope: float, box: WorldBox) -> SlopeTriangle | None:
    """The slope triangle along ``axis`` (0: x, 1: y): the first run of ROUND_STEPS that stays in
    the box, with its rise inside the box's height too (half as much again above it);
    forward along the axis, backward where only that fits."""
    if not math.isfinite(slope):
        return None
    lo, hi = (box.x_range, box.y_range)[axis]
    z_lo, z_hi = box.z_range
    z_lo -= 0.02 * (z_hi - z_lo)  # the grid's lowest value lies a hair above a bowl's bottom
    for run in ROUND_STEPS:  # a slope triangle's run: the first round number that fits
        for sign in (1.0, -1.0):  # forward along the axis, as the lesson draws it, where it fits
            end = point[axis] + sign * run
            rise = slope * sign * run
            if lo <= end <= hi and z_lo <= point[2] + rise <= z_hi + 0.5 * (z_hi - z_lo):
                corner = point.copy()
                corner[axis] = end
                top = corner.copy()
                top[2] = point[2] + rise
                return SlopeTriangle(sign * run, rise, np.array([point, corner, corner, top]))
    return None
