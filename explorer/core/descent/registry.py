"""Every descent source, in the descent panel's menu order: the one list of them.

``SOURCES`` maps each source's key (what lesson files and ``Lesson.descent_source`` hold)
to its :class:`~explorer.core.descent.sources.DescentSource`; :func:`source` looks one up.
A new source is one class in :mod:`.sources` and one line below.
"""

from __future__ import annotations

from types import MappingProxyType

from .sources import (
    CoordinateDescentOnSurface, DescentOnSurface, DescentSource, OwnCurve, SliceAlongU, SliceAlongX, SliceAlongY,
)

__all__ = ["SOURCES", "KEYS", "DEFAULT", "source"]

SOURCES: "MappingProxyType[str, DescentSource]" = MappingProxyType({s.key: s for s in (
    OwnCurve(),
    SliceAlongX(),
    SliceAlongY(),
    SliceAlongU(),
    CoordinateDescentOnSurface(),
    DescentOnSurface(),
)})
KEYS: tuple[str, ...] = tuple(SOURCES)  # menu order
DEFAULT: DescentSource = SOURCES[KEYS[0]]  # a new lesson descends its own curve


def source(key: str) -> DescentSource:
    """The source named ``key``; KeyError naming the keys there are for any other."""
    try:
        return SOURCES[key]
    except (KeyError, TypeError):
        raise KeyError(f"no descent source {key!r} (the sources are {', '.join(KEYS)})") from None
