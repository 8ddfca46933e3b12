"""The scripting interface: explorer grad / descend, as a teacher would run them."""

import json
import math
import os
import subprocess
import sys

import pytest

from explorer.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_grad_json_has_the_documented_keys_and_the_lesson_numbers(capsys):
    code, out, _ = run(capsys, "grad", "3x^2 + 2xy + y^2", "--at", "1,2", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= {"function", "variables", "point", "value", "partials", "gradient", "gradient_norm"}
    assert data["function"] == "3*x**2 + 2*x*y + y**2"
    assert data["variables"] == ["x", "y"]
    assert data["point"] == [1.0, 2.0]
    assert data["value"] == 11.0
    assert data["partials"] == [
        {"variable": "x", "expression": "6*x + 2*y", "value": 10.0},
        {"variable": "y", "expression": "2*x + 2*y", "value": 6.0},
    ]
    assert data["gradient"] == [10.0, 6.0]
    assert data["gradient_norm"] == pytest.approx(136**0.5)


def test_grad_text_shows_the_partials_readably(capsys):
    code, out, _ = run(capsys, "grad", "L(w, b) = (3 - 2w - b)^2", "--at", "0,0")
    assert code == 0
    assert "∂L/∂w" in out and "−12.0000" in out and "−6.0000" in out


def test_negative_coordinates_and_a_leading_minus_are_not_taken_for_options(capsys):
    code, out, err = run(capsys, "grad", "-x^2 + y", "--at", "-0.7,0.3", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["point"] == [-0.7, 0.3]
    assert data["gradient"] == pytest.approx([1.4, 1.0])


def test_coordinates_may_be_constants(capsys):
    code, out, _ = run(capsys, "grad", "sin(x)", "--at", "pi/2", "--json")
    assert code == 0
    assert json.loads(out)["gradient"][0] == pytest.approx(0.0, abs=1e-15)


def test_descend_one_step_on_the_loss(capsys):
    code, out, _ = run(capsys, "descend", "L(w, b) = (3 - 2w - b)^2", "--start", "0,0", "--lr", "0.01", "--steps", "1", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["iterates"][0] == [0.0, 0.0]
    assert data["iterates"][1] == pytest.approx([0.12, 0.06])
    assert data["steps"] == 1 and data["status"] == "max_steps"
    assert len(data["values"]) == 2


def test_descend_reports_convergence_and_divergence(capsys):
    _, out, _ = run(capsys, "descend", "x^2", "--start", "2", "--lr", "0.1", "--steps", "1000", "--json")
    assert json.loads(out)["status"] == "converged"
    _, out, _ = run(capsys, "descend", "x^2", "--start", "2", "--lr", "1.5", "--json")
    data = json.loads(out)
    assert data["status"] == "diverged" and "too large" in data["message"]


def test_a_bad_expression_exits_2_and_says_where(capsys):
    code, out, err = run(capsys, "grad", "x +", "--at", "1")
    assert code == 2 and out == ""
    assert "expected a term after '+' at column 3" in err
    assert "Traceback" not in err


def test_a_bad_expression_with_json_prints_an_error_object(capsys):
    code, out, _ = run(capsys, "grad", "x +", "--at", "1", "--json")
    assert code == 2
    assert json.loads(out) == {"error": {"message": "expected a term after '+' at column 3", "column": 3}}


@pytest.mark.parametrize(
    "argv",
    [
        ["grad", "x+y", "--at", "1"],
        ["grad", "x", "--at", "one"],
        ["grad", "x"],
        ["descend", "x^2", "--start", "1", "--lr", "-1"],
        ["descend", "x^2", "--start", "1", "--steps", "many"],
        ["nonsense"],
    ],
)
def test_usage_mistakes_exit_2_without_a_traceback(capsys, argv):
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert "error" in err and "Traceback" not in err


def test_the_installed_command_runs_from_any_directory(tmp_path):
    env = {**os.environ, "PYTHONPATH": ""}
    result = subprocess.run(
        [sys.executable, "-m", "explorer", "grad", "3x^2 + 2xy + y^2", "--at", "1,2", "--json"],
        cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["gradient"] == [10.0, 6.0]


def test_descend_takes_any_of_the_six_optimizers_with_their_hyper_parameters(capsys):
    code, out, _ = run(capsys, "descend", "L(w, b) = (3 - 2w - b)^2", "--start", "0,0", "--lr", "0.01", "--steps", "2",
                       "--optimizer", "momentum", "--momentum", "0.5", "--json")
    data = json.loads(out)
    assert code == 0 and data["optimizer"] == "momentum"
    assert data["hyperparameters"] == {"lr": 0.01, "momentum": 0.5, "nesterov": False, "dampening": 0.0}
    # torch's SGD(momentum=0.5): b₁ = g₀ = (−12, −6); b₂ = 0.5·b₁ + g₁ with g₁ = ∇L(0.12, 0.06).
    g1 = (-4 * (3 - 2 * 0.12 - 0.06), -2 * (3 - 2 * 0.12 - 0.06))
    b2 = (0.5 * -12 + g1[0], 0.5 * -6 + g1[1])
    assert data["iterates"][2] == pytest.approx([0.12 - 0.01 * b2[0], 0.06 - 0.01 * b2[1]], abs=1e-12)
    code, out, _ = run(capsys, "descend", "x^2", "--start", "1", "--lr", "0.1", "--optimizer", "adam", "--betas", "0.8,0.99",
                       "--eps", "0", "--steps", "1", "--json")
    data = json.loads(out)
    assert data["hyperparameters"] == {"lr": 0.1, "betas": [0.8, 0.99], "eps": 0.0}
    assert data["iterates"][1] == [pytest.approx(0.9, abs=1e-15)]  # Adam's first step is α·sign(g)


def test_descend_takes_adamw_with_its_weight_decay(capsys):
    code, out, _ = run(capsys, "descend", "x^2", "--start", "1", "--lr", "0.1", "--optimizer", "adamw", "--weight-decay", "0.5",
                       "--steps", "1", "--json")
    data = json.loads(out)
    assert code == 0 and data["optimizer"] == "adamw"
    assert data["hyperparameters"] == {"lr": 0.1, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.5}
    # torch's AdamW: x ← (1 − α·λ)·x = 0.95 first, then Adam's first step α·sign(g): 0.85.
    assert data["iterates"][1] == [pytest.approx(0.85, abs=1e-9)]
    code, out, err = run(capsys, "descend", "x^2", "--start", "1", "--optimizer", "adamw", "--weight-decay", "-1")
    assert code == 2 and "the weight decay must be a number with 0 ≤ weight decay" in err


def test_descend_reports_the_critical_learning_rate_of_the_minimum_it_found(capsys):
    _, out, _ = run(capsys, "descend", "L(w, b) = (3 - 2w - b)^2", "--start", "0,0", "--lr", "0.01", "--steps", "10000", "--json")
    rule = json.loads(out)["stability"]
    assert rule["curvature"] == pytest.approx(10.0) and rule["critical_learning_rate"] == pytest.approx(0.2)
    assert rule["minimum"][0] * 2 + rule["minimum"][1] == pytest.approx(3.0, abs=1e-6)  # on the valley floor 2w + b = 3
    _, out, _ = run(capsys, "descend", "x^2", "--start", "2", "--lr", "1.5", "--json")
    assert json.loads(out)["stability"] is None  # diverged: no minimum found


def test_a_bad_hyper_parameter_is_a_clear_error(capsys):
    code, out, err = run(capsys, "descend", "x^2", "--start", "1", "--optimizer", "momentum", "--momentum", "1.5")
    assert code == 2 and "momentum" in err and "< 1" in err
    code, out, err = run(capsys, "descend", "x^2", "--start", "1", "--optimizer", "adam", "--betas", "0.9")
    assert code == 2 and "--betas takes two numbers" in err


def test_the_function_is_echoed_as_typed(capsys):
    code, out, _ = run(capsys, "grad", "L(w, b) = (3 - 2w - b)^2", "--at", "0,0")
    assert code == 0
    assert out.splitlines()[0] == "L(w, b) = (3 − 2w − b)²"  # not sympy's (−b − 2w + 3)²
    assert "8w + 4b − 12 = −12.0000" in out  # the partial in the variables' order
    code, out, _ = run(capsys, "grad", "f(x, y) = (1 - x)^2 + 100(y - x^2)^2", "--at", "1,1", "--json")
    data = json.loads(out)
    assert data["display"] == "f(x, y) = (1 − x)² + 100(y − x²)²"
    assert data["function"] == "(1 - x)**2 + 100*(-x**2 + y)**2"  # for scripts, as before
    code, out, _ = run(capsys, "descend", "L(w, b) = (3 - 2w - b)^2", "--start", "0,0", "--lr", "0.01", "--steps", "1", "--json")
    assert json.loads(out)["display"] == "L(w, b) = (3 − 2w − b)²"


def test_a_corner_has_no_partial_and_says_so(capsys):
    code, out, _ = run(capsys, "grad", "|x| + |y|", "--at", "0,0", "--json")
    partial = json.loads(out)["partials"][0]
    assert code == 0 and partial["value"] is None and partial["one_sided"] == [-1.0, 1.0]
    assert partial["reason"] == "a corner: slope −1 from the left, 1 from the right"


@pytest.mark.parametrize("argv, said", [
    (["grad", "sni(x) + y", "--at", "1,2"], "unknown function 'sni' at column 1: did you mean sin"),
    (["grad", "x^2 + y^2 = z", "--at", "1,2"], "the left of '=' must name the function, like f(x, y) = …"),
    (["grad", "x = y", "--at", "1,2"], "'x' names the function and is also one of its variables"),
    (["grad", "x + y + z", "--at", "1,2,3,4"], "f(x, y, z) has 3 variables, but the point has 4 coordinates"),
    (["grad", "ln(-1)", "--at", "1,2"], "no real value anywhere"),
])
def test_confusing_inputs_get_a_message_that_says_what_to_do(capsys, argv, said):
    code, out, err = run(capsys, *argv)
    assert code == 2 and said in err and "Traceback" not in err


def test_an_oscillating_run_says_so_in_its_text_too(capsys):
    code, out, _ = run(capsys, "descend", "x^2", "--start", "1", "--lr", "0.999", "--steps", "50")
    assert code == 0 and "it oscillates" in out.splitlines()[-1]


@pytest.mark.parametrize("argv, said", [
    (["grad", "x + y", "--at", "inf,0"], "'inf' is not a finite number"),
    (["grad", "x + y", "--at", "sqrt(-1),0"], "'sqrt(-1)' is not a real number"),
    (["grad", "x + y", "--at", "ln(-1),0"], "'ln(-1)' is not a real number"),
    (["grad", "x + y", "--at", "asin(2),0"], "'asin(2)' is not a real number"),
    (["grad", "x + y", "--at", "acosh(0),0"], "'acosh(0)' is not a real number"),
    (["descend", "x^2", "--start", "sqrt(-1)"], "--start: 'sqrt(-1)' is not a real number"),
    (["grad", "x + y", "--at", "e^e^e^e^e,0"], "'e^e^e^e^e' is beyond what a float holds"),
    (["grad", "x + y", "--at", "1e-400,0"], "out of range: a number is 0 or from 10⁻³⁰⁰ to 10³⁰⁰"),
    (["grad", "x + y", "--at", "e^-1000,0"], "too small for a float: it would be 0"),
    (["descend", "x^2", "--start", "1", "--optimizer", "adam", "--eps", "1e-400"], "too small for a float"),
    (["render", "x + y", "--at", "1,1", "--size", "²x100", "-o", "a.png"], "--size is WIDTHxHEIGHT in pixels"),
    (["render", "x + y", "--at", "1,1", "--size", "8192x8192", "-o", "a.png"], "at most 16.8 million"),
    (["animate", "x + y", "--start", "1,1", "--size", "8192x8192", "-o", "a.gif"], "at most 16.8 million"),
    (["render", "x + y", "--at", "1,1", "--camera", "bottom", "-o", "a.png"], "--camera is top, or ELEVATION,AZIMUTH"),
    (["render", "x + y", "--at", "1,1", "-o", "a.svg"], "a picture is a .png, .jpg, .jpeg or .bmp file, not .svg"),
    (["descend", "x^2", "--start", "1", "--lr", "1", "--steps", "10000000"], "--steps may be at most 1000000"),
])
def test_hostile_arguments_exit_2_with_the_reason_and_no_traceback(capsys, argv, said):
    """#18 items 7, 9 and 12: each gave a traceback, ran for minutes, or said something
    beside the point ("'f' names the function", "too many variables (b, o, t, m)", "is the
    folder there, and writable?")."""
    code, out, err = run(capsys, *argv)
    assert code == 2 and said in err and "Traceback" not in err, err
    assert "names the function" not in err and "too many variables" not in err and "writable" not in err


def test_1e_300_is_a_number_like_1e_400_is_not(capsys):
    """#18 item 12: 1e-300 was refused as out of range while 1e-400 was taken (as 0)."""
    code, out, _ = run(capsys, "grad", "x + y", "--at", "1e-300,0", "--json")
    assert code == 0 and json.loads(out)["point"] == [1e-300, 0.0]
    code, out, _ = run(capsys, "grad", "1e-300 x + y", "--at", "1,0", "--json")
    assert code == 0 and json.loads(out)["gradient"] == [1e-300, 1.0]


def test_0_to_the_x_and_cbrt_give_their_true_slopes(capsys):
    """#18 item 10: 0^x + y at (1, 2) said ∂f/∂x = nan; cbrt(x) + y at (−8, 2) said undefined."""
    code, out, _ = run(capsys, "grad", "0^x + y", "--at", "1,2", "--json")
    data = json.loads(out)
    assert code == 0 and data["value"] == 2.0 and data["gradient"] == [0.0, 1.0]
    assert data["partials"][0]["expression"] == "Piecewise((0, x > 0))"
    code, out, _ = run(capsys, "grad", "0^x + y", "--at", "1,2")
    assert "∂f/∂x  0 (for x > 0) = 0.0000" in out
    code, out, _ = run(capsys, "grad", "0^x + y", "--at", "-1,2", "--json")
    assert json.loads(out)["value"] is None and json.loads(out)["gradient"][0] is None  # 0⁻¹: no value
    code, out, _ = run(capsys, "grad", "cbrt(x) + y", "--at", "-8,2", "--json")
    data = json.loads(out)
    assert data["value"] == 0.0 and data["gradient"] == [pytest.approx(1 / 12), 1.0]


def test_descend_with_eps_0_where_a_partial_stays_0_says_why_it_stops(capsys):
    for kind in ("adam", "rmsprop", "adagrad"):
        code, out, err = run(capsys, "descend", "x^2 + y^2", "--start", "0,1", "--optimizer", kind, "--eps", "0")
        assert code == 0 and "Traceback" not in err
        assert "with ε = 0" in out and "divides 0 by 0" in out



# ----------------------------------------------------------------------------- explorer fit
def _points(tmp_path, text="x,y\n0,1.1\n1,2.9\n2,5.2\n3,6.8\n4,9.1\n", name="points.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_fit_takes_the_lessons_first_step_on_the_lessons_point(capsys, tmp_path):
    code, out, _ = run(capsys, "fit", _points(tmp_path, "2,3\n"), "--lr", "0.01", "--steps", "1", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["loss_text"] == "L(w, b) = (3 - 2w - b)^2"
    assert data["w"] == pytest.approx([0.0, 0.12]) and data["b"] == pytest.approx([0.0, 0.06])
    assert data["loss"] == pytest.approx([9.0, 7.29])
    assert data["gradient"] == [pytest.approx([-12.0, -6.0])]  # ∇L(0, 0), the step's gradient
    assert data["least_squares"]["valley"] is True
    assert data["least_squares"]["valley_line"] == {"b_at_w_0": 3.0, "slope": -2.0}
    # (0.12, 0.06) is |−2·0.12 − 0.06 + 3| / √5 from the valley b = 3 − 2w.
    assert data["distance_to_least_squares"] == pytest.approx(2.7 / math.sqrt(5))


def test_fit_prints_steps_losses_the_final_line_and_least_squares(capsys, tmp_path):
    code, out, _ = run(capsys, "fit", _points(tmp_path), "--optimizer", "adam", "--lr", "0.1", "--steps", "400",
                       "--batch", "2", "--seed", "7", "--schedule", "cosine:400")
    assert code == 0
    assert "5 points" in out and "mini-batches of 2, shuffled with seed 7" in out
    assert "CosineAnnealingLR(T_max=400, eta_min=0)" in out
    assert "step      1  epoch     1  α = 0.1" in out and "step    400  epoch   134" in out
    assert "final: w = " in out
    assert "least squares: w* = 1.99, b* = 1.04" in out and "the run ends" in out


def test_fit_with_a_seed_is_repeatable_and_its_json_has_the_epoch_orders(capsys, tmp_path):
    path = _points(tmp_path)
    argv = ("fit", path, "--steps", "7", "--batch", "2", "--seed", "3", "--json")
    first = json.loads(run(capsys, *argv)[1])
    again = json.loads(run(capsys, *argv)[1])
    assert first == again
    assert first["epoch"] == [1, 1, 1, 2, 2, 2, 3]
    assert [sorted(order) for order in first["shuffle"]["orders"]] == [[0, 1, 2, 3, 4]] * 3


def test_fit_csv_is_a_row_per_iterate(capsys, tmp_path):
    code, out, _ = run(capsys, "fit", _points(tmp_path), "--steps", "2", "--schedule", "exp:0.5", "--csv")
    assert code == 0
    rows = out.strip().splitlines()
    assert rows[0] == "step,epoch,lr,w,b,loss"
    assert [r.split(",")[2] for r in rows[1:]] == ["", "0.01", "0.005"]
    assert len(rows) == 4


@pytest.mark.parametrize("text, said", [
    ("1,2\n3,abc\n", "line 2, column 3: the y value 'abc' is not a number"),
    ("1,2,3\n", "line 1, column 4: 3 columns"),
    ("", "no points in the file"),
])
def test_fit_refuses_a_bad_file_with_line_and_column_and_exit_2(capsys, tmp_path, text, said):
    code, out, err = run(capsys, "fit", _points(tmp_path, text))
    assert code == 2 and out == ""
    assert said in err and "Traceback" not in err


@pytest.mark.parametrize("argv, said", [
    (("--model", "logistic"), "labels 0 and 1"),
    (("--schedule", "cosine"), "needs T_max"),
    (("--batch", "9"), "--batch is from 1 to the number of points, 5"),
    (("--batch", "0"), "--batch must be positive"),
    (("--start", "1"), "--start is the starting w,b"),
    (("--json", "--csv"), "choose one of --json and --csv"),
])
def test_fit_refuses_bad_options_with_exit_2(capsys, tmp_path, argv, said):
    code, out, err = run(capsys, "fit", _points(tmp_path), *argv)
    assert code == 2 and said in err + out  # with --json the error is the printed object


def test_fit_on_a_missing_file_says_so(capsys, tmp_path):
    code, out, _ = run(capsys, "fit", str(tmp_path / "nowhere.csv"), "--json")
    assert code == 2
    assert "cannot read nowhere.csv" in json.loads(out)["error"]["message"]


def test_fit_a_logistic_model_on_labels(capsys, tmp_path):
    path = _points(tmp_path, "-2,0\n-1,0\n0.5,1\n1,0\n2,1\n3,1\n")
    code, out, _ = run(capsys, "fit", path, "--model", "logistic", "--lr", "0.5", "--steps", "200", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["loss"][0] == pytest.approx(math.log(2))  # σ(0) = 1/2 for every point
    assert data["loss"][-1] < data["loss"][0] and data["least_squares"] is None
    # Six points: the cross-entropy written as the mean of a sum over them (#23: any number of points).
    assert data["loss_text"] == "L(w, b) = (1/6) Σᵢ [softplus(wxᵢ + b) - yᵢ(wxᵢ + b)]"


def test_grad_direction_prints_the_slope_its_substitution_u_and_the_angle_to_grad_f(capsys):
    code, out, _ = run(capsys, "grad", "3x^2 + 2xy + y^2", "--at", "1,2", "--direction", "30deg")
    assert code == 0
    assert "D_u f = ∇f·u = 10·cos 30° + 6·sin 30° = 10(0.866) + 6(0.5) = 11.6603" in out
    assert "θ = 30°: u = (0.866, 0.5)" in out and "angle between u and ∇f: 0.96°" in out
    code, out, _ = run(capsys, "grad", "3x^2 + 2xy + y^2", "--at", "1,2", "--direction", "-6,10")
    assert "(−6, 10) → (−0.5145, 0.8575)" in out and "= 0\n" in out and "along the level curve" in out


def test_grad_direction_and_steepest_in_json(capsys):
    code, out, _ = run(capsys, "grad", "3x^2 + 2xy + y^2", "--at", "1,2", "--direction", "3,4", "--steepest", "--json")
    assert code == 0
    data = json.loads(out)
    d = data["directional"]
    assert d["slope"] == pytest.approx(10.8) and d["u"] == pytest.approx([0.6, 0.8])
    assert d["normalised_from"] == [3.0, 4.0] and d["one_sided"] is False
    assert d["angle_to_gradient"] == pytest.approx(22.1663, abs=1e-4)
    assert d["line"].endswith("= 10(0.6) + 6(0.8) = 10.8")
    s = data["steepest"]
    assert s["u"] == pytest.approx([10 / 136**0.5, 6 / 136**0.5]) and s["slope"] == pytest.approx(11.6619, abs=1e-4)
    assert s["degrees"] == pytest.approx(30.9638, abs=1e-4)


def test_grad_steepest_says_when_there_is_none_and_a_corner_gives_one_sided_slopes(capsys):
    code, out, _ = run(capsys, "grad", "abs(x) + abs(y)", "--at", "0,0", "--direction", "30deg", "--steepest", "--json")
    data = json.loads(out)
    assert code == 0 and data["steepest"] is None and "no ∇f" in data["steepest_reason"]
    assert data["directional"]["one_sided"] and data["directional"]["slope"] == pytest.approx(1.366025, abs=1e-6)
    code, out, _ = run(capsys, "grad", "x^2 + y^2", "--at", "0,0", "--steepest")
    assert code == 0 and "steepest direction: none" in out and "flat spot" in out


@pytest.mark.parametrize("argv, said", [
    (["--direction", "0,0"], "(0, 0) has no direction"),
    (["--direction", "north"], "not a direction"),
    (["--direction", "1,2,3"], "not a direction"),
])
def test_a_bad_direction_exits_2_with_the_reason(capsys, argv, said):
    code, _, err = run(capsys, "grad", "3x^2 + 2xy + y^2", "--at", "1,2", *argv)
    assert code == 2 and said in err
    code, out, _ = run(capsys, "grad", "x^2", "--at", "1", "--steepest", "--json")
    assert code == 2 and "two variables" in json.loads(out)["error"]["message"]
