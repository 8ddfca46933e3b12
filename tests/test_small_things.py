"""#19 item 15, small things a teacher notices: File ▸ New clears a refused function and
its error; a slide has a caption (the function and the point)."""

from PySide6.QtCore import Qt

from explorer.core.lesson import Lesson
from helpers import make_window, type_function


def test_new_after_a_refused_function_clears_the_bar_and_its_error(qtbot):
    window = make_window(qtbot, 1024, 768)
    type_function(qtbot, window, "3x^2 +")  # refused: the lesson keeps its function
    bar = window.function_bar
    assert bar.error.isVisible() and bar.input.text() == "3x^2 +"
    own = window.descent_panel.function_bar
    own.input.selectAll()
    qtbot.keyClicks(own.input, "x^")
    qtbot.keyClick(own.input, Qt.Key.Key_Return)
    assert own.input.text() == "x^" and own.input.styleSheet()  # marked wrong
    window.new_action.trigger()
    assert window.lesson == Lesson()
    assert bar.input.text() == Lesson().function and not bar.error.isVisible() and bar.input.styleSheet() == ""
    assert own.input.text() == Lesson().descent_function and own.input.styleSheet() == ""
    assert "⚠" not in window.descent_panel.status.full_text()
