"""The data pane's plot: the points (xᵢ, yᵢ), edited with the mouse, and the lines fitted to them.

A left click on empty ground adds a point; a press on a point selects it and a drag moves it
(each move an edit of the lesson, so the surface re-forms while the point moves; the whole drag
one undo step); a right click on a point removes it.  Drawn over the points: each run's current
line ŷ = wx + b (σ(wx + b) for the logistic model, the curve w0 + w1·x + … for the polynomial) in the run's colour, the residuals of the
first run as vertical segments, and the least-squares line dashed.  Coordinates are the data's
own units; "near" a point is within :data:`PICK_PIXELS` on screen.
"""

from __future__ import annotations

import math
from contextlib import contextmanager

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, Qt, Signal

from ..core.lesson import Lesson
from . import theme

__all__ = ["DataPlot", "PICK_PIXELS"]

PICK_PIXELS = 10  # how close (screen pixels) a press must be to a point to take it
LINE_SAMPLES = 200  # samples of a logistic curve across the plot
MAX_RINGED = 2000  # a batch of more points is not ringed


class _PointsBox(pg.ViewBox):
    """A view box whose clicks and drags edit points (an empty-ground drag still pans)."""

    def __init__(self, plot: "DataPlot"):
        super().__init__(enableMenu=False)
        self._plot = plot
        self._dragged: int | None = None

    def mouseClickEvent(self, event) -> None:
        at = self.mapSceneToView(event.scenePos())
        index = self._plot.point_near(event.scenePos())
        if event.button() == Qt.MouseButton.LeftButton:
            event.accept()
            if index is None:
                self._plot.pointAdded.emit(at.x(), at.y())
            else:
                self._plot.select(index)
        elif event.button() == Qt.MouseButton.RightButton:
            event.accept()  # never the view box's menu: a right click on the plot removes a point
            if index is not None:
                self._plot.pointRemoved.emit(index)

    def mouseDragEvent(self, event, axis=None) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mouseDragEvent(event, axis)
        if event.isStart():
            self._dragged = self._plot.point_near(event.buttonDownScenePos())
            if self._dragged is not None:
                self._plot.select(self._dragged)
                self._plot.dragStarted.emit()
        if self._dragged is None:
            return super().mouseDragEvent(event, axis)  # empty ground: pan
        event.accept()
        at = self.mapSceneToView(event.scenePos())
        self._plot.pointMoved.emit(self._dragged, at.x(), at.y())
        if event.isFinish():
            self._dragged = None
            self._plot.dragFinished.emit()


class _Points(pg.ScatterPlotItem):
    """The points, drawn only: a scatter takes a click on a spot for itself (claimed while the
    mouse hovers it), and here the view box decides what a click does."""

    def hoverEvent(self, event) -> None:
        pass

    def mouseClickEvent(self, event) -> None:
        pass


