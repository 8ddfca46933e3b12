"""Named functions a teacher can pick (read from the shipped ``presets.json``).

A surface preset has a function of two variables, its x/y range and a point of interest;
a curve preset has a function of one variable, its x range, a start and a learning rate.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["SurfacePreset", "CurvePreset", "surface_presets", "curve_presets"]


@dataclass(frozen=True)
class SurfacePreset:
    name: str
    function: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    point: tuple[float, float]
    note: str = ""


@dataclass(frozen=True)
class CurvePreset:
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
