"""Gradient descent as pure stepping code: w ← w − α·∇f(w).

Conventions: a point ``w`` is a tuple of floats, one per variable of the function, in the
function's variable order (``(x,)`` in 1-D, ``(w, b)`` for the loss).  ``learning_rate``
is α (dimensionless, > 0).

A run ends with a status:

- ``converged``: the gradient norm and the last step are both below their tolerances;
- ``diverged``: a value overflowed or the point left ``|w_i| ≤ bound`` — the learning rate
  is too large for this function;
- ``undefined``: f or ∇f is not a number at the current point (the function has no value
  there, e.g. ``ln`` of a negative);
- ``max_steps``: none of the above within the allowed number of steps.

Oscillation — the last steps flip direction without shrinking — is reported alongside
(:attr:`Descent.oscillating`, :attr:`DescentResult.oscillating`): the learning rate is
too large for the valley even if the run has not diverged (yet).

Two ways to run: :class:`Descent` one step at a time (the panel animates it, in constant
memory), and :func:`descend` for a whole run at once (100,000 steps take a few
milliseconds per ten thousand: the loop evaluates only the gradient, as plain floats, and f
is evaluated once over all iterates with numpy afterwards).
"""

from __future__ import annotations

import gc
import math
from array import array
from collections import deque
from dataclasses import dataclass, field
from enum import Enum
from typing import Sequence

import numpy as np

from ..calculus import Function, as_float
from ..optimizers import Optimizer, run_1d, run_2d

__all__ = [
    "DescentStatus", "DescentStep", "DescentResult", "Descent", "CoordinateDescent", "Race", "Racer", "descend",
    "update_arithmetic", "is_oscillating",
]


class DescentStatus(str, Enum):
    RUNNING = "running"
    CONVERGED = "converged"
    DIVERGED = "diverged"
    UNDEFINED = "undefined"
    MAX_STEPS = "max_steps"
    # The slope fell below the tolerance where there is no minimum: f flat to a float's
    # precision (e^(−x²) far out) or falling too gently to register (10⁻²⁹⁹x²).
    STALLED = "stalled"

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
    axis: int | None = None  # coordinate descent: the one variable this step moved (None: all)
    state_before: tuple = ()  # the optimizer's state (velocity, averages) before and after
    state_after: tuple = ()


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
    oscillating: bool = False
    optimizer: Optimizer | None = None  # what took the steps (plain descent when None)
    state: tuple = ()  # the optimizer's state after the last step

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
            "oscillating": self.oscillating,
            "optimizer": (self.optimizer or Optimizer("gd", self.learning_rate)).kind,
            "hyperparameters": (self.optimizer or Optimizer("gd", self.learning_rate)).hyperparameters(),
        }


@dataclass(frozen=True)
class _Limits:
    """When a run stops: converged where |∇f| is below ``gradient_tolerance`` and the last
    step below ``step_tolerance``; diverged where a coordinate leaves ±``bound``."""

    gradient_tolerance: float
    step_tolerance: float
    bound: float


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def _format_point(names: Sequence[str], point: Sequence[float]) -> str:
    """``x ≈ −1.3392`` or ``(x ≈ 0.1200, y ≈ 0.0600)``, with the minus sign the readout uses."""
    from ..notation import format_number
    from ..subscripts import shown_names

    names = shown_names(names)  # as the book prints them: w₁, not w1
    if len(point) == 1:
        return f"{names[0]} ≈ {format_number(point[0])}"
    return "(" + ", ".join(f"{n} ≈ {format_number(c)}" for n, c in zip(names, point)) + ")"


