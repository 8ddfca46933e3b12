"""View ▸ Theme: light, dark and high contrast for a projector (following the system by
default), applied to every pane at once and remembered."""

import math

import numpy as np
import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from explorer.ui import theme
from explorer.ui.export import rgb_array
from helpers import make_window


@pytest.fixture(autouse=True)
def light_again():
    yield
    theme.use("light")  # the other tests' windows are built in the light theme
    app = QApplication.instance()
    if hasattr(app, "_explorer_light_palette"):
        app.setPalette(app._explorer_light_palette)


def ground(window) -> np.ndarray:
    """The surface view's background colour (a corner of its frame)."""
    window.surface_view.repaint()
    return rgb_array(window.surface_view.snapshot())[4, 4].astype(int)


def plot_ground(window) -> np.ndarray:
    plot = window.descent_panel.plot
    image = rgb_array(plot.grab().toImage())
    return image[image.shape[0] // 3, image.shape[1] - 12].astype(int)


def test_the_theme_menu_follows_the_system_by_default(qtbot):
    window = make_window(qtbot)
    assert [a.text() for a in window.theme_menu.actions()] == list(theme.THEMES.values())
    assert window.theme_choice == "system" and window.theme_actions["system"].isChecked()
    assert theme.current().name == "light"  # Xvfb's scheme is not dark
    assert (ground(window) > 240).all()


def test_dark_and_high_contrast_reach_every_pane_and_are_remembered(qtbot):
    window = make_window(qtbot)
    light_tangent = window.surface_view.lines.styles["tangents"].width
    window.theme_actions["dark"].trigger()
    assert (ground(window) < 50).all() and (plot_ground(window) < 60).all()
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 60
    assert window.readout.dfdx_value.styleSheet() == f"color: {theme.X_COLOR}" and theme.X_COLOR == "#ff7a50"
    assert window.descent_panel.run_rows[0].swatch.styleSheet() == f"color: {theme.RUN_COLORS[0]}"
    window.close()
    again = make_window(qtbot)
    assert again.theme_choice == "dark" and (ground(again) < 50).all()  # the next launch too
    again.set_theme("contrast")
    assert (ground(again) == 255).all() and (plot_ground(again) == 255).all()
    assert again.surface_view.lines.styles["tangents"].width == pytest.approx(light_tangent * 1.35)
    assert QApplication.palette().color(QPalette.ColorRole.WindowText).name() == "#000000"
    again.set_theme("light")
    assert (ground(again) == 251).all() and again.surface_view.lines.styles["tangents"].width == light_tangent


def _luminance(rgb) -> float:
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(float(c)) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    """WCAG's contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _hex(color: str) -> np.ndarray:
    return np.array(theme.hex_to_rgba(color)[:3])


@pytest.mark.parametrize("name", ["light", "dark", "contrast"])
def test_every_pane_is_in_the_themes_own_colours(qtbot, name):
    """#19 item 12: in the dark theme the term-by-term pop-up stayed white, the 1-D trail
    dark grey on the dark plot and the start marker white.  Each pane's pixels, sampled."""
    from PySide6.QtCore import QPointF, Qt

    window = make_window(qtbot, 1024, 768)  # a short screen: the rule pops up
    window.set_theme(name)
    panel = window.descent_panel
    for _ in range(3):
        qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    plot = _hex(theme.PLOT_BACKGROUND)
    # The grounds: the surface's, the plot's, the pop-up's, each the theme's own.
    assert np.abs(ground(window) - _hex(theme.BACKGROUND)).max() <= 2, name
    panel.plot.repaint()
    image = rgb_array(panel.plot.grab().toImage())
    colours, counts = np.unique(image.reshape(-1, 3), axis=0, return_counts=True)
    most = colours[np.argmax(counts)].astype(int)  # the plot's ground: most of its pixels
    assert np.abs(most - plot).max() <= 2, (name, most)
    ratio = panel.plot.devicePixelRatioF()

    def pixel_at(x, y):
        scene = panel.plot.getPlotItem().vb.mapViewToScene(QPointF(x, y))
        point = panel.plot.mapFromScene(scene)
        return round(point.x() * ratio), round(point.y() * ratio)

    def patch(x, y, r=2):
        px, py = pixel_at(x, y)
        return image[py - r:py + r + 1, px - r:px + r + 1].reshape(-1, 3)

    # The trail: the iterate of step 1 stands out from the plot's ground.
    x1 = panel.run.trail[1][0]
    dot = np.median(patch(x1, panel.function.value_at((x1,))), axis=0)
    assert contrast(dot, plot) >= 3.0, (name, dot, plot)
    # The start marker's fill is the plot's ground (translucent), not white on a dark plot.
    start = panel.start_marker.pos()
    # Between the step-0 trail dot under it (10 px across) and its ring (16 px across).
    cx, cy = pixel_at(start.x(), start.y())
    ring = np.array([image[cy + round(6 * math.sin(a)), cx + round(6 * math.cos(a))] for a in np.linspace(0, 2 * math.pi, 16)])
    fill = np.median(ring, axis=0)  # (the curve crosses it twice)
    assert contrast(fill, plot) < 1.6, (name, fill, plot)
    # The term-by-term pop-up: the theme's ground, its text readable on it.
    readout = window.readout
    qtbot.mouseClick(readout.breakdown_toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(readout.rule_popup.isVisible)
    popup = rgb_array(readout.rule_popup.grab().toImage())
    popup_ground = _hex(theme.POPUP_BACKGROUND)
    assert np.abs(popup[6, 6].astype(int) - popup_ground).max() <= 2, (name, popup[6, 6])
    pixels = popup[2:-2, 2:-2].reshape(-1, 3).astype(int)
    text = pixels[np.argmax(np.abs(pixels - popup_ground).sum(axis=1))]  # the strongest ink
    assert contrast(text, popup_ground) >= 4.5, (name, text)
    readout.rule_popup.hide()
    # The fold toggles' text ("Term by term", "range & resolution") is the theme's ink: in the
    # dark theme it stayed near-black on the dark ground.
    for fold in (readout.breakdown_toggle, window.range_toggle):
        # As the window shows it (a grab of the button alone repaints it with other colours).
        ratio = fold.devicePixelRatioF()
        shown = rgb_array(window.grab().toImage())
        corner = fold.mapTo(window, fold.rect().topLeft())
        left = round((corner.x() + fold.iconSize().width() + 6) * ratio)  # the text, right of the ▸ arrow
        top, right, bottom = round(corner.y() * ratio), round((corner.x() + fold.width()) * ratio), \
            round((corner.y() + fold.height()) * ratio)
        image = shown[top:bottom, left:right].reshape(-1, 3).astype(int)
        fold_ground = np.array(fold.palette().color(fold.backgroundRole()).getRgb()[:3])  # the pane's ground
        ink = image[np.argmax(np.abs(image - fold_ground).sum(axis=1))]
        assert contrast(ink, fold_ground) >= 4.5, (name, fold.objectName(), ink, fold_ground)
