"""``explorer fit DATA.csv``: training on a data file from the command line (core only).

It reads the data (:func:`~explorer.core.data.read_csv`: a refusal names the line and the
column), trains (:func:`~explorer.core.training.train`), and prints the steps with their
epoch, α and loss, the final (w, b) and the least-squares answer with the run's distance to
it (or the valley, where there is no one answer).  ``--json`` prints one object, ``--csv``
a row per iterate.  Bad input exits with status 2 and a message (as every command does).
"""

from __future__ import annotations

import csv
import json
import math
import sys

import numpy as np

from .cli import _optimizer, _parse_coordinates, _parse_number, _UsageError

__all__ = ["fit"]


def fit(args) -> int:
    from .core.loss import least_squares, loss_for
    from .core.notation import format_number, format_value
    from .core.training import MAX_STEPS, train

    if args.csv and args.json:
        raise _UsageError("choose one of --json and --csv")
    lr = _parse_number(args.lr, "--lr")
    steps = int(_parse_number(args.steps, "--steps", integer=True, positive=False))
    if steps > MAX_STEPS:
        raise _UsageError(f"--steps may be at most {MAX_STEPS:,}")
    seed = int(_parse_number(args.seed, "--seed", integer=True, positive=False))
    from .core.shuffle import MAX_SEED

    if not 0 <= seed <= MAX_SEED:
        raise _UsageError(f"--seed is a whole number from 0 to {MAX_SEED:,}; got {seed}")
    from .core.polynomial import parse_model

    try:
        model, degree = parse_model(args.model)
    except ValueError as error:
        raise _UsageError(f"--model: {error}") from None
    if model == "poly":
        return _fit_polynomial(args, degree, lr, steps, seed)
    start = _parse_coordinates(args.start or "0,0", "--start")
    if len(start) != 2:
        raise _UsageError("--start is the starting w,b: two numbers, e.g. --start 0,0")
    schedule, optimizer, data, loss = _training_setup(args, lr, lambda data: loss_for(data, args.model))
    n = len(data)
    batch = n if args.batch is None else int(_parse_number(args.batch, "--batch", integer=True))
    if not 1 <= batch <= n:
        raise _UsageError(f"--batch is from 1 to the number of points, {n:,}; got {batch}")
    run = train(data, optimizer, steps, model=args.model, batch=batch, seed=seed, schedule=schedule,
                schedule_every=args.schedule_every, start=start)
    answer = least_squares(data) if args.model == "linear" else None
    distance = None if answer is None else answer.distance(*run.final)
    text = loss.text()

    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["step", "epoch", "lr", "w", "b", "loss"])
        for k in range(run.steps + 1):
            epoch, rate = (run.epochs[k - 1], repr(float(run.learning_rates[k - 1]))) if k else (0, "")
            writer.writerow([k, int(epoch), rate, repr(float(run.w[k])), repr(float(run.b[k])), repr(float(run.losses[k]))])
        return 0
    if args.json:
        out = {"data": {"file": args.data, "points": n, "columns": list(data.names)}, "loss_text": text,
               "start": list(start), **run.to_dict(),
               "least_squares": None if answer is None else answer.to_dict(), "distance_to_least_squares": distance}
        print(json.dumps(out))
        return 0
    model = "y = wx + b, mean squared error" if args.model == "linear" else "ŷ = σ(wx + b), mean binary cross-entropy"
    print(f"{n:,} point{'s' * (n != 1)} from {args.data}; model {model}")
    if text is not None:
        print(text if len(text) <= 400 else text[:400] + " …")
    batching = "full batch" if batch == n else f"mini-batches of {batch}, shuffled with seed {seed}"
    print(f"{optimizer.name} ({optimizer.spec.torch}), α = {lr:g}, {schedule.describe()} "
          f"({schedule.torch}, every {args.schedule_every}); {batching}")
    indices = list(range(run.steps + 1))
    shown = indices if len(indices) <= 12 else [*indices[:6], None, *indices[-5:]]
    for k in shown:
        if k is None:
            print("  …")
            continue
        head = f"  step {k:>6}" + (f"  epoch {int(run.epochs[k - 1]):>5}  α = {format_value(float(run.learning_rates[k - 1]), 6):<9}"
                                    if k else " " * 27)
        print(f"{head}  w = {format_number(float(run.w[k]))}  b = {format_number(float(run.b[k]))}  "
              f"L = {format_number(float(run.losses[k]))}")
    if run.status == "diverged":
        print(f"stopped after {run.steps} steps: the iterates stopped being numbers (diverged: try a smaller α)")
    w, b = run.final
    print(f"final: w = {format_value(w, 6)}, b = {format_value(b, 6)}, L = {format_value(float(run.losses[-1]), 6)}")
    if answer is not None:
        print(answer.describe() + f"; the run ends {format_value(distance, 6)} from {'it' if not answer.valley else 'the valley'}")
    return 0


