"""Train with the app's core and with a plain PyTorch loop, the same way, and compare.

For each model — the line (``MSELoss``), the logistic model (``BCEWithLogitsLoss``) and
polynomials of degree 2 and 3 (``MSELoss``) — every optimizer of
:data:`explorer.core.optimizers.KINDS` with its ``torch.optim`` counterpart and the same
hyper-parameters, every schedule kind (constant, StepLR, ExponentialLR, CosineAnnealingLR,
LinearLR, ``scheduler.step()`` after every ``optimizer.step()``, and once an epoch as the
app's ``schedule_every="epoch"``), batch sizes n (full), 1 and 2 and seeds 0 and 7: the app's :func:`~explorer.core.training.train` /
:func:`~explorer.core.polynomial.train_polynomial` against::

    loader = DataLoader(TensorDataset(x, y), batch_size=B, shuffle=True,
                        generator=torch.Generator().manual_seed(seed))
    for xb, yb in loader:      # epoch after epoch, until the steps are taken
        optimizer.zero_grad(); loss_fn(model(xb), yb).backward(); optimizer.step(); scheduler.step()
    # (or scheduler.step() here, after each epoch's last batch)

with float64 parameters from zeros.  It prints, per case, the largest |difference| of the
parameters at every iterate, of the loss on all the points at every iterate and of the α
each step took, and exits 1 if any exceeds 1e-10 (or a run stopped early).

    PYTHONPATH=. python scripts/check_with_torch.py [--quiet]

torch is not a dependency of the app; this script needs it installed (checked with 2.13).
"""

from __future__ import annotations

import argparse
import itertools
import sys

import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

from explorer.core.data import DataSet
from explorer.core.optimizers import KINDS, Optimizer, Schedule
from explorer.core.polynomial import train_polynomial
from explorer.core.training import train

TOLERANCE = 1e-10
STEPS = 20  # four epochs at B = 1 on five points, seven at B = 2: several new orders each run

#: The issue's five points on y = 2x + 1 plus a fixed noise.
LINE = ((0.0, 1.1), (1.0, 2.9), (2.0, 5.2), (3.0, 6.8), (4.0, 9.1))
#: 0/1 labels on the same x, not separable (so the logistic model's minimum is finite).
LABELS = ((0.0, 0.0), (1.0, 0.0), (2.0, 1.0), (3.0, 0.0), (4.0, 1.0))
#: y = 2x + 1 plus the same noise on x in [−1, 1]: x³ stays small, so one α suits every degree.
CURVE = ((-1.0, -0.9), (-0.5, -0.1), (0.0, 1.2), (0.5, 1.8), (1.0, 3.1))

#: model name → (data, degree (None: the line's w, b), the torch loss, the α the runs take)
MODELS = {
    "linear": (LINE, None, torch.nn.MSELoss, 0.02),
    "logistic": (LABELS, None, torch.nn.BCEWithLogitsLoss, 0.1),
    "poly2": (CURVE, 2, torch.nn.MSELoss, 0.1),
    "poly3": (CURVE, 3, torch.nn.MSELoss, 0.1),
}

#: Each schedule kind, with settings the 20 steps go past (the cosine's bottom at 6, its rise after).
SCHEDULES = {
    "constant": Schedule(),
    "step": Schedule("step", step_size=3, gamma=0.5),
    "exp": Schedule("exp", gamma=0.9),
    "cosine": Schedule("cosine", T_max=6, eta_min=0.001),
    "linear": Schedule("linear", start_factor=0.25, end_factor=1.0, total_iters=8),
}
BATCHES = ("full", 1, 2)
SEEDS = (0, 7)
EVERY = ("step", "epoch")  # when the scheduler steps: after every step, or after each epoch


def torch_optimizer(optimizer: Optimizer, parameters) -> torch.optim.Optimizer:
    """The ``torch.optim`` optimizer the app's spec names, with the same hyper-parameters."""
    cls = getattr(torch.optim, optimizer.spec.torch.split("(")[0])
    kwargs = dict(optimizer.spec.torch_args(optimizer))
    if "betas" in kwargs:
        kwargs["betas"] = tuple(kwargs["betas"])
    return cls(parameters, lr=optimizer.learning_rate, **kwargs)


def torch_scheduler(schedule: Schedule, optimizer: torch.optim.Optimizer):
    """The ``torch.optim.lr_scheduler`` the schedule names (None for constant)."""
    if schedule.kind == "constant":
        return None
    settings = schedule.settings()
    del settings["kind"]
    cls = getattr(torch.optim.lr_scheduler, schedule.torch.split("(")[0])
    return cls(optimizer, **settings)


