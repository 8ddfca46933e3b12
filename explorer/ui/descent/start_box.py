"""The start: its box (``start x₀``) and the marker on the curve, bound to the lesson's start
(the own x₀, or the picked point's coordinate along a slice: the source says which).  A drag
of the marker is one undo step; an edit the lesson refuses puts both back on the start that
holds."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

from ..edit_actions import GestureStep
from ..widgets import NumberBox, named
from ...core.subscripts import shown_name

AT_THE_POINT = "Descent on the surface starts at the picked point: pick it on the surface"


class StartBox(QObject):
    """:attr:`name` and :attr:`input` (the box); ``curve_plot``'s start marker moves it too."""

    refused = Signal()  # the lesson refused a start: the panel shows the one that holds

    def __init__(self, lesson, curve_plot, parent=None):
        super().__init__(parent)
        self.lesson, self.marker = lesson, curve_plot.start_marker
        self.name = QLabel("start x₀")
        self.input = named(NumberBox("the start"), "startInput", "Starting point x₀")
        self.input.setRange(-1e4, 1e4)
        self.input.setSingleStep(0.1)
        self.input.setKeyboardTracking(False)
        self._drag = GestureStep(lesson.history)  # a drag of the start marker: one undo step
        curve_plot.startDragged.connect(self._drag.open)
        curve_plot.startDropped.connect(self._drag.close)
        curve_plot.startMoved.connect(self.move)
        self.input.valueChanged.connect(lambda v: self.move(float(v)))

    def move(self, value: float) -> None:
        """The start to ``value``: the panel's own x₀, or on a slice the picked point's coordinate."""
        lesson = self.lesson
        change = lesson.source.start_change(lesson.point, value)
        if change is not None and not lesson.try_update(**change):
            self.refused.emit()

    def show_source(self, source) -> None:
        """Editable where the source's start is (on the surface the point is picked there)."""
        self.marker.setVisible(source.start_editable)
        self.input.setEnabled(source.start_editable)
        self.input.setToolTip("" if source.start_editable else AT_THE_POINT)

    def name_variable(self, variable: str, accessible: bool = True) -> None:
        """``start w₀``: the variable the box sets (an indexed name as the book prints it,
        ``start w₁``: a second subscript, w₁₀, would read as w-sub-ten)."""
        name = shown_name(variable) if variable[-1:].isdigit() else f"{variable}₀"
        self.name.setText(f"start {name}")
        if accessible:
            self.input.setAccessibleName(f"Starting point {name}")

    def show_start(self, value: float) -> None:
        """The box on ``value`` (without echoing it back)."""
        self.input.blockSignals(True)
        self.input.setValue(value)
        self.input.blockSignals(False)
