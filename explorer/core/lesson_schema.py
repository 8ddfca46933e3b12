"""The lesson's settings, declared once: what each is, its default, its check and its place in a file.

Qt-free.  :data:`SCHEMA` holds one :class:`Setting` per setting of a lesson (its name, the
type the lesson stores, its default, the check that turns a value into that type or raises
:class:`LessonError`, the object of a lesson file it is written in, whether it is how the lesson
is *looked at* rather than an edit, and a one-line doc).  Everything else is derived from it:
:data:`DEFAULTS`, :data:`FIELDS`, :func:`check`, :data:`FILE_GROUPS` / :data:`FILE_TOP` (the
lesson file's layout) and :data:`VIEW_FIELDS` (what the undo history leaves alone).

:class:`Field` names what a view can subscribe to
(:meth:`~explorer.core.lesson.LessonEvents.connect_fields`): every setting and the derived
``mesh``, ``curve`` and ``run``.  Its members *are* the strings (``Field.POINT == "point"``), so
``"point" in changed`` keeps working, while ``Field.PIONT`` fails where it is written.

Adding a setting: a member of :class:`Field` and a :class:`Setting` in :data:`SCHEMA` (this
module refuses to import until the two agree), and the lesson reads, checks, saves and undoes it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from types import MappingProxyType
from typing import Any, Callable, NamedTuple

from .data import LESSON_DATA, MAX_ROWS, DataSet
from .descent import Race, registry
from .optimizers import KINDS
from .optimizers.schedules import ScheduleError, parse_schedule
from .shuffle import MAX_SEED

__all__ = [
    "Camera", "DEFAULTS", "DERIVED", "FIELDS", "FILE_GROUPS", "FILE_TOP", "Field", "LessonError", "MODELS", "PANES",
    "SCHEMA", "SOURCES", "Setting", "VIEW_FIELDS", "check", "fields",
]

#: Where the descent panel's curve comes from: its own f(x); the slice of the surface through
#: the point along x, f(x, y₀), or along y, f(x₀, y); or coordinate descent on the surface
#: from the point (x, then y, in turn); or descent on the surface itself from the point (any
#: optimizer, several runs racing).
SOURCES = registry.KEYS  # the descent sources' keys: declared once, in the registry
#: The panes that can be shown beside the surface, in the window's order.
PANES = ("readout", "descent", "quiz", "direction", "data", "gradient")
RESOLUTION_RANGE = (10, 1000)  # samples per side of the surface's mesh
SPEED_RANGE = (1, 600)  # steps a second
LEARNING_RATE_MAX = 100.0
MAX_RUNS = Race.MAX_RUNS  # runs racing at once (the first and five more)
COORDINATE_LIMIT = 1e6  # |a coordinate| the app handles (descent's divergence bound)
ELEVATION_RANGE = (-90.0, 90.0)  # degrees
DISTANCE_RANGE = (0.05, 1000.0)  # world units: the box is 2 wide
QUIZ_PLACE_KEYS = ("question", "right", "answered", "seed")
MODELS = ("linear", "logistic")  # ŷ = wx + b with squared error; ŷ = σ(wx + b) with cross-entropy
SEED_RANGE = (0, MAX_SEED)  # the seeds TorchShuffle takes (torch's generator seeded as std::mt19937, 32 bits)
MAX_HELD = 8  # variables held at once: a function of at most 10, two of them shown


class Field(StrEnum):
    """A name a view can subscribe to: each setting (see :data:`SCHEMA`), then what is derived
    from them — ``MESH`` (the surface must be re-drawn), ``CURVE`` (what the descent panel runs
    on), ``RUN`` (fresh runs) and ``SYMBOLIC`` (the early functions of a launch's first second
    replaced by sympy's: the formulas of the partials and the rules can be shown)."""

    FUNCTION = "function"
    X_RANGE = "x_range"
    Y_RANGE = "y_range"
    RESOLUTION = "resolution"
    POINT = "point"
    SHOWN = "shown"
    HELD = "held"
    DIRECTION = "direction"
    CONTOURS = "contours"
    TANGENT_PLANE = "tangent_plane"
    SNAP = "snap"
    SLOPE_TRIANGLES = "slope_triangles"
    DOWNHILL = "downhill"
    LEVEL_CURVE = "level_curve"
    GRADIENT_FIELD = "gradient_field"
    DESCENT_SOURCE = "descent_source"
    DESCENT_FUNCTION = "descent_function"
    DESCENT_RANGE = "descent_range"
    LEARNING_RATE = "learning_rate"
    OPTIMIZER = "optimizer"
    MORE_RUNS = "more_runs"
    START = "start"
    SPEED = "speed"
    CAMERA = "camera"
    PANES = "panes"
    QUIZ = "quiz"
    DATA = "data"
    MODEL = "model"
    DATA_DRIVES = "data_drives"
    BATCH = "batch"
    SEED = "seed"
    SCHEDULE = "schedule"
    HELD_FOLLOW = "held_follow"
    # derived: never set, named in ``changed`` when an edit reaches them
    MESH = "mesh"
    CURVE = "curve"
    RUN = "run"
    SYMBOLIC = "symbolic"


#: The names in :class:`Field` that are derived, not settings.
DERIVED = frozenset({Field.MESH, Field.CURVE, Field.RUN, Field.SYMBOLIC})


def fields(names: Any) -> frozenset[Field]:
    """``names`` (an iterable of :class:`Field` or their strings) as a set of Field; ValueError
    naming the first unknown one, so a mistyped name fails where it is given, not silently."""
    if isinstance(names, str):  # "point" is one name, not five letters
        names = (names,)
    chosen = set()
    for name in names:
        try:
            chosen.add(Field(name))
        except ValueError:
            raise ValueError(f"no lesson field {name!r} (the fields are {', '.join(Field)})") from None
    return frozenset(chosen)


class Camera(NamedTuple):
    """Where the surface view looks from: angles in degrees, ``distance`` from ``center``
    in the view's world units (the box is 2 wide), ``top`` the Top view's orthographic map."""

    elevation: float
    azimuth: float
    distance: float
    center: tuple[float, float, float]
    top: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"elevation": self.elevation, "azimuth": self.azimuth, "distance": self.distance,
                "center": list(self.center), "top": self.top}


