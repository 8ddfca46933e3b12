"""The quiz's checker as a careful grader: every way of writing the right answer is right,
every plausible slip is wrong, and no answer (or question) makes it hang.

Each case is a question (a function and the variable to differentiate by) and a typed
answer, checked through :meth:`Question.check`, the path the quiz pane takes."""

import resource
import time

import pytest

from explorer.core.answer_check import Outcome, compare, number_value
from explorer.core.expression import parse_function
from explorer.core.quiz import Question, Quiz, QuizError, questions_from_text

# (the function, the variable, an answer a textbook or a student writes that is right)
EQUIVALENT = [
    # trig: the book answers first
    ("z = tan(2x - y)", "x", "2 sec^2(2x - y)"),
    ("z = tan(2x - y)", "x", "2sec(2x - y)^2"),
    ("z = tan(2x - y)", "x", "2/cos(2x - y)^2"),
    ("z = tan(2x - y)", "x", "2 + 2tan(2x - y)^2"),
    ("z = tan(2x - y)", "y", "-sec(2x - y)^2"),
    ("z = tan(2x - y)", "y", "-1/cos²(2x - y)"),
    ("z = tan(x + y)", "x", "sec^2(x + y)"),
    ("z = tan(x - y)", "y", "-sec(x - y)^2"),
    ("f(x, y) = sin(x)cos(y)", "x", "cos(x)cos(y)"),
    ("f(x, y) = sin(2x)", "x", "2cos^2(x) - 2sin^2(x)"),
    ("f(x, y) = sin(x)^2 + y", "x", "sin(2x)"),
    ("f(x, y) = sin(x + y)", "x", "cos(x)cos(y) - sin(x)sin(y)"),
    ("f(x, y) = cos(xy)", "y", "-x sin(xy)"),
    ("f(x, y) = 1/cos(x) + y", "x", "sec(x)tan(x)"),
    ("f(x, y) = cot(x) + y", "x", "-csc^2(x)"),
    ("f(x, y) = arctan(y/x)", "x", "-y/(x^2 + y^2)"),
    ("f(x, y) = sin^-1(x) + y", "x", "1/sqrt(1 - x^2)"),
    # hyperbolic
    ("f(x, y) = sinh(2x + 3y)", "x", "e^(2x + 3y) + e^(-2x - 3y)"),
    ("f(x, y) = sinh(2x + 3y)", "y", "3cosh(2x + 3y)"),
    ("f(x, y) = cosh(x) + y", "x", "(e^x - e^-x)/2"),
    ("f(x, y) = tanh(x) + y", "x", "1 - tanh(x)^2"),
    ("f(x, y) = tanh(x) + y", "x", "1/cosh^2(x)"),
    ("f(x, y) = sigmoid(x) + y", "x", "sigmoid(x)(1 - sigmoid(x))"),
    # exponential
    ("f(x, y) = e^(xy)", "x", "y e^(xy)"),
    ("f(x, y) = e^(x + y)", "x", "e^x e^y"),
    ("f(x, y) = e^(2x)", "x", "2(e^x)^2"),
    ("f(x, y) = 2^x + y", "x", "2^x ln(2)"),
    ("f(x, y) = x e^y", "y", "e^(y + ln(x))"),
    ("f(x, y) = e^(-x^2-y^2)", "x", "-2x/e^(x^2 + y^2)"),
    # logarithmic
    ("f(x, y) = ln(xy)", "x", "1/x"),
    ("f(x, y) = ln(x^2 + y^2)", "x", "2x/(x^2 + y^2)"),
    ("f(x, y) = x ln(y)", "y", "x/y"),
    ("f(x, y) = ln(x) + ln(y) + x", "x", "(1 + x)/x"),
    ("f(x, y) = x^y", "y", "x^y ln(x)"),
    ("f(x, y) = log(x^3) + y", "x", "3/x"),
    ("f(x, y) = ln(x - 10) + y", "x", "1/(x - 10)"),  # a domain far from the origin
    ("f(x, y) = sqrt(x - 12) + y", "x", "1/(2√(x - 12))"),
    # rational and roots
    ("f(x, y) = x/(x + y)", "x", "y/(x + y)^2"),
    ("f(x, y) = x/y", "y", "-x/y^2"),
    ("f(x, y) = 1/(x^2 + y^2)", "y", "-2y/(x^2 + y^2)^2"),
    ("f(x, y) = sqrt(x^2 + y^2)", "x", "x/√(x^2 + y^2)"),
    ("f(x, y) = √(xy)", "x", "y/(2√(xy))"),
    ("f(x, y) = cbrt(x) + y", "x", "1/(3cbrt(x)^2)"),
    ("f(x, y) = cbrt(x) + y", "x", "1/(3 ∛x²)"),
    ("f(x, y) = 3x^2 + 2y", "x", "6x + cbrt(x^3) - x"),
    # factored and expanded
    ("f(x, y) = (x + y)^3", "x", "3x^2 + 6xy + 3y^2"),
    ("f(x, y) = x^3 + 3x^2 y + 3x y^2", "x", "3(x + y)^2"),
    ("f(x, y) = (3 - 2x - y)^2", "x", "8x + 4y - 12"),
    ("f(x, y) = (x^2 - 1)(y + 2)", "x", "2xy + 4x"),
    ("f(x, y) = 3x^2 + 2y", "x", "(2x+2y+2)^12 (x+y+3)^12 - 4096 (x+y+1)^12 (x+y+3)^12 + 6x"),
    ("f(x, y) = x^20 + y", "x", "20x^19"),
    ("f(x, y) = 3x^2 + 2xy + y^2", "y", "2(x + y)"),
    # notation: = and spacing, products written every way
    ("f(x, y) = 3x^2 + 2y", "x", "∂f/∂x = 6·x"),
    ("f(x, y) = x y^2", "y", "2 * x * y"),
    ("f(x, y) = e^x sin(y)", "y", "e^xcos(y)"),
]

