"""View ▸ Theme: light, dark and high contrast for a projector (following the system by
default), applied to every pane at once and remembered."""

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
    assert theme.current == "light"  # Xvfb's scheme is not dark
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
