"""The data pane, driven as a student drives it: points clicked, dragged and deleted with the
mouse, the surface re-formed as the loss of the data, training moving the line."""

import json

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog

FIVE = ((0.0, 1.1), (1.0, 2.9), (2.0, 5.2), (3.0, 6.8), (4.0, 9.1))  # y = 2x + 1 plus fixed noise


def shown_pane(qtbot, window):
    """Open the data pane with its View key, as a student would."""
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    pane = window.data_pane
    qtbot.waitUntil(lambda: pane.isVisible() and pane.plot.width() > 100)
    return pane


def at(plot, x, y) -> QPoint:
    return plot.to_screen(x, y)


def loss_by_hand(points, w, b):
    """(1/n) Σ (yᵢ − w xᵢ − b)², written out point by point."""
    return sum((y - w * x - b) ** 2 for x, y in points) / len(points)


def test_a_click_on_empty_ground_adds_a_point_where_it_was_clicked(qtbot, window):
    pane = shown_pane(qtbot, window)
    plot = pane.plot
    (x0, x1), (y0, y1) = plot.getViewBox().viewRange()
    target = (x0 + 0.3 * (x1 - x0), y0 + 0.7 * (y1 - y0))
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=at(plot, *target))
    qtbot.waitUntil(lambda: len(window.lesson.data) == 2)
    added = window.lesson.data[1]
    pixel = (x1 - x0) / plot.width()
    assert abs(added[0] - target[0]) < 2 * pixel and abs(added[1] - target[1]) < 2 * (y1 - y0) / plot.height()
    assert window.lesson.data[0] == (2.0, 3.0)


def test_dragging_a_point_reforms_the_surface_live_and_one_undo_puts_it_back(qtbot, window):
    pane = shown_pane(qtbot, window)
    qtbot.mouseClick(pane.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lesson.data_drives)
    before = window.lesson.to_dict()
    plot = pane.plot
    start = at(plot, 2.0, 3.0)
    qtbot.mousePress(plot.viewport(), Qt.MouseButton.LeftButton, pos=start)
    shown = []  # what the surface showed at each move of the mouse
    window.lesson.events.previewed.connect(shown.append)
    for k in range(1, 6):  # the point moves down in five moves; the bowl follows each
        to = start + QPoint(0, 12 * k)

        def shown_at(k=k, to=to):
            if len(shown) >= k:
                return True
            # A mouse goes on reporting where it is; pyqtgraph drops moves that come faster than its rate limit.
            qtbot.mouseMove(plot.viewport(), to)
            return False

        qtbot.mouseMove(plot.viewport(), to)
        qtbot.waitUntil(shown_at)
        (x, y), = plot.dragging
        mesh = shown[-1]
        assert y < 3.0 and abs(x - 2.0) < 0.05
        for i, j in ((0, 0), (57, 140), (199, 199), (120, 3)):  # its heights are the loss of the point where it is now
            assert mesh.values[i, j] == pytest.approx(loss_by_hand([(x, y)], mesh.x[i], mesh.y[j]), rel=1e-12, abs=1e-12)
        assert window.surface_view.surface.vertexes is not None
        assert np.array_equal(window.surface_view.surface.vertexes, mesh.vertices)  # uploaded to the view
    assert len({m.values[0, 0] for m in shown}) >= 5  # a new surface at every move
    qtbot.mouseRelease(plot.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(0, 60))
    qtbot.waitUntil(lambda: window.lesson.data != ((2.0, 3.0),))
    (x, y), = window.lesson.data
    assert plot.dragging is None and y < 3.0
    mesh = window.lesson.mesh  # the lesson's surface, after the drag: the loss of the point where it was let go
    assert mesh.values[57, 140] == pytest.approx(loss_by_hand([(x, y)], mesh.x[57], mesh.y[140]), rel=1e-12)
    assert window.function_bar.input.text() == f"L(w, b) = ({format_value_plain(y)} - {format_value_plain(x)}w - b)^2"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the whole drag: one step
    qtbot.waitUntil(lambda: window.lesson.data == ((2.0, 3.0),))
    assert window.lesson.to_dict() == before and window.function_bar.input.text() == "L(w, b) = (3 - 2w - b)^2"


