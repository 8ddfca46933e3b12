"""The function the window draws before sympy is imported: the first frame's numbers.

sympy's import and the first derivative's lazy sub-imports take ~0.6 s of a cold start.
:func:`early_function` reads the same text with the parser's own tree
(:func:`explorer.core.expression.parse_tree`), differentiates it by rule and evaluates it
with numpy and the math module (:mod:`explorer.core.early_code`); an
:class:`EarlyFunction` answers what :class:`explorer.core.calculus.Function` answers for
the numbers (values, partials, the Hessian, kinks, slices), with the same contract and
results.  Once sympy is loaded the lesson swaps every EarlyFunction for its
:attr:`EarlyFunction.symbolic` Function and recomputes every number from it: one source
of truth.  Anything else asked of an EarlyFunction (its sympy ``expression``, ``terms``,
``term_breakdown``, …) is answered by the symbolic Function, imported on the spot.
"""

from __future__ import annotations

import functools
import math
import threading
from typing import Callable, Sequence

import numpy as np

from . import early_tree as tree
from .calculus import MATH_ERRORS, OneHeld, PointNumbers, real_part  # (sympy-free to import)
from .early_code import compile_trees
from .expression import ParseError, ParsedTree, parse_tree

__all__ = ["EarlyFunction", "EarlySlice", "early_function", "ParseError"]


