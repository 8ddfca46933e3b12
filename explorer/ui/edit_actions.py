"""Edit ▸ Undo and Redo over the lesson's own history (:mod:`explorer.core.history`).

The actions only call :meth:`Lesson.undo` / :meth:`Lesson.redo`: every view follows the
lesson's ordinary ``changed`` event, so no widget has undo code of its own.  Their text says
what they would undo ("Undo learning rate") and they are disabled when there is nothing to.

What is left to the widgets is saying where a gesture of many edits begins and ends, so it
is one step (:class:`GestureStep`): a slider from press to release, a marker's drag, a burst
of typing in a function bar (from the first key to Enter or leaving the box).

A text box keeps Ctrl+Z for itself while it holds typing of its own not yet taken by the
lesson (QLineEdit's own undo); once the lesson has what it shows, Ctrl+Z is the lesson's
(:meth:`EditActions.box_keeps`): type a function, press Enter, press Ctrl+Z, and the old
function comes back in the bar and on the surface.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractSlider, QAbstractSpinBox, QApplication, QLineEdit, QMainWindow, QMenu, QWidget

from ..core.history import History
from ..core.lesson import Field, Lesson

__all__ = ["EditActions", "GestureStep", "redo_keys"]


def redo_keys() -> list[QKeySequence]:
    """The platform's Redo keys (Ctrl+Shift+Z here) and Ctrl+Y, which Windows users reach for.
    (Asked once a QApplication exists: the platform's key bindings come from it.)"""
    keys = list(QKeySequence.keyBindings(QKeySequence.StandardKey.Redo))
    if QKeySequence("Ctrl+Y") not in keys:
        keys.append(QKeySequence("Ctrl+Y"))
    return keys


class GestureStep:
    """One undo step for a gesture made of many edits: :meth:`open` at its first edit (again
    is harmless), :meth:`close` at its end.  An undo in the middle of the gesture closes the
    history's group; the next :meth:`open` then starts a new one."""

    def __init__(self, history: History):
        self.history = history
        self._generation: int | None = None

    def open(self) -> None:
        if self._generation is not None and self._generation == self.history.generation and self.history.grouping:
            return
        self.history.begin_group()
        self._generation = self.history.generation

    def close(self) -> None:
        if self._generation is not None and self._generation == self.history.generation:
            self.history.end_group()
        self._generation = None

    def over_slider(self, slider: QAbstractSlider) -> "GestureStep":
        """A drag of ``slider``'s handle, press to release, is this one step."""
        slider.sliderPressed.connect(self.open)
        slider.sliderReleased.connect(self.close)
        return self

    def over_typing(self, box: QLineEdit) -> "GestureStep":
        """What is typed in ``box`` until Enter or leaving it is this one step (a function
        bar applies its text whenever typing pauses)."""
        box.textEdited.connect(lambda _text: self.open())
        box.editingFinished.connect(self.close)
        return self


class EditActions(QObject):
    """The Edit menu of ``window`` (inserted after File when there is one): Undo and Redo of
    ``lesson``.  With ``own_menu`` False only the actions are made (the window's menus place
    them)."""

    def __init__(self, window: QMainWindow, lesson: Lesson, before: QMenu | None = None, own_menu: bool = True):
        super().__init__(window)
        self.lesson = lesson
        self.undo_action = QAction("&Undo", window)
        self.undo_action.setObjectName("undoAction")
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(lambda _checked=False: lesson.undo() and self._show_saved())
        self.redo_action = QAction("&Redo", window)
        self.redo_action.setObjectName("redoAction")
        self.redo_action.setShortcuts(redo_keys())
        self.redo_action.triggered.connect(lambda _checked=False: lesson.redo() and self._show_saved())
        if own_menu:  # (a window with declared actions places them itself: see actions.py)
            self.menu = QMenu("&Edit", window)
            self.menu.setObjectName("editMenu")
            self.menu.addActions([self.undo_action, self.redo_action])
            bar = window.menuBar()
            if before is not None:
                bar.insertMenu(before.menuAction(), self.menu)
            else:
                bar.addMenu(self.menu)
        # Also on the window itself: the keys work with the menu bar hidden (presentation mode).
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            window.addAction(action)
        lesson.history.events.changed.connect(self._show_history)
        lesson.events.changed.connect(self._on_lesson_changed)
        self._show_history()

    def _show_history(self) -> None:
        history = self.lesson.history
        for action, verb, label in ((self.undo_action, "Undo", history.undo_label),
                                    (self.redo_action, "Redo", history.redo_label)):
            action.setEnabled(label is not None)
            action.setText(f"&{verb} {label}" if label else f"&{verb}")
            keys = ", ".join(key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts())
            action.setToolTip(f"{verb} {label or ''} ({keys})".replace("  ", " "))

    def _show_saved(self) -> None:
        # Undone back to the lesson as saved: no unsaved changes (the title loses its *).
        # (Away from it, the window marks an edit of the lesson's content as usual.)
        if self.lesson.history.is_clean:
            self.parent().setWindowModified(False)

    def _on_lesson_changed(self, changed: frozenset) -> None:
        # The box being typed in has had its text taken by the lesson: from now on Ctrl+Z
        # undoes that edit, not the keys that made it (see box_keeps).
        if changed != {Field.RUN}:
            box = _line_edit(QApplication.focusWidget())
            if box is not None:
                box.setModified(False)

    def move_camera(self, label: str, move) -> None:
        """Reset view, Top view: ``move()`` turns the view's camera, as an undoable edit.
        Where the camera was is written into the lesson first (an orbit is no edit), so Undo
        turns it back there."""
        view, lesson = self.parent().surface_view, self.lesson
        with lesson.history.paused():
            lesson.try_update(camera=view.camera())
        move()
        with lesson.history.group(label, view=True):
            lesson.try_update(camera=view.camera())

    @staticmethod
    def box_keeps(widget: QWidget, event: QKeyEvent) -> bool | None:
        """For a key about to be a shortcut in ``widget``: True when ``widget`` is a text box
        that keeps this Undo or Redo key for its own typing, False when the key is the lesson's
        Undo or Redo, None when the key is neither."""
        undo = event.matches(QKeySequence.StandardKey.Undo)
        redo = event.matches(QKeySequence.StandardKey.Redo)
        if not (undo or redo):
            return None
        box = _line_edit(widget)
        if box is None or box.isReadOnly():
            return False
        return box.isModified() and box.isUndoAvailable() if undo else box.isRedoAvailable()


def _line_edit(widget: QWidget | None) -> QLineEdit | None:
    if isinstance(widget, QLineEdit):
        return widget
    if isinstance(widget, QAbstractSpinBox):
        return widget.lineEdit()
    return None