def format_value_plain(value: float) -> str:
    return np.format_float_positional(value, trim="-")


def test_delete_and_right_click_remove_points_but_never_the_last(qtbot, window):
    pane = shown_pane(qtbot, window)
    window.lesson.update(data=((2.0, 3.0), (0.0, 1.0), (1.0, 1.5)))
    plot = pane.plot
    qtbot.waitUntil(lambda: plot.points.data.size == 3)
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=at(plot, 0.0, 1.0))  # select it
    assert window.lesson.data[:3] == ((2.0, 3.0), (0.0, 1.0), (1.0, 1.5)), window.lesson.data
    assert plot.selected == 1 and pane.point_x.value() == 0.0 and pane.point_y.value() == 1.0
    qtbot.keyClick(plot, Qt.Key.Key_Delete)
    assert window.lesson.data == ((2.0, 3.0), (1.0, 1.5))
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.RightButton, pos=at(plot, 1.0, 1.5))
    assert window.lesson.data == ((2.0, 3.0),)
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.RightButton, pos=at(plot, 2.0, 3.0))
    assert window.lesson.data == ((2.0, 3.0),)
    assert "the last point cannot be removed" in pane.message.text() and pane.message.isVisible()


@pytest.mark.parametrize("points, text", [
    (((2.0, 3.0),), "L(w, b) = (3 - 2w - b)^2"),
    (((2.0, 3.0), (4.0, 5.0)), "L(w, b) = ((3 - 2w - b)^2 + (5 - 4w - b)^2)/2"),
    (FIVE, "L(w, b) = ((1.1 - b)^2 + (2.9 - w - b)^2 + (5.2 - 2w - b)^2 + (6.8 - 3w - b)^2 + (9.1 - 4w - b)^2)/5"),
])
def test_the_function_bar_shows_the_loss_of_1_2_and_5_points_and_says_whence(qtbot, window, points, text):
    pane = shown_pane(qtbot, window)
    window.lesson.update(data=points)
    qtbot.mouseClick(pane.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.function_bar.input.text() == text)
    assert "the loss of the data" in window.function_bar.parsed.text()
    # The bar's text is the loss: read back, it is the mean squared error at any (w, b).
    assert window.lesson.surface.value_at((0.7, -1.3)) == pytest.approx(loss_by_hand(points, 0.7, -1.3), rel=1e-12)


def test_typing_a_function_detaches_the_data(qtbot, window):
    from helpers import type_function

    pane = shown_pane(qtbot, window)
    qtbot.mouseClick(pane.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lesson.data_drives)
    type_function(qtbot, window, "f(x, y) = x^2 + y^2")
    qtbot.waitUntil(lambda: window.lesson.function.text == "f(x, y) = x^2 + y^2")
    assert not window.lesson.data_drives and not pane.train_button.isChecked()
    assert "the loss of the data" not in window.function_bar.parsed.text()


def test_one_step_from_0_0_at_alpha_001_on_the_lessons_point_moves_the_line(qtbot, window):
    pane = shown_pane(qtbot, window)
    qtbot.mouseClick(pane.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lesson.data_drives and window.lesson.descent_source == "surface")
    assert window.lesson.run.point == (0.0, 0.0) and window.lesson.learning_rate == 0.01
    line = pane.plot.lines[0]
    assert np.allclose(line.yData, 0.0)  # ŷ = 0x + 0 before the step
    window.step_action.trigger()
    qtbot.waitUntil(lambda: window.lesson.run.steps == 1)
    w, b = window.lesson.run.point
    assert (w, b) == pytest.approx((0.12, 0.06), abs=1e-15)
    assert window.lesson.run.value == pytest.approx(7.29, abs=1e-12)
    assert np.allclose(line.yData, 0.12 * line.xData + 0.06, rtol=0, atol=1e-12)
    assert "L = 7.29" in pane.readout.text() and "step 1" in pane.readout.text()
    # The residual of the point (2, 3) runs from it down to the line at x = 2: 3 − 0.3.
    assert np.allclose(sorted(pane.plot.residuals.yData), [0.3, 3.0])
    assert "valley" in pane.readout.text()  # one point: every line through it fits; no one minimum


