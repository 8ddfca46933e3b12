"""A run's kept path, worked on a step at a time: what an animation's frame computes anew is
only the iterates taken since the last frame, not the thousands kept.

A :class:`~.engine.Descent` keeps its first iterates (the head) and its last ones (the
trail); :meth:`~.engine.Descent.path_array` puts them in one (k, d) array, whose rows are

- rows ``[0, h)``: steps ``0 … h−1`` (the head, ``h = len(run.head)``), then
- rows ``[h, k)``: steps ``t0 … run.steps`` (the trail's part after the head),

see :func:`path_parts`.  An iterate never changes once taken, so anything computed from it
alone (its point on the surface, its world position) can be kept by its step and reused.

- :class:`PathRows`: a pointwise function of the path's rows, computed for the new rows
  only (:func:`rows_of_runs` does every run of a race in one call of the function).
- :class:`ThinnedTrail`: the path as drawn, thinned to one point per ``spacing`` of its
  length, built as the run goes: each point's fate is decided once, when it is taken.
"""

from __future__ import annotations

from typing import Callable, Hashable, Sequence

import numpy as np

__all__ = ["path_parts", "PathRows", "rows_of_runs", "ThinnedTrail"]


def path_parts(run) -> tuple[int, int]:
    """``(h, t0)`` of ``run.path_array()`` (see the module docstring): its first ``h`` rows
    are steps 0…h−1, the rest steps t0…run.steps (none when t0 > run.steps)."""
    h = len(run.head)
    return h, run.steps + 1 - (len(run.path_array()) - h)


