"""Save a screenshot of the main window (run under a display, e.g. xvfb-run).

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/screenshot.py docs/screenshot.png
    … scripts/screenshot.py docs/small.png --size=1024x768      # as on a 1024×768 projector
    … scripts/screenshot.py docs/slice.png --source=slice-x --steps=6 --rate=0.05
                                       # the descent panel on the surface's slice, six steps in
    … scripts/screenshot.py docs/fit.png --data="0,1.1;1,2.9;2,5.2;3,6.8;4,9.1" --steps=40 --rate=0.02
                                       # the data pane training on five points
    … scripts/screenshot.py docs/direction.png --direction=30 --plane
                                       # the Direction pane shown, u at 30°, the tangent plane on
"""

import argparse

from explorer.app import make_application
from explorer.core.descent.registry import DEFAULT, KEYS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", default="screenshot.png")
    parser.add_argument("--size", default="1440x900", help="window size, WxH")
    parser.add_argument("--source", default=DEFAULT.key, choices=KEYS,
                        help="what the descent panel runs on")
    parser.add_argument("--function", default=None, help="the surface's function, as typed")
    parser.add_argument("--point", default=None, help="the picked point, X,Y")
    parser.add_argument("--optimizer", default=None, help="the first run's optimizer (gd, momentum, …)")
    parser.add_argument("--runs", default="", help="more runs racing, e.g. momentum:0.01,adam:0.1")
    parser.add_argument("--finish", action="store_true", help="run every run to its end before the shot")
    parser.add_argument("--top", action="store_true", help="the surface seen from above")
    parser.add_argument("--steps", type=int, default=0, help="descent steps to take before the shot")
    parser.add_argument("--rate", type=float, default=None, help="the learning rate α")
    parser.add_argument("--descent", action="store_true", help="(kept for old scripts) the same as --steps=12")
    parser.add_argument("--triangles", action="store_true", help="the slope triangles on the tangents")
    parser.add_argument("--downhill", action="store_true", help="−∇f drawn at the point too")
    parser.add_argument("--direction", default=None, help="the Direction pane shown, u at this θ in degrees "
                                                           "('steepest': snapped to ∇f)")
    parser.add_argument("--plane", action="store_true", help="the tangent plane on")
    parser.add_argument("--theme", default="light", choices=["light", "dark", "contrast"], help="View ▸ Theme")
    parser.add_argument("--quiz", default=None, metavar="ANSWER",
                        help="the quiz open, this answer to its first question checked and two hints shown")
    parser.add_argument("--data", default=None, metavar="X,Y;X,Y;…",
                        help="the data pane shown with these points, Train on this data pressed")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))

    app = make_application()
    from PySide6.QtCore import QTimer

    from explorer.ui import MainWindow
    from explorer.ui.main_window import isolate_settings, settings

    # A screenshot shows the default layout, not the one this machine last remembered.
    isolate_settings()
    settings().clear()
    window = MainWindow()
    window.resize(width, height)
    window.show()
    changes = {"descent_source": args.source}
    if args.function:
        changes["function"] = args.function
    if args.point:
        changes["point"] = tuple(float(v) for v in args.point.split(","))
    if args.rate is not None:
        changes["learning_rate"] = args.rate
    if args.optimizer:
        changes["optimizer"] = args.optimizer
    if args.runs:
        changes["more_runs"] = tuple((kind, float(rate)) for kind, rate in (run.split(":") for run in args.runs.split(",")))
    if args.triangles:
        changes["slope_triangles"] = True
    if args.downhill:
        changes["downhill"] = True
    if args.plane:
        changes["tangent_plane"] = True
    window.set_theme(args.theme)
    window.lesson.update(**changes)
    if args.direction is not None:
        window.direction_dock.toggleViewAction().trigger()
        if args.direction == "steepest":
            window.direction_pane.snap_to_steepest()
        else:
            window.lesson.update(direction=float(args.direction))
    if args.quiz is not None:
        window.quiz_dock.toggleViewAction().trigger()
        window.quiz_panel.answer_input.setText(args.quiz)
        window.quiz_panel.check()
        window.quiz_panel.hint()
        window.quiz_panel.hint()
    if args.data:
        window.lesson.update(data=tuple(tuple(float(v) for v in p.split(",")) for p in args.data.split(";")))
        window.data_dock.toggleViewAction().trigger()
        window.data_pane.train_button.click()
    window.lesson.step_run(12 if args.descent and not args.steps else args.steps)
    if args.finish:
        window.lesson.finish_run()
    if args.top:
        window.surface_view.top_view()
    # Let the window lay itself out and render a few frames before grabbing it.
    QTimer.singleShot(800, app.quit)
    app.exec()
    window.screenshot().save(args.path)
    print(f"saved {args.path} ({window.width()}×{window.height()})")


if __name__ == "__main__":
    main()
