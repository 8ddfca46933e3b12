"""The main window: one lesson, seen in panes a teacher can rearrange.

The surface (with its function bar and controls, :mod:`.surface_pane`) is the central pane;
the panes of the registry (:mod:`.panes`: the point's readout, the descent panel, the quiz)
are dock widgets beside it, so all are in sight at once from 1024×768 up.  Every pane is a
view of the one :class:`~explorer.core.lesson.Lesson`.  The window assembles them, its
declared actions and menus (:mod:`.actions`), its files (:mod:`.lesson_files`), exports
(:mod:`.export_dialogs`), keyboard policy (:mod:`.keys`) and presentation mode
(:mod:`.presentation`); it routes what the lesson refused to the pane that owns the field.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from ..core.lesson import Lesson, LessonError
from ..core.lesson_schema import DERIVED
from ..core.presets import surface_presets
from . import theme
from .actions import build_actions, show_fields, shortcut_rows
from .dock_layout import LAYOUT_VERSION, DockLayout
from .edit_actions import EditActions
from .export_dialogs import Exports
from .keys import KeyPolicy
from .lesson_files import LessonFiles, settings
from . import panes
from .panes import build_docks, owner_of
from .presentation import Presentation
from .settings_store import use_folder
from .surface_pane import OWNS as SURFACE_FIELDS, SurfacePane
from .surface_view import colormap_lut
from .symbolic_loader import SymbolicLoader
from .window_fit import PaneScroll, ScreenFit, open_at_first_size

__all__ = ["MainWindow", "isolate_settings", "settings"]

HINT = "Click the surface to pick a point · drag to orbit · wheel to zoom · arrow keys nudge the point"
# Below this window height the term-by-term rule and the range controls fold away (one
# click opens them): a 1024×768 projector has room for the surface, the readout and the
# descent panel, not for everything.
COMPACT_HEIGHT = 850
#: The surface pane's widgets the window offers as its own (``window.point_x``): what tests,
#: presentation mode and the exports reach for.
_SURFACE_PARTS = ("function_bar", "surface_view", "color_bar", "note", "point_x", "point_y", "x_min", "x_max", "y_min",
                  "y_max", "resolution", "contours_toggle", "plane_toggle", "snap_toggle", "reset_button", "top_button",
                  "point_names", "range_names", "range_controls", "range_area", "range_toggle")


def _palette(name: str, light: QPalette) -> QPalette:
    """The widgets' colours for a theme: the platform's own for light; dark; and black on
    white with a strong highlight for high contrast."""
    if name == "light":
        return QPalette(light)
    role = QPalette.ColorRole
    if name == "dark":
        colors = {role.Window: "#2b2c30", role.WindowText: "#e6e6e6", role.Base: "#1f2023", role.AlternateBase: "#2b2c30",
                  role.Text: "#e6e6e6", role.Button: "#36373c", role.ButtonText: "#e6e6e6", role.ToolTipBase: "#36373c",
                  role.ToolTipText: "#e6e6e6", role.Highlight: "#4a7bd0", role.HighlightedText: "#ffffff",
                  role.PlaceholderText: "#9a9a9a", role.Link: "#8fb0ff", role.BrightText: "#ffffff",
                  role.Light: "#4a4b50", role.Midlight: "#3a3b40", role.Mid: "#303136", role.Dark: "#18191b",
                  role.Shadow: "#000000"}
    else:
        colors = {role.Window: "#ffffff", role.WindowText: "#000000", role.Base: "#ffffff", role.AlternateBase: "#f0f0f0",
                  role.Text: "#000000", role.Button: "#eeeeee", role.ButtonText: "#000000", role.ToolTipBase: "#ffffe0",
                  role.ToolTipText: "#000000", role.Highlight: "#0033aa", role.HighlightedText: "#ffffff",
                  role.PlaceholderText: "#555555", role.Link: "#0033aa", role.Mid: "#444444", role.Dark: "#222222",
                  role.Shadow: "#000000"}
    palette = QPalette(light)
    for which, color in colors.items():
        palette.setColor(which, QColor(color))
    palette.setColor(QPalette.ColorGroup.Disabled, role.Text, QColor("#808080"))
    palette.setColor(QPalette.ColorGroup.Disabled, role.WindowText, QColor("#808080"))
    palette.setColor(QPalette.ColorGroup.Disabled, role.ButtonText, QColor("#808080"))
    return palette


def isolate_settings() -> None:
    """Keep this process's remembered layout, lesson and theme in a folder of its own (the
    benchmark, screenshots): a user's own are neither read nor replaced."""
    import tempfile

    use_folder(tempfile.mkdtemp(prefix="explorer-isolated-"))


