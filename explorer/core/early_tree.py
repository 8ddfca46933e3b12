"""The parser's own tree: a function read without sympy, differentiated by rule.

The window's first frame draws a function before sympy is imported (see
:mod:`explorer.core.early`).  The parser (:mod:`explorer.core.expression`) builds this
tree through :class:`TreeBuilder` where it builds sympy objects through its
``SympyBuilder``; the tree reads the text the same way and is evaluated by numpy and the
math module as sympy's ``lambdify`` of the symbolic function would be (see
:mod:`explorer.core.early_code`).

A :class:`Node` is immutable and hashable by structure (its hash is computed once), so
equal subtrees are shared work when code is generated.  Kinds and their ``args``:

- ``num`` (value: Fraction): an exact rational, as sympy keeps 0.01 as 1/100;
- ``const`` (``"pi"`` | ``"E"``), ``var`` (name: the variable's name, never code);
- ``add`` (terms…), ``mul`` (factors…: a number first, if any), ``neg`` (operand), ``pow``
  (base, exponent): a quotient is a product with a power −1, as sympy holds it;
- ``call`` (name, argument): name one of :data:`CALLS`; ``sign`` and ``delta`` (sympy's
  DiracDelta, which no float code evaluates) come only from differentiating;
- ``zeropow`` (exponent): 0^u, 0 where u > 0 and undefined elsewhere
  (:func:`explorer.core.real_powers.zero_to_the`).

The constructors simplify as sympy does where that changes no value a student sees:
numbers folded exactly, 0·u = 0, 1·u = u, u + 0 = u, u¹ = u, u⁰ = 1, x·x = x², x/x = 1,
(2x)² = 4x², e^u = exp(u); √u is u^(1/2); and
sigmoid and softplus are written out (1/(1 + e^−u), ln(1 + e^u)) as the symbolic parse
writes them, so their derivatives take the same form.
"""

from __future__ import annotations

import math
from fractions import Fraction

__all__ = ["Node", "TreeBuilder", "CALLS", "num", "var", "add", "mul", "div", "neg", "power", "call",
           "derivative", "has_kind"]

#: The one-argument functions a tree may call (the canonical names of expression.FUNCTIONS,
#: sigmoid and softplus written out, sqrt a power), and the two that only derivatives hold.
CALLS = frozenset({"sin", "cos", "tan", "sec", "csc", "cot", "asin", "acos", "atan", "sinh", "cosh", "tanh",
                   "asinh", "acosh", "atanh", "exp", "log", "cbrt", "abs", "sign", "delta"})


class Node:
    """One operation of the tree (see the module for ``kind`` and ``args``); ``free`` is
    the set of variable names below it."""

    __slots__ = ("kind", "args", "free", "_hash")

    def __init__(self, kind: str, args: tuple, free: frozenset):
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "args", args)
        object.__setattr__(self, "free", free)
        object.__setattr__(self, "_hash", hash((kind, args)))

    def __setattr__(self, name, value):
        raise AttributeError("a tree node is immutable")

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other) -> bool:
        return self is other or (isinstance(other, Node) and self._hash == other._hash and self.kind == other.kind
                                 and self.args == other.args)

    def __repr__(self) -> str:
        return f"{self.kind}{self.args!r}"

    @property
    def value(self) -> Fraction:
        """A ``num`` node's number."""
        return self.args[0]


_NONE = frozenset()


def _node(kind: str, args: tuple) -> Node:
    free = frozenset().union(*(a.free for a in args if isinstance(a, Node))) if kind != "var" else frozenset(args)
    return Node(kind, args, free)


def _is_num(node: Node, value=None) -> bool:
    return node.kind == "num" and (value is None or node.args[0] == value)


def num(value) -> Node:
    return Node("num", (Fraction(value),), _NONE)


ZERO, ONE, _HALF = num(0), num(1), num(Fraction(1, 2))


def var(name: str) -> Node:
    return Node("var", (name,), frozenset((name,)))


def const(name: str) -> Node:
    return Node("const", (name,), _NONE)


def add(*terms: Node) -> Node:
    flat: list[Node] = []
    total = Fraction(0)
    for t in terms:
        for part in (t.args if t.kind == "add" else (t,)):
            if part.kind == "num":
                total += part.value
            else:
                flat.append(part)
    if total != 0 or not flat:
        flat.append(num(total))
    return flat[0] if len(flat) == 1 else _node("add", tuple(flat))


