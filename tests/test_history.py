"""Undo and redo of the lesson, without a display: every committed edit is a step, undone
exactly (the lesson's to_dict() back), a refused edit records nothing, a drag is one step."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.core.history import LIMIT, History
from explorer.core.lesson import Camera, Lesson, LessonError, ranges_holding
from explorer.core.optimizers import KINDS


@pytest.fixture(scope="module")
def base():
    return Lesson(resolution=40)


@pytest.fixture
def lesson(base):
    return Lesson.from_dict(base.to_dict())


# Edits a student makes, each field with values that are valid on their own (a few are not
# valid together with the rest, e.g. a point outside a narrowed range: those are refused).
CHOICES = {
    "function": ["x^2 + y^2", "L(w, b) = (3 - 2w - b)^2", "sin(x)cos(y)", "x^2 - y^2", "x +"],
    "x_range": [(-3.0, 3.0), (-1.0, 2.0), (0.5, 4.0), (3.0, -3.0)],
    "y_range": [(-3.0, 3.0), (-2.0, 0.5), (1.0, 5.0)],
    "resolution": [20, 33, 41],
    "point": [(0.0, 0.0), (1.0, 2.0), (-0.5, 0.25), (2.5, -2.5)],
    "contours": [True, False],
    "tangent_plane": [True, False],
    "snap": [True, False],
    "slope_triangles": [True, False],
    "downhill": [True, False],
    "descent_source": ["own", "slice-x", "slice-y", "slice-u", "coordinate", "surface"],
    "direction": [30.0, 0.0, 90.0, 213.5],
    "descent_function": ["f(x) = x^2", "x^4 - 3.4x^2 + 0.5x", "cos(x)", "sin("],
    "descent_range": [(-2.2, 2.4), (-1.0, 1.0), (0.0, 5.0)],
    "learning_rate": [0.001, 0.01, 0.3, 1.5],
    "optimizer": list(KINDS),
    "more_runs": [(), (("adam", 0.1),), (("adam", 0.1), ("momentum", 0.01)), (("rmsprop", 0.05),) * 3],
    "start": [-2.0, 0.5, 2.2],
    "speed": [1, 10, 600],
}
CAMERAS = [Camera(28.0, 245.0, 4.7, (0.0, 0.0, 0.5)), Camera(90.0, 270.0, 3.0, (0.0, 0.0, 0.0), True)]

edit = st.one_of(
    # one edit of one to three settings at once (a preset, Show me)
    st.dictionaries(st.sampled_from(sorted(CHOICES)), st.integers(0, 5), min_size=1, max_size=3).map(
        lambda picks: ("edit", {f: CHOICES[f][i % len(CHOICES[f])] for f, i in picks.items()})),
    # a burst of edits in one group (a slider's drag)
    st.lists(st.sampled_from(CHOICES["learning_rate"] + [0.02, 0.05]), min_size=1, max_size=4).map(
        lambda rates: ("drag", rates)),
    # Reset view / Top view: the camera as an undoable edit of its own
    st.sampled_from(CAMERAS).map(lambda camera: ("camera", camera)),
)


def apply(lesson: Lesson, what) -> None:
    kind, value = what
    if kind == "edit":
        lesson.try_update(**value)
    elif kind == "drag":
        with lesson.history.group():
            for rate in value:
                lesson.try_update(learning_rate=rate)
    else:
        with lesson.history.group("reset view", view=True):
            lesson.try_update(camera=value)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(edit, min_size=1, max_size=12))
def test_n_edits_undone_give_the_lesson_back_exactly_and_redone_give_the_end(base, edits):
    lesson = Lesson.from_dict(base.to_dict())
    states = [lesson.to_dict()]
    for what in edits:
        apply(lesson, what)
        if lesson.to_dict() != states[-1]:  # refused or unchanged: nothing to undo
            states.append(lesson.to_dict())
    assert len(lesson.history) == len(states) - 1
    for expected in reversed(states[:-1]):
        assert lesson.undo()
        assert lesson.to_dict() == expected
    assert not lesson.undo() and not lesson.history.can_undo
    for expected in states[1:]:
        assert lesson.redo()
        assert lesson.to_dict() == expected
    assert not lesson.redo()
    # The lesson undone is the lesson, not only its settings: derived state follows.
    again = Lesson.from_dict(lesson.to_dict())
    assert lesson.surface.signature() == again.surface.signature() and lesson.curve_start == again.curve_start


def test_undo_gives_the_function_back_and_the_views_hear_it_once(lesson):
    lesson.update(function="x^2 - y^2")
    heard = []
    lesson.events.changed.connect(heard.append)
    assert lesson.history.undo_label == "function"
    assert lesson.undo()
    assert lesson.function.text == "f(x, y) = 3x^2 + 2xy + y^2"
    assert lesson.surface.partials_at((1.0, 2.0)) == pytest.approx((10.0, 6.0))
    assert len(heard) == 1 and {"function", "mesh"} <= heard[0]
    assert lesson.history.redo_label == "function" and not lesson.history.can_undo


def test_a_refused_edit_records_nothing_and_keeps_what_can_be_redone(lesson):
    lesson.update(learning_rate=0.3)
    lesson.undo()
    assert lesson.try_update(function="3x^2 +") is False
    assert lesson.try_update(x_range=(2, 1)) is False
    with pytest.raises(LessonError):
        lesson.update(point=(10, 10))
    assert not lesson.history.can_undo and lesson.history.redo_label == "learning rate"


def test_a_mistyped_range_is_undone_with_the_point_it_moved(lesson):
    lesson.update(x_range=(20.0, 30.0))  # meant 2 to 3: the point (1, 2) moves to x = 20
    assert lesson.point == (20.0, 2.0)
    assert lesson.history.undo_label == "range"
    lesson.undo()
    assert lesson.x_range == (-3.0, 3.0) and lesson.point == (1.0, 2.0)


def test_show_me_is_one_step_and_undo_gives_the_students_function_back(lesson):
    lesson.update(function="x^3 + y", point=(0.5, 0.5))
    student = lesson.to_dict()
    # What the quiz's Show me does: the question's function, its point, a range that holds it.
    point = (4.0, 1.0)
    lesson.update(function="f(x, y) = 3x^2 + 2y", point=point, **ranges_holding(point, lesson.x_range, lesson.y_range))
    assert lesson.history.undo_label == "function"
    lesson.undo()
    assert lesson.to_dict() == student


def test_a_drag_is_one_step_and_a_drag_back_to_where_it_began_is_none(lesson):
    before = lesson.to_dict()
    lesson.history.begin_group()
    for rate in (0.02, 0.05, 0.1, 0.2):
        lesson.update(learning_rate=rate)
    lesson.history.end_group()
    assert len(lesson.history) == 1 and lesson.history.undo_label == "learning rate"
    with lesson.history.group():
        lesson.update(learning_rate=0.5)
        lesson.update(learning_rate=0.2)
    assert len(lesson.history) == 1
    lesson.undo()
    assert lesson.to_dict() == before


def test_a_batch_is_one_step(lesson):
    with lesson.batch():
        lesson.update(point=(0.5, 0.5))
        lesson.update(learning_rate=0.02)
    assert len(lesson.history) == 1
    assert lesson.history.undo_label == "point"


@pytest.mark.parametrize("runs, label", [
    ((("adam", 0.1),), "add run"),
    ((), "remove run"),
    ((("momentum", 0.1),), "optimizer"),
    ((("adam", 0.5),), "learning rate"),
])
def test_the_runs_steps_say_what_they_do(lesson, runs, label):
    lesson.update(more_runs=(("adam", 0.1),))
    if runs != (("adam", 0.1),):
        lesson.update(more_runs=runs)
    assert lesson.history.undo_label == label


def test_a_held_key_is_one_step(lesson):
    lesson.update(point=(1.0, 2.0))
    lesson.update(point=(1.06, 2.0))
    for x in (1.12, 1.18, 1.24):
        with lesson.history.merging():  # the key's auto-repeats
            lesson.update(point=(x, 2.0))
    with lesson.history.merging():
        lesson.try_update(point=(9.0, 2.0))  # refused (outside the range): nothing to merge
    lesson.update(point=(0.5, 0.5))  # a click after the key: a step of its own
    assert len(lesson.history) == 2
    lesson.undo()
    assert lesson.point == (1.24, 2.0)
    lesson.undo()
    assert lesson.point == (1.0, 2.0)


def test_the_camera_written_back_on_save_is_no_step_and_undo_leaves_it(lesson):
    lesson.update(function="x^2 + y^2")
    orbited = Camera(40.0, 100.0, 5.0, (0.0, 0.0, 0.5))
    lesson.update(camera=orbited, panes=("readout",))  # what saving writes: where the view is
    assert lesson.history.undo_label == "function" and len(lesson.history) == 1
    lesson.undo()
    assert lesson.camera == orbited and lesson.panes == ("readout",)


def test_reset_view_is_undone_to_where_the_camera_was(lesson):
    orbited = Camera(40.0, 100.0, 5.0, (0.0, 0.0, 0.5))
    lesson.update(camera=orbited)
    with lesson.history.group("reset view", view=True):
        lesson.update(camera=Camera(28.0, 245.0, 4.7, (0.0, 0.0, 0.5)))
    assert lesson.history.undo_label == "reset view"
    lesson.undo()
    assert lesson.camera == orbited


def test_a_new_lesson_starts_a_new_history_a_refused_one_keeps_it(lesson):
    lesson.update(learning_rate=0.3)
    with pytest.raises(LessonError):
        lesson.load_settings({"resolution": 5})
    assert lesson.history.undo_label == "learning rate"
    lesson.load_settings({"function": "x^2 + y^2"})
    assert not lesson.history.can_undo and not lesson.history.can_redo
    assert lesson.function.text == "x^2 + y^2"


def test_a_new_edit_after_an_undo_drops_what_could_be_redone(lesson):
    lesson.update(speed=20)
    lesson.undo()
    lesson.update(start=1.0)
    assert not lesson.history.can_redo and lesson.history.undo_label == "start"


def test_the_history_is_bounded_the_oldest_steps_go():
    history = History()
    heard = []
    history.events.changed.connect(lambda: heard.append(1))
    for i in range(LIMIT + 25):
        history.record({"speed": i}, {"speed": i + 1})
    assert len(history) == LIMIT and heard
    steps = [history.take_undo() for _ in range(LIMIT)]
    assert steps[-1].before == {"speed": 25} and history.take_undo() is None


def test_undo_back_to_the_saved_lesson_is_clean_again(lesson):
    lesson.update(speed=20)
    lesson.history.mark_clean()  # saved here
    lesson.update(start=1.0)
    assert not lesson.history.is_clean
    lesson.undo()
    assert lesson.history.is_clean
    lesson.undo()
    assert not lesson.history.is_clean
    lesson.redo()
    assert lesson.history.is_clean
    lesson.load_settings({})  # a new lesson: not saved until it is
    assert not lesson.history.is_clean


def test_a_repeat_after_an_undo_does_not_join_an_older_step(lesson):
    lesson.update(point=(0.5, 0.5))  # a click
    lesson.update(point=(0.6, 0.5))  # an arrow pressed…
    lesson.undo()  # …undone while held
    with lesson.history.merging():
        lesson.update(point=(0.7, 0.5))  # its next repeat: a step of its own
    assert len(lesson.history) == 2
    lesson.undo()
    assert lesson.point == (0.5, 0.5)
