"""The surface view under Xvfb with real OpenGL, driven as a student would: click, drag, type."""


import math

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QMatrix4x4, QMouseEvent, QOpenGLContext
from PySide6.QtWidgets import QApplication

from explorer.ui import MainWindow, theme
from explorer.core.picking import SNAP_PIXELS, project_point
from helpers import choose_preset, rested, type_function, type_into, wait_laid_out
from explorer.ui.surface_view import _as_numpy
from explorer.ui.theme import X_COLOR, Y_COLOR


pytestmark = pytest.mark.window_size(1400, 860)


def mouse(widget, kind, pos, buttons=Qt.MouseButton.LeftButton):
    button = Qt.MouseButton.LeftButton
    event = QMouseEvent(kind, QPointF(pos), widget.mapToGlobal(QPointF(pos)), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def set_point(window, qtbot, x, y):
    for box, value in ((window.point_x, x), (window.point_y, y)):
        type_into(qtbot, box, f"{value}")


def test_it_renders_with_real_opengl(window):
    window.surface_view.makeCurrent()
    context = QOpenGLContext.currentContext()
    assert context is not None and context.isValid()
    assert context.format().majorVersion() >= 3


def test_qmatrix_to_numpy_keeps_the_mathematical_element_order():
    m = QMatrix4x4()
    m.translate(1.0, 2.0, 3.0)
    a = _as_numpy(m)
    assert a[:3, 3].tolist() == [1.0, 2.0, 3.0]  # translation in the last column
    assert (a @ np.array([0, 0, 0, 1.0]))[:3].tolist() == [1.0, 2.0, 3.0]


def test_clicking_the_lesson_point_shows_its_partials_10_and_6(window, qtbot):
    set_point(window, qtbot, 0, 0)
    assert window.readout.dfdx_value.text() == "0.0000"
    view = window.surface_view
    target = view.screen_position(1.0, 2.0)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=target.toPoint())
    # The picked point is exact to the function; the pixel is not, so allow its footprint.
    x, y = window.lesson.point
    assert (x, y) == pytest.approx((1.0, 2.0), abs=0.03)
    fx, fy = window.lesson.surface.partials_at((x, y))
    assert window.readout.dfdx_value.text() == f"{fx:.4f}"
    assert window.readout.value_label.text() == f"{window.lesson.surface.value_at((x, y)):.4f}"
    # …and exactly at the projection of (1, 2) with a sub-pixel position, it is 10 and 6.
    mouse(view, QEvent.Type.MouseButtonPress, target)
    mouse(view, QEvent.Type.MouseButtonRelease, target, Qt.MouseButton.NoButton)
    assert window.lesson.point == pytest.approx((1.0, 2.0), abs=2e-3)
    set_point(window, qtbot, 1, 2)
    assert window.readout.dfdx_value.text() == "10.0000"
    assert window.readout.dfdy_value.text() == "6.0000"
    assert window.readout.gradient_norm_value.text() == "11.6619"


