"""A vertical color bar: which color is which height (values of f)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QLinearGradient, QPainter
from PySide6.QtWidgets import QWidget

from ..core.mesh import nice_ticks
from ..core.notation import tick_labels
from . import theme


class ColorBar(QWidget):
    def __init__(self, colormap: str, parent=None):
        super().__init__(parent)
        self.setObjectName("colorBar")
        self.setAccessibleName("Color bar: height of the surface")
        self.setFixedWidth(76)
        self._colors = pg.colormap.get(colormap).getLookupTable(0.0, 1.0, 16, alpha=False)
        self._range = (0.0, 1.0)
        self._title = "f"
        theme.changed.connect(self.update)  # its ink is read when it paints

    def set_range(self, lo: float, hi: float, title: str) -> None:
        self._range, self._title = (lo, hi), title
        self.setToolTip(f"{title} from {lo:.4g} to {hi:.4g}")
        # As wide as its longest tick label needs (a narrow range far from 0 has long ones).
        font = QFont(self.font())
        widest = max((QFontMetrics(font).horizontalAdvance(t) for t in tick_labels(nice_ticks(lo, hi, 6))), default=0)
        self.setFixedWidth(max(76, 36 + widest + 6))
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())  # the window's font: it grows in presentation mode
        painter.setFont(font)
        top, bottom = 30, self.height() - 14
        bar = QRectF(8, top, 20, bottom - top)
        gradient = QLinearGradient(0, bottom, 0, top)
        for i, c in enumerate(self._colors):
            gradient.setColorAt(i / (len(self._colors) - 1), QColor(int(c[0]), int(c[1]), int(c[2])))
        painter.fillRect(bar, gradient)
        painter.setPen(QColor(theme.current().status_text_color))
        painter.drawRect(bar)
        title = QFont(font)
        title.setBold(True)
        title.setPointSizeF(font.pointSizeF() * 1.2)
        painter.setFont(title)
        painter.drawText(QRectF(0, 2, self.width(), 24), Qt.AlignmentFlag.AlignLeft, f" {self._title}")
        painter.setFont(font)
        lo, hi = self._range
        ticks = nice_ticks(lo, hi, 6)
        for v, text in zip(ticks, tick_labels(ticks)):
            y = bottom - (v - lo) / (hi - lo) * (bottom - top) if hi > lo else bottom
            painter.drawLine(28, int(y), 33, int(y))
            painter.drawText(QRectF(36, y - 9, self.width() - 36, 18), Qt.AlignmentFlag.AlignVCenter, text)
        painter.end()
