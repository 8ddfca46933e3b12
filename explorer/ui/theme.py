"""Colours, line widths and fonts: every view takes them from here, so a colour that means
something (orange is the x-direction) means it everywhere.

A theme is immutable data: a :class:`Theme` (colours as hex strings, which Qt and pyqtgraph
read; line widths in logical pixels; fonts in points).  :data:`LIGHT`, :data:`DARK` and
:data:`CONTRAST` are the themes; presentation mode draws a :meth:`Theme.scaled` copy.
:func:`current` is the theme every view draws with now, and :data:`changed` fires once when
it changes (View ▸ Theme, or presentation mode's scale): a view reads its colours when it
paints, or again on that signal — nothing keeps a colour of the theme before.

No module global is rewritten.  ``theme.X_COLOR``-style names still read (for the modules
not converted yet): each reads the current theme at *normal size* when it is read.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Mapping

from PySide6.QtCore import QObject, Signal

THEMES = {"system": "Follow the system", "light": "Light", "dark": "Dark", "contrast": "High contrast (projector)"}
PRESENTATION_SCALE = 1.35  # presentation mode's largest scale of text and lines


def _frozen(mapping: dict) -> Mapping:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class Theme:
    """Every colour, line width and font size the app draws with, for one theme."""

    name: str
    # The x-direction: the slice f(·, y₀), its tangent (slope ∂f/∂x), ∂f/∂x in the readout and
    # the descent panel on that slice.  The y-direction likewise in magenta.
    x_color: str = "#e4572e"
    y_color: str = "#d6249f"
    gradient_color: str = "#111111"  # ∇f at the point and on the floor
    downhill_color: str = "#0b6e4f"  # −∇f, downhill: the way descent goes
    batch_color: str = "#e66101"  # a mini-batch's −∇L_B on the surface, beside the run's full −∇L
    # A direction u at the point: the slice f(x₀ + t·u), its tangent (slope D_u f) and the
    # handle that turns u; apart from the x/y hues and from viridis's blues and greens.
    direction_color: str = "#a050f0"
    direction_tangent_color: str = "#5b1a9c"
    level_color: str = "#0a6fb0"  # the level curve through the point and its right angle with ∇f
    field_color: str = "#505050"  # the gradient field's arrows on the floor
    # The tangent lines: the axis's hue, darker and wider than its slice, so the line touching
    # the curve reads apart from the curve.
    x_tangent_color: str = "#a8320f"
    y_tangent_color: str = "#96106c"
    halo_color: str = "#ffffff"  # behind the labels drawn over the surface
    marker_color: str = "#111111"  # the picked point
    drop_color: str = "#444444"  # the line from the point down to the floor
    # The runs of a race, in order (the first is run_color, "this way down"): apart from the
    # x/y colours, from each other, and readable on the viridis surface and on the ground.
    run_colors: tuple[str, ...] = ("#1a9850", "#2057c5", "#c08a00", "#111111", "#8c510a", "#0a8f8f")
    forecast_fade: float = 0.45  # a run's whole path ahead of it: its colour this far towards the ground
    fade_toward: str = "#ffffff"  # the ground a faded line fades into
    # The stability rule's bands on a learning-rate slider.
    band_colors: Mapping[str, str] = field(default_factory=lambda: _frozen(
        {"monotone": "#a6dba0", "converging": "#a6dba0", "oscillating": "#fdb863", "diverging": "#e66a6a", "none": "#dddddd"}))
    compare_color: str = "#6b6b6b"  # plain descent drawn beside coordinate descent, for comparison
    curve_color: str = "#3b528b"  # the descent panel's own f(x)
    text_color: str = "#222222"
    label_color: str = "#1e1e1e"  # the surface view's tick labels and the function's name
    status_text_color: str = "#333333"  # a status that is neither good nor bad news; the colour bar's ticks
    axis_color: str = "#888888"  # the descent plot's axis lines
    grid_color: str = "#e6e6e6"  # the descent plot's grid lines (opaque: see widgets.PlotGrid)
    muted_color: str = "#555555"
    note_color: str = "#8a5a00"  # notes about the surface (holes, poles, what was refused)
    error_color: str = "#c62828"
    status_colors: Mapping[str, str] = field(default_factory=lambda: _frozen(
        {"converged": "#1a7f37", "diverged": "#c62828", "undefined": "#c62828", "oscillating": "#b35c00", "stalled": "#b35c00"}))
    background: str = "#fbfbfb"
    surface_outline: str = "#2b2b2b"  # the surface's rim: where the sheet ends
    plot_background: str = "#ffffff"
    trail_color: str = "#3c3c3c"  # a 1-D run's fading trail of iterates (drawn at rising opacity)
    # The term-by-term rule's pop-up (over the panes, on a short screen).
    popup_background: str = "#ffffff"
    popup_border: str = "#888888"
    floor_grid: str = "#dddddd"
    box_edges: str = "#9a9a9a"
    ticks: str = "#555555"
    colormap: str = "viridis"  # perceptually uniform; has no reds or magentas, so the probe stands out
    # Line widths (logical pixels).
    surface_lines: Mapping[str, float] = field(default_factory=lambda: _frozen(
        {"floor": 1.0, "contours": 1.0, "outline": 2.0, "slices": 3.0, "tangents": 7.0, "floor_gradient": 3.0,
         "triangles": 5.0, "gradient": 6.0, "marker": 10.0, "run": 5.0, "run_marker": 16.0, "forecast": 2.5,
         "run_floor": 3.0, "run_gradient": 4.0, "answer": 3.0,
         "direction_slice": 4.0, "direction_tangent": 6.0, "handle": 5.0, "handle_knob": 14.0, "level_curve": 3.0,
         "level_floor": 2.5, "right_angle": 3.0, "field": 1.5}))
    curve_width: float = 3.0
    tangent_width: float = 2.0
    step_width: float = 3.0
    # Fonts (points).
    app_font_pt: float = 11.0  # large enough to read from the back of a classroom
    tick_font_pt: float = 13  # the surface view's labels
    axis_name_font_pt: float = 17
    probe_font_pt: float = 14  # "slope 10", "∇f" beside the tangents and the arrow
    #: How much larger than normal this copy draws lines and the surface's labels (presentation mode).
    presentation_scale: float = 1.0

    @property
    def run_color(self) -> str:
        """The first run's colour: a descent run, its steps, on the plot and on the surface."""
        return self.run_colors[0]

    # ------------------------------------------------------------------ new themes from this one
    def but(self, **changes) -> Theme:
        """This theme with some values changed (mappings frozen)."""
        changes = {k: _frozen(v) if isinstance(v, dict) else v for k, v in changes.items()}
        return dataclasses.replace(self, **changes)

    def wider(self, scale: float) -> Theme:
        """Every line ``scale`` times as wide (the fonts as they are)."""
        return self.but(surface_lines={k: v * scale for k, v in self.surface_lines.items()},
                        curve_width=self.curve_width * scale, tangent_width=self.tangent_width * scale,
                        step_width=self.step_width * scale)

    def scaled(self, scale: float) -> Theme:
        """Presentation mode at ``scale``: lines and the surface's labels ``scale`` times their
        normal size (the widgets' own fonts are scaled by presentation mode itself)."""
        if scale == 1.0:
            return self
        return self.wider(scale).but(tick_font_pt=self.tick_font_pt * scale,
                                     axis_name_font_pt=self.axis_name_font_pt * scale,
                                     probe_font_pt=self.probe_font_pt * scale,
                                     presentation_scale=self.presentation_scale * scale)

    # ------------------------------------------------------------------ colours made from this theme's
    def faded(self, color: str, amount: float | None = None) -> str:
        """``color`` moved ``amount`` (default :attr:`forecast_fade`) of the way to
        :attr:`fade_toward` (a fainter line, still opaque)."""
        amount = self.forecast_fade if amount is None else amount
        ground = hex_to_rgba(self.fade_toward)
        return "#" + "".join(f"{round(c + (d - c) * amount):02x}" for c, d in zip(hex_to_rgba(color)[:3], ground))

    #: The amounts the views fade run colours by (the forecast; the surface's kept path; the 1-D trail).
    FADES = (None, 0.25, 0.3)

    def colors(self) -> frozenset[str]:
        """Every colour (``#rrggbb``, lower case) this theme draws with, its faded run
        colours included: what a view may show while this theme is current."""
        found: set[str] = set()
        for f in fields(self):
            value = getattr(self, f.name)
            values = value.values() if isinstance(value, Mapping) else value if isinstance(value, tuple) else (value,)
            found.update(v.lower() for v in values if isinstance(v, str) and _HEX.fullmatch(v))
        found.update(self.faded(c, a) for c in self.run_colors for a in self.FADES)
        return frozenset(found)


