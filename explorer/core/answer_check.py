"""Whether a typed answer is the right one, decided the way a careful grader decides it.

Two formulas are the same answer when they agree wherever both have a value: this module
compares them *by numbers* at many random points of the plane (never by asking sympy to
simplify their difference, which fails on ``2sec²(2x − y)`` against ``2/cos²(2x − y)`` and
takes minutes on ``(x + y + 1)¹⁰⁰⁰``).  Conventions fixed here once:

- Values are real.  A point where either side has no real value (ln of a negative, √ of
  a negative, a division by zero, a number beyond :data:`MAGNITUDE_BITS`) is skipped, not
  counted: an answer is judged only where both sides exist.  An odd root of a negative
  number is the real root (``cbrt(−8) = −2``, ``(−8)^(1/3) = −2``), as the lesson draws it.
- Each value is worked out in mpmath at 64 bits, then again at twice the precision; where
  the two differ (cancellation: an expanded ``(2x + 2y + 2)¹²(x + y + 3)¹² − …``) the
  precision doubles again, up to :data:`MAX_BITS`.  A point whose value is still unsure
  there is skipped too.  Both sides agree at a point when they differ by less than
  :data:`RELATIVE` of their size (plus the error bound of the evaluation).
- :func:`compare` answers ``SAME`` only after :data:`AGREEING_POINTS` points agree and none
  disagrees, ``DIFFERENT`` on one point where they clearly differ, and ``UNDECIDED`` when
  too few points have values on both sides (then, and only for polynomials of modest
  degree, a symbolic expansion decides; nothing else is ever simplified).

Work is bounded: expressions over :data:`MAX_NODES` nodes are not evaluated, exponentials
and powers whose result would exceed :data:`MAGNITUDE_BITS` bits count as "no value", and
the precision never exceeds :data:`MAX_BITS`.  Nothing here raises: every failure is a
point without a value.
"""

from __future__ import annotations

import enum
import functools
import math
import random
from typing import TYPE_CHECKING, Callable, Sequence

from .lazy_sympy import sympy

if TYPE_CHECKING:
    import mpmath

__all__ = ["Outcome", "compare", "number_value", "MAX_NODES"]

RELATIVE = 1e-9  # |a − b| within this of max(|a|, |b|): the same value
CLEARLY = 1e-6  # |a − b| beyond this of max(|a|, |b|) (and beyond the error bound): different
START_BITS = 64
MAX_BITS = 1024
MAGNITUDE_BITS = 1 << 16  # |value| < 2^65536 (about 10^19728): beyond it a value is "too large"
MAX_NODES = 3000
AGREEING_POINTS = 16
MAX_POINTS = 80
POLYNOMIAL_DEGREE = 40  # a symbolic expansion is tried only on polynomials up to this degree


class Outcome(enum.Enum):
    SAME = "same"
    DIFFERENT = "different"
    UNDECIDED = "undecided"  # too few points where both sides have a value


class _NoValue(ArithmeticError):
    """The expression has no real value at this point (or none we may work out)."""


# ---------------------------------------------------------------------- evaluation
@functools.cache
def _contexts() -> dict[int, mpmath.ctx_mp.MPContext]:
    # One context per precision, never mpmath.mp: the global context's precision is shared
    # state other code (and other threads) may be using.
    import mpmath  # here, not at the top: checking an answer is the first use, well after the first frame

    contexts = {}
    bits = START_BITS
    while bits <= MAX_BITS:
        ctx = mpmath.MPContext()
        ctx.prec = bits
        contexts[bits] = ctx
        bits *= 2
    return contexts


def _real(ctx, value):
    if isinstance(value, ctx.mpc):
        if value.imag != 0:
            raise _NoValue
        value = value.real
    if not ctx.isfinite(value) or (value != 0 and ctx.mag(value) > MAGNITUDE_BITS):
        raise _NoValue
    return value


def _exp_guard(ctx, u):
    # e^u for |u| beyond this has more than MAGNITUDE_BITS bits of exponent (or underflows
    # below any answer's size): no value, before mpmath spends memory on it.
    if abs(u) > MAGNITUDE_BITS * 0.69:
        raise _NoValue
    return u


