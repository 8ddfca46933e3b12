"""The data pane's training controls: batch size, seed, the learning-rate schedule, and α plotted.

A view of the lesson's ``batch``, ``seed`` and ``schedule`` (see
:mod:`~explorer.core.descent.stochastic`): each box writes its one setting through the lesson
(the schedule as its text, :meth:`~explorer.core.optimizers.Schedule.text`) and shows what the
lesson holds; a box shows again only the settings an edit changed, so a number being typed in
another box is never rewritten.  Below, α of each step of the first run over the steps (the
schedule's curve, torch's floats) with the step just taken marked.

Batch size B: 1 … n (n, the full batch, is stored as 0: all the points, however many there
come to be).  Seed: 0 … 2³² − 1, the lesson's range.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..core.lesson import Lesson
from ..core.lesson_schema import SEED_RANGE
from ..core.notation import format_value
from ..core.optimizers import Schedule, parse_schedule
from . import theme
from .widgets import NumberBox, WholeBox, named

__all__ = ["KINDS", "PARAMETERS", "TrainingControls"]

#: The schedule menu: (kind, its entry, its tooltip, the text it starts from when chosen).
KINDS = (
    ("constant", "constant", "the same α every step (no scheduler)", "constant"),
    ("step", "step decay", "α × γ every S steps (torch's StepLR)", "step:20,0.5"),
    ("exp", "exponential", "α × γ every step (torch's ExponentialLR)", "exp:0.99"),
    ("cosine", "cosine annealing", "α falls along a half cosine to η_min over T steps (torch's CosineAnnealingLR)",
     "cosine:100,0.0"),
    ("linear", "linear warm-up", "α rises in a straight line from s·α to e·α over T steps (torch's LinearLR)",
     "linear:0.1,1.0,50"),
)
#: Each parameter's box: (schedule field, label before it, object name, whole number, range, what it is).
PARAMETERS = (
    ("step_size", "every", "scheduleStepSize", True, (1, 1_000_000), "S, the steps between two decays"),
    ("gamma", "× γ", "scheduleGamma", False, (0.0, 1e6), "γ, the factor α is multiplied by"),
    ("T_max", "over T", "scheduleTMax", True, (1, 1_000_000), "T, the steps of the half cosine"),
    ("eta_min", "to η_min", "scheduleEtaMin", False, (0.0, 1e6), "η_min, the α the cosine falls to"),
    ("start_factor", "from s", "scheduleStartFactor", False, (0.0, 1.0), "s, the first step's fraction of α"),
    ("end_factor", "to e", "scheduleEndFactor", False, (0.0, 1.0), "e, the last fraction of α"),
    ("total_iters", "over T", "scheduleTotalIters", True, (0, 1_000_000), "T, the steps of the warm-up"),
)
_PLOT_STEPS = (20, 10_000)  # the α plot shows at least and at most this many steps


class TrainingControls(QWidget):
    """Batch, seed and schedule boxes bound to the lesson, and the plot of α over the steps.

    ``refused(message)`` says why a number typed was not taken (the pane shows it);
    ``taken()`` that a number was taken since and no box refuses (the pane's refusal is over)."""

    refused = Signal(str)
    taken = Signal()

    def __init__(self, lesson: Lesson, parent=None):
        super().__init__(parent)
        self.setObjectName("trainingControls")
        self.lesson = lesson
        self.batch_box = named(WholeBox("the batch size"), "batchInput", "Batch size")
        self.batch_box.setToolTip("Points each step's gradient is taken on: 1 is stochastic descent, all of them "
                                  "the full batch; a new order of the points each epoch")
        self.batch_note = named(QLabel(), "batchNote", "Batch note")
        self.seed_box = named(SeedBox("the seed"), "seedInput", "Seed")
        self.seed_box.setRange(*SEED_RANGE)
        self.seed_box.setToolTip("The shuffling's seed: the same seed, the same batches, the same run bit for bit; "
                                 "PyTorch's DataLoader(shuffle=True) with torch.Generator().manual_seed(seed) "
                                 "takes the same batches")
        self.schedule_menu = named(QComboBox(), "scheduleMenu", "Learning-rate schedule")
        for i, (kind, entry, tip, _start) in enumerate(KINDS):
            self.schedule_menu.addItem(entry, kind)
            self.schedule_menu.setItemData(i, tip, Qt.ItemDataRole.ToolTipRole)
        self.parameter_boxes: dict[str, NumberBox | WholeBox] = {}
        self.parameter_labels: dict[str, QLabel] = {}
        for name, label, object_name, whole, (lo, hi), what in PARAMETERS:
            box = named(WholeBox(what) if whole else NumberBox(what), object_name, what.split(",")[0])
            box.setRange(lo, hi)
            box.setToolTip(what)
            box.setMinimumWidth(44)
            self.parameter_boxes[name] = box
            self.parameter_labels[name] = QLabel(label)
        self.alpha_plot = _AlphaPlot()
        self._build_layout()

        self.batch_box.valueChanged.connect(self._on_batch_typed)
        self.seed_box.valueChanged.connect(lambda seed: self._edit(seed=int(seed)))
        self.schedule_menu.activated.connect(self._on_kind_chosen)
        for name, box in self.parameter_boxes.items():
            box.valueChanged.connect(lambda value, name=name: self._on_parameter_typed(name, value))
        for box in (self.batch_box, self.seed_box, *self.parameter_boxes.values()):
            box.refused.connect(self.refused.emit)
        lesson.events.connect_fields({"batch", "seed", "schedule", "data", "learning_rate", "optimizer"},
                                     self._on_lesson_changed)
        lesson.events.connect_fields({"run"}, lambda _changed: self.show_step())
        lesson.events.stepped.connect(self.show_step)
        theme.changed.connect(self._show_plot)
        self._on_lesson_changed(frozenset({"batch", "seed", "schedule", "data"}))

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("batch"))
        top.addWidget(self.batch_box, 1)
        top.addWidget(self.batch_note)
        top.addSpacing(6)
        top.addWidget(QLabel("seed"))
        top.addWidget(self.seed_box, 1)
        # One row: the schedule and its few numbers (a second row would push the readout out of a projector's pane).
        schedule = QHBoxLayout()
        schedule.setSpacing(3)
        schedule.addWidget(QLabel("α:"))
        schedule.addWidget(self.schedule_menu)
        for name, *_rest in PARAMETERS:
            schedule.addWidget(self.parameter_labels[name])
            schedule.addWidget(self.parameter_boxes[name], 1)
        schedule.addStretch(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addLayout(schedule)
        layout.addWidget(self.alpha_plot)

    # ------------------------------------------------------------------ pane → lesson
    def _edit(self, **changes) -> bool:
        if self.lesson.try_update(**changes):
            still = [box for box in (self.batch_box, self.seed_box, *self.parameter_boxes.values()) if box.refusing]
            if still:  # another box's refusal (still red, its reason in its tooltip) is said again
                self.refused.emit(still[0].toolTip())
            else:
                self.taken.emit()
            return True
        self._show_settings(set(changes))  # refused (the pane says why): the boxes show what the lesson holds
        return False

    def _on_batch_typed(self, value: int) -> None:
        n = len(self.lesson.data)
        self._edit(batch=0 if value >= n else int(value))  # all the points: the full batch, however many

    def _on_kind_chosen(self, index: int) -> None:
        kind = self.schedule_menu.itemData(index)
        if kind != self.schedule.kind:
            self._edit(schedule=next(start for k, _e, _t, start in KINDS if k == kind))

    def _on_parameter_typed(self, name: str, value: float) -> None:
        current = self.schedule
        if getattr(current, name) == value:
            return
        try:
            text = Schedule(**{**current.__dict__, name: int(value) if isinstance(getattr(current, name), int) else value}).text()
        except ValueError as error:  # a schedule torch would refuse (γ = 0): said, and nothing changed
            self.refused.emit(str(error))
            self._show_settings({"schedule"})
            return
        self._edit(schedule=text)

    @property
    def schedule(self) -> Schedule:
        return parse_schedule(self.lesson.schedule)

    # ------------------------------------------------------------------ lesson → pane
    def _on_lesson_changed(self, changed: frozenset) -> None:
        self._show_settings(changed)
        self._show_plot()

    def _show_settings(self, changed) -> None:
        lesson = self.lesson
        n = len(lesson.data)
        if changed & {"batch", "data"}:
            batch = lesson.settings()["batch"]
            self.batch_box.setRange(1, n)
            _show(self.batch_box, n if batch == 0 or batch > n else batch)
            self._show_batch_note()
        if "seed" in changed:
            _show(self.seed_box, lesson.seed)
        if "schedule" in changed:
            schedule = self.schedule
            self.schedule_menu.setCurrentIndex(self.schedule_menu.findData(schedule.kind))
            used = {p for p, _ in _parameters_of(schedule.kind)}
            for name, box in self.parameter_boxes.items():
                box.setVisible(name in used)
                self.parameter_labels[name].setVisible(name in used)
                if name in used:
                    _show(box, getattr(schedule, name))

    def _show_batch_note(self) -> None:
        n = len(self.lesson.data)
        batch = self.batch_box.value()
        per_epoch = -(-n // batch)
        self.batch_note.setText(f"of {n:,}" + (" (full)" if batch == n else f" · {per_epoch:,} steps an epoch"))

    def _show_plot(self, *_args) -> None:
        self.alpha_plot.show_rates(self._rates(), self.lesson.run.steps)

    def show_step(self, *_args) -> None:
        """The step just taken marked on the α plot (the plot widened when the run is past it)."""
        steps = self.lesson.run.steps
        if steps > self.alpha_plot.shown_steps:
            self._show_plot()
        else:
            self.alpha_plot.mark(steps)

    def _rates(self) -> np.ndarray:
        """α of each step the plot shows, the first run's (its own list while it trains on the data)."""
        run = self.lesson.run
        count = min(max(_horizon(self.schedule), run.steps + 1, _PLOT_STEPS[0]), max(_PLOT_STEPS[1], run.steps + 1))
        rates = getattr(run, "rates", None)
        if rates is not None:
            return np.asarray(rates[:count], dtype=float)
        return self.schedule.learning_rates(self.lesson.optimizers[0].learning_rate, count)


class SeedBox(NumberBox):
    """A whole number up to 2³² − 1, the lesson's seeds (a QSpinBox stops at 2³¹ − 1 and would
    overflow on a lesson's larger seed): a number box that takes whole numbers only."""

    def _whole_ok(self, value: float) -> bool:
        return float(value).is_integer()


class _AlphaPlot(pg.PlotWidget):
    """α over the steps (step t from 1 on the horizontal axis), the step just taken as a dot."""

    def __init__(self):
        super().__init__()
        self.setObjectName("alphaPlot")
        self.setAccessibleName("Learning rate over the steps")
        self.setFixedHeight(78)
        self.setMenuEnabled(False)
        self.setMouseEnabled(False, False)
        self.hideButtons()
        self.curve = pg.PlotCurveItem()
        self.marker = pg.ScatterPlotItem(size=9)
        self.addItem(self.curve)
        self.addItem(self.marker)
        self.getPlotItem().getAxis("left").enableAutoSIPrefix(False)  # α's own digits, not "(×0.001)" in 78 pixels
        self.getPlotItem().setLabel("bottom", "α over the steps")
        self.rates = np.zeros(0)
        self.shown_steps = 0

    def show_rates(self, rates: np.ndarray, step: int) -> None:
        t = theme.current()
        self.setBackground(t.plot_background)
        for axis in ("bottom", "left"):
            self.getPlotItem().getAxis(axis).setPen(pg.mkPen(t.axis_color))
            self.getPlotItem().getAxis(axis).setTextPen(pg.mkPen(t.text_color))
        self.rates, self.shown_steps = rates, len(rates)
        steps = np.arange(1, len(rates) + 1)
        self.curve.setData(steps, rates, pen=pg.mkPen(t.run_colors[0], width=2))
        top = float(np.max(rates)) if len(rates) else 1.0
        top = top if top > 0 and math.isfinite(top) else 1.0
        self.setRange(xRange=(1, max(2, len(rates))), yRange=(0.0, top), padding=0.05)
        # Two ticks, 0 and the largest α: the plot is 78 pixels high, room for no more to read.
        self.getPlotItem().getAxis("left").setTicks([[(0.0, "0"), (top, format_value(top))]])
        self.marker.setBrush(pg.mkBrush(t.text_color))
        self.marker.setPen(pg.mkPen(t.plot_background))
        self.mark(step)

    def mark(self, step: int) -> None:
        """The dot on step ``step`` (the last taken; before the first, the first to come)."""
        t = max(1, int(step))
        if t <= len(self.rates):
            self.marker.setData([t], [self.rates[t - 1]])
        else:
            self.marker.setData([], [])


def _parameters_of(kind: str):
    from ..core.optimizers import SCHEDULES

    return SCHEDULES[kind][1]


def _horizon(schedule: Schedule) -> int:
    """Steps the α plot shows so the schedule's shape is seen: a few decays, the cosine's
    whole wave, the warm-up and as long again, α fallen to 5 % for the exponential."""
    kind = schedule.kind
    if kind == "step":
        return 4 * schedule.step_size
    if kind == "exp":
        gamma = schedule.gamma
        return 50 if gamma >= 1 else int(math.ceil(math.log(0.05) / math.log(gamma))) if gamma > 0 else 20
    if kind == "cosine":
        return 2 * schedule.T_max
    if kind == "linear":
        return 2 * schedule.total_iters
    return 50


def _show(box, value) -> None:
    """A box shows the lesson's value without taking it as typed."""
    box.blockSignals(True)
    box.setValue(value)
    box.blockSignals(False)


def describe(lesson: Lesson) -> str:
    """The readout's words for α now: ``α = 0.0123 (step 12 of cosine annealing …)``."""
    run = lesson.run
    step = run.last_step
    schedule = parse_schedule(lesson.schedule)
    if getattr(run, "training", None) is None:  # coordinate descent on the data: plain steps, one α
        return f"α = {format_value(lesson.learning_rate)} (coordinate descent: no batches, no schedule)"
    if step is None:
        return f"α = {format_value(lesson.learning_rate)}, {schedule.describe()}"
    return f"α = {format_value(step.learning_rate)} at step {step.index}, {schedule.describe()}"
