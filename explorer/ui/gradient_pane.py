"""The Gradient pane: ∇f as a vector of n slopes, one bar per variable.

A bar chart of the partials at the lesson's full point (:mod:`explorer.core.gradient_bars`
computes them; this view only draws): each bar named for its variable (w₁ …), up for a
positive slope and down for a negative one from the zero line, its number written at its
end; the surface's two shown variables in their axis colours, the held ones in the muted
colour.  While a run descends, the bars follow the leading run's iterate step by step.

It redraws only while it is shown (a step of the animation with the pane closed costs
nothing here) and when shown again.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..core.gradient_bars import GradientBars, lesson_gradient_bars
from ..core.lesson import Field, Lesson
from . import theme
from .widgets import WrappedLabel, named

__all__ = ["GradientPane", "BAR_WIDTH"]

BAR_WIDTH = 0.6  # of the unit between two bars' centres
_SHOWS = {Field.FUNCTION, Field.MESH, Field.POINT, Field.CURVE, Field.RUN, Field.DESCENT_SOURCE}


class _BarPlot(pg.PlotWidget):
    """The bars, the zero line and the numbers; the student looks, never pans (no mouse)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("gradientPlot")
        self.setAccessibleName("The gradient's partials as bars")
        self.setMinimumSize(200, 150)
        self.hideButtons()
        self.setMenuEnabled(False)
        self.setMouseEnabled(False, False)
        self.bars = pg.BarGraphItem(x=np.zeros(0), height=np.zeros(0), width=BAR_WIDTH)
        self.zero_line = pg.InfiniteLine(pos=0.0, angle=0)
        self.zero_line.setZValue(5)
        self.addItem(self.bars)
        self.addItem(self.zero_line, ignoreBounds=True)
        self.labels: list[pg.TextItem] = []

    def show_bars(self, bars: GradientBars) -> None:
        t = theme.current()
        n = len(bars.names)
        xs = np.arange(n, dtype=np.float64)
        heights = np.nan_to_num(bars.values, nan=0.0)  # an undefined slope: no bar, "undefined" written
        colors = [t.x_color if i == bars.shown[0] else t.y_color if i == bars.shown[1] else t.muted_color
                  for i in range(n)]
        self.bars.setOpts(x=xs, height=heights, width=BAR_WIDTH, brushes=[pg.mkBrush(c) for c in colors],
                          pens=[pg.mkPen(c) for c in colors])
        while len(self.labels) < n:
            label = pg.TextItem()
            label.setZValue(10)
            self.addItem(label, ignoreBounds=True)
            self.labels.append(label)
        font = self.font()
        font.setPointSizeF(max(9.0, t.app_font_pt))
        for i, label in enumerate(self.labels):
            if i >= n:
                label.hide()
                continue
            value = heights[i]
            label.setText(bars.value_text(i), color=t.text_color)
            label.setFont(font)
            label.setAnchor((0.5, 1.0) if value >= 0 else (0.5, 0.0))  # past the bar's end, outside it
            label.setPos(float(xs[i]), float(value))
            label.show()
        axis = self.getPlotItem().getAxis("bottom")
        axis.setTicks([[(float(i), name) for i, name in enumerate(bars.names)]])
        self._frame(heights, n)

    def _frame(self, heights: np.ndarray, n: int) -> None:
        # Both signs always in view around the zero line, with room for the numbers at the bars' ends.
        top = float(max(heights.max(initial=0.0), 0.0))
        bottom = float(min(heights.min(initial=0.0), 0.0))
        span = top - bottom
        if not math.isfinite(span) or span == 0.0:
            top, bottom, span = 1.0, -1.0, 2.0
        margin = 0.22 * span
        self.getViewBox().setRange(xRange=(-0.6, n - 0.4), yRange=(bottom - margin * (bottom < 0), top + margin),
                                   padding=0.0)

    def apply_theme(self) -> None:
        t = theme.current()
        self.setBackground(t.plot_background)
        for name in ("bottom", "left"):
            axis = self.getPlotItem().getAxis(name)
            axis.setPen(pg.mkPen(t.axis_color))
            axis.setTextPen(pg.mkPen(t.text_color))
        font = self.font()
        font.setPointSizeF(max(9.0, t.app_font_pt + 1))
        self.getPlotItem().getAxis("bottom").setStyle(tickFont=font)
        self.zero_line.setPen(pg.mkPen(t.text_color, width=1.5))


class GradientPane(QWidget):
    """A view of ∇f at the lesson's full point (or its leading run's iterate): bars and a caption."""

    def __init__(self, lesson: Lesson, parent=None):
        super().__init__(parent)
        self.setObjectName("gradientPanel")
        self.lesson = lesson
        self.plot = _BarPlot(self)
        self.caption = named(WrappedLabel(max_lines=3, steady=True), "gradientCaption", "The gradient's numbers")
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.legend = named(WrappedLabel(max_lines=2, steady=True), "gradientLegend", "What the colours mean")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.caption)
        layout.addWidget(self.legend)
        self.shown_bars: GradientBars | None = None  # what is drawn now
        self._stale = True  # the lesson changed while the pane was hidden
        lesson.events.connect_fields(_SHOWS, self._on_lesson_changed)
        lesson.events.stepped.connect(self._on_stepped)
        theme.changed.connect(self._on_theme_changed)
        self.plot.apply_theme()
        self.refresh()

    def _on_lesson_changed(self, _changed: frozenset) -> None:
        self.refresh()

    def _on_stepped(self, _run=None) -> None:
        self.refresh()  # the bars follow the leading run's steps

    def _on_theme_changed(self) -> None:
        self.plot.apply_theme()
        if self.shown_bars is not None:  # hidden or not, no colour of the theme before is kept
            self.plot.show_bars(self.shown_bars)
        self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Draw the bars of the lesson now (skipped while hidden: drawn when shown)."""
        if not self.isVisible() and self.shown_bars is not None:
            self._stale = True
            return
        self._stale = False
        bars = lesson_gradient_bars(self.lesson)
        self.shown_bars = bars
        self.plot.show_bars(bars)
        self.caption.setText(bars.caption())
        x, y = (bars.names[i] for i in bars.shown)
        held = [name for i, name in enumerate(bars.names) if i not in bars.shown]
        legend = f"Bar i is ∂{bars.function_name}/∂vᵢ, the slope along that variable alone. {x} and {y} are the surface's axes"
        self.legend.setText(legend + (f"; {', '.join(held)} held." if held else "."))
