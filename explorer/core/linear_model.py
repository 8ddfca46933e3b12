"""The tangent plane as a linear model: f(x₀ + h, y₀ + k) ≈ f + f_x·h + f_y·k, checked in numbers.

"The gradient is the best linear approximation" and "a small step along −∇f decreases f by
about α|∇f|²" are claims a student can test: :meth:`LinearModel.at` gives, for a step (h, k),
the exact value, the plane's value and the error side by side (the error shrinks like the
square of the step); :func:`descent_prediction` gives a descent step's predicted decrease
next to the real one.  Function units throughout.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from .calculus import Function
from .directional import gradient_at
from .notation import MINUS, format_number, format_value

__all__ = ["LinearModel", "LinearCheck", "DescentPrediction", "tangent_plane", "descent_prediction"]


def _signed(coefficient: float, name: str) -> str:
    """`` + 10h`` / `` − 6k`` (nothing for a 0 coefficient)."""
    if coefficient == 0:
        return ""
    return f" {MINUS if coefficient < 0 else '+'} {format_value(abs(coefficient))}{name}"


def _shifted(value: float, step: str) -> str:
    """``1 + h``, ``0 + h``, ``−1 + h``: the point's coordinate, then the step."""
    return f"{format_value(value)} + {step}"


def _small(value: float) -> str:
    """An error to three significant digits where four decimals would hide it (0.000425)."""
    if math.isfinite(value) and 0 < abs(value) < 0.01:
        return f"{value:.3g}".replace("-", MINUS)
    return format_number(value)


@dataclass(frozen=True)
class LinearCheck:
    """One step (h, k) from the point: f there exactly, the plane's value, their difference."""

    step: tuple[float, float]
    exact: float
    plane: float

    @property
    def error(self) -> float:
        """exact − plane (f's units)."""
        return self.exact - self.plane

    def line(self, name: str = "f") -> str:
        """``h = 0.1, k = 0.05: f = 12.3375 exactly, the plane 12.3, error 0.0375``."""
        h, k = self.step
        return (f"h = {format_value(h)}, k = {format_value(k)}: {name} = {format_number(self.exact)} exactly, "
                f"the plane {format_number(self.plane)}, error {_small(self.error)}")


@dataclass(frozen=True)
class LinearModel:
    """The tangent plane at ``point``: value f and slopes (f_x, f_y) there."""

    name: str
    variables: tuple[str, str]
    point: tuple[float, float]
    value: float
    partials: tuple[float, float]
    function: Function

    def formula(self) -> str:
        """``f(1 + h, 2 + k) ≈ 11 + 10h + 6k``."""
        (x0, y0), (fx, fy) = self.point, self.partials
        args = f"{_shifted(x0, 'h')}, {_shifted(y0, 'k')}"
        return f"{self.name}({args}) ≈ {format_value(self.value)}{_signed(fx, 'h')}{_signed(fy, 'k')}"

    def plane(self, h: float, k: float) -> float:
        """f + f_x·h + f_y·k."""
        return self.value + self.partials[0] * h + self.partials[1] * k

    def at(self, h: float, k: float) -> LinearCheck:
        """The exact value at (x₀ + h, y₀ + k) beside the plane's."""
        exact = self.function.value_at((self.point[0] + h, self.point[1] + k))
        return LinearCheck((float(h), float(k)), exact, self.plane(h, k))


def tangent_plane(function: Function, point: Sequence[float]) -> LinearModel | None:
    """The linear model at ``point`` (two variables); None where ∇f does not exist (a corner:
    no plane touches there) or f is undefined."""
    point = (float(point[0]), float(point[1]))
    gradient = gradient_at(function, point)
    if gradient is None:
        return None
    names = function.variable_names
    return LinearModel(function.name, (names[0], names[1]), point, function.value_at(point), gradient, function)


@dataclass(frozen=True)
class DescentPrediction:
    """One step w ← w − α∇f from ``point``: the decrease the plane predicts, α|∇f|², and the
    real one, f(w) − f(w − α∇f)."""

    learning_rate: float
    point: tuple[float, float]
    predicted: float
    actual: float

    def line(self, name: str = "f") -> str:
        """``a step of α = 0.01: the plane predicts f falls by α|∇f|² = 1.36, it falls by 1.3144``."""
        fell = "falls" if self.actual >= 0 else "rises"
        return (f"a step of α = {format_value(self.learning_rate, 6)}: the plane predicts {name} falls by "
                f"α|∇{name}|² = {format_number(self.predicted)}; it really {fell} by {format_number(abs(self.actual))}")


def descent_prediction(function: Function, point: Sequence[float], learning_rate: float) -> DescentPrediction | None:
    """The predicted and the real decrease of one plain descent step (None without ∇f)."""
    point = (float(point[0]), float(point[1]))
    gradient = gradient_at(function, point)
    if gradient is None:
        return None
    fx, fy = gradient
    after = (point[0] - learning_rate * fx, point[1] - learning_rate * fy)
    predicted = learning_rate * (fx * fx + fy * fy)
    actual = function.value_at(point) - function.value_at(after)
    return DescentPrediction(float(learning_rate), point, predicted, actual if math.isfinite(actual) else math.nan)
