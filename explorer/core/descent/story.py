"""The descent's story: every sentence the descent panel writes, as plain functions of the
lesson (no Qt), so each can be read and tested without a window.

- the status line: a run ready, under way, oscillating, ended (and on a curve which minimum
  it reached and the hump it jumped), a race's summary (:func:`status`);
- each run's ending, for its row (:func:`run_message`);
- the α stability rule: the readout's sentence, each slider's bands and tooltip
  (:func:`rule_sentence`, :func:`slider_rule`, :func:`alpha_readout`);
- the arithmetic of the last update and the next one (:func:`arithmetic`, :func:`next_update`);
- the formula line and the readout's names for what is plotted (:func:`curve_description`);
- where a run has left the plot (:func:`off_view_text`).

``lesson`` is a :class:`~explorer.core.lesson.Lesson`; ``jump`` the first run's step over a
hump (:class:`~explorer.core.landscape.HumpJump`) once it has taken one, else None;
``playing`` whether the animation runs.  Numbers are in the function's own units.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..lazy_sympy import sympy

from ..notation import MINUS, format_number, format_value, pretty
from ..optimizers import NAMES, SHORT_NAMES
from ..subscripts import shown_names
from .engine import DescentStatus, update_arithmetic
from .sources import STEPS_PLOT

__all__ = [
    "shown_axis", "variable", "curve_landscape", "hump_jump", "run_message", "going", "ready_text",
    "compared_with_plain_descent", "status", "ending_sentence", "race_summary", "rule_sentence", "slider_rule",
    "alpha_readout", "arithmetic", "next_update", "CurveDescription", "curve_description", "off_view_text",
]


# ---------------------------------------------------------------------- what is plotted
# No source is named here: each question is one the source answers (see :mod:`.sources`).
def _alone(lesson) -> bool:
    """The source runs one plain run, compared with plain descent (coordinate descent)."""
    return lesson.source.compares_plain


def _over_steps(lesson) -> bool:
    """The plot shows f over the steps (descent on the surface), not a curve."""
    return lesson.source.plot == STEPS_PLOT


def _one_d(lesson) -> bool:
    """The runs move along one variable (the own f(x) or a slice)."""
    return not lesson.source.on_surface


def shown_axis(lesson) -> int | None:
    """Which direction the plotted curve runs in: 0 along x, 1 along y, None for the own f
    (coordinate descent: the slice its next move goes along)."""
    return lesson.source.shown_axis(lesson.run.steps)


def variable(lesson) -> str:
    """The name of the plotted curve's variable (``x``, or the surface's ``w`` on a slice)."""
    axis = shown_axis(lesson)
    if axis is None:
        return lesson.curve.variable_names[0]
    return lesson.surface.variable_names[axis]


def plotted_range(lesson) -> tuple[float, float]:
    """The range (lo, hi) of the plotted curve's variable, in its units."""
    return lesson.source.plot_range(lesson.settings(), lesson.run.steps)


_shape_kept: list = [None, None, None]  # (curve, range, landscape): the last found, kept for the next ask


def curve_landscape(lesson):
    """The curve's minima and humps in its range (found once per curve and range: a run's
    every frame asks)."""
    curve, span = lesson.curve, plotted_range(lesson)
    if _shape_kept[0] is not curve or _shape_kept[1] != span:
        from ..landscape import landscape  # (late: a run's ending asks, the first frame does not)

        _shape_kept[:] = [curve, span, landscape(curve, *span)]
    return _shape_kept[2]


def hump_jump(lesson):
    """The first run's first step over a hump in view (on a curve), or None."""
    run = lesson.run
    if not run.steps or not _one_d(lesson):
        return None
    from ..landscape import first_hump_jump  # (late: see curve_landscape)

    return first_hump_jump(curve_landscape(lesson), [p[0] for p in run.head])


# ---------------------------------------------------------------------- the status line
def run_message(lesson, run, jump=None) -> str:
    """A run's ending in words: on a curve, which minimum it reached (the deeper of two?)
    and the hump it jumped, if it did (``jump``: the first run's, already found)."""
    if not run.finished:
        return "running" if run.steps else "ready"
    message = run.message
    if lesson.source.starts_at_point:
        message = message.replace("pick another start", "pick another point on the surface")
    if _one_d(lesson) and run.status is DescentStatus.CONVERGED:
        from ..endings import slice_ending  # (late: an ending's words, not the first frame's)
        from ..landscape import describe_minimum, first_hump_jump

        shape = curve_landscape(lesson)
        axis, name = lesson.slice_axis, variable(lesson)
        which, lowest = describe_minimum(shape, run.point[0], name, of_slice=axis is not None)
        message = message.replace("a local minimum", which, 1)
        if run is not lesson.run:
            jump = first_hump_jump(shape, [p[0] for p in run.head])
        notes = ([jump.sentence(name)] if jump is not None else []) + ([lowest] if lowest else [])
        if axis is not None:  # the slice's minimum: is it the surface's? (∂f/∂y there says)
            notes.append(slice_ending(lesson, run.point[0]))
        if notes:
            message += "; " + "; ".join(notes)
    return message


