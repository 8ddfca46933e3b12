"""The polynomial model ŷ = w₀ + w₁x + … + w_k x^k (#24 "Many parameters from data"): its loss,
gradient and least squares against numpy's lstsq, its training against torch's documented rules,
`explorer fit --model poly:K`, and the data pane's curve."""

import json
import math

import numpy as np
import pytest
from PySide6.QtCore import Qt

from explorer.cli import main
from explorer.core.data import DataSet
from explorer.core.expression import MAX_VARIABLES
from explorer.core.optimizers import Optimizer, parse_schedule
from explorer.core.polynomial import PolynomialLoss, parse_model, train_polynomial
from explorer.core.training import train

EIGHT = ((-1.5, 0.2), (-0.5, 1.9), (0.0, 1.1), (0.7, 2.6), (1.0, 2.9), (2.0, 5.2), (3.0, 6.8), (4.0, 9.1))


def loss_by_hand(points, weights):
    """(1/n) Σᵢ (yᵢ − Σⱼ wⱼ xᵢʲ)², point by point."""
    return math.fsum((y - sum(w * x ** j for j, w in enumerate(weights))) ** 2 for x, y in points) / len(points)


def gradient_by_hand(points, weights):
    """∂L/∂wⱼ = −(2/n) Σᵢ (yᵢ − ŷᵢ)·xᵢʲ."""
    residuals = [(y - sum(w * x ** j for j, w in enumerate(weights)), x) for x, y in points]
    return [-2 * math.fsum(r * x ** j for r, x in residuals) / len(points) for j in range(len(weights))]


@pytest.mark.parametrize("degree", [1, 2, 3, 4, 5])
def test_the_loss_gradient_and_least_squares_of_each_degree(degree):
    loss = PolynomialLoss(DataSet.from_points(EIGHT), degree)
    weights = [0.3, -0.2, 0.15, -0.05, 0.01, 0.002][:degree + 1]
    assert loss.at(weights) == pytest.approx(loss_by_hand(EIGHT, weights), rel=1e-12)
    np.testing.assert_allclose(loss.gradient(weights), gradient_by_hand(EIGHT, weights), rtol=1e-12, atol=1e-12)
    x, y = np.array(EIGHT).T
    expected = np.linalg.lstsq(np.column_stack([x ** j for j in range(degree + 1)]), y, rcond=None)[0]
    answer = loss.least_squares()
    np.testing.assert_allclose(answer.weights, expected, rtol=1e-12, atol=1e-12)
    assert not answer.many and answer.loss == pytest.approx(loss_by_hand(EIGHT, expected), rel=1e-9)
    # The least squares is the minimum: the gradient vanishes there, and any nudge costs.
    np.testing.assert_allclose(loss.gradient(answer.weights), 0.0, atol=1e-9)
    assert loss.at(np.array(answer.weights) + 1e-3) > answer.loss


def test_fewer_distinct_x_than_weights_is_one_minimum_of_many():
    answer = PolynomialLoss(DataSet.from_points([(2.0, 3.0), (1.0, 1.0)]), 3).least_squares()
    assert answer.many and answer.loss == pytest.approx(0.0, abs=1e-20) and "one of many" in answer.describe()


def test_the_text_is_a_function_of_w0_to_wk_that_parses_back_to_the_loss():
    one = PolynomialLoss(DataSet.from_points([(2.0, 3.0)]), 2)
    assert one.text() == "L(w0, w1, w2) = (3 - w0 - 2w1 - 4w2)^2"
    for degree in range(1, 6):
        for points in (EIGHT[:3], EIGHT):  # each point's term; the quadratic form multiplied out
            loss = PolynomialLoss(DataSet.from_points(points), degree)
            if degree + 1 > MAX_VARIABLES:  # the parser takes more variables once #24's n-variable parser is in
                continue
            f = loss.function()
            assert f.variable_names == tuple(f"w{j}" for j in range(degree + 1))
            at = [0.4, -0.3, 0.2, 0.1, -0.05, 0.01][:degree + 1]
            assert f.value_at(at) == pytest.approx(loss.at(at), rel=1e-10)
            np.testing.assert_allclose(f.partials_at(at), loss.gradient(at), rtol=1e-9, atol=1e-9)


def adam_by_hand(points, degree, lr, steps, b1=0.9, b2=0.999, eps=1e-8):
    """torch.optim.Adam's documented algorithm, weight by weight."""
    w = [0.0] * (degree + 1)
    m, v = [0.0] * len(w), [0.0] * len(w)
    for t in range(1, steps + 1):
        g = gradient_by_hand(points, w)
        for j in range(len(w)):
            m[j] = b1 * m[j] + (1 - b1) * g[j]
            v[j] = b2 * v[j] + (1 - b2) * g[j] ** 2
            w[j] -= lr * (m[j] / (1 - b1 ** t)) / (math.sqrt(v[j] / (1 - b2 ** t)) + eps)
    return w


