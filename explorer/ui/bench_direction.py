"""The benchmark's figure for #22: a drag of the handle of u (``direction_drag_ms``).

Part of ``python -m explorer.bench`` (see :mod:`explorer.ui.bench`); kept apart so the
benchmark's main module stays one list of figures.
"""

from __future__ import annotations

import math
import statistics
import time


def _ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000.0, 3)


def _p95(samples: list[float]) -> float:
    return round(sorted(samples)[int(0.95 * len(samples))] * 1000.0, 3)


def bench_direction_drag(app, window, frame, repeat: int, resolution: int = 200, steps: int = 72) -> dict:
    """f = 3x² + 2xy + y² at (1, 2), 200×200, the Direction pane and the level curve shown:

    - ``direction_drag_ms``: one mouse-move event of a drag of the handle, from the event
      sent to every view updated (θ written to the lesson; the slice along u, its tangent,
      its label and the handle set; the pane's dial and readout where the window has them),
      the frame itself not counted; ``direction_drag_p95_ms`` its 95th percentile;
      ``direction_drag_frame_ms`` the same event with the surface's GL frame rendered;
    - the reference in the same run, ``point_nudge_ms``: an arrow key's nudge of the point
      (the whole probe at a new point: both slices, the tangents, ∇f, the level curve, u).
    """
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QKeyEvent, QMouseEvent
    from PySide6.QtWidgets import QApplication

    view, lesson = window.surface_view, window.lesson
    lesson.update(function="f(x, y) = 3x^2 + 2xy + y^2", x_range=(-3.0, 3.0), y_range=(-3.0, 3.0),
                  resolution=resolution, point=(1.0, 2.0), direction=30.0, level_curve=True)
    dock = getattr(window, "docks", {}).get("direction")
    if dock is not None:
        dock.show()
    view.set_direction_shown(True)
    view.reset_camera()
    for _ in range(10):
        app.processEvents()
    frame(view)

    def send(kind, pos, buttons):
        event = QMouseEvent(kind, QPointF(pos), view.mapToGlobal(QPointF(pos)),
                            Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton,
                            buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(view, event)

    drag, drag_frame = [], []
    for _ in range(max(1, repeat)):
        lesson.update(direction=30.0)
        app.processEvents()
        knob = QPointF(*view.world_to_screen(view.direction_layers.handle_world))
        centre = view.screen_position(*lesson.point)
        radius = math.hypot(knob.x() - centre.x(), knob.y() - centre.y())
        start = math.atan2(knob.y() - centre.y(), knob.x() - centre.x())
        send(QEvent.Type.MouseButtonPress, knob, Qt.MouseButton.LeftButton)
        if not view._turning:
            raise RuntimeError("the benchmark's press missed the handle of u")
        before = lesson.direction
        for k in range(1, steps + 1):
            angle = start + 2.0 * math.pi * k / steps
            pos = QPointF(centre.x() + radius * math.cos(angle), centre.y() + radius * math.sin(angle))
            t0 = time.perf_counter()
            send(QEvent.Type.MouseMove, pos, Qt.MouseButton.LeftButton)
            t1 = time.perf_counter()
            frame(view)
            t2 = time.perf_counter()
            drag.append(t1 - t0)
            drag_frame.append(t2 - t0)
            app.processEvents()
        send(QEvent.Type.MouseButtonRelease, pos, Qt.MouseButton.NoButton)
        if lesson.direction == before and steps > 4:
            raise RuntimeError("the benchmark's drag did not turn u")
    nudge = []
    view.setFocus()
    for k in range(max(1, repeat) * 10):
        key = Qt.Key.Key_Right if k % 2 == 0 else Qt.Key.Key_Left
        t0 = time.perf_counter()
        QApplication.sendEvent(view, QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier))
        nudge.append(time.perf_counter() - t0)
        app.processEvents()
    lesson.update(level_curve=False, point=(1.0, 2.0), direction=30.0)
    return {"resolution": resolution, "direction_drag_ms": _ms(drag), "direction_drag_p95_ms": _p95(drag),
            "direction_drag_frame_ms": _ms(drag_frame), "point_nudge_ms": _ms(nudge)}


def describe(d: dict) -> str:
    return (f"direction u ({d['resolution']}×{d['resolution']}): a drag event of the handle updates the slice along u, "
            f"its tangent and label, and the pane's dial and readout in {d['direction_drag_ms']:.2f} ms "
            f"(p95 {d['direction_drag_p95_ms']:.2f} ms; with its frame {d['direction_drag_frame_ms']:.2f} ms); "
            f"reference: an arrow key's nudge of the point {d['point_nudge_ms']:.2f} ms")
