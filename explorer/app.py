"""Qt application set-up: attributes that must precede the QApplication, then the window."""

from __future__ import annotations

import builtins
import gc
import os
import sys
import traceback
from contextlib import contextmanager
from typing import Callable, Sequence


def make_application(argv: Sequence[str] = ()):
    """The QApplication, created once with what OpenGL views need set beforehand."""
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication

    drop_feature_import_hook()

    app = QApplication.instance()
    if app is None:
        # A GL view that moves to a new top-level window draws black unless contexts are
        # shared, and this can only be set before the QApplication exists.
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
        app = QApplication(["explorer", *argv])
        app.setApplicationName("Gradient Explorer")
        # Large enough to read from the back of a classroom.
        font = app.font()
        font.setPointSizeF(max(font.pointSizeF(), 11.0))
        app.setFont(font)
    return app


def drop_feature_import_hook() -> bool:
    """Put Python's own ``__import__`` back in place of PySide6's; whether it was there.

    Importing PySide6 replaces ``builtins.__import__`` with a hook for PySide's optional
    ``__feature__`` switches (snake_case, true_property), which neither the app nor its
    libraries select.  The hook runs two Python functions on every import statement and, for
    each module imported for the first time, reads that module's whole source file to look for
    "PySide6" (``inspect.getsource``): ~0.15 ms a module, ~45 ms of a cold start for the ~260
    modules imported after Qt (pyqtgraph's, the app's), and more again for sympy's ~700 as the
    formulas load.  With the hook gone, a ``from __feature__ import …`` would import and select
    nothing; nothing here writes one.  A PySide6 whose hook is not where this one keeps it is
    left as it is."""
    hook = getattr(builtins, "__feature_import__", None)
    original = getattr(builtins, "__orig_import__", None)
    if hook is None or original is None or builtins.__import__ is not hook:
        return False
    builtins.__import__ = original
    return True


def _report_unexpected(exc_type, exc, tb) -> None:
    # A slot that raises must not take the class's window down: log it and carry on.
    traceback.print_exception(exc_type, exc, tb, file=sys.stderr)


NO_DISPLAY = ("Gradient Explorer needs a display: run it on a desktop session. For scripts, the "
              "command line works without one (explorer grad …, explorer descend …), and the window "
              "runs under a virtual display: xvfb-run -a explorer")


def display_missing(environ=os.environ, platform: str = sys.platform) -> bool:
    """No screen for a window: on Linux, neither X (DISPLAY) nor Wayland, and no other Qt
    platform asked for (Qt would abort with a misleading 'xcb-cursor0 is needed')."""
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM", "xcb").split(":")[0] not in ("xcb", ""):
        return False
    return not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def run_app(argv: Sequence[str] = (), initial_function: str | None = None, lesson_path: str | None = None) -> int:
    """The window: on ``lesson_path``'s lesson, on ``initial_function``, or where the last
    session left off."""
    opened = open_window(argv, initial_function, lesson_path)
    if opened is None:
        return 1
    app, _window = opened
    return app.exec()


def open_window(argv: Sequence[str] = (), initial_function: str | None = None, lesson_path: str | None = None,
                stage: Callable[[str], None] = lambda name: None):
    """``(app, window)``, the window shown (its first frame paints once the event loop runs),
    or None without a display.  ``stage(name)`` is called as each step of the start-up ends
    ("imports", "window", "shown"): the benchmark's breakdown of ``startup_ms``."""
    if display_missing():
        print(NO_DISPLAY, file=sys.stderr)
        return None
    with collection_paused():
        return _open_window(argv, initial_function, lesson_path, stage)


@contextmanager
def collection_paused(freeze: bool = True):
    """No cyclic garbage collection inside: for a start-up's imports and the window's build.

    The ~800 modules imported and the widgets built make objects that live as long as the app,
    and collections triggered while they pile up scan them again and again (~40 ms, 6 % of a
    cold start).  On leaving, collection resumes; with ``freeze``, what exists then is frozen
    first (never scanned again: the app's own start-up objects, once its window is up)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if collecting:
            gc.enable()


def _open_window(argv: Sequence[str], initial_function: str | None, lesson_path: str | None, stage: Callable[[str], None]):
    # No sympy before the first frame: the lesson starts on the early functions and the window
    # imports sympy in the background once it has painted (ui/symbolic_loader.py).
    # What needs no Qt is imported before PySide6 (its import hook, until make_application
    # drops it, would read the source of each module imported after it).
    import OpenGL.GL  # noqa: F401 - pyqtgraph.opengl's own import, made here for the order
    from OpenGL.arrays.formathandler import FormatHandler

    FormatHandler.loadAll()  # the array handlers the first frame's GL calls would load after Qt

    from .core import lesson  # noqa: F401

    app = make_application([])
    from .ui import MainWindow

    stage("imports")
    sys.excepthook = _report_unexpected
    window = MainWindow(initial_function)
    if lesson_path is not None:
        window.open_lesson(lesson_path)  # a file it refuses: the message, on the default lesson
    elif initial_function is None:
        window.restore_session()
    stage("window")
    window.show()
    stage("shown")
    return app, window
