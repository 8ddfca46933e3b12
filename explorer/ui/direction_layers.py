"""The surface's layers for a direction u: the slice along u and its tangent, the handle that
turns u, the level curve through the point with its right angle to ∇f, and the gradient field.

The geometry is the core's (:mod:`explorer.core.direction_probe`); here it is only mapped to
world units and set on the view's line layers.  The view owns the layers (their order and
depth test in its ``_LAYERS``); this part fills them and answers where the handle is.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QLabel

from ..core.direction_probe import (DirectionGeometry, LevelGeometry, direction_geometry, field_segments,
                                    gradient_field_for, level_geometry)
from ..core.notation import format_value
from ..core.polyline import polyline_segments, simplify_polyline
from . import surface_labels, theme
from .gl_items import Label

if TYPE_CHECKING:
    from ..core.level_curves import GradientField

#: (layer, depth-tested) in the view's drawing order: what lies on the floor first, the lines
#: on the surface with the slices, the tangent, the handle and the right angle over everything.
FLOOR_LAYERS = (("field", True), ("level_floor", True))
SURFACE_LAYERS = (("direction_slice", True), ("level_curve", True))
OVER_LAYERS = (("direction_tangent", False), ("right_angle", False))
HANDLE_LAYERS = (("handle", False), ("handle_knob", False))  # over ∇f too: what the mouse grabs is never hidden
DIRECTION_LAYERS = ("direction_slice", "direction_tangent", "handle", "handle_knob")
LEVEL_LAYERS = ("level_curve", "level_floor", "right_angle")
DEFAULT_DIRECTION = 30.0  #: θ in degrees where the lesson has no direction setting yet
FLOOR_Z = 0.003  # world units: floor drawings just above the floor grid
KNOB = 0.03  # world units: the handle's knob (three crossed segments drawn wide)
HANDLE_GRAB = 16.0  # logical pixels from the handle's knob that still grab it


def _setting(lesson, name: str, default):
    return getattr(lesson, name, default)


class DirectionLayers:
    """Fills the view's direction, level-curve and gradient-field layers from the lesson.

    ``shown`` says whether u is drawn (the window shows it with the Direction pane);
    ``geometry``, ``level`` and ``field`` are the last geometry drawn (None when hidden)."""

    def __init__(self, view):
        self.view = view
        self.shown = False
        self.geometry: DirectionGeometry | None = None
        self.level: LevelGeometry | None = None
        self.field: GradientField | None = None
        self.handle_world: np.ndarray | None = None  # (3,) the knob, world units
        self.handle_arrow: np.ndarray | None = None  # (6, 3) u's arrow, world units (labels keep off its shaft)
        self.labels: list[surface_labels.ProbeLabel] = []
        self.caption = QLabel(view)
        self.caption.setObjectName("gradientFieldCaption")
        self.caption.setAccessibleName("Gradient field's scale")
        self.caption.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.caption.hide()
        # Hidden or shown, the caption takes each theme's ink (a hidden one kept the light's).
        theme.changed.connect(self.restyle_caption)

    # ------------------------------------------------------------------ the lesson's settings
    @property
    def degrees(self) -> float:
        return float(_setting(self.view.lesson, "direction", DEFAULT_DIRECTION))

    @property
    def level_shown(self) -> bool:
        return bool(_setting(self.view.lesson, "level_curve", False))

    @property
    def field_shown(self) -> bool:
        return bool(_setting(self.view.lesson, "gradient_field", False))

    # ------------------------------------------------------------------ layers
    def _line(self, curve: np.ndarray, lift: float, thin: bool = True) -> np.ndarray:
        """(K, 3) function-unit polyline → 'lines' pairs in world units, raised by ``lift``;
        ``thin``: only the vertices that show kept (a long level curve; the slice along u's
        241 samples are drawn as they are: thinning them would cost more than it saves)."""
        box = self.view.mesh.box
        world = box.to_world(curve) + np.array([0.0, 0.0, lift])
        return polyline_segments(simplify_polyline(world, self.view.line_tolerance) if thin else world)

    def _set(self, layer: str, pos: np.ndarray, color: str) -> None:
        pos = np.asarray(pos, dtype=np.float32).reshape(-1, 3)
        self.view.lines.set_layer(layer, pos, np.tile(theme.hex_to_rgba(color), (len(pos), 1)) / 255.0)

    def _hide(self, layers) -> None:
        for layer in layers:
            self.view.lines.set_layer(layer, np.zeros((0, 3)), np.zeros((0, 4)))

    def update_direction(self, shown_at_point: bool) -> None:
        """The slice along u, its tangent labelled D_u f and the handle (``shown_at_point``:
        the probe shows the point: inside the box, f defined there)."""
        self.labels = []
        if not (self.shown and shown_at_point):
            self.geometry = self.handle_world = self.handle_arrow = None
            self._hide(DIRECTION_LAYERS)
            return
        from ..core.directional import direction_from_angle  # (late: the first frame draws no direction)

        view, lesson = self.view, self.view.lesson
        box, colors = view.mesh.box, theme.current()
        geometry = self.geometry = direction_geometry(lesson.surface, lesson.point, direction_from_angle(self.degrees), box)
        lift = view.lift
        self._set("direction_slice", self._line(geometry.slice, lift, thin=False), colors.direction_color)
        point = box.to_world(np.array([*lesson.point, lesson.surface.value_at(lesson.point)]))
        if geometry.tangent is not None:
            world = box.to_world(geometry.tangent) + np.array([0.0, 0.0, lift])
            self._set("direction_tangent", world, colors.direction_tangent_color)
            self.handle_arrow = box.to_world(geometry.arrow) + np.array([0.0, 0.0, lift])
            self._set("handle", self.handle_arrow, colors.direction_color)
            end = world[0]  # the tangent's back end: the handle's arrow takes the front
            font = QFont()
            font.setPointSizeF(colors.probe_font_pt * view.line_scale)
            font.setBold(True)
            text = f"D_u {lesson.surface.name} = {format_value(geometry.slope.slope, 2)}"
            self.labels.append(surface_labels.ProbeLabel(
                Label(tuple(end), text, QColor(colors.direction_tangent_color), font, 0.0, (0.0, 0.0),
                      QColor(colors.halo_color)), (point + np.array([0.0, 0.0, lift]), end)))
        else:
            self.handle_arrow = None
            self._hide(("direction_tangent",))
            self._set("handle", np.array([point, box.to_world(geometry.handle)]) + np.array([0.0, 0.0, lift]),
                      colors.direction_color)
        self.handle_world = box.to_world(geometry.handle) + np.array([0.0, 0.0, lift])
        knob = KNOB * np.array([[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]], dtype=np.float64)
        self._set("handle_knob", self.handle_world + knob, colors.direction_color)

    def update_level(self, shown_at_point: bool) -> None:
        """The level curve through the point, on the surface and on the floor, and the right
        angle it makes with ∇f (on the tangent plane at the point, and on the floor)."""
        if not (self.level_shown and shown_at_point):
            self.level = None
            self._hide(LEVEL_LAYERS)
            return
        view, lesson = self.view, self.view.lesson
        box, colors = view.mesh.box, theme.current()
        level = self.level = level_geometry(lesson.surface, lesson.point, box)
        curve = level.curve
        self._set("level_curve", self._line(curve, view.lift), colors.level_color)
        on_floor = curve.copy()
        floor = self._line(on_floor, 0.0)
        floor[:, 2] = FLOOR_Z
        square_floor = np.zeros((0, 3))
        square_plane = np.zeros((0, 3))
        if level.square is not None:
            x0, y0 = lesson.point
            fx, fy = lesson.surface.partials_at((x0, y0))
            xy = level.square
            z = level.level + fx * (xy[:, 0] - x0) + fy * (xy[:, 1] - y0)  # on the tangent plane: a true right angle
            square_plane = polyline_segments(box.to_world(np.column_stack([xy, z])) + np.array([0.0, 0.0, view.lift]))
            square_floor = polyline_segments(box.to_world(np.column_stack([xy, z])))
            square_floor[:, 2] = FLOOR_Z
        self._set("level_floor", np.concatenate([floor, square_floor]), colors.level_color)
        self._set("right_angle", square_plane, colors.level_color)

    def update_field(self) -> None:
        """The gradient field's arrows on the floor, to the one scale its caption states."""
        if not self.field_shown:
            self.field = None
            self._hide(("field",))
            self.caption.hide()
            return
        view, lesson = self.view, self.view.lesson
        box = view.mesh.box
        field = self.field = gradient_field_for(lesson.surface, box)
        xy = field_segments(field, box)
        # Twice, as the contour map: on the floor, and on the surface (seen from above, as in
        # Top view, the surface hides the floor), each vertex at f's height there.
        on_floor = box.to_world(np.column_stack([xy, np.zeros(len(xy))]))
        on_floor[:, 2] = FLOOR_Z
        z = lesson.surface.evaluate(xy[:, 0], xy[:, 1])[0]
        on_surface = box.to_world(np.column_stack([xy, z])) + np.array([0.0, 0.0, view.lift])
        lo, hi = box.z_range
        with np.errstate(invalid="ignore"):
            shown = np.isfinite(z) & (z >= lo) & (z <= hi)
        pairs = shown[0::2] & shown[1::2]  # a segment only where both ends lie on the surface shown
        on_surface = on_surface.reshape(-1, 2, 3)[pairs].reshape(-1, 3)
        self._set("field", np.concatenate([on_floor, on_surface]), theme.current().field_color)
        # Broken where the sentence pauses, not inside "|∇f|" (a narrow view wraps it).
        self.caption.setText(field.caption(lesson.surface.name).replace("; ", ";\n"))
        self.restyle_caption()
        self.caption.show()

    def restyle_caption(self) -> None:
        if not shiboken6.isValid(self.caption):  # its view closed (the theme outlives windows)
            return
        colors = theme.current()
        self.caption.setStyleSheet(f"color: {colors.text_color}; background: {colors.background}; padding: 2px 6px;")
        self.caption.setWordWrap(True)
        self.caption.setFixedWidth(max(100, self.view.width() - 16))
        self.caption.adjustSize()
        self.caption.move(8, max(0, self.view.height() - self.caption.height() - 8))

    # ------------------------------------------------------------------ the handle
    def grabs(self, px: float, py: float) -> bool:
        """Whether a press at logical pixel (px, py) lands on the handle's knob."""
        if self.handle_world is None:
            return False
        sx, sy = self.view.world_to_screen(self.handle_world)
        return math.isfinite(sx) and math.hypot(px - sx, py - sy) <= HANDLE_GRAB * max(1.0, theme.current().presentation_scale)