_HEX = re.compile(r"#[0-9a-fA-F]{6}")

LIGHT = Theme("light")
# For a washed-out projector: pure black text and box, white ground, stronger hues, and
# every line a third wider.
CONTRAST = LIGHT.but(
    name="contrast", background="#ffffff", plot_background="#ffffff", text_color="#000000", label_color="#000000",
    ticks="#000000", box_edges="#000000", floor_grid="#8c8c8c", grid_color="#c4c4c4", axis_color="#000000",
    muted_color="#1a1a1a", status_text_color="#000000", x_color="#d03c00", y_color="#c0008a", x_tangent_color="#8a2400",
    y_tangent_color="#7a0058", note_color="#6b4200", drop_color="#000000", curve_color="#1f3a8a", trail_color="#000000",
    popup_border="#000000", surface_outline="#000000", direction_color="#7a1fd0", direction_tangent_color="#44007e",
    level_color="#00508c", field_color="#000000", batch_color="#b34700",
    status_colors={"converged": "#006b1f", "diverged": "#b00000", "undefined": "#b00000", "oscillating": "#9a4a00",
                   "stalled": "#9a4a00"},
).wider(1.35)
DARK = LIGHT.but(
    name="dark", background="#1f2023", plot_background="#26272b", fade_toward="#26272b", text_color="#e6e6e6",
    label_color="#f0f0f0", ticks="#c8c8c8", box_edges="#8a8a8a", floor_grid="#4a4a4a", grid_color="#3a3b40",
    axis_color="#9a9a9a", muted_color="#b4b4b4", status_text_color="#d8d8d8", halo_color="#1f2023",
    marker_color="#f5f5f5", gradient_color="#f5f5f5", drop_color="#bbbbbb", curve_color="#8fb0ff",
    compare_color="#a8a8a8", note_color="#e8a848", trail_color="#e0e0e0", surface_outline="#d0d0d0",
    popup_background="#2b2c30", popup_border="#8a8a8a", error_color="#ff6b6b", downhill_color="#3ccf9a", batch_color="#ffa54f",
    x_color="#ff7a50", y_color="#f060c0", x_tangent_color="#ff9a70", y_tangent_color="#ff80d8",
    direction_color="#c08cff", direction_tangent_color="#dcbcff", level_color="#5cc8ff", field_color="#b8b8b8",
    run_colors=("#3ccf7a", "#6f9cff", "#f0b400", "#e8e8e8", "#d08c4a", "#2fd0d0"),
    band_colors={"monotone": "#3f7a3f", "converging": "#3f7a3f", "oscillating": "#8a6a20", "diverging": "#8a3030",
                 "none": "#444444"},
    status_colors={"converged": "#4cc36f", "diverged": "#ff6b6b", "undefined": "#ff6b6b", "oscillating": "#f0a040",
                   "stalled": "#f0a040"},
)
BY_NAME = MappingProxyType({t.name: t for t in (LIGHT, DARK, CONTRAST)})


