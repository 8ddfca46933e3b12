"""The lesson state: everything a lesson shows, in one Qt-free, evented, validated object.

Views and controls subscribe to :attr:`Lesson.events` and write through
:meth:`Lesson.update`; none keeps its own copy.  Conventions:

- Settings are plain data (str, float, int, bool, 2-tuples of floats), in the function's own
  units, each declared once in :data:`~explorer.core.lesson_schema.SCHEMA` (its type, default,
  check, place in a lesson file and doc): the surface (``function``, ``x_range``/``y_range``,
  ``resolution``, ``point``; for a function of more than two variables ``shown``, the two drawn
  as the axes, and ``held``, the others' values — ``point`` and the ranges are the shown pair's),
  its overlays, the descent panel's settings (``descent_source``,
  one of :data:`SOURCES`; the first run's ``optimizer`` and ``learning_rate``, ``more_runs``
  the others: :meth:`Lesson.set_run` changes one), and how the lesson is looked at
  (``camera``, ``panes``, ``quiz``: the views write those back when a lesson is saved, so a
  file opens to the same view).
- Derived state follows from them and is never set directly: :attr:`Lesson.function` (the
  parsed :class:`Function`, every variable), :attr:`Lesson.surface` (it as a function of the
  shown pair, the others held: what is drawn), :attr:`Lesson.full_point`, :attr:`Lesson.mesh` (its :class:`SurfaceMesh`),
  :attr:`Lesson.curve` (the 1-D function the descent panel runs on: its own, or a slice of
  the surface through the point, :meth:`Function.restrict`), and :attr:`Lesson.runs` (one
  :class:`~explorer.core.descent.Descent` per run, all from the same start; :attr:`Lesson.run`
  is the first) with :meth:`Lesson.forecasts` (each run's whole path, for drawing while α
  is dragged).
- :meth:`Lesson.update` validates every change of one edit together *before* committing any
  of it: a change that cannot be shown (text that does not parse, a reversed range, a
  surface beyond a float, a point outside the range) raises :class:`LessonError` and leaves
  the lesson exactly as it was, so no view ever rolls back.  :meth:`Lesson.try_update` is
  the same for the UI: it returns False and emits ``events.refused(field, message)``.
- ``events.changed`` is emitted once per edit, after the whole edit is committed, with
  the set of what changed (so a handler sees a consistent lesson and redraws once); a view
  subscribes to the fields it shows (:meth:`LessonEvents.connect_fields`).
  :meth:`Lesson.batch` gathers several edits into one emission (psygnal's paused signal).
  It is a psygnal ``SignalGroup`` rather than an evented dataclass because an edit is
  validated as a whole (a preset's function *and* range) before any field changes.
- :meth:`Lesson.to_dict` / :meth:`Lesson.from_dict` round-trip through JSON (plain types).
- :attr:`Lesson.history` records every committed edit (:mod:`~explorer.core.history`);
  :meth:`Lesson.undo` and :meth:`Lesson.redo` apply its steps as ordinary edits.  Loading a
  lesson (:meth:`Lesson.load_settings`: New, Open) starts the history afresh.
"""

from __future__ import annotations

import contextlib
import math
import inspect
import weakref
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator, Sequence

import numpy as np
from psygnal import Signal, SignalGroup

from .calculus import Function, function_from_text
from .data_lesson import check_batch, follow_data, loss_mesh, surface_of, training_of
from .datafile import shown
from .descent import Descent, DescentResult, Race
from .descent import registry as _registry
from .descent.session import DescentSession, RunSpec, find_minimum  # noqa: F401 - find_minimum read from here too
from .descent.sources import DescentSource
from .expression import MAX_VARIABLES, ParseError
from .held import held_surface
from .history import History
from . import lazy_sympy
from .lesson_schema import (  # noqa: F401 - the schema's names, read from here as before
    COORDINATE_LIMIT, DEFAULTS, DISTANCE_RANGE, ELEVATION_RANGE, FIELDS, LEARNING_RATE_MAX, MAX_RUNS, PANES,
    QUIZ_PLACE_KEYS, RESOLUTION_RANGE, SOURCES, SPEED_RANGE, Camera, Field, LessonError, fields,
)
from .lesson_schema import FILE_GROUPS as _FILE_GROUPS, FILE_TOP as _FILE_TOP, check as _check
from .mesh import SurfaceMesh, surface_mesh
from .optimizers import Optimizer, Stability

__all__ = ["Camera", "Field", "Lesson", "LessonError", "LessonEvents", "PANES", "SOURCES", "DEFAULTS", "VERSION"]

VERSION = 1
MAX_STEPS = 10_000  # a run stops there at the latest
TRAIL_LENGTH = 1000  # iterates a run keeps (the surface draws a staircase from them)
FORECAST_STEPS = 500  # each run's whole path drawn ahead of the animation, recomputed as α is dragged