class EarlyFunction(PointNumbers):
    """A function of a few real variables read without sympy (see the module).

    ``variable_names`` are in :func:`~explorer.core.expression.parse_function`'s order;
    every per-variable result follows it.  Values are float64; nan or ±inf where f is
    undefined; evaluation never raises.
    """

    is_early = True
    fixed: tuple[tuple[str, float], ...] = ()  #: none held (see :meth:`restrict`)
    _parent_names: tuple[str, ...] = ()

    def __init__(self, parsed: ParsedTree, default_variables: tuple[str, ...] = ()):
        self.name = parsed.name
        self.text = parsed.text
        self.display = parsed.display
        self.term_displays = parsed.term_displays
        self.declared = parsed.declared
        self.variable_names: tuple[str, ...] = parsed.variable_names
        self.tree = parsed.tree
        self._default_variables = tuple(default_variables)
        self._symbolic_lock = threading.Lock()

    # ------------------------------------------------------------------ the symbolic side
    @property
    def symbolic(self):
        """The symbolic :class:`~explorer.core.calculus.Function` of the same text and
        default variables, built once (this imports sympy, here and now)."""
        held = self.__dict__.get("_symbolic")
        if held is None:
            with self._symbolic_lock:
                held = self.__dict__.get("_symbolic")
                if held is None:
                    held = self._make_symbolic()
                    self.__dict__["_symbolic"] = held
        return held

    def _make_symbolic(self):
        from .calculus import function_from_text

        return function_from_text(self.text, self._default_variables)

    def __getattr__(self, name: str):
        # Only called for what this class lacks: the symbolic side (expression, partials,
        # terms, term_breakdown, hessian …).  Private names are never delegated: a typo or
        # an AttributeError inside a property must not turn into a silent sympy import.
        # Nor is a name Function does not have (a probe like getattr(f, "parent", None) for a
        # slice's parent must not import sympy to learn there is none).
        if name.startswith("_") or not _symbolic_member(name):
            raise AttributeError(name)
        return getattr(self.symbolic, name)

    # ------------------------------------------------------------------ description
    def signature(self) -> str:
        """``f(x, y)``; a slice names its fixed value, ``f(x, 2)`` (as Function's)."""
        from .subscripts import shown_name

        if not self.fixed:
            return f"{self.name}({', '.join(map(shown_name, self.variable_names))})"
        from .notation import format_value

        fixed = dict(self.fixed)
        args = [format_value(fixed[n]) if n in fixed else shown_name(n) for n in self._parent_names]
        return f"{self.name}({', '.join(args)})"

    def equation(self) -> str:
        """``L(w, b) = (3 − 2w − b)²`` as Function's; sympy's form (the symbolic side's)
        where nothing was typed."""
        if self.display:
            return f"{self.signature()} = {self.display}"
        return self.symbolic.equation()

    def __repr__(self) -> str:
        return f"EarlyFunction({self.signature()} = {self.display or self.text})"

    def _index(self, variable) -> int:
        name = str(variable)
        try:
            return self.variable_names.index(name)
        except ValueError:
            raise KeyError(f"{self.name} has no variable {name!r} (its variables are {', '.join(self.variable_names)})") from None

    def restrict(self, variable, value: float) -> "EarlyFunction":
        """The slice with ``variable`` held at ``value``: an EarlyFunction of the others
        whose numbers are this one's with the value put in (as Function.restrict)."""
        return EarlySlice(self, self._index(variable), value)

    # ------------------------------------------------------------------ derivatives
    @functools.cached_property
    def _partial_trees(self) -> tuple[tree.Node, ...]:
        memo: dict = {}
        return tuple(tree.derivative(self.tree, v, memo) for v in self.variable_names)

    @functools.cached_property
    def _hessian_trees(self) -> tuple[tree.Node, ...]:
        memo: dict = {}
        return tuple(tree.derivative(p, v, memo) for p in self._partial_trees for v in self.variable_names)

    def _code(self, trees, target: str) -> Callable:
        return compile_trees(trees, self.variable_names, target)

    @functools.cached_property
    def _compiled(self) -> Callable:
        return self._code((self.tree, *self._partial_trees), "numpy")

    @functools.cached_property
    def _compiled_scalar(self) -> Callable:
        # Plain-float code (the math module) is ~10x faster than numpy for one point.
        return self._code((self.tree, *self._partial_trees), "math")

    @functools.cached_property
    def _compiled_hessian(self) -> Callable:
        return self._code(self._hessian_trees, "math")

    # ------------------------------------------------------------------ evaluation
    def evaluate(self, *coordinates) -> tuple[np.ndarray, ...]:
        """f and every partial at the given coordinates, broadcast together: one array (or
        number) per variable, in variable order, broadcast to a shape S; returns ``(f,
        ∂f/∂v1, …)``, each a float64 array of shape S.  Undefined points are nan/inf."""
        if len(coordinates) != len(self.variable_names):
            raise ValueError(f"{self.signature()} takes {len(self.variable_names)} coordinates, got {len(coordinates)}")
        arrays = np.broadcast_arrays(*(np.asarray(c, dtype=np.float64) for c in coordinates)) if coordinates else []
        shape = arrays[0].shape if arrays else ()
        with np.errstate(all="ignore"):
            try:
                raw = self._compiled(*arrays)
            except MATH_ERRORS:
                raw = [np.nan] * (1 + len(self.variable_names))
            out = []
            for r in raw:
                a = np.asarray(r)
                if np.iscomplexobj(a):  # a constant such as (−8)^(1/3) is complex in Python's floats
                    a = np.where(np.abs(a.imag) > 1e-12 * np.maximum(1.0, np.abs(a.real)), np.nan, a.real)
                a = np.broadcast_to(a.astype(np.float64, copy=False), shape).copy() if a.shape != shape else a.astype(np.float64, copy=True)
                out.append(a)
        return tuple(out)

    @functools.cached_property
    def _compiled_mpmath(self) -> Callable:
        return self._code((self.tree, *self._partial_trees), "mpmath")

    def scalar_gradient(self) -> Callable:
        """∇f as plain-float code: ``g(x)`` → float in one variable, ``g(w, b)`` → list in
        more.  It may raise (ValueError, ZeroDivisionError, OverflowError) or return a
        complex number off the function's domain, as Function's does."""
        return self._compiled_scalar_gradient

    @functools.cached_property
    def _compiled_scalar_gradient(self) -> Callable:
        code = self._code(self._partial_trees, "math")
        if len(self.variable_names) == 1:
            return lambda x: code(x)[0]
        return code

    def hessian_at(self, point: Sequence[float]) -> np.ndarray:
        """(d, d) float64: the Hessian at one point; all nan where any entry is undefined
        (as Function's, whose plain-float code fails as a whole)."""
        d = len(self.variable_names)
        try:
            flat = [complex(h) for h in self._compiled_hessian(*(float(c) for c in point))]
            values = [real_part(h) for h in flat]
        except MATH_ERRORS:
            values = [math.nan] * (d * d)
        return np.array(values, dtype=np.float64).reshape(d, d)

    # ------------------------------------------------------------------ corners
    @functools.cached_property
    def can_kink(self) -> bool:
        """Whether f holds a piece that can have a corner (|u|, or 0^u's one piece)."""
        return tree.has_kind(self.tree, {"zeropow"}, {"abs", "sign"})

    def kinks_at(self, point: Sequence[float]) -> tuple[tuple[float, float] | None, ...]:
        """Per variable: (the slope from the left, from the right) where they differ at
        ``point``, else None (as Function.kinks_at)."""
        if not self.can_kink:
            return (None,) * len(self.variable_names)
        point = [float(c) for c in point]
        held = self.__dict__.get("_kinks")
        if held is not None and held[0] == point:
            return held[1]
        from .calculus import one_sided_slopes  # (sympy-free to import)

        corners = one_sided_slopes(self.value_at, point)
        self.__dict__["_kinks"] = (point, corners)
        return corners


class EarlySlice(OneHeld, EarlyFunction):
    """``parent`` with one variable held at a value: an EarlyFunction of the others, its
    numbers the parent's with the held value put in (:class:`~explorer.core.calculus.OneHeld`,
    as calculus.Slice's)."""

    def __init__(self, parent: EarlyFunction, index: int, value: float):
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"cannot hold {parent.variable_names[index]} at {value}")
        self.parent, self.held_index, self.held_value = parent, index, value
        self.name, self.text, self.display, self.term_displays = parent.name, parent.text, "", ()
        self.declared = parent.declared
        self.variable_names = tuple(n for i, n in enumerate(parent.variable_names) if i != index)
        self.fixed = (*parent.fixed, (parent.variable_names[index], value))
        self._parent_names = parent._parent_names or parent.variable_names
        self._symbolic_lock = threading.Lock()

    def _make_symbolic(self):
        return self.parent.symbolic.restrict(self.parent.variable_names[self.held_index], self.held_value)

    @functools.cached_property
    def can_kink(self) -> bool:
        return self.parent.can_kink


