"""The quiz pane: the lesson's questions, then endless practice.

A thin view of :class:`~explorer.core.quiz.Quiz` (the questions, the checking and the
feedback are the core's): it shows the question, takes the typed answer, shows ✓ or ✗ with
what went wrong, reveals the term-by-term rule a line per Hint, and *Show me* puts the
question's function on the surface at its point (one lesson edit, so Edit ▸ Undo takes
it back).  Where the quiz is (question, score, seed) lives in the lesson's ``quiz`` field,
so a saved lesson opens at the same question.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ..core.lesson import Field, Lesson, ranges_holding
from ..core.notation import format_value
from ..core.quiz import Quiz, QuizError, read_questions
from . import theme
from .widgets import WholeBox, WrappedLabel, named

SHOW_ME_POINT = (1.0, 2.0)  # where Show me puts the point when the question names none


class QuizPanel(QWidget):
    """The quiz (objectName ``quizPanel``)."""

    answered = Signal(bool)  # right or not, for each answer judged

    def __init__(self, lesson: Lesson, quiz: Quiz | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("quizPanel")
        self.lesson = lesson
        self.quiz = quiz or Quiz()
        self._right = False  # the last answer checked
        self._checked_text = None  # what that answer was (Enter again on a right one moves on)
        # The question and the file message steady (as tall as their most lines), the feedback
        # below the buttons: Check, Hint and Next stay where they are whatever the texts say.
        self.question = named(WrappedLabel(max_lines=3, steady=True), "quizQuestion", "The question")
        self.question.setTextFormat(Qt.TextFormat.PlainText)  # a teacher's own wording is shown, never rendered
        font = self.question.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.question.setFont(font)
        self.answer_input = named(QLineEdit(), "quizAnswerInput", "Your answer")
        self.answer_input.setMaxLength(400)
        self.check_button = named(QPushButton("Check"), "quizCheckButton", "Check the answer")
        self.feedback = named(WrappedLabel(), "quizFeedback", "Whether the answer is right")
        self.feedback.setTextFormat(Qt.TextFormat.PlainText)
        self.hints = named(WrappedLabel(), "quizHints", "The term-by-term rule, a line per hint")
        self.hints.setTextFormat(Qt.TextFormat.PlainText)
        self.hint_button = named(QPushButton("Hint"), "quizHintButton", "Show the next line of the rule")
        self.show_button = named(QPushButton("Show me"), "quizShowButton", "Put this function on the surface")
        self.next_button = named(QPushButton("Next"), "quizNextButton", "The next question")
        self.score = named(QLabel(), "quizScore", "Right first answers over questions answered")
        self.seed = named(WholeBox("the seed"), "quizSeed", "The practice questions' seed: the same seed, the same questions")
        self.seed.setRange(0, 999_999)
        self.seed.setValue(self.quiz.practice.seed)
        self.seed.setKeyboardTracking(False)
        self.seed.setToolTip("Practice questions are made from this number: a class that shares it gets the same ones")
        self.load_button = named(QPushButton("Load questions…"), "quizLoadButton", "Load a teacher's question file")
        self.restart_button = named(QPushButton("Start again"), "quizRestartButton", "Back to the first question")
        self.message = named(WrappedLabel(max_lines=2, steady=True), "quizMessage", "What happened to a question file")
        self.message.setTextFormat(Qt.TextFormat.PlainText)

        answer_row = QHBoxLayout()
        answer_row.addWidget(self.answer_input, 1)
        answer_row.addWidget(self.check_button)
        buttons = QHBoxLayout()
        for button in (self.hint_button, self.show_button, self.next_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.score)
        setup = QHBoxLayout()  # two rows: one would make the pane wider than the descent panel
        setup.addWidget(QLabel("practice seed"))
        setup.addWidget(self.seed)
        setup.addStretch(1)
        files = QHBoxLayout()
        files.addWidget(self.restart_button)
        files.addWidget(self.load_button)
        files.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.question)
        layout.addLayout(answer_row)
        layout.addLayout(buttons)
        layout.addWidget(self.feedback)
        layout.addWidget(self.hints)
        layout.addStretch(1)
        layout.addLayout(setup)
        layout.addLayout(files)
        layout.addWidget(self.message)

        self.answer_input.returnPressed.connect(self._on_return)
        self.check_button.clicked.connect(self.check)
        self.hint_button.clicked.connect(self.hint)
        self.next_button.clicked.connect(self.next_question)
        self.show_button.clicked.connect(self.show_me)
        self.seed.valueChanged.connect(lambda seed: self.restart(seed=int(seed)))
        self.restart_button.clicked.connect(lambda: self.restart())
        self.load_button.clicked.connect(self._load_dialog)
        lesson.events.connect_fields({Field.QUIZ}, self._on_lesson_changed)
        theme.changed.connect(self.apply_theme)
        if lesson.quiz is not None:
            self._go_to(lesson.quiz)
        self._show_question()

    # ------------------------------------------------------------------ what a student does
    def check(self) -> None:
        verdict = self.quiz.answer(self.answer_input.text())
        self._right = verdict.right
        self._checked_text = self.answer_input.text()
        self.apply_theme()
        self.feedback.setText(verdict.text)
        self.score.setText(f"score {self.quiz.score()}")
        if not verdict.refused:
            self._save_place()
            self.answered.emit(verdict.right)

    def _on_return(self) -> None:
        """Enter checks the answer; Enter again on a right answer goes on to the next question."""
        if self._right and self._checked_text == self.answer_input.text():
            self.next_question()
        else:
            self.check()

    def apply_theme(self) -> None:
        """The feedback's green or red, from the current theme (again on :data:`theme.changed`)."""
        color = theme.current().status_colors["converged"] if self._right else theme.current().status_colors["diverged"]
        self.feedback.setStyleSheet(f"color: {color}; font-weight: bold")

    def hint(self) -> None:
        self.hints.setText("\n".join(self.quiz.hint()))

    def next_question(self) -> None:
        self.quiz.next()
        self._show_question()
        self._save_place()
        # The cursor goes to the answer box: typing goes there, not to the Next button
        # (where a Space would skip a question).
        self.answer_input.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_me(self) -> bool:
        """The question's function on the surface, at its point (or (1, 2)); the lesson's
        range widened when the point lies outside it."""
        question = self.quiz.question
        point = question.at if question.at is not None and len(question.at) == 2 else SHOW_ME_POINT
        before = self.lesson.function
        # One ordinary lesson edit (function, point and ranges together): Edit ▸ Undo takes it back whole.
        shown = self.lesson.try_update(function=question.function_text, point=point,
                                       **ranges_holding(point, self.lesson.x_range, self.lesson.y_range))
        if shown:
            back = " Edit ▸ Undo (Ctrl+Z) brings your function back." if before != self.lesson.function else ""
            self.message.setText(f"The surface shows {question.function.equation()} at "
                                 f"({', '.join(format_value(c) for c in point)}).{back}")
        return shown

    def restart(self, questions=None, seed: int | None = None) -> None:
        self.quiz.restart(questions, seed)
        self._show_question()
        self._save_place()

    # ------------------------------------------------------------------ the place, in the lesson
    def _save_place(self) -> None:
        if self.lesson.quiz != self.quiz.place():
            self.lesson.try_update(quiz=self.quiz.place())

    def _go_to(self, place: dict) -> None:
        self.quiz.go_to(place)
        self.seed.blockSignals(True)  # showing the saved seed is not a new choice of seed
        self.seed.setValue(place["seed"])
        self.seed.blockSignals(False)

    def _on_lesson_changed(self, changed: frozenset) -> None:
        """A lesson opened (or an edit undone) with the quiz elsewhere: the quiz goes there."""
        place = self.lesson.quiz
        if place is None:  # a lesson whose quiz has not started: from the first question
            self.quiz.restart()
            self._show_question()
        elif place != self.quiz.place():
            self._go_to(place)
            self._show_question()

    def load_questions(self, path) -> bool:
        """A teacher's question file: all its questions, or none (the message says which
        question and which field is wrong) with the current set kept."""
        path = Path(path)
        try:
            questions = read_questions(path)
        except QuizError as error:
            self.message.setText(f"⚠ {path.name} was not loaded: {error.message}. The questions are as they were.")
            return False
        self.restart(questions)
        self.message.setText(f"{len(questions)} question{'s' * (len(questions) != 1)} from {path.name}, then practice.")
        return True

    def _load_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load questions", "", "Question files (*.json);;All files (*)")
        if path:
            self.load_questions(path)

    def _show_question(self) -> None:
        question = self.quiz.question
        self.question.setText(self.quiz.heading())
        self.answer_input.clear()
        self.answer_input.setPlaceholderText(question.placeholder())
        self.feedback.setText("")
        self._right, self._checked_text = False, None
        self.hints.setText("")
        self.score.setText(f"score {self.quiz.score()}")
