"""Save a screenshot of the main window (run under a display, e.g. xvfb-run).

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/screenshot.py docs/screenshot.png
"""

import sys

from explorer.app import make_application


def main(path: str, width: int = 1400, height: int = 860) -> None:
    app = make_application()
    from PySide6.QtCore import QTimer

    from explorer.ui import MainWindow

    window = MainWindow()
    window.resize(width, height)
    window.show()
    # Let the window lay itself out and render a few frames before grabbing it.
    QTimer.singleShot(800, app.quit)
    app.exec()
    window.screenshot().save(path)
    print(f"saved {path} ({window.width()}×{window.height()})")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "screenshot.png")
