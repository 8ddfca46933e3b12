"""Partial derivatives, the gradient and their values: the calculus of one function.

Conventions: a :class:`Function` has ordered variables (``x, y`` or ``w, b``); every
per-variable result (partials, gradient components) follows that order.  Values are
float64.  Where the function is undefined (``ln`` of a negative, division by zero) the
values are nan or ±inf — evaluation never raises, and numpy's floating-point warnings are
silenced at this boundary because a hole in the surface is an answer, not an error.
"""

from __future__ import annotations

import functools
import math
import sys
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
from .lazy_sympy import sympy

from . import exact
from .expression import ParseError, ParsedFunction, check_variable_name, parse_function


def _float_code_printer():
    """A printer for plain-float code (the math module) that writes whole numbers as float
    literals and a square of a name as a product.

    CPython has no fast path for ``int * float``: ``-400*x`` costs half as much again as
    ``-400.0*x`` for the same float (the int is converted to exactly that double either
    way), and ``x*x`` is one multiply where ``x**2`` is a call to pow.  Descent's loops spend
    most of each step in ∇f, so this is what brings them near hand-written code.  Integers
    beyond 2⁵³ stay integers (as a literal they would round).
    """
    from sympy.printing.pycode import PythonCodePrinter

    class FloatCodePrinter(PythonCodePrinter):
        def _print_Integer(self, expr):
            return f"{float(expr.p)!r}" if abs(expr.p) < 2**53 else super()._print_Integer(expr)

        def _print_Rational(self, expr):
            if abs(expr.p) < 2**53 and abs(expr.q) < 2**53:
                return f"{float(expr.p)!r}/{float(expr.q)!r}"
            return super()._print_Rational(expr)

        def _print_Pow(self, expr, rational=False):
            if expr.exp == 2 and expr.base.is_Symbol:
                name = self._print(expr.base)
                return f"({name}*{name})"  # bracketed: y/x**2 is y/(x*x), never y/x*x
            return super()._print_Pow(expr, rational=rational)

    return FloatCodePrinter({"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True,
                             "user_functions": {}})

__all__ = ["Function", "TermDerivative", "ChainRule", "chain_rule", "function_from_text", "as_float"]


def _rounded_slope(slope: float) -> float:
    """A one-sided difference quotient to the digits it has (h = 10⁻⁶: about 6)."""
    return float(f"{slope:.6g}")


def one_sided_slopes(value_at: Callable, point: list[float]) -> tuple[tuple[float, float] | None, ...]:
    """Per variable: (the slope from the left, from the right) of ``value_at`` (a function
    of the whole point) where they differ at ``point`` (a corner), else None; each a
    difference quotient over h = 10⁻⁶ (relative), to the digits it has."""
    value = value_at(point)
    out = []
    for axis in range(len(point)):
        h = 1e-6 * max(1.0, abs(point[axis]))
        sides = []
        for sign in (-1.0, 1.0):
            nearby = list(point)
            nearby[axis] += sign * h
            sides.append(sign * (value_at(nearby) - value) / h)
        left, right = sides
        if all(math.isfinite(v) for v in sides) and abs(right - left) > 1e-3 * max(1.0, abs(left), abs(right)):
            out.append((_rounded_slope(left), _rounded_slope(right)))
        else:
            out.append(None)
    return tuple(out)


def precise_floats(raw) -> list[float | None]:
    """Arbitrary-precision results (mpmath numbers, exact integers) as floats: ±inf beyond a
    float's range (10⁴⁰⁰ is too large, not undefined), None where there is no real value (a
    value off the real line: the point is off the function's domain)."""
    out: list[float | None] = []
    for r in raw:
        try:
            value = complex(r)
        except OverflowError:
            out.append(math.inf if r > 0 else -math.inf)
            continue
        except (TypeError, ValueError):
            out.append(None)
            continue
        out.append(value.real if abs(value.imag) <= 1e-12 * max(1.0, abs(value.real)) else None)
    return out


