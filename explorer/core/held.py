"""The surface of two chosen variables of a function of many, every other variable held.

Qt-free.  The lesson's "holding everything else fixed", for a function of n variables:
:class:`HeldSurface` is ``parent`` (n ≥ 2 variables) as a :class:`Function` of the two
*shown* variables (the surface's x- and y-axis, in that order, whatever the parent's order),
each other variable held at a value.

Like :class:`~explorer.core.calculus.Slice` (one variable held), its numbers come from the
parent's compiled code with the held values put in: a new held value (a slider moved) costs
no parse and no compilation, and f and the two partials are *the same floats* as the
parent's at the full point — so the surface of x, y with z held at 1 has the vertices of
the function typed with z replaced by 1.  Its formulas (``expression``, ``partials``,
``terms``) are the parent's with the values substituted (:func:`~explorer.core.exact.substitute`),
made when first asked for.
"""

from __future__ import annotations

import functools
import math
from typing import Callable, Sequence

import numpy as np
from .lazy_sympy import sympy

from . import exact
from .calculus import Function

__all__ = ["HeldSurface", "held_surface"]


def _exact(value: float) -> sympy.Expr:
    """A held value as the formulas write it: the exact short decimal it prints as (0.1 stays
    1/10), else the float (a dragged 1.394118896547… reads 1.394119, not a long fraction)."""
    text = repr(float(value))
    short = "e" not in text and len(text.partition(".")[2]) <= 6
    return sympy.Rational(text) if short else sympy.Float(value, 15)


class HeldSurface(Function):
    """``parent`` as a function of its variables ``shown`` = (i, j) (indices into the
    parent's variables: the x-axis's, then the y-axis's), every other variable held at its
    value in ``held`` (one float per held variable, in the parent's variable order)."""

    def __init__(self, parent: Function, shown: tuple[int, int], held: Sequence[float]):
        n = len(parent.variable_names)  # (names: an early parent has no sympy symbols yet)
        i, j = shown
        if not (0 <= i < n and 0 <= j < n) or i == j:
            raise ValueError(f"the shown variables must be two different ones of {parent.signature()}")
        others = [k for k in range(n) if k not in (i, j)]
        held = tuple(float(v) for v in held)
        if len(held) != len(others):
            raise ValueError(f"{parent.signature()} holds {len(others)} variables, got {len(held)} values")
        if not all(math.isfinite(v) for v in held):
            raise ValueError(f"cannot hold a variable at {held}")
        self.parent, self.shown_indices, self.held_indices, self.held_values = parent, (i, j), tuple(others), held
        self.__dict__["variable_names"] = (parent.variable_names[i], parent.variable_names[j])
        self.name, self.text, self.display = parent.name, parent.text, ""  # not typed as such
        self.term_displays = ()
        names = parent._parent_names or parent.variable_names
        self.fixed = (*parent.fixed, *((parent.variable_names[k], v) for k, v in zip(others, held)))
        self._parent_names = names

    @property
    def is_early(self) -> bool:
        """Whether the parent is an early function (numbers only until sympy is loaded)."""
        return self.parent.is_early

    # ------------------------------------------------------------------ formulas
    @functools.cached_property
    def variables(self) -> tuple[sympy.Symbol, ...]:
        i, j = self.shown_indices
        return self.parent.variables[i], self.parent.variables[j]

    def _held(self, expression: sympy.Expr) -> sympy.Expr:
        values = {self.parent.variables[k]: _exact(v) for k, v in zip(self.held_indices, self.held_values)}
        held, worked_out = exact.substitute(expression, values)
        if not worked_out:
            self.__dict__["note"] = exact.NOT_WORKED_OUT
        return sympy.nan if held.has(sympy.zoo, sympy.oo, -sympy.oo, sympy.nan) else held

    @property
    def note(self) -> str:
        """What the formulas could not work out with the held values put in ("" when all)."""
        self.expression, self.partials  # noqa: B018 - worked out (and noted) on first use
        return self.__dict__.get("note", "")

    @functools.cached_property
    def expression(self) -> sympy.Expr:  # type: ignore[override]
        return self._held(self.parent.expression)

    @functools.cached_property
    def partials(self) -> tuple[sympy.Expr, ...]:  # type: ignore[override]
        return tuple(self._held(self.parent.partials[k]) for k in self.shown_indices)

    @functools.cached_property
    def terms(self) -> tuple[sympy.Expr, ...]:  # type: ignore[override]
        return tuple(self._held(t) for t in self.parent.terms)

    # ------------------------------------------------------------------ numbers
    def full(self, coordinates: Sequence) -> list:
        """The shown pair's coordinates (arrays or floats) with the held values put in: the
        parent's coordinates, in its variable order."""
        out: list = [0.0] * len(self.parent.variable_names)
        for k, c in zip(self.shown_indices, coordinates):
            out[k] = c
        for k, v in zip(self.held_indices, self.held_values):
            out[k] = v
        return out

    def _free(self, values: tuple) -> tuple:
        """(f, ∂f/∂v1, …) of the parent → (f, ∂f/∂shown x, ∂f/∂shown y)."""
        i, j = self.shown_indices
        return values[0], values[1 + i], values[1 + j]

    def evaluate(self, *coordinates) -> tuple[np.ndarray, ...]:
        if len(coordinates) != 2:
            raise ValueError(f"{self.signature()} takes 2 coordinates, got {len(coordinates)}")
        return self._free(self.parent.evaluate(*self.full(coordinates)))

    def evaluate_point(self, point: Sequence[float]) -> tuple[float, ...]:
        if len(point) != 2:
            raise ValueError(f"{self.signature()} takes 2 coordinates, got {len(point)}")
        return self._free(self.parent.evaluate_point(self.full(point)))

    def hessian_at(self, point: Sequence[float]) -> np.ndarray:
        """The parent's Hessian at the full point, the shown pair's rows and columns."""
        shown = list(self.shown_indices)
        return self.parent.hessian_at(self.full(point))[np.ix_(shown, shown)]

    @functools.cached_property
    def can_kink(self) -> bool:
        return self.parent.can_kink

    @functools.cached_property
    def _compiled_scalar_gradient(self) -> Callable:
        gradient, (i, j), full = self.parent.scalar_gradient(), self.shown_indices, self.full

        def of(x, y):
            g = gradient(*full((x, y)))
            return [g[i], g[j]]

        return of


def held_surface(function: Function, shown: tuple[str, str], held: Sequence[float]) -> Function:
    """``function`` as a function of the two ``shown`` variables (names), the others held at
    ``held`` (in the function's variable order): the function itself when it has just those
    two, in that order."""
    names = function.variable_names
    i, j = names.index(shown[0]), names.index(shown[1])
    if len(names) == 2 and (i, j) == (0, 1):
        return function
    return HeldSurface(function, (i, j), held)
