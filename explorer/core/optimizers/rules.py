"""The optimizers: one :class:`~explorer.core.optimizers.spec.Spec` each, the only place its
update rule, names, hyper-parameters, explanation and stability bands are written.

Each is the update ``torch.optim`` performs (nothing maximised, SGD's ``dampening`` 0, no
weight decay but AdamW's decoupled one).  Adam is computed in torch's order of the step,
``w − (α / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε)``; torch itself updates m with ``lerp_`` and
the point with ``addcdiv_``, so its floats can differ from these in the last bits (well below
the 1e-12 the tests hold them to).  AdamW first decays the point as torch does,
``w ← w·(1 − α·λ)``, then takes Adam's step.

To add an optimizer: write its Spec below, add it to ``SPECS``, and a hand-checked test of its
first steps against the documented rule in ``tests/test_optimizers.py``.  The CLI's choices
and flags, the run rows' menu, lesson files and the bench read this registry.
"""

from __future__ import annotations

import math

from .spec import Hyper, Spec

__all__ = ["HYPERPARAMETERS", "KINDS", "NAMES", "SHORT_NAMES", "SPECS"]

#: The hyper-parameters beyond the learning rate, by Optimizer field (shared by the optimizers
#: that use them: momentum and Nesterov share β, Adam and AdamW their betas).
HYPERPARAMETERS = {h.field: h for h in (
    Hyper("momentum", "momentum", 0.9, 0.0, 1.0, True, "--momentum", "B", "β of {users} (default 0.9)"),
    Hyper("betas", "betas", (0.9, 0.999), 0.0, 1.0, True, "--betas", "B1,B2", "β₁,β₂ of {users} (default 0.9,0.999)",
          symbols=("β₁", "β₂")),
    Hyper("rho", "ρ", 0.99, 0.0, 1.0, True, "--rho", "R", "the smoothing constant of {users}, torch's alpha (default 0.99)"),
    Hyper("eps", "ε", None, 0.0, math.inf, True, "--eps", "E", "ε of {users}"),
    Hyper("weight_decay", "weight decay", 0.01, 0.0, math.inf, True, "--weight-decay", "L",
          "the decoupled weight decay λ of {users} (default 0.01)"),
)}


# ----------------------------------------------------------------------------- explanations
# ``s`` is the step written out (Written): s.w "(w, b)", s.grad "∇L", s.k0/s.k1 subscripts,
# s.vec(values) and s.num(value) format numbers, s.lr is α formatted.

def _explain_gd(o, s):
    return [f"{s.w}{s.k1} = {s.w}{s.k0} − α·{s.grad} = {s.vec(s.point)} − {s.lr}·{s.vec(s.gradient)} = {s.vec(s.new_point)}"]


def _velocity(o, s):
    (b,) = s.after
    if s.before[0] is None:
        return b, f"v{s.k1} = {s.grad} = {s.vec(b)}  (the first velocity is the gradient)"
    return b, f"v{s.k1} = β·v{s.k0} + {s.grad} = {s.num(o.momentum)}·{s.vec(s.before[0])} + {s.vec(s.gradient)} = {s.vec(b)}"


def _explain_momentum(o, s):
    b, line = _velocity(o, s)
    return [line, f"{s.w}{s.k1} = {s.w}{s.k0} − α·v{s.k1} = {s.vec(s.point)} − {s.lr}·{s.vec(b)} = {s.vec(s.new_point)}"]


def _explain_nesterov(o, s):
    b, line = _velocity(o, s)
    ahead = tuple(g + o.momentum * v for g, v in zip(s.gradient, b))
    return [line, f"{s.w}{s.k1} = {s.w}{s.k0} − α·({s.grad} + β·v{s.k1}) = {s.vec(s.point)} − {s.lr}·{s.vec(ahead)} = "
                  f"{s.vec(s.new_point)}"]


def _explain_adagrad(o, s):
    (total,) = s.after
    return [f"s{s.k1} = s{s.k0} + {s.grad}² = {s.vec(s.before[0])} + {s.vec(g * g for g in s.gradient)} = {s.vec(total)}",
            f"{s.w}{s.k1} = {s.w}{s.k0} − α·{s.grad} / (√s{s.k1} + ε) = {s.vec(s.new_point)}"]


def _explain_rmsprop(o, s):
    (v,) = s.after
    return [f"v{s.k1} = ρ·v{s.k0} + (1 − ρ)·{s.grad}² = {s.num(o.rho)}·{s.vec(s.before[0])} + {s.num(1 - o.rho)}·"
            f"{s.vec(g * g for g in s.gradient)} = {s.vec(v)}",
            f"{s.w}{s.k1} = {s.w}{s.k0} − α·{s.grad} / (√v{s.k1} + ε) = {s.vec(s.new_point)}"]


def _adam_lines(o, s, start: str):
    m, v = s.after
    b1, b2, t = o.betas[0], o.betas[1], s.t
    return [f"m{s.k1} = β₁·m{s.k0} + (1 − β₁)·{s.grad} = {s.vec(m)}",
            f"v{s.k1} = β₂·v{s.k0} + (1 − β₂)·{s.grad}² = {s.vec(v)}",
            f"m̂ = m{s.k1} / (1 − β₁^{t}) = {s.vec(a / (1 - b1**t) for a in m)},  "
            f"v̂ = v{s.k1} / (1 − β₂^{t}) = {s.vec(c / (1 - b2**t) for c in v)}",
            f"{s.w}{s.k1} = {start} − α·m̂ / (√v̂ + ε) = {s.vec(s.new_point)}"]


def _explain_adam(o, s):
    return _adam_lines(o, s, f"{s.w}{s.k0}")


