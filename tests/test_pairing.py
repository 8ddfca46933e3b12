"""The two views paired: one lesson, everything in sight from 1024×768 up, the descent panel
on the surface's slice — driven as a student or teacher would, under Xvfb with real OpenGL."""

import math
import re

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QWidget

from explorer.core.notation import format_number, format_value
from explorer.ui import theme
from explorer.ui.surface_view import LIFT
from explorer.ui.window_fit import PaneScroll
from helpers import flush_layout, make_window, rested, type_into, wait_laid_out

# What must be in sight at once, at every size (objectNames).
IN_SIGHT = [
    "surfaceView", "functionInput", "valueLabel", "dfdxValue", "dfdxFormula", "dfdyValue", "dfdyFormula",
    "gradientValue", "descentPlot", "learningRateSlider", "learningRateInput", "startInput", "playButton", "stepButton",
    "resetButton", "skipButton", "xValue", "fValue", "dfValue", "stepsValue", "descentStatus", "descentSourceInput",
    "optimizerInput", "addRunButton", "learningRateValue",
]
RUN_ONE_READOUT = ("xValue", "fValue", "dfValue", "stepsValue", "learningRateValue")  # not shown while runs race


def choose_source(window, data: str) -> None:
    """Pick an entry of the descent panel's source menu with the arrow keys, as a student
    at the keyboard would (each key press chooses the next entry)."""
    combo = window.descent_panel.source_input
    target = combo.findData(data)
    combo.setFocus()
    for _ in range(combo.count()):
        if combo.currentIndex() == target:
            break
        QTest.keyClick(combo, Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up)
    assert combo.currentIndex() == target and window.lesson.descent_source == data


def assert_fully_in_sight(window, widget: QWidget) -> None:
    name = widget.objectName()
    assert widget.isVisible(), f"{name} is hidden"
    assert widget.width() > 0 and widget.height() > 0, name
    # Nothing of it is cut off by a parent, a scroll area or the window's edge (a plot is a
    # graphics view: what it shows is its viewport).
    shown = widget.viewport() if isinstance(widget, QAbstractScrollArea) else widget
    assert shown.visibleRegion().boundingRect() == shown.rect(), f"{name} is clipped: {shown.visibleRegion().boundingRect()}"
    top_left = widget.mapTo(window, widget.rect().topLeft())
    bottom_right = widget.mapTo(window, widget.rect().bottomRight())
    assert window.rect().contains(top_left) and window.rect().contains(bottom_right), f"{name} leaves the window"
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        # A pane scrolls only where the screen is too short for it (window_fit.PaneScroll):
        # here it must have nothing to scroll.
        if isinstance(parent, PaneScroll):
            assert parent.verticalScrollBar().maximum() == 0, f"{name}'s pane scrolls"
        else:
            assert not isinstance(parent, QAbstractScrollArea), f"{name} sits in a scroll area"
        parent = parent.parentWidget()
    if isinstance(widget, QLabel) and widget.text():
        # Its text fits: a wrapping label is tall enough, another wide enough.
        if widget.wordWrap():
            assert widget.heightForWidth(widget.width()) <= widget.height() + 1, f"{name}'s text is cut off"
        else:
            assert widget.fontMetrics().horizontalAdvance(widget.text()) <= widget.contentsRect().width() + 1, \
                f"{name}'s text {widget.text()!r} is cut off"


