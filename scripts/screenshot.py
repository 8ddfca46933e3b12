"""Save a screenshot of the main window (run under a display, e.g. xvfb-run).

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/screenshot.py docs/screenshot.png
    … scripts/screenshot.py docs/small.png --size=1024x768      # as on a 1024×768 projector
    … scripts/screenshot.py docs/slice.png --source=slice-x --steps=6 --rate=0.05
                                       # the descent panel on the surface's slice, six steps in
"""

import argparse

from explorer.app import make_application


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", default="screenshot.png")
    parser.add_argument("--size", default="1440x900", help="window size, WxH")
    parser.add_argument("--source", default="own", choices=["own", "slice-x", "slice-y", "coordinate"],
                        help="what the descent panel runs on")
    parser.add_argument("--steps", type=int, default=0, help="descent steps to take before the shot")
    parser.add_argument("--rate", type=float, default=None, help="the learning rate α")
    parser.add_argument("--descent", action="store_true", help="(kept for old scripts) the same as --steps=12")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))

    app = make_application()
    from PySide6.QtCore import QSettings, QTimer

    from explorer.ui import MainWindow
    from explorer.ui.main_window import settings

    # A screenshot shows the default layout, not the one this machine last remembered.
    import tempfile

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp(prefix="explorer-shot-"))
    settings().clear()
    window = MainWindow()
    window.resize(width, height)
    window.show()
    changes = {"descent_source": args.source}
    if args.rate is not None:
        changes["learning_rate"] = args.rate
    window.lesson.update(**changes)
    window.lesson.step_run(12 if args.descent and not args.steps else args.steps)
    # Let the window lay itself out and render a few frames before grabbing it.
    QTimer.singleShot(800, app.quit)
    app.exec()
    window.screenshot().save(args.path)
    print(f"saved {args.path} ({window.width()}×{window.height()})")


if __name__ == "__main__":
    main()