def _judge(
    function: Function, point: Sequence[float], value: float, gradient: Sequence[float], last_step: float,
    steps: int, max_steps: int, learning_rate: float, limits: _Limits, one_way: bool = False,
) -> tuple[DescentStatus, str]:
    """The status (and its sentence) of a run standing at ``point`` after ``steps`` steps.

    ``last_step`` is the length of the step that arrived here (inf before the first);
    ``one_way`` says the recent steps all went the same way (no overshooting); it may be a
    callable, asked only when the run has left the bound.
    """
    def where() -> str:  # only when a run ends: a running step builds no sentence
        return _format_point(function.variable_names, point)

    if any(not math.isfinite(c) or abs(c) > limits.bound for c in point) or math.isinf(value):
        if steps == 0:
            if math.isinf(value) and all(math.isfinite(c) for c in point):
                # ln(0) is −∞ and x¹⁰⁰⁰ overflows: either way no finite value to descend from.
                from ..notation import format_number

                return DescentStatus.DIVERGED, (f"{function.name} has no finite value at the start {where()} "
                                                f"({format_number(value)}): pick another start")
            return DescentStatus.DIVERGED, f"{function.name} is too large to compute at the start {where()}: pick another start"
        if one_way() if callable(one_way) else one_way:
            return DescentStatus.DIVERGED, (
                f"diverged after {_count(steps, 'step')}: {function.name} keeps falling in this direction — "
                f"it has no minimum that way, whatever the learning rate"
            )
        return DescentStatus.DIVERGED, (
            f"diverged after {_count(steps, 'step')}: the learning rate α = {learning_rate:g} is too large "
            f"(each step overshoots the valley by more than it gains)"
        )
    if math.isnan(value) or any(not math.isfinite(g) for g in gradient):
        return DescentStatus.UNDEFINED, f"stopped after {_count(steps, 'step')}: {function.name} or its derivative is undefined at {where()}"
    if math.hypot(*gradient) < limits.gradient_tolerance and last_step < max(limits.step_tolerance, learning_rate * limits.gradient_tolerance):
        return slope_ending(function, point, gradient, where(), steps)
    if steps >= max_steps:
        return DescentStatus.MAX_STEPS, f"stopped at the limit of {_count(steps, 'step')} at {where()}, not yet converged"
    return DescentStatus.RUNNING, ""


def is_minimum(function: Function, point: Sequence[float], gradient: Sequence[float]) -> bool:
    """Whether a point where the slope fell below the tolerance is a minimum: the Hessian
    positive definite with the stationary point it predicts close by (Newton's step
    within 5 % of the scale), or else f strictly higher a short way off on both sides
    along every axis (x⁴'s flat bottom).  Not where the slope underflowed (e^(e^x) far
    left, e^(−x²) far right: f flat to a float's precision) nor on a slope too gentle to
    register (10⁻²⁹⁹x² at 2.2: f still falls)."""
    point = [float(c) for c in point]
    scale = max(1.0, max(abs(c) for c in point))
    hessian = function.hessian_at(point)
    if np.isfinite(hessian).all():
        try:
            if (np.linalg.eigvalsh((hessian + hessian.T) / 2) > 0).all():
                newton = np.linalg.solve(hessian, np.asarray(gradient, dtype=np.float64))
                if np.isfinite(newton).all() and math.hypot(*newton.tolist()) <= 0.05 * scale:
                    return True
        except np.linalg.LinAlgError:
            pass
    value = function.value_at(point)
    delta = 1e-3 * scale
    for axis in range(len(point)):
        for sign in (1.0, -1.0):
            nearby = list(point)
            nearby[axis] += sign * delta
            if not function.value_at(nearby) > value:
                return False
    return True


def slope_ending(function: Function, point: Sequence[float], gradient: Sequence[float], where: str,
                 steps: int) -> tuple[DescentStatus, str]:
    """How a run whose slope fell below the tolerance ends: converged to a local minimum
    only where :func:`is_minimum` finds one (one point of a valley of minima where f is
    flat along a direction, :func:`~explorer.core.endings.valley_direction`), stalled
    otherwise."""
    if is_minimum(function, point, gradient):
        from ..endings import valley_direction, valley_note

        # Where the Hessian is singular the minimum may be a whole valley of them (the
        # lesson's loss is 0 all along 2w + b = 3): "a local minimum" would be untrue.
        direction = valley_direction(function, point)
        if direction is not None:
            return DescentStatus.CONVERGED, (f"converged to a minimum at {where} after {_count(steps, 'step')} — "
                                             f"{valley_note(function, direction)}")
        return DescentStatus.CONVERGED, f"converged to a local minimum at {where} after {_count(steps, 'step')}"
    return DescentStatus.STALLED, (
        f"stalled after {_count(steps, 'step')} at {where}: the slope there is below the tolerance, "
        f"but it is no minimum — {function.name} is flat to a float's precision or still falling too gently to see")


