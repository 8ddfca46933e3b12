"""Code generated from the parser's tree (:mod:`explorer.core.early_tree`): numpy for
arrays, the math module for one point, mpmath where a float overflowed on the way.

What the code computes matches what sympy's ``lambdify`` makes of the symbolic function
in the same module (numpy's nan for √ of a negative, the math module's ValueError,
Python's complex for a fractional power of a negative), so
:class:`explorer.core.early.EarlyFunction` can handle the results exactly as
:class:`explorer.core.calculus.Function` handles its own.

Safety: no user text reaches the generated code.  It holds only argument positions
(``_a0``, ``_a1``), names of intermediate results (``_t3``), float reprs of numbers and
the names of a fixed table of functions (the node kinds); variable names never appear.
Equal subtrees are computed once (the tree's nodes hash by structure).
"""

from __future__ import annotations

import functools
import math
from typing import Callable, Sequence

import numpy as np

from fractions import Fraction

from .early_tree import Node, num, power

_HALF = Fraction(1, 2)

__all__ = ["compile_trees"]


def _undefined(*_):
    """A piece no float code evaluates (sympy's DiracDelta): lambdify's code fails on it."""
    raise NameError("DiracDelta has no float value")


def _zero_to_the_float(u):
    """0^u in plain floats: 0 where u > 0; elsewhere no value (sympy's Piecewise gives None
    there, which fails in the arithmetic around it)."""
    if u > 0:
        return 0.0
    raise ValueError("0 to a power that is not positive")


def _sign_float(u):
    return 0.0 if u == 0 else math.copysign(1.0, u)


def _numpy_namespace() -> dict:
    return {
        "sin": np.sin, "cos": np.cos, "tan": np.tan, "asin": np.arcsin, "acos": np.arccos, "atan": np.arctan,
        "sinh": np.sinh, "cosh": np.cosh, "tanh": np.tanh, "asinh": np.arcsinh, "acosh": np.arccosh,
        "atanh": np.arctanh, "exp": np.exp, "log": np.log, "sqrt": np.sqrt, "cbrt": np.cbrt, "abs": np.abs,
        "sign": np.sign, "delta": _undefined, "pi": np.pi, "e": np.e, "inf": np.inf,
        "sec": lambda u: 1 / np.cos(u), "csc": lambda u: 1 / np.sin(u), "cot": lambda u: 1 / np.tan(u),
        "zeropow": lambda u: np.where(np.asarray(u) > 0, 0.0, np.nan),
    }


def _math_namespace() -> dict:
    names = ("sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
             "exp", "log", "sqrt", "cbrt", "pi", "e", "inf")
    space = {n: getattr(math, n) for n in names}
    space.update({"abs": abs, "sign": _sign_float, "delta": _undefined, "zeropow": _zero_to_the_float,
                  "sec": lambda u: 1 / math.cos(u), "csc": lambda u: 1 / math.sin(u),
                  "cot": lambda u: 1 / math.tan(u)})
    return space


def _mpmath_namespace() -> dict:
    import mpmath

    from .calculus import exp_capped as capped  # (sympy-free to import)

    def real(function):
        # The tree is a formula of real numbers: a complex step (√−1, whose |·| mpmath would
        # call 1) is a point off its domain, not a detour to a real answer.
        def only_real(*values):
            out = function(*values)
            if isinstance(out, mpmath.mpc):
                raise ValueError("no real value")
            return out
        return only_real

    names = ("sin", "cos", "tan", "sec", "csc", "cot", "asin", "acos", "atan", "tanh", "asinh", "acosh", "atanh",
             "log", "sqrt")
    space = {n: real(getattr(mpmath, n)) for n in names}
    space.update({n: capped(getattr(mpmath, n)) for n in ("exp", "sinh", "cosh")})
    space.update({"abs": abs, "sign": mpmath.sign, "delta": _undefined, "zeropow": _zero_to_the_float,
                  "cbrt": lambda u: mpmath.sign(u) * mpmath.cbrt(abs(u)),  # the real cube root
                  "power": real(mpmath.power), "pi": mpmath.pi, "e": mpmath.e, "inf": mpmath.inf})
    return space