def as_float(value) -> float:
    """A compiled function's output as a float: an exact integer beyond a float's range
    (the constant partial of 10⁴⁰⁰x) is ±inf, too large, not an error; None (a Piecewise
    with no piece for the point: 0^x at x ≤ 0) is nan, undefined."""
    if value is None:
        return math.nan
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def real_part(value: complex) -> float:
    """A complex result's real part where its imaginary part is rounding, else nan (off the
    real domain: a fractional power of a negative number)."""
    return value.real if abs(value.imag) <= 1e-12 * max(1.0, abs(value.real)) else math.nan


#: What plain-float code raises at a point it cannot evaluate: an intermediate overflow
#: (exp(800) in sigmoid(−800)), a domain error, a division by zero.
MATH_ERRORS = (OverflowError, ValueError, ZeroDivisionError, ArithmeticError, TypeError, KeyError, NameError)


class PointNumbers:
    """f and its partials at one point, as floats, for both kinds of function (:class:`Function`
    and the early one): plain-float code first (``_compiled_scalar``), numpy where it raises
    (``evaluate``), arbitrary precision where numpy overflows (``_compiled_mpmath``).  The
    class gives those three, ``variable_names`` and ``signature``; sympy-free."""

    def evaluate_point(self, point: Sequence[float]) -> tuple[float, ...]:
        """``(f, ∂f/∂v1, …)`` at one point, as floats; nan where undefined, ±inf on overflow."""
        if len(point) != len(self.variable_names):
            raise ValueError(f"{self.signature()} takes {len(self.variable_names)} coordinates, got {len(point)}")
        try:
            raw = self._compiled_scalar(*(float(c) for c in point))
        except MATH_ERRORS:
            # An intermediate overflow or a domain error: numpy carries inf/nan through and
            # often still gets the finite answer.
            return self._evaluate_point_numpy(point)
        return tuple(real_part(r) if isinstance(r, complex) else as_float(r) for r in raw)

    def _evaluate_point_numpy(self, point: Sequence[float]) -> tuple[float, ...]:
        # The math module raises at the first undefined piece; numpy goes on and tells
        # which parts are still defined (f may be finite where a partial is not).
        values = tuple(float(a) for a in self.evaluate(*point))
        if all(math.isfinite(v) for v in values):
            return values
        # inf/inf from an intermediate overflow (the slope of sigmoid at −800) is not an
        # undefined point: arbitrary-precision arithmetic settles it.
        precise = self._evaluate_point_mpmath(point)
        return tuple(p if (not math.isfinite(v) and p is not None and math.isfinite(p)) else v for v, p in zip(values, precise))

    def _evaluate_point_mpmath(self, point: Sequence[float]) -> list[float | None]:
        import mpmath

        try:
            raw = self._compiled_mpmath(*(mpmath.mpf(float(c)) for c in point))
        except (ValueError, ZeroDivisionError, ArithmeticError, TypeError, MemoryError, NameError):  # e^e^e^e^e^x: no room for it
            return [None] * (1 + len(self.variable_names))
        return precise_floats(raw)

    def value_at(self, point: Sequence[float]) -> float:
        """f at one point (a float; nan/inf where undefined)."""
        return self.evaluate_point(point)[0]

    def partials_at(self, point: Sequence[float]) -> tuple[float, ...]:
        """The partial derivatives at one point, in variable order."""
        return self.evaluate_point(point)[1:]

    gradient_at = partials_at

    def gradient_norm_at(self, point: Sequence[float]) -> float:
        return float(math.hypot(*self.partials_at(point)))


def derivative(expression: sympy.Expr, variable: sympy.Symbol) -> sympy.Expr:
    """∂expression/∂variable, a piece defined only somewhere (0^x: 0 for x > 0) folded into
    one: x·0^x differentiates to "0 (for x > 0)", not x·(0 for x > 0) + (0 for x > 0)."""
    d = sympy.diff(expression, variable)
    return sympy.piecewise_fold(d) if d.has(sympy.Piecewise) else d


@dataclass(frozen=True)
class TermDerivative:
    """One line of the computation rule: ``term`` differentiates to ``derivative``.

    ``is_constant`` says the term does not contain the variable at all, so it was
    treated as a constant and contributes 0.
    """

    term: sympy.Expr
    derivative: sympy.Expr
    is_constant: bool
    typed: str = ""  #: the term as typed ("" when not known)
    chain: "ChainRule | None" = None  #: how the chain rule gives the derivative, where it does