def early_function(text: str, default_variables: tuple[str, ...] = ()) -> EarlyFunction:
    """:func:`~explorer.core.calculus.function_from_text` without sympy: the same
    :class:`ParseError` for every mistake the parser finds in the text.  Where the tree
    holds a constant with no finite value (ln(0), 10⁴⁰⁰, √(−1)) the symbolic parse is
    asked, here and now, and its refusal raised (such text is rare: importing sympy for it
    is the price of saying exactly what function_from_text says)."""
    parsed = parse_tree(text, default_variables)
    if not _constants_are_finite(parsed.tree):
        from .calculus import function_from_text

        function_from_text(text, default_variables)  # raises its ParseError, if it has one
    if _sums_to_zero(parsed.tree, parsed.variable_names):
        raise NeedsAlgebra("a sum in it is zero wherever tried: sympy must judge it")
    return EarlyFunction(parsed, default_variables)


class NeedsAlgebra(ParseError):
    """The text parses, but only sympy can say whether it is a function: a sum in it
    cancels (x − x, (x + 1) − (1 + x)), which sympy adds up to 0 and may then refuse
    (1/(x − x) divides by zero).  The caller parses it symbolically instead."""


def _sums_to_zero(node: tree.Node, variables: Sequence[str]) -> bool:
    """Whether some sum of variables in ``node`` is zero (to rounding) at three points
    picked at random: where sympy's sum is identically 0 this is always so; a sum that only
    happens to vanish there (probability nil) merely sends the text to sympy."""
    sums, stack, seen = [], [node], set()
    while stack:
        n = stack.pop()
        if id(n) in seen or not isinstance(n, tree.Node):
            continue
        seen.add(id(n))
        if n.kind == "add" and n.free:
            sums.append(n)
        stack.extend(a for a in n.args if isinstance(a, tree.Node))
    if not sums:
        return False
    terms = [t for s in sums for t in s.args]
    # Fixed points with no pattern a sum could vanish on by chance (multiples of the golden
    # ratio, folded into 0.3 … 1.7); not numpy.random, whose import costs a cold start ~10 ms.
    k = np.arange(1, 3 * len(variables) + 1, dtype=np.float64)
    points = (0.3 + (k * 0.6180339887498949) % 1.4).reshape(len(variables), 3)
    with np.errstate(all="ignore"):
        values = [np.abs(np.broadcast_to(np.asarray(v, dtype=complex), (3,)))
                  for v in compile_trees((*sums, *terms), tuple(variables), "numpy")(*points)]
    totals, parts = values[:len(sums)], iter(values[len(sums):])
    for s, total in zip(sums, totals):
        size = np.max([next(parts) for _ in s.args], axis=0)  # its largest term at each point
        if np.all(total <= 1e-9 * size):
            return True
    return False


def _near_exact_zero_or_pole(constant: tree.Node) -> bool:
    """Whether a function of a constant inside ``constant`` is, in floats, within rounding of
    0 or of a pole: sin(π) is 1.2·10⁻¹⁶ and tan(π/2) 1.6·10¹⁶ in floats, 0 and no number to
    sympy (which then refuses 1/sin(π)·x or tan(π/2)·x).  Such text is left to sympy."""
    calls, stack = [], [constant]
    while stack:
        n = stack.pop()
        if n.kind == "call":
            calls.append(n)
        stack.extend(a for a in n.args if isinstance(a, tree.Node))
    if not calls:
        return False
    try:
        values = [abs(complex(v)) for v in compile_trees(tuple(calls), (), "math")()]
    except MATH_ERRORS:
        return True
    return any(not 1e-9 < v < 1e9 for v in values)


#: What every symbolic Function holds besides its class's members (set in its __init__).
_FUNCTION_FIELDS = frozenset({"expression", "variables", "terms", "partials"})


def _symbolic_member(name: str) -> bool:
    from .calculus import Function  # (sympy-free to import)

    return name in _FUNCTION_FIELDS or hasattr(Function, name)


def _constants_are_finite(node: tree.Node) -> bool:
    """Whether every part of ``node`` that holds no variable has a finite real value."""
    stack, seen = [node], set()
    with np.errstate(all="ignore"):
        while stack:
            n = stack.pop()
            if id(n) in seen:
                continue
            seen.add(id(n))
            if not n.free and n.kind != "num":
                try:
                    value = complex(compile_trees((n,), (), "math")()[0])
                except MATH_ERRORS:
                    return False
                if not (math.isfinite(value.real) and value.imag == 0) or _near_exact_zero_or_pole(n):
                    return False
                continue
            if n.kind == "num":
                try:
                    float(n.value)
                except OverflowError:
                    return False
                continue
            stack.extend(a for a in n.args if isinstance(a, tree.Node))
    return True


