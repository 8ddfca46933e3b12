"""A race as a table a class can read at a projector: a row per run (its colour, optimizer,
α and how it stands), all of them in sight at 1024×768.

The rows themselves are :class:`~explorer.ui.runs.RunRow`; this module says what a row's
ending reads (:func:`short_ending`, a few words that fit beside the slider; the whole sentence,
in its tooltip and in the panel's status, is the story's: :mod:`explorer.core.story`) and the widths that let six rows fit a 1024×768
screen whole: every row shown, none scrolled away, since a race hides nothing (#19: the third
of three runs was behind a scroll bar, and Adam's result only in a tooltip).

While a race is on, the panel's lines about the first run alone (its point, ∇f, the
arithmetic of its last step, the update formula of its optimizer) give their room to the rows:
each row tells its own run, and the first run's whole ending leads the status.
"""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics

from ..core.descent import DescentStatus
from ..core.lesson import MAX_STEPS

RACE_STATUS_LINES = 2  # the status under a race: the first run's ending and the others' (all in its tooltip)


def short_ending(run) -> tuple[str, str]:
    """How ``run`` stands in a few words, and its kind (a key of ``theme.STATUS_COLORS``, or
    "" for a run under way): ``("✓ 41 steps", "converged")``, ``("✗ diverged", "diverged")``,
    ``("↔ oscillates", "oscillating")``, ``("step 12", "")``."""
    steps = f"{run.steps} step{'s' * (run.steps != 1)}"
    status = run.status
    if status is DescentStatus.RUNNING:
        if run.oscillating:
            return "↔ oscillates", "oscillating"
        return (f"step {run.steps}" if run.steps else "ready"), ""
    if status is DescentStatus.CONVERGED:
        return f"✓ {steps}", "converged"
    if status is DescentStatus.DIVERGED:
        return "✗ diverged", "diverged"
    if status is DescentStatus.UNDEFINED:
        return "✗ undefined", "undefined"
    if status is DescentStatus.STALLED:
        return "– stalled", "stalled"
    if run.oscillating:  # the step limit, bouncing
        return "↔ oscillates", "oscillating"
    return f"… {steps}", "stalled"  # the step limit, not yet converged


# Every text a row's ending can read at its widest: the label is as wide as the widest, so
# the slider beside it never moves when an ending changes.
WIDEST_ENDINGS = (f"✓ {MAX_STEPS} steps", f"… {MAX_STEPS} steps", f"step {MAX_STEPS}", "✗ diverged", "✗ undefined",
                  "↔ oscillates", "– stalled", "ready")
SLIDER_LEAST_WIDTH = 80  # px: a race's α slider keeps this much (the pane widens for it)
RACE_PLOT_LEAST_HEIGHT = 164  # px: the plot's least height while six runs race on a short screen


def ending_width(metrics: QFontMetrics) -> int:
    """px: the width of a row's ending label in the font of ``metrics``."""
    return max(metrics.horizontalAdvance(text) for text in WIDEST_ENDINGS) + 4
