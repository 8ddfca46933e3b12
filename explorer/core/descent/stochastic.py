"""Runs that train on data: each step's gradient a mini-batch's, its α the schedule's.

While a lesson's data drive the surface and its runs descend on it, each run is a
:class:`TrainingDescent`: the :class:`~.engine.Descent` the views know, whose steps are
:func:`~explorer.core.training.train`'s — the gradient of step t is the one of the t-th batch
:class:`~explorer.core.training.MiniBatches` hands out (B points, a new order of the points
each epoch, drawn from the seed), α of step t is ``schedule.learning_rates(α, …)[t − 1]``
(``torch.optim.lr_scheduler``'s, stepped every step).  So a run in the app and ``train`` on the
same data, optimizer, batch size, seed and schedule are the same floats, step for step; the
same seed gives the same run, bit for bit.  Every run of a race takes the same batches (one
seed, as one DataLoader would give every model of a comparison).

What a run stands on is the data's loss itself (:mod:`~explorer.core.loss`): its value and the
full gradient (all n points) at each iterate, beside the batch's.  Each step
(:class:`TrainingStep`) records the gradient it took (the batch's), the full gradient at its
point, the α it used, its epoch and the indices of its batch.

A run ends as any run does (diverged beyond the bound, the full gradient and the step both
below their tolerances, the step limit); the fast loop (:meth:`TrainingDescent.run_to_end`, a
forecast) runs without a tolerance and ends where a stepped run would have, so both ways give
the same run.  Points are (w, b) tuples of floats in the model's units; a polynomial's runs
(its k + 1 weights) are :class:`~.poly_training.PolynomialDescent` (:attr:`TrainingSetup.run_type`).
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from ..data import DataSet
from ..loss import LinearLoss, LogisticLoss, loss_for
from ..polynomial import PolynomialLoss, parse_model
from ..optimizers import Optimizer, Schedule, run_2d
from ..training import MiniBatches, losses_at
from .engine import Descent, DescentResult, DescentStatus, DescentStep

__all__ = ["TrainingDescent", "TrainingSetup", "TrainingStep", "training_forecast", "with_rate"]


@dataclass(frozen=True)
class TrainingSetup:
    """What a run trains on: ``data`` the points ((x, y), …) as the lesson holds them,
    ``model`` ("linear", "logistic" or "poly:K"), ``batch`` B (1 … n; n is the full batch), ``seed`` the
    shuffling's, ``schedule`` α's.  Compared by value; hashed once (a race's caches key on it)."""

    data: tuple
    model: str
    batch: int
    seed: int
    schedule: Schedule

    def __hash__(self) -> int:
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = hash((self.data, self.model, self.batch, self.seed, self.schedule))
            self.__dict__["_hash"] = cached  # frozen: written past __setattr__, as cached_property does
        return cached

    @cached_property
    def loss(self) -> LinearLoss | LogisticLoss | PolynomialLoss:
        """The model's loss on the data (made once per setup): ``poly:K`` the polynomial's."""
        kind, degree = parse_model(self.model)
        if kind == "poly":
            return PolynomialLoss(DataSet.from_points(self.data), degree)
        return loss_for(DataSet.from_points(self.data), self.model)

    @property
    def run_type(self) -> type["TrainingDescent"]:
        """The run that trains on this setup: :class:`TrainingDescent` in (w, b), or the
        polynomial's in its k + 1 weights (:class:`~.poly_training.PolynomialDescent`)."""
        if self.model.startswith("poly"):
            from .poly_training import PolynomialDescent

            return PolynomialDescent
        return TrainingDescent

    @property
    def full_batch(self) -> bool:
        return self.batch == len(self.data)

    @property
    def per_epoch(self) -> int:
        """Steps an epoch: ⌈n / B⌉ (the last batch of an epoch may be smaller)."""
        return -(-len(self.data) // self.batch)

    def learning_rates(self, base: float, steps: int) -> list[float]:
        """α of each of ``steps`` steps from the optimizer's α ``base`` (the schedule's, torch's
        floats), made once per (α, steps) and shared by the runs and their forecasts."""
        rates = self.__dict__.setdefault("_rates", {})
        key = (float(base), int(steps))
        if key not in rates:
            rates[key] = self.schedule.learning_rates(base, steps).tolist()
        return rates[key]


@dataclass(frozen=True)
class TrainingStep(DescentStep):
    """One step of a run on data: ``gradient`` is the gradient the step took (its batch's),
    ``learning_rate`` the α it used (the schedule's for this step); beside them
    ``full_gradient`` ∇L on all the points at ``before``, ``epoch`` (from 1) and ``batch`` the
    indices (m,) of the points its batch took (all of them for the full batch; None where
    the run kept no record of them)."""

    full_gradient: tuple[float, ...] = ()
    epoch: int = 1
    batch: np.ndarray | None = field(default=None, compare=False, repr=False)


def with_rate(optimizer: Optimizer, alpha: float) -> Optimizer:
    """``optimizer`` with α = ``alpha`` (a schedule's α of one step).  Not through Optimizer's
    own check: a schedule may bring α to 0 (cosine annealing to η_min = 0), which torch takes
    from its scheduler though a student may not type it."""
    if alpha == optimizer.learning_rate:
        return optimizer
    stepped = copy.copy(optimizer)
    object.__setattr__(stepped, "learning_rate", float(alpha))
    return stepped


@dataclass
class TrainingDescent(Descent):
    """A run on data (see the module's doc): a :class:`~.engine.Descent` whose steps are
    mini-batch steps with scheduled α.  ``training`` is what it trains on; ``function`` is the
    surface (the loss's text, parsed), whose names the messages use.

    Its records: :meth:`batch_gradients` and :meth:`full_gradients` (steps, 2),
    :meth:`learning_rates` and :meth:`epochs` (steps,), :meth:`batch_indices` of a step."""

    training: TrainingSetup | None = None

    def __post_init__(self) -> None:
        if self.training is None:
            raise ValueError("a run on data needs its training setup")
        setup = self.training
        self.loss = setup.loss
        self.batches = MiniBatches(self.loss, setup.batch, setup.seed, self.max_steps)
        self.rates = setup.learning_rates(self.learning_rate, self.max_steps)
        self._scheduled = setup.schedule.kind != "constant"
        self._batch_gradients: list = []  # the full batch's (MiniBatches keeps the mini-batches')
        self._full_gradients: list = []
        self._taken: tuple | None = None  # (gradient, α) of the step being taken
        self.last_rest: DescentResult | None = None
        super().__post_init__()

    # ------------------------------------------------------------------ what it stands on
    def _evaluate(self, point):
        w, b = np.array([point[0]]), np.array([point[1]])
        gradient = self.loss.gradients_at(w, b)[0]
        return float(losses_at(self.loss, w, b)[0]), float(gradient[0]), float(gradient[1])

    # ------------------------------------------------------------------ a step at a time
    def _next(self, before, gradient):
        t = self.steps + 1
        taken = self.batches.gradient(*before)
        alpha = self.rates[t - 1]
        after, self.state = with_rate(self.optimizer, alpha).update(before, taken, self.state, t)
        self._taken = (taken, alpha)
        return after, None

    def step(self) -> TrainingStep | None:
        step = super().step()
        if step is None:
            return None
        taken, alpha = self._taken
        if self.batches.full:
            self._batch_gradients.append(taken)
        return self._recorded(step, taken, alpha)

    def _recorded(self, step: DescentStep, taken, alpha: float) -> TrainingStep:
        """The engine's ``step`` as a :class:`TrainingStep` (the gradient ``taken``, its α, the
        full gradient at its start, its epoch and batch), kept as :attr:`last_step`."""
        self._full_gradients.append(step.gradient)
        self.last_step = TrainingStep(step.index, step.before, tuple(taken), step.after, alpha, None, step.state_before,
                                      step.state_after, full_gradient=step.gradient, epoch=self.batches.epoch_of(step.index),
                                      batch=self.batch_indices(step.index))
        return self.last_step

    # ------------------------------------------------------------------ the rest at once
    def _rest(self) -> DescentResult:
        first, steps = self.steps + 1, self.max_steps - self.steps
        kept_before = len(self._taken_list())
        if self.batches.full:
            record, loss_gradient = self._batch_gradients.append, self.loss.gradient

            def gradient_of(w, b):
                g = loss_gradient(w, b)
                record(g)
                return g
        else:
            gradient_of = self.batches.gradient
        rates = self.rates[self.steps:self.max_steps] if self._scheduled else None
        x, y = self.point
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            # No tolerance in the loop: it would judge by the batch's gradient; the end is found below.
            xs, ys, _, state = run_2d(self.optimizer, gradient_of, x, y, self.state, first, steps, 0.0, 0.0,
                                      self._limits.bound, rates)
            w, b = np.array(xs), np.array(ys)
            gradients = self.loss.gradients_at(w, b)
            values = losses_at(self.loss, w, b)
        end = self._first_converged(w, b, gradients)
        if end is not None:  # a stepped run stops there: so does this one (its batches beyond are not taken)
            w, b, gradients, values = w[:end + 1], b[:end + 1], gradients[:end + 1], values[:end + 1]
        taken = len(w) - 1
        del self._taken_list()[kept_before + taken:]
        self.batches.taken = self.steps + taken
        self._full_gradients.extend(map(tuple, gradients[:-1].tolist()))
        self.last_rest = DescentResult(np.column_stack([w, b]), values, gradients, DescentStatus.RUNNING, taken, "",
                                       self.learning_rate, optimizer=self.optimizer, state=state)
        return self.last_rest

    def _first_converged(self, w: np.ndarray, b: np.ndarray, gradients: np.ndarray) -> int | None:
        """The first iterate (index ≥ 1) where a stepped run's judge ends the run as having
        converged (the full gradient and the step both below their tolerances), None if none."""
        limits = self._limits
        gtol, stol = limits.gradient_tolerance, max(limits.step_tolerance, self.learning_rate * limits.gradient_tolerance)
        with np.errstate(invalid="ignore", over="ignore"):
            norms = np.hypot(gradients[1:, 0], gradients[1:, 1])
            moves = np.hypot(np.diff(w), np.diff(b))
            near = np.flatnonzero((norms < gtol * 1.000001) & (moves < stol * 1.000001)) + 1
        for k in near.tolist():  # the judge's own test, on the judge's floats
            if (math.hypot(*gradients[k].tolist()) < gtol
                    and math.hypot(float(w[k] - w[k - 1]), float(b[k] - b[k - 1])) < stol):
                return k
        return None

    def run_to_end(self) -> None:
        before = self.steps
        super().run_to_end()
        if self.steps > before and self.last_step is not None:
            t = self.steps
            self.last_step = TrainingStep(t, self.last_step.before, tuple(self._taken_list()[t - 1]), self.last_step.after,
                                          self.rates[t - 1], full_gradient=tuple(self._full_gradients[t - 1]),
                                          epoch=self.batches.epoch_of(t), batch=self.batch_indices(t))

    # ------------------------------------------------------------------ the records
    def _taken_list(self) -> list:
        return self._batch_gradients if self.batches.full else self.batches.gradients

    def batch_gradients(self) -> np.ndarray:
        """The gradient each step took (its batch's), (steps, 2)."""
        return np.array(self._taken_list()[:self.steps], dtype=float).reshape(-1, 2)

    def full_gradients(self) -> np.ndarray:
        """∇L on all the points at each step's point (where the step started), (steps, 2)."""
        return np.array(self._full_gradients[:self.steps], dtype=float).reshape(-1, 2)

    def learning_rates(self) -> np.ndarray:
        """α each step used, (steps,)."""
        return np.array(self.rates[:self.steps], dtype=float)

    def epochs(self) -> np.ndarray:
        """The epoch of each step (from 1), (steps,)."""
        return np.arange(self.steps) // self.batches.per_epoch + 1

    def batch_indices(self, step: int) -> np.ndarray | None:
        """The indices of the points step ``step`` (from 1) took, in its batch's order; None
        where the epoch's order was not kept (more than MAX_ORDERS indices in a run)."""
        batches = self.batches
        if batches.full:
            return np.arange(batches.n)
        if batches.orders is None:
            return batches.last_indices() if step == batches.taken else None
        k = (step - 1) % batches.per_epoch
        order = batches.orders[(step - 1) // batches.per_epoch]
        return order[k * batches.batch:(k + 1) * batches.batch]


def training_forecast(function, setup: TrainingSetup, optimizer: Optimizer, start: tuple[float, ...],
                      steps: int) -> DescentResult:
    """The whole path of a run on data from ``start``, up to ``steps`` steps (what the views draw
    ahead of the animation): the same floats as the run stepped there."""
    run = setup.run_type(function, optimizer.learning_rate, start, max_steps=steps, optimizer=optimizer,
                          trail_length=steps + 1, training=setup)
    if not run.finished:
        run.run_to_end()
    rest = run.last_rest
    if rest is None:  # ended at the start (diverged there)
        point = np.array([run.point])
        return DescentResult(point, np.array([run.value]), np.array([run.gradient]), run.status, 0, run.message,
                             optimizer.learning_rate, optimizer=optimizer)
    return DescentResult(rest.iterates, rest.values, rest.gradients, run.status, rest.steps, run.message,
                         optimizer.learning_rate, oscillating=run.oscillating, optimizer=optimizer, state=rest.state)
