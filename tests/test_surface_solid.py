"""The surface view as a class sees it (Xvfb, real OpenGL): a solid sheet with a top and an
underside and a rim, framed from its low side; ∇f as long as it is steep; labels that are
never cut by the view's edge or drawn over each other; a picture kept behind dialogs."""

import json
import math
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QFontMetricsF
from PySide6.QtWidgets import QApplication, QFileDialog

from explorer.core.lesson import Camera
from explorer.core.picking import project_point
from explorer.ui import theme
from helpers import choose_preset, rested, type_function, type_into

PRESETS = json.loads((Path(__file__).parents[1] / "resources" / "presets.json").read_text(encoding="utf-8"))["surfaces"]


pytestmark = pytest.mark.window_size(1024, 740)


def set_point(qtbot, window, x, y):
    for box, value in ((window.point_x, x), (window.point_y, y)):
        type_into(qtbot, box, f"{value}")


def on_screen(view, world) -> np.ndarray:
    projection, matrix, w, h = view.matrices()
    return np.array(project_point(np.asarray(world, dtype=np.float64), w, h, projection, matrix))


def saturation(image, x: float, y: float, ratio: float, half: int = 3) -> tuple[float, QColor]:
    """The median HSV saturation (0–1) of a small square of pixels around (x, y) logical,
    and the median pixel's colour."""
    colors = sorted((QColor(image.pixel(int(x * ratio) + dx, int(y * ratio) + dy))
                     for dx in range(-half, half + 1) for dy in range(-half, half + 1)), key=QColor.hsvSaturationF)
    middle = colors[len(colors) // 2]
    return middle.hsvSaturationF(), middle


# ---------------------------------------------------------------- 6. a solid sheet
def test_the_underside_is_a_muted_grey_and_the_top_keeps_its_colours(window, qtbot):
    """The bowl's bottom, seen from above and then from below at the same azimuth: the top
    shows the colormap, the underside a dim grey (before: both sides alike)."""
    window.lesson.update(function="f(x, y) = x^2 + y^2", x_range=(-2, 2), y_range=(-2, 2), point=(1.9, 1.9),
                         contours=False)
    view = window.surface_view
    bottom = view.mesh.box.to_world((0.3, -0.3, 0.18))  # off the drop line and the probe
    seen = {}
    for elevation in (35, -35):
        view.setCameraPosition(elevation=elevation, azimuth=-60)
        rested(qtbot, view)
        image = view.snapshot()
        x, y = on_screen(view, bottom)
        seen[elevation] = saturation(image, x, y, image.devicePixelRatio())
    top, under = seen[35], seen[-35]
    assert top[0] > 0.45, top[1].name()  # viridis' dark purple
    assert under[0] < 0.25, under[1].name()
    assert under[1].name() != QColor(theme.BACKGROUND).name()  # the sheet, not the ground through it


def test_the_rim_is_outlined_at_the_surfaces_height_and_round_its_holes(window, qtbot):
    view = window.surface_view
    window.lesson.update(function="f(x, y) = x^2 + y^2", x_range=(-2, 2), y_range=(-2, 2), point=(1, 1))
    rim, colors = view.lines.layer("outline")
    assert len(rim) and view.lines.layer_visible("outline")
    function_units = view.mesh.box.to_function(rim)
    assert np.allclose(np.maximum(np.abs(function_units[:, 0]), np.abs(function_units[:, 1])), 2.0, atol=1e-5)
    assert np.allclose(function_units[:, 2], function_units[:, 0] ** 2 + function_units[:, 1] ** 2, atol=0.01)
    assert np.allclose(colors[0], QColor(theme.SURFACE_OUTLINE).getRgbF())
    # What the user sees: the rim's dark line where the far corner (−2, 2, 8) is drawn.
    rested(qtbot, view)
    image = view.snapshot()
    ratio = image.devicePixelRatio()
    x, y = on_screen(view, view.mesh.box.to_world((-2.0, 2.0, 8.0)))
    dark = [QColor(image.pixel(int(x * ratio) + dx, int(y * ratio) + dy)).lightnessF()
            for dx in range(-3, 4) for dy in range(-3, 4)]
    assert min(dark) < 0.3
    # A sheet with a hole where f is undefined: its rim goes round the hole too.
    window.lesson.update(function="f(x, y) = sqrt(x^2 + y^2 - 1)")
    rim, _ = view.lines.layer("outline")
    radius = np.hypot(*view.mesh.box.to_function(rim)[:, :2].T)
    assert (radius < 1.2).sum() > 20


def test_a_typed_function_is_seen_from_its_low_side(window, qtbot):
    """x² − y² rises toward a viewer on the x sides: a new function is seen from ±y, where
    it is low (before: it kept the lesson's camera, which looked at the rising x edge)."""
    view = window.surface_view
    view.setCameraPosition(azimuth=170, elevation=20)  # the teacher had orbited to the −x side
    type_function(qtbot, window, "f(x, y) = x^2 - y^2")
    qtbot.waitUntil(lambda: window.lesson.surface.name == "f" and "y^2" in window.function_bar.input.text())
    azimuth = view.opts["azimuth"] % 360
    assert min(abs(azimuth - 90), abs(azimuth - 270)) <= 20, azimuth


def test_a_lesson_files_own_camera_is_kept_with_its_function(window, qtbot):
    view = window.surface_view
    window.lesson.update(function="f(x, y) = x^2 - y^2", camera=Camera(50.0, 10.0, 5.5, (0.0, 0.0, 0.5)))
    assert (view.opts["elevation"], view.opts["azimuth"], view.opts["distance"]) == (50.0, 10.0, 5.5)


@pytest.mark.parametrize("preset", PRESETS, ids=[p["name"].split()[0] for p in PRESETS])
def test_every_preset_shows_its_point_unhidden_from_the_default_camera(window, qtbot, preset):
    """A click where the point is drawn lands on the point itself, not on a raised near
    edge in front of it."""
    choose_preset(window.function_bar, preset["name"])
    view = window.surface_view
    rested(qtbot, view)
    x, y = preset["point"]
    seen = view.screen_position(x, y)
    hit = view.pick(seen.x(), seen.y())
    span = max(b - a for a, b in preset["range"])
    assert hit is not None and math.hypot(hit[0] - x, hit[1] - y) < 0.02 * span, (hit, preset["point"])


# ---------------------------------------------------------------- 7. ∇f as long as it is steep
def test_the_gradient_arrow_is_longer_where_f_is_steeper_and_says_how_steep(window, qtbot):
    """Top view (a true map): ∇f's shadow on the floor at (1, 2), |∇f| = 11.7, is 11.7/22.4
    as long as at (2.5, 2.5), |∇f| = 22.4 (before: the same length)."""
    view = window.surface_view
    view.top_view()
    lengths = {}
    for point in ((1, 2), (2.5, 2.5), (0.05, 0.05)):
        set_point(qtbot, window, *point)
        arrow, _ = view.lines.layer("floor_gradient")
        lengths[point] = float(np.hypot(*(on_screen(view, arrow[1]) - on_screen(view, arrow[0]))))
    assert lengths[(1, 2)] / lengths[(2.5, 2.5)] == pytest.approx(math.sqrt(136 / 500), rel=0.01)
    assert lengths[(0.05, 0.05)] >= 25  # |∇f| = 0.45: still an arrow one can see
    set_point(qtbot, window, 1, 2)
    view.reset_camera()
    rested(qtbot, view)
    assert view.probe_labels.texts[-1] == "∇f, |∇f| = 11.7"


# ---------------------------------------------------------------- 8. labels inside and apart
def quads(view, labels):
    """Each label's text rectangle (left, top, right, bottom) in logical pixels, as the
    label shader draws it: the anchor projected, moved by align and nudge (pixels, up)."""
    projection, matrix, w, h = view.matrices()
    rects = []
    for label in labels:
        metrics = QFontMetricsF(label.font)
        width = metrics.horizontalAdvance(label.text)
        x, y = project_point(np.asarray(label.anchor, dtype=np.float64), w, h, projection, matrix)
        pad = 3  # the atlas's padding around each text
        left = x - label.align * (width + 2 * pad) + label.nudge[0] + pad
        baseline = y - label.nudge[1]
        rects.append((label.text, left, baseline - metrics.ascent(), left + width, baseline + metrics.descent()))
    return rects


def overlap(a, b) -> bool:
    return a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]


