"""The source bar: what the descent runs on (a menu of the sources, in the surface's own
names), the panel's own f(x) (shown only for the own source) and its presets."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSizePolicy, QWidget

from ...core.lesson import parse_curve
from ...core.presets import curve_presets
from ..function_bar import FunctionBar
from ..widgets import named

SOURCE_ITEMS = (("own", "own f(x)"), ("slice-x", "slice along x"), ("slice-y", "slice along y"),
                ("coordinate", "coordinate descent"), ("surface", "descent on the surface"))
SOURCE_HELP = {
    "own": "Descent on the panel's own function of one variable",
    "slice-x": "Descent on the slice of the surface through the picked point along x: its slope is ∂f/∂x",
    "slice-y": "Descent on the slice of the surface through the picked point along y: its slope is ∂f/∂y",
    "coordinate": "Coordinate descent on the surface from the picked point: a step along x, then along y, in turn",
    "surface": "Descent on the surface itself from the picked point, with any optimizer and up to six runs racing; "
               "the plot shows f over the steps",
}


class SourceBar(QWidget):
    """One row: the source menu (:attr:`source_input`), the own f(x) (:attr:`function_bar`)
    and its presets."""

    sourceChosen = Signal(str)  # a source's key

    def __init__(self, function_text: str, parent=None):
        super().__init__(parent)
        self.presets = curve_presets()
        self.source_input = named(QComboBox(), "descentSourceInput", "What the descent runs on")
        for data, text in SOURCE_ITEMS:
            self.source_input.addItem(text, data)
            self.source_input.setItemData(self.source_input.count() - 1, SOURCE_HELP[data], Qt.ItemDataRole.ToolTipRole)
        self.function_bar = FunctionBar(
            function_text, parse=parse_curve, presets=[p.name for p in self.presets], prefix="descent",
            show_parsed=False, show_errors=False,
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.source_input)
        row.addWidget(self.function_bar, 1)
        row.addWidget(self.function_bar.presets)  # beside the source: a preset is an own f(x)
        self.function_bar.presets.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        row.addStretch(0)
        self.source_input.activated.connect(lambda i: self.sourceChosen.emit(self.source_input.itemData(i)))

    def show_source(self, source: str) -> None:
        """The menu on ``source``; the own f(x) shown only for it."""
        self.source_input.setCurrentIndex(self.source_input.findData(source))
        self.source_input.setToolTip(SOURCE_HELP[source])
        self.function_bar.setVisible(source == "own")
        self.fit_width()

    def name_sources(self, surface, own) -> None:
        """The menu says which slice, in the surface's own names: "slice along w: L(w, b₀)"."""
        a, b = surface.variable_names
        name = surface.name
        texts = {"slice-x": f"slice along {a}: {name}({a}, {b}₀)", "slice-y": f"slice along {b}: {name}({a}₀, {b})",
                 "coordinate": f"coordinate descent on {name}({a}, {b})", "surface": f"descent on {name}({a}, {b})",
                 "own": f"own {own.signature()}"}
        for data, text in texts.items():
            self.source_input.setItemText(self.source_input.findData(data), text)
        self.fit_width()

    def name_own(self, own) -> None:
        self.source_input.setItemText(self.source_input.findData("own"), f"own {own.signature()}")
        self.fit_width()

    def fit_width(self) -> None:
        """As wide as the entry shown: "own f(x)" leaves the row to the function's text, a
        slice's longer name has the row to itself (the bar is hidden then)."""
        combo = self.source_input
        text = combo.currentText()
        # A maximum, not a fixed width: the menu never makes the panel (so the window) wider.
        combo.setMinimumWidth(90)
        combo.setMaximumWidth(combo.fontMetrics().horizontalAdvance(text) + combo.iconSize().width() + 36)
