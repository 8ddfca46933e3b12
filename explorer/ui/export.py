"""Figures and animations from the window, for slides: the surface rendered off screen at
any size, the descent plot through pyqtgraph's own exporters, and a run of descent as a GIF
or an MP4 whose frames are made step by step (step, render, grab), never recorded off the
screen's timer — the same lesson gives the same file.

The encoding is the core's (:mod:`explorer.core.export`); here the frames are drawn.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

import numpy as np
from PySide6.QtCore import QBuffer, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from ..core.export import ExportError, animation_writer, iterates_csv, size_refusal, whole_runs
from ..core.safe_write import FileWriteError, write_bytes
from . import theme

# What an animation shows: the surface and the descent panel side by side, or either alone; the
# surface and the data pane side by side (training: the lines move with the runs), or the data pane.
WHAT = ("both", "surface", "panel", "training", "data")
FRAME_MS = 100  # an animation's frame: ten steps a second, slow enough to follow each one
HOLD_MS = 1200  # the last frame is held this long before the GIF loops


def rgb_array(image: QImage) -> np.ndarray:
    """A QImage as an (H, W, 3) uint8 RGB array (a copy)."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * height).reshape(height, stride)
    return data[:, : width * 3].reshape(height, width, 3).copy()


def save_image(image: QImage, path) -> None:
    """Write ``image`` (PNG, or what the suffix says), whole or not at all (encoded here,
    then :func:`~explorer.core.safe_write.write_bytes`); :class:`ExportError` when it cannot."""
    path = Path(path)
    kind = (path.suffix[1:] or "png").upper()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, kind):
        raise ExportError(f"cannot write {path.name}: {kind} is not a picture format this app writes (use .png)")
    _write(path, bytes(buffer.data()))


def _write(path: Path, data: bytes) -> None:
    """``data`` into ``path`` through the one safe writer (a failure keeps the old file)."""
    if not data:
        raise ExportError(f"cannot write {path.name}: nothing was drawn")
    try:
        write_bytes(path, data)
    except FileWriteError as error:
        raise ExportError(error.message) from None


def export_surface(view, path, width: int, height: int, caption: str | None = None) -> QImage:
    """The surface view rendered off screen at ``width``×``height`` into ``path``; with
    ``caption`` (a slide's title: the function and the point) in a band across the top."""
    if (refusal := size_refusal(width, height)) is not None:
        raise ExportError(f"the picture is not made: {refusal}")
    try:
        if caption:
            from .frames import with_caption

            image = with_caption(view.render_image, width, height, caption)
        else:
            image = view.render_image(width, height)
    except ValueError as error:
        raise ExportError(str(error)) from None
    save_image(image, path)
    return image


def export_plot(panel, path, width: int | None = None) -> None:
    """The descent panel's plot (f over the steps, or the curve with its run) as PNG (through
    pyqtgraph's ImageExporter; ``width`` in pixels, default twice as shown) or SVG."""
    _export_plot_widget(panel.plot, path, width, "Gradient Explorer: descent")


def export_data_plot(pane, path, width: int | None = None) -> None:
    """The data pane's plot (the points, each run's line, the least-squares line dashed) as
    PNG (pyqtgraph's ImageExporter; ``width`` in pixels, default twice as shown) or SVG."""
    with pane.plot.unselected():
        _export_plot_widget(pane.plot, path, width, "Gradient Explorer: data")


def _export_plot_widget(plot, path, width: int | None, title: str) -> None:
    import pyqtgraph.exporters as exporters

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".svg":
        _export_svg(plot, path, title)
        return
    if suffix != ".png":
        raise ExportError(f"the plot is exported as .png or .svg, not {suffix or 'a file with no suffix'}")
    exporter = exporters.ImageExporter(plot.getPlotItem())
    exporter.parameters()["width"] = int(width or 2 * max(1, plot.width()))
    exporter.parameters()["antialias"] = True
    save_image(exporter.export(toBytes=True), path)  # drawn in memory, then written whole


