"""The readout beside the surface: the point, f, both partials (formula and value), ∇f,
|∇f|, and the term-by-term rule for each partial."""

from __future__ import annotations

import html
import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from ..core.calculus import Function
from ..core.notation import MINUS, format_number, pretty
from .surface_view import X_COLOR, Y_COLOR


def _label(name: str, accessible: str, *, big: bool = False, rich: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setAccessibleName(accessible)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setWordWrap(rich)
    if big:
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        label.setFont(font)
    return label


class ReadoutPanel(QWidget):
    """Numbers are shown with 4 decimals in their own labels (``dfdxValue`` holds just
    "10.0000"), so they can be read aloud, copied and tested."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("readoutPanel")
        self.point_label = _label("pointLabel", "Point")
        self.value_name = QLabel("f")
        self.value_label = _label("valueLabel", "Value of f", big=True)
        self.dfdx_name = QLabel()
        self.dfdx_formula = _label("dfdxFormula", "Partial derivative in x, formula")
        self.dfdx_value = _label("dfdxValue", "Partial derivative in x, value", big=True)
        self.dfdy_name = QLabel()
        self.dfdy_formula = _label("dfdyFormula", "Partial derivative in y, formula")
        for formula in (self.dfdx_formula, self.dfdy_formula):
            formula.setWordWrap(True)  # a long partial wraps at its spaces, not widen the panel
        self.dfdy_value = _label("dfdyValue", "Partial derivative in y, value", big=True)
        self.gradient_name = QLabel()
        self.gradient_value = _label("gradientValue", "Gradient", big=True)
        self.norm_name = QLabel()
        self.gradient_norm_value = _label("gradientNormValue", "Length of the gradient", big=True)
        self.breakdown = _label("termBreakdown", "Partial derivatives term by term", rich=True)
        self.gradient_note = _label("gradientNote", "What the gradient means", rich=True)

        self.dfdx_name.setStyleSheet(f"color: {X_COLOR}; font-weight: bold")
        self.dfdx_value.setStyleSheet(f"color: {X_COLOR}")
        self.dfdy_name.setStyleSheet(f"color: {Y_COLOR}; font-weight: bold")
        self.dfdy_value.setStyleSheet(f"color: {Y_COLOR}")

        values = QGroupBox("At the point")
        form = QFormLayout(values)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow("point", self.point_label)
        form.addRow(self.value_name, self.value_label)
        form.addRow(self.dfdx_name, self.dfdx_value)
        form.addRow("", self.dfdx_formula)
        form.addRow(self.dfdy_name, self.dfdy_value)
        form.addRow("", self.dfdy_formula)
        form.addRow(self.gradient_name, self.gradient_value)
        form.addRow(self.norm_name, self.gradient_norm_value)

        rule = QGroupBox("Term by term")
        rule_layout = QVBoxLayout(rule)
        rule_layout.addWidget(self.breakdown)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(values)
        layout.addWidget(self.gradient_note)
        layout.addWidget(rule)
        layout.addStretch(1)

    def show_point(self, function: Function, x0: float, y0: float) -> None:
        name = function.name
        vx, vy = function.variable_names
        value, fx, fy = function.evaluate_point((x0, y0))
        self.point_label.setText(f"({vx}, {vy}) = ({format_number(x0)}, {format_number(y0)})")
        self.value_name.setText(f"{name}({vx}, {vy})")
        self.value_label.setText(format_number(value))
        self.dfdx_name.setText(f"∂{name}/∂{vx}")
        self.dfdy_name.setText(f"∂{name}/∂{vy}")
        self.dfdx_formula.setText(f"= {pretty(function.partials[0])}")
        self.dfdy_formula.setText(f"= {pretty(function.partials[1])}")
        self.dfdx_value.setText(format_number(fx))
        self.dfdy_value.setText(format_number(fy))
        self.gradient_name.setText(f"∇{name}")
        self.norm_name.setText(f"|∇{name}|")
        self.gradient_value.setText(f"[{format_number(fx)}, {format_number(fy)}]")
        norm = math.hypot(fx, fy)
        self.gradient_norm_value.setText(format_number(norm))
        if not math.isfinite(value):
            note = f"{name} is undefined at this point."
        elif not (math.isfinite(fx) and math.isfinite(fy)):
            note = f"{name} has no slope here (a kink or an edge): the partials are undefined."
        elif norm < 1e-9:
            note = f"∇{name} is zero: a flat spot — a minimum, a maximum or a saddle."
        else:
            # Below the readout's 4 decimals, say how small rather than "0.0000".
            length = format_number(norm) if norm >= 5e-5 else f"{norm:.3g}".replace("-", MINUS)
            note = (
                f"∇{name} points uphill (black arrow on the floor); its length {length} is the "
                f"steepest slope. {MINUS}∇{name} points downhill: gradient descent steps that way."
            )
        self.gradient_note.setText(f"<i>{html.escape(note)}</i>")
        self.breakdown.setText(self._breakdown_html(function))

    @staticmethod
    def _breakdown_html(function: Function) -> str:
        rows = []
        for variable, color in zip(function.variable_names, (X_COLOR, Y_COLOR)):
            rows.append(f"<b style='color:{color}'>∂{function.name}/∂{variable}</b>:")
            items = []
            for term in function.term_breakdown(variable):
                t, d = html.escape(pretty(term.term)), html.escape(pretty(term.derivative))
                if term.is_constant:
                    items.append(f"{t} → <b>0</b> <span style='color:#777'>(no {variable}: a constant)</span>")
                else:
                    items.append(f"{t} → <b>{d}</b>")
            rows.append("<br>".join("&nbsp;&nbsp;" + i for i in items))
        return "<br>".join(rows)
