"""Training data: the CSV reader and writer, the loss of data as a surface (its text, grid and
gradient), least squares, the logistic loss against the documented cross-entropy, and
full-batch and mini-batch training."""

import math
import os
from fractions import Fraction

import numpy as np
import pytest
import sympy

from explorer.core.calculus import function_from_text
from explorer.core.data import LESSON_DATA, MAX_ROWS, DataError, DataSet, parse_csv, read_csv, write_csv
from explorer.core.loss import LinearLoss, LogisticLoss, least_squares
from explorer.core.optimizers import KINDS, Optimizer, parse_schedule
from explorer.core.safe_write import FileWriteError
from explorer.core.training import train

# Five points on y = 2x + 1 with fixed noise.
NOISE = (0.1, -0.1, 0.2, -0.2, 0.1)
FIVE = DataSet.from_points([(x, 2 * x + 1 + e) for x, e in zip((0.0, 1.0, 2.0, 3.0, 4.0), NOISE)])


# ----------------------------------------------------------------------------- files
def test_a_csv_round_trip_keeps_every_bit(tmp_path):
    awkward = [(0.1, 1 / 3), (-1e-300, 1e300), (2.0, -0.0), (123456.789, -7.25e-05)]
    data = DataSet.from_points(awkward, names=("hours", "score"))
    path = tmp_path / "points.csv"
    write_csv(data, path)
    back = read_csv(path)
    assert back == data
    assert back.names == ("hours", "score")
    assert [(float(x).hex(), float(y).hex()) for x, y in back.points] == [(x.hex(), y.hex()) for x, y in awkward]


def test_a_header_is_optional_and_quotes_spaces_blank_lines_and_a_bom_are_read():
    assert parse_csv("2,3\n").points == [(2.0, 3.0)]
    data = parse_csv('\ufeff"x","y"\r\n\r\n "1" , 2.5 \r\n-3,4e-1\n\n')
    assert data.points == [(1.0, 2.5), (-3.0, 0.4)]
    assert parse_csv("size,price\n1,2\n").names == ("size", "price")


@pytest.mark.parametrize("text, line, column, said", [
    ("1,2\n3,abc\n", 2, 3, "the y value 'abc' is not a number"),
    ("1,2\nx,4\n", 2, 1, "the x value 'x' is not a number"),
    ("x,y\n1,2\n3,\n", 3, 3, "the y value is missing"),
    ("1,2\n3,4,5\n", 2, 4, "3 columns"),
    ("1;2\n", 1, 1, "separated by commas"),
    ("1,nan\n", 1, 3, "'nan' is not a number"),
    ("1,inf\n", 1, 3, "'inf' is not a number"),
    ("1e400,2\n", 1, 1, "beyond what a float holds"),
    ("1,2\n3, 0x10\n", 2, 4, "'0x10' is not a number"),
    ("1,2\n3,1_000\n", 2, 3, "'1_000' is not a number"),
])
def test_a_bad_file_is_refused_with_its_line_and_column(tmp_path, text, line, column, said):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=said) as refused:
        read_csv(path)
    assert (refused.value.line, refused.value.column) == (line, column)
    assert str(refused.value).startswith(f"line {line}, column {column}: ")


@pytest.mark.parametrize("text, said", [("", "no points"), ("x,y\n", "no points"), ("\n\n", "no points")])
def test_a_file_without_points_is_refused(text, said):
    with pytest.raises(DataError, match=said):
        parse_csv(text)


def test_more_than_100000_rows_is_refused_at_the_first_row_too_many():
    assert len(parse_csv("1,2\n" * MAX_ROWS)) == MAX_ROWS
    with pytest.raises(DataError, match="at most 100,000") as refused:
        parse_csv("x,y\n" + "1,2\n" * (MAX_ROWS + 1))
    assert refused.value.line == MAX_ROWS + 2


def test_only_a_regular_text_file_of_bounded_size_is_read(tmp_path):
    with pytest.raises(DataError, match="is a folder"):
        read_csv(tmp_path)
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(DataError, match="pipe"):
        read_csv(fifo)  # refused without blocking
    big = tmp_path / "big.csv"
    big.write_bytes(b"1,2\n" * 2_000_001)
    with pytest.raises(DataError, match="over 8 MB|8.0 MB"):
        read_csv(big)
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe1,2")
    with pytest.raises(DataError, match="not text"):
        read_csv(binary)