def zero_over_zero(function: Function, optimizer: Optimizer, point: Sequence[float], gradient: Sequence[float],
                   state: tuple, t: int, steps: int) -> str | None:
    """Why an adaptive optimizer with ε = 0 cannot take step ``t`` from ``point`` (None
    when it can): a partial that has been 0 at every step so far leaves its running average
    of squares at 0, and the step divides 0 by 0.  torch does the same division and makes
    the variable nan; the run stops here instead, and says why."""
    eps = optimizer.spec.eps  # torch's default ε; None: the rule has no ε
    if optimizer.epsilon != 0 or eps is None:
        return None
    try:
        optimizer.update(tuple(point), tuple(gradient), state, t)
    except ZeroDivisionError:
        pass
    else:
        return None
    names = function.variable_names
    flat = [n for n, g in zip(names, gradient) if g == 0]
    slopes = " and ".join(f"∂{function.name}/∂{n}" if len(names) > 1 else f"{function.name}′({n})" for n in flat)
    return (f"stopped after {_count(steps, 'step')} at {_format_point(names, point)}: with ε = 0, {optimizer.name} "
            f"divides 0 by 0 here, because {slopes or 'a slope'} has been 0 at every step so far (torch would make "
            f"{' and '.join(flat) or 'it'} nan) — give ε > 0, e.g. torch's default {eps:g}")


def is_falling(values: Sequence[float]) -> bool:
    """Whether f went down at every one of the last steps (the run slides downhill: the
    "no minimum that way" case, not an overshoot that blows up)."""
    recent = list(values)[-7:]
    return len(recent) >= 3 and all(b < a for a, b in zip(recent, recent[1:]))


def is_one_way(steps: Sequence[Sequence[float]]) -> bool:
    """Whether the last steps (≥ 2) all point the same way: a run sliding off, not overshooting."""
    recent = list(steps)[-6:]
    return len(recent) >= 2 and all(sum(p * q for p, q in zip(a, b)) > 0 for a, b in zip(recent, recent[1:]))


def is_oscillating(steps: Sequence[Sequence[float]]) -> bool:
    """Whether the last (≥ 4) step vectors alternate in direction without shrinking."""
    recent = list(steps)[-6:]
    if len(recent) < 4:
        return False
    for a, b in zip(recent, recent[1:]):
        if sum(p * q for p, q in zip(a, b)) >= 0 or math.hypot(*b) < 0.98 * math.hypot(*a):
            return False
    return True


