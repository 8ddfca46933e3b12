"""The main window: one lesson, seen in panes a teacher can rearrange.

The surface (with its function bar and controls) is the central pane; the point's readout
and the descent panel are dock widgets beside it, so all three are in sight at once from
1024×768 up.  Every pane is a view of the one :class:`~explorer.core.lesson.Lesson`: the
window only builds them, forwards edits from its own controls to the lesson, and shows
what the lesson refused and why.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QColor, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSlider, QAbstractSpinBox, QApplication, QCheckBox, QComboBox, QDockWidget, QFileDialog,
    QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QMainWindow, QMessageBox, QPushButton, QScrollArea,
    QSizePolicy, QVBoxLayout, QWidget,
)

from ..core.datafile import read_text, shown
from ..core.lesson import DEFAULTS, RESOLUTION_RANGE, Lesson, LessonError
from ..core.lesson_file import LessonFileError, lesson_text, load_lesson, parse_lesson_text, write_lesson
from ..core.presets import surface_presets
from . import theme
from .color_bar import ColorBar
from .descent_panel import DescentPanel
from .edit_actions import EditActions, GestureStep
from .function_bar import FunctionBar
from .quiz_panel import QuizPanel
from .readout import ReadoutPanel
from .settings_store import SettingsStore, use_folder
from .surface_view import SurfaceView, colormap_lut
from .widgets import Fold, NumberBox, WholeBox
from .presentation import Presentation
from .window_fit import PaneScroll, ScreenFit, open_at_first_size

DEFAULT_FUNCTION = DEFAULTS["function"]
DEFAULT_POINT = DEFAULTS["point"]
HINT = "Click the surface to pick a point · drag to orbit · wheel to zoom · arrow keys nudge the point"
# Below this window height the term-by-term rule and the range controls fold away (one
# click opens them): a 1024×768 projector has room for the surface, the readout and the
# descent panel, not for everything.
COMPACT_HEIGHT = 850
LAYOUT_VERSION = 1  # bump when the panes change, so an old saved layout is not restored
RECENT_LESSONS = 8  # File ▸ Open Recent
LESSON_FILTER = "Lessons (*.json);;All files (*)"
# The keys a class uses most; Help ▸ Shortcuts lists them (and the menus' own).
SHORTCUTS = (
    ("Space", "play or pause the descent"),
    ("→", "one step of the descent"),
    ("R", "reset the descent to its start"),
    ("arrow keys (on the surface)", "nudge the point"),
    ("Shift + click", "pick the exact point (no snapping)"),
    ("Ctrl+N / Ctrl+O / Ctrl+S", "new, open, save a lesson"),
    ("Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y)", "undo / redo the last edit of the lesson"),
    ("Ctrl+E", "export the surface as an image"),
    ("Ctrl+C (outside a text box)", "copy the surface view as an image"),
    ("Ctrl+1 / Ctrl+2 / Ctrl+3", "show or hide the readout / the descent panel / the quiz"),
    ("F11", "presentation mode (Esc leaves it)"),
)
# Keys a focused control keeps for itself rather than lose to the window's shortcuts (a
# slider's arrows, a button's Space, the text boxes' every key).
_OWN_KEYS = {
    QAbstractSlider: {Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_Space},
    QAbstractButton: {Qt.Key.Key_Space},
    QComboBox: {Qt.Key.Key_Space, Qt.Key.Key_Right},
    QLineEdit: {Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_R},
    QAbstractSpinBox: {Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_R},
    SurfaceView: {Qt.Key.Key_Right, Qt.Key.Key_Left},  # they nudge the point
}
SURFACE_FIELDS = ("function", "x_range", "y_range", "resolution", "point", "contours", "tangent_plane", "snap",
                  "slope_triangles", "downhill")


def _spin(name: str, accessible: str, value: float, lo: float = -1000.0, hi: float = 1000.0, step: float = 0.1) -> NumberBox:
    box = NumberBox(accessible)
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    box.setRange(lo, hi)
    box.setSingleStep(step)
    box.setValue(value)
    box.setKeyboardTracking(False)  # apply on Enter / arrows, not on every digit
    return box


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


def settings() -> SettingsStore:
    """Where the window keeps its layout between launches (plain text only: see settings_store)."""
    return SettingsStore()


class MainWindow(QMainWindow):
    """Everything a student sees.  ``MainWindow()`` builds the whole window on the default
    lesson; ``function_text`` replaces its surface function when it can be drawn."""

    def __init__(self, function_text: str | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("Gradient Explorer")
        self._presets = surface_presets()
        self._refusal = ""  # what the lesson last refused, shown in the note until the next good edit
        self._status_refusal = ""  # the same, in the status bar
        self._compact: bool | None = None
        self._lesson_path: Path | None = None
        #: Whether closing keeps the lesson and the layout for the next launch (not for the
        #: windows ``explorer render`` and ``explorer animate`` draw in).
        self.remembers = True
        self._presenting = False
        self.presentation_scale = 1.0  # how much larger text and lines are (presentation mode)
        self.presentation = Presentation(self)

        self.lesson = lesson = Lesson(lut=colormap_lut())
        if function_text is not None:
            try:
                lesson.update(function=function_text)
            except LessonError as error:  # a --function that cannot be drawn: the lesson's own stays
                self._refusal = f"⚠ {error.message}; showing the lesson's function instead."
        lesson.history.clear()  # the lesson the window opens with is where undo stops…
        lesson.history.mark_clean()  # …and, undone back to, has no unsaved changes
        lesson.events.refused.connect(self._on_lesson_refused)

        self.function_bar = FunctionBar(lesson.function, presets=[p.name for p in self._presets])
        self.surface_view = SurfaceView(lesson)
        self.color_bar = ColorBar(theme.COLORMAP)
        self.readout = ReadoutPanel(lesson)
        self.descent_panel = DescentPanel(lesson)
        self.quiz_panel = QuizPanel(lesson)
        self.note = QLabel()
        self.note.setObjectName("surfaceNote")
        self.note.setAccessibleName("Note about the surface")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {theme.NOTE_COLOR}")

        # Exact entry of the point, the range and the resolution.
        self.point_x = _spin("pointXInput", "x of the point", lesson.point[0])
        self.point_y = _spin("pointYInput", "y of the point", lesson.point[1])
        self.x_min = _spin("xMinInput", "smallest x shown", lesson.x_range[0])
        self.x_max = _spin("xMaxInput", "largest x shown", lesson.x_range[1])
        self.y_min = _spin("yMinInput", "smallest y shown", lesson.y_range[0])
        self.y_max = _spin("yMaxInput", "largest y shown", lesson.y_range[1])
        self.resolution = WholeBox("the resolution")
        self.resolution.setObjectName("resolutionInput")
        self.resolution.setAccessibleName("Mesh resolution (samples per side)")
        self.resolution.setRange(*RESOLUTION_RANGE)
        self.resolution.setSingleStep(50)
        self.resolution.setValue(lesson.resolution)
        self.resolution.setKeyboardTracking(False)
        self.contours_toggle = QCheckBox("contour lines")
        self.contours_toggle.setObjectName("contoursToggle")
        self.contours_toggle.setAccessibleName("Show contour lines on the floor")
        self.plane_toggle = QCheckBox("tangent plane")
        self.plane_toggle.setObjectName("tangentPlaneToggle")
        self.plane_toggle.setAccessibleName("Show the tangent plane")
        self.snap_toggle = QCheckBox("snap clicks")
        self.snap_toggle.setObjectName("snapToggle")
        self.snap_toggle.setAccessibleName("A click picks the nearest round point")
        self.snap_toggle.setToolTip("A click picks the nearest round point, like (1, 2): the numbers of the lesson.\n"
                                    "Off, or with Shift held, a click picks exactly where it meets the surface.")
        self.reset_button = QPushButton("Reset view")
        self.reset_button.setObjectName("resetCameraButton")
        self.reset_button.setAccessibleName("Reset the camera")
        self.top_button = QPushButton("Top view")
        self.top_button.setObjectName("topViewButton")
        self.top_button.setAccessibleName("Look straight down")

        self._build_layout()
        self._build_menus()

        self.function_bar.functionParsed.connect(self._on_function_typed)
        self.function_bar.presetChosen.connect(self._on_preset_chosen)
        lesson.events.changed.connect(self._on_lesson_changed)
        self.point_x.valueChanged.connect(lambda v: self._edit(point=(v, lesson.point[1])))
        self.point_y.valueChanged.connect(lambda v: self._edit(point=(lesson.point[0], v)))
        for box, field, end in ((self.x_min, "x_range", 0), (self.x_max, "x_range", 1), (self.y_min, "y_range", 0),
                                (self.y_max, "y_range", 1)):
            box.valueChanged.connect(lambda value, field=field, end=end: self._on_range_edited(field, end, value))
        self.resolution.valueChanged.connect(lambda n: self._edit(resolution=int(n)))
        for box in (self.point_x, self.point_y, self.x_min, self.x_max, self.y_min, self.y_max, self.resolution):
            box.refused.connect(self._on_box_refused)
        self.contours_toggle.toggled.connect(lambda on: self._edit(contours=on))
        self.plane_toggle.toggled.connect(lambda on: self._edit(tangent_plane=on))
        self.snap_toggle.toggled.connect(lambda on: self._edit(snap=on))
        self.reset_button.clicked.connect(lambda: self.edit_actions.move_camera("reset view", self.surface_view.reset_camera))
        self.top_button.clicked.connect(lambda: self.edit_actions.move_camera("top view", self.surface_view.top_view))
        self._typing = GestureStep(lesson.history).over_typing(self.function_bar.input)  # a burst of typing: one step

        self._show_checked(self.contours_toggle, lesson.contours)
        self._show_checked(self.plane_toggle, lesson.tangent_plane)
        self._show_checked(self.snap_toggle, lesson.snap)
        self._show_checked(self.triangles_action, lesson.slope_triangles)
        self._show_checked(self.downhill_action, lesson.downhill)
        self._on_lesson_surface(lesson.mesh)
        self.statusBar().showMessage(HINT)
        open_at_first_size(self)  # fits the screen, whatever its size (a remembered geometry overrides it)
        self._default_layout = self.saveState(LAYOUT_VERSION)
        self._restore_layout()  # the panes as the teacher left them (a lesson opened later sets its own)
        chosen = settings().text("view/theme", "system")
        self._theme_choice = chosen if chosen in theme.THEMES else "system"
        self.theme_actions[self._theme_choice].setChecked(True)
        if self._resolved_theme() != theme.current:
            self._apply_theme()
        # A bound method: Qt drops the connection when this window is destroyed.
        QApplication.styleHints().colorSchemeChanged.connect(self._on_color_scheme)
        self.quiz_dock.toggleViewAction().toggled.connect(lambda shown: shown and self._quiz_as_a_tab())
        self._set_lesson_path(None)

    # ------------------------------------------------------------------ building
    def _build_layout(self) -> None:
        point_row = QHBoxLayout()
        self.point_names = (QLabel("point x₀"), QLabel("y₀"))
        for label, widget in zip(self.point_names, (self.point_x, self.point_y)):
            point_row.addWidget(label)
            point_row.addWidget(widget)
        point_row.addStretch(1)
        for widget in (self.reset_button, self.top_button):
            point_row.addWidget(widget)
        toggle_row = QHBoxLayout()
        for widget in (self.contours_toggle, self.plane_toggle, self.snap_toggle):
            toggle_row.addWidget(widget)
        toggle_row.addStretch(1)
        # The range and the resolution are set once per lesson: they fold away on a small
        # screen (one click opens them).
        self.range_controls = QWidget()
        self.range_controls.setObjectName("rangeControls")
        range_rows = QGridLayout(self.range_controls)
        range_rows.setContentsMargins(0, 0, 0, 0)
        range_rows.setVerticalSpacing(2)
        self.range_names = (QLabel("x from"), QLabel("to"), QLabel("y from"), QLabel("to"))
        boxes = (self.x_min, self.x_max, self.y_min, self.y_max)
        for i, (label, widget) in enumerate(zip(self.range_names, boxes)):
            row, column = divmod(i, 2)
            range_rows.addWidget(label, row, 2 * column, Qt.AlignmentFlag.AlignRight)
            range_rows.addWidget(widget, row, 2 * column + 1)
        range_rows.addWidget(QLabel("resolution"), 0, 4, Qt.AlignmentFlag.AlignRight)
        range_rows.addWidget(self.resolution, 0, 5)
        range_rows.setColumnStretch(6, 1)

        view_row = QHBoxLayout()
        view_row.addWidget(self.surface_view, 1)
        view_row.addWidget(self.color_bar)
        central = QWidget(self)
        central.setObjectName("surfacePane")
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 4, 6, 2)
        layout.setSpacing(3)
        layout.addWidget(self.function_bar)
        layout.addLayout(view_row, 1)
        layout.addWidget(self.note)
        layout.addLayout(point_row)
        layout.addLayout(toggle_row)
        # In a scroll area that may shrink to nothing: open or folded, the range never makes
        # the window taller than the screen it was sized for (resizeEvent folds it there).
        self.range_area = QScrollArea()
        self.range_area.setWidget(self.range_controls)
        self.range_area.setWidgetResizable(True)
        self.range_area.setFrameShape(QFrame.Shape.NoFrame)
        self.range_area.setMinimumHeight(1)  # 0 would mean "unset": a scroll area asks 68 px
        self.range_area.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.range_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.range_toggle = Fold("range && resolution", self.range_area, "rangeToggle", "Show or hide the range and resolution")
        layout.addWidget(self.range_area)
        self.setCentralWidget(central)
        toggle_row.addWidget(self.range_toggle)

        # The readout and the descent panel dock beside the surface, one above the other;
        # a teacher can drag them elsewhere, float or close them (View brings them back).
        self.readout_dock = self._dock("readoutDock", "∂  At the point", self.readout)
        self.descent_dock = self._dock("descentDock", "↘  Gradient descent", self.descent_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.readout_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.descent_dock)
        # The quiz ends the lesson: a tab beside the descent panel when shown (View ▸ Quiz).
        self.quiz_dock = self._dock("quizDock", "?  Quiz", self.quiz_panel)
        self.tabifyDockWidget(self.descent_dock, self.quiz_dock)
        self.quiz_dock.hide()  # not in the default lesson's panes
        self.descent_dock.raise_()
        self.setDockNestingEnabled(True)
        # What a pane cannot show on a short screen scrolls inside it; the window never grows past the screen.
        self.screen_fit = ScreenFit(self, {dock: dock.widget() for dock in (self.readout_dock, self.descent_dock, self.quiz_dock)})

    def _dock(self, name: str, title: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setAccessibleName(title.split("  ", 1)[-1])
        dock.setWidget(PaneScroll(widget, f"{name}Scroll"))
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        return dock

    def _action(self, text: str, name: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_file_menu(self) -> None:
        menu = self.menuBar().addMenu("&File")
        menu.setObjectName("fileMenu")
        self.new_action = self._action("&New lesson", "newLessonAction", lambda: self._may_discard() and self.new_lesson(),
                                       QKeySequence.StandardKey.New, "Back to the default lesson")
        self.open_action = self._action("&Open lesson…", "openLessonAction", self._open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = menu.addMenu("Open &recent")
        self.recent_menu.setObjectName("recentMenu")
        self.save_action = self._action("&Save lesson", "saveLessonAction", self._save, QKeySequence.StandardKey.Save)
        self.save_as_action = self._action("Save lesson &as…", "saveLessonAsAction", self._save_as,
                                           QKeySequence.StandardKey.SaveAs)
        menu.insertAction(self.recent_menu.menuAction(), self.new_action)
        menu.insertAction(self.recent_menu.menuAction(), self.open_action)
        menu.addActions([self.save_action, self.save_as_action])
        menu.addSeparator()
        self.export_menu = menu.addMenu("&Export")
        self.export_menu.setObjectName("exportMenu")
        self.export_image_action = self._action("&Surface as an image…", "exportImageAction", self._export_image_dialog,
                                                "Ctrl+E", "The surface rendered afresh at any size, e.g. 1920×1080 for a slide")
        self.export_plot_action = self._action("Descent &plot (PNG or SVG)…", "exportPlotAction", self._export_plot_dialog)
        self.export_animation_action = self._action("&Animation of the run (GIF or MP4)…", "exportAnimationAction",
                                                    self._export_animation_dialog)
        self.export_csv_action = self._action("Iterates as &CSV…", "exportCsvAction", self._export_csv_dialog,
                                              tip="Every run from its start to its end, a row per iterate")
        self.copy_view_action = self._action("&Copy the surface image", "copyViewAction", self.copy_view,
                                             QKeySequence.StandardKey.Copy)
        self.export_menu.addActions([self.export_image_action, self.export_plot_action, self.export_animation_action,
                                     self.export_csv_action])
        self.export_menu.addSeparator()
        self.export_menu.addAction(self.copy_view_action)
        menu.addSeparator()
        self.quit_action = self._action("&Quit", "quitAction", self.close, QKeySequence.StandardKey.Quit)
        menu.addAction(self.quit_action)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._fill_recent_menu()
        self.file_menu = menu

    def _build_keys(self) -> None:
        """Space, → and R drive the descent from anywhere in the window but a control that
        uses the key itself (see :data:`_OWN_KEYS` and :meth:`eventFilter`)."""
        panel = self.descent_panel
        self.play_action = self._action("Play / pause", "playAction", panel.play_button.click, Qt.Key.Key_Space)
        self.step_action = self._action("Step", "stepAction", panel.step_button.click, Qt.Key.Key_Right)
        self.reset_run_action = self._action("Reset the run", "resetRunAction", panel.reset_button.click, Qt.Key.Key_R)
        for action in (self.play_action, self.step_action, self.reset_run_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)
        # The filter sees every event of the application: only while this window is shown.
        self._filtering = False

    def _build_help_menu(self) -> None:
        menu = self.menuBar().addMenu("&Help")
        menu.setObjectName("helpMenu")
        self.shortcuts_action = self._action("&Keyboard shortcuts", "shortcutsAction", self.show_shortcuts,
                                             QKeySequence.StandardKey.HelpContents)
        menu.addAction(self.shortcuts_action)
        menu.addAction(self._action("&About Gradient Explorer", "aboutAction", self._about))
        self.help_menu = menu

    def shortcuts_text(self) -> str:
        """Every shortcut, one a line (Help ▸ Keyboard shortcuts shows it)."""
        rows = [f"{key}\t{what}" for key, what in SHORTCUTS]
        return "\n".join(rows)

    def show_shortcuts(self) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.NoIcon, "Keyboard shortcuts", "", QMessageBox.StandardButton.Close, self)
        box.setObjectName("shortcutsDialog")
        rows = "".join(f"<tr><td style='padding-right:18px'><b>{key}</b></td><td>{what}</td></tr>" for key, what in SHORTCUTS)
        box.setText(f"<table>{rows}</table>")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.open()  # not modal to the event loop: the window stays live behind it
        return box

    def _about(self) -> None:
        from .. import __version__

        QMessageBox.about(self, "About Gradient Explorer",
                          f"Gradient Explorer {__version__}\n\nSee partial derivatives and gradient descent: "
                          f"click a surface, drag a learning rate.")

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(watched, QWidget) and self._owns(watched):
            keeps = EditActions.box_keeps(watched, event)
            if keeps is not None:  # Ctrl+Z: the text box's own undo, or (filtered from it) the lesson's
                if keeps:
                    event.accept()
                return not keeps
            key = event.key()
            if any(isinstance(watched, kind) and key in keys for kind, keys in _OWN_KEYS.items()):
                event.accept()  # the control gets the key; the shortcut does not fire
        return False

    def _owns(self, widget: QWidget) -> bool:
        """Whether ``widget`` is in this window, a floating pane of it included (a floating
        dock is a window of its own, so ancestry alone would miss it)."""
        top = widget.window()
        return top is self or (isinstance(top, QDockWidget) and top.parentWidget() is self)

    def _build_menus(self) -> None:
        self._build_file_menu()
        self.edit_actions = EditActions(self, self.lesson)  # Edit ▸ Undo, Redo
        self.undo_action, self.redo_action = self.edit_actions.undo_action, self.edit_actions.redo_action
        view = self.menuBar().addMenu("&View")
        view.setObjectName("viewMenu")
        for dock, key in ((self.readout_dock, "Ctrl+1"), (self.descent_dock, "Ctrl+2"), (self.quiz_dock, "Ctrl+3")):
            action = dock.toggleViewAction()
            action.setText(dock.accessibleName())
            action.setShortcut(QKeySequence(key))
            view.addAction(action)
        view.addSeparator()
        # What the probe draws beyond the tangents and ∇f: the lesson's settings.
        self.triangles_action = QAction("Slope &triangles", self, checkable=True)
        self.triangles_action.setObjectName("slopeTrianglesAction")
        self.triangles_action.setToolTip("Run and rise on each tangent: along the axis by Δ, up by the slope × Δ")
        self.triangles_action.toggled.connect(lambda on: self._edit(slope_triangles=on))
        self.downhill_action = QAction("&Downhill (−∇f)", self, checkable=True)
        self.downhill_action.setObjectName("downhillAction")
        self.downhill_action.setToolTip("Draw −∇f at the point too: the way gradient descent steps")
        self.downhill_action.toggled.connect(lambda on: self._edit(downhill=on))
        for action in (self.triangles_action, self.downhill_action):
            view.addAction(action)
        view.addSeparator()
        self.presentation_action = QAction("&Presentation mode", self, checkable=True)
        self.presentation_action.setObjectName("presentationAction")
        self.presentation_action.setShortcut(QKeySequence(Qt.Key.Key_F11))
        self.presentation_action.setToolTip("Full screen, larger text and lines, for the back row")
        self.presentation_action.toggled.connect(self.set_presentation)
        view.addAction(self.presentation_action)
        self.addAction(self.presentation_action)  # F11 also while the menu bar is hidden (presentation mode)
        self.theme_menu = view.addMenu("T&heme")
        self.theme_menu.setObjectName("themeMenu")
        self.theme_actions = {}
        group = QActionGroup(self)
        for name, text in theme.THEMES.items():
            action = QAction(text, self, checkable=True)
            action.setObjectName(f"theme-{name}")
            action.triggered.connect(lambda _checked=False, n=name: self.set_theme(n))
            group.addAction(action)
            self.theme_menu.addAction(action)
            self.theme_actions[name] = action
        self.reset_layout_action = QAction("&Reset layout", self)
        self.reset_layout_action.setObjectName("resetLayoutAction")
        self.reset_layout_action.triggered.connect(self.reset_layout)
        view.addAction(self.reset_layout_action)
        self.view_menu = view
        self._build_help_menu()
        self._build_keys()
        # Escape leaves presentation mode, as it leaves full screen elsewhere.
        self._leave_presentation = QAction(self)
        self._leave_presentation.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self._leave_presentation.triggered.connect(lambda: self.presentation_action.setChecked(False))
        self.addAction(self._leave_presentation)

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
        resolved = self._resolved_theme()
        if resolved == theme.current and getattr(self, "_themed", False):
            return
        self._themed = True
        theme.use(resolved)
        app = QApplication.instance()
        if not hasattr(app, "_explorer_light_palette"):
            app._explorer_light_palette = QPalette(app.palette())
        app.setPalette(_palette(resolved, app._explorer_light_palette))
        for fold in self.findChildren(Fold):  # styled widgets keep their first palette's ink
            fold.restyle()
        self.note.setStyleSheet(f"color: {theme.NOTE_COLOR}")
        self.surface_view.apply_theme()
        self.descent_panel.apply_theme()
        self.readout.apply_theme()
        self.quiz_panel.apply_theme()
        self.color_bar.update()
        self.function_bar.update()

    # ------------------------------------------------------------------ lesson files
    @property
    def lesson_path(self) -> Path | None:
        """The file the lesson was last opened from or saved to (None: not saved yet)."""
        return self._lesson_path

    def _set_lesson_path(self, path: Path | None) -> None:
        self._lesson_path = path
        name = path.name if path is not None else "untitled lesson"
        self.setWindowTitle(f"{name}[*] — Gradient Explorer")
        self.setWindowModified(False)

    def _take_view_into_lesson(self) -> None:
        """What only the widgets know (the camera, the panes shown) into the lesson, so a
        saved lesson opens to the same view."""
        shown = [pane for pane, dock in self._docks().items() if not dock.isHidden()] if self.isVisible() else self.lesson.panes
        try:
            self.lesson.update(camera=self.surface_view.camera(), panes=shown)
        except LessonError:  # a camera beyond the lesson's limits: the lesson keeps the one it had
            self.lesson.try_update(panes=shown)

    def _docks(self) -> dict:
        """The panes by their names in the lesson (:data:`~explorer.core.lesson.PANES`)."""
        return {"readout": self.readout_dock, "descent": self.descent_dock, "quiz": self.quiz_dock}

    def _show_panes(self) -> None:
        for pane, dock in self._docks().items():
            dock.setVisible(pane in self.lesson.panes)
        if "quiz" in self.lesson.panes:
            self._quiz_as_a_tab()

    def _quiz_as_a_tab(self) -> None:
        """The quiz shown as a tab beside the descent panel (a third pane stacked under the
        others would make the window taller than a projector's screen), and brought forward."""
        if not self.quiz_dock.isFloating() and not self.descent_dock.isFloating() \
                and self.quiz_dock not in self.tabifiedDockWidgets(self.descent_dock):
            self.tabifyDockWidget(self.descent_dock, self.quiz_dock)
        self.quiz_dock.show()
        self.quiz_dock.raise_()

    def save_lesson(self, path) -> bool:
        """Save the lesson (with the camera and the panes shown) to ``path``; on failure show
        why and return False."""
        path = Path(path)
        self._take_view_into_lesson()
        try:
            write_lesson(path, self.lesson)
        except LessonFileError as error:
            self._say(f"⚠ {error.message}")
            return False
        return self._now_at(path, f"Saved {shown(path.name)}")

    def open_lesson(self, path) -> bool:
        """Open the lesson file at ``path``: exactly the saved view back.  A file that is not
        a lesson (not JSON, wrong types, a function that does not parse, too large …) is
        refused with a message and the current lesson stays as it was: returns False."""
        path = Path(path)
        try:
            load_lesson(self.lesson, path)
        except LessonFileError as error:
            self._say(f"⚠ {shown(path.name)} was not opened: {error.message}. The lesson is as it was.")
            return False
        except Exception as error:  # noqa: BLE001 - a file never takes the window down, nor leaves an old message
            traceback.print_exc()
            self._say(f"⚠ {shown(path.name)} was not opened: it could not be read as a lesson "
                      f"({type(error).__name__}). The lesson is as it was.")
            return False
        return self._now_at(path, f"Opened {shown(path.name)}")

    def _now_at(self, path: Path, said: str) -> bool:
        """The lesson is the file at ``path`` now (saved or opened): its title, Open recent."""
        self._set_lesson_path(path)
        self.lesson.history.mark_clean()  # undo back to here: no unsaved changes
        self._remember_recent(path)
        self._say(said)
        return True

    def new_lesson(self) -> None:
        """File ▸ New: the default lesson, as on a first launch."""
        self.lesson.load_settings({})
        self._set_lesson_path(None)
        self.lesson.history.mark_clean()
        # A refused text ("3x^2 +") and its error stay in a bar whose function did not change
        # (the lesson kept the default): New clears both bars whatever changed.
        self.function_bar.show_function(self.lesson.surface, self.lesson.function)
        self.descent_panel.forget_refused_text()

    def _say(self, message: str) -> None:
        self.statusBar().showMessage(message, 30_000)

    def _may_discard(self) -> bool:
        """Before New or Open replaces an edited lesson: save it, drop it, or stay."""
        if not self.isWindowModified():
            return True
        name = self._lesson_path.name if self._lesson_path else "this lesson"
        answer = QMessageBox.question(
            self, "Unsaved changes", f"Save the changes to {name} first?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            self._save()
            return not self.isWindowModified()
        return answer == QMessageBox.StandardButton.Discard

    def _open_dialog(self) -> None:
        if not self._may_discard():
            return
        start = str(self._lesson_path.parent) if self._lesson_path else ""
        path, _ = QFileDialog.getOpenFileName(self, "Open a lesson", start, LESSON_FILTER)
        if path:
            self.open_lesson(path)

    def _save(self) -> None:
        if self._lesson_path is None:
            self._save_as()
        else:
            self.save_lesson(self._lesson_path)

    def _save_as(self) -> None:
        start = str(self._lesson_path) if self._lesson_path else "lesson.json"
        path, _ = QFileDialog.getSaveFileName(self, "Save the lesson", start, LESSON_FILTER)
        if path:
            if not Path(path).suffix:
                path += ".json"
            self.save_lesson(path)

    def recent_lessons(self) -> list[str]:
        return settings().strings("lessons/recent")[:RECENT_LESSONS]

    def _remember_recent(self, path: Path) -> None:
        text = str(path.resolve())
        store = settings()
        store.set_strings("lessons/recent", [text, *[p for p in self.recent_lessons() if p != text]][:RECENT_LESSONS])
        store.sync()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        paths = self.recent_lessons()
        for path in paths:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.setEnabled(Path(path).is_file())
            action.triggered.connect(lambda _checked=False, p=path: self._may_discard() and self.open_lesson(p))
        if not paths:
            self.recent_menu.addAction("(no lessons yet)").setEnabled(False)

    def _remember_session(self) -> None:
        """The lesson as it is now, for the next launch (:meth:`restore_session`)."""
        self._take_view_into_lesson()
        store = settings()
        store.setValue("lessons/last", lesson_text(self.lesson))
        store.setValue("lessons/last_path", str(self._lesson_path) if self._lesson_path else "")
        store.sync()

    def restore_session(self) -> bool:
        """Reopen where the teacher left off (the last lesson as it was when the window
        closed); False, and the default lesson, when there is none or it cannot be read."""
        store = settings()
        text = store.text("lessons/last")
        if not text:
            return False
        try:
            self.lesson.load_settings(parse_lesson_text(text))
        except (LessonFileError, LessonError) as error:
            self._say(f"⚠ The last lesson could not be reopened ({getattr(error, 'message', error)}): "
                      f"the default lesson instead.")
            return False
        path = store.text("lessons/last_path")
        self._set_lesson_path(Path(path) if path else None)
        # Edited after its last save? Then the title says so (the file on disk is older).
        # Read as any lesson file is: a pipe or /dev/zero there neither blocks nor fills memory.
        try:
            saved = read_text(self._lesson_path, "lesson", LessonFileError) if self._lesson_path else None
        except LessonFileError:
            saved = None
        self.setWindowModified(saved != lesson_text(self.lesson))
        if not self.isWindowModified():
            self.lesson.history.mark_clean()
        return True

    # ------------------------------------------------------------------ exports
    def _export(self, make, path) -> bool:
        from ..core.export import ExportError

        try:
            make()
        except ExportError as error:
            self._say(f"⚠ {error.message}")
            return False
        self._say(f"Exported {shown(Path(path).name)}")
        return True

    def export_surface_image(self, path, width: int = 1920, height: int = 1080, caption: bool = True) -> bool:
        """The surface rendered off screen at ``width``×``height`` into ``path`` (PNG), with
        the function and the point as its caption unless ``caption`` is False."""
        from .export import export_surface
        from .frames import caption_text

        text = caption_text(self.lesson) if caption else None
        return self._export(lambda: export_surface(self.surface_view, path, width, height, text), path)

    def export_plot(self, path) -> bool:
        """The descent panel's plot as PNG or SVG (by the suffix)."""
        from .export import export_plot

        return self._export(lambda: export_plot(self.descent_panel, path), path)

    def export_csv(self, path) -> bool:
        """Every run's iterates, start to end, as CSV."""
        from .export import export_csv

        return self._export(lambda: export_csv(self.lesson, path), path)

    def export_animation(self, path, steps: int = 60, what: str = "both", size=(800, 600)) -> bool:
        """A run of descent as a GIF or an MP4 (by the suffix), with a progress dialog and
        Cancel when the window is shown; False when it failed or was cancelled."""
        from PySide6.QtWidgets import QProgressDialog

        from .export import export_animation

        dialog = None
        if self.isVisible():
            dialog = QProgressDialog("Making the animation, frame by frame…", "Cancel", 0, int(steps) + 1, self)
            dialog.setObjectName("exportProgress")
            dialog.setWindowTitle("Export")
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(300)

        def progress(done: int, total: int) -> bool:
            if dialog is None:
                return True
            dialog.setValue(done)
            QApplication.processEvents()
            return not dialog.wasCanceled()

        outcome = {}
        ok = self._export(lambda: outcome.update(export_animation(self, path, steps, what, size, progress=progress)), path)
        if dialog is not None:
            dialog.close()
        if ok and outcome.get("cancelled"):
            self._say("Export cancelled: no file written")
            return False
        if ok:
            self._say(f"Exported {shown(Path(path).name)}: {outcome['frames']} frames, {outcome['bytes'] / 1e6:.1f} MB "
                      f"in {outcome['seconds']:.1f} s")
        return ok

    def copy_view(self) -> None:
        """Ctrl+C: the surface view as it is on screen, onto the clipboard as an image."""
        QApplication.clipboard().setImage(self.surface_view.snapshot())
        self._say("The surface image is on the clipboard")

    def _ask_path(self, title: str, name: str, filters: str) -> str:
        folder = self._lesson_path.parent if self._lesson_path else Path.home()
        path, _ = QFileDialog.getSaveFileName(self, title, str(folder / name), filters)
        return path

    def _export_image_dialog(self) -> None:
        from .export import ImageSizeDialog

        asked = ImageSizeDialog(self)
        if asked.dialog.exec():
            path = self._ask_path("Export the surface", "surface.png", "PNG images (*.png)")
            if path:
                self.export_surface_image(path, *asked.size(), caption=asked.caption.isChecked())

    def _export_plot_dialog(self) -> None:
        path = self._ask_path("Export the descent plot", "descent.png", "PNG images (*.png);;SVG drawings (*.svg)")
        if path:
            self.export_plot(path)

    def _export_animation_dialog(self) -> None:
        from .export import AnimationDialog, mp4_available

        asked = AnimationDialog(self)
        if asked.dialog.exec():
            filters = "GIF animations (*.gif)" + (";;MP4 videos (*.mp4)" if mp4_available() else "")
            path = self._ask_path("Export the animation", "descent.gif", filters)
            if path:
                self.export_animation(path, **asked.choice())

    def _export_csv_dialog(self) -> None:
        path = self._ask_path("Export the iterates", "iterates.csv", "CSV tables (*.csv)")
        if path:
            self.export_csv(path)

    # ------------------------------------------------------------------ layout, remembered
    def _arrange_docks(self) -> None:
        """The default split: the descent panel gets what the readout leaves."""
        width = max(400, min(660, self.width() - 600, int(self.width() * 0.44)))
        self.resizeDocks([self.readout_dock, self.descent_dock], [width, width], Qt.Orientation.Horizontal)
        # The readout as tall as it needs (beside its rule where wide), the descent panel
        # the rest; never more than leaves the descent panel its minimum (asking more, or
        # sizing both, would grow the window).
        readout = self.readout.wanted_height(width)
        title = self.readout_dock.widget().mapTo(self.readout_dock, self.readout_dock.widget().rect().topLeft()).y()
        room = self.centralWidget().height() - self.descent_dock.minimumSizeHint().height()
        self.resizeDocks([self.readout_dock], [max(1, min(readout + title + 8, room))], Qt.Orientation.Vertical)

    def _restore_layout(self) -> None:
        store = settings()
        geometry, state = store.data("window/geometry"), store.data("window/state")
        if geometry:
            self.restoreGeometry(QByteArray(geometry))
        self._arranged = bool(state) and self.restoreState(QByteArray(state), LAYOUT_VERSION)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._filtering:  # see _build_keys
            QApplication.instance().installEventFilter(self)
            self._filtering = True
        if not self._arranged:  # first show with no saved layout: split for the size shown
            self._arranged = True
            # Once the window has its size and its layout has run (docks resized earlier are
            # laid out again by it).
            QTimer.singleShot(0, self._arrange_docks)

    def save_layout(self) -> None:
        store = settings()
        # Full screen is not a size to come back to: the size it had before, then.
        presenting = self._presenting and getattr(self, "_normal_geometry", None) is not None
        store.set_data("window/geometry", (self._normal_geometry if presenting else self.saveGeometry()).data())
        store.set_data("window/state", self.saveState(LAYOUT_VERSION).data())
        store.sync()

    def reset_layout(self) -> None:
        """Every pane back in its place and shown (View ▸ Reset layout)."""
        self.restoreState(self._default_layout, LAYOUT_VERSION)
        for dock in (self.readout_dock, self.descent_dock):
            dock.setFloating(False)
            dock.show()
        self._arrange_docks()

    def closeEvent(self, event) -> None:
        if self._filtering:
            QApplication.instance().removeEventFilter(self)
            self._filtering = False
        if self.remembers:
            try:
                self._remember_session()
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
        super().setVisible(visible)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fold_for(event.size().height())

    def _fold_for(self, height: int) -> None:
        compact = height < COMPACT_HEIGHT
        if compact != self._compact:
            if self._compact and not compact and self.isVisible():
                QTimer.singleShot(0, self._arrange_docks)  # grown tall: give the unfolded rule its room
            self._compact = compact
            self.readout.set_room_for_rule(not compact)
            self.descent_panel.set_compact(compact)
            self.set_range_controls_open(not compact)

    def set_range_controls_open(self, open_: bool) -> None:
        self.range_toggle.set_open(open_)

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
        """Bring the pane holding ``page`` (``self.readout`` or ``self.descent_panel``) into sight."""
        dock = self.readout_dock if page is self.readout else self.descent_dock
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

    # ------------------------------------------------------------------ control → lesson
    def _edit(self, **changes) -> bool:
        """Send an edit of the window's own controls to the lesson; a refusal is shown by
        :meth:`_on_lesson_refused`."""
        return self.lesson.try_update(**changes)

    def _on_function_typed(self, _function) -> None:
        self._edit(function=self.function_bar.input.text())

    def _on_preset_chosen(self, index: int) -> None:
        preset = self._presets[index]
        if self._edit(function=preset.function, x_range=preset.x_range, y_range=preset.y_range, point=preset.point):
            self.surface_view.reset_camera()
            self.statusBar().showMessage(preset.note)

    def _on_range_edited(self, field: str, end: int, value: float) -> None:
        """One end of a range typed: the other ends keep the lesson's values exactly."""
        ends = list(getattr(self.lesson, field))
        ends[end] = value
        self._edit(**{field: tuple(ends)})

    def _on_box_refused(self, message: str) -> None:
        """A box refused what was typed: said until an edit goes through (see _on_lesson_changed)."""
        self.statusBar().showMessage(message, 10_000)
        self._status_refusal = message

    # ------------------------------------------------------------------ lesson → window
    def _on_lesson_refused(self, field: str, message: str) -> None:
        if field in SURFACE_FIELDS:
            kept = "the point stays where it was" if field == "point" else "still showing the last surface"
            self._refusal = f"⚠ {message}; {kept}."
            if field == "function":
                self.function_bar.show_refusal(f"{message} — still showing the last good function.", self.lesson.surface)
            self._show_boxes()  # they show what is drawn, not what was refused
            self._show_notes()
            if field == "point":
                self.statusBar().showMessage(message)
                self._status_refusal = message
        else:
            self.descent_panel.show_refusal(message)

    def _on_lesson_changed(self, changed: frozenset) -> None:
        if "panes" in changed:
            self._show_panes()
        if changed - {"run", "camera", "panes"} and not self.isWindowModified():
            self.setWindowModified(True)  # once: each call re-sets the title (~0.5 ms a tick of an α drag)
        if changed != {"run"}:  # an edit went through: what was refused is history
            if self._refusal:
                self._refusal = ""
                self._show_notes()
            if self._status_refusal and self.statusBar().currentMessage() == self._status_refusal:
                self.statusBar().showMessage(HINT)
            self._status_refusal = ""
        if "function" in changed:
            self._on_lesson_function(self.lesson.surface)
        if "mesh" in changed:
            self._on_lesson_surface(self.lesson.mesh)
        elif changed & {"point", "x_range", "y_range", "resolution"}:
            self._show_boxes()
        self._show_checked(self.contours_toggle, self.lesson.contours)
        self._show_checked(self.plane_toggle, self.lesson.tangent_plane)
        self._show_checked(self.triangles_action, self.lesson.slope_triangles)
        self._show_checked(self.downhill_action, self.lesson.downhill)
        self._show_checked(self.snap_toggle, self.lesson.snap)

    def _on_lesson_function(self, function) -> None:
        self.function_bar.show_function(function, self.lesson.function)
        a, b = function.variable_names
        self.point_names[0].setText(f"point {a}₀")
        self.point_names[1].setText(f"{b}₀")
        for label, text in zip(self.range_names, (f"{a} from", "to", f"{b} from", "to")):
            label.setText(text)

    def _on_lesson_surface(self, mesh) -> None:
        z0, z1 = mesh.box.z_range
        self.color_bar.set_range(z0, z1, self.lesson.surface.name)
        self._show_boxes()
        self._show_notes()

    def _show_boxes(self) -> None:
        """Every box shows the lesson's value (never its own copy)."""
        lesson = self.lesson
        values = ((self.point_x, lesson.point[0]), (self.point_y, lesson.point[1]), (self.x_min, lesson.x_range[0]),
                  (self.x_max, lesson.x_range[1]), (self.y_min, lesson.y_range[0]), (self.y_max, lesson.y_range[1]),
                  (self.resolution, lesson.resolution))
        for box, value in values:
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)

    @staticmethod
    def _show_checked(box: QCheckBox, on: bool) -> None:
        box.blockSignals(True)
        box.setChecked(on)
        box.blockSignals(False)

    def _show_notes(self) -> None:
        mesh, name = self.lesson.mesh, self.lesson.surface.name
        z0, z1 = mesh.box.z_range
        notes = [self._refusal] if self._refusal else []
        if mesh.has_holes and not len(mesh.faces):
            notes.append(f"{name} is undefined everywhere in this range (it has no real value here): "
                         f"try another range or function.")
        elif mesh.has_holes and mesh.too_large:
            notes.append(f"{name} is too large for a float (or undefined) in parts of this range: those parts are holes.")
        elif mesh.has_holes:
            notes.append(f"{name} is undefined in parts of this range: those parts are holes.")
        if mesh.has_poles:
            notes.append(f"{name} jumps through ±∞ inside the range (a pole): the surface is cut there, not joined by a wall.")
        if mesh.clipped:
            notes.append(f"Values beyond {z0:.4g} … {z1:.4g} are cut off so the shape stays visible.")
        self.note.setText(" ".join(notes))
        self.note.setVisible(bool(notes))