class PathRows:
    """Rows computed from one run's kept path by a pointwise function (row i of the result
    from row i of the path alone), reusing those computed at earlier steps of the same run
    and the same ``key`` (what the function depends on besides the row: another key, or
    another run, starts afresh)."""

    def __init__(self):
        self._kept: tuple | None = None  # (key, run, h, t0, steps, rows)

    def _plan(self, run, key: Hashable):
        """(path, [(a, b) row slices of the path to compute], assemble(computed) → rows)."""
        path = run.path_array()
        h, t0 = path_parts(run)
        k, steps = len(path), run.steps
        kept = self._kept
        if kept is not None and kept[0] == key and kept[1] is run and kept[4] == steps:
            rows = kept[5]
            return path, [], lambda computed: rows
        if kept is None or kept[0] != key or kept[1] is not run or kept[4] > steps:
            return path, [(0, k)], lambda computed: computed
        _, _, h_was, t0_was, steps_was, rows_was = kept
        # The trail's rows already computed: steps t0 … steps_was (the trail only moves on).
        reused = steps_was - t0 + 1 if t0 >= t0_was else 0
        reused = max(0, min(reused, steps_was - t0_was + 1))
        start = h_was + (t0 - t0_was)
        old_trail = rows_was[start:start + reused] if reused else rows_was[:0]
        slices = [(h_was, h), (h + reused, k)]

        def assemble(computed: np.ndarray) -> np.ndarray:
            new_head, new_trail = computed[:h - h_was], computed[h - h_was:]
            return np.concatenate([rows_was[:h_was], new_head, old_trail, new_trail])

        return path, slices, assemble

    def _keep(self, run, key: Hashable, rows: np.ndarray) -> np.ndarray:
        h, t0 = path_parts(run)
        self._kept = (key, run, h, t0, run.steps, rows)
        return rows

    def rows(self, run, key: Hashable, compute: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        """``compute`` of every row of ``run.path_array()`` ((k, d) → (k, …)), computing the
        rows new since the last call alone."""
        return rows_of_runs([self], [run], key, compute)[0]

    def forget(self) -> None:
        self._kept = None


def rows_of_runs(caches: Sequence[PathRows], runs: Sequence, key: Hashable,
                 compute: Callable[[np.ndarray], np.ndarray]) -> list[np.ndarray]:
    """:meth:`PathRows.rows` of each run with its cache, the new rows of all of them passed
    to ``compute`` at once (numpy's cost per call, six times, would be most of the work)."""
    plans = [cache._plan(run, key) for cache, run in zip(caches, runs)]
    parts = [path[a:b] for path, slices, _ in plans for a, b in slices]
    counts = [sum(b - a for a, b in slices) for _, slices, _ in plans]
    if sum(counts):
        computed = compute(np.concatenate(parts))
    else:
        computed = None
    out, at = [], 0
    for cache, run, (path, slices, assemble), count in zip(caches, runs, plans, counts):
        mine = computed[at:at + count] if computed is not None else None
        at += count
        out.append(cache._keep(run, key, assemble(mine)))
    return out


class ThinnedTrail:
    """One run's path as drawn: world points thinned to one per ``spacing`` of length along
    it (a long step keeps both its ends, a creep of tiny steps a point every ``spacing``),
    the start, the current point, breaks (non-finite rows: the path left the box) and the
    points beside them always kept — :func:`~explorer.core.polyline.thin_mask`'s rule.

    Built as the run goes (:meth:`update`): a step's point is kept or dropped once, when it
    is taken, by its length along the run from its start, so the points kept do not shift
    from frame to frame; the head's and the trail's kept points are those of the steps the
    run still keeps (a point of a step dropped from the trail goes with it).  ``key``: what
    the world points depend on besides the run (the box, the lift); another key or another
    run starts afresh."""

    def __init__(self, spacing: float):
        self.spacing = float(spacing)
        self._key = None
        self._run = None
        self._done = -1  # the last step taken into account
        self._last: np.ndarray | None = None  # (3,) its world point
        self._last_length = 0.0  # its length along the run, world units
        self._last_kept = False
        self._last_finite = True
        self._pending: tuple | None = None  # (steps, h, t0, run.steps) of the rows new_rows gave
        self._points = np.zeros((0, 3))  # (m, 3) the points kept, world units, in step order
        self._steps = np.zeros(0, dtype=np.int64)  # (m,) the step of each
        self._segments: tuple[int, np.ndarray] | None = None  # (steps, (2M, 3) float32)

    def update(self, run, key: Hashable, path: np.ndarray, to_world: Callable[[np.ndarray], np.ndarray]) -> None:
        """Take the run's steps new since the last call.  ``path`` (k, …) has a row for each
        row of ``run.path_array()`` (its points on the surface, say); only the new rows are
        read, and ``to_world`` makes them world points ((n, …) → (n, 3), NaN where the path
        is not drawn).  :meth:`new_rows` and :meth:`take` are its two halves, for placing
        the new rows of several runs at once."""
        self.take(to_world(self.new_rows(run, key, path)))

    def new_rows(self, run, key: Hashable, path: np.ndarray) -> np.ndarray:
        """The rows of ``path`` (see :meth:`update`) of the steps the run took since the last
        :meth:`take`, in step order; give them to :meth:`take` as world points next."""
        if key != self._key or run is not self._run or run.steps < self._done:
            self.__init__(self.spacing)
            self._key, self._run = key, run
        steps = run.steps
        h, t0 = path_parts(run)
        first = self._done + 1
        # The new steps' rows: those still in the head, then those in the trail's part (a
        # jump of the run past both, Run to end, leaves the steps between out of the path).
        head = np.arange(first, h)
        trail = np.arange(max(first, t0), steps + 1)
        self._pending = (np.concatenate([head, trail]), h, t0, steps)
        return path[np.concatenate([head, h + trail - t0])]

    def take(self, world: np.ndarray) -> None:
        """The rows :meth:`new_rows` gave, as world points (n, 3) (NaN where not drawn)."""
        steps, h, t0, done = self._pending
        if done == self._done:
            return
        self._take(np.asarray(world, dtype=np.float64), steps)
        self._done = done
        # Forget the points of steps no longer kept (between the head and the trail).
        a, b = np.searchsorted(self._steps, [h, t0])
        if b > a:
            self._points = np.concatenate([self._points[:a], self._points[b:]])
            self._steps = np.concatenate([self._steps[:a], self._steps[b:]])

    def _take(self, points: np.ndarray, steps: np.ndarray) -> None:
        if not len(points):
            return
        finite = np.isfinite(points).all(axis=1)
        last = self._last
        whole = bool(finite.all()) and (last is None or self._last_finite)
        ext = points if last is None else np.concatenate([last[None], points])
        # The lengths of the steps, as thin_mask measures them (0 across a break).
        if whole:
            lengths = np.sqrt(np.square(np.diff(ext, axis=0)).sum(axis=1))
        else:
            with np.errstate(invalid="ignore"):
                lengths = np.sqrt(np.square(np.diff(ext, axis=0)).sum(axis=1))
            lengths[~np.isfinite(lengths)] = 0.0
        # One cumulative sum on from the last point's length: the same floats as one sum over
        # the whole run (numpy accumulates in order), whatever frames the steps came in.
        cumulative = np.cumsum(np.concatenate([[self._last_length, 0.0] if last is None else [self._last_length],
                                               lengths]))
        buckets = np.floor(cumulative / self.spacing)
        keep = buckets[1:] != buckets[:-1]
        if last is None:
            keep[0] = True  # the start
        if not whole:  # a break and the points beside it: kept
            before_finite = np.concatenate([[True if last is None else self._last_finite], finite[:-1]])
            keep |= ~finite | ~before_finite
            keep[:-1] |= ~finite[1:]
            if last is not None and not finite[0] and not self._last_kept:
                self._points = np.concatenate([self._points, last[None]])
                self._steps = np.concatenate([self._steps, [self._done]])
        self._points = np.concatenate([self._points, points[keep]])
        self._steps = np.concatenate([self._steps, steps[keep]])
        self._last, self._last_length, self._last_kept = points[-1], float(cumulative[-1]), bool(keep[-1])
        self._last_finite = bool(finite[-1])

    def polyline(self) -> np.ndarray:
        """(m, 3) the points drawn, in order, ending at the run's current point."""
        if self._last is None:
            return np.zeros((0, 3))
        if self._last_kept:
            return self._points
        return np.concatenate([self._points, self._last[None]])

    def segments(self) -> np.ndarray:
        """(2M, 3) float32 'lines' pairs of :meth:`polyline`, none with a non-finite end."""
        if self._segments is not None and self._segments[0] == self._done:
            return self._segments[1]
        points = self.polyline()
        finite = np.isfinite(points).all(axis=1)
        pair = finite[:-1] & finite[1:]
        segments = np.empty((2 * int(pair.sum()), 3), dtype=np.float32)
        segments[0::2], segments[1::2] = points[:-1][pair], points[1:][pair]
        self._segments = (self._done, segments)
        return segments
