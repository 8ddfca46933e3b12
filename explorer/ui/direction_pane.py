"""The Direction pane: the slope of f in any direction u at the point, and why ∇f is the steepest.

θ typed in degrees, or a direction typed as ``1, 1`` (normalised, and said so), the arrow
keys on the dial, a click or drag on the dial, or "Snap to steepest" (u = ∇f/|∇f|) set the
lesson's ``direction``; the pane then shows the lesson's line D_u f = ∇f·u = … with its
numbers, what it means against ∇f, the dial (:mod:`.direction_dial`) and, with the tangent
plane on, the plane as a linear model checked by a step h along u.  Every sentence comes
from :mod:`explorer.core.direction_readout`; every text area has a fixed height, so nothing
moves under the mouse when the numbers change.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ..core.direction_readout import DEFAULT_STEP, DirectionError, dial_at, direction_text, snapped_degrees, typed_direction
from ..core.lesson import Field, Lesson
from . import theme
from .direction_dial import DirectionDial
from .edit_actions import GestureStep
from .widgets import NumberBox, WrappedLabel, named

__all__ = ["DirectionPane"]

ANGLE_RANGE = (-3600.0, 3600.0)  # degrees a student may type (the lesson keeps θ in [0°, 360°))
STEP_RANGE = (-10.0, 10.0)  # h along u, function units


def _text(name: str, accessible: str, lines: int) -> WrappedLabel:
    """A steady label: always ``lines`` tall (see :class:`WrappedLabel`), selectable."""
    label = named(WrappedLabel(max_lines=lines, steady=True), name, accessible)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DirectionPane(QWidget):
    """A view of the lesson's ``direction`` (θ) at its point, and the control that sets it."""

    def __init__(self, lesson: Lesson, parent=None):
        super().__init__(parent)
        self.setObjectName("directionPanel")
        self.lesson = lesson
        self.angle_input = named(NumberBox("θ"), "directionAngleInput", "Direction θ in degrees")
        self.angle_input.setRange(*ANGLE_RANGE)
        self.angle_input.setSingleStep(1.0)
        self.angle_input.setSuffix("°")
        self.angle_input.setToolTip("θ in degrees, counter-clockwise from +x: u = (cos θ, sin θ)")
        self.vector_input = named(QLineEdit(), "directionVectorInput", "Direction as a vector")
        self.vector_input.setPlaceholderText("1, 1")
        self.vector_input.setToolTip("A direction as a vector, such as 1, 1 or (3, 4): it is normalised to length 1")
        self.snap_button = named(QPushButton("Snap to steepest"), "snapSteepestButton", "Snap to steepest")
        self.snap_button.setToolTip("Turn u to ∇f/|∇f|, the steepest way up")
        self.said = _text("directionSaid", "What was typed", 1)
        self.dial = DirectionDial()
        self.slope_line = _text("directionalLine", "Directional derivative", 2)
        self.meaning = _text("directionalMeaning", "The slope against the gradient", 2)
        self.plane_formula = _text("planeFormula", "The tangent plane as a linear model", 2)
        self.step_input = named(NumberBox("h"), "planeStepInput", "Step along u")
        self.step_input.setRange(*STEP_RANGE)
        self.step_input.setSingleStep(0.05)
        self.step_input.setValue(DEFAULT_STEP)
        self.step_input.setToolTip("h: how far to step from the point along u, to check the plane against f")
        self.step_check = _text("planeStepCheck", "Exact value, plane and error", 2)
        self.descent_check = _text("planeDescentCheck", "Predicted and real decrease of a descent step", 2)

        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(QLabel("θ"))
        top.addWidget(self.angle_input, 2)  # room for a snapped angle written in full (30.9637565…°)
        top.addWidget(QLabel("or u ∥"))
        top.addWidget(self.vector_input, 1)
        top.addWidget(self.snap_button)
        plane = QGridLayout()
        plane.setContentsMargins(0, 0, 0, 0)
        plane.addWidget(self.plane_formula, 0, 0, 1, 3)
        plane.addWidget(QLabel("step h along u"), 1, 0)
        plane.addWidget(self.step_input, 1, 1)
        plane.setColumnStretch(2, 1)
        plane.addWidget(self.step_check, 2, 0, 1, 3)
        plane.addWidget(self.descent_check, 3, 0, 1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.said)
        layout.addWidget(self.dial)
        layout.addWidget(self.slope_line)
        layout.addWidget(self.meaning)
        layout.addLayout(plane)
        layout.addStretch(1)

        self._dial_for = None  # (surface, point) the dial was computed for
        self._said_kind = ""  # "refused": the said line is in the error colour
        self._said_for = None  # the θ the said line is about: another θ, and it is over
        self.angle_input.valueChanged.connect(self._angle_typed)
        self.angle_input.refused.connect(self.show_refusal)
        self.vector_input.returnPressed.connect(self._vector_typed)
        self.snap_button.clicked.connect(self.snap_to_steepest)
        self.dial.turned.connect(self.turn_to)
        self._drag = GestureStep(lesson.history)  # a drag on the dial, press to release, is one undo step
        self.dial.drag_started.connect(self._drag.open)
        self.dial.drag_ended.connect(self._drag.close)
        self.step_input.valueChanged.connect(lambda _value: self.refresh())
        lesson.events.connect_fields({Field.FUNCTION, Field.MESH, Field.POINT, Field.DIRECTION, Field.TANGENT_PLANE,
                                      Field.LEARNING_RATE}, self._on_lesson_changed)
        theme.changed.connect(self._apply_theme)
        self.refresh()

    # ------------------------------------------------------------------ what the student does
    def turn_to(self, degrees: float) -> bool:
        """Make θ = ``degrees`` the lesson's direction (False, said here, if refused)."""
        return self.lesson.try_update(direction=float(degrees))

    def snap_to_steepest(self) -> None:
        """u = ∇f/|∇f|; where there is none (a corner, a flat spot) the pane says why."""
        try:
            degrees = snapped_degrees(self.lesson.surface, self.lesson.point)
        except DirectionError as error:
            self._say(f"⚠ {error.message}", "refused")
            return
        if self.turn_to(degrees):
            self._say("u = ∇f/|∇f|: the steepest way up", "")

    def _angle_typed(self, value: float) -> None:
        if value != self.lesson.direction and self.turn_to(value):
            self._say("", "")

    def _vector_typed(self) -> None:
        try:
            direction, said = typed_direction(self.vector_input.text())
        except DirectionError as error:  # the text stays, to be fixed; θ is kept
            self._say(f"⚠ {error.message}: θ stays {self.lesson.direction:g}°", "refused")
            return
        if self.turn_to(direction.degrees):
            self._say(said, "")

    def forget_typed(self) -> None:
        """File ▸ New: what was typed and said here goes (a vector, a refusal, the step h),
        as on a first launch."""
        self.vector_input.clear()
        self.step_input.setValue(DEFAULT_STEP)
        self.angle_input.setValue(self.lesson.direction)  # (ends a refusal the lesson's θ did not change)
        self._say("", "")

    def show_refusal(self, message: str) -> None:
        """A refused edit of ``direction`` (the window routes it here)."""
        self._say(f"⚠ {message}", "refused")

    # ------------------------------------------------------------------ what the pane shows
    def _on_lesson_changed(self, _changed: frozenset) -> None:
        # (a bound method: the lesson holds it weakly, as long as this pane lives)
        if not self.isVisible():  # closed: its dial is redrawn when it is shown, not at every edit
            self._stale = True
            return
        self.refresh()

    def showEvent(self, event) -> None:
        if getattr(self, "_stale", False):
            self._stale = False
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        lesson = self.lesson
        surface, point, degrees = lesson.surface, lesson.point, lesson.direction
        if self._dial_for != (surface, point):
            self._dial_for = (surface, point)
            self.dial.show_dial(dial_at(surface, point), surface.name)
        self.dial.show_theta(degrees)
        if self._said_for is not None and self._said_for != degrees:
            self._say("", "")
        if self.angle_input.value() != degrees and not self.angle_input.refusing:
            self.angle_input.blockSignals(True)  # showing the lesson's θ is not typing one
            self.angle_input.setValue(degrees)
            self.angle_input.blockSignals(False)
        text = direction_text(surface, point, degrees, plane_on=lesson.tangent_plane, step=self.step_input.value(),
                              learning_rate=lesson.learning_rate)
        self.slope_line.setText(text.line)
        self.meaning.setText(text.meaning)
        self.plane_formula.setText(text.plane)
        self.step_input.setEnabled(lesson.tangent_plane)
        self.step_check.setText(text.step)
        self.descent_check.setText(text.descent)

    def _say(self, message: str, kind: str) -> None:
        self._said_kind = kind
        self._said_for = self.lesson.direction if message else None
        self.said.setText(message)
        self._apply_theme()

    def _apply_theme(self) -> None:
        t = theme.current()
        color = t.error_color if self._said_kind == "refused" else t.muted_color
        self.said.setStyleSheet(f"color: {color};")
