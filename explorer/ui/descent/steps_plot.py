"""The steps plot: f over the steps of every run (descent on the surface) — each run's whole
path faint, the steps taken bold, on a log scale when f falls through decades.

The view runs from step 0 to a round number of steps and over the values drawn; it is set
only when that changes (a frame of the race keeps the axes it drew), and not at all once
the student zooms or pans by hand, until the surface or the source changes.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QObject


class StepsPlot(QObject):
    """Draws f over the steps of the lesson's runs into a :class:`~.plot.DescentPlot`."""

    def __init__(self, plot, lesson, parent=None):
        super().__init__(parent)
        self.plot, self.lesson = plot, lesson
        self._forecasts_drawn = None  # the lesson's forecasts drawn (a run's line redrawn when its own changed)
        self._spread = [np.inf, -np.inf, True]  # the smallest and largest f drawn, all positive?
        self._view = None  # (last step, bottom, top, log): the view set last
        self.user_view = False  # the student zoomed or panned: the view is theirs
        self._shown = False
        # Per run as drawn last: (its run, its steps, log scale, the array its line holds, f at
        # its start).
        self._history_drawn: list[tuple | None] = [None] * len(plot.history_items)
        plot.view_box.sigRangeChangedManually.connect(self._on_user_view)

    def _on_user_view(self, *_) -> None:
        if self._shown:
            self.user_view = True

    def enter(self) -> None:
        """Shown again (the source is descent on the surface): every line drawn afresh, the
        view fitted at the first frame."""
        self._forecasts_drawn = None
        self._history_drawn = [None] * len(self._history_drawn)
        self._view = None
        self.user_view = False
        self._shown = True

    def leave(self) -> None:
        """Another plot shows: its log scale off, its lines its own again."""
        self._shown = False
        self._forecasts_drawn = None
        self._history_drawn = [None] * len(self._history_drawn)
        self.user_view = False
        self.plot.widget.setLogMode(False, False)

    def show(self) -> None:
        """Every run's path and steps where they are now."""
        lesson = self.lesson
        forecasts = lesson.forecasts()
        self.plot.make_run_lines(max(len(forecasts), len(lesson.runs)))
        self._history_drawn += [None] * (len(self.plot.history_items) - len(self._history_drawn))
        if self._forecasts_drawn is not forecasts:  # new settings, not a new step: the whole paths
            drawn = self._forecasts_drawn or []
            for i, item in enumerate(self.plot.forecast_items):
                if i < len(forecasts) and i < len(drawn) and forecasts[i] is drawn[i]:
                    continue  # this run's path did not change (a drag of another run's α)
                ahead = forecasts[i].values if i < len(forecasts) else np.zeros(0)
                if len(ahead) or (item.xData is not None and len(item.xData)):
                    item.setData(np.arange(len(ahead)), ahead)
            self._forecasts_drawn = forecasts
            self._spread = [np.inf, -np.inf, True]
        low, high, positive = self._spread
        # f along every run's path: the paths the surface view draws too (lifted a step at a time).
        paths = lesson.session.surface_paths()
        runs, drawn = lesson.runs, self._history_drawn
        for i, run in enumerate(runs[:len(drawn)]):
            values = paths[i][:, 2]
            if self._spread[0] == np.inf:
                new = (values, forecasts[i].values)
            elif drawn[i] is not None and drawn[i][0] is run:  # the values new since the last frame
                new = (values[-min(len(values), run.steps - drawn[i][1] + 1):],)
            else:
                new = (values,)
            for v in new:
                good = v[np.isfinite(v)]
                if len(good):
                    low, high = min(low, float(good.min())), max(high, float(good.max()))
                    positive = positive and bool(good.min() > 0)
        self._spread = [low, high, positive]
        log = bool(positive and high > 100 * low)
        if log != self.plot.widget.getPlotItem().ctrl.logYCheck.isChecked():
            self.plot.widget.setLogMode(False, log)
        for i, history in enumerate(self.plot.history_items):
            if i >= len(runs):
                if history.xData is not None and len(history.xData):
                    history.setData([], [])
                drawn[i] = None
                continue
            run, values = runs[i], paths[i][:, 2]
            # Set only when it changed: an ended run stays as drawn while the others go on, and
            # a fresh run's start (a drag of α restarts every run) is the same point as before.
            was = drawn[i]
            if not (was is not None and was[3] is history.yData and was[1:3] == (run.steps, log)
                    and (was[0] is run or run.steps == 0 and was[4] == values[0])):
                self.plot.show_history(i, run.path_steps(), values, log)
            drawn[i] = (run, run.steps, log, history.yData, float(values[0]))
        longest = max([len(r.values) for r in forecasts] + [run.steps + 1 for run in lesson.runs])
        self._fit_view(longest, low, high, log)

    def _fit_view(self, steps: int, low: float, high: float, log: bool) -> None:
        """The view of f over the steps: 0 to a round number of steps at least ``steps``
        (1, 2 or 5 × 10ᵏ: the axis stays put while the runs go on, and jumps rarely), f
        from ``low`` to ``high`` (log10 units on a log scale) with a margin.  Set only when
        it changes, so a frame of the race keeps the axes it drew."""
        if self.user_view:
            return
        magnitude = 10 ** math.floor(math.log10(max(steps - 1, 1)))
        end = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= steps - 1)
        if not (math.isfinite(low) and math.isfinite(high)):
            low, high = 0.0, 1.0
        if log:
            low, high = math.log10(low), math.log10(high)
        held = self._view
        if held is not None and held[0] == end and held[3] == log:
            # f within the view, and filling more than half of it: the view stays (runs
            # going down a little each frame would otherwise re-tick the axis every frame).
            _, bottom, top, _ = held
            if bottom <= low and high <= top and (high - low) > 0.5 * (top - bottom):
                return
        pad = 0.08 * (high - low) if high > low else max(abs(high), 1.0) * 0.5
        if not all(math.isfinite(v) for v in (low - pad, high + pad, pad)):  # f near a float's limit
            low, high, pad = -1e300, 1e300, 0.0
        self._view = (end, low - pad, high + pad, log)
        widget = self.plot.widget
        widget.getPlotItem().vb.disableAutoRange()
        widget.setXRange(0, end, padding=0.02)
        widget.setYRange(low - pad, high + pad, padding=0)