def test_a_click_near_the_lessons_point_snaps_to_it_and_shows_the_arithmetic(window, qtbot):
    set_point(window, qtbot, 0, 0)
    view, readout = window.surface_view, window.readout
    target = view.screen_position(1.0, 2.0)
    near = QPoint(round(target.x()) + 2, round(target.y()) - 1)  # a student's click is a pixel or two off
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=near)
    assert window.lesson.point == (1.0, 2.0)  # exactly: the round point nearest the click
    assert readout.dfdx_value.text() == "10.0000" and readout.dfdy_value.text() == "6.0000"
    assert readout.dfdx_formula.text() == "= 6x + 2y = 6(1) + 2(2) = 10"
    assert readout.dfdy_formula.text() == "= 2x + 2y = 2(1) + 2(2) = 6"
    assert window.point_x.text() == "1" and window.point_y.text() == "2"  # as held: no padding, no rounding
    # Shift: exactly where the ray meets the surface, a little off (1, 2).
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, pos=near)
    x, y = window.lesson.point
    assert (x, y) != (1.0, 2.0) and (x, y) == pytest.approx((1.0, 2.0), abs=0.1)
    assert readout.dfdx_formula.text().startswith("= 6x + 2y = 6(") and readout.dfdx_value.text() != "10.0000"
    # The toggle off: a plain click picks exactly too.
    window.snap_toggle.click()
    assert window.lesson.snap is False
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=near)
    assert window.lesson.point != (1.0, 2.0)
    # Anywhere, a click lands on a round point whose image is within a few pixels of it.
    window.snap_toggle.click()
    for aim in ((0.73, 1.58), (-1.234, 0.517), (2.01, -0.66)):
        target = view.screen_position(*aim).toPoint()
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=target)
        x, y = window.lesson.point
        assert round(x, 3) == x and round(y, 3) == y
        seen = view.screen_position(x, y)
        assert math.hypot(seen.x() - target.x(), seen.y() - target.y()) <= SNAP_PIXELS


def test_a_click_at_the_bottom_of_the_bowl_picks_it(window, qtbot):
    set_point(window, qtbot, 1, 2)
    view = window.surface_view
    target = view.screen_position(0.0, 0.0)
    for dx, dy in ((0, 0), (1, 0), (0, 1), (-1, -1)):
        window.lesson.update(point=(1.0, 2.0))
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(round(target.x()) + dx, round(target.y()) + dy))
        assert window.lesson.point == (0.0, 0.0), (dx, dy)
    assert window.readout.dfdx_formula.text() == "= 6x + 2y = 6(0) + 2(0) = 0"


def test_a_click_lands_on_the_function_within_1e_6(window, qtbot):
    view = window.surface_view
    target = view.screen_position(0.7, 1.6)  # on the face turned toward the camera
    picked = view.pick(target.x(), target.y())
    assert picked is not None
    x, y, z = picked
    assert z == pytest.approx(window.lesson.surface.value_at((x, y)), rel=1e-6)
    assert (x, y) == pytest.approx((0.7, 1.6), abs=1e-4)


def test_a_drag_orbits_and_does_not_pick(window, qtbot):
    view = window.surface_view
    before_point = window.lesson.point
    before_azimuth = view.opts["azimuth"]
    start = view.screen_position(0.5, -0.5)
    mouse(view, QEvent.Type.MouseButtonPress, start)
    for k in range(1, 11):
        mouse(view, QEvent.Type.MouseMove, start + QPointF(8 * k, 2 * k))
    mouse(view, QEvent.Type.MouseButtonRelease, start + QPointF(80, 20), Qt.MouseButton.NoButton)
    assert view.opts["azimuth"] != pytest.approx(before_azimuth)
    assert window.lesson.point == before_point


def test_the_view_shows_both_tangent_colors_near_the_picked_point(window, qtbot):
    view = window.surface_view
    rested(qtbot, view)
    image = view.snapshot()
    ratio = image.devicePixelRatio()
    centre = view.screen_position(*window.lesson.point)
    cx, cy = int(centre.x() * ratio), int(centre.y() * ratio)

    def near(color: str, tolerance=60) -> int:
        target = QColor(color)
        count = 0
        for px in range(cx - 80, cx + 81, 2):
            for py in range(cy - 80, cy + 81, 2):
                c = QColor(image.pixel(px, py))
                if abs(c.red() - target.red()) + abs(c.green() - target.green()) + abs(c.blue() - target.blue()) < tolerance:
                    count += 1
        return count

    assert near(X_COLOR) > 10, "no x-direction (orange) tangent or slice near the point"
    assert near(Y_COLOR) > 10, "no y-direction (magenta) tangent or slice near the point"


def test_arrow_keys_nudge_the_point_along_x_and_y(window, qtbot):
    view = window.surface_view
    view.setFocus()
    x, y = window.lesson.point
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert window.lesson.point == pytest.approx((x + 0.06, y))
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert window.lesson.point == pytest.approx((x + 0.06, y - 0.06))
    assert window.point_x.value() == pytest.approx(x + 0.06)