@dataclass
class Descent:
    """A run in progress, one :meth:`step` at a time (the descent panel animates this).

    Keeps the current point, the first ``trail_length`` iterates (:attr:`head`) and the
    last ``trail_length`` (:attr:`trail`), so an animation of any length uses constant
    memory and :meth:`path` still shows where the run began.
    """

    function: Function
    learning_rate: float
    start: Sequence[float]
    max_steps: int = 10_000
    gradient_tolerance: float = 1e-6
    step_tolerance: float = 1e-9
    bound: float = 1e6
    trail_length: int = 1000
    optimizer: Optimizer | None = None  # None: plain gradient descent with ``learning_rate``
    steps: int = field(default=0, init=False)
    status: DescentStatus = field(default=DescentStatus.RUNNING, init=False)
    message: str = field(default="", init=False)

    def __post_init__(self) -> None:
        if not (self.learning_rate > 0 and math.isfinite(self.learning_rate)):
            raise ValueError(f"the learning rate must be a positive number, got {self.learning_rate}")
        if self.optimizer is None:
            self.optimizer = Optimizer("gd", self.learning_rate)
        elif self.optimizer.learning_rate != self.learning_rate:
            raise ValueError("the learning rate is the optimizer's: give the same α to both")
        self.state: tuple = self.optimizer.start(len(self.start))
        if len(self.start) != len(self.function.variable_names):
            raise ValueError(f"{self.function.signature()} needs a start with {len(self.function.variable_names)} coordinates")
        self._limits = _Limits(self.gradient_tolerance, self.step_tolerance, self.bound)
        self.point: tuple[float, ...] = tuple(float(c) for c in self.start)
        self.value, *gradient = self._evaluate(self.point)
        self.gradient: tuple[float, ...] = tuple(gradient)
        self.trail: deque[tuple[float, ...]] = deque([self.point], maxlen=self.trail_length)
        self.head: list[tuple[float, ...]] = [self.point]
        self._recent_steps: deque[tuple[float, ...]] = deque(maxlen=6)
        self._recent_values: deque[float] = deque([self.value], maxlen=7)
        self.last_step: DescentStep | None = None
        self._judge(math.inf)

    @property
    def finished(self) -> bool:
        return self.status is not DescentStatus.RUNNING

    @property
    def oscillating(self) -> bool:
        """The last steps alternate in direction and do not shrink."""
        return is_oscillating(self._recent_steps)

    def path(self) -> list[tuple[float, ...]]:
        """The iterates kept, in order: the first ones and the last ones (a gap between
        them once the run is longer than both)."""
        first_in_trail = self.steps - len(self.trail) + 1  # the step index of trail[0]
        skip = max(0, len(self.head) - first_in_trail)
        return self.head + list(self.trail)[skip:]

    def path_array(self) -> np.ndarray:
        """:meth:`path` as a float64 (k, d) array, built once per step count (the views of a
        frame share it; the first iterates are converted once, when all are kept)."""
        cached = self.__dict__.get("_path_cache")
        if cached is not None and cached[0] == self.steps:
            return cached[1]
        head = self.__dict__.get("_head_array")
        if head is None or len(head) != len(self.head):
            # The head only grows (its first iterates never change): convert the new ones alone.
            done = 0 if head is None or len(head) > len(self.head) else len(head)
            fresh = np.array(self.head[done:], dtype=np.float64).reshape(-1, len(self.start))
            head = np.concatenate([head, fresh]) if done else fresh
            self.__dict__["_head_array"] = head
        first_in_trail = self.steps - len(self.trail) + 1
        skip = max(0, len(self.head) - first_in_trail)
        trail = self._trail_array()[skip:]
        array = np.concatenate([head, trail]) if len(trail) else head
        self.__dict__["_path_cache"] = (self.steps, array)
        return array

    def _trail_array(self) -> np.ndarray:
        """:attr:`trail` as (len, d) float64, converting only the iterates new since the last
        call (an animation asks every frame for a few more)."""
        d = len(self.start)
        cached = self.__dict__.get("_trail_cache")
        new = self.steps - cached[0] if cached is not None else None
        if cached is None or new < 0 or new >= len(self.trail) or len(cached[1]) + new < len(self.trail):
            array = np.array(self.trail, dtype=np.float64).reshape(-1, d)
        elif new == 0:
            array = cached[1]
        else:
            fresh = np.array([self.trail[i] for i in range(len(self.trail) - new, len(self.trail))], dtype=np.float64)
            array = np.concatenate([cached[1], fresh.reshape(-1, d)])[-len(self.trail):]
        self.__dict__["_trail_cache"] = (self.steps, array)
        return array

    def path_steps(self) -> np.ndarray:
        """The step index of each iterate :meth:`path` returns (0 for the start), int (k,)."""
        first_in_trail = self.steps - len(self.trail) + 1
        skip = max(0, len(self.head) - first_in_trail)
        return np.concatenate([np.arange(len(self.head)), np.arange(first_in_trail + skip, self.steps + 1)])

    def _remember(self, point: tuple[float, ...]) -> None:
        self.trail.append(point)
        if len(self.head) < self.trail_length:
            self.head.append(point)

    def _next(self, before: tuple[float, ...], gradient: tuple[float, ...]) -> tuple[tuple[float, ...], int | None]:
        """The next iterate (the optimizer's update, its state carried) and the one
        variable it moves (None: all of them)."""
        after, self.state = self.optimizer.update(before, gradient, self.state, self.steps + 1)
        return after, None

    def step(self) -> DescentStep | None:
        """Take one step (if the run is still going); return it, or None when finished."""
        if self.finished:
            return None
        before, gradient, state = self.point, self.gradient, self.state
        try:
            after, axis = self._next(before, gradient)
        except ZeroDivisionError:  # ε = 0 and 0/0: the run ends here, saying why
            self.status = DescentStatus.UNDEFINED
            self.message = zero_over_zero(self.function, self.optimizer, before, gradient, state, self.steps + 1,
                                          self.steps) or f"stopped after {_count(self.steps, 'step')}: the step divides by 0"
            return None
        self.steps += 1
        step_vector = tuple(a - b for a, b in zip(after, before))
        self.point = after
        self.value, *new_gradient = self._evaluate(after)
        self.gradient = tuple(new_gradient)
        self._remember(after)
        self._recent_steps.append(step_vector)
        self._recent_values.append(self.value)
        self.last_step = DescentStep(self.steps, before, gradient, after, self.learning_rate, axis, state, self.state)
        self._judge(math.hypot(*step_vector))
        return self.last_step

    def _evaluate(self, point: tuple[float, ...]) -> tuple[float, ...]:
        """(f, ∂f/∂x₁, …) at ``point``: what the run stands on (a run on data: the data's loss)."""
        return self.function.evaluate_point(point)

    def _rest(self) -> DescentResult:
        """Every remaining step from where the run stands, by the fast loop (:func:`descend`)."""
        return descend(
            self.function, self.learning_rate, self.point, self.max_steps - self.steps,
            gradient_tolerance=self._limits.gradient_tolerance, step_tolerance=self._limits.step_tolerance,
            bound=self._limits.bound, optimizer=self.optimizer, state=self.state, first_step=self.steps + 1,
        )

    def run_to_end(self) -> None:
        """Take every remaining step at once (the fast loop of :func:`descend`)."""
        if self.finished:
            return
        result = self._rest()
        self.state = result.state
        taken = result.steps
        if taken == 0:
            self._judge(math.inf if self.last_step is None else math.dist(self.last_step.after, self.last_step.before))
            return
        iterates = result.iterates
        # Only the rows kept, as plain floats in one call (not one float() a number), and
        # as tuples once: the head and the trail share them (a short run keeps all in both).
        room = self.trail_length - len(self.head)
        kept = iterates[1:][-max(self.trail_length, room):] if room < taken else iterates[1:]
        rows = list(map(tuple, kept.tolist()))
        if room > 0:
            self.head.extend(rows[:room] if len(kept) == taken else map(tuple, iterates[1 : 1 + room].tolist()))
        self.trail.extend(rows[-self.trail_length:])
        self._recent_steps.extend(map(tuple, np.diff(iterates[-7:], axis=0).tolist()))
        self._recent_values.extend(result.values[-7:].tolist())
        self.steps += taken
        before, after = tuple(map(float, iterates[-2])), tuple(map(float, iterates[-1]))
        self.last_step = DescentStep(self.steps, before, tuple(map(float, result.gradients[-2])), after, self.learning_rate)
        self.point, self.value, self.gradient = after, float(result.values[-1]), tuple(map(float, result.gradients[-1]))
        self._judge(math.dist(after, before))

    def _judge(self, last_step: float) -> None:
        self.status, self.message = _judge(
            self.function, self.point, self.value, self.gradient, last_step, self.steps, self.max_steps,
            self.learning_rate, self._limits, lambda: is_one_way(self._recent_steps) and is_falling(self._recent_values),
        )


