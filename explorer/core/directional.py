"""Slopes in every direction: the directional derivative D_u f = ∇f·u and the dial of them all.

The lesson's claim "∇f points in the direction of steepest increase, and |∇f| is how steep"
rests on one line: D_u f = ∇f·u = |∇f| cos φ, φ the angle between u and ∇f.  This module
gives that line's numbers as the lesson writes them, and the slope for every direction at
once (the dial: a cosine, largest along ∇f, zero along the level curve, −|∇f| downhill).

Conventions: a direction is a unit vector u = (cos θ, sin θ) in the function's (x, y)
plane; θ in degrees, counter-clockwise from the +x axis, in [0°, 360°).  Slopes are in f's
units per unit of distance.  At a corner (|x| + |y| at (0, 0)) there is no ∇f: the slope
in direction u is then the one-sided limit lim_{t→0⁺} [f(p + t·u) − f(p)] / t, computed
numerically (a forward difference, Richardson-extrapolated) and said as such.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .calculus import Function
from .notation import MINUS, format_number, format_value

__all__ = ["Direction", "DirectionError", "DirectionalSlope", "Dial", "direction_from_angle", "direction_from_vector",
           "parse_direction", "directional_derivative", "dial", "steepest_direction", "gradient_at",
           "DIAL_SAMPLES", "ONE_SIDED_STEP"]

DIAL_SAMPLES = 360  #: the dial's resolution: one sample a degree
ONE_SIDED_STEP = 1e-5  #: t of the one-sided difference at a corner, times max(1, |p|)
ALONG = 0.005  #: degrees: u this close to ∇f (or across it) is "along" it, as the readout's digits show


class DirectionError(ValueError):
    """A direction that cannot be used ((0, 0), not a number); ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Direction:
    """A unit vector u = (cos θ, sin θ).  ``given`` is the vector as typed where it had to
    be normalised ((1, 1)), None where u came as an angle or was already a unit vector."""

    u: tuple[float, float]
    degrees: float  # θ in [0, 360)
    given: tuple[float, float] | None = None

    @property
    def normalised(self) -> bool:
        return self.given is not None

    def said(self) -> str:
        """``(1, 1) → (0.7071, 0.7071)`` for a normalised vector; ``θ = 30°: u = (0.866, 0.5)``."""
        u = _pair(self.u)
        if self.given is not None:
            return f"{_pair(self.given)} → {u} (normalised: divided by its length {format_value(math.hypot(*self.given))})"
        return f"θ = {_degrees(self.degrees)}: u = {u}"


def _pair(v: Sequence[float]) -> str:
    return f"({format_value(v[0])}, {format_value(v[1])})"


def _degrees(angle: float) -> str:
    return f"{format_value(angle, 2)}°"


def direction_from_angle(degrees: float) -> Direction:
    """u = (cos θ, sin θ) for θ in degrees (any real number; kept in [0°, 360°))."""
    degrees = float(degrees)
    if not math.isfinite(degrees):
        raise DirectionError(f"the angle {format_number(degrees)} is not a number of degrees")
    degrees %= 360.0
    radians = math.radians(degrees)
    # cos 90° is 6·10⁻¹⁷ in floats: a readout would print "0.0000" where the lesson writes 0.
    u = tuple(0.0 if abs(c) < 1e-15 else c for c in (math.cos(radians), math.sin(radians)))
    return Direction(u, degrees)  # type: ignore[arg-type]


def direction_from_vector(vector: Sequence[float]) -> Direction:
    """u = v/|v|; (0, 0) has no direction and is refused with a message."""
    if len(vector) != 2:
        raise DirectionError(f"a direction in the plane has two components, not {len(vector)}")
    a, b = (float(c) for c in vector)
    if not (math.isfinite(a) and math.isfinite(b)):
        raise DirectionError("a direction's components must be finite numbers")
    big = max(abs(a), abs(b))
    if big == 0:
        raise DirectionError("(0, 0) has no direction: give a vector such as (1, 1), or an angle such as 30deg")
    length = math.hypot(a / big, b / big) * big  # no overflow squaring 10²⁰⁰
    u = (a / length, b / length)
    degrees = math.degrees(math.atan2(u[1], u[0])) % 360.0
    unit = abs(math.hypot(a, b) - 1.0) <= 1e-12
    return Direction(u, degrees, None if unit else (a, b))


