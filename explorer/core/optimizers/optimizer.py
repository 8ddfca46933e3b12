"""An optimizer with its hyper-parameters, stepping and explaining itself by its spec.

Conventions: a point, a gradient and every state vector are tuples of floats, one entry per
variable in the function's variable order; ``t`` counts steps from 1 (the step being taken).
The rules themselves are in :mod:`~explorer.core.optimizers.rules`.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Callable, Sequence

from .rules import HYPERPARAMETERS, KINDS, SPECS
from .spec import Spec, make_loop_1d, make_loop_2d, make_update

__all__ = ["Optimizer", "Written", "run_1d", "run_2d"]

Vector = tuple[float, ...]


class _ByKind(dict):
    """kind → the code made from its spec, made the first time the kind is asked for and kept.

    Making all of them (seven kinds, four codes each) at import took ~6 ms of every start-up,
    for the one or two a first run uses.  A dict, so a step's look-up is as fast as before;
    two threads making the same kind at once make the same code (either is kept)."""

    def __init__(self, make: Callable[[Spec], Callable]):
        super().__init__()
        self._make = make

    def __missing__(self, kind: str) -> Callable:
        made = self[kind] = self._make(SPECS[kind])  # KeyError for a kind that has no spec, as before
        return made


# From each spec: the step in any dimension and the runs to the end.
_UPDATES = _ByKind(make_update)
_LOOPS_1D = _ByKind(make_loop_1d)
_LOOPS_2D = _ByKind(make_loop_2d)
_LOOPS_2D_SCHEDULED = _ByKind(functools.partial(make_loop_2d, scheduled=True))


@dataclass(frozen=True)
class Optimizer:
    """One optimizer with its hyper-parameters (torch's defaults where not given).

    ``momentum`` is β for momentum and Nesterov (default 0.9, as the lesson uses; torch's
    own default is 0, which is plain descent); ``betas`` are Adam's and AdamW's (β₁, β₂);
    ``rho`` is RMSProp's smoothing constant (torch's ``alpha``); ``eps`` is ε (None: torch's
    default); ``weight_decay`` is AdamW's decoupled λ.  A kind ignores the ones it does not use.
    """

    kind: str
    learning_rate: float
    momentum: float = 0.9
    betas: tuple[float, float] = (0.9, 0.999)
    rho: float = 0.99
    eps: float | None = None
    weight_decay: float = 0.01
    epsilon: float = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown optimizer {self.kind!r}: one of {', '.join(KINDS)}")
        lr = self.learning_rate
        if not (isinstance(lr, (int, float)) and math.isfinite(lr) and lr > 0):
            raise ValueError(f"the learning rate must be a number with 0 < learning rate, got {lr!r}")
        spec = self.spec
        for name in spec.hyper:
            if name != "eps":
                HYPERPARAMETERS[name].check(getattr(self, name))
        eps = (spec.eps or 0.0) if self.eps is None else self.eps
        HYPERPARAMETERS["eps"].check(eps)
        object.__setattr__(self, "epsilon", float(eps))

    @property
    def spec(self) -> Spec:
        return SPECS[self.kind]

    @property
    def name(self) -> str:
        return self.spec.name

    def hyperparameters(self) -> dict:
        """The hyper-parameters that matter for this kind, by torch's names, as plain JSON types."""
        return {"lr": self.learning_rate, **self.spec.torch_args(self)}

    # ------------------------------------------------------------------ stepping
    def start(self, dimension: int) -> tuple:
        """The state before the first step, one entry per state of the rule: () for plain
        descent; (None,) for momentum and Nesterov (no velocity yet: torch starts it at the
        first gradient); zero sums and averages for the adaptive ones."""
        return tuple(None if start is None else (start,) * dimension for _, start in self.spec.state)

    def update(self, point: Sequence[float], gradient: Sequence[float], state: tuple, t: int) -> tuple[Vector, tuple]:
        """Step ``t`` (from 1): ``(new point, new state)``; ``gradient`` is ∇f at ``point``."""
        return _UPDATES[self.kind](self, point, gradient, state, t)

    # ------------------------------------------------------------------ explaining
    def rule(self, names: Sequence[str], function_name: str = "f") -> str:
        """The update rule in the lesson's notation, one line: ``(w, b) ← (w, b) − α·∇L`` for
        plain descent; the state's rules first for the others, their constants named."""
        w = names[0] if len(names) == 1 else f"({', '.join(names)})"
        g = f"∇{function_name}" if len(names) > 1 else f"{function_name}′"
        return self.spec.rule(self, w, g)

    def explain(self, names: Sequence[str], point: Sequence[float], gradient: Sequence[float], state_before: tuple,
                state_after: tuple, new_point: Sequence[float], t: int, function_name: str = "f", decimals: int = 4) -> list[str]:
        """Step ``t`` written out, one line per quantity, in the lesson's notation:

        GD on L(w, b) from (0, 0), α = 0.01:
        ``(w, b)₁ = (w, b)₀ − α·∇L = (0, 0) − 0.01·(−12, −6) = (0.12, 0.06)``;
        momentum first writes the velocity, ``v₁ = β·v₀ + ∇L = …``; Adam writes m, v, m̂,
        v̂ and then the step.
        """
        step = Written(names, point, gradient, state_before, state_after, new_point, t, function_name, decimals,
                       self.learning_rate)
        return self.spec.explain(self, step)


