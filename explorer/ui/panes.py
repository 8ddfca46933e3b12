"""The panes beside the surface, declared once: the window assembles its docks from here.

Each :class:`Pane` names a pane as the lesson does (its key in
:data:`~explorer.core.lesson.PANES`, the list a lesson file saves as ``panes``), says how it is
made from the lesson, where it docks, its View-menu key, and which lesson fields it owns: a
refused edit of one of those fields is said in that pane (see :func:`owner_of`), not
elsewhere.  Adding a pane is one entry in :data:`PANES` and its module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from ..core.lesson import DEFAULTS, Lesson
from .data_pane import DataPane
from .descent_panel import DescentPanel
from .direction_pane import DirectionPane
from .gradient_pane import GradientPane
from .quiz_panel import QuizPanel
from .readout import ReadoutPanel
from .window_fit import PaneScroll

__all__ = ["Pane", "PANES", "build_docks", "owner_of"]


@dataclass(frozen=True)
class Pane:
    """One dockable pane of the main window."""

    key: str  #: its name in the lesson's ``panes`` (:data:`explorer.core.lesson.PANES`)
    title: str  #: the dock's title (the View menu says it without the leading sign)
    attribute: str  #: the window's attribute for the pane's widget (``window.readout``)
    make: Callable[[Lesson], QWidget]  #: the pane's widget, a view of the lesson
    shortcut: str  #: View ▸ its toggle
    called: str = ""  #: what Help calls it ("the readout")
    area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea
    tabs_with: str | None = None  #: shown as a tab beside this pane (None: stacked in its area)
    owns: frozenset[str] = frozenset()  #: lesson fields whose refusals this pane says

    @property
    def dock_name(self) -> str:
        """The dock's object name (``readoutDock``): a saved layout restores docks by it."""
        return f"{self.key}Dock"

    @property
    def shown_by_default(self) -> bool:
        return self.key in DEFAULTS["panes"]


#: In the order they dock: the readout, then the descent panel under it, then the quiz and
#: the direction pane as tabs beside the descent panel (a third pane stacked under the others would make the
#: window taller than a projector's screen).
PANES: tuple[Pane, ...] = (
    Pane("readout", "∂  At the point", "readout", ReadoutPanel, "Ctrl+1", "the readout"),
    Pane("descent", "↘  Gradient descent", "descent_panel", DescentPanel, "Ctrl+2", "the descent panel",
         owns=frozenset({"descent_source", "descent_function", "descent_range", "learning_rate", "optimizer",
                         "more_runs", "start", "speed"})),
    Pane("quiz", "?  Quiz", "quiz_panel", QuizPanel, "Ctrl+3", "the quiz", tabs_with="descent"),
    Pane("direction", "θ  Direction", "direction_pane", DirectionPane, "Ctrl+4", "the direction pane",
         tabs_with="descent", owns=frozenset({"direction"})),
    Pane("data", "•  Data", "data_pane", DataPane, "Ctrl+5", "the data pane", tabs_with="descent",
         owns=frozenset({"data", "model", "data_drives", "batch", "seed", "schedule"})),
    Pane("gradient", "∇  Gradient", "gradient_pane", GradientPane, "Ctrl+6", "the gradient pane", tabs_with="descent"),
)


def owner_of(field: str) -> Pane | None:
    """The pane that says a refusal of the lesson's ``field`` (None: no pane owns it)."""
    return next((pane for pane in PANES if field in pane.owns), None)


def build_docks(window: QMainWindow, widgets: dict[str, QWidget]) -> dict[str, QDockWidget]:
    """A dock for each pane in :data:`PANES` around ``widgets[pane.key]``, added to
    ``window`` where the pane says; by key.  A pane not in the lesson's default panes is
    hidden.  (A teacher can drag the docks elsewhere, float or close them; View brings them
    back.)"""
    docks: dict[str, QDockWidget] = {}
    for pane in PANES:
        dock = QDockWidget(pane.title, window)
        dock.setObjectName(pane.dock_name)
        dock.setAccessibleName(pane.title.split("  ", 1)[-1])
        dock.setWidget(PaneScroll(widgets[pane.key], f"{pane.dock_name}Scroll"))
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        if pane.tabs_with is None:
            window.addDockWidget(pane.area, dock)
        else:
            window.tabifyDockWidget(docks[pane.tabs_with], dock)
        docks[pane.key] = dock
    for pane in PANES:
        if not pane.shown_by_default:
            docks[pane.key].hide()
        elif pane.tabs_with is None:
            docks[pane.key].raise_()  # a pane shown in front of the tabs beside it
    return docks
