"""Pixel → ray → the point where the ray meets the function itself (not its mesh).

Conventions: matrices are 4×4 numpy arrays in the mathematical (row-major) convention,
``clip = projection @ view @ world`` for column vectors — note Qt's ``QMatrix4x4.data()``
is column-major, so a Qt matrix ``m`` becomes ``np.array(m.data()).reshape(4, 4).T``.
Pixels are logical (device-independent) widget pixels with (0, 0) at the top left, as in
``QMouseEvent.position()``.  Picking works in function units: the caller maps the ray
through its :class:`~explorer.core.mesh.WorldBox` first (an affine map keeps rays rays).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

__all__ = ["ray_through_pixel", "project_point", "intersect_function", "snap_to_round", "Hit"]


def ray_through_pixel(px: float, py: float, width: float, height: float, projection: np.ndarray, view: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The world ray under a pixel: (origin (3,), unit direction (3,)), origin on the near plane."""
    ndc_x = 2.0 * px / width - 1.0
    ndc_y = 1.0 - 2.0 * py / height  # pixels grow downward, NDC upward
    inverse = np.linalg.inv(projection @ view)
    near = inverse @ np.array([ndc_x, ndc_y, -1.0, 1.0])
    far = inverse @ np.array([ndc_x, ndc_y, 1.0, 1.0])
    near, far = near[:3] / near[3], far[:3] / far[3]
    direction = far - near
    return near, direction / np.linalg.norm(direction)


def project_point(point: np.ndarray, width: float, height: float, projection: np.ndarray, view: np.ndarray) -> tuple[float, float]:
    """Where a world point (3,) appears, in logical pixels (the inverse of the ray above)."""
    clip = projection @ view @ np.append(np.asarray(point, dtype=np.float64), 1.0)
    ndc = clip[:3] / clip[3]
    return (ndc[0] + 1.0) * width / 2.0, (1.0 - ndc[1]) * height / 2.0


@dataclass(frozen=True)
class Hit:
    """Where a ray meets z = f(x, y): ``point`` (3,) in function units, z = f(x, y) exactly;
    ``t`` the distance along the (function-unit) ray."""

    point: tuple[float, float, float]
    t: float


ROUND_STEPS = (1.0, 0.5, 0.25, 0.1, 0.05, 0.01, 0.005, 0.001)  # the grids a click may snap to, coarsest first
SNAP_PIXELS = 3.0  # how far (logical pixels) a round point's image may be from the click


def snap_to_round(
    x: float,
    y: float,
    click: tuple[float, float],
    screen_of: Callable[[float, float], tuple[float, float] | None],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    within: float = SNAP_PIXELS,
) -> tuple[float, float]:
    """The coarsest round point near a click: (x, y), the exact hit, rounded to the first
    of :data:`ROUND_STEPS` whose rounded point's image on the screen (``screen_of``, None
    where f is undefined) lies ``within`` pixels of ``click``; the hit itself when none does.
    A click near (1, 2) gives exactly (1.0, 2.0), so the readout shows the lesson's numbers."""
    for step in ROUND_STEPS:
        # round(…, 10): 3 × 0.1 is 0.30000000000000004, a student's 0.3 is 0.3.
        rx, ry = round(round(x / step) * step, 10), round(round(y / step) * step, 10)
        if not (x_range[0] <= rx <= x_range[1] and y_range[0] <= ry <= y_range[1]):
            continue
        seen = screen_of(rx, ry)
        if seen is not None and math.hypot(seen[0] - click[0], seen[1] - click[1]) <= within:
            return float(rx), float(ry)
    return x, y


def _slab(origin: np.ndarray, direction: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[float, float] | None:
    """The t interval in which the ray is inside the axis-aligned box [lo, hi]."""
    t0, t1 = 0.0, np.inf
    for k in range(len(lo)):
        if abs(direction[k]) < 1e-300:
            if not (lo[k] <= origin[k] <= hi[k]):
                return None
            continue
        a = (lo[k] - origin[k]) / direction[k]
        b = (hi[k] - origin[k]) / direction[k]
        t0, t1 = max(t0, min(a, b)), min(t1, max(a, b))
    return (t0, t1) if t0 <= t1 else None


def intersect_function(
    origin: np.ndarray,
    direction: np.ndarray,
    height: Callable[[np.ndarray, np.ndarray], np.ndarray],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    z_range: tuple[float, float],
    samples: int = 2048,
    tolerance: float = 1e-13,
) -> Hit | None:
    """The first point where the ray meets z = height(x, y) inside the box; None on a miss.

    March ``samples`` steps through the box looking for a sign change of
    g(t) = z(t) − f(x(t), y(t)) between two defined samples, then bisect that bracket
    until it is ``tolerance`` (relative) wide.  Undefined samples (holes) never bracket a
    hit, so a ray through a hole goes on to whatever lies behind it.  ``height`` takes
    arrays of x and y and returns f (nan where undefined).
    """
    origin = np.asarray(origin, dtype=np.float64)
    direction = np.asarray(direction, dtype=np.float64)
    # z a little beyond the range: at the bottom of a bowl the surface touches the box's
    # floor, and a ray leaving through it there would end where g is still ~0, unbracketed.
    margin = 0.02 * max(z_range[1] - z_range[0], 1e-12)  # the grid's lowest value can lie above f's (a cone's tip)
    span = _slab(origin, direction, np.array([x_range[0], y_range[0], z_range[0] - margin]),
                 np.array([x_range[1], y_range[1], z_range[1] + margin]))
    if span is None:
        return None
    t0, t1 = span
    ts = np.linspace(t0, t1, samples + 1)
    pts = origin + ts[:, None] * direction
    with np.errstate(all="ignore"):
        g = pts[:, 2] - np.asarray(height(pts[:, 0], pts[:, 1]), dtype=np.float64)
    ok = np.isfinite(g)
    exact = np.flatnonzero(ok & (g == 0))
    change = np.flatnonzero(ok[:-1] & ok[1:] & (np.sign(g[:-1]) != np.sign(g[1:])))
    first = min([*exact[:1], *change[:1]], default=None)
    if first is None:
        return None
    if g[first] == 0:
        t = ts[first]
    else:
        lo, hi, g_lo = ts[first], ts[first + 1], g[first]
        for _ in range(200):
            mid = 0.5 * (lo + hi)
            p = origin + mid * direction
            with np.errstate(all="ignore"):
                g_mid = p[2] - float(np.asarray(height(np.array([p[0]]), np.array([p[1]])))[0])
            if not np.isfinite(g_mid):
                break  # the bracket straddles the edge of a hole: keep what we have
            if g_mid == 0:
                lo = hi = mid
                break
            if np.sign(g_mid) == np.sign(g_lo):
                lo, g_lo = mid, g_mid
            else:
                hi = mid
            if hi - lo <= tolerance * max(1.0, abs(hi)):
                break
        t = 0.5 * (lo + hi)
    p = origin + t * direction
    with np.errstate(all="ignore"):
        z = float(np.asarray(height(np.array([p[0]]), np.array([p[1]])))[0])
    if not np.isfinite(z):
        return None
    return Hit(point=(float(p[0]), float(p[1]), z), t=float(t))
