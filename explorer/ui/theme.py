"""Colours, line widths and fonts: every view takes them from here, so a colour that means
something (orange is the x-direction) means it everywhere.

Colours are hex strings (Qt and pyqtgraph read them); line widths are logical pixels at
normal size; :data:`PRESENTATION_SCALE` multiplies fonts and lines in presentation mode.
"""

from __future__ import annotations

# The x-direction: the slice f(·, y₀), its tangent (slope ∂f/∂x), ∂f/∂x in the readout and
# the descent panel on that slice.  The y-direction likewise in magenta.
X_COLOR = "#e4572e"
Y_COLOR = "#d6249f"
GRADIENT_COLOR = "#111111"  # ∇f at the point and on the floor
DOWNHILL_COLOR = "#0b6e4f"  # −∇f, downhill: the way descent goes
# The tangent lines: the axis's hue, darker and wider than its slice, so the line touching
# the curve reads apart from the curve.
X_TANGENT_COLOR = "#a8320f"
Y_TANGENT_COLOR = "#96106c"
HALO_COLOR = "#ffffff"  # behind the labels drawn over the surface
MARKER_COLOR = "#111111"  # the picked point
DROP_COLOR = "#444444"  # the line from the point down to the floor
RUN_COLOR = "#1a9850"  # a descent run: its steps, on the plot and on the surface ("this way down")
# The runs of a race, in order (the first is RUN_COLOR): apart from the x/y colours, from
# each other, and readable on the viridis surface and on white.
RUN_COLORS = (RUN_COLOR, "#2057c5", "#c08a00", "#111111", "#8c510a", "#0a8f8f")
FORECAST_FADE = 0.45  # a run's whole path ahead of it: its colour this far towards the ground
FADE_TOWARD = "#ffffff"  # the ground a faded line fades into (white; the dark theme's own there)
# The stability rule's bands on a learning-rate slider.
BAND_COLORS = {"monotone": "#a6dba0", "converging": "#a6dba0", "oscillating": "#fdb863", "diverging": "#e66a6a",
               "none": "#dddddd"}
COMPARE_COLOR = "#6b6b6b"  # plain descent drawn beside coordinate descent, for comparison
CURVE_COLOR = "#3b528b"  # the descent panel's own f(x)
TEXT_COLOR = "#222222"
LABEL_COLOR = "#1e1e1e"  # the surface view's tick labels and the function's name
STATUS_TEXT_COLOR = "#333333"  # a status that is neither good nor bad news; the colour bar's ticks
AXIS_COLOR = "#888888"  # the descent plot's axis lines
GRID_COLOR = "#e6e6e6"  # the descent plot's grid lines (opaque: see widgets.PlotGrid)
MUTED_COLOR = "#555555"
NOTE_COLOR = "#8a5a00"  # notes about the surface (holes, poles, what was refused)
ERROR_COLOR = "#c62828"
STATUS_COLORS = {"converged": "#1a7f37", "diverged": "#c62828", "undefined": "#c62828", "oscillating": "#b35c00",
                 "stalled": "#b35c00"}

BACKGROUND = "#fbfbfb"
SURFACE_OUTLINE = "#2b2b2b"  # the surface's rim: where the sheet ends
PLOT_BACKGROUND = "#ffffff"
TRAIL_COLOR = "#3c3c3c"  # a 1-D run's fading trail of iterates (drawn at rising opacity)
# The term-by-term rule's pop-up (over the panes, on a short screen).
POPUP_BACKGROUND, POPUP_BORDER = "#ffffff", "#888888"
FLOOR_GRID, BOX_EDGES, TICKS = "#dddddd", "#9a9a9a", "#555555"
COLORMAP = "viridis"  # perceptually uniform; has no reds or magentas, so the probe stands out

# Line widths (logical pixels).
SURFACE_LINES = {"floor": 1.0, "contours": 1.0, "outline": 2.0, "slices": 3.0, "tangents": 7.0, "floor_gradient": 3.0, "triangles": 5.0,
                 "gradient": 6.0, "marker": 10.0, "run": 5.0,
                 "run_marker": 16.0, "forecast": 2.5, "run_floor": 3.0, "run_gradient": 4.0}
CURVE_WIDTH, TANGENT_WIDTH, STEP_WIDTH = 3.0, 2.0, 3.0

# Fonts (points).
APP_FONT_PT = 11.0  # large enough to read from the back of a classroom
TICK_FONT_PT, AXIS_NAME_FONT_PT = 13, 17  # the surface view's labels
PROBE_FONT_PT = 14  # "slope 10", "∇f" beside the tangents and the arrow
PRESENTATION_SCALE = 1.35


def faded(color: str, amount: float = FORECAST_FADE) -> str:
    """``color`` moved ``amount`` of the way to :data:`FADE_TOWARD` (a fainter line, still opaque)."""
    ground = hex_to_rgba(FADE_TOWARD)
    return "#" + "".join(f"{round(c + (d - c) * amount):02x}" for c, d in zip(hex_to_rgba(color)[:3], ground))


