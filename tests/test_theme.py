"""View ▸ Theme: light, dark and high contrast for a projector (following the system by
default), applied to every pane at once and remembered."""

import math
import re

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPalette, QPen
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from explorer.ui import theme
from explorer.ui.export import rgb_array
from helpers import make_window


@pytest.fixture(autouse=True)
def light_again():
    yield
    theme.use("light")  # the other tests' windows are built in the light theme, at normal size
    theme.set_presentation_scale(1.0)
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


def test_the_theme_menu_follows_the_system_by_default(window):
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


@pytest.mark.window_size(1024, 768)  # a short screen: the rule pops up
@pytest.mark.parametrize("name", ["light", "dark", "contrast"])
def test_every_pane_is_in_the_themes_own_colours(window, qtbot, name):
    """#19 item 12: in the dark theme the term-by-term pop-up stayed white, the 1-D trail
    dark grey on the dark plot and the start marker white.  Each pane's pixels, sampled."""
    from PySide6.QtCore import QPointF, Qt

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


# ---------------------------------------------------------------------- no colour escapes a theme
HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def _hexes(text: str) -> set[str]:
    return {h.lower() for h in HEX.findall(text or "")}


def _name(color) -> str | None:
    """A QColor, a pen or a brush as ``#rrggbb`` (None: nothing drawn, fully transparent)."""
    if color is None:
        return None
    if isinstance(color, (QPen, QBrush)):
        if isinstance(color, QPen) and color.style() == Qt.PenStyle.NoPen:
            return None
        if isinstance(color, QBrush) and color.style() == Qt.BrushStyle.NoBrush:
            return None
        color = color.color()
    color = QColor(color)
    return color.name() if color.alpha() else None


def _item_inks(item) -> set[str]:
    """The colours one pyqtgraph item paints with (what it draws: a curve's symbols only
    when it has symbols, a scatter's points each with its own brush)."""
    found = set()
    opts = getattr(item, "opts", None)
    if isinstance(item, pg.ScatterPlotItem):
        if len(item.data):
            found |= {_name(b if b is not None else pg.mkBrush(item.opts["brush"])) for b in item.data["brush"]}
            found |= {_name(p if p is not None else pg.mkPen(item.opts["pen"])) for p in item.data["pen"]}
    elif isinstance(item, (pg.PlotDataItem, pg.PlotCurveItem)):
        found.add(_name(pg.mkPen(opts["pen"])))
        if opts.get("fillLevel") is not None and opts.get("fillBrush", opts.get("brush")) is not None:
            found.add(_name(pg.mkBrush(opts.get("fillBrush", opts.get("brush")))))
    elif isinstance(item, pg.ArrowItem):  # its style too: turning the arrow paints it again with that
        found |= {_name(item.pen()), _name(item.brush()), _name(pg.mkPen(opts["pen"])), _name(pg.mkBrush(opts["brush"]))}
    elif isinstance(item, pg.AxisItem):
        found |= {_name(item.pen()), _name(item.textPen())}
    elif isinstance(item, pg.TextItem):
        found |= {_name(item.color), _name(item.fill), _name(item.border)}
    elif isinstance(item, pg.TargetItem):
        found |= {_name(item.pen), _name(item.brush)}
    return found


def _plot_inks(plot) -> set[str]:
    """Every pen, brush and text colour of a pyqtgraph plot's shown items (its ground too)."""
    found = {_name(plot.backgroundBrush())}
    for item in plot.scene().items():
        if item.isVisible():
            found |= _item_inks(item)
    return found


def _gl_inks(view) -> set[str]:
    """Every line's colour in the surface view and every label's (with its halo)."""
    found = set()
    for item in (view.lines, view.run_lines):
        for name, style in item.styles.items():
            if not item.layer_visible(name):
                continue
            colors = item.layer(name)[1]
            if name == "contours":  # the colormap's own shades, not the theme's
                continue
            for rgba in np.unique(np.round(np.asarray(colors)[:, :4] * 255).astype(int), axis=0):
                found.add(QColor(*map(int, rgba)).name() if rgba[3] else None)
    for labels in (view.labels, view.probe_labels):
        for label in labels.placed or ():
            found |= {_name(label.color), _name(label.halo)}
    return found


def inks_in_use(window) -> set[str]:
    """Every colour the window's panes draw with: style sheets and rich text, pyqtgraph's
    pens and brushes, the surface view's lines and labels and its ground."""
    found = set()
    for widget in window.findChildren(QWidget) + [window.readout.rule_popup]:
        found |= _hexes(widget.styleSheet())
        if isinstance(widget, QLabel):
            found |= _hexes(widget.text())
    for plot in window.findChildren(pg.PlotWidget):
        found |= _plot_inks(plot)
    found |= _gl_inks(window.surface_view)
    found.add(QColor.fromRgbF(*window.surface_view.opts["bgcolor"]).name())
    found.discard(None)
    return found


def _palette_inks(palette: QPalette) -> set[str]:
    roles = QPalette.ColorRole
    return {palette.color(r).name() for r in (roles.Window, roles.WindowText, roles.Base, roles.Text, roles.Button,
                                              roles.ButtonText, roles.Highlight, roles.PlaceholderText)}


