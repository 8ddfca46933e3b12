"""The descent panel, kept importable here: it lives in :mod:`explorer.ui.descent` as small
parts (:class:`~explorer.ui.descent.panel.DescentPanel` composes them)."""

from .descent import DescentPanel
from .runs import LEARNING_RATE_RANGE, SLIDER_STEPS, learning_rate_from_slider, slider_from_learning_rate

__all__ = ["DescentPanel", "LEARNING_RATE_RANGE", "SLIDER_STEPS", "learning_rate_from_slider",
           "slider_from_learning_rate"]