class LessonError(ValueError):
    """A change the lesson refuses: ``field`` names the setting, ``message`` says why,
    ``column`` (1-based) points into a function's text when the parser knows where."""

    def __init__(self, field: str, message: str, column: int | None = None):
        super().__init__(message)
        self.field = field
        self.message = message
        self.column = column


# ---------------------------------------------------------------------- checks
# Each takes (the field's name, a value) and returns the value as the lesson stores it, or
# raises LessonError naming the field (or "field.part") and saying why.

def _text(field: str, value: Any) -> str:
    # The text is parsed when the edit is validated as a whole (Lesson._validated).
    if not isinstance(value, str):
        raise LessonError(field, f"{field} must be text, not {type(value).__name__}")
    return value


def _number(field: str, value: Any, *, limit: float = COORDINATE_LIMIT) -> float:
    # bool is an int to Python, and "2" is not a number: both are refused, never converted.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise LessonError(field, f"{field} must be a number, not {type(value).__name__}")
    if isinstance(value, int) and abs(value) > limit:  # a 400-digit whole number: float() would overflow
        raise LessonError(field, f"{field} = a {len(str(abs(value)))}-digit number is beyond ±{limit:g}")
    value = float(value)
    if not math.isfinite(value):
        raise LessonError(field, f"{field} must be a finite number, not {value}")
    if abs(value) > limit:
        raise LessonError(field, f"{field} = {value:g} is beyond ±{limit:g}")
    return value


def _angle(field: str, value: Any) -> float:
    # Any finite number of degrees, kept in [0, 360): 390° and −330° are the same u as 30°.
    degrees = _number(field, value) % 360.0
    return 0.0 if degrees == 360.0 else degrees  # −1e-17 % 360 rounds to 360.0


