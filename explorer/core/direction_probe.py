"""What the surface draws for a direction u at the point: the slice along u, its tangent, the
handle that turns u, the level curve with its right angle, and the gradient field's arrows.

Plain arrays in *function units* (x, y, z = f), as :mod:`.probe` gives the x and y slices;
the view maps them to world units and uploads them.  Lengths that must look the same
whatever the numbers (the tangent, the handle's arrow, the right angle's square) are fixed
in world units and converted back through the box.

A right angle in (x, y) is drawn as the world image of the two true directions: where the
box's x and y ranges have the same span (the lesson's) it is a square; on a box squeezed
one way it is the parallelogram that the squeezed contour map itself shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

import numpy as np

from .calculus import Function
from .mesh import WorldBox
from .probe import SLICE_SAMPLES, TANGENT_HALF_LENGTH, _arrow, _unit

# directional and level_curves are imported where a layer is first drawn (late): the surface view
# imports this module, and its first frame draws no direction, level curve or field.
if TYPE_CHECKING:
    from .directional import Direction, DirectionalSlope
    from .level_curves import GradientField

__all__ = ["DirectionGeometry", "direction_geometry", "LevelGeometry", "level_geometry", "field_segments",
           "angle_from_ray", "gradient_field_for", "HANDLE_LENGTH", "RIGHT_ANGLE_SIDE"]

HANDLE_LENGTH = 0.42  #: world units: u drawn from the point on the tangent plane; its tip is the handle
RIGHT_ANGLE_SIDE = 0.13  #: world units: the side of the square that marks the right angle


@dataclass(frozen=True)
class DirectionGeometry:
    """The slice of f along u through the point, and u at the point.

    ``slice`` (K, 3): f(x₀ + t·u) for t across the box, NaN rows where undefined or beyond the
    box's height; ``t`` (K,) its parameter (distance along u); ``tangent`` (2, 3) the tangent
    line with slope D_u f (None where D_u f is not a finite two-sided slope); ``arrow`` (6, 3)
    u on the tangent plane: shaft, two barbs (None as ``tangent``); ``handle`` (3,) its tip,
    the point the student drags (on a flat point of no tangent plane, at f's height)."""

    slope: DirectionalSlope
    t: np.ndarray
    slice: np.ndarray
    tangent: np.ndarray | None
    arrow: np.ndarray | None
    handle: np.ndarray


def _line_in_box(point: tuple[float, float], u: tuple[float, float], box: WorldBox) -> tuple[float, float]:
    """[t₀, t₁]: where the line point + t·u runs inside the box's floor."""
    lo, hi = -math.inf, math.inf
    for p, d, (a, b) in zip(point, u, (box.x_range, box.y_range)):
        if abs(d) < 1e-15:
            continue
        t0, t1 = sorted(((a - p) / d, (b - p) / d))
        lo, hi = max(lo, t0), min(hi, t1)
    return (lo, hi) if lo < hi else (0.0, 0.0)


def direction_geometry(function: Function, point: Sequence[float], direction: Direction, box: WorldBox,
                       samples: int = SLICE_SAMPLES) -> DirectionGeometry:
    """The slice along ``direction`` through ``point`` (inside ``box``), its tangent and handle."""
    from .directional import directional_derivative

    x0, y0 = float(point[0]), float(point[1])
    slope = directional_derivative(function, (x0, y0), direction)
    u = direction.u
    t0, t1 = _line_in_box((x0, y0), u, box)
    t = np.linspace(t0, t1, samples)
    line = function.restrict_to_line((x0, y0), u)
    z = np.asarray(line.evaluate(t)[0], dtype=np.float64)
    lo, hi = box.z_range
    margin = 0.02 * (hi - lo)
    with np.errstate(invalid="ignore"):
        z = np.where((z >= lo - margin) & (z <= hi + margin), np.clip(z, lo, hi), np.nan)
    curve = np.column_stack([x0 + t * u[0], y0 + t * u[1], z])

    value = function.value_at((x0, y0))
    surface_point = np.array([x0, y0, value])
    scale = box.scale
    tangent = arrow = None
    if slope.gradient is not None and math.isfinite(slope.slope):
        along = _unit(np.array([u[0], u[1], slope.slope]) * scale)  # world units
        tangent = np.array([surface_point - TANGENT_HALF_LENGTH * along / scale,
                            surface_point + TANGENT_HALF_LENGTH * along / scale])
        side = _unit(np.array([-u[1] * scale[0], u[0] * scale[1], 0.0]))
        arrow = surface_point + _arrow(along, side, HANDLE_LENGTH) / scale
        handle = arrow[1].copy()
    else:  # a corner: no tangent plane, the handle level with the point
        flat = _unit(np.array([u[0] * scale[0], u[1] * scale[1], 0.0]))
        handle = surface_point + HANDLE_LENGTH * flat / scale
    return DirectionGeometry(slope, t, curve, tangent, arrow, handle)


def angle_from_ray(origin: np.ndarray, ray: np.ndarray, point: Sequence[float], value: float,
                   gradient: tuple[float, float] | None) -> float | None:
    """θ in degrees [0°, 360°) that a drag of the handle asks for: where the ray ``origin`` +
    s·``ray`` (function units, s > 0) meets the tangent plane at ``point`` (the plane z =
    ``value`` where there is no ∇f), the direction from the point to there.  None where the
    ray runs along the plane, meets it behind the eye, or hits the point itself."""
    x0, y0 = float(point[0]), float(point[1])
    fx, fy = gradient if gradient is not None else (0.0, 0.0)
    denominator = ray[2] - fx * ray[0] - fy * ray[1]
    if not math.isfinite(denominator) or abs(denominator) < 1e-12 * max(1.0, float(np.abs(ray).max())):
        return None
    s = (value + fx * (origin[0] - x0) + fy * (origin[1] - y0) - origin[2]) / denominator
    if not (math.isfinite(s) and s > 0):
        return None
    dx, dy = origin[0] + s * ray[0] - x0, origin[1] + s * ray[1] - y0
    if math.hypot(dx, dy) == 0:
        return None
    return math.degrees(math.atan2(dy, dx)) % 360.0


@dataclass(frozen=True)
class LevelGeometry:
    """The level curve f = f(point) through the point, and ∇f crossing it.

    ``curve`` (K, 3): the curve in (x, y) at the level's height (function units; the view
    draws it on the surface and on the floor); ``square`` (5, 2) the right angle's mark at
    the point in (x, y), a closed polyline with sides along ∇f and along the curve (None
    where ∇f is 0 or undefined); ``tangent`` the level direction (−f_y, f_x)/|∇f|."""

    level: float
    curve: np.ndarray
    square: np.ndarray | None
    tangent: tuple[float, float] | None


def level_geometry(function: Function, point: Sequence[float], box: WorldBox) -> LevelGeometry:
    """The level curve through ``point`` over the box and the mark of its right angle with ∇f."""
    from .level_curves import level_curve, level_tangent

    x0, y0 = float(point[0]), float(point[1])
    curve = level_curve(function, (x0, y0), box.x_range, box.y_range)
    value, fx, fy = function.evaluate_point((x0, y0))
    tangent = level_tangent((fx, fy)) if not any(function.kinks_at((x0, y0))) else None
    square = None
    if tangent is not None:
        scale = box.scale[:2]
        along_gradient = _unit(np.array([fx, fy]) * scale) * RIGHT_ANGLE_SIDE / scale  # function units
        along_curve = _unit(np.array(tangent) * scale) * RIGHT_ANGLE_SIDE / scale
        p = np.array([x0, y0])
        square = np.array([p, p + along_gradient, p + along_gradient + along_curve, p + along_curve, p])
    return LevelGeometry(float(value), curve, square, tangent)


def field_segments(field: GradientField, box: WorldBox) -> np.ndarray:
    """The field's arrows as (6M, 2) 'lines' pairs in (x, y) function units: each arrow's
    shaft from its tail to tail + ∇f × scale (exactly the core's arrow), then two barbs whose
    size is a share of the arrow (an arrow a tenth as long has a head a tenth as large, so no
    arrow reads longer than it is).  Arrows undefined or of zero length are left out."""
    tails, arrows = field.points, field.arrows
    keep = np.isfinite(arrows).all(axis=1) & (np.hypot(arrows[:, 0], arrows[:, 1]) > 0)
    tails, arrows = tails[keep], arrows[keep]
    tips = tails + arrows
    scale = box.scale[:2]
    world = arrows * scale
    side = np.column_stack([-world[:, 1], world[:, 0]])
    back = tips - 0.3 * arrows
    barb = 0.15 * side / scale
    out = np.empty((6 * len(tails), 2))
    out[0::6], out[1::6] = tails, tips
    out[2::6], out[3::6] = tips, back + barb
    out[4::6], out[5::6] = tips, back - barb
    return out


def gradient_field_for(function: Function, box: WorldBox) -> GradientField:
    """The field over the box's ranges (one scale for all its arrows: see :func:`gradient_field`)."""
    from .level_curves import gradient_field

    return gradient_field(function, box.x_range, box.y_range)
