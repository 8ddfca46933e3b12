"""Training a quadratic in the window, as a student would (issues #23/#24): degree 2 chosen in
the Data pane's model menu with the mouse, Train clicked, → pressed — the curve drawn moves,
the held weight's slider follows the run, and the Gradient pane shows three slopes."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDoubleSpinBox

from test_polynomial import pick_from_menu

CTRL = Qt.KeyboardModifier.ControlModifier
pytestmark = pytest.mark.window_size(1024, 768)  # the shared window (conftest.py), as on a projector

# Seven points near y = 1 − x + 0.5x²: the quadratic's loss has its one minimum near (1, −1, 0.5).
SEVEN = ((-2.0, 5.2), (-1.0, 2.4), (0.0, 1.1), (1.0, 0.4), (2.0, 1.1), (3.0, 2.6), (4.0, 5.3))


def held_shown(window) -> list[float]:
    """The values the held variables' boxes show (beside their sliders)."""
    boxes = window.surface_pane.held_sliders.findChildren(QDoubleSpinBox)
    return [box.value() for box in sorted(boxes, key=lambda b: b.objectName()) if box.isVisible()]


def drawn_curve(pane) -> tuple[np.ndarray, np.ndarray]:
    curve = pane.plot.lines[0]
    assert curve.isVisible()
    return np.array(curve.xData), np.array(curve.yData)


def test_degree_2_trained_with_the_mouse_moves_the_curve_the_held_slider_and_shows_three_slopes(qtbot, window):
    lesson = window.lesson
    lesson.update(data=SEVEN)
    qtbot.keyClick(window, Qt.Key.Key_5, CTRL)
    pane = window.data_pane
    qtbot.waitUntil(lambda: pane.isVisible() and pane.plot.width() > 100)
    qtbot.mouseClick(pane.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lesson.data_drives)
    pick_from_menu(qtbot, pane.model_menu, "poly:2")
    qtbot.waitUntil(lambda: lesson.model == "poly:2" and len(lesson.run.point) == 3)
    assert lesson.data_drives and pane.model_menu.currentText() == "ŷ = w₀ + w₁x + w₂x²"
    assert lesson.shown == ("w0", "w1") and held_shown(window) == [1.0]  # w2 held
    assert window.function_bar.input.text().startswith("L(w0, w1, w2) = ")
    start = lesson.run.point
    xs, before = drawn_curve(pane)
    np.testing.assert_allclose(before, start[0] + start[1] * xs + start[2] * xs ** 2, rtol=1e-12, atol=1e-12)

    for k in (1, 2):  # the Step key, twice: a step of the three weights each time
        qtbot.keyClick(window, Qt.Key.Key_Right)
        qtbot.waitUntil(lambda k=k: lesson.run.steps == k)
    w = lesson.run.point
    assert all(a != b for a, b in zip(w, start))
    qtbot.waitUntil(lambda: not np.array_equal(drawn_curve(pane)[1], before))
    xs, after = drawn_curve(pane)
    np.testing.assert_allclose(after, w[0] + w[1] * xs + w[2] * xs ** 2, rtol=1e-12, atol=1e-12)
    assert held_shown(window) == pytest.approx([w[2]], abs=1e-12)  # the held w2 followed the run
    assert "curve: w₀ = " in pane.readout.text() and "w₂ = " in pane.readout.text()
    assert "distance to the answer" in pane.readout.text()

    qtbot.keyClick(window, Qt.Key.Key_6, CTRL)
    gradient = window.gradient_pane
    try:
        qtbot.waitUntil(lambda: window.gradient_dock.isVisible() and gradient.isVisible())
        x, y = np.array(SEVEN).T
        V = np.vander(x, 3, increasing=True)
        slopes = 2 * V.T @ (V @ np.array(w) - y) / len(x)  # ∇L at the run's point, numpy's own
        bars = [float(h) for h in gradient.plot.bars.opts["height"]]
        assert bars == pytest.approx(slopes.tolist(), rel=1e-9)
        ticks = [name for _x, name in gradient.plot.getPlotItem().getAxis("bottom")._tickLevels[0]]
        assert ticks == ["w₀", "w₁", "w₂"]
    finally:  # closed again, as the Gradient pane's own tests leave the shared window
        window.gradient_dock.setFloating(False)
        window.gradient_dock.hide()


@pytest.mark.parametrize("model", ["linear", "poly:2"])
def test_train_on_data_far_from_the_origin_shows_the_start_and_the_least_squares(qtbot, window, model):
    """Points near y = 40: b* (w0*) = 40.  Train used to bring only the answer into view
    (37 … 43), leaving the start (0, 0) off the range, and so refused itself, silently."""
    lesson = window.lesson
    data = tuple((x, 40.0 + 3.0 * x - (0.5 * x * x if model != "linear" else 0.0)) for x in (-2.0, -1.0, 0.0, 1.0, 2.0))
    lesson.update(data=data)
    qtbot.keyClick(window, Qt.Key.Key_5, CTRL)
    pane = window.data_pane
    qtbot.waitUntil(lambda: pane.isVisible() and pane.plot.width() > 100)
    if model != "linear":
        pick_from_menu(qtbot, pane.model_menu, model)
        qtbot.waitUntil(lambda: lesson.model == model)
    qtbot.mouseClick(pane.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lesson.data_drives)
    assert pane.train_button.isChecked() and lesson.point == (0.0, 0.0)
    lo, hi = lesson.y_range if model == "linear" else lesson.x_range  # the intercept's axis: b is y, w0 is x
    assert lo < 0.0 < 40.0 < hi