@dataclass(frozen=True)
class ChainRule:
    """A term that is an outer function of an inner expression, g(u), differentiated by the
    chain rule: ∂g/∂v = dg/du · ∂u/∂v.  For (3 − 2w − b)² and w: u = 3 − 2w − b, g = u²,
    dg/du = 2u, ∂u/∂w = −2, and the product 2(3 − 2w − b)·(−2) = 8w + 4b − 12.

    ``u`` is the symbol standing for the inner expression (a name the function does not
    use); ``outer`` and ``outer_derivative`` are in ``u``, the rest in the variables;
    ``inner_text`` is u as typed where the term was typed around it, else lesson notation.
    """

    u: sympy.Symbol
    inner: sympy.Expr
    inner_text: str
    outer: sympy.Expr
    outer_derivative: sympy.Expr
    inner_derivative: sympy.Expr
    derivative: sympy.Expr
    term: sympy.Expr

    def numbers_at(self, point: dict) -> tuple[float, float, float] | None:
        """(u, dg/du, ∂u/∂v) at ``point`` (symbol → float): the lesson's 3, 2(3) and −2;
        None where any of them, or the term itself, has no finite value there (√u at u = 0,
        ln of a negative)."""
        u0 = _value(self.inner, point)
        numbers = (u0, _value(self.outer_derivative, {self.u: u0}), _value(self.inner_derivative, point))
        if not all(math.isfinite(v) for v in (*numbers, _value(self.term, point))):
            return None
        return numbers


@functools.lru_cache(maxsize=1)
def _numpy_namespace() -> dict:
    """What ``lambdify(..., modules="numpy")`` would give the generated code, without its
    ``from numpy import *``: that star import loads numpy's lazy submodules (f2py, testing,
    …), ~0.2 s of a 2 s start-up, for names no function of ours uses."""
    namespace = {name: value for name, value in vars(np).items() if not name.startswith("_")}
    namespace.update(numpy=np, I=1j)
    return namespace


def _numpy_code_printer():
    """The printer ``modules="numpy"`` makes (a fresh one: it collects its imports)."""
    from sympy.printing.numpy import NumPyPrinter

    return NumPyPrinter({"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True,
                         "user_functions": {}})


@functools.lru_cache(maxsize=256)
def _float_function(expr: sympy.Expr, symbols: tuple) -> Callable:
    return sympy.lambdify(symbols, expr, modules="math")


def _value(expr: sympy.Expr, point: dict) -> float:
    """``expr`` at ``point`` in floats (compiled once per expression: sympy's own numbers
    would work on e^(e^(e^2)) for hours, and print 0.e-125 for a zero); nan where it is
    undefined, complex or beyond a float (a division by zero included)."""
    symbols = tuple(point)
    try:
        value = complex(_float_function(expr, symbols)(*(float(point[s]) for s in symbols)))
    except (TypeError, ValueError, ArithmeticError, NameError, KeyError):
        return math.nan
    return value.real if value.imag == 0 and math.isfinite(value.real) else math.nan


def chain_rule(term: sympy.Expr, variable: sympy.Symbol, variables: Sequence[sympy.Symbol] = (),
               typed: str = "", avoid: Sequence[str] = (), derivative: sympy.Expr | None = None) -> ChainRule | None:
    """The chain rule for ``term`` in ``variable`` where the term is c·uⁿ or c·g(u) of an
    inner expression u that is more than the variable itself and holds it; None otherwise
    (3x², 2xy, sin(x): the plain rules say it).  ``typed`` is the term as typed (see
    ParsedFunction.term_displays): u is written as it was typed when the text inside
    the term's parentheses is u.  The name of u is one the function does not use (nor
    ``avoid``: its own name)."""
    from .notation import pretty

    coefficient, rest = term.as_coeff_Mul()
    if rest.is_Pow and rest.exp.is_Number and not rest.base.is_Symbol and rest.base.has(variable):
        inner, outer_of = rest.base, (lambda u: coefficient * u**rest.exp)
    elif (isinstance(rest, sympy.Function) and not isinstance(rest, sympy.Piecewise) and len(rest.args) == 1
          and not rest.args[0].is_Symbol and rest.args[0].has(variable)):  # a Piecewise's one arg is a pair, no u
        inner, outer_of = rest.args[0], (lambda u: coefficient * rest.func(u))
    else:
        return None
    names = {str(v) for v in (*variables, *term.free_symbols)} | set(avoid)
    u = sympy.Symbol(next(n for n in ("u", "s", "t", "q") if n not in names), real=True)
    outer = outer_of(u)
    return ChainRule(
        u=u, inner=inner, inner_text=_typed_inner(typed, inner, variables) or pretty(inner, variables),
        outer=outer, outer_derivative=sympy.diff(outer, u), inner_derivative=sympy.diff(inner, variable),
        derivative=_tidy(sympy.diff(term, variable) if derivative is None else derivative, variables), term=term,
    )


