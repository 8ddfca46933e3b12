"""Polylines for the view's line layers: thin them out, and cut them into GL 'lines' pairs.

A polyline here is a (K, d) float array of points; a row of NaN (or any non-finite
coordinate) breaks it, so one array can hold many pieces: a slice with a hole in it, or
every contour line of a map.

Why thin them: a software rasterizer pays per line segment, and a contour map or a slice
sampled on a fine grid has many segments that no one can tell from their neighbours.
"""

from __future__ import annotations

import numpy as np

__all__ = ["simplify_polyline", "thin_mask", "polyline_segments"]


def simplify_polyline(points: np.ndarray, tolerance: float, passes: int = 12) -> np.ndarray:
    """Drop the vertices of ``points`` (K, d) that lie within ``tolerance`` of the line
    between their neighbours; the vertices kept are original points, in order.

    Each pass drops every other eligible vertex (so no two neighbours go in the same
    pass), measuring against the polyline as it is then; on a smooth curve the result stays
    within about ``tolerance`` of every original point.  End points, and points next to a
    break, are always kept.  Returns (K', d), K' ≤ K.
    """
    points = np.asarray(points, dtype=np.float64)
    kept = np.arange(len(points))
    quiet = 0  # passes in a row that dropped nothing
    for k in range(passes):
        p = points[kept]
        if len(p) < 3:
            break
        a, m, b = p[:-2], p[1:-1], p[2:]
        ab, am = b - a, m - a
        length2 = np.einsum("ij,ij->i", ab, ab)
        with np.errstate(invalid="ignore", divide="ignore"):
            # The distance from m to the segment a–b (not the infinite line: a vertex where
            # the curve turns back is kept).  NaN next to a break, so such vertices stay.
            u = np.clip(np.einsum("ij,ij->i", am, ab) / np.where(length2 > 0, length2, 1.0), 0.0, 1.0)
            offset = am - u[:, None] * ab
            distance = np.sqrt(np.einsum("ij,ij->i", offset, offset))
            drop = distance <= tolerance
        drop &= (np.arange(1, len(p) - 1) % 2) == (k % 2)
        if not drop.any():
            quiet += 1
            if quiet == 2:  # neither parity can drop anything more
                break
            continue
        quiet = 0
        keep = np.ones(len(p), dtype=bool)
        keep[1:-1] = ~drop
        kept = kept[keep]
    return points[kept]


def thin_mask(points: np.ndarray, spacing: float) -> np.ndarray:
    """The vertices of ``points`` (K, d) to keep, one per ``spacing`` of length along it, as
    a (K,) bool mask, in one numpy pass (what an animation can afford every frame): a long
    step keeps both its ends, a creep of tiny steps keeps a point every ``spacing``.  The
    ends, breaks (non-finite rows) and the points beside them are always kept."""
    points = np.asarray(points, dtype=np.float64)
    if len(points) < 3:
        return np.ones(len(points), dtype=bool)
    finite = np.isfinite(points).all(axis=1)
    with np.errstate(invalid="ignore"):
        steps = np.sqrt(np.square(np.diff(points, axis=0)).sum(axis=1))
    steps = np.where(np.isfinite(steps), steps, 0.0)
    bucket = np.floor(np.concatenate([[0.0], np.cumsum(steps)]) / spacing)
    keep = np.ones(len(points), dtype=bool)
    keep[1:] = bucket[1:] != bucket[:-1]
    keep[0] = keep[-1] = True
    keep |= ~finite
    keep[1:] |= ~finite[:-1]
    keep[:-1] |= ~finite[1:]
    return keep


def polyline_segments(points: np.ndarray) -> np.ndarray:
    """(K, 3) polyline → (2M, 3) float32 'lines' pairs, leaving out every piece with a
    non-finite end: a slice through a hole has a gap there, not a bridge."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 3)
    if len(points) < 2:
        return np.zeros((0, 3), dtype=np.float32)
    pairs = np.stack([points[:-1], points[1:]], axis=1)
    keep = np.isfinite(pairs).all(axis=(1, 2))
    return pairs[keep].reshape(-1, 3).astype(np.float32)