def _fit_polynomial(args, degree: int, lr: float, steps: int, seed: int) -> int:
    """``--model poly:K``: the polynomial's run, printed as the line's is (the weights w0 … wK
    in place of w and b), with its least-squares answer (numpy's lstsq on the Vandermonde matrix)."""
    from .core.notation import format_number, format_value
    from .core.polynomial import PolynomialLoss, train_polynomial

    names = [f"w{j}" for j in range(degree + 1)]
    start = _parse_coordinates(args.start, "--start") if args.start else (0.0,) * (degree + 1)
    if len(start) != degree + 1:
        raise _UsageError(f"--start is the {degree + 1} starting weights {','.join(names)} of poly:{degree}")
    schedule, optimizer, data, loss = _training_setup(args, lr, lambda data: PolynomialLoss(data, degree))
    n = len(data)
    batch = n if args.batch is None else int(_parse_number(args.batch, "--batch", integer=True))
    if not 1 <= batch <= n:
        raise _UsageError(f"--batch is from 1 to the number of points, {n:,}; got {batch}")
    run = train_polynomial(data, degree, optimizer, steps, batch=batch, seed=seed, schedule=schedule,
                           schedule_every=args.schedule_every, start=start)
    answer = loss.least_squares()
    with np.errstate(all="ignore"):  # a run that diverged is an infinite way off
        distance = float(np.linalg.norm(np.array(run.final) - np.array(answer.weights)))
    text = loss.text()
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["step", "epoch", "lr", *names, "loss"])
        for k in range(run.steps + 1):
            epoch, rate = (run.epochs[k - 1], repr(float(run.learning_rates[k - 1]))) if k else (0, "")
            writer.writerow([k, int(epoch), rate, *(repr(float(w)) for w in run.weights[k]), repr(float(run.losses[k]))])
        return 0
    if args.json:
        def floats(values):
            return [v if math.isfinite(v) else None for v in np.asarray(values, dtype=float).tolist()]

        print(json.dumps({"data": {"file": args.data, "points": n, "columns": list(data.names)},
                          "model": f"poly:{degree}", "parameters": names, "loss_text": text, "start": list(start),
                          "optimizer": optimizer.kind, "hyperparameters": optimizer.hyperparameters(),
                          "schedule": schedule.settings(), "batch": batch, "seed": seed, "steps": run.steps,
                          "status": run.status, "final": floats(run.final), "weights": [floats(w) for w in run.weights],
                          "loss": floats(run.losses), "learning_rate": floats(run.learning_rates),
                          "epoch": run.epochs.tolist(), "least_squares": answer.to_dict(),
                          "distance_to_least_squares": distance if math.isfinite(distance) else None}))
        return 0
    print(f"{n:,} point{'s' * (n != 1)} from {args.data}; model ŷ = {_polynomial_text(degree)}, mean squared error")
    print(text if len(text) <= 400 else text[:400] + " …")
    batching = "full batch" if batch == n else f"mini-batches of {batch}, shuffled with seed {seed}"
    print(f"{optimizer.name} ({optimizer.spec.torch}), α = {lr:g}, {schedule.describe()} "
          f"({schedule.torch}, every {args.schedule_every}); {batching}")
    indices = list(range(run.steps + 1))
    for k in (indices if len(indices) <= 12 else [*indices[:6], None, *indices[-5:]]):
        if k is None:
            print("  …")
            continue
        weights = "  ".join(f"{name} = {format_number(float(w))}" for name, w in zip(names, run.weights[k]))
        print(f"  step {k:>6}  {weights}  L = {format_number(float(run.losses[k]))}")
    if run.status == "diverged":
        print(f"stopped after {run.steps} steps: the iterates stopped being numbers (diverged: try a smaller α)")
    final = ", ".join(f"{name} = {format_value(w, 6)}" for name, w in zip(names, run.final))
    print(f"final: {final}, L = {format_value(float(run.losses[-1]), 6)}")
    print(answer.describe() + f"; the run ends {format_value(distance, 6)} from it")
    return 0


def _polynomial_text(degree: int) -> str:
    """``w0 + w1·x + w2·x²``."""
    from .core.notation import superscript

    return " + ".join(["w0", "w1·x", *(f"w{j}·x{superscript(str(j))}" for j in range(2, degree + 1))])


def _training_setup(args, lr: float, loss_of):
    """``(schedule, optimizer, data, loss)`` of the command line: ``--schedule``, the
    optimizer at α = ``lr``, the CSV's points and ``loss_of(data)`` (any model's), or
    :class:`_UsageError` saying which argument is wrong."""
    from .core.data import DataError, read_csv
    from .core.optimizers import ScheduleError, parse_schedule

    try:
        schedule = parse_schedule(args.schedule)
    except ScheduleError as error:
        raise _UsageError(f"--schedule: {error}") from None
    optimizer = _optimizer(args, lr)
    try:
        data = read_csv(args.data)
        loss = loss_of(data)
    except DataError as error:
        raise _UsageError(f"{args.data}: {error.message}") from None
    return schedule, optimizer, data, loss