@pytest.mark.parametrize("width, height", [(1024, 768), (1280, 800), (1440, 900), (1920, 1080)])
def test_everything_is_in_sight_at_once_at_every_size(qtbot, width, height):
    window = make_window(qtbot, width, height)
    assert (window.width(), window.height()) == (width, height)  # the window really is that size
    for name in IN_SIGHT:
        assert_fully_in_sight(window, window.findChild(QWidget, name))
    view, plot = window.surface_view, window.descent_panel.plot
    assert view.width() >= 480 and view.height() >= 380
    assert plot.width() >= 360 and plot.height() >= 240
    # The plot shows the whole curve over its range, with the start and the point on it.
    (vx0, vx1), (vy0, vy1) = plot.getPlotItem().viewRange()
    lo, hi = window.lesson.curve_range
    assert vx0 <= lo and hi <= vx1
    f = window.lesson.curve
    for x in (window.lesson.curve_start, window.lesson.run.point[0]):
        assert vx0 <= x <= vx1 and vy0 <= f.value_at((x,)) <= vy1
    breakdown = window.readout
    if height >= 900:
        assert breakdown.breakdown_open
        rule = breakdown.breakdown  # the whole rule shows, with nothing to scroll
        assert rule.isVisible() and rule.visibleRegion().boundingRect() == rule.rect()
        assert breakdown.breakdown_area.verticalScrollBar().maximum() == 0
        assert window.rect().contains(rule.mapTo(window, rule.rect().bottomRight()))
    else:
        assert not breakdown.breakdown_open  # folded away, one click to open
        qtbot.mouseClick(breakdown.breakdown_toggle, Qt.MouseButton.LeftButton)
        # No room in the pane: it pops up over the panes, whole, on the screen.
        popup, rule = breakdown.rule_popup, breakdown.popup_breakdown
        assert breakdown.breakdown_open and popup.isVisible()
        assert rule.visibleRegion().boundingRect() == rule.rect() and rule.height() >= rule.sizeHint().height()
        doc = QTextDocument()
        doc.setHtml(rule.text())
        assert "3x² → 6x" in doc.toPlainText() and "y² → 0 (no x: a constant)" in doc.toPlainText()
        assert popup.screen().geometry().contains(popup.geometry())
        assert (window.width(), window.height()) == (width, height)  # opening it does not grow the window
        popup.hide()  # a click elsewhere closes it
        assert not breakdown.breakdown_open


def test_on_the_slice_along_x_at_1_2_the_panel_starts_at_1_with_slope_10(window, qtbot):
    panel = window.descent_panel
    choose_source(window, "slice-x")
    assert panel.x_value.text() == "1.0000" and panel.df_value.text() == "10.0000"
    assert panel.formula.text() == "f(x, 2) = 3x² + 4x + 4, f′(x) = 6x + 4"
    assert panel.plot.getPlotItem().getAxis("bottom").labelText == "x"
    pen = panel.curve.opts["pen"]
    assert pen.color().name() == theme.X_COLOR  # drawn in the surface's colour for x
    choose_source(window, "slice-y")
    assert panel.x_value.text() == "2.0000" and panel.df_value.text() == "6.0000"
    assert panel.formula.text() == "f(1, y) = y² + 2y + 3, f′(y) = 2y + 2"
    assert panel.curve.opts["pen"].color().name() == theme.Y_COLOR
    assert panel.plot.getPlotItem().getAxis("bottom").labelText == "y"


def test_the_loss_names_the_slice_after_w(window, qtbot):
    from helpers import choose_preset

    choose_preset(window.function_bar, "Loss")
    choose_source(window, "slice-x")
    panel = window.descent_panel
    assert panel.formula.text().startswith("L(w, 0) = ")
    assert panel.plot.getPlotItem().getAxis("bottom").labelText == "w"
    assert panel.start_name.text() == "start w₀"
    assert panel.df_value.text() == "−12.0000"  # ∂L/∂w at (0, 0)
    assert window.point_names[0].text() == "point w₀" and window.range_names[0].text() == "w from"


def test_clicking_the_surface_re_slices_and_the_slope_is_the_partial(window, qtbot):
    panel, view = window.descent_panel, window.surface_view
    for source, value_label in (("slice-x", window.readout.dfdx_value), ("slice-y", window.readout.dfdy_value)):
        choose_source(window, source)
        # Points on the 0.1 and 0.5 grids: a click snaps to them whatever the camera.
        for target in ((0.6, 1.4), (1.5, 0.5)):
            before = window.lesson.point
            qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.screen_position(*target).toPoint())
            x, y = window.lesson.point
            assert (x, y) != before and (x, y) == pytest.approx(target, abs=0.05)
            axis = 0 if source == "slice-x" else 1
            assert panel.x_value.text() == format_number((x, y)[axis])  # it starts at the picked coordinate
            assert panel.df_value.text() == value_label.text()  # f′ of the slice is the readout's partial
            assert panel.steps_value.text() == "0"  # a fresh run on the new slice


