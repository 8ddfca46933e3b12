"""The window fits its screen: at first launch, and whatever a user does after.

A 1024×768 projector is the smallest screen the app is designed for.  Three rules:

- :func:`first_size`: with no remembered geometry the window opens at a sensible size that
  fits the screen's *available* geometry (less the window manager's frame), maximized where
  the screen is smaller than that size.
- :class:`PaneScroll`: each pane's content sits in a vertical scroll area whose smallest
  height is the content's own, unless the screen has no room for it: then its
  :attr:`~PaneScroll.cap` lowers it and the pane scrolls inside itself.
- :class:`ScreenFit`: the main window's layout no longer sets the window's minimum size
  (a taller minimum than the screen would grow the window past the screen's edge, as Qt
  does); it sets it itself, never above the room the screen has, and caps the panes'
  heights until the layout's own minimum fits that room.

Sizes are logical pixels.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import QFrame, QLayout, QMainWindow, QScrollArea, QStyle, QWidget

PREFERRED = QSize(1440, 900)  # a first launch's size where the screen has room for it
LARGEST = QSize(1920, 1200)  # …and at most this on a large screen (80 % of it, up to here)
FRAME_GUESS = QSize(4, 32)  # a window manager's frame before the window is shown (title bar, borders)
PANE_FLOOR = 90  # px: the least height a capped pane keeps (a few rows to scroll through)


def first_size(available: QRect, frame: QSize = FRAME_GUESS) -> tuple[QSize, bool]:
    """The window's size at a first launch on a screen whose available geometry is
    ``available``, and whether to show it maximized (the screen is smaller than the size the
    app is designed at, so all of it is given)."""
    room = QSize(available.width() - frame.width(), available.height() - frame.height())
    if room.width() < PREFERRED.width() or room.height() < PREFERRED.height():
        return room, True
    wanted = QSize(max(PREFERRED.width(), int(0.8 * room.width())), max(PREFERRED.height(), int(0.8 * room.height())))
    return wanted.boundedTo(LARGEST).boundedTo(room), False


def open_at_first_size(window: QWidget) -> None:
    """Size (and centre, or maximize) ``window`` for a first launch on its screen."""
    available = window.screen().availableGeometry()
    size, maximized = first_size(available)
    window.resize(size)
    if maximized:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    else:
        window.move(available.center().x() - size.width() // 2, available.center().y() - (size.height() + FRAME_GUESS.height()) // 2)


def client_room(window: QWidget) -> QSize:
    """The most room the window's contents can have on its screen: the whole screen in full
    screen, else the available geometry less the window manager's frame."""
    screen = window.screen()
    if window.isFullScreen():
        return screen.geometry().size()
    frame = window.frameGeometry().size() - window.geometry().size() if window.isVisible() else QSize()
    if frame.width() <= 0 and frame.height() <= 0:
        frame = FRAME_GUESS if not window.isVisible() else QSize(0, 0)
    available = screen.availableGeometry().size()
    return QSize(available.width() - frame.width(), available.height() - frame.height())