def assert_labels_readable(view):
    w, h = view.width(), view.height()
    probe = quads(view, view.probe_labels.placed)
    axes = [r for r in quads(view, view.labels.placed) if r[1] >= 0 and r[3] <= w and r[2] >= 0 and r[4] <= h]
    for rect in probe:
        assert rect[1] >= 0 and rect[3] <= w and rect[2] >= 0 and rect[4] <= h, f"{rect[0]!r} cut by the view's edge: {rect[1:]}"
    for i, a in enumerate(probe):
        for b in probe[i + 1:] + axes:
            assert not overlap(a, b), f"{a[0]!r} drawn over {b[0]!r}"


@pytest.mark.parametrize("case", [
    # "slope 10.5" read "slope 10" at the view's right edge.
    dict(point=(2.5, 2.75), top=True),
    # The slope triangles' labels ran into each other zoomed in.
    dict(point=(1, 2), triangles=True, distance=2.6),
    dict(point=(1, 2), triangles=True, downhill=True),
    # A steep slope's long label over the axis names; the bumps' small slopes at the edge.
    dict(function="f(x, y) = (1 - x)^2 + 100(y - x^2)^2", x_range=(-2, 2), y_range=(-1, 3), point=(-1.5, 1)),
    dict(function="f(x, y) = sin(x) cos(y)", x_range=(-4, 4), y_range=(-4, 4), point=(-3.9, 3.9)),
    dict(function="f(x, y) = sin(x) cos(y)", x_range=(-4, 4), y_range=(-4, 4), point=(3.9, -3.6), azimuth=40),
    dict(function="L(w, b) = (3 - 2w - b)^2", x_range=(-1, 3), y_range=(-1, 3), point=(0, 0), triangles=True),
], ids=["top-edge", "zoomed-triangles", "triangles-downhill", "rosenbrock-steep", "bumps-corner", "bumps-orbit", "loss"])
def test_no_label_is_cut_by_the_edge_or_drawn_over_another(window, qtbot, case):
    view = window.surface_view
    changes = {k: case[k] for k in ("function", "x_range", "y_range") if k in case}
    changes.update(point=case["point"], slope_triangles=case.get("triangles", False), downhill=case.get("downhill", False))
    window.lesson.update(**changes)
    view.reset_camera()
    if case.get("top"):
        view.top_view()
    if "distance" in case:
        view.setCameraPosition(distance=case["distance"])
    if "azimuth" in case:
        view.setCameraPosition(azimuth=case["azimuth"])
    rested(qtbot, view)
    assert view.probe_labels.placed
    assert_labels_readable(view)


