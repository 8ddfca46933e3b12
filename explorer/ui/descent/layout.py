"""How the descent panel's parts are laid out, and fitted to the screen: the rows of
controls under the plot, the height the panel asks for, the plot's least height on a short
screen and while runs race.  A mixin of :class:`~.panel.DescentPanel` (its parts are the
panel's attributes); heights are logical pixels."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from ..race_table import RACE_PLOT_LEAST_HEIGHT
from .plot import COMPACT_PLOT_MIN_HEIGHT, PLOT_MIN_HEIGHT

__all__ = ["PanelLayout"]


class PanelLayout:
    """The descent panel's layout and sizing (mixed into the panel, a QWidget)."""

    _compact = False  # a short screen: the arithmetic on two lines, a shorter plot

    def _build_layout(self) -> None:
        # Short rows: the panel shares the window's right column with the point's readout.
        rate = QHBoxLayout()
        rate.addWidget(self.add_run_button)
        rate.addStretch(1)
        rate.addWidget(self.start_name)
        rate.addWidget(self.start_input)
        rate.addWidget(self.speed_input)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.source_bar)
        layout.addWidget(self.formula)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.run_rows[0])
        layout.addWidget(self.runs_area)
        layout.addLayout(rate)
        layout.addLayout(self.transport.buttons)
        layout.addWidget(self.readout)

    def sizeHint(self):
        """The lines kept free under the controls for longer texts (see the steady labels)
        are lent by the plot, not asked of the window: the panel prefers no more height than
        with one line each (asking more, it took its room from the point's readout above)."""
        hint = super().sizeHint()
        kept = sum(max(0, label.minimumSizeHint().height() - label.fontMetrics().lineSpacing())
                   for label in (self.status, self.update_label, self.alpha_value) if label.isVisibleTo(self))
        hint.setHeight(max(self.minimumSizeHint().height(), hint.height() - kept))
        return hint

    def _fit_runs_area(self) -> None:
        """Every run's row in sight (see :mod:`..race_table`); while runs race, the lines about
        the first run alone give their room to the rows, each of which tells its own run."""
        racing, raced = self.run_list.racing, self.readout.racing
        self.run_list.set_racing(racing)
        self.readout.set_racing(racing)
        if raced and not racing:
            self._show_first_run()  # its lines shown again, on the first run as it is now
        self.plot.setMinimumHeight(PLOT_MIN_HEIGHT if not self._compact else
                                   RACE_PLOT_LEAST_HEIGHT if racing else COMPACT_PLOT_MIN_HEIGHT)

    def set_compact(self, compact: bool) -> None:
        """On a short screen (below 850 px): the arithmetic on two lines, a shorter plot."""
        self._compact = bool(compact)
        # Steady lines cost their height at every size: on a tall screen the panel is wide
        # enough for the rule on one line and the arithmetic on two (the rest in the tooltip),
        # and the point's readout above keeps the room for its rule.
        self.update_label.set_max_lines(2)
        self.alpha_value.set_max_lines(2 if compact else 1)
        self._fit_runs_area()
