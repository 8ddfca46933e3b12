"""The readout beside the surface: the point, f, both partials (formula and value), ∇f,
|∇f|, and the term-by-term rule for each partial.  For a function of more than two variables,
every partial at the full point (the shown pair's first, in their colours, then the held
variables'), ∇f with one entry per variable."""

from __future__ import annotations

import html
import math

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import (
    QApplication, QBoxLayout, QFrame, QGridLayout, QHBoxLayout, QLabel, QLayout, QScrollArea, QSizePolicy, QVBoxLayout,
    QWidget,
)

from ..core.calculus import Function
from ..core.lesson import Field, Lesson
from ..core.readout_where import followed_by_run, where_text
from ..core.subscripts import shown_name
from ..core.notation import MINUS, format_number, format_value, pretty, substituted, substitution_line
from . import theme
from .widgets import Fold, WrappedLabel

# Wider than this, the term-by-term rule stands beside the values instead of below them.
SIDE_BY_SIDE_WIDTH = 600
RULE_WIDTH = 260  # px: the least the term-by-term rule is given beside the values
MORE_PARTIALS = 8  # rows for the held variables' partials (a function of at most 10 variables)


def _label(name: str, accessible: str, *, big: bool = False, rich: bool = False, wrap: bool | None = None,
           lines: int | None = None) -> QLabel:
    """A readout label; a wrapping one (rich text, formulas) asks for the lines it needs,
    at most ``lines`` of them (then "…", all of it in the tooltip)."""
    wrap = rich if wrap is None else wrap
    label = WrappedLabel(max_lines=lines) if wrap else QLabel()
    label.setObjectName(name)
    label.setAccessibleName(accessible)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    if big:
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        label.setFont(font)
    return label


