"""Figures, animations and data out of the app: the surface at a slide's size, the descent
plot, a run as a GIF or an MP4 made frame by frame, every iterate as CSV, Ctrl+C, and the
same from the command line."""

import csv
import io
import xml.etree.ElementTree as ElementTree

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from explorer.core.descent import descend
from explorer.core.lesson import MAX_STEPS
from explorer.ui.export import export_animation, rgb_array
from helpers import choose_item, type_function, type_into

LOSS = "L(w, b) = (3 - 2w - b)^2"




def surface_share(image: np.ndarray) -> float:
    """How much of a picture is the coloured surface (not the pale background or the grey lines)."""
    spread = image.max(axis=2).astype(int) - image.min(axis=2).astype(int)
    return float((spread > 40).mean())  # an empty box with its grey lines and labels: under 0.01


def test_the_surface_exports_at_a_slides_size_rendered_not_enlarged(window, qtbot, tmp_path):
    view_size = (window.surface_view.width(), window.surface_view.height())
    path = tmp_path / "slide.png"
    assert window.export_surface_image(path, 1920, 1080)
    assert window.statusBar().currentMessage() == "Exported slide.png"
    picture = np.asarray(Image.open(path).convert("RGB"))
    assert picture.shape == (1080, 1920, 3)
    assert surface_share(picture) > 0.05  # the surface, not an empty box
    # The tangents' colours are there (the lesson's point is drawn too).
    from explorer.ui import theme

    red = np.array([int(theme.X_TANGENT_COLOR[i:i + 2], 16) for i in (1, 3, 5)])
    assert (np.abs(picture.astype(int) - red).sum(axis=2) < 30).sum() > 500
    # Rendered afresh: thin contour lines stay about a pixel wide, not the 2.7× blocks of
    # an enlarged grab; and the view on screen is as it was.
    small = window.surface_view.render_image(*view_size)
    assert (small.width(), small.height()) == view_size == (window.surface_view.width(), window.surface_view.height())
    rows_alike = np.mean(np.all(picture[1::2] == picture[0::2], axis=(1, 2)))
    assert rows_alike < 0.5
    # A size beyond what can be rendered is refused with a message; nothing is written.
    assert not window.export_surface_image(tmp_path / "huge.png", 20_000, 1080)
    assert "16 to 8192 pixels" in window.statusBar().currentMessage() and not (tmp_path / "huge.png").exists()


def test_the_descent_plot_exports_as_png_and_svg(window, tmp_path):
    assert window.export_plot(tmp_path / "plot.png") and window.export_plot(tmp_path / "plot.svg")
    with Image.open(tmp_path / "plot.png") as png:
        assert png.width == 2 * window.descent_panel.plot.width()
    svg = ElementTree.parse(tmp_path / "plot.svg").getroot()
    assert svg.tag.endswith("svg") and len(list(svg.iter("{http://www.w3.org/2000/svg}path"))) > 3
    assert not window.export_plot(tmp_path / "plot.bmp")
    assert "png or .svg" in window.statusBar().currentMessage()


def test_a_gif_of_30_steps_has_a_frame_per_step_made_the_same_way_every_time(window, qtbot, tmp_path):
    panel = window.descent_panel
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)  # the run stands at step 1 before
    first = tmp_path / "run.gif"
    assert window.export_animation(first, steps=30, size=(400, 300))
    with Image.open(first) as gif:
        assert gif.n_frames >= 31  # the start and every step
        assert gif.height == 300 and gif.width > 400  # the surface at 400×300, the panel beside it
        gif.seek(30)
        last = np.asarray(gif.convert("RGB"))
    assert surface_share(last[:, :400]) > 0.05
    assert "31 frames" in window.statusBar().currentMessage()
    # Stepped and rendered, not recorded off a timer: the same lesson gives the same file.
    one, two = tmp_path / "one.gif", tmp_path / "two.gif"
    assert window.export_animation(one, steps=6, what="surface", size=(200, 150))
    assert window.export_animation(two, steps=6, what="surface", size=(200, 150))
    assert one.read_bytes() == two.read_bytes()
    assert window.lesson.run.steps == 1  # the run is back where it was


