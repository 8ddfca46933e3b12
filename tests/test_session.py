"""The descent session: its events, and caches keyed on the run spec's values (not identity)."""

import numpy as np
import pytest

from explorer.core.descent import descend
from explorer.core.descent.registry import source
from explorer.core.descent.session import DescentSession, RunSpec
from explorer.core.lesson import FORECAST_STEPS, Lesson
from explorer.core.optimizers import Optimizer


@pytest.fixture
def race():
    # The default f = 3x² + 2xy + y² from the point (1, 2): three runs racing on the surface.
    return Lesson(descent_source="surface", learning_rate=0.05, more_runs=[("momentum", 0.05), ("adam", 0.1)])


def test_reset_and_stepped_are_the_sessions_events(race):
    session = race.session
    resets, steps, changes, lesson_steps = [], [], [], []
    session.events.reset.connect(resets.append)
    session.events.stepped.connect(steps.append)
    race.events.changed.connect(changes.append)
    race.events.stepped.connect(lesson_steps.append)
    assert race.step_run(2) == 2
    assert steps == [race.run] and lesson_steps == [race.run] and race.run.steps == 2
    race.reset_run()
    assert resets == [race.run] and race.run.steps == 0 and changes == [frozenset({"run"})]
    race.update(learning_rate=0.02)  # a run setting: fresh runs, said once by each
    assert len(resets) == 2 and resets[-1] is race.run and race.run.learning_rate == 0.02
    assert "run" in changes[-1]
    race.finish_run()
    assert race.finished and len(steps) == 2
    assert race.step_run(5) == 0 and len(steps) == 2  # nothing moved: nothing said
    race.finish_run()
    assert len(steps) == 2


def test_a_setting_the_runs_do_not_use_keeps_them_going():
    lesson = Lesson()  # its own f(x): the surface's point is not where it runs
    lesson.step_run(3)
    resets = []
    lesson.session.events.reset.connect(resets.append)
    lesson.update(point=(0.5, 0.5), function="f(x, y) = x^2 + y^2")
    assert lesson.run.steps == 3 and resets == []
    assert lesson.session.spec.point == (0.5, 0.5) and lesson.session.spec.surface is lesson.surface


def test_caches_hit_on_an_equal_spec_built_anew(race):
    session = race.session
    forecasts, rule, plain = session.forecasts(), session.stability(), session.plain_descent()
    rules = [session.run_stability(i) for i in range(3)]
    spec = session.spec
    anew = RunSpec(spec.source, spec.curve, tuple(list(spec.start)), tuple(Optimizer(o.kind, o.learning_rate)
                   for o in spec.optimizers), tuple(spec.curve_range), spec.surface, tuple(spec.point))
    assert anew == spec and anew is not spec
    session.renew(anew)
    assert session.forecasts() is forecasts and session.stability() is rule and session.plain_descent() is plain
    assert [session.run_stability(i) for i in range(3)] == rules
    assert rule.critical_learning_rate == pytest.approx(2 / (4 + np.sqrt(8)))  # λ_max of [[6, 2], [2, 2]]


def test_one_runs_forecast_is_recomputed_alone_when_its_alpha_changes(race):
    first, second, third = race.forecasts()
    race.update(more_runs=[("momentum", 0.07), ("adam", 0.1)])
    again = race.forecasts()
    assert again[0] is first and again[2] is third  # the same floats: not run again
    assert again[1] is not second and again[1].learning_rate == 0.07
    alone = descend(race.surface, 0.07, (1.0, 2.0), FORECAST_STEPS, optimizer=Optimizer("momentum", 0.07))
    assert np.array_equal(again[1].iterates, alone.iterates)


def test_the_stacked_paths_are_built_once_per_step(race):
    stacked = race.stacked_paths()
    assert race.stacked_paths() is stacked
    points, runs = stacked
    assert points.shape == (6, 3) and runs.tolist() == [0, 0, 1, 1, 2, 2]  # each start and a gap
    assert points[0].tolist() == [1.0, 2.0, 11.0] and np.isnan(points[1]).all()
    race.step_run(1)
    points, runs = race.stacked_paths()
    assert points.shape == (9, 3) and points[1] == pytest.approx((0.5, 1.7, race.runs[0].value))


def test_a_session_runs_any_spec_without_a_lesson():
    lesson = Lesson(descent_source="slice-y")
    spec = RunSpec(source("slice-y"), lesson.curve, (2.0,), (Optimizer("gd", 0.1),), lesson.y_range,
                   lesson.surface, lesson.point)
    session = DescentSession(spec, max_steps=200)
    session.finish()
    run = session.run
    assert run.finished and run.point[0] == pytest.approx(-1.0, abs=1e-5)  # f(1, y) = y² + 2y + 3: lowest at y = −1
    path = session.surface_points(np.array([run.point]))
    assert path[0] == pytest.approx((1.0, -1.0, 2.0), abs=1e-6)