# (the function, the variable, a plausible wrong answer)
WRONG = [
    ("z = tan(2x - y)", "x", "sec^2(2x - y)"),  # the chain factor forgotten
    ("z = tan(2x - y)", "x", "-2sec^2(2x - y)"),  # a sign slip
    ("z = tan(2x - y)", "y", "sec(2x - y)^2"),
    ("z = tan(2x - y)", "x", "2sec(2x - y)"),  # the square forgotten
    ("z = tan(x + y)", "x", "sec(x + y)tan(x + y)"),
    ("f(x, y) = sin(x)cos(y)", "x", "-sin(x)sin(y)"),
    ("f(x, y) = sin(2x)", "x", "cos(2x)"),
    ("f(x, y) = sin(2x)", "x", "-2cos(2x)"),
    ("f(x, y) = cos(xy)", "y", "x sin(xy)"),
    ("f(x, y) = cos(3x + y)", "x", "-sin(3x + y)"),
    ("f(x, y) = 1/cos(x) + y", "x", "-sec(x)tan(x)"),
    ("f(x, y) = arctan(y/x)", "x", "y/(x^2 + y^2)"),
    ("f(x, y) = sinh(2x + 3y)", "x", "cosh(2x + 3y)"),
    ("f(x, y) = sinh(2x + 3y)", "x", "e^(2x + 3y) - e^(-2x - 3y)"),
    ("f(x, y) = cosh(x) + y", "x", "-sinh(x)"),
    ("f(x, y) = tanh(x) + y", "x", "1 + tanh(x)^2"),
    ("f(x, y) = e^(xy)", "x", "e^(xy)"),
    ("f(x, y) = e^(xy)", "x", "x e^(xy)"),
    ("f(x, y) = e^(2x)", "x", "e^(2x)"),
    ("f(x, y) = 2^x + y", "x", "x·2^(x - 1)"),
    ("f(x, y) = e^(-x^2-y^2)", "x", "2x e^(-x^2-y^2)"),
    ("f(x, y) = ln(x^2 + y^2)", "x", "1/(x^2 + y^2)"),
    ("f(x, y) = ln(x^2 + y^2)", "x", "2x/(x^2 + y)"),
    ("f(x, y) = ln(xy)", "x", "1/(xy)"),
    ("f(x, y) = x ln(y)", "y", "ln(y)"),
    ("f(x, y) = x^y", "y", "y x^(y - 1)"),
    ("f(x, y) = x/(x + y)", "x", "1"),
    ("f(x, y) = x/(x + y)", "x", "(2x + y)/(x + y)^2"),
    ("f(x, y) = x/(x + y)", "x", "y/(x + y)"),
    ("f(x, y) = x/y", "y", "x/y^2"),
    ("f(x, y) = 1/(x^2 + y^2)", "y", "-1/(x^2 + y^2)^2"),
    ("f(x, y) = sqrt(x^2 + y^2)", "x", "1/(2sqrt(x^2 + y^2))"),
    ("f(x, y) = cbrt(x) + y", "x", "1/(3cbrt(x))"),
    ("f(x, y) = (x + y)^3", "x", "3(x + y)"),
    ("f(x, y) = (x + y)^3", "x", "(x + y)^2"),
    ("f(x, y) = (3 - 2x - y)^2", "x", "2(3 - 2x - y)"),
    ("f(x, y) = 3x^2 + 2y", "x", "6x + 2"),  # the lesson's misconception
    ("f(x, y) = 3x^2 + 2y", "x", "3x"),
    ("f(x, y) = 3x^2 + 2y", "x", "6x^2"),
    ("f(x, y) = 3x^2 + 2y", "x", "(2x+2y+2)^12 (x+y+3)^12 - 4095 (x+y+1)^12 (x+y+3)^12 + 6x"),
    ("f(x, y) = 3x^2 + 2y", "x", "6.000001x"),
    ("f(x, y) = 3x^2 + 2xy + y^2", "y", "2x + y"),
    ("f(x, y) = x^20 + y", "x", "20x^20"),
    ("f(x, y) = e^x sin(y)", "y", "e^x sin(y)"),
    ("f(x, y) = abs(x) + y", "x", "1"),
    ("f(x, y) = ln(x - 10) + y", "x", "1/x"),
]