_ANGLE = re.compile(r"^\s*(.*?)\s*(°|deg|degrees?)\s*$", re.IGNORECASE)


def parse_direction(text: str) -> Direction:
    """A direction as a student types it: an angle in degrees (``30deg``, ``30°``) or a
    vector (``1,1``, ``(3, 4)``); each number may be a constant of the function language
    (``sqrt(3)``, ``pi``), read by the parser, never evaluated as code."""
    from .exact import float_value
    from .expression import ParseError, parse_function

    def number(part: str) -> float:
        part = part.strip()
        if not part:
            raise DirectionError("a direction is an angle such as 30deg or a vector such as 1,1")
        try:
            parsed = parse_function(part)
        except ParseError as error:
            raise DirectionError(f"'{part}' is not a number: {error.message}") from None
        if parsed.variables:
            raise DirectionError(f"'{part}' is not a number (a direction is an angle such as 30deg or a vector such as 1,1)")
        value = float_value(parsed.expression)
        if not math.isfinite(value):
            raise DirectionError(f"'{part}' is not a finite real number")
        return value

    if not isinstance(text, str) or len(text) > 200:
        raise DirectionError("a direction is an angle such as 30deg or a vector such as 1,1")
    angle = _ANGLE.match(text)
    if angle:
        return direction_from_angle(number(angle.group(1)))
    body = text.strip()
    if len(body) >= 2 and body[0] in "([" and body[-1] in ")]":
        body = body[1:-1]
    parts = body.split(",")
    if len(parts) != 2:
        raise DirectionError(f"'{text.strip()}' is not a direction: give an angle in degrees (30deg) or a vector (1,1)")
    return direction_from_vector((number(parts[0]), number(parts[1])))


# ---------------------------------------------------------------------- ∇f and D_u f
def gradient_at(function: Function, point: Sequence[float]) -> tuple[float, float] | None:
    """∇f at ``point`` where it exists; None at a corner (a partial's one-sided slopes
    differ, :meth:`Function.kinks_at`) or where a partial is undefined."""
    if len(function.variable_names) != 2:
        raise DirectionError(f"a direction in the plane needs a function of two variables, not {function.signature()}")
    value, fx, fy = function.evaluate_point(point)
    if not (math.isfinite(value) and math.isfinite(fx) and math.isfinite(fy)):
        return None
    if any(function.kinks_at(point)):
        return None
    return fx, fy


def _one_sided(function: Function, point: Sequence[float], cos: np.ndarray, sin: np.ndarray) -> np.ndarray:
    """lim_{t→0⁺} [f(p + t·u) − f(p)] / t for u = (cos, sin) (arrays of one shape): the
    forward difference at t and t/2, extrapolated (Richardson: error O(t²), not O(t)).
    Where the quotient grows by the same factor at each halving of t (∛x at 0: by 2^(2/3))
    the slope has no finite limit: ±∞, not the last quotient."""
    x0, y0 = (float(c) for c in point)
    t = ONE_SIDED_STEP * max(1.0, abs(x0), abs(y0))
    f0 = function.value_at((x0, y0))
    with np.errstate(all="ignore"):
        far, near, nearer = ((function.evaluate(x0 + s * cos, y0 + s * sin)[0] - f0) / s for s in (t, t / 2, t / 4))
        slope = 2.0 * near - far
        r1, r2 = near / far, nearer / near
        unbounded = (r1 > 1.2) & (np.abs(r1 - r2) < 0.05 * r1) & (np.abs(near) > 1.0)
        slope = np.where(unbounded, np.sign(near) * np.inf, slope)
    return np.round(slope, 6)  # the digits a difference quotient has