def test_a_failed_write_keeps_the_old_file(tmp_path):
    path = tmp_path / "points.csv"
    write_csv(FIVE, path)
    before = path.read_bytes()
    with pytest.raises(FileWriteError):
        write_csv(LESSON_DATA, tmp_path)  # a folder is no file to write
    assert path.read_bytes() == before


def test_a_data_set_goes_into_a_lesson_file_and_back_and_a_damaged_one_is_refused():
    assert DataSet.from_dict(FIVE.to_dict()) == FIVE
    for bad, said in [({"points": []}, "at least one point"), ({"points": [[1, "2"]]}, "point 1"),
                      ({"points": [[1, True]]}, "point 1"), ([], "must be"), ({"points": [[1, 2]], "names": ["x"]}, "names"),
                      ({"points": [[1e308 * 10, 2]]}, "finite")]:
        with pytest.raises(DataError, match=said):
            DataSet.from_dict(bad)


def test_a_data_set_is_never_changed_in_place():
    data = FIVE
    moved = data.moved(0, 9.0, 9.0)
    assert data.points[0] == (0.0, 1.1) and moved.points[0] == (9.0, 9.0)
    assert len(data.with_point(5, 11)) == 6 and len(data) == 5
    assert len(data.without(4)) == 4
    with pytest.raises(ValueError):
        data.x[0] = 7.0
    with pytest.raises(DataError, match="last point"):
        LESSON_DATA.without(0)
    with pytest.raises(DataError, match="finite"):
        DataSet.from_points([(1.0, math.inf)])


# ----------------------------------------------------------------------------- the surface
def test_the_lessons_data_is_the_one_point_2_3_and_its_loss_is_the_lessons_function():
    assert LESSON_DATA.points == [(2.0, 3.0)]
    assert LinearLoss(LESSON_DATA).text() == "L(w, b) = (3 - 2w - b)^2"


def _exact_mean_squared_error(points):
    w, b = sympy.symbols("w b", real=True)
    terms = [(sympy.Rational(str(y)) - sympy.Rational(str(x)) * w - b) ** 2 for x, y in points]
    return sympy.Add(*terms) / len(points), (w, b)


@pytest.mark.parametrize("points, text", [
    ([(2.0, 3.0)], "L(w, b) = (3 - 2w - b)^2"),
    ([(2.0, 3.0), (-1.0, 0.5)], "L(w, b) = ((3 - 2w - b)^2 + (0.5 + w - b)^2)/2"),
    (FIVE.points, "L(w, b) = ((1.1 - b)^2 + (2.9 - w - b)^2 + (5.2 - 2w - b)^2 + (6.8 - 3w - b)^2 + (9.1 - 4w - b)^2)/5"),
])
def test_the_function_text_for_1_2_and_5_points_parses_back_to_the_same_function(points, text):
    loss = LinearLoss(DataSet.from_points(points))
    assert loss.text() == text
    parsed = function_from_text(text)
    assert parsed.variable_names == ("w", "b")
    expected, (w, b) = _exact_mean_squared_error(points)
    mapping = dict(zip(parsed.variables, (w, b)))
    assert sympy.expand(parsed.expression.subs(mapping, simultaneous=True) - expected) == 0


def test_many_points_are_written_multiplied_out_and_read_back_as_the_same_quadratic():
    rng = np.random.default_rng(4)
    data = DataSet(rng.normal(size=40), rng.normal(size=40) * 3 + 1)
    loss = LinearLoss(data)
    text = loss.text()
    assert text.startswith("L(w, b) = ") and "wb" in text and "^2" in text
    parsed = function_from_text(text)
    for point in [(0.0, 0.0), (1.5, -2.0), (-3.0, 4.0)]:
        direct = float(np.mean((data.y - point[0] * data.x - point[1]) ** 2))
        assert parsed.value_at(point) == pytest.approx(direct, rel=1e-11)


