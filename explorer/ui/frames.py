"""The descent panel as an animation frame shows it: the plot and the numbers that matter,
not the controls.

A frame of the panel is drawn, not grabbed off the screen: the function on a title line,
the plot rendered afresh at the frame's size, and a legend with a row per run — its colour,
its optimizer and α, and where it stands (f and the step, or how it ended).  So every run
of a race is in the frame whatever the pane scrolls, nothing is cropped at the pane's edge,
and the frame does not change where nothing moves (a GIF stores only what changed).

Sizes are pixels; colours come from :mod:`theme`.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from ..core.descent.sources import STEPS_PLOT
from ..core.notation import format_number
from . import theme
from ..core.optimizers import SHORT_NAMES

__all__ = ["panel_frame", "run_lines", "PANEL_ASPECT"]

PANEL_ASPECT = 0.8  # a frame of the panel is this wide for its height (the pane's own shape)
ENDINGS = {"converged": "✓ converged", "diverged": "✗ diverged", "undefined": "✗ undefined", "stalled": "– stalled",
           "max_steps": "… not converged"}


def run_lines(panel) -> list[tuple[str, str]]:
    """Each run's legend row, in run order: ``(colour, text)``, e.g. ``("#1a9850", "run 1:
    GD, α = 0.001   f = 3.2104 at step 12")``; an ended run says how it ended."""
    lesson = panel.lesson
    source = lesson.source
    name = lesson.surface.name if source.plot == STEPS_PLOT else lesson.curve.name
    rows = []
    for i, run in enumerate(lesson.runs):
        kind = SHORT_NAMES[run.optimizer.kind]
        where = f"{name} = {format_number(run.value)}"
        if not source.on_surface:  # a run along a curve: where on it
            where = f"{lesson.curve.variable_names[0]} = {format_number(run.point[0])}, {where}"
        ending = ENDINGS.get(str(run.status), "") if run.finished else ""
        text = f"run {i + 1}: {kind}, α = {run.learning_rate:g}   {where} at step {run.steps}"
        rows.append((theme.current().run_colors[i % len(theme.current().run_colors)], f"{text}   {ending}".rstrip()))
    return rows


def panel_frame(panel, height: int, width: int | None = None) -> QImage:
    """The descent panel's frame, ``height`` pixels tall (``width`` default
    ``PANEL_ASPECT``·height): title, plot, legend."""
    rows = run_lines(panel)
    lesson = panel.lesson
    function = lesson.surface if lesson.source.on_surface else lesson.curve
    title = function.equation()
    font = QFont(panel.font())
    font.setPixelSize(max(10, round(height / 42)))
    line = round(font.pixelSize() * 1.45)
    legend = line * len(rows) + line // 2
    top = line + line // 4
    plot = panel.plot
    width = int(width or round(PANEL_ASPECT * height))

    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(theme.current().plot_background))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        # The plot, rendered afresh into its part of the frame (not a scaled screenshot).
        _render_plot(plot, painter, QRectF(0, top, width, height - top - legend))
        painter.setFont(font)
        painter.setPen(QColor(theme.current().text_color))
        pad = font.pixelSize() // 2
        elided = painter.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, width - 2 * pad)
        painter.drawText(QRectF(pad, 0, width - 2 * pad, top), Qt.AlignmentFlag.AlignVCenter, elided)
        y = height - legend + line // 4
        for color, text in rows:
            # A swatch large enough to read the colour from the back of the room (and for a
            # GIF's palette to give it its own entry).
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(color))
            painter.drawEllipse(QRectF(pad, y + 0.15 * line, 0.7 * line, 0.7 * line))
            painter.setPen(QColor(theme.current().text_color))
            shown = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width - 2 * pad - line)
            painter.drawText(QRectF(pad + line, y, width - 2 * pad - line, line), Qt.AlignmentFlag.AlignVCenter, shown)
            y += line
    finally:
        painter.end()
    return image


def _render_plot(plot, painter: QPainter, target: QRectF) -> None:
    """The plot laid out afresh at ``target``'s size and drawn there: its text at the
    frame's scale, not stretched to another shape (the widget is given that size for the
    moment it takes, then its own back)."""
    from PySide6.QtCore import QSize

    own = plot.size()
    size = QSize(round(target.width()), round(target.height()))
    scale = max(1.0, min(size.width() / max(1, own.width()), size.height() / max(1, own.height())))
    # Laid out at the frame's size divided by how much larger the frame is, then drawn
    # scaled up by that: lines and text keep their proportions to the plot on screen.
    layout = QSize(round(size.width() / scale), round(size.height() / scale))
    try:
        plot.resize(layout)
        plot.getPlotItem().layout.activate()
        plot.render(painter, target, plot.viewport().rect(), Qt.AspectRatioMode.IgnoreAspectRatio)
    finally:
        plot.resize(own)
        plot.getPlotItem().layout.activate()


def caption_text(lesson) -> str:
    """A slide's caption: the function as the lesson writes it and the picked point,
    ``f(x, y) = 3x² + 2xy + y² at (1, 2)``."""
    from ..core.notation import format_value

    where = ", ".join(format_value(c) for c in lesson.point)
    return f"{lesson.surface.equation()}   at ({where})"


CAPTION_SHARE = 0.07  # of a slide's height: the caption's band


def with_caption(render, width: int, height: int, text: str) -> QImage:
    """A ``width``×``height`` picture: ``text`` in a band across its top, and under it what
    ``render(width, height_left)`` draws (the surface, rendered at the size left for it —
    nothing covered, nothing scaled)."""
    band = max(16, round(CAPTION_SHARE * height))
    picture = render(width, height - band)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(theme.current().background))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.drawImage(0, band, picture)
        font = QFont()
        font.setPixelSize(max(9, round(band * 0.5)))
        painter.setFont(font)
        painter.setPen(QColor(theme.current().text_color))
        pad = band // 3
        shown = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width - 2 * pad)
        painter.drawText(QRectF(pad, 0, width - 2 * pad, band), Qt.AlignmentFlag.AlignCenter, shown)
    finally:
        painter.end()
    return image
