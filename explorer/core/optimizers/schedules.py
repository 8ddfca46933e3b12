"""Learning-rate schedules, each the one ``torch.optim.lr_scheduler`` performs.

A schedule turns the learning rate α given to the optimizer (torch's ``base_lr``) into the α
of every step: ``schedule.learning_rates(α, steps)[k]`` is the α that step ``k + 1`` uses
(``k`` counts from 0), exactly what torch's ``param_group["lr"]`` holds when a loop calls
``optimizer.step()`` and then ``scheduler.step()`` (so step 1 takes the scheduler's value at
``last_epoch = 0``).  The values come from torch's own recursions (its ``get_lr``), computed
in the same order on Python floats, so they are torch's to the last bit; their closed forms
(:meth:`Schedule.closed_form`, torch's ``_get_closed_form_lr``) agree with them to rounding.

=============  ==========================================  =====================================
kind           torch                                       α at ``last_epoch = t`` (closed form)
=============  ==========================================  =====================================
``constant``   no scheduler                                α
``step``       ``StepLR(step_size, gamma)``                α·γ^⌊t / step_size⌋
``exp``        ``ExponentialLR(gamma)``                    α·γ^t
``cosine``     ``CosineAnnealingLR(T_max, eta_min)``       η_min + (α − η_min)·(1 + cos(π t / T_max))/2
``linear``     ``LinearLR(start_factor, end_factor,        α·(s + (e − s)·min(t, T) / T)
               total_iters)``
=============  ==========================================  =====================================

Written as text (the command line's ``--schedule``): ``constant``, ``step:S[,G]`` (γ 0.1 by
default, torch's), ``exp:G``, ``cosine:T[,ETA_MIN]``, ``linear:[S[,E[,T]]]`` (torch's
defaults 1/3, 1 and 5): e.g. ``cosine:100``, ``step:30,0.1``, ``linear:0.1,1,50`` for a
warm-up over 50 steps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["SCHEDULES", "Schedule", "ScheduleError", "parse_schedule"]

#: Each kind: its torch class, its parameters (by torch's names) and their defaults (None: required).
SCHEDULES = {
    "constant": ("no scheduler", ()),
    "step": ("StepLR", (("step_size", None), ("gamma", 0.1))),
    "exp": ("ExponentialLR", (("gamma", None),)),
    "cosine": ("CosineAnnealingLR", (("T_max", None), ("eta_min", 0.0))),
    "linear": ("LinearLR", (("start_factor", 1.0 / 3), ("end_factor", 1.0), ("total_iters", 5))),
}
_INTEGERS = {"step_size", "T_max", "total_iters"}


class ScheduleError(ValueError):
    """A schedule that torch would refuse, or text that writes none; the message says which."""


@dataclass(frozen=True)
class Schedule:
    """A schedule and its settings (torch's names, torch's defaults where not given)."""

    kind: str = "constant"
    step_size: int = 1
    gamma: float = 0.1
    T_max: int = 1
    eta_min: float = 0.0
    start_factor: float = 1.0 / 3
    end_factor: float = 1.0
    total_iters: int = 5

    def __post_init__(self) -> None:
        if self.kind not in SCHEDULES:
            raise ScheduleError(f"unknown schedule {self.kind!r}: one of {', '.join(SCHEDULES)}")
        for name, _ in SCHEDULES[self.kind][1]:
            value = getattr(self, name)
            if name in _INTEGERS:
                if isinstance(value, bool) or not isinstance(value, int) or value < (0 if name == "total_iters" else 1):
                    raise ScheduleError(f"{name} must be a whole number ≥ {0 if name == 'total_iters' else 1}, got {value!r}")
            elif isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ScheduleError(f"{name} must be a finite number, got {value!r}")
        if self.kind in ("step", "exp") and not self.gamma > 0:
            raise ScheduleError(f"gamma must be positive, got {self.gamma!r}")
        if self.kind == "cosine" and self.eta_min < 0:
            raise ScheduleError(f"eta_min must be at least 0, got {self.eta_min!r}")
        if self.kind == "linear":  # torch's own checks (LinearLR.__init__)
            if not 0 < self.start_factor <= 1:
                raise ScheduleError(f"start_factor must be with 0 < start_factor ≤ 1, got {self.start_factor!r}")
            if not 0 <= self.end_factor <= 1:
                raise ScheduleError(f"end_factor must be with 0 ≤ end_factor ≤ 1, got {self.end_factor!r}")

    @property
    def torch(self) -> str:
        """The torch call this schedule performs: ``CosineAnnealingLR(T_max=100, eta_min=0)``."""
        name, params = SCHEDULES[self.kind]
        if not params:
            return name
        return f"{name}({', '.join(f'{p}={getattr(self, p):g}' for p, _ in params)})"

    def settings(self) -> dict:
        """The kind and its parameters by torch's names, as plain JSON types."""
        return {"kind": self.kind, **{p: getattr(self, p) for p, _ in SCHEDULES[self.kind][1]}}

    def text(self) -> str:
        """The schedule written as :func:`parse_schedule` reads it back to the same schedule
        (each number its shortest exact decimal): ``step:30,0.1``, ``cosine:100,0.0``."""
        params = SCHEDULES[self.kind][1]
        if not params:
            return self.kind
        return f"{self.kind}:" + ",".join(repr(getattr(self, p)) for p, _ in params)

    def learning_rates(self, base: float, steps: int) -> np.ndarray:
        """α of each of ``steps`` steps, (steps,) float64: torch's recursion from ``base``."""
        out = [0.0] * max(0, steps)
        lr = float(base)
        for t in range(len(out)):
            lr = self._recursion(base, lr, t)
            out[t] = lr
        return np.array(out, dtype=float)

    def _recursion(self, base: float, lr: float, t: int) -> float:
        """torch's ``get_lr`` at ``last_epoch = t`` from the ``lr`` the group holds (step t − 1's)."""
        kind = self.kind
        if kind == "constant":
            return lr
        if kind == "step":
            return lr if t == 0 or t % self.step_size != 0 else lr * self.gamma
        if kind == "exp":
            return lr if t == 0 else lr * self.gamma
        if kind == "cosine":
            T, eta = self.T_max, self.eta_min
            if t == 0:
                return lr
            if (t - 1 - T) % (2 * T) == 0:  # at the bottom of a half-wave the ratio below would be 0/0
                return lr + (base - eta) * (1 - math.cos(math.pi / T)) / 2
            return (1 + math.cos(math.pi * t / T)) / (1 + math.cos(math.pi * (t - 1) / T)) * (lr - eta) + eta
        # linear
        s, e, total = self.start_factor, self.end_factor, self.total_iters
        if t == 0:
            return lr * s
        if t > total:
            return lr
        return lr * (1.0 + (e - s) / (total * s + (t - 1) * (e - s)))

    def closed_form(self, base: float, steps: int) -> np.ndarray:
        """The published closed form of each step's α, (steps,): equal to :meth:`learning_rates`
        to rounding (torch's ``_get_closed_form_lr``; the cosine's is SGDR's formula)."""
        t = np.arange(max(0, steps), dtype=float)
        kind = self.kind
        if kind == "constant":
            return np.full(t.shape, float(base))
        if kind == "step":
            return base * self.gamma ** np.floor(t / self.step_size)
        if kind == "exp":
            return base * self.gamma ** t
        if kind == "cosine":
            return self.eta_min + (base - self.eta_min) * (1 + np.cos(np.pi * t / self.T_max)) / 2
        total = self.total_iters
        fraction = np.minimum(t, total) / total if total else np.ones_like(t)
        return base * (self.start_factor + (self.end_factor - self.start_factor) * fraction)

    def describe(self) -> str:
        """In words, for a readout: ``cosine annealing to 0 over 100 steps``."""
        k = self.kind
        if k == "constant":
            return "constant α"
        if k == "step":
            return f"α × {self.gamma:g} every {self.step_size} steps"
        if k == "exp":
            return f"α × {self.gamma:g} every step"
        if k == "cosine":
            return f"cosine annealing to {self.eta_min:g} over {self.T_max} steps"
        return f"linear from {self.start_factor:g}·α to {self.end_factor:g}·α over {self.total_iters} steps"


