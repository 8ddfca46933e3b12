"""What a student does with the keyboard and menus, shared by the GUI tests."""

from PySide6.QtCore import Qt


def type_into(qtbot, box, text: str) -> None:
    """Select a spin box's text, type ``text`` and press Enter, as a student would."""
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), text)
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)


def choose_preset(function_bar, starting_with: str) -> None:
    """Pick the preset whose menu text starts with ``starting_with``."""
    menu = function_bar.presets
    index = next(i for i in range(menu.count()) if menu.itemText(i).startswith(starting_with))
    menu.setCurrentIndex(index)
    menu.activated.emit(index)
