"""Expressions and numbers written the way a lesson writes them.

``pretty(6*x + 2*y)`` is ``"6x + 2y"``; ``pretty(3*x**2)`` is ``"3x²"``; products of
single-letter variables are juxtaposed (``2xy``), other products use ``·``; the minus
sign is U+2212; ``sqrt`` is ``√``; ``log`` is ``ln``; ``exp(u)`` is ``e^u`` when ``u`` is
short.  Plain text only (no markup), so any label, terminal or screen reader can show it.
"""

from __future__ import annotations

import functools
import math

from .lazy_sympy import sympy  # imported on first use: the numbers a view formats need none of it

from .exact import float_value
from .subscripts import shown_name

__all__ = ["pretty", "substituted", "substitution_line", "format_number", "format_value", "tick_labels", "MINUS", "PARTIAL"]

MINUS = "\u2212"
PARTIAL = "∂"
_SUPER = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_FUNCTION_NAMES = {"log": "ln", "Abs": "abs", "asin": "arcsin", "acos": "arccos", "atan": "arctan"}

# Binding strength, to decide where parentheses are needed.
_ADD, _MUL, _POW, _ATOM = 1, 2, 3, 4


def format_number(value: float, decimals: int = 4) -> str:
    """A readout number: fixed decimals, U+2212 for minus, words for non-finite values.

    ``format_number(-12.0)`` is ``"−12.0000"``; nan is ``"undefined"``; ±inf is ``"±∞"``.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "undefined"
    if math.isinf(value):
        return "∞" if value > 0 else MINUS + "∞"
    if abs(value) >= 1e7:
        text = f"{value:.{decimals}e}"
    else:
        text = f"{value:.{decimals}f}"
        if text.lstrip("-").strip("0.") == "":
            text = text.lstrip("-")  # no "−0.0000"
    return text.replace("-", MINUS)


def format_value(value: float, decimals: int = 4) -> str:
    """A number as a formula writes it: no trailing zeros (``2``, ``1.5``, ``−0.25``), at
    most ``decimals`` decimals, U+2212 for minus; ``format_number`` beyond that range."""
    if not math.isfinite(value) or abs(value) >= 1e7 or (value != 0 and abs(value) < 10.0**-decimals):
        return format_number(value, decimals)
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace("-", MINUS)


def superscript(text: str) -> str:
    """Digits and minus signs raised: ``"-3"`` → ``"⁻³"``."""
    return text.translate(_SUPER)


def pretty(expr: sympy.Basic, variables=()) -> str:
    """``expr`` in lesson notation (see the module docstring).  With the function's
    ``variables`` (in order), a sum's terms come as a lesson orders them: highest degree
    first, the first variable before the second, the constant last (8w + 4b − 12 for
    L(w, b), where sympy would say 4b + 8w − 12)."""
    return _Printer(order=variables).show(expr)[0]


def substituted(expr: sympy.Basic, values: dict) -> str:
    """``expr`` as :func:`pretty` writes it, each symbol in ``values`` replaced by its value
    in parentheses: the line a lesson writes between a formula and its number.
    ``substituted(6*x + 2*y, {x: 1, y: 2})`` is ``"6(1) + 2(2)"``; x² at −0.5 is ``(−0.5)²``.
    Values are floats, written by :func:`format_value`."""
    return _Printer({symbol: f"({format_value(float(v))})" for symbol, v in values.items()}, order=tuple(values)).show(expr)[0]


def _terminating_decimal(r: sympy.Rational) -> str | None:
    """``17/5`` → ``"3.4"``: a rational with a short, exact decimal form (what a student
    types as 3.4 is stored exactly as 17/5).  None for 1/3 and the like."""
    if _too_long(r):
        return None
    q = int(r.q)
    twos = fives = 0
    while q % 2 == 0:
        q //= 2
        twos += 1
    while q % 5 == 0:
        q //= 5
        fives += 1
    digits = max(twos, fives)
    if q != 1 or digits > 6:
        return None
    # Exact integer arithmetic: going through float would print 12345678901234567.5 wrong.
    scaled = abs(int(r.p)) * 10**digits // int(r.q)
    whole, frac = divmod(scaled, 10**digits)
    return f"{'-' if r < 0 else ''}{whole}.{frac:0{digits}d}"


def _scientific(r: sympy.Rational) -> str | None:
    """A positive rational too long to read in full, as mantissa·10ⁿ when that is exact
    (1e-20 → 10⁻²⁰, 19·10³⁰⁰); None when it reads well as it is (or is not a terminating
    decimal, like 1/3)."""
    if _too_long(r):
        return _rounded(r)
    p, q = int(r.p), int(r.q)
    if q == 1:
        digits = str(p)
        if len(digits) <= 10:
            return None
        exponent = len(digits) - 1
        mantissa = digits.rstrip("0")
    else:
        exponent10 = 0
        while q % 10 == 0:
            q //= 10
            exponent10 += 1
        if q != 1 or exponent10 <= 6:  # 3.4 → 17/5 and 0.000125 read fine as decimals
            return None
        digits = str(p)
        exponent = len(digits) - 1 - exponent10
        mantissa = digits.rstrip("0")
    if len(mantissa) > SIGNIFICANT:  # 2^1000 exactly is 302 digits: rounded, a screen's worth
        return _rounded(r)
    head = mantissa[0] + ("." + mantissa[1:] if len(mantissa) > 1 else "")
    power = "10" + superscript(str(exponent))
    return power if head == "1" else f"{head}·{power}"


SIGNIFICANT = 6  # digits kept of a constant too long to show whole
LONG_BITS = 3000  # an exact number longer than this (about 900 digits) is shown rounded, never printed whole


def _too_long(r: sympy.Rational) -> bool:
    return max(abs(int(r.p)).bit_length(), int(r.q).bit_length()) > LONG_BITS


def _rounded(r: sympy.Rational) -> str:
    """A positive rational as m·10ⁿ with SIGNIFICANT digits (sympy's own arbitrary
    precision: 10⁴⁰⁰ is beyond a float)."""
    if r.is_Rational and _too_long(r):
        return _rounded_long(r)
    if 1e-4 <= r < 1e6:  # a plain decimal reads better: 5.171429, not 5.171429·10⁰ (the data's power sums)
        return f"{float(r):.{SIGNIFICANT + 1}g}"
    mantissa, _, exponent = sympy.Float(r, SIGNIFICANT).__format__("").partition("e")
    if not exponent:  # sympy writes it plainly: make the exponent from the digits
        text = f"{sympy.Float(r, SIGNIFICANT + 2):.{SIGNIFICANT}e}"
        mantissa, _, exponent = text.partition("e")
    mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
    power = "10" + superscript(str(int(exponent)))
    return power if mantissa == "1" else f"{mantissa}·{power}"


def _rounded_long(r: sympy.Rational) -> str:
    """:func:`_rounded` for a rational of thousands of digits, from the leading bits of its
    numerator and denominator (mpmath would strip the trailing bits of a 50,000-bit
    integer one at a time, for seconds); a float's 16 digits are ample for 7."""
    p, q = abs(int(r.p)), int(r.q)
    drop_p, drop_q = max(0, p.bit_length() - 64), max(0, q.bit_length() - 64)
    log = math.log10(p >> drop_p) - math.log10(q >> drop_q) + (drop_p - drop_q) * math.log10(2)
    exponent = math.floor(log)
    mantissa = f"{10 ** (log - exponent):.{SIGNIFICANT}f}"
    if mantissa.startswith("10"):  # 9.9999996 rounded up
        exponent, mantissa = exponent + 1, f"{1:.{SIGNIFICANT}f}"
    mantissa = mantissa.rstrip("0").rstrip(".")
    power = "10" + superscript(str(exponent))
    return power if mantissa == "1" else f"{mantissa}·{power}"