def test_a_slice_run_is_seen_moving_on_the_surface(window, qtbot):
    panel, view = window.descent_panel, window.surface_view
    choose_source(window, "slice-x")
    type_into(qtbot, panel.learning_rate_input, "0.05")
    assert view.run_lines.layer_visible("run_marker")
    seen = []
    for _ in range(3):
        qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
        marker = view.run_lines.layer("run_marker")[0].mean(axis=0)
        where = view.mesh.box.to_function(marker - [0, 0, 2 * LIFT])
        x = window.lesson.run.point[0]
        assert where == pytest.approx((x, 2.0, window.lesson.surface.value_at((x, 2.0))), abs=1e-4)  # on the slice
        seen.append(x)
    assert seen[0] > seen[1] > seen[2]  # moving downhill along the slice
    # And the marker is on screen, in the run's colour.
    rested(qtbot, view)
    image = view.snapshot()
    ratio = image.devicePixelRatio()
    centre = view.screen_position(seen[-1], 2.0)
    target = QColor(theme.RUN_COLOR)
    near = 0
    for px in range(int(centre.x() * ratio) - 12, int(centre.x() * ratio) + 13):
        for py in range(int(centre.y() * ratio) - 12, int(centre.y() * ratio) + 13):
            c = QColor(image.pixel(px, py))
            near += abs(c.red() - target.red()) + abs(c.green() - target.green()) + abs(c.blue() - target.blue()) < 60
    assert near > 10, "the run's point is not drawn on the surface"


def test_typing_the_start_on_a_slice_moves_the_picked_point(window, qtbot):
    panel = window.descent_panel
    choose_source(window, "slice-y")
    type_into(qtbot, panel.start_input, "0.5")
    assert window.lesson.point == (1.0, 0.5)
    assert window.point_y.value() == 0.5
    assert window.readout.dfdy_value.text() == panel.df_value.text() == "3.0000"  # 2(1) + 2(0.5)


def test_playing_a_slice_run_moves_the_surface_marker(window, qtbot):
    panel, view = window.descent_panel, window.surface_view
    choose_source(window, "slice-x")
    type_into(qtbot, panel.speed_input, "60")
    first = view.run_lines.layer("run_marker")[0].mean(axis=0).copy()
    qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lesson.run.steps >= 5, timeout=5000)
    qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)
    assert not panel.playing
    assert not np.allclose(view.run_lines.layer("run_marker")[0].mean(axis=0), first)


def test_a_bad_function_in_either_bar_leaves_both_views_as_they_were(window, qtbot):
    panel, view = window.descent_panel, window.surface_view
    choose_source(window, "slice-x")
    vertices = view.mesh.vertices.copy()
    bar = window.function_bar
    bar.input.selectAll()
    qtbot.keyClicks(bar.input, "3x^2 + * y")
    qtbot.keyClick(bar.input, Qt.Key.Key_Return)
    assert bar.error.isVisible() and "column 6" in bar.error.text()
    assert np.array_equal(view.mesh.vertices, vertices)
    assert panel.formula.text() == "f(x, 2) = 3x² + 4x + 4, f′(x) = 6x + 4" and panel.df_value.text() == "10.0000"
    # A function that parses but cannot be drawn: the same, with the reason.
    bar.input.selectAll()
    qtbot.keyClicks(bar.input, "1e299*x^19")
    qtbot.keyClick(bar.input, Qt.Key.Key_Return)
    assert "cannot be drawn" in window.note.text() and window.note.isVisible()
    assert "cannot be drawn" in bar.error.text() and bar.error.isVisible()
    assert panel.df_value.text() == "10.0000" and window.readout.dfdx_value.text() == "10.0000"
    # The descent panel's own bar.
    choose_source(window, "own")
    own = panel.function_bar
    formula = panel.formula.text()
    own.input.selectAll()
    qtbot.keyClicks(own.input, "x^2 +")
    qtbot.keyClick(own.input, Qt.Key.Key_Return)
    assert "column 5" in panel.status.text() and panel.status.text().startswith("⚠")  # said where the panel looks
    assert "border" in own.input.styleSheet()  # and the input is marked
    assert panel.formula.text() == formula and panel.x_value.text() == "2.2000"
    assert np.array_equal(view.mesh.vertices, vertices)