class CoordinateDescent(Descent):
    """Coordinate descent: one variable at a time, in turn (x, then y, then x, …).

    Step k moves only variable (k − 1) mod d: ``x ← x − α·∂f/∂x`` with y held, then
    ``y ← y − α·∂f/∂y`` at the new x.  Its path is a staircase of axis-parallel moves, so a
    student can compare it with the diagonal steps of plain descent along −∇f (same α,
    same start): on a function whose variables are coupled (3x² + 2xy + y², a valley at an
    angle) the staircase needs more steps.  Same statuses and messages as :class:`Descent`;
    "converged" needs the whole gradient small, not only the partial just used.
    """

    def __post_init__(self) -> None:
        super().__post_init__()
        self._recent_steps = deque(maxlen=12)  # six sweeps of two moves: oscillation per variable

    def _next(self, before, gradient):
        axis = self.steps % len(before)
        return tuple(w - self.learning_rate * g if i == axis else w for i, (w, g) in enumerate(zip(before, gradient))), axis

    @property
    def oscillating(self) -> bool:
        """Steps along the same variable alternate in direction without shrinking."""
        d = len(self.point)
        recent = list(self._recent_steps)
        return any(is_oscillating(recent[i::d]) for i in range(d)) if len(recent) >= 4 * d else False

    def run_to_end(self) -> None:
        """Every remaining step (one variable at a time, so no fast loop: ~5 µs a step)."""
        while self.step() is not None:
            pass

    def _judge(self, last_step: float) -> None:
        # A move along one axis can be zero while the other partial is not (the run sits
        # on the other variable's turn): judge by the last two moves together.
        d = len(self.point)
        moves = list(self._recent_steps)
        if moves:
            last_step = math.hypot(*(math.hypot(*v) for v in moves[-d:]))
        # One sweep (a move along each variable) is what a plain step is to Descent.
        sweeps = [tuple(map(sum, zip(*moves[k:k + d]))) for k in range(len(moves) % d, len(moves), d)]
        one_way = is_one_way(sweeps) and is_falling(self._recent_values)
        self.status, self.message = _judge(
            self.function, self.point, self.value, self.gradient, last_step, self.steps, self.max_steps,
            self.learning_rate, self._limits, one_way,
        )


