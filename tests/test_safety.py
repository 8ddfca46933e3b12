"""Hostile and random input: rejected quickly with a column, never run, never another error."""

import math
import time

import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from explorer.core import ParseError, function_from_text, parse_function
from explorer.core.expression import MAX_LENGTH

HOSTILE = [
    "__import__('os').system('touch /tmp/pwned')",
    "().__class__.__base__.__subclasses__()",
    "x.__class__",
    "lambda: 1",
    "exec('1')",
    "eval('x')",
    "open('/etc/passwd')",
    "9^9^9^9",
    "9**9**9**9",
    "(9^9)^(9^9)",
    "10^10^10",
    "2^1000^1000",
    "x" * 10_000,
    "(" * 200 + "x" + ")" * 200,
    "-" * 300 + "x",
    "x" + "^x" * 200,
    "sin(" * 100 + "x" + ")" * 100,
    "1e99999",
    "9" * 300,
    "f(__class__) = 1",
    "f(lambda) = lambda",
    "f(import) = 1",
    "Symbol('x')",
    "((1.1x)^1000)^1000",  # #18: 11¹⁰⁰⁰⁰⁰⁰/10¹⁰⁰⁰⁰⁰⁰ multiplied out ran for minutes
    "((3x)^1000)^1000",
    "1e-400 x",
]


@pytest.mark.parametrize("text", HOSTILE, ids=[h[:30] for h in HOSTILE])
def test_hostile_input_is_rejected_quickly_and_runs_nothing(text, tmp_path):
    start = time.perf_counter()
    with pytest.raises(ParseError) as caught:
        parse_function(text)
    assert time.perf_counter() - start < 5.0  # a guard against a hang (the 5 s budget), not a timing
    assert caught.value.message
    assert caught.value.column is None or 1 <= caught.value.column <= max(len(text), MAX_LENGTH) + 1


def test_user_text_never_reaches_eval_exec_sympify_or_parse_expr(monkeypatch):
    import builtins
    import sys

    import sympy.parsing.sympy_parser as sympy_parser

    text = "L(w, b) = (3 - 2w - b)^2 + sin(w)e^b"
    seen = []

    def spy(original):
        def wrapper(source, *args, **kwargs):
            if isinstance(source, str) and ("2w" in source or text in source):
                seen.append(source)
            return original(source, *args, **kwargs)

        return wrapper

    monkeypatch.setattr(builtins, "eval", spy(builtins.eval))
    monkeypatch.setattr(builtins, "exec", spy(builtins.exec))
    monkeypatch.setattr(sympy, "sympify", spy(sympy.sympify))
    monkeypatch.setattr(sys.modules["sympy.core.sympify"], "sympify", spy(sympy.sympify))
    monkeypatch.setattr(sympy_parser, "parse_expr", spy(sympy_parser.parse_expr))
    f = function_from_text(text)
    assert f.partials_at((0.0, 0.0))[0] == pytest.approx(-12 + 1)
    assert seen == []


# --------------------------------------------------------------------------- properties

ALPHABET = "xyzwb0123456789.+-−*/^()²·|=, esinpclgqrtah_'\"[]{}$!\\"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=ALPHABET, max_size=60) | st.text(max_size=40))
def test_any_string_gives_a_function_or_a_parse_error_with_a_column(text):
    start = time.perf_counter()
    try:
        parsed = parse_function(text)
    except ParseError as error:
        assert error.message
        assert error.column is None or 1 <= error.column <= len(text) + 1
    else:
        assert isinstance(parsed.expression, sympy.Expr)
    assert time.perf_counter() - start < 2.0  # a guard against a parse that hangs, not a timing


_atoms = st.sampled_from(["x", "y", "2", "3", "0.5", "pi", "e", "1.5"])
_functions = st.sampled_from(["sin", "cos", "exp", "tanh", "sqrt", "ln", "abs", "atan", "sigmoid"])


def _compose(children):
    return st.one_of(
        st.tuples(children, st.sampled_from([" + ", " - ", "*", " / ", ""]), children).map(
            lambda t: f"({t[0]}){t[1]}({t[2]})"
        ),
        st.tuples(children, st.sampled_from(["2", "3", "-1", "0.5"])).map(lambda t: f"({t[0]})^{t[1]}"),
        st.tuples(_functions, children).map(lambda t: f"{t[0]}({t[1]})"),
        children.map(lambda c: f"-({c})"),
    )