def neg(operand: Node) -> Node:
    if operand.kind == "num":
        return num(-operand.value)
    if operand.kind == "neg":
        return operand.args[0]
    return _node("neg", (operand,))


def mul(*factors: Node) -> Node:
    """The product, as sympy holds one: numbers folded into one coefficient (first), −u's
    sign taken into it, and powers of one base added up (x·x² = x³, x/x = 1)."""
    coefficient = Fraction(1)
    exponents: dict[Node, Fraction] = {}  # base → its power, in the order first seen
    opaque: list[Node] = []  # factors with a power that is no number (2^x), kept as they are
    stack = list(reversed(factors))
    while stack:
        part = stack.pop()
        if part.kind == "mul":
            stack.extend(reversed(part.args))
        elif part.kind == "neg":
            coefficient = -coefficient
            stack.append(part.args[0])
        elif part.kind == "num":
            coefficient *= part.value
        elif part.kind == "pow" and part.args[1].kind == "num" and part.args[0].kind != "num":
            base = part.args[0]
            exponents[base] = exponents.get(base, Fraction(0)) + part.args[1].value
        elif part.kind == "pow":
            opaque.append(part)
        else:
            exponents[part] = exponents.get(part, Fraction(0)) + 1
    if coefficient == 0:
        return ZERO  # sympy's 0·u is 0, whatever u
    flat = [power(base, num(e)) for base, e in exponents.items() if e != 0] + opaque
    flat = [f for f in flat if not _is_num(f, 1)]
    if not flat:
        return num(coefficient)
    body = flat[0] if len(flat) == 1 else _node("mul", tuple(flat))
    if coefficient == 1:
        return body
    if coefficient == -1:
        return _node("neg", (body,))
    return _node("mul", (num(coefficient), *(body.args if body.kind == "mul" else (body,))))


def div(numerator: Node, denominator: Node) -> Node:
    """numerator·denominator⁻¹, as sympy holds a quotient (the parser has refused a
    denominator that is the number 0)."""
    return mul(numerator, power(denominator, num(-1)))


def power(base: Node, exponent: Node) -> Node:
    if exponent.kind == "num":
        e = exponent.value
        if e == 1:
            return base
        if e == 0:
            return ONE  # sympy's u⁰ is 1
        if e.denominator == 1:  # a whole power, worked out as sympy does (the parser bounds its digits)
            if base.kind == "num" and not (base.value == 0 and e < 0):
                return num(base.value ** int(e))
            if base.kind == "mul":  # (2xy)² = 4x²y²
                return mul(*(power(f, exponent) for f in base.args))
            if base.kind == "neg":  # (−u)² = u², (−u)³ = −u³
                return power(base.args[0], exponent) if e % 2 == 0 else neg(power(base.args[0], exponent))
            if base.kind == "pow" and base.args[1].kind == "num":  # (√u)³ = u^(3/2)
                return power(base.args[0], num(base.args[1].value * e))
    if _is_num(base, 1):
        return ONE
    if base.kind == "const" and base.args[0] == "E":
        return call("exp", exponent)
    return _node("pow", (base, exponent))


def call(name: str, argument: Node) -> Node:
    if name == "sigmoid":  # as the symbolic parse writes it: 1/(1 + e^−u)
        return power(add(ONE, call("exp", neg(argument))), num(-1))
    if name == "softplus":  # ln(1 + e^u)
        return call("log", add(ONE, call("exp", argument)))
    if name == "sqrt":  # u^(1/2), as sympy holds it: its derivatives are powers of u
        return power(argument, _HALF)
    if name not in CALLS:
        raise ValueError(f"no function {name!r} in a tree")
    if name == "abs":
        while argument.kind == "neg":  # |−u| = |u|
            argument = argument.args[0]
        if argument.kind == "num":
            return num(abs(argument.value))
        if _never_negative(argument):  # |x²| is x², as sympy has it: no corner, and a Hessian
            return argument
        if _never_positive(argument):  # |−x² − 1| is x² + 1
            return neg(argument)
    if name == "exp" and _is_num(argument, 0):
        return ONE
    return _node("call", (name, argument))


