"""Functions of n variables (#24): the parser's names (w1 … w10, w₁ … w₅, b), the partials
in n variables against hand-derived answers, and textbook exercises in three variables typed
as printed."""

import json
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
     "w₁² + w₂² + w₃² + w₄² + w₅²"),
    # Undeclared: two indices of one letter are a family of names, not w·1², w·2².
    ("w1^2 + w2^2 + w3^2", ["w1", "w2", "w3"], "w₁² + w₂² + w₃²"),
    # Subscript digits are the same name as plain ones; a family is shown with subscripts.
    ("L = w₁^2 + w₂^2 + b^2", ["w1", "w2", "b"], "w₁² + w₂² + b²"),
    ("L(w₁, w₂) = w1^2 + w₂^2", ["w1", "w2"], "w₁² + w₂²"),
    ("w₁₀^2 + 2w₂", ["w2", "w10"], "w₁₀² + 2w₂"),
    # A family is ordered by its index (w10 after w9, not after w1); x, y, z still first.
    ("w3 + w1 + w10 + w2 + b", ["w1", "w2", "w3", "w10", "b"], "w₃ + w₁ + w₁₀ + w₂ + b"),
    ("b + z + x1 + x2", ["z", "b", "x1", "x2"], "b + z + x₁ + x₂"),
    # Unchanged: 2x is 2·x; x2 alone is a name, shown as typed; x2y is x2·y.
    ("2x", ["x"], "2x"),
    ("x2y", ["y", "x2"], "x2y"),
    ("xyzw", ["x", "y", "z", "w"], "xyzw"),
])
def test_n_variable_names_are_read_in_order_and_shown_as_the_book_prints_them(text, variables, shown):
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


# ----------------------------------------------------------------------------- the lesson's numbers


def test_the_gradient_of_x3yz2_at_1_1_1_is_3_1_2():
    f = function_from_text("f(x, y, z) = x^3yz^2")
    assert f.gradient_at((1, 1, 1)) == (3.0, 1.0, 2.0)


@pytest.mark.parametrize("text", ["L = w1^2 + w2^2 + w3^2 + w4^2 + w5^2", "L = w₁^2 + w₂^2 + w₃^2 + w₄^2 + w₅^2",
                                  "L(w1, w2, w3, w4, w5) = w1^2 + w2^2 + w3^2 + w4^2 + w5^2"])
@pytest.mark.parametrize("w", [(1, 2, 3, 4, 5), (-0.5, 0, 0.25, 7, -3)])
def test_the_seeds_five_parameter_loss_has_gradient_2w(text, w):
    loss = function_from_text(text)
    assert loss.variable_names == ("w1", "w2", "w3", "w4", "w5")
    assert loss.gradient_at(w) == tuple(2.0 * c for c in w)


def test_the_lesson_loss_in_w_and_b_is_unchanged():
    loss = function_from_text("L(w, b) = (3 − 2w − b)²")
    assert loss.variable_names == ("w", "b") and loss.gradient_at((0, 0)) == (-12.0, -6.0)
    assert loss.equation() == "L(w, b) = (3 − 2w − b)²"


