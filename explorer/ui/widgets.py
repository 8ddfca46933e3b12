"""Small widgets the panes share."""

from __future__ import annotations

import re
from decimal import Decimal

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QPalette, QValidator
from PySide6.QtWidgets import QApplication, QDoubleSpinBox, QLabel, QLayout, QSpinBox, QStyle, QToolButton, QToolTip, QWidget

from . import theme
from ..core.typed_number import NotANumber, parse_number, read_number, write_number

# QDoubleSpinBox rounds every value it is given to its decimals (2.00004 held as 2.0 at 4):
# at Qt's maximum (DBL_MAX_10_EXP + DBL_DIG) it holds every double a box's range takes as it is.
_EVERY_DIGIT = 323
# … all but the tiniest: below this it keeps fewer than 17 digits (1e-320 would not be held
# as typed), so a box refuses a number nearer 0 than this rather than hold another.
_TINIEST = 1e-300
# A number box is at least as wide as this text (what "-1000.0000" took at 4 decimals): its
# numbers are no longer padded to a number of decimals, and 0.00001 must still show whole.
_ROOM = "-0.0000000"


def named(widget, name: str, accessible: str):
    """``widget`` with its object name (what tests and style sheets find it by) and the name
    a screen reader says."""
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


class _Refusing:
    """What both number boxes share: they show the value they hold in full
    (:func:`~explorer.core.typed_number.write_number`), commit exactly the number typed
    (:func:`~explorer.core.typed_number.parse_number`: scientific notation, either decimal
    separator) on Enter or on leaving the box, and refuse anything else whole: never a
    character dropped, a comma taken for a thousands separator, a digit rounded off or a
    number clamped.  A refusal says why beside the box (and through ``refused``) and keeps
    both the value and the text typed, in a red frame, for the person to fix."""

    refused = Signal(str)

    def _setup_refusing(self, name: str) -> None:
        self._what = name
        self.setCorrectionMode(QDoubleSpinBox.CorrectionMode.CorrectToPreviousValue)
        self.setKeyboardTracking(False)  # the value is what Enter (or leaving the box) commits, not each digit
        self._checked = None  # the text last said about (a key may reach the box and its line edit)
        self.refusing = False  # the last number typed was refused (the box keeps its value, in red)
        self._own_tip = ""  # the box's own tooltip, back when the refusal is over
        self._typing_range = (self.minimum(), self.maximum())  # what may be typed (see setRange)
        self.lineEdit().installEventFilter(self)
        self.lineEdit().textEdited.connect(lambda _text: setattr(self, "_checked", None))
        theme.changed.connect(self._paint_refusal)

    # Checked before Qt's own handling, which would put the previous value back in the text.
    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._check_typed()
            if self.refusing:
                event.ignore()  # the text stays to be fixed; a dialog's default button still hears Enter
                return
        super().keyPressEvent(event)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.lineEdit() and event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._check_typed()
        return super().eventFilter(watched, event)

    def focusOutEvent(self, event) -> None:
        self._check_typed()
        typed = self.lineEdit().text()
        super().focusOutEvent(event)  # Qt puts the value's text back …
        if self.refusing:
            self.lineEdit().setText(typed)  # … but a refused text stays, to be fixed

    @property
    def typing_range(self) -> tuple[float, float]:
        """(lowest, highest) that may be typed (Qt's own range widens to show a value held
        beyond it, a lesson file's α of 0.00001, but typing stays within this)."""
        return self._typing_range

    def setRange(self, lo, hi) -> None:
        """What may be typed: a number beyond it is refused with this range as the reason."""
        self._typing_range = (lo, hi)
        super().setRange(lo, hi)

    def setValue(self, value) -> None:
        """Show ``value`` (the lesson's) as it is, also beyond what may be typed (a lesson
        file's α of 0.00001, a range to 5000): Qt would clamp it, and show a number the
        lesson does not hold.  What was refused before is over."""
        lo, hi = self._typing_range
        wanted = (min(lo, value), max(hi, value))
        if (self.minimum(), self.maximum()) != wanted:  # (a new range lays the window out again: only when needed)
            held = self.value()
            super().setRange(min(wanted[0], held), max(wanted[1], held))  # neither value clamped on the way
            super().setValue(value)
            super().setRange(*wanted)
        else:
            super().setValue(value)
        self._end_refusal()

    def stepBy(self, steps: int) -> None:
        """The arrows step from the number typed (if it is taken) or held, in the step's own
        decimals: 2.00004 + 0.1 is 2.10004, not 2.1000400000000003."""
        body = self._text_of_number(self.lineEdit().text())
        base = self.value()
        if body != self.textFromValue(base):  # typed, not yet committed
            self._check_typed()
            if self.refusing:
                return
            base = parse_number(body)
        stepped = min(max(self._stepped(base, steps), self.minimum()), self.maximum())
        self.setValue(stepped)
        if self.style().styleHint(QStyle.StyleHint.SH_SpinBox_SelectOnStep, None, self):
            self.selectAll()

    def _stepped(self, value, steps: int):
        return value + steps * self.singleStep()

    def _text_of_number(self, text: str) -> str:
        for affix in (self.prefix(), self.suffix()):
            if affix:
                text = text.replace(affix, "")
        return text.strip()

    def _refusal(self, body: str) -> str | None:
        """Why ``body`` cannot be this box's value, or None if it can."""
        try:
            value = parse_number(body)
        except NotANumber as error:
            return f"{error}: {self._what} stays {self.textFromValue(self.value())}"
        if not self._whole_ok(value):
            return f"{self._what} must be a whole number: {body} was not taken"
        if 0 < abs(value) < _TINIEST:
            return f"{self._what} must be 0 or at least {_TINIEST:g} from it: {body} was not taken"
        lo, hi = self._typing_range
        if not lo <= value <= hi and value != self.value():  # (Enter on a held value changes nothing)
            return (f"{self._what} must be between {self.textFromValue(lo)} and "
                    f"{self.textFromValue(hi)}: {body} was not taken")
        return None

    def validate(self, text: str, pos: int):
        # Never Invalid: an Invalid key press is dropped from the text, and the rest would be
        # committed as if typed ("1/2" as 12).  What cannot be taken is refused whole on Enter.
        if self._refusal(self._text_of_number(text)) is None:
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos

    def fixup(self, text: str) -> str:
        return text  # Qt's own fixup deletes the locale's group separator: "2,7" became 27

    def _check_typed(self) -> None:
        body = self._text_of_number(self.lineEdit().text())
        if body == self._checked:
            return
        self._checked = body
        message = self._refusal(body)
        if message is None:
            self._end_refusal()
            return
        if not self.refusing:
            self._own_tip = self.toolTip()
        self.refusing = True
        self._paint_refusal()
        self.setToolTip(message)
        QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), message, self)
        self.refused.emit(message)

    def _paint_refusal(self) -> None:
        """A refused box's border in the current theme's error colour (again on :data:`theme.changed`)."""
        if self.refusing:
            self.setStyleSheet(f"QAbstractSpinBox {{ border: 2px solid {theme.current().error_color}; }}")

    def _end_refusal(self) -> None:
        if self.refusing:
            self.refusing = False
            self.setStyleSheet("")
            self.setToolTip(self._own_tip)

    def _whole_ok(self, value: float) -> bool:
        return True


