"""The quiz, driven with real key presses: right, wrong and equivalent answers, the feedback
that teaches, hints, Show me, the score, endless seeded practice, and question files."""

import json
import math
import re
import time

import pytest
from PySide6.QtCore import Qt

from explorer.core.quiz import Practice, Quiz, QuizError, questions_from_text
from helpers import make_window, type_function


@pytest.fixture
def quiz(window, qtbot):
    """The quiz pane, opened as a teacher would (View ▸ Quiz, Ctrl+3)."""
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.quiz_panel.isVisible())
    return window.quiz_panel


def answer(qtbot, quiz, text: str) -> str:
    box = quiz.answer_input
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    return quiz.feedback.text()


def test_the_lessons_first_question_right_wrong_and_equivalent(window, quiz, qtbot):
    assert quiz.question.text() == "1 / 6 — For f(x, y) = 3x² + 2y, what is ∂f/∂x?"
    for right in ("6x", "x*6", "6·x", "6 * x", "(3*2)x"):
        assert answer(qtbot, quiz, right).startswith("✓"), right
    assert answer(qtbot, quiz, "6x + 2").startswith("✗")
    assert answer(qtbot, quiz, "6x + 2y") == "✗ Not quite: 2y has no x: it is a constant and contributes 0."
    assert "power rule brings the 2 down" in answer(qtbot, quiz, "3x")
    assert answer(qtbot, quiz, "2") == "✗ That is ∂f/∂y; the question asks for ∂f/∂x."
    assert quiz.score.text() == "score 1 / 1"  # the first answer counts
    # Typing in the answer box never plays, steps or resets the descent (Space, →, R).
    assert window.lesson.run.steps == 0 and not window.descent_panel.play_button.isChecked()


