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


def choose_item(combo, data) -> None:
    """Pick the entry of a combo box whose data is ``data`` with the arrow keys, as a student
    at the keyboard would (each key press chooses the next entry)."""
    from PySide6.QtTest import QTest

    target = combo.findData(data)
    assert target >= 0, data
    combo.setFocus()
    for _ in range(combo.count()):
        if combo.currentIndex() == target:
            break
        QTest.keyClick(combo, Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up)
    assert combo.currentIndex() == target


def make_window(qtbot, width: int = 1440, height: int = 900, settle_ms: int = 60):
    """The main window at ``width``×``height``, shown and laid out (the docks are split one
    event-loop turn after the first show)."""
    from explorer.ui import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(settle_ms)
    return window


def make_active_window(qtbot, width: int = 1440, height: int = 900):
    """:func:`make_window`, made the active window: its shortcuts (Space, →, Ctrl+3 …) work."""
    from PySide6.QtWidgets import QApplication

    window = make_window(qtbot, width, height)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def type_function(qtbot, window, text: str) -> None:
    """Type ``text`` over the surface's function, as a student would, and press Return."""
    from PySide6.QtCore import Qt

    box = window.function_bar.input
    box.selectAll()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)