class LessonEvents(SignalGroup):
    """What a view listens to.

    ``changed`` carries the set of what one edit changed: setting names (``"point"``,
    ``"learning_rate"`` …) and the derived ``"mesh"`` (the surface must be re-drawn),
    ``"curve"`` (what the descent panel runs on) and ``"run"`` (a fresh run) — each one of
    :class:`~explorer.core.lesson_schema.Field`.  It is emitted once per edit, after the whole
    edit is committed, so a view reads the lesson and redraws once whatever the edit touched
    (a preset changes the function, both ranges and the point: one re-mesh).  A view
    subscribes to the fields it shows with :meth:`connect_fields`.
    """

    changed = Signal(frozenset)
    stepped = Signal(object)  # the run took one or more steps (the animation's hot path)
    refused = Signal(str, str)  # (field, message): an edit that was not applied
    previewed = Signal(object)  # a SurfaceMesh a gesture is forming, not yet an edit (Lesson.preview_data)

    def connect_fields(self, names: Iterable[Field | str], callback: Callable[[frozenset], Any]) -> Callable[[frozenset], None]:
        """Call ``callback(changed)`` after each edit that changed any of ``names`` (with the
        whole set the edit changed, so it can tell them apart), and after no other.  A name
        that is not a :class:`Field` raises ValueError here, at connect time.  A bound method
        is held weakly, as psygnal holds one: the view's lifetime stays its own.  Returns the
        slot connected (``events.changed.disconnect(slot)`` ends it)."""
        wanted = fields(names)
        if not wanted:
            raise ValueError("connect_fields needs at least one field")
        held = weakref.WeakMethod(callback) if inspect.ismethod(callback) else (lambda: callback)
        signal = self.changed

        def on_changed(changed: frozenset) -> None:
            if wanted.isdisjoint(changed):
                return
            receiver = held()
            if receiver is None:  # its view is gone
                signal.disconnect(on_changed, missing_ok=True)
                return
            receiver(changed)

        on_changed.fields = wanted  # what it listens to (for a test or a debugger)
        signal.connect(on_changed)
        return on_changed


@lru_cache(maxsize=64)
def _parse_symbolic(text: str, default_variables: tuple[str, ...]) -> Function:
    # The function bars parse as the student types and the lesson parses the same text on
    # commit: one sympy parse and differentiation, not two (a Function is immutable).
    return function_from_text(text, default_variables)


def _parse(text: str, default_variables: tuple[str, ...]) -> Function:
    """The symbolic Function once sympy is imported; before that (the window's first frame,
    which must not wait ~0.6 s for sympy) the early one, the same function parsed into the
    parser's own tree and evaluated without sympy (:mod:`~explorer.core.early`): its numbers
    agree with sympy's to 1e-12, and :meth:`Lesson.adopt_symbolic` swaps it for the symbolic
    one as soon as sympy is there.  Text the early parser refuses goes to the symbolic parse,
    which says why (the same message) or takes it."""
    if not lazy_sympy.is_loaded():
        try:
            return _parse_early(text, default_variables)
        except ParseError:
            pass
    return _parse_symbolic(text, default_variables)


@lru_cache(maxsize=16)
def _parse_early(text: str, default_variables: tuple[str, ...]) -> Function:
    # The window parses the lesson's text several times as it is built (the lesson, its
    # restored session, the function bars): one tree and one compile, as for sympy's.
    from .early import early_function

    return early_function(text, default_variables)


def parse_surface(text: str) -> Function:
    """A function of two to :data:`MAX_VARIABLES` variables (x, y unless declared), or
    :class:`LessonError`: the surface shows two of them, the others held."""
    return _parse_with(text, ("x", "y"), (2, MAX_VARIABLES), "function")


def parse_curve(text: str) -> Function:
    """A function of one variable (x unless declared), or :class:`LessonError`."""
    return _parse_with(text, ("x",), 1, "descent_function")


def _parse_with(text: str, defaults: tuple[str, ...], count: int | tuple[int, int], field: str) -> Function:
    if not isinstance(text, str):
        raise LessonError(field, f"{field} must be text, not {type(text).__name__}")
    try:
        function = _parse(text, defaults)
    except ParseError as error:
        raise LessonError(field, error.message, error.column) from None
    except Exception as error:  # noqa: BLE001 - sympy can fail in ways the parser cannot foresee
        raise LessonError(field, f"cannot use this function ({type(error).__name__})") from None
    n = len(function.variable_names)
    least, most = (count, count) if isinstance(count, int) else count
    if not least <= n <= most:
        want = ("one variable" if count == 1 else f"{count} variables" if least == most
                else f"{least} to {most} variables")
        raise LessonError(field, f"{function.signature()} has {n} variable{'s' * (n != 1)}; this view needs {want}")
    return function


