"""What makes the surface read as a solid sheet: the line along its border, and the side a
camera should look at it from.

World units throughout (see :mod:`explorer.core.mesh`): the box spans [−1, 1] in x and y,
the floor is z = 0.  A camera is given as the orbit the surface view uses: it looks at
``center`` from ``distance`` away, from the direction (cos e·cos a, cos e·sin a, sin e) for
azimuth a and elevation e in degrees.
"""

from __future__ import annotations

import math

import numpy as np

from .mesh import SurfaceMesh, grid_faces

__all__ = ["outline_segments", "low_side_camera", "point_hidden"]

#: The azimuth a new surface is seen from when every side is as low as another (a bowl):
#: x runs to the right and toward the viewer, y away to the right.
DEFAULT_AZIMUTH = -60.0
#: Elevations tried, lowest first: the lowest that shows the point keeps the surface's
#: relief; above ~60° the sheet flattens into a map.
#: How much higher than the lowest side's (a share of the sheet's height) a side may be
#: and still count as low: a bowl's sides are all low; a saddle's rising sides are not.
LOW_SIDE_TOLERANCE = 0.06
ELEVATIONS = (28.0, 34.0, 40.0, 46.0, 52.0, 58.0)


def outline_segments(mesh: SurfaceMesh) -> np.ndarray:
    """(2M, 3) float32 world units: the surface's border as segments ('lines' mode) at its
    height: every triangle edge that only one drawn triangle has.  That is the grid's rim
    for a surface defined everywhere, and the rims of its holes (where f is undefined, cut
    at a pole, or beyond the z range shown) too.

    The faces are the grid's two triangles a cell, (a, b, d) and (a, d, c) with a = i·N + j,
    b = a + N, c = a + 1, d = a + N + 1 (:func:`~explorer.core.mesh.grid_faces`), some
    dropped; the edges are counted cell by cell, not sorted (a 1000² grid has 6·10⁶).
    """
    n = len(mesh.x)
    vertices = np.asarray(mesh.vertices, dtype=np.float32).reshape(n, n, 3)
    lower = np.zeros((n - 1, n - 1), dtype=bool)  # triangle (a, b, d) of cell (i, j) drawn
    upper = np.zeros((n - 1, n - 1), dtype=bool)  # triangle (a, d, c)
    faces = mesh.faces
    if faces is grid_faces(n) or len(faces) == 2 * (n - 1) ** 2:
        lower[:], upper[:] = True, True
    elif len(faces):
        a = faces[:, 0].astype(np.int64)
        is_lower = faces[:, 1] == a + n
        cell = a - a // n  # i·(N−1) + j of a = i·N + j
        lower.ravel()[cell[is_lower]] = True
        upper.ravel()[cell[~is_lower]] = True
    pad = np.zeros((1, n - 1), dtype=bool)
    # An edge along x, (i, j)–(i+1, j): side a–b of cell (i, j)'s lower triangle and side
    # c–d of cell (i, j−1)'s upper one.
    along_x = np.concatenate([lower, pad.T], axis=1) ^ np.concatenate([pad.T, upper], axis=1)  # (n−1, n)
    # An edge along y, (i, j)–(i, j+1): side a–c of cell (i, j)'s upper triangle and side
    # b–d of cell (i−1, j)'s lower one.
    along_y = np.concatenate([upper, pad], axis=0) ^ np.concatenate([pad, lower], axis=0)  # (n, n−1)
    diagonal = lower ^ upper  # (i, j)–(i+1, j+1), shared by the cell's two triangles
    ix, jx = np.nonzero(along_x)
    iy, jy = np.nonzero(along_y)
    idg, jdg = np.nonzero(diagonal)
    starts = np.concatenate([vertices[ix, jx], vertices[iy, jy], vertices[idg, jdg]])
    ends = np.concatenate([vertices[ix + 1, jx], vertices[iy, jy + 1], vertices[idg + 1, jdg + 1]])
    segments = np.empty((2 * len(starts), 3), dtype=np.float32)
    segments[0::2], segments[1::2] = starts, ends
    return segments


def _heights(mesh: SurfaceMesh) -> np.ndarray:
    """(N, N) world z of the surface, NaN where nothing is drawn (undefined)."""
    n = len(mesh.x)
    z = np.asarray(mesh.vertices[:, 2], dtype=np.float64).reshape(n, n).copy()
    z[~np.isfinite(mesh.values)] = np.nan
    return z