class NumberBox(_Refusing, QDoubleSpinBox):
    """A QDoubleSpinBox that holds, shows and commits numbers exactly (see :class:`_Refusing`)."""

    def __init__(self, what: str, parent=None, fit_value: bool = False):
        super().__init__(parent)
        self._setup_refusing(what)
        self.setDecimals(_EVERY_DIGIT)  # before any range or value is set, or they are rounded
        # Fitted: at least as wide as the value it shows (a run's 0.9039207900000001 whole, never
        # cut), for a box whose values come from the lesson rather than from a short range.
        self._fit_value = fit_value

    def valueFromText(self, text: str) -> float:
        value = read_number(self._text_of_number(text))
        return self.value() if value is None else value

    def textFromValue(self, value: float) -> str:
        return write_number(value)

    def _stepped(self, value: float, steps: int) -> float:
        return float(Decimal(repr(value)) + steps * Decimal(repr(self.singleStep())))

    def sizeHint(self) -> QSize:
        return self._roomy(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._roomy(super().minimumSizeHint())

    def setValue(self, value) -> None:
        shown = self.text()
        super().setValue(value)
        if self._fit_value and self.text() != shown:
            self.updateGeometry()  # the layout asks the new text's width

    def _roomy(self, hint: QSize) -> QSize:
        metrics = self.fontMetrics()
        widest = max(metrics.horizontalAdvance(self.textFromValue(v)) for v in (self.minimum(), self.maximum()))
        needed = metrics.horizontalAdvance(_ROOM)
        if self._fit_value:  # (+ a digit's room: the cursor and the frame's inner margin)
            needed = max(needed, metrics.horizontalAdvance(self.textFromValue(self.value()) + "0"))
        hint.setWidth(hint.width() + max(0, needed - widest))
        return hint


class WholeBox(_Refusing, QSpinBox):
    """A QSpinBox that refuses 2,7 and 1001 beyond its range rather than reading 27 or 100."""

    def __init__(self, what: str, parent=None):
        super().__init__(parent)
        self._setup_refusing(what)

    def _whole_ok(self, value: float) -> bool:
        return float(value).is_integer()

    def valueFromText(self, text: str) -> int:
        value = read_number(self._text_of_number(text))
        return self.value() if value is None or not float(value).is_integer() else int(value)

    def _stepped(self, value: float, steps: int) -> int:
        return int(value) + steps * self.singleStep()

    def textFromValue(self, value: int) -> str:
        return str(value)  # the locale's digits and group separators would not read back


NARROWEST = 60  # px: the most width a label of user text may demand of its layout


class NarrowLabel(QLabel):
    """A label of text the user typed (or that comes from it): it takes the room it is
    given and never asks for more than NARROWEST px, so no text widens the window."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        hint.setWidth(min(hint.width(), NARROWEST))
        return hint

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        hint.setWidth(min(hint.width(), 8 * NARROWEST))
        return hint


def update_geometry_up(widget: QWidget) -> None:
    """``widget.updateGeometry()``, carried up to its window also before the window's first
    show.  Qt stops at a hidden widget, and every child of a window not shown yet is hidden:
    the layouts above kept the size hints they had cached, and the first show laid the pane
    out at the old size, then again at the new one (#25: the descent plot resized twice
    before the first frame)."""
    widget.updateGeometry()
    while not widget.isVisible() and not widget.isWindow():  # (from a shown widget on, Qt carries it itself)
        parent = widget.parentWidget()
        if parent is None:
            return
        if parent.layout() is not None:
            for layout in (parent.layout(), *parent.layout().findChildren(QLayout)):  # (the one holding it may be nested)
                layout.invalidate()
        parent.updateGeometry()
        widget = parent


class WrappedLabel(QLabel):
    """A word-wrapping label that asks for the height its text needs at its width.

    A plain wrapping QLabel asks for one line as its minimum, and the main window's dock
    layout never asks heightForWidth: a second line would be cut off.  This one makes its
    minimum the wrapped height, so its pane grows (and the window keeps everything whole).
    """

    def __init__(self, text: str = "", parent=None, max_lines: int | None = None, steady: bool = False):
        super().__init__(text, parent)
        self.setWordWrap(True)
        # Steady: always ``max_lines`` tall, so the buttons and sliders around it never move
        # when its text takes more or fewer lines (a click meant for Play must hit Play).
        self._steady = steady
        self._wrapped_for = (-1, "")
        self._max_lines = max_lines  # beyond it the text ends in "…" (all of it in the tooltip)
        self._full = text
        self._set_at = (-1, None)  # (width, text) of the last setText
        self._shorter: tuple[str, str] | None = None  # (text, what to show instead where it needs 2+ lines)

    def set_steady(self, steady: bool) -> None:
        """Whether the label keeps the height of its most lines (see __init__)."""
        if steady != self._steady:
            self._steady = steady
            update_geometry_up(self)

    def set_max_lines(self, lines: int | None) -> None:
        """At most ``lines`` lines from now on (the text refitted)."""
        changed = lines != self._max_lines
        self._max_lines = lines
        self._set_at = (-1, None)
        self.setText(self._full)
        if changed and self._steady:
            update_geometry_up(self)  # its height is its lines' (QLabel asks again only for a new text)

    def shorter_text(self) -> str:
        """What shows where the text needs more than a line (see set_text_or_shorter)."""
        return self._shorter[1] if self._shorter is not None else self._full

    def full_text(self) -> str:
        """The whole text, also when the label shows it shortened."""
        return self._full

    def set_text_or_shorter(self, text: str, shorter: str) -> None:
        """``text`` where it fits on one line, else ``shorter`` (wrapped as usual, ``text``
        in the tooltip): a formula's substituted line gives way to the formula and its value."""
        self._shorter = (text, shorter) if shorter != text else None
        self.setText(text)

    def setText(self, text: str) -> None:
        if (self.width(), text) == self._set_at:
            return  # unchanged (an animation sets its lines every frame)
        if self._shorter is not None and self._shorter[0] != text:
            self._shorter = None  # plain text set since
        self._full = text
        self._set_at = (self.width(), text)
        super().setText(self._fitted(text, self.width()))

    def _set_tip(self, tip: str) -> None:
        # Only a changed tip: each set sends the label an event (a frame of a race writes
        # the status line anew, its tip staying empty).
        if self.toolTip() != tip:
            self.setToolTip(tip)

    def _fitted(self, text: str, width: int) -> str:
        """``text``, or as many of its words as fit in ``max_lines`` lines, then "…"."""
        if not self._max_lines or width <= 0 or not text or not self._wrapped_for[0] > 0:
            self._set_tip("")
            return text
        metrics = self.fontMetrics()
        limit = self._max_lines * metrics.lineSpacing()

        def height(candidate: str) -> int:
            return metrics.boundingRect(0, 0, width, 100_000, int(Qt.TextFlag.TextWordWrap), candidate).height()

        if self._shorter is not None and self._shorter[0] == text and height(text) > metrics.lineSpacing():
            whole, text = text, self._shorter[1]
            if height(text) <= limit:
                self._set_tip(whole)
                return text
        if height(text) <= limit:
            self._set_tip("")
            return text
        words = text.split(" ")
        lo, hi = 1, len(words) - 1
        while lo < hi:  # the most words that fit with the ellipsis
            mid = (lo + hi + 1) // 2
            lo, hi = (mid, hi) if height(" ".join(words[:mid]) + " …") <= limit else (lo, mid - 1)
        self._set_tip(text)
        return " ".join(words[:lo]) + " …"

    def _steady_height(self) -> int | None:
        if not (self._steady and self._max_lines):
            return None
        margins = self.contentsMargins()
        return self._max_lines * self.fontMetrics().lineSpacing() + margins.top() + margins.bottom()

    def hasHeightForWidth(self) -> bool:
        # Steady, its height is its lines' whatever the width (its text is fitted into them).
        return False if self._steady_height() is not None else super().hasHeightForWidth()

    def sizeHint(self) -> QSize:
        # Steady, it asks for its lines' height and no more: a prompt whose glyphs set taller
        # (subscripts, a fraction) would otherwise be given a few pixels more, and the
        # buttons below it would move.
        hint = super().sizeHint()
        steady = self._steady_height()
        if steady is not None:
            hint.setHeight(steady)
        return hint

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        steady = self._steady_height()
        if steady is not None:
            hint.setWidth(min(hint.width(), NARROWEST))
            hint.setHeight(steady)
            return hint
        # No text widens the window: a word longer than the room (a 300-digit constant, a
        # 5,000-letter name) is cut off at the label's edge, not given the room.
        hint.setWidth(min(hint.width(), NARROWEST))
        # Only once laid out: before its first show a widget's width is a placeholder, and
        # the wrapped height at it would make the window come up too tall.
        if self._wrapped_for[0] > 0 and self.text():
            hint.setHeight(max(hint.height(), self.heightForWidth(self.width())))
        return hint

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # presentation mode: refit at the new size
            self._set_at = (-1, None)
            self._wrapped_for = (-1, "")
            if self.width() > 0:
                self._wrapped_for = (self.width(), self._full)
                QLabel.setText(self, self._fitted(self._full, self.width()))
                self._set_at = (self.width(), self._full)
            self.updateGeometry()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # Laid out before it was shown (its first resize came while hidden): its wrapped
        # height counts from now, or the pane could squeeze it to one line.
        if self._wrapped_for[0] <= 0 and self.width() > 0:
            self._wrapped_for = (self.width(), self._full)
            if self._max_lines:
                super().setText(self._fitted(self._full, self.width()))
            self.updateGeometry()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        key = (event.size().width(), self._full)
        if key != self._wrapped_for and self.isVisible():  # a new width can need another number of lines
            self._wrapped_for = key
            if self._max_lines:
                super().setText(self._fitted(self._full, event.size().width()))
            self.updateGeometry()


class Fold(QToolButton):
    """A flat ▸/▾ button that shows or hides one widget ("Term by term", "range"); with
    no ``target`` it only shows the state and its owner shows what it folds."""

    def __init__(self, text: str, target: QWidget | None, name: str, accessible: str, parent=None):
        super().__init__(parent)
        self._text, self._target = text, target
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setCheckable(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setStyleSheet("QToolButton { border: none; }")
        self.toggled.connect(self.set_open)
        theme.changed.connect(self.restyle)  # the window sets the palette before the theme

    def restyle(self) -> None:
        """Take the application palette's ink (the theme's): a widget with a style sheet
        keeps the text colour it was first polished with, so after a theme change its text
        stayed the old theme's (black "Term by term" on the dark theme's ground).  On
        :data:`theme.changed`."""
        ink = QApplication.palette().color(QPalette.ColorRole.WindowText).name()
        sheet = re.sub(r" color: #[0-9a-fA-F]{6};", "", self.styleSheet())
        self.setStyleSheet(sheet.replace("border: none;", f"border: none; color: {ink};", 1))

    def set_open(self, open_: bool) -> None:
        self.blockSignals(True)
        self.setChecked(open_)
        self.blockSignals(False)
        self.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        self.setText(self._text)
        self.setToolTip(f"Click to hide {self._text.replace('&&', '&')}" if open_ else f"Click to show {self._text.replace('&&', '&')}")
        if self._target is not None:
            self._target.setVisible(open_)


class PlotGrid:
    """Grid lines for a pyqtgraph plot as one opaque curve of line pairs, at the axes' own
    ticks (major and minor), redrawn when the view's range changes.

    pyqtgraph's own grid (``showGrid``) is drawn by the axes with translucent pens and cost
    ~15 ms a repaint of a 400×240 plot on a software renderer, most of an animation frame;
    this one costs next to nothing.  In log mode the axes' ticks are already in the view's
    (log10) units, so are the lines."""

    def __init__(self, plot, color: str):
        import pyqtgraph as pg

        self.plot = plot
        self.curve = pg.PlotCurveItem(pen=pg.mkPen(color, width=1), connect="pairs")
        self.curve.setZValue(-100)
        plot.addItem(self.curve, ignoreBounds=True)
        box = plot.getViewBox()
        box.sigRangeChanged.connect(self.refresh)
        box.sigResized.connect(self.refresh)

    def refresh(self, *_args) -> None:
        import numpy as np

        box = self.plot.getViewBox()
        (x0, x1), (y0, y1) = box.viewRange()
        lines_x, lines_y = [], []
        for axis, lo, hi, size, out in (("bottom", x0, x1, box.width(), lines_x), ("left", y0, y1, box.height(), lines_y)):
            if not (np.isfinite(lo) and np.isfinite(hi)) or hi <= lo or size <= 0:
                continue
            for _spacing, values in self.plot.getAxis(axis).tickValues(lo, hi, size)[:2]:
                out.extend(v for v in values if lo <= v <= hi)
        xs = np.array(lines_x, dtype=np.float64)
        ys = np.array(lines_y, dtype=np.float64)
        px = np.concatenate([np.repeat(xs, 2), np.tile([x0, x1], len(ys))])
        py = np.concatenate([np.tile([y0, y1], len(xs)), np.repeat(ys, 2)])
        self.curve.setData(px, py, connect="pairs")