def test_five_points_train_toward_the_least_squares_line(qtbot, window):
    pane = shown_pane(qtbot, window)
    window.lesson.update(data=FIVE)
    qtbot.mouseClick(pane.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lesson.data_drives)
    w_star, b_star = np.linalg.lstsq(np.column_stack([np.array(FIVE)[:, 0], np.ones(5)]), np.array(FIVE)[:, 1],
                                     rcond=None)[0]
    answer = pane.plot.answer
    assert answer.isVisible() and np.allclose(answer.yData, w_star * answer.xData + b_star, atol=1e-9)
    first = float(pane.readout.text().split("distance to the answer: ")[1].split(">")[1].split("<")[0])
    window.lesson.step_run(200)
    qtbot.waitUntil(lambda: window.lesson.run.steps == 200)
    later = float(pane.readout.text().split("distance to the answer: ")[1].split(">")[1].split("<")[0])
    assert later < first == pytest.approx(np.hypot(w_star, b_star), rel=1e-3)


def test_a_bad_csv_is_refused_with_its_line_and_column_and_changes_nothing(qtbot, window, tmp_path, monkeypatch):
    pane = shown_pane(qtbot, window)
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n1,2\n3,abc\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    before = window.lesson.to_dict()
    qtbot.mouseClick(pane.load_button, Qt.MouseButton.LeftButton)
    assert pane.message.isVisible() and "line 3, column 3" in pane.message.text()
    assert window.lesson.to_dict() == before
    good = tmp_path / "good.csv"
    good.write_text("x,y\n" + "".join(f"{x},{y}\n" for x, y in FIVE), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(good), ""))
    qtbot.mouseClick(pane.load_button, Qt.MouseButton.LeftButton)
    assert window.lesson.data == FIVE and not pane.message.isVisible()


def test_the_data_are_saved_and_reopened_with_the_lesson(qtbot, window, tmp_path):
    pane = shown_pane(qtbot, window)
    window.lesson.update(data=FIVE)
    qtbot.mouseClick(pane.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lesson.data_drives)
    path = tmp_path / "fit.json"
    assert window.save_lesson(path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["training"]["data"] == [list(p) for p in FIVE] and saved["training"]["drives_surface"] is True
    window.new_lesson()
    qtbot.waitUntil(lambda: window.lesson.data == ((2.0, 3.0),))
    assert window.open_lesson(path)
    qtbot.waitUntil(lambda: window.lesson.data == FIVE and window.lesson.data_drives)
    assert pane.plot.points.data.size == 5 and pane.train_button.isChecked()
    assert window.function_bar.input.text().startswith("L(w, b) = ((1.1 - b)^2")


def test_the_answer_is_marked_on_the_surface_a_cross_at_w_b_or_the_valley_floor(qtbot, window):
    pane = shown_pane(qtbot, window)
    qtbot.mouseClick(pane.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lesson.data_drives)
    view = window.surface_view
    box = window.lesson.mesh.box
    floor, _ = view.lines.layer("answer")  # one point: the valley 2w + b = 3, at L = 0
    ends = box.to_function(floor)
    assert len(ends) == 2 and np.allclose(2 * ends[:, 0] + ends[:, 1], 3.0, atol=1e-5) and np.allclose(ends[:, 2], 0.0, atol=1e-5)  # float32 on the GPU
    window.lesson.update(data=FIVE)
    qtbot.waitUntil(lambda: len(view.lines.layer("answer")[0]) == 6)
    cross = window.lesson.mesh.box.to_function(view.lines.layer("answer")[0])
    w_star, b_star = np.linalg.lstsq(np.column_stack([np.array(FIVE)[:, 0], np.ones(5)]), np.array(FIVE)[:, 1],
                                     rcond=None)[0]
    assert np.allclose(cross.mean(axis=0), [w_star, b_star, loss_by_hand(FIVE, w_star, b_star)], atol=1e-5)
    qtbot.mouseClick(pane.train_button, Qt.MouseButton.LeftButton)  # off: the surface is a function again
    qtbot.waitUntil(lambda: not window.lesson.data_drives)
    window.lesson.update(function="f(x, y) = x^2 + y^2")
    qtbot.waitUntil(lambda: len(view.lines.layer("answer")[0]) == 0)
