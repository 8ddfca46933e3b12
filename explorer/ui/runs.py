"""The controls of the runs in a race: a row per run (its colour, optimizer and learning-rate
slider), and the learning-rate slider itself with labelled ticks and the stability bands.

The slider is logarithmic over :data:`LEARNING_RATE_RANGE`: position 0…SLIDER_STEPS maps to
α = 10^(lo + (hi − lo)·position/SLIDER_STEPS).  Its groove carries the bands of the
stability rule near the minimum the start leads to (monotone, oscillating, diverging: see
:meth:`~explorer.core.optimizers.Stability.bands`), so the α where a run starts to
overshoot and where it blows up can be seen before it is tried.  The rows only forward
edits; the lesson holds every run's settings.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QSizePolicy, QSlider, QStyle, QStyleOptionSlider, QToolButton,
    QVBoxLayout, QWidget,
)

from ..core.lesson import LEARNING_RATE_MAX
from ..core.optimizers import KINDS, NAMES, SHORT_NAMES  # SHORT_NAMES: the registry's, kept importable from here
from . import theme
from .race_table import SLIDER_LEAST_WIDTH, ending_width, short_ending
from .widgets import _ROOM as _BOX_ROOM
from .widgets import NumberBox, named

LEARNING_RATE_RANGE = (0.001, 2.0)  # the slider's ends; the numeric entry goes wider
SLIDER_STEPS = 1000
TICKS = (0.001, 0.01, 0.1, 1.0)


def learning_rate_from_slider(position: int) -> float:
    """Slider position 0…SLIDER_STEPS → α on a log scale over LEARNING_RATE_RANGE."""
    lo, hi = (math.log10(v) for v in LEARNING_RATE_RANGE)
    return 10 ** (lo + (hi - lo) * position / SLIDER_STEPS)


def slider_from_learning_rate(alpha: float) -> int:
    lo, hi = (math.log10(v) for v in LEARNING_RATE_RANGE)
    t = (math.log10(min(max(alpha, LEARNING_RATE_RANGE[0]), LEARNING_RATE_RANGE[1])) - lo) / (hi - lo)
    return round(t * SLIDER_STEPS)


class LearningRateSlider(QSlider):
    """A log-scale α slider; its :attr:`scale` (a strip drawn under it) carries the tick
    marks at 0.001, 0.01, 0.1 and 1 (labelled when ``labels``) and the stability bands
    (:meth:`set_bands`)."""

    def __init__(self, labels: bool = True, parent=None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setRange(0, SLIDER_STEPS)
        self._bands: tuple[float | None, float | None] = (None, None)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.scale = SliderScale(self, labels)

    def set_bands(self, monotone: float | None, critical: float | None) -> None:
        """The α below which descent approaches without overshooting, and above which it
        diverges (None: no such α, e.g. for Adam, or no minimum found)."""
        if (monotone, critical) != self._bands:
            self._bands = (monotone, critical)
            self.scale.update()

    def bands(self) -> tuple[float | None, float | None]:
        return self._bands

    def setToolTip(self, text: str) -> None:
        super().setToolTip(text)
        self.scale.setToolTip(text)

    def x_of(self, alpha: float) -> float:
        """The pixel column of α along the groove (the handle's centre at that α)."""
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        style = self.style()
        groove = style.subControlRect(QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, self)
        handle = style.subControlRect(QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, self)
        span = groove.width() - handle.width()
        position = slider_from_learning_rate(alpha)
        return groove.x() + handle.width() / 2 + span * position / SLIDER_STEPS



class SliderScale(QWidget):
    """The strip under a :class:`LearningRateSlider`: the stability bands (green: steady,
    orange: oscillates, red: diverges) and the ticks, at the slider's own pixel columns."""

    BAND = 5  # px

    def __init__(self, slider: LearningRateSlider, labels: bool):
        super().__init__()
        self.slider = slider
        self._labels = labels
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def _label_font(self):
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 0.8)
        return font

    def sizeHint(self) -> QSize:
        labels = QFontMetrics(self._label_font()).height() if self._labels else 0
        return QSize(self.slider.sizeHint().width(), self.BAND + 4 + labels)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.sizeHint().height())

    def paintEvent(self, event) -> None:
        slider = self.slider
        painter = QPainter(self)
        top = 0
        left, right = slider.x_of(LEARNING_RATE_RANGE[0]), slider.x_of(LEARNING_RATE_RANGE[1])
        monotone, critical = slider.bands()
        if critical is not None:
            edges = [left]
            colors = []
            if monotone is not None:
                edges.append(min(max(slider.x_of(monotone), left), right))
                colors.append(theme.current().band_colors["monotone"])
                colors.append(theme.current().band_colors["oscillating"])
            else:
                colors.append(theme.current().band_colors["converging"])
            edges.append(min(max(slider.x_of(critical), left), right))
            colors.append(theme.current().band_colors["diverging"])
            edges.append(right)
            for a, b, color in zip(edges, edges[1:], colors):
                if b > a:
                    painter.fillRect(QRectF(a, top, b - a, self.BAND), QColor(color))
        else:  # no rule: a plain strip, so the ticks still read as a scale
            painter.fillRect(QRectF(left, top, right - left, self.BAND), QColor(theme.current().band_colors["none"]))
        painter.setPen(QPen(QColor(theme.current().muted_color), 1))
        painter.setFont(self._label_font())
        metrics = painter.fontMetrics()
        free_from = -1e9  # where the last label drawn ends: a label that would touch it is left out
        for tick in TICKS:
            x = round(slider.x_of(tick))
            painter.drawLine(x, top, x, top + self.BAND + 3)
            if self._labels:
                text = f"{tick:g}"
                width = metrics.horizontalAdvance(text)
                # The first label starts at its tick (centred it would be cut off), the last stays inside.
                tx = x if tick == TICKS[0] else min(x - width / 2, self.width() - width)
                if tx >= free_from:
                    painter.drawText(int(tx), int(top + self.BAND + 3 + metrics.ascent()), text)
                    free_from = tx + width + metrics.horizontalAdvance("  ")
        painter.end()


