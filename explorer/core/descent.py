"""Gradient descent as pure stepping code: w ← w − α·∇f(w).

Conventions: a point ``w`` is a tuple of floats, one per variable of the function, in the
function's variable order (``(x,)`` in 1-D, ``(w, b)`` for the loss).  ``learning_rate``
is α (dimensionless, > 0).  Each step evaluates f and ∇f once at the current point.

A run ends with a status:

- ``converged``: the gradient norm and the last step are both below their tolerances;
- ``diverged``: a value overflowed or the point left ``|w_i| ≤ bound`` — the learning rate
  is too large for this function;
- ``undefined``: f or ∇f is not a number at the current point (the function has no value
  there, e.g. ``ln`` of a negative);
- ``max_steps``: none of the above within the allowed number of steps.

While a run goes on, :attr:`Descent.oscillating` tells whether the last steps flip
direction without shrinking (the learning rate is too large for the valley, even if the
run has not diverged).
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from enum import Enum
from typing import Sequence

import numpy as np

from .calculus import Function

__all__ = ["DescentStatus", "DescentStep", "DescentResult", "Descent", "descend", "update_arithmetic"]


class DescentStatus(str, Enum):
    RUNNING = "running"
    CONVERGED = "converged"
    DIVERGED = "diverged"
    UNDEFINED = "undefined"
    MAX_STEPS = "max_steps"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class DescentStep:
    """One update: ``after = before − learning_rate · gradient``."""

    index: int  # 1 for the first step
    before: tuple[float, ...]
    gradient: tuple[float, ...]  # ∇f(before)
    after: tuple[float, ...]
    learning_rate: float


@dataclass
class DescentResult:
    """A whole run.  ``iterates`` is (steps + 1, d) float64 with the start first;
    ``values`` (steps + 1,) is f at each iterate; ``gradients`` (steps + 1, d) is ∇f there."""

    iterates: np.ndarray
    values: np.ndarray
    gradients: np.ndarray
    status: DescentStatus
    steps: int
    message: str
    learning_rate: float

    @property
    def final(self) -> tuple[float, ...]:
        return tuple(float(c) for c in self.iterates[-1])

    def to_dict(self) -> dict:
        def clean(a):
            return [None if not math.isfinite(v) else v for v in a]

        return {
            "learning_rate": self.learning_rate,
            "iterates": [clean(row) for row in self.iterates.tolist()],
            "values": clean(self.values.tolist()),
            "status": str(self.status),
            "steps": self.steps,
            "message": self.message,
        }


@dataclass
class Descent:
    """A run in progress, one :meth:`step` at a time (the descent panel animates this).

    Keeps the current point and only the last ``trail_length`` iterates, so an animation of
    any length uses constant memory.
    """

    function: Function
    learning_rate: float
    start: Sequence[float]
    max_steps: int = 10_000
    gradient_tolerance: float = 1e-6
    step_tolerance: float = 1e-9
    bound: float = 1e6
    trail_length: int = 1000
    steps: int = field(default=0, init=False)
    status: DescentStatus = field(default=DescentStatus.RUNNING, init=False)
    message: str = field(default="", init=False)

    def __post_init__(self) -> None:
        if not (self.learning_rate > 0 and math.isfinite(self.learning_rate)):
            raise ValueError(f"the learning rate must be a positive number, got {self.learning_rate}")
        if len(self.start) != len(self.function.variables):
            raise ValueError(f"{self.function.signature()} needs a start with {len(self.function.variables)} coordinates")
        self.point: tuple[float, ...] = tuple(float(c) for c in self.start)
        self.value, *gradient = self.function.evaluate_point(self.point)
        self.gradient: tuple[float, ...] = tuple(gradient)
        self.trail: deque[tuple[float, ...]] = deque([self.point], maxlen=self.trail_length)
        self._recent_steps: deque[tuple[float, ...]] = deque(maxlen=6)
        self.last_step: DescentStep | None = None
        self._check(step_norm=math.inf)

    @property
    def finished(self) -> bool:
        return self.status is not DescentStatus.RUNNING

    @property
    def oscillating(self) -> bool:
        """The last steps alternate in direction and do not shrink."""
        recent = list(self._recent_steps)
        if len(recent) < 4:
            return False
        for a, b in zip(recent, recent[1:]):
            dot = sum(p * q for p, q in zip(a, b))
            if dot >= 0 or math.hypot(*b) < 0.98 * math.hypot(*a):
                return False
        return True

    def step(self) -> DescentStep | None:
        """Take one step (if the run is still going); return it, or None when finished."""
        if self.finished:
            return None
        before, gradient = self.point, self.gradient
        after = tuple(w - self.learning_rate * g for w, g in zip(before, gradient))
        self.steps += 1
        step_vector = tuple(a - b for a, b in zip(after, before))
        self.point = after
        self.value, *new_gradient = self.function.evaluate_point(after)
        self.gradient = tuple(new_gradient)
        self.trail.append(after)
        self._recent_steps.append(step_vector)
        self.last_step = DescentStep(self.steps, before, gradient, after, self.learning_rate)
        self._check(step_norm=math.hypot(*step_vector))
        return self.last_step

    def _check(self, step_norm: float) -> None:
        names = self.function.variable_names
        where = _format_point(names, self.point)
        if any(not math.isfinite(c) for c in self.point) or any(abs(c) > self.bound for c in self.point) or math.isinf(self.value):
            self.status = DescentStatus.DIVERGED
            self.message = (
                f"diverged after {_count(self.steps, 'step')}: the learning rate α = {self.learning_rate:g} is too large "
                f"(each step overshoots the valley by more than it gains)"
            )
        elif math.isnan(self.value) or any(not math.isfinite(g) for g in self.gradient):
            self.status = DescentStatus.UNDEFINED
            self.message = f"stopped after {_count(self.steps, 'step')}: {self.function.name} or its derivative is undefined at {where}"
        elif math.hypot(*self.gradient) < self.gradient_tolerance and step_norm < max(self.step_tolerance, self.learning_rate * self.gradient_tolerance):
            self.status = DescentStatus.CONVERGED
            self.message = f"converged to a local minimum at {where} after {_count(self.steps, 'step')}"
        elif self.steps >= self.max_steps:
            self.status = DescentStatus.MAX_STEPS
            self.message = f"stopped at the limit of {_count(self.steps, 'step')} at {where}, not yet converged"
        else:
            self.status = DescentStatus.RUNNING
            self.message = ""


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def _format_point(names: Sequence[str], point: Sequence[float]) -> str:
    if len(point) == 1:
        return f"{names[0]} ≈ {point[0]:.4f}"
    return "(" + ", ".join(f"{n} ≈ {c:.4f}" for n, c in zip(names, point)) + ")"


def descend(
    function: Function,
    learning_rate: float,
    start: Sequence[float],
    max_steps: int = 1000,
    *,
    gradient_tolerance: float = 1e-6,
    step_tolerance: float = 1e-9,
    bound: float = 1e6,
) -> DescentResult:
    """Run gradient descent from ``start`` until it converges, diverges or hits ``max_steps``."""
    run = Descent(
        function, learning_rate, start, max_steps=max_steps, gradient_tolerance=gradient_tolerance,
        step_tolerance=step_tolerance, bound=bound, trail_length=max_steps + 1,
    )
    values = [run.value]
    gradients = [run.gradient]
    if run.status is DescentStatus.RUNNING and max_steps <= 0:
        run.status, run.message = DescentStatus.MAX_STEPS, "no steps taken (the limit is 0)"
    while not run.finished:
        run.step()
        values.append(run.value)
        gradients.append(run.gradient)
    return DescentResult(
        iterates=np.array(list(run.trail), dtype=np.float64).reshape(-1, len(function.variables)),
        values=np.array(values, dtype=np.float64),
        gradients=np.array(gradients, dtype=np.float64).reshape(-1, len(function.variables)),
        status=run.status,
        steps=run.steps,
        message=run.message,
        learning_rate=learning_rate,
    )


def update_arithmetic(step: DescentStep, names: Sequence[str], decimals: int = 4) -> list[str]:
    """The update written out for checking by hand, one line per variable.

    ``x₁ = x₀ − α·f′(x₀) = 2.2000 − 0.0100 × 8.7368 = 2.1126`` (1-D) or
    ``w₁ = w₀ − α·∂L/∂w = 0.0000 − 0.0100 × (−12.0000) = 0.1200`` (n-D).
    """
    from .notation import MINUS, format_number

    sub = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
    k0, k1 = str(step.index - 1).translate(sub), str(step.index).translate(sub)
    lines = []
    for name, before, g, after in zip(names, step.before, step.gradient, step.after):
        slope = f"f′({name}{k0})" if len(names) == 1 else f"∂f/∂{name}"
        g_text = format_number(g, decimals)
        if g < 0:
            g_text = f"({g_text})"
        lines.append(
            f"{name}{k1} = {name}{k0} {MINUS} α·{slope} = {format_number(before, decimals)} {MINUS} "
            f"{format_number(step.learning_rate, decimals)} × {g_text} = {format_number(after, decimals)}"
        )
    return lines