MPMATH_EXP_LIMIT = 1e7  # |u| beyond which e^u (and sinh, cosh) is not worked out in arbitrary precision


def exp_capped(function: Callable) -> Callable:
    """mpmath's e^u (sinh, cosh) refusing |u| > MPMATH_EXP_LIMIT with an OverflowError:
    e^(e^(e^x)) at x = 2 is e^(10^1656520), hours of work for mpmath, and "too large" anyway."""
    def guarded(value):
        if abs(value) > MPMATH_EXP_LIMIT:
            raise OverflowError("beyond any float")
        return function(value)
    return guarded
TIDY_TERMS = 8  # a multiplied-out derivative longer than this stays factored


def _tidy(derivative: sympy.Expr, variables: Sequence[sympy.Symbol]) -> sympy.Expr:
    """A small polynomial multiplied out (8w + 4b − 12); anything else as sympy gives it.
    Powers above the cube are left alone before expanding anything: (x + y + 1)³⁰⁰
    multiplied out would take sympy half a minute and thousands of terms."""
    if not derivative.is_polynomial(*variables):
        return derivative
    if any(p.exp.is_Integer and p.exp > 3 for p in derivative.atoms(sympy.Pow) if not p.base.is_Symbol):
        return derivative
    expanded = sympy.expand(derivative)
    return expanded if len(sympy.Add.make_args(expanded)) <= TIDY_TERMS else derivative


def _typed_inner(typed: str, inner: sympy.Expr, variables: Sequence[sympy.Symbol]) -> str:
    """The text inside the last top-level parentheses of ``typed`` where it reads back as
    ``inner`` (the parser's own language: − and ² parse), else ""."""
    close = typed.rfind(")")
    depth, start = 0, -1
    for i in range(close, -1, -1):
        depth += {")": 1, "(": -1}.get(typed[i], 0)
        if depth == 0:
            start = i
            break
    if close < 0 or start < 0:
        return ""
    text = typed[start + 1 : close]
    names = tuple(str(v) for v in variables)
    try:
        again = parse_function(f"g({', '.join(names)}) = {text}" if names else text).expression
    except ValueError:
        return ""
    return text if sympy.expand(again - inner) == 0 else ""


