"""The run list: a row per run of the lesson (its colour, optimizer, α slider and box, how it
stands), bound to the lesson's run fields (``optimizer``, ``learning_rate``, ``more_runs``),
and the button that adds a run.

A row is put on the lesson's settings only where they differ from what it shows, so the
slider being dragged is never written back (its α is rounded to three figures: writing it
back moved the handle under the mouse) and a drag of one run's α touches that row alone.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from ...core.lesson import MAX_RUNS
from ..edit_actions import GestureStep
from ..runs import RunRow
from ..widgets import named

ALONE = "Coordinate descent runs alone: choose another source to race"


class RunList(QObject):
    """The rows (:attr:`rows`; the first stands above :attr:`area`, which holds the others)
    and :attr:`add_run_button`.  Edits go out as signals; :meth:`show_settings` follows the
    lesson."""

    optimizerChosen = Signal(int, str)  # (run index, kind)
    learningRateChosen = Signal(int, float)  # (run index, α)
    removeRequested = Signal(int)
    addRequested = Signal()

    def __init__(self, history, parent=None):
        super().__init__(parent)
        self._history = history
        self.rows: list[RunRow] = []
        self._shown: list[tuple[str, float] | None] = []  # the settings each row shows
        self.layout = QVBoxLayout()
        self.layout.setContentsMargins(0, 0, 0, 0)
        self.layout.setSpacing(1)
        self.area = named(QWidget(), "runsArea", "The runs")
        self.area.setLayout(self.layout)
        self.add_run_button = named(QPushButton("+ Add run"), "addRunButton", "Add a run to the race")
        self.add_run_button.setToolTip("Add a run from the same start, with its own optimizer and learning rate (up to six)")
        self.add_run_button.clicked.connect(self.addRequested)
        self._add_row()
        self._alone = None

    def _add_row(self) -> RunRow:
        row = RunRow(len(self.rows))
        row.optimizerChosen.connect(self.optimizerChosen)
        row.learningRateChosen.connect(self.learningRateChosen)
        row.removeRequested.connect(self.removeRequested)
        row.drag_step = GestureStep(self._history).over_slider(row.slider)  # a drag of α: one undo step
        if row.index:  # the first run's row stands above the scroll area: it never scrolls away
            self.layout.addWidget(row)
        self.rows.append(row)
        self._shown.append(None)
        return row

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

    def show_rule(self, index: int, bands, tooltip: str) -> None:
        """Run ``index``'s slider: the stability bands and the rule in its tooltip."""
        slider = self.rows[index].slider
        slider.set_bands(*bands)
        if slider.toolTip() != tooltip:
            slider.setToolTip(tooltip)

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