def test_a_mistyped_function_keeps_the_surface_and_says_where(window, qtbot):
    bar = window.function_bar
    vertices = window.surface_view.mesh.vertices.copy()
    bar.input.selectAll()
    qtbot.keyClicks(bar.input, "3x^2 + * y")
    qtbot.keyClick(bar.input, Qt.Key.Key_Return)
    assert bar.error.isVisible()
    assert "column 6" in bar.error.text()
    assert np.array_equal(window.surface_view.mesh.vertices, vertices)
    assert window.readout.dfdx_value.text() == "10.0000"


@pytest.mark.parametrize("text", ["ln(x)", "1/(x^2+y^2)", "sqrt(1-x^2-y^2)", "0/(x-x+1) + ln(-1-x^2)", "x^x", "tan(xy)"])
def test_undefined_regions_become_holes_and_never_raise(window, qtbot, text):
    bar = window.function_bar
    bar.input.selectAll()
    qtbot.keyClicks(bar.input, text)
    qtbot.keyClick(bar.input, Qt.Key.Key_Return)
    rested(qtbot, window.surface_view)  # the contour lines follow a turn later: nothing raises there either
    view = window.surface_view
    assert view.mesh is not None
    if not bar.error.isVisible():
        used = np.unique(view.mesh.faces)
        assert np.isfinite(view.mesh.vertices[used]).all()
    # Clicking anywhere, even in a hole, is safe.
    for px, py in ((view.width() // 2, view.height() // 2), (10, 10), (view.width() - 20, view.height() // 3)):
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(px, py))


def test_holes_and_clipping_are_explained(window, qtbot):
    window.function_bar.set_text("1/(x^2+y^2)")
    assert window.note.isVisible()
    assert "cut off" in window.note.text()
    window.function_bar.set_text("ln(x) + y")
    assert "undefined" in window.note.text()


def test_presets_range_resolution_and_toggles(window, qtbot):
    choose_preset(window.function_bar, "Loss")
    assert window.lesson.surface.variable_names == ("w", "b")
    assert window.readout.dfdx_value.text() == "−12.0000"
    assert window.readout.dfdy_value.text() == "−6.0000"
    type_into(qtbot, window.resolution, "60")
    assert len(window.surface_view.mesh.x) == 60
    qtbot.mouseClick(window.plane_toggle, Qt.MouseButton.LeftButton)
    assert window.surface_view.tangent_plane.visible()
    qtbot.mouseClick(window.contours_toggle, Qt.MouseButton.LeftButton)
    assert not window.surface_view.lines.layer_visible("contours")
    qtbot.mouseClick(window.top_button, Qt.MouseButton.LeftButton)
    assert window.surface_view.opts["elevation"] == 90


def test_every_control_and_readout_is_named_for_tests_and_screen_readers(window):
    from PySide6.QtWidgets import QWidget

    for name in ["functionInput", "surfaceView", "pointXInput", "pointYInput", "valueLabel", "dfdxValue",
                 "dfdyValue", "gradientNormValue", "resolutionInput", "contoursToggle", "tangentPlaneToggle",
                 "resetCameraButton", "topViewButton", "xMinInput", "termBreakdown"]:
        widget = window.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName(), name


def test_term_breakdown_shows_constants_as_zero(window):
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(window.readout.breakdown.text())
    text = doc.toPlainText()
    assert "y² → 0 (no x: a constant)" in text
    assert "3x² → 6x" in text


def test_a_huge_constant_surface_draws_without_raising(window, qtbot):
    window.function_bar.set_text("f(x, y) = 1e20")
    lo, hi = window.surface_view.mesh.box.z_range
    assert hi > lo
    assert window.readout.value_label.text() == "1.0000e+20"


def test_values_too_spread_for_a_float_keep_the_last_surface_and_say_why(window, qtbot):
    vertices = window.surface_view.mesh.vertices.copy()
    bar = window.function_bar
    bar.input.selectAll()
    qtbot.keyClicks(bar.input, "1e299*x^19")
    qtbot.keyClick(bar.input, Qt.Key.Key_Return)
    qtbot.waitUntil(window.note.isVisible)
    assert window.note.isVisible() and "cannot be drawn" in window.note.text()
    assert "still showing the last surface" in window.note.text()
    assert np.array_equal(window.surface_view.mesh.vertices, vertices)
    # Everything agrees on the surface that is showing: the readout is the lesson's still.
    assert window.readout.dfdx_value.text() == "10.0000"
    assert bar.input.text() == "1e299*x^19"  # what was typed stays, to be corrected


def test_a_reversed_range_is_refused_explained_then_cleared(window, qtbot):
    type_into(qtbot, window.x_min, "5")
    qtbot.waitUntil(window.note.isVisible)
    assert window.note.isVisible() and "lower end" in window.note.text()
    assert window.x_min.value() == -3 and window.lesson.x_range == (-3.0, 3.0)  # the box shows what is drawn
    type_into(qtbot, window.x_min, "-2")
    assert window.lesson.x_range == (-2.0, 3.0)
    assert not window.note.isVisible()


def dark_pixels(image, left: float, top: float, width: float, height: float, ratio: float) -> int:
    """How many pixels of a logical-pixel box are near-black text."""
    count = 0
    for px in range(int(left * ratio), int((left + width) * ratio)):
        for py in range(int(top * ratio), int((top + height) * ratio)):
            if 0 <= px < image.width() and 0 <= py < image.height():
                c = QColor(image.pixel(px, py))
                count += c.red() + c.green() + c.blue() < 200
    return count


def test_axis_labels_are_drawn_at_their_anchors_and_follow_the_camera(window, qtbot):
    view = window.surface_view
    labels = view.labels
    name = window.lesson.surface.name
    for azimuth in (view.opts["azimuth"], view.opts["azimuth"] + 100):
        view.setCameraPosition(azimuth=azimuth)
        rested(qtbot, view)
        image = view.snapshot()
        anchor = labels.anchors[labels.texts.index(name)]  # "f", above the top of the z axis
        ratio = image.devicePixelRatio()
        projection, view_matrix, w, h = view.matrices()
        ax, ay = project_point(anchor, w, h, projection, view_matrix)
        # The text is centred over the anchor, 12 px up; nothing else is drawn in the empty
        # sky above the box, so dark pixels there are the label.
        assert dark_pixels(image, ax - 10, ay - 36, 20, 30, ratio) > 8, f"no '{name}' label at ({ax:.0f}, {ay:.0f})"
        assert dark_pixels(image, ax + 40, ay - 80, 14, 20, ratio) == 0


def test_the_tangents_and_grad_f_read_at_the_lessons_point(window, qtbot):
    """At (1, 2) from the default camera: both tangents drawn whole over the bowl (not cut
    into dashes under it), each labelled with its slope in view, ∇f an arrow of 35 px or
    more labelled ∇f with its length; the slope triangles and −∇f one menu click away."""
    set_point(window, qtbot, 1, 2)
    view = window.surface_view
    view.reset_camera()
    rested(qtbot, view)
    assert not view.lines.styles["tangents"].depth_test and not view.lines.styles["gradient"].depth_test
    projection, matrix, w, h = view.matrices()

    def on_screen(world):
        return np.array(project_point(np.asarray(world, dtype=float), w, h, projection, matrix))

    labels = view.probe_labels
    assert labels.texts == ["slope 10", "slope 6", "∇f, |∇f| = 11.7"]  # |∇f| = √136
    for anchor in labels.anchors:
        x, y = on_screen(anchor)
        assert 20 <= x <= w - 20 and 20 <= y <= h - 20
    arrow, colors = view.lines.layer("gradient")
    shaft = on_screen(arrow[1]) - on_screen(arrow[0])
    # 11.7 of the range's steepest 26.8: under half the longest arrow, still a clear arrow.
    assert np.hypot(*shaft) >= 35  # pixels
    tangents, _ = view.lines.layer("tangents")
    for a, b in tangents.reshape(-1, 2, 3):
        assert np.hypot(*(on_screen(b) - on_screen(a))) >= 80
    # What the user sees: the tangent's dark orange, solid, at the point's screen position.
    image = view.snapshot()
    px, py = on_screen(view.mesh.box.to_world((1.0, 2.0, 11.0)))
    dark_orange = QColor(theme.X_TANGENT_COLOR)
    near = [QColor(image.pixel(int(px) + dx, int(py) + dy)) for dx in range(-25, 26) for dy in range(-25, 26)]
    assert sum(abs(c.red() - dark_orange.red()) + abs(c.green() - dark_orange.green()) + abs(c.blue() - dark_orange.blue()) < 40
               for c in near) > 40

    # The slope triangles: run 1 along each axis, rise the partial.
    window.triangles_action.trigger()
    assert window.lesson.slope_triangles
    assert labels.texts == ["slope 10", "Δx = 1", "Δf = 10", "slope 6", "Δy = 1", "Δf = 6", "∇f, |∇f| = 11.7"]
    legs, _ = view.lines.layer("triangles")
    assert len(legs) == 8
    # −∇f, downhill.
    window.downhill_action.trigger()
    assert labels.texts[-1] == "−∇f downhill"
    arrows, _ = view.lines.layer("gradient")
    up, down = arrows[:6], arrows[6:]
    assert np.allclose(up[0], down[0]) and np.allclose(up[1] - up[0], -(down[1] - down[0]), atol=1e-6)
    window.downhill_action.trigger()
    window.triangles_action.trigger()
    assert labels.texts == ["slope 10", "slope 6", "∇f, |∇f| = 11.7"]


def test_the_window_fits_a_1024_by_768_projector_with_the_readout_in_sight(window, qtbot):
    window.resize(1024, 740)  # 768 less a title bar
    wait_laid_out(qtbot, window)
    assert window.width() <= 1024 and window.height() <= 740
    for label in (window.readout.dfdx_value, window.readout.dfdy_value, window.readout.gradient_norm_value):
        top_left = label.mapTo(window, label.rect().topLeft())
        assert label.isVisible() and window.rect().contains(top_left), label.objectName()
    assert window.surface_view.width() >= 400


def test_ticks_and_axis_names_stand_on_the_edges_facing_the_camera(window, qtbot):
    view = window.surface_view
    x_name, y_name = window.lesson.surface.variable_names
    for azimuth in (30, 120, 210, 300):
        view.setCameraPosition(elevation=28, azimuth=azimuth)
        rested(qtbot, view)
        camera = view.cameraPosition()
        texts, anchors = view.labels.texts, view.labels.anchors
        assert np.sign(anchors[texts.index(x_name)][1]) == np.sign(camera.y()), azimuth
        assert np.sign(anchors[texts.index(y_name)][0]) == np.sign(camera.x()), azimuth
    count = len(view.labels.texts)
    view.top_view()
    rested(qtbot, view)
    # Seen from above the z axis is a point: its ticks and name would pile up there.
    assert window.lesson.surface.name not in view.labels.texts
    assert len(view.labels.texts) < count


def test_contour_lines_show_from_above_and_the_toggle_hides_them(window, qtbot):
    view = window.surface_view
    view.top_view()
    rested(qtbot, view)
    with_lines = view.snapshot()
    qtbot.mouseClick(window.contours_toggle, Qt.MouseButton.LeftButton)
    rested(qtbot, view)
    without = view.snapshot()
    changed = sum(with_lines.pixel(px, py) != without.pixel(px, py)
                  for px in range(0, with_lines.width(), 3) for py in range(0, with_lines.height(), 3))
    assert changed > 300, "the contour lines do not show in the top view"


def test_the_top_view_is_a_map_whose_ticks_line_up_with_the_point(window, qtbot):
    set_point(window, qtbot, 2, -2)
    view = window.surface_view
    qtbot.mouseClick(window.top_button, Qt.MouseButton.LeftButton)
    rested(qtbot, view)
    assert view.orthographic
    box = view.mesh.box
    projection, matrix, w, h = view.matrices()

    def seen(x, y, z):
        return np.array(project_point(box.to_world((x, y, z)), w, h, projection, matrix))

    point = seen(2.0, -2.0, window.lesson.surface.value_at((2.0, -2.0)))
    z0, z1 = box.z_range
    # Straight over its place on the floor (no perspective), so over the x = 2 and y = −2 ticks.
    assert point == pytest.approx(seen(2.0, -2.0, z0), abs=0.5)
    assert point[0] == pytest.approx(seen(2.0, box.y_range[0], z0)[0], abs=0.5)
    assert point[1] == pytest.approx(seen(box.x_range[1], -2.0, z1)[1], abs=0.5)
    # The map's edges are straight: the top of the box over its floor.
    for corner in ((box.x_range[0], box.y_range[0]), (box.x_range[1], box.y_range[1])):
        assert seen(*corner, z1) == pytest.approx(seen(*corner, z0), abs=0.5)
    # A click there still picks (2, −2); a tilt brings perspective back.
    window.lesson.update(point=(0.0, 0.0))
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(round(point[0]), round(point[1])))
    assert window.lesson.point == (2.0, -2.0)
    view.setCameraPosition(elevation=60)
    assert not view.orthographic