SUBSTITUTION_WIDTH = 44  # characters: a longer substituted line is left out (formula = value)


def substitution_line(expr: sympy.Basic, values: dict, value: float, substitute: bool = True) -> str:
    """``= 6x + 2y = 6(1) + 2(2) = 10``: a formula, its symbols replaced by the point's
    coordinates (``values``: symbol → float), and its value there.  The middle part is
    left out where it says nothing (a constant, a lone variable) or is too long to read
    (over SUBSTITUTION_WIDTH characters), and where ``substitute`` is False: ``= 6x + 2y = 10``."""
    formula = _pretty_formula(expr, tuple(values))
    result = format_value(value) if math.isfinite(value) else format_number(value)
    if not expr.free_symbols:
        return f"= {formula}"
    short = f"= {formula} = {result}"
    if not substitute or expr.is_Symbol or expr.has(sympy.Piecewise):  # "(1) > 0" in a condition says nothing
        return short
    middle = substituted(expr, {s: v for s, v in values.items() if s in expr.free_symbols})
    if len(middle) > SUBSTITUTION_WIDTH or middle == result:
        return short
    return f"= {formula} = {middle} = {result}"


@functools.lru_cache(maxsize=256)
def _pretty_formula(expr: sympy.Basic, variables: tuple) -> str:
    # The readout writes the same partial at every point a drag or a slider passes through:
    # printed once (a sympy expression is immutable and hashable), only the numbers again.
    return pretty(expr, variables)