def _power(ctx, base, exponent, exact_exponent):
    """base^exponent; an odd root of a negative base is the real root."""
    if base == 0:
        if exponent <= 0:
            raise _NoValue
        return ctx.zero
    if base < 0:
        if exact_exponent is None or not exact_exponent.is_Rational:
            raise _NoValue  # (−2)^x, (−2)^0.5: no real value
        p, q = int(exact_exponent.p), int(exact_exponent.q)
        if q % 2 == 0:
            raise _NoValue
        size = abs(exponent) * ctx.log(-base, 2)
        if size > MAGNITUDE_BITS:
            raise _NoValue
        magnitude = ctx.power(-base, exponent)
        return -magnitude if p % 2 else magnitude
    if abs(exponent * ctx.log(base, 2)) > MAGNITUDE_BITS:
        raise _NoValue
    return ctx.power(base, exponent)


def _checked(function: Callable) -> Callable:
    def apply(ctx, *args):
        try:
            return _real(ctx, function(ctx, *args))
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            raise _NoValue from None
    return apply


def _throw():
    raise _NoValue


def _inverse(ctx, value):
    if value == 0:
        raise _NoValue
    return 1 / value


@functools.cache
def _functions() -> dict[type, Callable]:
    """sympy's function classes → their mpmath workings (built on the first check, as
    sympy is imported only then)."""
    return {
        sympy.sin: lambda ctx, u: ctx.sin(u),
        sympy.cos: lambda ctx, u: ctx.cos(u),
        sympy.tan: lambda ctx, u: ctx.tan(u),
        sympy.sec: lambda ctx, u: _inverse(ctx, ctx.cos(u)),
        sympy.csc: lambda ctx, u: _inverse(ctx, ctx.sin(u)),
        sympy.cot: lambda ctx, u: _inverse(ctx, ctx.tan(u)),
        sympy.asin: lambda ctx, u: ctx.asin(u),
        sympy.acos: lambda ctx, u: ctx.acos(u),
        sympy.atan: lambda ctx, u: ctx.atan(u),
        sympy.acot: lambda ctx, u: ctx.acot(u),
        sympy.asec: lambda ctx, u: ctx.asec(u),
        sympy.acsc: lambda ctx, u: ctx.acsc(u),
        sympy.sinh: lambda ctx, u: ctx.sinh(_exp_guard(ctx, u)),
        sympy.cosh: lambda ctx, u: ctx.cosh(_exp_guard(ctx, u)),
        sympy.tanh: lambda ctx, u: ctx.tanh(u),
        sympy.sech: lambda ctx, u: ctx.sech(u),
        sympy.csch: lambda ctx, u: _inverse(ctx, ctx.sinh(_exp_guard(ctx, u))),
        sympy.coth: lambda ctx, u: _inverse(ctx, ctx.tanh(u)),
        sympy.asinh: lambda ctx, u: ctx.asinh(u),
        sympy.acosh: lambda ctx, u: ctx.acosh(u),
        sympy.atanh: lambda ctx, u: ctx.atanh(u) if abs(u) < 1 else _throw(),
        sympy.exp: lambda ctx, u: ctx.exp(_exp_guard(ctx, u)),
        sympy.log: lambda ctx, u: ctx.log(u) if u > 0 else _throw(),
        sympy.Abs: lambda ctx, u: abs(u),
        sympy.sign: lambda ctx, u: ctx.sign(u),
        sympy.Heaviside: lambda ctx, u: ctx.one if u > 0 else (ctx.zero if u < 0 else ctx.mpf(0.5)),
        sympy.floor: lambda ctx, u: ctx.floor(u),
        sympy.ceiling: lambda ctx, u: ctx.ceil(u),
        sympy.erf: lambda ctx, u: ctx.erf(u),
    }


