"""Guard for the PySide6 6.12.0 bug that aborts an animated window.

6.12.0 on CPython 3.11 drops a reference to True on every Signal.emit() made from Python;
after a few thousand emits the interpreter dies in bool_dealloc.  The pin in
pyproject.toml keeps us off it; this test makes an upgrade that brings it back fail CI.
"""

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    stepped = Signal(int)


def test_ten_thousand_emits_leave_the_count_of_true_unchanged(qapp):
    emitter = _Emitter()
    received = []
    emitter.stepped.connect(received.append)
    before = sys.getrefcount(True)
    for i in range(10_000):
        emitter.stepped.emit(i)
    after = sys.getrefcount(True)
    assert len(received) == 10_000
    assert abs(after - before) < 50, f"sys.getrefcount(True) went from {before} to {after}"
