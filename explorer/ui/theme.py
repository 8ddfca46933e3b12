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
FORECAST_FADE = 0.45  # a run's whole path ahead of it: its colour this far towards white
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
PLOT_BACKGROUND = "w"
FLOOR_GRID, BOX_EDGES, TICKS = "#dddddd", "#9a9a9a", "#555555"
COLORMAP = "viridis"  # perceptually uniform; has no reds or magentas, so the probe stands out

# Line widths (logical pixels).
SURFACE_LINES = {"floor": 1.0, "contours": 1.0, "slices": 3.0, "tangents": 7.0, "floor_gradient": 3.0, "triangles": 5.0,
                 "gradient": 6.0, "marker": 10.0, "run": 5.0,
                 "run_marker": 16.0, "forecast": 2.5, "run_floor": 3.0, "run_gradient": 4.0}
CURVE_WIDTH, TANGENT_WIDTH, STEP_WIDTH = 3.0, 2.0, 3.0

# Fonts (points).
APP_FONT_PT = 11.0  # large enough to read from the back of a classroom
TICK_FONT_PT, AXIS_NAME_FONT_PT = 13, 17  # the surface view's labels
PROBE_FONT_PT = 14  # "slope 10", "∇f" beside the tangents and the arrow
PRESENTATION_SCALE = 1.35


def faded(color: str, amount: float = FORECAST_FADE) -> str:
    """``color`` moved ``amount`` of the way to white (a lighter line, still opaque)."""
    r, g, b, _ = hex_to_rgba(color)
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in (r, g, b))


def hex_to_rgba(color: str, alpha: int = 255) -> tuple[int, int, int, int]:
    """``"#e4572e"`` → ``(228, 87, 46, 255)``."""
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16), alpha
