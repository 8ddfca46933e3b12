"""The data pane out of the app (#23): as a PNG or an SVG from File ▸ Export, and the training
as a GIF or an MP4 in which each run's line moves as it descends."""

import xml.etree.ElementTree as ElementTree

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from PySide6.QtGui import QFont, QFontMetrics

from explorer.core.notation import format_value
from explorer.ui import theme
from explorer.ui.data_frames import data_frame, data_lines, legend_lines

FIVE = ((0.0, 1.1), (1.0, 2.9), (2.0, 5.2), (3.0, 6.8), (4.0, 9.1))  # y = 2x + 1 plus fixed noise


def training_pane(qtbot, window, data=FIVE):
    """The data pane opened with its key, the points typed in, and Train on this data pressed."""
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    pane = window.data_pane
    qtbot.waitUntil(lambda: pane.isVisible() and pane.plot.width() > 100)
    window.lesson.update(data=data)
    qtbot.mouseClick(pane.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lesson.data_drives and window.lesson.descent_source == "surface")
    return pane


def run_pixels(picture: np.ndarray, run: int = 0) -> np.ndarray:
    """(k, 2) rows and columns of the pixels drawn in run ``run``'s colour."""
    rgb = np.array(theme.hex_to_rgba(theme.current().run_colors[run])[:3])
    return np.argwhere(np.abs(picture.astype(int) - rgb).sum(axis=2) < 30)