@pytest.mark.window_size(1024, 768)
@pytest.mark.parametrize("case", [
    # A reviewer's Rosenbrock: its floor-level "0" on z was drawn over the y axis's "−3".
    dict(function="f(x, y) = (1 - x)^2 + 100(y - x^2)^2", x_range=(-2, 2), y_range=(-1, 3), point=(-1, 1)),
    # The default bowl at an odd resolution: its lowest sample is 0 itself.
    dict(resolution=199),
], ids=["rosenbrock", "bowl-odd-resolution"])
def test_the_z_axis_labels_keep_off_the_floors_labels(window, qtbot, case):
    view = window.surface_view
    window.lesson.update(**case)
    view.reset_camera()
    rested(qtbot, view)
    on_z = [label for label in view.labels.placed if label.anchor[2] > 1e-6 and label.text != view.lesson.surface.name]
    on_floor = [label for label in view.labels.placed if label.anchor[2] <= 1e-6]
    assert on_z and on_floor
    for a in quads(view, on_z):
        for b in quads(view, on_floor):
            assert not overlap(a, b), f"z's {a[0]!r} drawn over the floor's {b[0]!r}"


# ---------------------------------------------------------------- 13. behind a dialog
def test_the_surface_keeps_its_picture_behind_the_save_dialog(window, qtbot):
    """File ▸ Save As… opens a modal dialog over the window: the surface view behind it
    still shows the surface (its framebuffer, and the window as the screen composes it)."""
    view = window.surface_view
    rested(qtbot, view)
    ground = QColor(theme.BACKGROUND).rgb()

    def drawn(image) -> int:
        return sum(image.pixel(x, y) != ground for x in range(0, image.width(), 9) for y in range(0, image.height(), 9))

    before = drawn(view.snapshot())
    seen = {}

    def while_open():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(50, while_open)
            return
        qtbot.waitUntil(dialog.isVisible)
        view.update()  # a repaint while the dialog is up, as an expose would ask for
        rested(qtbot, view)
        seen["framebuffer"] = drawn(view.snapshot())
        seen["window"] = drawn(window.grab().toImage().copy(view.geometry().translated(view.mapTo(window, view.rect().topLeft()) - view.pos())))
        dialog.reject()

    QTimer.singleShot(0, while_open)
    window.save_as_action.trigger()
    assert before > 200
    assert seen["framebuffer"] > 0.8 * before and seen["window"] > 0.5 * before, (before, seen)
