"""The polynomial model ŷ = w₀ + w₁x + … + w_k x^k (k ≤ 5) and its loss: many parameters from data.

The loss is the mean squared error L(w₀, …, w_k) = (1/n) Σᵢ (yᵢ − Σⱼ wⱼ xᵢʲ)², as
``MSELoss()`` gives it for the same model in torch; with the Vandermonde matrix V (n, k + 1),
Vᵢⱼ = xᵢʲ, it is (1/n)|Vw − y|² and its gradient (2/n)·Vᵀ(Vw − y).  Its least-squares
answer is ``numpy.linalg.lstsq(V, y)``.  The parameters are named ``w0 … wk`` (the function
language reads w₀ … w₅ as the same names), so the loss is a function of k + 1 variables
(:meth:`PolynomialLoss.text`, read back by :func:`~explorer.core.calculus.function_from_text`).

Training (:func:`train_polynomial`) steps every optimizer of the registry in k + 1 dimensions
(:meth:`~explorer.core.optimizers.Optimizer.update`, torch's rules), full-batch or in the
mini-batches and schedules of :mod:`~explorer.core.training`, shuffled the same way.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from .data import DataError, DataSet
from .loss import MAX_TERMS, _number, _signed
from .optimizers import Optimizer, Schedule
from .shuffle import TorchShuffle

__all__ = ["MAX_DEGREE", "PolynomialFit", "PolynomialLoss", "PolynomialTraining", "parse_model", "train_polynomial"]

MAX_DEGREE = 5
_DIGITS = 12  # significant digits of the multiplied-out form's coefficients (as the line's)


def parse_model(text: str) -> tuple[str, int]:
    """``"linear"``, ``"logistic"`` or ``"poly:K"`` (K = 1 … 5) → (model, degree); the degree
    is 1 for the line and the logistic curve.  :class:`ValueError` says what is accepted."""
    if text in ("linear", "logistic"):
        return text, 1
    kind, _, degree = text.partition(":")
    if kind == "poly" and degree.isdigit() and 1 <= int(degree) <= MAX_DEGREE:
        return "poly", int(degree)
    raise ValueError(f"the model is linear, logistic or poly:K with K from 1 to {MAX_DEGREE} (poly:3 is a cubic), "
                     f"not {text!r}")


class PolynomialLoss:
    """The mean squared error of ŷ = w₀ + w₁x + … + w_k x^k on ``data``."""

    model = "poly"

    def __init__(self, data: DataSet, degree: int):
        if not (isinstance(degree, int) and 1 <= degree <= MAX_DEGREE):
            raise DataError(f"the polynomial's degree is 1 to {MAX_DEGREE}, not {degree!r}")
        self.data, self.degree, self.n = data, degree, len(data)
        self.names = tuple(f"w{j}" for j in range(degree + 1))
        self.vandermonde = np.vander(data.x, degree + 1, increasing=True)  # (n, k + 1): xᵢ⁰ … xᵢᵏ

    def at(self, weights) -> float:
        """L at ``weights`` (k + 1,) on every point."""
        r = self.vandermonde @ np.asarray(weights, dtype=float) - self.data.y
        return float(r @ r) / self.n

    def gradient(self, weights, rows: np.ndarray | None = None) -> np.ndarray:
        """∇L (k + 1,) = (2/m)·Vᵀ(Vw − y) on the m points ``rows`` (indices), all by default."""
        V, y = (self.vandermonde, self.data.y) if rows is None else (self.vandermonde[rows], self.data.y[rows])
        return (2.0 / V.shape[0]) * (V.T @ (V @ np.asarray(weights, dtype=float) - y))

    def predict(self, x, weights) -> np.ndarray:
        """ŷ at ``x`` for ``weights`` (Horner's rule, the highest power first)."""
        x = np.asarray(x, dtype=float)
        out = np.zeros_like(x)
        for w in reversed(np.asarray(weights, dtype=float).tolist()):
            out = out * x + w
        return out

    def text(self, name: str = "L") -> str:
        """L in the lesson's notation, a function of w0 … wk: each point's squared error for
        up to :data:`~explorer.core.loss.MAX_TERMS` points, ``L(w0, w1, w2) = (3 - w0 - 2w1
        - 4w2)^2`` for the lesson's point; beyond, the quadratic form multiplied out, its
        coefficients the data's power sums to 12 significant digits."""
        head = f"{name}({', '.join(self.names)}) = "
        if self.n <= MAX_TERMS:
            terms = [f"({self._residual(x, y)})^2" for x, y in self.data.points]
            return head + (terms[0] if self.n == 1 else f"({' + '.join(terms)})/{self.n}")
        V, y = self.vandermonde, self.data.y
        gram, moments, constant = V.T @ V / self.n, V.T @ y / self.n, float(y @ y) / self.n
        parts = []
        for j in range(self.degree + 1):  # wⱼ² and 2·wⱼwₗ (l > j), then −2·Σ yᵢxᵢʲ·wⱼ, then Σ yᵢ²
            parts.append(_signed(gram[j, j], f"{self.names[j]}^2", not parts, _DIGITS))
            parts += [_signed(2.0 * gram[j, l], f"{self.names[j]}{self.names[l]}", not parts, _DIGITS)
                      for l in range(j + 1, self.degree + 1)]
        parts += [_signed(-2.0 * moments[j], self.names[j], not parts, _DIGITS) for j in range(self.degree + 1)]
        parts.append(_signed(constant, "", not "".join(parts), _DIGITS))
        return head + "".join(parts)

    def _residual(self, x: float, y: float) -> str:
        """y − w0 − x·w1 − x²·w2 …: ``3 - w0 - 2w1 - 4w2``."""
        text = _number(y) if y != 0 else ""
        for j, name in enumerate(self.names):
            text += _signed(-(x ** j), name, not text)
        return text or "0"

    def function(self, name: str = "L"):
        """The loss as a :class:`~explorer.core.calculus.Function` of w0 … wk (its text parsed)."""
        from .calculus import function_from_text

        return function_from_text(self.text(name))

    def least_squares(self) -> "PolynomialFit":
        """The polynomial of least mean squared error: ``numpy.linalg.lstsq(V, y)`` (the
        minimum-norm one where fewer distinct x than parameters leave many)."""
        weights, _, rank, _ = np.linalg.lstsq(self.vandermonde, self.data.y, rcond=None)
        flat = ()
        if int(rank) < self.degree + 1:  # the directions along which L stays at its least: V's null space
            flat = tuple(tuple(row) for row in np.linalg.svd(self.vandermonde)[2][int(rank):].tolist())
        return PolynomialFit(tuple(float(w) for w in weights), max(0.0, self.at(weights)), int(rank) < self.degree + 1,
                             flat)


@dataclass(frozen=True)
class PolynomialFit:
    """The least-squares polynomial: ``weights`` (w₀ … w_k), ``loss`` L there, and whether
    it is one of many (``many``: fewer distinct x than parameters, a valley of minima along
    the directions ``flat``)."""

    weights: tuple[float, ...]
    loss: float
    many: bool
    flat: tuple[tuple[float, ...], ...] = ()  # orthonormal directions (k + 1,) of the minima's valley (many)

    def distance(self, *weights: float) -> float:
        """How far ``weights`` (w₀ … w_k) are from the least squares: from the one minimum, or
        from the nearest of the many (the valley through :attr:`weights` along :attr:`flat`)."""
        d = np.asarray(weights, dtype=float) - np.asarray(self.weights)
        for u in self.flat:
            d = d - (d @ np.asarray(u)) * np.asarray(u)
        return float(np.linalg.norm(d))

    def describe(self) -> str:
        from .notation import format_value

        weights = ", ".join(f"w{j} = {format_value(w)}" for j, w in enumerate(self.weights))
        if self.many:
            return (f"least squares: {weights}, L = {format_value(self.loss)} — one of many (fewer distinct x than "
                    f"parameters: no single minimum; the smallest weights are shown)")
        return f"least squares: {weights}, L = {format_value(self.loss)} there (the one minimum)"

    def to_dict(self) -> dict:
        return {"weights": list(self.weights), "loss": self.loss, "one_of_many": self.many}


@dataclass
class PolynomialTraining:
    """A run: ``weights`` (steps + 1, k + 1) the iterates from the start; ``losses`` (steps +
    1,) L on every point at each; ``learning_rates`` and ``epochs`` (steps,); ``gradients``
    (steps, k + 1) the gradient each step took (its batch's); ``status`` "done" or "diverged"."""

    degree: int
    optimizer: Optimizer
    schedule: Schedule
    batch: int
    seed: int
    weights: np.ndarray
    losses: np.ndarray
    learning_rates: np.ndarray
    epochs: np.ndarray
    gradients: np.ndarray
    status: str = "done"

    @property
    def steps(self) -> int:
        return int(self.weights.shape[0] - 1)

    @property
    def final(self) -> tuple[float, ...]:
        return tuple(float(w) for w in self.weights[-1])


def train_polynomial(data: DataSet, degree: int, optimizer: Optimizer, steps: int, *, batch: int | None = None,
                     seed: int = 0, schedule: Schedule | None = None, schedule_every: str = "step",
                     start=None) -> PolynomialTraining:
    """``steps`` steps of ``optimizer`` on the polynomial's loss from ``start`` (zeros by
    default), each :meth:`Optimizer.update` in k + 1 dimensions at the step's α; mini-batches
    of ``batch`` shuffled by ``seed`` and the schedule as :func:`~explorer.core.training.train`
    takes them (torch's DataLoader order for the seed, :class:`~explorer.core.shuffle.TorchShuffle`)."""
    loss = PolynomialLoss(data, degree)
    n = len(data)
    batch = n if batch is None else int(batch)
    if not 1 <= batch <= n:
        raise ValueError(f"the batch size is from 1 to the number of points, {n}; got {batch}")
    if schedule_every not in ("step", "epoch"):
        raise ValueError(f"the schedule advances every 'step' or every 'epoch', not {schedule_every!r}")
    schedule = schedule or Schedule()
    per_epoch = -(-n // batch)
    epochs = np.arange(steps) // per_epoch + 1
    rates = (schedule.learning_rates(optimizer.learning_rate, steps) if schedule_every == "step" else
             schedule.learning_rates(optimizer.learning_rate, int(epochs[-1]) if steps else 0)[epochs - 1])
    point = tuple(float(w) for w in (start if start is not None else (0.0,) * (degree + 1)))
    if len(point) != degree + 1:
        raise ValueError(f"a polynomial of degree {degree} starts from {degree + 1} weights, not {len(point)}")
    stepping = dataclasses.replace(optimizer)  # its α set to each step's (a schedule may reach 0, which no optimizer takes)
    state, shuffle, order = optimizer.start(degree + 1), TorchShuffle(seed), None
    path, taken = [point], []
    with np.errstate(all="ignore"):
        for k in range(steps):
            if batch < n and k % per_epoch == 0:
                order = shuffle.next_epoch(n)
            rows = None if batch == n else order[(k % per_epoch) * batch:(k % per_epoch + 1) * batch]
            gradient = loss.gradient(point, rows).tolist()
            object.__setattr__(stepping, "learning_rate", float(rates[k]))
            point, state = stepping.update(point, gradient, state, k + 1)
            if not all(math.isfinite(w) for w in point):
                break
            path.append(tuple(point))
            taken.append(gradient)
        weights = np.array(path, dtype=float)
        residuals = weights @ loss.vandermonde.T - data.y  # (steps + 1, n): L beyond a float is inf, not a warning
        losses = (residuals * residuals).mean(axis=1)
    done = len(taken)
    return PolynomialTraining(degree, optimizer, schedule, batch, seed, weights, losses, rates[:done], epochs[:done],
                              np.array(taken, dtype=float).reshape(-1, degree + 1), "done" if done == steps else "diverged")
