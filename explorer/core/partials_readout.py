"""Every partial of a function of n variables at a point, term by term, as plain text.

For ``f(x, y, z) = x^3yz^2`` at (1, 1, 1) the readout of ∂f/∂z is the term rule
``x³yz² → 2x³yz`` and the substitution line ``= 2x³yz = 2(1)³(1)(1) = 2``; a term without
the variable goes to 0 as a constant.  The command line's ``grad --terms`` prints it and a
pane listing all n partials can show the same rows (the surface readout of two variables
keeps its own layout).  Names are shown as a book prints them (``∂L/∂w₁``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from .calculus import Function
from .notation import format_value, pretty, substitution_line
from .subscripts import shown_name

__all__ = ["PartialRow", "PartialsReadout", "partials_readout"]


@dataclass(frozen=True)
class PartialRow:
    """∂f/∂variable at the point: ``rules`` are (term as typed, its derivative, whether it is
    a constant in this variable), in the order typed; ``line`` is the substitution line
    (``= 6x + 2y = 6(1) + 2(2) = 10``) or, at a corner, what the slopes are there; ``value``
    is the partial's value (nan where it does not exist)."""

    variable: str
    label: str
    rules: tuple[tuple[str, str, bool], ...]
    line: str
    value: float


@dataclass(frozen=True)
class PartialsReadout:
    """The term-by-term readout of f's partials at ``point`` (its variables' order): a
    :class:`PartialRow` per variable; ``name`` is f's."""

    name: str
    point: tuple[float, ...]
    rows: tuple[PartialRow, ...]

    def lines(self) -> list[str]:
        """The readout as lines of text: per variable its label, its terms and the substitution."""
        out: list[str] = []
        for row in self.rows:
            shown = shown_name(row.variable)
            if len(row.rules) == 1:
                term, derivative, constant = row.rules[0]
                out.append(f"{row.label}: {term} → {derivative}" + (f" (no {shown}: a constant)" if constant else ""))
            else:
                out.append(f"{row.label}, term by term:")
                for term, derivative, constant in row.rules:
                    out.append(f"  {term} → {derivative}" + (f" (no {shown}: a constant)" if constant else ""))
            out.append(f"  {row.line}")
        return out


def partials_readout(function: Function, point: Sequence[float]) -> PartialsReadout:
    """The term-by-term readout of every partial of ``function`` at ``point`` (one
    coordinate per variable, in the function's variable order)."""
    point = tuple(float(c) for c in point)
    if len(point) != len(function.variables):
        raise ValueError(f"{function.signature()} takes {len(function.variables)} coordinates, got {len(point)}")
    values = function.partials_at(point)
    kinks = function.kinks_at(point) if math.isfinite(function.value_at(point)) else (None,) * len(values)
    at = dict(zip(function.variables, point))
    rows = []
    for variable, partial, value, kink in zip(function.variable_names, function.partials, values, kinks):
        rules = tuple((rule.typed or pretty(rule.term, function.variables),
                       pretty(rule.chain.derivative if rule.chain else rule.derivative, function.variables),
                       rule.is_constant)
                      for rule in function.term_breakdown(variable))
        if kink is not None:
            line = (f"undefined: a corner, slope {format_value(kink[0])} from the left, "
                    f"{format_value(kink[1])} from the right")
            value = math.nan
        else:
            line = substitution_line(partial, at, value)
        rows.append(PartialRow(variable, f"∂{function.name}/∂{shown_name(variable)}", rules, line, value))
    return PartialsReadout(function.name, point, tuple(rows))