class Function(PointNumbers):
    """A function of a few real variables with its symbolic partials, compiled once.

    ``expression`` is a sympy expression in ``variables`` (real symbols).  The partials
    are derived on construction; the compiled callable (f and all partials together, via
    numpy) is built on first use.
    """

    #: False: a symbolic function (sympy's).  The sympy-free stand-in that draws the first
    #: frame (:mod:`explorer.core.early`) says True, and the lesson swaps it for this.
    is_early = False

    def __init__(
        self,
        expression: sympy.Expr,
        variables: Sequence[sympy.Symbol],
        *,
        name: str = "f",
        terms: Sequence[sympy.Expr] = (),
        text: str = "",
        display: str = "",
        term_displays: Sequence[str] = (),
    ):
        for v in variables:
            check_variable_name(str(v))
        if not isinstance(expression, sympy.Expr):
            # Never sympify: that would evaluate text.  Parse text with function_from_text.
            raise TypeError("Function takes a sympy expression; parse text with function_from_text")
        self.expression = expression
        self.variables: tuple[sympy.Symbol, ...] = tuple(variables)
        self.name = name
        self.text = text
        self.display = display  # the right-hand side as typed, in lesson notation ("" when not typed)
        self.terms: tuple[sympy.Expr, ...] = tuple(terms) or tuple(sympy.Add.make_args(self.expression))
        # Each term as typed, where the parser saw them (one per term), else empty.
        self.term_displays: tuple[str, ...] = tuple(term_displays) if len(term_displays) == len(self.terms) else ()
        self.partials: tuple[sympy.Expr, ...] = tuple(derivative(self.expression, v) for v in self.variables)
        #: Variables held fixed by :meth:`restrict`, in the parent's order: ((name, value), …).
        self.fixed: tuple[tuple[str, float], ...] = ()
        self._parent_names: tuple[str, ...] = ()

    @classmethod
    def from_parsed(cls, parsed: ParsedFunction) -> "Function":
        return cls(parsed.expression, parsed.variables, name=parsed.name, terms=parsed.terms, text=parsed.text,
                   display=parsed.display, term_displays=parsed.term_displays)

    # ------------------------------------------------------------------ description
    @functools.cached_property
    def variable_names(self) -> tuple[str, ...]:
        return tuple(str(v) for v in self.variables)  # printing a sympy symbol is slow: once

    @property
    def gradient(self) -> tuple[sympy.Expr, ...]:
        """∇f as a tuple of sympy expressions, one per variable, in variable order."""
        return self.partials

    def partial(self, variable: str | sympy.Symbol) -> sympy.Expr:
        return self.partials[self._index(variable)]

    def term_breakdown(self, variable: str | sympy.Symbol) -> list[TermDerivative]:
        """The computation rule for ∂f/∂variable, term by term in the order typed.

        For ``3x^2 + 2xy + y^2`` and x: 3x² → 6x, 2xy → 2y, y² → 0 (constant).
        """
        symbol = self.variables[self._index(variable)]
        typed = self.term_displays or ("",) * len(self.terms)
        rows = []
        for t, shown in zip(self.terms, typed):
            d = derivative(t, symbol)  # once: the row's derivative and its chain rule's
            chain = chain_rule(t, symbol, self.variables, shown, (self.name,), d) if t.has(symbol) else None
            rows.append(TermDerivative(term=t, derivative=d, is_constant=not t.has(symbol), typed=shown, chain=chain))
        return rows

    def _index(self, variable: str | sympy.Symbol) -> int:
        name = str(variable)
        try:
            return self.variable_names.index(name)
        except ValueError:
            raise KeyError(f"{self.name} has no variable {name!r} (its variables are {', '.join(self.variable_names)})") from None

    def equation(self) -> str:
        """``L(w, b) = (3 − 2w − b)²``: the signature and the function as the student typed
        it (order and grouping kept, in lesson notation); sympy's form where nothing was
        typed (a slice, a function built in code)."""
        from .notation import pretty

        return f"{self.signature()} = {self.display or pretty(self.expression)}"

    def signature(self) -> str:
        """``f(x, y)``: the name with its variables; a slice names its fixed value,
        ``f(x, 2)``, as the lesson writes it."""
        from .subscripts import shown_name  # L(w₁, w₂, b), as the book prints it

        if not self.fixed:
            return f"{self.name}({', '.join(map(shown_name, self.variable_names))})"
        from .notation import format_value

        fixed = dict(self.fixed)
        args = [format_value(fixed[n]) if n in fixed else shown_name(n) for n in self._parent_names]
        return f"{self.name}({', '.join(args)})"

    def restrict(self, variable: str | sympy.Symbol, value: float) -> "Function":
        """The slice of f with ``variable`` held at ``value``: a Function of the other
        variables, with its own symbolic derivative (see :class:`Slice`).

        ``(3x² + 2xy + y²).restrict("y", 2)`` is ``f(x, 2) = 3x² + 4x + 4`` with
        ``f′(x) = 6x + 4``; its derivative at any x is ∂f/∂x at (x, 2) — the lesson's "a
        partial derivative is the ordinary slope of a slice".
        """
        return Slice(self, self._index(variable), value)

    def restrict_to_line(self, point: Sequence[float], direction: Sequence[float]) -> "Function":
        """The slice along a line: g(t) = f(point + t·direction), a Function of t whose slope
        at t = 0 is D_u f = ∇f·u (see :class:`~explorer.core.line_slice.LineSlice`)."""
        from .line_slice import LineSlice

        return LineSlice(self, point, direction)

    def __repr__(self) -> str:
        return f"Function({self.signature()} = {self.expression})"

    # ------------------------------------------------------------------ evaluation
    @functools.cached_property
    def _compiled(self) -> Callable:
        # dummify=True: lambdify never writes a user-chosen name into the code it generates.
        # cse=True: f and its partials share subexpressions, computed once per call.
        return sympy.lambdify(self.variables, [self.expression, *self.partials], modules=[_numpy_namespace()], dummify=True, cse=True,
                               printer=_numpy_code_printer())

    def evaluate(self, *coordinates) -> tuple[np.ndarray, ...]:
        """f and every partial at the given coordinates, broadcast together.

        ``coordinates`` has one array (or number) per variable, in variable order; all are
        broadcast to a common shape S.  Returns ``(f, ∂f/∂v1, ∂f/∂v2, …)``, each a float64
        array of shape S (a constant partial still fills S).  Undefined points are nan/inf.
        """
        if len(coordinates) != len(self.variables):
            raise ValueError(f"{self.signature()} takes {len(self.variables)} coordinates, got {len(coordinates)}")
        arrays = np.broadcast_arrays(*(np.asarray(c, dtype=np.float64) for c in coordinates)) if coordinates else []
        shape = arrays[0].shape if arrays else ()
        with np.errstate(all="ignore"):
            try:
                raw = self._compiled(*arrays)
            except (ZeroDivisionError, OverflowError, ValueError, TypeError, ArithmeticError, KeyError, NameError):
                # KeyError/NameError: an expression lambdify cannot print (e.g. holding zoo).
                raw = [np.nan] * (1 + len(self.variables))
            out = []
            for r in raw:
                a = np.asarray(r)
                if np.iscomplexobj(a):
                    # A real function has no imaginary part; one appears only off its domain.
                    a = np.where(np.abs(a.imag) > 1e-12 * np.maximum(1.0, np.abs(a.real)), np.nan, a.real)
                a = np.broadcast_to(a.astype(np.float64, copy=False), shape).copy() if a.shape != shape else a.astype(np.float64, copy=True)
                out.append(a)
        return tuple(out)

    @functools.cached_property
    def _compiled_scalar(self) -> Callable:
        # Plain-float code (the math module) is ~10x faster than numpy per single point:
        # clicks, keyboard nudges and descent steps evaluate one point at a time.
        return sympy.lambdify(self.variables, [self.expression, *self.partials], modules="math", dummify=True, cse=True,
                              printer=_float_code_printer())

    def scalar_gradient(self) -> Callable:
        """∇f as plain-float code: ``g(x)`` → float in one variable, ``g(w, b)`` → list in more.

        It may raise (ValueError, ZeroDivisionError, OverflowError) or return a complex
        number off the function's domain; callers in hot loops handle that themselves.
        """
        return self._compiled_scalar_gradient

    @functools.cached_property
    def _compiled_scalar_gradient(self) -> Callable:
        expressions = self.partials[0] if len(self.variables) == 1 else list(self.partials)
        return sympy.lambdify(self.variables, expressions, modules="math", dummify=True, cse=True,
                              printer=_float_code_printer())

    @functools.cached_property
    def _compiled_mpmath(self) -> Callable:
        import mpmath

        limits = {name: exp_capped(getattr(mpmath, name)) for name in ("exp", "sinh", "cosh")}
        return sympy.lambdify(self.variables, [self.expression, *self.partials], modules=[limits, "mpmath"], dummify=True)

    @functools.cached_property
    def hessian(self) -> tuple[tuple[sympy.Expr, ...], ...]:
        """The matrix of second partials ∂²f/∂vᵢ∂vⱼ (symbolic, derived on first use)."""
        return tuple(tuple(derivative(p, v) for v in self.variables) for p in self.partials)

    @functools.cached_property
    def _compiled_hessian(self) -> Callable:
        flat = [h for row in self.hessian for h in row]
        return sympy.lambdify(self.variables, flat, modules="math", dummify=True, cse=True)

    def hessian_at(self, point: Sequence[float]) -> np.ndarray:
        """(d, d) float64: the Hessian at one point (nan where undefined)."""
        d = len(self.variables)
        try:
            flat = [complex(h) for h in self._compiled_hessian(*(float(c) for c in point))]
            values = [real_part(h) for h in flat]
        except (*MATH_ERRORS, NotImplementedError):  # lambdify cannot print a Derivative sympy left unevaluated (|ln x|'s)
            values = [math.nan] * (d * d)
        return np.array(values, dtype=np.float64).reshape(d, d)

    @functools.cached_property
    def can_kink(self) -> bool:
        """Whether f holds a piece that can have a corner (|u|, sign, max/min, floor)."""
        kinds = (sympy.Abs, sympy.sign, sympy.Heaviside, sympy.Max, sympy.Min, sympy.floor, sympy.ceiling, sympy.Piecewise)
        return any(self.expression.has(kind) for kind in kinds)

    def kinks_at(self, point: Sequence[float]) -> tuple[tuple[float, float] | None, ...]:
        """Per variable: (the slope from the left, from the right) where they differ at
        ``point`` — a corner, where the partial is undefined (|x| at 0: −1 and 1; sympy's
        sign(0) = 0 would call it flat) — else None.  Only for f with such a piece."""
        if not self.can_kink:
            return (None,) * len(self.variable_names)
        point = [float(c) for c in point]
        held = self.__dict__.get("_kinks")  # the readout and the probe both ask, for the same point
        if held is not None and held[0] == point:
            return held[1]
        corners = one_sided_slopes(self.value_at, point)
        self.__dict__["_kinks"] = (point, corners)
        return corners