def _never_negative(node: Node) -> bool:
    """Whether ``node`` is ≥ 0 wherever it has a value, by the rules sympy's |u| uses to
    drop its bars (even powers, e^u, cosh u, |u|, and sums, products and powers of such)."""
    kind, args = node.kind, node.args
    if kind == "num":
        return args[0] >= 0
    if kind == "call":
        return args[0] in ("exp", "cosh", "abs")
    if kind == "pow":
        exponent = args[1]
        if exponent.kind == "num" and exponent.value.denominator == 1 and exponent.value % 2 == 0:
            return True
        return _never_negative(args[0])  # a power of a number ≥ 0 (√(x² + 1))
    if kind in ("add", "mul"):
        return all(_never_negative(a) for a in args)
    return False


def _never_positive(node: Node) -> bool:
    """Whether ``node`` is ≤ 0 wherever it has a value (−x², −x² − 1, −3eˣ)."""
    kind, args = node.kind, node.args
    if kind == "num":
        return args[0] <= 0
    if kind == "neg":
        return _never_negative(args[0])
    if kind == "add":
        return all(_never_positive(a) for a in args)
    if kind == "mul":
        return args[0].kind == "num" and args[0].value < 0 and all(_never_negative(a) for a in args[1:])
    return False


def zero_to_the(exponent: Node) -> Node:
    return _node("zeropow", (exponent,))


def has_kind(node: Node, kinds: frozenset | set, names: frozenset | set = frozenset()) -> bool:
    """Whether ``node`` holds a node of one of ``kinds`` or a call to one of ``names``."""
    stack, seen = [node], set()
    while stack:
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        if n.kind in kinds or (n.kind == "call" and n.args[0] in names):
            return True
        stack.extend(a for a in n.args if isinstance(a, Node))
    return False


# ----------------------------------------------------------------------------- the parser's builder


def _log10(q: Fraction) -> tuple[float, float]:
    """log10 of a fraction's numerator and denominator (0 for 0), whatever their size."""
    def lg(n: int) -> float:
        n = abs(n)
        return 0.0 if n == 0 else (math.log10(n) if n < 2**1000 else n.bit_length() * math.log10(2))
    return lg(q.numerator), lg(q.denominator)


class TreeBuilder:
    """The parser's builder for the tree (see ``expression.SympyBuilder`` for the contract).
    The questions the parser asks are answered for what is a plain number here; anything
    sympy's algebra would have to find (x/(x − x)) is let through."""

    def number(self, text: str) -> Node:
        return num(Fraction(text))  # exact, as sympy.Rational(text)

    def integer(self, value: int) -> Node:
        return num(value)

    def constant(self, name: str) -> Node:
        from .expression import CONSTANTS

        return const(CONSTANTS[name])

    def symbol(self, name: str) -> Node:
        return var(name)

    def call(self, name: str, argument: Node) -> Node:
        from .expression import FUNCTIONS

        return call(FUNCTIONS[name], argument)

    def absolute(self, argument: Node) -> Node:
        return call("abs", argument)

    def add(self, terms: list) -> Node:
        return add(*terms)

    def neg(self, value: Node) -> Node:
        return neg(value)

    def mul(self, left: Node, right: Node) -> Node:
        return mul(left, right)

    def div(self, left: Node, right: Node) -> Node:
        return div(left, right)

    def pow(self, base: Node, exponent: Node) -> Node:
        return power(base, exponent)

    def zero_to_the(self, exponent: Node) -> Node:
        return zero_to_the(exponent)

    def is_number(self, value: Node) -> bool:
        return value.kind == "num"

    def is_zero(self, value: Node) -> bool:
        return _is_num(value, 0)

    def is_negative(self, value: Node) -> bool:
        return value.kind == "num" and value.value < 0

    def float_of(self, number: Node) -> float:
        try:
            return float(number.value)
        except OverflowError:  # beyond a float, as sympy's float() of it is
            return math.inf if number.value > 0 else -math.inf

    def power_digits(self, base: Node, exponent: Node) -> float:
        """As ``exact.power_digits``: the digits of the number the symbolic parse would
        work out for ``base ** exponent`` (the base's coefficient raised to it)."""
        if exponent.kind != "num":
            return 0.0
        n = abs(self.float_of(exponent))
        return n * _coefficient_digits(base)


