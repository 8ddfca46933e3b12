"""The run list: a row per run of the lesson (its colour, optimizer, α slider and box, how it
stands), bound to the lesson's run fields (``optimizer``, ``learning_rate``, ``more_runs``),
and the button that adds a run.

Edits go to the lesson (a refused one puts the rows back on what holds); a row is put on the lesson's settings only where they differ from what it shows, so the
slider being dragged is never written back (its α is rounded to three figures: writing it
back moved the handle under the mouse) and a drag of one run's α touches that row alone.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from ...core.descent import story
from ...core.lesson import MAX_RUNS
from ...core.optimizers import KINDS
from ..edit_actions import GestureStep
from ..runs import RunRow
from ..widgets import named

ALONE = "Coordinate descent runs alone: choose another source to race"


class RunList(QObject):
    """The rows (:attr:`rows`; the first stands above :attr:`area`, which holds the others)
    and :attr:`add_run_button`, bound to ``lesson``'s runs: edits go to it,
    :meth:`show_settings` follows it."""

    refused = Signal()  # the lesson refused an edit made here

    def __init__(self, lesson, parent=None):
        super().__init__(parent)
        self.lesson = lesson
        self._history = lesson.history
        self.rows: list[RunRow] = []
        self._shown: list[tuple[str, float] | None] = []  # the settings each row shows
        self.layout = QVBoxLayout()
        self.layout.setContentsMargins(0, 0, 0, 0)
        self.layout.setSpacing(1)
        self.area = named(QWidget(), "runsArea", "The runs")
        self.area.setLayout(self.layout)
        self.add_run_button = named(QPushButton("+ Add run"), "addRunButton", "Add a run to the race")
        self.add_run_button.setToolTip("Add a run from the same start, with its own optimizer and learning rate (up to six)")
        self.add_run_button.clicked.connect(self.add_run)
        self._add_row()
        self._alone = None

    def _add_row(self) -> RunRow:
        row = RunRow(len(self.rows))
        row.optimizerChosen.connect(self._on_optimizer_chosen)
        row.learningRateChosen.connect(self._on_learning_rate_chosen)
        row.removeRequested.connect(self.remove_run)
        row.drag_step = GestureStep(self._history).over_slider(row.slider)  # a drag of α: one undo step
        if row.index:  # the first run's row stands above the scroll area: it never scrolls away
            self.layout.addWidget(row)
        self.rows.append(row)
        self._shown.append(None)
        return row

    # ------------------------------------------------------------------ rows → lesson
    def add_run(self) -> None:
        """One more run from the same start (up to six): the next optimizer not yet racing,
        at the first run's α."""
        lesson = self.lesson
        if len(lesson.more_runs) >= MAX_RUNS - 1 or self._alone:
            return
        racing = [lesson.optimizer] + [kind for kind, _ in lesson.more_runs]
        kind = next((k for k in KINDS if k not in racing), lesson.optimizer)
        lesson.try_update(more_runs=lesson.more_runs + ((kind, lesson.learning_rate),))

    def remove_run(self, index: int) -> None:
        """Remove run ``index`` (from 1: the first run stays)."""
        more = list(self.lesson.more_runs)
        if 1 <= index <= len(more):
            del more[index - 1]
            self.lesson.try_update(more_runs=tuple(more))

    def _edit_run(self, index: int, kind: str | None = None, alpha: float | None = None) -> None:
        """Run ``index``'s optimizer or α: one edit of the lesson, undone as one."""
        if not self.lesson.try_set_run(index, optimizer=kind, learning_rate=alpha):
            self.refused.emit()

    def _on_optimizer_chosen(self, index: int, kind: str) -> None:
        self._edit_run(index, kind=kind)

    def _on_learning_rate_chosen(self, index: int, alpha: float) -> None:
        self._edit_run(index, alpha=alpha)

    # ------------------------------------------------------------------ lesson → rows
    def show_settings(self, settings: list[tuple[str, float]], alone: bool) -> list[int]:
        """A row per run's (optimizer kind, α), in run order; ``alone``: the source runs one
        run (coordinate descent), the other rows disabled.  Returns the indices of the rows
        whose settings changed (a row added counts)."""
        count_changed = len(settings) != len(self.rows)
        while len(self.rows) < len(settings):
            self._add_row()
        while len(self.rows) > len(settings):
            row = self.rows.pop()
            self._shown.pop()
            self.layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        changed = []
        for row, setting in zip(self.rows, settings):
            if self._shown[row.index] != setting:
                row.show_settings(*setting)
                self._shown[row.index] = setting
                changed.append(row.index)
        if alone != self._alone or count_changed:
            self._alone = alone
            for row in self.rows:
                row.setEnabled(row.index == 0 or not alone)
                row.setToolTip(ALONE if alone and row.index else "")
            self.rows[0].spacer.setVisible(len(settings) > 1)
            first = self.rows[0].optimizer_input
            first.setEnabled(not alone)
            first.setToolTip("Coordinate descent is plain descent, one variable at a time" if alone else
                             "The first run's optimizer (each is the update torch.optim makes)")
            self.add_run_button.setEnabled(not alone and len(settings) < MAX_RUNS)
            self.add_run_button.setToolTip(
                ALONE if alone else f"A race has at most {MAX_RUNS} runs" if len(settings) >= MAX_RUNS else
                "Add a run from the same start, with its own optimizer and learning rate (up to six)")
        return changed

    def forget_shown(self) -> None:
        """Every row put on the lesson's settings again at the next :meth:`show_settings`
        (an edit was refused: the controls go back on what holds)."""
        self._shown = [None] * len(self.rows)

    @property
    def racing(self) -> bool:
        """More than one run (coordinate descent keeps its rows but runs alone)."""
        return len(self.rows) > 1 and not self._alone

    def set_racing(self, racing: bool) -> None:
        self.area.setVisible(racing)  # coordinate descent keeps its rows out of sight: it runs alone
        for row in self.rows:
            row.set_racing(racing)

    def show_rules(self, rule, edited: list[int] | None = None) -> None:
        """Each slider's stability bands and the rule in its tooltip (the story's), for the
        minimum the start leads to (``rule``: :func:`~explorer.core.story.start_rule`);
        ``edited``: only these runs' (None: every run's)."""
        optimizers = self.lesson.optimizers
        for row in self.rows:
            if edited is not None and row.index not in edited:
                continue
            optimizer = optimizers[row.index] if row.index < len(optimizers) else None
            bands, tooltip = story.slider_rule(self.lesson, row.index, optimizer, rule)
            row.slider.set_bands(*bands)
            if row.slider.toolTip() != tooltip:
                row.slider.setToolTip(tooltip)

    def show_endings(self, endings) -> None:
        """Each row's run's ending: ``(status, message, run)`` per run; rows past the runs
        (coordinate descent runs alone) say so."""
        for row, (status, message, run) in zip(self.rows, endings):
            row.show_ending(status, message, run)
        for row in self.rows[len(endings):]:
            row.show_ending("", "coordinate descent runs alone")

    def fit_widths(self) -> None:
        for row in self.rows:  # their fixed widths and heights, at the font they have now
            row.fit_widths()

    def apply_theme(self) -> None:
        for row in self.rows:
            row.apply_theme()
