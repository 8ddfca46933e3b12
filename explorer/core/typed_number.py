"""A number as a person types it into a box, and a number written back so it reads the same.

What is read: an optional sign (``+``, ``-`` or U+2212 ``−``), digits with at most one
decimal separator (a point, or a comma where it is the only separator: ``2,5``), an
optional exponent (``1e-3``, ``2.5E+4``).  Groups of three digits may be set apart by a
space (``1 000 000``, also the no-break and thin spaces).  Nothing else: a character is
never dropped to make a number of the rest (``1/2`` is not 12, ``0x10`` is not 10,
``1_000`` is not read although Python's ``float`` would), and ``1,500`` is refused
because it could be 1500 or 1.5.  The value is Python's correctly rounded ``float`` of
the digits as typed; ``1e400`` is inf (beyond any box's range, refused there), and
``1e-400``, which a float would make 0, is refused.

What is written (:func:`write_number`): the shortest text that reads back as the same
float (``0.12345``, ``2.00004``, ``0.000001``, ``1e-9``), never rounded to a number of
decimals, so a box shows exactly what the lesson holds.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

__all__ = ["NotANumber", "parse_number", "read_number", "write_number"]

_SPACES = " \u00a0\u2009\u202f"  # space, no-break space, thin space, narrow no-break space
_MINUS = "\u2212"
_NUMBER = re.compile(
    rf"(?P<sign>[+\-{_MINUS}]?)"
    rf"(?P<whole>\d{{1,3}}(?:[{_SPACES}]\d{{3}})+|\d*)"
    r"(?:(?P<separator>[.,])(?P<fraction>\d*))?"
    rf"(?:[eE](?P<exponent>[+\-{_MINUS}]?\d+))?",
    re.ASCII,  # \d is 0-9: other scripts' digits are refused, not mixed in
)


class NotANumber(ValueError):
    """The text is not a number a box reads; ``str(error)`` says why, for the person who typed it."""


def parse_number(text: str) -> float:
    """The number ``text`` is (see the module docstring), or :class:`NotANumber` with the reason.

    ``parse_number("2,5")`` is 2.5; ``parse_number("−0.5")`` is -0.5; ``parse_number("1e400")``
    is inf; ``parse_number("1/2")`` raises."""
    typed = text.strip()
    match = _NUMBER.fullmatch(typed)
    if match is None or not (match["whole"] or match["fraction"]):
        raise NotANumber(f"'{typed}' is not a number")
    whole = re.sub(f"[{_SPACES}]", "", match["whole"])
    fraction = match["fraction"] or ""
    if (match["separator"] == "," and len(fraction) == 3 and 1 <= len(whole) <= 3 and whole[0] != "0"
            and whole == match["whole"]):
        raise NotANumber(f"'{typed}' could be {whole}{fraction} or {whole}.{fraction}: "
                         f"type it without the comma, or with a point")
    sign = "-" if match["sign"] in ("-", _MINUS) else ""
    exponent = (match["exponent"] or "0").replace(_MINUS, "-")
    # float() of the digits as typed: correctly rounded, however many digits.  A huge
    # exponent stays text for float() to make inf of, never evaluated as a power.
    value = float(f"{sign}{whole or '0'}.{fraction or '0'}e{exponent}")
    if value == 0 and (whole + fraction).strip("0"):
        raise NotANumber(f"'{typed}' is closer to 0 than a float can hold: type 0 if 0 is meant")
    return value


def read_number(text: str) -> float | None:
    """:func:`parse_number`, or None where ``text`` is not a number."""
    try:
        return parse_number(text)
    except NotANumber:
        return None


def write_number(value: float) -> str:
    """The shortest text :func:`parse_number` reads back as ``value`` exactly.

    Plain digits from 1e-6 up to 1e16 (``0.000001``, ``2.00004``, ``1500``), powers of ten
    beyond (``1e-9``, ``2.5e20``); ``-`` for minus, so the text can be edited and typed
    back; ``0`` for both zeros."""
    if isinstance(value, int) or (math.isfinite(value) and value == int(value) and abs(value) < 1e16):
        return str(int(value))
    if not math.isfinite(value):
        return "inf" if value > 0 else ("-inf" if value < 0 else "nan")
    shortest = repr(float(value))  # Python's shortest round-trip digits
    if 1e-6 <= abs(value) < 1e16:
        return format(Decimal(shortest), "f")  # the same digits, without the exponent
    mantissa, exponent = shortest.split("e")
    return f"{mantissa.removesuffix('.0')}e{int(exponent)}"