class OneHeld:
    """The numbers of ``parent`` with one variable held (``held_index``, ``held_value``): a
    function of the others whose values, partials, Hessian and gradient code are the
    parent's with the held value put in (no formula derived or compiled).  Shared by
    :class:`Slice` and the early function's slice (:class:`~explorer.core.early.EarlySlice`);
    sympy-free."""

    def _with_held(self, coordinates) -> list:
        full = list(coordinates)
        full.insert(self.held_index, self.held_value)
        return full

    def _free(self, values: tuple) -> tuple:
        """(f, ∂f/∂v1, …) of the parent → the same for the free variables only."""
        return (values[0], *(v for i, v in enumerate(values[1:]) if i != self.held_index))

    def evaluate(self, *coordinates) -> tuple[np.ndarray, ...]:
        if len(coordinates) != len(self.variable_names):
            raise ValueError(f"{self.signature()} takes {len(self.variable_names)} coordinates, got {len(coordinates)}")
        return self._free(self.parent.evaluate(*self._with_held(coordinates)))

    def evaluate_point(self, point: Sequence[float]) -> tuple[float, ...]:
        if len(point) != len(self.variable_names):
            raise ValueError(f"{self.signature()} takes {len(self.variable_names)} coordinates, got {len(point)}")
        return self._free(self.parent.evaluate_point(self._with_held(point)))

    def hessian_at(self, point: Sequence[float]) -> np.ndarray:
        """The parent's Hessian at the full point, the held variable's row and column taken
        out: no formula with the held value put in is derived or compiled."""
        free = [i for i in range(len(self.parent.variable_names)) if i != self.held_index]
        return self.parent.hessian_at(self._with_held(point))[np.ix_(free, free)]

    @functools.cached_property
    def _compiled_scalar_gradient(self) -> Callable:
        gradient, index, value = self.parent.scalar_gradient(), self.held_index, self.held_value
        free = [i for i in range(len(self.parent.variable_names)) if i != index]
        if not free:  # pragma: no cover - a slice of a 1-D function has no variables
            raise ValueError("a function of one variable has no slice")
        if len(free) == 1:
            (k,) = free
            if index == 0:
                return lambda x: gradient(value, x)[k]
            return lambda x: gradient(x, value)[k]

        def of(*coordinates):
            full = list(coordinates)
            full.insert(index, value)
            g = gradient(*full)
            return [g[i] for i in free]

        return of