# Published three-variable exercises (Stewart-style, §14.3) typed as printed, with the book's
# partials worked by hand at a point: (text, point, [∂/∂x, ∂/∂y, ∂/∂z] there).
TEXTBOOK = [
    ("f(x, y, z) = xe^{yz}", (2, 0, 3), [1, 6, 0]),  # e^{yz}, xz e^{yz}, xy e^{yz}
    ("f(x, y, z) = xyz", (1, 2, 3), [6, 3, 2]),
    ("f(x, y, z) = x^2y^3z^4", (1, 2, 1), [16, 12, 32]),  # 2xy³z⁴, 3x²y²z⁴, 4x²y³z³
    ("w = ln(x + 2y + 3z)", (1, 1, 1), [1 / 6, 2 / 6, 3 / 6]),
    ("f(x, y, z) = sin(xy) + cos(yz)", (1, math.pi, 0), [-math.pi, -1, 0]),  # y cos xy; x cos xy − z sin yz; −y sin yz
    ("f(x, y, z) = y/(x + y + z)", (1, 1, 1), [-1 / 9, 2 / 9, -1 / 9]),
    ("w = sqrt(x^2 + y^2 + z^2)", (1, 2, 2), [1 / 3, 2 / 3, 2 / 3]),  # x/r, y/r, z/r with r = 3
    ("u = xy sin^-1(yz)", (2, 1, 0), [0, 0, 2]),  # y asin(yz); x asin(yz) + xyz/√(1−y²z²); xy²/√(1−y²z²)
    ("f(x, y, z) = e^(xyz)", (1, 2, 0), [0, 0, 2]),  # yz e^{xyz}, xz e^{xyz}, xy e^{xyz}
    ("f(x, y, z) = (x^2 + y^2)/z", (1, 2, 1), [2, 4, -5]),  # 2x/z, 2y/z, −(x² + y²)/z²
    ("f(x, y, z) = tan(x + 2y + 3z)", (0, 0, 0), [1, 2, 3]),  # sec²(x + 2y + 3z)·(1, 2, 3)
    ("f(x, y, z) = x cos(y/z)", (1, math.pi, 2), [0, -0.5, math.pi / 4]),  # cos(y/z); −x sin(y/z)/z; xy sin(y/z)/z²
    ("f(x, y, z) = x^3yz^2 + 2yz", (1, 1, 1), [3, 3, 4]),
]


@pytest.mark.parametrize(("text", "point", "book"), TEXTBOOK, ids=[t for t, _, _ in TEXTBOOK])
def test_three_variable_textbook_exercises_match_the_books_partials(text, point, book):
    f = function_from_text(text)
    assert f.variable_names == ("x", "y", "z")
    assert f.partials_at(point) == pytest.approx(book, abs=1e-12)


def test_every_partial_term_by_term_with_its_substitution_line():
    from explorer.core.partials_readout import partials_readout

    readout = partials_readout(function_from_text("f(x, y, z) = x^3yz^2 + 2yz"), (1, 1, 1))
    assert [row.label for row in readout.rows] == ["∂f/∂x", "∂f/∂y", "∂f/∂z"]
    assert readout.rows[0].rules == (("x³yz²", "3x²yz²", False), ("2yz", "0", True))
    assert readout.rows[2].line == "= 2x³yz + 2y = 2(1)³(1)(1) + 2(1) = 4"
    assert [row.value for row in readout.rows] == [3, 3, 4]
    seed = partials_readout(function_from_text("L = w₁^2 + w₂^2 + b^2"), (3, -1, 0.5))
    assert [row.label for row in seed.rows] == ["∂L/∂w₁", "∂L/∂w₂", "∂L/∂b"]
    assert seed.rows[0].line == "= 2w₁ = 2(3) = 6" and seed.rows[2].line == "= 2b = 2(0.5) = 1"
    assert "  w₂² → 0 (no w₁: a constant)" in seed.lines()


# ----------------------------------------------------------------------------- descent and the command line

from explorer.cli import main  # noqa: E402
from explorer.core.descent import descend  # noqa: E402
from explorer.core.optimizers import KINDS, Optimizer  # noqa: E402
from test_optimizers import LR, by_hand  # noqa: E402  (torch.optim's rules, written out per coordinate)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# f(x, y, z) = x² + 2y² + 3z² and the seed's five-parameter loss: ∇ by hand.
BOWL3 = ("f(x, y, z) = x^2 + 2y^2 + 3z^2", (1.0, -2.0, 0.5), lambda p: [2 * p[0], 4 * p[1], 6 * p[2]])
SEED5 = ("L = w₁^2 + w₂^2 + w₃^2 + w₄^2 + w₅^2", (1.0, 2.0, -3.0, 4.0, -5.0), lambda p: [2 * c for c in p])


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("text", "start", "grad"), [BOWL3, SEED5], ids=["3 variables", "5 variables"])
def test_descent_in_n_variables_is_torch_optims_rule_step_for_step(kind, text, start, grad):
    f = function_from_text(text)
    ours = descend(f, LR, start, 5, optimizer=Optimizer(kind, LR), gradient_tolerance=0.0).iterates[1:]
    for step, (a, b) in enumerate(zip(ours, by_hand(kind, start, grad, steps=5)), start=1):
        assert tuple(a) == pytest.approx(b, abs=1e-12, rel=0), f"{kind} step {step}"


