"""Exact arithmetic on a budget.

sympy works exactly: a value put into a formula is multiplied out, however large the
result.  (x¹⁰⁰⁰)¹⁰⁰⁰ with x = 1.394119 put in is a fraction of two 2.8-million-digit
integers (minutes of work, and then no way to print it); e^(e^(e^(e^x))) with x = 3.33 put
in as a float asks mpmath for a number whose exponent alone fills the memory.  Every place
that puts numbers into a formula (a slice's formula, the parser's powers of numbers) goes
through this module, which works a part out exactly only where the result stays within

- :data:`DIGITS` decimal digits for an exact number (a numerator or a denominator), and
- a float's range for a float (beyond it a formula would print a finite number as ∞),

and otherwise leaves that part as written (1.394119¹⁰⁰⁰⁰⁰⁰, unevaluated), saying so.  The
budget is checked before the work, from the sizes of the numbers involved, so the time
spent is bounded by the budget itself (no timer is needed, nor could one stop a single
multiplication of huge integers).  The numbers the views show never come from here: they
are floats from compiled code (see :mod:`explorer.core.calculus`).
"""

from __future__ import annotations

import functools
import math
from typing import Mapping

from .lazy_sympy import sympy  # imported on first use

__all__ = ["DIGITS", "FLOAT_DIGITS", "digits", "power_digits", "substitute", "float_value", "constants",
           "NOT_WORKED_OUT"]

DIGITS = 10_000  #: decimal digits an exact number may have: microseconds of work (10⁶ digits take minutes)
FLOAT_DIGITS = 308  #: a float's range: 10³⁰⁸ (and 10⁻³⁰⁸) in decimal digits
_LOG10_2 = math.log10(2)
NOT_WORKED_OUT = f"left as written: worked out, a number in it would pass {DIGITS:,} digits or a float's range"


def _growing() -> tuple:
    """The functions whose value can leave a float's range (named when sympy is there)."""
    return (sympy.exp, sympy.sinh, sympy.cosh)


def digits(number: sympy.Expr) -> float:
    """Decimal digits of an exact number (the longer of numerator and denominator: 302 for
    2¹⁰⁰⁰, 0 for 1); 0 for a float or anything else."""
    if number.is_Rational:
        return max(math.log10(abs(int(number.p)) or 1), math.log10(int(number.q)))
    return 0.0


def _log10(number: sympy.Expr) -> float:
    """log10 |number| of a finite sympy number, whatever its size (0 for zero)."""
    if number.is_zero or not number.is_finite:
        return 0.0
    if number.is_Rational:
        return math.log10(abs(int(number.p))) - math.log10(int(number.q))
    mantissa, exponent = sympy.Float(abs(number))._mpf_[1:3]
    return math.log10(int(mantissa)) + exponent * math.log10(2)


def _coefficient(term: sympy.Expr) -> sympy.Expr:
    """The number a product carries (3 of 3xy; the number itself; 1 for anything else)."""
    if term.is_Number:
        return term
    if term.is_Mul:
        return term.as_coeff_Mul()[0]
    return sympy.Integer(1)


def power_digits(base: sympy.Expr, exponent: sympy.Expr) -> float:
    """The digits of the number sympy works out for ``base ** exponent`` with a numeric
    exponent: the base's number raised to it (sympy distributes a power over a product:
    (3x)¹⁰⁰⁰ is 3¹⁰⁰⁰x¹⁰⁰⁰).  For an exact result its digits; for a float its distance
    from 1 in decimal digits (0.5¹⁰⁰⁰⁰ is 10⁻³⁰¹⁰).  0 for a symbolic exponent."""
    if not (exponent.is_Number and exponent.is_finite):
        return 0.0
    c = _coefficient(base)
    n = abs(float(exponent)) if _log10(exponent) < FLOAT_DIGITS else math.inf
    if c.is_Float or exponent.is_Float:
        return n * abs(_log10(c))
    return n * digits(c)


