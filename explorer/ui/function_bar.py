"""The function bar: type or pick a function; see how it was read, or where it went wrong.

A bad edit shows its message and marks the column, and the last good function stays.
"""

from __future__ import annotations

import html
from typing import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from ..core.calculus import Function
from ..core.expression import ParseError
from ..core.lesson import LessonError, parse_surface
from . import theme
from .widgets import NarrowLabel


class FunctionBar(QWidget):
    """A line edit (``functionInput``), an optional preset menu, the parsed form and errors.

    ``parse`` turns text into a :class:`Function` or raises :class:`LessonError` /
    :class:`ParseError` with the column: the lesson's own rules (``parse_surface`` for the
    surface, where ``x^2`` is still a function of x and y; ``parse_curve`` for the descent
    panel's f(x)), so the bar and the lesson can never disagree on what parses.
    Emits :attr:`functionParsed` with the Function each time new text parses.
    """

    functionParsed = Signal(object)  # Function
    presetChosen = Signal(int)
    errorShown = Signal(str)  # what is wrong with the text, with its column

    def __init__(
        self,
        text: str,
        *,
        parse: Callable[[str], Function] = parse_surface,
        presets: list[str] = (),
        prefix: str = "",
        show_parsed: bool = True,
        show_errors: bool = True,
        parent=None,
    ):
        super().__init__(parent)
        self._parse = parse
        self._show_errors = show_errors  # else the owner tells errorShown's message
        self._prefix = prefix
        self.function: Function | None = None
        self._paint_error: Callable[[], None] | None = None  # draws the error shown (in the current theme)

        self.input = QLineEdit(text, self)
        self.input.setCursorPosition(0)  # a narrow box shows the start of what it holds
        self.input.setObjectName(f"{prefix}functionInput" if not prefix else f"{prefix}FunctionInput")
        self.input.setAccessibleName("Function")
        self.input.setPlaceholderText("type a function, e.g. 3x^2 + 2xy + y^2")
        self.input.setClearButtonEnabled(True)
        self.input.setToolTip(
            "Type a function: ^ for powers, implicit products (2xy), sin cos tan exp ln sqrt abs …\n"
            "Declare names with f(x, y) = … or L(w, b) = …   Press Enter to apply now."
        )
        self.presets = QComboBox(self)
        self.presets.setObjectName(f"{prefix}presetMenu" if not prefix else f"{prefix}PresetMenu")
        self.presets.setAccessibleName("Preset functions")
        self.presets.addItem("Presets…")
        self.presets.addItems(list(presets))
        self.presets.setVisible(bool(presets))
        # As wide as "Presets…", not as its longest name: the menu opens wide enough anyway.
        self.presets.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.presets.setMinimumContentsLength(7)
        self.presets.activated.connect(self._on_presets_activated)

        self.parsed = NarrowLabel(self)
        self.parsed.setObjectName(f"{prefix}parsedFunction" if not prefix else f"{prefix}ParsedFunction")
        self.parsed.setAccessibleName("Function as read")
        self.parsed.setTextFormat(Qt.TextFormat.PlainText)
        self.parsed.setWordWrap(True)
        self.parsed.setVisible(show_parsed)
        self.error = NarrowLabel(self)
        self.error.setObjectName(f"{prefix}functionError" if not prefix else f"{prefix}FunctionError")
        self.error.setAccessibleName("Function error")
        self.error.setTextFormat(Qt.TextFormat.RichText)
        self.error.setWordWrap(True)
        self.error.hide()

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.input, 1)
        row.addWidget(self.presets)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.parsed)
        layout.addWidget(self.error)

        # Parse while typing, but only once the typing pauses: sympy work per keystroke
        # would make the field lag.
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.apply)
        self.input.textEdited.connect(lambda _text: self._debounce.start())
        self.input.returnPressed.connect(self.apply)
        theme.changed.connect(self._on_theme_changed)
        self.apply()

    # ------------------------------------------------------------------ behaviour
    def set_text(self, text: str) -> None:
        """Replace the text (as if typed) and apply it at once."""
        self.input.setText(text)
        self.apply()

    def apply(self) -> bool:
        """Parse the current text; on success emit functionParsed, else show the error."""
        self._debounce.stop()
        text = self.input.text()
        try:
            function = self._parse(text)
        except LessonError as error:
            self._show_error(text, ParseError(error.message, error.column))
            return False
        except ParseError as error:
            if self.function is not None and text == self.function.text:  # the data's loss as a sum, shown, not typed
                return True
            self._show_error(text, error)
            return False
        except Exception as error:  # noqa: BLE001 - nothing may raise into the event loop
            self._show_error(text, ParseError(f"cannot use this function ({type(error).__name__})", None))
            return False
        self._paint_error = None
        self.error.hide()
        self.input.setStyleSheet("")
        self.function = function
        self.parsed.setText(function.equation())
        self.functionParsed.emit(function)
        return True

    def show_function(self, function: Function, text: str) -> None:
        """Show a function the lesson took from elsewhere (a preset, a file), as if typed,
        without announcing it again."""
        self._debounce.stop()
        if self.input.text() != text:
            self.input.setText(text)
            self.input.setCursorPosition(0)  # a narrow box shows the start: "f(x) = …"
        self.function = function
        self._paint_error = None
        self.error.hide()
        self.error.clear()  # gone, not kept hidden in the colours of the theme it was said in
        self.input.setStyleSheet("")
        self.parsed.setText(function.equation())

    def show_refusal(self, message: str, kept: Function) -> None:
        """The lesson refused what was typed (it parsed, but cannot be shown): say why, and
        read out the function that stays (the typed text stays, to be corrected)."""
        self.function = kept
        self.parsed.setText(kept.equation())

        def paint() -> None:
            self.error.setText(f"<span style='color:{theme.current().error_color}'>⚠ {html.escape(message, quote=False)}</span>")

        self._paint_error = paint
        paint()
        self.error.show()

    def _show_error(self, text: str, error: ParseError) -> None:
        message = html.escape(error.message, quote=False)
        i = error.column - 1 if error.column is not None and 1 <= error.column <= len(text) + 1 else None
        kept = " — still showing the last good function." if self.function is not None else ""

        def paint() -> None:  # in the current theme's red (again on a theme change)
            red = theme.current().error_color
            marked = ""
            if i is not None:
                # At most 24 characters either side of the mistake: a long input without spaces
                # cannot wrap, and would widen the window.
                lo, hi = max(0, i - 24), min(len(text), i + 25)
                bad = html.escape(text[i], quote=False) if i < len(text) else "&nbsp;"
                marked = (
                    "<span style='font-family: monospace'>"
                    + ("…" if lo > 0 else "") + html.escape(text[lo:i], quote=False)
                    + f"<span style='background:{red}; color:white'>{bad}</span>"
                    + html.escape(text[i + 1 : hi], quote=False) + ("…" if hi < len(text) else "")
                    + "</span><br>"
                )
            self.error.setText(f"{marked}<span style='color:{red}'>⚠ {message}{kept}</span>")
            self.input.setStyleSheet(f"QLineEdit {{ border: 2px solid {red}; }}")

        self._paint_error = paint
        paint()
        if i is not None:
            self.input.setCursorPosition(i)
        self.error.setVisible(self._show_errors)
        self.errorShown.emit(error.message + kept)

    def _on_theme_changed(self) -> None:
        if self._paint_error is not None:
            self._paint_error()

    def _on_presets_activated(self, index: int) -> None:
        if index > 0:
            self.presetChosen.emit(index - 1)
            self.presets.setCurrentIndex(0)