def translucent(color: str, alpha: int) -> tuple[int, int, int, int]:
    """``color`` with opacity ``alpha`` (0–255), as pyqtgraph's mkBrush takes it."""
    return hex_to_rgba(color, alpha)


def hex_to_rgba(color: str, alpha: int = 255) -> tuple[int, int, int, int]:
    """``"#e4572e"`` → ``(228, 87, 46, 255)``."""
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16), alpha


# ---------------------------------------------------------------------- themes
# Light is the constants above; the others change some of them.  theme.use(name) rewrites
# this module's constants, and each view's apply_theme() re-reads them.
THEMES = {"system": "Follow the system", "light": "Light", "dark": "Dark", "contrast": "High contrast (projector)"}
_LIGHT = {name: value for name, value in globals().items() if name.isupper() and name != "THEMES"}


def _wider(scale: float) -> dict:
    return {"SURFACE_LINES": {k: v * scale for k, v in _LIGHT["SURFACE_LINES"].items()},
            "CURVE_WIDTH": _LIGHT["CURVE_WIDTH"] * scale, "TANGENT_WIDTH": _LIGHT["TANGENT_WIDTH"] * scale,
            "STEP_WIDTH": _LIGHT["STEP_WIDTH"] * scale}


_OVERRIDES = {
    # For a washed-out projector: pure black text and box, white ground, stronger hues, and
    # every line a third wider.
    "contrast": {
        "BACKGROUND": "#ffffff", "PLOT_BACKGROUND": "#ffffff", "TEXT_COLOR": "#000000", "LABEL_COLOR": "#000000",
        "TICKS": "#000000", "BOX_EDGES": "#000000", "FLOOR_GRID": "#8c8c8c", "GRID_COLOR": "#c4c4c4",
        "AXIS_COLOR": "#000000", "MUTED_COLOR": "#1a1a1a", "STATUS_TEXT_COLOR": "#000000", "X_COLOR": "#d03c00",
        "Y_COLOR": "#c0008a", "X_TANGENT_COLOR": "#8a2400", "Y_TANGENT_COLOR": "#7a0058", "NOTE_COLOR": "#6b4200",
        "DROP_COLOR": "#000000", "CURVE_COLOR": "#1f3a8a", "TRAIL_COLOR": "#000000", "POPUP_BORDER": "#000000",
        "SURFACE_OUTLINE": "#000000",
        "STATUS_COLORS": {"converged": "#006b1f", "diverged": "#b00000", "undefined": "#b00000",
                          "oscillating": "#9a4a00", "stalled": "#9a4a00"},
        **_wider(1.35),
    },
    "dark": {
        "BACKGROUND": "#1f2023", "PLOT_BACKGROUND": "#26272b", "FADE_TOWARD": "#26272b", "TEXT_COLOR": "#e6e6e6", "LABEL_COLOR": "#f0f0f0",
        "TICKS": "#c8c8c8", "BOX_EDGES": "#8a8a8a", "FLOOR_GRID": "#4a4a4a", "GRID_COLOR": "#3a3b40",
        "AXIS_COLOR": "#9a9a9a", "MUTED_COLOR": "#b4b4b4", "STATUS_TEXT_COLOR": "#d8d8d8", "HALO_COLOR": "#1f2023",
        "MARKER_COLOR": "#f5f5f5", "GRADIENT_COLOR": "#f5f5f5", "DROP_COLOR": "#bbbbbb", "CURVE_COLOR": "#8fb0ff",
        "COMPARE_COLOR": "#a8a8a8", "NOTE_COLOR": "#e8a848", "TRAIL_COLOR": "#e0e0e0", "SURFACE_OUTLINE": "#d0d0d0",
        "POPUP_BACKGROUND": "#2b2c30", "POPUP_BORDER": "#8a8a8a", "ERROR_COLOR": "#ff6b6b", "DOWNHILL_COLOR": "#3ccf9a",
        "X_COLOR": "#ff7a50", "Y_COLOR": "#f060c0", "X_TANGENT_COLOR": "#ff9a70", "Y_TANGENT_COLOR": "#ff80d8",
        "RUN_COLOR": "#3ccf7a", "RUN_COLORS": ("#3ccf7a", "#6f9cff", "#f0b400", "#e8e8e8", "#d08c4a", "#2fd0d0"),
        "BAND_COLORS": {"monotone": "#3f7a3f", "converging": "#3f7a3f", "oscillating": "#8a6a20",
                        "diverging": "#8a3030", "none": "#444444"},
        "STATUS_COLORS": {"converged": "#4cc36f", "diverged": "#ff6b6b", "undefined": "#ff6b6b",
                          "oscillating": "#f0a040", "stalled": "#f0a040"},
    },
}
current = "light"


def use(name: str) -> None:
    """Make ``name`` (``light``, ``dark`` or ``contrast``) the colours every view reads."""
    global current
    if name not in _OVERRIDES and name != "light":
        raise ValueError(f"no theme {name!r} (the themes are light, dark, contrast)")
    globals().update(_LIGHT)
    globals().update(_OVERRIDES.get(name, {}))
    current = name