def test_cli_grad_in_three_variables(capsys):
    code, out, _ = run(capsys, "grad", "f(x, y, z) = x^3yz^2", "--at", "1,1,1", "--json")
    data = json.loads(out)
    assert code == 0 and data["variables"] == ["x", "y", "z"] and data["gradient"] == [3.0, 1.0, 2.0]
    assert data["gradient_norm"] == pytest.approx(math.sqrt(14))
    code, out, _ = run(capsys, "grad", "x^3yz^2", "--at", "1,1,1", "--terms")
    assert code == 0 and "∇f     [3.0000, 1.0000, 2.0000]" in out
    assert "∂f/∂z: x³yz² → 2x³yz" in out and "  = 2x³yz = 2(1)³(1)(1) = 2" in out


def test_cli_grad_in_five_variables_names_the_partials_as_the_book_does(capsys):
    code, out, _ = run(capsys, "grad", "L = w₁^2 + w₂^2 + w₃^2 + w₄^2 + w₅^2", "--at", "1,2,3,4,5")
    assert code == 0
    assert "at (w₁, w₂, w₃, w₄, w₅) = (1, 2, 3, 4, 5)" in out
    assert "∂L/∂w₅  2w₅ = 10.0000" in out and "∇L      [2.0000, 4.0000, 6.0000, 8.0000, 10.0000]" in out


@pytest.mark.parametrize("kind", ["gd", "adam"])
@pytest.mark.parametrize(("text", "start", "grad"), [BOWL3, SEED5], ids=["3 variables", "5 variables"])
def test_cli_descend_in_n_variables(capsys, kind, text, start, grad):
    code, out, _ = run(capsys, "descend", text, "--start", ",".join(map(str, start)), "--lr", str(LR),
                       "--steps", "4", "--optimizer", kind, "--json")
    data = json.loads(out)
    assert code == 0 and len(data["variables"]) == len(start) and data["steps"] == 4
    for a, b in zip(data["iterates"][1:], by_hand(kind, start, grad, steps=4)):
        assert a == pytest.approx(b, abs=1e-12, rel=0)
    code, out, _ = run(capsys, "descend", text, "--start", ",".join(map(str, start)), "--lr", str(LR), "--optimizer", kind)
    assert code == 0 and "converged" in out.splitlines()[-2 if "curvature" in out else -1]


@pytest.mark.parametrize(("argv", "said"), [
    (["grad", "x + y", "--at", "1,2,3,4"], "f(x, y, z) has 3 variables, but the point has 4 coordinates"),
    (["grad", "x", "--at", ",".join("1" * 11)], "the point has 11 coordinates: the explorer handles functions of up to 10"),
    (["grad", "x + y + z", "--at", "1,2,3", "--steepest"],
     "--direction and --steepest need a function of two variables and --at x,y (f(x, y, z) has 3 variables"),
    (["animate", "x + y + z", "--start", "1,2,3", "-o", "run.gif"],
     "animate draws a curve of x or a surface of x and y; f(x, y, z) has 3 variables: explorer descend runs it"),
    (["render", "x + y + z", "--at", "1,2,3", "-o", "surface.png"], "render draws a surface: give a function of x and y"),
])
def test_cli_says_what_is_wrong_with_a_point_of_n_coordinates(capsys, argv, said):
    code, _, err = run(capsys, *argv)
    assert code == 2 and said in err and "Traceback" not in err


# ----------------------------------------------------------------------------- the quiz

from explorer.core.quiz import QuizError, questions_from_text  # noqa: E402


def quiz_file(*questions) -> str:
    return json.dumps({"version": 1, "questions": list(questions)})


