"""The step-size rule near a minimum: where a run approaches steadily, oscillates or
diverges, for the optimizers that have such a rule (their ``bands`` in the registry)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from .optimizer import Optimizer
from .rules import SPECS

__all__ = ["Stability", "stability"]


@dataclass(frozen=True)
class Stability:
    """The step-size rule near a minimum with curvature λ (f″ in 1-D, the Hessian's largest
    eigenvalue in more): plain descent approaches monotonically for α < 1/λ, oscillates
    but converges for 1/λ < α < 2/λ, and diverges for α > 2/λ."""

    minimum: tuple[float, ...]
    curvature: float  # λ
    critical_learning_rate: float  # 2/λ

    def verdict(self, learning_rate: float) -> str:
        """``"monotone"``, ``"oscillating"`` or ``"diverging"`` for plain descent at this α."""
        if learning_rate * self.curvature < 1.0:
            return "monotone"
        return "oscillating" if learning_rate * self.curvature < 2.0 else "diverging"

    def to_dict(self) -> dict:
        return {"minimum": list(self.minimum), "curvature": self.curvature, "critical_learning_rate": self.critical_learning_rate}

    def bands(self, kind: "str | Optimizer" = "gd", momentum: float = 0.9) -> tuple[float | None, float | None]:
        """(α below which the approach is monotone, α above which the run diverges) for an
        optimizer (or a kind, with β for momentum and Nesterov) near this minimum, None where
        there is no such α: each optimizer's ``bands`` in the registry (plain descent 1/λ and
        2/λ; the adaptive ones scale the step by the gradients seen, so no fixed critical α)."""
        optimizer = kind if isinstance(kind, Optimizer) else Optimizer(kind, 1.0, momentum=momentum)
        spec = SPECS[optimizer.kind]
        return (None, None) if spec.bands is None else spec.bands(self.curvature, optimizer)

    def describe(self, optimizer: "Optimizer") -> str:
        """The rule for this optimizer's α in words: ``α = 0.2 > 2/λ = 0.161: diverges``."""
        alpha = optimizer.learning_rate
        monotone, critical = self.bands(optimizer)
        a = f"α = {alpha:g}"
        nearest = min((v for v in (monotone, critical) if v is not None), key=lambda v: abs(v - alpha), default=None)
        if nearest is not None and nearest != alpha and f"{nearest:.3g}" == f"{alpha:g}":
            # Three figures would read as α itself ("α = 1 > 2/λ = 1"): as many as tell them apart.
            digits = next((d for d in range(4, 17) if f"{alpha:.{d}g}" != f"{nearest:.{d}g}"), 17)
            a = f"α = {alpha:.{digits}g}"
        else:
            digits = 3

        def shown(limit: float) -> str:
            return f"{limit:.{digits}g}"
        if critical is None:
            return f"{a}: {optimizer.name} adapts its steps to the gradients seen, no fixed critical α"
        limit = SPECS[optimizer.kind].limit
        if alpha > critical:
            return f"{a} > {limit} = {shown(critical)}: diverges"
        if monotone is not None and alpha > monotone:
            return f"1/λ = {shown(monotone)} < {a} < {limit} = {shown(critical)}: oscillates"
        if monotone is not None:
            return f"{a} < 1/λ = {shown(monotone)}: steady descent"
        return f"{a} < {limit} = {shown(critical)}: converges"


def stability(function, point: Sequence[float], tolerance: float = 1e-6) -> Stability | None:
    """The stability rule at ``point`` if it is a minimum of ``function`` (∇f ≈ 0 there and
    the Hessian positive semi-definite with a positive largest eigenvalue: the lesson's loss
    has a valley floor, a line of minima, and still λ = 10); else None.

    The Hessian is symbolic (derived once per function) and evaluated at the point."""
    import numpy as np

    gradient = function.partials_at(point)
    if not all(math.isfinite(g) for g in gradient) or math.hypot(*gradient) > tolerance * max(1.0, abs(function.value_at(point))):
        return None
    hessian = function.hessian_at(point)
    if not np.isfinite(hessian).all():
        return None
    eigenvalues = np.linalg.eigvalsh(hessian)
    largest = float(eigenvalues[-1])
    scale = max(1.0, abs(largest))
    if largest <= 0 or eigenvalues[0] < -1e-9 * scale:
        return None  # a maximum, a saddle or flat: no minimum here
    # Second derivatives that vanish say nothing (x³ at a point near 0 has f′ ≈ 0 and a tiny
    # f″ > 0): a minimum is where f is no lower a short way off along every principal axis.
    value = function.value_at(point)
    delta = 1e-3 * max(1.0, max(abs(c) for c in point))
    _, axes = np.linalg.eigh(hessian)
    for axis in np.atleast_2d(axes).T:
        for sign in (1.0, -1.0):
            nearby = function.value_at(tuple(float(c) for c in np.asarray(point) + sign * delta * axis))
            if not nearby >= value - 1e-12 * max(1.0, abs(value)):
                return None
    # The rule is about the quadratic near the minimum: where the curvature changes by more
    # than 2× within a short way (x⁴ at its flat bottom has f″ ≈ 0 and a "critical α" of
    # 10⁵ that no run obeys), there is no fixed rule to tell.
    top = np.atleast_2d(axes).T[-1]
    reach = 0.05 * max(1.0, max(abs(c) for c in point))
    for sign in (1.0, -1.0):
        there = tuple(float(c) for c in np.asarray(point) + sign * reach * top)
        nearby_hessian = np.atleast_2d(function.hessian_at(there))
        if not np.isfinite(nearby_hessian).all():
            return None
        curvature = float(top @ nearby_hessian @ top)
        if not 0.5 * largest <= curvature <= 2.0 * largest:
            return None
    return Stability(tuple(float(c) for c in point), largest, 2.0 / largest)