def going(lesson, playing: bool, jump=None) -> str:
    """A run under way: its step, and (on a curve) the hump it jumped, once it has."""
    run = lesson.run
    text = (f"running: step {run.steps}" if playing else
            f"paused after {run.steps} step{'s' * (run.steps != 1)} — press Play or Step")
    if jump is not None and _one_d(lesson):
        text += f"; {jump.sentence(variable(lesson))}"
    return text


def compared_with_plain_descent(lesson) -> str:
    """Coordinate descent's step count beside plain descent's, same start and α."""
    run = lesson.run
    plain = lesson.plain_descent()
    where = ", ".join(f"{n} ≈ {format_number(c)}" for n, c in zip(lesson.surface.variable_names, run.point))
    # A sweep (a move along x and one along y) evaluates both partials, as one plain step does.
    done = f"converged at ({where}) in {run.steps // 2} sweeps"
    if plain.status is DescentStatus.CONVERGED:
        return f"{done}; plain descent (grey), same α: {plain.steps} steps"
    return f"{done}; plain descent (grey), same α: {plain.status}"


def ready_text(lesson) -> str:
    """Before the first step: where it starts, and on a slice what its slope is."""
    run = lesson.run
    alpha = f"α = {run.learning_rate:g}"
    if _alone(lesson):
        return f"ready: start at the picked point with {alpha}, one variable at a time (grey on the surface: plain descent)"
    count = len(lesson.runs)
    racing = f"{count} runs" if count > 1 else f"{NAMES[run.optimizer.kind]} with {alpha}"
    if lesson.source.on_surface:
        where = ", ".join(format_value(c) for c in run.start)  # in n > 2 variables, the held values too
        f = lesson.source.function(lesson.surface, lesson.curve)
        if len(run.start) > 2:  # the path of n coordinates, seen over the two shown
            x, y = shown_names(lesson.surface.variable_names)
            return (f"ready: {racing} from ({where}), all {len(run.start)} variables stepping; drawn over ({x}, {y}) "
                    f"at {f.name}'s value at each step; faint: each run's whole path")
        return f"ready: {racing} from the picked point ({where}); faint: each run's whole path"
    name = variable(lesson)
    start = f"ready: {racing} from {name}₀ = {format_number(run.point[0])}"
    f = lesson.surface
    if lesson.slice_axis is None:
        if lesson.source.drawn_on_surface:  # a slice along u (not an axis): its slope at the point is D_u f
            return f"{start}. The slope of this slice there is D_u {f.name} = ∇{f.name}·u = {format_number(run.gradient[0])}"
        return start
    point = ", ".join(format_value(c) for c in lesson.point)
    return f"{start}. The slope of this slice there is ∂{f.name}/∂{name} at ({point}) = {format_number(run.gradient[0])}"


def ending_sentence(run) -> str:
    """``converged in 41 steps``, ``diverged after 3 steps``: a race's status line for one run."""
    steps = f"{run.steps} step{'s' * (run.steps != 1)}"
    return {DescentStatus.CONVERGED: f"converged in {steps}", DescentStatus.DIVERGED: f"diverged after {steps}",
            DescentStatus.UNDEFINED: f"undefined after {steps}", DescentStatus.STALLED: f"stalled after {steps}",
            DescentStatus.MAX_STEPS: f"not converged in {steps}"}.get(run.status, f"at step {run.steps}")


def race_summary(first: str, runs) -> str:
    """Every run's ending for the status: the first run's whole sentence ``first``, then the
    others' (hover a row's ending for its own whole sentence)."""
    others = [f"run {i} ({SHORT_NAMES[r.optimizer.kind]}, α = {r.learning_rate:g}) {ending_sentence(r)}"
              for i, r in enumerate(runs[1:], start=2)]
    return f"run 1: {first}; " + "; ".join(others)


