"""A descent session: the race a lesson runs, and everything computed from it.

:class:`DescentSession` owns the :class:`~.engine.Race` of one :class:`RunSpec` (what the
runs descend, from where, with which optimizers), steps it and runs it to the end, and
answers what the views draw beside it: each run's whole path ahead (:meth:`~DescentSession.forecasts`),
the step-size rules (:meth:`~DescentSession.stability`, :meth:`~DescentSession.run_stability`),
the runs' paths lifted onto the surface (:meth:`~DescentSession.stacked_paths`) and plain
descent for comparison (:meth:`~DescentSession.plain_descent`).

Caches are keyed on the frozen spec's parts (equal specs built anew hit them), never on
object identity stored in a ``__dict__``: a drag of one run's α recomputes that run's
forecast alone.  Points are tuples of floats in the curve's variables; paths on the surface
are (k, 3) float64 arrays in function units (x, y, f).

Its events: ``reset`` (fresh runs: a new spec or a reset; carries the first run) and
``stepped`` (the runs took steps; carries the first run).
"""

from __future__ import annotations

import math
from functools import partial
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from psygnal import Signal, SignalGroup

from ..calculus import Function
from ..optimizers import Optimizer, Stability, stability
from .engine import Descent, DescentResult, Race, Racer, descend
from .kept_path import PathRows, rows_of_runs
from .sources import DescentSource

if TYPE_CHECKING:
    from .stochastic import TrainingSetup

__all__ = ["RunSpec", "DescentSession", "SessionEvents", "find_minimum"]


class RunSpec(NamedTuple):
    """What a race runs: frozen, compared by value (functions are immutable and compared
    as the same object; optimizers and points by value).

    ``source`` the descent source; ``curve`` the function the runs descend; ``start`` the
    start in its variables (``(x₀,)`` or ``(x₀, y₀)``); ``optimizers`` each run's, in run
    order; ``curve_range`` (lo, hi) the curve's variable is drawn over; ``surface`` and
    ``point`` (x₀, y₀) the surface and the picked point the runs are lifted onto;
    ``training`` what the runs train on when the surface is a data set's loss (None: the
    runs take the surface's own gradient, :mod:`.stochastic`)."""

    source: DescentSource
    curve: Function
    start: tuple[float, ...]
    optimizers: tuple[Optimizer, ...]
    curve_range: tuple[float, float]
    surface: Function
    point: tuple[float, float]
    training: TrainingSetup | None = None


class SessionEvents(SignalGroup):
    reset = Signal(object)  # fresh runs (a new spec, or Reset): the first run
    stepped = Signal(object)  # the runs took one or more steps: the first run


