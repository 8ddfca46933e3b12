"""A run's kept path worked on a step at a time (issue #25: a frame of a race computes only
the steps taken since the last): what is built frame by frame is what the whole path gives
at once, and what is drawn is the run as it stands."""

import numpy as np
import pytest

from explorer.core import function_from_text
from explorer.core.descent import Descent
from explorer.core.descent.kept_path import PathRows, ThinnedTrail, path_parts, rows_of_runs
from explorer.core.optimizers import Optimizer
from explorer.core.polyline import thin_mask

ROSENBROCK = function_from_text("f(x, y) = (1 - x)^2 + 100(y - x^2)^2")
SPACING = 0.006


def lifted(rows: np.ndarray) -> np.ndarray:
    """Iterates (n, 2) on Rosenbrock's surface: (n, 3) x, y, f."""
    return np.column_stack([rows, ROSENBROCK.evaluate(rows[:, 0], rows[:, 1])[0]])


def to_world(points: np.ndarray) -> np.ndarray:
    """A box with a hole, 0 < x < 0.1: points in it are NaN (the path breaks there, as where
    it leaves the surface view's box)."""
    world = points * np.array([0.5, 0.5, 0.001])
    world[(points[:, 0] > 0.0) & (points[:, 0] < 0.1)] = np.nan
    return world


def momentum_run(trail_length: int = 1000) -> Descent:
    # Momentum from (−1, 1) along Rosenbrock's valley: through the hole and out again.
    return Descent(ROSENBROCK, 0.0015, (-1.0, 1.0), optimizer=Optimizer("momentum", 0.0015), trail_length=trail_length,
                   gradient_tolerance=0.0)


def frames(run, sizes):
    for size in sizes:
        for _ in range(size):
            run.step()
        yield run


def test_a_path_thinned_a_frame_at_a_time_is_the_whole_path_thinned_at_once():
    run, trail = momentum_run(), ThinnedTrail(SPACING)
    for _ in frames(run, [1, 10, 3, 10, 37, 1, 10, 200, 10, 150]):  # all kept: fewer steps than the trail holds
        trail.update(run, "box", lifted(run.path_array()), to_world)
    world = to_world(lifted(run.path_array()))
    assert run.steps == 432 and not np.isfinite(world).all()  # it crossed the hole: breaks to keep
    expected = world[thin_mask(world, SPACING)]
    np.testing.assert_array_equal(trail.polyline(), expected)
    pairs = trail.segments().reshape(-1, 2, 3)
    assert np.isfinite(pairs).all() and len(pairs) < len(world) - 1  # thinned, no segment across a break


def test_a_long_run_is_drawn_from_its_start_to_where_it_is_through_the_steps_it_keeps():
    run, trail = momentum_run(trail_length=100), ThinnedTrail(SPACING)
    for _ in frames(run, [10] * 60 + [1] * 7):
        trail.update(run, "box", lifted(run.path_array()), to_world)
    world = to_world(lifted(run.path_array()))  # the first 100 iterates and the last 100
    drawn = trail.polyline()
    h, t0 = path_parts(run)
    assert (h, t0, run.steps) == (100, 508, 607)
    np.testing.assert_array_equal(drawn[0], world[0])  # the start
    np.testing.assert_array_equal(drawn[-1], to_world(lifted(np.array([run.point])))[0])  # where the run is now
    # Every point drawn is a step the run keeps, in order; every step it keeps is within a
    # spacing of a point drawn (the thinning drops only what no one could tell apart).
    kept = {tuple(p) for p in world[np.isfinite(world).all(axis=1)]}
    assert all(tuple(p) in kept for p in drawn[np.isfinite(drawn).all(axis=1)])
    finite = drawn[np.isfinite(drawn).all(axis=1)]
    for point in world[np.isfinite(world).all(axis=1)]:
        assert np.min(np.linalg.norm(finite - point, axis=1)) <= SPACING * 1.0001


def test_another_run_or_box_starts_the_drawing_afresh():
    run, trail = momentum_run(), ThinnedTrail(SPACING)
    for _ in frames(run, [20]):
        trail.update(run, "box", lifted(run.path_array()), to_world)
    fresh = momentum_run()
    trail.update(fresh, "box", lifted(fresh.path_array()), to_world)
    assert len(trail.polyline()) == 1 and len(trail.segments()) == 0  # the new run's start alone
    trail.update(fresh, "another box", lifted(fresh.path_array()), lambda p: to_world(p) + 1.0)
    np.testing.assert_array_equal(trail.polyline(), to_world(lifted(fresh.path_array())) + 1.0)


@pytest.mark.parametrize("trail_length", [1000, 50])
def test_rows_computed_for_new_steps_alone_are_the_rows_of_the_whole_path(trail_length):
    runs = [momentum_run(trail_length), Descent(ROSENBROCK, 0.001, (0.5, 0.5), trail_length=trail_length)]
    caches, evaluated = [PathRows(), PathRows()], []

    def compute(rows):
        evaluated.append(len(rows))
        return lifted(rows)

    for size in [1, 10, 10, 45, 10, 3]:
        for run in runs:
            for _ in range(size):
                run.step()
        out = rows_of_runs(caches, runs, "surface", compute)
        for run, rows in zip(runs, out):
            np.testing.assert_array_equal(rows, lifted(run.path_array()))
        assert evaluated[-1] <= 2 * (size + 1)  # one call for both runs: their new steps alone (after the first)
    runs[0].run_to_end()  # a jump past the trail: the steps between are left out
    np.testing.assert_array_equal(caches[0].rows(runs[0], "surface", compute), lifted(runs[0].path_array()))
    again = len(evaluated)
    assert caches[0].rows(runs[0], "surface", compute) is caches[0].rows(runs[0], "surface", compute)
    assert len(evaluated) == again  # nothing new: nothing computed
