"""Descent on the surface and runs racing, driven as a student would: the lesson's step
w ← w − α·∇L with real clicks, runs added and their sliders moved, a run that diverges, the
stability bands on a slider, the hump a step jumps."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from explorer.core.notation import format_number
from explorer.ui import theme
from helpers import choose_item, type_function, type_into

LOSS = "L(w, b) = (3 - 2w - b)^2"


def the_lesson_on_the_surface(qtbot, window) -> None:
    """The loss typed, the point (0, 0) typed in, descent on the surface chosen."""
    type_function(qtbot, window, LOSS)
    type_into(qtbot, window.point_x, "0")
    type_into(qtbot, window.point_y, "0")
    choose_item(window.descent_panel.source_input, "surface")
    assert window.lesson.point == (0.0, 0.0) and window.lesson.descent_source == "surface"


def test_the_lessons_step_with_real_clicks(window, qtbot):
    the_lesson_on_the_surface(qtbot, window)
    panel = window.descent_panel
    assert panel.x_value.text() == "(0.0000, 0.0000)" and panel.df_value.text() == "[−12.0000, −6.0000]"
    assert panel.formula.text() == "(w, b) ← (w, b) − α·∇L"
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    assert panel.x_value.text() == "(0.1200, 0.0600)"
    assert panel.f_value.text() == "7.2900"
    assert panel.df_value.text() == "[−10.8000, −5.4000]"
    assert panel.steps_value.text() == "1"
    assert panel.update_label.full_text() == "(w, b)₁ = (w, b)₀ − α·∇L = (0, 0) − 0.01·(−12, −6) = (0.12, 0.06)"
    # The readout names the variables of the function typed, and the rule of its valley.
    assert panel.x_name.text() == "(w, b) =" and panel.df_name.text() == "∇L ="
    assert panel.alpha_value.full_text() == "α = 0.01 < 1/λ = 0.1: steady descent"
    # On the surface: the run's path and where it is, in the run's colour, and −∇f there.
    path, colors = window.surface_view.run_lines.layer("run")
    assert len(path) >= 2 and np.allclose(colors[0], QColor(theme.RUN_COLORS[0]).getRgbF())
    arrow, _ = window.surface_view.run_lines.layer("run_gradient")
    assert len(arrow) == 6
    # The plot shows L over the steps (on a log scale: it falls through decades).
    assert panel.plot.getAxis("bottom").labelText == "step"
    assert panel.plot.getPlotItem().ctrl.logYCheck.isChecked()
    steps, values = panel.history_points(0)
    assert list(steps) == [0, 1] and 10.0 ** values == pytest.approx([9.0, 7.29])  # log10 of L on the log axis


def test_momentum_explains_its_velocity_first(window, qtbot):
    the_lesson_on_the_surface(qtbot, window)
    panel = window.descent_panel
    choose_item(panel.optimizer_input, "momentum")
    assert window.lesson.optimizer == "momentum"
    assert panel.formula.text().startswith("v ← β·v + ∇L,  (w, b) ← (w, b) − α·v")
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    lines = panel.update_label.full_text().split("\n")
    # v₁ = ∇L(0, 0) = (−12, −6); (w, b)₁ = (0.12, 0.06); ∇L there = (−10.8, −5.4);
    # v₂ = 0.9·v₁ + ∇L = (−21.6, −10.8); (w, b)₂ = (0.12, 0.06) − 0.01·v₂ = (0.336, 0.168).
    assert lines[0] == "v₂ = β·v₁ + ∇L = 0.9·(−12, −6) + (−10.8, −5.4) = (−21.6, −10.8)"
    assert lines[1] == "(w, b)₂ = (w, b)₁ − α·v₂ = (0.12, 0.06) − 0.01·(−21.6, −10.8) = (0.336, 0.168)"
    assert panel.x_value.text() == "(0.3360, 0.1680)"


def test_adamw_is_in_the_menu_and_explains_its_weight_decay_first(window, qtbot):
    the_lesson_on_the_surface(qtbot, window)
    panel = window.descent_panel
    menu = panel.optimizer_input
    assert [menu.itemText(i) for i in range(menu.count())][-2:] == ["Adam", "AdamW"]
    choose_item(menu, "adamw")
    assert window.lesson.optimizer == "adamw" and menu.currentText() == "AdamW"
    assert panel.formula.text().startswith("(w, b) ← (1 − α·λ)·(w, b),  m ← β₁·m + (1 − β₁)·∇L")
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    lines = panel.update_label.full_text().split("\n")
    # Adam's first step is α·sign(g) = (0.01, 0.01); AdamW decays it by 1 − α·λ = 0.9999.
    assert lines[0] == "(1 − α·λ)·(w, b)₁ = 0.9999·(0.01, 0.01) = (0.01, 0.01)  (the weight decay)"
    assert [line.split(" = ")[0] for line in lines[1:]] == ["m₂", "v₂", "m̂", "(w, b)₂"]


def test_a_run_added_and_its_slider_moved_changes_its_path(window, qtbot):
    the_lesson_on_the_surface(qtbot, window)
    panel, view = window.descent_panel, window.surface_view
    qtbot.mouseClick(panel.add_run_button, Qt.MouseButton.LeftButton)
    assert window.lesson.more_runs == (("momentum", 0.01),)
    slider = panel.findChild(type(panel.learning_rate_slider), "learningRateSlider2")
    assert slider is not None and slider.isVisible()
    before_plot = panel.forecast_points(1)[1].copy()
    before_surface = view.run_lines.layer("forecast")[0].copy()
    slider.setFocus()
    for _ in range(3):
        qtbot.keyClick(slider, Qt.Key.Key_PageUp)
    (kind, alpha), = window.lesson.more_runs
    assert kind == "momentum" and alpha > 0.01
    assert window.lesson.learning_rate == 0.01  # the first run kept its α
    box = panel.findChild(type(panel.learning_rate_input), "learningRateInput2")
    assert box.value() == pytest.approx(alpha)
    after_plot = panel.forecast_points(1)[1]
    assert len(after_plot) != len(before_plot) or not np.allclose(after_plot, before_plot)
    assert not np.array_equal(view.run_lines.layer("forecast")[0], before_surface)
    # Both runs step together from the same start.
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    first, second = window.lesson.runs
    assert first.steps == second.steps == 1 and first.start == second.start == (0.0, 0.0)
    assert second.point == pytest.approx((alpha * 12, alpha * 6))  # momentum's first step is α·∇L too
    # Removing it leaves the first run alone.
    qtbot.mouseClick(panel.findChild(QWidget, "runRow2").remove_button, Qt.MouseButton.LeftButton)
    assert window.lesson.more_runs == () and len(window.lesson.runs) == 1


def test_a_diverging_run_on_the_surface_stops_and_says_why(window, qtbot):
    the_lesson_on_the_surface(qtbot, window)
    panel = window.descent_panel
    type_into(qtbot, panel.learning_rate_input, "0.25")
    assert window.lesson.learning_rate == 0.25
    assert panel.alpha_value.full_text() == "α = 0.25 > 2/λ = 0.2: diverges"
    with qtbot.waitSignal(panel.runFinished, timeout=5000) as finished:
        qtbot.mouseClick(panel.skip_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["diverged"]
    assert "diverged after" in panel.status.full_text() and "α = 0.25 is too large" in panel.status.full_text()
    assert panel.run_rows[0].swatch.text() == "●✗"
    assert window.lesson.run.steps < 10_000


def test_the_sliders_groove_shows_where_descent_oscillates_and_diverges(window, qtbot):
    the_lesson_on_the_surface(qtbot, window)
    slider = window.descent_panel.learning_rate_slider
    assert slider.bands() == pytest.approx((0.1, 0.2))
    assert "2/λ = 0.2" in slider.toolTip()
    image = slider.scale.grab().toImage()
    ratio = image.devicePixelRatio()

    def color_at(alpha):
        return image.pixelColor(int(slider.x_of(alpha) * ratio), int(2 * ratio)).name()

    assert color_at(0.03) == theme.BAND_COLORS["monotone"]
    assert color_at(0.14) == theme.BAND_COLORS["oscillating"]
    assert color_at(0.6) == theme.BAND_COLORS["diverging"]
    # Adam has no fixed critical α: no bands, and the tooltip says why.
    choose_item(window.descent_panel.optimizer_input, "adam")
    assert slider.bands() == (None, None) and "no fixed critical α" in slider.toolTip()


def test_a_step_over_the_hump_is_drawn_and_said(window, qtbot):
    panel = window.descent_panel
    type_into(qtbot, panel.learning_rate_input, "0.12")  # the own two-valley curve, from x₀ = 2.2
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    xs, ys = panel.hump_marker.getData()
    assert xs[0] == pytest.approx(0.0738, abs=1e-4)
    assert panel.hump_label.isVisible()
    assert panel.status.full_text() == "paused after 1 step — press Play or Step; the first step jumped over the hump at x ≈ 0.07"
    with qtbot.waitSignal(panel.runFinished, timeout=5000):
        qtbot.mouseClick(panel.skip_button, Qt.MouseButton.LeftButton)
    text = panel.status.full_text()
    assert text.startswith("converged to the deeper of the two minima at x ≈ −1.3392")
    assert text.endswith("the first step jumped over the hump at x ≈ 0.07")


def test_runs_race_on_a_curve_too(window, qtbot):
    panel = window.descent_panel
    qtbot.mouseClick(panel.add_run_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.add_run_button, Qt.MouseButton.LeftButton)
    assert [r.optimizer.kind for r in window.lesson.runs] == ["gd", "momentum", "nesterov"]
    for _ in range(3):
        qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    for index, run in enumerate(window.lesson.runs[1:], start=1):
        x, y = panel.run_marker(index)
        assert run.steps == 3 and x == run.point[0] and y == pytest.approx(run.value)
    with qtbot.waitSignal(panel.runFinished, timeout=5000):
        qtbot.mouseClick(panel.skip_button, Qt.MouseButton.LeftButton)
    summary = panel.status.full_text()
    assert summary.startswith("run 1: converged to the shallower of the two minima")
    assert "run 2 (momentum, α = 0.01) converged in" in summary and "run 3 (Nesterov, α = 0.01)" in summary


def test_the_rule_is_told_for_the_valley_a_run_jumps_into(window, qtbot):
    panel = window.descent_panel
    type_into(qtbot, panel.learning_rate_input, "0.16")  # the first step jumps the hump from x₀ = 2.2
    # The start's valley would allow 0.16 (2/λ = 0.161 there); the left valley, where the run
    # lands, has λ = f″(−1.339) ≈ 14.7: 2/λ ≈ 0.136, so the run diverges, and the readout says so.
    assert panel.alpha_value.full_text() == "α = 0.16 > 2/λ = 0.136: diverges (the valley at x ≈ −1.34)"
    assert panel.learning_rate_slider.bands()[1] == pytest.approx(0.161, abs=5e-4)  # the bands: the start's valley
    with qtbot.waitSignal(panel.runFinished, timeout=5000) as finished:
        qtbot.mouseClick(panel.skip_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["diverged"]


def test_a_flat_bottom_has_no_rule_to_tell(window, qtbot):
    panel = window.descent_panel
    box = panel.function_bar.input
    box.selectAll()
    qtbot.keyClicks(box, "f(x) = x^4")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.lesson.descent_function == "f(x) = x^4"
    # f″ = 0 at the minimum: no quadratic, no critical α (not "2/λ = 10⁵").
    assert panel.alpha_value.full_text() == "α = 0.01" and panel.learning_rate_slider.bands() == (None, None)


def test_the_log_scale_stays_while_alpha_changes(window, qtbot):
    the_lesson_on_the_surface(qtbot, window)
    panel = window.descent_panel
    assert panel.plot.getPlotItem().ctrl.logYCheck.isChecked()
    type_into(qtbot, panel.learning_rate_input, "0.02")
    assert window.lesson.learning_rate == 0.02 and panel.plot.getPlotItem().ctrl.logYCheck.isChecked()


def test_a_frame_over_the_kept_surface_is_the_whole_frame(window, qtbot):
    """The surface and the probe are rendered once and kept; a frame of the race copies them
    and draws the runs over them.  After each thing a student does, what the view shows
    is, pixel for pixel, what rendering everything afresh shows."""
    the_lesson_on_the_surface(qtbot, window)
    panel, view = window.descent_panel, window.surface_view
    qtbot.mouseClick(panel.add_run_button, Qt.MouseButton.LeftButton)

    def frames_agree(what: str) -> None:
        # A step moves the runs, so the frame is drawn over the kept layers (rendered again
        # first if what they show changed since): the path under test.  (The contour map and
        # the probe's labels settle first: they follow a change a turn later, as still layers.)
        # On a loaded machine a settling timer can still fire between the step and the grab
        # (it repaints everything afresh): then the student steps again, until a step's frame
        # is the one grabbed.
        def stepped_over_kept_layers() -> bool:
            if view.settling:
                return False
            qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
            view.snapshot()
            return view.drawn_over_kept_layers

        try:
            qtbot.waitUntil(stepped_over_kept_layers, timeout=10_000)
        except qtbot.TimeoutError:
            raise AssertionError(f"the frame after {what} was not drawn over the kept layers") from None
        kept = view.snapshot()
        assert view.drawn_over_kept_layers, f"the frame after {what} was not drawn over the kept layers"
        view.keep_still_layers = False
        try:
            whole = view.snapshot()
        finally:
            view.keep_still_layers = True
        assert kept == whole, f"the kept surface is stale after {what}"

    frames_agree("the first step")
    first = view.snapshot()
    for _ in range(2):
        qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    frames_agree("three more steps")
    assert view.snapshot() != first  # the runs moved: the frame is not simply the old one
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)  # the point moves: the probe's lines are still layers
    frames_agree("the point moved")
    window.plane_toggle.click()
    frames_agree("the tangent plane shown")
    view.setCameraPosition(azimuth=view.opts["azimuth"] + 25)  # an orbit
    frames_agree("an orbit")
    window.contours_toggle.click()
    frames_agree("the contour lines hidden")
    window.function_bar.set_text("L(w, b) = (3 - 2w - b)^2 + w^2")
    frames_agree("a new function")


def test_a_zoom_by_hand_of_f_over_the_steps_stays_while_a_runs_alpha_is_dragged(window, qtbot):
    from test_descent_panel import wheel_zoom

    the_lesson_on_the_surface(qtbot, window)
    panel = window.descent_panel
    qtbot.mouseClick(panel.add_run_button, Qt.MouseButton.LeftButton)
    vb = panel.plot.getPlotItem().vb
    whole = vb.viewRange()
    wheel_zoom(qtbot, panel.plot)
    qtbot.waitUntil(lambda: vb.viewRange()[0][1] - vb.viewRange()[0][0] < 0.9 * (whole[0][1] - whole[0][0]))
    zoomed = vb.viewRange()
    slider = panel.findChild(type(panel.learning_rate_slider), "learningRateSlider2")
    before = panel.forecast_points(1)[1].copy()
    slider.setFocus()
    for _ in range(3):
        qtbot.keyClick(slider, Qt.Key.Key_PageUp)
    assert window.lesson.more_runs[0][1] > 0.01
    after = panel.forecast_points(1)[1]
    assert len(after) != len(before) or not np.allclose(after, before)  # its path redrawn …
    assert np.ravel(vb.viewRange()) == pytest.approx(np.ravel(zoomed))  # … in the student's view


def test_six_runs_animated_past_their_kept_steps_are_drawn_where_they_are(window, qtbot):
    # Issue #25: a frame draws only the steps taken since the last; after a thousand frames'
    # worth, what the surface and the plot show is still each run's kept path and point.
    lesson, panel, view = window.lesson, window.descent_panel, window.surface_view
    type_function(qtbot, window, "(1 - x)^2 + 100(y - x^2)^2")
    type_into(qtbot, window.point_x, "-1")
    type_into(qtbot, window.point_y, "1")
    choose_item(panel.source_input, "surface")
    type_into(qtbot, panel.learning_rate_input, "0.001")
    for _ in range(5):
        qtbot.mouseClick(panel.add_run_button, Qt.MouseButton.LeftButton)
    type_into(qtbot, panel.speed_input, "600")
    assert len(lesson.runs) == 6 and lesson.speed == 600
    qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lesson.run.steps >= 1100 or lesson.finished, timeout=30_000)
    qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)  # pause
    assert lesson.run.steps >= 1100  # past the 1,000 steps a run keeps at each end
    box, runs = lesson.mesh.box, lesson.runs
    run_colors = np.array([QColor(c).getRgbF() for c in theme.RUN_COLORS], dtype=np.float32)
    path, colors = view.run_lines.layer("run")
    dots, _ = view.run_lines.layer("run_marker")
    for i, run in enumerate(runs):
        kept = lesson.surface_points(run.path_array())
        world = box.to_world(kept).astype(np.float32)
        mine = path[np.all(np.isclose(colors, run_colors[i]), axis=1)]
        # Every vertex drawn in the run's colour is one of its kept steps on the surface …
        assert len(mine) >= 2
        assert all(np.isclose(world[:, :2], v[:2], atol=1e-6).all(axis=1).any() for v in mine)
        # … its line ends where it is, and its dot is there.
        here = box.to_world(lesson.surface_points(np.array([run.point]))[0])
        assert np.allclose(mine[-1][:2], here[:2], atol=1e-6)
        assert np.isclose(dots[6 * i:6 * i + 6].mean(axis=0)[:2], here[:2], atol=1e-6).all()
        # The plot's line of f over the steps is the run's, in log10 (f falls through decades).
        steps, values = panel.history_points(i)
        assert list(steps) == list(run.path_steps())
        assert np.allclose(values, np.log10(kept[:, 2]), equal_nan=True)
        # The row says how it stands: the step it is at (or that it swings), as of this frame.
        if not run.finished:
            assert panel.run_rows[i].ending.text() in (f"step {run.steps}", "↔ oscillates")
    # Back to one run: the readout's lines about the first run show again, on where it is.
    for _ in range(5):
        qtbot.mouseClick(panel.findChild(QWidget, "runRow2").remove_button, Qt.MouseButton.LeftButton)
    assert len(lesson.runs) == 1 and panel.x_value.isVisible()
    assert panel.steps_value.text() == str(lesson.run.steps)
    assert panel.x_value.text() == "(" + ", ".join(format_number(c) for c in lesson.run.point) + ")"
