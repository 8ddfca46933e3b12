"""The one small object the views share: the current function, its range and the picked point.

Views listen to its signals and never reach into each other.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ..core.calculus import Function


class ExplorerState(QObject):
    """Shared state of the surface side of the window.

    ``function`` is the last function that parsed (a bad edit never replaces it);
    ``x_range``/``y_range`` are what the surface shows; ``point`` is the picked (x₀, y₀),
    all in the function's own units.  :meth:`update` changes any of them at once and
    emits :attr:`surfaceChanged` once, so a preset (new function *and* range) re-meshes once.
    """

    surfaceChanged = Signal()  # the function or the range changed: re-sample the surface
    functionChanged = Signal(object)  # Function
    pointPicked = Signal(float, float)  # x₀, y₀

    def __init__(self, function: Function, point=(1.0, 2.0), x_range=(-3.0, 3.0), y_range=(-3.0, 3.0), parent=None):
        super().__init__(parent)
        self._function = function
        self._point = (float(point[0]), float(point[1]))
        self._x_range = tuple(map(float, x_range))
        self._y_range = tuple(map(float, y_range))

    @property
    def function(self) -> Function:
        return self._function

    @property
    def point(self) -> tuple[float, float]:
        return self._point

    @property
    def x_range(self) -> tuple[float, float]:
        return self._x_range

    @property
    def y_range(self) -> tuple[float, float]:
        return self._y_range

    def update(self, *, function: Function | None = None, x_range=None, y_range=None, point=None) -> None:
        """Set any of the fields, then emit each signal that applies, once."""
        function_changed = function is not None and function is not self._function
        if function_changed:
            self._function = function
        range_changed = False
        if x_range is not None and y_range is not None:
            new = (tuple(map(float, x_range)), tuple(map(float, y_range)))
            range_changed = new != (self._x_range, self._y_range)
            self._x_range, self._y_range = new
        point_changed = False
        if point is not None:
            new_point = (float(point[0]), float(point[1]))
            point_changed = new_point != self._point
            self._point = new_point
        if function_changed or range_changed:
            self.surfaceChanged.emit()
        if function_changed:
            self.functionChanged.emit(self._function)
        if point_changed:
            self.pointPicked.emit(*self._point)

    def set_function(self, function: Function) -> None:
        self.update(function=function)

    def set_point(self, x: float, y: float) -> None:
        self.update(point=(x, y))

    def set_range(self, x_range, y_range) -> None:
        self.update(x_range=x_range, y_range=y_range)