def _pair(field: str, value: Any) -> tuple[float, float]:
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or len(value) != 2:
        raise LessonError(field, f"{field} must be two numbers")
    return _number(field, value[0]), _number(field, value[1])


def _range(field: str, value: Any) -> tuple[float, float]:
    lo, hi = _pair(field, value)
    if not lo < hi:
        raise LessonError(field, f"the range needs its lower end below its upper end (got {lo:g} to {hi:g})")
    if hi - lo < 1e-9 * max(1.0, abs(lo), abs(hi)):
        raise LessonError(field, f"the range {lo:g} to {hi:g} is too narrow to show")
    return lo, hi


def _whole(field: str, value: Any, bounds: tuple[int, int]) -> int:
    # (1e400 reads as inf, which is no whole number; a 400-digit integer is compared exactly, never made a float)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (isinstance(value, float) and not value.is_integer()):
        raise LessonError(field, f"{field} must be a whole number")
    value = int(value)
    if not bounds[0] <= value <= bounds[1]:
        got = value if abs(value) < 10**15 else f"a {len(str(abs(value)))}-digit number"
        raise LessonError(field, f"{field} must be from {bounds[0]} to {bounds[1]} (got {got})")
    return value


def _learning_rate(field: str, value: Any) -> float:
    alpha = _number(field, value, limit=LEARNING_RATE_MAX)
    if alpha <= 0:
        raise LessonError(field, f"the learning rate must be above 0 (got {alpha:g})")
    return alpha


def _one_of(keys, what: str) -> Callable[[str, Any], str]:
    """The check of a key that must be one of ``keys`` (``what`` names it in the refusal)."""
    def check(field: str, value: Any) -> str:
        if value not in keys:
            raise LessonError(field, f"{what} must be one of {', '.join(keys)} (got {value!r})")
        return value
    return check


_optimizer_kind = _one_of(KINDS, "the optimizer")


