"""Gradient descent: the engine (:mod:`.engine`), what a descent runs on (:mod:`.sources`,
:mod:`.registry`) and a running race with its forecasts (:mod:`.session`).

``from explorer.core.descent import Descent, Race, descend …`` reads the engine, as it did
when it was one module.
"""

from .engine import (
    CoordinateDescent, Descent, DescentResult, DescentStatus, DescentStep, Race, Racer, descend, is_falling,
    is_minimum, is_one_way, is_oscillating, slope_ending, update_arithmetic, zero_over_zero,
)

__all__ = [
    "DescentStatus", "DescentStep", "DescentResult", "Descent", "CoordinateDescent", "Race", "Racer", "descend",
    "update_arithmetic", "is_oscillating", "is_minimum", "is_one_way", "is_falling", "slope_ending",
    "zero_over_zero",
]
