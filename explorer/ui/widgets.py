"""Small widgets the panes share."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QToolButton, QWidget


class WrappedLabel(QLabel):
    """A word-wrapping label that asks for the height its text needs at its width.

    A plain wrapping QLabel asks for one line as its minimum, and the main window's dock
    layout never asks heightForWidth: a second line would be cut off.  This one makes its
    minimum the wrapped height, so its pane grows (and the window keeps everything whole).
    """

    def __init__(self, text: str = "", parent=None, max_lines: int | None = None):
        super().__init__(text, parent)
        self.setWordWrap(True)
        self._wrapped_for = (-1, "")
        self._max_lines = max_lines  # beyond it the text ends in "…" (all of it in the tooltip)
        self._full = text

    def full_text(self) -> str:
        """The whole text, also when the label shows it shortened."""
        return self._full

    def setText(self, text: str) -> None:
        self._full = text
        super().setText(self._fitted(text, self.width()))

    def _fitted(self, text: str, width: int) -> str:
        """``text``, or as many of its words as fit in ``max_lines`` lines, then "…"."""
        if not self._max_lines or width <= 0 or not text or not self._wrapped_for[0] > 0:
            self.setToolTip("")
            return text
        metrics = self.fontMetrics()
        limit = self._max_lines * metrics.lineSpacing()

        def height(candidate: str) -> int:
            return metrics.boundingRect(0, 0, width, 100_000, int(Qt.TextFlag.TextWordWrap), candidate).height()

        if height(text) <= limit:
            self.setToolTip("")
            return text
        words = text.split(" ")
        lo, hi = 1, len(words) - 1
        while lo < hi:  # the most words that fit with the ellipsis
            mid = (lo + hi + 1) // 2
            lo, hi = (mid, hi) if height(" ".join(words[:mid]) + " …") <= limit else (lo, mid - 1)
        self.setToolTip(text)
        return " ".join(words[:lo]) + " …"

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        # Only once laid out: before its first show a widget's width is a placeholder, and
        # the wrapped height at it would make the window come up too tall.
        if self._wrapped_for[0] > 0 and self.text():
            hint.setHeight(max(hint.height(), self.heightForWidth(self.width())))
        return hint

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        key = (event.size().width(), self._full)
        if key != self._wrapped_for and self.isVisible():  # a new width can need another number of lines
            self._wrapped_for = key
            if self._max_lines:
                super().setText(self._fitted(self._full, event.size().width()))
            self.updateGeometry()


class Fold(QToolButton):
    """A flat ▸/▾ button that shows or hides one widget ("Term by term", "range"); with
    no ``target`` it only shows the state and its owner shows what it folds."""

    def __init__(self, text: str, target: QWidget | None, name: str, accessible: str, parent=None):
        super().__init__(parent)
        self._text, self._target = text, target
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setCheckable(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setStyleSheet("QToolButton { border: none; }")
        self.toggled.connect(self.set_open)

    def set_open(self, open_: bool) -> None:
        self.blockSignals(True)
        self.setChecked(open_)
        self.blockSignals(False)
        self.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        self.setText(self._text)
        self.setToolTip(f"Click to hide {self._text.replace('&&', '&')}" if open_ else f"Click to show {self._text.replace('&&', '&')}")
        if self._target is not None:
            self._target.setVisible(open_)
