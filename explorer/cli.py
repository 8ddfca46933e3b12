"""The command line: ``explorer`` opens the app (``explorer FILE.json`` on a lesson);
``explorer grad`` and ``explorer descend`` script the core without a window (``--json`` for
machine-readable output, ``descend --csv`` for a table); ``explorer fit DATA.csv`` trains a
line (or a logistic model) on a data file and sets it beside the least-squares answer; ``explorer render`` and ``explorer
animate`` make figures and animations for slides (they draw with OpenGL, so they need a
display server: on a machine without a screen, run them under ``xvfb-run -a``).

Exit status: 0 on success, 2 for bad input (a message on stderr, or ``{"error": …}`` on
stdout with ``--json``).  No traceback reaches the user.
"""

from __future__ import annotations

import json
import math
import re
import sys
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    import argparse

__all__ = ["main", "build_parser"]

# Options whose value may start with '-' (argparse would take "-0.7,0.3" for an option).
_VALUE_OPTIONS = ("--at", "--direction", "--start", "--lr", "--learning-rate", "--steps", "--momentum", "--betas", "--rho", "--eps",
                  "--weight-decay", "--camera", "--batch", "--seed", "--schedule")
HEADLESS = ("It draws with OpenGL and needs a display server: on a machine without a screen run it "
            "under a virtual one, xvfb-run -a explorer …")


