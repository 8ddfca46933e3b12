"""The descent panel: gradient descent animated on a curve or on the surface, driven by α,
the optimizer and the start, with up to six runs racing.

What it runs on is the lesson's: its own f(x), the slice of the surface through the picked
point (along x, f(x, y₀), or along y, f(x₀, y)), coordinate descent on the surface from
the point, or descent on the surface itself (any optimizer; the plot then shows f over the
steps of every run).  The runs are the lesson's too (:attr:`Lesson.runs`), so the surface
view shows the same runs moving; this panel only draws them and forwards edits.  Plot items
are created once and updated with setData; a QTimer asks the lesson for the steps that are
due.  Each run's whole path (:meth:`Lesson.forecasts`) is drawn faintly ahead of it, so
dragging a learning-rate slider redraws every path at once.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
import sympy
from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy,
    QStyle, QVBoxLayout, QWidget,
)

from ..core.descent import DescentStatus, update_arithmetic
from ..core.endings import slice_ending
from ..core.landscape import describe_minimum, first_hump_jump, landscape
from ..core.lesson import MAX_RUNS, Lesson, parse_curve
from ..core.mesh import robust_z_range
from ..core.notation import MINUS, format_number, format_value, pretty
from ..core.optimizers import KINDS, NAMES
from ..core.presets import curve_presets
from . import theme
from .edit_actions import GestureStep
from .plot_view import BOUNCES_SHOWN, LABEL_GAP, bounce_view, label_side, needs_new_view
from .race_table import RACE_PLOT_LEAST_HEIGHT, RACE_STATUS_LINES, ending_sentence, race_summary
from .runs import (  # noqa: F401 - the slider's scale is part of this panel's interface
    LEARNING_RATE_RANGE, SHORT_NAMES, SLIDER_STEPS, RunRow, learning_rate_from_slider, slider_from_learning_rate,
)
from .widgets import NumberBox, PlotGrid, WholeBox, WrappedLabel, named

TRAIL_SHOWN = 60  # iterates drawn in the fading trail
FRAME_MS = 16  # the animation timer: ~60 frames a second
CURVE_SAMPLES = 800
# The view grows to keep a run in sight up to this many times the curve's own extent;
# beyond that (a run flying off) the point is marked at the edge with its value instead.
FOLLOW_LIMIT = 4.0

SOURCE_ITEMS = (("own", "own f(x)"), ("slice-x", "slice along x"), ("slice-y", "slice along y"),
                ("coordinate", "coordinate descent"), ("surface", "descent on the surface"))
PLOT_MIN_HEIGHT, COMPACT_PLOT_MIN_HEIGHT = 240, 184
SOURCE_HELP = {
    "own": "Descent on the panel's own function of one variable",
    "slice-x": "Descent on the slice of the surface through the picked point along x: its slope is ∂f/∂x",
    "slice-y": "Descent on the slice of the surface through the picked point along y: its slope is ∂f/∂y",
    "coordinate": "Coordinate descent on the surface from the picked point: a step along x, then along y, in turn",
    "surface": "Descent on the surface itself from the picked point, with any optimizer and up to six runs racing; "
               "the plot shows f over the steps",
}


def _subscript(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


class DescentPanel(QWidget):
    """A plot of the curve with the run on it, its controls and its readout."""

    stepTaken = Signal(int)  # steps so far
    runFinished = Signal(str)  # the status: converged, diverged, undefined, max_steps

    def __init__(self, lesson: Lesson, parent=None):
        super().__init__(parent)
        self.setObjectName("descentPanel")
        from .function_bar import FunctionBar  # local: keeps this module importable alone

        self.lesson = lesson
        self._presets = curve_presets()
        self._scale = 1.0  # presentation mode widens the lines

        self.source_input = named(QComboBox(), "descentSourceInput", "What the descent runs on")
        for data, text in SOURCE_ITEMS:
            self.source_input.addItem(text, data)
            self.source_input.setItemData(self.source_input.count() - 1, SOURCE_HELP[data], Qt.ItemDataRole.ToolTipRole)
        self.function_bar = FunctionBar(
            lesson.descent_function, parse=parse_curve, presets=[p.name for p in self._presets], prefix="descent",
            show_parsed=False, show_errors=False,
        )
        self.plot = named(pg.PlotWidget(background=theme.PLOT_BACKGROUND), "descentPlot", "Gradient descent plot")
        self.plot.setMinimumSize(360, PLOT_MIN_HEIGHT)
        self.grid = PlotGrid(self.plot, theme.GRID_COLOR)  # pyqtgraph's translucent grid costs most of a frame
        self.plot.setMenuEnabled(False)
        for axis in ("bottom", "left"):
            self.plot.getAxis(axis).setTextPen(theme.TEXT_COLOR)
            self.plot.getAxis(axis).setPen(theme.AXIS_COLOR)
            # No SI prefix: on a log axis pyqtgraph scales the 10^k labels by it (f = 4 read
            # 10⁻²⁷ beside "(x1e+27)", which cut the axis's name); large values read as 2e+51.
            self.plot.getAxis(axis).enableAutoSIPrefix(False)
        # pyqtgraph sizes the axis for 80 % of its label's height, which cuts the variable's
        # name off at 11 pt: room for all of it.
        self.plot.getAxis("bottom").setHeight(int(2.9 * self.fontMetrics().height()))
        self.curve = self.plot.plot(pen=pg.mkPen(theme.CURVE_COLOR, width=theme.CURVE_WIDTH), connect="finite")
        self.tangent = self.plot.plot(pen=pg.mkPen(theme.TEXT_COLOR, width=theme.TANGENT_WIDTH, style=Qt.PenStyle.DashLine))
        self.step_line = self.plot.plot(pen=pg.mkPen(theme.RUN_COLOR, width=theme.STEP_WIDTH))
        self.step_head = pg.ArrowItem(angle=0, headLen=14, tipAngle=35, brush=theme.RUN_COLOR, pen=None)
        self.plot.addItem(self.step_head)
        self._trail_brushes = _trail_brushes()
        self.trail = pg.ScatterPlotItem(size=10, pen=None, hoverable=True, hoverSize=13, tip=self._trail_tip)
        self.plot.addItem(self.trail)
        # Ringed in the plot's ground, so the point stands out from the curve it sits on.
        self.current = pg.ScatterPlotItem(size=15, brush=theme.MARKER_COLOR, pen=pg.mkPen(theme.PLOT_BACKGROUND, width=1.5))
        self.plot.addItem(self.current)
        self.start_marker = pg.TargetItem(pos=(0, 0), size=16, symbol="o", pen=pg.mkPen(theme.MUTED_COLOR, width=2),
                                          brush=theme.translucent(theme.PLOT_BACKGROUND, 180), movable=True, label="start",
                                          labelOpts={"color": theme.MUTED_COLOR, "offset": (-10, -22), "anchor": (1, 1)})
        self.plot.addItem(self.start_marker)
        self.start_marker.sigPositionChanged.connect(self._on_start_marker_moved)
        self._start_drag = GestureStep(lesson.history)  # a drag of the start marker: one undo step
        self.start_marker.sigPositionChangeFinished.connect(lambda _item: self._start_drag.close())
        self._start_label_side = -1  # "start" left (−1) or right (+1) of its marker
        for moved in (self.plot.getPlotItem().vb.sigRangeChanged, self.plot.getPlotItem().vb.sigResized):
            moved.connect(lambda *_: self._place_start_label())
        # Where the run has left the view: an arrow at the edge, and where it is.
        self.off_view = pg.TextItem(color=theme.ERROR_COLOR, fill=pg.mkBrush(theme.translucent(theme.PLOT_BACKGROUND, 220)),
                                    border=theme.ERROR_COLOR)
        self.off_view.setZValue(50)
        self.off_view.setVisible(False)
        self.plot.addItem(self.off_view, ignoreBounds=True)

        # Each run on the plot: its whole path ahead of it (faint), f over its steps (descent on
        # the surface), and in 1-D its recent iterates and where it is (the first run's are
        # the trail and the current point above).
        self._forecast_items, self._history_items, self._run_trails, self._run_currents = [], [], [], []
        for i, color in enumerate(theme.RUN_COLORS):
            # A one-pixel pen for the faint path: a wider one costs a software painter ~1 ms a curve.
            forecast = self.plot.plot(pen=pg.mkPen(theme.faded(color), width=1), connect="finite")
            forecast.setZValue(-5)
            history = self.plot.plot(pen=pg.mkPen(color, width=2.5), connect="finite")
            history.setDownsampling(auto=True, method="peak")  # 2,000 steps on 400 pixels
            history.setClipToView(True)
            self._forecast_items.append(forecast)
            self._history_items.append(history)
            if i:
                trail = pg.ScatterPlotItem(size=8, pen=None, brush=pg.mkBrush(theme.faded(color, 0.3)))
                current = pg.ScatterPlotItem(size=13, brush=pg.mkBrush(color), pen=pg.mkPen(theme.PLOT_BACKGROUND, width=1.5))
                for item in (trail, current):
                    self.plot.addItem(item)
                self._run_trails.append(trail)
                self._run_currents.append(current)
        # A step that jumped a hump: the hump's top marked, the jump drawn dashed.
        self.hump_marker = pg.ScatterPlotItem(size=12, symbol="t1", brush=pg.mkBrush(theme.NOTE_COLOR), pen=None)
        self.hump_label = pg.TextItem("hump", color=theme.NOTE_COLOR, anchor=(0.5, 1.3))
        self.jump_line = self.plot.plot(pen=pg.mkPen(theme.NOTE_COLOR, width=2, style=Qt.PenStyle.DashLine))
        for item in (self.hump_marker, self.hump_label):
            self.plot.addItem(item, ignoreBounds=True)
        self._shape = None  # the curve's landscape, found once per curve and range
        self._jump = None  # the first run's step over a hump, once it has taken it
        self._forecasts_drawn = None  # the lesson's forecasts the plot shows (redrawn when they change)
        self._axis_names: dict[str, tuple[str, str]] = {}
        self._curve_items_cleared = False  # on the surface, the curve's own items are cleared once
        self._spread = [np.inf, -np.inf, True]

        self.run_rows: list[RunRow] = []
        self.runs_list = QVBoxLayout()
        self.runs_list.setContentsMargins(0, 0, 0, 0)
        self.runs_list.setSpacing(1)
        self._add_row()
        first = self.run_rows[0]
        self.learning_rate_slider, self.learning_rate_input, self.optimizer_input = first.slider, first.input, first.optimizer_input
        self.add_run_button = named(QPushButton("+ Add run"), "addRunButton", "Add a run to the race")
        self.add_run_button.setToolTip("Add a run from the same start, with its own optimizer and learning rate (up to six)")
        self._compact = False
        self.start_name = QLabel("start x₀")
        self.start_input = named(NumberBox("the start"), "startInput", "Starting point x₀")
        self.start_input.setRange(-1e4, 1e4)
        self.start_input.setSingleStep(0.1)
        self.start_input.setKeyboardTracking(False)
        # Icons from the style, not glyphs from a font (⏸ is missing from DejaVu).
        self.play_button = named(QPushButton("Play"), "playButton", "Play or pause the descent")
        self.play_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.play_button.setCheckable(True)
        self.step_button = named(QPushButton("Step"), "stepButton", "Take one step")
        self.reset_button = named(QPushButton("Reset"), "resetButton", "Back to the start")
        self.skip_button = named(QPushButton("Run to end"), "skipButton", "Take all remaining steps at once")
        for button, icon in ((self.step_button, QStyle.StandardPixmap.SP_MediaSkipForward),
                             (self.reset_button, QStyle.StandardPixmap.SP_MediaSkipBackward),
                             (self.skip_button, QStyle.StandardPixmap.SP_MediaSeekForward)):
            button.setIcon(self.style().standardIcon(icon))
        self.speed_input = named(WholeBox("the speed"), "speedInput", "Animation speed in steps per second")
        self.speed_input.setRange(1, 600)
        self.speed_input.setSuffix(" steps/s")
        self.speed_input.setToolTip("Animation speed")
        self.speed_input.setKeyboardTracking(False)

        self.x_value = named(QLabel(), "xValue", "x")
        self.f_value = named(QLabel(), "fValue", "f of x")
        self.df_value = named(QLabel(), "dfValue", "derivative of f at x")
        self.steps_value = named(QLabel(), "stepsValue", "steps taken")
        # Two lines: the orange band's rule names the valley too, and was cut to "oscillates (the …".
        # Steady (see below): a rule that wraps as α is typed moved Play by a line.
        self.alpha_value = named(WrappedLabel(max_lines=2, steady=True), "learningRateValue",
                                 "learning rate α and its stability rule")
        self.x_name, self.f_name, self.df_name = QLabel("x ="), QLabel("f(x) ="), QLabel("f′(x) =")
        # Lines that wrap ask for the height they need: a two-line status is never cut off.
        # At most a few lines each (then "…", all of it in the tooltip): on a 1024×768
        # projector the panel has no room for more, and must never make the window taller.
        # All steady, at every size: each keeps the height of its most lines, so the rows
        # above them never move under the mouse when a text wraps to another line.
        self.update_label = named(WrappedLabel(max_lines=2, steady=True), "updateArithmetic", "The last update, written out")
        self.status = named(WrappedLabel(max_lines=3, steady=True), "descentStatus", "Descent status")
        self.formula = named(WrappedLabel(max_lines=2), "derivativeFormula", "The function and its derivative")
        # The own bar's mistakes are told in the status line (with the column; the input
        # is marked): a second error line under the bar would push the plot below its minimum.
        self.function_bar.errorShown.connect(lambda message: self._set_status(f"⚠ {message}", "diverged"))
        for label in (self.x_value, self.f_value, self.df_value, self.steps_value):
            font = label.font()
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.1)
            label.setFont(font)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._build_layout()

        self._timer = QTimer(self, interval=FRAME_MS)
        self._timer.timeout.connect(self._on_timer)
        self._clock = QElapsedTimer()
        self._owed = 0.0  # steps due but not yet taken (speed × elapsed time)
        self._base_view = ((0.0, 1.0), (0.0, 1.0))  # the curve's own view, before following a run
        self._zoomed = False  # the view frames the last steps, bouncing in a valley

        self.source_input.activated.connect(self._on_source_chosen)
        self.function_bar.functionParsed.connect(self._on_function_parsed)
        self._typing = GestureStep(self.lesson.history).over_typing(self.function_bar.input)  # one undo step
        self.function_bar.presetChosen.connect(self._on_preset_chosen)
        self.add_run_button.clicked.connect(self.add_run)
        self.start_input.valueChanged.connect(self._on_start_typed)
        self.speed_input.valueChanged.connect(lambda v: self.lesson.try_update(speed=int(v)))
        self.play_button.toggled.connect(self._on_play_toggled)
        self.step_button.clicked.connect(self.step)
        self.reset_button.clicked.connect(self.reset)
        self.skip_button.clicked.connect(self.run_to_end)

        lesson.events.changed.connect(self._on_lesson_changed)
        lesson.events.stepped.connect(self._on_lesson_stepped)
        theme.changed.connect(self.apply_theme)  # every colour again on View ▸ Theme
        self._on_lesson_changed(frozenset({"speed", "learning_rate", "function", "descent_source", "curve", "run",
                                           "more_runs", "optimizer"}))

    def _build_layout(self) -> None:
        # Short rows: the panel shares the window's right column with the point's readout.
        # One row: what it runs on, its own f(x) (shown only for "own") and the presets.
        source = QHBoxLayout()
        source.addWidget(self.source_input)
        source.addWidget(self.function_bar, 1)
        source.addWidget(self.function_bar.presets)  # beside the source: a preset is an own f(x)
        self.function_bar.presets.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        source.addStretch(0)
        # The runs: a row each, every one in sight (see race_table.py).
        self.runs_area = named(QWidget(), "runsArea", "The runs")
        self.runs_area.setLayout(self.runs_list)
        rate = QHBoxLayout()
        rate.addWidget(self.add_run_button)
        rate.addStretch(1)
        rate.addWidget(self.start_name)
        rate.addWidget(self.start_input)
        rate.addWidget(self.speed_input)
        buttons = QHBoxLayout()
        for button in (self.play_button, self.step_button, self.reset_button, self.skip_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        # Two pairs a row; in coordinate mode the point and ∇f are vectors and take a row
        # each (see _place_readout), so the readout never widens the panel.
        self.readout_grid = QGridLayout()
        self.readout_grid.setHorizontalSpacing(6)
        self.readout_grid.setVerticalSpacing(0)
        self.steps_name, self.alpha_name = QLabel("steps ="), QLabel("α =")
        self._place_readout(vectors=False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(source)
        layout.addWidget(self.formula)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.run_rows[0])
        layout.addWidget(self.runs_area)
        layout.addLayout(rate)
        layout.addLayout(buttons)
        layout.addLayout(self.readout_grid)
        layout.addWidget(self.update_label)
        layout.addWidget(self.status)

    def _place_readout(self, vectors: bool) -> None:
        grid = self.readout_grid
        cells = ((self.x_name, self.x_value), (self.f_name, self.f_value), (self.df_name, self.df_value),
                 (self.steps_name, self.steps_value), (self.alpha_name, self.alpha_value))
        for name, value in cells:
            grid.removeWidget(name)
            grid.removeWidget(value)
        if vectors:  # (x, y) = …  /  ∇f = …  /  f = …  steps = …  /  α's rule
            where = [(0, 0, 3), (2, 0, 1), (1, 0, 3), (2, 2, 1), (3, 0, 3)]
        else:  # x = …  f(x) = …  /  f′(x) = …  steps = …  /  α's rule
            where = [(0, 0, 1), (0, 2, 1), (1, 0, 1), (1, 2, 1), (2, 0, 3)]
        for (name, value), (row, column, span) in zip(cells, where):
            if name is self.alpha_name:  # the rule's sentence names α itself
                grid.addWidget(value, row, column, 1, span + 1)
                continue
            grid.addWidget(name, row, column, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(value, row, column + 1, 1, span)
        self.alpha_name.setVisible(False)
        # Coordinate mode's extra row leaves room for two status lines, not three; its vectors
        # in the plain bold font, so a diverged run's huge numbers still fit the pane.
        self.status.set_max_lines(RACE_STATUS_LINES if self._racing else 2 if vectors else 3)
        for label in (self.x_value, self.df_value):
            font = label.font()
            font.setPointSizeF(self.font().pointSizeF() * (1.0 if vectors else 1.1))
            label.setFont(font)
        for column in range(4):
            grid.setColumnStretch(column, 1 if column in (1, 3) else 0)
        self._vectors = vectors

    # ------------------------------------------------------------------ what it shows
    @property
    def run(self):
        return self.lesson.run

    @property
    def function(self):
        """What the panel runs on: a function of one variable, or the surface itself in
        coordinate mode."""
        return self.lesson.curve

    @property
    def learning_rate(self) -> float:
        return self.lesson.learning_rate

    @property
    def start(self) -> float | tuple[float, float]:
        """Where runs start: the lesson's (the picked point's coordinate on a slice)."""
        return self.lesson.curve_start

    @property
    def playing(self) -> bool:
        return self.play_button.isChecked()

    @property
    def _coordinate(self) -> bool:
        return self.lesson.descent_source == "coordinate"

    @property
    def _racing(self) -> bool:
        """More than one run (coordinate descent keeps its rows but runs alone)."""
        return len(self.run_rows) > 1 and not self._coordinate

    @property
    def _on_surface(self) -> bool:
        """Descent on the surface itself: the plot shows f over the steps."""
        return self.lesson.descent_source == "surface"

    # ------------------------------------------------------------------ the runs' rows
    def _add_row(self) -> RunRow:
        row = RunRow(len(self.run_rows))
        row.optimizerChosen.connect(self._on_optimizer_chosen)
        row.learningRateChosen.connect(self._on_run_learning_rate)
        row.removeRequested.connect(self.remove_run)
        row.drag_step = GestureStep(self.lesson.history).over_slider(row.slider)  # a drag of α: one undo step
        if row.index:  # the first run's row stands above the scroll area: it never scrolls away
            self.runs_list.addWidget(row)
        self.run_rows.append(row)
        return row

    def add_run(self) -> None:
        """One more run from the same start (up to six): the next optimizer not yet racing,
        at the first run's α."""
        lesson = self.lesson
        if len(lesson.more_runs) >= MAX_RUNS - 1 or self._coordinate:
            return
        racing = [lesson.optimizer] + [kind for kind, _ in lesson.more_runs]
        kind = next((k for k in KINDS if k not in racing), lesson.optimizer)
        lesson.try_update(more_runs=lesson.more_runs + ((kind, lesson.learning_rate),))

    def remove_run(self, index: int) -> None:
        """Remove run ``index`` (from 1: the first run stays)."""
        more = list(self.lesson.more_runs)
        if 1 <= index <= len(more):
            del more[index - 1]
            self.lesson.try_update(more_runs=tuple(more))

    def _on_optimizer_chosen(self, index: int, kind: str) -> None:
        if index == 0:
            self.lesson.try_update(optimizer=kind)
        else:
            more = list(self.lesson.more_runs)
            more[index - 1] = (kind, more[index - 1][1])
            self.lesson.try_update(more_runs=tuple(more))

    def _on_run_learning_rate(self, index: int, alpha: float) -> None:
        if index == 0:
            ok = self.lesson.try_update(learning_rate=alpha)
        else:
            more = list(self.lesson.more_runs)
            more[index - 1] = (more[index - 1][0], alpha)
            ok = self.lesson.try_update(more_runs=tuple(more))
        if not ok:
            self._sync_run_rows()

    def _sync_run_rows(self) -> None:
        """A row per run of the lesson, each on its settings."""
        lesson = self.lesson
        settings = [(lesson.optimizer, lesson.learning_rate)] + list(lesson.more_runs)
        while len(self.run_rows) < len(settings):
            self._add_row()
        while len(self.run_rows) > len(settings):
            row = self.run_rows.pop()
            self.runs_list.removeWidget(row)
            row.hide()
            row.deleteLater()
        coordinate = self._coordinate
        for row, (kind, alpha) in zip(self.run_rows, settings):
            row.show_settings(kind, alpha)
            row.setEnabled(row.index == 0 or not coordinate)
            row.setToolTip("Coordinate descent runs alone: choose another source to race" if coordinate and row.index else "")
        self.run_rows[0].spacer.setVisible(len(settings) > 1)
        self.optimizer_input.setEnabled(not coordinate)
        self.optimizer_input.setToolTip("Coordinate descent is plain descent, one variable at a time" if coordinate else
                                        "The first run's optimizer (each is the update torch.optim makes)")
        self.add_run_button.setEnabled(not coordinate and len(settings) < MAX_RUNS)
        self.add_run_button.setToolTip(
            "Coordinate descent runs alone: choose another source to race" if coordinate else
            f"A race has at most {MAX_RUNS} runs" if len(settings) >= MAX_RUNS else
            "Add a run from the same start, with its own optimizer and learning rate (up to six)")
        self._fit_runs_area()

    def sizeHint(self):
        """The lines kept free under the controls for longer texts (see the steady labels)
        are lent by the plot, not asked of the window: the panel prefers no more height than
        with one line each (asking more, it took its room from the point's readout above)."""
        hint = super().sizeHint()
        kept = sum(max(0, label.minimumSizeHint().height() - label.fontMetrics().lineSpacing())
                   for label in (self.status, self.update_label, self.alpha_value) if label.isVisibleTo(self))
        hint.setHeight(max(self.minimumSizeHint().height(), hint.height() - kept))
        return hint

    def _readout_cells(self) -> tuple:
        return (self.x_name, self.x_value, self.f_name, self.f_value, self.df_name, self.df_value,
                self.steps_name, self.steps_value, self.alpha_name, self.alpha_value)

    def _fit_runs_area(self) -> None:
        """Every run's row in sight (see :mod:`.race_table`); while runs race, the lines about
        the first run alone give their room to the rows, each of which tells its own run."""
        racing = self._racing
        self.runs_area.setVisible(racing)  # coordinate descent keeps its rows out of sight: it runs alone
        for widget in (self.formula, self.update_label, *self._readout_cells()):
            widget.setVisible(not racing and widget is not self.alpha_name)
        for row in self.run_rows:
            row.set_racing(racing)
        self.status.set_max_lines(RACE_STATUS_LINES if racing else 2 if self._vectors else 3)
        self.plot.setMinimumHeight(PLOT_MIN_HEIGHT if not self._compact else
                                   RACE_PLOT_LEAST_HEIGHT if racing else COMPACT_PLOT_MIN_HEIGHT)

    def set_compact(self, compact: bool) -> None:
        """On a short screen (below 850 px): the arithmetic on two lines, a shorter plot."""
        self._compact = bool(compact)
        # Steady lines cost their height at every size: on a tall screen the panel is wide
        # enough for the rule on one line and the arithmetic on two (the rest in the tooltip),
        # and the point's readout above keeps the room for its rule.
        self.update_label.set_max_lines(2)
        self.alpha_value.set_max_lines(2 if compact else 1)
        self._fit_runs_area()

    def _show_rule(self) -> None:
        """The stability rule near the minimum the start leads to: bands on each slider, the
        sentence in its tooltip and (for the first run) in the readout."""
        lesson = self.lesson
        rule = None if self._coordinate else lesson.stability()
        where = ""
        if rule is not None:
            names = lesson.curve.variable_names
            where = ", ".join(f"{n} ≈ {format_number(c)}" for n, c in zip(names, rule.minimum))
        for row, optimizer in zip(self.run_rows, lesson.optimizers + [None] * len(self.run_rows)):
            if rule is None or optimizer is None:
                row.slider.set_bands(None, None)
                row.slider.setToolTip("No minimum found from this start: no stability rule" if not self._coordinate else
                                      "Coordinate descent: each move is plain descent along one variable")
                continue
            monotone, critical = rule.bands(optimizer.kind, optimizer.momentum)
            row.slider.set_bands(monotone, critical)
            if critical is None:
                bands = "no bands: the step adapts to the gradients seen"
            elif monotone is None:
                bands = f"green: converges below α = {critical:.3g}; red: diverges above"
            else:
                bands = (f"green: steady below 1/λ = {monotone:.3g}; orange: oscillates up to 2/λ = {critical:.3g}; "
                         f"red: diverges above")
            row.slider.setToolTip(f"{self._rule_sentence(row.index, optimizer, rule)}\n{bands}\nλ = "
                                  f"{rule.curvature:.4g}, the curvature at the minimum this start leads to ({where})")
        alpha = lesson.learning_rate
        self.alpha_value.setText(self._rule_sentence(0, lesson.optimizers[0], rule) if rule is not None else f"α = {alpha:g}")

    def _rule_sentence(self, index: int, optimizer, start_rule) -> str:
        """The rule for run ``index`` at the minimum it heads for; where a step jumps it into
        another valley (or it converges elsewhere), that valley's rule, and where it is."""
        lesson = self.lesson
        rule = lesson.run_stability(index) or start_rule
        sentence = rule.describe(optimizer)
        if np.allclose(rule.minimum, start_rule.minimum, rtol=1e-6, atol=1e-6):
            return sentence
        names = lesson.curve.variable_names
        where = ", ".join(f"{n} ≈ {format_number(c, 2)}" for n, c in zip(names, rule.minimum))
        return f"{sentence} (the valley at {where})"

    def _shown_axis(self) -> int | None:
        """Which direction the plotted curve runs in: 0 along x, 1 along y, None for the own f."""
        source = self.lesson.descent_source
        if source == "coordinate":
            return self.run.steps % 2  # the slice the next move goes along
        return self.lesson.slice_axis

    def _curve_values(self, xs: np.ndarray) -> np.ndarray:
        lesson = self.lesson
        if not self._coordinate:
            ys = lesson.curve.evaluate(xs)[0]
        else:
            x, y = self.run.point
            ys = lesson.surface.evaluate(xs, np.full_like(xs, y))[0] if self._shown_axis() == 0 else \
                lesson.surface.evaluate(np.full_like(xs, x), xs)[0]
        ys = np.asarray(ys, dtype=np.float64)
        ys[~np.isfinite(ys)] = np.nan
        return ys

    def _range(self) -> tuple[float, float]:
        if self._coordinate:
            return self.lesson.x_range if self._shown_axis() == 0 else self.lesson.y_range
        return self.lesson.curve_range

    def _variable(self) -> str:
        axis = self._shown_axis()
        if axis is None:
            return self.lesson.curve.variable_names[0]
        return self.lesson.surface.variable_names[axis]

    def _on_lesson_changed(self, changed: frozenset) -> None:
        lesson = self.lesson
        if "speed" in changed:
            self._on_lesson_speed(lesson.speed)
        if changed & {"learning_rate", "optimizer", "more_runs", "descent_source"}:
            self._sync_run_rows()
        if "function" in changed:
            self._on_lesson_surface_function(lesson.surface)
        if "descent_source" in changed:
            self._on_lesson_source(lesson.descent_source)
        if changed & {"curve", "descent_function"}:
            self._on_lesson_curve(lesson.curve)
        if "run" in changed:
            self._on_lesson_run(lesson.run)

    def _on_lesson_source(self, source: str) -> None:
        index = self.source_input.findData(source)
        self.source_input.setCurrentIndex(index)
        self.source_input.setToolTip(SOURCE_HELP[source])
        own = source == "own"
        on_surface = self.lesson.on_surface
        self.function_bar.setVisible(own)
        self._fit_source_width()
        self.start_marker.setVisible(not on_surface)
        self.start_input.setEnabled(not on_surface)
        self.start_input.setToolTip("" if not on_surface else "Descent on the surface starts at the picked point: pick it on the surface")
        if on_surface != getattr(self, "_vectors", None):
            self._place_readout(vectors=on_surface)
        if self._on_surface:
            self._steps_view = None  # fitted at the first frame (see _fit_steps_view)
        else:
            self.plot.setLogMode(False, False)

    def _fit_source_width(self) -> None:
        """As wide as the entry shown: "own f(x)" leaves the row to the function's text, a
        slice's longer name has the row to itself (the bar is hidden then)."""
        combo = self.source_input
        text = combo.currentText()
        # A maximum, not a fixed width: the menu never makes the panel (so the window) wider.
        combo.setMinimumWidth(90)
        combo.setMaximumWidth(combo.fontMetrics().horizontalAdvance(text) + combo.iconSize().width() + 36)

    def _on_lesson_surface_function(self, function) -> None:
        # The menu says which slice, in the surface's own names: "slice along w: L(w, b₀)".
        a, b = function.variable_names
        name = function.name
        texts = {"slice-x": f"slice along {a}: {name}({a}, {b}₀)", "slice-y": f"slice along {b}: {name}({a}₀, {b})",
                 "coordinate": f"coordinate descent on {name}({a}, {b})", "surface": f"descent on {name}({a}, {b})"}
        for data, text in texts.items():
            self.source_input.setItemText(self.source_input.findData(data), text)
        self.source_input.setItemText(self.source_input.findData("own"), f"own {self.lesson.own_curve.signature()}")
        self._fit_source_width()

    def _on_lesson_curve(self, _curve) -> None:
        lesson = self.lesson
        self.source_input.setItemText(self.source_input.findData("own"), f"own {lesson.own_curve.signature()}")
        self._fit_source_width()
        if lesson.descent_source == "own":
            self.function_bar.show_function(lesson.own_curve, lesson.descent_function)
        # (The formula line and axes follow with the fresh run the lesson starts on a new curve.)

    def _describe_curve(self) -> None:
        """The formula line and the axis names for what is plotted now."""
        lesson = self.lesson
        variable = self._variable()
        if self._on_surface:
            f = lesson.surface
            a, b = f.variable_names
            self.formula.setText(lesson.optimizers[0].rule(f.variable_names, f.name))
            _restyle(self.formula, f"color: {theme.TEXT_COLOR}")
            self._label_axis("left", f"{f.name} at each step", color=theme.TEXT_COLOR)
            self._label_axis("bottom", "step", color=theme.TEXT_COLOR)
            self.x_name.setText(f"({a}, {b}) =")
            self.f_name.setText(f"{f.name} =")
            self.df_name.setText(f"∇{f.name} =")
            self.start_name.setText(f"start {a}₀")
            return
        if self._coordinate:
            f = lesson.surface
            a, b = f.variable_names
            # The surface's formula is in its own bar: one line for the rule.
            self.formula.setText(f"{a} ← {a} {MINUS} α·∂{f.name}/∂{a}, then {b} ← {b} {MINUS} α·∂{f.name}/∂{b}")
            axis = self._shown_axis()
            x, y = self.run.point
            held = f"{b} = {format_value(y)}" if axis == 0 else f"{a} = {format_value(x)}"
            self._label_axis("left", f"{f.name} along {variable} ({held})", color=theme.TEXT_COLOR)
            self.x_name.setText(f"({a}, {b}) =")
            self.f_name.setText(f"{f.name} =")
            self.df_name.setText(f"∇{f.name} =")
        else:
            curve = lesson.curve
            if curve.expression is sympy.nan:  # held where f has no value (ln(y) at y = 0)
                self.formula.setText(f"{curve.signature()} is undefined for every {variable}: pick another point")
            else:
                note = f" ({curve.note})" if getattr(curve, "note", "") else ""  # a power too large, left as written
                self.formula.setText(f"{curve.equation()}, "
                                     f"{curve.name}′({variable}) = {pretty(curve.partials[0])}{note}")
            self._label_axis("left", curve.signature(), color=theme.TEXT_COLOR)
            self.x_name.setText(f"{variable} =")
            self.f_name.setText(f"{curve.name}({variable}) =")
            self.df_name.setText(f"{curve.name}′({variable}) =")
        self._label_axis("bottom", variable, color=theme.TEXT_COLOR)
        # Coordinate descent starts at the picked point: its box shows (and names) x₀ of it.
        start_variable = lesson.surface.variable_names[0] if self._coordinate else variable
        self.start_name.setText(f"start {start_variable}₀")
        self.start_input.setAccessibleName(f"Starting point {start_variable}₀")
        color = {None: theme.CURVE_COLOR, 0: theme.X_COLOR, 1: theme.Y_COLOR}[self._shown_axis()]
        self.curve.setPen(pg.mkPen(color, width=theme.CURVE_WIDTH * self._scale))
        _restyle(self.formula, f"color: {color if self._shown_axis() is not None else theme.TEXT_COLOR}")

    def _label_axis(self, axis: str, text: str, color: str) -> None:
        # Only a new name: setting one re-lays the plot out (a drag of α would pay it every step).
        if self._axis_names.get(axis) != (text, color):
            self._axis_names[axis] = (text, color)
            self.plot.setLabel(axis, text, color=color)

    def _draw_curve(self, x_range: tuple[float, float] | None = None) -> None:
        """The curve over ``x_range`` (default its own); a fresh run also resets the view."""
        if self._on_surface:
            return  # the plot shows f over the steps instead (its curve cleared once, in _show_on_surface)
        own = self._range()
        x0, x1 = x_range or own
        xs = np.linspace(x0, x1, CURVE_SAMPLES)
        ys = self._curve_values(xs)
        self.curve.setData(xs, ys)
        if x_range is None:
            inside = ys[(xs >= own[0]) & (xs <= own[1])]
            (lo, hi), _ = robust_z_range(inside)
            pad = 0.08 * (hi - lo)
            self._base_view = ((own[0], own[1]), (lo - pad, hi + pad))
            self._set_view(*self._base_view)

    def _set_view(self, x_range, y_range) -> None:
        span = x_range[1] - x_range[0]
        # A margin, so a start at the end of the range is not drawn on the frame.
        self.plot.setXRange(x_range[0] - 0.05 * span, x_range[1] + 0.05 * span, padding=0)
        self.plot.setYRange(*y_range, padding=0)
        self._view = (tuple(x_range), tuple(y_range))

    # ------------------------------------------------------------------ running
    def reset(self) -> None:
        """A fresh run from the start with the current α (keeps playing if it was)."""
        self.lesson.reset_run()

    def step(self) -> None:
        """One step (pauses the animation: a single step is for reading the arithmetic)."""
        if self.playing:
            self.play_button.setChecked(False)
        if not self.lesson.finished:
            self._advance(1)

    def run_to_end(self) -> None:
        if self.playing:
            self.play_button.setChecked(False)
        if not self.lesson.finished:
            self.lesson.finish_run()

    def _advance(self, n: int) -> None:
        self.lesson.step_run(n)

    def _on_lesson_run(self, _run) -> None:
        self._owed = 0.0
        self._zoomed = False  # a fresh run starts on the curve's own view (_draw_curve)
        self._clock.restart()
        self._jump = None
        self._show_rule()
        self._describe_curve()
        self._draw_curve()
        self._show()

    def _on_lesson_stepped(self, run) -> None:
        if self._coordinate:
            # Each move runs along the other variable: plot the slice the next one takes.
            self._describe_curve()
            self._draw_curve()
        self._show()
        self.stepTaken.emit(run.steps)
        if self.lesson.finished:
            if self.playing:
                self.play_button.setChecked(False)
            self.runFinished.emit(str(run.status))

    def _on_timer(self) -> None:
        try:
            elapsed = self._clock.restart() / 1000.0
            self._owed += elapsed * self.lesson.speed
            due = int(self._owed)
            if due:
                self._owed -= due
                self._advance(min(due, 1000))
        except Exception as error:  # noqa: BLE001 - never raise into the event loop
            self.play_button.setChecked(False)
            self._set_status(f"stopped: {error}", "diverged")

    def _on_play_toggled(self, playing: bool) -> None:
        self.play_button.setText("Pause" if playing else "Play")
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        if playing:
            if self.lesson.finished:
                self.reset()
            self._clock.restart()
            self._owed = 1.0  # the first step shows at once
            self._timer.start()
        else:
            self._timer.stop()
        self._show_status()

    # ------------------------------------------------------------------ control → lesson
    def _on_source_chosen(self, index: int) -> None:
        self.lesson.try_update(descent_source=self.source_input.itemData(index))

    def _on_function_parsed(self, _function) -> None:
        self.lesson.try_update(descent_function=self.function_bar.input.text())

    def _on_preset_chosen(self, index: int) -> None:
        preset = self._presets[index]
        self.status.setToolTip(preset.note)
        self.lesson.try_update(descent_source="own", descent_function=preset.function, descent_range=preset.x_range,
                               start=preset.start, learning_rate=preset.learning_rate)

    def _on_start_typed(self, value: float) -> None:
        self._move_start(float(value))

    def _on_start_marker_moved(self) -> None:
        # Dragging the start marker slides it along the curve.
        if self.start_marker.moving:
            self._start_drag.open()
        self._move_start(float(self.start_marker.pos().x()))

    def _move_start(self, value: float) -> None:
        """The start is the panel's own x₀, or on a slice the picked point's coordinate."""
        lesson = self.lesson
        axis = lesson.slice_axis
        if axis is None:
            ok = lesson.try_update(start=value)
        else:
            point = list(lesson.point)
            point[axis] = value
            ok = lesson.try_update(point=tuple(point))
        if not ok:
            self._show()  # put the controls back on the start that holds

    def _on_lesson_speed(self, speed: int) -> None:
        self.speed_input.blockSignals(True)
        self.speed_input.setValue(speed)
        self.speed_input.blockSignals(False)

    # ------------------------------------------------------------------ run → view
    def _show(self) -> None:
        if self._on_surface:
            self._show_on_surface()
            return
        if self._curve_items_cleared:  # back from the surface: the curve's items drawn again
            for item in self._curve_items():
                item.setVisible(True)
            self._curve_items_cleared = False
        run, lesson = self.run, self.lesson
        axis = self._shown_axis()
        alpha = run.learning_rate
        if self._coordinate:
            x, value, slope = run.point[axis], run.value, run.gradient[axis]
            self.x_value.setText("(" + ", ".join(format_number(c) for c in run.point) + ")")
            self.df_value.setText("[" + ", ".join(format_number(g) for g in run.gradient) + "]")
            start = None
        else:
            x, value, slope = run.point[0], run.value, run.gradient[0]
            self.x_value.setText(format_number(x))
            self.df_value.setText(format_number(slope))
            start = float(lesson.curve_start)
        self.f_value.setText(format_number(value))
        self.steps_value.setText(str(run.steps))
        names = lesson.surface.variable_names if self._coordinate else lesson.curve.variable_names
        if run.last_step:
            self.update_label.setText(self._arithmetic(run, names, lesson.curve.name))
        else:
            v = names[0] if not self._coordinate else names[0]
            slope_name = "f′" if not self._coordinate else f"∂{lesson.surface.name}/∂"
            self.update_label.setText(f"next: {v}₁ = {v}₀ {MINUS} α·{slope_name}({v}₀) — press Step or Play"
                                      if not self._coordinate else
                                      f"next: {v}₁ = {v}₀ {MINUS} α·{slope_name}{v} — press Step or Play")

        if start is not None:
            self.start_input.blockSignals(True)
            self.start_input.setValue(start)
            self.start_input.blockSignals(False)
            start_value = lesson.curve.value_at((start,))
            self.start_marker.blockSignals(True)
            self.start_marker.setPos(start, start_value if math.isfinite(start_value) else 0.0)
            self.start_marker.blockSignals(False)
            self._place_start_label()
        else:
            self.start_input.blockSignals(True)
            self.start_input.setValue(run.start[0])
            self.start_input.blockSignals(False)

        self._show_trail()
        nxt = None
        if math.isfinite(x) and math.isfinite(value):
            self.current.setData([x], [value])
            if math.isfinite(slope):
                half = 0.12 * (self._view[0][1] - self._view[0][0])
                self.tangent.setData([x - half, x + half], [value - slope * half, value + slope * half])
                nxt = x - alpha * slope
                self.step_line.setData([x, nxt], [value, value])
                self.step_head.setPos(nxt, value)
                self.step_head.setStyle(angle=180 if nxt > x else 0)
                self.step_head.setVisible(abs(nxt - x) > 1e-12)
            else:
                self._hide_step()
        else:
            self.current.setData([], [])
            self._hide_step()
        self._follow(start, x, value, nxt)
        self._show_other_runs()
        self._show_hump()
        self._show_status()

    def _arithmetic(self, run, names, function_name: str) -> str:
        """The last update written out: plain descent a line per variable (on a curve or a
        variable at a time), any other optimizer (or descent on the surface) as its own rule."""
        step, optimizer = run.last_step, run.optimizer
        if optimizer.kind == "gd" and not self._on_surface:
            return "\n".join(update_arithmetic(step, names, function_name=function_name))
        if optimizer.kind != "gd" and not step.state_after:
            # Run to end keeps no optimizer state per step: say where it got to instead.
            where = ", ".join(format_number(c) for c in step.after)
            return f"after step {step.index}: ({where}) — Reset and Step to see each update written out"
        return "\n".join(optimizer.explain(names, step.before, step.gradient, step.state_before, step.state_after,
                                            step.after, step.index, function_name))

    def _show_other_runs(self) -> None:
        """On a curve: every run's whole path (faint) and the added runs' recent iterates."""
        lesson = self.lesson
        runs = lesson.runs
        curve = lesson.curve
        forecasts = lesson.forecasts()
        if self._forecasts_drawn is not forecasts:  # new settings, not a new step
            for i, item in enumerate(self._forecast_items):
                if i < len(forecasts):
                    item.setData(forecasts[i].iterates[:, 0], forecasts[i].values)
                else:
                    item.setData([], [])
            for item in self._history_items:
                item.setData([], [])
            self._forecasts_drawn = forecasts
        for i, (trail_item, current_item) in enumerate(zip(self._run_trails, self._run_currents), start=1):
            if i >= len(runs):
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

    def _landscape(self):
        """The curve's minima and humps in its range (found once per curve and range)."""
        lesson = self.lesson
        key = (lesson.curve, self._range())
        if self._shape is None or self._shape[0][0] is not key[0] or self._shape[0][1] != key[1]:
            self._shape = (key, landscape(lesson.curve, *key[1]))
        return self._shape[1]

    def _show_hump(self) -> None:
        """A step of the first run that jumped over a hump: the hump marked, the jump dashed."""
        run = self.run
        jump = getattr(self, "_jump", None)
        if jump is None and run.steps and not self._coordinate and not self._on_surface:
            jump = first_hump_jump(self._landscape(), [p[0] for p in run.head])
            self._jump = jump
        if jump is None or self._coordinate or self._on_surface:
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

    def _curve_items(self) -> tuple:
        """What the plot of the panel's own curve or a slice draws (not f over the steps)."""
        return (self.curve, self.tangent, self.step_line, self.trail, self.current, self.jump_line,
                self.hump_marker, *self._run_trails, *self._run_currents)

    def _show_on_surface(self) -> None:
        """Descent on the surface: the readout as vectors, and the plot of f over the steps of
        every run (its whole path faint, the steps taken bold; log scale over decades)."""
        run, lesson = self.run, self.lesson
        f = lesson.surface
        self.x_value.setText("(" + ", ".join(format_number(c) for c in run.point) + ")")
        self.f_value.setText(format_number(run.value))
        self.df_value.setText("[" + ", ".join(format_number(g) for g in run.gradient) + "]")
        self.steps_value.setText(str(run.steps))
        self.start_input.blockSignals(True)
        self.start_input.setValue(run.start[0])  # the picked point's first coordinate
        self.start_input.blockSignals(False)
        names = f.variable_names
        if run.last_step:
            self.update_label.setText(self._arithmetic(run, names, f.name))
        else:
            rule = run.optimizer.rule(names, f.name)
            self.update_label.setText(f"next: {rule.split(',  ')[-1].split('   (')[0]} — press Step or Play")
        forecasts = lesson.forecasts()
        if self._forecasts_drawn is not forecasts:  # new settings, not a new step: the whole paths
            # (and the curve's own items cleared, once: this plot shows f over the steps)
            entering = not self._curve_items_cleared
            if entering:
                for item in self._curve_items():
                    item.setData([], [])
                    item.setVisible(False)  # an empty item still costs its paint, every frame
                self.step_head.setVisible(False)
                self.off_view.setVisible(False)
                self.hump_label.setVisible(False)
                self._curve_items_cleared = True
            drawn = self._forecasts_drawn or []
            for i, item in enumerate(self._forecast_items):
                if i < len(forecasts) and i < len(drawn) and forecasts[i] is drawn[i] and not entering:
                    continue  # this run's path did not change (a drag of another run's α)
                ahead = forecasts[i].values if i < len(forecasts) else np.zeros(0)
                item.setData(np.arange(len(ahead)), ahead)
            self._forecasts_drawn = forecasts
            self._spread = [np.inf, -np.inf, True]  # the smallest and largest f drawn, all positive?
        low, high, positive = self._spread
        # f along every run's path: the stack the surface view draws too (f evaluated once).
        points, _ = lesson.stacked_paths()
        every = points[:, 2]
        ends = np.cumsum([len(run.path_array()) + 1 for run in lesson.runs])  # each run's rows, then a gap row
        for i, history in enumerate(self._history_items):
            if i >= len(lesson.runs):
                if history.xData is not None and len(history.xData):
                    history.setData([], [])
                continue
            run = lesson.runs[i]
            values = every[ends[i] - 1 - len(run.path_array()):ends[i] - 1]
            shown = history.yData
            if not (run.steps == 0 and shown is not None and len(shown) == 1 and shown[0] == values[0]):
                history.setData(run.path_steps(), values)  # (a fresh run already shown is left: a drag restarts all)
            for v in (values, forecasts[i].values) if self._spread[0] == np.inf else (values[-10:],):
                good = v[np.isfinite(v)]
                if len(good):
                    low, high = min(low, float(good.min())), max(high, float(good.max()))
                    positive = positive and bool(good.min() > 0)
        self._spread = [low, high, positive]
        log = bool(positive and high > 100 * low)
        if log != self.plot.getPlotItem().ctrl.logYCheck.isChecked():
            self.plot.setLogMode(False, log)
        longest = max([len(r.values) for r in forecasts] + [run.steps + 1 for run in lesson.runs])
        self._fit_steps_view(longest, low, high, log)
        self._show_status()

    def _fit_steps_view(self, steps: int, low: float, high: float, log: bool) -> None:
        """The view of f over the steps: 0 to a round number of steps at least ``steps``
        (1, 2 or 5 × 10ᵏ: the axis stays put while the runs go on, and jumps rarely), f
        from ``low`` to ``high`` (log10 units on a log scale) with a margin.  Set only when
        it changes, so a frame of the race keeps the axes it drew."""
        magnitude = 10 ** math.floor(math.log10(max(steps - 1, 1)))
        end = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= steps - 1)
        if not (math.isfinite(low) and math.isfinite(high)):
            low, high = 0.0, 1.0
        if log:
            low, high = math.log10(low), math.log10(high)
        held = getattr(self, "_steps_view", None)
        if held is not None and held[0] == end and held[3] == log:
            # f within the view, and filling more than half of it: the view stays (runs
            # going down a little each frame would otherwise re-tick the axis every frame).
            _, bottom, top, _ = held
            if bottom <= low and high <= top and (high - low) > 0.5 * (top - bottom):
                return
        pad = 0.08 * (high - low) if high > low else max(abs(high), 1.0) * 0.5
        if not all(math.isfinite(v) for v in (low - pad, high + pad, pad)):  # f near a float's limit
            low, high, pad = -1e300, 1e300, 0.0
        self._steps_view = (end, low - pad, high + pad, log)
        self.plot.getPlotItem().vb.disableAutoRange()
        self.plot.setXRange(0, end, padding=0.02)
        self.plot.setYRange(low - pad, high + pad, padding=0)

    def _hide_step(self) -> None:
        self.tangent.setData([], [])
        self.step_line.setData([], [])
        self.step_head.setVisible(False)

    def _show_trail(self) -> None:
        run = self.run
        if self._coordinate:
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

    def _follow(self, start, x, value, nxt) -> None:
        """Keep the start, the current point and the next step in sight: grow the view
        when they leave it (up to FOLLOW_LIMIT times the curve's extent), else mark the
        point at the edge of the view with its coordinates.  A run bouncing from wall to
        wall of a valley is zoomed to instead (see :mod:`.plot_view`)."""
        if self._zoom_to_bounces(x, value, nxt):
            return
        points = [(p, value) for p in (x, nxt) if p is not None]
        if start is not None:
            start_value = self.lesson.curve.value_at((start,))
            points.append((start, start_value))
        points = [(a, b) for a, b in points if math.isfinite(a) and math.isfinite(b)]
        (bx0, bx1), (by0, by1) = self._base_view
        (vx0, vx1), (vy0, vy1) = self._view
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
            self._set_view(new_x, new_y)
            self._draw_curve(new_x)
            return
        self._mark_off_view(x, value)

    def _place_start_label(self) -> None:
        """"start" beside its marker on the side that keeps it inside the plot (at x₀ = −2,
        the left edge, it read "art")."""
        label = self.start_marker.label()
        vb = self.plot.getPlotItem().vb
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

    def _zoom_to_bounces(self, x, value, nxt) -> bool:
        """The view on the last steps while they bounce (True), or back to the curve's
        own view once they stop (False: the caller follows the run as usual)."""
        trail = self.run.trail
        recent = [trail[i][0] for i in range(-min(len(trail), BOUNCES_SHOWN + 1), 0)]
        zoom = None if self._coordinate or not (math.isfinite(x) and math.isfinite(value)) else \
            bounce_view(recent, self._curve_values, self._base_view[0], nxt)
        if zoom is None:
            if self._zoomed:
                self._zoomed = False
                self._draw_curve()  # the curve's own view again
            return False
        self.off_view.setVisible(False)
        if not self._zoomed or needs_new_view(self._view, zoom):
            self._set_view(*zoom)
            (x0, x1), margin = zoom[0], 0.05 * (zoom[0][1] - zoom[0][0])  # _set_view's margin too
            self._draw_curve((x0 - margin, x1 + margin))
        self._zoomed = True
        return True

    def _mark_off_view(self, x: float, value: float) -> None:
        (vx0, vx1), (vy0, vy1) = self._view
        variable = self._variable()
        arrows = ""
        if not math.isfinite(x) or not math.isfinite(value):
            text = f"{variable} = {format_number(x)}: off the chart"
            cx, cy = (vx0 + vx1) / 2, (vy0 + vy1) / 2
        else:
            arrows = ("→" if x > vx1 else "←" if x < vx0 else "") + ("↑" if value > vy1 else "↓" if value < vy0 else "")
            text = f"{arrows} {variable} = {format_number(x)}, {self.lesson.curve.name} = {format_number(value)}"
            cx, cy = min(max(x, vx0), vx1), min(max(value, vy0), vy1)
        # Anchor the label inside the view at the edge it left by.
        ax = 1.0 if cx >= vx1 else 0.0 if cx <= vx0 else 0.5
        ay = 0.0 if cy >= vy1 else 1.0 if cy <= vy0 else 0.5
        self.off_view.setAnchor((ax, ay))
        self.off_view.setText(text)
        self.off_view.setPos(cx, cy)
        self.off_view.setVisible(True)

    def _show_status(self) -> None:
        lesson, run = self.lesson, self.run
        for row, each in zip(self.run_rows, lesson.runs):
            row.show_ending(str(each.status) if each.finished else "", self._run_message(each), each)
        for row in self.run_rows[len(lesson.runs):]:
            row.show_ending("", "coordinate descent runs alone")
        if len(lesson.runs) > 1 and lesson.finished:
            self._set_status(race_summary(self._run_message(lesson.run), lesson.runs), "converged" if all(r.status is DescentStatus.CONVERGED for r in lesson.runs)
                             else "diverged" if run.status in (DescentStatus.DIVERGED, DescentStatus.UNDEFINED) else "")
            return
        if run.status is DescentStatus.RUNNING and len(lesson.runs) > 1 and run.steps and not run.oscillating:
            ended = [f"run {i} ({SHORT_NAMES[r.optimizer.kind]}) {ending_sentence(r)}" for i, r in enumerate(lesson.runs, 1)
                     if r.finished]
            self._set_status("; ".join([self._going(), *ended]), "")
            return
        if run.status is DescentStatus.RUNNING:
            if run.oscillating:
                self._set_status(
                    f"oscillating: the steps flip direction without shrinking — α = {run.learning_rate:g} is too "
                    f"large for this valley", "oscillating",
                )
            elif run.steps == 0:
                self._set_status(self._ready_text(), "")
            else:
                self._set_status(self._going(), "")
        elif run.status is DescentStatus.MAX_STEPS and run.oscillating:
            self._set_status(
                f"{run.message} — it oscillates: the steps flip direction without shrinking, so α = "
                f"{run.learning_rate:g} is too large for this valley", "oscillating",
            )
        elif self._coordinate and run.status is DescentStatus.CONVERGED:
            self._set_status(self._compared_with_plain_descent(), "converged")
        else:
            self._set_status(self._run_message(run), str(run.status))

    def _going(self) -> str:
        """A run under way: its step, and (on a curve) the hump it jumped, once it has."""
        run = self.run
        going = (f"running: step {run.steps}" if self.playing else
                 f"paused after {run.steps} step{'s' * (run.steps != 1)} — press Play or Step")
        if self._jump is not None and not (self._coordinate or self._on_surface):
            going += f"; {self._jump.sentence(self._variable())}"
        return going

    def _run_message(self, run) -> str:
        """A run's ending in words: on a curve, which minimum it reached (the deeper of two?)
        and the hump it jumped, if it did."""
        if not run.finished:
            return "running" if run.steps else "ready"
        message = run.message
        if self.lesson.descent_source != "own":  # its start is the picked point
            message = message.replace("pick another start", "pick another point on the surface")
        one_d = not (self._coordinate or self._on_surface)
        if one_d and run.status is DescentStatus.CONVERGED:
            shape = self._landscape()
            axis = self.lesson.slice_axis
            which, lowest = describe_minimum(shape, run.point[0], self._variable(), of_slice=axis is not None)
            message = message.replace("a local minimum", which, 1)
            jump = self._jump if run is self.run else first_hump_jump(shape, [p[0] for p in run.head])
            notes = ([jump.sentence(self._variable())] if jump is not None else []) + ([lowest] if lowest else [])
            if axis is not None:  # the slice's minimum: is it the surface's? (∂f/∂y there says)
                notes.append(slice_ending(self.lesson, run.point[0]))
            if notes:
                message += "; " + "; ".join(notes)
        return message

    def _compared_with_plain_descent(self) -> str:
        """Coordinate descent's step count beside plain descent's, same start and α."""
        lesson, run = self.lesson, self.run
        plain = lesson.plain_descent()
        where = ", ".join(f"{n} ≈ {format_number(c)}" for n, c in zip(lesson.surface.variable_names, run.point))
        # A sweep (a move along x and one along y) evaluates both partials, as one plain step does.
        done = f"converged at ({where}) in {run.steps // 2} sweeps"
        if plain.status is DescentStatus.CONVERGED:
            return f"{done}; plain descent (grey), same α: {plain.steps} steps"
        return f"{done}; plain descent (grey), same α: {plain.status}"

    def _ready_text(self) -> str:
        """Before the first step: where it starts, and on a slice what its slope is."""
        lesson, run = self.lesson, self.run
        alpha = f"α = {run.learning_rate:g}"
        if self._coordinate:
            return f"ready: start at the picked point with {alpha}, one variable at a time (grey on the surface: plain descent)"
        count = len(lesson.runs)
        racing = f"{count} runs" if count > 1 else f"{NAMES[run.optimizer.kind]} with {alpha}"
        if self._on_surface:
            where = ", ".join(format_value(c) for c in lesson.point)
            return f"ready: {racing} from the picked point ({where}); faint: each run's whole path"
        variable = self._variable()
        start = f"ready: {racing} from {variable}₀ = {format_number(run.point[0])}"
        axis = lesson.slice_axis
        if axis is None:
            return start
        f = lesson.surface
        point = ", ".join(format_value(c) for c in lesson.point)
        return f"{start}. The slope of this slice there is ∂{f.name}/∂{variable} at ({point}) = {format_number(run.gradient[0])}"

    def _set_status(self, text: str, kind: str) -> None:
        color = theme.STATUS_COLORS.get(kind, theme.STATUS_TEXT_COLOR)
        style = f"color: {color}; font-weight: {'bold' if kind else 'normal'}"
        _restyle(self.status, style)
        if self.status.full_text() != text:
            self.status.setText(text)

    def forget_refused_text(self) -> None:
        """The own f(x)'s bar back on the lesson's function and the status on the run, a
        refused text and its error dropped (File ▸ New)."""
        self.function_bar.show_function(self.lesson.own_curve, self.lesson.descent_function)
        self._show_status()

    def show_refusal(self, message: str) -> None:
        """The lesson refused an edit made here: say why (the run is unchanged)."""
        self._set_status(f"⚠ {message}", "diverged")
        self._sync_run_rows()
        self._on_lesson_speed(self.lesson.speed)

    def _trail_tip(self, x, y, data):
        return f"step {data}: {self._variable()} = {x:.4f}, f = {y:.4f}"

    def apply_theme(self) -> None:
        """Every colour again from :mod:`theme` (View ▸ Theme)."""
        self.plot.setBackground(theme.PLOT_BACKGROUND)
        self.grid.curve.setPen(pg.mkPen(theme.GRID_COLOR, width=1))
        for axis in ("left", "bottom"):
            self.plot.getAxis(axis).setTextPen(theme.TEXT_COLOR)
            self.plot.getAxis(axis).setPen(theme.AXIS_COLOR)
        self.current.setBrush(pg.mkBrush(theme.MARKER_COLOR))
        self.current.setPen(pg.mkPen(theme.PLOT_BACKGROUND, width=1.5))
        self._trail_brushes = _trail_brushes()
        if not self._on_surface:
            self._show_trail()
        self.start_marker.setBrush(pg.mkBrush(theme.translucent(theme.PLOT_BACKGROUND, 180)))
        self.step_head.setStyle(brush=theme.RUN_COLOR)  # its setStyle(angle=…) re-applies the style's brush
        self.start_marker.setPen(pg.mkPen(theme.MUTED_COLOR, width=2))
        if self.start_marker.label() is not None:
            self.start_marker.label().setColor(theme.MUTED_COLOR)
        for i, color in enumerate(theme.RUN_COLORS):
            self._forecast_items[i].setPen(pg.mkPen(theme.faded(color), width=1))
            self._history_items[i].setPen(pg.mkPen(color, width=2.5))
            if i:
                self._run_trails[i - 1].setBrush(pg.mkBrush(theme.faded(color, 0.3)))
                self._run_currents[i - 1].setBrush(pg.mkBrush(color))
                self._run_currents[i - 1].setPen(pg.mkPen(theme.PLOT_BACKGROUND, width=1.5))
        self.hump_marker.setBrush(pg.mkBrush(theme.NOTE_COLOR))
        self.hump_label.setColor(theme.NOTE_COLOR)
        self.jump_line.setPen(pg.mkPen(theme.NOTE_COLOR, width=2, style=Qt.PenStyle.DashLine))
        self.off_view.setColor(theme.ERROR_COLOR)
        self.off_view.fill = pg.mkBrush(theme.translucent(theme.PLOT_BACKGROUND, 220))
        self.off_view.border = pg.mkPen(theme.ERROR_COLOR)
        for row in self.run_rows:
            row.apply_theme()
        self.set_presentation(self._scale)  # the pens that scale with it
        self._draw_curve()
        self._show_status()
        self.plot.update()

    def set_presentation(self, scale: float) -> None:
        """Lines ``scale`` times their normal width (presentation mode)."""
        self._scale = float(scale)
        self.plot.getAxis("bottom").setHeight(int(2.9 * self.fontMetrics().height()))
        self.tangent.setPen(pg.mkPen(theme.TEXT_COLOR, width=theme.TANGENT_WIDTH * scale, style=Qt.PenStyle.DashLine))
        self.step_line.setPen(pg.mkPen(theme.RUN_COLOR, width=theme.STEP_WIDTH * scale))
        self.current.setSize(15 * scale)
        self.trail.setSize(10 * scale)
        for axis in ("bottom", "left"):
            self.plot.getAxis(axis).setStyle(tickFont=self.font())  # the panel's font, grown or not
        self._fit_source_width()
        for row in self.run_rows:  # their fixed widths and heights, at the font they have now
            row.fit_widths()
        self._fit_runs_area()
        self._describe_curve()


def _trail_brushes() -> list:
    """The trail's brushes, oldest first: the theme's trail colour, fading in (the same
    objects every frame, so the scatter item's symbol cache is hit)."""
    return [pg.mkBrush(theme.translucent(theme.TRAIL_COLOR, int(a))) for a in np.linspace(50, 230, TRAIL_SHOWN)]


def _restyle(widget, style: str) -> None:
    """Set a style sheet only when it changes: each set re-polishes the widget (~0.4 ms),
    and the labels are restyled on every step and every move of a slider."""
    if widget.styleSheet() != style:
        widget.setStyleSheet(style)
