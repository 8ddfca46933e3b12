"""The gradient as a vector of n slopes: what the Gradient pane draws, as plain data.

∇f at a point of all n variables is n numbers, ∂f/∂v₁ … ∂f/∂vₙ: one bar each, named for its
variable, up for a positive slope and down for a negative one.  The point is the lesson's
full point (the picked (x₀, y₀) of the shown pair with the held variables' values), or,
while a run descends on the surface, the leading run's iterate at its current step, so the
bars move with the steps.  Qt-free; the view (:mod:`explorer.ui.gradient_pane`) only draws it.

Conventions: ``values`` and ``at`` are in the function's variable order, float64, in the
function's own units (a slope is f's units per variable's unit); a partial that is
undefined at the point is NaN (its bar is not drawn, its value written "undefined").
"""

from __future__ import annotations

import math
from typing import NamedTuple, Sequence

import numpy as np

from .calculus import Function
from .notation import format_value
from .subscripts import shown_name

__all__ = ["GradientBars", "gradient_bars", "lesson_gradient_bars"]


class GradientBars(NamedTuple):
    """∇f at one point of all its variables, one bar per variable.

    ``variables`` the function's variable names (n,), ``names`` the same as printed (w₁);
    ``values`` (n,) float64 the partials ∂f/∂vᵢ there (NaN where undefined); ``at`` (n,) the
    point; ``shown`` the indices of the surface's two shown variables (its x and y axes);
    ``function_name`` f's name; ``step`` the leading run's step when the point is its
    iterate, None at the lesson's own point."""

    variables: tuple[str, ...]
    names: tuple[str, ...]
    values: np.ndarray
    at: tuple[float, ...]
    shown: tuple[int, int]
    function_name: str
    step: int | None = None

    def value_text(self, index: int) -> str:
        """Bar ``index``'s number as written above (or below) it."""
        value = float(self.values[index])
        return "undefined" if math.isnan(value) else format_value(value, 3)

    def caption(self) -> str:
        """The line under the bars: ``∇L = [2, −4, …] at (1, −2, …)``, and whose point it is."""
        values = ", ".join(self.value_text(i) for i in range(len(self.names)))
        point = ", ".join(format_value(c, 3) for c in self.at)
        where = f"the run's step {self.step}" if self.step is not None else "the point"
        return f"∇{self.function_name} = [{values}] at {where} ({point})"


def gradient_bars(function: Function, at: Sequence[float], shown: Sequence[str] | None = None,
                  step: int | None = None) -> GradientBars:
    """∇``function`` at ``at`` (all its variables) as bars; ``shown`` the two variables on
    the surface's axes (default: the first two)."""
    variables = function.variable_names
    at = tuple(float(c) for c in at)
    if len(at) != len(variables):
        raise ValueError(f"{function.signature()} takes {len(variables)} coordinates, got {len(at)}")
    values = np.array([np.nan if v is None else v for v in function.partials_at(at)], dtype=np.float64)
    values[~np.isfinite(values)] = np.nan  # an infinite slope has no bar either
    pair = tuple(shown) if shown is not None else variables[:2]
    indices = tuple(variables.index(name) for name in pair)
    return GradientBars(variables, tuple(shown_name(v) for v in variables), values, at, indices,
                        function.name, step)


def _full(lesson) -> tuple[Function, tuple[float, ...], tuple[str, ...]]:
    """The lesson's function of all its variables, its full point and its shown pair."""
    return lesson.function, tuple(lesson.full_point), tuple(lesson.shown)


def lesson_gradient_bars(lesson) -> GradientBars:
    """The bars the Gradient pane shows for ``lesson`` (a :class:`~explorer.core.lesson.Lesson`):
    ∇f at its full point; while its leading run has taken steps on the surface (descent or
    a slice of it), at that run's current iterate, so the bars animate with the steps."""
    function, at, shown = _full(lesson)
    run, source = lesson.run, lesson.source
    if run.steps == 0 or not source.drawn_on_surface:
        return gradient_bars(function, at, shown)
    if len(run.point) == len(at) and source.on_surface:  # the run is in all the variables
        return gradient_bars(function, run.point, shown, run.steps)
    lifted = lesson.surface_points(np.array([run.point], dtype=np.float64))
    if lifted is None or not np.isfinite(lifted[0, :2]).all():
        return gradient_bars(function, at, shown)
    moved = list(at)  # a slice's run moves the shown pair only; the held values stay
    names = function.variable_names
    for axis in range(2):
        moved[names.index(shown[axis])] = float(lifted[0, axis])
    return gradient_bars(function, moved, shown, run.steps)
