"""Named functions a teacher can pick (read from the shipped ``presets.json``).

A surface preset has a function of two variables, its x/y range and a point of interest;
a curve preset has a function of one variable, its x range, a start and a learning rate.
A many-variable preset (:func:`many_variable_presets`, #24) has a function of three to ten
variables, its point in all of them, the two variables the surface shows and their ranges;
it is a list of its own so that the surface's menu, which shows two variables, picks it up
only once the surface shows n (its :meth:`ManyVariablePreset.settings` are the lesson's
settings of that contract: ``function``, ``shown``, ``held``, ``point``, ``x_range``, ``y_range``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["SurfacePreset", "CurvePreset", "ManyVariablePreset", "surface_presets", "curve_presets",
           "many_variable_presets"]


@dataclass(frozen=True)
class SurfacePreset:
    """A surface preset: a function of two variables, its x and y ranges and a point of
    interest (world units), and a note for the status line."""

    name: str
    function: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    point: tuple[float, float]
    note: str = ""


@dataclass(frozen=True)
class CurvePreset:
    """A curve preset: a function of one variable, its x range, where descent starts, the
    learning rate, and a note for the status line."""

    name: str
    function: str
    x_range: tuple[float, float]
    start: float
    learning_rate: float
    note: str = ""


@lru_cache(maxsize=1)
def _load() -> dict:
    try:
        folder = resources.files("explorer.resources")
    except ModuleNotFoundError:
        # Run from a source checkout (e.g. `python -m explorer` in the repository root, which
        # puts the checkout's explorer/ first on sys.path): resources/ sits beside it.
        from pathlib import Path

        folder = Path(__file__).resolve().parents[2] / "resources"
    return json.loads(folder.joinpath("presets.json").read_text(encoding="utf-8"))


def surface_presets() -> list[SurfacePreset]:
    return [
        SurfacePreset(p["name"], p["function"], tuple(p["range"][0]), tuple(p["range"][1]), tuple(p["point"]), p.get("note", ""))
        for p in _load()["surfaces"]
    ]


def curve_presets() -> list[CurvePreset]:
    return [
        CurvePreset(p["name"], p["function"], tuple(p["range"]), p["start"], p["learning_rate"], p.get("note", ""))
        for p in _load()["curves"]
    ]


@dataclass(frozen=True)
class ManyVariablePreset:
    """A function of n variables (3 ≤ n ≤ 10): ``point`` has n coordinates in the function's
    variable order; ``shown`` names the two variables drawn as the surface's axes, over
    ``x_range`` and ``y_range``; the others are held at their coordinates of ``point``."""

    name: str
    function: str
    shown: tuple[str, str]
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    point: tuple[float, ...]
    note: str = ""

    def settings(self) -> dict:
        """The lesson's settings for this preset (the n-variable lesson's contract): the
        shown pair's coordinates as ``point``, every other variable's value in ``held``."""
        from .calculus import function_from_text

        names = function_from_text(self.function).variable_names
        shown = [names.index(v) for v in self.shown]
        return {"function": self.function, "shown": self.shown, "x_range": self.x_range, "y_range": self.y_range,
                "point": tuple(self.point[i] for i in shown),
                "held": tuple(c for i, c in enumerate(self.point) if i not in shown)}


def many_variable_presets() -> list[ManyVariablePreset]:
    return [
        ManyVariablePreset(p["name"], p["function"], tuple(p["shown"]), tuple(p["range"][0]), tuple(p["range"][1]),
                           tuple(float(c) for c in p["point"]), p.get("note", ""))
        for p in _load()["many_variables"]
    ]
