"""The held variables follow the run, or stay put: the lesson's ``held_follow``, beside the held sliders.

Shown only while the runs descend all n > 2 variables (descent on the surface of a function
of more than two), after "held at:".  Its tooltip names them and says what the drawing
means either way: the path is the n-dimensional path seen over the shown pair, each point at
the height of f at that step, so it lies on the drawn surface only where the held values are
the step's — with the held variables following, the leading run's point always is.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox

from ...core.lesson import Field, Lesson
from ...core.subscripts import shown_names
from ..widgets import named

__all__ = ["FollowBox"]

_SHOWS = {Field.HELD_FOLLOW, Field.FUNCTION, Field.SHOWN, Field.DESCENT_SOURCE, Field.CURVE}


def _listed(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


class FollowBox(QCheckBox):
    """A check box bound to ``lesson.held_follow`` (shown for a descent in all n > 2 variables)."""

    def __init__(self, lesson: Lesson, parent=None):
        super().__init__(parent)
        named(self, "heldFollowInput", "Held variables follow the run")
        self.lesson = lesson
        self.toggled.connect(lambda on: self.lesson.try_update(held_follow=bool(on)))
        lesson.events.connect_fields(_SHOWS, self._on_lesson_changed)
        self.show_lesson()

    def _on_lesson_changed(self, _changed: frozenset) -> None:
        self.show_lesson()

    @property
    def applies(self) -> bool:
        """Whether the runs descend all the variables of a function of more than two."""
        lesson = self.lesson
        return lesson.curve is lesson.function and len(lesson.function.variable_names) > 2

    def show_lesson(self) -> None:
        lesson = self.lesson
        self.setVisible(self.applies)
        if not self.applies:
            return
        held = shown_names(lesson.held_names)
        x, y = shown_names(lesson.shown)
        f = lesson.function.name
        self.setText("follow the run")  # after "held at:"
        self.setToolTip(
            f"The runs step in all {len(lesson.function.variable_names)} variables. Their paths are drawn over ({x}, {y}), "
            f"each point at the height of {f} at that step, so a point lies on the surface only where the held "
            f"{_listed(held)} are the step's.\n"
            f"Checked: the held sliders follow the first run, the surface re-forms to the slice it stands on, and "
            f"its point is on it.\nUnchecked: the sliders stay put; the surface is the slice at their values "
            f"and the paths float above or below it.")
        if self.isChecked() != lesson.held_follow:
            self.blockSignals(True)  # showing the lesson's setting is not a click
            self.setChecked(lesson.held_follow)
            self.blockSignals(False)