class Slice(OneHeld, Function):
    """``parent`` with one variable held at a value: a Function of the others.

    Its numbers come from the parent's compiled code with the held value put in, so the
    slice's slope at a point is *the same float* as the parent's partial there, and a new
    slice (a click on the surface) costs no compilation.  Its formulas (``expression``,
    ``partials``, ``terms``) are the parent's with the value substituted, made when first
    asked for: the held value enters as the exact decimal it prints as when that is short
    (0.1 stays 1/10 and reads 0.1) and as a float otherwise (a clicked 1.394118896547… reads
    1.394119, not a 30-digit fraction).  Where the held value makes f undefined everywhere
    (ln(y) at y = 0) the formulas are ``nan`` and every value is nan.
    """

    def __init__(self, parent: Function, index: int, value: float):
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"cannot hold {parent.variable_names[index]} at {value}")
        self.parent, self.held_index, self.held_value = parent, index, value
        self.variables = tuple(v for i, v in enumerate(parent.variables) if i != index)
        self.name, self.text, self.display = parent.name, parent.text, ""  # a slice was not typed
        self.term_displays = ()
        self.fixed = (*parent.fixed, (parent.variable_names[index], value))
        self._parent_names = parent._parent_names or parent.variable_names

    def _held(self, expression: sympy.Expr) -> sympy.Expr:
        """``expression`` with the held value put in, worked out within the budget of
        :mod:`~explorer.core.exact` (what is beyond it is left as written, and :attr:`note`
        says so)."""
        symbol = self.parent.variables[self.held_index]
        text = repr(self.held_value)
        short = "e" not in text and len(text.partition(".")[2]) <= 6
        number = sympy.Rational(text) if short else sympy.Float(self.held_value, 15)
        held, worked_out = exact.substitute(expression, {symbol: number})
        if not worked_out:
            self.__dict__["note"] = exact.NOT_WORKED_OUT
        return sympy.nan if held.has(sympy.zoo, sympy.oo, -sympy.oo, sympy.nan) else held

    @property
    def note(self) -> str:
        """What the formulas could not work out with the held value put in ("" when all)."""
        self.expression, self.partials  # noqa: B018 - worked out (and noted) on first use
        return self.__dict__.get("note", "")

    @functools.cached_property
    def expression(self) -> sympy.Expr:  # type: ignore[override]
        return self._held(self.parent.expression)

    @functools.cached_property
    def partials(self) -> tuple[sympy.Expr, ...]:  # type: ignore[override]
        return tuple(self._held(p) for i, p in enumerate(self.parent.partials) if i != self.held_index)

    @functools.cached_property
    def terms(self) -> tuple[sympy.Expr, ...]:  # type: ignore[override]
        return tuple(self._held(t) for t in self.parent.terms)


