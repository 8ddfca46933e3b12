"""The window's keyboard policy: Space, → and R drive the descent from anywhere in the window
(see the window-wide actions in :mod:`.actions`) but out of a control that uses the key
itself — a slider's arrows, a button's Space, a text box's every key, the surface's nudging
arrows — and Ctrl+Z is a text box's own undo while it holds typing the lesson has not taken
(:meth:`EditActions.box_keeps`)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSlider, QAbstractSpinBox, QApplication, QComboBox, QDockWidget, QLineEdit, QMainWindow,
    QWidget,
)

from .edit_actions import EditActions
from .surface_view import SurfaceView

__all__ = ["KeyPolicy", "OWN_KEYS"]

#: Keys a focused control keeps for itself rather than lose to the window's shortcuts.
OWN_KEYS = {
    QAbstractSlider: {Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_Space},
    QAbstractButton: {Qt.Key.Key_Space},
    QComboBox: {Qt.Key.Key_Space, Qt.Key.Key_Right},
    QLineEdit: {Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_R},
    QAbstractSpinBox: {Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_R},
    SurfaceView: {Qt.Key.Key_Right, Qt.Key.Key_Left},  # they nudge the point
}
# A control the first frame does not build (the Direction pane's dial) declares its own keys as a
# class attribute OWN_KEYS instead, so the window's start imports none of its modules.


class KeyPolicy(QObject):
    """Filters the application's shortcut overrides for ``window`` while it is shown
    (:meth:`watch` on show, :meth:`unwatch` on close: the filter sees every event of the
    application)."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.watching = False

    def watch(self) -> None:
        if not self.watching:
            QApplication.instance().installEventFilter(self)
            self.watching = True

    def unwatch(self) -> None:
        if self.watching:
            QApplication.instance().removeEventFilter(self)
            self.watching = False

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(watched, QWidget) and self._owns(watched):
            keeps = EditActions.box_keeps(watched, event)
            if keeps is not None:  # Ctrl+Z: the text box's own undo, or (filtered from it) the lesson's
                if keeps:
                    event.accept()
                return not keeps
            key = event.key()
            if key in getattr(watched, "OWN_KEYS", ()) or any(
                    isinstance(watched, kind) and key in keys for kind, keys in OWN_KEYS.items()):
                event.accept()  # the control gets the key; the shortcut does not fire
        return False

    def _owns(self, widget: QWidget) -> bool:
        """Whether ``widget`` is in this window, a floating pane of it included (a floating
        dock is a window of its own, so ancestry alone would miss it)."""
        top = widget.window()
        return top is self.window or (isinstance(top, QDockWidget) and top.parentWidget() is self.window)