@dataclass(frozen=True)
class DirectionalSlope:
    """The slope of f at ``point`` in direction ``direction``: D_u f, and what the lesson says of it.

    ``gradient`` is ∇f there (None at a corner, where ``one_sided`` is True and ``slope`` is
    the one-sided limit); ``angle_to_gradient`` is φ in degrees [0°, 180°] (None without a
    nonzero ∇f).  ``slope`` is nan where f is undefined at the point."""

    function_name: str
    point: tuple[float, float]
    direction: Direction
    slope: float
    gradient: tuple[float, float] | None
    one_sided: bool
    angle_to_gradient: float | None

    @property
    def gradient_norm(self) -> float | None:
        return None if self.gradient is None else math.hypot(*self.gradient)

    def line(self) -> str:
        """``D_u f = ∇f·u = 10·cos 30° + 6·sin 30° = 10(0.866) + 6(0.5) = 11.6603``; at a
        corner the one-sided limit, named so."""
        f = self.function_name
        if self.gradient is None and not self.one_sided:
            return f"D_u {f} is undefined: {f} has no value at this point"
        if self.one_sided:
            if math.isinf(self.slope):
                return (f"D_u {f} = lim(t→0⁺) [{f}(p + t·u) − {f}(p)]/t = {format_number(self.slope)}: "
                        f"{f} {'rises' if self.slope > 0 else 'falls'} without bound that way (a vertical tangent), and there "
                        f"is no ∇{f} here")
            if not math.isfinite(self.slope):
                return f"D_u {f} is undefined here: {f} has no value just beside the point along u"
            return (f"D_u {f} = lim(t→0⁺) [{f}(p + t·u) − {f}(p)]/t = {format_value(self.slope)} "
                    f"(one-sided: a corner, there is no ∇{f} here)")
        fx, fy = self.gradient  # type: ignore[misc]
        theta = _degrees(self.direction.degrees)
        cos, sin = self.direction.u
        first = f"{format_value(fx)}·cos {theta}"
        second = f"{format_value(abs(fy))}·sin {theta}"
        plus = f" {MINUS} " if fy < 0 else " + "
        numbers = f"{format_value(fx)}({format_value(cos)}){plus}{format_value(abs(fy))}({format_value(sin)})"
        return f"D_u {f} = ∇{f}·u = {first}{plus}{second} = {numbers} = {format_value(self.slope)}"

    def agreement(self) -> str:
        """What the number means against ∇f: ``D_u f = 11.6619 = |∇f|: u points along ∇f,
        the steepest way up``; "" where u is none of the three special directions."""
        f, phi = self.function_name, self.angle_to_gradient
        if phi is None:
            if self.one_sided and math.isfinite(self.slope):
                return f"one-sided slope: {f} has a corner here, so no ∇{f} and no single steepest direction by ∇{f}·u"
            return ""
        norm = format_number(self.gradient_norm)
        if phi <= ALONG:
            return f"D_u {f} = {format_number(self.slope)} = |∇{f}|: u points along ∇{f}, the steepest way up"
        if abs(phi - 90.0) <= ALONG:
            return f"D_u {f} = 0: u runs along the level curve, where {f} does not change"
        if phi >= 180.0 - ALONG:
            return f"D_u {f} = {format_number(self.slope)} = {MINUS}|∇{f}|: u points along {MINUS}∇{f}, straight downhill"
        return f"D_u {f} = |∇{f}| cos φ = {norm}·cos {_degrees(phi)}: φ is the angle between u and ∇{f}"


def directional_derivative(function: Function, point: Sequence[float], direction: Direction) -> DirectionalSlope:
    """D_u f at ``point`` (two variables) for the unit vector ``direction``."""
    point = (float(point[0]), float(point[1]))
    gradient = gradient_at(function, point)
    cos, sin = direction.u
    if gradient is None:
        if not math.isfinite(function.value_at(point)):  # no value here: no slope either way
            return DirectionalSlope(function.name, point, direction, math.nan, None, False, None)
        slope = float(_one_sided(function, point, np.array(cos), np.array(sin)))
        return DirectionalSlope(function.name, point, direction, slope, None, True, None)
    fx, fy = gradient
    slope = fx * cos + fy * sin
    norm = math.hypot(fx, fy)
    if abs(slope) <= 1e-12 * norm:
        slope = 0.0  # along the level curve: rounding's 10⁻¹⁶ is no slope, and would print as "0.0000"
    phi = None
    if norm > 0:
        phi = math.degrees(math.acos(max(-1.0, min(1.0, (fx / norm) * cos + (fy / norm) * sin))))
    return DirectionalSlope(function.name, point, direction, slope, gradient, False, phi)