def test_a_diverging_run_stays_in_sight_or_is_marked_at_the_edge(window, qtbot):
    panel = window.descent_panel
    panel.function_bar.set_text("f(x) = x^2")
    type_into(qtbot, panel.learning_rate_input, "1.3")  # each step: x → −1.6x
    for _ in range(12):
        qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
        run = window.lesson.run
        x, fx = run.point[0], run.value
        (vx0, vx1), (vy0, vy1) = panel.plot.getPlotItem().viewRange()
        inside = vx0 <= x <= vx1 and vy0 <= fx <= vy1
        assert inside or (panel.off_view.isVisible() and format_number(x) in panel.off_view.toPlainText())
        if run.finished:
            break
    assert not inside and panel.off_view.isVisible()  # flown off: marked, not vanished
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    assert not panel.off_view.isVisible()
    (vx0, vx1), _ = panel.plot.getPlotItem().viewRange()
    assert vx1 - vx0 < 10  # back to the curve's own view


def test_coordinate_descent_draws_a_staircase_beside_plain_descent(window, qtbot):
    panel, view = window.descent_panel, window.surface_view
    choose_source(window, "coordinate")
    type_into(qtbot, panel.learning_rate_input, "0.1")
    assert not panel.start_input.isEnabled()
    for _ in range(4):
        qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    path = window.lesson.surface_points(window.lesson.run.path_array())
    moves = np.diff(path[:, :2], axis=0)
    assert [int(np.flatnonzero(m)[0]) for m in moves] == [0, 1, 0, 1]  # along x, then y, in turn
    assert (np.count_nonzero(moves, axis=1) == 1).all()
    assert panel.update_label.text().startswith("y₄ = y₃ − α·∂f/∂y = ")
    assert view.run_lines.layer_visible("run")
    colors = view.run_lines.layer("run")[1]
    grey = np.array(QColor(theme.COMPARE_COLOR).getRgbF())
    assert np.isclose(colors, grey, atol=0.01).all(axis=1).any()  # plain descent drawn for comparison
    qtbot.mouseClick(panel.skip_button, Qt.MouseButton.LeftButton)
    assert window.lesson.run.status == "converged"


def test_the_view_menu_hides_panes_the_layout_is_remembered_and_reset(qtbot):
    first = make_window(qtbot)
    action = first.descent_dock.toggleViewAction()
    assert action in first.view_menu.actions()
    action.trigger()
    assert not first.descent_dock.isVisible()
    first.close()
    second = make_window(qtbot)
    assert not second.descent_dock.isVisible()  # as the teacher left it
    second.reset_layout_action.trigger()
    assert second.descent_dock.isVisible() and second.readout_dock.isVisible()
    for name in IN_SIGHT:
        assert second.findChild(QWidget, name).isVisible(), name


