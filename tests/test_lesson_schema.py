"""The lesson's schema (core/lesson_schema.py), its field names and one run's edit (Lesson.set_run).

Qt-free: the schema drives the real Lesson, its lesson files and its undo history.
"""

import gc
import importlib
import json
import sys

import pytest

from explorer.core.history import label_for
from explorer.core.lesson import Camera, Field, Lesson, LessonError
from explorer.core.lesson_file import lesson_text, parse_lesson_text
from explorer.core.lesson_schema import DEFAULTS, DERIVED, SCHEMA, VIEW_FIELDS, check


@pytest.fixture(scope="module")
def base():
    return Lesson()


@pytest.fixture
def lesson(base):
    return Lesson.from_dict(base.to_dict())


# A value other than the default for every setting, each one the lesson can show.
OTHER = {
    "function": "f(x, y) = x^2 - y^2",
    "x_range": (-2.0, 4.0),
    "y_range": (-1.0, 5.0),
    "resolution": 50,
    "point": (0.5, 0.25),
    # The data drive the surface below (data_drives): the function is their loss L(w, b), whose
    # axes these swap; a function of two variables holds none (held's own values: test_variables.py).
    "shown": ("b", "w"),
    "held": (),
    "direction": 135.0,
    "contours": False,
    "tangent_plane": True,
    "snap": False,
    "slope_triangles": True,
    "downhill": True,
    "level_curve": True,
    "gradient_field": True,
    "descent_source": "surface",
    "descent_function": "f(x) = x^2",
    "descent_range": (-1.0, 3.0),
    "learning_rate": 0.05,
    "optimizer": "adam",
    "more_runs": (("momentum", 0.02), ("rmsprop", 0.001)),
    "start": -1.5,
    "speed": 30,
    "camera": Camera(30.0, 45.0, 3.0, (0.0, 0.0, 0.1), False),
    "panes": ("readout", "quiz"),
    "quiz": {"question": 2, "right": 1, "answered": 2, "seed": 7},
    "data": ((1.0, 0.0), (2.0, 1.0), (4.0, 1.0)),
    "model": "logistic",
    "data_drives": True,
    "batch": 2,
    "seed": 42,
    "schedule": "cosine:100",
    "held_follow": False,
}


def test_every_setting_is_declared_with_a_default_its_own_check_keeps():
    assert [s.name for s in SCHEMA] == list(OTHER), "a setting without a test value here, or out of order"
    for setting in SCHEMA:
        kept = check(setting.name, setting.default)
        assert kept == setting.default and isinstance(kept, setting.type), setting.name
        assert setting.doc, setting.name


def test_every_setting_round_trips_through_a_lesson_file_at_its_key():
    lesson = Lesson(**OTHER)
    data = json.loads(lesson_text(lesson))
    for setting in SCHEMA:
        where = data if setting.group is None else data[setting.group]
        assert setting.file_key in where, setting.name
    assert Lesson(**parse_lesson_text(lesson_text(lesson))).settings() == lesson.settings() != DEFAULTS


def test_the_default_file_is_laid_out_as_before():
    # The file format is a contract with saved lessons: its groups, keys and order.
    data = Lesson().to_dict()
    # (issue #22 added the direction u at the point, and two overlays, after the keys before them;
    # issue #23 the training group; issue #24 the shown pair and the held values after the point)
    assert list(data) == ["version", "function", "x_range", "y_range", "resolution", "point", "shown", "held",
                          "direction", "camera",
                          "panes", "quiz", "overlays", "descent", "training"]
    assert list(data["overlays"]) == ["contours", "tangent_plane", "snap", "slope_triangles", "downhill",
                                      "level_curve", "gradient_field"]
    assert list(data["descent"]) == ["source", "function", "range", "learning_rate", "optimizer", "more_runs",
                                     "start", "speed", "held_follow"]
    assert data["descent"]["source"] == "own" and data["point"] == [1.0, 2.0]


@pytest.mark.parametrize("setting", SCHEMA, ids=lambda s: s.name)
def test_a_wrong_value_is_refused_naming_its_setting(lesson, setting):
    with pytest.raises(LessonError) as refused:
        lesson.update(**{setting.name: object()})
    assert refused.value.field.split(".")[0] == setting.name
    assert lesson.settings() == DEFAULTS


def test_view_fields_change_without_an_undo_step_and_edits_with_one(lesson):
    assert VIEW_FIELDS == {"camera", "panes", "quiz"}
    for name in VIEW_FIELDS:
        lesson.update(**{name: OTHER[name]})
    assert not lesson.history.can_undo
    lesson.update(point=OTHER["point"])
    assert lesson.history.undo_label == "point"


def test_every_edit_has_a_name_in_the_edit_menu():
    for setting in SCHEMA:
        if not setting.view:
            before, after = {setting.name: setting.default}, {setting.name: OTHER[setting.name]}
            assert label_for(before, after) != "edit", f"Undo {setting.name} would read 'Undo edit'"


