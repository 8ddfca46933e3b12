"""What the Direction pane says, as plain text: Qt-free, so every sentence is tested without a window.

The pane shows, for the lesson's surface f, its point p = (x₀, y₀) and its direction
θ (degrees; u = (cos θ, sin θ)): the line D_u f = ∇f·u with its numbers, what that number
means against ∇f (the angle φ between them, or "= |∇f|" along it), the dial (D_u f for
every θ, see :func:`~explorer.core.directional.dial`) and, with the tangent plane on, the
plane as a linear model: its formula, a step of length h along u with the exact value,
the plane's and the error, and one descent step's predicted decrease next to the real one.
All numbers are in f's units (slopes per unit of distance in the plane).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from .calculus import Function
from .directional import (
    Dial, Direction, DirectionalSlope, DirectionError, dial, direction_from_angle, directional_derivative,
    steepest_direction,
)
from .linear_model import descent_prediction, tangent_plane
from .notation import MINUS, format_number, format_value

__all__ = ["DirectionText", "direction_text", "dial_at", "snapped_degrees", "typed_direction", "DEFAULT_STEP"]

DEFAULT_STEP = 0.1  #: h, the tangent-plane check's step along u (function units), until the student moves it
PLANE_OFF = "Turn on View ▸ Tangent plane to check it as a linear model here: f(x₀ + h, y₀ + k) ≈ f + f_x·h + f_y·k"


@dataclass(frozen=True)
class DirectionText:
    """Every line the Direction pane shows for one (f, p, θ): ``slope`` the numbers behind
    them (D_u f, ∇f, φ); ``line`` D_u f = ∇f·u = …; ``meaning`` against ∇f; ``plane`` the
    tangent plane's formula, ``step`` a step h along u checked against it, ``descent`` one
    descent step's predicted and real decrease (each "" when the plane is off or does not
    exist; ``plane`` then says why)."""

    slope: DirectionalSlope
    line: str
    meaning: str
    plane: str
    step: str
    descent: str


def dial_at(function: Function, point: Sequence[float]) -> Dial:
    """The dial at ``point``: D_u f for every whole degree (see :func:`~explorer.core.directional.dial`)."""
    return dial(function, point)


def direction_text(function: Function, point: Sequence[float], degrees: float, *, plane_on: bool = False,
                   step: float = DEFAULT_STEP, learning_rate: float = 0.01) -> DirectionText:
    """The pane's lines for u at ``degrees``; ``step`` is h along u (function units),
    ``learning_rate`` the descent step's α whose predicted decrease α|∇f|² is checked."""
    direction = direction_from_angle(degrees)
    slope = directional_derivative(function, point, direction)
    line, meaning = slope.line(), slope.agreement()
    if not plane_on:
        return DirectionText(slope, line, meaning, PLANE_OFF, "", "")
    model = tangent_plane(function, point)
    if model is None:
        name = function.name
        return DirectionText(slope, line, meaning, f"No tangent plane here: {name} has a corner (or no value) at the point, "
                                                   f"so no plane touches it and there is no ∇{name}", "", "")
    h, k = step * direction.u[0], step * direction.u[1]
    check = model.at(h, k)
    where = f"a step of {format_value(step)} along u (h = {format_value(h)}, k = {format_value(k)}): "
    rest = check.line(function.name).split(": ", 1)[1]  # the exact value, the plane's and the error
    prediction = descent_prediction(function, point, learning_rate)
    descent = "" if prediction is None else prediction.line(function.name)
    return DirectionText(slope, line, meaning, model.formula(), where + rest, descent)


def snapped_degrees(function: Function, point: Sequence[float]) -> float:
    """θ of ∇f/|∇f| ("Snap to steepest"); :class:`DirectionError` says why where there is none."""
    return steepest_direction(function, point).degrees


def typed_direction(text: str) -> tuple[Direction, str]:
    """A direction typed as ``1, 1``, ``(3, 4)`` or ``30deg``: u and what to say of it
    (``(1, 1) → (0.7071, 0.7071) (normalised: divided by its length 1.4142)``);
    :class:`DirectionError` with its message for anything else (never evaluated as code)."""
    from .directional import parse_direction

    direction = parse_direction(text)
    return direction, direction.said()


__all__ += ["DirectionError"]


@dataclass(frozen=True)
class DialMark:
    """A labelled point of the dial: θ in degrees, D_u f there, what it is (``kind``:
    ``steepest``, ``level`` or ``downhill``) and its label."""

    degrees: float
    slope: float
    kind: str
    label: str


def dial_marks(shown: Dial, name: str = "f") -> tuple[DialMark, ...]:
    """The dial's peak |∇f| along ∇f, its zeros along the level curve and −|∇f| straight
    downhill, labelled (at a corner: the largest and smallest one-sided slopes and where
    they change sign, said as one-sided); none where the slopes are undefined everywhere."""
    if not math.isfinite(shown.steepest_slope) or not math.isfinite(shown.steepest_degrees):
        return ()
    if shown.one_sided:
        top = f"largest one-sided slope {format_number(shown.steepest_slope)}"
        low = f"smallest {format_number(shown.downhill_slope)}"
        level = "0 (one-sided)"
    else:
        top = f"|∇{name}| = {format_number(shown.steepest_slope)} along ∇{name}"
        low = f"{MINUS}|∇{name}| downhill"
        level = "0: level curve"
    marks = [DialMark(shown.steepest_degrees, shown.steepest_slope, "steepest", top)]
    marks += [DialMark(d, 0.0, "level", level) for d in shown.level_degrees]
    if math.isfinite(shown.downhill_degrees):
        marks.append(DialMark(shown.downhill_degrees, shown.downhill_slope, "downhill", low))
    return tuple(marks)


__all__ += ["DialMark", "dial_marks"]
