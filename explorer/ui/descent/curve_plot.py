"""The curve plot: a function of one variable with the runs on it (the own f(x), a slice,
or the slice coordinate descent moves along next).

The first run is drawn with its tangent, the step it takes next, its fading trail and a hump
it jumped; the other runs with their recent iterates and where they are; every run's whole
path faintly ahead of it.  The view is the curve's own, grown to follow a run or zoomed to
a run bouncing in a valley (:mod:`.curve_view`); once the student zooms or pans the plot
by hand, that view is theirs until the curve changes.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, Signal

from ...core.descent import story
from ...core.mesh import robust_z_range
from .. import theme
from ..plot_view import LABEL_GAP, label_side
from .curve_view import CurveView

TRAIL_SHOWN = 60  # iterates drawn in the fading trail
CURVE_SAMPLES = 800


class CurvePlot(QObject):
    """Draws the lesson's curve and runs into a :class:`~.plot.DescentPlot`."""

    startMoved = Signal(float)  # the start marker dragged to x₀ (a drag's every move)
    startDragged = Signal()  # … its first move of a drag (one undo step opens)
    startDropped = Signal()  # … and the drag ended

    def __init__(self, plot, lesson, parent=None):
        super().__init__(parent)
        self.plot, self.lesson = plot, lesson
        widget = plot.widget
        # The curve and its lines are bare curve items: a PlotDataItem (widget.plot) costs ~4×
        # as much to make and to set, for a log scale and downsampling these never use (they
        # are hidden while the steps plot, the one with a log axis, shows).
        self.curve = _line(widget, pg.mkPen(theme.CURVE_COLOR, width=theme.CURVE_WIDTH))
        self.tangent = _line(widget, pg.mkPen(theme.TEXT_COLOR, width=theme.TANGENT_WIDTH, style=Qt.PenStyle.DashLine))
        self.step_line = _line(widget, pg.mkPen(theme.RUN_COLOR, width=theme.STEP_WIDTH))
        self.step_head = pg.ArrowItem(angle=0, headLen=14, tipAngle=35, brush=theme.RUN_COLOR, pen=None)
        widget.addItem(self.step_head)
        self._trail_brushes = _trail_brushes()
        self.trail = pg.ScatterPlotItem(size=10, pen=None, hoverable=True, hoverSize=13, tip=self._trail_tip)
        widget.addItem(self.trail)
        # Ringed in the plot's ground, so the point stands out from the curve it sits on.
        self.current = pg.ScatterPlotItem(size=15, brush=theme.MARKER_COLOR, pen=pg.mkPen(theme.PLOT_BACKGROUND, width=1.5))
        widget.addItem(self.current)
        self.start_marker = pg.TargetItem(pos=(0, 0), size=16, symbol="o", pen=pg.mkPen(theme.MUTED_COLOR, width=2),
                                          brush=theme.translucent(theme.PLOT_BACKGROUND, 180), movable=True, label="start",
                                          labelOpts={"color": theme.MUTED_COLOR, "offset": (-10, -22), "anchor": (1, 1)})
        widget.addItem(self.start_marker)
        self.start_marker.sigPositionChanged.connect(self._on_start_marker_moved)
        self.start_marker.sigPositionChangeFinished.connect(lambda _item: self.startDropped.emit())
        self._start_label_side = -1  # "start" left (−1) or right (+1) of its marker
        for moved in (plot.view_box.sigRangeChanged, plot.view_box.sigResized):
            moved.connect(lambda *_: self.place_start_label())
        # The added runs' trails and points (the first run's are the trail and the current point
        # above): made when a race first has that run (_make_run_marks).
        self.run_trails, self.run_currents = [], []
        # A step that jumped a hump: the hump's top marked, the jump drawn dashed.
        self.hump_marker = pg.ScatterPlotItem(size=12, symbol="t1", brush=pg.mkBrush(theme.NOTE_COLOR), pen=None)
        self.hump_label = pg.TextItem("hump", color=theme.NOTE_COLOR, anchor=(0.5, 1.3))
        self.jump_line = _line(widget, pg.mkPen(theme.NOTE_COLOR, width=2, style=Qt.PenStyle.DashLine))
        for item in (self.hump_marker, self.hump_label):
            widget.addItem(item, ignoreBounds=True)
        self.scale = 1.0  # presentation mode widens the lines
        self._forecasts_drawn = None  # the lesson's forecasts drawn (redrawn when they change)
        self._cleared = False  # hidden while the steps plot shows instead
        self._drawn_for = None  # (curve, range, axis) the curve was sampled for
        self.view = CurveView(plot, lesson, self._curve_values, self.draw_curve)
        self.off_view = self.view.off_view

    # ------------------------------------------------------------------ what it shows
    def items(self) -> tuple:
        """What this plot draws (hidden while the steps plot shows instead)."""
        return (self.curve, self.tangent, self.step_line, self.trail, self.current, self.jump_line,
                self.hump_marker, *self.run_trails, *self.run_currents)

    def run_marker(self, index: int) -> tuple[float, float] | None:
        """Where run ``index`` is drawn (x, f), or None when it is not drawn."""
        if index > len(self.run_currents):
            return None  # no race has had that run yet
        item = self.current if index == 0 else self.run_currents[index - 1]
        xs, ys = item.getData()
        return (float(xs[0]), float(ys[0])) if xs is not None and len(xs) else None

    def clear(self) -> None:
        """Hidden, for the steps plot (an empty item still costs its paint, every frame)."""
        if not self._cleared:
            for item in self.items():
                item.setData([], [])
                item.setVisible(False)
            for item in (self.step_head, self.off_view, self.hump_label):
                item.setVisible(False)
            self._cleared = True
        self._forecasts_drawn = None

    @property
    def user_view(self) -> bool:
        """Whether the student zoomed or panned the plot (the view is theirs)."""
        return self.view.user_view

    def give_view_back(self) -> None:
        self.view.give_view_back()

    def new_run(self) -> None:
        """A fresh run: back on the curve's own view (unless the student holds the view)."""
        self.view.zoomed = False

    # ------------------------------------------------------------------ the curve and view
    def draw_curve(self, x_range: tuple[float, float] | None = None, reset_view: bool = True) -> None:
        """The curve over ``x_range`` (default its own); on its own range the view goes back
        to the curve's (``reset_view``) unless the student holds it."""
        lesson = self.lesson
        own = story.plotted_range(lesson)
        x0, x1 = x_range or own
        xs = np.linspace(x0, x1, CURVE_SAMPLES)
        ys = self._curve_values(xs)
        self.curve.setData(xs, ys)
        self._drawn_for = (lesson.curve, own, story.shown_axis(lesson), x_range)
        if x_range is None:
            inside = ys[(xs >= own[0]) & (xs <= own[1])]
            (lo, hi), _ = robust_z_range(inside)
            pad = 0.08 * (hi - lo)
            self.view.base = ((own[0], own[1]), (lo - pad, hi + pad))
            if reset_view:
                self.view.set_view(*self.view.base)

    def redraw_if_changed(self) -> None:
        """The curve sampled again only when it (or its range or direction) changed."""
        lesson = self.lesson
        if self._drawn_for is None or self._drawn_for[:3] != (lesson.curve, story.plotted_range(lesson),
                                                               story.shown_axis(lesson)):
            self.draw_curve(reset_view=not self.user_view)

    def _curve_values(self, xs: np.ndarray) -> np.ndarray:
        """The plotted curve at ``xs`` (NaN where undefined): the source's."""
        lesson = self.lesson
        return lesson.source.plot_values(xs, lesson.surface, lesson.curve, lesson.run.point, lesson.run.steps)

    def set_pen(self, axis: int | None) -> None:
        color = {None: theme.CURVE_COLOR, 0: theme.X_COLOR, 1: theme.Y_COLOR}[axis]
        self.curve.setPen(pg.mkPen(color, width=theme.CURVE_WIDTH * self.scale))

    # ------------------------------------------------------------------ the runs
    def show(self, jump) -> None:
        """Every run where it is now (``jump``: the first run's step over a hump, or None)."""
        if self._cleared:  # back from the steps plot: the curve's items drawn again
            for item in self.items():
                item.setVisible(True)
            self._cleared = False
        lesson = self.lesson
        run = lesson.run
        coordinate = lesson.source.on_surface  # a variable at a time: the point has both
        axis = story.shown_axis(lesson)
        x, value = (run.point[axis], run.value) if coordinate else (run.point[0], run.value)
        slope = run.gradient[axis] if coordinate else run.gradient[0]
        start = None if coordinate else float(lesson.curve_start)
        if start is not None:
            start_value = lesson.curve.value_at((start,))
            self.start_marker.blockSignals(True)
            self.start_marker.setPos(start, start_value if math.isfinite(start_value) else 0.0)
            self.start_marker.blockSignals(False)
            self.place_start_label()
        self._show_trail(coordinate)
        nxt = None
        if math.isfinite(x) and math.isfinite(value):
            self.current.setData([x], [value])
            if math.isfinite(slope):
                half = 0.12 * (self.view.shown[0][1] - self.view.shown[0][0])
                self.tangent.setData([x - half, x + half], [value - slope * half, value + slope * half])
                nxt = x - run.learning_rate * slope
                self.step_line.setData([x, nxt], [value, value])
                self.step_head.setPos(nxt, value)
                self.step_head.setStyle(angle=180 if nxt > x else 0)
                self.step_head.setVisible(abs(nxt - x) > 1e-12)
            else:
                self._hide_step()
        else:
            self.current.setData([], [])
            self._hide_step()
        self.view.follow(start, x, value, nxt, coordinate)
        self._show_other_runs()
        self._show_hump(None if coordinate else jump)

    def _hide_step(self) -> None:
        self.tangent.setData([], [])
        self.step_line.setData([], [])
        self.step_head.setVisible(False)

    def _show_trail(self, coordinate: bool) -> None:
        run = self.lesson.run
        if coordinate:
            self.trail.setData([], [])  # each move is on another slice: the staircase is on the surface
            return
        shown = list(run.trail)[-TRAIL_SHOWN:]
        trail = np.array([p[0] for p in shown], dtype=np.float64)
        values = self.lesson.curve.evaluate(trail)[0]
        # Older iterates fade: the newest is nearly opaque.  The same brush objects every
        # frame, so the scatter item's symbol cache is hit instead of redrawing symbols.
        brushes = self._trail_brushes[-len(trail):]
        first_index = run.steps - len(trail) + 1
        ok = np.isfinite(values)
        self.trail.setData(x=trail[ok], y=values[ok], brush=[b for b, good in zip(brushes, ok) if good],
                           data=np.arange(first_index, first_index + len(trail))[ok])

    def _make_run_marks(self, runs: int) -> None:
        """Runs 1 … ``runs`` − 1 have their recent iterates and current point (made once, in
        run order), drawn under the hump's marks as when they were made with the rest."""
        widget = self.plot.widget
        while len(self.run_trails) < min(runs, len(theme.RUN_COLORS)) - 1:
            color = theme.RUN_COLORS[len(self.run_trails) + 1]
            trail = pg.ScatterPlotItem(size=8, pen=None, brush=pg.mkBrush(theme.faded(color, 0.3)))
            current = pg.ScatterPlotItem(size=13, brush=pg.mkBrush(color), pen=pg.mkPen(theme.PLOT_BACKGROUND, width=1.5))
            for item in (trail, current):
                widget.addItem(item)
                item.stackBefore(self.jump_line)
            self.run_trails.append(trail)
            self.run_currents.append(current)

    def _show_other_runs(self) -> None:
        """Every run's whole path (faint, redrawn only where it changed) and the added runs'
        recent iterates."""
        lesson = self.lesson
        runs, curve = lesson.runs, lesson.curve
        forecasts = lesson.forecasts()
        self.plot.make_run_lines(max(len(forecasts), len(runs)))
        self._make_run_marks(len(runs))
        if self._forecasts_drawn is not forecasts:  # new settings, not a new step
            drawn = self._forecasts_drawn or []
            for i, item in enumerate(self.plot.forecast_items):
                if i < len(forecasts) and i < len(drawn) and forecasts[i] is drawn[i]:
                    continue  # this run's path did not change (a drag of another run's α)
                if i < len(forecasts):
                    item.setData(forecasts[i].iterates[:, 0], forecasts[i].values)
                elif item.xData is not None and len(item.xData):
                    item.setData([], [])
            if not drawn:
                for item in self.plot.history_items:
                    item.setData([], [])
            self._forecasts_drawn = forecasts
        for i, (trail_item, current_item) in enumerate(zip(self.run_trails, self.run_currents), start=1):
            if i >= len(runs):
                if trail_item.data.size or current_item.data.size:
                    trail_item.setData([], [])
                    current_item.setData([], [])
                continue
            run = runs[i]
            shown = np.array([p[0] for p in list(run.trail)[-TRAIL_SHOWN:]], dtype=np.float64)
            values = curve.evaluate(shown)[0]
            ok = np.isfinite(shown) & np.isfinite(values)
            trail_item.setData(shown[ok], values[ok])
            x, value = run.point[0], run.value
            current_item.setData(*(([x], [value]) if math.isfinite(x) and math.isfinite(value) else ([], [])))

    def _show_hump(self, jump) -> None:
        """A step of the first run that jumped over a hump: the hump marked, the jump dashed."""
        if jump is None:
            self.hump_marker.setData([], [])
            self.hump_label.setVisible(False)
            self.jump_line.setData([], [])
            return
        curve = self.lesson.curve
        top = curve.value_at((jump.hump,))
        self.hump_marker.setData([jump.hump], [top])
        self.hump_label.setPos(jump.hump, top)
        self.hump_label.setVisible(True)
        self.jump_line.setData([jump.before, jump.after], [curve.value_at((jump.before,)), curve.value_at((jump.after,))])

    # ------------------------------------------------------------------ the start marker
    def _on_start_marker_moved(self) -> None:
        # Dragging the start marker slides it along the curve.
        if self.start_marker.moving:
            self.startDragged.emit()
        self.startMoved.emit(float(self.start_marker.pos().x()))

    def place_start_label(self) -> None:
        """"start" beside its marker on the side that keeps it inside the plot (at x₀ = −2,
        the left edge, it read "art")."""
        label = self.start_marker.label()
        vb = self.plot.view_box
        if label is None or not self.start_marker.isVisible():
            return
        marker = vb.mapViewToScene(self.start_marker.pos()).x()
        area = vb.sceneBoundingRect()
        side = label_side(marker, label.boundingRect().width(), area.left(), area.right())
        if side != self._start_label_side:
            self._start_label_side = side
            label.offset = pg.Point(side * LABEL_GAP, -22)
            label.setAnchor((1, 1) if side < 0 else (0, 1))
            label.viewTransformChanged()

    def _trail_tip(self, x, y, data):
        return f"step {data}: {story.variable(self.lesson)} = {x:.4f}, f = {y:.4f}"

    # ------------------------------------------------------------------ looks
    def apply_theme(self) -> None:
        self.current.setBrush(pg.mkBrush(theme.MARKER_COLOR))
        self.current.setPen(pg.mkPen(theme.PLOT_BACKGROUND, width=1.5))
        self._trail_brushes = _trail_brushes()
        self.start_marker.setBrush(pg.mkBrush(theme.translucent(theme.PLOT_BACKGROUND, 180)))
        self.step_head.setStyle(brush=theme.RUN_COLOR)  # its setStyle(angle=…) re-applies the style's brush
        self.start_marker.setPen(pg.mkPen(theme.MUTED_COLOR, width=2))
        if self.start_marker.label() is not None:
            self.start_marker.label().setColor(theme.MUTED_COLOR)
        for trail, current, color in zip(self.run_trails, self.run_currents, theme.RUN_COLORS[1:]):
            trail.setBrush(pg.mkBrush(theme.faded(color, 0.3)))
            current.setBrush(pg.mkBrush(color))
            current.setPen(pg.mkPen(theme.PLOT_BACKGROUND, width=1.5))
        self.hump_marker.setBrush(pg.mkBrush(theme.NOTE_COLOR))
        self.hump_label.setColor(theme.NOTE_COLOR)
        self.jump_line.setPen(pg.mkPen(theme.NOTE_COLOR, width=2, style=Qt.PenStyle.DashLine))
        self.view.apply_theme()

    def set_presentation(self, scale: float) -> None:
        """Lines ``scale`` times their normal width (presentation mode)."""
        self.scale = float(scale)
        self.tangent.setPen(pg.mkPen(theme.TEXT_COLOR, width=theme.TANGENT_WIDTH * scale, style=Qt.PenStyle.DashLine))
        self.step_line.setPen(pg.mkPen(theme.RUN_COLOR, width=theme.STEP_WIDTH * scale))
        self.current.setSize(15 * scale)
        self.trail.setSize(10 * scale)


def _line(widget: pg.PlotWidget, pen) -> pg.PlotCurveItem:
    """A line drawn in ``pen`` on ``widget``'s plot, broken where a value is not finite."""
    line = pg.PlotCurveItem(pen=pen, connect="finite")
    widget.addItem(line)
    return line


def _trail_brushes() -> list:
    """The trail's brushes, oldest first: the theme's trail colour, fading in (the same
    objects every frame, so the scatter item's symbol cache is hit)."""
    return [pg.mkBrush(theme.translucent(theme.TRAIL_COLOR, int(a))) for a in np.linspace(50, 230, TRAIL_SHOWN)]