VALID = st.recursive(_atoms, _compose, max_leaves=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    VALID,
    st.floats(-2, 2, allow_nan=False),
    st.floats(-2, 2, allow_nan=False),
)
def test_symbolic_partials_match_central_finite_differences(text, px, py):
    start = time.perf_counter()
    try:
        f = function_from_text(text, ("x", "y"))
    except ParseError as error:
        # Composition can build a real error, e.g. x / (x − x) is a division by zero.
        assert error.message
        assume(False)
    assert time.perf_counter() - start < 5.0  # parse + differentiate: a guard against a hang, not a timing
    h = 1e-6
    value, fx, fy = f.evaluate_point((px, py))
    for k, (dx, dy), symbolic in ((0, (h, 0), fx), (1, (0, h), fy)):
        ahead = f.value_at((px + dx, py + dy))
        behind = f.value_at((px - dx, py - dy))
        if not all(map(math.isfinite, (value, ahead, behind, symbolic))):
            continue
        numeric = (ahead - behind) / (2 * h)
        second = abs(ahead - 2 * value + behind) / h  # large where f has a kink
        if second > 1e-3 * max(1.0, abs(numeric)) or abs(symbolic) > 1e6 or max(abs(value), abs(ahead), abs(behind)) > 1e6:
            # Not smooth on the scale of h, or f so large that float rounding swamps a
            # difference of h: finite differences mean nothing there.
            continue
        assert numeric == pytest.approx(symbolic, rel=1e-4, abs=1e-4), (text, k)


# ---------------------------------------------------------------------- files (issue #18)
_NUMERIC_KEYS = {  # where a lesson file holds a number, as the file names it
    "resolution": lambda n: {"resolution": n}, "point": lambda n: {"point": [n, 0]},
    "x_range": lambda n: {"x_range": [-1, n]}, "direction": lambda n: {"direction": n}, "y_range": lambda n: {"y_range": [n, 5]},
    "camera": lambda n: {"camera": {"elevation": 30, "azimuth": n, "distance": 5, "center": [0, 0, 0]}},
    "speed": lambda n: {"descent": {"speed": n}}, "learning_rate": lambda n: {"descent": {"learning_rate": n}},
    "start": lambda n: {"descent": {"start": n}}, "more_runs": lambda n: {"descent": {"more_runs": [["adam", n]]}},
    "range": lambda n: {"descent": {"range": [n, 10]}},
}
_ANY_NUMBER = st.one_of(st.integers(min_value=-(10 ** 600), max_value=10 ** 600), st.floats(allow_nan=False),
                        st.sampled_from(["1e400", "-1e400", "1e-400", "9" * 400, "-" + "9" * 400, "1e308", "4.9e-324"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(sorted(_NUMERIC_KEYS)), number=_ANY_NUMBER)
def test_any_number_in_any_key_of_a_lesson_file_is_taken_or_refused_naming_it(key, number, tmp_path):
    import json

    from explorer.core.lesson import Lesson
    from explorer.core.lesson_file import LessonFileError, load_lesson

    literal = number if isinstance(number, str) else json.dumps(number)  # 1e400 as a file writes it
    path = tmp_path / "lesson.json"
    path.write_text(json.dumps(_NUMERIC_KEYS[key]("NUMBER")).replace('"NUMBER"', literal), encoding="utf-8")
    lesson = _LESSON.setdefault("lesson", Lesson())
    try:
        load_lesson(lesson, path)
    except LessonFileError as refused:  # anything else (an OverflowError …) fails the test
        beyond_a_float = (number in ("1e400", "-1e400", "9" * 400, "-" + "9" * 400)
                          or isinstance(number, int) and abs(number) > 10 ** 308)
        assert refused.message and (key.split("_")[0] in refused.message or not beyond_a_float), refused.message
    else:
        assert not (isinstance(number, int) and abs(number) > 10 ** 308), "a number beyond a float was taken"


_LESSON: dict = {}  # one lesson for every example (a new one computes its surface each time)


@settings(max_examples=200, deadline=None)
@given(content=st.one_of(st.binary(max_size=400), st.text(max_size=200).map(str.encode),
                         st.dictionaries(st.text(max_size=12), st.one_of(st.text(max_size=40), st.integers(),
                                                                         st.none(), st.lists(st.integers())))
                         .map(lambda d: __import__("json").dumps(d).encode())))
def test_any_settings_file_gives_strings_or_nothing_and_never_raises(content, tmp_path_factory):
    from explorer.ui.settings_store import SettingsStore

    path = tmp_path_factory.mktemp("settings") / "settings.json"
    path.write_bytes(content)
    store = SettingsStore(path)
    for key in ("view/theme", "lessons/last", "lessons/last_path", "x"):
        assert store.value(key) is None or isinstance(store.value(key), str)
    assert all(isinstance(p, str) for p in store.strings("lessons/recent"))
    assert store.data("window/geometry") is None or isinstance(store.data("window/geometry"), bytes)
