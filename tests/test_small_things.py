"""#19 item 15, small things a teacher notices: File ▸ New clears a refused function and
its error; a slide has a caption (the function and the point)."""

from PySide6.QtCore import Qt

from explorer.core.lesson import Lesson
import pytest

from helpers import type_function

pytestmark = pytest.mark.window_size(1024, 768)


def test_new_after_a_refused_function_clears_the_bar_and_its_error(window, qtbot):
    type_function(qtbot, window, "3x^2 +")  # refused: the lesson keeps its function
    bar = window.function_bar
    assert bar.error.isVisible() and bar.input.text() == "3x^2 +"
    own = window.descent_panel.function_bar
    own.input.selectAll()
    qtbot.keyClicks(own.input, "x^")
    qtbot.keyClick(own.input, Qt.Key.Key_Return)
    assert own.input.text() == "x^" and own.input.styleSheet()  # marked wrong
    window.new_action.trigger()
    assert window.lesson == Lesson()
    assert bar.input.text() == Lesson().function.text and not bar.error.isVisible() and bar.input.styleSheet() == ""
    assert own.input.text() == Lesson().descent_function and own.input.styleSheet() == ""
    assert "⚠" not in window.descent_panel.status.full_text()


def _band(path, rows: int):
    """The top ``rows`` of a picture, and how many of its pixels are dark ink (text)."""
    import numpy as np
    from PIL import Image

    with Image.open(path) as picture:
        pixels = np.asarray(picture.convert("RGB")).astype(int)
    band = pixels[:rows]
    return pixels, int((band.max(axis=2) < 90).sum())


def test_a_slide_is_captioned_with_the_function_and_the_point_and_can_go_without(window, qtbot, tmp_path):
    from explorer.ui.export import ImageSizeDialog
    from explorer.ui.frames import caption_text

    asked = ImageSizeDialog(window)
    qtbot.addWidget(asked.dialog)
    box = asked.dialog.findChild(type(asked.caption), "exportCaption")
    assert box is asked.caption and box.isChecked()  # on by default: a slide says what it shows
    assert caption_text(window.lesson) == "f(x, y) = 3x² + 2xy + y²   at (1, 2)"
    captioned, plain = tmp_path / "captioned.png", tmp_path / "plain.png"
    assert window.export_surface_image(captioned, 1280, 720)
    assert window.export_surface_image(plain, 1280, 720, caption=False)
    rows = round(0.07 * 720)
    pixels, ink = _band(captioned, rows)
    assert pixels.shape == (720, 1280, 3)
    assert ink > 300  # the caption's text across the top …
    _, none = _band(plain, rows)
    assert none < ink / 10  # … which the picture alone does not have


def test_explorer_render_captions_by_default_and_not_with_no_caption(qtbot, tmp_path, capsys):
    from explorer.cli import main

    slide, bare = tmp_path / "slide.png", tmp_path / "bare.png"
    assert main(["render", "3x^2 + 2xy + y^2", "--at", "1,2", "--size", "960x540", "-o", str(slide)]) == 0
    assert main(["render", "3x^2 + 2xy + y^2", "--at", "1,2", "--size", "960x540", "--no-caption", "-o", str(bare)]) == 0
    rows = round(0.07 * 540)
    pixels, ink = _band(slide, rows)
    _, none = _band(bare, rows)
    assert pixels.shape == (540, 960, 3) and ink > 200 and none < ink / 10
