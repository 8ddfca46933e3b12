"""Safe text → sympy (or, without sympy, the parser's own tree): the function language
students type.

Conventions fixed here once:

- Columns in errors are 1-based positions in the text exactly as typed.
- ``^`` (and ``**``) is power and is right-associative; ``-x^2`` means ``-(x^2)``.
- Implicit multiplication binds like ``*`` (left to right): ``2xy``, ``2(x+1)(y-1)``,
  ``x sin(y)``.  ``1/2x`` is therefore ``x/2``.
- ``log`` is the natural logarithm, as in numpy and most ML texts (``ln`` too).
- A letter run splits greedily over the declared variables, the function names and the
  constants, longest name first: ``xy`` = x·y, ``pix`` = π·x, ``sinh`` stays sinh.
- Without a declaration every single letter that is not a constant is a variable; a
  letter followed by digits is one (``x1``, ``w2``; ``2x`` stays 2·x), and so is one with
  subscript digits, ``w₁`` being ``w1`` (see :mod:`explorer.core.subscripts`).
- A function has at most ``MAX_VARIABLES`` variables (10: a small model's weights and bias).
- Digits followed by ``e`` and digits are scientific notation (``1.5e-3``); otherwise
  ``e`` is Euler's number (``2e^x`` = 2·e^x).

One parser, two builders: :class:`SympyBuilder` makes sympy objects (:func:`parse_function`,
the symbolic path) and ``early_tree.TreeBuilder`` the tree the first frame is drawn from
before sympy is imported (:func:`parse_tree`); both read a text alike and refuse it alike.

Safety: user text never reaches ``eval``, ``exec``, ``sympify`` or ``parse_expr``.  The
text is tokenized here and sympy objects are built from a whitelist; variable names are
checked against a plain-identifier pattern before they become ``Symbol`` names.  Work is
bounded: text length, token count, nesting depth and the size of numeric powers.
"""

from __future__ import annotations

import keyword
import math
import re
from dataclasses import dataclass, field

from . import exact
from .lazy_sympy import sympy  # imported on first use: parse_tree (the first frame's parse) needs none of it
from .notation import MINUS as MINUS_SIGN  # the display writes as notation does
from .notation import superscript
from .book_notation import ROOTS, digits_before_power, function_suffix, inverse_functions
from .subscripts import SUBSCRIPT_DIGITS, ascii_digits, family_order, one_variable_names, shown_name

__all__ = [
    "ParseError",
    "ParsedFunction",
    "parse_function",
    "parse_tree",
    "ParsedTree",
    "SympyBuilder",
    "FUNCTIONS",
    "CONSTANTS",
    "MAX_LENGTH",
    "MAX_VARIABLES",
]

MAX_LENGTH = 500  #: characters of input accepted
MAX_TOKENS = 400
MAX_DEPTH = 40  #: nesting of parentheses, powers and unary signs
MAX_VARIABLES = 10  #: a function of w1 … w9 and b, say; the surface shows two at a time
MAX_EXPONENT = 1000  #: |n| for a numeric exponent
MAX_RESULT_DIGITS = 400  #: decimal digits of an exact number built from a power
MAX_NUMBER_DIGITS = 40  #: digits in one numeric literal


