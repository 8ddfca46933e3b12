"""The function bar, driven by typing: parsed form, inline errors, the last good function kept."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from explorer.ui.function_bar import FunctionBar


def shown(label) -> str:
    """The label's text as the user reads it (rich text rendered to plain)."""
    doc = QTextDocument()
    doc.setHtml(label.text())
    return doc.toPlainText()


def make_bar(qtbot, text="3x^2 + 2xy + y^2"):
    bar = FunctionBar(text)
    qtbot.addWidget(bar)
    bar.show()
    qtbot.waitExposed(bar)
    return bar


def test_typing_a_function_shows_its_parsed_form(qtbot):
    bar = make_bar(qtbot, "")
    qtbot.keyClicks(bar.input, "f(x, y) = 3x^2 + 2xy + y^2")
    with qtbot.waitSignal(bar.functionParsed, timeout=2000):
        qtbot.keyClick(bar.input, Qt.Key.Key_Return)
    assert bar.parsed.text() == "f(x, y) = 3x² + 2xy + y²"
    assert not bar.error.isVisible()


def test_a_mistyped_function_names_the_column_and_keeps_the_last_good_one(qtbot):
    bar = make_bar(qtbot)
    good = bar.function
    bar.input.selectAll()
    qtbot.keyClicks(bar.input, "x +")
    qtbot.keyClick(bar.input, Qt.Key.Key_Return)
    assert bar.error.isVisible()
    assert "expected a term after '+' at column 3" in shown(bar.error)
    assert bar.function is good
    assert bar.parsed.text() == "f(x, y) = 3x² + 2xy + y²"


def test_typing_pauses_then_parses_without_enter(qtbot):
    bar = make_bar(qtbot)
    bar.input.selectAll()
    with qtbot.waitSignal(bar.functionParsed, timeout=3000) as blocker:
        qtbot.keyClicks(bar.input, "x sin(y)")
    assert str(blocker.args[0].expression) == "x*sin(y)"


def test_a_one_variable_function_is_a_surface_three_are_too_but_eleven_are_refused(qtbot):
    bar = make_bar(qtbot)
    bar.set_text("x^2")
    assert bar.function.variable_names == ("x", "y")
    bar.set_text("f(x, y, z) = x + y + z")  # two shown, z held (issue #24)
    assert not bar.error.isVisible() and bar.function.variable_names == ("x", "y", "z")
    bar.set_text("f(a, b, c, d, g, h, k, m, n, p, q) = a + q")
    assert bar.error.isVisible() and "at most 10" in shown(bar.error)
