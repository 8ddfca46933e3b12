"""The benchmark's figures for #24: the partials of a function of ten variables (core only,
no window), and a held variable's slider moved in the window (``held_slider_ms``).

Part of ``python -m explorer.bench`` (see :mod:`explorer.ui.bench`); kept apart so the
benchmark's main module stays one list of figures.
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


def bench_held_slider(app, window, frame, repeat: int, resolution: int = 200) -> dict:
    """f(x, y, z) = x³yz² at (1, 2), z held, n×n (``resolution``), the readout and the descent
    panel shown (a first launch's panes):

    - ``held_slider_ms``: a key press on z's slider (a step of z: the lesson's edit, the
      surface re-meshed, the readout's three partials and the slider's box written) to the
      surface's next rendered frame;
    - the reference in the same run, ``plain_remesh_ms``: the same surface re-meshed at n
      and n − 1 alternately (a resolution edit) to its frame — what any re-mesh costs;
      ``held_slider_ratio`` the first over the second (the goal: at most 1.2).
    """
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    view, lesson = window.surface_view, window.lesson
    # The window's first-launch panes (the readout, the descent panel): an earlier figure
    # opened the Direction pane, whose dial would be redrawn for each new surface too.
    opened = [dock for key, dock in getattr(window, "docks", {}).items() if key not in ("readout", "descent") and dock.isVisible()]
    for dock in opened:
        dock.hide()
    lesson.update(function="f(x, y, z) = x^3yz^2", x_range=(-3.0, 3.0), y_range=(-3.0, 3.0), resolution=resolution,
                  point=(1.0, 2.0), shown=("x", "y"), held=(1.0,))
    for _ in range(5):
        app.processEvents()
    slider = next(row.slider for row in window.surface_pane.held_sliders.rows if row.variable == "z")
    frame(view)
    count = max(3, repeat) * 4
    held, plain = [], []
    for k in range(count + 1):  # the first of each builds buffers: not counted
        key = Qt.Key.Key_Right if k % 2 == 0 else Qt.Key.Key_Left
        before = lesson.mesh
        t0 = time.perf_counter()
        QApplication.sendEvent(slider, QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier))
        frame(view)
        held.append(time.perf_counter() - t0)
        if lesson.mesh is before:
            raise RuntimeError("the benchmark's key press did not move z")
        app.processEvents()
    for k in range(count + 1):
        t0 = time.perf_counter()
        lesson.update(resolution=resolution - (k % 2))
        frame(view)
        plain.append(time.perf_counter() - t0)
        app.processEvents()
    lesson.update(function="f(x, y) = 3x^2 + 2xy + y^2", resolution=resolution, point=(1.0, 2.0))
    for dock in opened:
        dock.show()
    held_ms, plain_ms = _ms(held[1:]), _ms(plain[1:])
    return {"resolution": resolution, "held_slider_ms": held_ms, "plain_remesh_ms": plain_ms,
            "held_slider_ratio": round(held_ms / plain_ms, 2)}


def describe_held_slider(d: dict) -> str:
    return (f"held variable ({d['resolution']}×{d['resolution']}): a step of z's slider re-forms f(x, y, z) = x³yz² "
            f"to its frame in {d['held_slider_ms']:.1f} ms, {d['held_slider_ratio']:.2f}× a plain re-mesh of the "
            f"same size ({d['plain_remesh_ms']:.1f} ms; goal ≤ 1.2×)")