def _judged(function: str, variable: str, answer: str):
    """The verdict and the processor time the check took (not the wall clock: the test
    machine's other jobs do not count against the checker)."""
    question = Question(function, "partial", variable)
    started = time.process_time()
    verdict = question.check(answer)
    return verdict, time.process_time() - started


@pytest.mark.parametrize(("function", "variable", "answer"), EQUIVALENT)
def test_an_equivalent_form_is_right(function, variable, answer):
    verdict, seconds = _judged(function, variable, answer)
    assert verdict.right and verdict.text.startswith("✓"), verdict.text
    assert seconds < 2.0


@pytest.mark.parametrize(("function", "variable", "answer"), WRONG)
def test_a_plausible_slip_is_wrong(function, variable, answer):
    verdict, seconds = _judged(function, variable, answer)
    assert not verdict.right and not verdict.refused and verdict.text.startswith("✗"), verdict.text
    assert seconds < 2.0


def test_checking_is_quick_typically_and_never_slow():
    assert len(EQUIVALENT) >= 40 and len(WRONG) >= 40
    for function, variable, _ in EQUIVALENT + WRONG:  # parsing and differentiating the question is not the check
        Question(function, "partial", variable).expected()
    times = sorted(_judged(*case)[1] for case in EQUIVALENT + WRONG)
    assert times[len(times) // 2] <= 0.05, times[len(times) // 2]  # typical: the median check
    assert times[-1] < 2.0


def test_a_hostile_answer_is_refused_before_any_algebra():
    lesson = Quiz().question
    for huge in ("(x+1)^1000", "(x+y+1)^100 (x-y)^100", "sin(x)^999"):
        started = time.perf_counter()
        verdict = lesson.check(huge)
        assert verdict.refused and time.perf_counter() - started < 1.0, (huge, verdict.text)
    started = time.perf_counter()  # a tower of powers is small to write: judged, quickly
    assert not lesson.check("x^x^x^x^x^x").right and time.perf_counter() - started < 2.0


def _within_budget(job, seconds=5.0, megabytes=500):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = job()
    assert time.perf_counter() - started < seconds
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024 < megabytes
    return result


def test_the_answers_and_questions_that_hung_answer_within_5_s_and_500_mb():
    """#18 item 6: e^e^e^e^e to the ∇f question (over 600 s), and a teacher's (x+y+1)^1000
    answered 1000(x+y+2)^999 (60 s and 759 MB rising)."""
    gradient = Quiz().questions[2]
    verdict = _within_budget(lambda: gradient.check("e^e^e^e^e, 6"))
    assert not verdict.right and "e^e^e^e^e" in verdict.text
    teachers = _within_budget(lambda: questions_from_text(
        '{"questions": [{"function": "(x+y+1)^1000", "variable": "x"}]}'))[0]
    verdict = _within_budget(lambda: teachers.check("1000(x+y+2)^999"))
    assert not verdict.right and not verdict.refused
    assert _within_budget(lambda: teachers.check("1000(x+y+1)^999")).right


def test_a_question_where_f_has_no_real_value_is_refused_with_its_number_and_field():
    good = '{"function": "x^2 + y", "asks": "gradient", "at": [1, 1]}'
    for at in ("[-1, 1]", "[0, 1]"):
        with pytest.raises(QuizError, match=r"question 2, at: f has no real value at \((−1|0), 1\)"):
            questions_from_text(f'{{"questions": [{good}, {{"function": "ln(x) + y", "asks": "gradient", "at": {at}}}]}}')
    with pytest.raises(QuizError, match="question 1, at"):
        questions_from_text('{"questions": [{"function": "sqrt(x) + y", "variable": "x", "at": [-4, 0]}]}')
    assert questions_from_text('{"questions": [{"function": "ln(x) + y", "asks": "gradient", "at": [2, 1]}]}')


def test_where_both_sides_have_no_value_nothing_is_judged_and_a_number_beyond_a_float_is_refused():
    x, y = parse_function("x + y").variables
    assert compare(parse_function("ln(x) + ln(y)").expression, parse_function("ln(xy)").expression, (x, y)) is Outcome.SAME
    assert compare(parse_function("ln(-x^2 - 1)").expression, parse_function("0").expression, (x, y)) is Outcome.UNDECIDED
    verdict = Question("f(x, y) = 3x^2 + 2y", "partial", "x").check("ln(-x^2 - 1)")
    assert verdict.refused and not verdict.right  # never "wrong" for what cannot be tested
    assert number_value(parse_function("e^e^e^e^e").expression) != number_value(parse_function("e^e^e^e^e").expression)
    assert number_value(parse_function("cbrt(-8)").expression) == -2.0
    assert number_value(parse_function("sqrt(2)^2").expression) == 2.0


def test_the_lessons_misconception_and_the_chain_rules_slips_get_their_own_notes():
    lesson = Question("f(x, y) = 3x^2 + 2y", "partial", "x")
    assert lesson.check("6x + 2").text == (
        "✗ Not quite: 2y was differentiated by y (to 2), as if y were changing: for ∂f/∂x, y is held constant, "
        "so 2y is a constant and contributes 0.")
    by_y = Question("f(x, y) = x^2 - y^2 + 5y", "partial", "x").check("2x - 2y + 5").text
    assert "−y² was differentiated by y" in by_y and "5y was differentiated by y" in by_y
    assert "3y² was differentiated by y" in Question("f(x, y) = x^2 - 3x - 3y^2", "partial", "x").check("2x - 3 - 6y").text
    said = {
        ("f(x, y) = sin(3x + 2y)", "x", "cos(3x + 2y)"): "for sin(3x + 2y) the chain rule multiplies by the inside's "
                                                           "derivative, ∂/∂x of 3x + 2y = 3: 3cos(3x + 2y)",
        ("f(x, y) = cos(2x - y)", "x", "-sin(2x - y)"): "for cos(2x − y) the chain rule multiplies by the inside's "
                                                          "derivative, ∂/∂x of 2x − y = 2",
        ("f(x, y) = cos(x) + y", "x", "sin(x)"): "the derivative of cos is −sin",
        ("f(x, y) = ln(x^2 + 3y)", "x", "1/(x^2 + 3y)"): "for ln(x² + 3y) the chain rule multiplies by the inside's "
                                                         "derivative, ∂/∂x of x² + 3y = 2x",
        ("f(x, y) = x/(x + y)", "x", "((x + y) + x)/(x + y)^2"): "the quotient rule is (top′·bottom − top·bottom′)/bottom²",
        ("f(x, y) = x/(x + y)", "x", "1"): "the quotient rule",
    }
    for (function, variable, answer), note in said.items():
        verdict = Question(function, "partial", variable).check(answer)
        assert not verdict.right and note in verdict.text, (answer, verdict.text)


def test_the_first_hint_does_not_give_the_answer_away():
    question = Question("f(x, y) = 3x^2 + 2y", "partial", "x")
    hints = question.hints()
    assert hints[0] == ("For ∂f/∂x, differentiate term by term with y held constant: a term with no x is a "
                        "constant and contributes 0.")
    assert hints[1] == "Terms with x: 3x²; with no x (0): 2y."
    assert hints[2:] == ["∂/∂x of 3x² = 6x", "so ∂f/∂x = 6x"]
    assert "6x" not in hints[0] + hints[1]