def parse_schedule(text: str) -> Schedule:
    """A schedule from its text (see the module's doc): ``cosine:100`` → CosineAnnealingLR(T_max=100)."""
    kind, _, rest = text.strip().partition(":")
    kind = kind.strip().lower()
    aliases = {"exponential": "exp", "steplr": "step", "cos": "cosine", "warmup": "linear", "none": "constant"}
    kind = aliases.get(kind, kind)
    if kind not in SCHEDULES:
        raise ScheduleError(f"unknown schedule '{text}': one of constant, step:S[,G], exp:G, cosine:T[,ETA_MIN], "
                            f"linear:[S[,E[,T]]]")
    params = SCHEDULES[kind][1]
    parts = [p.strip() for p in rest.split(",")] if rest.strip() else []
    if len(parts) > len(params):
        raise ScheduleError(f"the {kind} schedule takes at most {len(params)} numbers "
                            f"({', '.join(p for p, _ in params) or 'none'}), got {len(parts)}")
    values = {}
    for (name, default), part in zip(params, parts + [None] * (len(params) - len(parts))):
        if part is None or part == "":
            if default is None:
                raise ScheduleError(f"the {kind} schedule needs {name} (e.g. {_EXAMPLES[kind]})")
            continue
        try:
            values[name] = int(part) if name in _INTEGERS else float(part)
        except ValueError:
            kind_of = "a whole number" if name in _INTEGERS else "a number"
            raise ScheduleError(f"{name} of the {kind} schedule needs {kind_of}, got '{part}'") from None
    return Schedule(kind, **values)


_EXAMPLES = {"step": "step:30,0.1", "exp": "exp:0.99", "cosine": "cosine:100", "linear": "linear:0.1,1,50",
             "constant": "constant"}