def _export_svg(plot, path: Path, title: str) -> None:
    # Qt's own SVG painter: pyqtgraph's SVGExporter post-processes Qt's path data and fails
    # on the form Qt 6.11 writes ("not enough values to unpack", pyqtgraph issue #3485).
    from PySide6.QtCore import QRect
    from PySide6.QtSvg import QSvgGenerator

    generator = QSvgGenerator()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator.setOutputDevice(buffer)  # drawn in memory, then written whole
    generator.setSize(plot.size())
    generator.setViewBox(QRect(0, 0, plot.width(), plot.height()))
    generator.setTitle(title)
    painter = QPainter()
    if not painter.begin(generator):
        raise ExportError(f"cannot write {path.name}: the plot could not be drawn as SVG")
    try:
        plot.render(painter)
    finally:
        painter.end()
    _write(path, bytes(buffer.data()))


def export_csv(lesson, path) -> str:
    """Every run's iterates, start to end, as CSV into ``path`` (see :func:`iterates_csv`)."""
    text = iterates_csv(lesson.curve, whole_runs(lesson))
    _write(Path(path), text.encode("utf-8"))
    return text


def _panel_image(panel, height: int) -> QImage:
    """The descent panel's plot and the numbers that matter, ``height`` pixels tall (drawn
    for the frame: no buttons or boxes, every run in its legend; see :mod:`.frames`)."""
    from .frames import panel_frame

    return panel_frame(panel, height)


def _side_frame(what: str, panel, data_pane) -> Callable[[int], QImage] | None:
    """What an animation draws beside the surface (or alone), as a function of the frame's
    height: the descent panel's frame, the data pane's, or None (the surface alone)."""
    if what in ("both", "panel"):
        return lambda height: _panel_image(panel, height)
    if what in ("training", "data"):
        from .data_frames import data_frame

        return lambda height: data_frame(data_pane, height)
    return None


def _side_by_side(left: QImage, right: QImage) -> QImage:
    canvas = QImage(left.width() + right.width(), max(left.height(), right.height()), QImage.Format.Format_RGB32)
    canvas.fill(QColor(theme.current().background))
    painter = QPainter(canvas)
    painter.drawImage(0, 0, left)
    painter.drawImage(QRectF(left.width(), 0, right.width(), right.height()), right)
    painter.end()
    return canvas


