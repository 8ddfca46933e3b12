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
order being ``rng.permutation(n)`` of one ``numpy.random.default_rng(seed)`` (PCG64) drawn
afresh at the start of every epoch; the epoch's batches are that order cut into runs of B,
the last one the n mod B points left (``drop_last=False``).  That is the structure of
``DataLoader(shuffle=True, generator=torch.Generator().manual_seed(seed))`` (a new
``randperm`` of one seeded generator per epoch) — but numpy's generator, not torch's, so the
orders are ours: :attr:`Training.orders` lists them, and a torch script reproduces a run by
feeding those indices (``batch_sampler``).  With B = n (full batch) nothing is shuffled.
The same seed gives the same run, bit for bit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .data import DataSet
from .loss import LinearLoss, LogisticLoss, loss_for
from .optimizers import Optimizer, Schedule, run_2d

__all__ = ["MAX_ORDERS", "MAX_STEPS", "Training", "train"]

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
                {"generator": "numpy.random.default_rng (PCG64), a permutation an epoch", "seed": self.seed,
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
    gradient, orders, taken_gradients = _gradient(loss, data, batch, seed, per_epoch, steps)
    constant = schedule.kind == "constant"
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        ws, bs, _, _ = run_2d(optimizer, gradient, float(start[0]), float(start[1]), optimizer.start(2), 1, steps,
                              0.0, 0.0, math.inf, None if constant else rates.tolist())
        w, b = np.array(ws), np.array(bs)
        losses = _losses(loss, w, b)
        taken = w.size - 1
        # The full batch's gradients are the loss's at the iterates (worked out again at once, not kept step by step).
        gradients = (np.array(taken_gradients[:taken], dtype=float).reshape(-1, 2) if taken_gradients is not None
                     else loss.gradients_at(w[:-1], b[:-1]))
    return Training(model, n, optimizer, schedule, schedule_every, batch, seed, w, b, losses, rates[:taken],
                    epochs[:taken], orders, "done" if taken == steps else "diverged", gradients, loss)


def _gradient(loss: LinearLoss | LogisticLoss, data: DataSet, batch: int, seed: int, per_epoch: int, steps: int):
    """∇L(w, b) for the optimizer's loop, one call a step; the epoch orders and each step's
    gradient as they are recorded (None for the full batch)."""
    n = len(data)
    if batch == n:
        return loss.gradient, None, None
    rng = np.random.default_rng(seed)
    design = np.stack([data.x, np.ones(n)])
    epochs_needed = -(-steps // per_epoch)
    orders: list | None = [] if epochs_needed * n <= MAX_ORDERS else None
    state = {"k": 0, "X": design, "y": data.y}
    taken: list = []
    keep = taken.append

    def gradient(w: float, b: float):
        k = state["k"] % per_epoch
        if k == 0:  # a new epoch: a new order, and the points laid out in it (batches are then slices)
            order = rng.permutation(n)
            if orders is not None:
                orders.append(order.tolist())
            state["X"], state["y"] = design[:, order], data.y[order]
        state["k"] += 1
        lo = k * batch
        g = loss.gradient(w, b, state["X"][:, lo:lo + batch], state["y"][lo:lo + batch])
        keep(g)
        return g

    return gradient, orders, taken


def _losses(loss: LinearLoss | LogisticLoss, w: np.ndarray, b: np.ndarray) -> np.ndarray:
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
