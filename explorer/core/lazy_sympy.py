"""sympy, imported when it is first used rather than when a module naming it is imported.

sympy's import and the ~100 submodules its first derivative and ``lambdify`` pull in take
~0.6 s, a third of a cold start, and the window's first frame needs none of it (its numbers
come from :mod:`explorer.core.early` until sympy is there).  A module of the core writes::

    from .lazy_sympy import sympy

and uses ``sympy.diff`` … as before: the first attribute read imports sympy (in whatever
thread reads it first; Python's import lock makes a second reader wait for the same module).

Why not ``importlib.util.LazyLoader`` (or the ``lazy_loader`` package built on it): on
Python 3.11 its module is not safe to touch from two threads at once (a lock came in
3.12), and here one thread loads sympy in the background while the window may ask for it.
"""

from __future__ import annotations

import importlib
import sys
import threading

__all__ = ["sympy", "is_loaded", "load"]

_loaded = threading.Event()


class _Sympy:
    """Stands for the sympy module: the first attribute read imports it; after that its
    names are this object's own (as fast to read as the module's)."""

    def __getattr__(self, name: str):
        if name.startswith("__"):  # inspect, pickle and copy probe dunders: not a use of sympy
            raise AttributeError(name)
        return getattr(load(), name)

    def __repr__(self) -> str:
        return "<sympy, imported on first use>" if not is_loaded() else repr(sys.modules["sympy"])


sympy = _Sympy()


def load(warm: bool = False):
    """Import sympy (once; a no-op after) and return it.  ``warm``: also work one small
    derivative through ``lambdify``, which imports the printing and code-generation
    submodules a first function would otherwise wait for."""
    module = importlib.import_module("sympy")
    if not _loaded.is_set():
        sympy.__dict__.update({name: value for name, value in vars(module).items() if not name.startswith("__")})
        _loaded.set()
    if warm:
        t = module.Symbol("t", real=True)
        module.lambdify([t], [module.diff(t**2 + module.sin(t), t)], modules="math", cse=True)
    return module


def is_loaded() -> bool:
    """Whether sympy is imported (by :func:`load` or by anyone: a test, the command line)."""
    if _loaded.is_set():
        return True
    module = sys.modules.get("sympy")
    spec = getattr(module, "__spec__", None)
    return module is not None and spec is not None and not getattr(spec, "_initializing", False)
