"""The descent plot's view-range policy on a curve: what part of the curve is in sight.

A run is in one of two regimes the plot shows:

- *travelling*: the view is the curve's own range, grown to keep the start, the point and
  the next step in sight (the panel's ``_follow``);
- *bouncing*: the last steps flip direction (α in the orange band, or above it): the run
  jumps from wall to wall of a valley.  On the whole curve those bounces are a pile of dots,
  so the view zooms to the last steps — the bounces fill it.

Plain functions of numbers (no Qt): ranges are ``(lo, hi)`` pairs in the curve's units.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

import numpy as np

__all__ = ["is_bouncing", "bounce_view", "needs_new_view", "label_side", "BOUNCES_SHOWN", "LABEL_GAP"]

BOUNCES_SHOWN = 4  # the iterates the zoomed view frames (older bounces are a fraction of these)
BOUNCES_NEEDED = 3  # this many steps in a row flipping direction is bouncing
SMALLEST_ZOOM = 1e-4  # the zoomed view is never narrower than this part of the curve's range (ticks stay readable)
MARGIN = 0.15  # around the bounces, of their extent each side


def is_bouncing(xs: Sequence[float]) -> bool:
    """Whether the last ``BOUNCES_NEEDED`` steps of the iterates ``xs`` (a 1-D path) each
    went the other way from the one before."""
    recent = np.asarray(list(xs)[-(BOUNCES_NEEDED + 1):], dtype=np.float64)
    if len(recent) < BOUNCES_NEEDED + 1 or not np.isfinite(recent).all():
        return False
    steps = np.diff(recent)
    return bool((steps[:-1] * steps[1:] < 0).all())


def bounce_view(xs: Sequence[float], curve: Callable[[np.ndarray], np.ndarray], base_x: tuple[float, float],
                nxt: float | None = None) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The view that frames a bouncing run's last steps: the last ``BOUNCES_SHOWN``
    iterates (and the next one), the curve over them, with a margin; never narrower than
    ``SMALLEST_ZOOM`` of ``base_x`` (a run settling by ever smaller bounces keeps a view
    that shows the valley).  None when the run is not bouncing or the view would not be
    smaller than ``base_x`` anyway.  ``curve(xs) → f(xs)`` (nan where undefined)."""
    if not is_bouncing(xs):
        return None
    recent = [float(x) for x in list(xs)[-BOUNCES_SHOWN:]] + ([float(nxt)] if nxt is not None and math.isfinite(nxt) else [])
    lo, hi = min(recent), max(recent)
    base = base_x[1] - base_x[0]
    width = max(hi - lo, SMALLEST_ZOOM * base)
    middle = (lo + hi) / 2
    x0, x1 = middle - width * (0.5 + MARGIN), middle + width * (0.5 + MARGIN)
    if x1 - x0 >= 0.6 * base:
        return None  # the bounces span the curve already: the whole view shows them
    samples = np.asarray(curve(np.linspace(x0, x1, 101)), dtype=np.float64)
    values = np.concatenate([samples, np.asarray(curve(np.asarray(recent)), dtype=np.float64)])
    values = values[np.isfinite(values)]
    if not len(values):
        return None
    y0, y1 = float(values.min()), float(values.max())
    pad = MARGIN * (y1 - y0) if y1 > y0 else max(abs(y1), 1.0) * 0.05
    return (x0, x1), (y0 - pad, y1 + pad)


def needs_new_view(current: tuple[tuple[float, float], tuple[float, float]],
                   wanted: tuple[tuple[float, float], tuple[float, float]]) -> bool:
    """Whether the zoomed view must move: ``wanted`` leaves ``current``, or fills less than
    a third of its width (so the axes are not re-ticked every frame of a settling run)."""
    (cx0, cx1), (cy0, cy1) = current
    (wx0, wx1), (wy0, wy1) = wanted
    inside = cx0 <= wx0 and wx1 <= cx1 and cy0 <= wy0 and wy1 <= cy1
    return not inside or (wx1 - wx0) < (cx1 - cx0) / 3


LABEL_GAP = 10  # px between a marker and its label


def label_side(marker: float, width: float, left: float, right: float) -> int:
    """Which side of a marker at pixel ``marker`` a label ``width`` px wide goes so that it
    stays inside ``left``…``right``: −1 (left of it, the default) or +1 (right of it)."""
    if marker - LABEL_GAP - width >= left:
        return -1
    return 1 if marker + LABEL_GAP + width <= right else -1 if marker - left > right - marker else 1
