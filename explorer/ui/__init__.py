"""Qt views: thin, the only place that imports Qt, pyqtgraph or OpenGL.

PySide6 is imported before pyqtgraph anywhere in this package so that pyqtgraph binds to
it and never to another Qt binding that happens to be installed.
"""

import os

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import PySide6  # noqa: E402,F401  (must precede pyqtgraph)

from .main_window import MainWindow  # noqa: E402

__all__ = ["MainWindow"]
