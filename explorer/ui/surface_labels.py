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

from .gl_items import LABEL_PAD, Label

__all__ = ["Wish", "quad_rect", "label_at", "place", "MARGIN"]

MARGIN = 3.0  #: logical pixels kept between a label and the view's edge
# Turns (degrees) from the wished side, tried in this order, and distances from the anchor.
_TURNS = (0, 25, -25, 50, -50, 80, -80, 110, -110, 145, -145, 180)
_STEPS = (0.0, 10.0, 24.0, 42.0, 66.0, 96.0)


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


def _overlap(rect, taken: np.ndarray) -> float:
    """The area of ``rect`` (l, t, r, b) covered by the rectangles ``taken`` (K, 4), summed."""
    if not len(taken):
        return 0.0
    w = np.clip(np.minimum(rect[2], taken[:, 2]) - np.maximum(rect[0], taken[:, 0]), 0.0, None)
    h = np.clip(np.minimum(rect[3], taken[:, 3]) - np.maximum(rect[1], taken[:, 1]), 0.0, None)
    return float((w * h).sum())


def _inside(rect, width: float, height: float) -> tuple[float, float, float, float]:
    """``rect`` moved (not resized) into the view, MARGIN from its edges where it fits."""
    left, top, right, bottom = rect
    dx = max(MARGIN - left, 0.0) or min(width - MARGIN - right, 0.0)
    dy = max(MARGIN - top, 0.0) or min(height - MARGIN - bottom, 0.0)
    return left + dx, top + dy, right + dx, bottom + dy


def _candidates(wish: Wish, size: tuple[float, float]):
    """Rectangles (l, t, r, b) around the anchor, the wished side first."""
    x, y = wish.anchor
    w, h = size
    tx, ty = wish.toward
    base = math.atan2(ty, tx) if math.hypot(tx, ty) > 1e-9 else 0.0
    for step in _STEPS:
        for turn in _TURNS:
            a = base + math.radians(turn)
            ux, uy = math.cos(a), math.sin(a)
            # From the box's centre to its edge along (ux, uy): the box just touches the
            # circle of radius gap + step around the anchor.
            reach = min(w / 2 / abs(ux) if abs(ux) > 1e-9 else math.inf, h / 2 / abs(uy) if abs(uy) > 1e-9 else math.inf)
            cx, cy = x + ux * (wish.gap + step + reach), y + uy * (wish.gap + step + reach)
            yield cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


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
            size = _size(label)
            for rect in _candidates(wish, size):
                moved = _inside(rect, width, height)
                cost = _overlap(moved, taken) + 4.0 * math.hypot(moved[0] - rect[0], moved[1] - rect[1])
                if best is None or cost < best[0]:
                    best = (cost, label, moved)
                if cost == 0.0:
                    break
            if best[0] == 0.0:
                break
        _, label, rect = best
        placed.append(label_at(label, *wish.anchor, rect[0], rect[1]))
        taken = np.vstack([taken, rect])
    return placed