class ReadoutPanel(QWidget):
    """What the lesson's point shows: f, both partials (formula and value), ∇f, |∇f| and the
    term-by-term rule (which folds away, one click to open, where height is short).

    Numbers are shown with 4 decimals in their own labels (``dfdxValue`` holds just
    "10.0000"), so they can be read aloud, copied and tested."""

    def __init__(self, lesson: Lesson, parent=None):
        super().__init__(parent)
        self.setObjectName("readoutPanel")
        self.lesson = lesson
        self.point_label = _label("pointLabel", "Point")
        self.value_name = QLabel("f")
        self.value_label = _label("valueLabel", "Value of f", big=True)
        self.dfdx_name = QLabel()
        # A long partial wraps at its spaces rather than widen the panel.
        self.dfdx_formula = _label("dfdxFormula", "Partial derivative in x, formula", wrap=True, lines=2)
        self.dfdx_value = _label("dfdxValue", "Partial derivative in x, value", big=True)
        self.dfdy_name = QLabel()
        self.dfdy_formula = _label("dfdyFormula", "Partial derivative in y, formula", wrap=True, lines=2)
        self.dfdy_value = _label("dfdyValue", "Partial derivative in y, value", big=True)
        # The held variables' partials (functions of more than two variables): name, value, formula.
        self.held_partials = [(QLabel(), _label(f"heldPartialValue{i}", "Partial derivative in a held variable, value",
                                                big=True),
                               _label(f"heldPartialFormula{i}", "Partial derivative in a held variable, formula",
                                      wrap=True, lines=2)) for i in range(MORE_PARTIALS)]
        self.gradient_name = QLabel()
        self.gradient_value = _label("gradientValue", "Gradient", big=True, wrap=True)
        self.norm_name = QLabel()
        self.gradient_norm_value = _label("gradientNormValue", "Length of the gradient", big=True)
        self.breakdown = _label("termBreakdown", "Partial derivatives term by term", rich=True, wrap=False)
        self.gradient_note = _label("gradientNote", "What the gradient means", rich=True)

        self._color_partials()

        # Four rows: f and the point; ∂f/∂x, its value and formula; the same for y; ∇f and |∇f|.
        grid = QGridLayout()
        grid.setContentsMargins(4, 2, 4, 2)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(1)
        # |∇f| beside the point on the first row, so ∇f's vector can span two columns below.
        where = QHBoxLayout()
        where.setSpacing(6)
        where.addWidget(self.point_label)
        where.addStretch(1)
        where.addWidget(self.norm_name)
        where.addWidget(self.gradient_norm_value)
        rows = ((self.value_name, self.value_label, where), (self.dfdx_name, self.dfdx_value, self.dfdx_formula),
                (self.dfdy_name, self.dfdy_value, self.dfdy_formula))
        for row, (name, value, third) in enumerate(rows):
            grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(value, row, 1)
            if isinstance(third, QWidget):
                grid.addWidget(third, row, 2)
            else:
                grid.addLayout(third, row, 2)
        # ∇f's vector spans the value and formula columns: four-digit components fit.
        last = len(rows)
        grid.addWidget(self.gradient_name, last, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(self.gradient_value, last, 1, 1, 2)
        grid.setColumnStretch(2, 1)
        self._grid = grid
        # The held variables' partials (more than two variables) in a grid of their own that
        # scrolls: the readout asks one row more, not n − 2, so a 1024×768 window still fits
        # the descent panel under it; where there is room they all show.
        self.held_grid = QGridLayout()
        self.held_grid.setContentsMargins(4, 0, 4, 0)
        self.held_grid.setHorizontalSpacing(8)
        self.held_grid.setVerticalSpacing(1)
        for row, (name, value, third) in enumerate(self.held_partials):
            self.held_grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.held_grid.addWidget(value, row, 1)
            self.held_grid.addWidget(third, row, 2)
        self.held_grid.setColumnStretch(2, 1)
        held_rows = QWidget()
        held_layout = QVBoxLayout(held_rows)
        held_layout.setContentsMargins(0, 0, 0, 0)
        held_layout.setSpacing(2)
        held_layout.addLayout(self.held_grid)
        # …with what ∇f means under them: in more variables it scrolls with the rows, and the
        # values keep the height two variables give them.
        self.held_note = _label("heldGradientNote", "What the gradient means", rich=True)
        # it wraps at the area's width (its one long line must not widen the rows past the view)
        self.held_note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        held_layout.addWidget(self.held_note)
        self.held_area = QScrollArea()
        self.held_area.setObjectName("heldPartialsArea")
        self.held_area.setWidget(held_rows)
        self.held_area.setWidgetResizable(True)
        self.held_area.setFrameShape(QFrame.Shape.NoFrame)
        self.held_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.held_area.hide()

        # The rule: inline where there is room for all of it (beside the values on a wide
        # pane), else in a pop-up that one click on "Term by term" opens over the panes.
        self.breakdown.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.rule_popup = QFrame(self, Qt.WindowType.Popup)
        self.rule_popup.setObjectName("termBreakdownPopup")
        self.rule_popup.setFrameShape(QFrame.Shape.Box)
        self._style_popup()
        self.popup_breakdown = _label("termBreakdownPopupText", "Partial derivatives term by term", rich=True, wrap=False)
        popup_layout = QVBoxLayout(self.rule_popup)
        popup_layout.setContentsMargins(10, 8, 10, 8)
        popup_layout.addWidget(self.popup_breakdown)
        self.rule_popup.installEventFilter(self)
        self._inline = True  # room for the rule in the pane
        rule = QWidget()
        rule_layout = QVBoxLayout(rule)
        rule_layout.setContentsMargins(4, 0, 0, 0)
        rule_layout.setSpacing(0)
        self.breakdown_toggle = Fold("Term by term", None, "breakdownToggle", "Show or hide the term-by-term rule")
        self.breakdown_toggle.setStyleSheet("QToolButton { border: none; font-weight: bold; }")
        self.breakdown_toggle.toggled.disconnect()
        self.breakdown_toggle.toggled.connect(self.set_breakdown_open)
        # Inline, the rule sits in a scroll area that may shrink to nothing: it never sets the
        # window's smallest height (else a window once tall could not be made short).  The
        # window gives it room for all of it where it has that room.
        self.breakdown_area = QScrollArea()
        self.breakdown_area.setObjectName("breakdownArea")
        self.breakdown_area.setWidgetResizable(True)
        self.breakdown_area.setFrameShape(QFrame.Shape.NoFrame)
        self.breakdown_area.setWidget(self.breakdown)
        self.breakdown_area.setMinimumHeight(1)  # 0 would mean "unset": a scroll area asks 68 px
        rule_layout.addWidget(self.breakdown_toggle)
        rule_layout.addWidget(self.breakdown_area, 1)

        self._values = QWidget()
        left = QVBoxLayout(self._values)
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(2)
        left.addLayout(grid)
        left.addWidget(self.held_area)
        left.addWidget(self.gradient_note)
        left.addStretch(1)
        self._rule = rule
        self._layout = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self._layout.setContentsMargins(2, 0, 2, 0)
        self._layout.setSpacing(2)
        # The panel's smallest size is the stacked one (minimumSizeHint), whichever way it
        # is laid out now: it turns side by side only where it is wide enough for it.
        self._layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._layout.addWidget(self._values)
        self._layout.addWidget(rule, 1)
        self.set_breakdown_open(True)

        self._rule_of = (None, "")  # (function, its breakdown html): a click does not redo sympy work
        lesson.events.connect_fields({Field.POINT, Field.FUNCTION, Field.SHOWN, Field.HELD, Field.SYMBOLIC}, self._on_lesson_changed)
        # Whether the held values are a run's (the "at" line says so) changes with these too.
        lesson.events.connect_fields({"held_follow", "run"}, self._on_lesson_changed)
        theme.changed.connect(self.apply_theme)
        self._on_lesson_changed(frozenset({Field.POINT}))

    def _on_lesson_changed(self, changed: frozenset) -> None:
        self.show_lesson()

    def show_lesson(self) -> None:
        """The lesson's point: on the surface (two variables), or at the full point of every variable."""
        lesson = self.lesson
        if len(lesson.function.variable_names) == 2 and lesson.surface is lesson.function:
            self.show_point(lesson.surface, *lesson.point)
        else:
            names = lesson.function.variable_names
            self.show_full_point(lesson.function, lesson.full_point, tuple(names.index(n) for n in lesson.shown),
                                 followed_by_run(lesson))

    @property
    def breakdown_open(self) -> bool:
        """The rule is showing, inline or in its pop-up."""
        return self.breakdown_area.isVisibleTo(self) or self.rule_popup.isVisible()

    def set_room_for_rule(self, room: bool) -> None:
        """Whether the pane has room to show the rule inline (the window says: not on a
        short screen); without room it folds, and opening it pops it up."""
        self._inline = room
        self.set_breakdown_open(room)

    def set_breakdown_open(self, open_: bool) -> None:
        """Show (or fold away) the term-by-term rule: inline where there is room, else
        in a pop-up under the button, which a click anywhere closes."""
        inline = open_ and self._inline
        self.breakdown_toggle.set_open(open_)
        self.breakdown_area.setVisible(inline)
        if open_ and not self._inline:
            self.popup_breakdown.setText(self.breakdown.text())
            # Never wider than the screen: a long term wraps in the pop-up instead.
            room = self.screen().availableGeometry()
            self.popup_breakdown.setWordWrap(self.popup_breakdown.sizeHint().width() > room.width() - 60)
            self.popup_breakdown.setMaximumWidth(room.width() - 60)
            self.rule_popup.adjustSize()
            where = self.breakdown_toggle.mapToGlobal(self.breakdown_toggle.rect().bottomLeft())
            screen = self.screen().availableGeometry()
            size = self.rule_popup.sizeHint()
            where.setX(max(screen.left(), min(where.x(), screen.right() - size.width())))
            where.setY(max(screen.top(), min(where.y(), screen.bottom() - size.height())))
            self.rule_popup.move(where)
            self.rule_popup.show()
        elif not open_:
            self.rule_popup.hide()
        self._place_rule(self.width())
        self.updateGeometry()  # minimumSizeHint (ours) depends on what is folded

    def eventFilter(self, watched, event) -> bool:
        if watched is self.rule_popup and event.type() == QEvent.Type.Hide:
            self.breakdown_toggle.set_open(self.breakdown_area.isVisibleTo(self))  # closed by a click elsewhere
        return super().eventFilter(watched, event)

    def minimumSizeHint(self):
        values, rule = self._values.minimumSizeHint(), self._rule.minimumSizeHint()
        return QSize(max(values.width(), rule.width()) + 4, values.height() + rule.height() + 2)

    def _color_partials(self) -> None:
        self.dfdx_name.setStyleSheet(f"color: {theme.current().x_color}; font-weight: bold")
        self.dfdx_value.setStyleSheet(f"color: {theme.current().x_color}")
        self.dfdy_name.setStyleSheet(f"color: {theme.current().y_color}; font-weight: bold")
        self.dfdy_value.setStyleSheet(f"color: {theme.current().y_color}")

    def _style_popup(self) -> None:
        self.rule_popup.setStyleSheet(
            f"QFrame#termBreakdownPopup {{ background: {theme.current().popup_background}; border: 1px solid {theme.current().popup_border}; }}"
            f" QFrame#termBreakdownPopup QLabel {{ color: {theme.current().text_color}; background: transparent; }}")

    def apply_theme(self) -> None:
        """The x and y colours, the pop-up's ground and the rule, again from the current theme
        (on :data:`theme.changed`)."""
        self._color_partials()
        self._style_popup()
        self._rule_of = (None, "")  # its html holds the old colours
        self.show_lesson()

    def wanted_height(self, width: int) -> int:
        """The height that shows everything at ``width``: the values, and the open rule
        whole (beside them where the pane is that wide)."""
        self.resize(width, self.height())
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        values = self._values.minimumSizeHint().height()
        if self.held_area.isVisibleTo(self):  # every held partial, not the one row it may shrink to
            values += self.held_area.maximumHeight() - self.held_area.minimumHeight()
        if not (self.breakdown_open and self._inline):
            return self.minimumSizeHint().height()
        rule = self.breakdown.sizeHint().height() + self.breakdown_toggle.sizeHint().height()
        return max(values, rule) if width >= self.side_by_side_width() else values + rule + 2

    def side_by_side_width(self) -> int:
        """How wide the panel must be to put the rule beside the values: the values with
        each partial's formula and value on one line, and the rule's lines whole."""
        rule = self.breakdown.sizeHint().width() + self.breakdown_area.verticalScrollBar().sizeHint().width() + 8
        return max(SIDE_BY_SIDE_WIDTH, self.values_width() + max(RULE_WIDTH, rule) + 8)

    def values_width(self) -> int:
        """The width that shows the values with every row on one line (a partial as its
        formula and value: the substituted line shows where there is more room)."""
        def wide(labels) -> int:
            return max(label.fontMetrics().horizontalAdvance(label.text()) for label in labels)

        names = wide((self.value_name, self.dfdx_name, self.dfdy_name, self.gradient_name))
        values = wide((self.value_label, self.dfdx_value, self.dfdy_value))
        short = max(self.dfdx_formula.fontMetrics().horizontalAdvance(label.shorter_text())
                    for label in (self.dfdx_formula, self.dfdy_formula))
        first = wide((self.point_label,)) + wide((self.norm_name,)) + wide((self.gradient_norm_value,)) + 12
        return names + values + max(short, first) + 2 * 8 + 16

    def resizeEvent(self, event) -> None:
        self._place_rule(event.size().width())
        super().resizeEvent(event)

    def _place_rule(self, width: int) -> None:
        # Side by side where the panel is wide and the rule open; stacked otherwise (a
        # folded rule beside the values would only take their room).
        wide = width >= self.side_by_side_width() and self.breakdown_area.isVisibleTo(self)
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self._layout.direction() != direction:
            self._layout.setDirection(direction)
            # Side by side the rule has its natural width (side_by_side_width left it that)
            # and the values the rest, for the substituted lines; stacked the rule takes
            # the height left.
            self._layout.setStretchFactor(self._values, 1 if wide else 0)
            self._layout.setStretchFactor(self._rule, 0 if wide else 1)
        # Side by side the values keep the width that shows each row on a line; the rule
        # takes the rest (side_by_side_width left it RULE_WIDTH at least).
        self._values.setMinimumWidth(self.values_width() if wide else 0)

    def show_point(self, function: Function, x0: float, y0: float) -> None:
        """A function of two variables at (x₀, y₀)."""
        self.show_full_point(function, (x0, y0), (0, 1))

    def show_full_point(self, function: Function, point: tuple[float, ...], shown: tuple[int, int],
                        followed: bool = False) -> None:
        """``function`` (n variables) at ``point`` (n coordinates, its variable order): the
        partials of the ``shown`` pair (indices: the surface's x- and y-axis) in the first two
        rows, in their colours, the others' below; ∇f in variable order."""
        name, names = function.name, tuple(map(shown_name, function.variable_names))  # w₁ as the book prints it
        order = [*shown, *(k for k in range(len(names)) if k not in shown)]
        value, *slopes = function.evaluate_point(point)
        kinks = function.kinks_at(point) if math.isfinite(value) else (None,) * len(names)
        slopes = [math.nan if kink else slope for kink, slope in zip(kinks, slopes)]  # a corner: undefined
        # Where the numbers are taken: the shown pair (…) past three variables; the held values
        # named as the run's while they follow it (the point is then a mix: see readout_where).
        text, tip, whole_point = where_text(function.variable_names, point, shown, followed)
        self.point_label.setText(text)
        self.point_label.setToolTip(tip)
        # Past three variables the name alone (its signature in the tooltip): the row keeps its width.
        self.value_name.setText(f"{name}({', '.join(names)})" if len(names) <= 3 else name)
        self.value_name.setToolTip(f"{name}({', '.join(names)})")
        self.value_label.setText(format_number(value))
        rows = [(self.dfdx_name, self.dfdx_value, self.dfdx_formula), (self.dfdy_name, self.dfdy_value, self.dfdy_formula),
                *self.held_partials]
        for i, row in enumerate(rows[2:]):
            for widget in row:
                widget.setVisible(i < len(names) - 2)
        self.held_area.setVisible(len(names) > 2)
        # Before sympy is there (the first second of a launch) the numbers alone: the formulas
        # and the rule follow when the lesson adopts the symbolic function (a changed "function").
        early = function.is_early
        at = {} if early else dict(zip(function.variables, point))
        for (name_label, value_label, label), k in zip(rows, order):
            name_label.setText(f"∂{name}/∂{names[k]}")
            value_label.setText(format_number(slopes[k]))
            slope, kink = slopes[k], kinks[k]
            if kink is not None:
                # The one-sided slopes are the point of a corner: the shorter line keeps them.
                left, right = format_value(kink[0]), format_value(kink[1])
                label.set_text_or_shorter(f"undefined: a corner, slope {left} from the left, {right} from the right",
                                          f"corner: slope {left} (left), {right} (right)")
                continue
            if early:
                label.set_text_or_shorter("", "")
                continue
            # The substituted line where it fits on a line; else the formula and its value.
            partial = function.partials[k]
            label.set_text_or_shorter(substitution_line(partial, at, slope), substitution_line(partial, at, slope, False))
        self.gradient_name.setText(f"∇{name}")
        self.norm_name.setText(f"|∇{name}|")
        # Two entries at 4 decimals as ever; more in their shortest form (each is written in
        # full in its row above), so ten of them stay on a line or two.
        write = format_number if len(slopes) == 2 else format_value
        self.gradient_value.setText(f"[{', '.join(write(s) for s in slopes)}]")
        norm = math.hypot(*slopes)
        self.gradient_norm_value.setText(format_number(norm))
        if not math.isfinite(value):
            note = f"{name} is undefined at this point."
        elif any(kinks):
            which = " and ".join(f"∂{name}/∂{v}" for v, kink in zip(names, kinks) if kink)
            note = f"{name} has a corner here: {which} {'is' if ' and ' not in which else 'are'} undefined (the slopes from either side differ)."
        elif not all(math.isfinite(s) for s in slopes):
            note = f"{name} has no slope here (a kink or an edge): the partials are undefined."
        elif norm < 1e-9:
            note = f"∇{name} is zero: a flat spot — a minimum, a maximum or a saddle."
        else:
            # Below the readout's 4 decimals, say how small rather than "0.0000".
            length = format_number(norm) if norm >= 5e-5 else f"{norm:.3g}".replace("-", MINUS)
            # One line on a projector's narrow pane: |∇f| is the value beside ∇f.
            note = f"∇{name} points uphill, steepest at slope |∇{name}| = {length}; {MINUS}∇{name} downhill."
        self.gradient_note.setText(f"<i>{html.escape(note)}</i>")
        whole = f"{name} {whole_point}. " if len(names) > 3 or followed else ""
        self.held_note.setText(f"<i>{html.escape(whole + note)}</i>")
        self.gradient_note.setVisible(len(names) == 2)
        if len(names) > 2:
            self._align_held_rows(len(names) - 2)
        else:  # two variables: the grid's columns as wide as their own texts, as ever
            self._grid.setColumnMinimumWidth(0, 0)
            self._grid.setColumnMinimumWidth(1, 0)
        if early:
            # Unfolded in the first second: say what is coming rather than show an empty box
            # (in short lines: no wider than a rule, so the readout's layout does not change).
            note = (f"<i style='color:{theme.current().muted_color}'>The rule follows<br>in a moment:<br>"
                    f"sympy is loading.</i>")
            if note != self.breakdown.text():
                self.breakdown.setText(note)
                self.popup_breakdown.setText(note)
            return
        if self._rule_of[0] is not function:  # the sympy work once per function, the numbers per point
            self._rule_of = (function, [function.term_breakdown(v) for v in function.variable_names])
        rule = self._breakdown_html(function, self._rule_of[1], point, shown)
        if rule != self.breakdown.text():
            self.breakdown.setText(rule)
            self.popup_breakdown.setText(rule)

    def _align_held_rows(self, count: int) -> None:
        """The held partials' grid in the columns of the grid above it; its area at least one
        row tall, at most all of them."""
        names = [self.value_name, self.dfdx_name, self.dfdy_name, self.gradient_name, *(r[0] for r in self.held_partials[:count])]
        values = [self.value_label, self.dfdx_value, self.dfdy_value, *(r[1] for r in self.held_partials[:count])]
        for grid in (self._grid, self.held_grid):
            grid.setColumnMinimumWidth(0, max(label.sizeHint().width() for label in names))
            grid.setColumnMinimumWidth(1, max(label.sizeHint().width() for label in values))
        row = self.held_partials[0][1].sizeHint().height() + 1  # one line: a wrapped formula scrolls, never grows it
        self.held_area.setMinimumHeight(row)
        self.held_area.setMaximumHeight(max(row, self.held_area.widget().sizeHint().height()))

    @staticmethod
    def _breakdown_html(function: Function, rows_of: list, point: tuple[float, ...], shown: tuple[int, int] = (0, 1)) -> str:
        """Each partial term by term (``rows_of``: Function.term_breakdown per variable, in
        its order); a term of an inner expression shows the chain rule and its numbers at
        ``point``.  The ``shown`` pair's in the x and y colours, the others' in the text's."""
        rows = []
        at = dict(zip(function.variables, point))
        where = ", ".join(format_value(c) for c in point)
        muted = f"<span style='color:{theme.current().muted_color}'>"
        colors = [theme.current().text_color] * len(function.variable_names)
        colors[shown[0]], colors[shown[1]] = theme.current().x_color, theme.current().y_color
        for variable, color, breakdown in zip(function.variable_names, colors, rows_of):
            rows.append(f"<b style='color:{color}'>∂{function.name}/∂{shown_name(variable)}</b>:")
            items = []
            single = len(breakdown) == 1
            for term in breakdown:
                t = html.escape(term.typed or pretty(term.term, function.variables))
                if term.is_constant:
                    items.append(f"{t} → <b>0</b> {muted}(no {shown_name(variable)}: a constant)</span>")
                    continue
                chain = term.chain
                d = html.escape(pretty(chain.derivative if chain else term.derivative, function.variables))
                items.append(f"{t} → <b>{d}</b>")
                if chain is None:
                    continue
                # The lesson's chain rule: u, the outer function of u, dg/du · ∂u/∂v, and the
                # numbers at the point.
                taken = {*function.variable_names, function.name, str(chain.u)}
                g = function.name if single else next(n for n in ("g", "h", "k", "G") if n not in taken)
                u = str(chain.u)
                outer, outer_d = pretty(chain.outer), pretty(chain.outer_derivative)
                inner_d = pretty(chain.inner_derivative, function.variables)
                inner_d = inner_d if chain.inner_derivative.is_Symbol or chain.inner_derivative.is_Number and chain.inner_derivative >= 0 else f"({inner_d})"
                items.append(f"&nbsp;&nbsp;{muted}chain rule: {u} = {html.escape(chain.inner_text)}, {g} = {html.escape(outer)}</span>")
                items.append(f"&nbsp;&nbsp;{muted}∂{g}/∂{variable} = d{g}/d{u} · ∂{u}/∂{variable} = "
                             f"{html.escape(outer_d)} · {html.escape(inner_d)}</span>")
                numbers = chain.numbers_at(at)
                if numbers is None:  # undefined at the point: the formula alone says it
                    continue
                u0, outer0, inner0 = numbers
                product = format_value(outer0 * inner0)
                numbers = f"{substituted(chain.outer_derivative, {chain.u: u0})} · ({format_value(inner0)})"
                items.append(f"&nbsp;&nbsp;{muted}at ({where}): {u} = {format_value(u0)}, so {html.escape(numbers)} = </span>"
                             f"<b>{product}</b>")
            rows.append("<br>".join("&nbsp;&nbsp;" + i for i in items))
        return "<br>".join(rows)