_SURFACE_FIELDS = frozenset({"function", "data", "model", "data_drives"})  # what the surface's function reads
_RUN_SETTINGS = frozenset({"learning_rate", "optimizer", "more_runs", "descent_source"})


def _follow_variables(values: dict, previous: dict | None, previous_point: dict[str, float], explicit: set[str]) -> None:
    """Keep ``shown`` and ``held`` fitting ``values["function"]`` (in place), for every
    setting the edit did not name (``explicit``): shown names the function no longer has
    fall back to its first two (a function of two shows them in its order); ``held`` takes one value per variable not shown, each the
    value that variable had at the previous full point (``previous_point``, name → value),
    else 1.0 (0 would flatten products like x³yz²); and when the shown pair changes, the
    point takes the new pair's previous values (kept inside the ranges).  A function that
    does not parse is left for the edit's validation to refuse."""
    reaches = previous is None or any(values[f] != previous[f] for f in ("function", "shown"))
    if not reaches:
        return
    try:  # the data's loss where no text can be it (the cross-entropy of many points), else the text's
        names = (surface_of(values) or parse_surface(values["function"])).variable_names
    except LessonError:
        return
    if "shown" not in explicit and (len(names) == 2 or not set(values["shown"]) <= set(names)):
        values["shown"] = names[:2]  # two variables: their own order (no menus show to swap them back)
    shown_pair = values["shown"]
    if "held" not in explicit:
        values["held"] = tuple(previous_point.get(name, 1.0) for name in names if name not in shown_pair)
    if "point" not in explicit and previous is not None and shown_pair != previous["shown"]:
        (x0, x1), (y0, y1), (px, py) = values["x_range"], values["y_range"], values["point"]
        px, py = previous_point.get(shown_pair[0], px), previous_point.get(shown_pair[1], py)
        values["point"] = (min(max(px, x0), x1), min(max(py, y0), y1))


@dataclass(frozen=True)
class _Derived:
    """What the lesson works out from its settings (see :meth:`Lesson._validated`): the
    functions, the surface's mesh and the descent panel's curve, its range and its start."""

    function: Function  # every variable
    surface: Function  # the two shown, the others held
    mesh: SurfaceMesh
    own_curve: Function
    curve: Function  # one variable; the surface itself in coordinate mode
    curve_range: tuple[float, float]
    curve_start: float | tuple[float, float]  # (x₀, y₀) in coordinate mode


