"""The lesson's undo history: what its settings were before and after each committed edit.

Qt-free.  :class:`History` keeps two bounded stacks of :class:`Step`.  The lesson records a
step at its single commit point (:meth:`~explorer.core.lesson.Lesson.update`), from its own
settings before and after the edit, so every edit of every view — a typed function, a range,
a click on the surface, a run added, the quiz's *Show me* — is undoable the same way, and an
edit the lesson refuses records nothing.  Conventions:

- A step holds the settings the edit changed (flat setting names, the lesson's own values:
  str, float, int, bool, tuples, a Camera), as they were before and after.  Undoing restores
  ``before`` through the lesson's ordinary update (views follow its ``changed`` event); as
  every edit is recorded, N undos give the lesson of N edits ago exactly (``to_dict()`` equal).
- A group (:meth:`begin_group` … :meth:`end_group`, or ``with history.group():``) makes every
  edit between its ends one step: a slider dragged from press to release, a burst of typing.
  Groups nest; a group that ends where it began records nothing.  An edit made inside
  :meth:`merging` joins the last step when it changes the same settings (a held key's repeats).
- How the lesson is looked at — :data:`VIEW_FIELDS`, the camera and the panes — changes
  without edits (an orbit, a closed pane; the quiz's place likewise, with each answer) and is written into the lesson only when it is
  saved: it is recorded only inside ``group(view=True)`` (Reset view, Top view), and the steps
  of other edits leave it alone.
- While :meth:`paused` (an undo or redo being applied, a lesson file replacing the lesson)
  nothing is recorded.
- ``events.changed`` is emitted whenever what can be undone or redone changes (a menu's
  "Undo function" follows it).
- :meth:`mark_clean` notes the lesson as saved; :attr:`is_clean` says whether undo and redo
  have brought it back there (a window's "unsaved changes" mark follows it).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping

from psygnal import Signal, SignalGroup

from .lesson_schema import VIEW_FIELDS

__all__ = ["History", "HistoryEvents", "Step", "LIMIT", "VIEW_FIELDS", "label_for"]

LIMIT = 200  # steps kept: a lesson's worth of edits (a step is a few small values)
# VIEW_FIELDS (declared in the schema): how the lesson is looked at (the camera, the panes)
# and where the student is in the quiz (an answer is not something to undo: Ctrl+Z after
# Show me and an answer gives the student's function back, not the question).

# What an edit of each setting is called in the Edit menu ("Undo learning rate"); when one
# edit changes several, the first of this order names it (a preset changes the function, the
# ranges and the point: "function"; a narrower range that moves the point: "range").
_NAMES = {
    # The data first: an edit of them re-forms the function too, but it is the data's edit.
    "data_drives": "training on the data",
    "data": "data",
    "model": "model",
    "function": "function",
    "descent_function": "f(x)",
    "descent_source": "descent source",
    "x_range": "range",
    "y_range": "range",
    "descent_range": "f(x)'s range",
    "resolution": "resolution",
    "shown": "shown variables",
    "point": "point",
    "held": "held value",
    "held_follow": "held sliders following",
    "direction": "direction",
    "start": "start",
    "optimizer": "optimizer",
    "learning_rate": "learning rate",
    "more_runs": "runs",
    "contours": "contour lines",
    "tangent_plane": "tangent plane",
    "snap": "snapping",
    "slope_triangles": "slope triangles",
    "downhill": "downhill arrow",
    "level_curve": "level curve",
    "gradient_field": "gradient field",
    "speed": "speed",
    "camera": "view",
    "panes": "panes",
    "batch": "batch size",
    "seed": "seed",
    "schedule": "schedule",
}


def label_for(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    """What an edit from ``before`` to ``after`` (the settings it changed) is called."""
    name = next((n for n in _NAMES if n in before), None)
    if name is None:
        return "edit"
    if name == "more_runs":
        old, new = before[name], after[name]
        if len(new) > len(old):
            return "add run"
        if len(new) < len(old):
            return "remove run"
        if [kind for kind, _ in old] != [kind for kind, _ in new]:
            return "optimizer"
        return "learning rate"
    return _NAMES[name]


@dataclass(frozen=True)
class Step:
    """One undoable edit: ``before`` and ``after`` map each setting it changed to its value."""

    label: str
    before: Mapping[str, Any]
    after: Mapping[str, Any]


@dataclass
class _Open:
    """A group being recorded: the first value of each setting it changed, and the latest."""

    label: str | None
    view: bool
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)


class HistoryEvents(SignalGroup):
    changed = Signal()  # what can be undone or redone changed


class History:
    """Undo and redo stacks of at most ``limit`` steps each (the oldest are dropped)."""

    def __init__(self, limit: int = LIMIT):
        self.events = HistoryEvents()
        self.limit = int(limit)
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self._depth = 0  # groups open
        self._group: _Open | None = None
        self._paused = 0
        self._merge = False
        self._last: Step | None = None  # the step the last edit made (what a repeat may join)
        self._generation = 0  # counts the groups closed: tells a gesture its group was closed for it
        self._clean: tuple[Step | None] | None = None  # the last step when saved (None: never saved)

    # ------------------------------------------------------------------ reading
    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_label(self) -> str | None:
        """What Undo would undo ("function", "learning rate" …), or None."""
        return self._undo[-1].label if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    def __len__(self) -> int:
        """Steps that can be undone."""
        return len(self._undo)

    @property
    def recording(self) -> bool:
        """Whether an edit now would be recorded (not while paused)."""
        return not self._paused

    @property
    def grouping(self) -> bool:
        """Whether a group is open."""
        return self._depth > 0

    @property
    def generation(self) -> int:
        """How many outermost groups have closed (or the history was cleared): a gesture that
        opened a group can tell whether it is still the one open."""
        return self._generation

    def mark_clean(self) -> None:
        """The lesson as it is now is the saved one."""
        self._clean = (self._undo[-1] if self._undo else None,)

    @property
    def is_clean(self) -> bool:
        """Whether the lesson is as it was at :meth:`mark_clean` (by undo and redo)."""
        return self._clean is not None and self._clean[0] is (self._undo[-1] if self._undo else None)

    # ------------------------------------------------------------------ recording
    def record(self, before: Mapping[str, Any], after: Mapping[str, Any]) -> None:
        """One committed edit: the lesson's settings just before it and just after it (full
        snapshots or only what changed; only what differs is kept)."""
        if self._paused:
            return
        view = self._group is not None and self._group.view
        changed = {name for name in after if before.get(name) != after[name] and (view or name not in VIEW_FIELDS)}
        if not changed:
            return
        merge = self._merge
        if self._group is not None:
            for name in changed:
                self._group.before.setdefault(name, before[name])
                self._group.after[name] = after[name]
            return
        old = {name: before[name] for name in changed}
        new = {name: after[name] for name in changed}
        if merge and self._undo and self._undo[-1] is self._last and set(self._last.before) == changed:
            top = self._undo.pop()
            old = dict(top.before)
        self._push(old, new, None)

    def begin_group(self, label: str | None = None, *, view: bool = False) -> None:
        """Every edit until the matching :meth:`end_group` is one step (named ``label``, or
        after what it changed); ``view``: the camera and panes it sets are part of it."""
        self._depth += 1
        if self._depth == 1:
            self._group = _Open(label, view)

    def end_group(self) -> None:
        """Close a group (one without a begin, e.g. a release after an undo closed it, is ignored)."""
        if self._depth == 0:
            return
        self._depth -= 1
        if self._depth == 0:
            self._close()

    def end_groups(self) -> None:
        """Close every open group (before an undo: a step half recorded cannot be undone)."""
        if self._depth:
            self._depth = 0
            self._close()

    @contextlib.contextmanager
    def group(self, label: str | None = None, *, view: bool = False) -> Iterator[None]:
        """``with history.group(): …`` — :meth:`begin_group` and :meth:`end_group`."""
        self.begin_group(label, view=view)
        try:
            yield
        finally:
            self.end_group()

    @contextlib.contextmanager
    def merging(self) -> Iterator[None]:
        """An edit inside joins the last step when it changes the same settings (a held key's
        repeats: one step for the whole press)."""
        self._merge = True
        try:
            yield
        finally:
            self._merge = False

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """Edits inside record nothing (an undo being applied, a lesson being loaded)."""
        self._paused += 1
        try:
            yield
        finally:
            self._paused -= 1

    def clear(self) -> None:
        """Forget every step (a new lesson, a lesson opened from a file)."""
        self._depth, self._group, self._merge, self._last = 0, None, False, None
        self._generation += 1
        self._clean = None
        if self._undo or self._redo:
            self._undo.clear()
            self._redo.clear()
            self.events.changed.emit()

    # ------------------------------------------------------------------ undoing
    def take_undo(self) -> Step | None:
        """The step to undo, moved onto the redo stack (None: nothing to undo).  The caller
        restores its ``before``; :meth:`put_back` if that fails."""
        return self._move(self._undo, self._redo)

    def take_redo(self) -> Step | None:
        """The step to redo, moved back onto the undo stack (None: nothing to redo)."""
        return self._move(self._redo, self._undo)

    def _move(self, source: list, target: list) -> Step | None:
        self.end_groups()
        if not source:
            return None
        step = source.pop()
        target.append(step)
        self._last = None
        self.events.changed.emit()
        return step

    def put_back(self, step: Step, undone: bool) -> None:
        """Return a step :meth:`take_undo` (``undone``) or :meth:`take_redo` took, when the
        lesson could not apply it."""
        source, target = (self._redo, self._undo) if undone else (self._undo, self._redo)
        if source and source[-1] is step:
            source.pop()
            target.append(step)
            self.events.changed.emit()

    # ------------------------------------------------------------------ internals
    def _close(self) -> None:
        self._generation += 1
        group, self._group = self._group, None
        if group is None:
            return
        changed = [name for name in group.after if group.before[name] != group.after[name]]
        if changed:  # a drag that came back where it began is no step
            self._push({n: group.before[n] for n in changed}, {n: group.after[n] for n in changed}, group.label)

    def _push(self, before: dict, after: dict, label: str | None) -> None:
        if before == after:  # merged back to where it began
            self._last = None
            self.events.changed.emit()
            return
        self._last = Step(label or label_for(before, after), before, after)
        self._undo.append(self._last)
        del self._undo[: max(0, len(self._undo) - self.limit)]
        self._redo.clear()  # a new edit after undos: the undone steps cannot be redone
        self.events.changed.emit()
