"""The command line: ``explorer`` opens the app; ``explorer grad`` and ``explorer descend``
script the core without a window (``--json`` for machine-readable output).

Exit status: 0 on success, 2 for bad input (a message on stderr, or ``{"error": …}`` on
stdout with ``--json``).  No traceback reaches the user.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Sequence

__all__ = ["main", "build_parser"]

# Options whose value may start with '-' (argparse would take "-0.7,0.3" for an option).
_VALUE_OPTIONS = ("--at", "--start", "--lr", "--learning-rate", "--steps", "--momentum", "--betas", "--rho", "--eps")


class _UsageError(Exception):
    def __init__(self, message: str, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.column = column


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would exit; we report like any bad input
        raise _UsageError(f"{message} (see {self.prog} --help)")


def build_parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(
        prog="explorer",
        description="Gradient Explorer: see partial derivatives and gradient descent. "
        "With no command it opens the app.",
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
        description="Print f, each partial derivative (symbolic and its value), ∇f and |∇f| at a point.",
        epilog='example: explorer grad "3x^2 + 2xy + y^2" --at 1,2',
    )
    grad.add_argument("expression", metavar="EXPR", help='the function, e.g. "L(w, b) = (3 - 2w - b)^2"')
    grad.add_argument("--at", required=True, metavar="X,Y", help="the point, one coordinate per variable (pi, e and fractions allowed)")
    grad.add_argument("--json", action="store_true", help="print one JSON object")

    descend = commands.add_parser(
        "descend",
        help="run gradient descent from a start",
        description="Run w ← w − α·∇f(w) from the start until it converges, diverges or reaches the step limit.",
        epilog='example: explorer descend "L(w, b) = (3 - 2w - b)^2" --start 0,0 --lr 0.01 --steps 1',
    )
    descend.add_argument("expression", metavar="EXPR", help="the function")
    descend.add_argument("--start", required=True, metavar="X[,Y]", help="the starting point")
    descend.add_argument("--lr", "--learning-rate", dest="lr", type=str, default="0.01", metavar="ALPHA", help="the learning rate α (default 0.01)")
    descend.add_argument("--steps", type=str, default="1000", metavar="N", help="the most steps to take (default 1000)")
    descend.add_argument("--optimizer", choices=["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"], default="gd",
                         help="the update rule, each as torch.optim performs it (default gd: plain gradient descent)")
    descend.add_argument("--momentum", type=str, default="0.9", metavar="B", help="β of momentum and nesterov (default 0.9)")
    descend.add_argument("--betas", type=str, default="0.9,0.999", metavar="B1,B2", help="Adam's β₁,β₂ (default 0.9,0.999)")
    descend.add_argument("--rho", type=str, default="0.99", metavar="R", help="RMSProp's smoothing constant, torch's alpha (default 0.99)")
    descend.add_argument("--eps", type=str, default=None, metavar="E", help="ε of adagrad (1e-10), rmsprop and adam (1e-8)")
    descend.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


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
        elif a.startswith("-") and not a.startswith("--") and len(a) > 1 and a not in ("-h",):
            out.append("\u2212" + a[1:])
        else:
            out.append(a)
        i += 1
    return out


def _parse_coordinates(text: str, option: str) -> tuple[float, ...]:
    from .core.expression import ParseError, parse_function

    coordinates = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            raise _UsageError(f"{option} needs numbers separated by commas, e.g. {option} 1,2")
        try:
            parsed = parse_function(part)
        except ParseError as error:
            raise _UsageError(f"{option}: {error.message}") from None
        if parsed.variables:
            raise _UsageError(f"{option}: '{part}' is not a number")
        value = float(parsed.expression.evalf())
        if not math.isfinite(value):
            raise _UsageError(f"{option}: '{part}' is not a finite number")
        coordinates.append(value)
    return tuple(coordinates)


def _parse_number(text: str, option: str, *, integer: bool = False, positive: bool = True) -> float:
    try:
        value = int(text) if integer else float(text)
    except ValueError:
        kind = "a whole number" if integer else "a number"
        raise _UsageError(f"{option} needs {kind}, got '{text}'") from None
    if not math.isfinite(value) or (positive and value <= 0) or (integer and value < 0):
        raise _UsageError(f"{option} must be {'positive' if positive else 'at least 0'}, got '{text}'")
    return value


def _load_function(text: str, point_size: int):
    from .core import function_from_text

    if point_size > 2:
        raise _UsageError(f"the point has {point_size} coordinates: the explorer handles functions of one or two "
                          f"variables (give --at x or --at x,y)")
    defaults = ("x", "y", "z")[:point_size]
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

    point = _parse_coordinates(args.at, "--at")
    f = _load_function(args.expression, len(point))
    value, *partials = f.evaluate_point(point)
    kinks = f.kinks_at(point) if math.isfinite(value) else (None,) * len(partials)
    partials = [math.nan if kink else p for kink, p in zip(kinks, partials)]  # a corner: undefined
    norm = math.hypot(*partials)
    names = f.variable_names
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
        }))
        return 0
    at = ", ".join(f"{c:g}" for c in point)
    rows = [(f"{f.name}", format_number(value))]
    for n, p, v, kink in zip(names, f.partials, partials, kinks):
        corner = f" (a corner: slope {format_value(kink[0])} from the left, {format_value(kink[1])} from the right)" if kink else ""
        rows.append((f"∂{f.name}/∂{n}", f"{pretty(p, f.variables)} = {format_number(v)}{corner}"))
    rows.append((f"∇{f.name}", "[" + ", ".join(format_number(v) for v in partials) + "]"))
    rows.append((f"|∇{f.name}|", format_number(norm)))
    width = max(len(r[0]) for r in rows)
    print(f.equation())
    print(f"at ({', '.join(names)}) = ({at})")
    for label, text in rows:
        print(f"  {label:<{width}}  {text}")
    return 0


def _descend(args) -> int:
    from .core.descent import descend
    from .core.notation import format_number
    from .core.optimizers import stability

    start = _parse_coordinates(args.start, "--start")
    lr = _parse_number(args.lr, "--lr")
    steps = int(_parse_number(args.steps, "--steps", integer=True, positive=False))
    if steps > 10_000_000:
        raise _UsageError("--steps may be at most 10000000")
    f = _load_function(args.expression, len(start))
    optimizer = _optimizer(args, lr)
    result = descend(f, lr, start, steps, optimizer=optimizer)
    at_minimum = result.status == "converged"
    rule = stability(f, result.final) if at_minimum else None  # a curvature is told only at a minimum
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
        coords = ", ".join(f"{n} = {format_number(c)}" for n, c in zip(names, row))
        print(f"  step {k:>4}: {coords}   {f.name} = {format_number(result.values[k])}")
    print(result.message + ("; it oscillates: each step overshoots the valley (a smaller α goes straight down)"
                            if result.oscillating and result.status != "converged" else ""))
    if rule is not None:
        print(f"curvature there λ = {format_number(rule.curvature)}: plain descent converges for α < 2/λ = "
              f"{format_number(rule.critical_learning_rate)}")
    return 0


def _optimizer(args, lr: float):
    from .core.optimizers import Optimizer

    try:
        betas = tuple(_parse_number(b, "--betas", positive=False) for b in args.betas.split(","))
        if len(betas) != 2:
            raise _UsageError("--betas takes two numbers, B1,B2")
        # Zero is a fair β or ε: the optimizer checks each range and says which is off.
        return Optimizer(args.optimizer, lr, momentum=_parse_number(args.momentum, "--momentum", positive=False), betas=betas,
                         rho=_parse_number(args.rho, "--rho", positive=False),
                         eps=None if args.eps is None else _parse_number(args.eps, "--eps", positive=False))
    except ValueError as error:
        raise _UsageError(str(error)) from None


COMMANDS = ("open", "grad", "descend", "render", "animate")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
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