@dataclass(frozen=True)
class Racer:
    """One run of a race: its optimizer (with its α), its start, and its colour (a hex
    string the views draw it in)."""

    optimizer: Optimizer
    start: tuple[float, ...]
    color: str = "#1a9850"


class Race:
    """Runs on one function stepped together, up to six: the lesson's "where descent ends
    depends on the start and the learning rate", or optimizers compared.  Each run is a
    :class:`Descent` (constant memory when animated, the fast loops when run to the end)."""

    MAX_RUNS = 6

    def __init__(self, function: Function, racers: Sequence[Racer], *, max_steps: int = 10_000,
                 gradient_tolerance: float = 1e-6, trail_length: int = 1000, run_type: type[Descent] | None = None):
        if not 1 <= len(racers) <= self.MAX_RUNS:
            raise ValueError(f"a race has 1 to {self.MAX_RUNS} runs, not {len(racers)}")
        self.function, self.racers = function, tuple(racers)
        run_type = run_type or Descent  # CoordinateDescent: a variable at a time
        self.runs = [run_type(function, r.optimizer.learning_rate, r.start, max_steps=max_steps, optimizer=r.optimizer,
                             gradient_tolerance=gradient_tolerance, trail_length=trail_length) for r in self.racers]

    @property
    def finished(self) -> bool:
        return all(run.finished for run in self.runs)

    def step(self, count: int = 1) -> int:
        """Up to ``count`` steps of every run still going; the most steps any run took."""
        taken = 0
        for run in self.runs:
            before = run.steps
            for _ in range(count):
                if run.step() is None:
                    break
            taken = max(taken, run.steps - before)
        return taken

    def run_to_end(self) -> None:
        for run in self.runs:
            run.run_to_end()


