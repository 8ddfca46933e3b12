"""The readout: the first run's point, f, its slope, its steps and α's rule; the arithmetic
of its last update; the status line.  It shows the story's text (:mod:`explorer.core.story`)
and writes none of its own."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ...core.notation import format_number, format_value
from .. import theme
from ..race_table import RACE_STATUS_LINES
from ..widgets import WrappedLabel, named


class Readout(QWidget):
    """The grid of names and values, the update's arithmetic (:attr:`update_label`) and the
    status (:attr:`status`).  The formula line (:attr:`formula`) is the readout's too, but
    the panel shows it above the plot."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.x_value = named(QLabel(), "xValue", "x")
        self.f_value = named(QLabel(), "fValue", "f of x")
        self.df_value = named(QLabel(), "dfValue", "derivative of f at x")
        self.steps_value = named(QLabel(), "stepsValue", "steps taken")
        # Two lines: the orange band's rule names the valley too, and was cut to "oscillates (the …".
        # Steady (see below): a rule that wraps as α is typed moved Play by a line.
        self.alpha_value = named(WrappedLabel(max_lines=2, steady=True), "learningRateValue",
                                 "learning rate α and its stability rule")
        self.x_name, self.f_name, self.df_name = QLabel("x ="), QLabel("f(x) ="), QLabel("f′(x) =")
        self.steps_name, self.alpha_name = QLabel("steps ="), QLabel("α =")
        # Lines that wrap ask for the height they need: a two-line status is never cut off.
        # At most a few lines each (then "…", all of it in the tooltip): on a 1024×768
        # projector the panel has no room for more, and must never make the window taller.
        # All steady, at every size: each keeps the height of its most lines, so the rows
        # above them never move under the mouse when a text wraps to another line.
        self.update_label = named(WrappedLabel(max_lines=2, steady=True), "updateArithmetic", "The last update, written out")
        self.status = named(WrappedLabel(max_lines=3, steady=True), "descentStatus", "Descent status")
        # The panel lays the formula out (above its plot), but it is ours from the start: a label
        # without a parent that set_racing shows is a window of its own (it flashed on the
        # screen as the window was built, and was fitted to that window's placeholder width).
        self.formula = named(WrappedLabel(max_lines=2, parent=self), "derivativeFormula", "The function and its derivative")
        for label in (self.x_value, self.f_value, self.df_value, self.steps_value):
            font = label.font()
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.1)
            label.setFont(font)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Two pairs a row; on the surface the point and ∇f are vectors and take a row each
        # (see place), so the readout never widens the panel.
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(self.grid)
        layout.addWidget(self.update_label)
        layout.addWidget(self.status)
        self.vectors = None
        self.racing = False
        self.place(vectors=False)

    def cells(self) -> tuple:
        return (self.x_name, self.x_value, self.f_name, self.f_value, self.df_name, self.df_value,
                self.steps_name, self.steps_value, self.alpha_name, self.alpha_value)

    def place(self, vectors: bool) -> None:
        """The cells for a point on a curve (two pairs a row) or on the surface (vectors)."""
        if vectors == self.vectors:
            return
        grid = self.grid
        cells = ((self.x_name, self.x_value), (self.f_name, self.f_value), (self.df_name, self.df_value),
                 (self.steps_name, self.steps_value), (self.alpha_name, self.alpha_value))
        for name, value in cells:
            grid.removeWidget(name)
            grid.removeWidget(value)
        if vectors:  # (x, y) = …  /  ∇f = …  /  f = …  steps = …  /  α's rule
            where = [(0, 0, 3), (2, 0, 1), (1, 0, 3), (2, 2, 1), (3, 0, 3)]
        else:  # x = …  f(x) = …  /  f′(x) = …  steps = …  /  α's rule
            where = [(0, 0, 1), (0, 2, 1), (1, 0, 1), (1, 2, 1), (2, 0, 3)]
        for (name, value), (row, column, span) in zip(cells, where):
            if name is self.alpha_name:  # the rule's sentence names α itself
                grid.addWidget(value, row, column, 1, span + 1)
                continue
            grid.addWidget(name, row, column, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(value, row, column + 1, 1, span)
        self.alpha_name.setVisible(False)
        # Coordinate mode's extra row leaves room for two status lines, not three; its vectors
        # in the plain bold font, so a diverged run's huge numbers still fit the pane.
        for label in (self.x_value, self.df_value):
            font = label.font()
            font.setPointSizeF(self.font().pointSizeF() * (1.0 if vectors else 1.1))
            label.setFont(font)
        for column in range(4):
            grid.setColumnStretch(column, 1 if column in (1, 3) else 0)
        self.vectors = vectors
        self.set_racing(self.racing)

    def set_racing(self, racing: bool) -> None:
        """While runs race, the lines about the first run alone give their room to the rows."""
        self.racing = racing
        for widget in (self.formula, self.update_label, *self.cells()):
            widget.setVisible(not racing and widget is not self.alpha_name)
        self.status.set_max_lines(RACE_STATUS_LINES if racing else 2 if self.vectors else 3)

    def name(self, description) -> None:
        """The formula line (in the colour of the axis the plotted curve runs along) and the
        names of the point, value and slope (a :class:`~explorer.core.descent.story.CurveDescription`)."""
        self.formula.setText(description.formula)
        color = {None: theme.TEXT_COLOR, 0: theme.X_COLOR, 1: theme.Y_COLOR}[description.axis]
        restyle(self.formula, f"color: {color}")
        self.x_name.setText(description.point_name)
        self.f_name.setText(description.value_name)
        self.df_name.setText(description.slope_name)

    def show_run(self, run, axis_vector: bool) -> None:
        """The run's point, value, slope and steps (as vectors on the surface)."""
        if axis_vector:
            # In n > 2 variables: short numbers, and a row that never widens the panel (the
            # numbers in full in its tooltip).
            many = len(run.point) > 2
            number = (lambda c: format_value(c, 3)) if many else format_number
            for label, text, full in ((self.x_value, "({})", run.point), (self.df_value, "[{}]", run.gradient)):
                label.setText(text.format(", ".join(number(c) for c in full)))
                _let_shrink(label, many, text.format(", ".join(format_number(c) for c in full)))
        else:
            self.x_value.setText(format_number(run.point[0]))
            self.df_value.setText(format_number(run.gradient[0]))
        self.f_value.setText(format_number(run.value))
        self.steps_value.setText(str(run.steps))

    def show_status(self, text: str, kind: str) -> None:
        """The status line in its kind's colour (bold unless plain)."""
        color = theme.STATUS_COLORS.get(kind, theme.STATUS_TEXT_COLOR)
        restyle(self.status, f"color: {color}; font-weight: {'bold' if kind else 'normal'}")
        if self.status.full_text() != text:
            self.status.setText(text)

    def status_text(self) -> str:
        """The whole status line, as the student reads it (its tooltip has what is cut)."""
        return self.status.full_text()


def _let_shrink(label: QLabel, shrink: bool, full: str) -> None:
    """A vector's label free to be narrower than its text (``shrink``: the numbers of n
    variables), all of it then in its tooltip; else as wide as its text, as before."""
    policy = QSizePolicy.Policy.Ignored if shrink else QSizePolicy.Policy.Preferred
    if label.sizePolicy().horizontalPolicy() != policy:
        label.setSizePolicy(policy, QSizePolicy.Policy.Preferred)
    label.setToolTip(full if shrink else "")


def restyle(widget, style: str) -> None:
    """Set a style sheet only when it changes: each set re-polishes the widget (~0.4 ms),
    and the labels are restyled on every step and every move of a slider."""
    if widget.styleSheet() != style:
        widget.setStyleSheet(style)
