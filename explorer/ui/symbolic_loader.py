"""sympy imported in the background once the window has painted, then the lesson made symbolic.

The first frame is drawn from the early functions (:mod:`explorer.core.early`: the
parser's own tree, numbers only), so a student sees the surface, the readout's numbers and
the descent panel without waiting ~0.6 s for sympy.  Right after that frame a worker thread
imports sympy (and the submodules a first derivative needs); back on the Qt thread the
lesson swaps its early functions for the symbolic ones (:meth:`Lesson.adopt_symbolic`),
every number is worked out again by sympy, and the views fill in what needs algebra: the
partials' formulas, the term-by-term rule, f′(x).

The window stays responsive meanwhile: the worker holds the interpreter only between
the event loop's turns (the GIL switches every few ms), and whatever asks sympy for
something before it is there simply waits for the same import.
"""

from __future__ import annotations

import sys
import threading
import traceback

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from ..core import lazy_sympy
from ..core.lesson import Lesson, LessonError

__all__ = ["SymbolicLoader"]


class _Relay(QObject):
    """Carries "sympy is imported" from the worker to the Qt thread (a queued connection).
    One per application, owned by it: a window closed while sympy loads is no object the
    worker could emit on after it is deleted."""

    imported = Signal()


def _relay() -> _Relay:
    app = QCoreApplication.instance()
    relay = app.findChild(_Relay, "sympy import relay")
    if relay is None:
        relay = _Relay(app)
        relay.setObjectName("sympy import relay")
    return relay


class SymbolicLoader(QObject):
    """Loads sympy off the Qt thread and has ``lesson`` adopt it.  :meth:`start` once the
    window has painted; ``ready`` is emitted (on the Qt thread) when the lesson is symbolic,
    ``is_ready`` says so afterwards."""

    #: The lesson's functions are the symbolic ones (at once if they were never early).
    ready = Signal()

    def __init__(self, lesson: Lesson, parent: QObject | None = None):
        super().__init__(parent)
        self._lesson = lesson
        self._started = False
        self.is_ready = False

    def start_after_this_event(self) -> None:
        """:meth:`start` once the event loop is back: connected to the first frameSwapped,
        the other slots on that frame run first, not after the thread's start and its first
        hold of the interpreter (~2 ms)."""
        QTimer.singleShot(0, self, self.start)

    def start(self) -> None:
        """Begin (once; later calls do nothing)."""
        if self._started:
            return
        self._started = True
        relay = _relay()
        relay.imported.connect(self._adopt)  # dropped by Qt if this window goes first
        threading.Thread(target=_import, args=(relay,), name="sympy import", daemon=True).start()

    def _adopt(self) -> None:
        if self.is_ready:
            return  # another window's import said so too
        try:
            self._lesson.adopt_symbolic()
        except LessonError as error:  # cannot happen for the defaults; said, never raised into the loop
            self._lesson.events.refused.emit(error.field, error.message)
        self.is_ready = True
        self.ready.emit()


def _import(relay: _Relay) -> None:
    # A daemon thread: a window closed within the second does not wait for sympy to exit.
    try:
        lazy_sympy.load(warm=True)
    except Exception:  # noqa: BLE001 - reported; the first use on the Qt thread raises it where it is handled
        traceback.print_exc(file=sys.stderr)
    try:
        relay.imported.emit()
    except RuntimeError:  # the application itself is gone (the process is ending): nobody to tell
        pass
