"""The level curve through a point, its right angle with ∇f, and a gradient field over a grid.

Along the level curve f does not change, so its tangent direction t has D_t f = ∇f·t = 0:
the level curve crosses ∇f at a right angle.  :func:`level_curve` traces the curve from the
surface's values (marching squares, :func:`~explorer.core.mesh.contour_lines`), so the right
angle it shows is measured, not assumed; :func:`level_tangent` is the tangent from ∇f.

Conventions: function units throughout (x, y and f as the function has them); grids are
``ij`` (values[i, j] at (x[i], y[j])); angles in degrees.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .calculus import Function
from .mesh import contour_lines
from .notation import format_value

__all__ = ["level_curve", "level_tangent", "angle_between", "curve_direction_at", "GradientField", "gradient_field",
           "LEVEL_RESOLUTION", "FIELD_ARROWS"]

LEVEL_RESOLUTION = 161  #: grid nodes a side the level curve is traced on
FIELD_ARROWS = 15  #: arrows a side of the gradient field (off by default: a landscape's uphill at a glance)
LONGEST_ARROW = 0.9  #: the longest arrow, as a share of the grid spacing: arrows never overlap


def level_curve(function: Function, point: Sequence[float], x_range: tuple[float, float], y_range: tuple[float, float],
                resolution: int = LEVEL_RESOLUTION) -> np.ndarray:
    """The piece of the level curve f = f(point) that passes through ``point``, traced on a
    ``resolution``² grid over the ranges: (K, 3) float64 (x, y, level), one polyline (a
    closed curve ends on its first point).  Empty (0, 3) where f is undefined at the point
    or the curve cannot be traced (a flat function: every point is on it)."""
    x0, y0 = float(point[0]), float(point[1])
    level = function.value_at((x0, y0))
    if not math.isfinite(level):
        return np.empty((0, 3))
    x = np.linspace(*x_range, resolution)
    y = np.linspace(*y_range, resolution)
    values = function.evaluate(*np.meshgrid(x, y, indexing="ij"))[0]
    lines = contour_lines(values, x, y, np.array([level]))
    if len(lines) == 0:
        return np.empty((0, 3))
    # The pieces are separated by NaN rows: keep the one passing nearest the point.
    breaks = np.nonzero(np.isnan(lines[:, 0]))[0]
    pieces = np.split(lines, breaks)
    pieces = [p[~np.isnan(p[:, 0])] for p in pieces]
    pieces = [p for p in pieces if len(p) >= 2]
    if not pieces:
        return np.empty((0, 3))
    return min(pieces, key=lambda p: float(np.min(np.hypot(p[:, 0] - x0, p[:, 1] - y0))))


def curve_direction_at(curve: np.ndarray, point: Sequence[float]) -> tuple[float, float] | None:
    """The unit direction of ``curve`` (K, 3) at its segment nearest ``point`` (the chord of
    that segment's two ends); None for a curve of fewer than two points."""
    if len(curve) < 2:
        return None
    a, b = curve[:-1, :2], curve[1:, :2]
    p = np.array([float(point[0]), float(point[1])])
    d = b - a
    length2 = np.einsum("ij,ij->i", d, d)
    s = np.clip(np.einsum("ij,ij->i", p - a, d) / np.where(length2 > 0, length2, 1.0), 0.0, 1.0)
    nearest = a + s[:, None] * d
    distance = np.hypot(*(nearest - p).T)
    distance[length2 == 0] = np.inf
    k = int(np.argmin(distance))
    if not math.isfinite(distance[k]):
        return None
    return tuple(d[k] / math.sqrt(length2[k]))  # type: ignore[return-value]


def level_tangent(gradient: Sequence[float]) -> tuple[float, float] | None:
    """The level curve's tangent direction from ∇f = (f_x, f_y): (−f_y, f_x)/|∇f|, ∇f turned a
    quarter turn counter-clockwise; None where ∇f is 0 or undefined (no level direction)."""
    fx, fy = (float(g) for g in gradient)
    norm = math.hypot(fx, fy)
    if not (math.isfinite(norm) and norm > 0):
        return None
    return -fy / norm, fx / norm


def angle_between(a: Sequence[float], b: Sequence[float]) -> float:
    """The angle between two plane vectors, degrees in [0°, 180°] (nan for a zero vector):
    the level curve's tangent and ∇f give 90°."""
    na, nb = math.hypot(*a), math.hypot(*b)
    if not (na > 0 and nb > 0):
        return math.nan
    cosine = (a[0] * b[0] + a[1] * b[1]) / (na * nb)
    return math.degrees(math.acos(max(-1.0, min(1.0, cosine))))


@dataclass(frozen=True)
class GradientField:
    """∇f on a grid, as arrows drawn to one honest scale.

    ``points`` (M, 2) the arrows' tails; ``arrows`` (M, 2) the arrows themselves, ∇f times
    ``scale`` (function units of length per unit of slope); nan rows where ∇f is undefined.
    ``largest`` is the largest |∇f| on the grid; its arrow is LONGEST_ARROW of ``spacing``."""

    points: np.ndarray
    arrows: np.ndarray
    scale: float
    largest: float
    spacing: float

    def caption(self, name: str = "f") -> str:
        """The scale said: ``arrows to scale: the longest, |∇f| = 42.2, is 0.45 long``."""
        if not (math.isfinite(self.largest) and self.largest > 0):
            return f"∇{name} is zero everywhere here: no arrows"
        return (f"arrows to one scale: length = |∇{name}| × {format_value(self.scale, 6)}; the longest, "
                f"|∇{name}| = {format_value(self.largest)}, is {format_value(self.largest * self.scale)} long")


def gradient_field(function: Function, x_range: tuple[float, float], y_range: tuple[float, float],
                   count: int = FIELD_ARROWS) -> GradientField:
    """∇f at ``count``² points, the centres of a ``count`` × ``count`` grid of cells over the
    ranges, with one scale for all arrows (none stretched, none shrunk on its own)."""
    xs = x_range[0] + (np.arange(count) + 0.5) * (x_range[1] - x_range[0]) / count
    ys = y_range[0] + (np.arange(count) + 0.5) * (y_range[1] - y_range[0]) / count
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    _, fx, fy = function.evaluate(gx, gy)
    points = np.column_stack([gx.ravel(), gy.ravel()])
    vectors = np.column_stack([fx.ravel(), fy.ravel()])
    vectors[~np.isfinite(vectors).all(axis=1)] = np.nan
    spacing = min((x_range[1] - x_range[0]) / count, (y_range[1] - y_range[0]) / count)
    with np.errstate(all="ignore"):
        norms = np.hypot(vectors[:, 0], vectors[:, 1])
    largest = float(np.nanmax(norms)) if np.isfinite(norms).any() else math.nan
    scale = LONGEST_ARROW * spacing / largest if math.isfinite(largest) and largest > 0 else 0.0
    return GradientField(points, vectors * scale, scale, largest, spacing)
