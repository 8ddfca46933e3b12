"""The descent panel: gradient descent animated on a curve or on the surface, driven by α,
the optimizer and the start, with up to six runs racing.

What it runs on is the lesson's: its own f(x), the slice of the surface through the picked
point (along x, f(x, y₀), or along y, f(x₀, y)), coordinate descent on the surface from
the point, or descent on the surface itself (any optimizer; the plot then shows f over the
steps of every run).  The runs are the lesson's too (:attr:`Lesson.runs`), so the surface
view shows the same runs moving; this panel only draws them and forwards edits.

It composes small parts, each with one job: the source bar, the run list, the transport
with its clock, the curve plot and the steps plot (presenters drawing into one plot), and
the readout showing the story's sentences (:mod:`explorer.core.story`); how they are laid
out and fitted to the screen is :mod:`.layout`'s.  A drag of one run's
α redraws only what depends on that run's α: its row, its rule, its path and the fresh runs.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ...core.descent import story
from ...core.descent.sources import STEPS_PLOT
from ...core.lesson import Field, Lesson
from .. import theme
from .curve_plot import CurvePlot
from .layout import PanelLayout
from .plot import DescentPlot
from .readout import Readout
from .run_list import RunList
from .source_bar import SourceBar
from .start_box import StartBox
from .steps_plot import StepsPlot
from .transport import Transport

_RUN_FIELDS = frozenset({Field.LEARNING_RATE, Field.OPTIMIZER, Field.MORE_RUNS})
# Everything the panel shows: it is told of these alone.
_SHOWN = _RUN_FIELDS | {Field.SPEED, Field.FUNCTION, Field.DESCENT_SOURCE, Field.DESCENT_FUNCTION, Field.CURVE, Field.RUN}


class DescentPanel(PanelLayout, QWidget):
    """A plot of the curve with the runs on it, their controls and the readout."""

    stepTaken = Signal(int)  # steps so far
    runFinished = Signal(str)  # the status: converged, diverged, undefined, max_steps

    def __init__(self, lesson: Lesson, parent=None):
        super().__init__(parent)
        self.setObjectName("descentPanel")
        self.lesson = lesson
        self._scale = 1.0  # presentation mode widens the lines
        self._compact = False
        self._jump = None  # the first run's step over a hump, once it has taken it

        self.source_bar = SourceBar(lesson)
        self.source_input, self.function_bar = self.source_bar.source_input, self.source_bar.function_bar
        self.descent_plot = DescentPlot(self.fontMetrics().height())
        self.plot = self.descent_plot.widget
        self.curve_plot = CurvePlot(self.descent_plot, lesson, self)
        self.steps_plot = StepsPlot(self.descent_plot, lesson, self)
        for name in ("curve", "tangent", "step_line", "step_head", "trail", "current", "start_marker", "off_view",
                     "hump_marker", "hump_label", "jump_line"):
            setattr(self, name, getattr(self.curve_plot, name))
        self.run_list = RunList(lesson, self)
        self.run_rows = self.run_list.rows
        first = self.run_rows[0]
        self.learning_rate_slider, self.learning_rate_input, self.optimizer_input = first.slider, first.input, first.optimizer_input
        self.add_run_button, self.runs_area = self.run_list.add_run_button, self.run_list.area
        self.start_box = StartBox(lesson, self.curve_plot, self)
        self.start_name, self.start_input = self.start_box.name, self.start_box.input
        self.transport = Transport(lambda: self.lesson.speed, self)
        for name in ("play_button", "step_button", "reset_button", "skip_button", "speed_input"):
            setattr(self, name, getattr(self.transport, name))
        self._timer = self.transport.timer
        self.readout = Readout()
        for name in ("x_value", "f_value", "df_value", "steps_value", "alpha_value", "x_name", "f_name", "df_name",
                     "steps_name", "alpha_name", "update_label", "status", "formula"):
            setattr(self, name, getattr(self.readout, name))
        # The own bar's mistakes are told in the status line (with the column; the input
        # is marked): a second error line under the bar would push the plot below its minimum.
        self.function_bar.errorShown.connect(lambda message: self.readout.show_status(f"⚠ {message}", "diverged"))
        self._build_layout()

        self.start_box.refused.connect(self._show)  # the controls back on the start that holds
        self.source_bar.presetNote.connect(self.status.setToolTip)
        self.run_list.refused.connect(lambda: self._sync_run_rows(again=True))
        self.speed_input.valueChanged.connect(lambda v: self.lesson.try_update(speed=int(v)))
        self.transport.playToggled.connect(self._on_play_toggled)
        self.transport.stepsDue.connect(self._on_steps_due)
        self.step_button.clicked.connect(self.step)
        self.reset_button.clicked.connect(self.reset)
        self.skip_button.clicked.connect(self.run_to_end)

        lesson.events.connect_fields(_SHOWN, self._on_lesson_changed)
        lesson.events.stepped.connect(self._on_lesson_stepped)
        theme.changed.connect(self.apply_theme)  # every colour again on View ▸ Theme
        self._on_lesson_changed(_SHOWN - {Field.DESCENT_FUNCTION})

    # ------------------------------------------------------------------ what it shows
    @property
    def run(self):
        return self.lesson.run

    @property
    def function(self):
        """What the panel runs on: a function of one variable, or the surface itself in
        coordinate mode."""
        return self.lesson.curve

    @property
    def learning_rate(self) -> float:
        return self.lesson.learning_rate

    @property
    def start(self) -> float | tuple[float, float]:
        """Where runs start: the lesson's (the picked point's coordinate on a slice)."""
        return self.lesson.curve_start

    @property
    def playing(self) -> bool:
        return self.transport.playing

    @property
    def _coordinate(self) -> bool:
        """The runs move on the surface but the plot shows a curve (coordinate descent's
        slices)."""
        return self.lesson.source.on_surface and not self._on_surface

    @property
    def _on_surface(self) -> bool:
        """The plot shows f over the steps (descent on the surface)."""
        return self.lesson.source.plot == STEPS_PLOT

    def status_text(self) -> str:
        """The whole status line as the student reads it."""
        return self.readout.status_text()

    def forecast_points(self, index: int):
        """Run ``index``'s whole path as the plot draws it (faint): xs, ys."""
        return self.descent_plot.forecast_points(index)

    def history_points(self, index: int):
        """Run ``index``'s steps as the steps plot draws them: steps, f (log10 on a log axis)."""
        return self.descent_plot.history_points(index)

    def run_marker(self, index: int):
        """Where run ``index`` is drawn on the curve (x, f), or None."""
        return self.curve_plot.run_marker(index)

    # ------------------------------------------------------------------ control → lesson
    def add_run(self) -> None:
        """One more run from the same start (up to six): see :meth:`RunList.add_run`."""
        self.run_list.add_run()

    def remove_run(self, index: int) -> None:
        """Remove run ``index`` (from 1: the first run stays)."""
        self.run_list.remove_run(index)

    # ------------------------------------------------------------------ running
    def reset(self) -> None:
        """A fresh run from the start with the current α (keeps playing if it was)."""
        self.lesson.reset_run()

    def step(self) -> None:
        """One step (pauses the animation: a single step is for reading the arithmetic)."""
        self.transport.pause()
        if not self.lesson.finished:
            self._advance(1)

    def run_to_end(self) -> None:
        self.transport.pause()
        if not self.lesson.finished:
            self.lesson.finish_run()

    def _advance(self, n: int) -> None:
        self.lesson.step_run(n)

    def _on_steps_due(self, due: int) -> None:
        try:
            self._advance(due)
        except Exception as error:  # noqa: BLE001 - never raise into the event loop
            self.transport.pause()
            self.readout.show_status(f"stopped: {error}", "diverged")

    def _on_play_toggled(self, playing: bool) -> None:
        if playing and self.lesson.finished:
            self.reset()
        self._show_status()

    # ------------------------------------------------------------------ lesson → parts
    def _on_lesson_changed(self, changed: frozenset) -> None:
        lesson = self.lesson
        if Field.SPEED in changed:
            self.transport.show_speed(lesson.speed)
        edited = self._sync_run_rows() if changed & (_RUN_FIELDS | {Field.DESCENT_SOURCE}) else []
        if Field.FUNCTION in changed:
            self.source_bar.name_sources(lesson.surface, lesson.own_curve)
        if Field.DESCENT_SOURCE in changed:
            self._on_lesson_source(lesson.descent_source)
        if changed & {Field.CURVE, Field.DESCENT_FUNCTION}:
            self.source_bar.show_own_function()
        if changed & {Field.CURVE, Field.DESCENT_SOURCE}:
            self.curve_plot.give_view_back()  # another curve: framed whole, not as zoomed by hand
        if Field.RUN in changed:
            # Only the runs' settings changed (a drag of α, another optimizer): the rows that
            # changed get their rule, the curve and the view stay; else all of it afresh.
            only_runs = changed <= _RUN_FIELDS | {Field.RUN} and bool(changed & _RUN_FIELDS)
            self._on_lesson_run(edited if only_runs else None, optimizer_changed=Field.OPTIMIZER in changed)

    def _sync_run_rows(self, again: bool = False) -> list[int]:
        """A row per run of the lesson, each on its settings; the rows that changed."""
        lesson = self.lesson
        if again:
            self.run_list.forget_shown()
        settings = [(lesson.optimizer, lesson.learning_rate)] + list(lesson.more_runs)
        racing, count = self.run_list.racing, len(self.run_rows)
        edited = self.run_list.show_settings(settings, alone=not self.lesson.source.races)
        if racing != self.run_list.racing or count != len(self.run_rows) or again:
            self._fit_runs_area()
        return edited

    def _on_lesson_source(self, source: str) -> None:
        self.source_bar.show_source(source)
        chosen = self.lesson.source
        self.start_box.show_source(chosen)
        self.readout.place(vectors=chosen.on_surface)
        if self._on_surface:
            self.steps_plot.enter()
        else:
            self.steps_plot.leave()
        self._fit_runs_area()

    def _on_lesson_run(self, edited: list[int] | None, optimizer_changed: bool = True) -> None:
        """Fresh runs: ``edited`` the runs whose settings alone changed (None: anything may
        have; ``optimizer_changed``: the first run's optimizer, which the formula names)."""
        self.transport.restart_clock()
        self._jump = None
        self._show_rule(edited)
        # Coordinate descent plots the slice through its point: a fresh run, its start's slice.
        whole = edited is None or self._coordinate
        if whole or (0 in edited and optimizer_changed):
            self._describe_curve()
        if not self._on_surface:
            if whole:
                self.curve_plot.new_run()
                self.curve_plot.draw_curve(reset_view=not self.curve_plot.user_view)
            else:
                self.curve_plot.redraw_if_changed()
        self._show()

    def _on_lesson_stepped(self, run) -> None:
        if self._coordinate:
            # Each move runs along the other variable: plot the slice through the point the next one takes.
            self._describe_curve()
            self.curve_plot.draw_curve(reset_view=not self.curve_plot.user_view)
        self._show()
        self.stepTaken.emit(run.steps)
        if self.lesson.finished:
            self.transport.pause()
            self.runFinished.emit(str(run.status))

    def _show_rule(self, edited: list[int] | None = None) -> None:
        """The stability rule on the sliders (:meth:`RunList.show_rules`) and the first run's
        in the readout.  ``edited``: only these runs' rules changed (None: every run's)."""
        rule = story.start_rule(self.lesson)
        self.run_list.show_rules(rule, edited)
        if edited is None or 0 in edited:
            self.alpha_value.setText(story.alpha_readout(self.lesson, rule))

    def _describe_curve(self) -> None:
        """The formula line, the axes' and the readout's names for what is plotted now."""
        said = story.curve_description(self.lesson)
        self.readout.name(said)
        self.descent_plot.label_axis("left", said.left, color=theme.TEXT_COLOR)
        self.descent_plot.label_axis("bottom", said.bottom, color=theme.TEXT_COLOR)
        self.start_box.name_variable(said.start_variable, accessible=not self._on_surface)
        self.curve_plot.set_pen(said.axis)

    def _show(self) -> None:
        """Every part on the lesson's runs as they are now."""
        lesson, run = self.lesson, self.lesson.run
        if not self.readout.racing:  # (racing, they are hidden: filled when the race ends, _fit_runs_area)
            self._show_first_run()
        # On the surface, the picked point's first coordinate.
        self.start_box.show_start(run.start[0] if lesson.on_surface else float(lesson.curve_start))
        if self._on_surface:
            self.curve_plot.clear()
            self.steps_plot.show()
        else:
            if self._jump is None:
                self._jump = story.hump_jump(lesson)
            self.curve_plot.show(self._jump)
        self._show_status()

    def _show_first_run(self) -> None:
        """The readout's lines about the first run alone: its point, value, slope and steps,
        and its update written out.  While runs race they give their room to the rows (each
        tells its own run), and a frame of the race does not write them."""
        lesson = self.lesson
        self.readout.show_run(lesson.run, axis_vector=lesson.on_surface)
        self.update_label.setText(story.next_update(lesson))

    def _show_status(self) -> None:
        lesson = self.lesson
        self.run_list.show_endings([(str(r.status) if r.finished else "", story.run_message(lesson, r, self._jump), r)
                                    for r in lesson.runs])
        self.readout.show_status(*story.status(lesson, self.playing, self._jump))

    # ------------------------------------------------------------------ the window's requests
    def forget_refused_text(self) -> None:
        """The own f(x)'s bar back on the lesson's function and the status on the run, a
        refused text and its error dropped (File ▸ New)."""
        self.function_bar.show_function(self.lesson.own_curve, self.lesson.descent_function)
        self._show_status()

    def show_refusal(self, message: str) -> None:
        """The lesson refused an edit made here: say why (the run is unchanged)."""
        self.readout.show_status(f"⚠ {message}", "diverged")
        self._sync_run_rows(again=True)
        self.transport.show_speed(self.lesson.speed)

    def apply_theme(self) -> None:
        """Every colour again from :mod:`theme` (View ▸ Theme)."""
        self.descent_plot.apply_theme()
        self.curve_plot.apply_theme()
        self.run_list.apply_theme()
        self.set_presentation(self._scale)  # the pens that scale with it
        if not self._on_surface:
            self.curve_plot.draw_curve(reset_view=not self.curve_plot.user_view)
        self._show()
        self.plot.update()

    def set_presentation(self, scale: float) -> None:
        """Lines ``scale`` times their normal width (presentation mode)."""
        self._scale = float(scale)
        self.descent_plot.set_presentation(self.font(), self.fontMetrics().height())  # the panel's font, grown or not
        self.curve_plot.set_presentation(scale)
        self.source_bar.fit_width()
        self.run_list.fit_widths()
        self._fit_runs_area()
        self._describe_curve()
