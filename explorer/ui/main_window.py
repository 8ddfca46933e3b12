"""The main window: the function bar over the surface view, its controls and the readout."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox, QDoubleSpinBox, QFrame, QHBoxLayout, QLabel, QMainWindow, QPushButton, QSpinBox,
    QScrollArea, QSplitter, QTabWidget, QVBoxLayout, QWidget,
)

from ..core.notation import format_number
from ..core.presets import surface_presets
from .color_bar import ColorBar
from .descent_panel import DescentPanel
from .function_bar import FunctionBar
from .readout import ReadoutPanel
from .state import ExplorerState
from .surface_view import COLORMAP, SurfaceView

DEFAULT_FUNCTION = "f(x, y) = 3x^2 + 2xy + y^2"
DEFAULT_POINT = (1.0, 2.0)


def _spin(name: str, accessible: str, value: float, lo: float = -1000.0, hi: float = 1000.0, step: float = 0.1) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    box.setRange(lo, hi)
    box.setDecimals(4)
    box.setSingleStep(step)
    box.setValue(value)
    box.setKeyboardTracking(False)  # apply on Enter / arrows, not on every digit
    return box


HINT = "Click the surface to pick a point · drag to orbit · wheel to zoom · arrow keys nudge the point"


class MainWindow(QMainWindow):
    """Everything a student sees.  ``MainWindow()`` builds the whole window."""

    def __init__(self, function_text: str | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("Gradient Explorer")
        self._presets = surface_presets()
        self._pending_preset = None
        self._failure = ""  # why the last re-mesh failed, shown with the notes of the surface put back
        self._failures = 0  # how many re-meshes failed so far (a range edit checks it)
        self._point_outside = False  # the status bar says the point is outside the range
        self.function_bar = FunctionBar(function_text or DEFAULT_FUNCTION, variables=2, presets=[p.name for p in self._presets])
        if self.function_bar.function is None:  # a bad --function: fall back to the lesson
            self.function_bar.set_text(DEFAULT_FUNCTION)
        self.state = ExplorerState(self.function_bar.function, point=DEFAULT_POINT, parent=self)

        self.surface_view = SurfaceView(self.state)
        if self.surface_view.mesh is None:  # a --function that parses but cannot be drawn
            self._failure = f"⚠ {self.surface_view.last_failure}; showing the lesson's function instead."
            self.function_bar.set_text(DEFAULT_FUNCTION)
            self.state.update(function=self.function_bar.function)
        self.color_bar = ColorBar(COLORMAP)
        self.readout = ReadoutPanel()
        self.descent_panel = DescentPanel()
        self.note = QLabel()
        self.note.setObjectName("surfaceNote")
        self.note.setAccessibleName("Note about the surface")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #8a5a00")

        # Exact entry of the point, the range and the resolution.
        self.point_x = _spin("pointXInput", "x of the point", DEFAULT_POINT[0])
        self.point_y = _spin("pointYInput", "y of the point", DEFAULT_POINT[1])
        self.x_min = _spin("xMinInput", "smallest x shown", -3.0)
        self.x_max = _spin("xMaxInput", "largest x shown", 3.0)
        self.y_min = _spin("yMinInput", "smallest y shown", -3.0)
        self.y_max = _spin("yMaxInput", "largest y shown", 3.0)
        self.resolution = QSpinBox()
        self.resolution.setObjectName("resolutionInput")
        self.resolution.setAccessibleName("Mesh resolution (samples per side)")
        self.resolution.setRange(10, 1000)
        self.resolution.setSingleStep(50)
        self.resolution.setValue(self.surface_view.resolution)
        self.resolution.setKeyboardTracking(False)
        self.contours_toggle = QCheckBox("contour lines")
        self.contours_toggle.setObjectName("contoursToggle")
        self.contours_toggle.setAccessibleName("Show contour lines on the floor")
        self.contours_toggle.setChecked(True)
        self.plane_toggle = QCheckBox("tangent plane")
        self.plane_toggle.setObjectName("tangentPlaneToggle")
        self.plane_toggle.setAccessibleName("Show the tangent plane")
        self.reset_button = QPushButton("Reset view")
        self.reset_button.setObjectName("resetCameraButton")
        self.reset_button.setAccessibleName("Reset the camera")
        self.top_button = QPushButton("Top view")
        self.top_button.setObjectName("topViewButton")
        self.top_button.setAccessibleName("Look straight down")

        self._build_layout()

        self.function_bar.functionParsed.connect(self._on_function_parsed)
        self.function_bar.presetChosen.connect(self._on_preset_chosen)
        self.surface_view.pointClicked.connect(self.state.set_point)
        self.surface_view.meshChanged.connect(self._on_mesh_changed)
        self.surface_view.meshFailed.connect(self._on_mesh_failed)
        self.state.pointPicked.connect(self._on_state_point_picked)
        self.state.functionChanged.connect(lambda _f: self._on_state_point_picked(*self.state.point))
        self.point_x.valueChanged.connect(lambda v: self.state.set_point(v, self.state.point[1]))
        self.point_y.valueChanged.connect(lambda v: self.state.set_point(self.state.point[0], v))
        for box in (self.x_min, self.x_max, self.y_min, self.y_max):
            box.valueChanged.connect(self._on_range_edited)
        self.resolution.valueChanged.connect(self.surface_view.set_resolution)
        self.contours_toggle.toggled.connect(self.surface_view.set_contours_visible)
        self.plane_toggle.toggled.connect(self.surface_view.set_tangent_plane_visible)
        self.reset_button.clicked.connect(self.surface_view.reset_camera)
        self.top_button.clicked.connect(self.surface_view.top_view)

        self._on_mesh_changed(self.surface_view.mesh)
        self._on_state_point_picked(*self.state.point)
        self.resize(1440, 900)

    def _build_layout(self) -> None:
        # Short rows rather than one long one, and side tabs that scroll rather than hold
        # the window wide: it must fit a 1024×768 projector.
        point_row = QHBoxLayout()
        for text, widget in (("point x₀", self.point_x), ("y₀", self.point_y), ("resolution", self.resolution)):
            point_row.addWidget(QLabel(text))
            point_row.addWidget(widget)
        point_row.addStretch(1)
        range_row = QHBoxLayout()
        for text, widget in (("x from", self.x_min), ("to", self.x_max), ("y from", self.y_min), ("to", self.y_max)):
            range_row.addWidget(QLabel(text))
            range_row.addWidget(widget)
        range_row.addStretch(1)
        toggle_row = QHBoxLayout()
        for widget in (self.contours_toggle, self.plane_toggle):
            toggle_row.addWidget(widget)
        toggle_row.addStretch(1)
        for widget in (self.reset_button, self.top_button):
            toggle_row.addWidget(widget)

        view_row = QHBoxLayout()
        view_row.addWidget(self.surface_view, 1)
        view_row.addWidget(self.color_bar)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(view_row, 1)
        left_layout.addWidget(self.note)
        left_layout.addLayout(point_row)
        left_layout.addLayout(range_row)
        left_layout.addLayout(toggle_row)

        # Beside the surface: its readout, and the descent panel, one tab each — a lesson
        # is on one or the other, and each gets the full height of a projector's screen.
        right = QTabWidget()
        right.setObjectName("sideTabs")
        right.setAccessibleName("Readout and gradient descent")
        self._tab_of = {}
        for page, title in ((self.readout, "∂ At the point"), (self.descent_panel, "↘ Gradient descent")):
            scroll = QScrollArea()
            self._tab_of[page] = scroll
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(page)
            right.addTab(scroll, title)
        self.side_tabs = right
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([880, 540])

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(self.function_bar)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(HINT)

    def show_page(self, page: QWidget) -> None:
        """Bring the side tab holding ``page`` (``self.readout`` or ``self.descent_panel``) forward."""
        self.side_tabs.setCurrentWidget(self._tab_of[page])

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

    # ------------------------------------------------------------------ reactions
    def _on_function_parsed(self, function) -> None:
        preset = self._pending_preset
        if preset is None:
            self.state.update(function=function)
        else:
            self.state.update(function=function, x_range=preset.x_range, y_range=preset.y_range, point=preset.point)

    def _on_preset_chosen(self, index: int) -> None:
        preset = self._presets[index]
        for box, value in zip((self.x_min, self.x_max, self.y_min, self.y_max), (*preset.x_range, *preset.y_range)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        # The function bar parses the preset and hands it to _on_function_parsed, which
        # applies it together with the preset's range and point: one re-mesh, not three.
        self._pending_preset = preset
        self.function_bar.set_text(preset.function)
        self._pending_preset = None
        self.surface_view.reset_camera()
        self.statusBar().showMessage(preset.note)

    def _on_range_edited(self) -> None:
        x0, x1, y0, y1 = (b.value() for b in (self.x_min, self.x_max, self.y_min, self.y_max))
        if x0 >= x1 or y0 >= y1:
            self.note.setText("⚠ each range needs its lower end below its upper end; the surface keeps the last good range.")
            self.note.setVisible(True)
            return
        failures = self._failures
        self.state.set_range((x0, x1), (y0, y1))
        if self._failures == failures:  # (a failure has put its own note up)
            self._on_mesh_changed(self.surface_view.mesh)  # clears the warning even if the range is unchanged

    def _on_state_point_picked(self, x: float, y: float) -> None:
        for box, value in ((self.point_x, x), (self.point_y, y)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        self.readout.show_point(self.state.function, x, y)
        self._explain_point()

    def _explain_point(self) -> None:
        """Say so in the status bar while the point lies outside the range shown."""
        x, y = self.state.point
        (x0, x1), (y0, y1) = self.state.x_range, self.state.y_range
        outside = not (x0 <= x <= x1 and y0 <= y <= y1)
        if outside:
            self.statusBar().showMessage(f"The point ({format_number(x)}, {format_number(y)}) lies outside the range "
                                         f"shown, so the view cannot mark it: widen the range to see it.")
        elif self._point_outside:
            self.statusBar().showMessage(HINT)
        self._point_outside = outside

    def _on_mesh_failed(self, why: str) -> None:
        # Put back the function and range of the last surface drawn, so the readout, the
        # range boxes and the surface agree; the function bar keeps what was typed.
        function, x_range, y_range = self._last_good
        values = (*x_range, *y_range, self.surface_view.resolution)
        self._show_in_boxes(values)
        # A spin box that sent the failing value re-applies its text when its handler
        # returns: put the good value back once more after that.
        QTimer.singleShot(0, lambda: self._show_in_boxes(values))
        self._failures += 1
        self._failure = f"⚠ {why}; still showing the last surface."
        self.state.update(function=function, x_range=x_range, y_range=y_range)
        if self._failure:  # the last surface was already showing: nothing re-meshed
            self._on_mesh_changed(self.surface_view.mesh)

    def _show_in_boxes(self, values) -> None:
        """(x from, x to, y from, y to, resolution) into their boxes, without re-meshing."""
        for box, value in zip((self.x_min, self.x_max, self.y_min, self.y_max, self.resolution), values):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)

    def _on_mesh_changed(self, mesh) -> None:
        self._last_good = (self.state.function, self.state.x_range, self.state.y_range)
        z0, z1 = mesh.box.z_range
        self.color_bar.set_range(z0, z1, self.state.function.name)
        notes = []
        name = self.state.function.name
        if mesh.has_holes and mesh.too_large:
            notes.append(f"{name} is too large for a float (or undefined) in parts of this range: those parts are holes.")
        elif mesh.has_holes:
            notes.append(f"{name} is undefined in parts of this range: those parts are holes.")
        if mesh.has_poles:
            notes.append(f"{self.state.function.name} jumps through ±∞ inside the range (a pole): the surface is cut there, not joined by a wall.")
        if mesh.clipped:
            notes.append(f"Values beyond {z0:.4g} … {z1:.4g} are cut off so the shape stays visible.")
        if self._failure:
            notes.insert(0, self._failure)
            self._failure = ""
        self._explain_point()
        self.note.setText(" ".join(notes))
        self.note.setVisible(bool(notes))