def descend(
    function: Function,
    learning_rate: float,
    start: Sequence[float],
    max_steps: int = 1000,
    *,
    gradient_tolerance: float = 1e-6,
    step_tolerance: float = 1e-9,
    bound: float = 1e6,
    optimizer: Optimizer | None = None,
    state: tuple | None = None,
    first_step: int = 1,
) -> DescentResult:
    """Run gradient descent from ``start`` until it converges, diverges or hits ``max_steps``.

    ``optimizer`` (default: plain descent with ``learning_rate``) may be any of
    :mod:`~explorer.core.optimizers`; ``state`` and ``first_step`` continue a run that has
    already taken ``first_step − 1`` steps (a velocity, Adam's averages).  Same statuses and
    messages as :class:`Descent` stepped to the end.
    """
    if not (learning_rate > 0 and math.isfinite(learning_rate)):
        raise ValueError(f"the learning rate must be a positive number, got {learning_rate}")
    d = len(function.variable_names)
    if len(start) != d:
        raise ValueError(f"{function.signature()} needs a start with {d} coordinates")
    limits = _Limits(gradient_tolerance, step_tolerance, bound)
    lr = learning_rate
    optimizer = optimizer or Optimizer("gd", lr)
    if optimizer.learning_rate != lr:
        raise ValueError("the learning rate is the optimizer's: give the same α to both")
    state = optimizer.start(d) if state is None else state
    gradient_of = function.scalar_gradient()
    # The loops make no reference cycles, but every ∇f call allocates a list: the cyclic
    # garbage collector would walk the app's whole heap (sympy's caches) every few hundred
    # steps and cost more than the steps themselves.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if d == 2:  # a surface: the optimizer's rule written out for x and y (optimizers/spec.py)
            xs, ys, converged, state = run_2d(optimizer, gradient_of, float(start[0]), float(start[1]), state,
                                              first_step, max_steps, gradient_tolerance, step_tolerance, bound)
            # Through array buffers: twice as fast as numpy reading a list of Python floats.
            iterates = np.empty((len(xs), 2), dtype=np.float64)
            iterates[:, 0] = np.frombuffer(array("d", xs))
            iterates[:, 1] = np.frombuffer(array("d", ys))
        elif d == 1:  # a curve: the same, in one variable
            xs, converged, state = run_1d(optimizer, gradient_of, float(start[0]), state, first_step, max_steps,
                                          gradient_tolerance, step_tolerance, bound)
            iterates = np.array(xs, dtype=np.float64).reshape(-1, 1)
        else:
            points, converged, state = _run_optimizer(gradient_of, optimizer, [float(c) for c in start], state,
                                                      first_step, max_steps, limits)
            iterates = np.array(points, dtype=np.float64).reshape(-1, d)
    finally:
        if collecting:
            gc.enable()
    evaluated = function.evaluate(*iterates.T)
    values = evaluated[0]
    gradients = np.stack(evaluated[1:], axis=1).reshape(-1, d)
    # The loop looked at the gradient only: the run ends at the first point where f itself
    # has no finite value (ln of a negative, an overflow), as a stepped run would.
    bad = ~np.isfinite(values) | ~np.isfinite(gradients).all(axis=1)
    if bad.any():
        end = int(np.argmax(bad)) + 1
        iterates, values, gradients = iterates[:end], values[:end], gradients[:end]
        converged = False
    steps = len(iterates) - 1
    # hypot, not a norm through x·x: a step of 10²⁹⁹ squared would overflow.
    last_step = math.hypot(*(iterates[-1] - iterates[-2]).tolist()) if steps else math.inf
    recent = np.diff(iterates[-7:], axis=0).tolist()
    where = _format_point(function.variable_names, tuple(iterates[-1]))
    if converged:
        # The loop's own verdict: judging again from numpy's gradient could differ in the
        # last bit right at the tolerance and disagree with the loop.
        status, message = slope_ending(function, tuple(iterates[-1]), tuple(gradients[-1]), where, steps)
    else:
        status, message = _judge(
            function, tuple(iterates[-1]), float(values[-1]), tuple(gradients[-1]), last_step, steps,
            max_steps, lr, limits, is_one_way(recent) and is_falling(values[-7:].tolist()),
        )
    if status is DescentStatus.RUNNING and steps < max_steps:
        reason = zero_over_zero(function, optimizer, iterates[-1].tolist(), gradients[-1].tolist(), state,
                                first_step + steps, steps)
        if reason is not None:
            status, message = DescentStatus.UNDEFINED, reason
    if status is DescentStatus.RUNNING:
        # Only when no step was allowed, or the loop stopped where the judge would go on:
        # either way no further step was taken, so say where the run stands.
        status = DescentStatus.MAX_STEPS
        message = "no steps taken (the limit is 0)" if max_steps <= 0 else f"stopped at {where} after {_count(steps, 'step')}"
    return DescentResult(
        iterates=iterates, values=values, gradients=gradients, status=status, steps=steps, message=message,
        learning_rate=learning_rate, oscillating=is_oscillating(recent), optimizer=optimizer, state=state,
    )