class _Printer:
    def __init__(self, values: dict | None = None, order=()):
        self.values = values or {}  # symbol → the text written in its place, "(1)"
        self.order = tuple(order)  # the function's variables: a sum's terms in their order

    def show(self, e) -> tuple[str, int]:
        """Return (text, binding strength)."""
        if e.is_Symbol:  # w1 as a book prints it, w₁
            return self.values.get(e, shown_name(str(e))), _ATOM
        if e is sympy.pi:
            return "π", _ATOM
        if e is sympy.E:
            return "e", _ATOM
        if e.is_Rational and _too_long(e):  # beyond what str() prints (4300 digits), and unreadable anyway
            text = _rounded_long(e)  # (not of abs(e): a new rational's gcd of such numbers takes seconds)
            return (text, _MUL) if e.p >= 0 else (MINUS + text, _ADD)
        if e.is_Rational and (long := _scientific(abs(e))) is not None:
            # 6.02e23 typed stays 6.02·10²³, not 602000000000000000000000.
            return (long, _MUL) if e >= 0 else (MINUS + long, _ADD)
        if e.is_Integer:
            return (str(e), _ATOM) if e >= 0 else (MINUS + str(-e), _ADD)
        if e.is_Rational:
            sign = MINUS if e < 0 else ""
            decimal = _terminating_decimal(abs(e))
            if decimal is not None:
                return sign + decimal, _ATOM if not sign else _ADD
            if len(str(e.p)) + len(str(e.q)) > 2 * SIGNIFICANT:  # 2^1000/3: rounded, not 300 digits
                return sign + _rounded(abs(e)), _MUL if not sign else _ADD
            return f"{sign}{abs(e.p)}/{e.q}", _MUL if not sign else _ADD
        if e.is_Float:
            value = float(e)
            if e.is_zero or 1e-4 <= abs(value) < 1e7:
                return format_number(value, 6).rstrip("0").rstrip(".") or "0", _ATOM
            # 1.407523·10¹², 10⁻⁹ (not 0), and beyond a float's range as sympy holds it (not ∞).
            text = _rounded(abs(e))
            return (text, _MUL if "·" in text else _POW) if e > 0 else (MINUS + text, _ADD)
        if e.is_Add:
            return self.add(e), _ADD
        if e.is_Mul and (mean := self.mean(e)) is not None:
            return mean, _MUL
        if e.is_Mul:
            return self.mul(e)
        if isinstance(e, sympy.Indexed):  # a data point's xᵢ (the loss of many points)
            return f"{e.base}ᵢ", _ATOM
        if isinstance(e, sympy.Sum):
            return f"Σᵢ [{self.show(e.function)[0]}]", _MUL
        if e.is_Pow:
            return self.power(e)
        if isinstance(e, sympy.Abs):
            return f"|{self.show(e.args[0])[0]}|", _ATOM
        if isinstance(e, sympy.Piecewise):  # 0^x: "0 (for x > 0)", and no value elsewhere
            pieces = [self.show(p.expr)[0] + ("" if p.cond is sympy.true else f" (for {self.condition(p.cond)})")
                      for p in e.args]
            return "; ".join(pieces), _ADD
        if isinstance(e, sympy.exp):
            exponent = e.args[0]
            text, strength = self.show(exponent)
            if len(text) <= 12:
                return "e" + self.superscript_or_caret(exponent, text, strength), _POW
            return f"exp({text})", _ATOM
        if isinstance(e, sympy.Function):
            name = _FUNCTION_NAMES.get(type(e).__name__, type(e).__name__)
            args = ", ".join(self.bare(a, inside=True) for a in e.args)
            return f"{name}({args})", _ATOM
        return str(e), _ATOM  # pragma: no cover - anything the parser cannot build

    def mean(self, e: sympy.Mul) -> str | None:
        """``(1/40) Σᵢ [...]``: a sum over the points divided by their number, as written
        (not 0.025Σᵢ); None for any other product."""
        coefficient, rest = e.as_coeff_Mul()
        if not (isinstance(rest, sympy.Sum) and coefficient.is_Rational and coefficient.p == 1 and coefficient.q > 1):
            return None
        return f"(1/{coefficient.q}) {self.show(rest)[0]}"

    def condition(self, c) -> str:
        """A Piecewise's condition: ``x > 0``, ``x ≤ 1 and y ≥ 0``."""
        if isinstance(c, sympy.Rel):
            op = {">=": "≥", "<=": "≤", "==": "=", "!=": "≠"}.get(c.rel_op, c.rel_op)
            return f"{self.show(c.lhs)[0]} {op} {self.show(c.rhs)[0]}"
        if isinstance(c, (sympy.And, sympy.Or)):
            word = " and " if isinstance(c, sympy.And) else " or "
            return word.join(self.condition(a) for a in c.args)
        return str(c)  # pragma: no cover - the parser builds only the conditions above

    def bare(self, e, inside: bool = False) -> str:
        """``e`` where a value put in its place needs no parentheses of its own: a term of
        a sum (unless negative: 1 − (−2)), an argument (``inside``: sin(−1))."""
        text = self.show(e)[0]
        if e in self.values and (inside or not text.startswith(f"({MINUS}")):
            return text[1:-1]
        return text

    def ordered_terms(self, e: sympy.Add) -> list:
        if all(math.isfinite(float_value(f)) for t in e.args for f in sympy.Mul.make_args(t)
               if f.is_number and not f.is_Number):
            terms = e.as_ordered_terms()
        else:  # sympy orders by value, in arbitrary precision: e^(e^(e^(e^3.33))) would take hours
            terms = sorted(e.args, key=lambda t: (t.is_number, sympy.default_sort_key(t)))  # constants last
        if not self.order or not set(self.order) & e.free_symbols:
            return terms

        def degrees(term) -> tuple[int, ...]:
            powers = term.as_powers_dict()
            out = []
            for v in self.order:
                power = powers.get(v, 0)
                if power == 0 and term.has(v):
                    power = 1  # inside a function or a power of a sum: counts once
                out.append(int(power) if getattr(power, "is_Integer", True) else 1)
            return tuple(out)

        # Graded, then lexicographic in the variables' order (x² before xy before y²
        # before x); sympy's own order breaks ties between terms of equal degrees.
        return sorted(terms, key=lambda t: (-sum(degrees(t)), tuple(-d for d in degrees(t))))

    def add(self, e: sympy.Add) -> str:
        parts: list[str] = []
        for i, term in enumerate(self.ordered_terms(e)):
            negative = term.could_extract_minus_sign()
            body = self.bare(-term if negative else term)
            if i == 0:
                parts.append((MINUS if negative else "") + body)
            else:
                parts.append((f" {MINUS} " if negative else " + ") + body)
        return "".join(parts)

    def mul(self, e: sympy.Mul) -> tuple[str, int]:
        if e.could_extract_minus_sign():
            text, strength = self.show(-e)
            if strength <= _ADD:
                text = f"({text})"
            return MINUS + text, _ADD
        coefficient, rest = e.as_coeff_Mul()
        if (coefficient.is_Rational and not coefficient.is_Integer and _terminating_decimal(coefficient) is not None
                and sympy.fraction(rest, exact=True)[1] == 1):
            # 3.4x², as typed, rather than 17x²/5.
            return self.mul_by(self.show(coefficient)[0], rest), _MUL
        if (coefficient.is_Rational and not coefficient.is_Integer and _terminating_decimal(abs(coefficient)) is None
                and (_too_long(coefficient) or len(str(coefficient.p)) + len(str(coefficient.q)) > 2 * SIGNIFICANT)
                and sympy.fraction(rest, exact=True)[1] == 1):
            # (3/2)¹⁰⁰⁰y as 1.233874·10¹⁷⁶y, not a fraction of two rounded numbers.
            return self.mul_by(self.show(coefficient)[0], rest), _MUL
        numerator, denominator = sympy.fraction(e, exact=True)
        if denominator != 1:
            top = self.show(numerator)
            bottom = self.show(denominator)
            top_text = top[0] if top[1] > _ADD else f"({top[0]})"
            bottom_text = bottom[0] if bottom[1] >= _POW else f"({bottom[0]})"
            return f"{top_text}/{bottom_text}", _MUL
        coefficient, factors = e.as_coeff_mul()
        text = ""
        previous_letter = False
        if coefficient != 1:
            text = self.show(coefficient)[0]
            previous_letter = False
        for factor in sorted(factors, key=sympy.default_sort_key):
            part, strength = self.show(factor)
            if strength <= _MUL:
                part = f"({part})"
            is_letter_like = factor.is_Symbol and len(str(factor)) == 1
            starts_letter_power = factor.is_Pow and factor.base.is_Symbol and len(str(factor.base)) == 1
            if not text:
                text = part
            elif text[-1].isdigit() and (is_letter_like or starts_letter_power or part.startswith("(") or part[0].isalpha() or part[0] in "π√|"):
                text += part  # 6x, 2(x + 1), 3sin(x)
            elif previous_letter and (is_letter_like or starts_letter_power or part.startswith("(")):
                text += part  # xy, x²y, 4x(x + 1)
            else:
                text += "·" + part
            previous_letter = is_letter_like or starts_letter_power
        return text, _MUL

    def mul_by(self, coefficient: str, rest: sympy.Expr) -> str:
        text, strength = self.show(rest)
        if strength <= _ADD:
            text = f"({text})"
        if text[0].isalpha() or text[0] in "π√|(":
            return coefficient + text
        return f"{coefficient}·{text}"

    def power(self, e: sympy.Pow) -> tuple[str, int]:
        base, exponent = e.base, e.exp
        if exponent == sympy.Rational(1, 2):
            inner, strength = self.bare(base, inside=True), self.show(base)[1]
            return (f"√{inner}" if strength == _ATOM and len(inner) <= 2 else f"√({inner})"), _ATOM
        if exponent == -1:
            inner, strength = self.show(base)
            return f"1/{inner if strength >= _POW else '(' + inner + ')'}", _MUL
        if exponent.is_Rational and exponent.is_negative:
            return f"1/{self.show(base ** -exponent)[0] if (base ** -exponent).is_Pow else '(' + self.show(base ** -exponent)[0] + ')'}", _MUL
        base_text, base_strength = self.show(base)
        if base_strength < _ATOM or base.is_Pow:
            base_text = f"({base_text})"
        exponent_text, exponent_strength = self.show(exponent)
        return base_text + self.superscript_or_caret(exponent, exponent_text, exponent_strength), _POW

    @staticmethod
    def superscript_or_caret(exponent, text: str, strength: int) -> str:
        if exponent.is_Integer:
            return superscript(str(exponent))
        return "^" + (text if strength == _ATOM else f"({text})")