def test_a_slice_through_the_bottom_of_a_bowl_has_no_gap(window, qtbot):
    window.function_bar.set_text("x^2 + y^2")  # its minimum (0, 0) falls between grid nodes
    set_point(window, qtbot, 1, 0)
    pairs = window.surface_view.lines.layer("slices")[0].reshape(-1, 2, 3)
    box = window.surface_view.mesh.box
    ends = box.to_function(pairs.reshape(-1, 3)).reshape(-1, 2, 3)
    along_x = ends[np.isclose(ends[:, 0, 1], 0, atol=1e-6) & np.isclose(ends[:, 1, 1], 0, atol=1e-6)]
    xs = np.sort(along_x[:, :, 0], axis=1)
    xs = xs[np.argsort(xs[:, 0])]
    # The x-slice f(x, 0) is one unbroken curve from one side of the range to the other.
    assert xs[0, 0] == pytest.approx(box.x_range[0], abs=1e-3) and xs[-1, 1] == pytest.approx(box.x_range[1], abs=1e-3)
    assert np.allclose(xs[1:, 0], xs[:-1, 1], atol=1e-5)


def test_the_contour_map_reaches_the_far_edges_at_an_even_resolution(window, qtbot):
    window.function_bar.set_text("x + y")  # straight contours crossing the whole box
    window.resolution.setValue(200)
    rested(qtbot, window.surface_view)
    floor = window.surface_view.lines.layer("contours")[0]
    floor = floor[np.isclose(floor[:, 2], 0.002)]
    # World x and y run from −1 to 1: the lines reach within a hair of both far edges.
    assert floor[:, 0].max() > 0.999 and floor[:, 1].max() > 0.999


