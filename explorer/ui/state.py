"""The one small object the views share: the current function and the picked point.

Views listen to its signals and never reach into each other.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ..core.calculus import Function


class ExplorerState(QObject):
    """Shared state of the surface side of the window.

    ``function`` is the last function that parsed (a bad edit never replaces it);
    ``point`` is the picked (x₀, y₀) in the function's own units.
    """

    functionChanged = Signal(object)  # Function
    pointPicked = Signal(float, float)  # x₀, y₀
    rangeChanged = Signal(object, object)  # (x_min, x_max), (y_min, y_max)

    def __init__(self, function: Function, point=(1.0, 2.0), x_range=(-3.0, 3.0), y_range=(-3.0, 3.0), parent=None):
        super().__init__(parent)
        self._function = function
        self._point = (float(point[0]), float(point[1]))
        self._x_range = tuple(map(float, x_range))
        self._y_range = tuple(map(float, y_range))

    @property
    def function(self) -> Function:
        return self._function

    def set_function(self, function: Function) -> None:
        self._function = function
        self.functionChanged.emit(function)

    @property
    def point(self) -> tuple[float, float]:
        return self._point

    def set_point(self, x: float, y: float) -> None:
        point = (float(x), float(y))
        if point != self._point:
            self._point = point
            self.pointPicked.emit(*point)

    @property
    def x_range(self) -> tuple[float, float]:
        return self._x_range

    @property
    def y_range(self) -> tuple[float, float]:
        return self._y_range

    def set_range(self, x_range, y_range) -> None:
        x_range, y_range = tuple(map(float, x_range)), tuple(map(float, y_range))
        if (x_range, y_range) != (self._x_range, self._y_range):
            self._x_range, self._y_range = x_range, y_range
            self.rangeChanged.emit(x_range, y_range)
