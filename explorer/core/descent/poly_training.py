"""Runs that train a polynomial on data: :class:`TrainingDescent`'s steps in k + 1 weights.

While the data drive the surface with the model ŷ = w₀ + w₁x + … + w_k x^k, the surface is
the loss L(w₀, …, w_k) of its k + 1 weights (two shown, the others held) and each run is a
:class:`PolynomialDescent`: the step of :func:`~explorer.core.polynomial.train_polynomial`
taken one at a time — the gradient of step t is the polynomial loss's on the t-th batch the
:class:`~explorer.core.training.MiniBatches` sampler hands out (:meth:`~explorer.core.training.MiniBatches.next_rows`,
torch's DataLoader order for the seed, :class:`~explorer.core.shuffle.TorchShuffle`), α of step t the schedule's, the
update :meth:`~explorer.core.optimizers.Optimizer.update` in k + 1 dimensions.  So a run in
the app and ``train_polynomial`` on the same data, optimizer, batch, seed and schedule are the
same floats, step for step.

What a run stands on is the loss itself (:class:`~explorer.core.polynomial.PolynomialLoss`):
its value and full gradient at each iterate (k + 1 floats), beside the batch's; each step is
a :class:`~.stochastic.TrainingStep` as the line's.  Points are tuples of k + 1 floats, the
weights w₀ … w_k in order (the loss function's variable order).
"""

from __future__ import annotations

import math

import numpy as np

from .engine import Descent, DescentResult, DescentStatus
from .stochastic import TrainingDescent, TrainingStep, with_rate

__all__ = ["PolynomialDescent"]


class PolynomialDescent(TrainingDescent):
    """A run on a polynomial's loss (see the module's doc).  Its records are the line's, in
    k + 1 weights: :meth:`batch_gradients` and :meth:`full_gradients` (steps, k + 1)."""

    def _evaluate(self, point):
        gradient = self.loss.gradient(point).tolist()
        return (self.loss.at(point), *gradient)

    def _batch_gradient(self, point: tuple[float, ...], full: tuple[float, ...]) -> tuple[float, ...]:
        """The next batch's gradient at ``point`` (k + 1,), ``full`` the gradient on every point
        there (the full batch's: the same floats, not worked out again)."""
        rows = self.batches.next_rows()
        taken = full if rows is None else tuple(self.loss.gradient(point, rows).tolist())
        self._batch_gradients.append(taken)
        return taken

    def _next(self, before, gradient):
        t = self.steps + 1
        taken = self._batch_gradient(before, gradient)
        alpha = self.rates[t - 1]
        try:
            after, self.state = with_rate(self.optimizer, alpha).update(before, taken, self.state, t)
        except ZeroDivisionError:  # ε = 0 and 0/0: the step is not taken (Descent says why)
            self._batch_gradients.pop()
            self.batches.taken -= 1
            raise
        self._taken = (taken, alpha)
        return after, None

    def step(self) -> TrainingStep | None:
        step = Descent.step(self)
        if step is None:
            return None
        taken, alpha = self._taken
        return self._recorded(step, taken, alpha)

    def _rest(self) -> DescentResult:
        """Every remaining step, as :meth:`step` takes them, ending where the judge would end a
        stepped run (out of bounds, not a number, or the full gradient and the step both
        below their tolerances): the same run either way."""
        limits = self._limits
        gtol, stol = limits.gradient_tolerance, max(limits.step_tolerance, self.learning_rate * limits.gradient_tolerance)
        point, gradient, state = self.point, self.gradient, self.state
        points, values, gradients = [point], [self.value], [gradient]
        with np.errstate(all="ignore"):
            for t in range(self.steps + 1, self.max_steps + 1):
                taken = self._batch_gradient(point, gradient)
                try:
                    after, state = with_rate(self.optimizer, self.rates[t - 1]).update(point, taken, state, t)
                except ZeroDivisionError:  # the next step() says why
                    self._batch_gradients.pop()
                    self.batches.taken -= 1
                    break
                value, *rest = self._evaluate(after)
                moved = math.hypot(*(a - b for a, b in zip(after, point)))
                self._full_gradients.append(gradient)
                point, gradient = after, tuple(rest)
                points.append(point), values.append(value), gradients.append(gradient)
                if (any(not math.isfinite(c) or abs(c) > limits.bound for c in point) or not math.isfinite(value)
                        or not all(math.isfinite(g) for g in gradient)
                        or (math.hypot(*gradient) < gtol and moved < stol)):
                    break
        self.last_rest = DescentResult(np.array(points, dtype=float), np.array(values, dtype=float),
                                       np.array(gradients, dtype=float), DescentStatus.RUNNING, len(points) - 1, "",
                                       self.learning_rate, optimizer=self.optimizer, state=state)
        return self.last_rest

    def _taken_list(self) -> list:
        return self._batch_gradients

    def batch_gradients(self) -> np.ndarray:
        """The gradient each step took (its batch's), (steps, k + 1)."""
        return np.array(self._batch_gradients[:self.steps], dtype=float).reshape(-1, len(self.start))

    def full_gradients(self) -> np.ndarray:
        """∇L on all the points at each step's point (where the step started), (steps, k + 1)."""
        return np.array(self._full_gradients[:self.steps], dtype=float).reshape(-1, len(self.start))