def _run_optimizer(gradient_of, optimizer: Optimizer, point: list, state: tuple, first_step: int, max_steps: int,
                   limits: _Limits) -> tuple[list[tuple[float, ...]], bool, tuple]:
    """The loop for any optimizer in any number of variables (one and two variables have
    faster loops of their own, :func:`~explorer.core.optimizers.run_1d` and ``run_2d``), carrying its state: ``(iterates, converged,
    state after the last step)``."""
    one = len(point) == 1
    points = [tuple(point)]
    last_step = math.inf
    stol = max(limits.step_tolerance, optimizer.learning_rate * limits.gradient_tolerance)
    update, t = optimizer.update, first_step
    for _ in range(max(0, max_steps)):
        try:
            raw = gradient_of(*point)
            gradient = (as_float(raw),) if one else tuple(as_float(g) for g in raw)
        except OverflowError:
            gradient = (math.inf,) * len(point)
        except (ValueError, ZeroDivisionError, ArithmeticError, TypeError):
            break
        norm = math.hypot(*gradient)
        if norm != norm:
            break
        if norm < limits.gradient_tolerance and last_step < stol:
            return points, True, state
        try:
            new, state = update(point, gradient, state, t)
        except (OverflowError, ValueError, ZeroDivisionError):
            break  # an update beyond a float (a squared gradient of 10²⁰⁰): the judge says diverged
        t += 1
        last_step = math.dist(new, point)
        point = new
        points.append(tuple(point))
        if not all(abs(c) <= limits.bound for c in point):
            break
    return points, False, state


def update_arithmetic(step: DescentStep, names: Sequence[str], decimals: int = 4, function_name: str = "f") -> list[str]:
    """The update written out for checking by hand, one line per variable.

    ``x₁ = x₀ − α·f′(x₀) = 2.2000 − 0.0100 × 8.7368 = 2.1126`` (1-D) or
    ``w₁ = w₀ − α·∂f/∂w = 0.0000 − 0.0100 × (−12.0000) = 0.1200`` (n-D).
    """
    from ..notation import MINUS, format_number

    sub = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
    k0, k1 = str(step.index - 1).translate(sub), str(step.index).translate(sub)
    lines = []
    for axis, (name, before, g, after) in enumerate(zip(names, step.before, step.gradient, step.after)):
        if step.axis is not None and axis != step.axis:
            continue  # coordinate descent: this variable was held
        slope = f"{function_name}′({name}{k0})" if len(names) == 1 else f"∂{function_name}/∂{name}"
        g_text = format_number(g, decimals)
        if g < 0:
            g_text = f"({g_text})"
        lines.append(
            f"{name}{k1} = {name}{k0} {MINUS} α·{slope} = {format_number(before, decimals)} {MINUS} "
            f"{format_number(step.learning_rate, decimals)} × {g_text} = {format_number(after, decimals)}"
        )
    return lines
