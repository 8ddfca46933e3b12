"""The main window: the function bar over the views."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QVBoxLayout, QWidget

from ..core.presets import surface_presets
from .function_bar import FunctionBar
from .state import ExplorerState

DEFAULT_FUNCTION = "f(x, y) = 3x^2 + 2xy + y^2"


class MainWindow(QMainWindow):
    """Everything a student sees.  ``MainWindow()`` builds the whole window."""

    def __init__(self, function_text: str | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("Gradient Explorer")
        self._presets = surface_presets()
        self.function_bar = FunctionBar(
            function_text or DEFAULT_FUNCTION, variables=2, presets=[p.name for p in self._presets]
        )
        self.state = ExplorerState(self.function_bar.function, parent=self)
        self.function_bar.functionParsed.connect(self.state.set_function)
        self.function_bar.presetChosen.connect(self._on_preset_chosen)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(self.function_bar)
        layout.addStretch(1)
        self.setCentralWidget(central)
        self.resize(1280, 800)

    def _on_preset_chosen(self, index: int) -> None:
        preset = self._presets[index]
        self.state.set_range(preset.x_range, preset.y_range)
        self.function_bar.set_text(preset.function)
        self.state.set_point(*preset.point)