def test_no_colour_of_the_theme_before_escapes(window, qtbot):
    """#21: light → dark → light on a window with every pane shown (the quiz answered, the
    slope triangles and −∇f on, a race of three runs stepped, an error in the function bar,
    a refused number, the term-by-term rule open): after each switch every colour in use is
    the theme's own (or the palette's), none is one only the theme before has, no widget
    shown keeps the palette before, and the grounds on screen are the theme's own."""
    from explorer.ui.main_window import _palette

    panel = window.descent_panel
    for _ in range(2):
        qtbot.mouseClick(panel.add_run_button, Qt.MouseButton.LeftButton)
    for _ in range(4):
        qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    window.triangles_action.trigger()
    window.downhill_action.setChecked(True)
    window.quiz_dock.toggleViewAction().trigger()
    quiz = window.quiz_panel
    qtbot.keyClicks(quiz.answer_input, "no idea")
    qtbot.mouseClick(quiz.check_button, Qt.MouseButton.LeftButton)
    assert quiz.feedback.text().startswith("✗")
    qtbot.mouseClick(window.readout.breakdown_toggle, Qt.MouseButton.LeftButton)
    bar = window.function_bar
    bar.input.setText("x^2 + (")
    bar.apply()  # refused: its message, in the error colour
    assert bar.error.isVisibleTo(window)
    box = window.point_x  # a number refused: the box's border in the error colour
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "2..5")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert box.refusing
    qtbot.waitUntil(lambda: len(window.lesson.runs) == 3 and window.lesson.slope_triangles)
    light_palette = QApplication.palette()

    shown = inks_in_use(window)
    assert shown <= theme.LIGHT.colors() | _palette_inks(light_palette), shown - theme.LIGHT.colors()
    for before, after in ((theme.LIGHT, theme.DARK), (theme.DARK, theme.LIGHT)):
        window.set_theme(after.name)
        assert theme.current() == after
        only_before = before.colors() - after.colors()
        palette_before = _palette_inks(_palette(before.name, light_palette)) - _palette_inks(_palette(after.name, light_palette))
        shown = inks_in_use(window)
        assert not shown & only_before, (after.name, sorted(shown & only_before))
        assert shown <= after.colors() | _palette_inks(QApplication.palette()), (after.name, shown - after.colors())
        for dock in (window.descent_dock, window.quiz_dock):  # each tab in front once (a hidden one catches up when shown)
            dock.raise_()
            qtbot.waitUntil(dock.widget().isVisible)
            for widget in window.findChildren(QWidget):  # no widget shown keeps the palette before
                if widget.isVisible():
                    assert not _palette_inks(widget.palette()) & palette_before, (after.name, widget.objectName(), widget.isWindow(), widget.testAttribute(Qt.WidgetAttribute.WA_SetPalette), QApplication.palette().color(QPalette.ColorRole.Window).name())
        # On screen: the surface's and the plot's grounds, and no patch of the ground before.
        assert np.abs(ground(window) - _hex(after.background)).max() <= 2
        image = rgb_array(window.grab().toImage()).reshape(-1, 3)
        surface = rgb_array(window.surface_view.snapshot()).reshape(-1, 3)
        for pixels in (image, surface):
            for color in {before.background, before.plot_background} - {after.background, after.plot_background}:
                if color in after.colors():
                    continue  # a colour both draw with (a dark run is the light ground's white?)
                count = int((pixels == _hex(color)).all(axis=1).sum())
                assert count < 40, (after.name, color, count)


def test_a_theme_is_data_and_each_change_is_announced_once(window, qtbot):
    """#21: a theme is an immutable value; View ▸ Theme and presentation mode each make a
    new current theme and say so once on ``theme.changed``; no module global is rewritten
    (``theme.X_COLOR`` reads the current theme when read)."""
    import dataclasses

    with pytest.raises(dataclasses.FrozenInstanceError):
        theme.LIGHT.x_color = "#000000"
    with pytest.raises(TypeError):
        theme.DARK.band_colors["none"] = "#ffffff"
    fired = []

    def count():
        fired.append(theme.current())

    theme.changed.connect(count)
    try:
        window.theme_actions["dark"].trigger()
        window.theme_actions["dark"].trigger()  # the same theme again: nothing to redraw
        assert fired == [theme.DARK] and theme.current() is theme.DARK
        assert theme.X_COLOR == theme.DARK.x_color and "X_COLOR" not in vars(theme)
        assert theme.LIGHT.x_color == "#e4572e"  # the light theme itself is untouched
        tangents = window.surface_view.lines.styles["tangents"].width
        assert tangents == theme.DARK.surface_lines["tangents"]

        window.presentation_action.trigger()  # F11: one new theme, every line wider
        qtbot.waitUntil(window.isFullScreen)
        scale = window.presentation_scale
        assert len(fired) == 2 and fired[-1] == theme.DARK.scaled(scale) and scale > 1.0
        assert window.surface_view.lines.styles["tangents"].width == pytest.approx(tangents * scale)
        assert theme.current().name == "dark" and theme.current().probe_font_pt == pytest.approx(14 * scale)
        window.set_theme("light")  # a theme chosen while presenting keeps presentation's size
        assert fired[-1] == theme.LIGHT.scaled(scale) and len(fired) == 3
        window.presentation_action.trigger()
        qtbot.waitUntil(lambda: not window.isFullScreen())
        assert fired[-1] is theme.LIGHT and len(fired) == 4
        assert window.surface_view.lines.styles["tangents"].width == theme.LIGHT.surface_lines["tangents"]
    finally:
        theme.changed.disconnect(count)