def test_a_hostile_answer_is_refused_and_nothing_runs(window, quiz, qtbot, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    said = answer(qtbot, quiz, "__import__('os').system('touch PWNED')")
    assert said.startswith("✗ That answer cannot be read at column 1")
    assert not (tmp_path / "PWNED").exists()
    assert quiz.score.text() == "score 0 / 0"  # unreadable: not counted
    assert answer(qtbot, quiz, "6z") == "✗ 'z' is not a variable of f(x, y)."


def test_three_questions_a_score_hints_and_show_me(window, quiz, qtbot):
    answer(qtbot, quiz, "6x")
    qtbot.mouseClick(quiz.next_button, Qt.MouseButton.LeftButton)
    assert quiz.question.text().startswith("2 / 6 — ") and quiz.question.text().endswith("what is ∂f/∂y?")
    assert answer(qtbot, quiz, "0").startswith("✗")
    qtbot.mouseClick(quiz.next_button, Qt.MouseButton.LeftButton)
    assert quiz.question.text() == "3 / 6 — For f(x, y) = 3x² + 2xy + y², what is ∇f at (1, 2)? (to within 0.01)"
    # The hints go from the rule, to which terms hold the variable, to each term's derivative.
    qtbot.mouseClick(quiz.hint_button, Qt.MouseButton.LeftButton)
    assert quiz.hints.text() == "∇f lists the partial derivatives: ∂f/∂x, ∂f/∂y, each with the other variable held constant."
    for _ in range(2):
        qtbot.mouseClick(quiz.hint_button, Qt.MouseButton.LeftButton)
    assert quiz.hints.text().splitlines()[1:] == ["Terms with x: 3x², 2xy; with no x (0): y².", "∂/∂x of 3x² = 6x"]
    assert "swapped" in answer(qtbot, quiz, "6, 10")
    assert quiz.score.text() == "score 1 / 3"
    qtbot.mouseClick(quiz.show_button, Qt.MouseButton.LeftButton)
    assert window.lesson.function.text == "f(x, y) = 3x^2 + 2xy + y^2" and window.lesson.point == (1.0, 2.0)
    assert window.readout.dfdx_value.text() == "10.0000"  # the readout shows the answer's numbers
    qtbot.mouseClick(quiz.next_button, Qt.MouseButton.LeftButton)
    # Then the lesson's many variables: ∇ of x³yz² at (1, 1, 1), one number per variable.
    assert quiz.question.text() == "4 / 6 — For f(x, y, z) = x³yz², what is ∇f at (1, 1, 1)? (to within 0.01)"
    assert quiz.answer_input.placeholderText() == "three numbers, e.g. 3, -1.5, 2"
    assert answer(qtbot, quiz, "3, 1") == "✗ The answer is 3 numbers, one per variable (x, y, z): you gave 2."
    assert answer(qtbot, quiz, "(3, 1, 2)") == "✓ Right: ∇f(1, 1, 1) = (3, 1, 2)."
    qtbot.mouseClick(quiz.next_button, Qt.MouseButton.LeftButton)
    assert quiz.question.text() == "5 / 6 — For f(x, y, z) = xe^(yz), what is ∂f/∂z?"
    assert answer(qtbot, quiz, "xy e^(yz)") == "✓ Right: ∂f/∂z = xy·e^(yz)."
    qtbot.mouseClick(quiz.next_button, Qt.MouseButton.LeftButton)
    assert quiz.question.text().startswith("6 / 6 — For L(w₁, w₂, w₃, w₄, w₅) = w₁² + w₂² + w₃² + w₄² + w₅², what is ∇L at "
                                           "(1, −2, 0.5, 3, −1)?")
    assert answer(qtbot, quiz, "2, -4, 1, 6, 2").startswith("✗ Not quite. ∂L/∂w₅ is off")  # ∇L = 2w
    assert quiz.score.text() == "score 3 / 6"
    qtbot.mouseClick(quiz.next_button, Qt.MouseButton.LeftButton)
    assert quiz.question.text().startswith("practice 1 — ")
    assert quiz.question.text().endswith(Practice(1).question(0).prompt())


def test_practice_is_the_same_for_the_same_seed(window, quiz, qtbot):
    same = [Practice(2024).question(i).prompt() for i in range(25)]
    assert same == [Practice(2024).question(i).prompt() for i in range(25)]
    assert same != [Practice(2025).question(i).prompt() for i in range(25)]
    assert len(set(same)) > 20  # not one question over and over
    # In the pane: the class's seed typed in, the lesson's six skipped, the same questions.
    quiz.seed.lineEdit().selectAll()
    qtbot.keyClicks(quiz.seed.lineEdit(), "2024")
    qtbot.keyClick(quiz.seed.lineEdit(), Qt.Key.Key_Return)
    for _ in range(6):
        qtbot.mouseClick(quiz.next_button, Qt.MouseButton.LeftButton)
    for i in range(3):
        assert quiz.question.text() == f"practice {i + 1} — {same[i]}"
        qtbot.mouseClick(quiz.next_button, Qt.MouseButton.LeftButton)


def test_every_practice_question_accepts_its_own_answer_and_refuses_a_wrong_one():
    practice = Practice(7)
    kinds = set()
    for i in range(80):
        question = practice.question(i)
        kinds.add((question.asks, question.at is not None))
        assert question.check(question.answer_text()).right, (question.prompt(), question.answer_text())
        downhill = ", ".join(str(-c) for c in question.expected()) if question.asks == "steepest" else ""
        wrong = {"gradient": "1000, 1000", "directional": "1000", "steepest": downhill,  # −∇f: the way down
                 }.get(question.asks, "1000" if question.numeric else f"{question.answer_text()} + 1000x")
        verdict = question.check(wrong)
        assert not verdict.right and not verdict.refused, (question.prompt(), wrong)
    assert kinds == {("partial", False), ("partial", True), ("gradient", True), ("directional", True), ("steepest", True)}


def test_a_teachers_question_file_loads_and_a_bad_one_changes_nothing(window, quiz, tmp_path):
    good = tmp_path / "friday.json"
    good.write_text(json.dumps({"version": 1, "questions": [
        {"function": "L(w, b) = (3 - 2w - b)^2", "asks": "partial", "variable": "w"},
        {"function": "x^2 y", "asks": "partial", "variable": "y", "at": [3, 1], "tolerance": 0.5,
         "prompt": "How steep is x²y along y at (3, 1)?"}]}), encoding="utf-8")
    assert quiz.load_questions(good)
    assert quiz.question.text() == "1 / 2 — For L(w, b) = (3 − 2w − b)², what is ∂L/∂w?"
    assert quiz.quiz.question.check("-4(3 - 2w - b)").right and quiz.quiz.question.check("8w + 4b - 12").right
    before = quiz.quiz.questions
    bad = {
        "wrong type": ({"questions": [{"function": 3, "variable": "x"}]}, "question 1, function"),
        "unknown key": ({"questions": [{"function": "x^2", "variable": "x", "answer": "2x"}]}, "question 1, answer: unknown key"),
        "no parse": ({"questions": [{"function": "x^2", "variable": "x"}, {"function": "x +", "variable": "x"}]},
                     "question 2, function: expected a term after '+'"),
        "code": ({"questions": [{"function": "__import__('os').system('touch PWNED')", "variable": "x"}]},
                 "question 1, function: unexpected character '_'"),
        "a variable it lacks": ({"questions": [{"function": "x^2 + y", "variable": "z"}]}, "question 1, variable"),
        "a gradient with no point": ({"questions": [{"function": "x^2 + y", "asks": "gradient"}]}, "question 1, at"),
        "a huge point": ({"questions": [{"function": "x^2 + y", "asks": "gradient", "at": [1e300, 0]}]}, "question 1, at"),
        "not a question file": ([1, 2], "a question file is"),
    }
    for name, (data, said) in bad.items():
        path = tmp_path / f"{name.replace(' ', '-')}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        assert quiz.load_questions(path) is False, name
        assert said in quiz.message.text() and quiz.message.text().endswith("The questions are as they were."), (name, quiz.message.text())
        assert quiz.quiz.questions is before
    (tmp_path / "junk.json").write_bytes(b"\x00\xff" * 100)
    assert not quiz.load_questions(tmp_path / "junk.json") and "not text" in quiz.message.text()
    assert not (tmp_path / "PWNED").exists()


def test_the_lessons_questions_come_from_resources():
    questions = Quiz().questions
    assert [q.prompt() for q in questions][0] == "For f(x, y) = 3x² + 2y, what is ∂f/∂x?"
    assert len(questions) == 6 and questions[2].asks == "gradient" and questions[2].at == (1.0, 2.0)
    assert [len(q.function.variables) for q in questions] == [2, 2, 2, 3, 3, 5]  # then the many variables
    with pytest.raises(QuizError, match="version"):
        questions_from_text('{"version": 2, "questions": [{"function": "x", "variable": "x"}]}')


def test_feedback_blames_only_what_accounts_for_the_whole_mistake_and_huge_answers_are_refused():
    from explorer.core.quiz import Question

    q = Question("f(x, y) = -2y^2 + y^3 + xy^2", "partial", "y")
    assert q.check("2xy + y^2").text == "✗ Not quite: −2y² was left as it is: differentiate it, to −4y."
    assert q.check("-4y + 3y^2 + 2xy").right
    lesson = Quiz().question
    assert lesson.check("3x^2 + 2y").text == ("✗ Not quite: 3x² was left as it is: differentiate it, to 6x; "
                                              "2y has no x: it is a constant and contributes 0.")
    assert Question("f(x, y) = 2y + x^2", "partial", "y").check("2y").text.endswith("2y was left as it is: differentiate it, to 2.")
    for huge in ("(x+1)^1000", "sin(x)^999", "(x+y+1)^100", "(sin(x)+cos(y))^40"):
        verdict = lesson.check(huge)  # refused before any algebra (which took minutes on these)
        assert verdict.refused and "far larger than any answer here" in verdict.text, huge
    assert Question("f(x, y) = x^20 + y", "partial", "x").check("20x^19").right  # a teacher's big power is fine
    assert lesson.check("x^2000").text == "✗ That answer cannot be read at column 2: the power is too large (at most 1000)."
    gradient = Quiz().questions[2]
    assert gradient.check("(6+4), 6").right and gradient.check("[10, 6]").right
    assert gradient.check("10, 6+").text == "✗ That answer cannot be read at column 6: expected a term after '+'."


def test_after_next_the_cursor_is_in_the_answer_box_and_enter_after_a_right_answer_moves_on(window, quiz, qtbot):
    box = quiz.answer_input
    qtbot.mouseClick(quiz.next_button, Qt.MouseButton.LeftButton)  # Next clicked with the mouse …
    assert quiz.question.text().startswith("2 / 6 — ")
    qtbot.waitUntil(box.hasFocus)  # … and the cursor is in the answer box, not on Next
    qtbot.keyClicks(box, "2 + 0")  # a Space typed goes into the answer: no question skipped
    assert box.text() == "2 + 0" and quiz.question.text().startswith("2 / 6 — ")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert quiz.feedback.text() == "✓ Right: ∂f/∂y = 2."
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter again: on to the next question
    assert quiz.question.text().startswith("3 / 6 — ") and box.text() == "" and box.hasFocus()
    qtbot.keyClicks(box, "1, 1")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert quiz.feedback.text().startswith("✗")
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter after a wrong answer stays on the question
    assert quiz.question.text().startswith("3 / 6 — ") and quiz.score.text() == "score 1 / 2"


def test_show_me_is_one_edit_and_says_how_to_go_back(window, quiz, qtbot):
    type_function(qtbot, window, "x^2 - y^2")  # the student's own function
    edits = []
    window.lesson.events.changed.connect(edits.append)
    qtbot.mouseClick(quiz.show_button, Qt.MouseButton.LeftButton)
    assert window.lesson.function.text == "f(x, y) = 3x^2 + 2y" and window.lesson.point == (1.0, 2.0)
    assert len(edits) == 1 and "function" in edits[0]  # one ordinary lesson edit: undoable whole
    assert quiz.message.text() == ("The surface shows f(x, y) = 3x² + 2y at (1, 2). "
                                   "Edit ▸ Undo (Ctrl+Z) brings your function back.")


def test_the_quizs_place_and_score_are_saved_with_the_lesson(window, quiz, qtbot, tmp_path):
    answer(qtbot, quiz, "6x")
    qtbot.keyClick(quiz.answer_input, Qt.Key.Key_Return)  # on to question 2
    answer(qtbot, quiz, "0")
    qtbot.mouseClick(quiz.next_button, Qt.MouseButton.LeftButton)
    path = tmp_path / "half-way.json"
    assert window.save_lesson(path)
    assert json.loads(path.read_text(encoding="utf-8"))["quiz"] == {"question": 2, "right": 1, "answered": 2, "seed": 1}
    other = make_window(qtbot)
    assert other.open_lesson(path)
    assert other.quiz_panel.question.text().startswith("3 / 6 — ") and other.quiz_panel.score.text() == "score 1 / 2"
    # A lesson saved before any quiz opens at the first question.
    fresh = tmp_path / "fresh.json"
    fresh.write_text('{"version": 1, "function": "x^2 + y^2"}', encoding="utf-8")
    assert other.open_lesson(fresh)
    assert other.quiz_panel.question.text().startswith("1 / 6 — ") and other.quiz_panel.score.text() == "score 0 / 0"
    bad = tmp_path / "bad-quiz.json"
    bad.write_text('{"version": 1, "quiz": {"question": 1, "right": 5, "answered": 2, "seed": 1}}', encoding="utf-8")
    assert not other.open_lesson(bad) and other.quiz_panel.question.text().startswith("1 / 6 — ")


def test_an_answer_that_once_hung_gets_its_verdict_at_once(window, quiz, qtbot):
    """#18 item 6: e^e^e^e^e to the ∇f question had no verdict after 600 s, the window blocked."""
    for _ in range(2):
        qtbot.mouseClick(quiz.next_button, Qt.MouseButton.LeftButton)
    assert quiz.question.text().startswith("3 / 6 — ")
    started = time.monotonic()
    said = answer(qtbot, quiz, "e^e^e^e^e, 6")
    assert time.monotonic() - started < 5.0
    assert said == ("✗ 'e^e^e^e^e' has no value as a real number here (it is undefined, or far beyond any answer).")
    assert quiz.score.text() == "score 0 / 0"  # refused, not counted
    assert answer(qtbot, quiz, "10, 6").startswith("✓")


LESSON_F = "f(x, y) = 3x^2 + 2xy + y^2"


def test_the_slope_in_the_direction_3_4_over_5_is_10_8_and_using_3_4_as_it_is_gets_its_note():
    question = questions_from_text(json.dumps({"questions": [
        {"function": LESSON_F, "asks": "directional", "at": [1, 2], "direction": [3, 4]}]}))[0]
    assert question.prompt() == "For f(x, y) = 3x² + 2xy + y², what is the slope at (1, 2) along (3, 4)/5? (to within 0.01)"
    for right in ("10.8", "54/5", "10(0.6) + 6(0.8)", "D_u f = 10.8", "10.80"):
        assert question.check(right).right, right
    slip = question.check("54")  # ∇f·(3, 4): the direction never normalised
    assert not slip.right and "u must be a unit vector" in slip.text and "length 5" in slip.text
    assert "|∇f|, the steepest slope" in question.check("11.66").text
    assert "∂f/∂x alone" in question.check("10").text
    assert "paired the wrong way" in question.check(str(10 * 0.8 + 6 * 0.6)).text
    assert question.check("7").text == "✗ Not quite. Try Hint: D_u f = ∇f·u, with u a unit vector."
    assert question.hints()[-1] == "so D_u f = 10(0.6) + 6(0.8) = 10.8"
    by_angle = questions_from_text(json.dumps({"questions": [
        {"function": LESSON_F, "asks": "directional", "at": [1, 2], "direction": 30}]}))[0]
    assert "what is the slope at (1, 2) along θ = 30°?" in by_angle.prompt() and by_angle.check("11.66").right
    assert "degree mode" in by_angle.check(f"{10 * math.cos(30) + 6 * math.sin(30)}").text  # cos 30 in radians


def test_which_direction_is_steepest_takes_every_form_of_grad_f_and_explains_the_wrong_ones():
    question = questions_from_text(json.dumps({"questions": [
        {"function": LESSON_F, "asks": "steepest", "at": [1, 2]}]}))[0]
    assert question.prompt() == "For f(x, y) = 3x² + 2xy + y², which way is steepest uphill at (1, 2)?"
    for right in ("(10, 6)", "5, 3", "(0.8575, 0.5145)", "u = (0.8575, 0.5145)", "30.96°", "31 deg", "0.5404 rad",
                  "(10/sqrt(136), 6/sqrt(136))", "-329.04°"):
        assert question.check(right).right, right
    assert "−∇f, the steepest way down" in question.check("(-10, -6)").text
    assert "swapped" in question.check("(6, 10)").text
    assert "along the level curve" in question.check("(-6, 10)").text
    assert "D_u f = 10, less than |∇f| = 11.6619" in question.check("(1, 0)").text
    for refused in ("0, 0", "1, 2, 3", "north"):
        verdict = question.check(refused)
        assert verdict.refused and not verdict.right, refused
    assert question.hints()[-1].endswith("θ = 30.96°, with slope |∇f| = 11.6619")


@pytest.mark.parametrize("data, said", [
    ({"function": LESSON_F, "asks": "directional", "at": [1, 2]}, "question 1, direction"),
    ({"function": LESSON_F, "asks": "directional", "at": [1, 2], "direction": [0, 0]}, "question 1, direction"),
    ({"function": LESSON_F, "asks": "directional", "direction": [3, 4]}, "question 1, at"),
    ({"function": LESSON_F, "asks": "partial", "variable": "x", "direction": [3, 4]}, "only a directional question"),
    ({"function": "x^2 + y^2", "asks": "steepest", "at": [0, 0]}, "no direction is steepest there"),
    ({"function": "abs(x) + y", "asks": "directional", "at": [0, 1], "direction": [1, 1]}, "no derivative there"),
])
def test_a_bad_direction_question_is_refused_with_its_field(data, said):
    with pytest.raises(QuizError, match=re.escape(said)):
        questions_from_text(json.dumps({"questions": [data]}))


def test_direction_questions_are_answered_in_the_pane_with_real_keys(window, quiz, qtbot, tmp_path):
    path = tmp_path / "directions.json"
    path.write_text(json.dumps({"version": 1, "questions": [
        {"function": LESSON_F, "asks": "directional", "at": [1, 2], "direction": [3, 4]},
        {"function": LESSON_F, "asks": "steepest", "at": [1, 2]}]}), encoding="utf-8")
    assert quiz.load_questions(path)
    assert "(3, 4)/5" in quiz.question.text()
    assert "u must be a unit vector" in answer(qtbot, quiz, "54")
    assert answer(qtbot, quiz, "10.8").startswith("✓ Right: D_u f(1, 2) = 10.8")
    assert quiz.score.text() == "score 0 / 1"  # the first answer counts
    qtbot.mouseClick(quiz.next_button, Qt.MouseButton.LeftButton)
    assert "steepest uphill" in quiz.question.text() and quiz.answer_input.placeholderText().startswith("a direction")
    assert answer(qtbot, quiz, "(5, 3)").startswith("✓ Right: the steepest direction is ∇f = (10, 6)")
    assert quiz.score.text() == "score 1 / 2"
