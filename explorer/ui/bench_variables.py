"""The benchmark's figures for #24's core: the partials of a function of ten variables.

Part of ``python -m explorer.bench`` (see :mod:`explorer.ui.bench`); core only (no window),
kept apart so the benchmark's main module stays one list of figures.
"""

from __future__ import annotations

import statistics
import time

#: The function's variables: nine weights and a bias, as a small model has them.
NAMES = tuple(f"w{i}" for i in range(1, 10)) + ("b",)


def polynomial_10var(k: int) -> str:
    """A polynomial of degree 4 in the ten NAMES (30 terms: each variable's 4th power, a
    product of two squares and a product of three), as a student would type it; ``k``
    changes a coefficient, so that each text is new (no cache answers it)."""
    terms = []
    for i, name in enumerate(NAMES):
        a, b, c = NAMES[(i + 1) % 10], NAMES[(i + 2) % 10], NAMES[(i + 3) % 10]
        terms += [f"{i + 1 + (k if i == 0 else 0)}{name}^4", f"{name}^2{a}^2", f"{name}{b}{c}"]
    return f"L({', '.join(NAMES)}) = " + " + ".join(terms)


def _ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000.0, 3)


def bench_partials_10var(repeat: int) -> dict:
    """Medians over ``repeat`` fresh texts (each parsed and differentiated anew):

    - ``partials_10var_ms``: the text to its ten symbolic partials (parse, ∂/∂wᵢ each), which
      the Function then keeps (cached: every later use reads them);
    - ``partials_10var_at_point_ms``: the first values of all ten at a point (their numeric
      code compiled once, then evaluated); ``partials_10var_again_ms`` the next point's;
    - ``partials_10var_readout_ms``: every partial term by term with its substitution line
      (:func:`~explorer.core.partials_readout.partials_readout`, as ``explorer grad --terms``).
    """
    from ..core import function_from_text
    from ..core.partials_readout import partials_readout

    function_from_text(polynomial_10var(-1))  # sympy's first-use costs are no part of the figure
    symbolic, first, again, readout = [], [], [], []
    point, other = (1.0,) * 10, tuple(0.1 * i for i in range(10))
    for k in range(max(1, repeat)):
        text = polynomial_10var(k)
        t0 = time.perf_counter()
        f = function_from_text(text)
        t1 = time.perf_counter()
        f.partials_at(point)
        t2 = time.perf_counter()
        f.partials_at(other)
        t3 = time.perf_counter()
        partials_readout(function_from_text(text), point)
        t4 = time.perf_counter()
        symbolic.append(t1 - t0)
        first.append(t2 - t1)
        again.append(t3 - t2)
        readout.append(t4 - t3)
    return {"variables": len(NAMES), "terms": len(f.terms), "partials_10var_ms": _ms(symbolic),
            "partials_10var_at_point_ms": _ms(first), "partials_10var_again_ms": _ms(again),
            "partials_10var_readout_ms": _ms(readout)}


def describe(result: dict) -> str:
    r = result
    return (f"partials of a {r['variables']}-variable polynomial of degree 4 ({r['terms']} terms): all "
            f"{r['variables']} symbolic in {r['partials_10var_ms']:.1f} ms (then kept); their first values at a point "
            f"{r['partials_10var_at_point_ms']:.1f} ms (compiled once), the next point's {r['partials_10var_again_ms']:.3f} ms; "
            f"term by term with the substitution lines {r['partials_10var_readout_ms']:.1f} ms")
