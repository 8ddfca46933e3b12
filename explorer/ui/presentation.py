"""Presentation mode (F11): the window full screen for the back of the room.

Text and lines are made at least :data:`LEAST_SCALE` times larger, and what the audience
does not need is hidden to make the room rather than shrinking what it does need: the menu
bar, the status bar, the overlay toggles and the range controls, the descent panel's
speed and start row.  Leaving puts back exactly the window as it was: its geometry, its
state (maximized or not), its panes and what was shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from . import theme

LEAST_SCALE = 1.2  # text and lines at least this much larger, or presentation mode is not worth it
SCALES = (theme.PRESENTATION_SCALE, 1.3, 1.25, LEAST_SCALE)  # the largest the screen has room for


@dataclass
class _Kept:
    """The window as it was before presentation mode."""

    geometry: object
    size: object
    state: object
    maximized: bool
    shown: dict = field(default_factory=dict)  # widget -> whether it was shown
    range_open: bool = False


class Presentation(QObject):
    """Presentation mode for a :class:`~explorer.ui.main_window.MainWindow`."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.kept: _Kept | None = None
        self._restoring = None  # (what was kept, layout version) until the window is back at its size
        window.installEventFilter(self)

    @property
    def on(self) -> bool:
        return self.kept is not None

    def secondary(self) -> list[QWidget]:
        """What the audience does not need (the teacher gets it back with Esc)."""
        w = self.window
        panel = w.descent_panel
        return [w.menuBar(), w.statusBar(), w.range_area, w.range_toggle, w.contours_toggle, w.plane_toggle,
                w.snap_toggle, panel.speed_input, panel.start_name, panel.start_input]

    def enter(self, layout_version: int) -> None:
        w = self.window
        if self.on:
            return
        self.kept = _Kept(geometry=w.saveGeometry(), size=w.size(), state=w.saveState(layout_version), maximized=w.isMaximized(),
                          shown={widget: not widget.isHidden() for widget in self.secondary()},
                          range_open=w.range_toggle.isChecked())
        for widget in self.secondary():
            widget.hide()
        w.readout.set_room_for_rule(False)
        room = w.screen().geometry().size()
        chosen = LEAST_SCALE
        for scale in SCALES:  # the largest scale whose smallest layout fits the whole screen
            self._scale(scale, lines=False)  # the layout needs only the fonts: the theme changes once, below
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            needed = self._natural_minimum()
            if needed.width() <= room.width() and needed.height() <= room.height():
                chosen = scale
                break
        self._scale(chosen)
        w.showFullScreen()

    def _natural_minimum(self):
        """The window's smallest size with no pane scrolling (the panes' own minimums)."""
        w = self.window
        needed = w.layout().totalMinimumSize()
        extra = sum(max(0, pane.natural_height() - pane.minimumSizeHint().height())
                    for dock, pane in w.screen_fit.panes.items() if not dock.isHidden() and not dock.isFloating())
        needed.setHeight(needed.height() + extra)
        return needed

    def leave(self, layout_version: int) -> None:
        w, kept = self.window, self.kept
        if kept is None:
            return
        self.kept = None
        self._scale(1.0)
        for widget, shown in kept.shown.items():
            widget.setVisible(shown)
        w.range_toggle.set_open(kept.range_open)
        w._compact = None  # the next resize folds or opens the rule and the range again
        for pane in w.screen_fit.panes.values():  # capped for the larger fonts: their own heights again
            pane.set_cap(None)
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        w.setMinimumSize(0, 0)  # the full screen's minimum would hold the window taller than its screen
        if kept.maximized:
            w.showMaximized()
        else:
            w.showNormal()
        self._restoring = (kept, layout_version)
        # Once the window manager has it back from full screen: the geometry it had, and at
        # that size (not before: the panes would be split for the size in between) its panes.
        QTimer.singleShot(0, lambda: w.restoreGeometry(kept.geometry))
        w.screen_fit.schedule()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize and self._restoring is not None and watched is self.window:
            kept, layout_version = self._restoring
            if not watched.isFullScreen() and event.size() == kept.size:
                self._restoring = None
                watched.restoreState(kept.state, layout_version)
        return False

    def _scale(self, scale: float, lines: bool = True) -> None:
        w = self.window
        w.presentation_scale = scale
        self.scale_text(scale)
        if lines:
            theme.set_presentation_scale(scale)  # the lines and the surface's labels: every view on theme.changed
        w.descent_panel.set_presentation(scale)

    def adopt(self, widget: QWidget, place) -> None:
        """A widget made after the window (a pane first shown), put in it by ``place()``: its
        fonts' normal sizes are kept before it joins the window (it would inherit the
        window's larger ones while presenting), then it is scaled as the rest is."""
        scale = self.window.presentation_scale
        if scale != 1.0:
            for each in (widget, *widget.findChildren(QWidget)):
                each.setProperty("explorerBaseFontPt", each.font().pointSizeF())
        place()
        if scale != 1.0:
            self.scale_text(scale)

    def scale_text(self, scale: float) -> None:
        """Every widget's font ``scale`` times its normal size (remembered on first use)."""
        w = self.window
        widgets = (w, *w.findChildren(QWidget))
        # Every normal size first: a child inherits its parent's font, so reading it after
        # the parent grew would remember the grown size.
        for widget in widgets:
            if widget.property("explorerBaseFontPt") is None:
                widget.setProperty("explorerBaseFontPt", widget.font().pointSizeF())
        for widget in widgets:
            font = widget.font()
            font.setPointSizeF(float(widget.property("explorerBaseFontPt")) * scale)
            widget.setFont(font)