def test_f11_presents_full_screen_with_larger_text_and_lines(window, qtbot):
    label = window.readout.dfdx_value
    size = label.font().pointSizeF()
    width = window.surface_view.lines.styles["tangents"].width
    window.activateWindow()
    qtbot.waitActive(window)
    typing = window.function_bar.input  # the shortcut works wherever the keyboard focus is
    typing.setFocus()
    qtbot.waitUntil(typing.hasFocus)
    qtbot.keyClick(typing, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    wait_laid_out(qtbot, window)
    scale = window.presentation_scale  # as large as the screen has room for, up to the theme's
    assert 1.0 < scale <= theme.PRESENTATION_SCALE
    assert label.font().pointSizeF() == pytest.approx(size * scale)
    assert window.surface_view.lines.styles["tangents"].width == pytest.approx(width * scale)
    needed, room = window.minimumSizeHint(), window.screen().geometry().size()
    assert needed.width() <= room.width() and needed.height() <= room.height()
    qtbot.keyClick(typing, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert label.font().pointSizeF() == pytest.approx(size)


def test_the_window_builds_everything_and_names_it(window):
    for name in IN_SIGHT + ["pointXInput", "pointYInput", "speedInput", "descentFunctionInput", "readoutDock", "descentDock"]:
        widget = window.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName(), name
    combo = window.descent_panel.source_input
    assert [combo.itemData(i) for i in range(combo.count())] == ["own", "slice-x", "slice-y", "slice-u", "coordinate", "surface"]


def test_nothing_raises_when_the_point_sits_in_a_hole(window, qtbot):
    window.function_bar.set_text("ln(x) + y")
    choose_source(window, "slice-y")
    type_into(qtbot, window.point_x, "-1")  # ln(−1): the slice is undefined everywhere
    assert window.lesson.point == (-1.0, 2.0)
    qtbot.mouseClick(window.descent_panel.step_button, Qt.MouseButton.LeftButton)
    assert window.lesson.run.status == "undefined"
    assert "undefined" in window.descent_panel.status.text()
    assert math.isnan(window.lesson.run.value)
    qtbot.mouseClick(window.surface_view, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))


@pytest.mark.window_size(1024, 768)
def test_at_1024_by_768_every_preset_and_source_stays_in_sight_even_after_runs_and_clicks(window, qtbot):
    from helpers import choose_preset

    panel, view = window.descent_panel, window.surface_view
    names = [window.function_bar.presets.itemText(i) for i in range(1, window.function_bar.presets.count())]
    for preset in names:
        choose_preset(window.function_bar, preset)
        for source in ("own", "slice-x", "slice-y", "slice-u", "coordinate", "surface"):
            choose_source(window, source)
            if source == "surface" and preset == names[0]:  # a full race from here on, in every source
                for _ in range(5):
                    qtbot.mouseClick(panel.add_run_button, Qt.MouseButton.LeftButton)
                assert len(window.lesson.runs) == 6 and not panel.add_run_button.isEnabled()
            for when in ("ready", "after a click", "run to the end"):
                if when == "after a click":  # an arbitrary point: long decimals, a new slice
                    (x0, x1), (y0, y1) = window.lesson.x_range, window.lesson.y_range
                    target = view.screen_position(x0 + 0.37 * (x1 - x0), y0 + 0.61 * (y1 - y0))
                    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=target.toPoint())
                elif when == "run to the end":
                    qtbot.mouseClick(panel.skip_button, Qt.MouseButton.LeftButton)
                flush_layout()
                where = f"{preset}, {source}, {when}"
                assert (window.width(), window.height()) == (1024, 768), where
                # Racing, the first run's own readout gives its room to the rows, each of
                # which says how its run stands (see ui/race_table.py).
                racing = len(window.lesson.runs) > 1
                shown = [n for n in IN_SIGHT if not (racing and n in RUN_ONE_READOUT)]
                endings = [f"runEnding{'' if i == 0 else i + 1}" for i in range(len(window.lesson.runs))]
                for name in shown + (endings if racing else []):
                    try:
                        assert_fully_in_sight(window, window.findChild(QWidget, name))
                    except AssertionError as error:
                        raise AssertionError(f"{where}: {error}") from None
                assert not racing or not any(window.findChild(QWidget, n).isVisible() for n in RUN_ONE_READOUT), where
                if source.startswith("slice"):  # f(x, 1.3941) = 3x² + 2.788238x …, not 30-digit fractions
                    assert not re.search(r"\d{8,}|·10", panel.formula.text()), f"{where}: {panel.formula.text()}"


def test_a_slice_held_at_a_pole_is_undefined_and_says_so(window, qtbot):
    window.function_bar.set_text("ln(y) + x")
    choose_source(window, "slice-x")
    type_into(qtbot, window.point_y, "0")  # ln(0): the slice f(x, 0) has no value anywhere
    panel = window.descent_panel
    assert window.lesson.point == (1.0, 0.0)
    assert panel.formula.text() == "f(x, 0) is undefined for every x: pick another point"
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    assert window.lesson.run.finished and panel.status.text()
    type_into(qtbot, window.point_y, "1")
    assert panel.formula.text() == "f(x, 1) = x, f′(x) = 1"


def test_after_a_click_the_slice_formula_reads_in_decimals(window, qtbot):
    choose_source(window, "slice-x")
    view = window.surface_view
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.screen_position(0.63, 1.37).toPoint())
    y0 = window.lesson.point[1]
    assert y0 != 1.37  # a click lands between round numbers
    text = window.descent_panel.formula.text()
    assert "/" not in text and "·10" not in text, text
    assert text.startswith(f"f(x, {format_value(y0)}) = 3x² + {2 * y0:.6f}".rstrip("0") + "x + ")  # 2y₀x, in decimals