def test_a_point_outside_the_range_is_refused_and_explained(window, qtbot):
    set_point(window, qtbot, 10, 2)
    qtbot.waitUntil(window.note.isVisible)
    assert "outside the range" in window.statusBar().currentMessage()
    assert "outside the range" in window.note.text() and window.note.isVisible()
    assert window.lesson.point == (1.0, 2.0) and window.point_x.value() == 1.0
    assert window.readout.value_label.text() == "11.0000"  # f(1, 2), the point that stays


def test_values_beyond_a_float_are_called_too_large_not_undefined(window, qtbot):
    window.function_bar.set_text("x^1000 + y")
    assert window.note.isVisible() and "too large for a float" in window.note.text()


def test_a_range_that_cannot_be_drawn_is_put_back_and_explained(window, qtbot):
    window.function_bar.set_text("10^307*x + y")
    type_into(qtbot, window.x_min, "-10")  # values from −10³⁰⁸ to 3·10³⁰⁷: still drawable
    assert window.lesson.x_range == (-10.0, 3.0)
    type_into(qtbot, window.x_max, "10")  # from −10³⁰⁸ to 10³⁰⁸: a spread beyond a float
    qtbot.waitUntil(window.note.isVisible)
    assert window.x_max.value() == 3 and window.lesson.x_range == (-10.0, 3.0)
    assert window.note.isVisible() and "cannot be drawn" in window.note.text()