class Lesson:
    """The lesson state (see the module docstring).  ``Lesson()`` is the default lesson;
    ``lut`` is the (K, 4) colormap the mesh colors come from (uint8 keeps uploads small)."""

    def __init__(self, lut: np.ndarray | None = None, **settings: Any):
        self.events = LessonEvents()
        self.history = History()
        self._lut = lut if lut is not None else np.linspace([40, 40, 40, 255], [235, 235, 235, 255], 256).astype(np.uint8)
        unknown = [k for k in settings if k not in FIELDS]
        if unknown:
            raise LessonError(unknown[0], f"unknown setting {unknown[0]!r} (the settings are {', '.join(FIELDS)})")
        values = {field: _check(field, value) for field, value in {**DEFAULTS, **settings}.items()}
        follow_data(values, dict(values), {})
        _follow_variables(values, None, {}, set(settings))
        checked = self._validated(values, changed=set(FIELDS), previous=None)
        self._values, self._derived = checked
        # While the held variables follow a run in n variables (held_follow), the race's start
        # (all n coordinates) is kept here: the held values are the run's, not the start's.
        self._pinned_start: tuple[float, ...] | None = None
        self._following = False  # an edit of held that follows the run: it keeps the runs
        # The race and what is computed from it; renewed (never replaced) as run settings change.
        self.session = DescentSession(self._run_spec(), max_steps=MAX_STEPS, trail_length=TRAIL_LENGTH,
                                      forecast_steps=FORECAST_STEPS)
        self.session.events.stepped.connect(self._follow_run)  # first: a step's views see the surface it is on
        self.session.events.stepped.connect(self.events.stepped)  # passed on (a signal, not its emit: no signature to read)

    # ------------------------------------------------------------------ reading
    def __getattr__(self, name: str) -> Any:
        # Settings read as attributes: lesson.point, lesson.learning_rate …
        values = self.__dict__.get("_values")
        if values is not None and name in values:
            return values[name]
        raise AttributeError(name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in FIELDS:
            self.update(**{name: value})
        else:
            super().__setattr__(name, value)

    @property
    def function(self) -> Function:
        """The surface's function, parsed: all its variables (two to MAX_VARIABLES)."""
        return self._derived.function

    @property
    def surface(self) -> Function:
        """What the surface draws: :attr:`function` of the two ``shown`` variables (x-axis,
        y-axis), every other variable held at its value in ``held``
        (:class:`~explorer.core.held.HeldSurface`); the function itself when it has just
        those two.  Two variables, always: every view of the surface works on it."""
        return self._derived.surface

    @property
    def held_names(self) -> tuple[str, ...]:
        """The variables not shown, in the function's order (``held``'s values are theirs)."""
        shown_pair = self._values["shown"]
        return tuple(name for name in self.function.variable_names if name not in shown_pair)

    @property
    def full_point(self) -> tuple[float, ...]:
        """The point in every variable, in the function's variable order: the shown pair's
        from ``point``, the others from ``held``."""
        return self._full_point(self._values, self.function)

    @staticmethod
    def _full_point(values: dict, function: Function) -> tuple[float, ...]:
        shown_pair, held = values["shown"], iter(values["held"])
        by_name = dict(zip(shown_pair, values["point"]))
        return tuple(by_name[name] if name in by_name else next(held) for name in function.variable_names)

    def split_full_point(self, full_point: Sequence[float]) -> dict[str, tuple[float, ...]]:
        """``{"point": …, "held": …}``: a point in every variable (the function's order) as
        the settings that hold it; :class:`LessonError` (field ``point``) for the wrong count."""
        names = self.function.variable_names
        if isinstance(full_point, (str, bytes)) or not hasattr(full_point, "__len__") or len(full_point) != len(names):
            raise LessonError("point", f"{self.function.signature()} needs a point of {len(names)} numbers")
        by_name = dict(zip(names, full_point))
        shown_pair = self._values["shown"]
        return {"point": (by_name[shown_pair[0]], by_name[shown_pair[1]]),
                "held": tuple(by_name[name] for name in names if name not in shown_pair)}

    def set_full_point(self, full_point: Sequence[float]) -> None:
        """Move the point in every variable at once (one edit): the shown pair's coordinates
        to ``point``, the rest to ``held``.  :class:`LessonError` as :meth:`update`."""
        self.update(**self.split_full_point(full_point))

    @property
    def mesh(self) -> SurfaceMesh:
        return self._derived.mesh

    @property
    def own_curve(self) -> Function:
        """The descent panel's own f(x), parsed."""
        return self._derived.own_curve

    @property
    def curve(self) -> Function:
        """What the descent panel runs on: its own f(x), or the slice through the point
        (a Function of one variable); in coordinate mode, the surface itself."""
        return self._derived.curve

    @property
    def curve_range(self) -> tuple[float, float]:
        """The x range the descent panel draws its curve over."""
        return self._derived.curve_range

    @property
    def curve_start(self) -> float | tuple[float, float]:
        """Where a run starts: the own start, the picked coordinate of a slice, or the point."""
        return self._derived.curve_start

    @property
    def source(self) -> DescentSource:
        """What the descent panel runs on (:mod:`~explorer.core.descent.sources`): the
        source object named by ``descent_source``."""
        return _registry.source(self._values["descent_source"])

    @property
    def runs(self) -> list[Descent]:
        """Every run of the race, in run order (the session's)."""
        return self.session.runs

    @property
    def run(self) -> Descent:
        """The first run: the one the readout, the arithmetic and the status line follow."""
        return self.session.run

    @property
    def race(self) -> Race:
        """The runs stepped together (the session's)."""
        return self.session.race

    @property
    def optimizers(self) -> list[Optimizer]:
        """Each run's optimizer with its α (torch's defaults for the rest), in run order."""
        return self.source.optimizers(self._values)

    @property
    def on_surface(self) -> bool:
        """Whether the runs move on the surface in both variables (coordinate or surface)."""
        return self.source.on_surface

    @property
    def slice_axis(self) -> int | None:
        """0 for a slice along x, 1 along y, None otherwise."""
        return self.source.slice_axis

    def settings(self) -> dict[str, Any]:
        """Every setting, flat (``{"function": …, "point": (1.0, 2.0), …}``)."""
        return dict(self._values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Lesson) and self._values == other._values

    __hash__ = None  # mutable

    def __repr__(self) -> str:
        return f"Lesson({self.surface.signature()} at {self.point}, descent on {self.descent_source})"

    # ------------------------------------------------------------------ editing
    def update(self, **changes: Any) -> None:
        """Change any settings at once: all validated, then all committed, then each event
        emitted once.  Raises :class:`LessonError` (and changes nothing) on a bad value.

        A range that leaves the point outside moves the point inside (the nearest point of
        the new range), in the same edit: narrowing the view never leaves a point nobody
        can see.
        """
        unknown = [k for k in changes if k not in FIELDS]
        if unknown:
            raise LessonError(unknown[0], f"unknown setting {unknown[0]!r} (the settings are {', '.join(FIELDS)})")
        self._edit(changes, set(changes))

    def _edit(self, changes: dict[str, Any], explicit: set[str], fresh: bool = False) -> None:
        """:meth:`update`, the settings not in ``explicit`` free to follow the function
        (``shown``, ``held``: see :func:`_follow_variables`); ``fresh``: a new lesson, whose
        held variables owe nothing to this one's point."""
        unknown = [k for k in changes if k not in FIELDS]
        if unknown:
            raise LessonError(unknown[0], f"unknown setting {unknown[0]!r} (the settings are {', '.join(FIELDS)})")
        values = dict(self._values)
        for field, value in changes.items():
            values[field] = _check(field, value)
        check_batch(values, changes)
        changed = {f for f in changes if values[f] != self._values[f]}
        changed |= {f for f in follow_data(values, self._values, changes) if values[f] != self._values[f]}
        if fresh:
            _follow_variables(values, None, {}, explicit)
        else:
            _follow_variables(values, self._values, dict(zip(self.function.variable_names, self.full_point)), explicit)
        changed |= {f for f in ("shown", "held", "point") if values[f] != self._values[f]}
        if ("x_range" in changed or "y_range" in changed) and "point" not in changes:
            (x0, x1), (y0, y1), (px, py) = values["x_range"], values["y_range"], values["point"]
            values["point"] = (min(max(px, x0), x1), min(max(py, y0), y1))
            if values["point"] != self._values["point"]:
                changed.add("point")
        if not changed:
            return
        new_values, derived = self._validated(values, changed, self._derived)
        old, old_values = self._derived, self._values
        self._values, self._derived = new_values, derived
        self.history.record({f: old_values[f] for f in changed}, {f: new_values[f] for f in changed})
        if derived.mesh is not old.mesh:
            changed.add("mesh")
        if derived.curve is not old.curve or derived.curve_range != old.curve_range:
            changed.add("curve")
        if not self._following and changed & {"function", "shown", "point", "held", "curve"}:
            self._pinned_start = None  # a start the student picked, or another curve: the runs start there
        spec = self._run_spec()
        if not self._following and ("curve" in changed or derived.curve_start != old.curve_start
                                    or changed & _RUN_SETTINGS or spec.start != self.session.spec.start
                                    or spec.training != self.session.spec.training):  # (a batch, seed or schedule of a run on data)
            self.session.renew(spec)  # new settings: fresh runs, never a stale trail
            changed.add("run")
        elif spec != self.session.spec:  # the surface or point the runs are not on: they go on
            self.session.respec(spec)
        self.events.changed.emit(frozenset(changed))
        if "run" in changed and self._pinned_start is not None or "held_follow" in changed:
            self._follow_run(restoring=True)  # fresh runs: the held values back at their start

    def try_update(self, **changes: Any) -> bool:
        """:meth:`update` for the UI: on a refusal emit ``events.refused`` and return False."""
        try:
            self.update(**changes)
        except LessonError as error:
            self.events.refused.emit(error.field, error.message)
            return False
        return True

    def set_run(self, index: int, optimizer: str | None = None, learning_rate: float | None = None) -> None:
        """Change run ``index``'s optimizer and/or α (None keeps it), as one edit checked like
        any other: run 0 is ``optimizer``/``learning_rate``, run i > 0 is ``more_runs[i - 1]``,
        so ``changed`` names ``optimizer``/``learning_rate`` or ``more_runs`` (and ``run``).
        :class:`LessonError` for a run the race does not have."""
        runs = 1 + len(self.more_runs)
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < runs:
            raise LessonError("more_runs", f"there is no run {index!r}: the race has runs 0 to {runs - 1}")
        if index == 0:
            changes = {"optimizer": optimizer, "learning_rate": learning_rate}
            self.update(**{name: value for name, value in changes.items() if value is not None})
        elif optimizer is not None or learning_rate is not None:
            more = list(self.more_runs)
            kind, alpha = more[index - 1]
            more[index - 1] = (kind if optimizer is None else optimizer, alpha if learning_rate is None else learning_rate)
            self.update(more_runs=tuple(more))

    def try_set_run(self, index: int, optimizer: str | None = None, learning_rate: float | None = None) -> bool:
        """:meth:`set_run` for the UI: on a refusal emit ``events.refused`` and return False."""
        try:
            self.set_run(index, optimizer, learning_rate)
        except LessonError as error:
            self.events.refused.emit(error.field, error.message)
            return False
        return True

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Several edits, one ``changed`` at the end naming all they changed (psygnal's
        paused signal, its emissions reduced to one), and one step to undo."""
        with self.history.group(), self.events.changed.paused(reducer=lambda old, new: (old[0] | new[0],)):
            yield

    def undo(self) -> bool:
        """Undo the last edit (or group of edits): the settings it changed as they were, by
        an ordinary edit, so every view follows.  False when there is nothing to undo."""
        return self._apply_step(self.history.take_undo(), undone=True)

    def redo(self) -> bool:
        """Redo the last undone edit.  False when there is nothing to redo."""
        return self._apply_step(self.history.take_redo(), undone=False)

    def _apply_step(self, step, undone: bool) -> bool:
        if step is None:
            return False
        try:
            with self.history.paused():
                self.update(**(step.before if undone else step.after))
        except LessonError as error:  # cannot happen for a recorded edit; said, never raised
            self.history.put_back(step, undone)
            self.events.refused.emit(error.field, error.message)
            return False
        return True

    def _validated(self, values: dict, changed: set[str], previous: _Derived | None) -> tuple[dict, _Derived]:
        """The derived state for ``values`` (re-derived only where ``changed`` reaches), or
        :class:`LessonError` naming the first field that cannot be shown."""
        if previous and not changed & _SURFACE_FIELDS:
            function = previous.function
        else:
            function = surface_of(values) or parse_surface(values["function"])  # the data's loss, or the text's
        if previous and not changed & (_SURFACE_FIELDS | {"shown", "held"}):
            surface = previous.surface
        else:
            surface = self._surface_of(function, values)
        remesh = (previous is None or surface is not previous.surface
                  or changed & {"function", "shown", "held", "x_range", "y_range", "resolution", "data_drives"})
        if remesh:
            try:
                # The loss's mesh from its six sums is drawn over (w, b) in that order.
                mesh = ((loss_mesh(values, surface, self._lut) if surface is function else None)
                        or surface_mesh(surface, values["x_range"], values["y_range"], values["resolution"], self._lut))
            except Exception as error:  # noqa: BLE001 - e.g. values spread beyond a float
                field = next((f for f in ("function", "x_range", "y_range", "resolution") if f in changed), "function")
                raise LessonError(field, f"{surface.name} cannot be drawn: {error}") from None
        else:
            mesh = previous.mesh
        (x0, x1), (y0, y1), (px, py) = values["x_range"], values["y_range"], values["point"]
        if not (x0 <= px <= x1 and y0 <= py <= y1):
            raise LessonError("point", f"the point ({px:g}, {py:g}) lies outside the range shown "
                                       f"({x0:g} … {x1:g}, {y0:g} … {y1:g}): widen the range to pick it")
        own = previous.own_curve if previous and "descent_function" not in changed else parse_curve(values["descent_function"])
        curve, curve_range, start = self._curve_for(values, surface, own, previous, changed)
        return values, _Derived(function, surface, mesh, own, curve, curve_range, start)

    @staticmethod
    def _surface_of(function: Function, values: dict) -> Function:
        """The shown pair of ``function`` with the others held, or :class:`LessonError`
        naming ``shown`` or ``held``."""
        names, shown_pair, held = function.variable_names, values["shown"], values["held"]
        missing = [name for name in shown_pair if name not in names]
        if missing:
            raise LessonError("shown", f"{function.signature()} has no variable {missing[0]!r}: "
                                       f"its variables are {', '.join(names)}")
        held_names = [name for name in names if name not in shown_pair]
        if len(held) != len(held_names):
            which = f" ({', '.join(held_names)})" if held_names else ""
            raise LessonError("held", f"{function.signature()} holds {len(held_names)} variable"
                                      f"{'s' * (len(held_names) != 1)}{which}: held needs {len(held_names)} "
                                      f"value{'s' * (len(held_names) != 1)}, not {len(held)}")
        return held_surface(function, shown_pair, held)

    @staticmethod
    def _curve_for(values, surface, own, previous, changed):
        source = _registry.source(values["descent_source"])
        curve = source.curve_for(values, surface, own, previous.curve if previous is not None else None)
        return curve, source.curve_range(values), source.start(values)

    def preview_data(self, data) -> SurfaceMesh | None:
        """The surface the data would give while a point is being dragged, emitted as
        ``events.previewed`` for the surface to show at once (the loss's mesh from its six
        sums: no parse, no new runs); nothing is changed or recorded — the gesture's end is
        the edit.  None (and nothing emitted) when the data do not drive a squared-error surface."""
        values = dict(self._values)
        try:
            values["data"] = _check("data", data)
            mesh = loss_mesh(values, self.surface, self._lut)
        except (LessonError, ValueError):
            return None
        if mesh is not None:
            self.events.previewed.emit(mesh)
        return mesh

    # ------------------------------------------------------------------ the run
    def _run_spec(self) -> RunSpec:
        """What the session races now (a frozen spec: equal settings give an equal spec)."""
        source, values = self.source, self._values
        start = self._pinned_start or source.start_point(values, self.surface)
        return RunSpec(source, self.curve, start, tuple(source.optimizers(values)),
                       self.curve_range, self.surface, self.point, training_of(values, source))

    def _follow_run(self, _run: Descent | None = None, restoring: bool = False) -> None:
        """``held_follow``: while runs descend all n > 2 variables, the held variables take the
        leading run's values at its iterate, so the surface drawn is the slice the run stands
        on (its point on it).  An edit of ``held`` that keeps the runs and is no undo step;
        ``restoring`` (fresh runs, or held_follow turned on): to the run's point, even when
        held_follow is off (the start's held values come back)."""
        run = self.run
        if self.curve is not self.function or len(run.point) <= 2:
            return  # not a descent in all the variables
        if not (self._values["held_follow"] or (restoring and self._pinned_start is not None)):
            return
        if not all(math.isfinite(c) for c in run.point):
            return
        start, held = self.session.spec.start, self.split_full_point(run.point)["held"]
        if held != self._values["held"]:
            self._pinned_start, self._following = start, True
            try:
                with self.history.paused():
                    self.update(held=held)
            except LessonError:
                pass  # beyond what a slider holds (a run diverging): the sliders stay where they were
            finally:
                self._following = False
        if self._values["held"] == self.split_full_point(start)["held"]:
            self._pinned_start = None  # at the start again

    @property
    def finished(self) -> bool:
        """Whether every run has ended (converged, diverged, undefined or at the limit)."""
        return self.session.finished

    def reset_run(self) -> Descent:
        """Fresh runs from the start with the current settings; ``changed`` says ``"run"``.
        Returns the first."""
        self.session.reset()
        self.events.changed.emit(frozenset({"run"}))
        self._follow_run(restoring=True)
        return self.run

    def step_run(self, count: int = 1) -> int:
        """Up to ``count`` steps of every run still going (they step together); emits
        ``stepped`` with the first run.  Returns the most steps any run took."""
        return self.session.step(count)

    def finish_run(self) -> None:
        """Every remaining step of every run at once (the tight loops); emits ``stepped``."""
        self.session.finish()

    def forecasts(self) -> list[DescentResult]:
        """Each run's whole path from the start, up to FORECAST_STEPS steps (the fast loops):
        what the views draw ahead of the animation, so dragging α redraws every path at
        once.  Computed once per set of runs, one run's alone when only its α or optimizer
        changed; empty for coordinate descent (its staircase is the run, plain descent
        drawn beside it).  See :meth:`DescentSession.forecasts`."""
        return self.session.forecasts()

    def stability(self) -> Stability | None:
        """The step-size rule at the minimum the start lies in the valley of (see
        :func:`find_minimum`): λ there and the critical α = 2/λ; None where there is none."""
        return self.session.stability()

    def run_stability(self, index: int = 0) -> Stability | None:
        """The step-size rule at the minimum run ``index`` actually heads for (see
        :meth:`DescentSession.run_stability`)."""
        return self.session.run_stability(index)

    def stack_on_surface(self, paths: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Runs' iterates (each (k, 1) or (k, 2)) stacked with a NaN row after each, on the
        surface: ((K, 3) function units, (K,) the run each row belongs to)."""
        return self.session.stack_on_surface(paths)

    def stacked_paths(self) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`stack_on_surface` of every run's kept path, built once per step of the race
        (the surface view and the descent panel both draw it every frame)."""
        return self.session.stacked_paths()

    def surface_points(self, iterates: np.ndarray) -> np.ndarray | None:
        """Iterates of the runs (k, 1) on a slice or (k, 2) on the surface, as points on the
        surface (k, 3) in function units (x, y, f); rows of NaN stay NaN (they may separate
        several runs' paths stacked in one array, evaluated at once).  None on the own f(x)."""
        return self.session.surface_points(iterates)

    def plain_descent(self) -> DescentResult:
        """Plain gradient descent on the surface from the point with the current α (a
        :class:`~explorer.core.descent.DescentResult`, at most MAX_STEPS steps): what
        coordinate descent is compared with.  Computed once per surface, point and α."""
        return self.session.plain_descent()

    # ------------------------------------------------------------------ files
    def to_dict(self) -> dict[str, Any]:
        """The lesson as plain JSON types (``version`` first; pairs as lists)."""

        def plain(value):
            if isinstance(value, Camera):
                return value.to_dict()
            return [plain(v) for v in value] if isinstance(value, tuple) else value

        data: dict[str, Any] = {"version": VERSION}
        data.update({key: plain(self._values[key]) for key in _FILE_TOP})
        for group, keys in _FILE_GROUPS.items():
            data[group] = {key: plain(self._values[setting]) for key, setting in keys.items()}
        return data

    @staticmethod
    def settings_from_dict(data: Any) -> dict[str, Any]:
        """The flat settings a :meth:`to_dict` dict holds, or :class:`LessonError` naming the
        key that is wrong (unknown keys too).  Missing keys keep their defaults."""
        if not isinstance(data, dict):
            raise LessonError("lesson", f"a lesson must be a JSON object, not {type(data).__name__}")
        version = data.get("version", VERSION)
        if version != VERSION:
            raise LessonError("version", f"this lesson is version {version!r}; this app reads version {VERSION}")
        flat: dict[str, Any] = {}
        for key, value in data.items():
            if key == "version":
                continue
            if key in _FILE_GROUPS:
                if not isinstance(value, dict):
                    raise LessonError(key, f"{key} must be an object")
                for inner, inner_value in value.items():
                    if inner not in _FILE_GROUPS[key]:
                        raise LessonError(f"{key}.{inner}", f"unknown setting '{key}.{shown(inner)}'")
                    flat[_FILE_GROUPS[key][inner]] = inner_value
            elif key in _FILE_TOP:
                flat[key] = value
            else:
                raise LessonError(key, f"unknown setting {key!r}")
        return flat

    @classmethod
    def from_dict(cls, data: Any, lut: np.ndarray | None = None) -> "Lesson":
        """A lesson from :meth:`to_dict`'s form; :class:`LessonError` on anything wrong."""
        return cls(lut, **cls.settings_from_dict(data))

    def load_dict(self, data: Any) -> None:
        """Replace this lesson's settings with a dict's, all or nothing (missing keys take
        their defaults)."""
        self.load_settings(self.settings_from_dict(data))

    # ------------------------------------------------------------------ early → symbolic
    @property
    def is_early(self) -> bool:
        """Whether a function shown is still the early one (parsed before sympy was imported:
        numbers only — no formula of a partial, no term-by-term rule yet)."""
        derived = self._derived
        return any(getattr(f, "is_early", False) for f in (derived.function, derived.surface, derived.own_curve, derived.curve))

    def adopt_symbolic(self) -> bool:
        """Swap the early functions for the symbolic ones (call once sympy is imported, on the
        thread that owns the lesson): every derived thing — functions, mesh, curve, fresh
        runs — is worked out again by sympy, so no number shown stays the early path's.
        ``changed`` then names ``symbolic``, ``mesh`` and ``run`` (no setting: the lesson is as it
        was, not edited; runs played meanwhile are as far along): the views fill in the formulas
        and the rule.  No undo step.  False (nothing emitted) when nothing
        was early.  Should sympy refuse what the early parser took (it judges what needs
        algebra: x/(x − x) divides by zero), the field goes back to its default and
        ``events.refused`` says why."""
        if not self.is_early:
            return False
        values, refused = dict(self._values), None
        for _attempt in range(3):  # at most function, then descent_function, back to their defaults
            try:
                values, derived = self._validated(values, set(FIELDS), previous=None)
                break
            except LessonError as error:
                if error.field not in ("function", "descent_function") or values[error.field] == DEFAULTS[error.field]:
                    raise
                refused = refused or error
                values[error.field] = DEFAULTS[error.field]
                _follow_variables(values, None, {}, set(FIELDS) - {"shown", "held"})
        else:  # pragma: no cover - both defaults parse
            raise LessonError(refused.field, refused.message)
        changed = {f for f in FIELDS if values[f] != self._values[f]}
        taken = 0 if changed else max(run.steps for run in self.session.runs)  # a run played meanwhile
        self._values, self._derived = values, derived
        self._pinned_start = None
        self.session.renew(self._run_spec())  # runs of sympy's numbers, from the same start…
        if taken:
            self.session.race.step(taken)  # …as far as the early ones had gone (no jump back to the start)
        # Not "curve": nothing the descent panel's own bar shows changed (its text, maybe being typed, stays).
        self.events.changed.emit(frozenset(changed | {"symbolic", "mesh", "run"}))
        if refused is not None:
            self.events.refused.emit(refused.field, refused.message)
        return True

    def load_settings(self, settings: dict[str, Any]) -> None:
        """Replace every setting: ``settings``' (flat), the defaults for the rest; all or
        nothing.  A lesson replaced is a new lesson: its undo history starts afresh (and is
        kept when the settings are refused)."""
        unknown = [k for k in settings if k not in FIELDS]
        if unknown:
            raise LessonError(unknown[0], f"unknown setting {unknown[0]!r} (the settings are {', '.join(FIELDS)})")
        # What the settings do not name takes its default; shown and held, the function's own
        # (its first two shown, the others held at 1), as for a new lesson.
        explicit = set(settings) | (set(FIELDS) - {"shown", "held"})
        with self.history.paused():
            self._edit({**DEFAULTS, **settings}, explicit, fresh=True)
        self.history.clear()


def ranges_holding(point: Sequence[float], x_range: tuple[float, float] = DEFAULTS["x_range"],
                   y_range: tuple[float, float] = DEFAULTS["y_range"]) -> dict[str, tuple[float, float]]:
    """The range changes that bring ``point`` into view (``{"x_range": …}``): none for an
    axis whose range holds it; the default range where that does; else 6 wide, centred on it."""
    changes = {}
    for axis, (key, (lo, hi)) in enumerate((("x_range", x_range), ("y_range", y_range))):
        c = float(point[axis])
        if not lo <= c <= hi:
            default = DEFAULTS[key]
            changes[key] = default if default[0] <= c <= default[1] else (c - 3.0, c + 3.0)
    return changes