def test_the_grid_from_six_sums_is_the_mean_of_squares_on_a_200_by_200_surface():
    rng = np.random.default_rng(7)
    data = DataSet(rng.uniform(-5, 5, 300), rng.uniform(-5, 5, 300))
    w, b = np.linspace(-4, 4, 200), np.linspace(-6, 6, 200)
    grid = LinearLoss(data).grid(w, b)
    assert grid.shape == (200, 200)
    direct = ((data.y[None, None, :] - w[:, None, None] * data.x - b[None, :, None]) ** 2).mean(axis=2)
    np.testing.assert_allclose(grid, direct, rtol=1e-12, atol=1e-12)


def test_the_gradient_is_the_derivative_of_the_function_text():
    loss = LinearLoss(FIVE)
    parsed = function_from_text(loss.text())
    for point in [(0.0, 0.0), (1.3, -0.7), (2.0, 1.0)]:
        assert loss.gradient(*point) == pytest.approx(parsed.partials_at(point), rel=1e-13, abs=1e-13)


# ----------------------------------------------------------------------------- least squares
def test_least_squares_on_five_noisy_points_is_lstsq_and_the_textbook_formula():
    answer = least_squares(FIVE)
    assert not answer.valley
    design = np.stack([FIVE.x, np.ones(5)], axis=1)
    (w, b), *_ = np.linalg.lstsq(design, FIVE.y, rcond=None)
    assert abs(answer.w - w) <= 1e-12 and abs(answer.b - b) <= 1e-12
    # w* = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)², b* = ȳ − w* x̄, worked exactly in fractions.
    xs, ys = [Fraction(v) for v in FIVE.x.tolist()], [Fraction(v) for v in FIVE.y.tolist()]
    mx, my = sum(xs) / 5, sum(ys) / 5
    w_exact = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    assert abs(answer.w - float(w_exact)) <= 1e-12
    assert abs(answer.b - float(my - w_exact * mx)) <= 1e-12
    assert answer.w == pytest.approx(1.99) and answer.b == pytest.approx(1.04)


def test_gradient_descent_converges_to_the_least_squares_answer():
    answer = least_squares(FIVE)
    run = train(FIVE, Optimizer("gd", 0.05), 5000)
    assert run.final == pytest.approx((answer.w, answer.b), abs=1e-10)
    assert run.losses[-1] == pytest.approx(answer.loss, rel=1e-9)
    assert np.all(np.diff(run.losses) <= 1e-14)  # α below 1/λ: the loss falls at every step (to rounding)


@pytest.mark.parametrize("points, line", [
    ([(2.0, 3.0)], "b = 3 − 2w"),
    ([(-1.0, 3.0), (-1.0, 5.0)], "b = 4 + w"),
    ([(0.0, 1.0), (0.0, 2.0)], "b = 1.5"),
])
def test_one_point_or_all_x_equal_is_a_valley_with_its_line(points, line):
    answer = least_squares(DataSet.from_points(points))
    assert answer.valley
    assert line in answer.describe() and "no single minimum" in answer.describe()
    loss = LinearLoss(DataSet.from_points(points))
    for w in (-3.0, 0.0, 2.5):  # every point of the valley line has the least loss, and is 0 from the valley
        b = answer.valley_intercept + answer.valley_slope * w
        assert loss.at(w, b) == pytest.approx(answer.loss, abs=1e-12)
        assert answer.distance(w, b) == pytest.approx(0.0, abs=1e-12)
        assert answer.distance(w, b + 1.0) == pytest.approx(1.0 / math.hypot(answer.valley_slope, 1.0))


# ----------------------------------------------------------------------------- logistic
LABELLED = DataSet.from_points([(-2.0, 0.0), (-0.5, 0.0), (0.3, 1.0), (1.0, 0.0), (2.5, 1.0), (4.0, 1.0)])


def _documented_bce(w, b, data):
    """torch's documented binary_cross_entropy_with_logits, mean: −[y·log σ(z) + (1 − y)·log(1 − σ(z))]."""
    total = 0.0
    for x, y in data.points:
        s = 1.0 / (1.0 + math.exp(-(w * x + b)))
        total += -(y * math.log(s) + (1 - y) * math.log(1 - s))
    return total / len(data)