def test_a_resolution_that_cannot_be_drawn_is_put_back(window, qtbot):
    window.resolution.setValue(10)
    window.function_bar.set_text("exp(709.7)*cos(3 pi x) + y")  # its grid at 10 misses the peaks
    assert window.surface_view.mesh is not None and len(window.surface_view.mesh.x) == 10
    type_into(qtbot, window.resolution, "200")
    qtbot.waitUntil(window.note.isVisible)
    assert window.resolution.value() == 10 and window.surface_view.resolution == 10
    assert len(window.surface_view.mesh.x) == 10
    assert "cannot be drawn" in window.note.text()


def test_a_function_given_at_start_that_cannot_be_drawn_falls_back_to_the_lesson(qtbot):
    w = MainWindow(function_text="f(x, y) = exp(709) x")
    qtbot.addWidget(w)
    assert w.surface_view.mesh is not None
    assert w.readout.dfdx_value.text() == "10.0000"  # the lesson's ∂f/∂x at (1, 2)
    assert "cannot be drawn" in w.note.text() and "lesson" in w.note.text()


def test_narrowing_the_range_past_the_point_brings_the_point_inside(window, qtbot):
    type_into(qtbot, window.y_max, "1")  # (1, 2) would lie above the range
    assert window.lesson.point == (1.0, 1.0)
    assert window.point_y.value() == 1.0
    assert window.readout.dfdx_value.text() == "8.0000"  # 6(1) + 2(1)
    set_point(window, qtbot, 10, 1)
    assert "outside the range" in window.statusBar().currentMessage()
    set_point(window, qtbot, 0.5, 1)
    assert window.lesson.point == (0.5, 1.0) and not window.note.isVisible()


