"""Optimizers as pure stepping code, each the update ``torch.optim`` performs.

Conventions: a point, a gradient and every state vector are tuples of floats, one entry per
variable in the function's variable order; ``t`` counts steps from 1 (the step being taken).
No parameter is decayed (``weight_decay=0``), nothing is maximised, SGD's ``dampening`` is 0.

=========  ==========================================  ===================================
kind       torch.optim                                 update (per coordinate)
=========  ==========================================  ===================================
gd         SGD(lr)                                     w ← w − α·g
momentum   SGD(lr, momentum=β)                         b ← g (t = 1), else β·b + g;  w ← w − α·b
nesterov   SGD(lr, momentum=β, nesterov=True)          b as above;  w ← w − α·(g + β·b)
adagrad    Adagrad(lr, eps=1e-10)                      s ← s + g²;  w ← w − α·g / (√s + ε)
rmsprop    RMSprop(lr, alpha=ρ, eps=1e-8)              v ← ρ·v + (1 − ρ)·g²;  w ← w − α·g / (√v + ε)
adam       Adam(lr, betas=(β₁, β₂), eps=1e-8)          m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²;
                                                       m̂ = m / (1 − β₁ᵗ);  v̂ = v / (1 − β₂ᵗ);
                                                       w ← w − α·m̂ / (√v̂ + ε)
=========  ==========================================  ===================================

Adam is computed in torch's order of the step, ``w − (α / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε)``;
torch itself updates m with ``lerp_`` and the point with ``addcdiv_``, so its floats can
differ from these in the last bits (well below the 1e-12 the tests hold them to).

:class:`Optimizer` is the description (kind and hyper-parameters); :meth:`Optimizer.update`
takes one step and :meth:`Optimizer.explain` writes it out as arithmetic a student can
check.  This module is the one place an update rule is written.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

from .calculus import as_float

__all__ = ["KINDS", "Optimizer", "NAMES", "Stability", "stability"]

KINDS = ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
NAMES = {"gd": "gradient descent", "momentum": "momentum", "nesterov": "Nesterov momentum", "adagrad": "AdaGrad",
         "rmsprop": "RMSProp", "adam": "Adam"}
_EPS = {"adagrad": 1e-10, "rmsprop": 1e-8, "adam": 1e-8}  # torch's defaults

Vector = tuple[float, ...]


@dataclass(frozen=True)
class Optimizer:
    """One optimizer with its hyper-parameters (torch's defaults where not given).

    ``momentum`` is β for momentum and Nesterov (default 0.9, as the lesson uses; torch's
    own default is 0, which is plain descent); ``betas`` are Adam's (β₁, β₂); ``rho`` is
    RMSProp's smoothing constant (torch's ``alpha``); ``eps`` is ε (None: torch's default).
    """

    kind: str
    learning_rate: float
    momentum: float = 0.9
    betas: tuple[float, float] = (0.9, 0.999)
    rho: float = 0.99
    eps: float | None = None
    epsilon: float = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown optimizer {self.kind!r}: one of {', '.join(KINDS)}")
        checks = [("learning rate", self.learning_rate, 0.0, math.inf, False)]
        if self.kind in ("momentum", "nesterov"):
            checks.append(("momentum", self.momentum, 0.0, 1.0, True))
        if self.kind == "adam":
            checks += [("β₁", self.betas[0], 0.0, 1.0, True), ("β₂", self.betas[1], 0.0, 1.0, True)]
        if self.kind == "rmsprop":
            checks.append(("ρ", self.rho, 0.0, 1.0, True))
        for name, value, lo, hi, closed_low in checks:
            ok = isinstance(value, (int, float)) and math.isfinite(value) and (lo <= value if closed_low else lo < value) and value < hi
            if not ok:
                low = f"{lo:g} ≤" if closed_low else f"{lo:g} <"
                raise ValueError(f"the {name} must be a number with {low} {name} < {hi:g}, got {value!r}")
        eps = _EPS.get(self.kind, 0.0) if self.eps is None else float(self.eps)
        if not (math.isfinite(eps) and eps >= 0):
            raise ValueError(f"ε must be a number ≥ 0, got {self.eps!r}")
        object.__setattr__(self, "epsilon", eps)

    @property
    def name(self) -> str:
        return NAMES[self.kind]

    def hyperparameters(self) -> dict:
        """The hyper-parameters that matter for this kind, as plain JSON types."""
        out: dict = {"lr": self.learning_rate}
        if self.kind in ("momentum", "nesterov"):
            out.update(momentum=self.momentum, nesterov=self.kind == "nesterov", dampening=0.0)
        elif self.kind == "adagrad":
            out.update(eps=self.epsilon)
        elif self.kind == "rmsprop":
            out.update(alpha=self.rho, eps=self.epsilon)
        elif self.kind == "adam":
            out.update(betas=list(self.betas), eps=self.epsilon)
        return out

    # ------------------------------------------------------------------ stepping
    def start(self, dimension: int) -> tuple:
        """The state before the first step: () for plain descent; (None,) for momentum and
        Nesterov (no velocity yet: torch starts it at the first gradient); zero sums and
        averages for the adaptive ones."""
        zeros = (0.0,) * dimension
        return {"gd": (), "momentum": (None,), "nesterov": (None,), "adagrad": (zeros,), "rmsprop": (zeros,),
                "adam": (zeros, zeros)}[self.kind]

    def update(self, point: Sequence[float], gradient: Sequence[float], state: tuple, t: int) -> tuple[Vector, tuple]:
        """Step ``t`` (from 1): ``(new point, new state)``; ``gradient`` is ∇f at ``point``."""
        lr, kind = self.learning_rate, self.kind
        if kind == "gd":
            return tuple(w - lr * g for w, g in zip(point, gradient)), ()
        if kind in ("momentum", "nesterov"):
            beta = self.momentum
            (b,) = state
            b = tuple(gradient) if b is None else tuple(beta * v + g for v, g in zip(b, gradient))
            if kind == "momentum":
                return tuple(w - lr * v for w, v in zip(point, b)), (b,)
            return tuple(w - lr * (g + beta * v) for w, g, v in zip(point, gradient, b)), (b,)
        eps = self.epsilon
        if kind == "adagrad":
            (s,) = state
            s = tuple(a + g * g for a, g in zip(s, gradient))
            return tuple(w - lr * g / (math.sqrt(a) + eps) for w, g, a in zip(point, gradient, s)), (s,)
        if kind == "rmsprop":
            rho = self.rho
            (v,) = state
            v = tuple(rho * a + (1.0 - rho) * g * g for a, g in zip(v, gradient))
            return tuple(w - lr * g / (math.sqrt(a) + eps) for w, g, a in zip(point, gradient, v)), (v,)
        b1, b2 = self.betas
        m, v = state
        m = tuple(b1 * a + (1.0 - b1) * g for a, g in zip(m, gradient))
        v = tuple(b2 * a + (1.0 - b2) * g * g for a, g in zip(v, gradient))
        step_size = lr / (1.0 - b1**t)
        root = math.sqrt(1.0 - b2**t)
        return tuple(w - step_size * a / (math.sqrt(c) / root + eps) for w, a, c in zip(point, m, v)), (m, v)

    # ------------------------------------------------------------------ explaining
    def rule(self, names: Sequence[str], function_name: str = "f") -> str:
        """The update rule in the lesson's notation, one line: ``(w, b) ← (w, b) − α·∇L`` for
        plain descent; the state's rules first for the others, their constants named."""
        w = names[0] if len(names) == 1 else f"({', '.join(names)})"
        g = f"∇{function_name}" if len(names) > 1 else f"{function_name}′"
        kind = self.kind
        if kind == "gd":
            return f"{w} ← {w} − α·{g}"
        if kind == "momentum":
            return f"v ← β·v + {g},  {w} ← {w} − α·v   (β = {self.momentum:g})"
        if kind == "nesterov":
            return f"v ← β·v + {g},  {w} ← {w} − α·({g} + β·v)   (β = {self.momentum:g})"
        if kind == "adagrad":
            return f"s ← s + {g}²,  {w} ← {w} − α·{g} / (√s + ε)"
        if kind == "rmsprop":
            return f"v ← ρ·v + (1 − ρ)·{g}²,  {w} ← {w} − α·{g} / (√v + ε)   (ρ = {self.rho:g})"
        b1, b2 = self.betas
        return (f"m ← β₁·m + (1 − β₁)·{g},  v ← β₂·v + (1 − β₂)·{g}²,  {w} ← {w} − α·m̂ / (√v̂ + ε)   "
                f"(β₁ = {b1:g}, β₂ = {b2:g})")

    def explain(self, names: Sequence[str], point: Sequence[float], gradient: Sequence[float], state_before: tuple,
                state_after: tuple, new_point: Sequence[float], t: int, function_name: str = "f", decimals: int = 4) -> list[str]:
        """Step ``t`` written out, one line per quantity, in the lesson's notation:

        GD on L(w, b) from (0, 0), α = 0.01:
        ``(w, b)₁ = (w, b)₀ − α·∇L = (0, 0) − 0.01·(−12, −6) = (0.12, 0.06)``;
        momentum first writes the velocity, ``v₁ = β·v₀ + ∇L = …``; Adam writes m, v, m̂,
        v̂ and then the step.
        """
        from .notation import format_value

        sub = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
        k0, k1 = str(t - 1).translate(sub), str(t).translate(sub)
        w = names[0] if len(names) == 1 else f"({', '.join(names)})"

        def vec(values) -> str:
            text = [format_value(v, decimals) for v in values]
            if len(text) == 1:  # a lone negative number in a product is bracketed: 0.01·(−8.7)
                return f"({text[0]})" if text[0].startswith(("−", "-")) else text[0]
            return f"({', '.join(text)})"

        grad = f"∇{function_name}" if len(names) > 1 else f"{function_name}′"
        lr = format_value(self.learning_rate, decimals)
        lines = []
        kind = self.kind
        if kind == "gd":
            lines.append(f"{w}{k1} = {w}{k0} − α·{grad} = {vec(point)} − {lr}·{vec(gradient)} = {vec(new_point)}")
        elif kind in ("momentum", "nesterov"):
            (b,) = state_after
            beta = format_value(self.momentum, decimals)
            if state_before[0] is None:
                lines.append(f"v{k1} = {grad} = {vec(b)}  (the first velocity is the gradient)")
            else:
                lines.append(f"v{k1} = β·v{k0} + {grad} = {beta}·{vec(state_before[0])} + {vec(gradient)} = {vec(b)}")
            if kind == "momentum":
                lines.append(f"{w}{k1} = {w}{k0} − α·v{k1} = {vec(point)} − {lr}·{vec(b)} = {vec(new_point)}")
            else:
                ahead = tuple(g + self.momentum * v for g, v in zip(gradient, b))
                lines.append(f"{w}{k1} = {w}{k0} − α·({grad} + β·v{k1}) = {vec(point)} − {lr}·{vec(ahead)} = {vec(new_point)}")
        elif kind == "adagrad":
            (s,) = state_after
            lines.append(f"s{k1} = s{k0} + {grad}² = {vec(state_before[0])} + {vec(g * g for g in gradient)} = {vec(s)}")
            lines.append(f"{w}{k1} = {w}{k0} − α·{grad} / (√s{k1} + ε) = {vec(new_point)}")
        elif kind == "rmsprop":
            (v,) = state_after
            rho = format_value(self.rho, decimals)
            lines.append(f"v{k1} = ρ·v{k0} + (1 − ρ)·{grad}² = {rho}·{vec(state_before[0])} + {format_value(1 - self.rho, decimals)}·"
                         f"{vec(g * g for g in gradient)} = {vec(v)}")
            lines.append(f"{w}{k1} = {w}{k0} − α·{grad} / (√v{k1} + ε) = {vec(new_point)}")
        else:
            m, v = state_after
            b1, b2 = self.betas
            lines.append(f"m{k1} = β₁·m{k0} + (1 − β₁)·{grad} = {vec(m)}")
            lines.append(f"v{k1} = β₂·v{k0} + (1 − β₂)·{grad}² = {vec(v)}")
            lines.append(f"m̂ = m{k1} / (1 − β₁^{t}) = {vec(a / (1 - b1**t) for a in m)},  "
                         f"v̂ = v{k1} / (1 − β₂^{t}) = {vec(c / (1 - b2**t) for c in v)}")
            lines.append(f"{w}{k1} = {w}{k0} − α·m̂ / (√v̂ + ε) = {vec(new_point)}")
        return lines


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

    def bands(self, kind: str = "gd", momentum: float = 0.9) -> tuple[float | None, float | None]:
        """(α below which the approach is monotone, α above which the run diverges) for an
        optimizer near this minimum, None where there is no such α.

        On the quadratic with curvature λ: plain descent 1/λ and 2/λ; momentum (torch's
        heavy ball, w ← w − α·b with b ← β·b + g) diverges above 2(1 + β)/λ; Nesterov above
        2(1 + β)/((1 + 2β)·λ) (the roots of its two-step recurrence leave the unit circle
        there).  Momentum's monotone range, α < (1 − √β)²/λ, is too narrow to show
        (0.0026/λ at β = 0.9), so no monotone band; AdaGrad, RMSProp and Adam scale the step
        by the gradients seen, so no fixed critical α."""
        lam = self.curvature
        if kind == "gd":
            return 1.0 / lam, 2.0 / lam
        if kind == "momentum":
            return None, 2.0 * (1.0 + momentum) / lam
        if kind == "nesterov":
            return None, 2.0 * (1.0 + momentum) / ((1.0 + 2.0 * momentum) * lam)
        return None, None

    def describe(self, optimizer: "Optimizer") -> str:
        """The rule for this optimizer's α in words: ``α = 0.2 > 2/λ = 0.161: diverges``."""
        alpha, kind = optimizer.learning_rate, optimizer.kind
        monotone, critical = self.bands(kind, optimizer.momentum)
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
        limit = {"gd": "2/λ", "momentum": "2(1 + β)/λ", "nesterov": "2(1 + β)/((1 + 2β)λ)"}[kind]
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


# ----------------------------------------------------------------------------- fast loops
#
# Run to the end in two variables, one loop per optimizer written out over plain floats:
# on a handful of numbers Python pays for every call and tuple, so each loop inlines its
# update (the same arithmetic as Optimizer.update, in the same order: the results are the
# same floats).  Each returns (xs, ys, converged, state); it stops at the first point that
# ends a run (converged, undefined, beyond the bound) and the caller judges the endings.


def run_2d(optimizer: Optimizer, gradient_of, x: float, y: float, state: tuple, t: int, max_steps: int,
           gradient_tolerance: float, step_tolerance: float, bound: float):
    """Up to ``max_steps`` steps from (x, y), step ``t`` first, the optimizer's ``state``
    carried in and out.  ``gradient_of(x, y)`` gives ∇f (it may raise or return non-floats
    off f's domain)."""
    loop = _LOOPS_2D[optimizer.kind]
    stol = max(step_tolerance, optimizer.learning_rate * gradient_tolerance)
    return loop(optimizer, gradient_of, x, y, state, t, max(0, max_steps), gradient_tolerance, stol, bound)


def _loop_gd(o, grad, x, y, state, t, n, gtol, stol, bound):
    lr, xs, ys, px, py = o.learning_rate, [x], [y], math.inf, math.inf
    append_x, append_y, gtol2 = xs.append, ys.append, (gtol * 1.000001) ** 2
    for _ in range(n):
        try:  # ∇f inlined (a helper call would cost a third of the step)
            gx, gy = grad(x, y)
        except OverflowError:
            gx = gy = math.inf
        except (ValueError, ZeroDivisionError, ArithmeticError, TypeError):
            break  # undefined here
        if gx.__class__ is not float or gy.__class__ is not float:
            if isinstance(gx, complex) or isinstance(gy, complex):
                break  # off the real domain
            gx, gy = as_float(gx), as_float(gy)
        if gx != gx or gy != gy:
            break
        if gx * gx + gy * gy < gtol2 and math.hypot(gx, gy) < gtol and math.hypot(x - px, y - py) < stol:
            return xs, ys, True, state
        nx, ny = x - lr * gx, y - lr * gy
        px, py, x, y = x, y, nx, ny
        append_x(x)
        append_y(y)
        if not (-bound <= x <= bound and -bound <= y <= bound):  # also catches nan
            break
    return xs, ys, False, state


def _loop_momentum(o, grad, x, y, state, t, n, gtol, stol, bound):
    lr, beta, nesterov = o.learning_rate, o.momentum, o.kind == "nesterov"
    (b,) = state
    bx, by = (None, None) if b is None else b
    xs, ys, px, py = [x], [y], math.inf, math.inf
    append_x, append_y, gtol2 = xs.append, ys.append, (gtol * 1.000001) ** 2
    for _ in range(n):
        try:  # ∇f inlined (a helper call would cost a third of the step)
            gx, gy = grad(x, y)
        except OverflowError:
            gx = gy = math.inf
        except (ValueError, ZeroDivisionError, ArithmeticError, TypeError):
            break  # undefined here
        if gx.__class__ is not float or gy.__class__ is not float:
            if isinstance(gx, complex) or isinstance(gy, complex):
                break  # off the real domain
            gx, gy = as_float(gx), as_float(gy)
        if gx != gx or gy != gy:
            break
        if gx * gx + gy * gy < gtol2 and math.hypot(gx, gy) < gtol and math.hypot(x - px, y - py) < stol:
            return xs, ys, True, (None if bx is None else (bx, by),)
        if bx is None:
            bx, by = gx, gy
        else:
            bx, by = beta * bx + gx, beta * by + gy
        if nesterov:
            nx, ny = x - lr * (gx + beta * bx), y - lr * (gy + beta * by)
        else:
            nx, ny = x - lr * bx, y - lr * by
        px, py, x, y = x, y, nx, ny
        append_x(x)
        append_y(y)
        if not (-bound <= x <= bound and -bound <= y <= bound):  # also catches nan
            break
    return xs, ys, False, (None if bx is None else (bx, by),)


def _loop_adagrad(o, grad, x, y, state, t, n, gtol, stol, bound):
    lr, eps, sqrt = o.learning_rate, o.epsilon, math.sqrt
    ((sx, sy),) = state
    xs, ys, px, py = [x], [y], math.inf, math.inf
    append_x, append_y, gtol2 = xs.append, ys.append, (gtol * 1.000001) ** 2
    for _ in range(n):
        try:  # ∇f inlined (a helper call would cost a third of the step)
            gx, gy = grad(x, y)
        except OverflowError:
            gx = gy = math.inf
        except (ValueError, ZeroDivisionError, ArithmeticError, TypeError):
            break  # undefined here
        if gx.__class__ is not float or gy.__class__ is not float:
            if isinstance(gx, complex) or isinstance(gy, complex):
                break  # off the real domain
            gx, gy = as_float(gx), as_float(gy)
        if gx != gx or gy != gy:
            break
        if gx * gx + gy * gy < gtol2 and math.hypot(gx, gy) < gtol and math.hypot(x - px, y - py) < stol:
            return xs, ys, True, ((sx, sy),)
        ax, ay = sx + gx * gx, sy + gy * gy
        try:
            nx, ny = x - lr * gx / (sqrt(ax) + eps), y - lr * gy / (sqrt(ay) + eps)
        except ZeroDivisionError:  # ε = 0 and a partial 0 at every step so far: 0/0 (the caller says so)
            break
        sx, sy = ax, ay
        px, py, x, y = x, y, nx, ny
        append_x(x)
        append_y(y)
        if not (-bound <= x <= bound and -bound <= y <= bound):  # also catches nan
            break
    return xs, ys, False, ((sx, sy),)


def _loop_rmsprop(o, grad, x, y, state, t, n, gtol, stol, bound):
    lr, eps, rho, sqrt = o.learning_rate, o.epsilon, o.rho, math.sqrt
    one = 1.0 - rho
    ((vx, vy),) = state
    xs, ys, px, py = [x], [y], math.inf, math.inf
    append_x, append_y, gtol2 = xs.append, ys.append, (gtol * 1.000001) ** 2
    for _ in range(n):
        try:  # ∇f inlined (a helper call would cost a third of the step)
            gx, gy = grad(x, y)
        except OverflowError:
            gx = gy = math.inf
        except (ValueError, ZeroDivisionError, ArithmeticError, TypeError):
            break  # undefined here
        if gx.__class__ is not float or gy.__class__ is not float:
            if isinstance(gx, complex) or isinstance(gy, complex):
                break  # off the real domain
            gx, gy = as_float(gx), as_float(gy)
        if gx != gx or gy != gy:
            break
        if gx * gx + gy * gy < gtol2 and math.hypot(gx, gy) < gtol and math.hypot(x - px, y - py) < stol:
            return xs, ys, True, ((vx, vy),)
        ax, ay = rho * vx + one * gx * gx, rho * vy + one * gy * gy
        try:
            nx, ny = x - lr * gx / (sqrt(ax) + eps), y - lr * gy / (sqrt(ay) + eps)
        except ZeroDivisionError:  # ε = 0 and a partial 0 at every step so far: 0/0 (the caller says so)
            break
        vx, vy = ax, ay
        px, py, x, y = x, y, nx, ny
        append_x(x)
        append_y(y)
        if not (-bound <= x <= bound and -bound <= y <= bound):  # also catches nan
            break
    return xs, ys, False, ((vx, vy),)


def _loop_adam(o, grad, x, y, state, t, n, gtol, stol, bound):
    lr, eps, sqrt = o.learning_rate, o.epsilon, math.sqrt
    b1, b2 = o.betas
    c1, c2 = 1.0 - b1, 1.0 - b2
    (mx, my), (vx, vy) = state
    xs, ys, px, py = [x], [y], math.inf, math.inf
    append_x, append_y, gtol2 = xs.append, ys.append, (gtol * 1.000001) ** 2
    t -= 1
    for _ in range(n):
        try:  # ∇f inlined (a helper call would cost a third of the step)
            gx, gy = grad(x, y)
        except OverflowError:
            gx = gy = math.inf
        except (ValueError, ZeroDivisionError, ArithmeticError, TypeError):
            break  # undefined here
        if gx.__class__ is not float or gy.__class__ is not float:
            if isinstance(gx, complex) or isinstance(gy, complex):
                break  # off the real domain
            gx, gy = as_float(gx), as_float(gy)
        if gx != gx or gy != gy:
            break
        if gx * gx + gy * gy < gtol2 and math.hypot(gx, gy) < gtol and math.hypot(x - px, y - py) < stol:
            return xs, ys, True, ((mx, my), (vx, vy))
        ax, ay = b1 * mx + c1 * gx, b1 * my + c1 * gy
        bx, by = b2 * vx + c2 * gx * gx, b2 * vy + c2 * gy * gy
        step_size = lr / (1.0 - b1 ** (t + 1))  # β**t as torch computes it, not a running product
        root = sqrt(1.0 - b2 ** (t + 1))
        try:
            nx, ny = x - step_size * ax / (sqrt(bx) / root + eps), y - step_size * ay / (sqrt(by) / root + eps)
        except ZeroDivisionError:  # ε = 0 and a partial 0 at every step so far: 0/0 (the caller says so)
            break
        t += 1
        mx, my, vx, vy = ax, ay, bx, by
        px, py, x, y = x, y, nx, ny
        append_x(x)
        append_y(y)
        if not (-bound <= x <= bound and -bound <= y <= bound):  # also catches nan
            break
    return xs, ys, False, ((mx, my), (vx, vy))


_LOOPS_2D = {"gd": _loop_gd, "momentum": _loop_momentum, "nesterov": _loop_momentum, "adagrad": _loop_adagrad,
             "rmsprop": _loop_rmsprop, "adam": _loop_adam}
