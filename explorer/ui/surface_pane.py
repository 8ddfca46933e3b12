"""The central pane: the surface with its function bar, colour bar, note, and the controls that
set it exactly (the point, the range and resolution, the overlay toggles, the camera buttons).

Every control is a view of the lesson: an edit goes to the lesson, and each box shows the
lesson's value (never its own copy).  A refused edit of a field this pane owns
(:data:`OWNS`) is said here: in the note under the surface (``camera`` too), at the function
bar for the function, and for a point in the status bar as well (:attr:`SurfacePane.status`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QVBoxLayout, QWidget,
)

from ..core.lesson import RESOLUTION_RANGE, Lesson
from ..core.lesson_schema import DERIVED
from ..core.presets import ManyVariablePreset, many_variable_presets
from ..core.subscripts import shown_name
from . import theme
from .color_bar import ColorBar
from .edit_actions import GestureStep
from .function_bar import FunctionBar
from .held_sliders import HeldSliders
from .surface_view import SurfaceView
from .widgets import Fold, NumberBox, WholeBox

__all__ = ["SurfacePane", "OWNS"]

#: The lesson fields this pane sets and whose refusals it says.
OWNS = frozenset({"function", "x_range", "y_range", "resolution", "point", "contours", "tangent_plane", "snap",
                  "slope_triangles", "downhill", "camera", "shown", "held"})
_KEPT = {"point": "the point stays where it was", "camera": "the view stays where it was"}


def _spin(name: str, accessible: str, value: float, lo: float = -1000.0, hi: float = 1000.0, step: float = 0.1) -> NumberBox:
    box = NumberBox(accessible)
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    box.setRange(lo, hi)
    box.setSingleStep(step)
    box.setValue(value)
    box.setKeyboardTracking(False)  # apply on Enter / arrows, not on every digit
    return box


def _toggle(text: str, name: str, accessible: str) -> QCheckBox:
    box = QCheckBox(text)
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    return box


def _button(text: str, name: str, accessible: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(accessible)
    return button


class SurfacePane(QWidget):
    """The surface and its controls, a view of ``lesson``; ``presets`` the function bar's
    menu; ``refusal`` what to say in the note from the start (a --function not drawn)."""

    #: (message, milliseconds shown or 0 until replaced, whether it is a refusal): for the status bar.
    status = Signal(str, int, bool)

    def __init__(self, lesson: Lesson, presets, refusal: str = "", parent=None):
        super().__init__(parent)
        self.setObjectName("surfacePane")
        self.lesson = lesson
        # The two-variable presets, then those in more variables (the surface shows two, the others held).
        self._presets = presets = [*presets, *many_variable_presets()]
        self.refusal = refusal  # what the lesson last refused, in the note until the next good edit
        self.function_bar = FunctionBar(lesson.function.text, presets=[p.name for p in presets])
        self.surface_view = SurfaceView(lesson)
        self.color_bar = ColorBar(theme.current().colormap)
        self.note = QLabel()
        self.note.setObjectName("surfaceNote")
        self.note.setAccessibleName("Note about the surface")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {theme.current().note_color}")
        theme.changed.connect(self._on_theme_changed)

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
        self.contours_toggle = _toggle("contour lines", "contoursToggle", "Show contour lines on the floor")
        self.plane_toggle = _toggle("tangent plane", "tangentPlaneToggle", "Show the tangent plane")
        self.snap_toggle = _toggle("snap clicks", "snapToggle", "A click picks the nearest round point")
        self.snap_toggle.setToolTip("A click picks the nearest round point, like (1, 2): the numbers of the lesson.\n"
                                    "Off, or with Shift held, a click picks exactly where it meets the surface.")
        self.reset_button = _button("Reset view", "resetCameraButton", "Reset the camera")
        self.top_button = _button("Top view", "topViewButton", "Look straight down")
        self.held_sliders = HeldSliders(lesson)  # a function of more than two variables: which two, the others held
        self._build_layout()

        self.function_bar.functionParsed.connect(lambda _function: self._edit(function=self.function_bar.input.text()))
        self.function_bar.presetChosen.connect(self._on_preset_chosen)
        self.point_x.valueChanged.connect(lambda v: self._edit(point=(v, lesson.point[1])))
        self.point_y.valueChanged.connect(lambda v: self._edit(point=(lesson.point[0], v)))
        for box, field, end in ((self.x_min, "x_range", 0), (self.x_max, "x_range", 1), (self.y_min, "y_range", 0),
                                (self.y_max, "y_range", 1)):
            box.valueChanged.connect(lambda value, field=field, end=end: self._on_range_edited(field, end, value))
        self.resolution.valueChanged.connect(lambda n: self._edit(resolution=int(n)))
        for box in (self.point_x, self.point_y, self.x_min, self.x_max, self.y_min, self.y_max, self.resolution):
            # A box refused what was typed: said until an edit goes through.
            box.refused.connect(lambda message: self.status.emit(message, 10_000, True))
        for box, field in self._toggles():
            box.toggled.connect(lambda on, field=field: self._edit(**{field: on}))
        self._typing = GestureStep(lesson.history).over_typing(self.function_bar.input)  # a burst of typing: one step
        lesson.events.changed.connect(self._on_lesson_changed)
        self._show_toggles()
        self._show_point_names(lesson.surface)  # a window opened on w₁, w₂ … names them from the start
        self._on_lesson_surface(lesson.mesh)

    def _toggles(self):
        return ((self.contours_toggle, "contours"), (self.plane_toggle, "tangent_plane"), (self.snap_toggle, "snap"))

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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 2)
        layout.setSpacing(3)
        layout.addWidget(self.function_bar)
        layout.addLayout(view_row, 1)
        layout.addWidget(self.note)
        layout.addLayout(point_row)
        layout.addWidget(self.held_sliders)
        layout.addLayout(toggle_row)
        # In a scroll area that may shrink to nothing: open or folded, the range never makes
        # the window taller than the screen it was sized for (the window folds it there).
        self.range_area = QScrollArea()
        self.range_area.setWidget(self.range_controls)
        self.range_area.setWidgetResizable(True)
        self.range_area.setFrameShape(QFrame.Shape.NoFrame)
        self.range_area.setMinimumHeight(1)  # 0 would mean "unset": a scroll area asks 68 px
        self.range_area.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.range_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.range_toggle = Fold("range && resolution", self.range_area, "rangeToggle", "Show or hide the range and resolution")
        layout.addWidget(self.range_area)
        toggle_row.addWidget(self.range_toggle)

    # ------------------------------------------------------------------ control → lesson
    def _on_theme_changed(self) -> None:
        self.note.setStyleSheet(f"color: {theme.current().note_color}")

    def _edit(self, **changes) -> bool:
        """Send an edit of this pane's controls to the lesson; a refusal comes back through
        the window's routing (:meth:`show_refusal`)."""
        return self.lesson.try_update(**changes)

    def _on_preset_chosen(self, index: int) -> None:
        preset = self._presets[index]
        if isinstance(preset, ManyVariablePreset):
            settings = preset.settings()  # its shown pair and held values too
        else:
            settings = {"function": preset.function, "x_range": preset.x_range, "y_range": preset.y_range,
                        "point": preset.point}
        if self._edit(**settings):
            self.surface_view.reset_camera()
            self.status.emit(preset.note, 0, False)

    def _on_range_edited(self, field: str, end: int, value: float) -> None:
        """One end of a range typed: the other ends keep the lesson's values exactly."""
        ends = list(getattr(self.lesson, field))
        ends[end] = value
        self._edit(**{field: tuple(ends)})

    # ------------------------------------------------------------------ lesson → pane
    def show_refusal(self, field: str, message: str) -> None:
        """The lesson refused an edit of ``field`` (one of :data:`OWNS`): say why in the note,
        and at the function bar for the function."""
        self.refusal = f"⚠ {message}; {_KEPT.get(field, 'still showing the last surface')}."
        if field == "function":
            self.function_bar.show_refusal(f"{message} — still showing the last good function.", self.lesson.function)
        self._show_boxes()  # they show what is drawn, not what was refused
        self._show_notes()
        if field == "point":
            self.status.emit(message, 0, True)

    def forget_refusal(self) -> None:
        """What was refused is history (File ▸ New: the default again, even unchanged)."""
        if self.refusal:
            self.refusal = ""
            self._show_notes()

    def _on_lesson_changed(self, changed: frozenset) -> None:
        # An edit went through: what was refused is history.  Not what the lesson derives by
        # itself (a run's step, sympy's functions arriving after the first frame): `explorer
        # --function sign(x)` said why it drew the default for a moment, then that went too.
        if changed - DERIVED:
            self.forget_refusal()
        if changed & {"function", "data_drives", "shown"}:
            self._on_lesson_function(self.lesson.surface)
        if "mesh" in changed:
            self._on_lesson_surface(self.lesson.mesh)
        elif changed & {"point", "x_range", "y_range", "resolution"}:
            self._show_boxes()
        self._show_toggles()

    def _on_lesson_function(self, function) -> None:
        """``function``: the surface (the shown pair); the bar reads out the whole function."""
        whole = self.lesson.function
        self.function_bar.show_function(whole, whole.text)
        if self.lesson.data_drives:  # the text follows the data (core/data_lesson.py): say so where it shows
            self.function_bar.parsed.setText(f"{whole.equation()}   — the loss of the data: edit the data, "
                                             f"or type here to detach it")
        self._show_point_names(function)

    def _show_point_names(self, function) -> None:
        """The point's and the range's boxes named after the shown pair (``function``: the surface)."""
        a, b = map(shown_name, function.variable_names)  # w₁ as the book prints it
        # x₀, but w₁ =: a ₀ after w₁ would read as w₁₀
        indexed = any(c.isdigit() or c in "₀₁₂₃₄₅₆₇₈₉" for c in a + b)
        self.point_names[0].setText(f"point {a} =" if indexed else f"point {a}₀")
        self.point_names[1].setText(f"{b} =" if indexed else f"{b}₀")
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

    def _show_toggles(self) -> None:
        for box, field in self._toggles():
            box.blockSignals(True)
            box.setChecked(getattr(self.lesson, field))
            box.blockSignals(False)

    def _show_notes(self) -> None:
        mesh, name = self.lesson.mesh, self.lesson.surface.name
        z0, z1 = mesh.box.z_range
        notes = [self.refusal] if self.refusal else []
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