def test_the_loss_breakdown_walks_the_chain_rule(window, qtbot):
    type_function(qtbot, window, "L(w, b) = (3 - 2w - b)^2")
    set_point(window, qtbot, 0, 0)
    readout = window.readout
    assert window.function_bar.parsed.text() == "L(w, b) = (3 − 2w − b)²"  # as typed, not (−b − 2w + 3)²
    rule = readout.breakdown.text()
    assert "(3 − 2w − b)² → <b>8w + 4b − 12</b>" in rule
    assert "u = 3 − 2w − b, L = u²" in rule
    assert "∂L/∂w = dL/du · ∂u/∂w = 2u · (−2)" in rule
    assert "at (0, 0): u = 3, so 2(3) · (−2) = </span><b>−12</b>" in rule
    assert "2(3) · (−1) = </span><b>−6</b>" in rule  # ∂L/∂b
    assert readout.dfdx_value.text() == "−12.0000"
    # The numbers follow the point.
    set_point(window, qtbot, 1, 0)
    assert "at (1, 0): u = 1, so 2(1) · (−2) = </span><b>−4</b>" in readout.breakdown.text()
    # Labels in the function's variables.
    assert [label.text() for label in window.point_names] == ["point w₀", "b₀"]
    assert window.range_names[0].text() == "w from" and window.range_names[2].text() == "b from"