def _compile(expr: sympy.Basic, symbols: tuple) -> Callable:
    """``expr`` as a function (ctx, values) → real mpf, values in the order of ``symbols``;
    raises :class:`_NoValue` where it has none."""
    if expr.is_Symbol:
        index = symbols.index(expr)
        return lambda ctx, values: values[index]
    if expr.is_Rational:
        p, q = int(expr.p), int(expr.q)
        return lambda ctx, values: ctx.mpf(p) / q if q != 1 else ctx.mpf(p)
    if expr.is_Float:
        text = str(expr)
        return lambda ctx, values: ctx.mpf(text)
    if expr is sympy.pi:
        return lambda ctx, values: +ctx.pi
    if expr is sympy.E:
        return lambda ctx, values: +ctx.e
    if expr.is_Add or expr.is_Mul:
        parts = [_compile(a, symbols) for a in expr.args]
        if expr.is_Add:
            def add(ctx, values):
                return _real(ctx, ctx.fsum(part(ctx, values) for part in parts))
            return add

        def multiply(ctx, values):
            product = ctx.one
            for part in parts:
                product = _real(ctx, product * part(ctx, values))
            return product
        return multiply
    if expr.is_Pow:
        base, exponent = _compile(expr.base, symbols), _compile(expr.exp, symbols)
        exact = expr.exp if expr.exp.is_Rational else None
        if exact is not None and exact == -1:
            return lambda ctx, values: _inverse(ctx, base(ctx, values))

        def power(ctx, values):
            try:
                return _real(ctx, _power(ctx, base(ctx, values), exponent(ctx, values), exact))
            except (ValueError, ZeroDivisionError, OverflowError):
                raise _NoValue from None
        return power
    if isinstance(expr, sympy.Piecewise):
        pieces = [(_compile(value, symbols), _compile_condition(condition, symbols)) for value, condition in expr.args]

        def piecewise(ctx, values):
            for value, condition in pieces:
                if condition(ctx, values):
                    return value(ctx, values)
            raise _NoValue
        return piecewise
    if isinstance(expr, sympy.Function) and len(expr.args) == 1:
        inner = _compile(expr.args[0], symbols)
        known = _functions().get(expr.func)
        if known is not None:
            apply = _checked(known)
            return lambda ctx, values: apply(ctx, inner(ctx, values))
        return _by_sympy(expr.func, inner)
    if expr.is_Number:  # oo, zoo, nan
        return lambda ctx, values: _throw()
    raise _Unsupported(type(expr).__name__)


class _Unsupported(ValueError):
    pass


def _by_sympy(func, inner: Callable) -> Callable:
    """A one-argument function we do not list (one a future version of the parser may add,
    a real cube root of its own): worked out by sympy on a number, which is bounded."""
    def apply(ctx, values):
        u = inner(ctx, values)
        digits = int(ctx.prec * 0.302) + 5
        try:
            value = func(sympy.Float(ctx.nstr(u, digits), digits)).evalf(digits)
            number = complex(value)
        except (TypeError, ValueError, ArithmeticError):
            raise _NoValue from None
        if number.imag != 0:
            raise _NoValue
        return _real(ctx, ctx.mpf(str(value if value.is_real else sympy.re(value))))
    return apply


def _compile_condition(condition, symbols: tuple) -> Callable:
    if condition is sympy.true:
        return lambda ctx, values: True
    if isinstance(condition, sympy.core.relational.Relational):
        lhs, rhs = _compile(condition.lhs, symbols), _compile(condition.rhs, symbols)
        op = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
              ">=": lambda a, b: a >= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b}[condition.rel_op]
        return lambda ctx, values: op(lhs(ctx, values), rhs(ctx, values))
    if isinstance(condition, (sympy.And, sympy.Or)):
        parts = [_compile_condition(c, symbols) for c in condition.args]
        if isinstance(condition, sympy.And):
            return lambda ctx, values: all(p(ctx, values) for p in parts)
        return lambda ctx, values: any(p(ctx, values) for p in parts)
    raise _Unsupported(type(condition).__name__)


def _nodes(expr: sympy.Basic) -> int:
    return sum(1 for _ in sympy.preorder_traversal(expr))


@functools.lru_cache(maxsize=256)
def _compiled(expr: sympy.Basic, symbols: tuple) -> Callable | None:
    if _nodes(expr) > MAX_NODES:
        return None
    try:
        return _compile(expr, symbols)
    except _Unsupported:
        return None


