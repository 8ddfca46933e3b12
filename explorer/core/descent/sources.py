"""What a descent runs on: one class per source, behind one interface (:class:`DescentSource`).

A source answers every question a view or the lesson used to ask of the
``descent_source`` string: its menu label and tooltip, the curve a run descends (from the
lesson's settings, the parsed surface and the panel's own f(x)), where runs start, which
run type and optimizers they use, how their iterates are lifted onto the surface, what the
descent plot shows, and the names the readout and the plot use.  The lesson settings it
reads (``values``) are the lesson's flat settings (``Lesson.settings()``: ``point`` (x₀, y₀),
``x_range``, ``start`` …), in the function's own units.

Sources hold no state: one instance each lives in :data:`~explorer.core.descent.registry.SOURCES`,
the only place that lists them.  A new source is one subclass here (or in its own module)
and one line there.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar, Mapping

import numpy as np

from ..calculus import Function
from ..optimizers import Optimizer
from ..subscripts import shown_name, shown_names
from .engine import CoordinateDescent, Descent

__all__ = [
    "DescentSource", "OwnCurve", "SurfaceSlice", "SliceAlongX", "SliceAlongY", "SliceAlongU", "CoordinateDescentOnSurface",
    "DescentOnSurface", "CURVE_PLOT", "STEPS_PLOT",
]

#: What the descent plot shows: the curve with the run on it, or f over the steps taken.
CURVE_PLOT, STEPS_PLOT = "curve", "steps"


class DescentSource:
    """Where a descent's function comes from (a base class: a source overrides what differs).

    Class attributes, read by the lesson and the views:

    - ``key``: the name in lesson files and in ``Lesson.descent_source``;
    - ``label`` / ``tooltip``: the descent panel's menu entry (before the surface's names
      are known, see :meth:`title`) and its tooltip;
    - ``run_type``: :class:`~.engine.Descent`, or :class:`~.engine.CoordinateDescent` (a
      variable at a time);
    - ``races``: whether several runs (and any optimizer) may race; False: one plain run;
    - ``on_surface``: whether runs move in both variables of the surface (their iterates are
      (x, y)); False: along one variable (a curve);
    - ``drawn_on_surface``: whether the surface view draws the runs;
    - ``plot``: :data:`CURVE_PLOT` (the curve with the run on it) or :data:`STEPS_PLOT`
      (f over the steps);
    - ``slice_axis``: 0 for a slice along the surface's first variable, 1 along its second,
      None otherwise;
    - ``has_forecasts``: whether each run's whole path is drawn ahead of it;
    - ``compares_plain``: whether plain descent's path is drawn beside the run (coordinate
      descent's comparison);
    - ``starts_at_point``: whether runs start at the picked point of the surface (so a bad
      start is fixed by picking another point), not at the panel's own x₀;
    - ``uses_own_curve``: whether runs descend the panel's own f(x) (its function bar shown);
    - ``has_stability_rule``: whether plain descent's step-size rule (critical α = 2/λ)
      applies to the runs (not to coordinate descent's moves along one variable).

    Where ``on_surface`` is False a run moves along the plotted curve: its trail, a hump it
    jumps and a bounce zoom are drawn on the plot.
    """

    key: ClassVar[str]
    label: ClassVar[str]
    tooltip: ClassVar[str]
    run_type: ClassVar[type[Descent]] = Descent
    races: ClassVar[bool] = True
    on_surface: ClassVar[bool] = False
    drawn_on_surface: ClassVar[bool] = True
    plot: ClassVar[str] = CURVE_PLOT
    slice_axis: ClassVar[int | None] = None
    has_forecasts: ClassVar[bool] = True
    compares_plain: ClassVar[bool] = False
    starts_at_point: ClassVar[bool] = True
    uses_own_curve: ClassVar[bool] = False
    has_stability_rule: ClassVar[bool] = True

    # ------------------------------------------------------------------ the menu
    def title(self, surface: Function, own: Function) -> str:
        """The menu entry in the functions' own names (``"slice along w: L(w, b₀)"``)."""
        raise NotImplementedError

    # ------------------------------------------------------------------ the curve and the start
    def curve(self, surface: Function, own: Function, point: tuple[float, float],
              previous: Function | None = None) -> Function:
        """The function the runs descend: the own f(x), a slice of ``surface`` through
        ``point`` (x₀, y₀), or ``surface`` itself.  ``previous`` (the curve before an edit)
        is returned when it is the same slice, so a run's caches keyed on it still hit."""
        raise NotImplementedError

    def curve_for(self, values: Mapping[str, Any], surface: Function, own: Function,
                  previous: Function | None = None) -> Function:
        """:meth:`curve` from the lesson's settings (what the lesson asks: a source that
        reads more than the point, the slice along u its direction, overrides this)."""
        return self.curve(surface, own, values["point"], previous)

    def curve_range(self, values: Mapping[str, Any]) -> tuple[float, float]:
        """The range (lo, hi) of the curve's variable the descent plot draws, in its units."""
        return values["x_range"]

    def start(self, values: Mapping[str, Any]) -> float | tuple[float, float]:
        """Where runs start: a number on a curve, (x₀, y₀) on the surface."""
        return tuple(values["point"])

    def start_point(self, values: Mapping[str, Any], surface: Function | None = None) -> tuple[float, ...]:
        """:meth:`start` as a point in the curve's variables: ``(x₀,)`` or ``(x₀, y₀)`` (in
        all n variables where the runs descend all of them: ``surface`` the lesson's)."""
        start = self.start(values)
        return (float(start),) if isinstance(start, (int, float)) else tuple(start)

    @property
    def start_editable(self) -> bool:
        """Whether the panel's start box edits the start (a curve's x₀, or the picked
        point's coordinate along a slice); on the surface the point is picked there."""
        return not self.on_surface

    def start_change(self, point: tuple[float, float], value: float) -> dict[str, Any] | None:
        """The lesson edit that makes ``value`` the start: ``{"start": x₀}`` for the own
        curve, ``{"point": …}`` with the slice's coordinate replaced; None where the start
        box does not edit the start."""
        return None

    def optimizers(self, values: Mapping[str, Any]) -> list[Optimizer]:
        """Each run's optimizer with its α, in run order: the first run's, then ``more_runs``."""
        return ([Optimizer(values["optimizer"], values["learning_rate"])]
                + [Optimizer(kind, alpha) for kind, alpha in values["more_runs"]])

    # ------------------------------------------------------------------ on the surface
    def lift(self, iterates: np.ndarray, surface: Function, point: tuple[float, float],
             curve: Function | None = None) -> np.ndarray | None:
        """Runs' iterates (k, d) as points on the surface (k, 3) in function units (x, y, f),
        ``point`` the picked (x₀, y₀), ``curve`` the function they descend (the slice along
        u knows its line from it); rows of NaN stay NaN (they separate runs stacked in one
        array).  None where the runs are not on the surface (the own curve)."""
        return _on_surface(surface, iterates[:, 0], iterates[:, 1])

    def lift_gradient(self, gradient: tuple[float, ...], curve: Function | None = None) -> tuple[float, float] | None:
        """A run's gradient (d,) as a direction in the surface's (x, y) plane: a slice's
        slope along its axis (0 across it), the gradient itself on the surface; None where
        the runs are not on the surface."""
        return (float(gradient[0]), float(gradient[1]))

    # ------------------------------------------------------------------ the descent plot
    def plot_range(self, values: Mapping[str, Any], steps: int = 0) -> tuple[float, float]:
        """The range of the plotted curve's variable after ``steps`` steps (a
        :data:`CURVE_PLOT`): the curve's own, or the range of the axis coordinate descent's
        next move goes along."""
        return self.curve_range(values)

    def plot_values(self, xs: np.ndarray, surface: Function, curve: Function, point: tuple[float, ...],
                    steps: int = 0) -> np.ndarray:
        """The plotted curve's values at ``xs`` (n,) → (n,) float64, the run standing at
        ``point`` after ``steps`` steps (coordinate descent plots the slice through it
        its next move goes along); undefined values are NaN."""
        ys = np.asarray(curve.evaluate(xs)[0], dtype=np.float64)
        return _finite_or_nan(np.broadcast_to(ys, np.shape(xs)).copy())

    # ------------------------------------------------------------------ names
    def shown_axis(self, steps: int) -> int | None:
        """The surface variable the plotted curve runs along after ``steps`` steps: 0, 1,
        or None (the own curve, or f over the steps)."""
        return self.slice_axis

    def function(self, surface: Function, curve: Function) -> Function:
        """The function whose value and slope the readout shows (its name is the readout's f)."""
        return curve

    def readout_names(self, surface: Function, curve: Function) -> tuple[str, ...]:
        """The variables of a run's point as the readout and the update name them."""
        return self.function(surface, curve).variable_names

    def plot_variable(self, surface: Function, curve: Function, steps: int = 0) -> str:
        """The name along the descent plot's horizontal axis after ``steps`` steps."""
        axis = self.shown_axis(steps)
        return curve.variable_names[0] if axis is None else surface.variable_names[axis]

    def start_name(self, surface: Function, curve: Function) -> str:
        """The variable the start box names (``x`` for ``start x₀``)."""
        return self.plot_variable(surface, curve, 0)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def _finite_or_nan(values: np.ndarray) -> np.ndarray:
    values[~np.isfinite(values)] = np.nan
    return values


def _held(name: str) -> str:
    """A held variable in a menu entry: ``b₀``, but ``picked w₂`` for an indexed name (``w₂₀``
    would read as w sub 20)."""
    shown = shown_name(name)
    return f"{name}₀" if shown == name else f"picked {shown}"


def whole_function(surface: Function) -> Function | None:
    """The function of every variable a surface of two shown ones is drawn from, the others
    held (the lesson's surface of a function of n > 2 variables); None for a function of two."""
    from ..held import HeldSurface  # (a plain function, early or symbolic, is never one)

    return surface.parent if isinstance(surface, HeldSurface) else None


def _on_surface(surface: Function, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    z = surface.evaluate(xs, ys)[0]
    return np.column_stack([xs, ys, z])


class OwnCurve(DescentSource):
    """The descent panel's own function of one variable, from its own x₀."""

    key = "own"
    label = "own f(x)"
    tooltip = "Descent on the panel's own function of one variable"
    drawn_on_surface = False
    starts_at_point = False
    uses_own_curve = True

    def title(self, surface: Function, own: Function) -> str:
        return f"own {own.signature()}"

    def curve(self, surface, own, point, previous=None):
        return own

    def curve_range(self, values):
        return values["descent_range"]

    def start(self, values):
        return values["start"]

    def start_change(self, point, value):
        return {"start": value}

    def lift(self, iterates, surface, point, curve=None):
        return None

    def lift_gradient(self, gradient, curve=None):
        return None


class SurfaceSlice(DescentSource):
    """The slice of the surface through the picked point along one variable (``slice_axis``),
    the other held at the point's: its slope is that partial derivative."""

    def title(self, surface, own):
        (a, b), (held_a, held_b) = shown_names(surface.variable_names), map(_held, surface.variable_names)
        name = surface.name
        return (f"slice along {a}: {name}({a}, {held_b})" if self.slice_axis == 0
                else f"slice along {b}: {name}({held_a}, {b})")

    def curve(self, surface, own, point, previous=None):
        held = surface.variable_names[1 - self.slice_axis]
        held_value = point[1 - self.slice_axis]
        if (previous is not None and getattr(previous, "parent", None) is surface
                and previous.fixed == ((held, held_value),)):
            return previous
        return surface.restrict(held, held_value)

    def curve_range(self, values):
        return values["x_range" if self.slice_axis == 0 else "y_range"]

    def start(self, values):
        return values["point"][self.slice_axis]

    def start_change(self, point, value):
        moved = list(point)
        moved[self.slice_axis] = value
        return {"point": tuple(moved)}

    def lift(self, iterates, surface, point, curve=None):
        along = iterates[:, 0]
        held = np.full(len(along), point[1 - self.slice_axis], dtype=np.float64)
        return _on_surface(surface, along, held) if self.slice_axis == 0 else _on_surface(surface, held, along)

    def lift_gradient(self, gradient, curve=None):
        slope = float(gradient[0])
        return (slope, 0.0) if self.slice_axis == 0 else (0.0, slope)


class SliceAlongX(SurfaceSlice):
    """f(x, y₀): the slice along the surface's first variable."""

    key = "slice-x"
    label = "slice along x"
    tooltip = "Descent on the slice of the surface through the picked point along x: its slope is ∂f/∂x"
    slice_axis = 0


class SliceAlongY(SurfaceSlice):
    """f(x₀, y): the slice along the surface's second variable."""

    key = "slice-y"
    label = "slice along y"
    tooltip = "Descent on the slice of the surface through the picked point along y: its slope is ∂f/∂y"
    slice_axis = 1


class SliceAlongU(DescentSource):
    """f(x₀ + t·u₁, y₀ + t·u₂): the slice of the surface through the picked point along the
    lesson's direction u = (cos θ, sin θ) (``direction``, degrees), a function of t, the
    distance from the point along u (t = 0 is the point).  Its slope at the point is D_u f
    = ∇f·u; the slices along x and y are its cases θ = 0° and 90° (with t = x − x₀, y − y₀).
    Runs start at the point; the start box does not move it (pick another point, or turn u)."""

    key = "slice-u"
    label = "slice along u"
    tooltip = ("Descent on the slice of the surface through the picked point along the direction u "
               "(the Direction pane's θ): its slope is D_u f = ∇f·u")

    def title(self, surface, own):
        a, b = surface.variable_names
        if shown_name(a) != a or shown_name(b) != b:  # w₁₀ would read as w sub 10
            return f"slice along u: {surface.name}(p₀ + t·u)"
        return f"slice along u: {surface.name}({a}₀ + t·u₁, {b}₀ + t·u₂)"

    def curve(self, surface, own, point, previous=None, degrees: float = 30.0):
        # (late, here and below: the slice along u is not the default lesson's source)
        from ..directional import direction_from_angle
        from ..line_slice import LineSlice

        line = (tuple(float(c) for c in point), direction_from_angle(degrees).u)
        if (isinstance(previous, LineSlice) and previous.parent is surface
                and (previous.point, previous.direction) == line):
            return previous
        return surface.restrict_to_line(*line)

    def curve_for(self, values, surface, own, previous=None):
        return self.curve(surface, own, values["point"], previous, values["direction"])

    def curve_range(self, values):
        """The t for which the line stays inside the surface's x and y ranges (the whole
        box's diagonal either way where the line only grazes a corner of it)."""
        (x0, x1), (y0, y1) = values["x_range"], values["y_range"]
        (px, py), radians = values["point"], math.radians(values["direction"])
        lo, hi = -math.inf, math.inf
        for p, (a, b), c in ((px, (x0, x1), math.cos(radians)), (py, (y0, y1), math.sin(radians))):
            if abs(c) > 1e-15:
                ends = sorted(((a - p) / c, (b - p) / c))
                lo, hi = max(lo, ends[0]), min(hi, ends[1])
        if not hi - lo > 1e-9 * math.hypot(x1 - x0, y1 - y0):
            half = 0.5 * math.hypot(x1 - x0, y1 - y0)
            return (-half, half)
        return (lo, hi)

    def start(self, values):
        return 0.0

    @property
    def start_editable(self):
        return False

    def lift(self, iterates, surface, point, curve=None):
        from ..line_slice import LineSlice

        if not isinstance(curve, LineSlice):
            raise ValueError("the slice along u lifts its runs with its line (give the curve)")
        (x0, y0), (u1, u2) = curve.point, curve.direction
        t = iterates[:, 0]
        return _on_surface(surface, x0 + t * u1, y0 + t * u2)

    def lift_gradient(self, gradient, curve=None):
        from ..line_slice import LineSlice

        if not isinstance(curve, LineSlice):
            return None
        slope = float(gradient[0])  # dg/dt: the slope along u, so the gradient along the line is slope·u
        return (slope * curve.direction[0], slope * curve.direction[1])


class _OnSurface(DescentSource):
    """Runs on the surface itself, from the picked point, in both variables."""

    on_surface = True

    def curve(self, surface, own, point, previous=None):
        return surface

    def function(self, surface, curve):
        return surface


class CoordinateDescentOnSurface(_OnSurface):
    """Coordinate descent on the surface from the picked point: a step along x, then along
    y, in turn (plain descent, one run; plain descent's path drawn beside for comparison)."""

    key = "coordinate"
    label = "coordinate descent"
    tooltip = "Coordinate descent on the surface from the picked point: a step along x, then along y, in turn"
    run_type = CoordinateDescent
    races = False
    has_forecasts = False
    compares_plain = True
    has_stability_rule = False

    def title(self, surface, own):
        a, b = shown_names(surface.variable_names)
        return f"coordinate descent on {surface.name}({a}, {b})"

    def optimizers(self, values):
        return [Optimizer("gd", values["learning_rate"])]  # plain descent, one variable at a time: it runs alone

    def shown_axis(self, steps):
        return steps % 2  # the slice the next move goes along

    def plot_range(self, values, steps=0):
        return values["x_range" if self.shown_axis(steps) == 0 else "y_range"]

    def plot_values(self, xs, surface, curve, point, steps=0):
        held = np.full(np.shape(xs), point[1 - self.shown_axis(steps)], dtype=np.float64)
        xy = (xs, held) if self.shown_axis(steps) == 0 else (held, xs)
        return _finite_or_nan(np.asarray(surface.evaluate(*xy)[0], dtype=np.float64).copy())


class DescentOnSurface(_OnSurface):
    """Descent on the surface itself from the picked point: any optimizer, up to six runs
    racing; the descent plot shows f over the steps."""

    key = "surface"
    label = "descent on the surface"
    tooltip = ("Descent on the surface itself from the picked point, with any optimizer and up to six runs racing; "
               "the plot shows f over the steps")
    plot = STEPS_PLOT

    def title(self, surface, own):
        whole = whole_function(surface)
        if whole is not None:
            names = shown_names(whole.variable_names)  # the menu is narrow: x, y, z or w₁…w₅
            listed = ", ".join(names) if len(names) <= 3 else f"{names[0]}…{names[-1]}"
            return f"descent on {whole.name}({listed})"
        a, b = shown_names(surface.variable_names)
        return f"descent on {surface.name}({a}, {b})"

    # In n > 2 variables the runs descend the whole function from the full point (the picked
    # (x₀, y₀) and the held values): every variable steps, not only the two drawn.
    def curve(self, surface, own, point, previous=None):
        return whole_function(surface) or surface

    def start_point(self, values, surface=None):
        if surface is not None and whole_function(surface) is not None:
            return tuple(float(c) for c in surface.full(tuple(values["point"])))
        return super().start_point(values)

    def function(self, surface, curve):
        return curve

    def lift(self, iterates, surface, point, curve=None):
        """In n > 2 variables, the projection of the n-dimensional path onto the shown pair,
        each point at the height of f at the n-dimensional iterate (its true value): on the
        drawn surface only where the held values are the iterate's (see ``held_follow``)."""
        if iterates.shape[1] == 2 or curve is None or whole_function(surface) is None:
            return super().lift(iterates, surface, point, curve)
        i, j = surface.shown_indices
        heights = np.broadcast_to(np.asarray(curve.evaluate(*iterates.T)[0], dtype=np.float64), len(iterates))
        return np.column_stack([iterates[:, i], iterates[:, j], heights])

    def lift_gradient(self, gradient, curve=None):
        return None if len(gradient) > 2 else super().lift_gradient(gradient, curve)

    def plot_variable(self, surface, curve, steps=0):
        return "step"

    def start_name(self, surface, curve):
        return surface.variable_names[0]