def test_training_steps_every_weight_as_torch_optim_does():
    data = DataSet.from_points(EIGHT)
    gd = train_polynomial(data, 3, Optimizer("gd", 0.001), 3)
    w = [0.0] * 4
    for step in range(3):
        w = [wj - 0.001 * gj for wj, gj in zip(w, gradient_by_hand(EIGHT, w))]
        np.testing.assert_allclose(gd.weights[step + 1], w, rtol=1e-12, atol=1e-15)
    assert gd.losses[3] == pytest.approx(loss_by_hand(EIGHT, w), rel=1e-12)
    adam = train_polynomial(data, 4, Optimizer("adam", 0.05), 5)
    np.testing.assert_allclose(adam.weights[-1], adam_by_hand(EIGHT, 4, 0.05, 5), rtol=1e-12, atol=1e-15)


def test_mini_batches_and_schedules_are_the_lines_own():
    # The straight line as poly:1 (w0 = b, w1 = w) takes the same steps as the line's training:
    # the same shuffled batches of the same seed, the same α each step.
    data = DataSet.from_points(EIGHT)
    schedule = parse_schedule("cosine:40")
    line = train(data, Optimizer("momentum", 0.02), 40, batch=3, seed=5, schedule=schedule)
    poly = train_polynomial(data, 1, Optimizer("momentum", 0.02), 40, batch=3, seed=5, schedule=schedule)
    np.testing.assert_allclose(poly.weights[:, 1], line.w, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(poly.weights[:, 0], line.b, rtol=1e-10, atol=1e-13)
    np.testing.assert_array_equal(poly.learning_rates, line.learning_rates)
    again = train_polynomial(data, 1, Optimizer("momentum", 0.02), 40, batch=3, seed=5, schedule=schedule)
    assert np.array_equal(again.weights, poly.weights)  # the same seed: the same run, bit for bit
    other = train_polynomial(data, 1, Optimizer("momentum", 0.02), 40, batch=3, seed=6, schedule=schedule)
    assert not np.array_equal(other.weights, poly.weights)


def test_explorer_fit_trains_a_cubic_and_prints_its_least_squares(capsys, tmp_path):
    path = tmp_path / "points.csv"
    path.write_text("x,y\n" + "".join(f"{x},{y}\n" for x, y in EIGHT), encoding="utf-8")
    code = main(["fit", str(path), "--model", "poly:3", "--optimizer", "adam", "--lr", "0.05", "--steps", "3000", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["model"] == "poly:3" and out["parameters"] == ["w0", "w1", "w2", "w3"]
    x, y = np.array(EIGHT).T
    expected = np.linalg.lstsq(np.vander(x, 4, increasing=True), y, rcond=None)[0]
    np.testing.assert_allclose(out["least_squares"]["weights"], expected, rtol=1e-12)
    assert out["distance_to_least_squares"] < 0.05 and out["loss"][-1] < out["loss"][0]
    assert out["weights"][0] == [0.0, 0.0, 0.0, 0.0] and len(out["weights"]) == 3001
    code = main(["fit", str(path), "--model", "poly:3"])
    text = capsys.readouterr().out
    assert code == 0 and "ŷ = w0 + w1·x + w2·x² + w3·x³" in text and "least squares: w0 = " in text
    assert main(["fit", str(path), "--model", "poly:6"]) == 2
    assert "poly:K with K from 1 to 5" in capsys.readouterr().err
    assert main(["fit", str(path), "--model", "poly:2", "--start", "1,2"]) == 2
    assert "3 starting weights w0,w1,w2" in capsys.readouterr().err


def test_parse_model():
    assert parse_model("poly:4") == ("poly", 4) and parse_model("linear") == ("linear", 1)
    for bad in ("poly", "poly:0", "poly:x", "cubic"):
        with pytest.raises(ValueError):
            parse_model(bad)


def pick_from_menu(qtbot, combo, data) -> None:
    """Open the menu and click the entry whose data is ``data``, as a student with a mouse."""
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    rect = view.visualRect(view.model().index(combo.findData(data), 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not view.isVisible())


def test_the_pane_draws_the_least_squares_cubic_and_says_where_the_surface_cannot_follow(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    pane = window.data_pane
    qtbot.waitUntil(lambda: pane.isVisible())
    window.lesson.update(data=EIGHT)
    qtbot.mouseClick(pane.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lesson.data_drives)
    pick_from_menu(qtbot, pane.model_menu, "poly:3")  # (the keys would stop at the logistic entry: its labels are refused)
    qtbot.waitUntil(lambda: window.lesson.model == "poly:3")
    x, y = np.array(EIGHT).T
    cubic = np.linalg.lstsq(np.vander(x, 4, increasing=True), y, rcond=None)[0]
    answer = pane.plot.answer
    assert answer.isVisible()
    np.testing.assert_allclose(answer.yData, np.polyval(cubic[::-1], answer.xData), rtol=1e-9, atol=1e-9)
    assert "w3 = " in pane.readout.text()
    if MAX_VARIABLES < 4:  # the surface shows two variables on this branch: said, and the data let go of it
        assert not window.lesson.data_drives
        assert pane.message.isVisible() and "function of its 4 weights w0 … w3" in pane.message.text()
