"""Functions of n variables (#24): the parser's names (w1 … w10, w₁ … w₅, b), the partials
in n variables against hand-derived answers, and textbook exercises in three variables typed
as printed."""

import math

import pytest
import sympy

from explorer.core import function_from_text
from explorer.core.expression import MAX_VARIABLES, ParseError, parse_function
from explorer.core.subscripts import shown_name


def names(text: str) -> list[str]:
    return [str(v) for v in parse_function(text).variables]


# ----------------------------------------------------------------------------- names


@pytest.mark.parametrize(("text", "variables", "shown"), [
    ("f(x, y, z) = x^3yz^2", ["x", "y", "z"], "x³yz²"),
    ("x^3yz^2", ["x", "y", "z"], "x³yz²"),
    ("L(w1, w2, w3, w4, w5) = w1^2 + w2^2 + w3^2 + w4^2 + w5^2", ["w1", "w2", "w3", "w4", "w5"],
     "w1² + w2² + w3² + w4² + w5²"),
    # Undeclared: two indices of one letter are a family of names, not w·1², w·2².
    ("w1^2 + w2^2 + w3^2", ["w1", "w2", "w3"], "w1² + w2² + w3²"),
    # Subscript digits are the same name as plain ones, shown as typed.
    ("L = w₁^2 + w₂^2 + b^2", ["w1", "w2", "b"], "w₁² + w₂² + b²"),
    ("L(w₁, w₂) = w1^2 + w₂^2", ["w1", "w2"], "w1² + w₂²"),
    ("w₁₀^2 + 2w₂", ["w2", "w10"], "w₁₀² + 2w₂"),
    # A family is ordered by its index (w10 after w9, not after w1); x, y, z still first.
    ("w3 + w1 + w10 + w2 + b", ["w1", "w2", "w3", "w10", "b"], "w3 + w1 + w10 + w2 + b"),
    ("b + z + x1 + x2", ["z", "b", "x1", "x2"], "b + z + x1 + x2"),
    # Unchanged: 2x is 2·x; x2 alone is a name; x2y is x2·y.
    ("2x", ["x"], "2x"),
    ("x2y", ["y", "x2"], "x2y"),
    ("xyzw", ["x", "y", "z", "w"], "xyzw"),
])
def test_n_variable_names_are_read_and_shown_as_typed(text, variables, shown):
    parsed = parse_function(text)
    assert names(text) == variables
    assert parsed.display == shown


def test_w1_typed_with_subscripts_or_digits_is_one_variable():
    a = parse_function("L = w₁^2 + w₂^2 + b^2")
    b = parse_function("L(w1, w2, b) = w1^2 + w2^2 + b^2")
    assert a.expression == b.expression and a.variables == b.variables


def test_a_lone_x2_before_a_power_is_still_ambiguous():
    with pytest.raises(ParseError, match="'x2\\^t' is ambiguous"):
        parse_function("x2^t")
    with pytest.raises(ParseError, match="write x·2\\^t"):
        parse_function("f(x, t) = x2^t")


def test_ten_variables_parse_and_eleven_are_refused_with_the_column():
    ten = "+".join(f"w{i}^2" for i in range(1, 10)) + " + b"
    assert len(parse_function(ten).variables) == MAX_VARIABLES == 10
    with pytest.raises(ParseError) as error:
        parse_function("abcdghijkmnp")  # 11 letters before the 12th
    assert "too many variables" in error.value.message and "up to 10 variables" in error.value.message
    assert error.value.column == 11
    declared = "f(" + ", ".join(f"x{i}" for i in range(11)) + ") = x0"
    with pytest.raises(ParseError) as error:
        parse_function(declared)
    assert error.value.message == "too many variables at column 3: at most 10" and error.value.column == 3


def test_an_unknown_subscripted_name_says_the_declared_ones():
    with pytest.raises(ParseError) as error:
        parse_function("L(w₁, w₂) = w₁^2 + w₃^2")
    assert error.value.message == "unknown name 'w3' at column 20: L's variables are w1, w2"
    assert error.value.column == 20


@pytest.mark.parametrize(("name", "shown"), [("w1", "w₁"), ("w_10", "w₁₀"), ("x", "x"), ("b", "b"), ("w_b", "w_b")])
def test_indexed_names_are_shown_with_subscripts(name, shown):
    assert shown_name(name) == shown