class _Current(QObject):
    """Which theme is current, at which presentation scale; :attr:`changed` fires once per change.

    A Qt signal: a view's bound method connected to it is disconnected by Qt when the view
    is destroyed (a closed window's panes are not re-themed)."""

    changed = Signal()

    def __init__(self):
        super().__init__()
        self.normal, self.scale = LIGHT, 1.0
        self.theme = LIGHT

    def set(self, normal: Theme, scale: float) -> None:
        if (normal, scale) == (self.normal, self.scale):
            return
        self.normal, self.scale = normal, scale
        self.theme = normal.scaled(scale)
        self.changed.emit()


_current = _Current()
#: Fires (no arguments) once when the current theme or the presentation scale changes.
changed = _current.changed


def current() -> Theme:
    """The theme every view draws with now (at presentation mode's scale)."""
    return _current.theme


def use(name: str) -> None:
    """Make ``name`` (``light``, ``dark`` or ``contrast``) the current theme."""
    if name not in BY_NAME:
        raise ValueError(f"no theme {name!r} (the themes are {', '.join(BY_NAME)})")
    _current.set(BY_NAME[name], _current.scale)


def set_presentation_scale(scale: float) -> None:
    """Lines and the surface's labels ``scale`` times their normal size (1: normal)."""
    _current.set(_current.normal, float(scale))


def faded(color: str, amount: float | None = None) -> str:
    """``color`` faded towards the current theme's ground (see :meth:`Theme.faded`)."""
    return current().faded(color, amount)


def translucent(color: str, alpha: int) -> tuple[int, int, int, int]:
    """``color`` with opacity ``alpha`` (0–255), as pyqtgraph's mkBrush takes it."""
    return hex_to_rgba(color, alpha)


def hex_to_rgba(color: str, alpha: int = 255) -> tuple[int, int, int, int]:
    """``"#e4572e"`` → ``(228, 87, 46, 255)``."""
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16), alpha


_FIELDS = {f.name for f in fields(Theme)} | {"run_color"}


def __getattr__(name: str):
    """``theme.X_COLOR`` and the like (PEP 562): the current theme's value at normal size,
    read now.  For modules not yet reading :func:`current`; new code reads ``current()``."""
    if name.isupper() and name.lower() in _FIELDS:
        return getattr(_current.normal, name.lower())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
