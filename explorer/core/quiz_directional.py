"""The quiz's questions on directions: the slope in a direction u, and the steepest direction.

``directional``: "For f = 3x² + 2xy + y², what is the slope at (1, 2) in the direction
(3, 4)/5?" — one number, D_u f = ∇f·u = 10.8.  The slips a grader recognises: u used
without normalising ((3, 4) as it is: 54), |∇f| given instead of ∇f·u, the components
paired the wrong way, one partial alone, the sign, and an angle's cos and sin taken in
radians.

``steepest``: "in which direction does f increase fastest at (1, 2)?" — a direction, in any
of its forms: a vector along ∇f ((10, 6), (5, 3), the unit vector (0.8575, 0.5145)) or
an angle (30.96°, 0.5404 rad).  Right when it points within :data:`ANGLE_TOLERANCE` of ∇f.

A question's direction is a vector (a, b) (a pair) or an angle in degrees (a float).
Answers are read by the function language's parser, never evaluated as code.
"""

from __future__ import annotations

import math
import re
from typing import Sequence

from .answer_check import number_value
from .calculus import Function
from .directional import direction_from_angle, direction_from_vector
from .expression import ParseError, parse_function
from .notation import format_value, pretty

__all__ = ["direction_text", "direction_phrase", "unit_of", "directional_slope", "check_steepest", "directional_note", "directional_hints",
           "steepest_hints", "steepest_answer_text", "ANGLE_TOLERANCE"]

ANGLE_TOLERANCE = 0.5  #: degrees: a direction this close to ∇f's is the steepest (30.96° and 31° both)
_ANGLE = re.compile(r"^(.*?)\s*(°|deg|degrees?|rad|radians?)\s*$", re.IGNORECASE)


def unit_of(direction) -> tuple[float, float]:
    """The unit vector u of a question's direction (a pair, or an angle in degrees)."""
    if isinstance(direction, (int, float)):
        return direction_from_angle(direction).u
    return direction_from_vector(direction).u


def direction_text(direction) -> str:
    """How the question writes its direction: ``(3, 4)/5``, ``(1, 1)/√2``, ``(0.6, 0.8)``,
    ``θ = 30°``."""
    if isinstance(direction, (int, float)):
        return f"θ = {format_value(float(direction), 2)}°"
    a, b = direction
    pair = f"({format_value(a)}, {format_value(b)})"
    square = a * a + b * b
    if abs(square - 1) < 1e-12:
        return pair
    root = math.isqrt(round(square)) if float(square).is_integer() else None
    if root is not None and root * root == square:
        return f"{pair}/{root}"
    if float(square).is_integer():
        return f"{pair}/√{int(square)}"
    return f"{pair}/{format_value(math.sqrt(square))}"


def direction_phrase(direction) -> str:
    """The direction as a question names it: ``along (3, 4)/5``, ``along θ = 30°``."""
    return "along " + direction_text(direction)


def directional_slope(f: Function, at: Sequence[float], direction) -> float:
    """D_u f = ∇f·u at ``at``."""
    fx, fy = f.partials_at(at)
    u1, u2 = unit_of(direction)
    return fx * u1 + fy * u2


def _gradient_text(f: Function, at: Sequence[float]) -> str:
    fx, fy = f.partials_at(at)
    formulas = ", ".join(pretty(p, f.variables) for p in f.partials)
    return f"∇{f.name} = ({formulas}); at ({', '.join(format_value(c) for c in at)}) it is ({format_value(fx)}, {format_value(fy)})"


def directional_note(f: Function, at: Sequence[float], direction, given: float, tolerance: float) -> str:
    """What a wrong slope ``given`` shows (without the ✗): "Not quite: <the slip>." where
    one slip accounts for the answer, else "Not quite. Try Hint …"."""
    note = _slip(f, at, direction, given, tolerance)
    return f"Not quite: {note}" if note else "Not quite. Try Hint: D_u f = ∇f·u, with u a unit vector."


def _slip(f: Function, at: Sequence[float], direction, given: float, tolerance: float) -> str:
    fx, fy = f.partials_at(at)
    u1, u2 = unit_of(direction)
    name = f.name

    def near(value: float) -> bool:
        return math.isfinite(value) and abs(given - value) <= tolerance

    if not isinstance(direction, (int, float)):
        a, b = direction
        length = math.hypot(a, b)
        if abs(length - 1) > 1e-12 and near(fx * a + fy * b):
            return (f"you used ({format_value(a)}, {format_value(b)}) as it is, but u must be a unit vector: divide it "
                    f"by its length {format_value(length)} first (∇{name}·({format_value(a)}, {format_value(b)}) = "
                    f"{format_value(fx * a + fy * b)} is {format_value(length)} times the slope).")
    else:
        radians = float(direction)
        if near(fx * math.cos(radians) + fy * math.sin(radians)):
            return (f"that is cos and sin of {format_value(radians)} radians: θ is {format_value(radians)} degrees "
                    f"(a calculator in degree mode).")
    if near(math.hypot(fx, fy)):
        return (f"that is |∇{name}|, the steepest slope; the slope in this direction is ∇{name}·u, smaller unless "
                f"u points along ∇{name}.")
    if near(fx * u2 + fy * u1):
        return (f"the components are paired the wrong way: D_u {name} = ∂{name}/∂{f.variable_names[0]}·u₁ + "
                f"∂{name}/∂{f.variable_names[1]}·u₂.")
    if near(-(fx * u1 + fy * u2)):
        return f"the sign is off: D_u {name} = ∇{name}·u, with each component's own sign."
    for v, partial in zip(f.variable_names, (fx, fy)):
        if near(partial):
            return (f"that is ∂{name}/∂{v} alone, the slope along the {v}-axis; in direction u both partials count: "
                    f"D_u {name} = ∇{name}·u.")
    return ""


