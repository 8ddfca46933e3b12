"""Where the readout's numbers are taken, said in its "at (…)" line (issue #24).

Qt-free.  In n > 2 variables the readout shows f and ∇f at the full point: the picked
(x₀, y₀) of the two shown variables and the held variables' values.  While a descent in all
n variables runs with ``held_follow`` on, the held values are the leading run's, not the
picked ones — so the full point is a mix of two sources, and the line says so rather than
let the student read it as the picked point or as the run's.
"""

from __future__ import annotations

from collections.abc import Sequence

from .notation import format_number, format_value
from .subscripts import shown_names

__all__ = ["followed_by_run", "where_text"]


def followed_by_run(lesson) -> bool:
    """Whether the lesson's held values are the leading run's after it stepped (``held_follow``
    in a descent of all n > 2 variables), rather than the ones the sliders were set to."""
    run = lesson.run
    if not lesson.held_follow or lesson.curve is not lesson.function or len(run.point) <= 2 or run.steps == 0:
        return False
    return tuple(lesson.held) == lesson.split_full_point(run.point)["held"]


def _listed(names: Sequence[str]) -> str:
    """``z``, ``w₃, w₄`` or ``w₃…w₅``: the held variables, short enough for one line."""
    return ", ".join(names) if len(names) <= 2 else f"{names[0]}…{names[-1]}"


def where_text(variable_names: Sequence[str], point: Sequence[float], shown: tuple[int, int],
               followed: bool = False) -> tuple[str, str, str]:
    """The readout's line, its tooltip and the whole point for the note under the held
    partials, for ``point`` (n coordinates in the function's variable order; ``shown`` the
    indices of the surface's x and y).

    The line: ``"at (1, 2, 3)"`` in three variables; past three ``"at (1, 2, …)"`` (the shown
    pair: ten coordinates would widen the pane; the tooltip and the note have them all).
    ``followed`` (the held values are the run's): ``"at (1, 2, run's 2.94)"``, ``"at (1, 2,
    run's …)"`` — the pair picked, the rest the run's — and the note names each part:
    ``"at (1, 2, 2.94, 3.92, 4.9): w₁, w₂ picked, w₃…w₅ the run's"``."""
    names = shown_names(variable_names)
    held = [k for k in range(len(names)) if k not in shown]
    pair = ", ".join(format_value(point[k]) for k in shown)
    rest = ", ".join(format_value(point[k]) for k in held) if len(names) <= 3 else "…"
    mark = "run's " if followed and held else ""
    if len(names) <= 3 and not mark:
        line = f"at ({', '.join(format_value(c) for c in point)})"  # the variables' order, as ever
    else:
        line = f"at ({pair}, {mark}{rest})" if held else f"at ({pair})"
    tip = f"({', '.join(names)}) = ({', '.join(format_number(c) for c in point)})"
    whole = f"at ({', '.join(format_value(c) for c in point)})"
    if mark:
        held_names = [names[k] for k in held]
        picked = ", ".join(names[k] for k in shown)
        tip += (f": {picked} are the picked point, {', '.join(held_names)} the leading run's current point "
                f"(the held sliders follow the run; untick “follow the run” to keep them)")
        whole += f": {picked} picked, {_listed(held_names)} the run's"
    return line, tip, whole
