"""The descent plot itself: one pyqtgraph plot (axes, grid, names) and each run's two lines
on it, shared by the two presenters that draw into it (:mod:`.curve_plot` on a curve,
:mod:`.steps_plot` for f over the steps).

Each run has its whole path ahead of it (faint: the *forecast*) and, over the steps, f along
the steps taken (bold: the *history*; descent on the surface only).  A run's items are made
when a race first has that run, and updated with setData from then on.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from .. import theme
from ..widgets import PlotGrid, named

PLOT_MIN_HEIGHT, COMPACT_PLOT_MIN_HEIGHT = 240, 184


class DescentPlot:
    """The plot widget (:attr:`widget`), its axes' names and every run's path lines."""

    def __init__(self, font_height: int):
        self.widget = plot = named(pg.PlotWidget(background=theme.PLOT_BACKGROUND, enableMenu=False),  # no menu: not even built
                                    "descentPlot", "Gradient descent plot")
        plot.setMinimumSize(360, PLOT_MIN_HEIGHT)
        self.grid = PlotGrid(plot, theme.GRID_COLOR)  # pyqtgraph's translucent grid costs most of a frame
        plot.setMenuEnabled(False)
        for axis in ("bottom", "left"):
            plot.getAxis(axis).setTextPen(theme.TEXT_COLOR)
            plot.getAxis(axis).setPen(theme.AXIS_COLOR)
            # No SI prefix: on a log axis pyqtgraph scales the 10^k labels by it (f = 4 read
            # 10⁻²⁷ beside "(x1e+27)", which cut the axis's name); large values read as 2e+51.
            plot.getAxis(axis).enableAutoSIPrefix(False)
        # pyqtgraph sizes the axis for 80 % of its label's height, which cuts the variable's
        # name off at 11 pt: room for all of it.
        plot.getAxis("bottom").setHeight(int(2.9 * font_height))
        self._axis_names: dict[str, tuple[str, str]] = {}
        # Each run's two lines, made when a race first has that run (most lessons draw one
        # run; the six runs' lines made up front were a quarter of the panel's build, #25).
        self.forecast_items, self.history_items = [], []
        self.make_run_lines(1)

    def make_run_lines(self, runs: int) -> None:
        """Runs 0 … ``runs`` − 1 have their lines (made once, in run order, each in its run's colour)."""
        plot = self.widget
        while len(self.forecast_items) < min(runs, len(theme.RUN_COLORS)):
            color = theme.RUN_COLORS[len(self.forecast_items)]
            # A one-pixel pen for the faint path: a wider one costs a software painter ~1 ms a curve.
            forecast = plot.plot(pen=pg.mkPen(theme.faded(color), width=1), connect="finite")
            forecast.setZValue(-5)
            # f over the steps taken, set every frame of a race: a bare curve item, its log
            # scale applied here (a PlotDataItem's setData costs ~4× as much in Python, and its
            # downsampling left the ≤ 2,000 steps a run keeps as they were on 360+ pixels).
            history = pg.PlotCurveItem(pen=pg.mkPen(color, width=2.5), connect="finite")
            history.setZValue(-1)  # under the curve plot's lines and marks, made before or after them
            plot.addItem(history)
            self.forecast_items.append(forecast)
            self.history_items.append(history)

    def show_history(self, index: int, steps: np.ndarray, values: np.ndarray, log: bool) -> None:
        """Run ``index``'s line of f over the steps taken: ``steps`` (k,) and f there (k,),
        drawn as log10(f) on a log scale (as the plot's PlotDataItems are); breaks where
        it has no finite value."""
        if log:
            with np.errstate(divide="ignore", invalid="ignore"):
                values = np.log10(values)
        self.history_items[index].setData(np.asarray(steps, dtype=np.float64), values)

    @property
    def view_box(self):
        return self.widget.getPlotItem().vb

    def view_range(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """What the plot shows: ((x0, x1), (y0, y1)) in the plot's units (log10 on a log axis)."""
        (x0, x1), (y0, y1) = self.view_box.viewRange()
        return (x0, x1), (y0, y1)

    def forecast_points(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """Run ``index``'s whole path as drawn (faint): its xs and ys (empty when none)."""
        return _points(self.forecast_items[index]) if index < len(self.forecast_items) else (np.zeros(0), np.zeros(0))

    def history_points(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """Run ``index``'s steps taken as drawn (f over the steps): steps and f, in the
        view's units (log10 of f on a log axis)."""
        return _points(self.history_items[index]) if index < len(self.history_items) else (np.zeros(0), np.zeros(0))

    def label_axis(self, axis: str, text: str, color: str) -> None:
        # Only a new name: setting one re-lays the plot out (a drag of α would pay it every step).
        if self._axis_names.get(axis) != (text, color):
            self._axis_names[axis] = (text, color)
            self.widget.setLabel(axis, text, color=color)

    def apply_theme(self) -> None:
        """The ground, grid, axes and run lines in the theme's colours."""
        plot = self.widget
        plot.setBackground(theme.PLOT_BACKGROUND)
        self.grid.curve.setPen(pg.mkPen(theme.GRID_COLOR, width=1))
        for axis in ("left", "bottom"):
            plot.getAxis(axis).setTextPen(theme.TEXT_COLOR)
            plot.getAxis(axis).setPen(theme.AXIS_COLOR)
        for forecast, history, color in zip(self.forecast_items, self.history_items, theme.RUN_COLORS):
            forecast.setPen(pg.mkPen(theme.faded(color), width=1))
            history.setPen(pg.mkPen(color, width=2.5))

    def set_presentation(self, font, font_height: int) -> None:
        """The axes' ticks in ``font`` (presentation mode grows it)."""
        self.widget.getAxis("bottom").setHeight(int(2.9 * font_height))
        for axis in ("bottom", "left"):
            self.widget.getAxis(axis).setStyle(tickFont=font)


def _points(item) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = item.getData()
    if xs is None:
        return np.zeros(0), np.zeros(0)
    return np.asarray(xs), np.asarray(ys)
