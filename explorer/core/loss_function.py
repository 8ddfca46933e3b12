"""The loss of a data set as a :class:`~explorer.core.calculus.Function` whose numbers come from
the data, not from a parsed formula: the logistic cross-entropy of more points than the
function bar writes term by term.

The cross-entropy L(w, b) = (1/n) Σᵢ [softplus(w xᵢ + b) − yᵢ(w xᵢ + b)] has no short form in
w and b alone (unlike the squared error, a quadratic whose six sums say everything), and a
sympy expression of 100,000 softplus terms could be neither differentiated nor compiled in a
lesson's time.  So its formula is kept as the sum it is — a sympy ``Sum`` over the indexed
data xᵢ, yᵢ, which differentiates to the true partials (1/n) Σᵢ (σ(w xᵢ + b) − yᵢ)·xᵢ and
(1/n) Σᵢ (σ(w xᵢ + b) − yᵢ) for the readout — while every number (the value, the partials, the
Hessian, at one point or on a grid) is the loss's own vectorised arithmetic on the data
(:class:`~explorer.core.loss.LogisticLoss`), the same floats descent and ``explorer fit`` use.
"""

from __future__ import annotations

import functools
from typing import Callable, Sequence

import numpy as np
from .lazy_sympy import sympy

from .calculus import Function
from .loss import SUM_TEXT, LogisticLoss

__all__ = ["LossFunction"]


@functools.cache
def _symbols() -> tuple:
    """w, b, the index i and the data x, y as sympy names (made on first use: sympy is
    imported after the window's first frame)."""
    return (sympy.Symbol("w", real=True), sympy.Symbol("b", real=True), sympy.Symbol("i", integer=True, positive=True),
            sympy.IndexedBase("x", real=True), sympy.IndexedBase("y", real=True))


class LossFunction(Function):
    """L(w, b), the mean cross-entropy of ``loss``'s data (a :class:`LogisticLoss`), as a
    Function of (w, b): its formula the sum over the points, its numbers from the data."""

    def __init__(self, loss: LogisticLoss, name: str = "L"):
        n = loss.n
        w, b, i, x, y = _symbols()
        z = w * x[i] + b
        term = sympy.log(1 + sympy.exp(z)) - y[i] * z
        super().__init__(sympy.Sum(term, (i, 1, n)) / n, (w, b), name=name,
                         text=f"{name}(w, b) = {SUM_TEXT.format(n=n)}", display=SUM_TEXT.format(n=n))
        self.loss = loss
        # The partials as a lesson writes them, (1/n) Σᵢ (σ(w xᵢ + b) − yᵢ)·xᵢ and (1/n) Σᵢ (σ(w xᵢ + b) − yᵢ):
        # sympy's derivative of ln(1 + eᶻ) is eᶻ/(eᶻ + 1), the same σ(z) in a longer form.
        error = 1 / (1 + sympy.exp(-z)) - y[i]
        self.partials = (sympy.Sum(error * x[i], (i, 1, n)) / n, sympy.Sum(error, (i, 1, n)) / n)

    def evaluate(self, *coordinates) -> tuple[np.ndarray, ...]:
        """L, ∂L/∂w and ∂L/∂b at (w, b) broadcast together (shape S), from the data."""
        if len(coordinates) != 2:
            raise ValueError(f"{self.signature()} takes 2 coordinates, got {len(coordinates)}")
        w, b = np.broadcast_arrays(*(np.asarray(c, dtype=np.float64) for c in coordinates))
        shape = w.shape
        flat_w, flat_b = w.ravel(), b.ravel()
        with np.errstate(all="ignore"):
            values = self._values(flat_w, flat_b)
            gradients = self.loss.gradients_at(flat_w, flat_b) if flat_w.size else np.empty((0, 2))
        return values.reshape(shape), gradients[:, 0].reshape(shape), gradients[:, 1].reshape(shape)

    def _values(self, w: np.ndarray, b: np.ndarray) -> np.ndarray:
        # L at k points (w, b) (k,), a block of them at a time (the grid method's arithmetic).
        out = np.empty(w.size)
        block = max(1, 2_000_000 // max(1, self.loss.n))
        x, y = self.loss.data.x, self.loss.data.y
        for start in range(0, w.size, block):
            z = w[start:start + block, None] * x + b[start:start + block, None]
            out[start:start + block] = (np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z))) - y * z).mean(axis=1)
        return out

    def evaluate_point(self, point: Sequence[float]) -> tuple[float, ...]:
        """(L, ∂L/∂w, ∂L/∂b) at one (w, b): the loss's value and its gradient as descent takes it."""
        if len(point) != 2:
            raise ValueError(f"{self.signature()} takes 2 coordinates, got {len(point)}")
        w, b = (float(c) for c in point)
        with np.errstate(all="ignore"):
            return (self.loss.at(w, b), *self.loss.gradient(w, b))

    @functools.cached_property
    def _compiled_scalar_gradient(self) -> Callable:
        gradient = self.loss.gradient
        return lambda w, b: list(gradient(w, b))

    def hessian_at(self, point: Sequence[float]) -> np.ndarray:
        with np.errstate(all="ignore"):
            return self.loss.hessian_at(*(float(c) for c in point))

    @functools.cached_property
    def can_kink(self) -> bool:
        return False  # softplus is smooth everywhere