class PaneScroll(QScrollArea):
    """A pane's content (``content``), scrolled vertically when its pane is given less than
    the content's minimum height; the content is never squeezed or cut off.

    :attr:`cap` (set by :class:`ScreenFit`) is the most minimum height it asks for: None
    asks the content's own (nothing scrolls)."""

    def __init__(self, content: QWidget, name: str, parent=None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(content.accessibleName() or name)
        # Not widgetResizable: that gives a content whose layout wraps text its *preferred*
        # height for the width (heightForWidth), so a pane with room would still scroll.
        self.setWidget(content)
        content.installEventFilter(self)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.cap: int | None = None
        self._hints = None  # the content's (minimum, preferred) size when last laid out

    @property
    def content(self) -> QWidget:
        return self.widget()

    def natural_height(self) -> int:
        """The content's minimum height: what the pane asks for when nothing scrolls."""
        return self.widget().minimumSizeHint().height()

    def _bar(self) -> int:
        # While capped the scroll bar may show: the content keeps its width beside it.
        capped = self.cap is not None and self.cap < self.natural_height()
        return self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent) if capped else 0

    def minimumSizeHint(self) -> QSize:
        content = self.widget().minimumSizeHint()
        height = content.height() if self.cap is None else min(content.height(), max(self.cap, PANE_FLOOR))
        return QSize(content.width() + self._bar(), height)

    def sizeHint(self) -> QSize:
        content = self.widget().sizeHint().expandedTo(self.widget().minimumSizeHint())
        return QSize(content.width() + self._bar(), content.height())

    def _fit_content(self) -> None:
        """The content as wide as the view and as tall as the view or its minimum."""
        content = self.widget()
        least = content.minimumSizeHint()
        # The view as the area lays it out: its own size, less the bar where the content is
        # taller.  (The viewport's own size is stale until the area's first show: fitted to
        # it, a pane was laid out three times as the window opened, its plot resized twice
        # more before the first frame.)
        view = self.maximumViewportSize()
        if least.height() > view.height():
            view.setWidth(view.width() - self.verticalScrollBar().sizeHint().width())
        size = QSize(max(view.width(), least.width()), max(view.height(), least.height()))
        if content.size() != size:
            content.resize(size)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_content()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            # Every label's setText (each descent step) asks for a layout: the pane and the
            # window are laid out again only when what the content needs has changed.
            hints = (self.widget().minimumSizeHint(), self.widget().sizeHint())
            if hints != self._hints:
                self._hints = hints
                self._fit_content()
                self.updateGeometry()
        return super().eventFilter(watched, event)

    def set_cap(self, cap: int | None) -> None:
        if cap is not None and cap >= self.natural_height():
            cap = None
        if cap != self.cap:
            self.cap = cap
            self.updateGeometry()


class ScreenFit(QObject):
    """Keeps ``window``'s minimum size within its screen (see the module's docstring), for
    the dock widgets ``docks`` (each holding a :class:`PaneScroll` once its pane is made)."""

    def __init__(self, window: QMainWindow, docks: list):
        super().__init__(window)
        self.window = window
        self.docks = docks
        self._due = False
        window.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        window.installEventFilter(self)
        for dock in docks:
            dock.installEventFilter(self)  # a floating pane is a window of its own
            dock.topLevelChanged.connect(lambda _floating: self.schedule())

    @property
    def panes(self) -> dict:
        """Each dock whose pane is made, to the :class:`PaneScroll` it holds (a dock not shown
        yet holds none, and takes no room)."""
        return {dock: dock.widget() for dock in self.docks if dock.widget() is not None}

    def eventFilter(self, watched, event) -> bool:
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show, QEvent.Type.WindowStateChange):
            self.schedule()
        return False

    def schedule(self) -> None:
        if not self._due:
            self._due = True
            QTimer.singleShot(0, self.fit)

    def _shown_docked(self) -> list:
        """The docked panes that take room in the window (a tab behind another takes none)."""
        window, shown = self.window, []
        for dock, pane in self.panes.items():
            if dock.isHidden() or dock.isFloating():
                continue
            behind = [other for other in window.tabifiedDockWidgets(dock) if not other.isHidden()]
            if behind and dock.visibleRegion().isEmpty():
                continue
            shown.append(pane)
        return shown

    def fit(self) -> None:
        """One step towards fitting: cap (or uncap) a pane, and set the window's minimum."""
        self._due = False
        window = self.window
        try:
            room = client_room(window)
        except RuntimeError:  # the window is being destroyed
            return
        panes = self.panes
        for dock, pane in panes.items():  # a floating pane fits the screen by itself
            if dock.isFloating():
                title = dock.height() - pane.height() if dock.isVisible() else 0
                pane.set_cap(room.height() - max(title, 0))
        needed = window.layout().totalMinimumSize()
        excess = needed.height() - room.height()
        shown = self._shown_docked()
        if excess > 0:
            # The pane with the most to give gives it (the next LayoutRequest goes on if needed).
            spare = [(pane.minimumSizeHint().height() - PANE_FLOOR, pane) for pane in shown]
            spare = [(room_, pane) for room_, pane in spare if room_ > 0]
            if spare:
                give, pane = max(spare, key=lambda item: item[0])
                pane.set_cap(pane.minimumSizeHint().height() - min(give, excess))
        elif excess < 0:
            for pane in shown:  # room again: the capped pane grows back (it stops scrolling)
                if pane.cap is not None:
                    pane.set_cap(pane.cap - excess)
                    break
        for dock, pane in panes.items():
            if dock.isHidden() and pane.cap is not None:
                pane.set_cap(None)
        window.setMinimumSize(needed.boundedTo(room).expandedTo(QSize(0, 0)))