def point_hidden(mesh: SurfaceMesh, eye: np.ndarray, target: np.ndarray, samples: int = 96) -> bool:
    """Whether the surface stands between ``eye`` and ``target`` (world (3,) each): some
    point of the sight line, short of the target's own neighbourhood, lies under the sheet."""
    n = len(mesh.x)
    z = _heights(mesh)
    t = np.linspace(0.0, 0.94, samples)[:, None]  # the last few % touch the sheet at the target
    line = eye[None, :] + t * (target - eye)[None, :]
    over = (np.abs(line[:, 0]) <= 1.0) & (np.abs(line[:, 1]) <= 1.0)
    if not over.any():
        return False
    i = np.clip(np.rint((line[over, 0] + 1.0) * 0.5 * (n - 1)).astype(int), 0, n - 1)
    j = np.clip(np.rint((line[over, 1] + 1.0) * 0.5 * (n - 1)).astype(int), 0, n - 1)
    sheet = z[i, j]
    with np.errstate(invalid="ignore"):
        return bool((line[over, 2] < sheet).any())


def _eye(center: np.ndarray, distance: float, azimuth: float, elevation: float) -> np.ndarray:
    a, e = math.radians(azimuth), math.radians(elevation)
    return center + distance * np.array([math.cos(e) * math.cos(a), math.cos(e) * math.sin(a), math.sin(e)])


def low_side_camera(mesh: SurfaceMesh, target: np.ndarray | None, center: np.ndarray,
                    distance: float, prefer: float = DEFAULT_AZIMUTH,
                    arrow: np.ndarray | None = None) -> tuple[float, float]:
    """(azimuth, elevation) in degrees for a first look at ``mesh``: from the side where the
    surface is low, so its high parts stand at the back instead of walling off the view,
    and from just high enough that the sheet does not hide ``target`` (world (3,), the
    picked point; None: no point to keep in sight).

    Each azimuth (every 15°) is scored by the mean height of the half of the sheet nearest
    the camera, weighted toward the near edge.  Of those within LOW_SIDE_TOLERANCE of the
    lowest (every side of a bowl), the ones that see ``arrow`` (world (3,), ∇f's direction
    at the point) longest, seen across rather than end on, and of these the one nearest
    ``prefer`` (the view's choice: one that faces the point's slope).
    """
    n = len(mesh.x)
    z = _heights(mesh)
    step = max(1, n // 64)  # a 64² sample of the sheet is enough to tell its low side
    zs = z[::step, ::step]
    wx = np.linspace(-1.0, 1.0, n)[::step]
    gx, gy = np.meshgrid(wx, wx, indexing="ij")
    defined = np.isfinite(zs)
    span = float(np.nanmax(zs) - np.nanmin(zs)) if defined.any() else 0.0
    candidates = []
    for azimuth in np.arange(-180.0, 180.0, 15.0):
        a = math.radians(azimuth)
        nearness = np.clip(gx * math.cos(a) + gy * math.sin(a), 0.0, None) ** 2
        weight = np.where(defined, nearness, 0.0)
        total = float(weight.sum())
        score = float((weight * np.where(defined, zs, 0.0)).sum() / total) if total > 0 else 0.0
        turn = abs((azimuth - prefer + 180.0) % 360.0 - 180.0)
        candidates.append((score, turn, float(azimuth)))
    best = min(score for score, _, _ in candidates)
    tolerance = LOW_SIDE_TOLERANCE * max(span, 1e-9)
    low = [(turn, az) for score, turn, az in candidates if score <= best + tolerance]
    if arrow is not None and np.isfinite(arrow).all() and np.linalg.norm(arrow) > 0:
        up = np.asarray(arrow, dtype=np.float64) / np.linalg.norm(arrow)

        def seen_length(az: float) -> float:  # the arrow's share left after projection
            sight = _eye(np.zeros(3), 1.0, az, ELEVATIONS[0])
            return math.sqrt(max(0.0, 1.0 - float(np.dot(up, sight)) ** 2))

        longest = max(seen_length(az) for _, az in low)
        low = [(turn, az) for turn, az in low if seen_length(az) >= longest - 0.1]
    azimuth = min(low)[1]
    if target is None:
        return azimuth, ELEVATIONS[0]
    for elevation in ELEVATIONS:
        if not point_hidden(mesh, _eye(center, distance, azimuth, elevation), np.asarray(target, dtype=np.float64)):
            return azimuth, elevation
    return azimuth, ELEVATIONS[-1]
