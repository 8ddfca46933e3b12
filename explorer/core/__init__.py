"""The explorer's core: numpy and sympy only, never Qt or OpenGL.

Its public functions are the app's scripting interface (see ``explorer.cli``).

The names below are looked up when first asked for (PEP 562), not when the package is
imported: importing any module of the core (``explorer.core.presets`` …) imports this
package first, and the package by itself loads neither the parser nor the calculus.  None of
them imports sympy at import time either: it is imported on first use (:mod:`.lazy_sympy`).
"""

import importlib

__all__ = ["Function", "TermDerivative", "function_from_text", "ParseError", "parse_function"]

_HOMES = {"Function": ".calculus", "TermDerivative": ".calculus", "function_from_text": ".calculus",
          "ParseError": ".expression", "parse_function": ".expression"}


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value  # once: later reads are plain module attributes
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
