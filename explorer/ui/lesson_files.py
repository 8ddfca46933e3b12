"""The window's lesson files and sessions: File ▸ New, Open, Open recent, Save, Save as, and
the lesson kept between launches.

A file that is not a lesson is refused with a message and the lesson stays as it was; a
saved lesson holds what only the widgets know (the camera, the panes shown) so it opens to
the same view.  Messages go to the window's status bar (``window.say``).
"""

from __future__ import annotations

import traceback
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ..core.datafile import read_text, shown
from ..core.lesson import LessonError
# core.lesson_file is imported where a lesson file or the last session is read or written (late):
# the default lesson's first frame (no last session) needs neither.
from .settings_store import SettingsStore

__all__ = ["LessonFiles", "RECENT_LESSONS", "LESSON_FILTER", "settings"]

RECENT_LESSONS = 8  # File ▸ Open Recent
LESSON_FILTER = "Lessons (*.json);;All files (*)"


def settings() -> SettingsStore:
    """Where the window keeps its layout between launches (plain text only: see settings_store)."""
    return SettingsStore()


class LessonFiles(QObject):
    """The lesson files of ``window`` (a :class:`~explorer.ui.main_window.MainWindow`)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.lesson = window.lesson
        self._path: Path | None = None

    @property
    def path(self) -> Path | None:
        """The file the lesson was last opened from or saved to (None: not saved yet)."""
        return self._path

    def set_path(self, path: Path | None) -> None:
        self._path = path
        name = path.name if path is not None else "untitled lesson"
        self.window.setWindowTitle(f"{name}[*] — Gradient Explorer")
        self.window.setWindowModified(False)

    def take_view_into_lesson(self) -> None:
        """What only the widgets know (the camera, the panes shown) into the lesson, so a
        saved lesson opens to the same view."""
        w = self.window
        shown_panes = [pane for pane, dock in w.docks.items() if not dock.isHidden()] if w.isVisible() else self.lesson.panes
        try:
            self.lesson.update(camera=w.surface_view.camera(), panes=shown_panes)
        except LessonError:  # a camera beyond the lesson's limits: the lesson keeps the one it had
            self.lesson.try_update(panes=shown_panes)

    def save_lesson(self, path) -> bool:
        """Save the lesson (with the camera and the panes shown) to ``path``; on failure show
        why and return False."""
        from ..core.lesson_file import LessonFileError, write_lesson

        path = Path(path)
        self.take_view_into_lesson()
        try:
            write_lesson(path, self.lesson)
        except LessonFileError as error:
            self.window.say(f"⚠ {error.message}")
            return False
        return self._now_at(path, f"Saved {shown(path.name)}")

    def open_lesson(self, path) -> bool:
        """Open the lesson file at ``path``: exactly the saved view back.  A file that is not
        a lesson (not JSON, wrong types, a function that does not parse, too large …) is
        refused with a message and the current lesson stays as it was: returns False."""
        from ..core.lesson_file import LessonFileError, load_lesson

        path = Path(path)
        try:
            load_lesson(self.lesson, path)
        except LessonFileError as error:
            self.window.say(f"⚠ {shown(path.name)} was not opened: {error.message}. The lesson is as it was.")
            return False
        except Exception as error:  # noqa: BLE001 - a file never takes the window down, nor leaves an old message
            traceback.print_exc()
            self.window.say(f"⚠ {shown(path.name)} was not opened: it could not be read as a lesson "
                            f"({type(error).__name__}). The lesson is as it was.")
            return False
        return self._now_at(path, f"Opened {shown(path.name)}")

    def _now_at(self, path: Path, said: str) -> bool:
        """The lesson is the file at ``path`` now (saved or opened): its title, Open recent."""
        self.set_path(path)
        self.lesson.history.mark_clean()  # undo back to here: no unsaved changes
        self._remember_recent(path)
        self.window.say(said)
        return True

    def new_lesson(self) -> None:
        """File ▸ New: the default lesson, as on a first launch."""
        w = self.window
        self.lesson.load_settings({})
        self.set_path(None)
        self.lesson.history.mark_clean()
        # A refused text ("3x^2 +") and its error stay in a bar whose function did not change
        # (the lesson kept the default): New clears both bars whatever changed.
        w.function_bar.show_function(self.lesson.function, self.lesson.function.text)
        w.surface_pane.forget_refusal()  # (`explorer --function sign(x)`: its note, on an unchanged default)
        w.forget_status_refusal()
        w.descent_panel.forget_refused_text()
        if (direction := w.made_pane("direction")) is not None:  # a pane not made yet has nothing typed
            direction.forget_typed()

    def ask_new(self) -> None:
        if self.may_discard():
            self.new_lesson()

    def may_discard(self) -> bool:
        """Before New or Open replaces an edited lesson: save it, drop it, or stay."""
        w = self.window
        if not w.isWindowModified():
            return True
        name = self._path.name if self._path else "this lesson"
        answer = QMessageBox.question(
            w, "Unsaved changes", f"Save the changes to {name} first?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            self.save()
            return not w.isWindowModified()
        return answer == QMessageBox.StandardButton.Discard

    def open_dialog(self) -> None:
        if not self.may_discard():
            return
        start = str(self._path.parent) if self._path else ""
        path, _ = QFileDialog.getOpenFileName(self.window, "Open a lesson", start, LESSON_FILTER)
        if path:
            self.open_lesson(path)

    def save(self) -> None:
        if self._path is None:
            self.save_as()
        else:
            self.save_lesson(self._path)

    def save_as(self) -> None:
        start = str(self._path) if self._path else "lesson.json"
        path, _ = QFileDialog.getSaveFileName(self.window, "Save the lesson", start, LESSON_FILTER)
        if path:
            if not Path(path).suffix:
                path += ".json"
            self.save_lesson(path)

    def recent_lessons(self) -> list[str]:
        return settings().strings("lessons/recent")[:RECENT_LESSONS]

    def _remember_recent(self, path: Path) -> None:
        text = str(path.resolve())
        store = settings()
        store.set_strings("lessons/recent", [text, *[p for p in self.recent_lessons() if p != text]][:RECENT_LESSONS])
        store.sync()

    def fill_recent_menu(self) -> None:
        menu = self.window.recent_menu
        menu.clear()
        paths = self.recent_lessons()
        for path in paths:
            action = menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.setEnabled(Path(path).is_file())
            action.triggered.connect(lambda _checked=False, p=path: self.may_discard() and self.open_lesson(p))
        if not paths:
            menu.addAction("(no lessons yet)").setEnabled(False)

    def remember_session(self) -> None:
        """The lesson as it is now, for the next launch (:meth:`restore_session`)."""
        from ..core.lesson_file import lesson_text

        self.take_view_into_lesson()
        store = settings()
        store.setValue("lessons/last", lesson_text(self.lesson))
        store.setValue("lessons/last_path", str(self._path) if self._path else "")
        store.sync()

    def restore_session(self) -> bool:
        """Reopen where the teacher left off (the last lesson as it was when the window
        closed); False, and the default lesson, when there is none or it cannot be read."""
        w = self.window
        store = settings()
        text = store.text("lessons/last")
        if not text:
            return False
        from ..core.lesson_file import LessonFileError, lesson_text, parse_lesson_text

        try:
            self.lesson.load_settings(parse_lesson_text(text))
        except (LessonFileError, LessonError) as error:
            w.say(f"⚠ The last lesson could not be reopened ({getattr(error, 'message', error)}): "
                  f"the default lesson instead.")
            return False
        path = store.text("lessons/last_path")
        self.set_path(Path(path) if path else None)
        # Edited after its last save? Then the title says so (the file on disk is older).
        # Read as any lesson file is: a pipe or /dev/zero there neither blocks nor fills memory.
        try:
            saved = read_text(self._path, "lesson", LessonFileError) if self._path else None
        except LessonFileError:
            saved = None
        w.setWindowModified(saved != lesson_text(self.lesson))
        if not w.isWindowModified():
            self.lesson.history.mark_clean()
        return True
