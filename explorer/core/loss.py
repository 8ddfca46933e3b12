"""The loss of a data set as a surface over (w, b), and the least-squares answer.

Two models, each with the loss ``torch.nn`` gives it:

- ``linear``: ŷ = wx + b, the mean squared error L(w, b) = (1/n) Σ (yᵢ − w xᵢ − b)²
  (``MSELoss()``).  It is a quadratic in (w, b), so six sums of the data say all of it: the
  grid of the surface costs O(N²) whatever n is (:meth:`LinearLoss.grid`).
- ``logistic``: ŷ = σ(wx + b) for labels 0 and 1, the mean binary cross-entropy
  L(w, b) = (1/n) Σ [softplus(zᵢ) − yᵢ zᵢ], zᵢ = w xᵢ + b
  (``binary_cross_entropy_with_logits``), in the form that neither overflows nor loses
  digits: softplus(z) = max(z, 0) + log1p(e^(−|z|)).

Each loss gives its value and gradient at (w, b) on all the points or on a mini-batch
(:meth:`gradient`: two dot products), its text in the lesson's notation (:meth:`text`: the
function bar's, which :func:`~explorer.core.calculus.function_from_text` reads back as the
same function) and its values on a grid (``values[i, j] = L(w[i], b[j])``, as
:mod:`~explorer.core.mesh` lays a surface out).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from .data import DataError, DataSet

__all__ = ["MAX_TERMS", "LeastSquares", "LinearLoss", "LogisticLoss", "least_squares", "loss_for"]

#: Up to this many points the text writes each point's term; beyond, the loss's expanded form.
MAX_TERMS = 5
_DIGITS = 12  # significant digits of the multiplied-out form's coefficients (sums carry rounding beyond)


def _number(value: float, digits: int | None = None) -> str:
    """``value`` as the function language reads it back to the same float: the shortest
    decimal that does (``0.1``, ``2``, ``-1.25``), never an exponent (``e`` is Euler's number
    there); to ``digits`` significant digits when given."""
    if digits is None:
        return np.format_float_positional(float(value), trim="-")
    return np.format_float_positional(float(value), precision=digits, unique=True, fractional=False, trim="-")


def _signed(coefficient: float, symbol: str, first: bool, digits: int | None = None) -> str:
    """`` - 2w``, `` + w``, ``-2w`` (first in a sum), '' for 0."""
    if coefficient == 0:
        return ""
    magnitude = "" if abs(coefficient) == 1 and symbol else _number(abs(coefficient), digits)
    sign = "-" if coefficient < 0 else "+"
    term = f"{magnitude}{symbol}"
    if first:
        return term if sign == "+" else f"-{term}"
    return f" {sign} {term}"


class _Loss:
    model = ""

    def __init__(self, data: DataSet):
        self.data = data
        self.n = len(data)
        # (2, n): the inputs with a column of ones, so ŷ = (w, b)·X and ∇ is X·(residuals).
        self._design = np.stack([data.x, np.ones(self.n)])

    def at(self, w: float, b: float) -> float:
        """L(w, b) on every point."""
        return float(self.grid(np.array([w]), np.array([b]))[0, 0])


class LinearLoss(_Loss):
    """The mean squared error of ŷ = wx + b on ``data``."""

    model = "linear"

    def __init__(self, data: DataSet):
        super().__init__(data)
        x, y = data.x, data.y
        # The six sums, centred on the means (x̄, ȳ) so that L near its minimum keeps its digits:
        # L = Syy − 2w·Sxy + w²·Sxx + c², c = b + w·x̄ − ȳ, where S are the centred second moments.
        self.mean_x, self.mean_y = float(x.mean()), float(y.mean())
        dx, dy = x - self.mean_x, y - self.mean_y
        self.sxx, self.sxy, self.syy = float(dx @ dx) / self.n, float(dx @ dy) / self.n, float(dy @ dy) / self.n
        self._sum_x = float(x.sum())

    def grid(self, w: np.ndarray, b: np.ndarray) -> np.ndarray:
        """L on the grid w (N,) × b (M,): (N, M) with ``values[i, j] = L(w[i], b[j])``, from the
        six sums (O(N·M), whatever the number of points)."""
        w = np.asarray(w, dtype=float)[:, None]
        b = np.asarray(b, dtype=float)[None, :]
        c = b + w * self.mean_x - self.mean_y
        return (self.syy - 2.0 * w * self.sxy + w * w * self.sxx) + c * c

    def gradient(self, w: float, b: float, design: np.ndarray | None = None, y: np.ndarray | None = None) -> tuple[float, float]:
        """∇L = (2/m)·(Σ rᵢxᵢ, Σ rᵢ), rᵢ = w xᵢ + b − yᵢ, on the m points given (``design``
        (2, m) the x's over a row of ones, as ``self._design``; ``y`` (m,)), all of them by
        default: one pass for w·x − y, then one matrix-vector product, the two dot products
        Σ (w xᵢ − yᵢ)·xᵢ and Σ (w xᵢ − yᵢ), to which b adds b·Σxᵢ and m·b."""
        if design is None:
            X, y, sum_x = self._design, self.data.y, self._sum_x
        else:
            X, sum_x = design, None
        r = X[0] * w
        r -= y
        gw, gb = np.dot(X, r).tolist()
        m = X.shape[1]
        gw += b * (float(X[0].sum()) if sum_x is None else sum_x)
        gb += m * b
        scale = 2.0 / m
        return gw * scale, gb * scale

    def gradients_at(self, w: np.ndarray, b: np.ndarray) -> np.ndarray:
        """∇L on every point at many (w, b) at once: (k, 2) for w, b (k,), from the six sums:
        ∂L/∂w = 2(w·Sxx − Sxy + c·x̄), ∂L/∂b = 2c with c = b + w·x̄ − ȳ."""
        w, b = np.asarray(w, dtype=float), np.asarray(b, dtype=float)
        c = b + w * self.mean_x - self.mean_y
        return np.stack([2.0 * (w * self.sxx - self.sxy + c * self.mean_x), 2.0 * c], axis=-1)

    def text(self, name: str = "L") -> str:
        """L in the lesson's notation: ``L(w, b) = (3 - 2w - b)^2`` for the lesson's point;
        each point's squared error, summed and divided by n, for up to :data:`MAX_TERMS` points
        (``L(w, b) = ((3 - 2w - b)^2 + (5 - 4w - b)^2)/2``); beyond, the quadratic multiplied
        out, ``L(w, b) = 4.5w^2 + 2wb + b^2 - 11w - 5.2b + 8.1``, its coefficients the data's
        means to 12 significant digits (the same function to 1e-12 of each coefficient)."""
        head = f"{name}(w, b) = "
        if self.n <= MAX_TERMS:
            terms = [f"({self._residual(x, y)})^2" for x, y in self.data.points]
            return head + (terms[0] if self.n == 1 else f"({' + '.join(terms)})/{self.n}")
        x, y = self.data.x, self.data.y
        ww, wb = float(x @ x) / self.n, 2.0 * self.mean_x
        w1, b1, c0 = -2.0 * float(x @ y) / self.n, -2.0 * self.mean_y, float(y @ y) / self.n
        d = _DIGITS
        parts = [_signed(ww, "w^2", True, d), _signed(wb, "wb", not ww, d), " + b^2" if ww or wb else "b^2",
                 _signed(w1, "w", False, d), _signed(b1, "b", False, d), _signed(c0, "", False, d)]
        return head + "".join(parts)

    @staticmethod
    def _residual(x: float, y: float) -> str:
        """y − x·w − b as the lesson writes it: ``3 - 2w - b``, ``-1 + 0.5w - b``, ``-b``."""
        text = _number(y) if y != 0 else ""
        text += _signed(-x, "w", not text)
        return text + (" - b" if text else "-b")


class LogisticLoss(_Loss):
    """The mean binary cross-entropy of ŷ = σ(wx + b) on ``data``, whose labels are 0 and 1."""

    model = "logistic"

    def __init__(self, data: DataSet):
        labels = set(np.unique(data.y).tolist())
        if not labels <= {0.0, 1.0}:
            odd = next(v for v in data.y.tolist() if v not in (0.0, 1.0))
            row = data.y.tolist().index(odd) + 1
            raise DataError(f"the logistic model needs labels 0 and 1, and point {row} has y = {odd:g}")
        super().__init__(data)

    @staticmethod
    def _softplus(z: np.ndarray) -> np.ndarray:
        return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))

    def grid(self, w: np.ndarray, b: np.ndarray) -> np.ndarray:
        """L on the grid w (N,) × b (M,): (N, M); O(n·N·M) (the cross-entropy has no short
        sums), worked a block of points at a time so the memory stays small."""
        w = np.asarray(w, dtype=float)[:, None]
        b = np.asarray(b, dtype=float)[None, :]
        total = np.zeros(np.broadcast_shapes(w.shape, b.shape))
        block = max(1, 4_000_000 // max(1, total.size))
        x, y = self.data.x, self.data.y
        for start in range(0, self.n, block):
            xs, ys = x[start:start + block], y[start:start + block]
            z = w[..., None] * xs + b[..., None]
            total += (self._softplus(z) - ys * z).sum(axis=-1)
        return total / self.n

    def gradient(self, w: float, b: float, design: np.ndarray | None = None, y: np.ndarray | None = None) -> tuple[float, float]:
        """∇L = (1/m)·X·(σ(Xᵀ(w, b)) − y) on the m points given, all of them by default."""
        X = self._design if design is None else design
        z = np.dot((w, b), X)
        e = np.exp(-np.abs(z))  # σ(z) without overflow: 1/(1 + e^−z) for z ≥ 0, e^z/(1 + e^z) below
        sigma = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
        sigma -= self.data.y if y is None else y
        gw, gb = np.dot(X, sigma).tolist()
        scale = 1.0 / X.shape[1]
        return gw * scale, gb * scale

    def gradients_at(self, w: np.ndarray, b: np.ndarray) -> np.ndarray:
        """∇L on every point at many (w, b) at once: (k, 2) for w, b (k,), a block at a time."""
        w, b = np.asarray(w, dtype=float), np.asarray(b, dtype=float)
        out = np.empty((w.size, 2))
        block = max(1, 2_000_000 // self.n)
        x, y = self.data.x, self.data.y
        for start in range(0, w.size, block):
            z = w[start:start + block, None] * x + b[start:start + block, None]
            e = np.exp(-np.abs(z))
            error = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)) - y
            out[start:start + block, 0] = (error * x).mean(axis=1)
            out[start:start + block, 1] = error.mean(axis=1)
        return out

    def text(self, name: str = "L") -> str:
        """L in the lesson's notation: for up to :data:`MAX_TERMS` points each term,
        ``softplus(-(2w + b))`` for a label 1 and ``softplus(2w + b)`` for a label 0
        (softplus(z) = ln(1 + eᶻ)), which the function language reads back; beyond, the mean
        written as a sum over the points, ``L(w, b) = (1/40) Σᵢ [softplus(wxᵢ + b) - yᵢ(wxᵢ + b)]``
        (exact, but read from the data: the cross-entropy has no short form in w and b alone,
        so the lesson takes the surface from :class:`~explorer.core.loss_function.LossFunction`)."""
        if self.n > MAX_TERMS:
            return f"{name}(w, b) = {SUM_TEXT.format(n=self.n)}"
        terms = []
        for x, y in self.data.points:
            z = (_signed(x, "w", True) + " + b") if x != 0 else "b"
            terms.append(f"softplus(-({z}))" if y == 1 else f"softplus({z})")
        body = terms[0] if self.n == 1 else f"({' + '.join(terms)})/{self.n}"
        return f"{name}(w, b) = {body}"

    def grid_with_gradient(self, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """L, ∂L/∂w and ∂L/∂b on the grid w (N,) × b (M,), each (N, M), in one pass over the
        points (a block at a time; equal points counted once, with their number as weight).
        O(n·N·M): the cross-entropy has no short sums.  The mesh's; descent reads
        :meth:`gradient`, summed in the data's order as torch sums."""
        w = np.asarray(w, dtype=float)[:, None]
        b = np.asarray(b, dtype=float)[None, :]
        shape = np.broadcast_shapes(w.shape, b.shape)
        (x, y), weight = self._distinct
        totals = [np.zeros(shape) for _ in range(3)]
        block = max(1, 2_000_000 // max(1, totals[0].size))
        for start in range(0, x.size, block):
            xs, ys, ks = x[start:start + block], y[start:start + block], weight[start:start + block]
            z = w[..., None] * xs + b[..., None]
            e = np.exp(-np.abs(z))
            totals[0] += ((np.maximum(z, 0.0) + np.log1p(e) - ys * z) * ks).sum(axis=-1)
            error = (np.where(z >= 0, 1.0, e) / (1.0 + e) - ys) * ks  # σ(z) − y, without overflow
            totals[1] += (error * xs).sum(axis=-1)
            totals[2] += error.sum(axis=-1)
        return tuple(t / self.n for t in totals)

    #: Above this many point × grid-vertex pairs the mesh is made by :meth:`grid_binned`
    #: (about a second of the exact pass on a slow machine: 300 points on 200 × 200).
    EXACT_PAIRS = 12_000_000

    def mesh_grid(self, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """L, ∂L/∂w, ∂L/∂b on the grid for the surface's mesh: exact while that is quick,
        else :meth:`grid_binned` (within about 1e-6: far below a pixel; every number shown,
        at the point or under the mouse, is the exact :meth:`at` and :meth:`gradient`)."""
        if self._distinct[1].size * np.size(w) * np.size(b) <= self.EXACT_PAIRS:
            return self.grid_with_gradient(w, b)
        return self.grid_binned(w, b)

    def grid_binned(self, w: np.ndarray, b: np.ndarray, fine: int = 8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """L, ∂L/∂w, ∂L/∂b on the grid w (N,) × b (M,) in about O(N·(n + M log M)), to about
        1e-6 (:func:`~explorer.core.loss_grid.binned_grid`)."""
        from .loss_grid import binned_grid

        return binned_grid(self, w, b, fine)

    @functools.cached_property
    def _distinct(self) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray]:
        """The distinct points ((x, y), each (k,)) and how many times each occurs (k,)."""
        pairs, counts = np.unique(np.stack([self.data.x, self.data.y], axis=1), axis=0, return_counts=True)
        return (pairs[:, 0].copy(), pairs[:, 1].copy()), counts.astype(float)

    def hessian_at(self, w: float, b: float) -> np.ndarray:
        """(2, 2): the second partials at (w, b), (1/n) Σ σ(zᵢ)(1 − σ(zᵢ)) [[xᵢ², xᵢ], [xᵢ, 1]]."""
        z = w * self.data.x + b
        e = np.exp(-np.abs(z))
        curvature = e / (1.0 + e) ** 2  # σ(z)(1 − σ(z)), the same for z and −z
        x = self.data.x
        hww, hwb, hbb = float(curvature @ (x * x)), float(curvature @ x), float(curvature.sum())
        return np.array([[hww, hwb], [hwb, hbb]]) / self.n


#: The cross-entropy of many points as the function bar writes it (``n``: their number).
SUM_TEXT = "(1/{n}) Σᵢ [softplus(wxᵢ + b) - yᵢ(wxᵢ + b)]"


def loss_for(data: DataSet, model: str = "linear") -> LinearLoss | LogisticLoss:
    """The loss of ``model`` ("linear" or "logistic") on ``data``; DataError when the data
    do not suit the model (labels other than 0 and 1 for the logistic one)."""
    if model == "linear":
        return LinearLoss(data)
    if model == "logistic":
        return LogisticLoss(data)
    raise ValueError(f"unknown model {model!r}: linear or logistic")


@dataclass(frozen=True)
class LeastSquares:
    """The least-squares line of a data set: ``w``, ``b`` (``numpy.linalg.lstsq``'s answer,
    the minimum-norm one where there are many) and ``loss`` L there.

    ``valley``: every xᵢ is the same x₀ (one point is the lesson's case), so no one line is
    best: every (w, b) with w·x₀ + b = ȳ has the least loss, a straight valley floor in the
    (w, b) plane, b = ``valley_intercept`` + ``valley_slope``·w."""

    w: float
    b: float
    loss: float
    valley: bool
    valley_slope: float = math.nan
    valley_intercept: float = math.nan
    points: int = 0

    def describe(self) -> str:
        """In words, for the readout and the command line."""
        from .notation import format_value

        if not self.valley:
            return (f"least squares: w* = {format_value(self.w)}, b* = {format_value(self.b)}, "
                    f"L = {format_value(self.loss)} there (the one minimum)")
        slope = self.valley_slope
        line = (f"b = {format_value(self.valley_intercept)}" if slope == 0 else
                f"b = {format_value(self.valley_intercept)} {'+' if slope > 0 else '−'} "
                f"{'' if abs(slope) == 1 else format_value(abs(slope))}w")
        why = ("one point: every line through it fits it exactly" if self.points == 1 else
               "every x is the same, so every line through their mean y fits as well")
        return f"no single minimum: the loss is least (L = {format_value(self.loss)}) all along a valley, {line} ({why})"

    def distance(self, w: float, b: float) -> float:
        """How far (w, b) is from the answer in the (w, b) plane: from (w*, b*), or from the
        nearest point of the valley line where there is one."""
        if not self.valley:
            return math.hypot(w - self.w, b - self.b)
        # The valley b = c + s·w is the line s·w − b + c = 0: distance |s·w − b + c| / √(s² + 1).
        s, c = self.valley_slope, self.valley_intercept
        return abs(s * w - b + c) / math.hypot(s, 1.0)

    def to_dict(self) -> dict:
        out = {"w": self.w, "b": self.b, "loss": self.loss, "valley": self.valley}
        if self.valley:
            out["valley_line"] = {"b_at_w_0": self.valley_intercept, "slope": self.valley_slope}
        return out


def least_squares(data: DataSet) -> LeastSquares:
    """The line y = w*·x + b* of least mean squared error (``numpy.linalg.lstsq``)."""
    design = np.stack([data.x, np.ones(len(data))], axis=1)
    (w, b), _, rank, _ = np.linalg.lstsq(design, data.y, rcond=None)
    loss = LinearLoss(data).at(float(w), float(b))
    if rank == 2 and not (data.x == data.x[0]).all():
        return LeastSquares(float(w), float(b), max(0.0, loss), False, points=len(data))
    x0 = float(data.x.mean())  # every x the same (rank 1): the valley w·x₀ + b = ȳ
    return LeastSquares(float(w), float(b), max(0.0, loss), True, -x0, float(data.y.mean()), len(data))
