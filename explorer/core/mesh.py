"""Sample f on a grid and turn it into GL-ready arrays: vertices, faces, normals, colors.

Conventions fixed here once:

- The grid is ``x`` (N,) × ``y`` (N,) with ``indexing="ij"``: ``values[i, j] = f(x[i], y[j])``;
  vertex k = i·N + j.
- *Function units* are the function's own (x, y, z = f).  *World units* are what GL draws:
  the :class:`WorldBox` maps the x/y range onto [−1, 1] each and the z range onto
  [FLOOR_GAP, FLOOR_GAP + HEIGHT] (the floor is z = 0), so every surface fills the same box whatever its numbers.  A ray or a line
  maps between the two with :meth:`WorldBox.to_world` / :meth:`WorldBox.to_function`.
- Normals come from the partials, not from the mesh: (−f_x, −f_y, 1) in function units,
  carried into world units by the inverse scale.
- Non-finite values make holes: every face with a non-finite vertex is dropped (drivers
  differ in what they do with NaN triangles).  A surface with spikes (``1/(x²+y²)``) is
  clipped to a robust z range and the faces entirely beyond it are dropped, and the mesh
  says so (:attr:`SurfaceMesh.clipped`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .calculus import Function

__all__ = ["WorldBox", "SurfaceMesh", "surface_mesh", "grid_faces", "cells_across_poles", "contour_segments", "contour_lines", "robust_z_range", "nice_ticks", "HEIGHT"]

HEIGHT = 1.2  #: world height of the z range (the x and y ranges are 2 world units wide)
FLOOR_GAP = 0.08  #: world units between the floor (z = 0) and the lowest value shown


@dataclass(frozen=True)
class WorldBox:
    """The affine map between function units and world units (see the module docstring)."""

    x_range: tuple[float, float]
    y_range: tuple[float, float]
    z_range: tuple[float, float]

    @property
    def scale(self) -> np.ndarray:
        """(3,) world units per function unit, per axis."""
        (x0, x1), (y0, y1), (z0, z1) = self.x_range, self.y_range, self.z_range
        return np.array([2.0 / (x1 - x0), 2.0 / (y1 - y0), HEIGHT / (z1 - z0)])

    @property
    def offset(self) -> np.ndarray:
        """(3,) the function-unit point that lands on the world origin's floor."""
        (x0, x1), (y0, y1), (z0, z1) = self.x_range, self.y_range, self.z_range
        # The surface floats FLOOR_GAP above the floor, so floor drawings never touch it.
        return np.array([(x0 + x1) / 2, (y0 + y1) / 2, z0 - FLOOR_GAP * (z1 - z0) / HEIGHT])

    def contains_xy(self, point) -> bool:
        """Whether (x, y, …) in function units lies over the box's floor (its edges included)."""
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        return bool(x0 <= point[0] <= x1 and y0 <= point[1] <= y1)

    def to_world(self, points: np.ndarray) -> np.ndarray:
        """(…, 3) function units → (…, 3) world units."""
        return (np.asarray(points, dtype=np.float64) - self.offset) * self.scale

    def to_function(self, points: np.ndarray) -> np.ndarray:
        """(…, 3) world units → (…, 3) function units."""
        return np.asarray(points, dtype=np.float64) / self.scale + self.offset

    def direction_to_function(self, direction: np.ndarray) -> np.ndarray:
        """A world direction (3,) as a function-unit direction (not normalized)."""
        return np.asarray(direction, dtype=np.float64) / self.scale


