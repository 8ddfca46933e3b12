"""The data pane as a picture: the plot of the points with each run's line, for a slide or a
frame of the training's animation.

A frame of the data pane is drawn, not grabbed off the screen (as :mod:`.frames` draws the
descent panel's): the model on a title line, the plot rendered afresh at the frame's size, and
a legend with a row per run — its colour, its optimizer and α, its line ŷ = wx + b and its
loss at the step.  So the frame shows no buttons or boxes, and the lines move with the runs as
the animation steps them (the pane redraws its lines at each step of a run that trains on its
data).  Sizes are pixels; colours come from :mod:`theme`.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter

from ..core.notation import format_value
from ..core.optimizers import SHORT_NAMES
from . import theme
from .frames import PANEL_ASPECT, _render_plot

__all__ = ["data_frame", "data_lines", "legend_lines", "model_title"]


def model_title(pane) -> str:
    """The title line: the model, the number of points and the step, ``ŷ = wx + b on 5 points · step 3``."""
    n = len(pane.lesson.data)
    step = f" · step {pane.lesson.run.steps}" if pane.training() else ""
    return f"{pane.model_menu.currentText()} on {n:,} point{'s' * (n != 1)}{step}"


def data_lines(pane) -> list[tuple[str, str]]:
    """Each run's legend row, in run order: ``(colour, text)``, e.g. ``("#1a9850", "GD, α = 0.01:
    ŷ = 0.12x + 0.06, L = 7.29")``; none while the runs do not train on the pane's data (no
    line is drawn then)."""
    lesson = pane.lesson
    if not pane.training():
        return []
    colors = theme.current().run_colors
    rows = []
    for i, run in enumerate(lesson.runs):
        if lesson.model.startswith("poly"):
            fitted = "(" + ", ".join(format_value(v) for v in run.point) + ")"
        else:
            w, b = run.point
            fitted = f"ŷ = {format_value(w)}x {'−' if b < 0 else '+'} {format_value(abs(b))}"
        text = f"{SHORT_NAMES[run.optimizer.kind]}, α = {run.learning_rate:g}: {fitted}, L = {format_value(run.value)}"
        rows.append((colors[i % len(colors)], text))
    return rows


def legend_lines(text: str, fits, most: int = 3) -> list[str]:
    """A legend row's text in lines that each ``fits(line)`` (a width test), broken after its
    commas and colons — the optimizer and α, the fitted weights, the loss — so the loss at the
    end is read, not elided; at most ``most`` lines (the last elided if even they are too few)."""
    words = re.split(r"(?<=[,:]) ", text)
    lines: list[str] = []
    for word in words:
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and fits(joined):
            lines[-1] = joined
        else:
            lines.append(word)
    if len(lines) > most:
        lines[most - 1:] = [" ".join(lines[most - 1:])]
    return lines


def data_frame(pane, height: int, width: int | None = None) -> QImage:
    """The data pane's frame, ``height`` pixels tall (``width`` default ``PANEL_ASPECT``·height):
    the title, the plot with its points and lines, the legend (a run's row on two or three
    lines where one is too narrow for it)."""
    font = QFont(pane.font())
    font.setPixelSize(max(10, round(height / 42)))
    line = round(font.pixelSize() * 1.45)
    pad = font.pixelSize() // 2
    width = int(width or round(PANEL_ASPECT * height))
    text_width = width - 2 * pad - line  # right of the swatch
    metrics = QFontMetrics(font)
    rows = [(color, legend_lines(text, lambda t: metrics.horizontalAdvance(t) <= text_width))
            for color, text in data_lines(pane)]
    legend = line * sum(len(lines) for _c, lines in rows) + line // 2
    top = line + line // 4
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(theme.current().plot_background))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        with pane.plot.unselected():  # the data, not the point the mouse picked to edit
            _render_plot(pane.plot, painter, QRectF(0, top, width, height - top - legend))
        painter.setFont(font)
        painter.setPen(QColor(theme.current().text_color))
        title = painter.fontMetrics().elidedText(model_title(pane), Qt.TextElideMode.ElideRight, width - 2 * pad)
        painter.drawText(QRectF(pad, 0, width - 2 * pad, top), Qt.AlignmentFlag.AlignVCenter, title)
        y = height - legend + line // 4
        for color, lines in rows:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(color))  # a swatch large enough to read from the back of the room
            painter.drawEllipse(QRectF(pad, y + 0.15 * line, 0.7 * line, 0.7 * line))
            painter.setPen(QColor(theme.current().text_color))
            for text in lines:
                shown = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, text_width)
                painter.drawText(QRectF(pad + line, y, text_width, line), Qt.AlignmentFlag.AlignVCenter, shown)
                y += line
    finally:
        painter.end()
    return image
