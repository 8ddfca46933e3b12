"""The function language as students type it from their textbooks: each notation is read as
the book means it and shown as typed (or, where the typed form is ambiguous, shown so the
reading is visible); what cannot be read says what to write instead."""

import pytest
import sympy

from explorer.core.expression import ParseError, parse_function
from explorer.core.real_powers import cbrt as real_cbrt

x, y, r, s, t, u = (sympy.Symbol(n, real=True) for n in "xyrstu")


@pytest.mark.parametrize(
    ("text", "expected", "shown"),
    [
        ("2 sec^2(2x - y)", 2 * sympy.sec(2 * x - y) ** 2, "2sec²(2x − y)"),
        ("sec^2(u)", sympy.sec(u) ** 2, "sec²(u)"),
        ("sin^2(x) + cos^2(y)", sympy.sin(x) ** 2 + sympy.cos(y) ** 2, "sin²(x) + cos²(y)"),
        ("sin²(x)", sympy.sin(x) ** 2, "sin²(x)"),
        ("1 - tan^2(x)/2y", 1 - y * sympy.tan(x) ** 2 / 2, "1 − tan²(x)/2·y"),
        ("sin^-1(x)", sympy.asin(x), "arcsin(x)"),
        ("sin^(-1)(x)", sympy.asin(x), "arcsin(x)"),
        ("sin⁻¹(x) + y", sympy.asin(x) + y, "arcsin(x) + y"),
        ("tan^-1(y/x)", sympy.atan(y / x), "arctan(y/x)"),
        ("sinh^-1(x)", sympy.asinh(x), "asinh(x)"),
        ("xsin^-1(y)", x * sympy.asin(y), "xarcsin(y)"),
        ("e^xsin(y)", sympy.exp(x) * sympy.sin(y), "e^xsin(y)"),
        ("xarctan(y)", x * sympy.atan(y), "xarctan(y)"),
        ("ysqrt(x)", y * sympy.sqrt(x), "ysqrt(x)"),
        ("rscos(r)", r * s * sympy.cos(r), "rscos(r)"),
        ("√(x + y)", sympy.sqrt(x + y), "√(x + y)"),
        ("√x + y", sympy.sqrt(x) + y, "√x + y"),
        ("2√x y", 2 * sympy.sqrt(x) * y, "2√x y"),
        ("√x^2 + √y", sympy.Abs(x) + sympy.sqrt(y), "√x² + √y"),
        ("∛(x y)", real_cbrt(x * y), "∛(x y)"),  # the real cube root (cbrt(−8) = −2)
        ("y^2/2x", x * y**2 / 2, "y²/2·x"),
        ("y^2/(2x)", y**2 / (2 * x), "y²/(2x)"),
        ("1/2x + y", x / 2 + y, "1/2·x + y"),
        ("x/sin^2(y)", x / sympy.sin(y) ** 2, "x/sin²(y)"),
        ("(x/2)y", x * y / 2, "(x/2)y"),
        ("x2 + y", sympy.Symbol("x2", real=True) + y, "x2 + y"),
        ("f(x2, y) = x2^y", sympy.Symbol("x2", real=True) ** y, "x2^y"),
    ],
)
def test_a_book_notation_is_read_as_meant_and_shown_as_typed(text, expected, shown):
    parsed = parse_function(text)
    assert parsed.expression == expected  # structurally: the same tree, not only an equal value
    assert parsed.display == shown


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x2^t", "'x2^t' is ambiguous: for x times 2^t write x·2^t"),
        ("x2^y + 1", "'x2^y' is ambiguous: for x times 2^y write x·2^y"),
        ("f(x, t) = x2^t", "write x·2^t"),
        ("sin x", "expected '(' after 'sin' at column 1: write sin(x)"),
        ("sin y", "write sin(y)"),
        ("cos^2 x", "expected '(' after 'cos^2' at column 1: write cos^2(x)"),
        ("ln^-1(x)", "'ln^-1' at column 1 is ambiguous: for 1/ln(x) write that"),
        ("sin^x(y)", "a book writes a whole-number power, like sin^2(x)"),
        ("√", "expected what to take the root of after '√' at column 1"),
        ("sni(x)", "unknown function 'sni' at column 1: did you mean sin?"),
    ],
)
def test_what_cannot_be_read_says_what_to_write(text, message):
    with pytest.raises(ParseError) as error:
        parse_function(text)
    assert message in error.value.message


def test_an_undeclared_x2_before_a_power_never_becomes_a_variable():
    with pytest.raises(ParseError):
        parse_function("x2^y", ("x", "y"))
    assert [str(v) for v in parse_function("f(x1, x2) = x1^2 + x2^2").variables] == ["x1", "x2"]
