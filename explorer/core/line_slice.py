"""The slice of f along a line: g(t) = f(x₀ + t·u₁, y₀ + t·u₂), a function of one variable t.

The x- and y-slices of :meth:`Function.restrict <explorer.core.calculus.Function.restrict>`
are its special cases u = (1, 0) and (0, 1) (with t measured from the point instead of
from 0).  Its slope at t = 0 is the directional derivative D_u f = ∇f·u, and at any t it is
∇f(x₀ + t·u)·u: the chain rule, computed from the parent's compiled partials — so the
slope of the slice is *the same float* as the dot product the readout writes, and a new
direction (a drag of the handle) costs no compilation.

Units: t is in the function's own units along u (u a unit vector: t is distance in the
plane); g in f's units.
"""

from __future__ import annotations

import functools
import math
from typing import Callable, Sequence

import numpy as np
from .lazy_sympy import sympy

from . import exact
from .calculus import Function

__all__ = ["LineSlice"]


def _number(value: float) -> sympy.Expr:
    """A coordinate as the formula writes it: the exact short decimal it prints as (0.5
    stays 1/2), else the float (cos 30° = 0.866025…)."""
    text = repr(float(value))
    short = "e" not in text and len(text.partition(".")[2]) <= 6
    return sympy.Rational(text) if short else sympy.Float(value, 15)


class LineSlice(Function):
    """``parent`` (two variables) along the line through ``point`` in direction ``direction``:
    a Function of ``t`` alone.  ``direction`` is used as given (a unit vector makes t a
    distance; see :func:`~explorer.core.directional.direction_from_vector`)."""

    def __init__(self, parent: Function, point: Sequence[float], direction: Sequence[float], variable: str = "t"):
        if len(parent.variables) != 2:
            raise ValueError(f"a slice along a direction needs a function of two variables, not {parent.signature()}")
        point = tuple(float(c) for c in point)
        direction = tuple(float(c) for c in direction)
        if len(point) != 2 or len(direction) != 2:
            raise ValueError("a line needs a point (x₀, y₀) and a direction (u₁, u₂)")
        if not all(math.isfinite(c) for c in (*point, *direction)) or direction == (0.0, 0.0):
            raise ValueError("a line needs a finite point and a direction that is not (0, 0)")
        if variable in parent.variable_names:
            variable = next(n for n in ("t", "s", "r", "q") if n not in parent.variable_names)
        self.parent, self.point, self.direction = parent, point, direction
        self.variables = (sympy.Symbol(variable, real=True),)
        self.name, self.text, self.display = parent.name, parent.text, ""
        self.term_displays = ()
        self.fixed = ()
        self._parent_names = ()

    # ------------------------------------------------------------------ description
    def signature(self) -> str:
        """``f(1 + 0.866t, 2 + 0.5t)``: the parent's name at the line's points."""
        from .notation import MINUS, format_value

        t = self.variables[0].name
        args = []
        for p, d in zip(self.point, self.direction):
            step = "" if d == 0 else f"{format_value(abs(d))}{t}" if abs(d) != 1 else t
            if not step:
                args.append(format_value(p))
            elif p == 0:
                args.append((MINUS if d < 0 else "") + step)
            else:
                args.append(f"{format_value(p)} {MINUS if d < 0 else '+'} {step}")
        return f"{self.name}({', '.join(args)})"

    @functools.cached_property
    def expression(self) -> sympy.Expr:  # type: ignore[override]
        return self._along(self.parent.expression)

    @functools.cached_property
    def partials(self) -> tuple[sympy.Expr, ...]:  # type: ignore[override]
        # dg/dt = f_x·u₁ + f_y·u₂ along the line (the chain rule), not sympy's diff of the
        # substituted formula: the same expression whatever the parent's form.
        fx, fy = (self._along(p) for p in self.parent.partials)
        u1, u2 = (_number(d) for d in self.direction)
        return (fx * u1 + fy * u2,)

    @functools.cached_property
    def terms(self) -> tuple[sympy.Expr, ...]:  # type: ignore[override]
        return tuple(sympy.Add.make_args(self.expression))

    def _along(self, expression: sympy.Expr) -> sympy.Expr:
        t = self.variables[0]
        values = {v: _number(p) + _number(d) * t for v, p, d in zip(self.parent.variables, self.point, self.direction)}
        along, _ = exact.substitute(expression, values)
        return along

    @property
    def can_kink(self) -> bool:  # type: ignore[override]
        return self.parent.can_kink

    # ------------------------------------------------------------------ evaluation
    def _on_line(self, t) -> tuple:
        (x0, y0), (u1, u2) = self.point, self.direction
        return x0 + np.asarray(t, dtype=np.float64) * u1, y0 + np.asarray(t, dtype=np.float64) * u2

    def evaluate(self, *coordinates) -> tuple[np.ndarray, ...]:
        """(g, dg/dt) at t (any shape S), float64 arrays of shape S."""
        if len(coordinates) != 1:
            raise ValueError(f"{self.signature()} takes 1 coordinate, got {len(coordinates)}")
        value, fx, fy = self.parent.evaluate(*self._on_line(coordinates[0]))
        with np.errstate(all="ignore"):
            return value, fx * self.direction[0] + fy * self.direction[1]

    def evaluate_point(self, point: Sequence[float]) -> tuple[float, ...]:
        if len(point) != 1:
            raise ValueError(f"{self.signature()} takes 1 coordinate, got {len(point)}")
        x, y = (float(c) for c in self._on_line(float(point[0])))
        value, fx, fy = self.parent.evaluate_point((x, y))
        return value, fx * self.direction[0] + fy * self.direction[1]

    def hessian_at(self, point: Sequence[float]) -> np.ndarray:
        """(1, 1): g″(t) = uᵀ H u, H the parent's Hessian at the line's point."""
        x, y = (float(c) for c in self._on_line(float(point[0])))
        u = np.array(self.direction)
        return np.array([[u @ self.parent.hessian_at((x, y)) @ u]])

    @functools.cached_property
    def _compiled_scalar_gradient(self) -> Callable:
        gradient = self.parent.scalar_gradient()
        (x0, y0), (u1, u2) = self.point, self.direction

        def slope(t):
            fx, fy = gradient(x0 + t * u1, y0 + t * u2)
            return fx * u1 + fy * u2

        return slope

    def __repr__(self) -> str:
        return f"LineSlice({self.signature()})"
