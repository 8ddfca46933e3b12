"""The lesson's quiz and endless practice, without Qt.

A :class:`Question` asks for a partial derivative (as a formula, or its value at a point),
the gradient at a point, the slope in a direction there, or the steepest direction
(:mod:`~explorer.core.quiz_directional`).  Answers are text in the function language, read by our own
parser (:func:`~explorer.core.expression.parse_function`: never ``eval`` or ``sympify``)
and checked as a careful grader would (:mod:`~explorer.core.answer_check`): ``6x``,
``x*6`` and ``2sec²(2x − y)`` against ``2/cos²(2x − y)`` are the same answer because they
agree at many random points; a number is right within the question's tolerance.  A wrong
answer is told what went wrong where the rule can tell (:mod:`~explorer.core.quiz_feedback`).

Questions come from a JSON file (``resources/quiz.json``, or a teacher's own, checked
whole by :func:`questions_from_text`) and, after them, from :class:`Practice`: generated
polynomial-style functions, the same for the same seed, so a class can share one.
"""

from __future__ import annotations

import functools
import math
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from .lazy_sympy import sympy

from .answer_check import Outcome, compare, number_value
from .calculus import Function, function_from_text
from .datafile import read_text, shown, strict_json
from .expression import ParseError, parse_function
from .notation import format_value, pretty
from .quiz_directional import (check_steepest, direction_phrase, directional_hints, directional_note, directional_slope,
                               steepest_answer_text, steepest_hints)
from .quiz_feedback import diagnose, hints
from .subscripts import ascii_digits, shown_name

__all__ = ["Question", "Verdict", "QuizError", "Practice", "Quiz", "questions_from_text", "read_questions",
           "lesson_questions", "KINDS"]

KINDS = ("partial", "gradient", "directional", "steepest")
MAX_ANSWER = 200  # characters: an answer is a short formula
MAX_ANSWER_POWER = 12  # no derivative asked here has a higher power
MAX_ANSWER_OPS = 60
MAX_QUESTIONS = 200
MAX_PROMPT = 300
TOLERANCE = 0.01  # a number within this of the true value is right (unless the question says otherwise)
_QUESTION_KEYS = {"function", "asks", "variable", "at", "direction", "tolerance", "prompt"}