class RunRow(QWidget):
    """One run's controls: its colour (and how it ended), its optimizer, its α as a slider
    and a number, and (for an added run) a button that removes it.

    ``index`` counts from 0; the first run's widgets are named ``optimizerInput``,
    ``learningRateSlider`` and ``learningRateInput``, the others' carry their run number
    (``learningRateSlider2`` …)."""

    optimizerChosen = Signal(int, str)  # (run index, optimizer kind)
    learningRateChosen = Signal(int, float)  # (run index, α)
    removeRequested = Signal(int)

    def __init__(self, index: int, parent=None):
        super().__init__(parent)
        self.index = index
        suffix = "" if index == 0 else str(index + 1)
        number = index + 1
        self.setObjectName(f"runRow{suffix}")
        self.color = theme.current().run_colors[index]
        self.swatch = named(QLabel("●"), f"runSwatch{suffix}", f"Run {number}: its colour and how it ended")
        font = self.swatch.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.swatch.setFont(font)
        self.swatch.setStyleSheet(f"color: {self.color}")
        self.optimizer_input = named(QComboBox(), f"optimizerInput{suffix}", f"Run {number}: optimizer")
        for kind in KINDS:
            self.optimizer_input.addItem(SHORT_NAMES[kind], kind)
            self.optimizer_input.setItemData(self.optimizer_input.count() - 1, NAMES[kind], Qt.ItemDataRole.ToolTipRole)
        # How the run stands, in words (shown while runs race: each row tells its own run).
        self.ending = named(QLabel(), f"runEnding{suffix}", f"Run {number}: how it stands")
        self.ending.setVisible(False)
        self._mark = ""  # how the run ended, on the swatch: ✓ ✗ – …
        self._ending_kind = ""  # its kind (a key of the theme's status_colors; "" under way)
        self.slider = named(LearningRateSlider(labels=index == 0), f"learningRateSlider{suffix}",
                             f"Run {number}: learning rate (log scale)")
        self.input = named(NumberBox("α"), f"learningRateInput{suffix}", f"Run {number}: learning rate")
        self.input.setRange(0.0001, LEARNING_RATE_MAX)  # the lesson's own bounds: a box never clips its α
        self.input.setSingleStep(0.001)
        self.input.setKeyboardTracking(False)
        self.remove_button = named(QToolButton(), f"removeRunButton{suffix}", f"Remove run {number}")
        self.remove_button.setText("×")
        self.remove_button.setToolTip(f"Remove run {number}")
        self.remove_button.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.swatch)
        layout.addWidget(self.optimizer_input)
        column = QVBoxLayout()
        column.setSpacing(0)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.slider)
        column.addWidget(self.slider.scale)
        layout.addLayout(column, 1)
        layout.addWidget(self.input)
        layout.addWidget(self.ending)
        layout.addWidget(self.remove_button)
        self.remove_button.setVisible(index > 0)  # the first run stays
        # In the first row, the remove button's place (shown while other rows are there) keeps
        # the sliders of all rows aligned.
        self.spacer = QWidget()
        self.spacer.setVisible(False)
        self.fit_widths()
        if index == 0:
            layout.addWidget(self.spacer)

        self.optimizer_input.activated.connect(lambda i: self.optimizerChosen.emit(self.index, self.optimizer_input.itemData(i)))
        # Three significant figures (what the entry then shows, and what runs): every step of
        # the slider is a new α, down to 0.001.
        self.slider.valueChanged.connect(
            lambda p: self.learningRateChosen.emit(self.index, float(f"{learning_rate_from_slider(p):.3g}")))
        self.input.valueChanged.connect(lambda v: self.learningRateChosen.emit(self.index, float(v)))
        self.remove_button.clicked.connect(lambda: self.removeRequested.emit(self.index))
        theme.changed.connect(self.apply_theme)

    def fit_widths(self) -> None:
        """The swatch, the optimizer menu, the α box and the ending as wide as their texts at
        the font they have now (presentation mode grows it): in a race six things share a
        row 400 px wide, and the slider gets what they leave."""
        swatch = "●" if not self.ending.isHidden() else "●✓"  # racing, the ending says ✓ in words
        self.swatch.setFixedWidth(QFontMetrics(self.swatch.font()).horizontalAdvance(swatch) + 2)
        metrics = self.optimizer_input.fontMetrics()
        self.optimizer_input.setFixedWidth(max(metrics.horizontalAdvance(n) for n in SHORT_NAMES.values()) + 32)
        # The α box as wide as α's usual digits (0.0001; a longer α scrolls inside it): the
        # number box's own room for ten digits left the slider no width beside a race's endings.
        box = self.input.fontMetrics()
        self.input.setFixedWidth(self.input.sizeHint().width() - box.horizontalAdvance(_BOX_ROOM)
                                 + box.horizontalAdvance("0.0001"))
        self.ending.setFixedWidth(ending_width(self.ending.fontMetrics()))
        self.remove_button.setFixedWidth(self.remove_button.fontMetrics().horizontalAdvance("×") + 12)
        self.spacer.setFixedWidth(self.remove_button.width())

    def set_racing(self, racing: bool) -> None:
        """Racing, the row tells how its run stands in words (:attr:`ending`)."""
        if racing != (not self.ending.isHidden()):
            self.ending.setVisible(racing)
            self.slider.setMinimumWidth(SLIDER_LEAST_WIDTH if racing else 0)
            self.swatch.setText("●" if racing else "●" + self._mark)
            self.fit_widths()

    def show_settings(self, kind: str, alpha: float) -> None:
        """Put the controls on the lesson's values (without echoing them back)."""
        # The slider only where its position does not already give α (its α is rounded to
        # three figures): the handle being dragged is never moved under the mouse.
        shown = [(self.input, alpha)] if self.input.value() != alpha else []
        if float(f"{learning_rate_from_slider(self.slider.value()):.3g}") != alpha:
            shown.append((self.slider, slider_from_learning_rate(alpha)))
        for widget, value in shown:
            widget.blockSignals(True)
            widget.setValue(value)
            widget.blockSignals(False)
        if self.optimizer_input.currentData() != kind:
            self.optimizer_input.setCurrentIndex(self.optimizer_input.findData(kind))

    def apply_theme(self) -> None:
        """The swatch, the ending and the bands in the current theme's colours (on :data:`theme.changed`)."""
        self.color = theme.current().run_colors[self.index]
        self.swatch.setStyleSheet(f"color: {self.color}")
        self.ending.setStyleSheet(self._ending_style())
        self.slider.update()
        self.slider.scale.update()

    def _ending_style(self) -> str:
        ink = theme.current()
        return f"color: {ink.status_colors.get(self._ending_kind, ink.status_text_color)}"

    def show_ending(self, status: str, message: str, run=None) -> None:
        """The swatch says how the run stands (✓ converged, ✗ diverged or undefined, – stalled
        where there is no minimum, … at the step limit); while runs race, :attr:`ending` says
        it in words (``run``: the lesson's run of this row; None, the row has no run)."""
        self._mark = {"converged": "✓", "diverged": "✗", "undefined": "✗", "stalled": "–", "max_steps": "…"}.get(status, "")
        swatch = "●" if not self.ending.isHidden() else "●" + self._mark
        if self.swatch.text() != swatch or self.swatch.toolTip() != message:  # every frame: only what changed
            self.swatch.setText(swatch)
            self.swatch.setToolTip(message)
        text, self._ending_kind = short_ending(run) if run is not None else ("", "")
        style = self._ending_style()
        # Each only when it changed: the text does every frame of a race ("step 41"), but a
        # style sheet set re-polishes the label (~0.3 ms, six rows a frame) and its colour
        # changes only with the run's kind.
        if self.ending.text() != text:
            self.ending.setText(text)
        if self.ending.toolTip() != message:
            self.ending.setToolTip(message)
        if self.ending.styleSheet() != style:
            self.ending.setStyleSheet(style)
