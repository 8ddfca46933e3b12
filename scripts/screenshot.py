"""Save a screenshot of the main window (run under a display, e.g. xvfb-run).

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/screenshot.py docs/screenshot.png
    … scripts/screenshot.py docs/descent.png --descent   # the gradient-descent tab, run a little
    … scripts/screenshot.py small.png --size=1024x768      # as on a 1024×768 projector
"""

import sys

from explorer.app import make_application


def main(path: str, descent: bool = False, width: int = 1440, height: int = 900) -> None:
    app = make_application()
    from PySide6.QtCore import QTimer

    from explorer.ui import MainWindow

    window = MainWindow()
    window.resize(width, height)
    window.show()
    if descent:
        window.show_page(window.descent_panel)
        for _ in range(12):
            window.descent_panel.step()
    # Let the window lay itself out and render a few frames before grabbing it.
    QTimer.singleShot(800, app.quit)
    app.exec()
    window.screenshot().save(path)
    print(f"saved {path} ({window.width()}×{window.height()})")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    size = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--size=")), "1440x900")
    width, height = (int(v) for v in size.split("x"))
    main(args[0] if args else "screenshot.png", descent="--descent" in sys.argv, width=width, height=height)
