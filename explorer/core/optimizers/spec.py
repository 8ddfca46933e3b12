"""What an optimizer is, as data: :class:`Spec`, and the code made from it.

A spec writes its update rule once, for one coordinate, as lines of Python over plain floats
(``w`` the coordinate, ``g`` its partial derivative, its state by name); this module turns
those lines into the two functions that run them:

- :func:`make_update`: one step in any number of variables (what the lesson steps and
  explains), a loop over the coordinates;
- :func:`make_loop_2d` and :func:`make_loop_1d`: a run to the end in two variables with
  the rule written out for x and for y, and in one (on a handful of floats Python pays for every call and tuple: a helper called
  per coordinate would double the cost of a step); ``make_loop_2d(spec, scheduled=True)``
  is the same loop with α read from a list at every step (a learning-rate schedule), made
  separately so the constant-α loop carries no line for it.

Both run the same lines in the same order, so stepping and running to the end give the same
floats to the last bit.  The lines are the project's own (the specs in
:mod:`~explorer.core.optimizers.rules`), never text a user typed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable

from ..calculus import as_float

__all__ = ["Hyper", "Spec", "make_loop_1d", "make_loop_2d", "make_update"]


@dataclass(frozen=True)
class Hyper:
    """A hyper-parameter: the :class:`~explorer.core.optimizers.Optimizer` field that holds it,
    its symbol in messages, its default, its range (``low < value < high``, or ``low ≤`` when
    ``closed_low``; a pair such as Adam's betas checks each of its ``symbols``), and its CLI flag."""

    field: str
    name: str  # in messages: "the momentum must be …"
    default: float | tuple[float, ...] | None
    low: float
    high: float
    closed_low: bool
    flag: str
    metavar: str
    help: str
    symbols: tuple[str, ...] = ()  # one per entry of a tuple-valued field

    def check(self, value) -> None:
        """Raise ValueError naming the hyper-parameter and its range if ``value`` is outside it."""
        if self.symbols:
            if not isinstance(value, tuple) or len(value) != len(self.symbols):
                raise ValueError(f"the {self.name} must be {len(self.symbols)} numbers, got {value!r}")
            for symbol, v in zip(self.symbols, value):
                self._check_one(symbol, v)
        else:
            self._check_one(self.name, value)

    def _check_one(self, name: str, value) -> None:
        ok = (isinstance(value, (int, float)) and math.isfinite(value)
              and (self.low <= value if self.closed_low else self.low < value) and value < self.high)
        if not ok:
            low = f"{self.low:g} ≤" if self.closed_low else f"{self.low:g} <"
            high = "" if self.high == math.inf else f" < {self.high:g}"
            raise ValueError(f"the {name} must be a number with {low} {name}{high}, got {value!r}")


@dataclass(frozen=True)
class Spec:
    """One optimizer, everything the app knows about it.

    ``state`` names the per-coordinate state and its start: ``("m", 0.0)`` starts at zero,
    ``("b", None)`` has no value before the first step (torch's momentum buffer starts at the
    first gradient).  ``constants`` run once per run, ``per_step`` once per step (``t`` is
    the step, from 1), ``update`` once per coordinate, and must leave the new ``w`` and the
    new state in their names.  Bound for all of them: ``lr``, ``beta`` (momentum), ``b1``,
    ``b2``, ``rho``, ``eps`` (ε), ``wd`` (weight decay), ``sqrt``.

    ``rule(optimizer, w, g)`` is the one-line rule and ``explain(optimizer, step)`` the lines
    of one step's arithmetic (``step`` a :class:`~explorer.core.optimizers.optimizer.Written`);
    ``bands(λ, optimizer)`` is (α below which the approach is monotone, α above which it
    diverges) near a minimum of curvature λ, None where the optimizer has no fixed critical α,
    and ``limit`` that critical α's formula ("2/λ").
    """

    kind: str
    name: str
    short: str
    torch: str  # the torch.optim call it performs, for the docs
    hyper: tuple[str, ...]  # the Hyper fields it uses (besides the learning rate)
    torch_args: Callable[[object], dict]  # its hyper-parameters by torch's names (without lr)
    eps: float | None  # torch's default ε; None: no ε in the rule
    state: tuple[tuple[str, float | None], ...]
    update: tuple[str, ...]
    rule: Callable
    explain: Callable
    constants: tuple[str, ...] = ()
    per_step: tuple[str, ...] = ()
    bands: Callable | None = None
    limit: str = ""


_PROLOGUE = ("lr, beta, b1, b2, rho, eps, wd, sqrt = (o.learning_rate, o.momentum, o.betas[0], o.betas[1], o.rho,"
             " o.epsilon, o.weight_decay, math.sqrt)")


def _renamed(line: str, names: dict[str, str]) -> str:
    return re.sub(r"\b[A-Za-z_]\w*\b", lambda m: names.get(m.group(0), m.group(0)), line)


def _compile(spec: Spec, source: str, name: str) -> Callable:
    namespace = {"math": math, "as_float": as_float}
    exec(compile(source, f"<optimizer {spec.kind}: {name}>", "exec"), namespace)  # noqa: S102 - the spec's own lines
    return namespace["update" if name == "update" else "loop"]


def _indent(lines, depth: int) -> str:
    return "".join(" " * depth + line + "\n" for line in lines)


def make_update(spec: Spec) -> Callable:
    """``update(optimizer, point, gradient, state, t) → (new point, new state)`` for any
    number of variables; the state is one tuple per state name (None before a
    None-started state's first value)."""
    names = [n for n, _ in spec.state]
    body = [_PROLOGUE, *spec.constants, *spec.per_step]
    body += [f"_s_{n} = _state[{i}]" for i, n in enumerate(names)]
    body += ["_new_w = []"] + [f"_new_{n} = []" for n in names]
    body.append("for _i in range(len(_point)):")
    inner = ["w = _point[_i]", "g = _gradient[_i]"]
    for n, start in spec.state:
        inner.append(f"{n} = None if _s_{n} is None else _s_{n}[_i]" if start is None else f"{n} = _s_{n}[_i]")
    inner += list(spec.update) + ["_new_w.append(w)"] + [f"_new_{n}.append({n})" for n in names]
    packed = [f"(None if _new_{n}[0] is None else tuple(_new_{n}))" if start is None else f"tuple(_new_{n})"
              for n, start in spec.state]
    source = ("def update(o, _point, _gradient, _state, t):\n" + _indent(body, 4) + _indent(inner, 8)
              + f"    return tuple(_new_w), ({''.join(p + ', ' for p in packed)})\n")
    return _compile(spec, source, "update")


_LOOP = '''\
def loop(o, grad, x, y, state, t, n, gtol, stol, bound{lrs}):
{prologue}{unpack}    xs, ys, px, py = [x], [y], math.inf, math.inf
    append_x, append_y, gtol2 = xs.append, ys.append, (gtol * 1.000001) ** 2
{t_start}    for _k in range(n):
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
            return xs, ys, True, {pack}
{t_next}        px, py = x, y
        try:
{scheduled}{update}        except ZeroDivisionError:
            break  # ε = 0 and a partial 0 at every step so far: 0/0 (descent.zero_over_zero says so)
        append_x(x)
        append_y(y)
        if not (-bound <= x <= bound and -bound <= y <= bound):  # also catches nan
            break
    return xs, ys, False, {pack}
'''


def _counting(spec: Spec) -> dict:
    # Only a rule that reads t counts the steps (Adam's bias correction): one add a step less.
    return {"t_start": "    t -= 1\n", "t_next": "        t += 1\n"} if spec.per_step else {"t_start": "", "t_next": ""}


def make_loop_2d(spec: Spec, scheduled: bool = False) -> Callable:
    """``loop(optimizer, gradient_of, x, y, state, t, max_steps, gradient_tolerance,
    step_tolerance, bound) → (xs, ys, converged, state)``: the rule written out for x and y.
    It stops at the first point that ends a run (converged, undefined, beyond the bound).

    ``scheduled``: the loop takes one more argument, ``learning_rates`` (a list of floats, one
    per step), and step ``k`` (from 0) sets α to ``learning_rates[k]`` and works out again the
    spec's constants that depend on it (AdamW's ``1 − α·λ``), as torch reads ``lr`` from the
    parameter group at every step.  The constant-α loop is generated without those lines."""
    unpack, pack = [], []
    for i, (n, start) in enumerate(spec.state):
        if start is None:
            unpack.append(f"{n}x, {n}y = (None, None) if state[{i}] is None else state[{i}]")
            pack.append(f"(None if {n}x is None else ({n}x, {n}y))")
        else:
            unpack.append(f"{n}x, {n}y = state[{i}]")
            pack.append(f"({n}x, {n}y)")
    per_coordinate = []
    for axis in "xy":
        names = {"w": axis, "g": f"g{axis}", **{n: f"{n}{axis}" for n, _ in spec.state}}
        per_coordinate += [_renamed(line, names) for line in spec.update]
    source = _LOOP.format(**_counting(spec), prologue=_indent([_PROLOGUE, *spec.constants], 4), unpack=_indent(unpack, 4),
                          pack=f"({''.join(p + ', ' for p in pack)})", update=_indent([*spec.per_step, *per_coordinate], 12),
                          lrs=", learning_rates" if scheduled else "",
                          scheduled=_indent(["lr = learning_rates[_k]", *spec.constants], 12) if scheduled else "")
    return _compile(spec, source, "loop_scheduled" if scheduled else "loop")


_LOOP_1D = '''\
def loop(o, grad, x, state, t, n, gtol, stol, bound):
{prologue}{unpack}    xs, px = [x], math.inf
    append_x = xs.append
{t_start}    for _ in range(n):
        try:
            gx = grad(x)
        except OverflowError:
            gx = math.inf
        except (ValueError, ZeroDivisionError, ArithmeticError, TypeError):
            break  # undefined here
        if gx.__class__ is not float:
            if isinstance(gx, complex) or gx != gx:
                break  # off the real domain
            gx = as_float(gx)
        elif gx != gx:
            break
        if abs(gx) < gtol and abs(x - px) < stol:
            return xs, True, {pack}
{t_next}        px = x
        try:
{update}        except ZeroDivisionError:
            break  # ε = 0 and f′ 0 at every step so far: 0/0 (descent.zero_over_zero says so)
        append_x(x)
        if not abs(x) <= bound:  # also catches nan
            break
    return xs, False, {pack}
'''


def make_loop_1d(spec: Spec) -> Callable:
    """``loop(optimizer, derivative, x, state, t, max_steps, gradient_tolerance,
    step_tolerance, bound) → (xs, converged, state)``: :func:`make_loop_2d` in one variable
    (``derivative(x)`` gives f′ as a number)."""
    unpack = [f"{n}x = None if state[{i}] is None else state[{i}][0]" if start is None else f"({n}x,) = state[{i}]"
              for i, (n, start) in enumerate(spec.state)]
    pack = [f"(None if {n}x is None else ({n}x,))" if start is None else f"({n}x,)" for n, start in spec.state]
    names = {"w": "x", "g": "gx", **{n: f"{n}x" for n, _ in spec.state}}
    source = _LOOP_1D.format(**_counting(spec), prologue=_indent([_PROLOGUE, *spec.constants], 4), unpack=_indent(unpack, 4),
                             pack=f"({''.join(p + ', ' for p in pack)})",
                             update=_indent([*spec.per_step, *(_renamed(line, names) for line in spec.update)], 12))
    return _compile(spec, source, "loop")
