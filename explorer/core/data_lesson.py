"""The lesson's surface as the loss of its data: the function bar's text follows the data.

Qt-free.  While the lesson's ``data_drives`` is on, its ``function`` is the loss of ``model``
on ``data`` in the lesson's notation (:meth:`~explorer.core.loss.LinearLoss.text`), re-formed
in the same edit as any change of the data or the model (so dragging a point is one undo step,
and undoing it gives the data and its loss back together); typing another function detaches
the data (``data_drives`` off, in that same edit).  For the line's squared error the mesh is
made from the loss's six sums (:meth:`~explorer.core.loss.LinearLoss.grid`), O(N²) whatever
the number of points, instead of evaluating the parsed text at every grid point.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from .data import DataError, DataSet
from .lesson_schema import LessonError
from .calculus import Function
from .mesh import SurfaceMesh, surface_mesh
from .optimizers import parse_schedule

# The losses are imported where the data drive the surface (late): the default lesson's first
# frame has no data, and loss, loss_function and polynomial are ~20 modules' worth of its start.
if TYPE_CHECKING:
    from .loss import LinearLoss, LogisticLoss
    from .polynomial import PolynomialLoss

__all__ = ["check_batch", "follow_data", "loss_of", "loss_mesh", "surface_of", "training_of"]

_DATA_FIELDS = frozenset({"data", "model", "data_drives"})


def loss_of(values: dict[str, Any]) -> LinearLoss | LogisticLoss | PolynomialLoss:
    """The loss of the settings' ``model`` on their ``data``, or :class:`LessonError` naming the
    setting that does not suit (labels other than 0 and 1 for the logistic model)."""
    from .loss import loss_for
    from .polynomial import PolynomialLoss, parse_model

    try:
        model, degree = parse_model(values["model"])
        if model == "poly":
            return PolynomialLoss(DataSet.from_points(values["data"]), degree)
        return loss_for(DataSet.from_points(values["data"]), values["model"])
    except DataError as error:
        raise LessonError("model" if values["model"] == "logistic" else "data", error.message) from None


def follow_data(values: dict[str, Any], previous: dict[str, Any], changes: dict[str, Any]) -> set[str]:
    """Bring ``values`` (the settings after an edit of ``changes``, from ``previous``) into
    agreement: the function is the data's loss while the data drive it; a function typed while
    they do detaches them.  Changes ``values`` in place; returns the settings it changed."""
    if not values["data_drives"]:
        return set()
    loss = loss_of(values)
    text = loss.text()
    if loss.model == "poly" and len(loss.names) > 2:
        _check_shown(text, len(loss.names))
    typed = "function" in changes and values["function"] != previous["function"] and not (
        _DATA_FIELDS & {f for f in changes if values[f] != previous[f]})
    if typed and values["function"] != text:
        values["data_drives"] = False  # a function typed in the bar: the surface is the student's again
        return {"data_drives"}
    if values["function"] != text:
        values["function"] = text
        return {"function"}
    return set()


def _check_shown(text: str, count: int) -> None:
    """:class:`LessonError` (the model's) where the surface cannot show a loss of ``count``
    parameters: it shows functions of two variables until the n-variable surface (#24) does."""
    from .lesson import parse_surface  # (late: the lesson imports this module)

    try:
        parse_surface(text)
    except LessonError:
        raise LessonError("model", f"the polynomial's loss is a function of its {count} weights w0 … w{count - 1}, and the "
                                   f"surface shows functions of two variables: the fitted curve is drawn here (dashed), "
                                   f"and `explorer fit --model poly:{count - 1}` trains it") from None


def surface_of(values: dict[str, Any]) -> Function | None:
    """The surface the settings' data give where no parsed text can be it: the cross-entropy
    of more than :data:`~explorer.core.loss.MAX_TERMS` points (a :class:`LossFunction`, its
    numbers from the data; one object per data set and model).  None otherwise: the caller
    parses the function bar's text."""
    if not values["data_drives"] or values["model"] != "logistic":
        return None
    from .loss import MAX_TERMS

    if len(values["data"]) <= MAX_TERMS:
        return None
    return _loss_function(values["data"], values["model"])


@lru_cache(maxsize=8)
def _loss_function(data: tuple, model: str) -> Function:
    from .loss import loss_for
    from .loss_function import LossFunction

    return LossFunction(loss_for(DataSet.from_points(data), model))


def loss_mesh(values: dict[str, Any], function, lut: np.ndarray) -> SurfaceMesh | None:
    """The surface mesh of the data's loss while they drive the surface: the line's squared
    error from its six sums, the cross-entropy from the points in one vectorised pass
    (:meth:`~explorer.core.loss.LogisticLoss.mesh_grid`).  None when the data do not
    drive the surface (the caller evaluates the function)."""
    if not values["data_drives"] or values["model"].startswith("poly"):
        return None  # (a polynomial's loss: the parsed function, evaluated)
    n = values["resolution"]
    w = np.linspace(*values["x_range"], n)
    b = np.linspace(*values["y_range"], n)
    if values["model"] == "logistic":
        evaluated = loss_of(values).mesh_grid(w, b)
        return surface_mesh(function, values["x_range"], values["y_range"], n, lut, evaluated=evaluated)
    from .loss import LinearLoss

    loss = LinearLoss(DataSet.from_points(values["data"]))
    z = loss.grid(w, b)
    # ∂L/∂w = 2(w·Sxx − Sxy + c·x̄), ∂L/∂b = 2c with c = b + w·x̄ − ȳ (the six sums' gradient).
    c = b[None, :] + w[:, None] * loss.mean_x - loss.mean_y
    dw = 2.0 * (w[:, None] * loss.sxx - loss.sxy + c * loss.mean_x)
    db = 2.0 * c
    return surface_mesh(function, values["x_range"], values["y_range"], n, lut, evaluated=(z, dw, db))


def answer_of(values: dict[str, Any]):
    """The least-squares answer of the settings' data (:func:`~explorer.core.loss.least_squares`)."""
    from .loss import least_squares

    return least_squares(DataSet.from_points(values["data"]))


def check_batch(values: dict[str, Any], changes: dict[str, Any]) -> None:
    """:class:`LessonError` when an edit sets a batch larger than the data (0 is the full batch).
    Data that shrink below a batch set before are not refused: the batch is then all of them."""
    n = len(values["data"])
    if "batch" in changes and values["batch"] > n:
        raise LessonError("batch", f"a batch of {values['batch']:,} points: the data have {n:,} "
                                   f"(the batch size is 1 … {n:,}; 0 or {n:,} is the full batch)")


def training_of(values: dict[str, Any], source) -> "TrainingSetup | None":
    """What the runs train on (:class:`~explorer.core.descent.stochastic.TrainingSetup`) while the
    data drive the surface and the runs race on it; None otherwise (they take the surface's
    gradient).  The batch is B = ``batch`` (0, or more than the points there are: all of them)."""
    if not (values["data_drives"] and source.on_surface and source.races):
        return None
    from .descent.stochastic import TrainingSetup

    data = values["data"]
    n = len(data)
    batch = values["batch"]
    key = (values["model"], n if batch == 0 or batch > n else batch, values["seed"], values["schedule"])
    last = _LAST_SETUP[0]
    # The same setup object while the data are the same tuple: an α drag compares, hashes and
    # builds the loss of 100,000 points once, not at every tick.
    if last is not None and last[0] is data and last[1] == key:
        return last[2]
    setup = TrainingSetup(data, key[0], key[1], key[2], parse_schedule(key[3]))
    _LAST_SETUP[0] = (data, key, setup)
    return setup


_LAST_SETUP: list = [None]  # (data, the other settings, their TrainingSetup): the last one made
