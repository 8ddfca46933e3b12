"""The source bar: what the descent runs on (a menu of the sources, in the surface's own
names), the panel's own f(x) (shown only for a source that uses it) and its presets.

The menu is the registry's (:data:`~explorer.core.descent.registry.SOURCES`), each entry's
text and tooltip its source's: a new source needs nothing here."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSizePolicy, QWidget

from ...core.descent.registry import SOURCES, source
from ...core.lesson import parse_curve
from ...core.presets import curve_presets
from ..edit_actions import GestureStep
from ..function_bar import FunctionBar
from ..widgets import named

# The source whose function is the bar's own f(x) (where a preset goes).
OWN_KEY = next(source.key for source in SOURCES.values() if source.uses_own_curve)


class SourceBar(QWidget):
    """One row: the source menu (:attr:`source_input`), the own f(x) (:attr:`function_bar`)
    and its presets, bound to ``lesson``'s ``descent_source`` and ``descent_function``."""

    presetNote = Signal(str)  # what a preset chosen shows (the status's tooltip tells it)

    def __init__(self, lesson, parent=None):
        super().__init__(parent)
        self.lesson = lesson
        self.presets = curve_presets()
        self.source_input = named(QComboBox(), "descentSourceInput", "What the descent runs on")
        for each in SOURCES.values():
            self.source_input.addItem(each.label, each.key)
            self.source_input.setItemData(self.source_input.count() - 1, each.tooltip, Qt.ItemDataRole.ToolTipRole)
        self.function_bar = FunctionBar(
            lesson.descent_function, parse=parse_curve, presets=[p.name for p in self.presets], prefix="descent",
            show_parsed=False, show_errors=False,
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.source_input)
        row.addWidget(self.function_bar, 1)
        row.addWidget(self.function_bar.presets)  # beside the source: a preset is an own f(x)
        self.function_bar.presets.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        row.addStretch(0)
        self.source_input.activated.connect(lambda i: lesson.try_update(descent_source=self.source_input.itemData(i)))
        self.function_bar.functionParsed.connect(
            lambda _f: lesson.try_update(descent_function=self.function_bar.input.text()))
        self._typing = GestureStep(lesson.history).over_typing(self.function_bar.input)  # one undo step
        self.function_bar.presetChosen.connect(self._on_preset_chosen)

    def _on_preset_chosen(self, index: int) -> None:
        preset = self.presets[index]
        self.presetNote.emit(preset.note)
        self.lesson.try_update(descent_source=OWN_KEY, descent_function=preset.function, descent_range=preset.x_range,
                               start=preset.start, learning_rate=preset.learning_rate)

    def show_own_function(self) -> None:
        """The menu's names and the bar on the lesson's own f(x) (a new one, or the same)."""
        lesson = self.lesson
        self.name_sources(lesson.surface, lesson.own_curve)
        if lesson.source.uses_own_curve:
            self.function_bar.show_function(lesson.own_curve, lesson.descent_function)

    def show_source(self, key: str) -> None:
        """The menu on the source ``key``; the own f(x) shown only where it is used."""
        chosen = source(key)
        self.source_input.setCurrentIndex(self.source_input.findData(key))
        self.source_input.setToolTip(chosen.tooltip)
        self.function_bar.setVisible(chosen.uses_own_curve)
        self.fit_width()

    def name_sources(self, surface, own) -> None:
        """Each entry in the functions' own names ("slice along w: L(w, b₀)", "own g(t)")."""
        for each in SOURCES.values():
            self.source_input.setItemText(self.source_input.findData(each.key), each.title(surface, own))
        self.fit_width()

    def fit_width(self) -> None:
        """As wide as the entry shown: "own f(x)" leaves the row to the function's text, a
        slice's longer name has the row to itself (the bar is hidden then)."""
        combo = self.source_input
        text = combo.currentText()
        # A maximum, not a fixed width: the menu never makes the panel (so the window) wider.
        combo.setMinimumWidth(90)
        combo.setMaximumWidth(combo.fontMetrics().horizontalAdvance(text) + combo.iconSize().width() + 36)