def run_torch(points, degree, loss_class, optimizer: Optimizer, schedule: Schedule, batch: int, seed: int,
              every: str = "step", steps: int = STEPS):
    """The plain torch loop: parameters (steps + 1, k) at every iterate, the loss on all the
    points (steps + 1,) at each, and the α (steps,) each step took."""
    x = torch.tensor([p[0] for p in points], dtype=torch.float64)
    y = torch.tensor([p[1] for p in points], dtype=torch.float64)
    if degree is None:  # the line ŷ = wx + b, w and b as two parameters
        w = torch.zeros((), dtype=torch.float64, requires_grad=True)
        b = torch.zeros((), dtype=torch.float64, requires_grad=True)
        parameters = [w, b]

        def model(xb):
            return w * xb + b
    else:  # ŷ = w0 + w1·x + … + wK·x^K
        weights = torch.zeros(degree + 1, dtype=torch.float64, requires_grad=True)
        parameters = [weights]

        def model(xb):
            return torch.stack([xb ** k for k in range(degree + 1)], dim=1) @ weights

    def flat():
        return torch.cat([p.detach().reshape(-1) for p in parameters]).numpy().copy()

    loss_fn = loss_class()
    opt = torch_optimizer(optimizer, parameters)
    scheduler = torch_scheduler(schedule, opt)
    loader = DataLoader(TensorDataset(x, y), batch_size=batch, shuffle=True,
                        generator=torch.Generator().manual_seed(seed))
    path, losses, rates = [flat()], [], []
    with torch.no_grad():
        losses.append(loss_fn(model(x), y).item())
    while len(rates) < steps:
        for xb, yb in loader:
            rates.append(opt.param_groups[0]["lr"])
            opt.zero_grad()
            loss_fn(model(xb), yb).backward()
            opt.step()
            if scheduler is not None and every == "step":
                scheduler.step()
            path.append(flat())
            with torch.no_grad():
                losses.append(loss_fn(model(x), y).item())
            if len(rates) == steps:
                break
        else:  # the epoch ran to its end
            if scheduler is not None and every == "epoch":
                scheduler.step()
    return np.array(path), np.array(losses), np.array(rates)


def run_app(points, degree, model_name: str, optimizer: Optimizer, schedule: Schedule, batch: int, seed: int,
            every: str = "step", steps: int = STEPS):
    """The app's run, in the same shapes as :func:`run_torch`, and whether it took every step."""
    data = DataSet.from_points(points)
    if degree is None:
        run = train(data, optimizer, steps, model=model_name, batch=batch, seed=seed, schedule=schedule,
                    schedule_every=every)
        path = np.stack([run.w, run.b], axis=1)
    else:
        run = train_polynomial(data, degree, optimizer, steps, batch=batch, seed=seed, schedule=schedule,
                               schedule_every=every)
        path = run.weights
    return path, run.losses, run.learning_rates, run.steps == steps


def compare(model_name: str, kind: str, schedule_kind: str, batch, seed: int, every: str = "step") -> dict:
    """One case: the largest |difference| of parameters, losses and α (inf where the app's
    run stopped early or the shapes differ)."""
    points, degree, loss_class, lr = MODELS[model_name]
    optimizer, schedule = Optimizer(kind, lr), SCHEDULES[schedule_kind]
    size = len(points) if batch == "full" else batch
    model = "logistic" if model_name == "logistic" else "linear"
    ours, our_losses, our_rates, complete = run_app(points, degree, model, optimizer, schedule, size, seed, every)
    theirs, their_losses, their_rates = run_torch(points, degree, loss_class, optimizer, schedule, size, seed, every)
    if not complete or ours.shape != theirs.shape:
        return {"parameters": float("inf"), "loss": float("inf"), "lr": float("inf")}
    return {"parameters": float(np.max(np.abs(ours - theirs))),
            "loss": float(np.max(np.abs(our_losses - their_losses))),
            "lr": float(np.max(np.abs(our_rates - their_rates)))}


def cases():
    """Every (model, optimizer, schedule, batch, seed, every) the script checks (a constant α
    has no scheduler to step, so it is checked once)."""
    return ((model, kind, schedule, batch, seed, every)
            for model, kind, schedule, batch, seed, every
            in itertools.product(MODELS, KINDS, SCHEDULES, BATCHES, SEEDS, EVERY)
            if not (schedule == "constant" and every == "epoch"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="print only the cases over the tolerance and the summary")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    print(f"torch {torch.__version__}; {STEPS} steps a case; tolerance {TOLERANCE:g}")
    print(f"{'model':<9}{'optimizer':<10}{'schedule':<10}{'batch':>6}{'seed':>5}"
          f"{'every':>6}{'max|Δparams|':>15}{'max|Δloss|':>13}{'max|Δα|':>11}")
    worst, failed, count = 0.0, [], 0
    for model, kind, schedule, batch, seed, every in cases():
        d = compare(model, kind, schedule, batch, seed, every)
        count += 1
        bad = max(d.values()) > TOLERANCE
        worst = max(worst, *d.values())
        if bad:
            failed.append((model, kind, schedule, batch, seed, every))
        if bad or not args.quiet:
            print(f"{model:<9}{kind:<10}{schedule:<10}{batch!s:>6}{seed:>5}{every:>6}"
                  f"{d['parameters']:>15.2e}{d['loss']:>13.2e}{d['lr']:>11.2e}{'  OVER' if bad else ''}")
    print(f"{count} cases ({len(MODELS)} models × {len(KINDS)} optimizers × {len(SCHEDULES)} schedules × "
          f"{len(BATCHES)} batch sizes × {len(SEEDS)} seeds, the scheduler stepped every step or epoch); largest difference {worst:.2e}; "
          f"{len(failed)} over {TOLERANCE:g}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
