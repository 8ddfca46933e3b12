"""The surface's choice of variables for a function of more than two: which two are drawn
(two menus, the x-axis's and the y-axis's) and where each other variable is held (a slider
and a number box per held variable, labelled with its name).

A view of the lesson like every control (``shown`` and ``held``): a slider moved re-forms
the surface live (each value an edit; press to release one undo step), a number typed is
taken exactly as typed (:class:`~explorer.ui.widgets.NumberBox`).  Hidden for a function
of two variables: the app looks as it always has.
"""

from __future__ import annotations

import math
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QSlider, QVBoxLayout, QWidget,
)

from ..core.lesson import Lesson
from ..core.notation import format_value
from ..core.subscripts import shown_name
from .descent.follow_box import FollowBox
from .edit_actions import GestureStep
from .widgets import NumberBox, named

__all__ = ["HeldSliders", "slider_step"]

STEPS = 120  # about this many slider positions across a held variable's span
COLUMNS = 2  # held variables side by side: eight fit in four rows at 1024×768
VISIBLE_ROWS = 2  # rows shown before the sliders scroll (the surface keeps its room)


def slider_step(span: float) -> Decimal:
    """A round step (1, 2 or 5 × 10ᵏ) near ``span`` / STEPS: a slider's positions are its
    multiples, so every value a drag gives prints short (0.05, not 0.049999…)."""
    raw = span / STEPS
    exponent = math.floor(math.log10(raw))
    for mantissa in (1, 2, 5, 10):
        if mantissa * 10.0**exponent >= raw * 0.999:
            return Decimal(mantissa).scaleb(exponent)
    return Decimal(10).scaleb(exponent)  # pragma: no cover - the loop always returns


class _HeldRow:
    """One held variable's label, slider and number box (widgets placed by the caller)."""

    def __init__(self, owner: "HeldSliders", index: int):
        self.owner, self.index = owner, index
        self.label = QLabel()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setMinimumWidth(70)
        self.box = NumberBox("the held value", fit_value=True)  # a run's value shown whole
        self.box.setRange(-1e6, 1e6)
        self.box.setKeyboardTracking(False)
        self.step = Decimal(1)
        self.gesture = GestureStep(owner.lesson.history).over_slider(self.slider)
        self.slider.valueChanged.connect(self._on_slider)
        self.box.valueChanged.connect(self._on_box)
        self.box.refused.connect(owner.refused_number)

    def name(self, name: str) -> None:
        self.variable = name
        self.label.setText(shown_name(name))  # w₁ as the book prints it
        named(self.slider, f"heldSlider_{name}", f"Value {name} is held at (slider)")
        named(self.box, f"heldBox_{name}", f"Value {name} is held at")
        self.label.setObjectName(f"heldName_{name}")

    def show(self, value: float, span: tuple[float, float]) -> None:
        """The lesson's value, on a slider spanning ``span`` (widened to hold the value)."""
        lo, hi = min(span[0], value), max(span[1], value)
        self.step = slider_step(hi - lo)
        for widget in (self.slider, self.box):
            widget.blockSignals(True)
        self.slider.setRange(math.floor(lo / float(self.step)), math.ceil(hi / float(self.step)))
        self.slider.setSingleStep(1)
        self.slider.setPageStep(10)
        self.slider.setValue(round(value / float(self.step)))
        self.box.setValue(value)
        for widget in (self.slider, self.box):
            widget.blockSignals(False)
        self.slider.setToolTip(f"{self.label.text()} = {format_value(value)}")

    def _on_slider(self, position: int) -> None:
        if self.slider.isSliderDown():
            self.gesture.open()
        self.owner.set_held(self.index, float(self.step * position))

    def _on_box(self, value: float) -> None:
        self.owner.set_held(self.index, value)


