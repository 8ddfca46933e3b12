"""What the quiz tells a student: the slip a wrong formula shows, and the hints.

A wrong answer is explained only when a few slips — at most one per term of f — account
for the *whole* difference between it and the right answer (never for part of it).  The
slips, each in the lesson's words:

- a term with no v kept (it is a constant: it contributes 0), or differentiated by the
  other variable as if that one were changing (the lesson's own misconception: for ∂f/∂x,
  y is held constant, so 2y contributes 0, not 2);
- a term left as it is; the power rule's factor or its lowered power missed;
- a term with v differentiated by the other variable instead;
- the chain rule's inner factor forgotten (inside a power, sin, cos, ln, e^…), the sign of
  cos's derivative, and the quotient rule's usual slips (top and bottom differentiated
  apart, the minus made a plus, the square of the bottom missed).

Hints go from the rule, to which terms hold the variable, to each term's derivative, to
the whole partial: the first never gives the answer away.
"""

from __future__ import annotations

import itertools
import math
import random

from .lazy_sympy import sympy

from .answer_check import Outcome, compare
from .calculus import Function, _value, chain_rule
from .notation import format_value, pretty
from .subscripts import shown_name

__all__ = ["diagnose", "hints", "MAX_COMBINATIONS"]

MAX_COMBINATIONS = 20_000  # slip combinations weighed at most (beyond, single slips only)


def diagnose(f: Function, variable: str, answer: sympy.Expr, expected: sympy.Expr) -> str:
    """The note for a wrong ``answer`` to ∂f/∂``variable`` (``expected``), without the ✗."""
    for w in f.variable_names:
        if w != variable and compare(answer, f.partial(w), f.variables) is Outcome.SAME:
            return f"That is ∂{f.name}/∂{shown_name(w)}; the question asks for ∂{f.name}/∂{shown_name(variable)}."
    notes = _explained(answer - expected, _slips(f, variable), f.variables)
    if notes:
        return "Not quite: " + "; ".join(notes) + "."
    return "Not quite. Try Hint for the term-by-term rule."


def _slips(f: Function, v: str) -> list[list[tuple[sympy.Expr, str]]]:
    """Each term's possible slips: (what the student wrote less what is right, the note)."""
    symbol = f.variables[f.variable_names.index(v)]
    others = [(shown_name(w), s) for w, s in zip(f.variable_names, f.variables) if w != v]
    v = shown_name(v)  # the notes name variables as the book prints them (w₁)
    typed = f.term_displays  # each term as typed (empty where the parser did not see them)
    slips = []
    for index, term in enumerate(f.terms):
        shown = typed[index] if typed else pretty(term, f.variables)
        if not term.has(symbol):
            options = [(term, f"{shown} has no {v}: it is a constant and contributes 0")]
            for w, other in others:
                if term.has(other):
                    by_w = sympy.diff(term, other)
                    options.append((by_w, f"{shown} was differentiated by {w} (to {pretty(by_w, f.variables)}), as if "
                                          f"{w} were changing: for ∂{f.name}/∂{v}, {w} is held constant, so {shown} "
                                          f"is a constant and contributes 0"))
            slips.append(options)
            continue
        derivative = sympy.diff(term, symbol)
        said = pretty(derivative, f.variables)
        options = [(term - derivative, f"{shown} was left as it is: differentiate it, to {said}")]
        # The chain rule's note first: sin(3x + y) differentiated by y is also cos(3x + y),
        # and the forgotten inner factor is the likelier slip.
        options += _chain_slips(f, term, symbol, shown, derivative, said)
        options += _quotient_slips(term, symbol, shown, derivative, said)
        options.append((-2 * derivative, f"{shown} contributes {said}: the sign is off"))
        for w, other in others:
            if term.has(other):
                options.append((sympy.diff(term, other) - derivative,
                                f"{shown} was differentiated by {w}: for ∂{f.name}/∂{v} hold {w} constant, "
                                f"so {shown} contributes {said}"))
        power = _power_of(term, symbol)
        if power is not None and power != 1:
            options += [(derivative / power - derivative, f"for {shown} the power rule brings the {pretty(power)} "
                                                          f"down as a factor: {said}"),
                        (derivative * symbol - derivative, f"for {shown} the power rule lowers the power by one: {said}")]
        slips.append(options)
    return slips


def _chain_slips(f: Function, term, symbol, shown: str, derivative, said: str) -> list[tuple[sympy.Expr, str]]:
    try:
        chain = chain_rule(term, symbol, f.variables, derivative=derivative)
    except (TypeError, ValueError, ArithmeticError):
        chain = None
    options = []
    if chain is not None and chain.inner_derivative not in (0, 1):
        inner = pretty(chain.inner_derivative, f.variables)
        options.append((derivative / chain.inner_derivative - derivative,
                        f"for {shown} the chain rule multiplies by the inside's derivative, ∂/∂{symbol} of "
                        f"{chain.inner_text} = {inner}: {said}"))
    if any(isinstance(a, sympy.cos) for a in sympy.preorder_traversal(term)) and not term.has(sympy.sin):
        options.append((-2 * derivative, f"the derivative of cos is −sin: {shown} contributes {said}"))
    return options