def _coefficient_digits(node: Node) -> float:
    """Decimal digits of the number sympy would see as ``node``'s coefficient (3 of 3xy;
    (1.1x)¹⁰⁰⁰ carries 1.1¹⁰⁰⁰, 1041 digits)."""
    if node.kind == "num":
        return max(_log10(node.value))
    if node.kind == "neg":
        return _coefficient_digits(node.args[0])
    if node.kind == "mul" and node.args[0].kind == "num":
        return max(_log10(node.args[0].value))
    if node.kind == "pow" and node.args[1].kind == "num" and node.args[1].value.denominator == 1:
        return abs(float(node.args[1].value)) * _coefficient_digits(node.args[0])
    return 0.0


# ----------------------------------------------------------------------------- derivatives

_HALF_NUM = Fraction(1, 2)


def _outer_derivative(name: str, u: Node) -> Node:
    """d name(u)/du, in the form sympy's ``diff`` gives it."""
    if name == "sin":
        return call("cos", u)
    if name == "cos":
        return neg(call("sin", u))
    if name == "tan":
        return add(power(call("tan", u), num(2)), ONE)
    if name == "sec":
        return mul(call("tan", u), call("sec", u))
    if name == "csc":
        return neg(mul(call("cot", u), call("csc", u)))
    if name == "cot":
        return neg(add(power(call("cot", u), num(2)), ONE))
    if name in ("asin", "acos"):
        root = power(add(ONE, neg(power(u, num(2)))), num(Fraction(-1, 2)))
        return root if name == "asin" else neg(root)
    if name == "atan":
        return power(add(power(u, num(2)), ONE), num(-1))
    if name == "sinh":
        return call("cosh", u)
    if name == "cosh":
        return call("sinh", u)
    if name == "tanh":
        return add(ONE, neg(power(call("tanh", u), num(2))))
    if name == "asinh":
        return power(add(power(u, num(2)), ONE), num(Fraction(-1, 2)))
    if name == "acosh":  # 1/(√(u − 1)·√(u + 1)): undefined below 1, as sympy's
        return mul(power(add(u, num(-1)), num(-_HALF_NUM)), power(add(u, ONE), num(-_HALF_NUM)))
    if name == "atanh":
        return power(add(ONE, neg(power(u, num(2)))), num(-1))
    if name == "exp":
        return call("exp", u)
    if name == "log":
        return power(u, num(-1))
    if name == "cbrt":
        return mul(num(Fraction(1, 3)), power(call("cbrt", u), num(-2)))
    if name == "abs":
        return call("sign", u)  # sign(0) = 0: sympy's slope of |u| at its corner
    if name == "sign":
        return mul(num(2), call("delta", u))  # sympy's 2·DiracDelta(u): no float code evaluates it
    raise ValueError(f"no derivative for {name!r}")  # pragma: no cover - CALLS are all above


def derivative(node: Node, variable: str, memo: dict | None = None) -> Node:
    """∂node/∂variable, simplified by the constructors (numbers folded, 0 and 1 dropped)."""
    memo = {} if memo is None else memo
    key = (node, variable)
    if key in memo:
        return memo[key]
    if variable not in node.free:
        out = ZERO
    elif node.kind == "var":
        out = ONE
    elif node.kind == "add":
        out = add(*(derivative(t, variable, memo) for t in node.args))
    elif node.kind == "neg":
        out = neg(derivative(node.args[0], variable, memo))
    elif node.kind == "mul":
        factors = node.args
        out = add(*(mul(*factors[:i], derivative(f, variable, memo), *factors[i + 1:])
                    for i, f in enumerate(factors) if variable in f.free))
    elif node.kind == "pow":
        b, e = node.args
        if variable not in e.free:
            out = mul(e, power(b, add(e, num(-1))), derivative(b, variable, memo))
        elif variable not in b.free:
            out = mul(node, call("log", b), derivative(e, variable, memo))
        else:
            out = mul(node, add(mul(derivative(e, variable, memo), call("log", b)),
                                div(mul(e, derivative(b, variable, memo)), b)))
    elif node.kind == "call":
        name, u = node.args
        out = mul(_outer_derivative(name, u), derivative(u, variable, memo))
    elif node.kind == "zeropow":
        out = node  # 0 where the power is positive, undefined where 0^u is (sympy's folded Piecewise)
    else:  # pragma: no cover - num, const have no free variables
        raise ValueError(f"no derivative for a {node.kind}")
    memo[key] = out
    return out