def status(lesson, playing: bool, jump=None) -> tuple[str, str]:
    """The status line and its kind (a key of the theme's status colours, or "" for plain
    text: ``converged``, ``diverged``, ``oscillating`` …)."""
    run, runs = lesson.run, lesson.runs
    if len(runs) > 1 and lesson.finished:
        kind = ("converged" if all(r.status is DescentStatus.CONVERGED for r in runs)
                else "diverged" if run.status in (DescentStatus.DIVERGED, DescentStatus.UNDEFINED) else "")
        return race_summary(run_message(lesson, run, jump), runs), kind
    if run.status is DescentStatus.RUNNING and len(runs) > 1 and run.steps and not run.oscillating:
        ended = [f"run {i} ({SHORT_NAMES[r.optimizer.kind]}) {ending_sentence(r)}" for i, r in enumerate(runs, 1)
                 if r.finished]
        return "; ".join([going(lesson, playing, jump), *ended]), ""
    if run.status is DescentStatus.RUNNING:
        if run.oscillating:
            return (f"oscillating: the steps flip direction without shrinking — α = {run.learning_rate:g} is too "
                    f"large for this valley"), "oscillating"
        if run.steps == 0:
            return ready_text(lesson), ""
        return going(lesson, playing, jump), ""
    if run.status is DescentStatus.MAX_STEPS and run.oscillating:
        return (f"{run.message} — it oscillates: the steps flip direction without shrinking, so α = "
                f"{run.learning_rate:g} is too large for this valley"), "oscillating"
    if _alone(lesson) and run.status is DescentStatus.CONVERGED:
        return compared_with_plain_descent(lesson), "converged"
    return run_message(lesson, run, jump), str(run.status)


# ---------------------------------------------------------------------- the α rule
def rule_sentence(lesson, index: int, optimizer, start_rule) -> str:
    """The rule for run ``index`` at the minimum it heads for; where a step jumps it into
    another valley (or it converges elsewhere), that valley's rule, and where it is."""
    rule = lesson.run_stability(index) or start_rule
    sentence = rule.describe(optimizer)
    # (np.allclose's test, without its cost on every tick of an α drag)
    if all(abs(a - b) <= 1e-6 + 1e-6 * abs(b) for a, b in zip(rule.minimum, start_rule.minimum)):
        return sentence
    names = lesson.curve.variable_names
    where = ", ".join(f"{n} ≈ {format_number(c, 2)}" for n, c in zip(names, rule.minimum))
    return f"{sentence} (the valley at {where})"


def start_rule(lesson):
    """The stability rule near the minimum the start leads to (None for coordinate descent,
    or where no minimum is found)."""
    return lesson.stability() if lesson.source.has_stability_rule else None


def slider_rule(lesson, index: int, optimizer, rule) -> tuple[tuple[float | None, float | None], str]:
    """Run ``index``'s slider: its bands (the α below which descent is steady, above which
    it diverges; None where there is none) and its tooltip.  ``rule``: :func:`start_rule`."""
    if rule is None or optimizer is None:
        return (None, None), ("No minimum found from this start: no stability rule" if lesson.source.has_stability_rule else
                              "Coordinate descent: each move is plain descent along one variable")
    monotone, critical = rule.bands(optimizer.kind, optimizer.momentum)
    if critical is None:
        bands = "no bands: the step adapts to the gradients seen"
    elif monotone is None:
        bands = f"green: converges below α = {critical:.3g}; red: diverges above"
    else:
        bands = f"green: steady below 1/λ = {monotone:.3g}; orange: oscillates up to 2/λ = {critical:.3g}; red: diverges above"
    names = lesson.curve.variable_names
    where = ", ".join(f"{n} ≈ {format_number(c)}" for n, c in zip(names, rule.minimum))
    return (monotone, critical), (f"{rule_sentence(lesson, index, optimizer, rule)}\n{bands}\nλ = "
                                  f"{rule.curvature:.4g}, the curvature at the minimum this start leads to ({where})")


def alpha_readout(lesson, rule) -> str:
    """The readout's α: the first run's rule, or α alone where there is none."""
    if rule is None:
        return f"α = {lesson.learning_rate:g}"
    return rule_sentence(lesson, 0, lesson.optimizers[0], rule)


# ---------------------------------------------------------------------- the arithmetic
def arithmetic(lesson, run, names, function_name: str) -> str:
    """The last update written out: plain descent a line per variable (on a curve or a
    variable at a time), any other optimizer (or descent on the surface) as its own rule."""
    step, optimizer = run.last_step, run.optimizer
    # A run on data: the step's α is the schedule's, its gradient a mini-batch's (named L_B, the batch's loss).
    from .stochastic import with_rate  # (late: a step's arithmetic, after the first frame)

    optimizer = with_rate(optimizer, step.learning_rate)
    training = getattr(run, "training", None)
    if training is not None and not training.full_batch:
        function_name = f"{function_name}_B"
    if optimizer.kind == "gd" and not _over_steps(lesson):
        return "\n".join(update_arithmetic(step, names, function_name=function_name))
    if optimizer.kind != "gd" and not step.state_after:
        # Run to end keeps no optimizer state per step: say where it got to instead.
        where = ", ".join(format_number(c) for c in step.after)
        return f"after step {step.index}: ({where}) — Reset and Step to see each update written out"
    return "\n".join(optimizer.explain(names, step.before, step.gradient, step.state_before, step.state_after,
                                        step.after, step.index, function_name))


