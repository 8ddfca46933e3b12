"""The function language: everything a lesson writes parses, the rest fails with a column."""

import pytest
import sympy

from explorer.core.expression import ParseError, parse_function

x, y, w, b = (sympy.Symbol(n, real=True) for n in "xywb")
E, pi = sympy.E, sympy.pi


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3x^2 + 2xy + y^2", 3 * x**2 + 2 * x * y + y**2),
        ("f(x, y) = 3x^2 + 2xy + y^2", 3 * x**2 + 2 * x * y + y**2),
        ("x sin(y)", x * sympy.sin(y)),
        ("2(x+1)(y-1)", 2 * (x + 1) * (y - 1)),
        ("e^(-x^2-y^2)", sympy.exp(-(x**2) - y**2)),
        ("sqrt(x^2+y^2)", sympy.sqrt(x**2 + y**2)),
        ("ln(x)", sympy.log(x)),
        ("log(x)", sympy.log(x)),
        ("abs(x)", sympy.Abs(x)),
        ("|x - y|", sympy.Abs(x - y)),
        ("tanh(xy)", sympy.tanh(x * y)),
        ("pi", pi),
        ("π x", pi * x),
        ("e", E),
        ("x²", x**2),
        ("x²y³", x**2 * y**3),
        ("x⁻¹", 1 / x),
        ("x·y", x * y),
        ("x × y ÷ 2", x * y / 2),
        ("−x", -x),
        ("1.5e-3 x", sympy.Rational(3, 2000) * x),
        ("2e^x", 2 * sympy.exp(x)),
        ("2e3", sympy.Integer(2000)),
        ("pix", pi * x),
        ("sinh(x)", sympy.sinh(x)),
        ("x**3", x**3),
        ("-x^2", -(x**2)),
        ("2^3^2", sympy.Integer(512)),
        ("e^-x", sympy.exp(-x)),
        ("1/2x", x / 2),
        ("0.5", sympy.Rational(1, 2)),
        ("[x + 1]{y}", (x + 1) * y),
    ],
)
def test_lesson_notation_parses(text, expected):
    assert sympy.simplify(parse_function(text).expression - expected) == 0


def test_declaration_sets_the_name_and_the_order_of_variables():
    parsed = parse_function("L(w, b) = (3 - 2w - b)^2")
    assert parsed.name == "L"
    assert [str(v) for v in parsed.variables] == ["w", "b"]
    assert parsed.expression == (3 - 2 * w - b) ** 2
    assert parsed.declared


def test_undeclared_variables_put_x_before_y_whatever_the_order_typed():
    assert [str(v) for v in parse_function("y^2 + x").variables] == ["x", "y"]
    assert [str(v) for v in parse_function("(3 - 2w - b)^2").variables] == ["w", "b"]


def test_default_variables_make_a_one_letter_function_a_surface():
    assert [str(v) for v in parse_function("y^2", ("x", "y")).variables] == ["x", "y"]
    assert [str(v) for v in parse_function("x^2", ("x", "y")).variables] == ["x", "y"]
    assert [str(v) for v in parse_function("x^2").variables] == ["x"]


def test_variables_are_real_so_the_derivative_of_abs_is_sign():
    parsed = parse_function("abs(x)")
    assert sympy.diff(parsed.expression, parsed.variables[0]) == sympy.sign(x)


def test_terms_are_kept_in_the_order_typed():
    parsed = parse_function("y^2 + 2xy + 3x^2")
    assert parsed.terms == (y**2, 2 * x * y, 3 * x**2)
    assert parse_function("x - y").terms == (x, -y)


@pytest.mark.parametrize(
    "text, column, words",
    [
        ("x +", 3, "expected a term after '+' at column 3"),
        ("(x + 1", 1, "missing ')'"),
        ("x + 1)", 6, "no '(' to close"),
        ("x $ y", 3, "unexpected character '$'"),
        ("sinx", 1, "write sin(x)"),
        ("f(x) = x + y", 12, "unknown name 'y'"),
        ("f(x) = x + q2", 12, "f's variables are x"),
        ("f(e, y) = e", 3, "constant"),
        ("f(x, x) = x", 6, "declared twice"),
        ("f(x) =", 6, "after '='"),
        ("x = y = 1", 7, "only one '='"),
        ("x ^ ^ 2", 3, "after '^'"),
        ("2 ×× x", 3, "after '×'"),
        ("()", 1, "empty parentheses"),
        ("1/0", 2, "division by zero"),
        ("sin(x, y)", 6, "one argument"),
        ("x²⁺", 2, "whole-number power"),
    ],
)
def test_bad_input_says_what_and_at_which_column(text, column, words):
    with pytest.raises(ParseError) as caught:
        parse_function(text)
    assert caught.value.column == column
    assert words in caught.value.message


def test_empty_text_asks_for_a_function():
    with pytest.raises(ParseError, match="type a function"):
        parse_function("   ")


def test_too_many_undeclared_letters_is_explained():
    with pytest.raises(ParseError, match="too many variables"):
        parse_function("abcdghijkmnp")  # 11 letters: more than MAX_VARIABLES


@pytest.mark.parametrize("text, column", [("2..3x", 3), ("1.2.3x", 4), ("2 3", 3), ("x^2 + 3 4y", 9)])
def test_a_number_right_after_another_factor_is_a_typo_not_a_product(text, column):
    with pytest.raises(ParseError) as error:
        parse_function(text)
    assert error.value.column == column
    assert "follows without an operator" in str(error.value)


@pytest.mark.parametrize("typed, shown", [
    ("f(x, y) = 3x^2 + 2xy + y^2", "3x² + 2xy + y²"),
    ("L(w, b) = (3 - 2w - b)^2", "(3 − 2w − b)²"),
    ("f(x, y) = (1 - x)^2 + 100(y - x^2)^2", "(1 − x)² + 100(y − x²)²"),
    ("x sin(y)", "x sin(y)"),
    ("e^(-x^2-y^2)", "e^(−x² − y²)"),
    ("2(x+1)(y-1)", "2(x + 1)(y − 1)"),
    ("1.5e-3x", "1.5·10⁻³x"),
    ("y - x", "y − x"),
    ("-x^2 + .5y", "−x² + 0.5y"),
    ("x**3 − 2*x*y", "x³ − 2·x·y"),
    ("x^-2 + |x| - |y|", "x⁻² + |x| − |y|"),
    ("e^-x + 2^x^2", "e^−x + 2^x²"),
    ("pi x + sqrt(x^2 + y^2)", "π x + sqrt(x² + y²)"),
    ("x²y³", "x²y³"),
    ("x/1e-3 + 1e-3^2 + x^2e-1", "x/(1·10⁻³) + (1·10⁻³)² + x^(2·10⁻¹)"),
])
def test_the_display_keeps_the_order_and_grouping_typed(typed, shown):
    parsed = parse_function(typed, ("x", "y"))
    assert parsed.display == shown
    # …and it is the same function: the display parses back to the same expression.
    again = parse_function(shown, tuple(str(v) for v in parsed.variables))
    assert sympy.simplify(again.expression - parsed.expression) == 0