@pytest.mark.parametrize("w, b", [(0.0, 0.0), (0.7, -0.2), (-1.5, 2.0), (3.0, 1.0)])
def test_the_logistic_loss_and_gradient_are_the_documented_cross_entropys(w, b):
    loss = LogisticLoss(LABELLED)
    assert loss.at(w, b) == pytest.approx(_documented_bce(w, b, LABELLED), rel=1e-12, abs=1e-12)
    # The gradient against the documented formula differentiated by sympy, in 30 digits.
    ws, bs = sympy.symbols("w b")
    sig = [1 / (1 + sympy.exp(-(ws * sympy.Rational(x) + bs))) for x in LABELLED.x.tolist()]
    ell = -sum(y * sympy.log(s) + (1 - y) * sympy.log(1 - s) for s, y in zip(sig, LABELLED.y.tolist())) / len(LABELLED)
    exact = [float(sympy.diff(ell, v).subs({ws: w, bs: b}).evalf(30)) for v in (ws, bs)]
    assert loss.gradient(w, b) == pytest.approx(exact, rel=1e-12, abs=1e-12)


def test_the_logistic_loss_is_finite_far_out_where_the_naive_formula_overflows():
    loss = LogisticLoss(DataSet.from_points([(1.0, 1.0), (1.0, 0.0)]))
    # z = ±800: softplus(−800) ≈ 0 and softplus(800) = 800, each to a float's precision.
    assert loss.at(800.0, 0.0) == pytest.approx(400.0, rel=1e-15)
    assert loss.gradient(800.0, 0.0) == pytest.approx((0.5, 0.5), rel=1e-15)
    assert np.isfinite(loss.grid(np.array([-900.0, 900.0]), np.array([0.0]))).all()


def test_the_logistic_text_parses_back_to_the_loss():
    loss = LogisticLoss(DataSet.from_points([(2.0, 1.0), (-1.0, 0.0), (0.5, 1.0)]))
    text = loss.text()
    assert text == "L(w, b) = (softplus(-(2w + b)) + softplus(-w + b) + softplus(-(0.5w + b)))/3"
    parsed = function_from_text(text)
    for point in [(0.3, 0.1), (-2.0, 1.5)]:
        assert parsed.value_at(point) == pytest.approx(loss.at(*point), rel=1e-12)


def test_the_logistic_model_needs_labels_0_and_1():
    with pytest.raises(DataError, match="point 1 has y = 1.1"):
        LogisticLoss(FIVE)


# ----------------------------------------------------------------------------- training
def test_the_lessons_first_step():
    """One point (2, 3), GD, α = 0.01, from (0, 0): step 1 = (0.12, 0.06), L there = 7.29."""
    run = train(LESSON_DATA, Optimizer("gd", 0.01), 1)
    assert (run.w[1], run.b[1]) == pytest.approx((0.12, 0.06), abs=1e-15)
    assert run.losses.tolist() == pytest.approx([9.0, 7.29], abs=1e-12)
    assert run.learning_rates.tolist() == [0.01] and run.epochs.tolist() == [1]


def test_a_seeded_mini_batch_run_is_reproducible_bit_for_bit():
    kwargs = dict(batch=2, seed=11, schedule=parse_schedule("cosine:60"))
    first = train(FIVE, Optimizer("adam", 0.1), 60, **kwargs)
    again = train(FIVE, Optimizer("adam", 0.1), 60, **kwargs)
    assert first.w.tobytes() == again.w.tobytes() and first.b.tobytes() == again.b.tobytes()
    other = train(FIVE, Optimizer("adam", 0.1), 60, **{**kwargs, "seed": 12})
    assert other.w.tobytes() != first.w.tobytes()


def test_a_mini_batch_steps_gradient_is_its_batchs_and_differs_from_the_full_gradient():
    run = train(FIVE, Optimizer("gd", 0.01), 6, batch=2, seed=1)
    batches = [order[i:i + 2] for order in run.orders for i in range(0, 5, 2)]
    for k, rows in enumerate(batches):  # by hand: the mean squared error of the batch's points
        w, b = run.w[k], run.b[k]
        residuals = [(w * FIVE.x[i] + b - FIVE.y[i], FIVE.x[i]) for i in rows]
        by_hand = (sum(2 * r * x for r, x in residuals) / len(rows), sum(2 * r for r, _ in residuals) / len(rows))
        assert run.gradients[k] == pytest.approx(by_hand, rel=1e-12)
    full = run.full_gradients()
    assert full.shape == (7, 2)
    for k in range(7):
        assert full[k] == pytest.approx(LinearLoss(FIVE).gradient(run.w[k], run.b[k]), rel=1e-12, abs=1e-12)
    assert not np.allclose(run.gradients, full[:-1])  # the noise of a batch
    whole = train(FIVE, Optimizer("gd", 0.01), 3)
    np.testing.assert_allclose(whole.gradients, whole.full_gradients()[:-1], rtol=1e-12, atol=1e-12)


