"""The curve plot's view: what part of the curve is in sight while a run goes (the policy's
arithmetic is :mod:`..plot_view`).

The view is the curve's own (:attr:`CurveView.base`), grown to keep the start, the point and
the next step in sight, or zoomed to the last steps of a run bouncing in a valley; a run
that flies off is marked at the edge with where it is.  Once the student zooms or pans by
hand (a wheel, a drag) the view is theirs: nothing moves it until :meth:`give_view_back`
(another curve or source).  Ranges are ((x0, x1), (y0, y1)) in the curve's units.
"""

from __future__ import annotations

import math

import pyqtgraph as pg

from ...core.descent import story
from .. import theme
from ..plot_view import BOUNCES_SHOWN, bounce_view, needs_new_view

# The view grows to keep a run in sight up to this many times the curve's own extent;
# beyond that (a run flying off) the point is marked at the edge with its value instead.
FOLLOW_LIMIT = 4.0


class CurveView:
    """The view of a :class:`~.plot.DescentPlot` showing a curve.  ``curve_values(xs)`` →
    f(xs) of the plotted curve; ``draw_curve(x_range)`` samples it over ``x_range``."""

    def __init__(self, plot, lesson, curve_values, draw_curve):
        self.plot, self.lesson = plot, lesson
        self._curve_values, self._draw_curve = curve_values, draw_curve
        # Where the run has left the view: an arrow at the edge, and where it is.
        self.off_view = pg.TextItem(color=theme.ERROR_COLOR, fill=pg.mkBrush(theme.translucent(theme.PLOT_BACKGROUND, 220)),
                                    border=theme.ERROR_COLOR)
        self.off_view.setZValue(50)
        self.off_view.setVisible(False)
        plot.widget.addItem(self.off_view, ignoreBounds=True)
        self.base = ((0.0, 1.0), (0.0, 1.0))  # the curve's own view, before following a run
        self.shown = self.base  # the view set last
        self.zoomed = False  # the view frames the last steps, bouncing in a valley
        self.user_view = False  # the student zoomed or panned: the view is theirs
        plot.view_box.sigRangeChangedManually.connect(self._on_user_view)

    def _on_user_view(self, *_) -> None:
        self.user_view = True
        self.zoomed = False

    def give_view_back(self) -> None:
        """Another curve (or source): the plot frames it again, the student's zoom let go."""
        self.user_view = False
        self.zoomed = False

    def set_view(self, x_range, y_range) -> None:
        self.shown = (tuple(x_range), tuple(y_range))
        if self.user_view:
            return  # the student's zoom stays
        span = x_range[1] - x_range[0]
        # A margin, so a start at the end of the range is not drawn on the frame.  Both axes in
        # one call: x alone would first fit y to the items' bounds (its auto-range still on).
        self.plot.widget.setRange(xRange=(x_range[0] - 0.05 * span, x_range[1] + 0.05 * span), yRange=tuple(y_range),
                                  padding=0)

    def follow(self, start, x, value, nxt, coordinate: bool) -> None:
        """Keep the start, the current point and the next step in sight: grow the view
        when they leave it (up to FOLLOW_LIMIT times the curve's extent), else mark the
        point at the edge of the view with its coordinates.  A run bouncing from wall to
        wall of a valley is zoomed to instead (see :mod:`..plot_view`)."""
        if self.user_view:
            self.off_view.setVisible(False)
            return
        if self._zoom_to_bounces(x, value, nxt, coordinate):
            return
        points = [(p, value) for p in (x, nxt) if p is not None]
        if start is not None:
            points.append((start, self.lesson.curve.value_at((start,))))
        points = [(a, b) for a, b in points if math.isfinite(a) and math.isfinite(b)]
        (bx0, bx1), (by0, by1) = self.base
        (vx0, vx1), (vy0, vy1) = self.shown
        finite = math.isfinite(x) and math.isfinite(value)
        self.off_view.setVisible(False)
        if not points:
            if not finite:
                self._mark_off_view(x, value)
            return
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        if all(vx0 <= a <= vx1 for a in xs) and all(vy0 <= b <= vy1 for b in ys) and finite:
            return
        nx0, nx1 = min(vx0, *xs), max(vx1, *xs)
        ny0, ny1 = min(vy0, *ys), max(vy1, *ys)
        if finite and nx1 - nx0 <= FOLLOW_LIMIT * (bx1 - bx0) and ny1 - ny0 <= FOLLOW_LIMIT * (by1 - by0):
            pad_x, pad_y = 0.05 * (nx1 - nx0), 0.08 * (ny1 - ny0)
            new_x = (nx0 - pad_x if nx0 < vx0 else vx0, nx1 + pad_x if nx1 > vx1 else vx1)
            new_y = (ny0 - pad_y if ny0 < vy0 else vy0, ny1 + pad_y if ny1 > vy1 else vy1)
            self.set_view(new_x, new_y)
            self._draw_curve(new_x)
            return
        self._mark_off_view(x, value)

    def _zoom_to_bounces(self, x, value, nxt, coordinate: bool) -> bool:
        """The view on the last steps while they bounce (True), or back to the curve's
        own view once they stop (False: the caller follows the run as usual)."""
        trail = self.lesson.run.trail
        recent = [trail[i][0] for i in range(-min(len(trail), BOUNCES_SHOWN + 1), 0)]
        zoom = None if coordinate or not (math.isfinite(x) and math.isfinite(value)) else \
            bounce_view(recent, self._curve_values, self.base[0], nxt)
        if zoom is None:
            if self.zoomed:
                self.zoomed = False
                self._draw_curve()  # the curve's own view again
            return False
        self.off_view.setVisible(False)
        if not self.zoomed or needs_new_view(self.shown, zoom):
            self.set_view(*zoom)
            (x0, x1), margin = zoom[0], 0.05 * (zoom[0][1] - zoom[0][0])  # _set_view's margin too
            self._draw_curve((x0 - margin, x1 + margin))
        self.zoomed = True
        return True

    def _mark_off_view(self, x: float, value: float) -> None:
        (vx0, vx1), (vy0, vy1) = self.shown
        if not math.isfinite(x) or not math.isfinite(value):
            cx, cy = (vx0 + vx1) / 2, (vy0 + vy1) / 2
        else:
            cx, cy = min(max(x, vx0), vx1), min(max(value, vy0), vy1)
        # Anchor the label inside the view at the edge it left by.
        ax = 1.0 if cx >= vx1 else 0.0 if cx <= vx0 else 0.5
        ay = 0.0 if cy >= vy1 else 1.0 if cy <= vy0 else 0.5
        self.off_view.setAnchor((ax, ay))
        self.off_view.setText(story.off_view_text(self.lesson, x, value, self.shown))
        self.off_view.setPos(cx, cy)
        self.off_view.setVisible(True)

    def apply_theme(self) -> None:
        self.off_view.setColor(theme.ERROR_COLOR)
        self.off_view.fill = pg.mkBrush(theme.translucent(theme.PLOT_BACKGROUND, 220))
        self.off_view.border = pg.mkPen(theme.ERROR_COLOR)