def export_animation(window, path, steps: int, what: str = "both", size: tuple[int, int] = (800, 600),
                     frame_ms: int = FRAME_MS, progress: Callable[[int, int], bool] | None = None) -> dict:
    """A run of descent as an animated GIF or an MP4 at ``path``: the start, then one frame
    per step (every run of a race steps together) up to ``steps`` or until every run has
    ended, the last frame held.  ``what`` is ``"both"`` (the surface at ``size`` and the
    descent panel beside it, scaled to the same height), ``"surface"`` or ``"panel"``;
    ``"training"`` (the surface and the data pane beside it, each run's line moving with it)
    or ``"data"`` (the data pane alone).
    ``progress(done, total)`` is called after each frame; returning False cancels (the file
    is not written).  The run is put back where it was.  Returns ``{"frames", "seconds",
    "bytes"}``; :class:`ExportError` when it cannot be made."""
    if what not in WHAT:
        raise ExportError(f"an animation shows one of {', '.join(WHAT)}, not {what!r}")
    if not 1 <= int(steps) <= 10_000:
        raise ExportError("an animation has 1 to 10000 steps")
    if what in ("both", "surface", "training") and (refusal := size_refusal(int(size[0]), int(size[1]))) is not None:
        raise ExportError(f"the animation is not made: {refusal}")
    steps, path = int(steps), Path(path)
    lesson, view, panel = window.lesson, window.surface_view, window.descent_panel
    # The frame beside the surface (or alone); the data pane only asked for (made) when it is that frame.
    side = _side_frame(what, panel, window.data_pane if what in ("training", "data") else None)
    # The runs' colours exact in a GIF's palette: each legend swatch is its path's colour.
    runs = [theme.hex_to_rgba(c)[:3] for c in theme.current().run_colors]
    writer = animation_writer(path, frame_ms, keep_colors=runs)  # ExportError for a bad suffix, or MP4 without PyAV
    if panel.playing:
        panel.play_button.setChecked(False)
    was_at = lesson.run.steps
    t0 = time.perf_counter()
    frames = 0
    width, height = (int(size[0]), int(size[1]))
    try:
        with view.offscreen(width, height) if what in ("both", "surface", "training") else _nothing() as render:
            lesson.reset_run()
            for done in range(steps + 1):
                if done:
                    lesson.step_run(1)
                surface = render() if render is not None else None
                beside = side(height) if side is not None else None
                frame = (_side_by_side(surface, beside) if surface is not None and beside is not None
                         else surface if surface is not None else beside)
                writer.add(rgb_array(frame))
                frames += 1
                if progress is not None and progress(done + 1, steps + 1) is False:
                    raise _Cancelled
                if lesson.finished:
                    break
            for _ in range(max(1, HOLD_MS // frame_ms)):  # the ending held before it loops
                writer.add(rgb_array(frame))
        writer.close()
    except _Cancelled:
        _discard(writer, path)
        return {"frames": frames, "seconds": time.perf_counter() - t0, "bytes": 0, "cancelled": True}
    except Exception as error:  # noqa: BLE001 - a size the view cannot render, a disk that fills: no half file
        _discard(writer, path)
        if isinstance(error, ExportError):
            raise
        raise ExportError(f"the animation could not be made: {error}") from None
    finally:
        lesson.reset_run()
        if was_at:
            lesson.step_run(was_at)
    return {"frames": frames, "seconds": time.perf_counter() - t0, "bytes": path.stat().st_size, "cancelled": False}


class _Cancelled(Exception):
    pass


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def _discard(writer, path: Path) -> None:
    """A failed or cancelled export leaves nothing behind (the writers write beside ``path``
    and rename only when whole, so a file already at ``path`` is kept)."""
    writer.abort()


# ---------------------------------------------------------------------- dialogs
SIZES = ((1920, 1080, "slide, Full HD"), (1280, 720, "slide, HD"), (3840, 2160, "4K"), (1024, 768, "projector"),
         (800, 600, "web page"))


def mp4_available() -> bool:
    """Whether PyAV (the MP4 encoder, an optional extra) is installed."""
    import importlib.util

    return importlib.util.find_spec("av") is not None


def _size_row(parent, width: int, height: int):
    """A size picker: a menu of common sizes and the two numbers (WholeBox: never changed silently)."""
    from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel

    from .widgets import WholeBox

    row = QHBoxLayout()
    sizes = QComboBox(parent)
    sizes.setObjectName("exportSizeMenu")
    for w, h, what in SIZES:
        sizes.addItem(f"{w} × {h} ({what})", (w, h))
    sizes.addItem("other size", None)
    boxes = []
    for name, value in (("exportWidth", width), ("exportHeight", height)):
        box = WholeBox("the size")
        box.setObjectName(name)
        box.setRange(16, 8192)
        box.setValue(value)
        boxes.append(box)

    def chosen(index: int) -> None:
        picked = sizes.itemData(index)
        if picked:
            for box, value in zip(boxes, picked):
                box.setValue(value)

    sizes.activated.connect(chosen)
    match = next((i for i, (w, h, _) in enumerate(SIZES) if (w, h) == (width, height)), len(SIZES))
    sizes.setCurrentIndex(match)
    row.addWidget(sizes)
    row.addWidget(boxes[0])
    row.addWidget(QLabel("×"))
    row.addWidget(boxes[1])
    row.addWidget(QLabel("pixels"))
    return row, boxes


def _accept_if_typed_right(dialog, boxes, message) -> None:
    """Close the dialog only when every box holds what was typed in it: a number a box
    refused (10000 pixels, 1920.5) keeps the dialog open with the reason, never exporting
    at the box's old value."""
    from .widgets import read_number

    for box in boxes:  # (Enter in a box, or the click that took the focus from it, has checked it)
        typed = read_number(box.cleanText())
        if box.refusing or typed is None or typed != box.value():
            message.setText(f"⚠ {box.toolTip() or 'that number was not taken'}: type a whole number from "
                            f"{box.minimum()} to {box.maximum()}.")
            box.setFocus()
            return
    dialog.accept()


def _message_label():
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    label.setObjectName("exportMessage")
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {theme.current().error_color}")
    return label


class ImageSizeDialog:
    """Asks the size of an exported picture of the surface (File ▸ Export ▸ Surface image)."""

    def __init__(self, parent, width: int = 1920, height: int = 1080):
        from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

        self.dialog = QDialog(parent)
        self.dialog.setObjectName("exportImageDialog")
        self.dialog.setWindowTitle("Export the surface as an image")
        layout = QVBoxLayout(self.dialog)
        layout.addWidget(QLabel("Rendered afresh at this size (not an enlarged screenshot), the camera as it is now."))
        row, (self.width_box, self.height_box) = _size_row(self.dialog, width, height)
        layout.addLayout(row)
        from PySide6.QtWidgets import QCheckBox

        from .widgets import named

        # On by default: a slide is shown without the app around it, so it says what it shows.
        self.caption = named(QCheckBox("Caption: the function and the point, across the top"), "exportCaption",
                             "Caption the image with the function and the point")
        self.caption.setChecked(True)
        layout.addWidget(self.caption)
        self.message = _message_label()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(lambda: _accept_if_typed_right(self.dialog, (self.width_box, self.height_box), self.message))
        buttons.rejected.connect(self.dialog.reject)
        layout.addWidget(buttons)

    def size(self) -> tuple[int, int]:
        return self.width_box.value(), self.height_box.value()


class AnimationDialog:
    """Asks what an exported animation shows, how many steps and at what size."""

    def __init__(self, parent, steps: int = 60):
        from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel

        from .widgets import WholeBox

        self.dialog = QDialog(parent)
        self.dialog.setObjectName("exportAnimationDialog")
        self.dialog.setWindowTitle("Export a run of descent as an animation")
        form = QFormLayout(self.dialog)
        self.what = QComboBox()
        self.what.setObjectName("exportWhatMenu")
        for key, text in (("both", "the surface and the descent panel, side by side"), ("surface", "the surface alone"),
                          ("panel", "the descent panel alone"),
                          ("training", "the surface and the data pane, side by side (the lines move)"),
                          ("data", "the data pane alone (the lines move)")):
            self.what.addItem(text, key)
        self.steps = WholeBox("the steps")
        self.steps.setObjectName("exportSteps")
        self.steps.setRange(1, 10_000)
        self.steps.setValue(steps)
        form.addRow("shows", self.what)
        form.addRow("steps (one frame each)", self.steps)
        row, (self.width_box, self.height_box) = _size_row(self.dialog, 800, 600)
        form.addRow("surface size", row)
        note = QLabel("GIF plays everywhere, slides included. " + (
            "MP4 is smaller and smoother." if mp4_available() else
            "MP4 needs PyAV, which is not installed: .venv/bin/pip install av"))
        note.setObjectName("exportFormatNote")
        note.setWordWrap(True)
        form.addRow(note)
        self.message = _message_label()
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        boxes = (self.steps, self.width_box, self.height_box)
        buttons.accepted.connect(lambda: _accept_if_typed_right(self.dialog, boxes, self.message))
        buttons.rejected.connect(self.dialog.reject)
        form.addRow(buttons)

    def choice(self) -> dict:
        return {"what": self.what.currentData(), "steps": self.steps.value(),
                "size": (self.width_box.value(), self.height_box.value())}
