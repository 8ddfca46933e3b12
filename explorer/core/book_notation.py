"""How textbooks print functions, read as they mean it: the parser's extra lexing rules.

- ``sin^-1(x)``, ``sin^(-1)(x)`` and ``sin⁻¹(x)`` are arcsin (likewise cos, tan and the
  hyperbolic three): :func:`inverse_functions` rewrites the word, so the display says
  *arcsin(x)* and nobody reads it as 1/sin(x).  ``ln^-1(x)`` and the like are refused with
  the fix (``1/ln(x)``): a book never means an inverse there, and a reciprocal is written so.
- ``sec^2(u)``, ``sin²(x)`` (a whole-number power on a function's name) is (sec u)²: read
  by the parser's ``call`` (see :func:`function_power`).
- ``√x``, ``√(x + y)`` and ``∛x`` are square and cube roots of the factor that follows,
  its power included (``√x²`` is √(x²), as ``-x²`` is −(x²)).
- ``x2^t`` is refused: a letter and digits are one name (x2, as in x1, x2), but before a
  power a book means x·2^t; the message says to write that (:func:`digits_before_power`).

Tokens are the parser's ``_Token`` (kind, text, column, raw); nothing here evaluates text.
"""

from __future__ import annotations

import re

__all__ = ["INVERSES", "ROOTS", "inverse_functions", "function_suffix", "digits_before_power"]

#: f^-1 → the inverse's name as the language spells it.
INVERSES = {"sin": "arcsin", "cos": "arccos", "tan": "arctan", "sinh": "asinh", "cosh": "acosh", "tanh": "atanh"}
#: Root signs → the function they name.
ROOTS = {"√": "sqrt", "∛": "cbrt"}

_NAME_AND_DIGITS = re.compile(r"([A-Za-z])([0-9]+)$")


def function_suffix(word: str, functions) -> str | None:
    """The longest function name ``word`` ends with (``xsin`` → ``sin``), else None."""
    for name in sorted(functions, key=len, reverse=True):
        if word.endswith(name):
            return name
    return None


def _minus_one_at(tokens: list, i: int) -> int:
    """How many tokens from ``i`` spell -1 (``-`` ``1``) or (-1) (``(`` ``-`` ``1`` ``)``); 0 if not."""
    def is_(k, kind, text=None):
        return k < len(tokens) and tokens[k].kind == kind and (text is None or tokens[k].text == text)

    if is_(i, "op", "-") and is_(i + 1, "num", "1"):
        return 2
    if is_(i, "(") and is_(i + 1, "op", "-") and is_(i + 2, "num", "1") and is_(i + 3, ")"):
        return 4
    return 0


def inverse_functions(tokens: list, functions, error, source: str) -> list:
    """``tokens`` with each ``sin ^ -1`` (or ``^(-1)``, ``⁻¹``) made the word ``arcsin``
    (the prefix of a letter run kept: ``xsin^-1`` → ``xarcsin``); ``error(message, column)``
    is raised for a ``^-1`` on a function that has no inverse here.  ``source`` is the text
    the tokens' columns point into (the new word keeps what was typed as its ``raw``)."""
    out = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if t.kind == "word" and nxt is not None and nxt.kind == "op" and nxt.text == "^":
            name = function_suffix(t.text, functions)
            span = _minus_one_at(tokens, i + 2) if name else 0
            if span:
                if name not in INVERSES:
                    raise error(f"'{name}^-1' at column {t.column + len(t.text) - len(name)} is ambiguous: for "
                                f"1/{name}(x) write that", t.column)
                last = tokens[i + 1 + span]
                end = last.column + len(last.raw or last.text)
                word = t.text[: len(t.text) - len(name)] + INVERSES[name]
                out.append(type(t)("word", word, t.column, source[t.column - 1:end - 1]))
                i += 2 + span
                continue
        out.append(t)
        i += 1
    return out


def digits_before_power(word: str, next_token, declared, exponent_token=None) -> str | None:
    """The message for ``x2^t`` (a name ending in digits, then ``^``), or None: ``x2`` is a
    variable's name (x1, x2) except right before a power, where a book means x·2^t."""
    if next_token is None or next_token.kind != "op" or next_token.text != "^":
        return None
    match = _NAME_AND_DIGITS.search(word)
    if match is None or (declared is not None and match.group(0) in declared):
        return None
    letter, digits = match.groups()
    power = exponent_token.text if exponent_token is not None and exponent_token.kind in ("word", "num") else "…"
    return (f"'{match.group(0)}^{power}' is ambiguous: for {letter} times {digits}^{power} write "
            f"{letter}·{digits}^{power}; for a variable named {match.group(0)}, declare it: f({match.group(0)}, y) = …")