class ParseError(ValueError):
    """The text is not a function the explorer can use.

    ``message`` is written for a student and already says where ("… at column 3");
    ``column`` is that 1-based column (``None`` when the problem is the whole text).
    """

    def __init__(self, message: str, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.column = column

    def to_dict(self) -> dict:
        return {"message": self.message, "column": self.column}


def _sigmoid(arg):
    return 1 / (1 + sympy.exp(-arg))


def _softplus(arg):
    return sympy.log(1 + sympy.exp(arg))


#: One-argument functions a student may call: the name typed → the function it names
#: (``ln`` and ``log`` are one function; a builder turns the second name into its object).
FUNCTIONS = {
    "sin": "sin",
    "cos": "cos",
    "tan": "tan",
    "sec": "sec",
    "csc": "csc",
    "cot": "cot",
    "asin": "asin",
    "acos": "acos",
    "atan": "atan",
    "arcsin": "asin",
    "arccos": "acos",
    "arctan": "atan",
    "sinh": "sinh",
    "cosh": "cosh",
    "tanh": "tanh",
    "asinh": "asinh",
    "acosh": "acosh",
    "atanh": "atanh",
    "exp": "exp",
    "ln": "log",
    "log": "log",
    "sqrt": "sqrt",
    "cbrt": "cbrt",  # the real cube root (sympy's is complex for a negative number)
    "abs": "abs",
    "sigmoid": "sigmoid",
    "softplus": "softplus",
}

#: Named constants: the name typed → the constant (π or Euler's number E).
CONSTANTS = {"pi": "pi", "π": "pi", "e": "E"}


class SympyBuilder:
    """Builds what the parser reads as sympy objects (the symbolic path: exact numbers,
    real symbols), and answers the parser's questions about them.  The parser's other
    builder, :class:`explorer.core.early_tree.TreeBuilder`, builds the same reading
    without sympy."""

    def __init__(self):
        from .real_powers import cbrt  # a sympy.Function subclass: made when sympy is there

        self.functions = {
            "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "sec": sympy.sec, "csc": sympy.csc,
            "cot": sympy.cot, "asin": sympy.asin, "acos": sympy.acos, "atan": sympy.atan, "sinh": sympy.sinh,
            "cosh": sympy.cosh, "tanh": sympy.tanh, "asinh": sympy.asinh, "acosh": sympy.acosh,
            "atanh": sympy.atanh, "exp": sympy.exp, "log": sympy.log, "sqrt": sympy.sqrt, "cbrt": cbrt,
            "abs": sympy.Abs, "sigmoid": _sigmoid, "softplus": _softplus,
        }

    # -- construction
    def number(self, text: str) -> sympy.Expr:
        return sympy.Rational(text)  # exact: 0.01 is 1/100, not a binary float

    def integer(self, value: int) -> sympy.Expr:
        return sympy.Integer(value)

    def constant(self, name: str) -> sympy.Expr:
        return {"pi": sympy.pi, "E": sympy.E}[CONSTANTS[name]]

    def symbol(self, name: str) -> sympy.Symbol:
        return make_symbol(name)

    def call(self, name: str, argument: sympy.Expr) -> sympy.Expr:
        return self.functions[FUNCTIONS[name]](argument)

    def absolute(self, argument: sympy.Expr) -> sympy.Expr:
        return sympy.Abs(argument)

    def add(self, terms: list) -> sympy.Expr:
        return sympy.Add(*terms)

    def neg(self, value: sympy.Expr) -> sympy.Expr:
        return -value

    def mul(self, left: sympy.Expr, right: sympy.Expr) -> sympy.Expr:
        return left * right

    def div(self, left: sympy.Expr, right: sympy.Expr) -> sympy.Expr:
        return left / right

    def pow(self, base: sympy.Expr, exponent: sympy.Expr) -> sympy.Expr:
        return sympy.Pow(base, exponent)

    def zero_to_the(self, exponent: sympy.Expr) -> sympy.Expr:
        from .real_powers import zero_to_the

        return zero_to_the(exponent)  # 0 where the power is positive: sympy's 0**x has the slope nan

    # -- what the parser asks of a value
    def is_number(self, value: sympy.Expr) -> bool:
        return bool(value.is_Number)

    def is_zero(self, value: sympy.Expr) -> bool:
        return value == 0

    def is_negative(self, value: sympy.Expr) -> bool:
        return bool(value.is_negative)

    def float_of(self, number: sympy.Expr) -> float:
        return float(number)

    def power_digits(self, base: sympy.Expr, exponent: sympy.Expr) -> float:
        return exact.power_digits(base, exponent)


_SUPERSCRIPTS = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4",
    "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9",
    "⁻": "-", "⁺": "+",
}
# '²'.isdigit() is True in Python, so digits are tested against this set, never isdigit().
_DIGITS = frozenset("0123456789")
_MINUS_SIGNS = frozenset("-−–")  # ASCII hyphen-minus, U+2212 minus, en dash
_TIMES_SIGNS = frozenset("*·×⋅∙")
_DIVIDE_SIGNS = frozenset("/÷")
_GREEK = "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ"
_VARIABLE_NAME = re.compile(r"^[A-Za-z" + _GREEK + r"][A-Za-z0-9" + _GREEK + r"]*(_[A-Za-z0-9]+)?$")


