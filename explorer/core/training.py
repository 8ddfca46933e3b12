"""Training: descent on the loss of a data set, full-batch or in mini-batches, with any
optimizer of the registry and any learning-rate schedule.

What a step is, as a PyTorch loop over the same data would take it (``model`` the line
ŷ = wx + b with ``w`` and ``b`` as parameters, the loss ``MSELoss()`` or
``BCEWithLogitsLoss()``, mean over the batch)::

    for epoch in ...:
        for xb, yb in loader:               # batches of B points (the last one may be smaller)
            optimizer.zero_grad(); loss_fn(model(xb), yb).backward(); optimizer.step()
            scheduler.step()                # every step (schedule_every="step")
        # or here, once an epoch           # (schedule_every="epoch")

Shuffling, exactly: with B < n, each epoch visits every point once in a new order, the
order being, index for index, the one ``DataLoader(TensorDataset(x, y), batch_size=B,
shuffle=True, generator=torch.Generator().manual_seed(seed))`` gives in the same epoch
(:class:`~explorer.core.shuffle.TorchShuffle`, torch's MT19937 and ``randperm``); the epoch's
batches are that order cut into runs of B, the last one the n mod B points left
(``drop_last=False``).  So a PyTorch script with that DataLoader trains on the same batches
(checked against torch 2.13 by ``scripts/check_with_torch.py``); :attr:`Training.orders`
lists them too.  With B = n (full batch) nothing is shuffled.  The same seed gives the same
run, bit for bit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .data import DataSet
from .loss import LinearLoss, LogisticLoss, loss_for
from .optimizers import Optimizer, Schedule, run_2d
from .shuffle import TorchShuffle

__all__ = ["MAX_ORDERS", "MAX_STEPS", "MiniBatches", "Training", "train", "losses_at"]

MAX_STEPS = 1_000_000
#: Epoch orders (indices) kept for the record up to this many in all; beyond, only the seed.
MAX_ORDERS = 1_000_000


@dataclass
class Training:
    """A run: ``w`` and ``b`` (steps + 1,) the iterates from the start; ``losses`` (steps + 1,)
    L on every point at each iterate; ``learning_rates`` (steps,) the α each step took;
    ``epochs`` (steps,) the epoch of each step (from 1); ``batch`` the batch size and
    ``seed`` the seed; ``orders`` each epoch's order of the points (None for full batch, or
    when more than :data:`MAX_ORDERS` indices); ``status`` "done" or "diverged";
    ``gradients`` (steps, 2) the gradient each step took (its mini-batch's), to be set beside
    :meth:`full_gradients`, the gradient on all the points, to see the noise of a batch."""

    model: str
    points: int
    optimizer: Optimizer
    schedule: Schedule
    schedule_every: str
    batch: int
    seed: int
    w: np.ndarray
    b: np.ndarray
    losses: np.ndarray
    learning_rates: np.ndarray
    epochs: np.ndarray
    orders: list | None = field(default=None, repr=False)
    status: str = "done"
    gradients: np.ndarray | None = field(default=None, repr=False)
    loss: LinearLoss | LogisticLoss | None = field(default=None, repr=False)

    def full_gradients(self) -> np.ndarray:
        """∇L on every point at each iterate, (steps + 1, 2)."""
        return self.loss.gradients_at(self.w, self.b)

    @property
    def steps(self) -> int:
        return int(self.w.size - 1)

    @property
    def final(self) -> tuple[float, float]:
        return float(self.w[-1]), float(self.b[-1])

    def to_dict(self) -> dict:
        """The run as plain JSON types (None for a value that is not finite)."""
        def floats(a):
            return [v if math.isfinite(v) else None for v in np.asarray(a, dtype=float).tolist()]
        return {"model": self.model, "optimizer": self.optimizer.kind, "hyperparameters": self.optimizer.hyperparameters(),
                "torch": self.optimizer.spec.torch, "schedule": self.schedule.settings(),
                "schedule_torch": self.schedule.torch, "schedule_every": self.schedule_every,
                "batch": self.batch, "seed": self.seed, "steps": self.steps, "status": self.status,
                "final": floats(self.final), "final_loss": floats([self.losses[-1]])[0],
                "w": floats(self.w), "b": floats(self.b), "loss": floats(self.losses),
                "learning_rate": floats(self.learning_rates), "epoch": self.epochs.tolist(),
                "gradient": [floats(g) for g in self.gradients] if self.gradients is not None else None,
                "shuffle": None if self.batch == self.points else
                {"generator": "torch's: DataLoader(shuffle=True, generator=torch.Generator().manual_seed(seed))", "seed": self.seed,
                 "orders": self.orders}}


def train(data: DataSet, optimizer: Optimizer, steps: int, *, model: str = "linear", batch: int | None = None,
          seed: int = 0, schedule: Schedule | None = None, schedule_every: str = "step",
          start: tuple[float, float] = (0.0, 0.0)) -> Training:
    """``steps`` steps of ``optimizer`` on the loss of ``model`` on ``data`` from ``start``,
    with mini-batches of ``batch`` points (None or n: the full batch) shuffled by ``seed``
    (see the module's doc), the α of each step from ``schedule`` (constant by default),
    advanced every step or every epoch.  It stops early only where the iterates stop being
    numbers (``status`` "diverged")."""
    loss = loss_for(data, model)
    n = len(data)
    batch = n if batch is None else int(batch)
    if not 1 <= batch <= n:
        raise ValueError(f"the batch size is from 1 to the number of points, {n}; got {batch}")
    if not 0 <= steps <= MAX_STEPS:
        raise ValueError(f"the steps are from 0 to {MAX_STEPS:,}; got {steps}")
    if schedule_every not in ("step", "epoch"):
        raise ValueError(f"the schedule advances every 'step' or every 'epoch', not {schedule_every!r}")
    schedule = schedule or Schedule()
    per_epoch = -(-n // batch)  # batches an epoch: the last one may be smaller
    epochs = np.arange(steps) // per_epoch + 1
    if schedule_every == "step":
        rates = schedule.learning_rates(optimizer.learning_rate, steps)
    else:
        rates = schedule.learning_rates(optimizer.learning_rate, int(epochs[-1]) if steps else 0)[epochs - 1]
    batches = MiniBatches(loss, batch, seed, steps)
    constant = schedule.kind == "constant"
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        ws, bs, _, _ = run_2d(optimizer, batches.gradient_of, float(start[0]), float(start[1]), optimizer.start(2), 1,
                              steps, 0.0, 0.0, math.inf, None if constant else rates.tolist())
        w, b = np.array(ws), np.array(bs)
        losses = losses_at(loss, w, b)
        taken = w.size - 1
        # The full batch's gradients are the loss's at the iterates (worked out again at once, not kept step by step).
        gradients = (loss.gradients_at(w[:-1], b[:-1]) if batches.full
                     else np.array(batches.gradients[:taken], dtype=float).reshape(-1, 2))
    orders = None if batches.orders is None else [order.tolist() for order in batches.orders]
    return Training(model, n, optimizer, schedule, schedule_every, batch, seed, w, b, losses, rates[:taken],
                    epochs[:taken], orders, "done" if taken == steps else "diverged", gradients, loss)


class MiniBatches:
    """The batches of one run, handed out step by step (see the module's doc for the order):
    :meth:`gradient` is the next step's gradient at (w, b) on its batch; the app's runs and
    :func:`train` both take their steps from it, so they are the same run.

    ``loss`` the data's loss; ``batch`` B (1 … n); ``seed`` the shuffling's; ``steps`` how many
    the run may take (the epoch orders are kept, as lists of indices in :attr:`orders`, when
    they hold at most :data:`MAX_ORDERS` indices in all; else :attr:`orders` is None).
    :attr:`gradients` lists each mini-batch gradient handed out, (∂L/∂w, ∂L/∂b) tuples (empty
    for the full batch, whose gradient is the loss's own, :attr:`gradient_of`)."""

    def __init__(self, loss: LinearLoss | LogisticLoss, batch: int, seed: int, steps: int):
        n = len(loss.data)
        if not 1 <= batch <= n:
            raise ValueError(f"the batch size is from 1 to the number of points, {n}; got {batch}")
        self.loss, self.n, self.batch, self.seed = loss, n, int(batch), int(seed)
        self.per_epoch = -(-n // self.batch)  # batches an epoch: the last one may be smaller
        self.full = self.batch == n
        self.taken = 0  # batches handed out so far
        self.gradients: list = []
        self.order: np.ndarray | None = None  # the current epoch's order of the points (None: full batch)
        epochs_needed = -(-max(0, steps) // self.per_epoch)
        self.orders: list | None = None if self.full or epochs_needed * n > MAX_ORDERS else []
        if not self.full:
            self._shuffle = TorchShuffle(self.seed)
            self._design = np.stack([loss.data.x, np.ones(n)])

    @property
    def gradient_of(self):
        """``gradient(w, b)`` for the optimizer's loop: the loss's own for the full batch (no
        bookkeeping on the hot path), else :meth:`gradient`."""
        return self.loss.gradient if self.full else self.gradient

    def gradient(self, w: float, b: float) -> tuple[float, float]:
        """∇L at (w, b) on the next batch (a new epoch starts a new order): one step's gradient."""
        if self.full:
            self.taken += 1
            return self.loss.gradient(w, b)
        k = self.taken % self.per_epoch
        if k == 0:  # a new epoch: a new order, and the points laid out in it (batches are then slices)
            order = self._shuffle.next_epoch(self.n)
            if self.orders is not None:
                self.orders.append(order)
            self.order = order
            self._X, self._y = self._design[:, order], self.loss.data.y[order]
        self.taken += 1
        lo = k * self.batch
        g = self.loss.gradient(w, b, self._X[:, lo:lo + self.batch], self._y[lo:lo + self.batch])
        self.gradients.append(g)
        return g

    def next_rows(self) -> np.ndarray | None:
        """The indices (m,) of the next batch's points, None for the full batch: the batches
        :meth:`gradient` takes, in the same order from the same seed, for a loss that takes
        its gradient on rows (the polynomial's, :meth:`~explorer.core.polynomial.PolynomialLoss.gradient`)."""
        self.taken += 1
        if self.full:
            return None
        k = (self.taken - 1) % self.per_epoch
        if k == 0:  # a new epoch: a new order
            order = self._shuffle.next_epoch(self.n)
            if self.orders is not None:
                self.orders.append(order)
            self.order = order
        return self.order[k * self.batch:(k + 1) * self.batch]

    def epoch_of(self, step: int) -> int:
        """The epoch (from 1) step ``step`` (from 1) belongs to."""
        return (step - 1) // self.per_epoch + 1

    def last_indices(self) -> np.ndarray:
        """The indices (m,) of the points the last batch handed out took (all of them for the
        full batch), in the order the batch took them."""
        if self.full or self.order is None:
            return np.arange(self.n)
        lo = ((self.taken - 1) % self.per_epoch) * self.batch
        return self.order[lo:lo + self.batch]


def losses_at(loss: LinearLoss | LogisticLoss, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """L on every point at each iterate: from the six sums for the line, a block of iterates at a
    time for the cross-entropy."""
    if isinstance(loss, LinearLoss):
        c = b + w * loss.mean_x - loss.mean_y
        return (loss.syy - 2.0 * w * loss.sxy + w * w * loss.sxx) + c * c
    out = np.empty(w.size)
    block = max(1, 2_000_000 // len(loss.data))
    x, y = loss.data.x, loss.data.y
    for start in range(0, w.size, block):
        z = w[start:start + block, None] * x + b[start:start + block, None]
        out[start:start + block] = (np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z))) - y * z).mean(axis=1)
    return out