def _flag(field: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise LessonError(field, f"{field} must be true or false")
    return value


_source = _one_of(SOURCES, "descent_source")


def _more_runs(field: str, value: Any) -> tuple[tuple[str, float], ...]:
    if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__len__"):
        raise LessonError(field, "more_runs must be a list of [optimizer, learning rate] pairs")
    if len(value) > MAX_RUNS - 1:
        raise LessonError(field, f"a race has at most {MAX_RUNS} runs: the first and {MAX_RUNS - 1} more")
    runs = []
    for i, run in enumerate(value, start=2):
        if isinstance(run, (str, bytes, dict)) or not hasattr(run, "__len__") or len(run) != 2:
            raise LessonError(field, f"run {i} must be an [optimizer, learning rate] pair")
        runs.append((_optimizer_kind(field, run[0]), _learning_rate(field, run[1])))
    return tuple(runs)


def _camera(field: str, value: Any) -> Camera | None:
    if value is None:
        return None
    if isinstance(value, Camera):
        value = value.to_dict()  # checked the same way as a file's
    if not isinstance(value, dict):
        raise LessonError(field, "camera must be an object with elevation, azimuth, distance and center (or null)")
    unknown = sorted(set(value) - set(Camera._fields))
    if unknown:
        raise LessonError(f"{field}.{unknown[0]}", f"unknown camera setting {unknown[0]!r} "
                                                   f"(the camera has {', '.join(Camera._fields)})")
    missing = [key for key in Camera._fields[:4] if key not in value]
    if missing:
        raise LessonError(f"{field}.{missing[0]}", f"the camera needs its {missing[0]}")
    elevation = _number(f"{field}.elevation", value["elevation"], limit=ELEVATION_RANGE[1])
    azimuth = _number(f"{field}.azimuth", value["azimuth"], limit=1e6)
    distance = _number(f"{field}.distance", value["distance"], limit=DISTANCE_RANGE[1])
    if distance < DISTANCE_RANGE[0]:
        raise LessonError(f"{field}.distance", f"the camera's distance must be at least {DISTANCE_RANGE[0]:g}")
    center = value["center"]
    if isinstance(center, (str, bytes, dict)) or not hasattr(center, "__len__") or len(center) != 3:
        raise LessonError(f"{field}.center", "the camera's center must be three numbers")
    center = tuple(_number(f"{field}.center", c, limit=100.0) for c in center)
    return Camera(elevation, azimuth % 360.0, distance, center, _flag(f"{field}.top", value.get("top", False)))


def _panes(field: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__len__"):
        raise LessonError(field, f"panes must be a list of pane names ({', '.join(PANES)})")
    for pane in value:
        if pane not in PANES:
            raise LessonError(field, f"unknown pane {pane!r} (the panes are {', '.join(PANES)})")
    return tuple(pane for pane in PANES if pane in value)


def _quiz_place(field: str, value: Any) -> dict[str, int] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != set(QUIZ_PLACE_KEYS):
        raise LessonError(field, f"quiz must be an object with {', '.join(QUIZ_PLACE_KEYS)} (or null)")
    place = {key: _whole(f"{field}.{key}", value[key], (0, 999_999)) for key in QUIZ_PLACE_KEYS}
    if place["right"] > place["answered"]:
        raise LessonError(f"{field}.right", "more right answers than answers")
    return place


def _shown(field: str, value: Any) -> tuple[str, str]:
    # Whether the function has these variables is checked with the function (Lesson._validated).
    if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__len__") or len(value) != 2:
        raise LessonError(field, "shown must be two variable names: the surface's x-axis, then its y-axis")
    if not all(isinstance(name, str) for name in value):
        raise LessonError(field, "shown must be two variable names (text)")
    if value[0] == value[1]:
        raise LessonError(field, f"{value[0]} cannot be both axes of the surface: pick two different variables")
    return value[0], value[1]


def _held(field: str, value: Any) -> tuple[float, ...]:
    # Their count is checked with the function (Lesson._validated): one per variable not shown.
    if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__len__"):
        raise LessonError(field, "held must be a list of numbers: the values of the variables not shown")
    if len(value) > MAX_HELD:
        raise LessonError(field, f"held has {len(value)} values: a function has at most {MAX_HELD} variables held")
    return tuple(_number(field, v) for v in value)


def _data(field: str, value: Any) -> tuple[tuple[float, float], ...]:
    # Plain tuples (not a DataSet) so the lesson compares, undoes and saves it like any setting.
    if isinstance(value, DataSet):
        return tuple(value.points)
    if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__len__"):
        raise LessonError(field, "data must be a list of [x, y] points")
    if not 1 <= len(value) <= MAX_ROWS:
        raise LessonError(field, "the data need at least one point" if not value else
                          f"{len(value):,} points: the data hold at most {MAX_ROWS:,}")
    points = []
    for i, point in enumerate(value, start=1):
        if isinstance(point, (str, bytes, dict)) or not hasattr(point, "__len__") or len(point) != 2:
            raise LessonError(field, f"point {i} of the data must be two numbers, [x, y]")
        points.append((_number(field, point[0]), _number(field, point[1])))
    return tuple(points)


def _model(field: str, value: Any) -> str:
    if value in MODELS:  # (polynomial.py and its losses are imported for a poly:K only: not at start)
        return value
    from .polynomial import parse_model  # linear, logistic, or poly:K, the polynomial of degree K (issue #24)

    try:
        parse_model(value if isinstance(value, str) else "")
    except ValueError:
        raise LessonError(field, f"the model must be one of {', '.join(MODELS)} or poly:K, K = 1 … 5 (got {value!r})") from None
    return value


def _batch(field: str, value: Any) -> int:
    # 0 is the full batch; the largest batch is checked against the data in the lesson's edit.
    return _whole(field, value, (0, MAX_ROWS))


def _schedule(field: str, value: Any) -> str:
    if not isinstance(value, str):
        raise LessonError(field, "the schedule must be text such as constant, step:30,0.1, exp:0.99 or cosine:100")
    try:
        parse_schedule(value)
    except ScheduleError as error:
        raise LessonError(field, str(error)) from None
    return value.strip()


# ---------------------------------------------------------------------- the schema
@dataclass(frozen=True)
class Setting:
    """One setting of a lesson.

    ``type`` is what the lesson stores (a class or a tuple of classes, as for isinstance);
    ``check(name, value)`` returns a value as stored or raises :class:`LessonError`; ``group``
    is the object of a lesson file it is written in (None: the file's top level) under ``key``
    (None: its name); ``view`` marks how the lesson is looked at, which changes without being
    an edit (see :data:`VIEW_FIELDS`)."""

    name: Field
    type: type | tuple[type, ...]
    default: Any
    check: Callable[[str, Any], Any]
    doc: str
    group: str | None = None
    key: str | None = None
    view: bool = False

    @property
    def file_key(self) -> str:
        """Its key in the lesson file's object (its ``group``, or the top level)."""
        return self.key or self.name.value


_OPTIONAL_DICT = (dict, type(None))
SCHEMA: tuple[Setting, ...] = (
    # The surface and the point on it (the file's top level).
    Setting(Field.FUNCTION, str, "f(x, y) = 3x^2 + 2xy + y^2", _text,
            "the surface's function, its text as typed (x, y unless declared)"),
    Setting(Field.X_RANGE, tuple, (-3.0, 3.0), _range, "(lowest, highest) x shown, in the function's units"),
    Setting(Field.Y_RANGE, tuple, (-3.0, 3.0), _range, "(lowest, highest) y shown, in the function's units"),
    Setting(Field.RESOLUTION, int, 200, partial(_whole, bounds=RESOLUTION_RANGE),
            "samples per side of the surface's mesh"),
    Setting(Field.POINT, tuple, (1.0, 2.0), _pair, "the picked point (x₀, y₀), inside both ranges"),
    Setting(Field.SHOWN, tuple, ("x", "y"), _shown,
            "the two variables drawn as the surface's axes (x-axis, y-axis): the function's first two unless chosen"),
    Setting(Field.HELD, tuple, (), _held,
            "the values of the variables not shown, in the function's variable order (1 each unless set)"),
    Setting(Field.DIRECTION, float, 30.0, _angle,
            "θ of the direction u = (cos θ, sin θ) at the point, degrees counter-clockwise from +x, in [0, 360)"),
    # The overlays drawn on the surface.
    Setting(Field.CONTOURS, bool, True, _flag, "level curves drawn on the surface", group="overlays"),
    Setting(Field.TANGENT_PLANE, bool, False, _flag, "the tangent plane at the point", group="overlays"),
    Setting(Field.SNAP, bool, True, _flag, "a click picks the nearest round point (picking.snap_to_round)",
            group="overlays"),
    Setting(Field.SLOPE_TRIANGLES, bool, False, _flag, "run and rise drawn on each tangent", group="overlays"),
    Setting(Field.DOWNHILL, bool, False, _flag, "−∇f drawn too", group="overlays"),
    Setting(Field.LEVEL_CURVE, bool, False, _flag, "the level curve through the point, ∇f across it at a right angle",
            group="overlays"),
    Setting(Field.GRADIENT_FIELD, bool, False, _flag, "∇f as arrows on a grid over the floor", group="overlays"),
    # The descent panel.
    Setting(Field.DESCENT_SOURCE, str, registry.DEFAULT.key, _source, f"where the descent's curve comes from: one of {SOURCES}",
            group="descent", key="source"),
    Setting(Field.DESCENT_FUNCTION, str, "f(x) = x^4 - 3.4x^2 + 0.5x", _text,
            "the panel's own f(x), its text as typed", group="descent", key="function"),
    Setting(Field.DESCENT_RANGE, tuple, (-2.2, 2.4), _range, "the x range of the panel's own f(x)",
            group="descent", key="range"),
    Setting(Field.LEARNING_RATE, float, 0.01, _learning_rate, "the first run's α (0 < α ≤ 100)", group="descent"),
    Setting(Field.OPTIMIZER, str, "gd", _optimizer_kind, "the first run's optimizer (one of optimizers.KINDS)",
            group="descent"),
    Setting(Field.MORE_RUNS, tuple, (), _more_runs,
            f"the other runs of a race: up to {MAX_RUNS - 1} (optimizer, learning rate) pairs", group="descent"),
    Setting(Field.START, float, 2.2, _number, "where a run on the panel's own f(x) starts (x₀)", group="descent"),
    Setting(Field.SPEED, int, 10, partial(_whole, bounds=SPEED_RANGE), "steps a second when playing",
            group="descent"),
    # How the lesson is looked at: written back by the views when a lesson is saved, so a file
    # opens to the same view; not edits (see VIEW_FIELDS).
    Setting(Field.CAMERA, (Camera, type(None)), None, _camera,
            "the surface view's camera (None: the view's default, turned toward the point)", view=True),
    Setting(Field.PANES, tuple, ("readout", "descent"), _panes, f"which of {PANES} are shown beside the surface",
            view=True),
    Setting(Field.QUIZ, _OPTIONAL_DICT, None, _quiz_place,
            f"where the quiz is: {{{', '.join(QUIZ_PLACE_KEYS)}}} as whole numbers, or None (not started)",
            view=True),
    # Training on data (the data pane): the points, the model, whether their loss is the surface.
    Setting(Field.DATA, tuple, tuple(LESSON_DATA.points), _data,
            "the data's points ((x₁, y₁), …): at least one, at most 100,000", group="training"),
    Setting(Field.MODEL, str, "linear", _model, f"the model fitted to the data: one of {MODELS} or poly:K (K = 1 … 5)", group="training"),
    Setting(Field.DATA_DRIVES, bool, False, _flag,
            "the surface is the loss of the data (the function follows the data; typing one detaches it)",
            group="training", key="drives_surface"),
    Setting(Field.BATCH, int, 0, _batch, "points a step's gradient is taken on (0: all of them, the full batch)",
            group="training"),
    Setting(Field.SEED, int, 0, partial(_whole, bounds=SEED_RANGE), "the seed of the mini-batches' shuffling",
            group="training"),
    Setting(Field.SCHEDULE, str, "constant", _schedule,
            "the learning-rate schedule as text: constant, step:S[,G], exp:G, cosine:T[,ETA_MIN], linear:[S[,E[,T]]]",
            group="training"),
    Setting(Field.HELD_FOLLOW, bool, True, _flag,
            "while descent runs in n variables, the held variables follow the leading run's iterate (else stay put)",
            group="descent"),
)

if {setting.name for setting in SCHEMA} != set(Field) - DERIVED or len(SCHEMA) != len(Field) - len(DERIVED):
    raise ImportError("lesson_schema: Field and SCHEMA must name the same settings, each once")

#: Each setting by name.
SETTINGS: "MappingProxyType[str, Setting]" = MappingProxyType({s.name.value: s for s in SCHEMA})
#: Every setting's name, in the schema's order.
FIELDS: tuple[str, ...] = tuple(SETTINGS)
#: Every setting's default: a new lesson, and what a lesson file does not name.
DEFAULTS: dict[str, Any] = {name: s.default for name, s in SETTINGS.items()}
#: Settings that change without being edits: how the lesson is looked at (the camera, the
#: panes) and where the student is in the quiz (an answer is not something to undo).
VIEW_FIELDS: frozenset[str] = frozenset(name for name, s in SETTINGS.items() if s.view)
#: How a lesson file groups the settings: group → {key in the file: setting}, in file order.
FILE_GROUPS: dict[str, dict[str, str]] = {}
for _setting in SCHEMA:
    if _setting.group is not None:
        FILE_GROUPS.setdefault(_setting.group, {})[_setting.file_key] = _setting.name.value
del _setting
#: The settings written at a lesson file's top level, in file order.
FILE_TOP: tuple[str, ...] = tuple(name for name, s in SETTINGS.items() if s.group is None)


def check(field: str, value: Any) -> Any:
    """The field's value as the lesson stores it, or :class:`LessonError`."""
    setting = SETTINGS.get(field)
    if setting is None:
        raise LessonError(field, f"unknown setting {field!r} (the settings are {', '.join(FIELDS)})")
    return setting.check(field, value)
