"""The descent runs drawn on the surface view: a visual that owns their GL lines.

:class:`RunsVisual` is added to a :class:`~explorer.ui.surface_view.SurfaceView` and
subscribes to the lesson's descent session itself (``reset``: fresh runs, ``stepped``: the
runs moved), to the lesson's mesh (a new box) and to the theme.  It redraws only what
changed: a step redraws the trails, the current points and −∇f; a new spec (a drag of one
run's α) redraws those and the one forecast whose path is new, the other runs' forecast
segments kept from before (the session keeps their paths as the same objects).

World units throughout (the view's box: x and y in [-1, 1], z in [0, HEIGHT]); points come
from the lesson in function units (x, y, f) and go through ``box.to_world``.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QObject

from ..core.descent.kept_path import ThinnedTrail
from ..core.lesson import Field, Lesson
from ..core.mesh import WorldBox
from ..core.polyline import polyline_segments, simplify_polyline, thin_mask
from ..core.subscripts import shown_name
from . import theme
from PySide6.QtGui import QColor, QFont

from .surface_labels import ProbeLabel
from .gl_items import LIFT, LINE_TOLERANCE, AxisLabelsItem, Label, LineBatch, LineLayersItem, LineStyle, knot, rgba

__all__ = ["RunsVisual", "RUN_LAYERS", "runs_segments", "path_segments", "world_inside"]

# The runs change every frame of an animation: their lines are an item of their own, so a
# frame uploads only them (not the contour map, thousands of segments that did not change).
_RUN_LAYERS = (("run_floor", True), ("forecast", True), ("run", True), ("run_gradient", True), ("run_marker", False))
RUN_LAYERS = tuple(name for name, _ in _RUN_LAYERS)
RUN_SPACING = 0.006  # world units between the points kept of a run's path (~2 px at the default zoom)
FLOOR_LIFT = 0.004  # world units: a run's shadow on the floor, above the floor grid and the contour map
GRADIENT_ARROW = 0.28  # world units: the length of −∇f drawn at the first run's iterate
DEPTH = 11  # drawn after the still lines (10): the view keeps everything below this rendered


class RunsVisual(QObject):
    """The runs on the surface, each in its colour (a slice run moves along its slice;
    coordinate descent draws its staircase and, for comparison, plain descent's path): the
    steps taken as a path, the current point as a large dot, each run's whole path ahead
    of it faintly, the paths' shadows on the floor (Top view shows them on the contour
    map), and −∇f at the first run's iterate.  Nothing when the panel runs on its own f(x).

    ``lines`` is its GL item (layers :data:`RUN_LAYERS`), added to ``view``; a child of the
    view, so the theme's signal lets go of it with the view."""

    def __init__(self, view, lesson: Lesson):
        super().__init__(view)
        self.lesson = lesson
        self._line_scale = 1.0
        self.lines = AnimatedLineLayers(self._styles())
        self.lines.setDepthValue(DEPTH)
        view.addItem(self.lines)
        # "−∇L all points" / "−∇L_B batch" at the two arrows' tips while the runs train on data.
        self.gradient_labels = AxisLabelsItem(halo_box=True)
        self.gradient_labels.setDepthValue(DEPTH + 22)
        view.addItem(self.gradient_labels)
        self._view = view
        # run index → (its forecast, the box, its segments (2M, 3) and the run of each vertex)
        self._forecast_parts: dict[int, tuple] = {}
        self._palettes = None  # (theme, trail, shadow, forecast (R, 4) float32 colours)
        self._trails: list[ThinnedTrail] = []  # each run's path as drawn, in run order
        self._visible: bool | None = None  # whether the layers are shown (the source draws runs on the surface)
        self._plain: tuple | None = None  # ((plain descent's result, box, colour), its segments and colours)
        lesson.session.events.reset.connect(self.redraw)
        lesson.session.events.stepped.connect(self._on_stepped)
        lesson.events.connect_fields({Field.MESH}, self._on_mesh_changed)  # a new box (the runs may be as they were)
        theme.changed.connect(self._on_theme_changed)
        self.redraw()

    # ------------------------------------------------------------------ subscriptions
    def _on_mesh_changed(self, _changed: frozenset) -> None:
        self.redraw()

    def _on_theme_changed(self) -> None:
        self.redraw()

    def _on_stepped(self, _run) -> None:
        self.redraw(forecasts=False)

    def redraw(self, *_args, forecasts: bool = True) -> None:
        """Every layer from the lesson (``forecasts=False``: the forecasts are as drawn)."""
        lesson = self.lesson
        source = lesson.source
        visible = source.drawn_on_surface
        if visible != self._visible:
            self._visible = visible
            for layer in RUN_LAYERS:
                self.lines.set_layer_visible(layer, visible)
        if not visible:
            self._label_wishes = []
            self.gradient_labels.set_labels([])
            return
        box = lesson.mesh.box
        lift = np.array([0, 0, 2 * LIFT])
        trail_palette, shadow_palette, _ = self._palette()
        paths = lesson.session.surface_paths()
        trail, counts = self._trails_drawn(paths, box, lift)
        trail_colors = np.repeat(trail_palette[:len(counts)], counts, axis=0)
        if source.compares_plain:
            pos, compare_colors = self._plain_descent(box, lift)
            trail, trail_colors = np.concatenate([pos, trail]), np.concatenate([compare_colors, trail_colors])
        self.lines.set_layer("run", trail, trail_colors)
        shadow = trail[len(trail) - sum(counts):].copy()
        shadow[:, 2] = FLOOR_LIFT
        self.lines.set_layer("run_floor", shadow, np.repeat(shadow_palette[:len(counts)], counts, axis=0))
        # Each run's point (its path's last) as a dot, where it is over the box.
        currents = np.array([path[-1] for path in paths])
        (x0, x1), (y0, y1) = box.x_range, box.y_range
        with np.errstate(invalid="ignore"):
            shown = (np.isfinite(currents).all(axis=1) & (currents[:, 0] >= x0) & (currents[:, 0] <= x1)
                     & (currents[:, 1] >= y0) & (currents[:, 1] <= y1))
        dots = (box.to_world(currents[shown]) + lift)[:, None, :] + knot(0.03)[None]
        self.lines.set_layer("run_marker", dots.reshape(-1, 3), np.repeat(trail_palette[:len(paths)][shown], 6, axis=0))
        if forecasts or not self._forecast_parts:
            self._draw_forecasts(box, lift * 0.9)
        self.lines.set_layer("run_gradient", *self._gradient_arrows(currents[0], box, lift).arrays())
        self.lines.update()

    def _trails_drawn(self, paths: list[np.ndarray], box: WorldBox, lift: np.ndarray) -> tuple[np.ndarray, list[int]]:
        """Every run's path as drawn: (2M, 3) float32 world segments, run after run, and the
        number of vertices of each run.  Built a step at a time (:class:`ThinnedTrail`): a
        frame places and thins only the steps taken since the last, all runs' at once."""
        runs = self.lesson.runs
        while len(self._trails) < len(paths):
            self._trails.append(ThinnedTrail(RUN_SPACING))
        trails = self._trails[:len(paths)]
        new = [trail.new_rows(run, box, path) for trail, run, path in zip(trails, runs, paths)]
        world, _ = world_inside(np.concatenate(new), box, lift)
        at = 0
        for trail, rows in zip(trails, new):
            trail.take(world[at:at + len(rows)])
            at += len(rows)
        parts = [trail.segments() for trail in trails]
        return np.concatenate(parts), [len(part) for part in parts]

    def _plain_descent(self, box: WorldBox, lift: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Plain descent's path beside coordinate descent's: (M, 3) segments and their
        colours, made once per path, box and theme (not every frame of the staircase)."""
        plain, colors = self.lesson.plain_descent(), theme.current()
        key = (plain, box, colors.compare_color)
        if self._plain is None or self._plain[0][0] is not plain or self._plain[0][1:] != key[1:]:
            extra = LineBatch()
            extra.add(path_segments(np.column_stack([plain.iterates, plain.values]), box, lift), colors.compare_color)
            self._plain = (key, extra.arrays())
        return self._plain[1]

    def _draw_forecasts(self, box: WorldBox, lift: np.ndarray) -> None:
        """Each run's whole path ahead: only a run whose path (or the box) is new is lifted
        and thinned again; the others' segments are reused as they were."""
        forecasts = self.lesson.forecasts()
        parts = {}
        for i, result in enumerate(forecasts):
            kept = self._forecast_parts.get(i)
            if kept is None or kept[0] is not result or kept[1] != box:
                points, _ = self.lesson.stack_on_surface([result.iterates])
                segments, _ = runs_segments(points, np.zeros(len(points), dtype=int), box, lift)
                kept = (result, box, segments)
            parts[i] = kept
        self._forecast_parts = parts
        _, _, palette = self._palette()
        if parts:
            ahead = np.concatenate([part[2] for part in parts.values()])
            colors = np.repeat(palette[list(parts)], [len(part[2]) for part in parts.values()], axis=0)
        else:
            ahead, colors = np.zeros((0, 3), np.float32), np.zeros((0, 4), np.float32)
        self.lines.set_layer("forecast", ahead, colors)

    def _palette(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(R, 4) float32 colours of the trails, their shadows and the forecasts, made once
        per theme (not every frame)."""
        current = theme.current()
        if self._palettes is None or self._palettes[0] is not current:
            run_colors = current.run_colors
            self._palettes = (current, np.array([rgba(c) for c in run_colors]),
                              np.array([rgba(theme.faded(c, 0.25)) for c in run_colors]),
                              np.array([rgba(theme.faded(c)) for c in run_colors]))
        return self._palettes[1:]

    def _gradient_arrows(self, current: np.ndarray, box: WorldBox, lift: np.ndarray) -> "LineBatch":
        """−∇f at the first run's iterate; while the runs train on data in mini-batches and
        have stepped, the last step's two gradients at the point it started from instead:
        −∇L on all the points (the run's colour) and −∇L_B, the batch's, the step taken (the
        theme's batch colour), each labelled, their lengths in the ratio of the gradients."""
        lesson = self.lesson
        run = lesson.run
        step = run.last_step
        training = getattr(run, "training", None)
        arrows = LineBatch()
        if training is None or training.full_batch or step is None or not hasattr(step, "full_gradient"):
            tip = self._arrow(arrows, current, box, lift, run.gradient)
            pair = self._shown_pair(run.gradient)
            if tip is None or pair is None:
                self._label_wishes = []
                self.gradient_labels.set_labels([])
                return arrows
            # n > 2: the arrow is only the shown pair's part of −∇f; say so at its tip (as the point's ∇f label does).
            colors = theme.current()
            font = QFont()
            font.setPointSizeF(colors.probe_font_pt * self._line_scale)
            font.setBold(True)
            label = Label(tuple(tip.astype(np.float64)), f"−∇{lesson.surface.name} in {pair}", QColor(colors.run_colors[0]),
                          font, 0.0, (0.0, 0.0), QColor(colors.halo_color))
            origin = tuple((box.to_world(np.asarray(current, dtype=np.float64)[None]) + lift)[0])
            self._label_wishes = [ProbeLabel(label, (origin, tuple(tip.astype(np.float64))))]
            self.place_labels()  # beyond the tip, clear of the point's "∇f in x, y" label
            return arrows
        colors = theme.current()
        start = lesson.surface_points(np.array([step.before], dtype=np.float64))[0]
        full = _world_length(box, step.full_gradient)
        ratio = min(4.0, max(0.2, _world_length(box, step.gradient) / full)) if full > 0 else 1.0
        tips = (self._arrow(arrows, start, box, lift, step.full_gradient),
                self._arrow(arrows, start, box, lift, step.gradient, step.full_gradient, colors.batch_color,
                            GRADIENT_ARROW * ratio))
        font = QFont()
        font.setPointSizeF(colors.probe_font_pt * self._line_scale)
        font.setBold(True)
        name = lesson.surface.name
        texts = ((f"−∇{name} all {len(training.data):,} points", colors.run_colors[0], 1.0),
                 (f"−∇{name}_B its batch", colors.batch_color, -1.0))
        # Each beyond its arrow's tip, placed as the probe's labels are: clear of each other
        # and of the point's own labels (the arrows start near the point, their labels fell on its ∇f label).
        origin = tuple((box.to_world(start[None]) + lift)[0].astype(np.float64))
        wishes = [ProbeLabel(Label(tuple(tip.astype(np.float64)), text, QColor(color), font, 0.0, (0.0, 0.0),
                                   QColor(colors.halo_color)), (origin, tuple(tip.astype(np.float64))))
                  for tip, (text, color, _up) in zip(tips, texts) if tip is not None]
        self._label_wishes = wishes
        self.place_labels()
        return arrows

    def place_labels(self) -> None:
        """The batch arrows' labels placed (again) clear of the probe's: at each step, and
        whenever the view places the probe's labels anew (a turn of the camera, a resize)."""
        wishes = getattr(self, "_label_wishes", [])
        if wishes:
            self.gradient_labels.set_labels(self._view.place_beside_probe(wishes), self._view.devicePixelRatioF())

    def _arrow(self, batch: LineBatch, current: np.ndarray, box: WorldBox, lift: np.ndarray, gradient, slope=None,
               color: str | None = None, length: float = GRADIENT_ARROW) -> np.ndarray | None:
        """Add −``gradient`` at ``current`` (x, y, f) to ``batch``, on the surface (x, y) ↦ f:
        the tangent direction of steepest descent (a batch's: along −g, rising by −∇f·g,
        ``slope`` being the surface's own ∇f), ``length`` world units long, with a head.
        Returns its tip (world units), None where nothing is drawn."""
        lesson = self.lesson
        if not (np.isfinite(current).all() and box.contains_xy(current)):
            return None
        # In n > 2 variables the shown pair's part of the gradient: the drawn surface's slope where
        # the held values are the run's (held_follow); the other components point off the surface.
        if gradient is not None and len(gradient) > 2 and self._shown_pair(gradient) is not None:
            i, j = lesson.surface.shown_indices
            gradient = (gradient[i], gradient[j])
            slope = None if slope is None else (slope[i], slope[j])
        # On the surface the gradient itself; on a slice downhill along it (x, y or u: the source says).
        lifted = lesson.source.lift_gradient(gradient, lesson.curve)
        if lifted is None:
            return None
        gx, gy = lifted
        sx, sy = (gx, gy) if slope is None else (float(slope[0]), float(slope[1]))
        if not (math.isfinite(gx) and math.isfinite(gy)) or math.hypot(gx, gy) == 0:
            return None
        direction = box.scale * np.array([-gx, -gy, -(gx * sx + gy * sy)])  # world units
        norm = float(np.linalg.norm(direction))
        if not math.isfinite(norm) or norm == 0:
            return None
        direction /= norm
        start = box.to_world(current) + lift
        tip = start + length * direction
        side = np.cross(direction, [0.0, 0.0, 1.0])
        side = side / (np.linalg.norm(side) or 1.0)
        back = tip - 0.07 * direction
        batch.add([start, tip, tip, back + 0.035 * side, tip, back - 0.035 * side], color or theme.current().run_colors[0])
        return tip

    def _shown_pair(self, gradient) -> str | None:
        """"w₁, w₂": the shown pair's names where ``gradient`` has more components than the
        surface shows (a run in n > 2 variables), else None (the arrow is all of it)."""
        surface = self.lesson.surface
        if gradient is None or len(gradient) <= 2 or not hasattr(surface, "shown_indices"):
            return None
        return ", ".join(shown_name(name) for name in surface.variable_names)

    # ------------------------------------------------------------------ line widths
    def _styles(self) -> dict[str, LineStyle]:
        widths = theme.current().surface_lines
        return {name: LineStyle(widths[name] * self._line_scale, depth) for name, depth in _RUN_LAYERS}

    def scale_lines(self, scale: float) -> None:
        """Line widths ``scale`` times the current theme's (an image rendered larger)."""
        self._line_scale = float(scale)
        self.lines.styles.update(self._styles())
        self.lines.update()


def _world_length(box: WorldBox, gradient) -> float:
    """|g| in the floor's world units (the box scales w and b apart)."""
    g = np.asarray(gradient, dtype=float)[:2] * np.asarray(box.scale, dtype=float)[:2]
    return float(np.hypot(*g)) if np.isfinite(g).all() else 0.0


class AnimatedLineLayers(LineLayersItem):
    """The runs' lines: drawn every frame over the kept still layers, so a change to them
    repaints the view without rendering the surface again (see :meth:`SurfaceView.paint`)."""

    def update(self):
        view = self.view()
        if view is not None:
            view.update_animated()


def runs_segments(points: np.ndarray, runs: np.ndarray, box: WorldBox, lift: np.ndarray):
    """(2M, 3) float32 world segments of stacked paths (see Lesson.stack_on_surface), broken
    where they leave the box or are undefined, one point kept per RUN_SPACING along them;
    and (2M,) the run of each vertex."""
    world, _ = world_inside(points, box, lift)
    keep = thin_mask(world, RUN_SPACING)
    world, runs = world[keep], runs[keep]
    finite = np.isfinite(world).all(axis=1)
    pair = finite[:-1] & finite[1:]
    segments = np.empty((2 * int(pair.sum()), 3), dtype=np.float32)
    segments[0::2], segments[1::2] = world[:-1][pair], world[1:][pair]
    return segments, np.repeat(runs[:-1][pair], 2)


def path_segments(path: np.ndarray, box: WorldBox, lift: np.ndarray) -> np.ndarray:
    """(M, 3) world segments of a path of iterates (k, 3) in function units, broken where
    it leaves the box or is undefined (a diverging run must not upload ±∞), thinned to
    LINE_TOLERANCE of its shape (plain descent beside coordinate descent: once per run)."""
    world, inside = world_inside(path, box, lift)
    if inside.sum() < 2:
        return np.zeros((0, 3))
    return polyline_segments(simplify_polyline(world, LINE_TOLERANCE))


def world_inside(points: np.ndarray, box: WorldBox, lift: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Points (K, 3) in function units → world units (K, 3) raised by ``lift``, NaN where
    they leave the box (or its height, give or take 2 %) or are undefined: a path drawn from
    them breaks there instead of uploading ±∞.  Also the (K,) mask of those inside."""
    (x0, x1), (y0, y1), (z0, z1) = box.x_range, box.y_range, box.z_range
    margin = 0.02 * (z1 - z0)
    with np.errstate(invalid="ignore"):
        inside = ((points[:, 0] >= x0) & (points[:, 0] <= x1) & (points[:, 1] >= y0) & (points[:, 1] <= y1)
                  & (points[:, 2] >= z0 - margin) & (points[:, 2] <= z1 + margin))
    world = np.full((len(points), 3), np.nan)
    world[inside] = box.to_world(points[inside]) + lift
    return world, inside
