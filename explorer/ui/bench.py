"""Benchmark: ``python -m explorer.ui.bench [--json] [--sizes 100,200,400,1000] [--repeat 5]``.

Measures, on an N×N surface in a 1024×768 view, our path against stock pyqtgraph
(``GLSurfacePlotItem(computeNormals=True, smooth=True).setData``) in the same run:

- remesh: a new resolution to the next rendered frame (ours and stock);
- frame: one frame while orbiting: the median over two full turns around the surface, 10°
  a frame, all from the same camera: ours with every overlay of the lesson, stock, and ours
  with the overlays hidden (``surface_frame_ms``: the surface alone, like for like), timed
  in turn at each angle;
- pick: a click (press + release event) to the updated readout (checked to have hit);
- function_to_frame: a new function typed and applied to the first frame of its surface.

The contour lines follow a new surface one event-loop turn later (the surface shows
first), so remesh and function_to_frame do not include them; ``contours_ms`` is that
later step: computing them and the frame that shows them.

Each figure is the median of ``--repeat`` runs; a frame ends with glFinish, so GL work is
counted.  Run it under a display (``xvfb-run -a python -m explorer.ui.bench``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000.0, 3)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explorer.ui.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--sizes", default="100,200,400,1000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run that still reports every figure: one pass of 6 angles, races of 1,000 "
                             "steps, the race in the window at 60×60 (the test suite's; the figures mean little)")
    parser.add_argument("--frames", type=int, default=1000,
                        help="frames of each animation timed (10 steps each: 1000 frames are 10,000 steps; the memory "
                             "passes run as many)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    from ..app import make_application

    app = make_application()
    import numpy as np
    import pyqtgraph as pg
    import pyqtgraph.opengl as gl
    from OpenGL import GL
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    from ..core.notation import format_number
    from . import MainWindow
    from .main_window import isolate_settings

    isolate_settings()  # the benchmark's windows neither read nor replace the user's layout and lesson
    window = MainWindow()
    window.remembers = False
    view = window.surface_view
    view.setFixedSize(1024, 768)
    window.show()
    stock_view = gl.GLViewWidget()
    stock_view.setFixedSize(1024, 768)
    stock_view.show()
    for _ in range(20):
        app.processEvents()
        time.sleep(0.01)
    # The steady state: sympy imported and adopted (the first second's background import would
    # share the interpreter with every figure below; startup_ms measures that second).
    deadline = time.monotonic() + 60
    while not window.symbolic.is_ready and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)

    def frame(widget) -> None:
        # Render one frame now, into the widget's own framebuffer, and wait for the GL to
        # finish it (repaint() on a QOpenGLWidget only schedules a composition).
        widget.makeCurrent()
        GL.glViewport(0, 0, int(widget.width() * widget.devicePixelRatioF()), int(widget.height() * widget.devicePixelRatioF()))
        widget.paintGL()
        GL.glFinish()
        widget.doneCurrent()

    def orbiting_frames_ms(passes: int = 1 if args.quick else 2) -> dict[str, float]:
        # A full turn around the surface, 10° a frame, from the same camera for every view
        # measured: how long a frame takes depends on the angle (what covers how many
        # pixels).  The three are timed in turn at each angle, so a slow moment of this
        # shared machine falls on all of them alike.
        overlays = [item for item in view.items if item is not view.surface and item.visible()]
        samples: dict[str, list[float]] = {"frame_ms": [], "stock_frame_ms": [], "surface_frame_ms": []}
        start = dict(start_camera)
        for _ in range(passes):
            for k in range(0, 36, 6 if args.quick else 1):
                for key, widget in (("frame_ms", view), ("stock_frame_ms", stock_view), ("surface_frame_ms", view)):
                    # surface_frame_ms: the lesson's overlays (axes, labels, contours,
                    # probe) hidden, the surface alone, like for like with the stock item.
                    for item in overlays:
                        item.setVisible(key == "frame_ms")
                    widget.setCameraPosition(pos=start["center"], distance=start["distance"],
                                             elevation=start["elevation"], azimuth=start["azimuth"] + 10.0 * k)
                    t0 = time.perf_counter()
                    frame(widget)
                    samples[key].append(time.perf_counter() - t0)
        for item in overlays:
            item.setVisible(True)
        return {key: _median_ms(values) for key, values in samples.items()}

    def same_camera() -> None:
        # Both views look at their surfaces from the same place, so the same pixels are drawn.
        o = view.opts
        stock_view.setCameraPosition(pos=o["center"], distance=o["distance"], elevation=o["elevation"], azimuth=o["azimuth"])

    same_camera()
    start_camera = {key: view.opts[key] for key in ("center", "distance", "elevation", "azimuth")}
    start_camera["center"] = pg.Vector(start_camera["center"])
    frame(view)
    view.makeCurrent()
    renderer = GL.glGetString(GL.GL_RENDERER).decode()
    lut = pg.colormap.get("viridis").getLookupTable(0.0, 1.0, 256, alpha=True).astype(np.float32) / 255.0
    stock_item = None
    results = []
    for n in sizes:
        row = {"n": n}
        # --- re-mesh: ours, then stock, each alternating between N and N−1 so every
        # re-mesh is a real change that reallocates its buffers.  The first of each builds
        # buffers (and compiles shaders) and is not counted.  Not interleaved: stock's
        # setData churns through ~200 ms of Python objects, which slows whatever runs
        # right after it by several ms, and nothing like it runs before a re-mesh in the app.
        stock_data = []
        for size in (n, n - 1):  # N and N−1: the largest resolution a lesson takes is 1000
            x = np.linspace(-3, 3, size)
            gx, gy = np.meshgrid(x, x, indexing="ij")
            z = 3 * gx**2 + 2 * gx * gy + gy**2
            z_world = ((z - z.min()) / (z.max() - z.min()) * 1.2 + 0.08).astype(np.float32)  # as WorldBox places ours
            colors = lut[np.clip((z_world / 1.2 * 255).astype(int), 0, 255)]
            stock_data.append({"x": (x / 3).astype(np.float32), "y": (x / 3).astype(np.float32), "z": z_world, "colors": colors})
        if stock_item is not None:
            stock_view.removeItem(stock_item)
        stock_item = gl.GLSurfacePlotItem(computeNormals=True, smooth=True, shader="shaded")
        stock_view.addItem(stock_item)
        ours, stock = [], []
        for k in range(args.repeat + 1):
            t0 = time.perf_counter()
            window.lesson.update(resolution=n - (k % 2))
            frame(view)
            ours.append(time.perf_counter() - t0)
        for k in range(args.repeat + 1):
            t0 = time.perf_counter()
            stock_item.setData(**stock_data[k % 2])
            frame(stock_view)
            stock.append(time.perf_counter() - t0)
        row["remesh_ms"] = _median_ms(ours[1:])
        row["stock_remesh_ms"] = _median_ms(stock[1:])
        # --- the contour lines, which follow a re-mesh one event-loop turn later: their
        # computation and the frame that shows them.
        samples = []
        for k in range(args.repeat):
            window.lesson.update(resolution=n - (k % 2))
            frame(view)
            t0 = time.perf_counter()
            view._update_contours()
            frame(view)
            samples.append(time.perf_counter() - t0)
        row["contours_ms"] = _median_ms(samples)
        window.lesson.update(resolution=n)
        view._update_contours()
        frame(view)
        # --- frame while orbiting
        row.update(orbiting_frames_ms())
        view.reset_camera()
        frame(view)
        same_camera()
        # --- click to readout
        samples = []
        for k in range(args.repeat * 2):
            target = view.screen_position(0.9 + 0.01 * k, 1.9)
            t0 = time.perf_counter()
            for kind, buttons in ((QEvent.Type.MouseButtonPress, Qt.MouseButton.LeftButton), (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton)):
                event = QMouseEvent(kind, QPointF(target), view.mapToGlobal(QPointF(target)), Qt.MouseButton.LeftButton, buttons, Qt.KeyboardModifier.NoModifier)
                QApplication.sendEvent(view, event)
            samples.append(time.perf_counter() - t0)
            # A click that missed would be cheap and wrong: check it picked the point aimed at.
            picked = window.lesson.point
            if abs(picked[0] - (0.9 + 0.01 * k)) > 0.05 or abs(picked[1] - 1.9) > 0.05:
                raise RuntimeError(f"the benchmark's click at {target} picked {picked}, not ({0.9 + 0.01 * k}, 1.9)")
            if window.readout.dfdx_value.text() != format_number(window.lesson.surface.partials_at(picked)[0]):
                raise RuntimeError("the readout did not follow the click")
        row["pick_ms"] = _median_ms(samples)
        # --- a new function to its first frame
        samples = []
        for k in range(args.repeat):
            text = f"{3 + k}x^2 + 2xy + y^2 + {k + 1}sin(x)/{n}"
            t0 = time.perf_counter()
            window.function_bar.set_text(text)
            frame(view)
            samples.append(time.perf_counter() - t0)
        row["function_to_frame_ms"] = _median_ms(samples)
        window.function_bar.set_text("f(x, y) = 3x^2 + 2xy + y^2")
        row["remesh_speedup"] = round(row["stock_remesh_ms"] / row["remesh_ms"], 2)
        row["frame_ratio"] = round(row["frame_ms"] / row["stock_frame_ms"], 2)
        row["surface_frame_ratio"] = round(row["surface_frame_ms"] / row["stock_frame_ms"], 2)
        results.append(row)
        if not args.json:
            print(f"n={n} done", file=sys.stderr)

    descent = _bench_descent(app, args.repeat, args.frames)
    race = _bench_race(args.repeat, 1_000 if args.quick else 10_000)
    race.update(_bench_race_in_window(app, window, frame, args.repeat, args.frames, *((60, 6) if args.quick else (200, 40))))
    from .bench_direction import bench_direction_drag, describe as describe_direction
    direction = bench_direction_drag(app, window, frame, args.repeat, 60 if args.quick else 200)
    gif = _bench_gif_export(window, args.quick)
    data_drag = _bench_data_drag(app, window, frame, args.repeat)
    report = {"renderer": renderer, "view": [1024, 768], "repeat": args.repeat, "results": results, "descent": descent,
              "race": race, "direction": direction, "gif_export": gif, **_bench_startup(1 if args.quick else 9)}
    report["fit"] = _bench_fit(args.repeat, 1_000 if args.quick else 10_000)  # core only (issue #23)
    report["data_drag"] = data_drag
    from .bench_variables import bench_held_slider, bench_partials_10var, describe as describe_variables, describe_held_slider
    report["variables"] = bench_partials_10var(args.repeat)  # core only (issue #24)
    report["variables"].update(bench_held_slider(app, window, frame, args.repeat, 60 if args.quick else 200))
    if args.json:
        print(json.dumps(report))
    else:
        print(f"renderer: {renderer}   view 1024×768   medians of {args.repeat}")
        print(f"start-up: {report['startup_ms']:.0f} ms from a fresh process to the first painted frame, "
              f"{report['startup_ratio_to_stock']:.2f}× stock pyqtgraph's first frame of a 200×200 surface "
              f"({report['stock_startup_ms']:.0f} ms)")
        print("  of it: " + ", ".join(f"{name} {ms:.0f} ms" for name, ms in report["startup_breakdown_ms"].items()))
        head = (f"{'N':>5} {'remesh':>9} {'stock':>9} {'speedup':>8} {'+contours':>10} {'frame':>8} {'stock':>8} {'ratio':>6} "
                f"{'surface':>8} {'ratio':>6} {'pick':>7} {'fn→frame':>9}")
        print(head)
        for r in results:
            print(f"{r['n']:>5} {r['remesh_ms']:>7.1f}ms {r['stock_remesh_ms']:>7.1f}ms {r['remesh_speedup']:>7.1f}× {r['contours_ms']:>8.1f}ms "
                  f"{r['frame_ms']:>6.1f}ms {r['stock_frame_ms']:>6.1f}ms {r['frame_ratio']:>6.2f} "
                  f"{r['surface_frame_ms']:>6.1f}ms {r['surface_frame_ratio']:>6.2f} {r['pick_ms']:>5.1f}ms {r['function_to_frame_ms']:>7.1f}ms")
        d = descent
        print(f"descent panel: {d['frame_ms']:.2f} ms a frame (p95 {d['frame_p95_ms']:.2f} ms, {d['fps']:.0f} fps possible) "
              f"over {d['steps']} steps; Python memory growth {d['memory_growth_kib']:.1f} KiB, RSS growth "
              f"{d['rss_growth_kib']:.0f} KiB; run to end, 100,000 steps: {d['skip_100k_ms']:.1f} ms")
        g = gif
        print(f"GIF export: {g['frames']} frames of a {g['resolution']}×{g['resolution']} surface at "
              f"{g['size'][0]}×{g['size'][1]} in {g['seconds']:.2f} s, {g['megabytes']:.2f} MB")
        r = race
        print(f"race: {r['runs']} optimizers × {r['steps']} steps of Rosenbrock run to the end in {r['run_to_end_ms']:.1f} ms, "
              f"{r['ratio_to_hand_loops']:.2f}× six hand-written plain-float loops ({r['hand_loops_ms']:.1f} ms)")
        print(f"race in the window ({r['resolution']}×{r['resolution']}): a step of an α drag redraws six {r['forecast_steps']}-step "
              f"paths in {r['alpha_drag_ms']:.2f} ms (p95 {r['alpha_drag_p95_ms']:.2f} ms), all six recomputed "
              f"{r['alpha_drag_all_paths_ms']:.2f} ms (the six paths alone {r['alpha_drag_paths_ms']:.2f} ms)")
        print(f"  a frame of six runs animating: {r['frame_ms']:.2f} ms (p95 {r['frame_p95_ms']:.2f} ms, {r['fps']:.0f} fps "
              f"possible; steps and updates {r['frame_python_ms']:.2f} ms); as the screen gets it "
              f"{r['window_frame_ms']:.2f} ms, {r['window_ratio_to_idle']:.2f}× the window repainted with nothing changed "
              f"({r['idle_window_frame_ms']:.2f} ms); Python memory growth over {r['animated_steps']} steps "
              f"{r['memory_growth_kib']:.1f} KiB")
        print(describe_direction(direction))
        print(describe_variables(report["variables"]))
        print(describe_held_slider(report["variables"]))
        f = report["fit"]
        print(f"fit (core): {f['steps']:,} full-batch GD steps on {f['points']:,} points in {f['fit_steps_s']:.3f} s; "
              f"the loss of those points on a 200×200 grid (six sums) in {f['loss_grid_200_ms']:.2f} ms")
        d = report["data_drag"]
        print(f"data drag: a point of {d['points']} moved to the re-formed {d['resolution']}×{d['resolution']} loss surface "
              f"drawn in {d['data_drag_ms']:.1f} ms (p95 {d['data_drag_p95_ms']:.1f} ms; its mesh from the six sums "
              f"{d['loss_mesh_ms']:.2f} ms); letting go (the lesson's edit) {d['release_ms']:.1f} ms; the same "
              f"surface typed as its loss text, parsed and evaluated: {d['typed_loss_to_frame_ms']:.1f} ms")
        same = next((r for r in results if r["n"] == 200), None)
        if same is not None:
            print(f"  for reference, this run's 200×200 re-mesh to its frame: ours {same['remesh_ms']:.1f} ms, stock "
                  f"pyqtgraph {same['stock_remesh_ms']:.1f} ms; a frame of it alone {same['surface_frame_ms']:.1f} ms")
    window.close()
    stock_view.close()
    return 0


def _bench_data_drag(app, window, frame, repeat: int, moves: int = 40) -> dict:
    """The data pane's drag (issue #23): a move of a point of five to the surface's next frame,
    the loss re-meshed from its six sums and shown, with the data pane shown (``data_drag_ms``);
    the mesh alone (``loss_mesh_ms``); letting go, the lesson's edit (``release_ms``: the loss
    text parsed, fresh runs, every view); and, for reference in the same run, the same surfaces
    typed as their loss text with the data detached (parsed, and evaluated at every grid
    point: ``typed_loss_to_frame_ms``)."""
    from ..core.data import DataSet
    from ..core.data_lesson import loss_mesh
    from ..core.loss import LinearLoss

    lesson, view = window.lesson, window.surface_view
    five = ((0.0, 1.1), (1.0, 2.9), (2.0, 5.2), (3.0, 6.8), (4.0, 9.1))
    lesson.update(resolution=200, data=five, data_drives=True, descent_source="surface", point=(0.0, 0.0),
                  panes=tuple(dict.fromkeys(lesson.panes + ("data",))))
    app.processEvents()
    frame(view)

    def moved(k: int) -> tuple:
        return five[:2] + ((2.0, 5.2 + 0.01 * (k % 50 + 1)),) + five[3:]

    pane = window.data_pane
    drags, meshes, releases, typed = [], [], [], []
    for k in range(max(moves, repeat)):
        # What a move of the mouse does (DataPane._on_point_moved while dragging): the point
        # drawn where it is, the loss's mesh from its six sums shown by the surface.
        t0 = time.perf_counter()
        pane.plot.dragging = moved(k)
        pane.plot.show_points()
        lesson.preview_data(pane.plot.dragging)
        frame(view)  # as remesh_ms: to the surface's next frame (the window's composition is not the surface's)
        drags.append(time.perf_counter() - t0)
        app.processEvents()
        t0 = time.perf_counter()
        loss_mesh({**lesson.settings(), "data": moved(k)}, lesson.surface, view.lesson._lut)
        meshes.append(time.perf_counter() - t0)
        if k % 8 == 7:  # letting go: the lesson's edit (the loss text parsed, fresh runs, every view)
            pane.plot.dragging = None
            t0 = time.perf_counter()
            lesson.update(data=moved(k))
            app.processEvents()
            frame(view)
            releases.append(time.perf_counter() - t0)
    lesson.update(data_drives=False)
    for k in range(max(repeat, 5)):
        text = LinearLoss(DataSet.from_points(moved(k + 7))).text()
        t0 = time.perf_counter()
        window.function_bar.set_text(text)
        app.processEvents()
        frame(view)
        typed.append(time.perf_counter() - t0)
    lesson.load_settings({})
    app.processEvents()
    return {"points": len(five), "resolution": 200, "moves": len(drags), "data_drag_ms": _median_ms(drags),
            "data_drag_p95_ms": round(sorted(drags)[int(0.95 * len(drags))] * 1000.0, 3),
            "loss_mesh_ms": _median_ms(meshes), "release_ms": _median_ms(releases),
            "typed_loss_to_frame_ms": _median_ms(typed)}


def _bench_fit(repeat: int, steps: int) -> dict:
    """Core only (explorer.core.training): full-batch descent on the loss of 10,000 points (each
    step's gradient two dot products over the points), and the 200×200 grid of that loss."""
    import numpy as np

    from ..core.data import DataSet
    from ..core.loss import LinearLoss
    from ..core.optimizers import Optimizer
    from ..core.training import train

    rng = np.random.default_rng(0)
    x = rng.uniform(-3, 3, 10_000)
    data = DataSet(x, 2 * x + 1 + rng.normal(0, 0.5, x.size))
    runs, grids = [], []
    axis = np.linspace(-5, 5, 200)
    for _ in range(max(3, repeat)):
        t0 = time.perf_counter()
        train(data, Optimizer("gd", 0.01), steps)
        runs.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        LinearLoss(data).grid(axis, axis)
        grids.append(time.perf_counter() - t0)
    return {"points": len(data), "steps": steps, "fit_steps_s": round(statistics.median(runs), 4),
            "loss_grid_200_ms": _median_ms(grids)}


# A fresh process as the ``explorer`` command runs it (its command line read, then
# ``explorer.app.open_window``: the core before Qt, the window, the last session — here an
# empty one, XDG_CONFIG_HOME being a fresh folder), printing when each stage ended.
_FIRST_FRAME = """
import time
marks = {"interpreter": time.monotonic()}
import json
from explorer import app as explorer_app, cli


def run_app(argv=(), initial_function=None, lesson_path=None):  # the command's own call, to the first frame
    app, window = explorer_app.open_window(argv, initial_function, lesson_path,
                                           stage=lambda name: marks.__setitem__(name, time.monotonic()))
    window.remembers = False

    def painted():
        marks["first_frame"] = time.monotonic()
        print("painted", json.dumps(marks), flush=True)
        app.quit()

    window.surface_view.frameSwapped.connect(painted)
    return app.exec()


explorer_app.run_app = run_app
cli.main([])  # `explorer` with no arguments, as a double-click starts it
"""

#: The stages of ``startup_ms`` in ``startup_breakdown_ms``, each from the end of the one before
#: (the first from the process's launch): the interpreter's own start; importing the core,
#: Qt and the views; building the window on the lesson; showing it (the native window and
#: its GL context); the event loop to the surface view's first frameSwapped.  (Both the app
#: and stock are timed to their first frame, not to their process's exit.)
STARTUP_STAGES = ("interpreter", "imports", "window", "shown", "first_frame")


# The reference for start-up, measured in the same run: stock pyqtgraph's own first frame
# of a 200×200 surface in a GLViewWidget of the same size (no normals: stock's would add
# its slow Python loop), the floor for any window of this stack.  Stock runs as installed:
# it keeps PySide6's import hook, which the app drops (app.drop_feature_import_hook; the same
# two lines would take ~60 ms off stock's start too).
_STOCK_FIRST_FRAME = """
import json, time
import numpy as np
from PySide6 import QtCore, QtWidgets
QtWidgets.QApplication.setAttribute(QtCore.Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
app = QtWidgets.QApplication([])
import pyqtgraph.opengl as gl
view = gl.GLViewWidget()
x = np.linspace(-2, 2, 200)
view.addItem(gl.GLSurfacePlotItem(x=x, y=x, z=x[:, None] ** 2 + x[None, :] ** 2, computeNormals=False))
view.resize(1024, 768)
view.frameSwapped.connect(lambda: (print("painted", json.dumps({"first_frame": time.monotonic()}), flush=True), app.quit()))
view.show()
app.exec()
"""


def _bench_startup(repeat: int) -> dict:
    """A fresh process to the surface view's first painted frame (what a student waits for
    after a double-click), as the machine's ``python`` starts it: the median of ``repeat``
    launches (after one untimed), and the median time of each stage (``STARTUP_STAGES``);
    and, as its reference, stock pyqtgraph's first frame of a surface."""
    import os
    import subprocess
    import tempfile

    def fresh_process(code: str, env=None) -> tuple[float, dict]:
        """Seconds from the launch to the first frame, and the stages' milliseconds."""
        t0 = time.monotonic()  # the child's marks are on the same clock (CLOCK_MONOTONIC)
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
        if "painted" not in done.stdout:
            raise RuntimeError(f"the window never painted: {done.stderr[-400:]}")
        marks = json.loads(done.stdout.split("painted", 1)[1].strip())
        stages, before = {}, t0
        for name in STARTUP_STAGES if len(marks) > 1 else ():
            stages[name] = (marks[name] - before) * 1000
            before = marks[name]
        return marks["first_frame"] - t0, stages

    # Both start as an installed copy does, from compiled bytecode (pip compiles it on install;
    # PYTHONDONTWRITEBYTECODE, set in some shells and CI, would have the app compile its 100
    # modules on every launch): one launch each, untimed, writes what is missing.  The app's
    # and stock's launches alternate, so a machine whose load changes weighs on both alike.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    from .. import BLAS_THREADS_OURS

    if BLAS_THREADS_OURS:  # this process's own setting (explorer/__init__.py): stock starts as installed, the app sets it again
        env.pop("OPENBLAS_NUM_THREADS", None)
    app_runs, stock_runs = [], []
    with tempfile.TemporaryDirectory(prefix="explorer-bench-") as config:
        env["XDG_CONFIG_HOME"] = config  # no remembered lesson, layout or theme
        for launch in range(1 + max(1, repeat)):
            app_run, stock_run = fresh_process(_FIRST_FRAME, env), fresh_process(_STOCK_FIRST_FRAME, env)
            if launch:
                app_runs.append(app_run)
                stock_runs.append(stock_run[0])
    stock = _median_ms(stock_runs)
    startup = _median_ms([elapsed for elapsed, _ in app_runs])
    breakdown = {name: round(statistics.median(stages[name] for _, stages in app_runs), 1) for name in STARTUP_STAGES}
    return {"startup_ms": startup, "stock_startup_ms": stock, "startup_ratio_to_stock": startup / stock,
            "startup_breakdown_ms": breakdown}


def _bench_gif_export(window, quick: bool) -> dict:
    """File ▸ Export ▸ Animation: a 120-frame GIF of a 200×200 surface at 800×600 (six runs
    of Rosenbrock racing on it), its time and its size; and the same with the descent panel
    beside it (``with_panel_*``)."""
    import tempfile
    from pathlib import Path

    from .export import export_animation

    resolution, size, frames = (60, (200, 150), 10) if quick else (200, (800, 600), 120)
    window.lesson.update(function="(1 - x)^2 + 100(y - x^2)^2", x_range=(-2.0, 2.0), y_range=(-1.0, 3.0),
                         point=(-1.0, 1.0), resolution=resolution, descent_source="surface", learning_rate=0.001,
                         more_runs=[("momentum", 0.001), ("nesterov", 0.001), ("adagrad", 0.1), ("rmsprop", 0.01),
                                    ("adam", 0.05)])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "race.gif"
        done = export_animation(window, path, frames - 1, "surface", size)
        megabytes = path.stat().st_size / 1e6
        # The same race with the descent panel beside it (its plot and every run's numbers).
        both = export_animation(window, path, frames - 1, "both", size)
        megabytes_both = path.stat().st_size / 1e6
    window.lesson.load_settings({})
    return {"frames": done["frames"], "seconds": done["seconds"], "megabytes": megabytes, "size": list(size),
            "resolution": resolution, "with_panel_seconds": both["seconds"], "with_panel_megabytes": megabytes_both}


def _bench_descent(app, repeat: int, frame_count: int = 1000) -> dict:
    """The descent panel animating 10,000 steps (frame time, memory), and a 100,000-step run."""
    import resource
    import tracemalloc

    from ..core import function_from_text
    from ..core.descent import Descent, descend
    from ..core.lesson import Lesson
    from .descent_panel import DescentPanel

    lesson = Lesson()
    panel = DescentPanel(lesson)
    panel.resize(560, 640)
    panel.show()
    for _ in range(10):
        app.processEvents()
    # A run that neither converges nor diverges within 10,000 steps: the flat bottom of x⁴.
    lesson.update(descent_function="f(x) = x^4", descent_range=(-2, 2), start=1.5, learning_rate=0.001)
    steps_per_frame = 10  # 600 steps a second at 60 frames a second

    def animate(frame_count: int, on_frame=None) -> list[float]:
        times = []
        for frame_index in range(frame_count):
            t0 = time.perf_counter()
            panel._advance(steps_per_frame)
            panel.plot.repaint()  # paints synchronously, as the screen would
            app.processEvents()
            times.append(time.perf_counter() - t0)
            if on_frame:
                on_frame(frame_index)
        return times

    # Timing pass: 10,000 steps, 1,000 frames.
    frames = animate(frame_count)
    steps = panel.run.steps
    # Memory pass (tracemalloc slows Python, so apart from the timing): a fresh 10,000 steps,
    # growth measured from frame 100 (caches warm) to the end.
    panel.reset()
    marks = {}

    def mark(frame_index: int) -> None:
        if frame_index == min(100, frame_count // 3):
            marks["python"] = tracemalloc.get_traced_memory()[0]
            marks["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    tracemalloc.start()
    animate(frame_count, mark)
    memory_growth = tracemalloc.get_traced_memory()[0] - marks["python"]
    tracemalloc.stop()
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - marks["rss"]
    panel.close()

    function = function_from_text("f(x) = x^4 - 3.4x^2 + 0.5x")
    skip = []
    for _ in range(max(3, repeat)):
        t0 = time.perf_counter()
        result = descend(function, 1e-7, (2.2,), 100_000)  # crawls: all 100,000 steps are taken
        skip.append(time.perf_counter() - t0)
    assert result.steps == 100_000
    run = Descent(function, 1e-7, (2.2,), max_steps=100_000)
    t0 = time.perf_counter()
    run.run_to_end()
    run_to_end_ms = (time.perf_counter() - t0) * 1000.0
    frame_ms = statistics.median(frames) * 1000.0
    return {
        "steps": steps,
        "frame_ms": round(frame_ms, 3),
        "frame_p95_ms": round(sorted(frames)[int(0.95 * len(frames))] * 1000.0, 3),
        "fps": round(1000.0 / frame_ms, 1),
        "memory_growth_kib": round(memory_growth / 1024.0, 1),
        "rss_growth_kib": rss_growth,
        "skip_100k_ms": _median_ms(skip),
        "run_to_end_100k_ms": round(run_to_end_ms, 3),
    }


# Learning rates at which each optimizer takes all 10,000 steps on Rosenbrock from (−1, 1)
# without diverging (the convergence test is off, so every run takes every step).
_RACE = (("gd", 0.001), ("momentum", 0.0005), ("nesterov", 0.0005), ("adagrad", 0.5), ("rmsprop", 0.005), ("adam", 0.02))


def _bench_race(repeat: int, steps: int = 10_000) -> dict:
    """Six optimizers racing on Rosenbrock, 10,000 steps each, run to the end through the
    app's code (Race → the optimizers' loops → f at every iterate), against six loops
    written by hand for this one function over plain floats, in the same run."""
    from ..core import function_from_text
    from ..core.descent import Race, Racer
    from ..core.optimizers import Optimizer

    f = function_from_text("f(x, y) = (1 - x)^2 + 100(y - x^2)^2")
    racers = [Racer(Optimizer(kind, lr), (-1.0, 1.0)) for kind, lr in _RACE]
    Race(f, racers, max_steps=5, gradient_tolerance=0.0).run_to_end()  # compile once, as the app would have
    ours, hand = [], []
    for _ in range(max(3, repeat)):
        race = Race(f, racers, max_steps=steps, gradient_tolerance=0.0)
        t0 = time.perf_counter()
        race.run_to_end()
        ours.append(time.perf_counter() - t0)
        if any(run.steps != steps for run in race.runs):
            raise RuntimeError(f"a racer stopped early: {[(str(r.status), r.steps) for r in race.runs]}")
        t0 = time.perf_counter()
        _hand_loops(steps)
        hand.append(time.perf_counter() - t0)
    ours_ms, hand_ms = _median_ms(ours), _median_ms(hand)
    return {"runs": len(racers), "steps": steps, "run_to_end_ms": ours_ms, "hand_loops_ms": hand_ms,
            "ratio_to_hand_loops": round(ours_ms / hand_ms, 2)}


def _bench_race_in_window(app, window, frame, repeat: int, frames_timed: int = 1000, resolution: int = 200,
                          drag_steps: int = 40) -> dict:
    """Six runs racing on Rosenbrock in the window (200×200, the panel on the surface):

    - ``alpha_drag_ms``: one step of a learning-rate slider's drag, from the α it sends to
      every view updated (the dragged run's 500-step path recomputed, the five others kept,
      all six runs restarted, the surface's lines and the plot's curves set), the frame
      itself not counted; ``alpha_drag_all_paths_ms`` the same with all six paths
      recomputed (the worst case: a new start); ``alpha_drag_paths_ms`` the six paths alone;
    - ``frame_ms``: a frame of the animation at 600 steps a second (10 steps of each run, the
      views updated, the surface's GL frame rendered and the plot painted), over 10,000
      steps; ``frame_python_ms`` its steps and updates alone;
    - ``window_frame_ms``: the same frame as the screen gets it (one flush of the window,
      composed through GL); ``idle_window_frame_ms`` the reference in the same run: the
      window repainted with nothing changed;
    - the Python memory growth over a second 10,000 steps (tracemalloc, from step 3,000 on).
    """
    import tracemalloc

    from ..core.descent import descend
    from ..core.lesson import FORECAST_STEPS

    lesson, panel, view = window.lesson, window.descent_panel, window.surface_view
    view.setMinimumSize(0, 0)
    view.setMaximumSize(16_777_215, 16_777_215)
    window.resize(1024, 768)
    lesson.update(function="f(x, y) = (1 - x)^2 + 100(y - x^2)^2", x_range=(-2.0, 2.0), y_range=(-1.0, 3.0),
                  resolution=resolution, point=(-1.0, 1.0), descent_source="surface", learning_rate=_RACE[0][1],
                  optimizer=_RACE[0][0], more_runs=tuple(_RACE[1:]), speed=600)
    for _ in range(10):
        app.processEvents()
    row = panel.run_rows[1]  # momentum's: a drag of an added run's α
    drag, all_six, paths = [], [], []
    rates = [_RACE[1][1] * (0.8 + 0.4 * k / drag_steps) for k in range(drag_steps + 1)]
    for _ in range(max(1, repeat // 2)):
        for worst, samples in ((False, drag), (True, all_six)):
            for alpha in rates + rates[::-1]:
                if worst:  # as if every run's path were new (the lesson keeps the unchanged ones)
                    lesson.session.drop_forecasts()
                t0 = time.perf_counter()
                row.learningRateChosen.emit(1, alpha)  # what a slider's move sends: → the lesson → every view
                samples.append(time.perf_counter() - t0)
                app.processEvents()
        t0 = time.perf_counter()
        for optimizer in lesson.optimizers:
            descend(lesson.surface, optimizer.learning_rate, lesson.point, FORECAST_STEPS, optimizer=optimizer)
        paths.append(time.perf_counter() - t0)
    lesson.update(more_runs=tuple(_RACE[1:]))  # back to the race's own rates

    python_times: list[float] = []

    def animate(frame_count: int, on_frame=None) -> list[float]:
        times = []
        for index in range(frame_count):
            t0 = time.perf_counter()
            lesson.step_run(10)  # the steps, and every view updated (lines, curves, readout)
            t1 = time.perf_counter()
            frame(view)  # the surface's GL frame, to glFinish
            panel.plot.grab()  # the plot painted (into a pixmap: its paint, not the window's)
            times.append(time.perf_counter() - t0)
            python_times.append(t1 - t0)
            if on_frame:
                on_frame(index)
            if index % 20 == 0:
                app.processEvents()
        return times

    def window_frames(count: int, step: bool) -> list[float]:
        # As the screen gets it: both views marked for repaint and one turn of the event loop
        # (one flush; a window holding a QOpenGLWidget is composed through GL, which on a
        # software renderer costs as much as the frame itself).
        times = []
        for _ in range(count):
            t0 = time.perf_counter()
            if step:
                lesson.step_run(10)
            view.update()
            panel.plot.viewport().update()
            app.processEvents()
            times.append(time.perf_counter() - t0)
        return times

    lesson.reset_run()
    frames = animate(frames_timed)
    animated = lesson.run.steps
    window = window_frames(max(20, frames_timed // 10), step=True)
    idle = window_frames(max(20, frames_timed // 10), step=False)
    lesson.reset_run()
    marks = {"python": 0}

    def mark(index: int) -> None:
        # From step 3,000 on, when every run keeps its full path (the first and last 1,000
        # iterates): before that the paths, and the buffers that draw them, still grow.
        if index == min(300, frames_timed // 3):
            marks["python"] = tracemalloc.get_traced_memory()[0]

    tracemalloc.start()
    animate(frames_timed, mark)
    growth = tracemalloc.get_traced_memory()[0] - marks["python"]
    tracemalloc.stop()
    frame_ms = statistics.median(frames) * 1000.0
    return {
        "resolution": resolution, "forecast_steps": FORECAST_STEPS, "animated_steps": animated,
        "alpha_drag_ms": _median_ms(drag), "alpha_drag_p95_ms": round(sorted(drag)[int(0.95 * len(drag))] * 1000.0, 3),
        "alpha_drag_all_paths_ms": _median_ms(all_six), "alpha_drag_paths_ms": _median_ms(paths),
        "frame_ms": round(frame_ms, 3), "frame_p95_ms": round(sorted(frames)[int(0.95 * len(frames))] * 1000.0, 3),
        "fps": round(1000.0 / frame_ms, 1), "frame_python_ms": _median_ms(python_times),
        "window_frame_ms": _median_ms(window), "idle_window_frame_ms": _median_ms(idle),
        "window_ratio_to_idle": round(statistics.median(window) / statistics.median(idle), 2),
        "memory_growth_kib": round(growth / 1024.0, 1),
    }


def _hand_loops(steps: int) -> list:
    """The reference: each optimizer's update inlined with Rosenbrock's gradient, nothing else."""
    import math

    out = []
    sqrt = math.sqrt
    for kind, lr in _RACE:
        x, y = -1.0, 1.0
        xs, ys = [x], [y]
        bx = by = sx = sy = mx = my = vx = vy = 0.0
        for t in range(1, steps + 1):
            gx, gy = -400.0 * x * (y - x * x) + 2.0 * x - 2.0, 200.0 * (y - x * x)
            if kind == "gd":
                x, y = x - lr * gx, y - lr * gy
            elif kind in ("momentum", "nesterov"):
                bx, by = (gx, gy) if t == 1 else (0.9 * bx + gx, 0.9 * by + gy)
                if kind == "momentum":
                    x, y = x - lr * bx, y - lr * by
                else:
                    x, y = x - lr * (gx + 0.9 * bx), y - lr * (gy + 0.9 * by)
            elif kind == "adagrad":
                sx, sy = sx + gx * gx, sy + gy * gy
                x, y = x - lr * gx / (sqrt(sx) + 1e-10), y - lr * gy / (sqrt(sy) + 1e-10)
            elif kind == "rmsprop":
                vx, vy = 0.99 * vx + 0.01 * gx * gx, 0.99 * vy + 0.01 * gy * gy
                x, y = x - lr * gx / (sqrt(vx) + 1e-8), y - lr * gy / (sqrt(vy) + 1e-8)
            else:
                mx, my = 0.9 * mx + 0.1 * gx, 0.9 * my + 0.1 * gy
                vx, vy = 0.999 * vx + 0.001 * gx * gx, 0.999 * vy + 0.001 * gy * gy
                step, root = lr / (1.0 - 0.9**t), sqrt(1.0 - 0.999**t)
                x, y = x - step * mx / (sqrt(vx) / root + 1e-8), y - step * my / (sqrt(vy) / root + 1e-8)
            xs.append(x)
            ys.append(y)
        out.append((xs, ys))
    return out


if __name__ == "__main__":
    sys.exit(main())
