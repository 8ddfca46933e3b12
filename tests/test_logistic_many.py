"""The logistic model on any number of points (#23): the surface was refused above five points
(the function bar wrote each point's softplus, and a parsed formula of thousands of terms can be
neither shown nor compiled).  Now the bar writes the mean as a sum over the points, the surface's
numbers come from the data, and they are torch's binary_cross_entropy_with_logits."""

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from explorer.core.data import DataSet
from explorer.core.lesson import Lesson
from explorer.core.loss import LogisticLoss
from explorer.core.loss_function import LossFunction
from explorer.core.notation import format_number
from helpers import choose_item, type_into


def labelled(n: int, seed: int = 7, spread: float = 2.0) -> tuple:
    """``n`` points, x normal, the label 1 mostly where x > 0 (noisy): a seeded data set."""
    rng = np.random.default_rng(seed)
    x = np.round(rng.normal(size=n) * spread, 6)
    y = (x + rng.normal(size=n) > 0).astype(float)
    return tuple(zip(x.tolist(), y.tolist()))


def documented_bce(w, b, points):
    """torch's binary_cross_entropy_with_logits (mean), as documented:
    −[y·log σ(z) + (1 − y)·log(1 − σ(z))], z = wx + b; summed with math.fsum."""
    terms = []
    for x, y in points:
        z = w * x + b
        log_sigma = -math.log1p(math.exp(-z)) if z >= 0 else z - math.log1p(math.exp(z))  # log σ(z)
        log_one_minus = log_sigma - z  # log(1 − σ(z)) = log σ(z) − z
        terms.append(-(y * log_sigma + (1 - y) * log_one_minus))
    return math.fsum(terms) / len(points)


def documented_gradient(w, b, points):
    """Its gradient, (1/n) Σ (σ(zᵢ) − yᵢ)·(xᵢ, 1)."""
    errors = [(1 / (1 + math.exp(-(w * x + b))) - y, x) for x, y in points]
    return (math.fsum(e * x for e, x in errors) / len(points), math.fsum(e for e, _ in errors) / len(points))


POINTS = labelled(300)


@pytest.mark.parametrize("w, b", [(0.0, 0.0), (0.7, -0.2), (-1.5, 2.0), (3.0, 1.0)])
def test_the_loss_of_300_points_is_binary_cross_entropy_with_logits(w, b):
    f = LossFunction(LogisticLoss(DataSet.from_points(POINTS)))
    value, dw, db = f.evaluate_point((w, b))
    assert value == pytest.approx(documented_bce(w, b, POINTS), rel=1e-12, abs=1e-12)
    assert (dw, db) == pytest.approx(documented_gradient(w, b, POINTS), rel=1e-12, abs=1e-12)
    # The same numbers from every path the app reads: arrays, descent's gradient, the Hessian.
    grid = f.evaluate(np.array([w, 0.1]), np.array([b, -0.3]))
    assert [a[0] for a in grid] == pytest.approx([value, dw, db], rel=1e-12, abs=1e-12)
    assert f.scalar_gradient()(w, b) == pytest.approx([dw, db], rel=1e-12, abs=1e-12)
    h = 1e-5  # the Hessian against central differences of the exact gradient
    by_difference = np.array([[(a - c) / (2 * h) for a, c in zip(f.partials_at((w + h, b)), f.partials_at((w - h, b)))],
                              [(a - c) / (2 * h) for a, c in zip(f.partials_at((w, b + h)), f.partials_at((w, b - h)))]])
    np.testing.assert_allclose(f.hessian_at((w, b)), by_difference, rtol=1e-6, atol=1e-9)


def test_the_formula_is_the_mean_of_a_sum_and_its_partials_read_as_a_lesson_writes_them():
    from explorer.core.notation import pretty

    f = LossFunction(LogisticLoss(DataSet.from_points(POINTS)))
    assert f.equation() == "L(w, b) = (1/300) Σᵢ [softplus(wxᵢ + b) - yᵢ(wxᵢ + b)]"
    assert pretty(f.partials[0], f.variables) == "(1/300) Σᵢ [(1/(e^(−w·xᵢ − b) + 1) − yᵢ)·xᵢ]"
    assert pretty(f.partials[1], f.variables) == "(1/300) Σᵢ [1/(e^(−w·xᵢ − b) + 1) − yᵢ]"
    # The partials written are the formula's own derivatives (sympy's, the data of 7 points put in).
    import sympy

    few = POINTS[:7]
    shorter = LossFunction(LogisticLoss(DataSet.from_points(few)))
    w, b = shorter.variables
    x, y = sympy.IndexedBase("x", real=True), sympy.IndexedBase("y", real=True)
    data = {**{x[i + 1]: sympy.Float(px) for i, (px, _) in enumerate(few)},
            **{y[i + 1]: sympy.Float(py) for i, (_, py) in enumerate(few)}}
    at = {w: sympy.Rational(3, 10), b: sympy.Rational(-1, 5)}

    def number(form):
        return float(form.doit().subs(data).subs(at))

    for written, variable in zip(shorter.partials, (w, b)):
        assert number(written) == pytest.approx(number(sympy.diff(shorter.expression, variable)), rel=1e-12)
    assert number(shorter.partials[0]) == pytest.approx(documented_gradient(0.3, -0.2, few)[0], rel=1e-12)