def function_from_text(text: str, default_variables: tuple[str, ...] = ()) -> Function:
    """Parse (see :func:`~explorer.core.expression.parse_function`) and differentiate.
    A constant beyond a float's range (10⁴⁰⁰, or (10²⁰⁰x)² multiplied out) is refused with
    a ParseError: every value would be ±∞ or nan, and the views would call it undefined."""
    parsed = parse_function(text, default_variables)
    if parsed.expression.has(sympy.I):  # ln(−1) is iπ, √(−1) is i: never a real value
        raise ParseError("this function has no real value anywhere: part of it is the logarithm or a root of a "
                         "negative number, which is not a real number", None)
    too_large = [n for n in parsed.expression.atoms(sympy.Number) if n.is_finite and abs(n) > sys.float_info.max]
    too_large = [abs(max(too_large, key=abs))] if too_large else []
    # A constant worked out beyond a float (e^e^e^e^e) is as large: and sympy would order the
    # terms of a sum holding it by value, in arbitrary precision, for hours.
    too_large += [c for c in exact.constants(parsed.expression) if math.isinf(exact.float_value(c))]
    if too_large:
        from .notation import pretty

        raise ParseError(f"the number {pretty(too_large[0])} in this function is beyond what a float "
                         f"holds (about 1.8·10³⁰⁸): the explorer computes in floats", None)
    return Function.from_parsed(parsed)