@dataclass
class SurfaceMesh:
    """What the surface view uploads.  N is the resolution, V = N², F ≤ 2(N−1)²."""

    x: np.ndarray  # (N,) float64, function units
    y: np.ndarray  # (N,)
    values: np.ndarray  # (N, N) float64, f on the grid (nan where undefined)
    vertices: np.ndarray  # (V, 3) float32, world units
    faces: np.ndarray  # (F, 3) uint32
    normals: np.ndarray  # (V, 3) float32, unit, world units
    colors: np.ndarray  # (V, 4) RGBA, rows of the lut (so its dtype: uint8 0–255 or float 0–1)
    box: WorldBox
    clipped: bool  # part of the surface lies beyond the z range shown
    has_holes: bool  # f is undefined somewhere on the grid
    too_large: bool = False  # some holes are values beyond a float (x¹⁰⁰⁰), not undefined ones
    cut_cells: np.ndarray | None = None  # (N−1, N−1) bool: cells cut at a pole (no contours there either)
    # The largest |∇f| (function units) over the grid's samples inside the z range shown:
    # what a gradient arrow's length is measured against (NaN where there is none).
    largest_gradient: float = float("nan")

    @property
    def has_poles(self) -> bool:
        """f jumps through ±∞ inside some cells: the surface is cut there, not walled."""
        return self.cut_cells is not None and bool(self.cut_cells.any())


@lru_cache(maxsize=8)
def grid_faces(n: int) -> np.ndarray:
    """(2(n−1)², 3) uint32: two triangles per grid cell, vertex k = i·n + j."""
    k = np.arange(n * n, dtype=np.uint32).reshape(n, n)
    # Cell (i, j)'s corners: a its own vertex, b the next along i, c along j, d across.
    a, b, c, d = k[:-1, :-1], k[1:, :-1], k[:-1, 1:], k[1:, 1:]
    faces = np.empty((n - 1, n - 1, 2, 3), dtype=np.uint32)
    for t, corners in enumerate(((a, b, d), (a, d, c))):  # written in place: no index arrays in between
        for v, corner in enumerate(corners):
            faces[:, :, t, v] = corner
    faces = faces.reshape(-1, 3)
    faces.setflags(write=False)
    return faces


def _percentile(ordered: np.ndarray, q: float) -> float:
    """``np.percentile(ordered, q)`` (its default, linear rule) of an ascending 1-D sample:
    numpy 2's own sorts through np.unique, which imports numpy.ma (~15 ms of a cold start)
    the first time."""
    h = (ordered.size - 1) * q / 100
    below = int(h)
    above = min(below + 1, ordered.size - 1)
    return float(ordered[below] + (h - below) * (ordered[above] - ordered[below]))