def _value(function: Callable, point: Sequence[float], bits: int):
    """(value, error bound) at ``point`` (floats, exact in binary) with ``bits`` of
    precision checked against twice as many; raises :class:`_NoValue`."""
    contexts = _contexts()
    low, high = contexts[bits], contexts[2 * bits]
    try:
        a = function(low, [low.mpf(c) for c in point])
        b = function(high, [high.mpf(c) for c in point])
    except (ValueError, ZeroDivisionError, OverflowError, TypeError):
        raise _NoValue from None
    # The error at the higher precision is about the lower one's error times 2^−bits.
    return b, abs(b - a) * high.ldexp(1, -bits + 4)


def _accurate(function: Callable, point: Sequence[float]):
    """The value at ``point`` and its error bound, the precision raised until the error is
    below RELATIVE²; :class:`_NoValue` where it has none (or stays unsure)."""
    bits = START_BITS
    while 2 * bits <= MAX_BITS:
        value, error = _value(function, point, bits)
        if error <= RELATIVE * RELATIVE * abs(value) or (value == 0 and error == 0):
            return value, error
        bits *= 2
    return value, error  # unsure: the caller weighs the error


# ---------------------------------------------------------------------- comparing
def _points(count: int, dimensions: int, seed: int = 20261207):
    """Random points of the plane: each coordinate of either sign (positive more often, for
    ln and √), its size mostly from 0.05 to 4 and now and then up to 30 (a domain that
    starts at x = 10 is met too)."""
    rng = random.Random(seed)
    for _ in range(count):
        yield tuple(rng.choice((1, 1, -1)) * rng.choice((rng.uniform(0.05, 1.0), rng.uniform(0.3, 2.0),
                                                         rng.uniform(1.0, 4.0), rng.uniform(0.05, 4.0),
                                                         rng.uniform(4.0, 30.0)))
                    for _ in range(dimensions))


def compare(a: sympy.Expr, b: sympy.Expr, variables: Sequence[sympy.Symbol] = ()) -> Outcome:
    """Whether ``a`` and ``b`` (sympy expressions of real ``variables``) are the same
    function, by their values at up to :data:`MAX_POINTS` random points (see the module
    docstring).  Never raises."""
    if a == b:  # the very same tree (typed as the answer is written): nothing to test
        return Outcome.SAME
    symbols = tuple(sorted(set(variables) | a.free_symbols | b.free_symbols, key=str))
    fa, fb = _compiled(a, symbols), _compiled(b, symbols)
    if fa is None or fb is None:
        return _by_expansion(a, b, symbols)
    agreeing = 0
    for point in _points(MAX_POINTS if symbols else 1, len(symbols)):
        try:
            va, ea = _accurate(fa, point)
            vb, eb = _accurate(fb, point)
        except _NoValue:
            continue
        size = max(abs(va), abs(vb))
        difference = abs(va - vb)
        if difference <= RELATIVE * size + 4 * (ea + eb):
            agreeing += 1
            if agreeing >= AGREEING_POINTS or not symbols:
                return Outcome.SAME
        elif difference > CLEARLY * size and difference > 1000 * (ea + eb):
            return Outcome.DIFFERENT
    return _by_expansion(a, b, symbols) if agreeing == 0 else (
        Outcome.SAME if agreeing >= AGREEING_POINTS // 2 else Outcome.UNDECIDED)


def _by_expansion(a: sympy.Expr, b: sympy.Expr, symbols: tuple) -> Outcome:
    """The symbolic check, only where it is cheap: polynomials of modest degree."""
    try:
        difference = a - b
        if symbols and not difference.is_polynomial(*symbols):
            return Outcome.UNDECIDED
        degree = sum(sympy.Poly(difference, *symbols).degree_list()) if symbols else 0
        if degree > POLYNOMIAL_DEGREE:
            return Outcome.UNDECIDED
        return Outcome.SAME if sympy.expand(difference) == 0 else Outcome.DIFFERENT
    except (TypeError, ValueError, ArithmeticError, RecursionError, sympy.PolynomialError):
        return Outcome.UNDECIDED


def number_value(expr: sympy.Expr) -> float:
    """A constant expression's value as a float (``e^2``, ``sqrt(2)/2``), nan where it has
    no real value or is beyond a float (``e^e^e^e^e``), worked out within the same bounds."""
    function = _compiled(expr, ())
    if function is None:
        return math.nan
    try:
        value, _ = _accurate(function, ())
        number = float(value)
    except (_NoValue, OverflowError):
        return math.nan
    return number if math.isfinite(number) else math.nan
