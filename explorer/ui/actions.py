"""The window's actions, each declared once as data: its text, keys, menu, tip and what it does.

:data:`ACTIONS` lists every menu item and every window key in menu order; :func:`build_actions`
makes the QActions and the menus from it, and :func:`shortcut_rows` makes Help ▸ Keyboard
shortcuts from the QActions it made (their own key bindings, read back), so the Help table
cannot drift from the keys that work.

An entry does one of three things: calls ``slot(window)``; toggles a boolean lesson field
(``field``: the action is checkable and shows the lesson's value, see :func:`show_fields`);
or places an action someone else owns (``adopt(window)``: a dock's own show/hide toggle,
Edit ▸ Undo of :class:`~explorer.ui.edit_actions.EditActions`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Union

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from . import theme
from . import panes

__all__ = ["Act", "Menu", "PaneToggles", "ACTIONS", "GESTURES", "build_actions", "dedicated", "show_fields", "shortcut_rows", "key_text"]

Keys = Union[str, QKeySequence.StandardKey, Qt.Key]


@dataclass(frozen=True)
class Act:
    """One action.  ``name`` is the window's attribute for it (``window.save_action``)."""

    name: str
    text: str = ""
    object_name: str = ""
    menu: str | None = None  #: its menu's path ("File/Export"); None: a key of the window only
    slot: Callable | None = None  #: called with the window when triggered
    toggled: Callable | None = None  #: called with the window and whether it is on, when toggled (checkable)
    field: str | None = None  #: the boolean lesson field it toggles
    adopt: Callable | None = None  #: the window → an existing QAction to place (and bind)
    keys: tuple[Keys, ...] = ()  #: its shortcuts (an adopted action with none keeps its own)
    tip: str = ""
    help: str = ""  #: what it does, for Help ▸ Keyboard shortcuts (with its keys)
    key_note: str = ""  #: said after its keys in Help ("(outside a text box)")
    separator: bool = False  #: a separator before it in its menu
    window_wide: bool = False  #: also on the window: works wherever focus is, menu bar hidden or not
    checkable: bool = False
    group: str | None = None  #: exclusive with the others of this group (the themes)


@dataclass(frozen=True)
class Menu:
    """A menu, at its place among its parent's items (``path`` "File/Export"; a top-level
    menu is made where its first item is)."""

    path: str
    text: str
    object_name: str
    attribute: str  #: the window's attribute for it (``window.export_menu``)
    separator: bool = False


@dataclass(frozen=True)
class PaneToggles:
    """Where View ▸ has one show/hide toggle per pane of the registry (:mod:`.panes`, read
    when the window is built)."""


def _panes() -> tuple[Act, ...]:
    """View ▸ one show/hide toggle per pane of the registry (the dock's own action)."""
    return tuple(Act(f"{pane.key}_pane_action", pane.title.split("  ", 1)[-1], menu="View", keys=(pane.shortcut,),
                     adopt=lambda w, key=pane.key: w.docks[key].toggleViewAction(),
                     help=f"show or hide {pane.called}") for pane in panes.PANES)


def _themes() -> tuple[Act, ...]:
    return tuple(Act(f"theme_{name}_action", text, f"theme-{name}", "View/Theme", slot=lambda w, n=name: w.set_theme(n),
                     checkable=True, group="theme") for name, text in theme.THEMES.items())


