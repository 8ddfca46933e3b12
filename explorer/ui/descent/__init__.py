"""The descent panel as small parts, each with one job (see :mod:`.panel`): the source bar,
the run list, the transport with its clock, the curve plot and the steps plot drawing into
one plot, and the readout showing the story's sentences (:mod:`explorer.core.story`)."""

from .panel import DescentPanel

__all__ = ["DescentPanel"]