def directional_hints(f: Function, at: Sequence[float], direction) -> list[str]:
    """The rule, ∇f at the point, u as a unit vector, the dot product."""
    fx, fy = f.partials_at(at)
    u1, u2 = unit_of(direction)
    name = f.name
    if isinstance(direction, (int, float)):
        u = f"u = (cos {format_value(float(direction), 2)}°, sin {format_value(float(direction), 2)}°)"
    else:
        u = f"u = {direction_text(direction)}"
    u += f" = ({format_value(u1)}, {format_value(u2)})"
    second = f" − {format_value(abs(fy))}" if fy < 0 else f" + {format_value(fy)}"
    dot = f"{format_value(fx)}({format_value(u1)}){second}({format_value(u2)})"
    return [f"The slope in a direction u is D_u {name} = ∇{name}·u = ∂{name}/∂{f.variable_names[0]}·u₁ + "
            f"∂{name}/∂{f.variable_names[1]}·u₂, with u a unit vector (length 1).",
            _gradient_text(f, at) + ".",
            u + ".",
            f"so D_u {name} = {dot} = {format_value(fx * u1 + fy * u2)}"]


def steepest_answer_text(f: Function, at: Sequence[float]) -> str:
    """``(10, 6): u = (0.8575, 0.5145), θ = 30.96°``."""
    fx, fy = f.partials_at(at)
    u = direction_from_vector((fx, fy))
    return (f"({format_value(fx)}, {format_value(fy)}): u = ({format_value(u.u[0])}, {format_value(u.u[1])}), "
            f"θ = {format_value(u.degrees, 2)}°")


def steepest_hints(f: Function, at: Sequence[float]) -> list[str]:
    fx, fy = f.partials_at(at)
    name = f.name
    return [f"D_u {name} = ∇{name}·u = |∇{name}| cos φ (φ the angle between u and ∇{name}) is largest at φ = 0: "
            f"where u points along ∇{name}.",
            _gradient_text(f, at) + ".",
            f"so the steepest direction is ∇{name} = {steepest_answer_text(f, at)}, with slope |∇{name}| = "
            f"{format_value(math.hypot(fx, fy))}"]


class _NotANumber(ValueError):
    pass


def _read_number(part: str, offset: int) -> float:
    try:
        parsed = parse_function(part)
    except ParseError as error:
        raise ParseError(error.message, None if error.column is None else error.column + offset) from None
    if parsed.expression.free_symbols:
        raise _NotANumber(f"'{part.strip()}' is not a number: the answer is a direction, a vector such as (1, 2) "
                          "or an angle such as 63.4°.")
    return number_value(parsed.expression)


def check_steepest(f: Function, at: Sequence[float], body: str, parts: list[tuple[str, int]]) -> tuple[bool, str, bool]:
    """Judge a steepest-direction answer: (right, the text after ✓/✗, refused).  ``parts``:
    the comma-separated parts of ``body`` with their offsets (see quiz._number_parts)."""
    try:
        return _judge_steepest(f, at, body, parts)
    except _NotANumber as error:
        return False, str(error), True


def _judge_steepest(f: Function, at: Sequence[float], body: str, parts: list[tuple[str, int]]) -> tuple[bool, str, bool]:
    fx, fy = f.partials_at(at)
    name = f.name
    up = math.degrees(math.atan2(fy, fx)) % 360.0
    angle = _ANGLE.match(body.strip())
    if angle is not None or len(parts) == 1:
        text = angle.group(1) if angle is not None else parts[0][0]
        unit = angle.group(2).lower() if angle is not None else "°"
        value = _read_number(text, parts[0][1])
        if not math.isfinite(value):
            return False, f"'{text.strip()}' is not an angle.", True
        degrees = math.degrees(value) if unit.startswith("rad") else value
        given = direction_from_angle(degrees).u
    elif len(parts) == 2:
        given = tuple(_read_number(p, o) for p, o in parts)
        if not all(math.isfinite(g) for g in given):
            return False, "a direction's components must be numbers.", True
        if given == (0.0, 0.0):
            return False, "(0, 0) has no direction: give a vector along the steepest way, or its angle.", True
    else:
        return False, "The answer is a direction: a vector such as (1, 2), or an angle such as 63.4°.", True
    theirs = math.degrees(math.atan2(given[1], given[0])) % 360.0
    off = abs((theirs - up + 180.0) % 360.0 - 180.0)
    if off <= ANGLE_TOLERANCE:
        return True, f"Right: the steepest direction is ∇{name} = {steepest_answer_text(f, at)}.", False
    if off >= 180.0 - ANGLE_TOLERANCE:
        note = f"that is −∇{name}, the steepest way down (descent's direction); the steepest way up is ∇{name} itself."
    elif len(parts) == 2 and abs((math.degrees(math.atan2(given[0], given[1])) % 360.0 - up + 180.0) % 360.0 - 180.0) \
            <= ANGLE_TOLERANCE:
        note = f"the components are swapped: ∇{name} lists ∂{name}/∂{f.variable_names[0]} first."
    elif abs(off - 90.0) <= ANGLE_TOLERANCE:
        note = "that runs along the level curve, where the slope is 0."
    else:
        u = direction_from_angle(theirs).u
        slope = fx * u[0] + fy * u[1]
        note = (f"the slope that way is D_u {name} = {format_value(slope)}, less than |∇{name}| = "
                f"{format_value(math.hypot(fx, fy))}: it is {format_value(off, 2)}° away from the steepest direction.")
    return False, "Not quite: " + note, False