def tick_labels(ticks) -> list[str]:
    """Texts for evenly spaced axis ticks (see ``mesh.nice_ticks``), as few digits as
    tell them apart: 0, 0.5, 1 — or 1000.01, 1000.02 on a narrow range — with a real
    minus sign; scientific (2.5e+07) from 10⁷ up and below 10⁻⁴."""
    values = [float(v) for v in ticks]
    if not values:
        return []
    step = min((abs(b - a) for a, b in zip(values, values[1:]) if b != a), default=0.0)
    largest = max(abs(v) for v in values)
    texts: list[str] = []
    if step > 0 and 1e-4 <= largest < 1e7 or largest == 0:
        decimals = 0 if step == 0 else max(0, -math.floor(math.log10(step) + 1e-9))
        for extra in range(0, 4):  # 2.5-steps need one more decimal than their power of ten
            texts = [f"{v:.{decimals + extra}f}" for v in values]
            if _tell_apart(texts, values, step):
                break
        texts = [("0" if float(t) == 0 else t) for t in texts]
    else:
        digits = 2 if step == 0 else max(2, math.ceil(math.log10(largest / step)) + 2)
        for extra in range(0, 4):
            texts = [f"{v:.{digits + extra}g}" for v in values]
            if _tell_apart(texts, values, step):
                break
    return [t.replace("-", MINUS) for t in texts]


def _tell_apart(texts: list[str], values: list[float], step: float) -> bool:
    """Every text different, and each as exact as a thousandth of a step."""
    return len(set(texts)) == len(texts) and all(abs(float(t) - v) <= 1e-3 * step for t, v in zip(texts, values))