class MainWindow(QMainWindow):
    """Everything a student sees.  ``MainWindow()`` builds the whole window on the default
    lesson; ``function_text`` replaces its surface function when it can be drawn."""

    def __init__(self, function_text: str | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("Gradient Explorer")
        self._status_refusal = ""  # what the lesson last refused, in the status bar until the next good edit
        self._compact: bool | None = None
        #: Whether closing keeps the lesson and the layout for the next launch (not for the
        #: windows ``explorer render`` and ``explorer animate`` draw in).
        self.remembers = True
        self._presenting = False
        self.presentation_scale = 1.0  # how much larger text and lines are (presentation mode)
        self.presentation = Presentation(self)

        self.lesson = lesson = Lesson(lut=colormap_lut())
        refusal = ""
        if function_text is not None:
            try:
                lesson.update(function=function_text)
            except LessonError as error:  # a --function that cannot be drawn: the lesson's own stays
                refusal = f"⚠ {error.message}; showing the lesson's function instead."
        lesson.history.clear()  # the lesson the window opens with is where undo stops…
        lesson.history.mark_clean()  # …and, undone back to, has no unsaved changes
        lesson.events.refused.connect(self._on_lesson_refused)

        self.surface_pane = SurfacePane(lesson, surface_presets(), refusal, self)
        for name in _SURFACE_PARTS:
            setattr(self, name, getattr(self.surface_pane, name))
        self.setCentralWidget(self.surface_pane)
        self.docks = build_docks(self, self._make_pane)  # the readout and the descent panel made; the rest when first shown
        for key, dock in self.docks.items():
            setattr(self, f"{key}_dock", dock)  # window.readout_dock …
        self.setDockNestingEnabled(True)
        # What a pane cannot show on a short screen scrolls inside it; the window never grows past the screen.
        self.screen_fit = ScreenFit(self, list(self.docks.values()))

        self.files = LessonFiles(self)
        self.exports = Exports(self)
        self.keys = KeyPolicy(self)
        self.edit_actions = EditActions(self, lesson, own_menu=False)  # Edit ▸ Undo, Redo (placed by the declarations)
        self.actions_made = build_actions(self)
        self.edit_actions.menu = self.edit_menu
        self.recent_menu.aboutToShow.connect(self.files.fill_recent_menu)
        self.files.fill_recent_menu()
        self.theme_actions = {name: getattr(self, f"theme_{name}_action") for name in theme.THEMES}
        self.surface_pane.status.connect(self._on_pane_status)
        self.reset_button.clicked.connect(lambda: self.edit_actions.move_camera("reset view", self.surface_view.reset_camera))
        self.top_button.clicked.connect(lambda: self.edit_actions.move_camera("top view", self.surface_view.top_view))
        lesson.events.changed.connect(self._on_lesson_changed)
        # sympy once the first frame is up (drawn from the early functions): the formulas follow.
        self.symbolic = SymbolicLoader(lesson, self)
        self.surface_view.frameSwapped.connect(self.symbolic.start_after_this_event, Qt.ConnectionType.SingleShotConnection)

        show_fields(self.actions_made, lesson)
        self.statusBar().showMessage(HINT)
        open_at_first_size(self)  # fits the screen, whatever its size (a remembered geometry overrides it)
        self.dock_layout = DockLayout(self)  # the default layout: the one made so far
        self.dock_layout.restore()  # the panes as the teacher left them (a lesson opened later sets its own)
        chosen = settings().text("view/theme", "system")
        self._theme_choice = chosen if chosen in theme.THEMES else "system"
        self.theme_actions[self._theme_choice].setChecked(True)
        if self._resolved_theme() != theme.current().name:
            self._apply_theme()
        # A bound method: Qt drops the connection when this window is destroyed.
        QApplication.styleHints().colorSchemeChanged.connect(self._on_color_scheme)
        for pane in panes.PANES:
            if pane.tabs_with is not None:
                self.docks[pane.key].toggleViewAction().toggled.connect(
                    lambda shown, key=pane.key: shown and self.dock_layout.as_a_tab(key))
        # The slice along u, its tangent and the handle are drawn while the Direction pane is open (in front or as a tab).
        self.docks["direction"].toggleViewAction().toggled.connect(self.surface_view.set_direction_shown)
        self.surface_view.set_direction_shown(not self.docks["direction"].isHidden())
        self.files.set_path(None)

    # ------------------------------------------------------------------ panes (see panes.py)
    def pane(self, key: str) -> QWidget:
        """The widget of the pane ``key`` (``"quiz"``), made now if it was not yet: a pane out
        of sight at start is made when its dock is first shown or it is first asked for.
        ``window.quiz_panel`` (each pane's attribute in :data:`~explorer.ui.panes.PANES`) is this."""
        return self.docks[key].content()

    def made_pane(self, key: str) -> QWidget | None:
        """The pane ``key``'s widget if it has been made, else None (without making it)."""
        dock = self.__dict__.get("docks", {}).get(key)
        return dock.widget().content if dock is not None and dock.made else None

    def __getattr__(self, name: str):
        # Only for what is not an attribute yet: a pane not made (see pane()).
        pane = panes.pane_called(name)
        if pane is None or "docks" not in self.__dict__:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        return self.pane(pane.key)

    def _make_pane(self, dock: panes.PaneDock) -> None:
        """Make ``dock``'s pane from the lesson and put it in the dock (scrolling inside it
        when the screen is short): once, when the dock is first shown or the pane asked for."""
        widget = dock.pane.make(self.lesson)
        scroll = PaneScroll(widget, f"{dock.pane.dock_name}Scroll")
        self.presentation.adopt(scroll, lambda: dock.setWidget(scroll))
        setattr(self, dock.pane.attribute, widget)  # window.readout … (looked up directly from now on)
        if "screen_fit" in self.__dict__:
            self.screen_fit.schedule()

    # ------------------------------------------------------------------ help
    def shortcuts_text(self) -> str:
        """Every shortcut, one a line (Help ▸ Keyboard shortcuts shows it), made from the
        actions' own key bindings (:func:`~explorer.ui.actions.shortcut_rows`)."""
        return "\n".join(f"{key}\t{what}" for key, what in shortcut_rows(self.actions_made))

    def show_shortcuts(self) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.NoIcon, "Keyboard shortcuts", "", QMessageBox.StandardButton.Close, self)
        box.setObjectName("shortcutsDialog")
        rows = "".join(f"<tr><td style='padding-right:18px'><b>{key}</b></td><td>{what}</td></tr>"
                       for key, what in shortcut_rows(self.actions_made))
        box.setText(f"<table>{rows}</table>")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.open()  # not modal to the event loop: the window stays live behind it
        return box

    def about(self) -> None:
        from .. import __version__

        QMessageBox.about(self, "About Gradient Explorer",
                          f"Gradient Explorer {__version__}\n\nSee partial derivatives and gradient descent: "
                          f"click a surface, drag a learning rate.")

    # ------------------------------------------------------------------ themes
    @property
    def theme_choice(self) -> str:
        """What View ▸ Theme is set to: ``system`` (the default), ``light``, ``dark`` or ``contrast``."""
        return self._theme_choice

    def set_theme(self, name: str) -> None:
        """Light, dark or high contrast (for a washed-out projector), or follow the system's
        light or dark; remembered between launches (the room's projector, not the lesson)."""
        if name not in theme.THEMES:
            raise ValueError(f"no theme {name!r}")
        self._theme_choice = name
        self.theme_actions[name].setChecked(True)
        store = settings()
        store.setValue("view/theme", name)
        store.sync()
        self._apply_theme()

    def _on_color_scheme(self, _scheme) -> None:
        self._apply_theme()  # followed only when the choice is "system" (see _resolved_theme)

    def _resolved_theme(self) -> str:
        if self._theme_choice != "system":
            return self._theme_choice
        dark = QApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
        return "dark" if dark else "light"

    def _apply_theme(self) -> None:
        """The widgets' palette, then the theme: each view re-reads its colours on
        :data:`theme.changed` (the fold toggles take the palette's ink then, so it is set first)."""
        resolved = self._resolved_theme()
        if resolved == theme.current().name and getattr(self, "_themed", False):
            return
        self._themed = True
        app = QApplication.instance()
        if not hasattr(app, "_explorer_light_palette"):
            app._explorer_light_palette = QPalette(app.palette())
        app.setPalette(_palette(resolved, app._explorer_light_palette))
        # Qt resolves each widget's palette in no set order, and a pane hidden behind another's
        # tab could take its parent's palette before that had changed (the quiz stayed light
        # in the dark theme): resolved again here, parents first.
        change = QEvent(QEvent.Type.ApplicationPaletteChange)
        for widget in (self, *self.findChildren(QWidget)):
            QApplication.sendEvent(widget, change)
        theme.use(resolved)

    # ------------------------------------------------------------------ files, exports (see their modules)
    @property
    def lesson_path(self):
        """The file the lesson was last opened from or saved to (None: not saved yet)."""
        return self.files.path

    def save_lesson(self, path) -> bool:
        return self.files.save_lesson(path)

    def open_lesson(self, path) -> bool:
        return self.files.open_lesson(path)

    def new_lesson(self) -> None:
        self.files.new_lesson()

    def restore_session(self) -> bool:
        return self.files.restore_session()

    def recent_lessons(self) -> list[str]:
        return self.files.recent_lessons()

    def _fill_recent_menu(self) -> None:
        self.files.fill_recent_menu()

    def _save_as(self) -> None:
        self.files.save_as()

    def export_surface_image(self, path, width: int = 1920, height: int = 1080, caption: bool = True) -> bool:
        return self.exports.surface_image(path, width, height, caption)

    def export_plot(self, path) -> bool:
        return self.exports.plot(path)

    def export_csv(self, path) -> bool:
        return self.exports.csv(path)

    def export_animation(self, path, steps: int = 60, what: str = "both", size=(800, 600)) -> bool:
        return self.exports.animation(path, steps, what, size)

    def copy_view(self) -> None:
        self.exports.copy_view()

    def say(self, message: str) -> None:
        """A message in the status bar for 30 s (what a file or an export did)."""
        self.statusBar().showMessage(message, 30_000)

    # ------------------------------------------------------------------ layout (see dock_layout.py), fold, presentation
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.keys.watch()  # the keyboard policy, while this window is shown (see keys.py)
        if not self.dock_layout.arranged:  # shown with no saved layout and not split before: split for the size shown
            self.dock_layout.arranged = True
            # Once the window has its size and its layout has run (docks resized earlier are
            # laid out again by it).
            QTimer.singleShot(0, self.dock_layout.arrange)
        elif self.dock_layout.arranged_at is not None:  # split before this first show (see setVisible)
            QTimer.singleShot(0, self.dock_layout.arrange_if_resized)

    def save_layout(self) -> None:
        self.dock_layout.save()

    def reset_layout(self) -> None:
        """Every pane back in its place and shown (View ▸ Reset layout)."""
        self.dock_layout.reset()

    def closeEvent(self, event) -> None:
        self.keys.unwatch()
        if self.remembers:
            try:
                self.files.remember_session()
            except (LessonError, OSError) as error:  # a close must close: the layout is still kept
                print(f"explorer: the lesson could not be kept for the next launch: {error}", file=sys.stderr)
            self.save_layout()
        if self._presenting:
            self.presentation_action.setChecked(False)
        super().closeEvent(event)

    def setVisible(self, visible: bool) -> None:
        # Fold for the size asked for *before* the first show lays the window out: unfolded,
        # its smallest height would be more than a 1024×768 screen has, and the window would
        # come up taller than asked.
        if visible and self._compact is None:
            self._fold_for(self.height())
        first_show = visible and not self.dock_layout.arranged and not self.isVisible()
        if first_show:
            self.dock_layout.arrange_before_show()  # split now: the first frame is the only one (#25)
        super().setVisible(visible)
        if first_show:
            # The show's own layout requests (a label refitted to the width it was shown at)
            # now, not queued behind the first paint's request: the first frame is laid out
            # as it stays.
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fold_for(event.size().height())

    def _fold_for(self, height: int) -> None:
        compact = height < COMPACT_HEIGHT
        if compact != self._compact:
            if self._compact and not compact and self.isVisible():
                QTimer.singleShot(0, self.dock_layout.arrange)  # grown tall: give the unfolded rule its room
            self._compact = compact
            self.readout.set_room_for_rule(not compact)
            self.descent_panel.set_compact(compact)
            self.set_range_controls_open(not compact)

    def set_range_controls_open(self, open_: bool) -> None:
        self.surface_pane.range_toggle.set_open(open_)

    def set_presentation(self, on: bool) -> None:
        """Presentation mode: full screen, text and lines at least 1.2× larger, what the
        audience does not need hidden (see :mod:`.presentation`); off, the window as it was."""
        if on == self._presenting:
            return
        self._presenting = on
        self.presentation_action.setChecked(on)
        if on:
            self._normal_geometry = self.saveGeometry()
            self.presentation.enter(LAYOUT_VERSION)
        else:
            self.presentation.leave(LAYOUT_VERSION)

    # ------------------------------------------------------------------ screenshots
    def show_page(self, page: QWidget) -> None:
        """Bring the pane holding ``page`` (``self.readout``, ``self.descent_panel`` …) into sight."""
        dock = next(self.docks[pane.key] for pane in panes.PANES if self.made_pane(pane.key) is page)
        dock.show()
        dock.raise_()

    def screenshot(self):
        """The whole window as a QPixmap, with the GL view's own frame painted in (see
        SurfaceView.snapshot)."""
        from PySide6.QtGui import QPainter

        pixmap = self.grab()
        frame = self.surface_view.snapshot()
        painter = QPainter(pixmap)
        origin = self.surface_view.mapTo(self, self.surface_view.rect().topLeft())
        frame.setDevicePixelRatio(pixmap.devicePixelRatio())
        painter.drawImage(origin, frame)
        painter.end()
        return pixmap

    # ------------------------------------------------------------------ lesson → window
    def _on_lesson_refused(self, field: str, message: str) -> None:
        """Say what the lesson refused in the pane that owns ``field``: the surface's own
        fields in the surface pane, a pane's (see :data:`~explorer.ui.panes.PANES`) in that
        pane, the rest (``panes``, ``quiz``) in the status bar."""
        field = field.split(".", 1)[0]  # "camera.distance": the camera's
        owner = owner_of(field)
        if field in SURFACE_FIELDS:
            self.surface_pane.show_refusal(field, message)
        elif owner is not None:
            getattr(self, owner.attribute).show_refusal(message)
        else:
            self._on_pane_status(f"⚠ {message}", 0, True)

    def _on_pane_status(self, message: str, timeout: int, refusal: bool) -> None:
        self.statusBar().showMessage(message, timeout)
        if refusal:
            self._status_refusal = message

    def forget_status_refusal(self) -> None:
        """The status bar's refusal, if it still shows, gives way to the hint."""
        if self._status_refusal and self.statusBar().currentMessage() == self._status_refusal:
            self.statusBar().showMessage(HINT)
        self._status_refusal = ""

    def _on_lesson_changed(self, changed: frozenset) -> None:
        if "panes" in changed:
            self.dock_layout.show_lesson_panes()
        if changed - DERIVED - {"camera", "panes"} and not self.isWindowModified():
            self.setWindowModified(True)  # once: each call re-sets the title (~0.5 ms a tick of an α drag)
        if changed - DERIVED:  # an edit went through (not a step, not sympy's arrival): what was refused is history
            self.forget_status_refusal()
        show_fields(self.actions_made, self.lesson)