def _fits(power_or_number_digits: float, is_float: bool) -> bool:
    return power_or_number_digits <= (FLOAT_DIGITS if is_float else DIGITS)


def _affordable(func, args) -> bool:
    """Whether sympy's own evaluation of ``func(*args)`` stays within the budget."""
    if func is sympy.Pow:
        base, exponent = args
        return _fits(power_digits(base, exponent), _coefficient(base).is_Float or exponent.is_Float)
    if func in (sympy.Add, sympy.Mul):
        numbers = [_coefficient(a) for a in args]
        if sum(digits(n) for n in numbers) > DIGITS:  # a sum or product of fractions: their digits add
            return False
        if not any(n.is_Float for n in numbers):
            return True
        size = abs(sum(_log10(n) for n in numbers)) if func is sympy.Mul else max(abs(_log10(n)) for n in numbers)
        return size <= FLOAT_DIGITS
    if func in _growing() and len(args) == 1 and args[0].is_Float:
        # mpmath would work e^a out at any size: the result's digits are a·log10(e).
        return abs(float(args[0])) * math.log10(math.e) <= FLOAT_DIGITS
    return True


def substitute(expression: sympy.Expr, values: Mapping[sympy.Symbol, sympy.Expr]) -> tuple[sympy.Expr, bool]:
    """``expression`` with ``values`` (symbol → a sympy number) put in: each part worked
    out as sympy would (``3x²`` at x = 2 is 12) where that stays within the budget, the
    rest left as written (``1.394119¹⁰⁰⁰⁰⁰⁰``), and everything above such a part too (a
    product would multiply it out).  Returns (the expression, whether all of it was worked
    out)."""
    done: dict = {}
    whole = [True]

    def rebuild(e: sympy.Basic) -> tuple[sympy.Basic, bool]:
        if e in values:
            return values[e], True
        if not e.args or not (e.free_symbols & values.keys()):
            return e, True
        if e in done:
            return done[e]
        parts = [rebuild(a) for a in e.args]
        args = [a for a, _ in parts]
        if all(ok for _, ok in parts) and _affordable(e.func, args):
            out = (e.func(*args), True)
        else:
            whole[0] = False
            try:
                out = (e.func(*args, evaluate=False), False)
            except TypeError:  # a class with no evaluate flag (a Piecewise's pair): nothing to work out
                out = (e.func(*args), False)
        done[e] = out
        return out

    return rebuild(expression)[0], whole[0]


@functools.lru_cache(maxsize=512)
def float_value(number: sympy.Expr) -> float:
    """A constant (no free symbols) in plain floats, never in arbitrary precision: ±inf
    beyond a float's range, nan where it has no real value.  What sympy's own ``complex()``
    or ``evalf`` would do to e^(e^(e^(e^3.33))) takes hours; this takes microseconds."""
    from sympy.printing.pycode import PythonCodePrinter

    # The printer keeps the sum's own order: ordering terms by value is what would take hours.
    printer = PythonCodePrinter({"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True,
                                 "user_functions": {}, "order": "none"})
    try:
        value = complex(sympy.lambdify((), number, modules="math", printer=printer, docstring_limit=0)())
    except OverflowError:
        return math.inf
    except (ValueError, ZeroDivisionError, TypeError, ArithmeticError, NameError, KeyError, SyntaxError):
        return math.nan
    if value.imag != 0:
        return math.nan
    return value.real


def constants(expression: sympy.Expr) -> list[sympy.Expr]:
    """The largest parts of ``expression`` that are constants but not plain numbers:
    e^(e^e) and 2π of e^(e^e)·x + 2πy (a plain number is a sympy Number, not listed)."""
    found: list[sympy.Expr] = []
    stack = [expression]
    while stack:
        e = stack.pop()
        if e.is_Number or not isinstance(e, sympy.Expr):
            continue
        if e.is_number:
            found.append(e)
        else:
            stack.extend(e.args)
    return found
