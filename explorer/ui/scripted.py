"""Figures and animations made from the command line (``explorer render``, ``explorer
animate``): the app's own window, in the default layout and theme, driven without a user.

The command line (:mod:`explorer.cli`) reads the arguments; this builds the window, lets it
settle, and exports through :mod:`explorer.ui.export`.  Errors are the core's
(:class:`~explorer.core.lesson.LessonError`, :class:`~explorer.core.export.ExportError`).
"""

from __future__ import annotations

import contextlib
import time

from PySide6.QtWidgets import QApplication

from ..core.lesson import Camera
from .export import export_animation, export_surface
from .frames import caption_text
from .main_window import MainWindow, isolate_settings

WINDOW_SIZE = (1440, 900)
SETTLE_S = 0.3  # the docks are split a turn after the first show; the labels placed once the camera rests


def _settle() -> None:
    end = time.perf_counter() + SETTLE_S
    while time.perf_counter() < end:
        QApplication.processEvents()


@contextlib.contextmanager
def scripted_window(settings: dict):
    """A shown main window on the lesson ``settings`` (its own settings folder: whatever this
    user last left, the same figure every time; closing it remembers nothing)."""
    isolate_settings()
    window = MainWindow()
    window.remembers = False
    try:
        window.lesson.update(**settings)  # LessonError: the caller says why
        window.resize(*WINDOW_SIZE)
        window.show()
        _settle()
        yield window
    finally:
        window.close()


def render_figure(settings: dict, path, size: tuple[int, int], camera: Camera | str | None = None,
                  caption: bool = True) -> None:
    """The surface of the lesson ``settings`` into ``path`` at ``size``, seen from ``camera``
    (``"top"``, a :class:`Camera`, or None for the default view turned toward the point),
    captioned with the function and the point unless ``caption`` is False."""
    with scripted_window(settings) as window:
        view = window.surface_view
        if camera == "top":
            view.top_view()
        elif camera is not None:
            view.apply_camera(camera)
        else:
            view.reset_camera()
        _settle()
        export_surface(view, path, *size, caption_text(window.lesson) if caption else None)


def animate_run(settings: dict, path, steps: int, what: str, size: tuple[int, int]) -> dict:
    """A run of the lesson ``settings`` as a GIF or an MP4 (see :func:`export_animation`)."""
    with scripted_window(settings) as window:
        return export_animation(window, path, steps, what, size)