def _quotient_slips(term, symbol, shown: str, derivative, said: str) -> list[tuple[sympy.Expr, str]]:
    top, bottom = sympy.fraction(term)
    if not (top.has(symbol) and bottom.has(symbol)):
        return []
    dt, db = sympy.diff(top, symbol), sympy.diff(bottom, symbol)
    note = f"for {shown} the quotient rule is (top′·bottom − top·bottom′)/bottom²: {said}"
    options = [((dt * bottom + top * db) / bottom**2 - derivative, note),
               ((dt * bottom - top * db) / bottom - derivative, note)]
    if db != 0:
        options.append((dt / db - derivative, note))
    return options


def _power_of(term: sympy.Expr, symbol: sympy.Symbol):
    """n where ``term`` is c·symbolⁿ·(other variables), else None."""
    coefficient, rest = term.as_independent(symbol, as_Add=False)
    base, exponent = rest.as_base_exp()
    return exponent if base == symbol and exponent.is_number else None


def _explained(extra: sympy.Expr, slips: list[list[tuple[sympy.Expr, str]]], variables) -> list[str]:
    """The notes of the fewest slips (at most one per term) that add up exactly to ``extra``
    (the answer less the right one), or [] where none do.  The sums are compared in floats
    at a few points (a big answer is never expanded); the one found is then confirmed by
    :func:`~explorer.core.answer_check.compare`."""
    symbols = sorted(extra.free_symbols | {s for options in slips for d, _ in options for s in d.free_symbols}, key=str)
    rng = random.Random(7)
    points = [{s: rng.uniform(0.3, 1.7) * rng.choice((1, -1)) for s in symbols} for _ in range(4)]
    target = [_value(extra, p) for p in points]
    if not all(math.isfinite(t) for t in target):
        return []
    numbered = [[(tuple(_value(d, p) for p in points), d, note) for d, note in options] for options in slips]
    combinations = math.prod(len(options) + 1 for options in numbered)
    if combinations > MAX_COMBINATIONS:  # many terms: one slip alone, not every mix of them
        choices = [[None] * i + [option] + [None] * (len(numbered) - i - 1)
                   for i, options in enumerate(numbered) for option in options]
    else:
        choices = itertools.product(*[[None, *options] for options in numbered])
    best = None
    for choice in choices:
        chosen = [c for c in choice if c is not None]
        if not chosen or (best is not None and len(chosen) >= len(best)):
            continue
        sums = [sum(c[0][k] for c in chosen) for k in range(len(points))]
        if all(math.isfinite(v) and abs(v - t) <= 1e-7 * (1 + abs(v) + abs(t)) for v, t in zip(sums, target)):
            best = chosen
    if best is None or compare(sum((d for _, d, _ in best), sympy.Integer(0)), extra, variables) is not Outcome.SAME:
        return []
    return [note for _, _, note in best]


def hints(f: Function, variables: list[str], at: tuple[float, ...] | None, point_text: str) -> list[str]:
    """The term-by-term rule, a line a Hint: first the rule, then which terms hold the
    variable, then each term's derivative, then the whole partial (and its value at ``at``)."""
    lines = []
    if len(variables) > 1:
        others = "the other variable" if len(variables) == 2 else "the other variables"
        lines.append(f"∇{f.name} lists the partial derivatives: " + ", ".join(f"∂{f.name}/∂{shown_name(v)}" for v in variables)
                     + f", each with {others} held constant.")
    for name in variables:
        v = shown_name(name)  # w1 as the book prints it, w₁
        held = [shown_name(w) for w in f.variable_names if w != name]
        held_text = " and ".join(held) if len(held) <= 2 else ", ".join(held[:-1]) + " and " + held[-1]
        rule = f"For ∂{f.name}/∂{v}, differentiate term by term"
        rule += f" with {held_text} held constant: a term with no {v} is a constant and contributes 0." if held else "."
        if len(variables) == 1:
            lines.append(rule)
        rows = f.term_breakdown(name)
        shown = [row.typed or pretty(row.term, f.variables) for row in rows]
        with_v = [s for s, row in zip(shown, rows) if not row.is_constant]
        without = [s for s, row in zip(shown, rows) if row.is_constant]
        which = f"Terms with {v}: {', '.join(with_v) or 'none'}"
        which += f"; with no {v} (0): {', '.join(without)}." if without else "."
        lines.append(which)
        for term, row in zip(shown, rows):
            if not row.is_constant:
                lines.append(f"∂/∂{v} of {term} = {pretty(row.derivative, f.variables)}")
        line = f"so ∂{f.name}/∂{v} = {pretty(f.partial(name), f.variables)}"
        if at is not None:
            value = f.partials_at(at)[f.variable_names.index(name)]
            line += f", and at {point_text} it is {format_value(value)}"
        lines.append(line)
    return lines