class Written:
    """One step as the explanations write it: ``w`` "(w, b)", ``grad`` "∇L" (or "f′" in one
    variable), ``k0``/``k1`` the subscripts of the step, ``lr`` α formatted, the numbers of
    the step (``point``, ``gradient``, ``before``, ``after``, ``new_point``, ``t``), and
    ``vec``/``num`` to format a vector or a number."""

    def __init__(self, names, point, gradient, before, after, new_point, t, function_name, decimals, learning_rate):
        from ..notation import format_value

        sub = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
        self.k0, self.k1 = str(t - 1).translate(sub), str(t).translate(sub)
        self.w = names[0] if len(names) == 1 else f"({', '.join(names)})"
        self.grad = f"∇{function_name}" if len(names) > 1 else f"{function_name}′"
        self.point, self.gradient, self.before, self.after, self.new_point, self.t = point, gradient, before, after, new_point, t
        self._format, self._decimals = format_value, decimals
        self.lr = self.num(learning_rate)

    def num(self, value: float) -> str:
        return self._format(value, self._decimals)

    def vec(self, values) -> str:
        text = [self.num(v) for v in values]
        if len(text) == 1:  # a lone negative number in a product is bracketed: 0.01·(−8.7)
            return f"({text[0]})" if text[0].startswith(("−", "-")) else text[0]
        return f"({', '.join(text)})"


def run_2d(optimizer: Optimizer, gradient_of, x: float, y: float, state: tuple, t: int, max_steps: int,
           gradient_tolerance: float, step_tolerance: float, bound: float, learning_rates=None):
    """Up to ``max_steps`` steps from (x, y), step ``t`` first, the optimizer's ``state``
    carried in and out: ``(xs, ys, converged, state)``.  ``gradient_of(x, y)`` gives ∇f (it
    may raise or return non-floats off f's domain); the loop is the spec's rule written out
    for x and y (:func:`~explorer.core.optimizers.spec.make_loop_2d`), the same floats as
    :meth:`Optimizer.update` step by step.

    ``learning_rates``: α of each step (a sequence of at least ``max_steps`` floats, e.g. a
    :class:`~explorer.core.optimizers.schedules.Schedule`'s), in place of the optimizer's
    constant α; each step is then :meth:`Optimizer.update` of the optimizer with that α."""
    if learning_rates is None:
        loop = _LOOPS_2D[optimizer.kind]
        stol = max(step_tolerance, optimizer.learning_rate * gradient_tolerance)
        return loop(optimizer, gradient_of, x, y, state, t, max(0, max_steps), gradient_tolerance, stol, bound)
    rates = [float(a) for a in learning_rates]
    steps = max(0, max_steps)
    if len(rates) < steps:
        raise ValueError(f"{len(rates)} learning rates for {steps} steps: one per step is needed")
    stol = max(step_tolerance, max(rates[:steps], default=0.0) * gradient_tolerance)
    return _LOOPS_2D_SCHEDULED[optimizer.kind](optimizer, gradient_of, x, y, state, t, steps, gradient_tolerance, stol,
                                               bound, rates)


def run_1d(optimizer: Optimizer, derivative, x: float, state: tuple, t: int, max_steps: int,
           gradient_tolerance: float, step_tolerance: float, bound: float):
    """:func:`run_2d` in one variable: ``(xs, converged, state)``; ``derivative(x)`` gives f′."""
    loop = _LOOPS_1D[optimizer.kind]
    stol = max(step_tolerance, optimizer.learning_rate * gradient_tolerance)
    return loop(optimizer, derivative, x, state, t, max(0, max_steps), gradient_tolerance, stol, bound)