def test_the_logistic_full_gradients_are_its_gradient_at_each_iterate():
    run = train(LABELLED, Optimizer("adam", 0.1), 5, model="logistic", batch=3, seed=2)
    for k, g in enumerate(run.full_gradients()):
        assert g == pytest.approx(LogisticLoss(LABELLED).gradient(run.w[k], run.b[k]), rel=1e-12, abs=1e-15)


def test_every_epoch_visits_every_point_once_in_a_fresh_order():
    run = train(FIVE, Optimizer("gd", 0.01), 12, batch=2, seed=3)
    assert run.epochs.tolist() == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]  # 5 points in batches of 2, 2 and 1
    assert len(run.orders) == 4 and all(sorted(order) == [0, 1, 2, 3, 4] for order in run.orders)
    assert len({tuple(order) for order in run.orders}) > 1
    # The documented generator, PyTorch's: these are the orders torch 2.13 printed for
    # DataLoader(TensorDataset(torch.arange(5)), batch_size=2, shuffle=True,
    # generator=torch.Generator().manual_seed(3)), four epochs (recorded, not recomputed).
    assert run.orders == [[2, 4, 3, 0, 1], [0, 2, 1, 4, 3], [1, 3, 2, 0, 4], [4, 2, 1, 3, 0]]


def _reference(data, kind, lr, steps, batch, rates, orders):
    """A PyTorch-style loop in plain Python: for each batch of the recorded orders, the mean
    squared error's gradient point by point, then optimizer.step() with that step's lr."""
    import dataclasses

    optimizer = Optimizer(kind, lr)
    point, state = (0.0, 0.0), optimizer.start(2)
    batches = [order[i:i + batch] for order in orders for i in range(0, len(order), batch)] if orders else \
        [list(range(len(data)))] * steps
    out = [point]
    for t in range(1, steps + 1):
        rows = batches[t - 1]
        gw = sum(2 * (point[0] * data.x[i] + point[1] - data.y[i]) * data.x[i] for i in rows) / len(rows)
        gb = sum(2 * (point[0] * data.x[i] + point[1] - data.y[i]) for i in rows) / len(rows)
        stepped = dataclasses.replace(optimizer, learning_rate=float(rates[t - 1]))
        point, state = stepped.update(point, (float(gw), float(gb)), state, t)
        out.append(point)
    return out


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("schedule", ["constant", "step:4,0.5", "cosine:20,0.001", "linear:0.25,1,6"])
@pytest.mark.parametrize("batch", [1, 2, 5])
def test_every_optimizer_schedule_and_batch_size_is_the_step_by_step_loop(kind, schedule, batch):
    lr = {"gd": 0.02, "momentum": 0.01, "nesterov": 0.01}.get(kind, 0.1)
    run = train(FIVE, Optimizer(kind, lr), 20, batch=batch, seed=5, schedule=parse_schedule(schedule))
    expected = _reference(FIVE, kind, lr, 20, batch, run.learning_rates, run.orders)
    np.testing.assert_allclose(np.stack([run.w, run.b], axis=1), np.array(expected), rtol=1e-12, atol=1e-12)


def test_a_schedule_may_advance_every_epoch():
    run = train(FIVE, Optimizer("gd", 0.01), 9, batch=2, schedule=parse_schedule("exp:0.5"), schedule_every="epoch")
    assert run.learning_rates.tolist() == [0.01] * 3 + [0.005] * 3 + [0.0025] * 3


def test_a_diverging_run_stops_where_the_numbers_do():
    run = train(FIVE, Optimizer("gd", 10.0), 2000)
    assert run.status == "diverged" and run.steps < 2000
    assert np.isfinite(run.w[:-1]).all()


def test_a_batch_outside_1_to_n_is_refused():
    with pytest.raises(ValueError, match="from 1 to the number of points, 5"):
        train(FIVE, Optimizer("gd", 0.01), 3, batch=6)
