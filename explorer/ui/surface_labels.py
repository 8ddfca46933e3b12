"""Where the probe's labels go on screen: near what they name, inside the view, clear of
each other, of the axis labels and of the arrows.

The labels are placed after projection, in logical pixels (x right, y down, the view's
top-left corner at (0, 0)).  Each wish says what the label names (its anchor, projected)
and which way from it the text should lie; :func:`place` tries that side, then turns
around it and steps further out, and takes the first rectangle that fits inside the view
and covers nothing already placed.  Where nothing fits, the least covered one wins, pushed
inside the view: a label is never cut by the view's edge.

:func:`quad_rect` is the rectangle :class:`~explorer.ui.gl_items.AxisLabelsItem` draws a
label in (text, padding and halo), and :func:`label_at` turns a chosen rectangle back into
the label's alignment and nudge.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from PySide6.QtGui import QFontMetricsF

from ..core.notation import format_value
from .gl_items import LABEL_PAD, Label

__all__ = ["ProbeLabel", "Wish", "magnitude", "probe_wishes", "quad_rect", "label_at", "place", "MARGIN"]

MARGIN = 3.0  #: logical pixels kept between a label and the view's edge
# Turns (degrees) from the wished side, tried in this order, and distances from the anchor.
_TURNS = (0, 20, -20, 40, -40, 60, -60, 85, -85, 110, -110, 140, -140, 180)
_STEPS = (0.0, 10.0, 24.0, 42.0, 66.0, 96.0, 130.0, 170.0)
_STEP_GRID, _TURN_GRID = (grid.ravel() for grid in np.meshgrid(np.array(_STEPS), np.radians(_TURNS), indexing="ij"))


@dataclass(frozen=True)
class ProbeLabel:
    """A probe label before it is placed: ``through`` (world points) decides its side on
    screen: two, it lies beyond the second (seen from the first); three, a triangle's leg
    from the first to the second, and it lies outside, away from the third."""

    label: Label
    through: tuple
    gap: float = 6.0
    fallback: str | None = None  # a shorter text where the label does not fit


def magnitude(value: float) -> str:
    """|∇f| to three significant digits (11.7, 2.83, 0.0123; 2400 whole)."""
    if value == 0 or not math.isfinite(value):
        return format_value(value)
    return format_value(value, min(4, max(0, 2 - math.floor(math.log10(abs(value))))))


@dataclass(frozen=True)
class Wish:
    """A label to place: ``label`` (its text, font, colours; its anchor in world units),
    ``anchor`` where that anchor is seen (logical pixels), ``toward`` the screen direction
    the text should lie in from it (need not be unit), ``gap`` pixels between the anchor
    and the text's box.  ``fallback``: a shorter text to try where the label does not fit."""

    label: Label
    anchor: tuple[float, float]
    toward: tuple[float, float]
    gap: float = 6.0
    fallback: str | None = None


def _size(label: Label) -> tuple[float, float]:
    metrics = QFontMetricsF(label.font)
    return metrics.horizontalAdvance(label.text) + 2 * LABEL_PAD, metrics.height() + 2 * LABEL_PAD