def robust_z_range(values: np.ndarray) -> tuple[tuple[float, float], bool]:
    """A z range that shows the shape, not one spike; and whether it clips.

    Uses the full finite range unless it is far wider than the central 99 % of values.
    A flat function gets a range of ±1 around its value.
    """
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return (-1.0, 1.0), False
    lo, hi = float(finite.min()), float(finite.max())
    # The percentiles of an even sample of ~10,000 values are as good for choosing a view
    # range as those of every value, at a fraction of the cost on large grids.
    sample = np.sort(finite[:: max(1, finite.size // 10_000)])
    p_lo, p_hi = (_percentile(sample, q) for q in (0.5, 99.5))
    spread = p_hi - p_lo
    clipped = False
    if spread > 0 and hi - lo > 4 * spread:
        lo, hi = max(lo, p_lo - 0.25 * spread), min(hi, p_hi + 0.25 * spread)
        clipped = True
    if hi - lo < 1e-9 * max(1.0, abs(hi)):
        # Flat: a range around the value wide enough to exist in floating point (1e20 ± 1 is 1e20).
        pad = max(1.0, 1e-6 * abs(hi))
        lo, hi = lo - pad, hi + pad
    return (lo, hi), clipped


def surface_mesh(
    function: Function,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    n: int,
    lut: np.ndarray,
    evaluated: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> SurfaceMesh:
    """Sample ``function`` (two variables) on an n×n grid and build its mesh.

    ``lut`` is a (K, 4) colormap, low to high (uint8 0–255 keeps the GL upload a quarter
    of float's); colors follow height.  ``evaluated``: f, ∂f/∂x and ∂f/∂y on the grid, each
    (n, n) float64, when the caller has them cheaper than evaluating ``function`` (a data
    set's loss from its six sums).
    """
    x = np.linspace(*x_range, n)
    y = np.linspace(*y_range, n)
    if evaluated is None:
        gx, gy = np.meshgrid(x, y, indexing="ij")
        values, fx, fy = function.evaluate(gx, gy)
    else:
        values, fx, fy = (np.array(a, dtype=float) for a in evaluated)
    infinite = np.isinf(values)
    values[infinite] = np.nan  # an infinite vertex cannot be drawn: a hole
    (z0, z1), clipped = robust_z_range(values)
    box = WorldBox(tuple(map(float, x_range)), tuple(map(float, y_range)), (z0, z1))
    with np.errstate(all="ignore"):
        drawable = np.isfinite(box.scale).all() and np.isfinite(box.offset).all() and (box.scale > 0).all()
    if not drawable:
        # e.g. 1e299·x¹⁹: every value is a float, but their spread is not.
        raise ValueError(f"its values here span more than a float can hold ({z0:.3g} to {z1:.3g})")
    finite = np.isfinite(values)
    all_finite = bool(finite.all())
    # The common case (defined everywhere, nothing clipped) skips every masking step below.
    shown = np.clip(values, z0, z1) if clipped or not all_finite else values
    if not all_finite:
        shown = np.where(finite, shown, z0)

    scale, offset = box.scale, box.offset
    vertices = np.empty((n, n, 3), dtype=np.float32)
    vertices[..., 0] = ((x - offset[0]) * scale[0])[:, None]
    vertices[..., 1] = ((y - offset[1]) * scale[1])[None, :]
    vertices[..., 2] = (shown - offset[2]) * scale[2]

    # Where a partial is undefined but f is not (the tip of a cone), use the grid's slope.
    bad = finite & ~(np.isfinite(fx) & np.isfinite(fy))
    if bad.any():
        dx, dy = np.gradient(np.where(finite, values, 0.0), x, y)
        fx = np.where(bad, dx, fx)
        fy = np.where(bad, dy, fy)
    normals = np.empty((n, n, 3), dtype=np.float32)
    normals[..., 0] = fx * (-scale[2] / scale[0])
    normals[..., 1] = fy * (-scale[2] / scale[1])
    normals[..., 2] = 1.0
    if not all_finite or bad.any():
        np.nan_to_num(normals, copy=False, nan=0.0, posinf=1e6, neginf=-1e6)
    normals /= np.sqrt(np.einsum("...k,...k->...", normals, normals))[..., None]

    index = ((shown - z0) * ((len(lut) - 1) / (z1 - z0))).round().astype(np.intp)
    np.clip(index, 0, len(lut) - 1, out=index)
    if lut.dtype == np.uint8 and lut.shape[1] == 4:
        # One 32-bit gather per vertex instead of four byte gathers.
        colors = np.ascontiguousarray(lut).view(np.uint32).ravel().take(index.ravel()).view(np.uint8).reshape(-1, 4)
    else:
        colors = lut[index.ravel()]

    faces = grid_faces(n)
    above = below = keep = None
    if not all_finite or clipped:
        keep = finite.ravel()[faces].all(axis=1)
        if clipped:
            # Drop the flat caps where the surface leaves the box; keep the slopes that reach it.
            above, below = (values > z1).ravel(), (values < z0).ravel()
            keep &= ~above[faces].all(axis=1) & ~below[faces].all(axis=1)
    cut = cells_across_poles(function, x, y, values, fx, fy, z1 - z0)
    if cut.any():
        across = np.repeat(~cut.ravel(), 2)  # two faces a cell, in grid_faces order
        keep = across if keep is None else keep & across
    if keep is not None and not keep.all():
        faces = np.ascontiguousarray(faces[keep])
    with np.errstate(all="ignore"):
        steepness = np.hypot(fx, fy)
        shown_here = finite & np.isfinite(steepness) & (values >= z0) & (values <= z1)
    largest = float(steepness[shown_here].max()) if shown_here.any() else float("nan")
    return SurfaceMesh(
        x=x, y=y, values=values, vertices=vertices.reshape(-1, 3), faces=faces,
        normals=normals.reshape(-1, 3), colors=colors, box=box,
        clipped=bool(clipped and (above.any() or below.any())), has_holes=not all_finite,
        too_large=bool(infinite.any()), cut_cells=cut, largest_gradient=largest,
    )


def cells_across_poles(function: Function, x: np.ndarray, y: np.ndarray, values: np.ndarray,
                       fx: np.ndarray, fy: np.ndarray, z_span: float, halvings: int = 14,
                       max_suspects: int = 20_000) -> np.ndarray:
    """(N−1, N−1) bool: the grid cells with a pole of f (1/x at 0, tan at π/2) inside an
    edge, where joining the grid values would draw a wall from −∞ to +∞.

    An edge is suspect when f changes across it against the slope at both ends (1/x
    falls on both sides of 0, yet jumps up across it).  It is confirmed by bisecting on
    which side of the ends' mean f lies: a continuous f homes in on a crossing of the
    mean, where f is near it; at a pole f runs off to ±∞ (beyond the whole z range
    ``z_span`` shown, or to an infinity).  A NaN on the way (sin(1/x) at 0) is no pole.
    A grid so undersampled that more than ``max_suspects`` edges are suspect (noise at
    N = 1000) is not searched: there is no wall to tell from the rest there.
    """
    nx, ny = values.shape
    cut = np.zeros((nx - 1, ny - 1), dtype=bool)
    with np.errstate(all="ignore"):
        suspects = []
        for axis, slopes in ((0, fx), (1, fy)):
            a = values[:-1, :] if axis == 0 else values[:, :-1]
            b = values[1:, :] if axis == 0 else values[:, 1:]
            sa = slopes[:-1, :] if axis == 0 else slopes[:, :-1]
            sb = slopes[1:, :] if axis == 0 else slopes[:, 1:]
            delta = b - a
            # Both slopes against the change (a product below 0: neither is 0 or NaN).
            suspect = (sa * delta < 0) & (sb * delta < 0) & np.isfinite(delta)
            suspects.append((axis, a, b, delta, suspect))
        if sum(int(s[4].sum()) for s in suspects) > max_suspects:
            return cut
        for axis, a, b, delta, suspect in suspects:
            i, j = np.nonzero(suspect)
            if not len(i):
                continue
            mean = (a[i, j] + b[i, j]) / 2
            half = np.abs(delta[i, j]) / 2
            # Points along each edge: from node (i, j) toward the next node on this axis.
            if axis == 0:
                start, length, fixed = x[i], x[i + 1] - x[i], y[j]
            else:
                start, length, fixed = y[j], y[j + 1] - y[j], x[i]
            lo, hi = np.zeros(len(i)), np.ones(len(i))
            g_lo, g_hi = a[i, j] - mean, b[i, j] - mean
            runaway = np.zeros(len(i), dtype=bool)
            for _ in range(halvings):
                mid = (lo + hi) / 2
                along = start + mid * length
                f_mid = function.evaluate(along, fixed)[0] if axis == 0 else function.evaluate(fixed, along)[0]
                g = f_mid - mean
                runaway |= np.isinf(g)
                known = np.isfinite(g)  # a NaN says nothing about the side: keep the bracket
                to_lo = known & (np.sign(g) == np.sign(g_lo))
                to_hi = known & ~to_lo
                lo, g_lo = np.where(to_lo, mid, lo), np.where(to_lo, g, g_lo)
                hi, g_hi = np.where(to_hi, mid, hi), np.where(to_hi, g, g_hi)
            pole = runaway | (np.minimum(np.abs(g_lo), np.abs(g_hi)) > np.maximum(half, z_span))
            i, j = i[pole], j[pole]
            # The cells on both sides of each cut edge.
            if axis == 0:  # edge from (i, j) to (i+1, j): cells (i, j−1) and (i, j)
                cut[i[j >= 1], j[j >= 1] - 1] = True
                cut[i[j <= ny - 2], j[j <= ny - 2]] = True
            else:  # edge from (i, j) to (i, j+1): cells (i−1, j) and (i, j)
                cut[i[i >= 1] - 1, j[i >= 1]] = True
                cut[i[i <= nx - 2], j[i <= nx - 2]] = True
    return cut


def contour_segments(values: np.ndarray, x: np.ndarray, y: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Marching squares: the contour lines of ``values`` (N, N; ij) at ``levels``.

    Returns (M, 2, 3) float64 line segments in function units: (x, y, level) at each end.
    Cells touching a non-finite value give no segment.
    """
    return _contour_pieces(values, x, y, levels)[0]


def contour_lines(values: np.ndarray, x: np.ndarray, y: np.ndarray, levels: np.ndarray,
                  skip_cells: np.ndarray | None = None) -> np.ndarray:
    """The same contours as :func:`contour_segments`, joined into polylines.

    Returns (K, 3) float64 points (x, y, level), one polyline after another with a row of
    NaN between them (see :mod:`.polyline`); a closed contour ends on its first point.
    Joined, they can be thinned out (:func:`.polyline.simplify_polyline`) — a contour map
    drawn as the raw cell segments costs a software rasterizer several times more.
    ``skip_cells`` (N−1, N−1) bool: cells to leave out (cut at a pole: every level crosses
    there, up the missing wall).
    """
    segments, keys = _contour_pieces(values, x, y, levels, skip_cells)
    if len(segments) == 0:
        return np.empty((0, 3))
    # Half-edges: 2s and 2s+1 are the two ends of segment s.  Two ends with the same key
    # are the same point (one crossing of one grid edge), shared by two neighbouring cells.
    ends = keys.ravel()
    order = np.argsort(ends, kind="stable")
    same = ends[order[1:]] == ends[order[:-1]]
    partner = np.full(len(ends), -1, dtype=np.int64)
    partner[order[1:][same]] = order[:-1][same]
    partner[order[:-1][same]] = order[1:][same]
    partner = partner.tolist()
    used = [False] * len(segments)
    chains: list[list[int]] = []

    def follow(half: int) -> list[int]:
        chain = [half]
        while True:
            used[half >> 1] = True
            out = half ^ 1
            chain.append(out)
            half = partner[out]
            if half < 0 or used[half >> 1]:
                return chain

    # Open lines (ending at the edge of the grid or a hole) from one of their ends, then loops.
    for half in range(len(ends)):
        if partner[half] < 0 and not used[half >> 1]:
            chains.append(follow(half))
    for segment in range(len(segments)):
        if not used[segment]:
            chains.append(follow(2 * segment))
    points = segments.reshape(-1, 3)
    gap = len(points)  # index of the NaN row appended below
    flat: list[int] = []
    for chain in chains:
        flat.extend(chain)
        flat.append(gap)
    return np.vstack([points, np.full((1, 3), np.nan)])[flat[:-1]]


def _contour_pieces(values: np.ndarray, x: np.ndarray, y: np.ndarray, levels: np.ndarray,
                    skip_cells: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Marching squares: (M, 2, 3) segments and (M, 2) int64 keys of their ends.  An end's
    key names the grid edge it crosses and the level, so ends that are the same point share
    a key even where floating point gives them coordinates a last bit apart.

    Per level, one pass over the grid finds the cells the contour crosses (a corner on
    each side of the level); the crossings are computed for those cells only.
    """
    out, out_keys = [], []
    nx, ny = values.shape
    finite = np.isfinite(values)
    cell_ok = finite[:-1, :-1] & finite[1:, :-1] & finite[:-1, 1:] & finite[1:, 1:]
    if skip_cells is not None:
        cell_ok &= ~skip_cells
    with np.errstate(all="ignore"):
        for number, level in enumerate(levels):
            level_key = number * 2 * nx * ny
            above = values >= level
            # Corners of cell (i, j): bit 0 (i, j), bit 1 (i+1, j), bit 2 (i+1, j+1), bit 3 (i, j+1).
            case = (above[:-1, :-1].astype(np.uint8) | (above[1:, :-1].astype(np.uint8) << 1)
                    | (above[1:, 1:].astype(np.uint8) << 2) | (above[:-1, 1:].astype(np.uint8) << 3))
            i, j = np.nonzero(cell_ok & (case != 0) & (case != 15))
            if not len(i):
                continue
            c = case[i, j]
            b0, b1, b2, b3 = c & 1, (c >> 1) & 1, (c >> 2) & 1, (c >> 3) & 1
            # The four cell edges: 0 along x at y_j, 1 along y at x_i+1, 2 along x at y_j+1,
            # 3 along y at x_i; crossed where its two corners are on different sides.
            hits = np.stack([b0 != b1, b1 != b2, b3 != b2, b0 != b3])
            ends = (  # (value a, value b, x of a, y of a, x of b, y of b) per edge
                (values[i, j], values[i + 1, j], x[i], y[j], x[i + 1], y[j]),
                (values[i + 1, j], values[i + 1, j + 1], x[i + 1], y[j], x[i + 1], y[j + 1]),
                (values[i, j + 1], values[i + 1, j + 1], x[i], y[j + 1], x[i + 1], y[j + 1]),
                (values[i, j], values[i, j + 1], x[i], y[j], x[i], y[j + 1]),
            )
            pts_x, pts_y = [], []
            for va, vb, xa, ya, xb, yb in ends:
                t = (level - va) / (vb - va)
                pts_x.append(xa + t * (xb - xa))
                pts_y.append(ya + t * (yb - ya))
            pts_x, pts_y = np.stack(pts_x), np.stack(pts_y)
            edge_ids = np.stack([i * ny + j, nx * ny + (i + 1) * ny + j, i * ny + j + 1, nx * ny + i * ny + j]).astype(np.int64)
            count = hits.sum(axis=0)
            two = count == 2
            if two.any():
                # The two crossed edges of each such cell, in edge order.
                order = np.argsort(~hits[:, two], axis=0, kind="stable")[:2]
                cx = np.take_along_axis(pts_x[:, two], order, axis=0)
                cy = np.take_along_axis(pts_y[:, two], order, axis=0)
                seg = np.stack([np.stack([cx[0], cy[0]], -1), np.stack([cx[1], cy[1]], -1)], axis=1)
                out.append(np.concatenate([seg, np.full(seg.shape[:2] + (1,), level)], axis=2))
                out_keys.append(np.take_along_axis(edge_ids[:, two], order, axis=0).T + level_key)
            four = count == 4
            if four.any():  # a saddle cell: pair edges 0–3 and 1–2
                for p, q in ((0, 3), (1, 2)):
                    seg = np.stack([
                        np.stack([pts_x[p][four], pts_y[p][four]], -1),
                        np.stack([pts_x[q][four], pts_y[q][four]], -1),
                    ], axis=1)
                    out.append(np.concatenate([seg, np.full(seg.shape[:2] + (1,), level)], axis=2))
                    out_keys.append(np.stack([edge_ids[p][four], edge_ids[q][four]], axis=1) + level_key)
    if not out:
        return np.empty((0, 2, 3)), np.empty((0, 2), dtype=np.int64)
    return np.concatenate(out), np.concatenate(out_keys)


def nice_ticks(lo: float, hi: float, count: int = 5) -> np.ndarray:
    """About ``count`` round tick values (1, 2 or 5 × 10ᵏ apart) inside [lo, hi], or within a
    thousandth of a step of it: a range whose end misses a round number by a hair (a grid's
    lowest sample, a little above the minimum 0 at one resolution and on it at the next)
    keeps that tick, so dragging the resolution does not make it blink."""
    if not (np.isfinite(lo) and np.isfinite(hi)) or hi <= lo:
        return np.array([lo])
    raw = (hi - lo) / max(count - 1, 1)
    power = 10.0 ** np.floor(np.log10(raw))
    step = min((m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw), default=10 * power)
    first = np.ceil(lo / step - 1e-3) * step
    ticks = np.arange(first, hi + step * 1e-3, step)
    ticks[np.abs(ticks) < step * 1e-9] = 0.0
    return ticks