def test_an_mp4_plays_its_frames(window, tmp_path):
    av = pytest.importorskip("av")
    path = tmp_path / "run.mp4"
    assert window.export_animation(path, steps=12, what="surface", size=(640, 480))
    with av.open(str(path)) as video:
        frames = [frame for frame in video.decode(video=0)]
    assert len(frames) >= 13 and (frames[0].width, frames[0].height) == (640, 480)
    assert surface_share(frames[6].to_ndarray(format="rgb24")) > 0.05


def test_a_cancelled_export_writes_nothing(window, tmp_path):
    path = tmp_path / "cancelled.gif"
    calls = []
    done = export_animation(window, path, 50, progress=lambda d, t: calls.append(d) or d < 5)
    assert done["cancelled"] and done["frames"] == 5 and calls == [1, 2, 3, 4, 5]
    assert not path.exists() and window.lesson.run.steps == 0


def test_the_csv_holds_every_iterate_of_every_run_as_the_core_computes_them(window, qtbot, tmp_path):
    type_function(qtbot, window, LOSS)
    type_into(qtbot, window.point_x, "0")
    type_into(qtbot, window.point_y, "0")
    choose_item(window.descent_panel.source_input, "surface")
    qtbot.mouseClick(window.descent_panel.add_run_button, Qt.MouseButton.LeftButton)  # a race of two
    path = tmp_path / "iterates.csv"
    assert window.export_csv(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows[0] == ["run", "step", "w", "b", "L", "dL/dw", "dL/db"]
    surface = window.lesson.surface
    for number, optimizer in enumerate(window.lesson.optimizers, start=1):
        core = descend(surface, optimizer.learning_rate, (0.0, 0.0), MAX_STEPS, optimizer=optimizer)
        mine = np.array([[float(v) for v in row[2:]] for row in rows[1:] if row[0] == str(number)])
        assert [row[1] for row in rows[1:] if row[0] == str(number)][:3] == ["0", "1", "2"]
        assert mine.shape == (core.steps + 1, 5)
        np.testing.assert_array_equal(mine[:, :2], core.iterates)  # to the last bit
        np.testing.assert_array_equal(mine[:, 2], core.values)
        np.testing.assert_array_equal(mine[:, 3:], core.gradients)
    assert rows[1][:6] == ["1", "0", "0.0", "0.0", "9.0", "-12.0"]


def test_ctrl_c_copies_the_surface_as_an_image(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    view = window.surface_view
    view.setFocus()
    QApplication.clipboard().clear()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    image = QApplication.clipboard().image()
    assert not image.isNull() and (image.width(), image.height()) == (view.width(), view.height())
    assert surface_share(rgb_array(image)) > 0.05


def test_descend_csv_on_the_command_line(capsys):
    from explorer.cli import main

    assert main(["descend", LOSS, "--start", "0,0", "--lr", "0.01", "--steps", "2", "--csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["run,step,w,b,L,dL/dw,dL/db", "1,0,0.0,0.0,9.0,-12.0,-6.0",
                     "1,1,0.12,0.06,7.290000000000001,-10.8,-5.4",
                     "1,2,0.228,0.114,5.904899999999999,-9.719999999999999,-4.859999999999999"]


def test_explorer_render_and_animate_write_their_files_under_xvfb(qtbot, tmp_path, capsys, monkeypatch):
    from explorer.cli import main

    slide, curve = tmp_path / "slide.png", tmp_path / "curve.gif"
    assert main(["render", "3x^2 + 2xy + y^2", "--at", "1,2", "--size", "1280x720", "--camera", "35,-60",
                 "-o", str(slide)]) == 0
    with Image.open(slide) as picture:
        assert picture.size == (1280, 720) and surface_share(np.asarray(picture.convert("RGB"))) > 0.05
    assert main(["animate", "f(x) = x^4 - 3.4x^2 + 0.5x", "--start", "2.2", "--lr", "0.01", "--steps", "8",
                 "-o", str(curve)]) == 0
    with Image.open(curve) as gif:
        assert gif.n_frames >= 9
    from explorer.ui.main_window import settings

    assert not settings().value("lessons/last")  # a scripted figure does not replace the teacher's session
    out = capsys.readouterr()
    assert f"wrote {slide} (1280×720)" in out.out and "9 frames" in out.out
    assert main(["render", "x +", "--at", "1,2", "-o", str(tmp_path / "x.png")]) == 2
    assert "column" in capsys.readouterr().err
    assert main(["animate", "x^2 + y^2", "--start", "1,2", "-o", str(tmp_path / "x.avi")]) == 2
    assert "a .gif or an .mp4" in capsys.readouterr().err
    monkeypatch.setenv("DISPLAY", "")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert main(["render", "x^2 + y^2", "--at", "1,2", "-o", str(tmp_path / "y.png")]) == 2
    assert "xvfb-run" in capsys.readouterr().err and not (tmp_path / "y.png").exists()


def test_a_failed_export_says_why_and_leaves_a_file_already_there(window, tmp_path):
    pytest.importorskip("av")
    assert not window.export_animation(tmp_path / "no-such-folder" / "run.mp4", steps=2)
    assert "cannot write run.mp4" in window.statusBar().currentMessage()
    (tmp_path / "a-folder.gif").mkdir()
    assert not window.export_animation(tmp_path / "a-folder.gif", steps=2)
    assert "cannot write a-folder.gif" in window.statusBar().currentMessage()
    kept = tmp_path / "kept.gif"
    kept.write_bytes(b"last week's animation")
    assert not window.export_animation(kept, steps=2, size=(20_000, 100))  # a size the view cannot render
    assert kept.read_bytes() == b"last week's animation"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no half-written file


def test_the_export_dialogs_never_export_at_a_number_other_than_the_one_typed(window, qtbot):
    from explorer.ui.export import AnimationDialog, ImageSizeDialog

    asked = ImageSizeDialog(window)
    asked.dialog.show()
    box = asked.width_box
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "10000")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert asked.dialog.isVisible() and "10000 was not taken" in asked.message.text()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "1280")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert not asked.dialog.isVisible() and asked.dialog.result() == 1 and asked.size() == (1280, 1080)
    animation = AnimationDialog(window)
    animation.dialog.show()
    animation.steps.lineEdit().selectAll()
    qtbot.keyClicks(animation.steps.lineEdit(), "20000")
    qtbot.keyClick(animation.steps.lineEdit(), Qt.Key.Key_Return)
    assert animation.dialog.isVisible() and animation.choice()["steps"] == 60
    animation.dialog.reject()


ROSENBROCK_RACE = dict(function="(1 - x)^2 + 100(y - x^2)^2", x_range=(-2.0, 2.0), y_range=(-1.0, 3.0),
                       point=(-1.0, 1.0), descent_source="surface", learning_rate=0.001,
                       more_runs=[("momentum", 0.001), ("adam", 0.05)])


@pytest.mark.window_size(1024, 768)
def test_an_animation_of_a_race_shows_the_plot_and_every_run_not_the_controls(window, qtbot, tmp_path):
    # #19 item 14: the GIF showed the panel's Play/Step buttons and spin boxes, cut its right
    # edge, left the third run out, and 120 frames were 6.9 MB.
    from PySide6.QtGui import QPalette

    from explorer.ui import theme

    window.lesson.update(**ROSENBROCK_RACE)
    path = tmp_path / "race.gif"
    steps = 40
    assert window.export_animation(path, steps=steps, size=(800, 600))
    with Image.open(path) as gif:
        assert gif.height == 600 and gif.width > 800
        gif.seek(steps)
        frame = np.asarray(gif.convert("RGB")).astype(int)
    panel = frame[:, 800:]
    # No controls: the panes' ground and the buttons' faces are the palette's; the frame's
    # panel is the plot's ground with the plot and its legend drawn on it.
    for role in (QPalette.ColorRole.Button, QPalette.ColorRole.Window):
        face = np.array(QApplication.palette().color(role).getRgb()[:3])
        assert (np.abs(panel - face).sum(axis=2) <= 12).mean() < 0.01, role
    plot_ground = np.array(theme.hex_to_rgba(theme.PLOT_BACKGROUND)[:3])
    assert (np.abs(panel - plot_ground).sum(axis=2) <= 12).mean() > 0.5  # (a GIF palette: 252 for 255)
    # Every run's colour is in the legend under the plot (the third one too).
    legend = panel[-120:]
    for color in theme.RUN_COLORS[:3]:
        rgb = np.array(theme.hex_to_rgba(color)[:3])
        assert (np.abs(legend - rgb).sum(axis=2) < 40).sum() > 20, color
    # Within the budget of a 2 MB GIF for 120 frames (the bench's gif_export measures that one).
    assert path.stat().st_size <= 2e6 * (steps + 1) / 120