def test_the_mesh_is_the_loss_exactly_for_few_points_and_to_1e_6_for_many():
    w, b = np.linspace(-4, 4, 200), np.linspace(-3, 3, 200)
    few = LogisticLoss(DataSet.from_points(POINTS[:40]))
    values, dw, db = few.mesh_grid(w, b)
    for i, j in [(0, 0), (57, 141), (199, 199), (120, 3)]:
        assert values[i, j] == pytest.approx(documented_bce(w[i], b[j], POINTS[:40]), rel=1e-12)
        assert (dw[i, j], db[i, j]) == pytest.approx(documented_gradient(w[i], b[j], POINTS[:40]), rel=1e-10, abs=1e-13)
    many = LogisticLoss(DataSet.from_points(labelled(5000, seed=3)))
    fast = many.mesh_grid(w, b)  # 5000 × 40,000 pairs: binned
    exact = many.grid_with_gradient(w[::19], b[::23])
    for quick, true in zip(fast, exact):
        assert np.abs(quick[::19, ::23] - true).max() < 1e-5


def test_a_lesson_of_1000_points_descends_on_their_cross_entropy():
    data = labelled(1000)
    lesson = Lesson(data=data, model="logistic", data_drives=True, descent_source="surface", point=(0.0, 0.0),
                    learning_rate=0.5)
    assert lesson.settings()["function"] == "L(w, b) = (1/1000) Σᵢ [softplus(wxᵢ + b) - yᵢ(wxᵢ + b)]"
    assert lesson.surface.value_at((0.0, 0.0)) == pytest.approx(math.log(2), rel=1e-12)
    lesson.step_run(2)
    w, b = 0.0, 0.0
    for _ in range(2):  # plain gradient descent by hand
        gw, gb = documented_gradient(w, b, data)
        w, b = w - 0.5 * gw, b - 0.5 * gb
    assert lesson.run.point == pytest.approx((w, b), rel=1e-12, abs=1e-15)
    assert lesson.run.value == pytest.approx(documented_bce(w, b, data), rel=1e-12)
    # Moving one point is an edit like any other: a new surface (the text, with n the same, is
    # not what changed), and undo gives the old one back.
    before = lesson.mesh.values.copy()
    moved = ((5.0, 0.0),) + data[1:]
    lesson.update(data=moved)
    assert lesson.surface.value_at((1.0, 0.0)) == pytest.approx(documented_bce(1.0, 0.0, moved), rel=1e-12)
    assert not np.allclose(lesson.mesh.values, before)
    assert lesson.undo() and np.array_equal(lesson.mesh.values, before)


def test_the_pane_trains_the_logistic_model_on_a_csv_of_2000_points(qtbot, window, tmp_path, monkeypatch):
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    pane = window.data_pane
    qtbot.waitUntil(lambda: pane.isVisible())
    data = labelled(2000, seed=11)
    path = tmp_path / "labels.csv"
    path.write_text("x,label\n" + "".join(f"{x!r},{int(y)}\n" for x, y in data), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    qtbot.mouseClick(pane.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.lesson.data) == 2000)
    choose_item(pane.model_menu, "logistic")
    qtbot.waitUntil(lambda: window.lesson.model == "logistic")
    qtbot.mouseClick(pane.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lesson.data_drives, timeout=20_000)
    assert not pane.message.isVisible()  # no refusal: any number of points drives the surface
    assert window.function_bar.input.text() == "L(w, b) = (1/2000) Σᵢ [softplus(wxᵢ + b) - yᵢ(wxᵢ + b)]"
    # The readout at the point: the partials true, their formulas the sums.
    type_into(qtbot, window.point_x, "0.5")
    qtbot.waitUntil(lambda: window.lesson.point[0] == 0.5)
    gw, gb = documented_gradient(*window.lesson.point, data)
    readout = window.readout
    qtbot.waitUntil(lambda: readout.dfdx_value.text() == format_number(gw))
    assert readout.dfdy_value.text() == format_number(gb)
    assert "Σᵢ" in readout.dfdx_formula.text()
    # The surface is the loss: its mesh at a vertex is the documented cross-entropy (to 1e-6).
    mesh = window.lesson.mesh
    i, j = 150, 60
    assert mesh.values[i, j] == pytest.approx(documented_bce(mesh.x[i], mesh.y[j], data), abs=1e-6)