def test_a_quiz_file_asks_in_three_and_five_variables_and_checks_n_numbers():
    three, five, partial = questions_from_text(quiz_file(
        {"function": "f(x, y, z) = x^2y + yz^3", "asks": "gradient", "at": [1, 2, -1]},
        {"function": "L(w1, w2, w3, w4, w5) = w1^2 + w2^2 + w3^2 + w4^2 + w5^2", "asks": "partial", "variable": "w₃",
         "at": [0, 0, 1.5, 0, 0]},
        {"function": "L = w₁^2w₂ + w₃^3 + w₄w₅", "asks": "partial", "variable": "w3"}))
    # ∇(x²y + yz³) = (2xy, x² + z³, 3yz²) = (4, 0, 6) at (1, 2, −1).
    assert three.placeholder() == "three numbers, e.g. 3, -1.5, 2"
    assert three.check("4, 0, 6").right and three.check("[4, 0, 6]").right
    said = three.check("4, 6, 0")
    assert not said.right and "∂f/∂y is off; ∂f/∂z is off" in said.text
    assert three.check("4, 0").text == "✗ The answer is 3 numbers, one per variable (x, y, z): you gave 2."
    assert five.prompt() == ("For L(w₁, w₂, w₃, w₄, w₅) = w₁² + w₂² + w₃² + w₄² + w₅², what is ∂L/∂w₃ at "
                             "(0, 0, 1.5, 0, 0)? (to within 0.01)")
    assert five.check("3").right and not five.check("1.5").right
    # A formula in subscripted names, typed either way (4w3^3 is not ambiguous in a question in w1 … w5).
    assert partial.check("3w3^2").right and partial.check("3w₃²").right
    assert partial.check("∂L/∂w₃ = 3w₃^2").right
    assert partial.check("w₃^3").text == "✗ Not quite: w₃³ was left as it is: differentiate it, to 3w₃²."
    assert "differentiate term by term with w₁, w₂, w₄ and w₅ held constant" in partial.hints()[0]


@pytest.mark.parametrize(("question", "said"), [
    ({"function": "f(x, y, z) = xyz", "asks": "gradient", "at": [1, 2]},
     "question 1, at: must be the point: 3 finite numbers, like [1, 2, 3]"),
    ({"function": "f(x, y, z) = xyz", "asks": "steepest", "at": [1, 2, 3]},
     "question 1, asks: a steepest question needs a function of two variables (a direction in the plane); "
     "f(x, y, z) has 3 variables"),
    ({"function": "f(x, y, z) = xyz", "asks": "directional", "at": [1, 2, 3], "direction": [1, 0]},
     "a directional question needs a function of two variables"),
    ({"function": "L = w₁^2 + w₂^2", "asks": "partial", "variable": "w3"},
     "question 1, variable: must name a variable of L(w₁, w₂) (w1, w2), got 'w3'"),
])
def test_a_quiz_file_in_n_variables_that_cannot_be_used_says_which_question_and_field(question, said):
    with pytest.raises(QuizError) as error:
        questions_from_text(quiz_file(question))
    assert said in error.value.message


# ----------------------------------------------------------------------------- presets


def test_many_variable_presets_parse_and_their_notes_numbers_are_true():
    from explorer.core.presets import many_variable_presets, surface_presets

    presets = {p.name: p for p in many_variable_presets()}
    assert len(presets) >= 3
    for p in presets.values():
        f = function_from_text(p.function)
        assert 3 <= len(f.variables) <= MAX_VARIABLES and len(p.point) == len(f.variables), p.name
        settings = p.settings()
        assert set(p.shown) <= set(f.variable_names) and len(set(p.shown)) == 2, p.name
        (x0, y0), (lo_x, hi_x), (lo_y, hi_y) = settings["point"], p.x_range, p.y_range
        assert lo_x <= x0 <= hi_x and lo_y <= y0 <= hi_y, p.name
        assert len(settings["held"]) == len(f.variables) - 2
    seed = presets["Five weights: L = Σᵢ wᵢ² (w₁² + … + w₅²)"]
    assert function_from_text(seed.function).gradient_at(seed.point) == pytest.approx([3, -1, 1.6, -2.4, 0.6])
    assert "[3, −1, 1.6, −2.4, 0.6]" in seed.note
    three = presets["Three variables x³yz²"]
    assert function_from_text(three.function).gradient_at(three.point) == (3.0, 1.0, 2.0) and "[3, 1, 2]" in three.note
    features = presets["Two features: L = (5 − 2w₁ − w₂ − b)²"]
    assert function_from_text(features.function).gradient_at(features.point) == (-20.0, -10.0, -10.0)
    assert features.settings() == {"function": features.function, "shown": ("w1", "b"), "x_range": (-1, 3),
                                   "y_range": (-1, 3), "point": (0.0, 0.0), "held": (0.0,)}
    # The surface's own menu keeps to two variables until the surface shows n.
    assert all(len(function_from_text(p.function).variables) == 2 for p in surface_presets())