def next_update(lesson) -> str:
    """The first run's update written out once it has stepped, else the update to come."""
    run = lesson.run
    if _over_steps(lesson):
        f = lesson.source.function(lesson.surface, lesson.curve)  # in n > 2 variables, all of them
        if run.last_step:
            return arithmetic(lesson, run, shown_names(f.variable_names), f.name)
        rule = run.optimizer.rule(shown_names(f.variable_names), f.name)
        return f"next: {rule.split(',  ')[-1].split('   (')[0]} — press Step or Play"
    coordinate = lesson.source.on_surface  # a variable at a time
    names = lesson.surface.variable_names if coordinate else lesson.curve.variable_names
    if run.last_step:
        return arithmetic(lesson, run, names, lesson.curve.name)
    v = names[0]
    if coordinate:
        return f"next: {v}₁ = {v}₀ {MINUS} α·∂{lesson.surface.name}/∂{v} — press Step or Play"
    return f"next: {v}₁ = {v}₀ {MINUS} α·f′({v}₀) — press Step or Play"


# ---------------------------------------------------------------------- the formula and names
@dataclass(frozen=True)
class CurveDescription:
    """What the panel's words say about the plotted function: the formula line, the plot's
    axis names, the readout's names (point, value, slope) and the start box's variable.
    ``axis``: the plotted curve's direction (see :func:`shown_axis`)."""

    formula: str
    left: str
    bottom: str
    point_name: str
    value_name: str
    slope_name: str
    start_variable: str
    axis: int | None


def curve_description(lesson) -> CurveDescription:
    """The words for what is plotted now (see :class:`CurveDescription`)."""
    name = variable(lesson)
    axis = shown_axis(lesson)
    if lesson.source.on_surface:
        f = lesson.source.function(lesson.surface, lesson.curve)  # in n > 2 variables, all of them
        a, b = f.variable_names[:2]
        every = shown_names(f.variable_names)
        listed = ", ".join(every) if len(every) <= 3 else f"{every[0]}, …, {every[-1]}"  # n names: the first and last
        names = (f"({listed}) =", f"{f.name} =", f"∇{f.name} =")
        if _over_steps(lesson):
            return CurveDescription(lesson.optimizers[0].rule(shown_names(f.variable_names), f.name), f"{f.name} at each step",
                                    "step", *names, a, None)
        # The surface's formula is in its own bar: one line for the rule.
        x, y = lesson.run.point
        held = f"{b} = {format_value(y)}" if axis == 0 else f"{a} = {format_value(x)}"
        # Coordinate descent starts at the picked point: its box shows (and names) x₀ of it.
        return CurveDescription(f"{a} ← {a} {MINUS} α·∂{f.name}/∂{a}, then {b} ← {b} {MINUS} α·∂{f.name}/∂{b}",
                                f"{f.name} along {name} ({held})", name, *names, a, axis)
    curve = lesson.curve
    if curve.is_early:  # sympy not yet imported (a launch's first second): f′(x)'s formula follows with it
        formula = curve.equation()
    elif curve.expression is sympy.nan:  # held where f has no value (ln(y) at y = 0)
        formula = f"{curve.signature()} is undefined for every {name}: pick another point"
    else:
        note = f" ({curve.note})" if getattr(curve, "note", "") else ""  # a power too large, left as written
        formula = f"{curve.equation()}, {curve.name}′({name}) = {pretty(curve.partials[0])}{note}"
    return CurveDescription(formula, curve.signature(), name, f"{name} =", f"{curve.name}({name}) =",
                            f"{curve.name}′({name}) =", name, axis)


def off_view_text(lesson, x: float, value: float, view) -> str:
    """Where the run is when it has left the plot's ``view`` ((x0, x1), (y0, y1)): the
    arrows towards it and its coordinates, or that it is off the chart (not a number)."""
    (vx0, vx1), (vy0, vy1) = view
    name = variable(lesson)
    if not math.isfinite(x) or not math.isfinite(value):
        return f"{name} = {format_number(x)}: off the chart"
    arrows = ("→" if x > vx1 else "←" if x < vx0 else "") + ("↑" if value > vy1 else "↓" if value < vy0 else "")
    return f"{arrows} {name} = {format_number(x)}, {lesson.curve.name} = {format_number(value)}"
