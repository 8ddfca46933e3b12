"""Functions of many variables in the lesson (core/lesson.py, core/held.py): two shown, the others held.

Qt-free: the real Lesson, real sympy, real meshes.
"""

import json

import numpy as np
import pytest

from explorer.core.lesson import Lesson, LessonError
from explorer.core.lesson_file import lesson_text, parse_lesson_text

THREE = "f(x, y, z) = x^3yz^2"
FIVE = "L(w1, w2, w3, w4, w5) = w1^2 + w2^2 + w3^2 + w4^2 + w5^2"


def test_a_function_of_three_variables_shows_the_first_two_the_third_held_at_1():
    lesson = Lesson(function=THREE)
    assert lesson.function.variable_names == ("x", "y", "z")
    assert lesson.shown == ("x", "y") and lesson.held == (1.0,)
    assert lesson.surface.variable_names == ("x", "y") and lesson.surface.signature() == "f(x, y, 1)"
    assert lesson.full_point == (1.0, 2.0, 1.0)


def test_the_surface_with_z_held_at_1_has_the_vertices_of_the_function_typed_with_z_1():
    held = Lesson(function=THREE)
    typed = Lesson(function="f(x, y) = x^3y")
    assert np.array_equal(held.mesh.vertices, typed.mesh.vertices)
    assert np.array_equal(held.mesh.values, typed.mesh.values, equal_nan=True)


def test_moving_z_to_2_re_meshes_to_z_2():
    lesson = Lesson(function=THREE)
    before = lesson.mesh
    heard = []
    lesson.events.changed.connect(heard.append)
    lesson.update(held=(2.0,))
    assert lesson.mesh is not before and "mesh" in heard[-1] and "held" in heard[-1]
    x, y = np.meshgrid(lesson.mesh.x, lesson.mesh.y, indexing="ij")
    assert np.allclose(lesson.mesh.values, x**3 * y * 4.0, rtol=1e-12, atol=0)
    assert lesson.surface.signature() == "f(x, y, 2)" and str(lesson.surface.expression) == "4*x**3*y"


def test_the_partials_at_the_full_point_are_the_books():
    lesson = Lesson(function=THREE, point=(1.0, 1.0))
    assert lesson.function.partials_at(lesson.full_point) == (3.0, 1.0, 2.0)
    # the surface's two slopes are the shown pair's partials, the same floats
    assert lesson.surface.partials_at(lesson.point) == (3.0, 1.0)


def test_choosing_the_shown_pair_holds_the_other_at_its_value_at_the_point():
    lesson = Lesson(function=THREE, point=(0.5, 2.0), held=(1.5,))
    lesson.update(shown=("z", "x"))
    # z was at 1.5, x at 0.5: the point is now (z, x) = (1.5, 0.5) and y is held at 2
    assert lesson.point == (1.5, 0.5) and lesson.held == (2.0,)
    assert lesson.full_point == (0.5, 2.0, 1.5)
    assert lesson.surface.variable_names == ("z", "x") and lesson.surface.signature() == "f(x, 2, z)"
    value, dz, dx = lesson.surface.evaluate_point((1.5, 0.5))
    assert (value, dx, dz) == lesson.function.evaluate_point((0.5, 2.0, 1.5))[:2] + (lesson.function.partials_at((0.5, 2.0, 1.5))[2],)
    assert lesson.undo() and lesson.shown == ("x", "y") and lesson.point == (0.5, 2.0) and lesson.held == (1.5,)
    assert lesson.redo() and lesson.shown == ("z", "x")


def test_the_same_variable_cannot_be_both_axes_and_a_name_the_function_lacks_is_refused():
    lesson = Lesson(function=THREE)
    before = lesson.settings()
    for shown, why in ((("x", "x"), "both axes"), (("x", "w"), "no variable 'w'")):
        with pytest.raises(LessonError) as refused:
            lesson.update(shown=shown)
        assert refused.value.field == "shown" and why in refused.value.message
    with pytest.raises(LessonError) as refused:
        lesson.update(held=(1.0, 2.0))
    assert refused.value.field == "held" and "(z)" in refused.value.message
    assert lesson.settings() == before


def test_the_function_changing_keeps_shown_and_held_fitting_it():
    lesson = Lesson(function=THREE, held=(3.0,))
    lesson.update(function="f(x, y, z) = x + y + z")  # same variables: z stays at 3
    assert lesson.held == (3.0,)
    lesson.update(function=FIVE)
    assert lesson.shown == ("w1", "w2") and lesson.held == (1.0, 1.0, 1.0)
    assert lesson.full_point == (1.0, 2.0, 1.0, 1.0, 1.0)
    assert lesson.function.partials_at((1.0, 2.0, 3.0, 4.0, 5.0)) == (2.0, 4.0, 6.0, 8.0, 10.0)
    lesson.update(function="f(x, y, z) = x + y + z", shown=("y", "x"))
    lesson.update(function="f(x, y) = x^2 + y^2")  # two variables: in their own order (no menus to swap back)
    assert lesson.shown == ("x", "y") and lesson.held == () and lesson.surface is lesson.function


def test_set_full_point_splits_into_the_point_and_the_held_values():
    lesson = Lesson(function=FIVE)
    lesson.update(shown=("w3", "w1"))
    lesson.set_full_point((0.5, 1.5, 2.5, -1.0, 0.25))
    assert lesson.point == (2.5, 0.5) and lesson.held == (1.5, -1.0, 0.25)
    assert lesson.full_point == (0.5, 1.5, 2.5, -1.0, 0.25)
    with pytest.raises(LessonError) as refused:
        lesson.set_full_point((1.0, 2.0))
    assert refused.value.field == "point"


def test_a_lesson_file_with_three_variables_round_trips_and_bad_values_are_refused_by_name():
    lesson = Lesson(function=THREE, shown=("y", "z"), held=(-0.5,), point=(2.0, 1.5))
    text = lesson_text(lesson)
    data = json.loads(text)
    assert data["shown"] == ["y", "z"] and data["held"] == [-0.5]
    again = Lesson(**parse_lesson_text(text))
    assert again == lesson and again.full_point == (-0.5, 2.0, 1.5)
    other = Lesson()
    before = other.settings()
    for key, value, why in (("shown", ["y", "q"], "no variable 'q'"), ("held", [1, 2], "held needs 1 value"),
                            ("held", ["1"], "must be a number"), ("shown", "yz", "two variable names")):
        with pytest.raises(LessonError) as refused:
            other.load_dict({**data, key: value})
        assert refused.value.field == key and why in refused.value.message
        assert other.settings() == before


def test_a_file_that_names_no_shown_pair_shows_its_functions_first_two():
    lesson = Lesson()
    lesson.load_dict({"version": 1, "function": "g(a, b, c, d) = abcd", "point": [0.5, 0.5]})
    assert lesson.shown == ("a", "b") and lesson.held == (1.0, 1.0) and lesson.full_point == (0.5, 0.5, 1.0, 1.0)


def test_ten_variables_are_taken_eleven_refused():
    ten = "f(a, b, c, d, g, h, k, m, n, p) = a + b + c + d + g + h + k + m + n + p"
    lesson = Lesson(function=ten)
    assert len(lesson.held) == 8 and lesson.surface.variable_names == ("a", "b")
    with pytest.raises(LessonError) as refused:
        lesson.update(function="f(a, b, c, d, g, h, k, m, n, p, q) = a")
    assert refused.value.field == "function"