def export_from_menu(qtbot, window, monkeypatch, path) -> None:
    """File ▸ Export ▸ Data pane, the file dialog answered with ``path``."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    window.export_data_plot_action.trigger()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith(("Exported", "⚠")))


def test_the_data_pane_exports_as_png_and_svg_from_the_export_menu(qtbot, window, tmp_path, monkeypatch):
    pane = training_pane(qtbot, window)
    window.lesson.step_run(30)
    qtbot.waitUntil(lambda: window.lesson.run.steps == 30)
    png = tmp_path / "data.png"
    export_from_menu(qtbot, window, monkeypatch, png)
    assert window.statusBar().currentMessage() == "Exported data.png"
    with Image.open(png) as image:
        assert image.width == 2 * pane.plot.width()
        picture = np.asarray(image.convert("RGB"))
    assert len(run_pixels(picture)) > 200  # the run's line, in its colour
    # The five points, drawn in the text colour, are there too.
    ink = np.array(theme.hex_to_rgba(theme.current().text_color)[:3])
    assert (np.abs(picture.astype(int) - ink).sum(axis=2) < 30).sum() > 5 * 20
    svg_path = tmp_path / "data.svg"
    export_from_menu(qtbot, window, monkeypatch, svg_path)
    svg = ElementTree.parse(svg_path).getroot()
    assert svg.tag.endswith("svg") and len(list(svg.iter("{http://www.w3.org/2000/svg}polyline"))) > 3
    text = svg_path.read_text(encoding="utf-8")
    assert "Gradient Explorer: data" in text
    assert f'stroke="{theme.current().run_colors[0].lower()}"' in text  # the run's line, drawn as lines


def test_a_failed_data_export_says_why_and_keeps_the_file_already_there(qtbot, window, tmp_path, monkeypatch):
    training_pane(qtbot, window)
    kept = tmp_path / "data.bmp"
    kept.write_bytes(b"old")
    export_from_menu(qtbot, window, monkeypatch, kept)
    assert "png or .svg" in window.statusBar().currentMessage() and kept.read_bytes() == b"old"
    blocked = tmp_path / "folder.png"
    blocked.mkdir()  # a folder where the picture would go: refused, nothing half-written
    export_from_menu(qtbot, window, monkeypatch, blocked)
    assert window.statusBar().currentMessage().startswith("⚠") and blocked.is_dir()


def test_the_training_gif_moves_the_line_from_its_first_frame_to_its_last(qtbot, window, tmp_path):
    training_pane(qtbot, window)
    steps, height = 40, 600
    path = tmp_path / "training.gif"
    assert window.export_animation(path, steps=steps, what="data", size=(800, height))
    with Image.open(path) as gif:
        assert (gif.width, gif.height) == (round(0.8 * height), height)  # the data pane's frame alone
        assert gif.n_frames >= steps + 1
        first = np.asarray(gif.convert("RGB"))
        gif.seek(steps)
        last = np.asarray(gif.convert("RGB"))
    plot = slice(40, height - 60)  # under the title, above the legend (whose swatch is the run's colour too)
    before, after = run_pixels(first[plot]), run_pixels(last[plot])
    assert len(before) > 100 and len(after) > 100
    # ŷ = 0 at the start: a level line, every pixel on a few rows.  After 40 steps the line
    # rises to the right toward y = 2x + 1: its right end is drawn higher (fewer rows down).
    assert np.ptp(before[:, 0]) < 6
    right = after[:, 1] > np.median(after[:, 1])
    assert after[right, 0].mean() < after[~right, 0].mean() - 50
    assert window.lesson.run.steps == 0  # the run is back where it was


def test_the_training_side_by_side_has_the_surface_and_the_data_pane(qtbot, window, tmp_path):
    training_pane(qtbot, window)
    path = tmp_path / "both.gif"
    assert window.export_animation(path, steps=5, what="training", size=(400, 300))
    with Image.open(path) as gif:
        assert (gif.width, gif.height) == (400 + round(0.8 * 300), 300)
        gif.seek(5)
        frame = np.asarray(gif.convert("RGB"))
    assert len(run_pixels(frame[20:-40, 400:])) > 30  # the line in the data pane's half


def test_the_training_mp4_plays_its_frames(qtbot, window, tmp_path):
    av = pytest.importorskip("av")
    training_pane(qtbot, window)
    path = tmp_path / "training.mp4"
    assert window.export_animation(path, steps=12, what="data", size=(640, 480))
    with av.open(str(path)) as video:
        frames = [frame.to_ndarray(format="rgb24") for frame in video.decode(video=0)]
    assert len(frames) >= 13 and frames[0].shape[:2] == (480, 384)
    assert not np.array_equal(frames[0], frames[12])  # the line has moved


def ink_pixels(picture: np.ndarray, color: str) -> np.ndarray:
    rgb = np.array(theme.hex_to_rgba(color)[:3])
    return np.abs(picture.astype(int) - rgb).sum(axis=2) < 30


def test_an_export_shows_no_selection_and_its_top_tick_label_whole(qtbot, window, tmp_path, monkeypatch):
    # A cold reviewer's export: the point picked by a click was red in it, and the "10" at the
    # top of the y axis was cut in half by the picture's edge.
    pane = training_pane(qtbot, window)
    plot = pane.plot
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=plot.to_screen(2.0, 5.2))
    assert plot.selected == 2
    png = tmp_path / "data.png"
    export_from_menu(qtbot, window, monkeypatch, png)
    with Image.open(png) as image:
        picture = np.asarray(image.convert("RGB"))
    t = theme.current()
    assert ink_pixels(picture, t.error_color).sum() == 0  # no point in the selection's colour
    assert ink_pixels(picture, t.text_color).sum() > 5 * 20  # the five points
    background = np.array(theme.hex_to_rgba(t.plot_background)[:3])
    edge = np.abs(picture[:2].astype(int) - background).sum(axis=2) > 90
    assert edge.sum() == 0  # nothing drawn at the top edge: the "10" whole, below it
    # The same in a frame of the training's animation, and the selection is kept on screen.
    frame = data_frame(pane, 600)
    frame.save(str(tmp_path / "frame.png"))
    with Image.open(tmp_path / "frame.png") as image:
        assert ink_pixels(np.asarray(image.convert("RGB")), t.error_color).sum() == 0
    assert plot.selected == 2 and plot.points.data["brush"][2].color().name() == t.error_color


def test_a_legend_row_too_wide_for_the_frame_is_broken_into_lines_keeping_the_loss(qtbot, window):
    # At 640 px wide a polynomial's six weights cut the row to "… L …"; the loss is what the row is for.
    pane = training_pane(qtbot, window)
    window.lesson.update(model="poly:5")
    qtbot.waitUntil(lambda: window.lesson.model == "poly:5")
    window.lesson.update(learning_rate=0.01)
    window.lesson.step_run(3)
    (color, text), = data_lines(pane)
    font = QFont(pane.font())
    font.setPixelSize(round(800 / 42))  # as data_frame draws a frame 800 tall, 640 wide
    metrics = QFontMetrics(font)
    width = 640 - font.pixelSize() - round(font.pixelSize() * 1.45)
    assert metrics.horizontalAdvance(text) > width  # one line would not do
    lines = legend_lines(text, lambda t: metrics.horizontalAdvance(t) <= width)
    assert 2 <= len(lines) <= 3 and " ".join(lines) == text  # nothing dropped
    assert all(metrics.horizontalAdvance(line) <= width for line in lines)
    assert lines[-1].endswith(f"L = {format_value(window.lesson.run.value)}")
