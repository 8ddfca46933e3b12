"""The dial: D_u f against θ over the whole circle, a plot the student turns u on.

A cosine whose peak is |∇f| at the direction of ∇f, zero along the level curve (two
directions) and −|∇f| straight downhill, each marked and labelled (the labels are the
core's, :func:`~explorer.core.direction_readout.dial_marks`), with the current θ as a
vertical line and a dot on the curve.  A click or a drag on the plot sets θ to the angle
under the mouse; ←/↓ and →/↑ turn u by 1° (with Shift by 15°).  The dial only *asks*
(:attr:`DirectionDial.turned`, a drag between :attr:`~DirectionDial.drag_started` and
:attr:`~DirectionDial.drag_ended`); the pane commits θ to the lesson.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, Qt, Signal

from ..core.direction_readout import DialMark, dial_marks
from ..core.directional import Dial
from . import theme
from .widgets import named

__all__ = ["DirectionDial", "DIAL_HEIGHT", "TURN", "BIG_TURN"]

DIAL_HEIGHT = 145  # px: fixed, so nothing below it moves when the numbers change
TURN, BIG_TURN = 1.0, 15.0  # degrees an arrow key turns u (with Shift: the big turn)
_KINDS = ("steepest", "level", "downhill")
_TURNS = {Qt.Key.Key_Right: 1, Qt.Key.Key_Up: 1, Qt.Key.Key_Left: -1, Qt.Key.Key_Down: -1}


class DirectionDial(pg.PlotWidget):
    """D_u f (vertical, f's units per unit distance) against θ (horizontal, degrees 0–360)."""

    turned = Signal(float)  # the θ (degrees) the student asks for, by mouse or key
    drag_started = Signal()  # a press on the dial: the turns until the release are one gesture
    drag_ended = Signal()
    #: Keys it keeps from the window's shortcuts while focused (ui/keys.py reads them): they turn u.
    OWN_KEYS = frozenset({Qt.Key.Key_Right, Qt.Key.Key_Left})

    def __init__(self, parent=None):
        # No context menu: made without one (pyqtgraph's view-box menu costs ~0.1 s to build).
        super().__init__(parent, background=theme.current().plot_background, enableMenu=False)
        named(self, "directionDial", "Dial: the slope in every direction")
        self.setToolTip("The slope D_u f for every direction θ: click or drag to turn u; ← → turn it 1°, with Shift 15°")
        self.setFixedHeight(DIAL_HEIGHT)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMenuEnabled(False)
        self.hideButtons()
        box = self.getPlotItem().getViewBox()
        box.setMouseEnabled(x=False, y=False)  # the mouse turns u; it does not pan the dial
        self.setXRange(0.0, 360.0, padding=0.02)
        self.getPlotItem().getAxis("bottom").setTicks([[(d, f"{d}°") for d in range(0, 361, 90)]])
        self.setLabel("left", "D_u f")
        self.curve = self.plot([], [])
        self.zero_line = pg.InfiniteLine(pos=0.0, angle=0)
        self.addItem(self.zero_line)
        self.theta_line = pg.InfiniteLine(pos=30.0, angle=90)
        self.addItem(self.theta_line)
        self.marks = {kind: pg.ScatterPlotItem(size=10) for kind in _KINDS}
        for item in self.marks.values():
            self.addItem(item)
        self.labels: list[pg.TextItem] = []
        self.current = pg.ScatterPlotItem(size=13)
        self.addItem(self.current)
        self.shown_marks: tuple[DialMark, ...] = ()
        self._dial: Dial | None = None
        self._degrees = 30.0
        self._dragging = False
        self.paints = 0  # frames drawn (tests and the bench wait on a new one, never on a time)
        self.apply_theme()
        theme.changed.connect(self.apply_theme)

    # ------------------------------------------------------------------ what it shows
    def show_dial(self, shown: Dial, name: str = "f") -> None:
        """The curve of slopes and its marked points (once per surface and point)."""
        self._dial = shown
        degrees = np.append(shown.degrees, 360.0)  # round the circle: 360° is 0° again
        slopes = np.append(shown.slopes, shown.slopes[:1])
        self.curve.setData(degrees, np.where(np.isfinite(slopes), slopes, np.nan), connect="finite")
        self.shown_marks = dial_marks(shown, name)
        for kind, item in self.marks.items():
            spots = [(m.degrees, m.slope) for m in self.shown_marks if m.kind == kind]
            item.setData([d for d, _ in spots], [s for _, s in spots])
        for label in self.labels:
            self.removeItem(label)
        self.labels = []
        for mark in self.shown_marks:
            # The peak's and the trough's labels beside their dots, leaning inward (none runs
            # off the plot's edge); the zeros' under theirs, centred (180° apart: never touching).
            side = 0.0 if mark.degrees < 180 else 1.0
            anchor = (0.5, 0.0) if mark.kind == "level" else (side, 0.5)
            label = pg.TextItem(("  " + mark.label) if side == 0.0 and mark.kind != "level" else (mark.label + "  "),
                                anchor=anchor)
            label.setPos(mark.degrees, mark.slope)
            self.addItem(label)
            self.labels.append(label)
        finite = shown.slopes[np.isfinite(shown.slopes)]
        top = float(np.max(np.abs(finite))) if finite.size else 1.0
        top = top if top > 0 else 1.0
        self.setYRange(-1.35 * top, 1.35 * top, padding=0.0)
        self._color_labels()
        self.show_theta(self._degrees)

    def show_theta(self, degrees: float) -> None:
        """The current θ's line and its dot on the curve."""
        self._degrees = float(degrees)
        self.theta_line.setPos(self._degrees)
        slope = self._slope_at(self._degrees)
        self.current.setData([self._degrees], [slope] if math.isfinite(slope) else [0.0])

    def theta(self) -> float:
        return self._degrees

    def _slope_at(self, degrees: float) -> float:
        if self._dial is None:
            return math.nan
        shown = self._dial
        if not shown.one_sided and math.isfinite(shown.steepest_slope):  # a cosine: exact at any θ
            if not math.isfinite(shown.steepest_degrees):
                return 0.0  # ∇f = 0: flat every way
            return shown.steepest_slope * math.cos(math.radians(degrees - shown.steepest_degrees))
        return float(np.interp(degrees, np.append(shown.degrees, 360.0), np.append(shown.slopes, shown.slopes[:1])))

    def screen_position(self, degrees: float, slope: float = 0.0) -> QPoint:
        """Where (θ, D_u f) is on the dial's viewport, the widget the mouse is over (what a test clicks)."""
        scene = self.getPlotItem().getViewBox().mapViewToScene(QPointF(degrees, slope))
        return self.mapFromScene(scene)

    # ------------------------------------------------------------------ the mouse and keys
    def _degrees_under(self, event) -> float:
        where = self.getPlotItem().getViewBox().mapSceneToView(self.mapToScene(event.position().toPoint()))
        return min(max(where.x(), 0.0), 360.0) % 360.0

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self._dragging = True
            self.drag_started.emit()
            self.turned.emit(self._degrees_under(event))
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._dragging:
            self.turned.emit(self._degrees_under(event))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._dragging and event.button() == Qt.MouseButton.LeftButton:
            self._dragging = False
            self.drag_ended.emit()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:
        sign = _TURNS.get(Qt.Key(event.key()))
        if sign is None:
            super().keyPressEvent(event)
            return
        step = BIG_TURN if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else TURN
        self.turned.emit((self._degrees + sign * step) % 360.0)
        event.accept()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        self.paints += 1

    # ------------------------------------------------------------------ theme
    def apply_theme(self) -> None:
        t = theme.current()
        self.setBackground(t.plot_background)
        self.curve.setPen(pg.mkPen(t.curve_color, width=t.curve_width))
        self.zero_line.setPen(pg.mkPen(t.axis_color, width=1))
        self.theta_line.setPen(pg.mkPen(t.marker_color, width=2, style=Qt.PenStyle.DashLine))
        colors = {"steepest": t.gradient_color, "level": t.muted_color, "downhill": t.downhill_color}
        for kind, item in self.marks.items():
            item.setBrush(pg.mkBrush(colors[kind]))
            item.setPen(pg.mkPen(t.plot_background, width=1))
        self.current.setBrush(pg.mkBrush(t.marker_color))
        self.current.setPen(pg.mkPen(t.plot_background, width=1.5))
        for name in ("left", "bottom"):
            axis = self.getPlotItem().getAxis(name)
            axis.setPen(pg.mkPen(t.axis_color))
            axis.setTextPen(pg.mkPen(t.text_color))
        self._color_labels()

    def _color_labels(self) -> None:
        t = theme.current()
        colors = {"steepest": t.gradient_color, "level": t.muted_color, "downhill": t.downhill_color}
        for mark, label in zip(self.shown_marks, self.labels):
            label.setColor(colors[mark.kind])
