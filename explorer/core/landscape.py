"""The shape of a curve, for telling a 1-D run's story honestly: its minima and humps in view,
which minimum is the deeper one, and the step that jumped over a hump into another valley.

Conventions: ``function`` is a :class:`~explorer.core.calculus.Function` of one variable;
``lo``/``hi`` is the x range in view (function units); positions are floats.  Critical
points are found where f′ changes sign between samples (2001 over the range), each refined
by bisection to ~1e-12 of the range, so they are the curve's own, not the samples'.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .notation import format_number

__all__ = ["Landscape", "landscape", "HumpJump", "first_hump_jump", "describe_minimum"]

SAMPLES = 2001


@dataclass(frozen=True)
class Landscape:
    """The minima and maxima (humps) of a curve inside [lo, hi], each as (x, f(x)), by x."""

    lo: float
    hi: float
    minima: tuple[tuple[float, float], ...]
    maxima: tuple[tuple[float, float], ...]


def landscape(function, lo: float, hi: float) -> Landscape:
    """Where f′ changes sign inside [lo, hi]: − to + is a minimum, + to − a hump."""
    xs = np.linspace(lo, hi, SAMPLES)
    slopes = np.asarray(function.evaluate(xs)[1], dtype=np.float64)
    signs = np.sign(slopes)
    minima, maxima = [], []
    for i in np.nonzero(np.isfinite(slopes[:-1]) & np.isfinite(slopes[1:]) & (signs[:-1] * signs[1:] < 0))[0]:
        x = _bisect(function, float(xs[i]), float(xs[i + 1]), signs[i])
        value = function.value_at((x,))
        if math.isfinite(value):
            (minima if signs[i] < 0 else maxima).append((x, value))
    # A zero sample is a critical point too: its neighbours' signs say which.
    for i in np.nonzero(signs[1:-1] == 0)[0] + 1:
        before, after = signs[i - 1], signs[i + 1]
        if before * after < 0:
            x = float(xs[i])
            (minima if before < 0 else maxima).append((x, function.value_at((x,))))
    return Landscape(lo, hi, tuple(sorted(minima)), tuple(sorted(maxima)))


def _bisect(function, a: float, b: float, sign_at_a: float) -> float:
    derivative = function.scalar_gradient()
    for _ in range(60):
        middle = 0.5 * (a + b)
        if middle in (a, b):
            break
        try:
            slope = float(derivative(middle))
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            break
        if not math.isfinite(slope):
            break
        if slope == 0:
            return middle
        if math.copysign(1.0, slope) == sign_at_a:
            a = middle
        else:
            b = middle
    return 0.5 * (a + b)


@dataclass(frozen=True)
class HumpJump:
    """Step ``step`` (from 1) went from ``before`` to ``after`` over the hump at ``hump``."""

    step: int
    before: float
    after: float
    hump: float

    def sentence(self, variable: str = "x") -> str:
        """``the first step jumped over the hump at x ≈ 0.07``."""
        which = "the first step" if self.step == 1 else f"step {self.step}"
        return f"{which} jumped over the hump at {variable} ≈ {format_number(self.hump, 2)}"


def first_hump_jump(shape: Landscape, iterates: Sequence[float], first_step: int = 1) -> HumpJump | None:
    """The first step of a path (``iterates[k]`` → ``iterates[k + 1]`` is step
    ``first_step + k``) that lands on the far side of a hump in view, or None."""
    if not shape.maxima or len(iterates) < 2:
        return None
    xs = np.asarray(iterates, dtype=np.float64)
    lo, hi = np.minimum(xs[:-1], xs[1:]), np.maximum(xs[:-1], xs[1:])
    best = None
    for hump, _ in shape.maxima:
        with np.errstate(invalid="ignore"):
            crossed = np.nonzero((lo < hump) & (hump < hi))[0]
        if len(crossed) and (best is None or crossed[0] < best[0]):
            best = (int(crossed[0]), hump)
    if best is None:
        return None
    k, hump = best
    return HumpJump(first_step + k, float(xs[k]), float(xs[k + 1]), hump)


def describe_minimum(shape: Landscape, x: float, variable: str = "x", of_slice: bool = False) -> tuple[str, str]:
    """What the minimum a run converged to at ``x`` is among those in view, and where the
    lowest one is when it is not that one: ``("the deeper of the two minima", "")``,
    ``("the shallower of the two minima", "the deeper one is at x ≈ −1.34")``, ``("the only
    minimum in view", "")``, ``("the lowest of the 3 minima in view", "")``; ``("a local
    minimum", "")`` when it is none of them (outside the view).  ``of_slice``: the curve is
    a slice of a surface, and its minima are the slice's (``"the only minimum of the slice
    in view"``, ``"the deeper of the slice's two minima"``), not the surface's."""
    minima = shape.minima
    span = shape.hi - shape.lo
    mine = [m for m in minima if abs(m[0] - x) <= 1e-4 * span]
    of, its = (" of the slice", "the slice's ") if of_slice else ("", "the ")
    if not mine:
        return f"a local minimum{of}", ""
    lowest = min(minima, key=lambda m: m[1])
    is_lowest = mine[0] is lowest or abs(mine[0][1] - lowest[1]) <= 1e-9 * max(1.0, abs(lowest[1]))
    if len(minima) == 1:
        return f"the only minimum{of} in view", ""
    where = f"{variable} ≈ {format_number(lowest[0], 2)}"
    if len(minima) == 2:
        return (f"the deeper of {its}two minima", "") if is_lowest else \
            (f"the shallower of {its}two minima", f"the deeper one is at {where}")
    if is_lowest:
        return f"the lowest of {its}{len(minima)} minima in view", ""
    return f"a local minimum{of}, not the lowest in view", f"the lowest is at {where}"