ACTIONS: tuple[Act | Menu | PaneToggles, ...] = (
    # The keys a class uses most: the descent from anywhere in the window but a control that
    # uses the key itself (see keys.py).
    Act("play_action", "Play / pause", "playAction", slot=lambda w: w.descent_panel.play_button.click(),
        keys=(Qt.Key.Key_Space,), window_wide=True, help="play or pause the descent"),
    Act("step_action", "Step", "stepAction", slot=lambda w: w.descent_panel.step_button.click(),
        keys=(Qt.Key.Key_Right,), window_wide=True, help="one step of the descent"),
    Act("reset_run_action", "Reset the run", "resetRunAction", slot=lambda w: w.descent_panel.reset_button.click(),
        keys=(Qt.Key.Key_R,), window_wide=True, help="reset the descent to its start"),
    Act("new_action", "&New lesson", "newLessonAction", "File", slot=lambda w: w.files.ask_new(),
        keys=(QKeySequence.StandardKey.New,), tip="Back to the default lesson", help="a new lesson (the default one)"),
    Act("open_action", "&Open lesson…", "openLessonAction", "File", slot=lambda w: w.files.open_dialog(),
        keys=(QKeySequence.StandardKey.Open,), help="open a lesson"),
    Menu("File/Open recent", "Open &recent", "recentMenu", "recent_menu"),
    Act("save_action", "&Save lesson", "saveLessonAction", "File", slot=lambda w: w.files.save(),
        keys=(QKeySequence.StandardKey.Save,), help="save the lesson"),
    Act("save_as_action", "Save lesson &as…", "saveLessonAsAction", "File", slot=lambda w: w.files.save_as(),
        keys=(QKeySequence.StandardKey.SaveAs,), help="save the lesson as a new file"),
    Menu("File/Export", "&Export", "exportMenu", "export_menu", separator=True),
    Act("export_image_action", "&Surface as an image…", "exportImageAction", "File/Export",
        slot=lambda w: w.exports.image_dialog(), keys=("Ctrl+E",),
        tip="The surface rendered afresh at any size, e.g. 1920×1080 for a slide", help="export the surface as an image"),
    Act("export_plot_action", "Descent &plot (PNG or SVG)…", "exportPlotAction", "File/Export",
        slot=lambda w: w.exports.plot_dialog()),
    Act("export_data_plot_action", "&Data pane (PNG or SVG)…", "exportDataPlotAction", "File/Export",
        slot=lambda w: w.exports.data_plot_dialog(), tip="The points and the lines fitted to them, for a slide"),
    Act("export_animation_action", "&Animation of the run (GIF or MP4)…", "exportAnimationAction", "File/Export",
        slot=lambda w: w.exports.animation_dialog()),
    Act("export_csv_action", "Iterates as &CSV…", "exportCsvAction", "File/Export", slot=lambda w: w.exports.csv_dialog(),
        tip="Every run from its start to its end, a row per iterate"),
    Act("copy_view_action", "&Copy the surface image", "copyViewAction", "File/Export", slot=lambda w: w.copy_view(),
        keys=(QKeySequence.StandardKey.Copy,), separator=True, help="copy the surface view as an image",
        key_note="(outside a text box)"),
    Act("quit_action", "&Quit", "quitAction", "File", slot=lambda w: w.close(), keys=(QKeySequence.StandardKey.Quit,),
        separator=True, help="quit"),
    Menu("Edit", "&Edit", "editMenu", "edit_menu"),
    # Their keys are the platform's Undo and Redo and Ctrl+Y (see edit_actions.redo_keys).
    Act("undo_action", menu="Edit", adopt=lambda w: w.edit_actions.undo_action, help="undo the last edit of the lesson"),
    Act("redo_action", menu="Edit", adopt=lambda w: w.edit_actions.redo_action, help="redo the edit undone"),
    PaneToggles(),
    # What the probe draws beyond the tangents and ∇f: the lesson's settings.
    Act("triangles_action", "Slope &triangles", "slopeTrianglesAction", "View", field="slope_triangles", separator=True,
        tip="Run and rise on each tangent: along the axis by Δ, up by the slope × Δ"),
    Act("downhill_action", "&Downhill (−∇f)", "downhillAction", "View", field="downhill",
        tip="Draw −∇f at the point too: the way gradient descent steps"),
    Act("level_curve_action", "&Level curve through the point", "levelCurveAction", "View", field="level_curve",
        tip="The curve where f keeps its value at the point, on the surface and on the floor: ∇f crosses it at a right angle"),
    Act("gradient_field_action", "&Gradient field", "gradientFieldAction", "View", field="gradient_field",
        tip="∇f as arrows on a grid over the floor, all to one scale (the caption says which)"),
    Act("presentation_action", "&Presentation mode", "presentationAction", "View", separator=True,
        toggled=lambda w, on: w.set_presentation(on), keys=(Qt.Key.Key_F11,),
        window_wide=True, tip="Full screen, larger text and lines, for the back row", help="presentation mode"),
    # Escape leaves presentation mode, as it leaves full screen elsewhere.
    Act("leave_presentation_action", "Leave presentation mode", "leavePresentationAction",
        slot=lambda w: w.presentation_action.setChecked(False), keys=(Qt.Key.Key_Escape,),
        help="leave presentation mode"),
    Menu("View/Theme", "T&heme", "themeMenu", "theme_menu"),
    *_themes(),
    Act("reset_layout_action", "&Reset layout", "resetLayoutAction", "View", slot=lambda w: w.reset_layout()),
    Act("shortcuts_action", "&Keyboard shortcuts", "shortcutsAction", "Help", slot=lambda w: w.show_shortcuts(),
        keys=(QKeySequence.StandardKey.HelpContents,), help="this list of keys"),
    Act("about_action", "&About Gradient Explorer", "aboutAction", "Help", slot=lambda w: w.about()),
)
#: The top-level menus, in the menu bar's order: (path, text, object name, window attribute).
TOP_MENUS = {"File": ("&File", "fileMenu", "file_menu"), "Edit": ("&Edit", "editMenu", "edit_menu"),
             "View": ("&View", "viewMenu", "view_menu"), "Help": ("&Help", "helpMenu", "help_menu")}
