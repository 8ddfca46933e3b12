"""Adding a pane is one registry entry and its module: the window gives it a dock, a View ▸
toggle with its key, a row in Help, a place in a saved lesson's panes, and the refusals of the
fields it owns."""

from PySide6.QtWidgets import QDockWidget, QLabel

from explorer.core import lesson_schema as lesson_module
from explorer.ui import panes


class NotesPane(QLabel):
    """A pane as small as a pane can be: made from the lesson, saying what is refused of it."""

    def __init__(self, lesson):
        super().__init__("Notes for the lesson")
        self.setObjectName("notesPanel")

    def show_refusal(self, message: str) -> None:
        self.setText(f"⚠ {message}")


def test_a_pane_declared_in_the_registry_is_in_the_window(qtbot, monkeypatch, tmp_path):
    notes = panes.Pane("notes", "✎  Notes", "notes_panel", NotesPane, "Ctrl+7", "the notes", owns=frozenset({"quiz"}))
    monkeypatch.setattr(panes, "PANES", (*panes.PANES, notes))
    monkeypatch.setattr(lesson_module, "PANES", (*lesson_module.PANES, "notes"))  # a lesson may list it as shown
    from explorer.ui import MainWindow

    window = MainWindow()
    window.remembers = False
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    dock = window.findChild(QDockWidget, "notesDock")
    assert dock is window.notes_dock
    assert dock.isHidden()  # not among the default lesson's panes…
    assert not dock.made  # …so not made until first shown (#25)
    toggle = next(a for a in window.view_menu.actions() if a.text() == "Notes")
    assert toggle.shortcut().toString() == "Ctrl+7"
    assert "Ctrl+7\tshow or hide the notes" in window.shortcuts_text().splitlines()
    toggle.trigger()
    qtbot.waitUntil(dock.isVisible)
    assert dock.widget().widget() is window.notes_panel and window.notes_panel.isVisible()  # made as it is shown

    # Shown, it is saved in the lesson's panes; a lesson that hides it hides it.
    assert window.save_lesson(tmp_path / "notes.json") and "notes" in window.lesson.panes
    window.lesson.update(panes=("readout", "descent"))
    qtbot.waitUntil(dock.isHidden)

    # A refused edit of the field it owns is said there, not in the descent panel.
    descent_before = window.descent_panel.status.full_text()
    assert not window.lesson.try_update(quiz="question seven")
    assert window.notes_panel.text().startswith("⚠ ") and window.descent_panel.status.full_text() == descent_before
    window.close()