def steepest_direction(function: Function, point: Sequence[float]) -> Direction:
    """"Snap to steepest": u = ∇f/|∇f|; refused (with why) where ∇f is 0 or does not exist."""
    gradient = gradient_at(function, point)
    name = function.name
    if gradient is None:
        raise DirectionError(f"there is no ∇{name} here (a corner, or {name} is undefined): no steepest direction by ∇{name}")
    if gradient == (0.0, 0.0):
        raise DirectionError(f"∇{name} is zero here (a flat spot): every direction has slope 0, none is steepest")
    u = direction_from_vector(gradient)
    return Direction(u.u, u.degrees)  # ∇f/|∇f| is the steepest direction itself, not a normalised typing


# ---------------------------------------------------------------------- the dial
@dataclass(frozen=True)
class Dial:
    """D_u f for u all round the circle at one point.

    ``degrees`` (N,) float64: θ of each sample, 0 to 360 − 360/N; ``slopes`` (N,) D_u f there
    (nan where undefined).  ``peak_degrees`` is the sample where the slope is largest (the
    dial's own maximum, within 360/N of ∇f's angle); ``steepest_degrees``/``steepest_slope``
    are ∇f's angle and |∇f| exactly (at a corner: the sampled peak).  ``level_degrees``: the
    directions where D_u f = 0 (along the level curve: two, 180° apart, where ∇f ≠ 0);
    ``downhill_degrees``/``downhill_slope``: −∇f's angle and −|∇f|.
    """

    degrees: np.ndarray
    slopes: np.ndarray
    peak_degrees: float
    steepest_degrees: float
    steepest_slope: float
    level_degrees: tuple[float, ...]
    downhill_degrees: float
    downhill_slope: float
    one_sided: bool

    @property
    def resolution(self) -> float:
        """Degrees between samples."""
        return 360.0 / len(self.degrees)


def dial(function: Function, point: Sequence[float], samples: int = DIAL_SAMPLES) -> Dial:
    """The dial at ``point`` with ``samples`` directions (vectorised: one evaluation of ∇f,
    or two of f at a corner)."""
    theta = np.arange(samples) * (360.0 / samples)
    radians = np.radians(theta)
    cos, sin = np.cos(radians), np.sin(radians)
    gradient = gradient_at(function, point)
    if gradient is None:
        slopes = _one_sided(function, point, cos, sin)
    else:
        slopes = gradient[0] * cos + gradient[1] * sin
    finite = np.isfinite(slopes)
    if not finite.any():
        nan = math.nan
        return Dial(theta, slopes, nan, nan, nan, (), nan, nan, gradient is None)
    peak = float(theta[np.nanargmax(np.where(finite, slopes, -np.inf))])
    low = float(theta[np.nanargmin(np.where(finite, slopes, np.inf))])
    if gradient is not None:
        norm = math.hypot(*gradient)
        if norm == 0:
            return Dial(theta, slopes, peak, math.nan, 0.0, (), math.nan, 0.0, False)
        up = math.degrees(math.atan2(gradient[1], gradient[0])) % 360.0
        level = tuple(sorted(((up + 90.0) % 360.0, (up + 270.0) % 360.0)))
        return Dial(theta, slopes, peak, up, norm, level, (up + 180.0) % 360.0, -norm, False)
    return Dial(theta, slopes, peak, peak, float(np.nanmax(slopes)), _zeros(theta, slopes), low,
                float(np.nanmin(slopes)), True)


def _zeros(theta: np.ndarray, slopes: np.ndarray) -> tuple[float, ...]:
    """Where the sampled slopes change sign round the circle, linearly interpolated."""
    step = 360.0 / len(theta)
    nxt = np.roll(slopes, -1)
    crossing = np.isfinite(slopes) & np.isfinite(nxt) & (np.sign(slopes) != np.sign(nxt)) & (slopes != nxt)
    out = []
    for i in np.nonzero(crossing)[0]:
        angle = float((theta[i] + step * slopes[i] / (slopes[i] - nxt[i])) % 360.0)
        if not any(abs(angle - a) < 1e-9 for a in out):  # a sample exactly 0 ends one crossing and starts the next
            out.append(angle)
    return tuple(out)