def test_field_names_are_the_strings_views_and_files_use():
    assert Field.POINT == "point" and "point" in frozenset({Field.POINT}) and Field.POINT in {"point"}
    assert {str(f) for f in Field} == set(DEFAULTS) | {"mesh", "curve", "run", "symbolic"}
    assert DERIVED == {Field.MESH, Field.CURVE, Field.RUN, Field.SYMBOLIC}


def test_connect_fields_calls_back_only_for_its_fields_with_the_whole_change(lesson):
    heard = []
    lesson.events.connect_fields({Field.POINT, Field.MESH}, heard.append)
    lesson.update(contours=False, speed=20)  # neither
    assert heard == []
    lesson.update(point=(0.0, 0.0))
    lesson.update(function="x*y")  # the mesh, derived
    assert heard == [{"point"}, {"function", "mesh"}]
    with lesson.batch():
        lesson.update(point=(1.0, 1.0))
        lesson.update(tangent_plane=True)
    assert heard[2:] == [{"point", "tangent_plane"}]  # one call for the batch, naming all of it


def test_a_mistyped_field_fails_at_connect_time(lesson):
    with pytest.raises(ValueError, match="no lesson field 'piont'"):
        lesson.events.connect_fields({"piont"}, print)
    with pytest.raises(ValueError, match="no lesson field 'mesh_'"):
        lesson.events.connect_fields([Field.POINT, "mesh_"], print)
    assert len(lesson.events.changed) == 0  # nothing half-connected


def test_a_mistyped_field_fails_when_the_view_module_is_imported(tmp_path, monkeypatch):
    (tmp_path / "typo_view.py").write_text(
        "from explorer.core.lesson import Field\n"
        "REDRAWN_ON = {Field.POINT, Field.PIONT}\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(AttributeError, match="PIONT"):
        importlib.import_module("typo_view")
    sys.modules.pop("typo_view", None)


def test_a_view_subscribed_by_field_does_not_outlive_itself(lesson):
    heard = []

    class View:
        def on_changed(self, changed):
            heard.append(changed)

    view = View()
    lesson.events.connect_fields([Field.RUN], view.on_changed)
    lesson.update(optimizer="adam")
    del view
    gc.collect()
    lesson.update(optimizer="gd")
    assert heard == [{"optimizer", "run"}]
    assert len(lesson.events.changed) == 0  # the gone view's slot is disconnected


def test_set_run_changes_the_first_run_as_its_settings(lesson):
    heard = []
    lesson.events.changed.connect(heard.append)
    lesson.set_run(0, learning_rate=0.05)
    assert (lesson.optimizer, lesson.learning_rate) == ("gd", 0.05)
    lesson.set_run(0, optimizer="adam")
    assert heard == [{"learning_rate", "run"}, {"optimizer", "run"}]
    assert lesson.run.optimizer.kind == "adam" and lesson.run.optimizer.learning_rate == 0.05


def test_set_run_changes_one_of_the_other_runs_in_one_undoable_edit(lesson):
    lesson.update(descent_source="surface", more_runs=(("momentum", 0.01), ("rmsprop", 0.01)))
    heard = []
    lesson.events.changed.connect(heard.append)
    lesson.set_run(2, optimizer="adam", learning_rate=0.1)
    assert lesson.more_runs == (("momentum", 0.01), ("adam", 0.1))
    assert heard == [{"more_runs", "run"}]
    assert [(o.kind, o.learning_rate) for o in lesson.optimizers] == [("gd", 0.01), ("momentum", 0.01), ("adam", 0.1)]
    assert lesson.history.undo_label == "optimizer"
    lesson.undo()
    assert lesson.more_runs == (("momentum", 0.01), ("rmsprop", 0.01))
    lesson.set_run(1)  # nothing to change: no edit (the undone one can still be redone)
    assert len(heard) == 2 and lesson.history.redo_label == "optimizer"


@pytest.mark.parametrize("index, changes, field, said", [
    (1, {"learning_rate": 0.1}, "more_runs", "no run 1"),  # the race has only run 0
    (-1, {"learning_rate": 0.1}, "more_runs", "no run -1"),
    (0, {"learning_rate": 0.0}, "learning_rate", "above 0"),
    (0, {"optimizer": "sgd"}, "optimizer", "one of gd"),
])
def test_set_run_refuses_what_it_cannot_show_and_changes_nothing(lesson, index, changes, field, said):
    with pytest.raises(LessonError, match=said) as refused:
        lesson.set_run(index, **changes)
    assert refused.value.field == field
    assert lesson.settings() == DEFAULTS


def test_try_set_run_says_a_refused_run_alpha_and_keeps_the_race(lesson):
    lesson.update(more_runs=(("adam", 0.01),))
    refusals = []
    lesson.events.refused.connect(lambda field, message: refusals.append((field, message)))
    assert not lesson.try_set_run(1, learning_rate=-1)
    assert refusals == [("more_runs", "the learning rate must be above 0 (got -1)")]
    assert lesson.more_runs == (("adam", 0.01),)
    assert lesson.try_set_run(1, learning_rate=0.2) and lesson.more_runs == (("adam", 0.2),)