#: What the mouse and the focused surface do: no action's keys, but Help lists them too.
GESTURES = (("arrow keys (on the surface)", "nudge the point"), ("Shift + click", "pick the exact point (no snapping)"))
#: Keys Help shows as the arrows on them.
_SHOWN_AS = {"Right": "→", "Left": "←", "Up": "↑", "Down": "↓", "Escape": "Esc"}


def _sequences(keys) -> list[QKeySequence]:
    # A standard key is the platform's first binding for it (Ctrl+S), not every keyboard's
    # dedicated Save key as well.
    return [QKeySequence(key) for key in keys]


def dedicated(key: QKeySequence) -> bool:
    """Whether ``key`` is a key only some keyboards have (F13 and up, Undo, Copy …, with no
    modifier): bound where the platform binds it, not listed in Help."""
    combination = key[0]
    return key.count() == 1 and combination.keyboardModifiers() == Qt.KeyboardModifier.NoModifier \
        and combination.key().value >= Qt.Key.Key_F13.value


def build_actions(window: QMainWindow, declared: tuple[Act | Menu | PaneToggles, ...] | None = None) -> list[tuple[Act, QAction]]:
    """The QActions and menus of ``declared`` on ``window``: each action and menu is set as
    the window's attribute named in its entry.  Returns each entry with its QAction, in
    order (what :func:`shortcut_rows` and :func:`show_fields` read)."""
    menus: dict[str, QMenu] = {}
    groups: dict[str, QActionGroup] = {}

    def menu(path: str) -> QMenu:
        if path not in menus:
            text, object_name, attribute = TOP_MENUS[path]
            menus[path] = window.menuBar().addMenu(text)
            menus[path].setObjectName(object_name)
            setattr(window, attribute, menus[path])
        return menus[path]

    made = []
    entries = [expanded for entry in (ACTIONS if declared is None else declared)
               for expanded in (_panes() if isinstance(entry, PaneToggles) else (entry,))]
    for entry in entries:
        if isinstance(entry, Menu):
            if "/" not in entry.path:  # a top-level menu, here in the bar's order
                menu(entry.path)
                continue
            parent = menu(entry.path.rpartition("/")[0])
            if entry.separator:
                parent.addSeparator()
            menus[entry.path] = parent.addMenu(entry.text)
            menus[entry.path].setObjectName(entry.object_name)
            setattr(window, entry.attribute, menus[entry.path])
            continue
        action = entry.adopt(window) if entry.adopt else QAction(entry.text, window)
        if entry.adopt and entry.text:
            action.setText(entry.text)
        if entry.adopt is None:
            action.setObjectName(entry.object_name)
            action.setCheckable(entry.checkable or entry.field is not None or entry.toggled is not None)
            if entry.tip:
                action.setToolTip(entry.tip)
            if entry.field is not None:
                action.toggled.connect(lambda on, field=entry.field: window.lesson.try_update(**{field: on}))
            elif entry.toggled is not None:
                action.toggled.connect(lambda on, toggled=entry.toggled: toggled(window, on))
            elif entry.slot is not None:
                action.triggered.connect(lambda _checked=False, slot=entry.slot: slot(window))
        if entry.keys:
            action.setShortcuts(_sequences(entry.keys))
        if entry.group is not None:
            groups.setdefault(entry.group, QActionGroup(window)).addAction(action)
        if entry.menu is not None:
            if entry.separator:
                menu(entry.menu).addSeparator()
            menu(entry.menu).addAction(action)
        if entry.window_wide or entry.menu is None:
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            window.addAction(action)
        setattr(window, entry.name, action)
        made.append((entry, action))
    return made


def show_fields(made: list[tuple[Act, QAction]], lesson) -> None:
    """Each lesson-field toggle checked as the lesson has it (without editing it back)."""
    for entry, action in made:
        if entry.field is not None:
            action.blockSignals(True)
            action.setChecked(bool(getattr(lesson, entry.field)))
            action.blockSignals(False)


def key_text(action: QAction) -> str:
    """``action``'s keys as Help shows them: "Ctrl+Shift+Z / Ctrl+Y", "→"."""
    keys = (key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts() if not dedicated(key))
    return " / ".join(_SHOWN_AS.get(key, key) for key in keys)


def shortcut_rows(made: list[tuple[Act, QAction]]) -> list[tuple[str, str]]:
    """Help ▸ Keyboard shortcuts: (keys, what they do) for every action that has keys, read
    from the QAction itself, then the mouse's and the surface's own :data:`GESTURES`."""
    rows = [(f"{key_text(action)} {entry.key_note}".strip(), entry.help or action.text().replace("&", "").lower())
            for entry, action in made if action.shortcuts()]
    return rows + list(GESTURES)
