"""The benchmark's figure for #24: a held variable's slider moved (``held_slider_ms``).

Part of ``python -m explorer.bench`` (see :mod:`explorer.ui.bench`); kept apart so the
benchmark's main module stays one list of figures.
"""

from __future__ import annotations

import statistics
import time


def _ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000.0, 3)


def bench_held_slider(app, window, frame, repeat: int, resolution: int = 200) -> dict:
    """f(x, y, z) = x³yz² at (1, 2), z held, n×n (``resolution``):

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
    lesson.update(function="f(x, y, z) = x^3yz^2", x_range=(-3.0, 3.0), y_range=(-3.0, 3.0), resolution=resolution,
                  point=(1.0, 2.0), shown=("x", "y"), held=(1.0,))
    for _ in range(5):
        app.processEvents()
    slider = next(row.slider for row in window.surface_pane.held_sliders.rows if row.label.text() == "z")
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
    held_ms, plain_ms = _ms(held[1:]), _ms(plain[1:])
    return {"resolution": resolution, "held_slider_ms": held_ms, "plain_remesh_ms": plain_ms,
            "held_slider_ratio": round(held_ms / plain_ms, 2)}


def describe(d: dict) -> str:
    return (f"held variable ({d['resolution']}×{d['resolution']}): a step of z's slider re-forms f(x, y, z) = x³yz² "
            f"to its frame in {d['held_slider_ms']:.1f} ms, {d['held_slider_ratio']:.2f}× a plain re-mesh of the "
            f"same size ({d['plain_remesh_ms']:.1f} ms; goal ≤ 1.2×)")