_NAMESPACES = {"numpy": _numpy_namespace, "math": _math_namespace, "mpmath": _mpmath_namespace}


def _number(value) -> str:
    try:
        number = float(value)
    except OverflowError:
        number = math.inf if value > 0 else -math.inf
    text = "inf" if math.isinf(number) else repr(number)
    return f"(-{text.lstrip('-')})" if number < 0 else text


def _negative_power(node: Node) -> bool:
    return node.kind == "pow" and node.args[1].kind == "num" and node.args[1].value < 0


def compile_trees(trees: Sequence[Node], variables: Sequence[str], target: str) -> Callable:
    """A function of one argument per variable (in ``variables``' order) returning a list
    of every tree's value, computed in ``target`` ("numpy", "math" or "mpmath")."""
    return _compiled(tuple(trees), tuple(variables), target)


@functools.lru_cache(maxsize=64)
def _compiled(trees: tuple, variables: tuple, target: str) -> Callable:
    position = {name: i for i, name in enumerate(variables)}
    lines: list[str] = []
    done: dict[Node, str] = {}

    def emit(node: Node) -> str:
        if node in done:
            return done[node]
        kind, args = node.kind, node.args
        if kind == "num":
            return _number(args[0])
        if kind == "var":
            return f"_a{position[args[0]]}"
        if kind == "const":
            return "pi" if args[0] == "pi" else "e"
        if kind == "add":
            code = " + ".join(emit(a) for a in args)
        elif kind == "mul":
            # As sympy prints a product: the factors with a negative power below a '/'
            # (x/y², 2/√x), so the math module fails, or not, where sympy's code does.
            above = [a for a in args if not _negative_power(a)]
            below = [power(a.args[0], num(-a.args[1].value)) for a in args if _negative_power(a)]
            code = "*".join(emit(a) for a in above) or "1"
            if below:
                code += "/" + (emit(below[0]) if len(below) == 1 else "(" + "*".join(emit(b) for b in below) + ")")
        elif kind == "neg":
            code = f"-{emit(args[0])}"
        elif kind == "pow":
            base, exponent = args
            b = emit(base)
            half = exponent.kind == "num" and abs(exponent.value) == _HALF
            if target == "math" and exponent.kind == "num" and exponent.value == 2 and base.kind == "var":
                code = f"{b}*{b}"  # one multiply, where ** is a call to pow
            elif half:  # as sympy prints u^(±1/2): √u and 1/√u (the math module's raises below 0)
                code = f"sqrt({b})" if exponent.value > 0 else f"1/sqrt({b})"
            elif exponent.kind == "num" and exponent.value == -1:
                code = f"1/{b}"
            elif target == "mpmath":
                code = f"power({b}, {emit(exponent)})"
            else:
                code = f"{b}**{emit(exponent)}"
        elif kind == "call":
            code = f"{args[0]}({emit(args[1])})"
        elif kind == "zeropow":
            code = f"zeropow({emit(args[0])})"
        else:  # pragma: no cover - every kind is above
            raise ValueError(f"no code for a {kind}")
        name = f"_t{len(lines)}"
        lines.append(f"    {name} = ({code})")
        done[node] = name
        return name

    results = [emit(t) for t in trees]
    arguments = ", ".join(f"_a{i}" for i in range(len(variables)))
    source = "\n".join([f"def _early({arguments}):", *lines, f"    return [{', '.join(results)}]"])
    namespace = _NAMESPACES[target]()
    exec(compile(source, "<early function>", "exec"), namespace)  # noqa: S102 - code from node kinds only (see the module)
    return namespace["_early"]