class _UsageError(Exception):
    def __init__(self, message: str, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.column = column


def build_parser() -> argparse.ArgumentParser:
    # argparse here, not at the top: `explorer` with no arguments opens the window without it.
    import argparse

    from .app import collection_paused

    class _ArgumentParser(argparse.ArgumentParser):
        def error(self, message: str):  # argparse would exit; we report like any bad input
            raise _UsageError(f"{message} (see {self.prog} --help)")

    # numpy's import, the first of a start-up's many (see app.py); frozen only once a window is up.
    with collection_paused(freeze=False):
        from .core.optimizers import KINDS  # the registry's: a new optimizer is a choice here
    parser = _ArgumentParser(
        prog="explorer",
        description="Gradient Explorer: see partial derivatives and gradient descent. "
        "With no command it opens the app (it needs a display: on a machine without one, run it "
        "under xvfb-run -a); explorer FILE.json opens it on a saved lesson.",
        usage="explorer [-h] [--version] [--function EXPR] [FILE.json | {open,grad,descend,fit,render,animate} ...]",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument("--function", metavar="EXPR", help="open the app showing this function of x and y")
    commands = parser.add_subparsers(dest="command", parser_class=_ArgumentParser)

    opener = commands.add_parser("open", help="open the app on a lesson file",
                                 description="Open the app on a saved lesson (File ▸ Save); `explorer FILE` does the same.")
    opener.add_argument("file", metavar="FILE", help="a lesson file (.json)")

    grad = commands.add_parser(
        "grad",
        help="value, partial derivatives and gradient at a point",
        description="Print f, each partial derivative (symbolic and its value), ∇f and |∇f| at a point; "
                    "with --direction the slope in a direction u, and with --steepest the steepest direction.",
        epilog='examples: explorer grad "3x^2 + 2xy + y^2" --at 1,2    '
               'explorer grad "f(x, y, z) = x^3yz^2" --at 1,1,1 --terms    '
               'explorer grad "3x^2 + 2xy + y^2" --at 1,2 --direction 30deg    '
               'explorer grad "3x^2 + 2xy + y^2" --at 1,2 --direction 3,4 --steepest',
    )
    grad.add_argument("expression", metavar="EXPR", help='the function, e.g. "L(w, b) = (3 - 2w - b)^2"')
    grad.add_argument("--at", required=True, metavar="X,Y[,Z…]",
                      help="the point, one coordinate per variable, up to 10 (pi, e and fractions allowed)")
    grad.add_argument("--direction", metavar="ANGLE|U1,U2",
                      help="also the slope in this direction, D_u f = ∇f·u: an angle in degrees (30deg) or a vector "
                           "(1,1), normalised to a unit vector u")
    grad.add_argument("--steepest", action="store_true", help="also the steepest direction ∇f/|∇f| and its slope |∇f|")
    grad.add_argument("--terms", action="store_true",
                      help="also each partial term by term (terms without the variable are constants) and its "
                           "value with the point's numbers put in")
    grad.add_argument("--json", action="store_true", help="print one JSON object")

    descend = commands.add_parser(
        "descend",
        help="run gradient descent from a start",
        description="Run w ← w − α·∇f(w) from the start until it converges, diverges or reaches the step limit.",
        epilog='examples: explorer descend "L(w, b) = (3 - 2w - b)^2" --start 0,0 --lr 0.01 --steps 1    '
               'explorer descend "L = w₁^2 + w₂^2 + w₃^2 + w₄^2 + w₅^2" --start 1,2,3,4,5 --optimizer adam --lr 0.1',
    )
    descend.add_argument("expression", metavar="EXPR", help="the function")
    descend.add_argument("--start", required=True, metavar="X[,Y…]", help="the starting point, one coordinate per variable (up to 10)")
    descend.add_argument("--lr", "--learning-rate", dest="lr", type=str, default="0.01", metavar="ALPHA", help="the learning rate α (default 0.01)")
    descend.add_argument("--steps", type=str, default="1000", metavar="N", help="the most steps to take (default 1000)")
    descend.add_argument("--optimizer", choices=KINDS, default="gd",
                         help="the update rule, each as torch.optim performs it (default gd: plain gradient descent)")
    _hyperparameter_flags(descend)
    descend.add_argument("--json", action="store_true", help="print one JSON object")
    descend.add_argument("--csv", action="store_true",
                         help="print the iterates as CSV: step, the variables, f and its partials (a row per iterate)")

    _fit_parser(commands, KINDS)

    render = commands.add_parser(
        "render", help="draw the surface at a point into a PNG",
        description="Render the surface with the point's tangents and gradient into an image, at any size. " + HEADLESS,
        epilog='example: explorer render "3x^2 + 2xy + y^2" --at 1,2 --size 1920x1080 -o slide.png',
    )
    render.add_argument("expression", metavar="EXPR", help="a function of x and y")
    render.add_argument("--at", required=True, metavar="X,Y", help="the point")
    render.add_argument("--size", default="1920x1080", metavar="WxH", help="the image's size in pixels (default 1920x1080)")
    render.add_argument("--camera", default=None, metavar="top|ELEV,AZIM[,DIST]",
                        help="top (the map from above), or the elevation and azimuth in degrees and the distance "
                             "(default: turned toward the point)")
    render.add_argument("--caption", action=argparse.BooleanOptionalAction, default=True,
                        help="the function and the point across the top, as a slide's title (the default; "
                             "--no-caption for the picture alone)")
    render.add_argument("-o", "--output", required=True, metavar="FILE.png", help="where to write the image")

    animate = commands.add_parser(
        "animate", help="animate a run of descent into a GIF or an MP4",
        description="Step a run of descent, one frame a step, into an animated GIF or an MP4 (MP4 needs PyAV: "
                    "pip install av). A function of x and y runs on the surface, beside the descent panel; a "
                    "function of x alone runs on its curve. " + HEADLESS,
        epilog='example: explorer animate "(1 - x)^2 + 100(y - x^2)^2" --start -1,1 --lr 0.001 --steps 120 -o rosenbrock.gif',
    )
    animate.add_argument("expression", metavar="EXPR", help="the function, of x (a curve) or of x and y (a surface)")
    animate.add_argument("--start", required=True, metavar="X[,Y]", help="the starting point")
    animate.add_argument("--lr", "--learning-rate", dest="lr", default="0.01", metavar="ALPHA", help="the learning rate α (default 0.01)")
    animate.add_argument("--optimizer", choices=KINDS, default="gd",
                         help="the update rule (default gd)")
    animate.add_argument("--steps", default="60", metavar="N", help="steps, one frame each (default 60)")
    animate.add_argument("--show", choices=["both", "surface", "panel"], default=None,
                         help="the surface and the panel side by side (default for x and y), or either alone")
    animate.add_argument("--size", default="800x600", metavar="WxH", help="the surface's size in pixels (default 800x600)")
    animate.add_argument("-o", "--output", required=True, metavar="FILE.gif|FILE.mp4", help="where to write it")
    return parser


def _fit_parser(commands, kinds) -> None:
    fit = commands.add_parser(
        "fit", help="train a line on a data file (CSV) and compare it with least squares",
        description="Fit y = wx + b (or, with --model logistic, ŷ = σ(wx + b) to labels 0 and 1) to the points of a "
                    "CSV file of two columns (x,y; a header line is optional) by descent on the mean loss, in "
                    "mini-batches if --batch is less than the number of points; print the steps, the losses, the "
                    "final (w, b) and the least-squares answer.",
        epilog="example: explorer fit points.csv --optimizer adam --lr 0.1 --steps 500 --batch 2 --seed 7 "
               "--schedule cosine:500")
    fit.add_argument("data", metavar="DATA.csv", help="the data: two numeric columns, x and y")
    fit.add_argument("--model", default="linear", metavar="linear|logistic|poly:K",
                     help="linear: y = wx + b with the mean squared error (default); logistic: ŷ = σ(wx + b) with "
                          "the mean binary cross-entropy, for labels 0 and 1; poly:K: ŷ = w0 + w1·x + … + wK·x^K "
                          "(K = 1 … 5) with the mean squared error")
    fit.add_argument("--optimizer", choices=kinds, default="gd", help="the update rule, as torch.optim performs it (default gd)")
    fit.add_argument("--lr", "--learning-rate", dest="lr", default="0.01", metavar="ALPHA",
                     help="the learning rate α, the schedule's base (default 0.01)")
    fit.add_argument("--steps", default="1000", metavar="N", help="optimizer steps (default 1000)")
    fit.add_argument("--batch", default=None, metavar="B", help="points a step (1 … n; default n, the full batch)")
    fit.add_argument("--seed", default="0", metavar="S",
                     help="the seed of the mini-batches' shuffling, PyTorch's: the batches of DataLoader(..., "
                          "shuffle=True, generator=torch.Generator().manual_seed(S)) (0 … 2^32 − 1; default 0)")
    fit.add_argument("--schedule", default="constant", metavar="KIND[:ARGS]",
                     help="the learning-rate schedule, as torch.optim.lr_scheduler's: constant, step:S[,G] (StepLR), "
                          "exp:G (ExponentialLR), cosine:T[,ETA_MIN] (CosineAnnealingLR), linear:[S[,E[,T]]] (LinearLR)")
    fit.add_argument("--schedule-every", choices=["step", "epoch"], default="step",
                     help="advance the schedule after every step (default) or every epoch")
    fit.add_argument("--start", default=None, metavar="W,B",
                     help="the starting (w, b) (default 0,0); for poly:K the K + 1 weights w0,…,wK (default zeros)")
    _hyperparameter_flags(fit)
    fit.add_argument("--json", action="store_true", help="print one JSON object")
    fit.add_argument("--csv", action="store_true", help="print the steps as CSV: step, epoch, lr, w, b, loss")


def _normalize_argv(argv: Sequence[str]) -> list[str]:
    """Make negative numbers and expressions that start with '-' safe for argparse.

    ``--at -0.7,0.3`` becomes ``--at=-0.7,0.3``; a bare argument such as ``-x^2`` gets the
    Unicode minus sign, which the function language reads as minus (columns unchanged).
    """
    out: list[str] = []
    args = list(argv)
    i = 0
    options_done = False
    while i < len(args):
        a = args[i]
        if options_done:
            out.append(a)
        elif a == "--":
            options_done = True
            out.append(a)
        elif a in _VALUE_OPTIONS and i + 1 < len(args):
            out.append(f"{a}={args[i + 1]}")
            i += 1
        elif a.startswith("-") and not a.startswith("--") and len(a) > 1 and a not in ("-h", "-o"):
            out.append("\u2212" + a[1:])
        else:
            out.append(a)
        i += 1
    return out


_NOT_FINITE = {"inf", "infinity", "∞", "nan"}
MAX_DESCENT_STEPS = 1_000_000  # a longer run's iterates (JSON, CSV) would take gigabytes


def _parse_coordinates(text: str, option: str) -> tuple[float, ...]:
    """Numbers separated by commas, each a constant of the function language (2, −0.7,
    pi/2, e^2, sqrt(2)), worked out in floats (never sympy's arbitrary precision, which
    would work on e^e^e^e^e for hours); refused with the reason where it is no finite real
    number."""
    import sympy

    from .core.exact import float_value
    from .core.expression import CONSTANTS, FUNCTIONS, ParseError, parse_function

    coordinates = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            raise _UsageError(f"{option} needs numbers separated by commas, e.g. {option} 1,2")
        if part.lstrip("+-−").strip().lower() in _NOT_FINITE:
            raise _UsageError(f"{option}: '{part}' is not a finite number: give a number, e.g. {option} 1,2")
        words = [w for w in re.findall(r"[^\W\d_]+", part) if w not in FUNCTIONS and w not in CONSTANTS]
        if words:  # a letter the language reads as a variable: no number
            raise _UsageError(f"{option}: '{part}' is not a number (a number, pi, e, or an expression of them such as pi/2)")
        try:
            parsed = parse_function(part)
        except ParseError as error:
            raise _UsageError(f"{option}: {error.message}") from None
        if parsed.variables:
            raise _UsageError(f"{option}: '{part}' is not a number")
        value = math.nan if parsed.expression.has(sympy.I) else float_value(parsed.expression)
        if math.isnan(value):
            raise _UsageError(f"{option}: '{part}' is not a real number (the explorer works in real numbers)")
        if math.isinf(value):
            raise _UsageError(f"{option}: '{part}' is beyond what a float holds (about 1.8·10³⁰⁸)")
        if value == 0 and parsed.expression.is_zero is False:
            raise _UsageError(f"{option}: '{part}' is too small for a float: it would be 0")
        coordinates.append(value)
    return tuple(coordinates)


def _parse_number(text: str, option: str, *, integer: bool = False, positive: bool = True) -> float:
    try:
        value = int(text) if integer else float(text)
    except ValueError:
        kind = "a whole number" if integer else "a number"
        raise _UsageError(f"{option} needs {kind}, got '{text}'") from None
    if value == 0 and any(c in "123456789" for c in re.split("[eE]", text)[0]):
        raise _UsageError(f"{option}: {text} is too small for a float: it would be 0")
    if not math.isfinite(value) or (positive and value <= 0) or (integer and value < 0):
        raise _UsageError(f"{option} must be {'positive' if positive else 'at least 0'}, got '{text}'")
    return value


def _load_function(text: str, point_size: int):
    from .core import function_from_text
    from .core.expression import MAX_VARIABLES

    if point_size > MAX_VARIABLES:
        raise _UsageError(f"the point has {point_size} coordinates: the explorer handles functions of up to "
                          f"{MAX_VARIABLES} variables")
    defaults = ("x", "y", "z")[:point_size]  # x + y --at 1,2,3 is f(x, y, z); beyond three, name them
    function = function_from_text(text, defaults)
    if len(function.variables) != point_size:
        n = len(function.variables)
        raise _UsageError(
            f"{function.signature()} has {n} variable{'s' * (n != 1)}, but the point has {point_size} "
            f"coordinate{'s' * (point_size != 1)}"
        )
    return function


def _finite_or_none(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _grad(args) -> int:
    from .core.notation import format_number, format_value, pretty
    from .core.subscripts import shown_name, shown_names

    point = _parse_coordinates(args.at, "--at")
    f = _load_function(args.expression, len(point))
    value, *partials = f.evaluate_point(point)
    kinks = f.kinks_at(point) if math.isfinite(value) else (None,) * len(partials)
    partials = [math.nan if kink else p for kink, p in zip(kinks, partials)]  # a corner: undefined
    norm = math.hypot(*partials)
    names = f.variable_names
    directional, steepest = _directional(args, f, point)
    if args.json:
        print(json.dumps({
            "function": str(f.expression),
            "display": f.equation(),
            "name": f.name,
            "variables": list(names),
            "point": list(point),
            "value": _finite_or_none(value),
            "partials": [
                {"variable": n, "expression": str(p), "value": _finite_or_none(v),
                 **({"reason": f"a corner: slope {format_value(k[0])} from the left, {format_value(k[1])} from the right",
                     "one_sided": list(k)} if k else {})}
                for n, p, v, k in zip(names, f.partials, partials, kinks)
            ],
            "gradient": [_finite_or_none(v) for v in partials],
            "gradient_norm": _finite_or_none(norm),
            **_directional_json(directional, steepest, norm),
        }))
        return 0
    at = ", ".join(f"{c:g}" for c in point)
    rows = [(f"{f.name}", format_number(value))]
    for n, p, v, kink in zip(names, f.partials, partials, kinks):
        corner = f" (a corner: slope {format_value(kink[0])} from the left, {format_value(kink[1])} from the right)" if kink else ""
        rows.append((f"∂{f.name}/∂{shown_name(n)}", f"{pretty(p, f.variables)} = {format_number(v)}{corner}"))
    rows.append((f"∇{f.name}", "[" + ", ".join(format_number(v) for v in partials) + "]"))
    rows.append((f"|∇{f.name}|", format_number(norm)))
    width = max(len(r[0]) for r in rows)
    print(f.equation())
    print(f"at ({', '.join(shown_names(names))}) = ({at})")
    for label, text in rows:
        print(f"  {label:<{width}}  {text}")
    if args.terms:
        from .core.partials_readout import partials_readout

        for line in partials_readout(f, point).lines():
            print(line)
    for line in _directional_lines(f, directional, steepest, norm):
        print(line)
    return 0


def _directional(args, f, point):
    """(D_u f at the point or None, the steepest direction or its refusal's text or None)
    for grad's --direction and --steepest."""
    from .core.directional import DirectionError, directional_derivative, parse_direction, steepest_direction

    if args.direction is None and not args.steepest:
        return None, None
    if len(point) != 2:
        raise _UsageError(f"--direction and --steepest need a function of two variables and --at x,y "
                          f"({f.signature()} has {len(point)} variable{'s' * (len(point) != 1)}: a direction here is an angle in the plane)")
    directional = steepest = None
    if args.direction is not None:
        try:
            directional = directional_derivative(f, point, parse_direction(args.direction))
        except DirectionError as error:
            raise _UsageError(f"--direction: {error.message}") from None
    if args.steepest:
        try:
            steepest = steepest_direction(f, point)
        except DirectionError as error:
            steepest = error.message
    return directional, steepest


def _directional_json(directional, steepest, norm: float) -> dict:
    out: dict = {}
    if directional is not None:
        d = directional.direction
        out["directional"] = {
            "u": list(d.u), "degrees": d.degrees, "normalised_from": None if d.given is None else list(d.given),
            "said": d.said(), "slope": _finite_or_none(directional.slope), "line": directional.line(),
            "one_sided": directional.one_sided, "angle_to_gradient": directional.angle_to_gradient,
            "agreement": directional.agreement(),
        }
    if isinstance(steepest, str):
        out["steepest"] = None
        out["steepest_reason"] = steepest
    elif steepest is not None:
        out["steepest"] = {"u": list(steepest.u), "degrees": steepest.degrees, "slope": norm}
    return out


def _directional_lines(f, directional, steepest, norm: float) -> list[str]:
    from .core.notation import format_number, format_value

    name, lines = f.name, []
    if directional is not None:
        lines.append(f"in the direction {directional.direction.said()}")
        lines.append(f"  {directional.line()}")
        if directional.angle_to_gradient is not None:
            lines.append(f"  angle between u and ∇{name}: {format_value(directional.angle_to_gradient, 2)}°")
        if (said := directional.agreement()):
            lines.append(f"  {said}")
    if isinstance(steepest, str):
        lines.append(f"steepest direction: none — {steepest}")
    elif steepest is not None:
        u = f"({format_value(steepest.u[0])}, {format_value(steepest.u[1])})"
        lines.append(f"steepest direction ∇{name}/|∇{name}| = {u}, θ = {format_value(steepest.degrees, 2)}°: "
                     f"slope |∇{name}| = {format_number(norm)}")
    return lines


def _descend(args) -> int:
    from .core.descent import descend
    from .core.notation import format_number
    from .core.subscripts import shown_name
    from .core.optimizers import stability

    start = _parse_coordinates(args.start, "--start")
    lr = _parse_number(args.lr, "--lr")
    steps = int(_parse_number(args.steps, "--steps", integer=True, positive=False))
    if steps > MAX_DESCENT_STEPS:
        raise _UsageError(f"--steps may be at most {MAX_DESCENT_STEPS}: a longer run's iterates would take gigabytes "
                          f"(run it in parts, each --start where the last one stopped)")
    f = _load_function(args.expression, len(start))
    optimizer = _optimizer(args, lr)
    result = descend(f, lr, start, steps, optimizer=optimizer)
    at_minimum = result.status == "converged"
    rule = stability(f, result.final) if at_minimum else None  # a curvature is told only at a minimum
    if args.csv and args.json:
        raise _UsageError("choose one of --json and --csv")
    if args.csv:
        from .core.export import write_iterates_csv

        write_iterates_csv(sys.stdout, f, [result])  # row by row: a million rows never held as one string
        return 0
    if args.json:
        out = {"function": str(f.expression), "display": f.equation(), "variables": list(f.variable_names), "start": list(start)}
        out.update(result.to_dict())
        out["stability"] = None if rule is None else rule.to_dict()
        print(json.dumps(out))
        return 0
    names = f.variable_names
    print(f"{f.signature()}: {optimizer.name} from ({', '.join(f'{c:g}' for c in start)}) with α = {lr:g}")
    shown = result.iterates if len(result.iterates) <= 12 else [*result.iterates[:6], None, *result.iterates[-5:]]
    indices = list(range(len(result.iterates)))
    shown_idx = indices if len(indices) <= 12 else [*indices[:6], None, *indices[-5:]]
    for k, row in zip(shown_idx, shown):
        if row is None:
            print("  …")
            continue
        coords = ", ".join(f"{shown_name(n)} = {format_number(c)}" for n, c in zip(names, row))
        print(f"  step {k:>4}: {coords}   {f.name} = {format_number(result.values[k])}")
    print(result.message + ("; it oscillates: each step overshoots the valley (a smaller α goes straight down)"
                            if result.oscillating and result.status != "converged" else ""))
    if rule is not None:
        print(f"curvature there λ = {format_number(rule.curvature)}: plain descent converges for α < 2/λ = "
              f"{format_number(rule.critical_learning_rate)}")
    return 0


def _parse_size(text: str) -> tuple[int, int]:
    from .core.export import size_refusal

    # ASCII digits only: '²'.isdigit() is True, and int('²') fails.
    match = re.fullmatch(r"\s*([0-9]{1,6})\s*[xX×]\s*([0-9]{1,6})\s*", text)
    if match is None:
        raise _UsageError(f"--size is WIDTHxHEIGHT in pixels, e.g. 1920x1080 (got '{text}')")
    width, height = int(match[1]), int(match[2])
    if (refusal := size_refusal(width, height)) is not None:
        raise _UsageError(f"--size: {refusal}")
    return width, height


def _check_output(path: str, command: str) -> None:
    """The output's suffix is one the command writes (before a window is built for it)."""
    from pathlib import Path

    from .core.export import ANIMATION_SUFFIXES, IMAGE_SUFFIXES

    suffixes = IMAGE_SUFFIXES if command == "render" else ANIMATION_SUFFIXES
    suffix = Path(path).suffix.lower()
    if suffix not in suffixes:
        what = ("a picture is a " + ", ".join(suffixes[:-1]) + f" or {suffixes[-1]} file" if command == "render"
                else "an animation is a .gif or an .mp4")
        raise _UsageError(f"-o: {what}, not {suffix or 'a file with no suffix'} ('{path}')")


def _parse_camera(text: str | None):
    from .core.lesson import Camera
    from .core.mesh import HEIGHT

    if text is None:
        return None
    if text.strip().lower() == "top":
        return "top"
    takes = "--camera is top, or ELEVATION,AZIMUTH[,DISTANCE] with the elevation from -90 to 90 degrees"
    try:
        numbers = _parse_coordinates(text, "--camera")
    except _UsageError:  # "bottom" is no list of numbers: say what the option takes
        raise _UsageError(f"{takes} (got '{text}')") from None
    if len(numbers) not in (2, 3) or not -90 <= numbers[0] <= 90:
        raise _UsageError(f"{takes} (got '{text}')")
    distance = numbers[2] if len(numbers) == 3 else 4.7
    if not 0.05 <= distance <= 1000:
        raise _UsageError("--camera: the distance is from 0.05 to 1000 (the box is 2 wide)")
    return Camera(numbers[0], numbers[1] % 360.0, distance, (0.0, 0.0, HEIGHT * 0.45))  # the default view's centre


def _draw(args) -> int:
    """``explorer render`` and ``explorer animate``: the window's own views, drawn off screen."""
    from .app import display_missing

    size = _parse_size(args.size)
    _check_output(args.output, args.command)
    if args.command == "render":
        point = _parse_coordinates(args.at, "--at")
        f = _load_function(args.expression, len(point))
        if len(point) != 2:
            raise _UsageError("render draws a surface: give a function of x and y and --at x,y")
        camera = _parse_camera(args.camera)
        settings = {"function": args.expression, "point": point}
    else:
        start = _parse_coordinates(args.start, "--start")
        f = _load_function(args.expression, len(start))
        if len(start) > 2:  # a curve or a surface is drawn; the numbers of n variables are descend's
            raise _UsageError(f"animate draws a curve of x or a surface of x and y; {f.signature()} has {len(start)} "
                              f"variables: explorer descend runs it (--json, --csv for every step)")
        lr = _parse_number(args.lr, "--lr")
        steps = int(_parse_number(args.steps, "--steps", integer=True))
        if not 1 <= steps <= 10_000:
            raise _UsageError("--steps: an animation has 1 to 10000 steps")
        if len(start) == 2:
            settings = {"function": args.expression, "point": start, "descent_source": "surface"}
        else:
            settings = {"descent_function": args.expression, "start": start[0], "descent_source": "own"}
        settings.update(learning_rate=lr, optimizer=args.optimizer)
    del f  # parsed above for its messages (columns, variables); the lesson parses it again
    if display_missing():
        raise _UsageError(f"explorer {args.command} needs a display. {HEADLESS}")
    from . import core  # noqa: F401  (before Qt: see app.run_app)
    from .app import make_application

    make_application()
    from .core.export import ExportError
    from .core.lesson import LessonError
    from .ui.scripted import animate_run, render_figure

    try:
        if args.command == "render":
            render_figure(_fitting_range(settings), args.output, size, camera, caption=args.caption)
            print(f"wrote {args.output} ({size[0]}×{size[1]})")
        else:
            what = args.show or ("both" if len(start) == 2 else "panel")
            done = animate_run(_fitting_range(settings), args.output, steps, what, size)
            print(f"wrote {args.output}: {done['frames']} frames, {done['bytes'] / 1e6:.2f} MB in {done['seconds']:.1f} s")
    except LessonError as error:
        raise _UsageError(error.message, error.column) from None
    except ExportError as error:
        raise _UsageError(error.message) from None
    return 0


def _fitting_range(settings: dict) -> dict:
    """A point or start outside the default range widens the range to hold it."""
    from .core.lesson import DEFAULTS, ranges_holding

    settings = dict(settings)
    if "point" in settings:
        settings.update(ranges_holding(settings["point"]))
    if "start" in settings:
        lo, hi = DEFAULTS["descent_range"]
        c = settings["start"]
        if not lo <= c <= hi:
            settings["descent_range"] = (min(lo, c - 1.0), max(hi, c + 1.0))
    return settings


def _hyperparameter_flags(parser) -> None:
    """A flag per hyper-parameter of the registry (--momentum, --betas, --rho, --eps,
    --weight-decay), its help naming the optimizers that use it."""
    from .core.optimizers import HYPERPARAMETERS, SPECS

    for hyper in HYPERPARAMETERS.values():
        users = [kind + (f" ({spec.eps:g})" if hyper.field == "eps" else "") for kind, spec in SPECS.items()
                 if hyper.field in spec.hyper]
        default = hyper.default
        text = None if default is None else ",".join(f"{v:g}" for v in (default if isinstance(default, tuple) else (default,)))
        parser.add_argument(hyper.flag, dest=hyper.field, type=str, default=text, metavar=hyper.metavar,
                            help=hyper.help.format(users=", ".join(users)))


def _optimizer(args, lr: float):
    from .core.optimizers import HYPERPARAMETERS, Optimizer

    try:
        values = {}
        for hyper in HYPERPARAMETERS.values():
            text = getattr(args, hyper.field)
            if text is None:
                continue  # the optimizer's own default (ε differs between them)
            # Zero is a fair β or ε: the optimizer checks each range and says which is off.
            if hyper.symbols:
                value = tuple(_parse_number(v, hyper.flag, positive=False) for v in text.split(","))
                if len(value) != len(hyper.symbols):
                    count = {2: "two", 3: "three"}.get(len(hyper.symbols), str(len(hyper.symbols)))
                    raise _UsageError(f"{hyper.flag} takes {count} numbers, {hyper.metavar}")
            else:
                value = _parse_number(text, hyper.flag, positive=False)
            values[hyper.field] = value
        return Optimizer(args.optimizer, lr, **values)
    except ValueError as error:
        raise _UsageError(str(error)) from None


COMMANDS = ("open", "grad", "descend", "fit", "render", "animate")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:  # the app, where the last session left off: no command line to read
        from .app import run_app

        return run_app([])
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS and argv[0].endswith(".json"):
        argv = ["open", *argv]  # explorer lesson.json
    wants_json = "--json" in argv
    args = None
    try:
        args = build_parser().parse_args(_normalize_argv(argv))
        if args.version:
            from . import __version__

            print(f"explorer {__version__}")
            return 0
        if args.command == "grad":
            return _grad(args)
        if args.command == "descend":
            return _descend(args)
        if args.command == "fit":
            from .cli_fit import fit

            return fit(args)
        if args.command in ("render", "animate"):
            return _draw(args)
    except _UsageError as error:
        return _report(error.message, error.column, wants_json, None)
    except Exception as error:  # ParseError and friends; never a traceback
        from .core.expression import ParseError

        if isinstance(error, ParseError):
            return _report(error.message, error.column, wants_json, getattr(args, "expression", None))
        raise
    from .app import run_app

    if args.command == "open":
        return run_app([], lesson_path=args.file)
    return run_app(argv, initial_function=args.function)


def _report(message: str, column: int | None, wants_json: bool, expression: str | None) -> int:
    if wants_json:
        print(json.dumps({"error": {"message": message, "column": column}}))
        return 2
    print(f"explorer: error: {message}", file=sys.stderr)
    if expression is not None and column is not None and column <= len(expression) + 1:
        # Point at the column under the expression as typed.
        print(f"  {expression}\n  {' ' * (column - 1)}^", file=sys.stderr)
    return 2