def _explain_adamw(o, s):
    decayed = tuple(w * (1.0 - o.learning_rate * o.weight_decay) for w in s.point)
    return [f"(1 − α·λ)·{s.w}{s.k0} = {s.num(1.0 - o.learning_rate * o.weight_decay)}·{s.vec(s.point)} = {s.vec(decayed)}"
            "  (the weight decay)", *_adam_lines(o, s, f"(1 − α·λ)·{s.w}{s.k0}")]


_ADAM_UPDATE = ("m = b1 * m + c1 * g", "v = b2 * v + c2 * g * g", "w = w - step_size * m / (sqrt(v) / root + eps)")
_ADAM_STEP = ("step_size = lr / (1.0 - b1**t)", "root = sqrt(1.0 - b2**t)")  # β**t as torch computes it


def _adam_rule(o, w, g, decay="", more=""):
    return (f"{decay}m ← β₁·m + (1 − β₁)·{g},  v ← β₂·v + (1 − β₂)·{g}²,  {w} ← {w} − α·m̂ / (√v̂ + ε)   "
            f"(β₁ = {o.betas[0]:g}, β₂ = {o.betas[1]:g}{more})")


SPECS = {spec.kind: spec for spec in (
    Spec("gd", "gradient descent", "GD", "SGD(lr)", (), lambda o: {}, None, (),
         ("w = w - lr * g",),
         rule=lambda o, w, g: f"{w} ← {w} − α·{g}", explain=_explain_gd,
         bands=lambda lam, o: (1.0 / lam, 2.0 / lam), limit="2/λ"),
    # Momentum's monotone range, α < (1 − √β)²/λ, is too narrow to show (0.0026/λ at β = 0.9).
    Spec("momentum", "momentum", "momentum", "SGD(lr, momentum=β)", ("momentum",),
         lambda o: {"momentum": o.momentum, "nesterov": False, "dampening": 0.0}, None, (("b", None),),
         ("b = g if b is None else beta * b + g", "w = w - lr * b"),
         rule=lambda o, w, g: f"v ← β·v + {g},  {w} ← {w} − α·v   (β = {o.momentum:g})", explain=_explain_momentum,
         bands=lambda lam, o: (None, 2.0 * (1.0 + o.momentum) / lam), limit="2(1 + β)/λ"),
    # Nesterov's two-step recurrence has roots outside the unit circle above 2(1 + β)/((1 + 2β)λ).
    Spec("nesterov", "Nesterov momentum", "Nesterov", "SGD(lr, momentum=β, nesterov=True)", ("momentum",),
         lambda o: {"momentum": o.momentum, "nesterov": True, "dampening": 0.0}, None, (("b", None),),
         ("b = g if b is None else beta * b + g", "w = w - lr * (g + beta * b)"),
         rule=lambda o, w, g: f"v ← β·v + {g},  {w} ← {w} − α·({g} + β·v)   (β = {o.momentum:g})",
         explain=_explain_nesterov,
         bands=lambda lam, o: (None, 2.0 * (1.0 + o.momentum) / ((1.0 + 2.0 * o.momentum) * lam)),
         limit="2(1 + β)/((1 + 2β)λ)"),
    # The adaptive ones scale the step by the gradients seen: no fixed critical α (no bands).
    Spec("adagrad", "AdaGrad", "AdaGrad", "Adagrad(lr, eps=1e-10)", ("eps",), lambda o: {"eps": o.epsilon}, 1e-10,
         (("s", 0.0),), ("s = s + g * g", "w = w - lr * g / (sqrt(s) + eps)"),
         rule=lambda o, w, g: f"s ← s + {g}²,  {w} ← {w} − α·{g} / (√s + ε)", explain=_explain_adagrad),
    Spec("rmsprop", "RMSProp", "RMSProp", "RMSprop(lr, alpha=ρ, eps=1e-8)", ("rho", "eps"),
         lambda o: {"alpha": o.rho, "eps": o.epsilon}, 1e-8, (("v", 0.0),),
         ("v = rho * v + one * g * g", "w = w - lr * g / (sqrt(v) + eps)"), constants=("one = 1.0 - rho",),
         rule=lambda o, w, g: f"v ← ρ·v + (1 − ρ)·{g}²,  {w} ← {w} − α·{g} / (√v + ε)   (ρ = {o.rho:g})",
         explain=_explain_rmsprop),
    Spec("adam", "Adam", "Adam", "Adam(lr, betas=(β₁, β₂), eps=1e-8)", ("betas", "eps"),
         lambda o: {"betas": list(o.betas), "eps": o.epsilon}, 1e-8, (("m", 0.0), ("v", 0.0)), _ADAM_UPDATE,
         constants=("c1, c2 = 1.0 - b1, 1.0 - b2",), per_step=_ADAM_STEP, rule=_adam_rule, explain=_explain_adam),
    Spec("adamw", "AdamW", "AdamW", "AdamW(lr, betas=(β₁, β₂), eps=1e-8, weight_decay=λ)", ("betas", "eps", "weight_decay"),
         lambda o: {"betas": list(o.betas), "eps": o.epsilon, "weight_decay": o.weight_decay}, 1e-8,
         (("m", 0.0), ("v", 0.0)), ("w = w * decay", *_ADAM_UPDATE),
         constants=("c1, c2 = 1.0 - b1, 1.0 - b2", "decay = 1.0 - lr * wd"), per_step=_ADAM_STEP,
         rule=lambda o, w, g: _adam_rule(o, w, g, f"{w} ← (1 − α·λ)·{w},  ", f", λ = {o.weight_decay:g}"),
         explain=_explain_adamw),
)}

KINDS = tuple(SPECS)
NAMES = {kind: spec.name for kind, spec in SPECS.items()}
SHORT_NAMES = {kind: spec.short for kind, spec in SPECS.items()}
