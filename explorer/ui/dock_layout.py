"""Where the window's panes are: the default split, the layout remembered between launches,
View ▸ Reset layout, and the panes a lesson shows (its ``panes`` field).

The panes come from the registry (:mod:`.panes`); a saved layout restores docks by their
object names, so :data:`LAYOUT_VERSION` is bumped when the panes change.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

from .lesson_files import settings
from . import panes

__all__ = ["DockLayout", "LAYOUT_VERSION"]

LAYOUT_VERSION = 1  # bump when the panes change, so an old saved layout is not restored


class DockLayout(QObject):
    """The docks of ``window`` (a :class:`~explorer.ui.main_window.MainWindow`, its
    ``docks`` by pane key), laid out."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.arranged = False  # whether the docks have been split for the window's size (or restored)
        self.arranged_at = None  # the window's size when split before its first show (None: not split then)
        self.default = window.saveState(LAYOUT_VERSION)

    def arrange(self) -> None:
        """The default split: the descent panel gets what the readout leaves."""
        w = self.window
        width = max(400, min(660, w.width() - 600, int(w.width() * 0.44)))
        w.resizeDocks([w.readout_dock, w.descent_dock], [width, width], Qt.Orientation.Horizontal)
        # The readout as tall as it needs (beside its rule where wide), the descent panel
        # the rest; never more than leaves the descent panel its minimum (asking more, or
        # sizing both, would grow the window).
        readout = w.readout.wanted_height(width)
        title = w.readout_dock.widget().mapTo(w.readout_dock, w.readout_dock.widget().rect().topLeft()).y()
        room = w.centralWidget().height() - w.descent_dock.minimumSizeHint().height()
        w.resizeDocks([w.readout_dock], [max(1, min(readout + title + 8, room))], Qt.Orientation.Vertical)

    def arrange_before_show(self) -> None:
        """The default split, made before the window's first show at the size it is shown
        at: the first frame is laid out once.  (Split after the show, the surface was resized
        by a few pixels and painted again before its first frame.)"""
        for _ in range(2):  # again at the sizes the first gave (the panes' widths, their docks' titles)
            self._lay_out()
            self.arrange()
        self._lay_out()
        self.arranged = True
        self.arranged_at = self.window.size()

    def arrange_if_resized(self) -> None:
        """After the first show: split again if the window is not at the size split for (a
        window manager that maximized it, say)."""
        if self.arranged_at is not None and self.window.size() != self.arranged_at:
            self.arrange()
        self.arranged_at = None

    def _lay_out(self) -> None:
        # A window not shown yet is laid out only when asked: its docks, then their panes.
        w = self.window
        w.layout().activate()
        for dock in w.docks.values():
            if dock.made and dock.isVisibleTo(w):  # (isHidden: true of every child before the first show)
                dock.layout().activate()
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    def restore(self) -> None:
        w = self.window
        store = settings()
        geometry, state = store.data("window/geometry"), store.data("window/state")
        if geometry:
            w.restoreGeometry(QByteArray(geometry))
        self.arranged = bool(state) and w.restoreState(QByteArray(state), LAYOUT_VERSION)

    def save(self) -> None:
        w = self.window
        store = settings()
        # Full screen is not a size to come back to: the size it had before, then.
        presenting = w._presenting and getattr(w, "_normal_geometry", None) is not None
        store.set_data("window/geometry", (w._normal_geometry if presenting else w.saveGeometry()).data())
        store.set_data("window/state", w.saveState(LAYOUT_VERSION).data())
        store.sync()

    def reset(self) -> None:
        """Every pane back in its place and shown (View ▸ Reset layout)."""
        w = self.window
        w.restoreState(self.default, LAYOUT_VERSION)
        for dock in (w.docks[pane.key] for pane in panes.PANES if pane.shown_by_default):
            dock.setFloating(False)
            dock.show()
        self.arrange()

    def show_lesson_panes(self) -> None:
        w = self.window
        for pane, dock in w.docks.items():
            dock.setVisible(pane in w.lesson.panes)
        for pane in panes.PANES:
            if pane.tabs_with is not None and pane.key in w.lesson.panes:
                self.as_a_tab(pane.key)

    def as_a_tab(self, key: str) -> None:
        """A pane that tabs with another (the quiz beside the descent panel: a third pane
        stacked under the others would make the window taller than a projector's screen)
        shown as that tab, and brought forward."""
        w = self.window
        dock, beside = w.docks[key], w.docks[next(p.tabs_with for p in panes.PANES if p.key == key)]
        if not dock.isFloating() and not beside.isFloating() and dock not in w.tabifiedDockWidgets(beside):
            w.tabifyDockWidget(beside, dock)
        dock.show()
        dock.raise_()