class DataPlot(pg.PlotWidget):
    """The points and the lines; it edits nothing itself: it says what the mouse did."""

    pointAdded = Signal(float, float)  # (x, y) in data units
    pointMoved = Signal(int, float, float)  # (index, x, y)
    pointRemoved = Signal(int)
    selectionChanged = Signal(int)  # the selected point's index (-1: none)
    dragStarted = Signal()
    dragFinished = Signal()

    def __init__(self, lesson: Lesson, parent=None):
        self._box = _PointsBox(self)
        super().__init__(parent, viewBox=self._box)
        self.setObjectName("dataPlot")
        self.setAccessibleName("Data points and fitted lines")
        self.lesson = lesson
        self.selected: int | None = None
        self.dragging: tuple | None = None  # the points as a drag has them, until it ends (then the lesson's)
        self.setMinimumSize(160, 140)
        self.points = _Points(size=11, pxMode=True)
        self.points.setZValue(10)
        self.lines: list[pg.PlotCurveItem] = []
        self.residuals = pg.PlotCurveItem(connect="pairs")
        self.answer = pg.PlotCurveItem()
        # The points the last step's mini-batch took, ringed in the theme's batch colour.
        self.batch_points = _Points(size=19, pxMode=True, brush=None)
        self.batch_points.setZValue(9)
        for item in (self.residuals, self.answer, self.batch_points, self.points):
            self.addItem(item)
        self.getPlotItem().setLabel("bottom", "x")
        self.getPlotItem().setLabel("left", "y")
        # Room above and right of the axes: the top tick's label ("10") and the last one ("4.5")
        # are centred on their ticks and were cut in half at the plot's edge (on screen and exported).
        self.getPlotItem().layout.setContentsMargins(1, 9, 12, 1)
        self.hideButtons()
        self._apply_theme()
        theme.changed.connect(self._apply_theme)
        self.frame()

    # ------------------------------------------------------------------ picking
    def point_near(self, scene_position: QPointF) -> int | None:
        """The index of the point within :data:`PICK_PIXELS` of a scene position (the nearest), or None."""
        data = np.asarray(self.lesson.data if self.dragging is None else self.dragging, dtype=float)
        mapped = self._box.mapViewToScene
        shown = np.array([[p.x(), p.y()] for p in (mapped(QPointF(x, y)) for x, y in data)])
        distance = np.hypot(shown[:, 0] - scene_position.x(), shown[:, 1] - scene_position.y())
        nearest = int(np.argmin(distance))
        return nearest if distance[nearest] <= PICK_PIXELS else None

    def select(self, index: int | None) -> None:
        self.selected = index
        self.show_points()
        self.selectionChanged.emit(-1 if index is None else index)

    def screen_position(self, index: int) -> QPoint:
        """Where point ``index`` is drawn, in the plot widget's pixels (the viewport's, where a mouse presses)."""
        x, y = self.lesson.data[index]
        return self.mapFromScene(self._box.mapViewToScene(QPointF(x, y)))

    def to_screen(self, x: float, y: float) -> QPoint:
        """The plot widget's pixel at data coordinates (x, y)."""
        return self.mapFromScene(self._box.mapViewToScene(QPointF(x, y)))

    # ------------------------------------------------------------------ drawing
    def frame(self) -> None:
        """Fit the view to the points (and the origin, so a line's intercept shows), with a margin."""
        data = np.asarray(self.lesson.data, dtype=float)
        xs, ys = np.append(data[:, 0], 0.0), np.append(data[:, 1], 0.0)
        self._box.setRange(xRange=(xs.min(), xs.max()), yRange=(ys.min(), ys.max()), padding=0.15)

    @contextmanager
    def unselected(self):
        """The points drawn without the selection's colour for as long as the block runs (an
        export shows the data, not what the mouse picked to edit)."""
        selected, self.selected = self.selected, None
        self.show_points()
        try:
            yield
        finally:
            self.selected = selected
            self.show_points()

    def show_points(self) -> None:
        data = np.asarray(self.lesson.data if self.dragging is None else self.dragging, dtype=float)
        t = theme.current()
        brushes = [pg.mkBrush(t.error_color if i == self.selected else t.text_color) for i in range(len(data))]
        self.points.setData(data[:, 0], data[:, 1], brush=brushes, pen=pg.mkPen(t.plot_background, width=1.5))

    def show_batch(self, indices) -> None:
        """Ring the points ``indices`` (m,) took by the last step's batch (None: no ring; more
        than :data:`MAX_RINGED` points are not ringed, a cloud of rings says nothing)."""
        data = np.asarray(self.lesson.data, dtype=float)
        if indices is None or len(indices) > MAX_RINGED or len(indices) == len(data):
            self.batch_points.setData([], [])
            return
        chosen = data[np.asarray(indices, dtype=int)]
        self.batch_points.setData(chosen[:, 0], chosen[:, 1], brush=pg.mkBrush(0, 0, 0, 0),
                                  pen=pg.mkPen(theme.current().batch_color, width=3))

    def show_lines(self, lines: list[tuple[float, ...]], model: str, answer: tuple[float, ...] | None) -> None:
        """Each run's parameters as its line (or curve) in its colour; the first run's
        residuals; ``answer`` (the least-squares parameters) dashed (None: not drawn).
        ``model`` is "linear" ((w, b)), "logistic" ((w, b)) or "poly" ((w0, …, wk))."""
        t = theme.current()
        while len(self.lines) < len(lines):
            curve = pg.PlotCurveItem()
            curve.setZValue(5)
            self.addItem(curve)
            self.lines.append(curve)
        (x0, x1), _ = self._box.viewRange()
        xs = np.linspace(x0, x1, 2 if model == "linear" else LINE_SAMPLES)
        for i, curve in enumerate(self.lines):
            if i < len(lines) and all(math.isfinite(v) for v in lines[i]):
                curve.setData(xs, _model(xs, lines[i], model))
                curve.setPen(pg.mkPen(t.run_colors[i % len(t.run_colors)], width=t.curve_width))
                curve.show()
            else:
                curve.hide()
        data = np.asarray(self.lesson.data, dtype=float)
        if lines and all(math.isfinite(v) for v in lines[0]) and len(data) <= 2000:
            fitted = _model(data[:, 0], lines[0], model)
            self.residuals.setData(np.repeat(data[:, 0], 2), np.column_stack([data[:, 1], fitted]).ravel(), connect="pairs")
            self.residuals.setPen(pg.mkPen(t.faded(t.run_colors[0], 0.3), width=1.5))
            self.residuals.show()
        else:
            self.residuals.hide()
        if answer is not None:
            self.answer.setData(xs, _model(xs, answer, model))
            self.answer.setPen(pg.mkPen(t.muted_color, width=2, style=Qt.PenStyle.DashLine))
            self.answer.show()
        else:
            self.answer.hide()

    def _apply_theme(self) -> None:
        t = theme.current()
        self.setBackground(t.plot_background)
        for axis in ("bottom", "left"):
            self.getPlotItem().getAxis(axis).setPen(pg.mkPen(t.axis_color))
            self.getPlotItem().getAxis(axis).setTextPen(pg.mkPen(t.text_color))
        self.show_points()


def _model(x: np.ndarray, parameters: tuple[float, ...], model: str) -> np.ndarray:
    """ŷ at x: wx + b, σ(wx + b) for the logistic model (without overflow), or
    w0 + w1·x + … + wk·x^k for the polynomial (Horner's rule)."""
    x = np.asarray(x, dtype=float)
    if model == "poly":
        out = np.zeros_like(x)
        for w in reversed(parameters):
            out = out * x + w
        return out
    w, b = parameters
    z = w * x + b
    if model != "logistic":
        return z
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
