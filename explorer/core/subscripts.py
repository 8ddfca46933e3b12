"""Subscripted variable names — ``w1 … w10``, ``w₁ … w₅``, ``x_1`` — the lesson's many parameters.

The parser's rules for them, written down once:

- A letter followed by digits is one name: ``w1``, ``x2`` (as ever: ``x1 + x2``).  Digits
  *before* a letter are a coefficient: ``2x`` stays 2·x.
- Unicode subscript digits belong to the name they follow and mean the same digits: ``w₁``
  is the variable ``w1`` (the symbol's name is plain ASCII, as Python reads ``w₁`` as
  ``w1``), so ``L(w1, w2) = w₁^2 + w₂^2`` is one function of two variables.
- Right before a power a name ending in digits is ambiguous — ``x2^t`` may be x·2^t (see
  :func:`book_notation.digits_before_power`) — *unless* it is declared, typed with subscript
  digits (``w₁^2``), or one of a *family*: two or more names of one letter with different
  indices (``w1^2 + w2^2``), which no book writes for products of powers of 1, 2, ….
- The variables of one family are ordered by their index: ``w3 + w1 + w10 + w2`` has the
  variables w1, w2, w3, w10.
- They are shown as a book prints them: :func:`shown_name` writes ``w1`` and ``w_1`` as ``w₁``.

Nothing here evaluates text; the functions only look at names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["SUBSCRIPT_DIGITS", "ascii_digits", "one_variable_names", "family_order", "shown_name", "shown_names"]

SUBSCRIPT_DIGITS = "₀₁₂₃₄₅₆₇₈₉"
_TO_ASCII = str.maketrans(SUBSCRIPT_DIGITS, "0123456789")
_TO_SUBSCRIPT = str.maketrans("0123456789", SUBSCRIPT_DIGITS)
_INDEXED = re.compile(r"([A-Za-z])([0-9]+)")  # w1 inside a letter run such as xw1
_NAME_WITH_INDEX = re.compile(r"^([^\W\d_]+)_?([0-9]+)$")  # w1, w_1, θ2


def ascii_digits(text: str) -> str:
    """``text`` with subscript digits written as plain digits (``w₁₀`` → ``w10``): the same length."""
    return text.translate(_TO_ASCII)


def one_variable_names(words: Iterable[tuple[str, str]]) -> frozenset[str]:
    """The indexed names that are one variable even right before a power.

    ``words`` are the letter runs of a function's body as (text with plain digits, text as
    typed).  A name typed with subscript digits counts, and so does every member of a
    family (one letter, two or more indices: ``w1`` and ``w2``)."""
    typed: set[str] = set()
    by_letter: dict[str, set[str]] = {}
    for text, raw in words:
        for match in _INDEXED.finditer(text):
            name = match.group(0)
            by_letter.setdefault(match.group(1), set()).add(name)
            if raw[match.start():match.end()] != name:  # typed with subscript digits
                typed.add(name)
    family = {name for names in by_letter.values() if len(names) >= 2 for name in names}
    return frozenset(typed | family)


def family_order(names: list[str]):
    """A sort key for ``names`` (in order of first appearance) that keeps that order but
    puts the members of each family (w1, w2, …; two or more indices of one letter) by
    index, where the family's first member appeared: ``[w3, b, w1]`` → w1, w3, b."""
    indexed = {}
    for position, name in enumerate(names):
        match = _INDEXED.fullmatch(name)
        if match:
            indexed.setdefault(match.group(1), []).append((position, name))
    where: dict[str, tuple[int, int]] = {}
    for members in indexed.values():
        if len(members) >= 2:
            first = min(p for p, _ in members)
            for _, name in members:
                where[name] = (first, int(_INDEXED.fullmatch(name).group(2)))

    def key(name: str) -> tuple[int, int]:
        return where.get(name, (names.index(name), -1))

    return key


def shown_name(name: str) -> str:
    """A variable's name as a book prints it: ``w1`` → ``w₁``, ``w_10`` → ``w₁₀``, ``x`` → ``x``."""
    match = _NAME_WITH_INDEX.match(name)
    if match is None:
        return name
    return match.group(1) + match.group(2).translate(_TO_SUBSCRIPT)


def shown_names(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(shown_name(n) for n in names)