def quad_rect(label: Label, x: float, y: float) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) logical pixels of the quad ``label`` is drawn in when its
    anchor is seen at (x, y) (as :class:`~explorer.ui.gl_items.AxisLabelsItem` lays it out)."""
    metrics = QFontMetricsF(label.font)
    width, height = _size(label)
    left = x - label.align * width + label.nudge[0]
    bottom = y + metrics.descent() + LABEL_PAD - label.nudge[1]
    return left, bottom - height, left + width, bottom


def label_at(label: Label, x: float, y: float, left: float, top: float) -> Label:
    """``label`` aligned and nudged so its quad's top-left corner is at (left, top) when its
    anchor is seen at (x, y)."""
    metrics = QFontMetricsF(label.font)
    _, height = _size(label)
    bottom = top + height
    return replace(label, align=0.0, nudge=(left - x, y + metrics.descent() + LABEL_PAD - bottom))


def _candidates(wish: Wish, size: tuple[float, float]) -> np.ndarray:
    """(K, 4) rectangles (l, t, r, b) around the anchor, in the order tried: the wished side
    first, then turning away from it, then further out."""
    x, y = wish.anchor
    w, h = size
    tx, ty = wish.toward
    base = math.atan2(ty, tx) if math.hypot(tx, ty) > 1e-9 else 0.0
    angles = base + _TURN_GRID
    ux, uy = np.cos(angles), np.sin(angles)
    with np.errstate(divide="ignore"):
        # From the box's centre to its edge along (ux, uy): the box just touches the circle
        # of radius gap + step around the anchor.
        reach = np.minimum(w / 2 / np.abs(ux), h / 2 / np.abs(uy))
    distance = wish.gap + _STEP_GRID + reach
    cx, cy = x + ux * distance, y + uy * distance
    return np.column_stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2])


def _inside(rects: np.ndarray, width: float, height: float) -> np.ndarray:
    """``rects`` (K, 4) moved (not resized) into the view, MARGIN from its edges where they fit."""
    dx = np.where(rects[:, 0] < MARGIN, MARGIN - rects[:, 0], np.minimum(width - MARGIN - rects[:, 2], 0.0))
    dy = np.where(rects[:, 1] < MARGIN, MARGIN - rects[:, 1], np.minimum(height - MARGIN - rects[:, 3], 0.0))
    return rects + np.column_stack([dx, dy, dx, dy])


def _covered(rects: np.ndarray, taken: np.ndarray) -> np.ndarray:
    """(K,) the area of each of ``rects`` (K, 4) covered by the rectangles ``taken`` (M, 4)."""
    if not len(taken):
        return np.zeros(len(rects))
    w = np.clip(np.minimum(rects[:, None, 2], taken[None, :, 2]) - np.maximum(rects[:, None, 0], taken[None, :, 0]), 0.0, None)
    h = np.clip(np.minimum(rects[:, None, 3], taken[None, :, 3]) - np.maximum(rects[:, None, 1], taken[None, :, 1]), 0.0, None)
    return (w * h).sum(axis=1)


def place(wishes: list[Wish], obstacles, width: float, height: float) -> list[Label]:
    """The labels of ``wishes``, in their order, each aligned and nudged to where it fits
    (see the module docstring); ``obstacles`` (l, t, r, b) each: what no label may cover
    (the axis labels, the arrows), in a ``width``×``height`` view.  Wishes are placed in
    their order: the first ones get their wished side most often."""
    taken = np.array(list(obstacles), dtype=np.float64).reshape(-1, 4)
    placed = []
    for wish in wishes:
        best = None
        for label in (wish.label, *((replace(wish.label, text=wish.fallback),) if wish.fallback else ())):
            wished = _candidates(wish, _size(label))
            moved = _inside(wished, width, height)
            # Covering another label costs its area; being pushed in from the edge (away
            # from what it names) costs too, so a candidate inside the view as wished wins.
            cost = _covered(moved, taken) + 4.0 * np.hypot(*(moved - wished)[:, :2].T)
            free = np.flatnonzero(cost == 0.0)
            pick = int(free[0]) if len(free) else int(np.argmin(cost))
            if best is None or cost[pick] < best[0]:
                best = (float(cost[pick]), label, moved[pick])
            if best[0] == 0.0:
                break
        _, label, rect = best
        placed.append(label_at(label, *wish.anchor, rect[0], rect[1]))
        taken = np.vstack([taken, rect])
    return placed


def probe_wishes(labels: list[ProbeLabel], axes: list[Label], arrows: np.ndarray, seen, width: float, height: float):
    """What :func:`place` needs for the probe's ``labels`` from this camera: the obstacles
    (the ``axes``' labels, small boxes along the ``arrows``' shafts ((6k, 3) world segments:
    shaft, two barbs each)) and a :class:`Wish` per label.  ``seen`` maps world points
    (K, 3) to logical pixels (K, 2)."""
    obstacles = []
    for label, (x, y) in zip(axes, seen(np.array([label.anchor for label in axes]).reshape(-1, 3))):
        if math.isfinite(x) and math.isfinite(y):
            obstacles.append(quad_rect(label, x, y))
    shafts = [a + np.linspace(0.15, 1.0, 6)[:, None] * (b - a) for a, b in zip(arrows[0::6], arrows[1::6])]
    for x, y in seen(np.concatenate(shafts)) if shafts else ():
        obstacles.append((x - 5, y - 5, x + 5, y + 5))
    wishes = []
    points = seen(np.array([p for item in labels for p in (item.label.anchor, *item.through)]).reshape(-1, 3))
    start = 0
    for item in labels:
        anchor, ends = points[start], points[start + 1 : start + 1 + len(item.through)]
        start += 1 + len(item.through)
        if len(item.through) == 2:  # beyond the end of a tangent or an arrow
            toward = ends[1] - ends[0]
        else:  # across a triangle's leg, away from its third corner
            a, b, c = ends
            toward = np.array([a[1] - b[1], b[0] - a[0]])
            if np.dot(toward, c - (a + b) / 2) > 0:
                toward = -toward
        if not (np.isfinite(anchor).all() and np.isfinite(toward).all()):
            anchor, toward = np.array([width / 2, height / 2]), np.array([1.0, 0.0])
        wishes.append(Wish(item.label, tuple(anchor), tuple(toward), item.gap, item.fallback))
    return obstacles, wishes
