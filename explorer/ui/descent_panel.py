"""The descent panel: gradient descent on f(x), animated, driven by α and the start.

The stepping is the core's :class:`~explorer.core.descent.Descent`; this panel only shows
it: plot items are created once and updated with setData, a QTimer takes the steps.
The function comes from the panel's own function bar or from :meth:`DescentPanel.set_function`
(any one-variable :class:`Function`, e.g. a slice of the surface later on).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSlider, QSpinBox, QVBoxLayout, QWidget,
)

from ..core.calculus import Function
from ..core.descent import Descent, DescentStatus, update_arithmetic
from ..core.mesh import robust_z_range
from ..core.notation import MINUS, format_number, pretty
from ..core.presets import curve_presets

LEARNING_RATE_RANGE = (0.001, 2.0)  # the slider's ends; the numeric entry goes wider
SLIDER_STEPS = 1000
MAX_STEPS = 10_000
TRAIL_SHOWN = 60  # iterates drawn in the fading trail
FRAME_MS = 16  # the animation timer: ~60 frames a second

CURVE_COLOR = "#3b528b"
TANGENT_COLOR = "#e4572e"
STEP_COLOR = "#1a9850"  # the next step, −α·f′(x): green for "this way down"
STATUS_COLORS = {"converged": "#1a7f37", "diverged": "#c62828", "undefined": "#c62828", "oscillating": "#b35c00"}


def learning_rate_from_slider(position: int) -> float:
    """Slider position 0…SLIDER_STEPS → α on a log scale over LEARNING_RATE_RANGE."""
    lo, hi = (math.log10(v) for v in LEARNING_RATE_RANGE)
    return 10 ** (lo + (hi - lo) * position / SLIDER_STEPS)


def slider_from_learning_rate(alpha: float) -> int:
    lo, hi = (math.log10(v) for v in LEARNING_RATE_RANGE)
    t = (math.log10(min(max(alpha, LEARNING_RATE_RANGE[0]), LEARNING_RATE_RANGE[1])) - lo) / (hi - lo)
    return round(t * SLIDER_STEPS)


def _named(widget, name: str, accessible: str):
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


class DescentPanel(QWidget):
    """A plot of f(x) with the run on it, its controls and its readout."""

    stepTaken = Signal(int)  # steps so far
    runFinished = Signal(str)  # the status: converged, diverged, undefined, max_steps

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("descentPanel")
        from .function_bar import FunctionBar  # local: keeps this module importable alone

        self._presets = curve_presets()
        default = self._presets[0]
        self.function: Function | None = None
        self.x_range = default.x_range
        self.run: Descent | None = None

        self.function_bar = FunctionBar(
            default.function, variables=1, default_variables=("x",), presets=[p.name for p in self._presets], prefix="descent",
        )
        self.plot = _named(pg.PlotWidget(background="w"), "descentPlot", "Gradient descent plot")
        self.plot.setMinimumHeight(220)
        self.plot.showGrid(x=True, y=True, alpha=0.25)
        self.plot.setMenuEnabled(False)
        for axis in ("bottom", "left"):
            self.plot.getAxis(axis).setTextPen("#222222")
            self.plot.getAxis(axis).setPen("#888888")
        self.curve = self.plot.plot(pen=pg.mkPen(CURVE_COLOR, width=3), connect="finite")
        self.tangent = self.plot.plot(pen=pg.mkPen(TANGENT_COLOR, width=2, style=Qt.PenStyle.DashLine))
        self.step_line = self.plot.plot(pen=pg.mkPen(STEP_COLOR, width=3))
        self.step_head = pg.ArrowItem(angle=0, headLen=14, tipAngle=35, brush=STEP_COLOR, pen=None)
        self.plot.addItem(self.step_head)
        self._trail_brushes = [pg.mkBrush(60, 60, 60, int(a)) for a in np.linspace(50, 230, TRAIL_SHOWN)]
        self.trail = pg.ScatterPlotItem(size=10, pen=None, hoverable=True, hoverSize=13, tip=self._trail_tip)
        self.plot.addItem(self.trail)
        self.current = pg.ScatterPlotItem(size=15, brush="#111111", pen=pg.mkPen("w", width=1.5))
        self.plot.addItem(self.current)
        self.start_marker = pg.TargetItem(pos=(default.start, 0), size=16, symbol="o", pen=pg.mkPen("#555555", width=2),
                                          brush=(255, 255, 255, 180), movable=True, label="start",
                                          labelOpts={"color": "#555555", "offset": (-12, -14), "anchor": (1, 1)})
        self.plot.addItem(self.start_marker)
        self.start_marker.sigPositionChanged.connect(self._on_start_marker_moved)

        self.learning_rate_slider = _named(QSlider(Qt.Orientation.Horizontal), "learningRateSlider", "Learning rate (log scale)")
        self.learning_rate_slider.setRange(0, SLIDER_STEPS)
        self.learning_rate_input = _named(QDoubleSpinBox(), "learningRateInput", "Learning rate")
        self.learning_rate_input.setDecimals(4)
        self.learning_rate_input.setRange(0.0001, 5.0)
        self.learning_rate_input.setSingleStep(0.001)
        self.learning_rate_input.setKeyboardTracking(False)
        self.start_input = _named(QDoubleSpinBox(), "startInput", "Starting point x₀")
        self.start_input.setDecimals(4)
        self.start_input.setRange(-1e4, 1e4)
        self.start_input.setSingleStep(0.1)
        self.start_input.setKeyboardTracking(False)
        self.play_button = _named(QPushButton("▶ Play"), "playButton", "Play or pause the descent")
        self.play_button.setCheckable(True)
        self.step_button = _named(QPushButton("Step"), "stepButton", "Take one step")
        self.reset_button = _named(QPushButton("Reset"), "resetButton", "Back to the start")
        self.skip_button = _named(QPushButton("Run to end"), "skipButton", "Take all remaining steps at once")
        self.speed_input = _named(QSpinBox(), "speedInput", "Animation speed in steps per second")
        self.speed_input.setRange(1, 600)
        self.speed_input.setValue(10)
        self.speed_input.setSuffix(" steps/s")
        self.speed_input.setToolTip("Animation speed")

        self.x_value = _named(QLabel(), "xValue", "x")
        self.f_value = _named(QLabel(), "fValue", "f of x")
        self.df_value = _named(QLabel(), "dfValue", "derivative of f at x")
        self.steps_value = _named(QLabel(), "stepsValue", "steps taken")
        self.alpha_value = _named(QLabel(), "learningRateValue", "learning rate α")
        self.update_label = _named(QLabel(), "updateArithmetic", "The last update, written out")
        self.update_label.setWordWrap(True)
        self.status = _named(QLabel(), "descentStatus", "Descent status")
        self.status.setWordWrap(True)
        self.formula = _named(QLabel(), "derivativeFormula", "Derivative formula")
        for label in (self.x_value, self.f_value, self.df_value, self.steps_value, self.alpha_value):
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

        self.function_bar.functionParsed.connect(self._on_function_parsed)
        self.function_bar.presetChosen.connect(self._on_preset_chosen)
        self.learning_rate_slider.valueChanged.connect(self._on_slider_moved)
        self.learning_rate_input.valueChanged.connect(self._on_learning_rate_typed)
        self.start_input.valueChanged.connect(self._on_start_typed)
        self.play_button.toggled.connect(self._on_play_toggled)
        self.step_button.clicked.connect(self.step)
        self.reset_button.clicked.connect(self.reset)
        self.skip_button.clicked.connect(self.run_to_end)

        self._set_controls(default.learning_rate, default.start)
        self.set_function(self.function_bar.function, x_range=default.x_range, start=default.start)

    def _build_layout(self) -> None:
        # Short rows: the panel shares the window's right column with the surface readout.
        rate = QHBoxLayout()
        rate.addWidget(QLabel("α"))
        rate.addWidget(self.learning_rate_slider, 1)
        rate.addWidget(self.learning_rate_input)
        rate.addWidget(QLabel("start x₀"))
        rate.addWidget(self.start_input)
        buttons = QHBoxLayout()
        for button in (self.play_button, self.step_button, self.reset_button, self.skip_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.speed_input)
        readout = QGridLayout()
        readout.setHorizontalSpacing(6)
        cells = (("x =", self.x_value), ("f(x) =", self.f_value), ("f′(x) =", self.df_value),
                 ("steps =", self.steps_value), ("α =", self.alpha_value))
        for i, (name, label) in enumerate(cells):
            row, column = divmod(i, 3)
            readout.addWidget(QLabel(name), row, 2 * column, Qt.AlignmentFlag.AlignRight)
            readout.addWidget(label, row, 2 * column + 1)
        readout.setColumnStretch(5, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.function_bar)
        layout.addWidget(self.formula)
        layout.addWidget(self.plot, 1)
        layout.addLayout(rate)
        layout.addLayout(buttons)
        layout.addLayout(readout)
        layout.addWidget(self.update_label)
        layout.addWidget(self.status)

    # ------------------------------------------------------------------ settings
    @property
    def learning_rate(self) -> float:
        return self.learning_rate_input.value()

    @property
    def start(self) -> float:
        return self.start_input.value()

    @property
    def playing(self) -> bool:
        return self.play_button.isChecked()

    def _set_controls(self, learning_rate: float, start: float) -> None:
        for widget, value in ((self.learning_rate_input, learning_rate), (self.start_input, start),
                              (self.learning_rate_slider, slider_from_learning_rate(learning_rate))):
            widget.blockSignals(True)
            widget.setValue(value)
            widget.blockSignals(False)

    def set_function(self, function: Function, *, x_range=None, start: float | None = None, learning_rate: float | None = None) -> None:
        """Show a new function of one variable (from the bar, a preset or another view)."""
        if function is None or len(function.variables) != 1:
            return
        self.function = function
        if x_range is not None:
            self.x_range = tuple(map(float, x_range))
        self._set_controls(self.learning_rate if learning_rate is None else learning_rate, self.start if start is None else start)
        name, variable = function.name, function.variable_names[0]
        self.formula.setText(f"{name}′({variable}) = {pretty(function.partials[0])}")
        self.plot.setLabel("bottom", variable)
        self.plot.setLabel("left", f"{name}({variable})")
        self._draw_curve()
        self.reset()

    def _draw_curve(self) -> None:
        x0, x1 = self.x_range
        xs = np.linspace(x0, x1, 800)
        ys = self.function.evaluate(xs)[0]
        ys[~np.isfinite(ys)] = np.nan
        self.curve.setData(xs, ys)
        (lo, hi), _ = robust_z_range(ys)
        pad = 0.08 * (hi - lo)
        # A fixed view: a diverging run flies off it instead of shrinking the curve to a line.
        self.plot.setXRange(x0, x1, padding=0.02)
        self.plot.setYRange(lo - pad, hi + pad, padding=0)

    # ------------------------------------------------------------------ running
    def reset(self) -> None:
        """A fresh run from the start with the current α (keeps playing if it was)."""
        if self.function is None:
            return
        self.run = Descent(self.function, self.learning_rate, (self.start,), max_steps=MAX_STEPS, trail_length=TRAIL_SHOWN)
        self._owed = 0.0
        self._clock.restart()
        self._show()

    def step(self) -> None:
        """One step (pauses the animation: a single step is for reading the arithmetic)."""
        if self.playing:
            self.play_button.setChecked(False)
        if self.run is not None and self.run.finished:
            return
        self._advance(1)

    def run_to_end(self) -> None:
        if self.playing:
            self.play_button.setChecked(False)
        if self.run is None or self.run.finished:
            return
        self.run.run_to_end()
        self._show()
        self.stepTaken.emit(self.run.steps)
        self._announce_if_finished()

    def _advance(self, n: int) -> None:
        run = self.run
        for _ in range(n):
            if run.step() is None:
                break
        self._show()
        self.stepTaken.emit(run.steps)
        self._announce_if_finished()

    def _announce_if_finished(self) -> None:
        if self.run.finished:
            if self.playing:
                self.play_button.setChecked(False)
            self.runFinished.emit(str(self.run.status))

    def _on_timer(self) -> None:
        try:
            elapsed = self._clock.restart() / 1000.0
            self._owed += elapsed * self.speed_input.value()
            due = int(self._owed)
            if due:
                self._owed -= due
                self._advance(min(due, 1000))
        except Exception as error:  # noqa: BLE001 - never raise into the event loop
            self.play_button.setChecked(False)
            self._set_status(f"stopped: {error}", "diverged")

    def _on_play_toggled(self, playing: bool) -> None:
        self.play_button.setText("⏸ Pause" if playing else "▶ Play")
        if playing:
            if self.run is None or self.run.finished:
                self.reset()
            self._clock.restart()
            self._owed = 1.0  # the first step shows at once
            self._timer.start()
        else:
            self._timer.stop()
        if self.run is not None:
            self._show_status()

    # ------------------------------------------------------------------ control → run
    def _on_function_parsed(self, function: Function) -> None:
        self.set_function(function)

    def _on_preset_chosen(self, index: int) -> None:
        preset = self._presets[index]
        self._set_controls(preset.learning_rate, preset.start)
        self.x_range = preset.x_range
        self.function_bar.set_text(preset.function)
        self.status.setToolTip(preset.note)

    def _on_slider_moved(self, position: int) -> None:
        alpha = learning_rate_from_slider(position)
        self.learning_rate_input.blockSignals(True)
        self.learning_rate_input.setValue(alpha)
        self.learning_rate_input.blockSignals(False)
        self.reset()  # new settings: never a stale trail

    def _on_learning_rate_typed(self, alpha: float) -> None:
        self.learning_rate_slider.blockSignals(True)
        self.learning_rate_slider.setValue(slider_from_learning_rate(alpha))
        self.learning_rate_slider.blockSignals(False)
        self.reset()

    def _on_start_typed(self, _x0: float) -> None:
        self.reset()

    def _on_start_marker_moved(self) -> None:
        # Dragging the start marker slides it along the curve.
        x = float(self.start_marker.pos().x())
        self.start_input.blockSignals(True)
        self.start_input.setValue(x)
        self.start_input.blockSignals(False)
        self.reset()

    # ------------------------------------------------------------------ run → view
    def _show(self) -> None:
        run, function = self.run, self.function
        x = run.point[0]
        value, slope = run.value, run.gradient[0]
        alpha = run.learning_rate
        self.x_value.setText(format_number(x))
        self.f_value.setText(format_number(value))
        self.df_value.setText(format_number(slope))
        self.steps_value.setText(str(run.steps))
        self.alpha_value.setText(format_number(alpha))
        self.update_label.setText(
            update_arithmetic(run.last_step, function.variable_names)[0] if run.last_step
            else f"next: x₁ = x₀ {MINUS} α·f′(x₀) — press Step or Play"
        )

        # The start marker sits on the curve at x₀.
        start_value = function.value_at((self.start,))
        self.start_marker.blockSignals(True)
        self.start_marker.setPos(self.start, start_value if math.isfinite(start_value) else 0.0)
        self.start_marker.blockSignals(False)

        trail = np.array([p[0] for p in run.trail], dtype=np.float64)
        if len(trail):
            values = function.evaluate(trail)[0]
            # Older iterates fade: the newest is nearly opaque.  The same brush objects every
            # frame, so the scatter item's symbol cache is hit instead of redrawing symbols.
            brushes = self._trail_brushes[-len(trail):]
            first_index = run.steps - len(trail) + 1
            ok = np.isfinite(values)
            self.trail.setData(x=trail[ok], y=values[ok], brush=[b for b, good in zip(brushes, ok) if good],
                               data=np.arange(first_index, first_index + len(trail))[ok])
        if math.isfinite(x) and math.isfinite(value):
            self.current.setData([x], [value])
            if math.isfinite(slope):
                half = 0.12 * (self.x_range[1] - self.x_range[0])
                self.tangent.setData([x - half, x + half], [value - slope * half, value + slope * half])
                nxt = x - alpha * slope
                self.step_line.setData([x, nxt], [value, value])
                self.step_head.setPos(nxt, value)
                self.step_head.setStyle(angle=180 if nxt > x else 0)
                self.step_head.setVisible(abs(nxt - x) > 1e-12)
            else:
                self.tangent.setData([], [])
                self.step_line.setData([], [])
                self.step_head.setVisible(False)
        else:
            self.current.setData([], [])
            self.tangent.setData([], [])
            self.step_line.setData([], [])
            self.step_head.setVisible(False)
        self._show_status()

    def _show_status(self) -> None:
        run = self.run
        if run.status is DescentStatus.RUNNING:
            if run.oscillating:
                self._set_status(
                    f"oscillating: the steps flip direction without shrinking — α = {run.learning_rate:g} is too "
                    f"large for this valley", "oscillating",
                )
            elif run.steps == 0:
                self._set_status(f"ready: start at x₀ = {format_number(run.point[0])} with α = {run.learning_rate:g}", "")
            elif self.playing:
                self._set_status(f"running: step {run.steps}", "")
            else:
                self._set_status(f"paused after {run.steps} step{'s' * (run.steps != 1)} — press Play or Step", "")
        elif run.status is DescentStatus.MAX_STEPS and run.oscillating:
            self._set_status(
                f"{run.message} — it oscillates: the steps flip direction without shrinking, so α = "
                f"{run.learning_rate:g} is too large for this valley", "oscillating",
            )
        else:
            self._set_status(run.message, str(run.status))

    def _set_status(self, text: str, kind: str) -> None:
        color = STATUS_COLORS.get(kind, "#333333")
        self.status.setStyleSheet(f"color: {color}; font-weight: {'bold' if kind else 'normal'}")
        self.status.setText(text)

    def _trail_tip(self, x, y, data):
        return f"step {data}: x = {x:.4f}, f(x) = {y:.4f}"