class QuizError(ValueError):
    """A question file (or one question in it) that cannot be used; ``message`` names it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Verdict:
    """How an answer went: ``right``; ``text`` begins with ✓ or ✗ and says why."""

    right: bool
    text: str
    refused: bool = False  # the answer could not be read at all (it is not counted)


@dataclass(frozen=True)
class Question:
    """One question: ``asks`` ``"partial"`` (∂f/∂``variable``; a formula, or its value when
    ``at`` is given), ``"gradient"`` (∇f at ``at``, one number per variable),
    ``"directional"`` (the slope D_u f at ``at`` in ``direction``: a vector (a, b), used as
    u = (a, b)/|(a, b)|, or an angle in degrees) or ``"steepest"`` (the direction of
    steepest increase at ``at``; see :mod:`~explorer.core.quiz_directional`)."""

    function_text: str
    asks: str = "partial"
    variable: str | None = None
    at: tuple[float, ...] | None = None
    tolerance: float = TOLERANCE
    prompt_text: str = ""  # a teacher's own wording (plain text); else written from the fields
    function: Function = field(default=None, compare=False, repr=False)  # type: ignore[assignment]
    direction: tuple[float, float] | float | None = None  # a "directional" question's u: a vector, or degrees

    def __post_init__(self):
        if self.function is None:
            object.__setattr__(self, "function", function_from_text(self.function_text, ("x", "y")))

    # ------------------------------------------------------------------ wording
    @property
    def numeric(self) -> bool:
        return self.asks != "partial" or self.at is not None

    def _point_text(self) -> str:
        return "(" + ", ".join(format_value(c) for c in self.at) + ")"

    def prompt(self) -> str:
        """``For f(x, y) = 3x² + 2y, what is ∂f/∂x?``"""
        if self.prompt_text:
            return self.prompt_text
        f = self.function
        if self.asks == "steepest":
            return f"For {f.equation()}, which way is steepest uphill at {self._point_text()}?"
        if self.asks == "directional":
            asked = f"the slope at {self._point_text()} {direction_phrase(self.direction)}"
        elif self.asks == "gradient":
            asked = f"∇{f.name} at {self._point_text()}"
        else:
            asked = f"∂{f.name}/∂{shown_name(self.variable)}" + (f" at {self._point_text()}" if self.at is not None else "")
        tolerance = f" (to within {self.tolerance:g})" if self.numeric else ""
        return f"For {f.equation()}, what is {asked}?{tolerance}"

    def placeholder(self) -> str:
        """What a right answer looks like (the answer box's grey hint)."""
        if self.asks == "gradient":  # one number per variable
            return {1: "a number, e.g. 3", 2: "two numbers, e.g. 3, -1.5", 3: "three numbers, e.g. 3, -1.5, 2"}.get(
                len(self.function.variables), f"{len(self.function.variables)} numbers, e.g. 3, -1.5, 2, …")
        if self.asks == "steepest":
            return "a direction, e.g. (1, 2) or 63.4°"
        return "a number, e.g. 4.5" if self.at is not None else "a formula, e.g. 4x + y"

    # ------------------------------------------------------------------ the answer
    def expected(self) -> sympy.Expr | tuple[float, ...]:
        f = self.function
        if self.asks in ("gradient", "steepest"):  # steepest: the direction of ∇f (any positive multiple)
            return f.partials_at(self.at)
        if self.asks == "directional":
            return (directional_slope(f, self.at, self.direction),)
        if self.at is not None:
            return (f.partials_at(self.at)[f.variable_names.index(self.variable)],)
        return f.partial(self.variable)

    def answer_text(self) -> str:
        """The right answer, in lesson notation."""
        if self.asks == "steepest":
            return steepest_answer_text(self.function, self.at)
        expected = self.expected()
        if isinstance(expected, tuple):
            numbers = ", ".join(format_value(v) for v in expected)
            return f"({numbers})" if len(expected) > 1 else numbers
        return pretty(expected, self.function.variables)

    def check(self, text: str) -> Verdict:
        """Judge a typed answer.  Never raises; never runs the text."""
        if not isinstance(text, str) or not text.strip():
            return Verdict(False, "✗ Type an answer first.", refused=True)
        if len(text) > MAX_ANSWER:
            return Verdict(False, f"✗ That answer is {len(text)} characters long: an answer here is a short "
                                  f"formula (at most {MAX_ANSWER}).", refused=True)
        # "∂f/∂x = 6x" or "df/dx = 6x": the answer is what follows the last '='.
        body = text.rsplit("=", 1)[-1] if "=" in text else text
        try:
            if self.asks == "steepest":
                right, said, refused = check_steepest(self.function, self.at, body, _number_parts(body))
                return Verdict(right, ("✓ " if right else "✗ ") + said, refused)
            return self._check_numbers(body) if self.numeric else self._check_formula(body)
        except ParseError as error:
            at = f" at column {error.column + len(text) - len(body)}" if error.column else ""
            return Verdict(False, f"✗ That answer cannot be read{at}: {_without_column(error.message)}.", refused=True)
        except (ValueError, TypeError, ArithmeticError, RecursionError):
            return Verdict(False, "✗ That answer cannot be read as a formula.", refused=True)

    def _check_numbers(self, body: str) -> Verdict:
        expected = self.expected()
        parts = _number_parts(body)
        if len(parts) != len(expected):
            want = "one number" if len(expected) == 1 else f"{len(expected)} numbers, one per variable ({', '.join(map(shown_name, self.function.variable_names))})"
            return Verdict(False, f"✗ The answer is {want}: you gave {len(parts)}.", refused=True)
        given = []
        for part, offset in parts:
            try:
                parsed = parse_function(part)
            except ParseError as error:  # its column in the whole answer, not in the part
                raise ParseError(error.message, None if error.column is None else error.column + offset) from None
            if parsed.expression.free_symbols:
                return Verdict(False, f"✗ The answer here is a number: '{part.strip()}' still has "
                                      f"{', '.join(sorted(str(s) for s in parsed.expression.free_symbols))} in it "
                                      f"(put in the point {self._point_text()}).", refused=True)
            value = number_value(parsed.expression)
            if not math.isfinite(value):
                return Verdict(False, f"✗ '{part.strip()}' has no value as a real number here (it is undefined, "
                                      "or far beyond any answer).", refused=True)
            given.append(value)
        wrong = [i for i, (g, e) in enumerate(zip(given, expected)) if not abs(g - e) <= self.tolerance]
        shown = self.answer_text()
        if not wrong:
            return Verdict(True, f"✓ Right: {self._asked_symbol()} = {shown}.")
        hint = ""
        if self.asks == "directional":
            return Verdict(False, "✗ " + directional_note(self.function, self.at, self.direction, given[0], self.tolerance))
        if self.asks == "gradient" and len(given) == 2 and abs(given[0] - expected[1]) <= self.tolerance \
                and abs(given[1] - expected[0]) <= self.tolerance:
            hint = f" The two are swapped: ∇{self.function.name} lists ∂/∂{self.function.variable_names[0]} first."
        elif self.asks == "gradient":
            names = self.function.variable_names
            hint = " " + "; ".join(f"∂{self.function.name}/∂{shown_name(names[i])} is off" for i in wrong) + "."
        return Verdict(False, f"✗ Not quite.{hint} Try Hint for the term-by-term rule.")

    def _asked_symbol(self) -> str:
        f = self.function
        if self.asks == "gradient":
            return f"∇{f.name}{self._point_text()}"
        if self.asks == "directional":
            return f"D_u {f.name}{self._point_text()}"
        return f"∂{f.name}/∂{shown_name(self.variable)}" + (self._point_text() if self.at is not None else "")

    def _check_formula(self, body: str) -> Verdict:
        f = self.function
        parsed = parse_function(body, f.variable_names)
        stray = sorted(str(s) for s in parsed.expression.free_symbols if str(s) not in f.variable_names)
        if stray:
            return Verdict(False, f"✗ {', '.join(repr(s) for s in stray)} {'is' if len(stray) == 1 else 'are'} not "
                                  f"a variable of {f.signature()}.", refused=True)
        answer, expected = parsed.expression, self.expected()
        powers, operations = _limits_for(f.expression, expected)
        if _too_big(answer, powers, operations):
            return Verdict(False, "✗ That answer is far larger than any answer here (powers above "
                                  f"{powers} or a formula of over {operations} operations): "
                                  "differentiate term by term, and try Hint.", refused=True)
        outcome = compare(answer, expected, f.variables)
        if outcome is Outcome.SAME:
            return Verdict(True, f"✓ Right: ∂{f.name}/∂{shown_name(self.variable)} = {pretty(expected, f.variables)}.")
        if outcome is Outcome.UNDECIDED:  # never "wrong" for what could not be tested
            return Verdict(False, "✗ That answer has no real value at almost every point tried (a ln or √ of "
                                  "something negative?), so it cannot be checked: write it another way.", refused=True)
        return Verdict(False, "✗ " + diagnose(f, self.variable, answer, expected))

    def hints(self) -> list[str]:
        """The term-by-term rule, a line a Hint (see :func:`~explorer.core.quiz_feedback.hints`);
        for a direction, the rule D_u f = ∇f·u and its numbers."""
        if self.asks == "directional":
            return directional_hints(self.function, self.at, self.direction)
        if self.asks == "steepest":
            return steepest_hints(self.function, self.at)
        variables = [self.variable] if self.asks == "partial" else list(self.function.variable_names)
        return hints(self.function, variables, self.at, self._point_text() if self.at is not None else "")


def _without_column(message: str) -> str:
    return re.sub(r" at column \d+", "", message)


def _number_parts(body: str) -> list[tuple[str, int]]:
    """``(10, 6)`` → [("10", 1), (" 6", 4)]: the comma-separated parts of a numeric answer,
    each with its offset in ``body`` (one enclosing pair of brackets taken off, no more)."""
    stripped = body.strip()
    offset = len(body) - len(body.lstrip())
    pairs = {"(": ")", "[": "]", "⟨": "⟩", "<": ">"}
    if len(stripped) >= 2 and pairs.get(stripped[0]) == stripped[-1]:
        stripped, offset = stripped[1:-1], offset + 1
    parts, start = [], 0
    for piece in stripped.split(","):
        parts.append((piece, offset + start))
        start += len(piece) + 1
    return parts


def _highest_power(expression: sympy.Expr) -> float:
    return max([abs(float(p.exp)) for p in expression.atoms(sympy.Pow) if p.exp.is_number] or [1.0])


def _limits_for(function: sympy.Expr, expected: sympy.Expr) -> tuple[int, int]:
    """How large an answer to this question may be: powers and operations well beyond its
    function's and its right answer's (a teacher's x²⁰ question takes 20x¹⁹)."""
    powers = max(MAX_ANSWER_POWER, int(2 * _highest_power(function)) + 2)
    operations = max(MAX_ANSWER_OPS, 3 * int(sympy.count_ops(expected)) + 10)
    return powers, operations


def _too_big(expression: sympy.Expr, powers: int = MAX_ANSWER_POWER, operations: int = MAX_ANSWER_OPS) -> bool:
    """An answer no question here has (a power of 1000, a formula of hundreds of operations):
    refused before any algebra, which on it could take minutes."""
    if sympy.count_ops(expression) > operations:
        return True
    return _highest_power(expression) > powers


# ---------------------------------------------------------------------- files
def _point(at: tuple[float, ...]) -> str:
    return "(" + ", ".join(format_value(c) for c in at) + ")"


def _field_error(number: int, key: str, message: str) -> QuizError:
    return QuizError(f"question {number}, {shown(key)}: {message}")


def _question_from(number: int, data: Any) -> Question:
    if not isinstance(data, dict):
        raise QuizError(f"question {number} must be an object with a function and what it asks")
    unknown = sorted(set(data) - _QUESTION_KEYS)
    if unknown:
        raise _field_error(number, unknown[0], f"unknown key (a question has {', '.join(sorted(_QUESTION_KEYS))})")
    text = data.get("function")
    if not isinstance(text, str) or not text.strip():
        raise _field_error(number, "function", "must be the function's text, e.g. \"f(x, y) = 3x^2 + 2y\"")
    try:
        function = function_from_text(text, ("x", "y"))
    except ParseError as error:
        raise _field_error(number, "function", error.message) from None
    asks = data.get("asks", "partial")
    if asks not in KINDS:
        raise _field_error(number, "asks", f"must be one of {', '.join(KINDS)} (got {asks!r})")
    variable = data.get("variable")
    if isinstance(variable, str):
        variable = ascii_digits(variable.strip())  # "w₃" names the variable w3
    if asks == "partial":
        if not isinstance(variable, str) or variable not in function.variable_names:
            raise _field_error(number, "variable", f"must name a variable of {function.signature()} "
                                                   f"({', '.join(function.variable_names)}), got {variable!r}")
    elif variable is not None:
        raise _field_error(number, "variable", f"a {asks} question asks for every variable: leave it out")
    if asks in ("directional", "steepest") and len(function.variables) != 2:
        n = len(function.variables)
        raise _field_error(number, "asks", f"a {asks} question needs a function of two variables (a direction in the "
                                           f"plane); {function.signature()} has {n} variable{'s' * (n != 1)}")
    direction = _direction_from(number, asks, data.get("direction"))
    at = data.get("at")
    if at is not None or asks != "partial":
        # abs(c) <= 1e6 is exact for a 400-digit integer (never made a float first) and False for inf and nan.
        if (not isinstance(at, list) or len(at) != len(function.variables)
                or not all(isinstance(c, (int, float)) and not isinstance(c, bool) and abs(c) <= 1e6
                           for c in at)):
            example = "[" + ", ".join(str(k) for k in range(1, len(function.variables) + 1)) + "]"
            raise _field_error(number, "at", f"must be the point: {len(function.variables)} finite "
                                             f"number{'s' * (len(function.variables) != 1)}, like {example}")
        at = tuple(float(c) for c in at)
        if not math.isfinite(function.value_at(at)):
            raise _field_error(number, "at", f"{function.name} has no real value at {_point(at)}: ask at a point "
                                             "where it has one")
        if not all(math.isfinite(v) for v in function.partials_at(at)) or any(function.kinks_at(at)):
            raise _field_error(number, "at", f"{function.name} has no derivative there")
        if asks == "steepest" and not any(function.partials_at(at)):
            raise _field_error(number, "at", f"∇{function.name} is zero at {_point(at)}: no direction is steepest there")
    tolerance = data.get("tolerance", TOLERANCE)
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not 0 < tolerance <= 1e3:
        raise _field_error(number, "tolerance", "must be a positive number, like 0.01")
    prompt = data.get("prompt", "")
    if not isinstance(prompt, str) or len(prompt) > MAX_PROMPT:
        raise _field_error(number, "prompt", f"must be text of at most {MAX_PROMPT} characters")
    return Question(text, asks, variable, at, float(tolerance), prompt.strip(), function, direction)


def _direction_from(number: int, asks: str, direction: Any) -> tuple[float, float] | float | None:
    """A directional question's direction: [a, b] (not both 0) or an angle in degrees."""
    if asks != "directional":
        if direction is not None:
            raise _field_error(number, "direction", "only a directional question has a direction")
        return None
    if isinstance(direction, (int, float)) and not isinstance(direction, bool) and abs(direction) <= 1e6:
        return float(direction)
    if (isinstance(direction, list) and len(direction) == 2
            and all(isinstance(c, (int, float)) and not isinstance(c, bool) and abs(c) <= 1e6 for c in direction)
            and any(direction)):
        return (float(direction[0]), float(direction[1]))
    raise _field_error(number, "direction", "must be a vector [a, b] (not [0, 0]) or an angle in degrees, like 30")


def questions_from_text(text: str) -> list[Question]:
    """Every question of a question file's text (JSON: ``{"version": 1, "questions": [...]}``),
    or :class:`QuizError` naming the question and the field — nothing half loaded."""
    data = strict_json(text, "question", QuizError)
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise QuizError('a question file is {"version": 1, "questions": [ … ]}')
    unknown = sorted(set(data) - {"version", "questions", "title"})
    if unknown:
        raise QuizError(f"unknown key {unknown[0]!r} (a question file has version, title and questions)")
    if data.get("version", 1) != 1:
        raise QuizError(f"this question file is version {data.get('version')!r}; this app reads version 1")
    questions = data["questions"]
    if not questions or len(questions) > MAX_QUESTIONS:
        raise QuizError(f"a question file holds 1 to {MAX_QUESTIONS} questions (this one {len(questions)})")
    return [_question_from(number, q) for number, q in enumerate(questions, start=1)]


def read_questions(path) -> list[Question]:
    """The questions of a file (see :func:`questions_from_text`)."""
    return questions_from_text(read_text(path, "question", QuizError))


@functools.lru_cache(maxsize=1)
def _lesson_questions() -> tuple[Question, ...]:
    return tuple(_read_lesson_questions())


def lesson_questions() -> list[Question]:
    """The lesson's own questions (resources/quiz.json: three in x and y, then three in 3 and 5 variables), read once."""
    return list(_lesson_questions())


def _read_lesson_questions() -> list[Question]:
    from importlib.resources import files

    try:
        folder = files("explorer.resources")
    except ModuleNotFoundError:  # running from a checkout
        folder = Path(__file__).resolve().parents[2] / "resources"
    return questions_from_text(folder.joinpath("quiz.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------- practice
class Practice:
    """Endless generated questions, the same for the same ``seed``: a polynomial-style
    function of x and y (two or three terms, small whole coefficients and powers), a
    variable, and every third question or so a point to evaluate at."""

    def __init__(self, seed: int):
        self.seed = int(seed)

    def question(self, index: int) -> Question:
        rng = random.Random(f"gradient-explorer:{self.seed}:{index}")
        terms = []
        used = set()
        while len(terms) < rng.choice((2, 3, 3)):
            a = rng.choice((1, 2, 3, 4, 5, -1, -2, -3))
            px, py = rng.choice(((2, 0), (3, 0), (1, 1), (2, 1), (0, 2), (1, 0), (0, 1), (0, 3), (1, 2)))
            if (px, py) in used:
                continue
            used.add((px, py))
            terms.append(_monomial(a, px, py, first=not terms))
        if rng.random() < 0.3:
            terms.append(_constant(rng.choice((1, 2, 5, 7))))
        text = "f(x, y) = " + " ".join(terms)
        variable = rng.choice(("x", "y"))
        kind = rng.random()
        if kind < 0.2:
            return Question(text, "gradient", None, (float(rng.randint(-2, 2)), float(rng.randint(-2, 2))))
        if kind < 0.4:
            return Question(text, "partial", variable, (float(rng.randint(-2, 2)), float(rng.randint(-2, 2))))
        if kind < 0.55:
            return _direction_question(rng, text, steepest=kind >= 0.48)
        question = Question(text, "partial", variable)
        if question.expected() == 0 and index % 2:  # now and then a ∂ that is 0 is fine; not too often
            return Question(text, "partial", "y" if variable == "x" else "x")
        return question


#: Directions a practice question asks along: vectors with whole lengths (and (1, 1)), and round angles.
PRACTICE_DIRECTIONS = ((3.0, 4.0), (4.0, 3.0), (-3.0, 4.0), (4.0, -3.0), (5.0, 12.0), (1.0, 1.0), (1.0, -1.0),
                       (0.0, 1.0), (-1.0, 0.0), 30.0, 45.0, 60.0, 120.0, 135.0, 210.0)


def _direction_question(rng: random.Random, text: str, steepest: bool) -> Question:
    """A slope in a direction, or the steepest direction (at a point where ∇f is not 0)."""
    function = function_from_text(text, ("x", "y"))
    for _ in range(25):
        at = (float(rng.randint(-2, 2)), float(rng.randint(-2, 2)))
        if any(function.partials_at(at)):
            break
    if steepest and any(function.partials_at(at)):
        return Question(text, "steepest", None, at, function=function)
    return Question(text, "directional", None, at, function=function, direction=rng.choice(PRACTICE_DIRECTIONS))


def _monomial(a: int, px: int, py: int, first: bool) -> str:
    sign = ("-" if a < 0 else "") if first else ("- " if a < 0 else "+ ")
    coefficient = "" if abs(a) == 1 else str(abs(a))
    powers = "".join(f"{v}" + (f"^{p}" if p > 1 else "") for v, p in (("x", px), ("y", py)) if p)
    return f"{sign}{coefficient}{powers}"


def _constant(c: int) -> str:
    return f"+ {c}"


# ---------------------------------------------------------------------- the quiz
class Quiz:
    """Where a student is: the set's questions first, then practice; a score of right first
    answers over questions answered.  ``questions`` default to the lesson's own."""

    def __init__(self, questions: Sequence[Question] | None = None, seed: int = 1):
        self.questions = list(questions) if questions is not None else lesson_questions()
        self.practice = Practice(seed)
        self.index = 0
        self.right = 0
        self.answered = 0
        self._hints_shown = 0
        self._judged = False  # this question already counted

    @property
    def in_practice(self) -> bool:
        return self.index >= len(self.questions)

    @property
    def question(self) -> Question:
        if self.in_practice:
            return self.practice.question(self.index - len(self.questions))
        return self.questions[self.index]

    def heading(self) -> str:
        """``1 / 3 — For f(x, y) = 3x² + 2y, what is ∂f/∂x?`` (practice: ``practice 4 — …``)."""
        if self.in_practice:
            return f"practice {self.index - len(self.questions) + 1} — {self.question.prompt()}"
        return f"{self.index + 1} / {len(self.questions)} — {self.question.prompt()}"

    def score(self) -> str:
        return f"{self.right} / {self.answered}"

    def answer(self, text: str) -> Verdict:
        verdict = self.question.check(text)
        if not verdict.refused and not self._judged:
            self._judged = True
            self.answered += 1
            self.right += verdict.right
        return verdict

    def hint(self) -> list[str]:
        """The rule's lines shown so far (one more each call)."""
        lines = self.question.hints()
        self._hints_shown = min(len(lines), self._hints_shown + 1)
        return lines[: self._hints_shown]

    def next(self) -> None:
        self.index += 1
        self._hints_shown = 0
        self._judged = False

    def place(self) -> dict[str, int]:
        """Where the student is, as the lesson saves it (:data:`~explorer.core.lesson.DEFAULTS`' ``quiz``)."""
        return {"question": self.index, "right": self.right, "answered": self.answered, "seed": self.practice.seed}

    def go_to(self, place: dict[str, int]) -> None:
        """Back to a saved :meth:`place` (the question shown afresh: no hint, not yet answered)."""
        self.practice = Practice(place["seed"])
        self.index, self.right, self.answered = place["question"], place["right"], place["answered"]
        self._hints_shown = 0
        self._judged = False

    def restart(self, questions: Sequence[Question] | None = None, seed: int | None = None) -> None:
        if questions is not None:
            self.questions = list(questions)
        if seed is not None:
            self.practice = Practice(seed)
        self.index = self.right = self.answered = self._hints_shown = 0
        self._judged = False