class DescentSession:
    """The race of one :class:`RunSpec` and what is computed from it (see the module docstring).

    ``max_steps`` ends a run at the latest; ``trail_length`` iterates a run keeps;
    ``forecast_steps`` the length of each run's whole path drawn ahead."""

    def __init__(self, spec: RunSpec, *, max_steps: int = 10_000, trail_length: int = 1000,
                 forecast_steps: int = 500):
        self.events = SessionEvents()
        self.max_steps, self.trail_length, self.forecast_steps = max_steps, trail_length, forecast_steps
        self._paths: dict[tuple, DescentResult] = {}  # (curve, start, optimizer) → its forecast
        self._forecasts: tuple[RunSpec, list[DescentResult]] | None = None
        self._stability: tuple[tuple, Stability | None] | None = None  # ((curve, start), rule)
        self._run_rules: dict[tuple, Stability | None] = {}  # (curve, start, range, optimizer) → rule
        self._plain: tuple[tuple, DescentResult] | None = None  # ((surface, point, α), result)
        self._stacked: tuple[tuple[int, ...], tuple[np.ndarray, np.ndarray]] | None = None
        self._lifted: list[PathRows] = []  # each run's path on the surface, lifted a step at a time
        self._surface_paths: tuple[tuple, list[np.ndarray]] | None = None  # ((spec's parts, steps…), paths)
        self.spec = spec
        self._new_race()

    # ------------------------------------------------------------------ the race
    def _new_race(self) -> None:
        spec = self.spec
        racers = [Racer(optimizer, spec.start) for optimizer in spec.optimizers]
        run_type = spec.source.run_type if spec.training is None else partial(spec.training.run_type, training=spec.training)
        self.race = Race(spec.curve, racers, max_steps=self.max_steps, trail_length=self.trail_length,
                         run_type=run_type)
        self._stacked = self._surface_paths = None

    def renew(self, spec: RunSpec) -> None:
        """Fresh runs of ``spec`` (new settings: never a stale trail); emits ``reset``."""
        self.spec = spec
        self._new_race()
        self.events.reset.emit(self.run)

    def respec(self, spec: RunSpec) -> None:
        """Take ``spec`` without touching the runs: for a change that moves nothing they run
        on (the surface or the point while the runs descend the panel's own curve)."""
        self.spec = spec
        self._stacked = self._surface_paths = None

    def reset(self) -> None:
        """Fresh runs from the start of the same spec; emits ``reset``."""
        self._new_race()
        self.events.reset.emit(self.run)

    @property
    def runs(self) -> list[Descent]:
        """Every run, in run order (one :class:`~.engine.Descent` per optimizer)."""
        return self.race.runs

    @property
    def run(self) -> Descent:
        """The first run: the one the readout follows."""
        return self.race.runs[0]

    @property
    def finished(self) -> bool:
        """Whether every run has ended (converged, diverged, undefined or at the limit)."""
        return self.race.finished

    def step(self, count: int = 1) -> int:
        """Up to ``count`` steps of every run still going; emits ``stepped`` when any
        moved.  Returns the most steps any run took."""
        taken = self.race.step(max(0, int(count)))
        if taken:
            self.events.stepped.emit(self.race.runs[0])
        return taken

    def finish(self) -> None:
        """Every remaining step of every run at once (the fast loops); emits ``stepped``."""
        if not self.race.finished:
            self.race.run_to_end()
            self.events.stepped.emit(self.race.runs[0])

    # ------------------------------------------------------------------ forecasts and rules
    def forecasts(self) -> list[DescentResult]:
        """Each run's whole path from the start, up to ``forecast_steps`` steps (the fast
        loops), in run order: drawn ahead of the animation.  Computed once per spec, and a
        new spec recomputes only the runs whose (curve, start, optimizer) changed (a drag of
        one run's α: that run's alone).  Empty where the source has none."""
        spec = self.spec
        if self._forecasts is not None and self._forecasts[0] == spec:
            return self._forecasts[1]
        if not spec.source.has_forecasts:
            forecasts = []
        else:
            paths = {}
            for optimizer in spec.optimizers:
                key = (spec.curve, spec.start, optimizer, spec.training)
                paths[key] = self._paths.get(key) or self._forecast(optimizer)
            self._paths = paths  # only the current runs' paths are kept
            forecasts = [paths[(spec.curve, spec.start, o, spec.training)] for o in spec.optimizers]
        self._forecasts = (spec, forecasts)
        return forecasts

    def _forecast(self, optimizer: Optimizer) -> DescentResult:
        spec = self.spec
        if spec.training is not None:  # the same batches and α as the run itself
            from .stochastic import training_forecast  # (late: only data drive training, not the first frame)

            return training_forecast(spec.curve, spec.training, optimizer, spec.start, self.forecast_steps)
        return descend(spec.curve, optimizer.learning_rate, spec.start, self.forecast_steps, optimizer=optimizer)

    def drop_forecasts(self) -> None:
        """Forget every run's forecast, as if each path were new (the benchmark's worst case
        of an α drag: a new start recomputes all of them)."""
        self._paths, self._forecasts = {}, None

    def stability(self) -> Stability | None:
        """The step-size rule at the minimum whose valley the start lies in (see
        :func:`find_minimum`): λ there and the critical α = 2/λ; None where there is none."""
        key = (self.spec.curve, self.spec.start)
        if self._stability is None or self._stability[0] != key:
            minimum = find_minimum(key[0], key[1], self.max_steps)
            self._stability = (key, None if minimum is None else stability(key[0], minimum))
        return self._stability[1]

    def run_stability(self, index: int = 0) -> Stability | None:
        """The step-size rule at the minimum run ``index`` actually heads for: where its
        forecast converges; on a curve, the valley it jumps into when a step jumps a hump;
        else the valley the start is in (:meth:`stability`)."""
        forecasts = self.forecasts()
        if not 0 <= index < len(forecasts):
            return self.stability()
        spec = self.spec
        key = (spec.curve, spec.start, spec.curve_range, spec.optimizers[index])
        if key in self._run_rules:
            return self._run_rules[key]
        if any(k[:3] != key[:3] for k in self._run_rules):
            self._run_rules = {}  # another curve, start or range: the old rules are no use
        forecast, curve = forecasts[index], spec.curve
        rule = None
        if forecast.status == "converged":
            rule = stability(curve, forecast.final)
        elif len(curve.variable_names) == 1:
            from ..landscape import first_hump_jump, landscape

            jump = first_hump_jump(landscape(curve, *spec.curve_range), forecast.iterates[:, 0])
            if jump is not None:
                minimum = find_minimum(curve, (jump.after,), self.max_steps)
                rule = None if minimum is None else stability(curve, minimum)
        if rule is None and forecast.status != "converged":
            rule = self.stability()
        self._run_rules[key] = rule
        return rule

    def plain_descent(self) -> DescentResult:
        """Plain gradient descent on the surface from the picked point with the first run's
        α (at most ``max_steps`` steps): what coordinate descent is compared with.
        Computed once per surface, point and α."""
        spec = self.spec
        key = (spec.surface, spec.point, spec.optimizers[0].learning_rate)
        if self._plain is None or self._plain[0] != key:
            self._plain = (key, descend(spec.surface, key[2], spec.point, self.max_steps))
        return self._plain[1]

    # ------------------------------------------------------------------ on the surface
    def surface_points(self, iterates: np.ndarray) -> np.ndarray | None:
        """Iterates (k, d) of the runs as points on the surface (k, 3) in function units
        (x, y, f), NaN rows kept NaN; None where the source's runs are not on the surface."""
        spec = self.spec
        return spec.source.lift(np.asarray(iterates, dtype=np.float64), spec.surface, spec.point, spec.curve)

    def stack_on_surface(self, paths: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Runs' iterates (each (k, d)) stacked with a NaN row after each, on the surface:
        ((K, 3) function units, (K,) the run each row belongs to).  One evaluation of f for
        every run: numpy's per-call cost, six times, is most of a frame's."""
        if not paths:
            return np.zeros((0, 3)), np.zeros(0, dtype=int)
        gap = np.full((1, paths[0].shape[1]), np.nan)
        stacked = np.concatenate([part for path in paths for part in (path, gap)])
        runs = np.concatenate([np.full(len(path) + 1, i) for i, path in enumerate(paths)])
        return self.surface_points(stacked), runs

    def stacked_paths(self) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`stack_on_surface` of every run's kept path, built once per step of the
        race (from :meth:`surface_paths`)."""
        steps = tuple(run.steps for run in self.race.runs)
        if self._stacked is None or self._stacked[0] != steps:
            paths = self.surface_paths()
            runs = np.concatenate([np.full(len(run.path_array()) + 1, i) for i, run in enumerate(self.race.runs)])
            if paths is None:
                self._stacked = (steps, (None, runs))
            else:
                gap = np.full((1, 3), np.nan)
                self._stacked = (steps, (np.concatenate([part for path in paths for part in (path, gap)]), runs))
        return self._stacked[1]

    def surface_paths(self) -> list[np.ndarray] | None:
        """Each run's kept path (its rows as :meth:`~.engine.Descent.path_array`'s) on the
        surface, (k, 3) function units (x, y, f), in run order; None where the source's runs
        are not on the surface.  Only the iterates new since the last call are lifted (an
        animation's frame: ten steps of each run, not the thousands kept), all runs' in one
        evaluation of f."""
        spec, runs = self.spec, self.race.runs
        if not spec.source.drawn_on_surface:
            return None
        key = (spec.source, spec.surface, spec.point, spec.curve)
        steps = (key, *(run.steps for run in runs))
        if self._surface_paths is None or self._surface_paths[0] != steps:  # once a step of the race
            while len(self._lifted) < len(runs):
                self._lifted.append(PathRows())
            self._surface_paths = (steps, rows_of_runs(self._lifted, runs, key, self.surface_points))
        return self._surface_paths[1]


def find_minimum(function: Function, start: tuple[float, ...], max_steps: int = 10_000) -> tuple[float, ...] | None:
    """The minimum whose valley ``start`` lies in, or None where there is none to find (no
    minimum that way, undefined, too far).

    Plain descent with a step too small to jump a hump (α = 0.01, smaller after a
    divergence) finds the valley; Newton's method with the exact Hessian finishes where
    descent stopped short (Rosenbrock's long, flat valley), least squares where the Hessian
    is singular (the lesson's loss has a line of minima)."""
    best = None
    for alpha in (0.01, 0.001, 0.0001):
        result = descend(function, alpha, start, max_steps)
        if result.status == "converged":
            return result.final
        if result.status == "max_steps":
            best = result.final
            break
    if best is None:
        return None
    point = np.array(best, dtype=np.float64)
    for _ in range(50):
        here = tuple(float(c) for c in point)
        gradient = np.array(function.partials_at(here))
        if not np.isfinite(gradient).all():
            return None
        if math.hypot(*np.asarray(gradient, dtype=float).tolist()) < 1e-9 * max(1.0, abs(function.value_at(here))):
            return here
        hessian = np.atleast_2d(function.hessian_at(here))
        if not np.isfinite(hessian).all():
            return None
        point = point - np.linalg.lstsq(hessian, gradient, rcond=None)[0]
    return None