def _is_letter(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ch in _GREEK


@dataclass(frozen=True)
class _Token:
    """One token of the typed text, for the parser."""

    kind: str  # "num", "word", "name", "op", "root", "(", ")", ",", "=", "|", "end"
    text: str  # normalized: "−", "–" are "-", "·", "×" are "*", "÷" is "/"
    column: int  # 1-based
    raw: str = ""  # as typed, for messages


@dataclass(frozen=True)
class ParsedFunction:
    """What the parser found: a sympy expression and its variables, in order.

    ``terms`` are the top-level additive terms in the order they were typed (signs
    included), for the term-by-term lesson; ``name`` is the declared function name
    (``"f"`` when none was declared); ``declared`` tells whether the variables came from
    a declaration such as ``L(w, b) = …``.
    """

    expression: "sympy.Expr"
    variables: "tuple[sympy.Symbol, ...]"
    name: str = "f"
    terms: "tuple[sympy.Expr, ...]" = field(default=())
    declared: bool = False
    text: str = ""
    display: str = ""  #: the body as typed, in lesson notation (see :func:`_display`)
    term_displays: tuple[str, ...] = ()  #: each of ``terms`` as typed (a − term with its −)


# ----------------------------------------------------------------------------- tokens


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        col = i + 1
        if ch.isspace():
            i += 1
        elif ch in _DIGITS or (ch == "." and i + 1 < n and text[i + 1] in _DIGITS):
            j = i
            while j < n and text[j] in _DIGITS:
                j += 1
            if j < n and text[j] == ".":
                j += 1
                while j < n and text[j] in _DIGITS:
                    j += 1
            # Scientific notation only when digits follow the e: 1.5e-3, 2E10 (not 2e^x).
            if j < n and text[j] in "eE":
                k = j + 1
                if k < n and text[k] in "+-−":
                    k += 1
                if k < n and text[k] in _DIGITS:
                    while k < n and text[k] in _DIGITS:
                        k += 1
                    j = k
            tokens.append(_Token("num", text[i:j].replace("−", "-"), col))
            i = j
        elif _is_letter(ch):
            j = i
            while j < n and (_is_letter(text[j]) or text[j] in _DIGITS or text[j] == "_" or text[j] in SUBSCRIPT_DIGITS):
                j += 1
            # w₁ is the name w1 (same length: columns hold); raw keeps it as typed for the display.
            tokens.append(_Token("word", ascii_digits(text[i:j]), col, text[i:j]))
            i = j
        elif ch in _SUPERSCRIPTS:
            j = i
            while j < n and text[j] in _SUPERSCRIPTS:
                j += 1
            run = "".join(_SUPERSCRIPTS[c] for c in text[i:j])
            digits = run.lstrip("+-")
            if not digits or not set(digits) <= _DIGITS or "+" in digits or "-" in digits:
                raise ParseError(f"superscript '{text[i:j]}' is not a whole-number power at column {col}", col)
            tokens.append(_Token("op", "^", col, text[i:j]))
            if run.startswith("-"):
                tokens.append(_Token("op", "-", col, text[i:j]))
            tokens.append(_Token("num", digits, col, text[i:j]))
            i = j
        elif ch in ROOTS:  # √x, ∛(x + y): the root of the factor that follows
            tokens.append(_Token("root", ROOTS[ch], col, ch))
            i += 1
        elif ch == "*" and i + 1 < n and text[i + 1] == "*":
            tokens.append(_Token("op", "^", col, "**"))
            i += 2
        elif ch in "+^" or ch in _MINUS_SIGNS or ch in _TIMES_SIGNS or ch in _DIVIDE_SIGNS:
            op = ch
            if ch in _MINUS_SIGNS:
                op = "-"
            elif ch in _TIMES_SIGNS:
                op = "*"
            elif ch in _DIVIDE_SIGNS:
                op = "/"
            tokens.append(_Token("op", op, col, ch))
            i += 1
        elif ch in "()[]{}":
            tokens.append(_Token("(" if ch in "([{" else ")", ch, col))
            i += 1
        elif ch in ",=|":
            tokens.append(_Token(ch, ch, col))
            i += 1
        else:
            shown = ch if ch.isprintable() else repr(ch)
            hint = ""
            if ch == "_":
                hint = " (names may not start with '_')"
            elif ch in "!@#$%&;:'\"`\\?<>~":
                hint = " (only numbers, variables, + − × ÷ ^, parentheses and functions like sin(…))"
            raise ParseError(f"unexpected character '{shown}' at column {col}{hint}", col)
        if len(tokens) > MAX_TOKENS:
            raise ParseError(f"the function is too long (more than {MAX_TOKENS} symbols)", col)
    tokens.append(_Token("end", "", n + 1))
    return tokens


# ----------------------------------------------------------------------------- names


def check_variable_name(name: str, column: int | None = None) -> None:
    """Raise ParseError unless ``name`` is safe and sensible as a variable name."""
    where = f" at column {column}" if column else ""
    if not _VARIABLE_NAME.match(name) or name.startswith("__"):
        raise ParseError(f"'{name}' is not a valid variable name{where}", column)
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        raise ParseError(f"'{name}' is a reserved word and cannot be a variable{where}", column)
    if name in FUNCTIONS:
        raise ParseError(f"'{name}' is a function name and cannot be a variable{where}", column)
    if name in CONSTANTS:
        raise ParseError(f"'{name}' is a constant and cannot be a variable{where}", column)


def _split_word(word: str, column: int, known: list[str], free_letters: bool, hint: str = "") -> list[tuple[str, int]]:
    """Split a letter run into known names, longest match first.

    ``known`` is sorted longest first.  With ``free_letters`` (no declaration) a single
    letter that starts no known name becomes a variable of its own.
    """
    parts: list[tuple[str, int]] = []
    i = 0
    while i < len(word):
        for name in known:
            if word.startswith(name, i):
                parts.append((name, column + i))
                i += len(name)
                break
        else:
            ch = word[i]
            if free_letters and _is_letter(ch):
                # A letter followed by digits/underscore-subscript, e.g. x1 or w_0, is one name.
                j = i + 1
                while j < len(word) and (word[j] in _DIGITS or word[j] == "_"):
                    j += 1
                    while j < len(word) and word[j] in _DIGITS:
                        j += 1
                name = word[i:j]
                check_variable_name(name, column + i)
                parts.append((name, column + i))
                i = j
            else:
                raise ParseError(f"unknown name '{word[i:]}' at column {column + i}{hint}", column + i)
    return parts


# ----------------------------------------------------------------------------- parser


class _Parser:
    def __init__(self, tokens: list[_Token], declared: tuple[str, ...] | None, function_name: str,
                 context: tuple[str, ...] = (), build=None):
        self.tokens = tokens
        # Every value is made (and asked about) through the builder: sympy's or the tree's.
        self.build = build if build is not None else SympyBuilder()
        # w1^2 + w2^2, w₁^2, or a name of the context (a quiz answer's 4w3^3 for L(w1, …, w5)):
        # indexed names that stay one variable before a power (not w·1^2).
        self.one_variable = tuple(declared or ()) + tuple(context) + tuple(
            one_variable_names((t.text, t.raw or t.text) for t in tokens if t.kind == "word"))
        self.pos = 0
        self.depth = 0
        self.declared = declared
        self.function_name = function_name
        self.symbols: dict = {}  # name → the builder's variable
        self.order: list[str] = []  # variables in order of first appearance
        known = list(FUNCTIONS) + list(CONSTANTS) + list(declared or ())
        self.known = sorted(set(known), key=len, reverse=True)
        # Words are split into names lazily; the pending queue holds the rest of a word.
        self.pending: list[_Token] = []

    # -- token access (with word splitting)
    def peek(self) -> _Token:
        if self.pending:
            return self.pending[0]
        tok = self.tokens[self.pos]
        if tok.kind == "word":
            ambiguous = digits_before_power(tok.text, self.tokens[self.pos + 1], self.one_variable,
                                            self.tokens[self.pos + 2] if self.tokens[self.pos + 1].kind != "end" else None)
            if ambiguous:
                raise ParseError(f"{ambiguous} (column {tok.column})", tok.column)
        if tok.kind == "word" and tok.text not in self.known and self.tokens[self.pos + 1].kind == "(" \
                and not self.ends_in_function(tok):
            # sni(x): a misspelt function, not s·n·i times (x).  (xsin(y) is x·sin(y).)
            import difflib  # (late: only a misspelt name needs it, not the start)

            close = difflib.get_close_matches(tok.text, list(FUNCTIONS), n=2, cutoff=0.65)
            if close and len(tok.text) >= 3:
                raise ParseError(f"unknown function '{tok.text}' at column {tok.column}: did you mean {' or '.join(close)}?",
                                 tok.column)
        if tok.kind == "word":
            hint = f": {self.function_name}'s variables are {', '.join(self.declared)}" if self.declared else ""
            parts = _split_word(tok.text, tok.column, self.known, self.declared is None, hint)
            self.pos += 1
            self.pending = [_Token("name", name, col) for name, col in parts]
            return self.pending[0]
        return tok

    def ends_in_function(self, tok: _Token) -> bool:
        """Whether the letter run splits over the known names and ends in a function's
        (``xsin``, ``ysqrt``, ``rscos``: a product ending in a call)."""
        try:
            parts = _split_word(tok.text, tok.column, self.known, self.declared is None)
        except ParseError:
            return False
        return parts[-1][0] in FUNCTIONS

    def advance(self) -> _Token:
        tok = self.peek()
        if self.pending:
            self.pending.pop(0)
        else:
            self.pos += 1
        return tok

    def enter(self, tok: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError(f"the function is nested too deeply (more than {MAX_DEPTH} levels) at column {tok.column}", tok.column)

    # -- grammar
    def parse(self):
        tok = self.peek()
        if tok.kind == "end":
            raise ParseError("type a function, for example 3x^2 + 2xy + y^2", None)
        terms = self.sum_terms()
        tok = self.peek()
        if tok.kind != "end":
            if tok.kind == ")":
                raise ParseError(f"unexpected '{tok.text}' at column {tok.column}: no '(' to close", tok.column)
            if tok.kind == "=":
                raise ParseError(f"unexpected '=' at column {tok.column}: only one '=' is allowed, after a name like f(x, y)", tok.column)
            raise ParseError(f"unexpected '{tok.text}' at column {tok.column}", tok.column)
        return self.build.add(terms), terms

    def sum_terms(self):
        terms = [self.product()]
        while True:
            tok = self.peek()
            if tok.kind == "op" and tok.text in "+-":
                self.advance()
                self.expect_operand(tok)
                term = self.product()
                terms.append(term if tok.text == "+" else self.build.neg(term))
            else:
                return terms

    def expect_operand(self, op: _Token) -> None:
        nxt = self.peek()
        if nxt.kind in ("end", ")", ",", "=") or (nxt.kind == "op" and nxt.text in "*/^"):
            shown = op.raw or op.text
            raise ParseError(f"expected a term after '{shown}' at column {op.column}", op.column)

    def starts_factor(self, tok: _Token) -> bool:
        return tok.kind in ("num", "name", "(", "root") or (tok.kind == "|" and not self.in_abs)

    in_abs = False

    def product(self):
        value = self.unary()
        while True:
            tok = self.peek()
            if tok.kind == "op" and tok.text in "*/":
                self.advance()
                self.expect_operand(tok)
                rhs = self.unary()
                if tok.text == "*":
                    value = self.build.mul(value, rhs)
                else:
                    if self.build.is_zero(rhs):
                        raise ParseError(f"division by zero at column {tok.column}", tok.column)
                    value = self.build.div(value, rhs)
            elif self.starts_factor(tok):
                if tok.kind == "num":
                    # 2x and x(y+1) are products; "2 3" or "2..3" is a typo, not 6 or 0.6.
                    raise ParseError(f"the number '{tok.text}' at column {tok.column} follows without an "
                                     f"operator: write * or + between them", tok.column)
                value = self.build.mul(value, self.power())  # implicit multiplication
            else:
                return value

    def unary(self):
        tok = self.peek()
        if tok.kind == "op" and tok.text in "+-":
            self.advance()
            self.enter(tok)
            self.expect_operand(tok)
            operand = self.unary()
            self.depth -= 1
            return operand if tok.text == "+" else self.build.neg(operand)
        return self.power()

    def power(self):
        base = self.atom()
        tok = self.peek()
        if tok.kind == "op" and tok.text == "^":
            self.advance()
            self.enter(tok)
            self.expect_operand(tok)
            exponent = self.unary()  # right-associative; allows e^-x
            self.depth -= 1
            return self.make_power(base, exponent, tok)
        return base

    def make_power(self, base, exponent, tok: _Token):
        build = self.build
        if build.is_number(exponent):
            if abs(build.float_of(exponent)) > MAX_EXPONENT:
                raise ParseError(f"the power at column {tok.column} is too large (at most {MAX_EXPONENT})", tok.column)
            if build.is_number(base) and not build.is_zero(base):
                digits = abs(build.float_of(exponent)) * abs(math.log10(abs(build.float_of(base)))) if build.float_of(base) != 0 else 0
                if not math.isfinite(digits) or digits > MAX_RESULT_DIGITS:
                    raise ParseError(f"the number at column {tok.column} would be too large", tok.column)
            if not build.is_number(base) and build.power_digits(base, exponent) > exact.DIGITS:
                # ((1.1x)¹⁰⁰⁰)¹⁰⁰⁰: sympy would multiply out 11¹⁰⁰⁰⁰⁰⁰/10¹⁰⁰⁰⁰⁰⁰, minutes of work
                raise ParseError(f"the number at column {tok.column} would be too large", tok.column)
            if build.is_zero(base) and build.is_negative(exponent):
                raise ParseError(f"0 to a negative power at column {tok.column} is undefined", tok.column)
        elif build.is_zero(base):
            return build.zero_to_the(exponent)
        return build.pow(base, exponent)

    def atom(self):
        tok = self.peek()
        if tok.kind == "num":
            self.advance()
            return self.number(tok)
        if tok.kind == "(":
            self.advance()
            self.enter(tok)
            inner = self.group_body(tok)
            self.depth -= 1
            return inner
        if tok.kind == "|" and not self.in_abs:
            self.advance()
            self.enter(tok)
            self.in_abs = True
            try:
                if self.peek().kind in ("|", "end"):
                    raise ParseError(f"expected something between the bars of |…| at column {tok.column}", tok.column)
                inner = self.build.add(self.sum_terms())
            finally:
                self.in_abs = False
            close = self.peek()
            if close.kind != "|":
                raise ParseError(f"missing closing '|' for the '|' at column {tok.column}", tok.column)
            self.advance()
            self.depth -= 1
            return self.build.absolute(inner)
        if tok.kind == "root":
            self.advance()
            if not self.starts_factor(self.peek()):
                raise ParseError(f"expected what to take the root of after '{tok.raw}' at column {tok.column}", tok.column)
            self.enter(tok)
            radicand = self.power()  # √x² is √(x²), as -x² is -(x²): a prefix binds looser than ^
            self.depth -= 1
            return self.build.call(tok.text, radicand)
        if tok.kind == "name":
            self.advance()
            if tok.text in FUNCTIONS:
                return self.call(tok)
            if tok.text in CONSTANTS:
                return self.build.constant(tok.text)
            return self.variable(tok)
        if tok.kind == "end":
            raise ParseError(f"the function ends too early at column {tok.column}", tok.column)
        if tok.kind == ")":
            raise ParseError(f"unexpected '{tok.text}' at column {tok.column}", tok.column)
        raise ParseError(f"unexpected '{tok.text}' at column {tok.column}", tok.column)

    def group_body(self, open_tok: _Token):
        if self.peek().kind == ")":
            raise ParseError(f"empty parentheses at column {open_tok.column}", open_tok.column)
        saved_abs, self.in_abs = self.in_abs, False
        inner = self.build.add(self.sum_terms())
        self.in_abs = saved_abs
        close = self.peek()
        if close.kind == ",":
            raise ParseError(f"unexpected ',' at column {close.column}: functions here take one argument", close.column)
        if close.kind != ")":
            raise ParseError(f"missing ')' for the '(' at column {open_tok.column}", open_tok.column)
        self.advance()
        return inner

    def call(self, name_tok: _Token):
        power, shown = self.function_power(name_tok)
        tok = self.peek()
        if tok.kind != "(":
            argument = tok.text if tok.kind in ("name", "num") else "x"
            raise ParseError(
                f"expected '(' after '{shown}' at column {name_tok.column}: write {shown}({argument})",
                name_tok.column,
            )
        self.advance()
        self.enter(tok)
        arg = self.group_body(tok)
        self.depth -= 1
        value = self.build.call(name_tok.text, arg)
        return value if power is None else self.make_power(value, power, name_tok)

    def function_power(self, name_tok: _Token) -> tuple:
        """The n of ``sec^2(u)``/``sin²(x)`` (a whole number before the call's parenthesis:
        the book's (sec u)²), and the name as typed with it; (None, name) when there is none."""
        tok = self.peek()
        if not (tok.kind == "op" and tok.text == "^"):
            return None, name_tok.text
        self.advance()
        power = self.peek()
        wrapped = power.kind == "("
        if wrapped:
            self.advance()
            power = self.peek()
        if power.kind != "num" or not set(power.text) <= _DIGITS:
            raise ParseError(f"after '{name_tok.text}^' at column {name_tok.column} a book writes a whole-number power, "
                             f"like {name_tok.text}^2(x) for {name_tok.text}(x)^2", name_tok.column)
        self.advance()
        if wrapped:
            if self.peek().kind != ")":
                raise ParseError(f"missing ')' after the power of '{name_tok.text}' at column {name_tok.column}",
                                 name_tok.column)
            self.advance()
        return self.build.integer(int(power.text)), f"{name_tok.text}^{power.text}"

    def number(self, tok: _Token):
        text = tok.text
        mantissa = re.split("[eE]", text)[0]
        if len(mantissa.replace(".", "")) > MAX_NUMBER_DIGITS:
            raise ParseError(f"the number at column {tok.column} has too many digits", tok.column)
        try:
            value = float(text)
        except ValueError:  # pragma: no cover - the tokenizer only makes valid numbers
            raise ParseError(f"'{text}' is not a number at column {tok.column}", tok.column) from None
        # A number is 0 or 10⁻³⁰⁰ to 10³⁰⁰ in size, both ends included; 1e-400 is no 0 that
        # underflowed quietly but a number out of that range, like 1e-301.
        nonzero = any(c in "123456789" for c in mantissa)
        if not math.isfinite(value) or (nonzero and not (1e-300 <= abs(value) <= 1e300)):
            raise ParseError(f"the number at column {tok.column} is out of range: a number is 0 or from 10⁻³⁰⁰ "
                             f"to 10³⁰⁰ in size", tok.column)
        return self.build.number(text)

    def variable(self, tok: _Token):
        name = tok.text
        if self.declared is not None and name not in self.declared:
            listed = ", ".join(self.declared)
            raise ParseError(
                f"unknown name '{name}' at column {tok.column}: {self.function_name}'s variables are {listed}",
                tok.column,
            )
        if name not in self.symbols:
            check_variable_name(name, tok.column)
            if len(self.symbols) >= MAX_VARIABLES and self.declared is None:
                names = ", ".join(self.order + [name])
                raise ParseError(
                    f"too many variables ({names}) at column {tok.column}: the explorer handles "
                    f"functions of up to {MAX_VARIABLES} variables",
                    tok.column,
                )
            self.symbols[name] = self.build.symbol(name)
            self.order.append(name)
        return self.symbols[name]


def make_symbol(name: str) -> sympy.Symbol:
    """A real symbol (so d/dx |x| is sign(x), not re/im noise) with a checked name."""
    check_variable_name(name)
    return sympy.Symbol(name, real=True)


def _split_declaration(tokens: list[_Token]) -> tuple[str, tuple[str, ...] | None, list[_Token], int]:
    """Find ``f(x, y) =`` or ``z =`` at the front; return (name, variables, body tokens, '=' column)."""
    equals = [i for i, t in enumerate(tokens) if t.kind == "="]
    if not equals:
        return "f", None, tokens, 0
    eq = equals[0]
    if len(equals) > 1:
        extra = tokens[equals[1]]
        raise ParseError(f"unexpected '=' at column {extra.column}: only one '=' is allowed", extra.column)
    head = tokens[:eq]
    body = tokens[eq + 1 :]
    eq_col = tokens[eq].column
    if not head or head[0].kind != "word":
        col = head[0].column if head else eq_col
        raise ParseError(f"expected a function name such as f(x, y) before '=' at column {col}", col)
    name_tok = head[0]
    if not _VARIABLE_NAME.match(name_tok.text) or name_tok.text in FUNCTIONS or name_tok.text in CONSTANTS:
        raise ParseError(f"'{name_tok.text}' cannot name a function (column {name_tok.column})", name_tok.column)
    if len(head) == 1:
        return name_tok.text, None, body, eq_col
    if head[1].kind != "(" or head[-1].kind != ")":
        bad = head[1]
        if bad.kind == "op" or any(t.kind in ("op", "num") for t in head[1:]):  # x^2 + y^2 = z: an equation, not a name
            raise ParseError(f"the left of '=' must name the function, like f(x, y) = …, not hold an expression "
                             f"(column {bad.column}): write the function alone, or f(x, y) = the function", bad.column)
        raise ParseError(f"expected '(' and the variables after '{name_tok.text}' at column {bad.column}, like f(x, y) =", bad.column)
    inner = head[2:-1]
    variables: list[str] = []
    expect_name = True
    for t in inner:
        if expect_name:
            if t.kind != "word":
                raise ParseError(f"expected a variable name at column {t.column}", t.column)
            check_variable_name(t.text, t.column)
            if t.text in variables:
                raise ParseError(f"variable '{t.text}' is declared twice (column {t.column})", t.column)
            if t.text == name_tok.text:
                raise ParseError(f"'{t.text}' names the function; pick another variable name (column {t.column})", t.column)
            variables.append(t.text)
        elif t.kind != ",":
            raise ParseError(f"expected ',' between variables at column {t.column}", t.column)
        expect_name = not expect_name
    if not variables or expect_name:
        col = inner[-1].column if inner else head[-1].column
        raise ParseError(f"expected a variable name at column {col}", col)
    if len(variables) > MAX_VARIABLES:
        col = inner[0].column
        raise ParseError(f"too many variables at column {col}: at most {MAX_VARIABLES}", col)
    return name_tok.text, tuple(variables), body, eq_col


_PREFERRED_ORDER = ("x", "y", "z")

# ----------------------------------------------------------------------------- display

_SHOWN_CONSTANTS = {"pi": "π"}


def _number_display(text: str) -> str:
    """A literal as a lesson writes it: 1.5e-3 → 1.5·10⁻³, .5 → 0.5, 2E10 → 2·10¹⁰."""
    mantissa, _, exponent = text.lower().partition("e")
    if mantissa.startswith("."):
        mantissa = "0" + mantissa
    if not exponent:
        return mantissa
    exponent = str(int(exponent))  # "+03" → "3", "-3" → "-3"
    return f"{mantissa}·10{superscript(exponent)}"


def _display(tokens: list[_Token], known: list[str], free_letters: bool,
             indexed: frozenset[str] = frozenset()) -> tuple[str, tuple[str, ...]]:
    """The body of a parsed function in the order and grouping it was typed, written as
    the lesson writes it: ``(3 - 2w - b)^2`` → ``(3 − 2w − b)²``, ``y - x^2`` → ``y − x²``,
    binary + and − spaced, × as ·, whole-number powers as superscripts, pi as π; and each
    top-level term so written (``−2w`` for the term after a binary −).  Only called on text
    that parsed (so the words split)."""
    out: list[str] = []
    starts: list[int] = [0]  # where each top-level term begins in ``out``
    depth = 0  # parentheses and bars open
    operand_end = False  # the last piece ends an operand (a + or − after it is binary)
    in_abs = False
    last_end = 0  # the column after the last token, to see where a space was typed
    divided = -1  # the depth at which the last '/' of the current product was typed
    calling = False  # a function's name was written: the '(' that follows is its call
    i = 0
    while tokens[i].kind != "end":
        t = tokens[i]
        spaced = t.column > last_end and bool(out)
        last_end = t.column + len(t.raw or t.text)
        if divided == depth and operand_end and t.kind in ("num", "word", "(", "root") and not calling:
            # y^2/2x is (y²/2)·x: the · shows that reading to whoever meant y²/(2x).
            out.append("·")
            spaced = False
        if not (t.kind == "op" and t.text == "^"):
            calling = False  # only a power (sin²) may come between a function's name and its '('
        if t.kind == "op" and t.text in "+-":
            if divided == depth:
                divided = -1
            sign = "+" if t.text == "+" else MINUS_SIGN
            if operand_end and depth == 0:
                starts.append(len(out))  # a new term of the sum
            out.append(f" {sign} " if operand_end else sign)
            operand_end = False
        elif t.kind == "op" and t.text == "^":
            # A whole-number power (or its negative) is written as a superscript.
            j, sign = i + 1, ""
            if tokens[j].kind == "op" and tokens[j].text == "-":
                j, sign = j + 1, "-"
            power = tokens[j]
            if power.kind == "num" and set(power.text) <= _DIGITS and not (tokens[j + 1].kind == "op" and tokens[j + 1].text == "^"):
                out.append(superscript(sign + str(int(power.text))))
                last_end = power.column + len(power.raw or power.text)
                i, operand_end = j + 1, True
                continue
            out.append("^")
            operand_end = False
        elif t.kind == "op":
            out.append("·" if t.text == "*" else "/")
            if t.text == "/":
                divided = depth
            operand_end = False
        elif t.kind == "root":
            if spaced and out and out[-1][-1:].isalpha() and operand_end:
                out.append(" ")
            out.append(t.raw)
            operand_end = False
        elif t.kind in ("num", "word"):
            if t.kind == "num":
                text = _number_display(t.text)
                after = tokens[i + 1]
                if "·" in text and ((i and tokens[i - 1].kind == "op" and tokens[i - 1].text in "/^")
                                    or (after.kind == "op" and after.text == "^")):
                    text = f"({text})"  # x/1e-3 is x/(1·10⁻³), not x/1·10⁻³
            else:
                parts = _split_word(t.text, t.column, known, free_letters)
                # A name typed w₁ is shown w₁ (raw is text but for subscripts, unless sin^-1 became arcsin).
                typed = t.raw if ascii_digits(t.raw) == t.text else t.text
                # A family's names (w1 … w5, ``indexed``) are shown as the book prints them, w₁ … w₅.
                text = "".join(_SHOWN_CONSTANTS.get(name, shown_name(name) if name in indexed
                                                    else typed[col - t.column:col - t.column + len(name)])
                               for name, col in parts)
            # A space typed between two names stays (x sin(y)); elsewhere the juxtaposition
            # reads as it is (2x, 2(x + 1)).
            if spaced and out and out[-1][-1:].isalpha() and text[:1].isalpha():
                out.append(" ")
            out.append(text)
            operand_end = True
            calling = t.kind == "word" and function_suffix(t.text, FUNCTIONS) is not None
            i += 1
            continue
        elif t.kind == "(":
            if spaced and out and out[-1][-1:].isalpha() and operand_end:
                out.append(" ")
            out.append(t.text)
            depth += 1
            operand_end = False
        elif t.kind == ")":
            out.append(t.text)
            if divided == depth:
                divided = -1
            depth -= 1
            operand_end = True
        elif t.kind == "|":
            out.append("|")
            in_abs = not in_abs
            depth += 1 if in_abs else -1
            operand_end = not in_abs  # a closing bar ends an operand
        elif t.kind == ",":
            out.append(", ")
            operand_end = False
        i += 1
    terms = []
    for a, b in zip(starts, starts[1:] + [len(out)]):
        piece = "".join(out[a:b]).strip()
        terms.append(piece[2:] if piece.startswith("+ ") else piece.replace(f"{MINUS_SIGN} ", MINUS_SIGN, 1) if piece.startswith(f"{MINUS_SIGN} ") else piece)
    return "".join(out), tuple(terms)


def _parse(text: str, default_variables: tuple[str, ...], build) -> tuple:
    """The parse both readings share: (name, declared names or None, body tokens, the
    parser, the expression, its terms), each value made by ``build``."""
    if not isinstance(text, str):
        raise ParseError("the function must be text", None)
    if len(text) > MAX_LENGTH:
        raise ParseError(f"the function is too long ({len(text)} characters; at most {MAX_LENGTH})", MAX_LENGTH + 1)
    tokens = _tokenize(text)
    name, declared, body, eq_col = _split_declaration(tokens)
    body = inverse_functions(body, FUNCTIONS, ParseError, text)  # sin^-1(x) is arcsin(x)
    if body[0].kind == "end" and eq_col:
        raise ParseError(f"expected a function after '=' at column {eq_col}", eq_col)
    parser = _Parser(body, declared, name, tuple(default_variables), build)
    try:
        expression, terms = parser.parse()
    except RecursionError:  # pragma: no cover - MAX_DEPTH keeps us far from the limit
        raise ParseError("the function is nested too deeply", None) from None
    return name, declared, body, parser, expression, terms


def _variables_and_display(name: str, declared, body: list[_Token], parser: _Parser,
                           default_variables: tuple[str, ...]) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """The variables' names in order, the display and each term's display; raises where
    the function is named after one of its variables."""
    if declared is not None:
        names = tuple(declared)
    else:
        missing = max(0, len(default_variables) - len(parser.order))
        fill = [v for v in default_variables if v not in parser.order][:missing]
        seen = parser.order + fill

        appearance = family_order(seen)  # w3 + w1: w1 before w3 (a family by its index)

        def rank(v: str) -> tuple[int, tuple[int, int]]:
            preferred = _PREFERRED_ORDER.index(v) if v in _PREFERRED_ORDER else len(_PREFERRED_ORDER)
            return preferred, appearance(v)

        names = tuple(sorted(seen, key=rank))
    indexed = one_variable_names((t.text, t.raw or t.text) for t in body if t.kind == "word")
    display, term_displays = _display(body, parser.known, declared is None, indexed)
    if name in names:  # x = y: a function named after one of its own variables
        raise ParseError(f"'{name}' names the function and is also one of its variables: name it f, "
                         f"like f(x, y) = …", None)
    return names, display, term_displays


def parse_function(text: str, default_variables: tuple[str, ...] = ()) -> ParsedFunction:
    """Parse what a student typed into a sympy expression and its ordered variables.

    Accepts ``3x^2 + 2xy + y^2``, ``f(x, y) = …`` and ``L(w, b) = …`` (which declare the
    variables, in order, and the name).  Without a declaration the variables are the
    letters used, x, y, z first, then in order of appearance; ``default_variables`` fills
    in unused names up to its length (a surface bar passes ``("x", "y")`` so that ``x^2``
    is still a surface), and its indexed names are one variable each even before a power (a
    quiz answer 4w3^3 to a question in w1 … w5).  Raises :class:`ParseError` for anything else; never anything
    else, and never runs user text as code.
    """
    name, declared, body, parser, expression, terms = _parse(text, default_variables, SympyBuilder())
    if expression.has(sympy.zoo, sympy.nan) or expression.has(sympy.oo):
        raise ParseError("the function is undefined everywhere (it divides by zero)", None)
    names, display, term_displays = _variables_and_display(name, declared, body, parser, default_variables)
    # Equal (same name, same assumptions) to the symbols built while parsing.
    variables = tuple(make_symbol(v) for v in names)
    return ParsedFunction(
        expression=expression,
        variables=variables,
        name=name,
        terms=tuple(terms),
        declared=declared is not None,
        text=text,
        display=display,
        term_displays=term_displays if len(term_displays) == len(terms) else (),
    )


@dataclass(frozen=True)
class ParsedTree:
    """What the parser found, read without sympy: the parser's own tree (see
    :mod:`explorer.core.early_tree`) and the variables' names in the order
    :func:`parse_function` gives them; ``display``, ``term_displays``, ``name`` and
    ``declared`` are parse_function's own."""

    tree: object  #: an early_tree node
    variable_names: tuple[str, ...]
    name: str = "f"
    terms: tuple = ()  #: the top-level terms as typed, each a tree (a − term negated)
    declared: bool = False
    text: str = ""
    display: str = ""
    term_displays: tuple[str, ...] = ()


def parse_tree(text: str, default_variables: tuple[str, ...] = ()) -> ParsedTree:
    """:func:`parse_function`'s reading of ``text`` as the parser's own tree, with no
    sympy: the same variables in the same order, the same display and the same
    :class:`ParseError` for every mistake in the text.  What only sympy's algebra finds
    (x/(x − x) divides by zero) is let through here; the symbolic parse is the judge."""
    from .early_tree import TreeBuilder

    name, declared, body, parser, expression, terms = _parse(text, default_variables, TreeBuilder())
    names, display, term_displays = _variables_and_display(name, declared, body, parser, default_variables)
    return ParsedTree(
        tree=expression,
        variable_names=names,
        name=name,
        terms=tuple(terms),
        declared=declared is not None,
        text=text,
        display=display,
        term_displays=term_displays if len(term_displays) == len(terms) else (),
    )