class HeldSliders(QWidget):
    """The shown pair's menus and the held variables' sliders, a view of ``lesson``."""

    def __init__(self, lesson: Lesson, parent=None):
        super().__init__(parent)
        self.setObjectName("heldSliders")
        self.lesson = lesson
        self.x_menu = named(QComboBox(), "shownXMenu", "Variable along the surface's x-axis")
        self.y_menu = named(QComboBox(), "shownYMenu", "Variable along the surface's y-axis")
        for menu in (self.x_menu, self.y_menu):
            menu.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.x_menu.activated.connect(lambda index: self._choose(0, index))
        self.y_menu.activated.connect(lambda index: self._choose(1, index))
        self.rows: list[_HeldRow] = []
        self.refusal = QLabel()  # a number a box refused, said beside the sliders
        self.refusal.setObjectName("heldRefusal")
        self.refusal.setWordWrap(True)
        self.refusal.hide()

        menus = QHBoxLayout()
        menus.setContentsMargins(0, 0, 0, 0)
        self.held_title = QLabel()
        self.follow_box = FollowBox(lesson)  # "☑ follow the run": held_follow, while descent steps every variable
        for widget in (QLabel("x-axis"), self.x_menu, QLabel("y-axis"), self.y_menu, self.held_title, self.follow_box):
            menus.addWidget(widget)
        menus.addStretch(1)
        self.grid_widget = QWidget()
        self.grid = QGridLayout(self.grid_widget)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setVerticalSpacing(2)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.grid_widget)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # As tall as VISIBLE_ROWS rows where there is room, one row where the window is short
        # (a 1024×768 screen with the readout's n partials beside): the rest scrolls.
        self.scroll.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(menus)
        layout.addWidget(self.scroll)
        layout.addWidget(self.refusal)
        lesson.events.connect_fields({"function", "shown", "held", "x_range", "y_range"}, self._on_lesson_changed)
        self.show_lesson()

    # ------------------------------------------------------------------ control → lesson
    def _choose(self, axis: int, index: int) -> None:
        """A menu chose a variable for ``axis``; the one on the other axis, if it is the same,
        takes this axis's old variable (the same variable cannot be both axes)."""
        names = self.lesson.function.variable_names
        shown = list(self.lesson.shown)
        chosen = names[index]
        if shown[1 - axis] == chosen:
            shown[1 - axis] = shown[axis]
        shown[axis] = chosen
        self.lesson.try_update(shown=tuple(shown))

    def set_held(self, index: int, value: float) -> None:
        """Hold the ``index``-th held variable at ``value`` (one edit)."""
        held = list(self.lesson.held)
        if index >= len(held) or held[index] == value:
            return
        held[index] = value
        if self.lesson.try_update(held=tuple(held)):
            self.refusal.hide()

    def refused_number(self, message: str) -> None:
        self.refusal.setText(f"⚠ {message}")
        self.refusal.show()

    # ------------------------------------------------------------------ lesson → view
    def _on_lesson_changed(self, _changed: frozenset) -> None:
        self.show_lesson()

    def show_lesson(self) -> None:
        """The menus, the rows and their values as the lesson has them; hidden for two variables."""
        lesson = self.lesson
        names = lesson.function.variable_names
        self.setVisible(len(names) > 2)
        if len(names) <= 2:
            return
        for menu, name in zip((self.x_menu, self.y_menu), lesson.shown):
            menu.blockSignals(True)
            if [menu.itemText(i) for i in range(menu.count())] != list(names):
                menu.clear()
                for name_ in names:
                    menu.addItem(shown_name(name_), name_)
            menu.setCurrentIndex(names.index(name))
            menu.blockSignals(False)
        held_names = lesson.held_names
        self.held_title.setText("  held at:" if held_names else "")
        self._make_rows(held_names)
        span = (min(lesson.x_range[0], lesson.y_range[0]), max(lesson.x_range[1], lesson.y_range[1]))
        for row, value in zip(self.rows, lesson.held):
            row.show(value, span)

    def _make_rows(self, held_names: tuple[str, ...]) -> None:
        while len(self.rows) < len(held_names):
            row = _HeldRow(self, len(self.rows))
            r, c = divmod(row.index, COLUMNS)
            self.grid.addWidget(row.label, r, 3 * c, Qt.AlignmentFlag.AlignRight)
            self.grid.addWidget(row.slider, r, 3 * c + 1)
            self.grid.addWidget(row.box, r, 3 * c + 2)
            self.rows.append(row)
        for i, row in enumerate(self.rows):
            visible = i < len(held_names)
            for widget in (row.label, row.slider, row.box):
                widget.setVisible(visible)
            if visible and getattr(row, "variable", None) != held_names[i]:
                row.name(held_names[i])
        for c in range(COLUMNS):
            self.grid.setColumnStretch(3 * c + 1, 1)
        used_rows = max(1, math.ceil(len(held_names) / COLUMNS))
        row_height = max(self.rows[0].box.sizeHint().height(), self.rows[0].slider.sizeHint().height()) + 2
        self.scroll.setMinimumHeight(row_height + 2)
        self.scroll.setMaximumHeight(min(used_rows, VISIBLE_ROWS) * row_height + 2)