def test_the_probes_labels_do_not_cover_each_other_or_the_arrow(window, qtbot):
    """The loss at (0, 0): ∇L points back toward the camera's side and the slopes' labels
    would land on it and on each other; each is moved until it is clear."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFontMetricsF

    type_function(qtbot, window, "L(w, b) = (3 - 2w - b)^2")
    set_point(window, qtbot, 0, 0)
    view = window.surface_view
    view.reset_camera()
    rested(qtbot, view)  # the labels are placed again once the camera rests
    projection, matrix, w, h = view.matrices()
    rects = []
    for label in view.probe_labels.placed:
        metrics = QFontMetricsF(label.font)
        width, height = metrics.horizontalAdvance(label.text), metrics.ascent()
        x, y = project_point(np.asarray(label.anchor), w, h, projection, matrix)
        left, baseline = x - label.align * width + label.nudge[0], y - label.nudge[1]
        rects.append(QRectF(left, baseline - height, width, height))
    assert [label.text for label in view.probe_labels.placed] == ["slope −12", "slope −6", "∇L, |∇L| = 13.4"]
    for i in range(len(rects)):
        for j in range(i + 1, len(rects)):
            assert not rects[i].intersects(rects[j]), (view.probe_labels.texts[i], view.probe_labels.texts[j])
    arrow, _ = view.lines.layer("gradient")
    for t in np.linspace(0.3, 1.0, 5):
        x, y = project_point(arrow[0] + t * (arrow[1] - arrow[0]), w, h, projection, matrix)
        assert not any(rect.contains(x, y) for rect in rects)


def test_a_click_where_the_chain_rule_has_no_numbers_keeps_the_window_whole(window, qtbot):
    """The Cone's tip: a click snaps to (0, 0), where √u has no derivative; the readout
    says the formula without numbers, nothing raises, the point boxes follow."""
    type_function(qtbot, window, "sqrt(x^2 + y^2)")
    set_point(window, qtbot, 1, 1)
    view = window.surface_view
    view.reset_camera()
    rested(qtbot, view)
    target = view.screen_position(0.0, 0.0)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(round(target.x()), round(target.y()) - 2))
    assert window.lesson.point == (0.0, 0.0)
    assert window.point_x.text() == "0" and window.point_y.text() == "0"
    rule = window.readout.breakdown.text()
    assert "chain rule: u = x² + y²" in rule and "at (0, 0)" not in rule
    assert window.readout.dfdx_value.text() == "undefined"
    # Off the tip the numbers are back.
    set_point(window, qtbot, 2, 1)
    assert "at (2, 1): u = 5, so 1/(2√5) · (4) = </span><b>0.8944</b>" in window.readout.breakdown.text()


def test_a_corner_is_not_a_flat_spot(window, qtbot):
    """|x| + |y| at (0, 0): sympy's sign(0) = 0 would say ∇f = 0, "a flat spot"; the
    partials are undefined there, the one-sided slopes shown, no tangent drawn."""
    type_function(qtbot, window, "|x| + |y|")
    set_point(window, qtbot, 0, 0)
    readout = window.readout
    assert readout.dfdx_value.text() == "undefined" and readout.dfdy_value.text() == "undefined"
    assert readout.dfdx_formula.full_text() == "undefined: a corner, slope −1 from the left, 1 from the right"
    assert "flat spot" not in readout.gradient_note.text() and "corner" in readout.gradient_note.text()
    tangents, _ = window.surface_view.lines.layer("tangents")
    assert len(tangents) == 0
    set_point(window, qtbot, 1, 0)  # a corner in y only
    assert readout.dfdx_value.text() == "1.0000" and readout.dfdy_value.text() == "undefined"


def test_the_floor_maps_rows_are_every_step_and_the_last_once_each():
    from explorer.ui.surface_view import _every

    for n in range(1, 50):
        for step in range(1, 8):
            assert _every(step, n).tolist() == sorted({*range(0, n, step), n - 1})
