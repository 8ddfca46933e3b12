"""The panes beside the surface, declared once: the window assembles its docks from here.

Each :class:`Pane` names a pane as the lesson does (its key in
:data:`~explorer.core.lesson.PANES`, the list a lesson file saves as ``panes``), says how it is
made from the lesson, where it docks, its View-menu key, and which lesson fields it owns: a
refused edit of one of those fields is said in that pane (see :func:`owner_of`), not
elsewhere.  Adding a pane is one entry in :data:`PANES` and its module.

Every pane has its dock from the start (View ▸ its toggle, a saved layout, a lesson's
``panes`` reach it), but a pane is made, and its module imported, only when its dock is first
shown or the pane is first asked for (:class:`PaneDock`): the panes out of sight at start (the
quiz, the direction, data and gradient panes) cost nothing before the first frame (#25).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from ..core.lesson import DEFAULTS, Lesson

__all__ = ["Pane", "PANES", "PaneDock", "build_docks", "owner_of", "pane_called"]


def _made_by(module: str, name: str) -> Callable[[Lesson], QWidget]:
    """A pane's maker that imports its class (``name`` in this package's ``module``) when the
    pane is first made, not when the window's modules load."""
    def make(lesson: Lesson) -> QWidget:
        return getattr(importlib.import_module(f"{__package__}.{module}"), name)(lesson)

    make.__qualname__ = name
    return make


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
    Pane("readout", "∂  At the point", "readout", _made_by("readout", "ReadoutPanel"), "Ctrl+1", "the readout"),
    Pane("descent", "↘  Gradient descent", "descent_panel", _made_by("descent_panel", "DescentPanel"), "Ctrl+2",
         "the descent panel",
         owns=frozenset({"descent_source", "descent_function", "descent_range", "learning_rate", "optimizer",
                         "more_runs", "start", "speed"})),
    Pane("quiz", "?  Quiz", "quiz_panel", _made_by("quiz_panel", "QuizPanel"), "Ctrl+3", "the quiz", tabs_with="descent"),
    Pane("direction", "θ  Direction", "direction_pane", _made_by("direction_pane", "DirectionPane"), "Ctrl+4",
         "the direction pane", tabs_with="descent", owns=frozenset({"direction"})),
    Pane("data", "•  Data", "data_pane", _made_by("data_pane", "DataPane"), "Ctrl+5", "the data pane", tabs_with="descent",
         owns=frozenset({"data", "model", "data_drives", "batch", "seed", "schedule"})),
    Pane("gradient", "∇  Gradient", "gradient_pane", _made_by("gradient_pane", "GradientPane"), "Ctrl+6",
         "the gradient pane", tabs_with="descent"),
)


def owner_of(field: str) -> Pane | None:
    """The pane that says a refusal of the lesson's ``field`` (None: no pane owns it)."""
    return next((pane for pane in PANES if field in pane.owns), None)


def pane_called(attribute: str) -> Pane | None:
    """The pane the window offers as ``attribute`` (``"quiz_panel"``), None if none is."""
    return next((pane for pane in PANES if pane.attribute == attribute), None)


class PaneDock(QDockWidget):
    """The dock of one :class:`Pane`.  Its pane is made (by ``make_content(dock)``, which
    puts it in the dock) the first time the dock is shown, whatever shows it (View ▸, its
    shortcut, a saved layout, a lesson's ``panes``), or the first time :meth:`content` is
    asked for: shown, a dock always holds its pane."""

    def __init__(self, pane: Pane, window: QMainWindow, make_content: Callable[["PaneDock"], None]):
        super().__init__(pane.title, window)
        self.pane = pane
        self._make_content = make_content
        self.setObjectName(pane.dock_name)
        self.setAccessibleName(pane.title.split("  ", 1)[-1])
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)

    @property
    def made(self) -> bool:
        """Whether the pane has been made (a dock never shown and never asked has none yet)."""
        return self.widget() is not None

    def content(self) -> QWidget:
        """The pane's widget (``window.quiz_panel``), made now if it was not yet."""
        if not self.made:
            self._make_content(self)
        return self.widget().content

    def setVisible(self, visible: bool) -> None:
        # Every show of a widget comes here (show(), the toggle action, restoreState): the
        # pane is made before the dock is laid out and painted, never shown empty.
        if visible and not self.made:
            self._make_content(self)
        super().setVisible(visible)


def build_docks(window: QMainWindow, make_content: Callable[[PaneDock], None]) -> dict[str, PaneDock]:
    """A dock for each pane in :data:`PANES`, added to ``window`` where the pane says; by
    key.  The lesson's default panes are made now and shown; the others are hidden and made
    when first shown or asked for (see :class:`PaneDock`).  (A teacher can drag the docks
    elsewhere, float or close them; View brings them back.)"""
    docks: dict[str, PaneDock] = {}
    for pane in PANES:
        dock = PaneDock(pane, window, make_content)
        if pane.shown_by_default:
            dock.content()
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
