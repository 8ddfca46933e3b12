"""How a run's ending is told, honestly: what kind of minimum it reached.

Qt-free sentences for the endings that need more than "converged": a minimum that is one
point of a whole valley of equal minima (the Hessian singular there: the lesson's loss
L(w, b) = (3 − 2w − b)² is 0 all along the line 2w + b = 3), and a run on a slice whose
minimum is the slice's, which is a minimum of f itself only where the other partial
vanishes too.

Conventions: a point is a tuple of floats in the function's variable order; a direction
is a tuple of the same length, written as the smallest whole numbers where it has them
(``(1, −2)``), else as a unit vector to two decimals.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from .notation import MINUS, format_number

__all__ = ["valley_direction", "format_direction", "valley_note", "slice_minimum_note", "slice_ending"]

# The Hessian is singular when its smallest eigenvalue is this small beside its largest.
SINGULAR = 1e-6
# Along a valley f changes this little beside the change across it, the same distance off.
FLAT = 1e-6


def valley_direction(function, point: Sequence[float]) -> tuple[float, ...] | None:
    """The unit direction along which ``function`` stays at its minimum through ``point``
    (a valley floor of equal minima), or None where the minimum is a single point.

    The Hessian there has a positive largest eigenvalue λ and a smallest one below
    ``SINGULAR``·λ; and f a short way off along that eigenvector is flat (changes less
    than ``FLAT`` times what it changes across the valley): x⁴'s flat bottom is not a
    valley, the line 2w + b = 3 of (3 − 2w − b)² is."""
    point = np.asarray([float(c) for c in point], dtype=np.float64)
    if len(point) < 2:
        return None  # a curve has no direction to be flat along but its own
    hessian = np.atleast_2d(function.hessian_at(point))
    if not np.isfinite(hessian).all():
        return None
    eigenvalues, axes = np.linalg.eigh((hessian + hessian.T) / 2)
    largest = float(eigenvalues[-1])
    if not largest > 0 or abs(float(eigenvalues[0])) > SINGULAR * largest:
        return None
    flat, steep = axes[:, 0], axes[:, -1]
    value = function.value_at(tuple(point))
    reach = 0.05 * max(1.0, float(np.abs(point).max()))
    across = min(function.value_at(tuple(point + s * reach * steep)) - value for s in (1.0, -1.0))
    along = max(abs(function.value_at(tuple(point + s * reach * flat)) - value) for s in (1.0, -1.0))
    if not (math.isfinite(across) and math.isfinite(along)) or across <= 0 or along > FLAT * across:
        return None
    # One sign for the same line: the first non-zero component positive.
    first = next(c for c in flat if abs(c) > 1e-12)
    return tuple(float(c) for c in (flat if first > 0 else -flat))


def format_direction(direction: Sequence[float]) -> str:
    """``(1, −2)`` for the unit vector (0.447, −0.894): the smallest whole numbers in the
    same ratio where they are small (up to 12), else the unit vector to two decimals."""
    scale = min(abs(c) for c in direction if abs(c) > 1e-9)
    ratios = [c / scale for c in direction]
    from fractions import Fraction  # here, not at the top: only a valley (a singular Hessian) needs it, and not at start

    fractions = [Fraction(r).limit_denominator(12) for r in ratios]
    if all(abs(float(f) - r) <= 1e-6 * max(1.0, abs(r)) for f, r in zip(fractions, ratios)):
        common = math.lcm(*(f.denominator for f in fractions))
        whole = [int(f * common) for f in fractions]
        if max(abs(w) for w in whole) <= 12:
            return "(" + ", ".join(str(w).replace("-", MINUS) for w in whole) + ")"
    return "(" + ", ".join(format_number(c, 2) for c in direction) + ")"


def valley_note(function, direction: Sequence[float]) -> str:
    """``one point of a valley of minima: L stays the same along the direction (1, −2)
    (the Hessian is singular there)``."""
    return (f"one point of a valley of minima: {function.name} stays the same along the direction "
            f"{format_direction(direction)} (the Hessian is singular there)")


def slice_minimum_note(surface, point: Sequence[float], axis: int, slice_name: str, tolerance: float = 1e-6) -> str:
    """What a minimum of the slice ``slice_name`` (``f(x, 2)``) through ``point`` along
    variable ``axis`` is for the surface: a minimum of f(x, y) too only where the other
    partial vanishes there (and the surface has a minimum); else the slope across the
    slice says why not.

    ``the lowest point of f(x, 2) along x — not a minimum of f(x, y): ∂f/∂y = 2.6667 there``."""
    names = surface.variable_names
    whole = f"{surface.name}({', '.join(names)})"
    gradient = surface.partials_at(tuple(point))
    others = [(names[i], g) for i, g in enumerate(gradient) if i != axis]
    steep = [(n, g) for n, g in others if not (math.isfinite(g) and abs(g) <= tolerance * max(1.0, abs(surface.value_at(tuple(point)))))]
    lead = f"the lowest point of {slice_name} along {names[axis]}"
    if steep:
        n, g = steep[0]
        return f"{lead} — not a minimum of {whole}: ∂{surface.name}/∂{n} = {format_number(g)} there"
    from .descent import is_minimum

    if is_minimum(surface, point, gradient):
        return f"{lead}, and a minimum of {whole} too"
    return f"{lead}; ∇{surface.name} = 0 there, but it is no minimum of {whole} (a saddle)"


def slice_ending(lesson, x: float) -> str:
    """:func:`slice_minimum_note` for ``lesson``'s slice run ended at ``x`` (its slice's
    variable), at the surface point it stands for."""
    axis = lesson.slice_axis
    point = list(lesson.point)
    point[axis] = float(x)
    return slice_minimum_note(lesson.surface, tuple(point), axis, lesson.curve.signature())
