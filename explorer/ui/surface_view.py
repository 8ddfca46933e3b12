"""The 3D surface view: z = f(x, y), and the probe that shows ∂f/∂x and ∂f/∂y at a point.

All GL items are created once and updated with setData/set_arrays.  Geometry comes from
the core (mesh, picking); this module only uploads it and turns mouse/keyboard input into
state changes.
"""

from __future__ import annotations

import contextlib
import functools
import math

import numpy as np
import pyqtgraph as pg
import pyqtgraph.opengl as gl
from OpenGL import GL
from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QImage, QMatrix4x4
from PySide6.QtWidgets import QMainWindow
from PySide6.QtOpenGL import QOpenGLFramebufferObject, QOpenGLFramebufferObjectFormat

from ..core.lesson import DISTANCE_RANGE, ELEVATION_RANGE, Camera, Field, Lesson
from ..core.mesh import FLOOR_GAP, HEIGHT, SurfaceMesh, WorldBox, contour_lines, nice_ticks
from ..core.notation import format_value, tick_labels
from ..core.picking import intersect_function, project_point, ray_through_pixel, snap_to_round
from ..core.polyline import polyline_segments, simplify_polyline
from ..core.framing import low_side_camera, outline_segments
from ..core.probe import probe_geometry
from ..core.subscripts import shown_name
from ..core.direction_probe import angle_from_ray
from . import direction_layers, surface_labels, theme
from .gl_items import LIFT, LINE_TOLERANCE, AxisLabelsItem, Label, LineLayersItem, LineStyle, SurfaceMeshItem
from .gl_items import LineBatch as _LineBatch, knot as _knot, rgba as _rgba
from .runs_visual import RunsVisual
from .gl_items import as_numpy as _as_numpy

# Kept here for the modules and tests that import them from the view.
COLORMAP = theme.COLORMAP

CLICK_TOLERANCE = 5  # logical pixels between press and release that still count as a click
# The probe's tangents, triangles and ∇f arrows are drawn over the surface (no depth test):
# at a bowl's point the tangents run just under it, and a lesson must read them whole.
_LAYERS = (("floor", True), ("contours", True), *direction_layers.FLOOR_LAYERS, ("outline", True), ("slices", True),
           *direction_layers.SURFACE_LAYERS, ("floor_gradient", True), ("triangles", False), ("tangents", False),
           *direction_layers.OVER_LAYERS, ("gradient", False), *direction_layers.HANDLE_LAYERS, ("marker", False), ("answer", False))
_PROBE_LAYERS = ("marker", "slices", "tangents", "triangles", "gradient", "floor_gradient")
MAX_RENDER_SIDE = 8192  # pixels: an exported image's largest side (half of llvmpipe's GL_MAX_TEXTURE_SIZE)


@functools.cache
def colormap_lut() -> np.ndarray:
    """(256, 4) uint8: the surface colormap (uint8 is a quarter of the bytes to upload).
    Read once (pyqtgraph reads the map's file each time, ~5 ms) and shared, so read-only."""
    lut = np.ascontiguousarray(pg.colormap.get(theme.COLORMAP).getLookupTable(0.0, 1.0, 256, alpha=True), dtype=np.uint8)
    lut.flags.writeable = False
    return lut


def _every(step: int, n: int) -> np.ndarray:
    """0, step, 2·step … and n − 1, ascending, once each (np.unique would do it, and import
    numpy.ma on its first call: ~15 ms of a cold start)."""
    picked = np.arange(0, n, step)
    return picked if picked[-1] == n - 1 else np.append(picked, n - 1)


class SurfaceView(gl.GLViewWidget):
    """The OpenGL view of the lesson's surface.  A click that hits the surface picks the
    point (writes it to the lesson, and emits :attr:`pointClicked`); a drag orbits as
    usual; arrow keys nudge the point.  Everything drawn follows the lesson's events."""

    pointClicked = Signal(float, float)
    #: Keep the still layers (surface, contours, probe) rendered between frames and draw
    #: only the runs over them; False renders everything every frame (tests compare both).
    keep_still_layers = True

    def __init__(self, lesson: Lesson, parent=None):
        super().__init__(parent)
        self.setObjectName("surfaceView")
        self.setAccessibleName("Surface view: click a point to see its partial derivatives")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setBackgroundColor(theme.current().background)
        self.setMinimumSize(480, 380)  # what a projector needs of it (a 1024×768 window has room)
        # Beyond GL_MAX_TEXTURE_SIZE (16,384 on llvmpipe) a QOpenGLWidget loses its framebuffer for good.
        self.setMaximumSize(8192, 8192)
        self.lesson = lesson
        self._press: QPointF | None = None
        self._line_scale = 1.0  # an image rendered larger than the view widens every line (presentation mode is in the theme)
        self._lut = colormap_lut()  # the contour lines' shades

        self.surface = SurfaceMeshItem()
        # Every line of the scene lives in one item, in layers drawn in this order; the last
        # ones ignore the depth test (hidden parts dashed, the point never hidden).
        self.lines = LineLayersItem({name: LineStyle(theme.current().surface_lines[name], depth) for name, depth in _LAYERS})
        # The surface and its lines rendered once, kept in a framebuffer: a frame of an
        # animation copies them (colour and depth) and draws only the runs over them.
        self._still = None  # QOpenGLFramebufferObject: the still layers' last render
        self._still_key = None  # what that render showed: size, camera, background
        self._runs_moved = False  # the runs' lines changed since the last frame
        #: How many frames this view has drawn (tests wait for the next one, not a fixed time).
        self.frames_drawn = 0
        self._resizing = False  # inside QOpenGLWidget's resizeEvent, which renders
        self._orthographic = False  # Top view: a true map (until the camera tilts)
        self._render_size: tuple[int, int] | None = None  # an off-screen image being rendered
        self._frame_static = (np.zeros((0, 3), np.float32), np.zeros((0, 4), np.float32))
        self._drop = self._frame_static  # the line from the picked point down to the floor
        self._axes_seen_from = None
        self.tangent_plane = gl.GLMeshItem(
            vertexes=np.zeros((4, 3)), faces=np.array([[0, 1, 2], [0, 2, 3]]), color=(1.0, 1.0, 1.0, 0.45),
            smooth=False, computeNormals=False,
            glOptions={GL.GL_DEPTH_TEST: True, GL.GL_BLEND: True, GL.GL_POLYGON_OFFSET_FILL: False,
                       "glBlendFunc": (GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA)},
        )
        self.tangent_plane.setVisible(False)
        self._turning = self._turned = False  # the handle of u is being dragged (not the camera); moved yet
        self._probe_shown = False
        self._base_labels = ([], np.zeros((0, 3)))  # the probe's own labels (the direction's are added)
        self._label_obstacles = None  # (rectangles, the probe's arrows) u's label keeps clear of, as last placed
        self._labels_seen_from = None
        self.direction_layers = direction_layers.DirectionLayers(self)
        for item in (self.surface, self.lines, self.tangent_plane):
            self.addItem(item)
        # Lines after the surface (the depth test needs it drawn), the runs' over them
        # (depth 11: RunsVisual, its own item), the translucent plane last.
        self.lines.setDepthValue(10)
        self.runs = RunsVisual(self, lesson)  # subscribes to the lesson's session itself
        self.tangent_plane.setDepthValue(20)
        self.labels = AxisLabelsItem()
        self.labels.setDepthValue(30)
        self.addItem(self.labels)
        self.probe_labels = AxisLabelsItem()  # "slope 10", "∇f": they follow the point
        self.probe_labels.setDepthValue(31)
        self.addItem(self.probe_labels)
        self.direction_label = AxisLabelsItem(halo_box=True)  # "D_u f = 11.66": its own atlas, redrawn alone as u turns
        self.direction_label.setDepthValue(32)
        self.addItem(self.direction_label)

        # The probe's labels are placed apart for the camera; an orbit places them again
        # when it pauses (not every frame: a new atlas each time).
        self._label_timer = QTimer(self, singleShot=True, interval=120)
        self._label_timer.timeout.connect(self._place_probe_labels)

        # Contours follow one event-loop turn after the surface: the surface shows first.
        self._contour_timer = QTimer(self, singleShot=True, interval=0)
        self._contour_timer.timeout.connect(self._update_contours)

        lesson.events.changed.connect(self._on_lesson_changed)
        lesson.events.previewed.connect(self.preview)
        theme.changed.connect(self.apply_theme)
        # The camera first: the axes' ticks and the probe's labels are placed once, for it.
        self.reset_camera()
        self.rebuild()

    # ------------------------------------------------------------------ lesson → view
    @property
    def mesh(self) -> SurfaceMesh:
        """The lesson's mesh: what this view uploads (the lesson built and checked it)."""
        return self.lesson.mesh

    @property
    def run_lines(self) -> LineLayersItem:
        """The runs' GL lines (layers ``runs_visual.RUN_LAYERS``), owned by :attr:`runs`."""
        return self.runs.lines

    @property
    def resolution(self) -> int:
        return self.lesson.resolution

    def _on_lesson_changed(self, changed: frozenset) -> None:
        if Field.CAMERA in changed:
            self.apply_camera(self.lesson.camera)
        if Field.MESH in changed:
            self.rebuild()  # the axes and the probe too (the runs follow the mesh themselves)
            if Field.FUNCTION in changed and Field.CAMERA not in changed:
                self.reset_camera()  # a new function is seen from its low side (a lesson's own camera stays)
            return
        if Field.CONTOURS in changed:
            self.lines.set_layer_visible("contours", self.lesson.contours)
            if self.lesson.contours:
                self._update_contours()
        if changed & {Field.POINT, Field.TANGENT_PLANE, Field.SLOPE_TRIANGLES, Field.DOWNHILL, "level_curve"}:
            self.update_probe()
        elif "direction" in changed:
            self.update_direction(direction_only=True)
        if "gradient_field" in changed:
            self.direction_layers.update_field()
            self.update()

    def rebuild(self) -> None:
        """Upload the lesson's mesh; then the axes and the probe."""
        mesh = self.mesh
        self.lines.set_layer_visible("contours", self.lesson.contours)
        self.surface.set_arrays(mesh.vertices, mesh.faces, mesh.normals, mesh.colors)
        self._update_outline()
        self._update_axes()
        self._update_answer()
        self.update_probe()
        self.direction_layers.update_field()
        if self.lesson.contours:
            self._contour_timer.start()

    def _update_answer(self) -> None:
        """While the surface is the loss of the data (a line's squared error): the least-squares
        (w*, b*) marked with a small cross at its loss, or, where the minimum is a valley (one
        point, or every x the same), the valley's floor line (core/loss.py's LeastSquares)."""
        from ..core.data_lesson import answer_of

        lesson, box = self.lesson, self.mesh.box
        segments = np.empty((0, 3))
        if lesson.data_drives and lesson.model == "linear":
            answer = answer_of(lesson.settings())
            if not answer.valley and box.contains_xy((answer.w, answer.b)):
                size = np.diag(0.05 / box.scale)  # a cross 0.1 world units wide, in function units
                centre = np.array([answer.w, answer.b, answer.loss])
                segments = np.concatenate([[centre - size[k], centre + size[k]] for k in range(3)])
            elif answer.valley:  # b = c + s·w, the part of it over the floor
                (w0, w1), (b0, b1), c, slope = box.x_range, box.y_range, answer.valley_intercept, answer.valley_slope
                if slope != 0:
                    ends = sorted(((b0 - c) / slope, (b1 - c) / slope))
                    w0, w1 = max(w0, ends[0]), min(w1, ends[1])
                if w0 < w1 and (slope != 0 or b0 <= c <= b1):
                    w = np.array([w0, w1])
                    segments = np.column_stack([w, c + slope * w, np.full(2, answer.loss)])
        world = box.to_world(segments) if len(segments) else segments
        self.lines.set_layer("answer", world, np.tile(_rgba(theme.current().text_color), (len(world), 1)))

    def preview(self, mesh: SurfaceMesh) -> None:
        """Show a surface a gesture is forming (a data point being dragged: the data's loss
        meshed from its six sums) until the lesson's edit at the gesture's end redraws its own."""
        self.surface.set_arrays(mesh.vertices, mesh.faces, mesh.normals, mesh.colors)
        rim = outline_segments(mesh)
        self.lines.set_layer("outline", rim, np.tile(_rgba(theme.current().surface_outline), (len(rim), 1)))

    def _update_outline(self) -> None:
        # The sheet's rim (and its holes' rims) at its height: where the surface ends, so
        # its front edge reads as an edge and not as the floor's contour map going on.
        rim = outline_segments(self.mesh)
        self.lines.set_layer("outline", rim, np.tile(_rgba(theme.current().surface_outline), (len(rim), 1)))

    def _update_contours(self) -> None:
        mesh = self.mesh
        if mesh is None or not self.lesson.contours:
            return
        # The floor map needs no more than ~120 samples a side to look smooth.
        step = max(1, math.ceil(len(mesh.x) / 120))
        z0, z1 = mesh.box.z_range
        levels = np.linspace(z0, z1, 13)[1:-1]
        # Every step-th row and column, and the last one, so the map reaches the far edges.
        ix, iy = _every(step, len(mesh.x)), _every(step, len(mesh.y))
        skip = None
        if mesh.has_poles:
            # A coarse cell is cut if any fine cell in it is.
            skip = np.logical_or.reduceat(np.logical_or.reduceat(mesh.cut_cells, ix[:-1], axis=0), iy[:-1], axis=1)
        lines = contour_lines(mesh.values[np.ix_(ix, iy)], mesh.x[ix], mesh.y[iy], levels, skip)
        if len(lines) == 0:
            self.lines.set_layer("contours", np.zeros((0, 3)), np.zeros((0, 4)))
            return
        # Each contour twice: on the floor (a map) and on the surface at its height (seen
        # from above, the surface hides the floor).  Thinned once, in world units.
        world = mesh.box.to_world(lines)
        thin = simplify_polyline(world, LINE_TOLERANCE)
        pairs = polyline_segments(thin)
        height = np.clip((pairs[:, 2] - FLOOR_GAP) / HEIGHT, 0.0, 1.0)  # 0 at z0, 1 at z1
        shade = self._lut[np.clip((height * 255).astype(int), 0, 255)] / 255.0
        floor, on_surface = pairs.copy(), pairs.copy()
        floor[:, 2] = 0.002  # just above the floor grid
        on_surface[:, 2] += LIFT
        floor_colors, surface_colors = shade * 0.85, shade * 0.5  # darker than the surface there
        floor_colors[:, 3] = surface_colors[:, 3] = 1.0
        self.lines.set_layer("contours", np.concatenate([floor, on_surface]), np.concatenate([floor_colors, surface_colors]))

    def _axes_side(self) -> tuple[int, int, bool]:
        """Where the camera is, as the axes need it: the signs of its world x and y (the
        box edges on that side face the viewer) and whether it looks from above (then the
        z axis shows end on, a pile of ticks)."""
        camera = self.cameraPosition()
        return (1 if camera.x() >= 0 else -1, 1 if camera.y() >= 0 else -1, self.opts["elevation"] > 70)

    def _update_axes(self) -> None:
        """Floor grid, box edges, ticks and labels.  Ticks and their labels go on the edges
        that face the camera, so they stand in front of the surface, not over it; the z axis
        goes on the corner at the left of the screen."""
        mesh = self.mesh
        box = mesh.box
        names = tuple(map(shown_name, self.lesson.surface.variable_names))  # w₁ as the readout and menus name it
        fname = self.lesson.surface.name
        (x0, x1), (y0, y1), (z0, z1) = box.x_range, box.y_range, box.z_range
        sx, sy, from_above = self._axes_seen_from = self._axes_side()
        x_near, x_far = (x1, x0) if sx > 0 else (x0, x1)
        y_near, y_far = (y1, y0) if sy > 0 else (y0, y1)
        ticks = []
        labels = []
        frame = _LineBatch()
        tick_font, name_font = QFont(), QFont()
        tick_font.setPointSizeF(theme.current().tick_font_pt * self._line_scale)
        name_font.setPointSizeF(theme.current().axis_name_font_pt * self._line_scale)

        def label(text, world, color=theme.hex_to_rgba(theme.current().label_color), font=tick_font, align=0.5, nudge=(0.0, 0.0)):
            labels.append(Label(tuple(np.asarray(world, dtype=np.float64)), text, QColor(*color), font, align, nudge))

        def on_floor(point):
            w = box.to_world(point)
            w[2] = 0.0
            return w

        def spaced_ticks(lo, hi):
            # Fewer ticks when their labels are long (a narrow range far from 0), so they
            # do not run into each other.
            for count in (7, 5, 3):
                values = nice_ticks(lo, hi, count)
                texts = tick_labels(values)
                if max(map(len, texts), default=0) <= {7: 4, 5: 7}.get(count, 99):
                    break
            return zip(values, texts)

        floor = []
        out_x, out_y = np.array([sx, 0.0, 0.0]), np.array([0.0, sy, 0.0])  # outward, toward the camera
        # Seen from above, the surface (nearer the eye) looks larger than the floor and would
        # cover ticks on the floor: they go up to the top of the box, the z axis goes away.
        up = np.array([0.0, 0.0, box.to_world((x0, y0, z1))[2] if from_above else 0.0])
        for v, text in spaced_ticks(x0, x1):
            w = on_floor((v, y_near, z0))
            ticks += [w + up, w + up + 0.05 * out_y]
            floor += [w, on_floor((v, y_far, z0))]
            label(text, w + up + 0.16 * out_y, nudge=(0.0, -6.0))
        for v, text in spaced_ticks(y0, y1):
            w = on_floor((x_near, v, z0))
            ticks += [w + up, w + up + 0.05 * out_x]
            floor += [on_floor((x_far, v, z0)), w]
            if not math.isclose(v, y_near, abs_tol=1e-3 * (y1 - y0)):  # the x axis labels that corner (nice_ticks' slack)
                label(text, w + up + 0.16 * out_x, nudge=(0.0, -6.0))
        label(names[0], on_floor(((x0 + x1) / 2, y_near, z0)) + up + 0.36 * out_y, theme.hex_to_rgba(theme.current().x_color), name_font, nudge=(0.0, -8.0))
        label(names[1], on_floor((x_near, (y0 + y1) / 2, z0)) + up + 0.36 * out_x, theme.hex_to_rgba(theme.current().y_color), name_font, nudge=(0.0, -8.0))
        # The z axis: on whichever side corner shows at the left of the screen.
        projection, view, width, height = self.matrices()
        corners = [(x_near, y_far), (x_far, y_near)]
        left = min(corners, key=lambda c: project_point(on_floor((*c, z0)), width, height, projection, view)[0])
        z_axis = [box.to_world((*left, z0)) * (1, 1, 0), box.to_world((*left, z1))]
        if not from_above:
            z_ticks = nice_ticks(z0, z1, 5)
            for v, text in zip(z_ticks, tick_labels(z_ticks)):
                w = box.to_world((*left, v))
                ticks += [w, w + 0.04 * np.array([sx if left[0] == x_near else -sx, 0.0, 0.0])]
                if v > z0 + 1e-3 * (z1 - z0):  # a tick at the floor: its corner has the x and y labels
                    label(text, w, align=1.0, nudge=(-10.0, -6.0))
            label(fname, box.to_world((*left, z1)), theme.hex_to_rgba(theme.current().label_color), name_font, align=0.5, nudge=(0.0, 12.0))
        square = [(x0, y0), (x1, y0), (x1, y0), (x1, y1), (x1, y1), (x0, y1), (x0, y1), (x0, y0)]
        edges = [on_floor((cx, cy, z0)) for cx, cy in square] + ([] if from_above else z_axis)
        frame.add(floor, theme.current().floor_grid)
        frame.add(edges, theme.current().box_edges)
        frame.add(ticks, theme.current().ticks)
        self._frame_static = frame.arrays()
        self._set_floor_layer()
        self.labels.set_labels(labels, self.devicePixelRatioF())

    def _set_floor_layer(self) -> None:
        frame_pos, frame_colors = self._frame_static
        drop_pos, drop_colors = self._drop
        self.lines.set_layer("floor", np.concatenate([frame_pos, drop_pos]), np.concatenate([frame_colors, drop_colors]))

    def paintGL(self):
        if self._resizing and not self.frames_drawn:
            # QOpenGLWidget renders on each resize; the first is the window's first show, whose
            # paint renders again at once: one render for the first frame, not two (#25).
            return
        # The axes move to the edges facing the camera when an orbit crosses a quadrant
        # (rare, and cheap: the label atlas is kept, only anchors move).
        if self.mesh is not None and self._axes_side() != self._axes_seen_from:
            try:
                self._update_axes()
            except Exception:  # noqa: BLE001 - a paint must not raise into Qt; the old axes stay
                self._axes_seen_from = self._axes_side()
        if getattr(self, "_labels_seen_from", None) != self._camera_key():
            self._label_timer.start()  # the camera moved: the labels placed again once it rests (restarted each frame)
        try:
            super().paintGL()
        except Exception:  # noqa: BLE001 - a lost framebuffer (GLError) must not raise into Qt on every paint
            self._still_key = None
        self.frames_drawn += 1

    @property
    def settled(self) -> bool:
        """Whether nothing is left to follow: the contour lines drawn for the surface and the
        probe's labels placed for the camera as it is (both follow a moment later)."""
        return (not self._contour_timer.isActive() and not self._label_timer.isActive()
                and getattr(self, "_labels_seen_from", None) == self._camera_key())

    # ------------------------------------------------------------------ the still layers, kept
    def update(self):
        """Repaint, the still layers too: something other than the runs changed (a still
        item's data, the camera, the size; pyqtgraph's items and camera calls end here)."""
        self._still_key = None
        super().update()

    def update_animated(self) -> None:
        """Repaint for a change to the runs' lines alone: the kept surface is reused."""
        self._runs_moved = True
        super().update()

    def paint(self, *, region, viewport, useItemNames=False):
        # GLViewWidget.paint, in two parts.  The items drawn before the runs' lines (the
        # surface, its contour map, the probe's lines) go into a framebuffer of their own
        # when they changed; every frame copies its colour and depth, then draws the runs
        # and what lies over them.  On a software renderer the 200×200 surface is most of
        # a frame (~13 ms of ~16 ms); the copy ~1 ms.
        ratio = self.devicePixelRatioF()
        size = (round(self.width() * ratio), round(self.height() * ratio))
        whole = tuple(region) == tuple(viewport) == (0, 0, self.width(), self.height())  # pyqtgraph's logical pixels
        runs_moved, self._runs_moved = self._runs_moved, False
        if not self.keep_still_layers:
            super().paint(region=region, viewport=viewport, useItemNames=useItemNames)
            return
        if useItemNames or not whole:  # pyqtgraph's tiled renderToArray, its GL_SELECT picking
            self._still_key = None
            super().paint(region=region, viewport=viewport, useItemNames=useItemNames)
            return
        self.setProjection(region, viewport)
        self.setModelview()
        key = (size, tuple(self.projectionMatrix(region, viewport).data()), tuple(self.viewMatrix().data()),
               tuple(self.opts["bgcolor"]))
        if self._still_key != key and (not runs_moved or not self.frames_drawn):
            # The still layers changed and the runs did not (an orbit, a new point), or this
            # is the first frame (nothing moves yet at start): one pass straight to the
            # screen, as stock; keeping them pays only while runs move.
            self._still_key = None
            super().paint(region=region, viewport=viewport)
            return
        target = GL.glGetIntegerv(GL.GL_DRAW_FRAMEBUFFER_BINDING)
        try:
            self._paint_over_still(key, size, target)
        except Exception:  # noqa: BLE001 - a paint must not raise into Qt: render as stock from now on
            self.keep_still_layers = False
            self._still_key = None
            GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, target)
            super().paint(region=region, viewport=viewport)

    def _paint_over_still(self, key: tuple, size: tuple[int, int], target: int) -> None:
        """The kept still layers copied into ``target`` (rendered first where ``key``, what
        they show, changed), then the runs and what lies over them."""
        still = self._still
        if still is None or (still.width(), still.height()) != size or not still.isValid():
            fmt = QOpenGLFramebufferObjectFormat()
            fmt.setAttachment(QOpenGLFramebufferObject.Attachment.CombinedDepthStencil)
            still = self._still = QOpenGLFramebufferObject(size[0], size[1], fmt)
            self._still_key = None
        top = sorted((i for i in self.items if i.parentItem() is None), key=lambda i: i.depthValue())
        first_animated = self.run_lines.depthValue()
        if self._still_key != key:
            GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, still.handle())
            GL.glClearColor(*self.opts["bgcolor"])
            GL.glClear(GL.GL_DEPTH_BUFFER_BIT | GL.GL_COLOR_BUFFER_BIT)
            self._draw_items([i for i in top if i.depthValue() < first_animated])
            self._still_key = key
        _copy_framebuffer(still.handle(), target, size)
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, target)
        self._draw_items([i for i in top if i.depthValue() >= first_animated])

    def _draw_items(self, items) -> None:
        # GLViewWidget.drawItemTree's loop over the top-level items, for some of them.
        for item in items:
            if item.visible():
                self._modelViewStack.append(self.currentModelView() * item.transform())
                try:
                    self.drawItemTree(item)
                finally:
                    self._modelViewStack.pop()

    def update_probe(self) -> None:
        """Marker, slices, tangent lines, ∇f arrow and tangent plane at the lesson's point
        (the geometry is the core's :func:`probe_geometry`; here it is only mapped and uploaded)."""
        mesh, lesson = self.mesh, self.lesson
        if mesh is None:
            return
        box = mesh.box
        probe = probe_geometry(lesson.surface, lesson.point, box, largest_gradient=mesh.largest_gradient)
        self._probe_shown = probe.shown
        for layer in _PROBE_LAYERS:
            self.lines.set_layer_visible(layer, probe.shown)
        if not probe.shown:
            self._drop = (np.zeros((0, 3), np.float32), np.zeros((0, 4), np.float32))
            self._set_floor_layer()
            self.tangent_plane.setVisible(False)
            self._probe_labels = self._base_labels = ([], np.zeros((0, 3)))  # nothing for an orbit to put back
            self.probe_labels.set_labels([])
            self.direction_label.set_labels([])
            self.direction_layers.update_level(False)
            self.direction_layers.update_direction(False)
            self.update()
            return
        lift = np.array([0, 0, LIFT])
        point = box.to_world(probe.surface_point)
        floor = box.to_world(probe.floor_point)
        floor[2] = 0.0
        self.lines.set_layer("marker", point + lift + _knot(0.022), np.tile(_rgba(theme.current().marker_color), (6, 1)))
        drop = _LineBatch()
        drop.add([point, floor], theme.current().drop_color)
        self._drop = drop.arrays()
        self._set_floor_layer()

        # Both slices thinned in one call: a fourth column says which is which, and a NaN
        # row between them breaks the polyline.
        pieces = []
        for which, curve in enumerate(probe.slices):
            pieces += [np.column_stack([box.to_world(curve) + lift, np.full(len(curve), which)]), np.full((1, 4), np.nan)]
        thin = simplify_polyline(np.vstack(pieces), LINE_TOLERANCE)
        slices = _LineBatch()
        for which, color in enumerate((theme.current().x_color, theme.current().y_color)):
            slices.add(polyline_segments(thin[thin[:, 3] == which, :3]), color)
        self.lines.set_layer("slices", *slices.arrays())

        names, fname = tuple(map(shown_name, lesson.surface.variable_names)), lesson.surface.name  # Δw₁, not Δw1
        font = QFont()
        font.setPointSizeF(theme.current().probe_font_pt * self._line_scale)
        font.setBold(True)
        halo = QColor(theme.current().halo_color)
        # Each label with what decides its side on screen (see _place_probe_labels): a
        # slope's beyond its tangent's end, a triangle's outside its leg, ∇f's past its tip.
        labels: list[surface_labels.ProbeLabel] = []
        tangents, triangles = _LineBatch(), _LineBatch()
        for axis, (color, segment, slope) in enumerate(zip((theme.current().x_tangent_color, theme.current().y_tangent_color), probe.tangents, probe.partials)):
            if segment is None:
                continue
            world = box.to_world(segment) + lift
            tangents.add(world, color)
            # The label at the end away from ∇f (its tip lies toward the partials' signs),
            # so the two never cover each other.
            end = world[0] if slope >= 0 else world[1]
            labels.append(surface_labels.ProbeLabel(Label(tuple(end), f"slope {format_value(slope, 2)}", QColor(color), font, 0.0, (0.0, 0.0), halo),
                                      (point, end)))
            triangle = probe.triangles[axis]
            if lesson.slope_triangles and triangle is not None:
                legs = box.to_world(triangle.legs) + lift
                triangles.add(legs, color)
                # legs: the point, the run's end (twice), the rise's top.
                labels.append(surface_labels.ProbeLabel(Label(tuple((legs[0] + legs[1]) / 2), f"Δ{names[axis]} = {format_value(triangle.run)}",
                                                QColor(color), font, 0.0, (0.0, 0.0), halo), (legs[0], legs[1], legs[3]), gap=4.0))
                labels.append(surface_labels.ProbeLabel(Label(tuple((legs[2] + legs[3]) / 2), f"Δ{fname} = {format_value(triangle.rise, 2)}",
                                                QColor(color), font, 0.0, (0.0, 0.0), halo), (legs[2], legs[3], legs[0]), gap=4.0))
        self.lines.set_layer("tangents", *tangents.arrays())
        self.lines.set_layer("triangles", *triangles.arrays())
        arrows, on_floor = _LineBatch(), _LineBatch()
        for arrow, color, text, shown in ((probe.uphill, theme.current().gradient_color, f"∇{fname}", True),
                                          (probe.downhill, theme.current().downhill_color, f"−∇{fname} downhill", lesson.downhill)):
            if arrow is None or not shown:
                continue
            world = box.to_world(arrow) + lift
            arrows.add(world, color)
            fallback = None
            if arrow is probe.uphill and math.isfinite(probe.gradient_norm):
                # Its length says how steep; the number says how much, where it fits.
                fallback, text = text, f"{text}, |{text}| = {surface_labels.magnitude(probe.gradient_norm)}"
                if len(lesson.function.variable_names) > 2:  # the shown pair's part of ∇f, not all of it (#24)
                    pair = ", ".join(names)
                    text = f"∇{fname} in {pair}: {surface_labels.magnitude(probe.gradient_norm)} long"
            labels.append(surface_labels.ProbeLabel(Label(tuple(world[1]), text, QColor(color), font, 0.0, (0.0, 0.0), halo),
                                      (world[0], world[1]), fallback=fallback))
        self.lines.set_layer("gradient", *arrows.arrays())
        if probe.gradient_arrow is not None:  # its shadow on the floor: across the contour map
            shadow = box.to_world(probe.gradient_arrow)
            shadow[:, 2] = 0.004  # just above the floor grid
            on_floor.add(shadow, theme.current().gradient_color)
        self.lines.set_layer("floor_gradient", *on_floor.arrays())
        if lesson.tangent_plane and probe.plane is not None:
            self.tangent_plane.setMeshData(vertexes=box.to_world(probe.plane).astype(np.float32), faces=np.array([[0, 1, 2], [0, 2, 3]]))
            self.tangent_plane.setVisible(True)
        else:
            self.tangent_plane.setVisible(False)
        self._base_labels = (labels, arrows.arrays()[0])
        self.direction_layers.update_level(probe.shown)
        self.update_direction(probe.shown)

    # ------------------------------------------------------------------ a direction u at the point
    @property
    def direction_shown(self) -> bool:
        """Whether the slice along u, its tangent and the handle are drawn (the window shows
        them with the Direction pane)."""
        return self.direction_layers.shown

    def set_direction_shown(self, shown: bool) -> None:
        if bool(shown) != self.direction_layers.shown:
            self.direction_layers.shown = bool(shown)
            self.update_direction()

    def update_direction(self, shown_at_point: bool | None = None, direction_only: bool = False) -> None:
        """The slice along u, its tangent and the handle again (a new θ: nothing else of the
        probe changes), and the probe's labels placed with its label."""
        if self.mesh is None:
            return
        if shown_at_point is None:
            shown_at_point = self._probe_shown
        self.direction_layers.update_direction(shown_at_point)
        labels, arrows = self._base_labels
        handle = self.direction_layers.handle_arrow
        self._probe_labels = (labels, arrows if handle is None else np.concatenate([arrows, handle]))
        # θ alone changed (a drag of the handle): only u's label is placed again, around the
        # others where they are (placing and drawing them all again is most of a drag event).
        # Not shown yet: resizeEvent places them, for the size the first frame is drawn at.
        if self.frames_drawn or not self.testAttribute(Qt.WidgetAttribute.WA_PendingResizeEvent):
            self._place_probe_labels(direction_only=direction_only)
        self.update()

    def world_to_screen(self, world) -> tuple[float, float]:
        """Logical pixels of a world point (3,) as the view shows it now."""
        projection, view, w, h = self.matrices()
        return project_point(np.asarray(world, dtype=np.float64), w, h, projection, view)

    def _turn_to(self, px: float, py: float) -> None:
        """Turn u toward the pixel the handle is dragged to (see :func:`angle_from_ray`)."""
        projection, view, w, h = self.matrices()
        origin, direction = ray_through_pixel(px, py, w, h, projection, view)
        box = self.mesh.box
        x0, y0 = self.lesson.point
        value, fx, fy = self.lesson.surface.evaluate_point((x0, y0))
        gradient = (fx, fy) if math.isfinite(fx) and math.isfinite(fy) and not any(self.lesson.surface.kinks_at((x0, y0))) else None
        degrees = angle_from_ray(box.to_function(origin), box.direction_to_function(direction), (x0, y0), value, gradient)
        if degrees is None:
            return
        degrees = round(degrees, 1)  # the dial's and the readout's tenth of a degree
        with self.lesson.history.merging() if self._turned else contextlib.nullcontext():
            if self.lesson.try_update(direction=degrees):
                self._turned = True

    def _screen_projection(self):
        """``(w, h, seen)`` for this camera: the view's size in logical pixels and ``seen``,
        world points (…, 3) → logical pixels (…, 2) (project_point, for many at once)."""
        _, _, w, h = self.getViewport()  # an off-screen image lays out for its own size
        matrix = _as_numpy(self.projectionMatrix((0, 0, w, h), (0, 0, w, h))) @ _as_numpy(self.viewMatrix())

        def seen(world) -> np.ndarray:
            world = np.asarray(world, dtype=np.float64)
            clip = np.concatenate([world, np.ones((*world.shape[:-1], 1))], axis=-1) @ matrix.T
            with np.errstate(divide="ignore", invalid="ignore"):
                ndc = clip[..., :2] / clip[..., 3:4]
            return np.stack([(ndc[..., 0] + 1.0) * w / 2.0, (1.0 - ndc[..., 1]) * h / 2.0], axis=-1)

        return w, h, seen

    def place_beside_probe(self, labels: list) -> list[Label]:
        """The runs' arrow labels (:class:`~.surface_labels.ProbeLabel` each) placed on screen
        as the probe's are (:func:`~.surface_labels.place`): beyond their arrows' tips, clear
        of the probe's labels, the axis labels and the probe's arrows as last placed for
        this camera — by their anchors alone they landed on the point's own ∇f label."""
        w, h, seen = self._screen_projection()
        # Where the probe's labels, the axis labels and the probe's arrows are seen now (the
        # view may have been resized since they were placed: a pane opened beside it).
        _, probe_arrows = getattr(self, "_probe_labels", ([], np.zeros((0, 3))))
        obstacles, wishes = surface_labels.probe_wishes(labels, self.labels.placed, probe_arrows, seen, w, h)
        placed = list(self.probe_labels.placed) + list(self.direction_label.placed)
        anchors = seen(np.array([label.anchor for label in placed]).reshape(-1, 3))
        obstacles += [surface_labels.quad_rect(label, x, y) for label, (x, y) in zip(placed, anchors)
                      if math.isfinite(x) and math.isfinite(y)]
        return surface_labels.place(wishes, obstacles, w, h)

    def _place_probe_labels(self, direction_only: bool = False) -> None:
        """The probe's labels placed on screen for this camera (:func:`surface_labels.place`):
        each beside what it names, inside the view, clear of the others, of the axis labels
        and of the arrows' shafts.  ``direction_only``: u's label alone, around the others
        as they are placed (a new θ: the camera and the rest of the probe are as they were)."""
        base, arrows = getattr(self, "_probe_labels", ([], np.zeros((0, 3))))
        own = self.direction_layers.labels
        w, h, seen = self._screen_projection()
        ratio = self.devicePixelRatioF()
        if direction_only and self._label_obstacles is not None and self._labels_seen_from == self._camera_key():
            # What u's label keeps clear of, kept from the last placing: the axis labels, the
            # probe's other labels and its arrows; u's own arrow is new.
            obstacles, wishes = surface_labels.probe_wishes(own, [], arrows[len(self._label_obstacles[1]):], seen, w, h)
            self.direction_label.set_labels(surface_labels.place(wishes, self._label_obstacles[0] + obstacles, w, h), ratio)
            return
        labels = list(base) + list(own)
        obstacles, wishes = surface_labels.probe_wishes(labels, self.labels.placed, arrows, seen, w, h)
        base_arrows = self._base_labels[1]
        if arrows is base_arrows:  # no handle of u's: what the others keep clear of is the same
            kept = list(obstacles)
        else:
            kept, _ = surface_labels.probe_wishes([], self.labels.placed, base_arrows, seen, w, h)
        # ∇f's first (it names the arrow), then the triangles' (they must stay by their small
        # legs), then the slopes' (at the tangents' far ends, with room around them), u's last.
        order = sorted(range(len(wishes)), key=lambda i: (i >= len(base), labels[i].fallback is None, len(labels[i].through) != 3))
        placed_in_order = surface_labels.place([wishes[i] for i in order], obstacles, w, h)
        placed = [None] * len(wishes)
        for i, label in zip(order, placed_in_order):
            placed[i] = label
        self.probe_labels.set_labels(placed[:len(base)], ratio)
        self.direction_label.set_labels(placed[len(base):], ratio)
        anchors = seen(np.array([label.anchor for label in placed[:len(base)]]).reshape(-1, 3))
        kept += [surface_labels.quad_rect(label, x, y) for label, (x, y) in zip(placed[:len(base)], anchors)]
        self._label_obstacles = (kept, base_arrows)
        if hasattr(self, "runs"):
            self.runs.place_labels()  # the runs' arrow labels, clear of these
        self._labels_seen_from = self._camera_key()

    def _camera_key(self) -> tuple:
        o = self.opts
        return (tuple(o["center"]), o["distance"], o["elevation"], o["azimuth"], self.width(), self.height())

    def apply_theme(self) -> None:
        """The ground, the box, the labels and every line's colour and width again from the
        current theme (on :data:`theme.changed`: View ▸ Theme, presentation mode's scale)."""
        self.setBackgroundColor(theme.current().background)
        if self.mesh is not None:
            self._update_outline()
            self.direction_layers.update_field()
        self._scale_lines(self._line_scale)  # the widths, the axes and the probe (the runs re-read it themselves)
        self.update()

    def _scale_lines(self, scale: float) -> None:
        """Lines and labels ``scale`` times the current theme's (an image rendered larger
        than the view: see :meth:`offscreen`)."""
        self._line_scale = float(scale)
        widths = theme.current().surface_lines
        for name, depth in _LAYERS:
            self.lines.styles[name] = LineStyle(widths[name] * self._line_scale, depth)
        self.lines.update()
        self.runs.scale_lines(self._line_scale)
        if self.mesh is not None:
            self._update_axes()
            self.update_probe()  # its labels' font

    # ------------------------------------------------------------------ camera
    def reset_camera(self) -> None:
        """Look at the box from the side where the surface is low (its high parts stand at
        the back, not as a wall in front), from just high enough that the sheet does not
        hide the point (see :func:`~explorer.core.framing.low_side_camera`)."""
        center, distance = np.array([0.0, 0.0, HEIGHT * 0.45]), 4.7
        azimuth, elevation = -60.0, 28.0
        if self.mesh is not None:
            box = self.mesh.box
            x, y = self.lesson.point
            value = self.lesson.surface.value_at((x, y))
            target = box.to_world((x, y, value)) if math.isfinite(value) and box.contains_xy((x, y)) else None
            fx, fy = self.lesson.surface.partials_at((x, y))
            nx, ny = -fx / box.scale[0] * box.scale[2], -fy / box.scale[1] * box.scale[2]
            prefer = azimuth
            if math.isfinite(nx) and math.isfinite(ny) and math.hypot(nx, ny) > 1e-9:
                # Of the low sides, the one nearest the face's normal, but not head-on: 35°
                # off keeps both slices and their tangents (and ∇f across them) in sight.
                prefer = math.degrees(math.atan2(ny, nx)) + 35.0
            arrow = None
            if math.isfinite(fx) and math.isfinite(fy):  # ∇f's way up the tangent plane, world units
                arrow = np.array([fx, fy, fx * fx + fy * fy]) * box.scale
            azimuth, elevation = low_side_camera(self.mesh, target, center, distance, prefer, arrow)
        self._orthographic = False
        self.setCameraPosition(pos=pg.Vector(*center), distance=distance, elevation=elevation, azimuth=azimuth)

    def camera(self) -> Camera:
        """Where the view looks from now (what a saved lesson keeps), within the lesson's
        camera limits."""
        center = self.opts["center"]

        def within(value: float, lo: float, hi: float) -> float:
            return round(min(max(float(value), lo), hi), 6) if math.isfinite(value) else lo

        return Camera(within(self.opts["elevation"], *ELEVATION_RANGE),
                      round(float(self.opts["azimuth"]) % 360.0, 6) if math.isfinite(self.opts["azimuth"]) else 0.0,
                      within(self.opts["distance"], *DISTANCE_RANGE),
                      tuple(within(c, -100.0, 100.0) for c in (center.x(), center.y(), center.z())), self.orthographic)

    def resizeEvent(self, ev):
        if not self.frames_drawn and self.mesh is not None and self._labels_seen_from != self._camera_key():
            # The size the first frame is drawn at: the probe's labels placed for it now, so
            # the first frame shows them where they stay (not moved a moment later).
            self._place_probe_labels()
        self._resizing = True
        try:
            super().resizeEvent(ev)
        finally:
            self._resizing = False
        if self.direction_layers.caption.isVisible():
            self.direction_layers.restyle_caption()

    @property
    def lift(self) -> float:
        """World units that lines drawn on the surface sit above it."""
        return LIFT

    @property
    def line_tolerance(self) -> float:
        return LINE_TOLERANCE

    @property
    def line_scale(self) -> float:
        """How many times their theme's width lines and labels are drawn (an image rendered larger)."""
        return self._line_scale

    def wheelEvent(self, ev):
        super().wheelEvent(ev)
        # pyqtgraph zooms without end: 60 turns of the wheel put the eye 10³¹ away.
        self.opts["distance"] = min(max(self.opts["distance"], DISTANCE_RANGE[0]), DISTANCE_RANGE[1])

    def apply_camera(self, camera: Camera | None) -> None:
        """Look from ``camera`` (None: :meth:`reset_camera`'s default view)."""
        if camera is None:
            self.reset_camera()
            return
        self._orthographic = camera.top
        self.setCameraPosition(pos=pg.Vector(*camera.center), distance=camera.distance, elevation=camera.elevation,
                               azimuth=camera.azimuth)

    def _fit_box(self, width: int, height: int, margin: float = 0.9) -> None:
        """Step the camera back (never closer) until the box with its tick labels fits a
        ``width``×``height`` picture: the field of view is horizontal, so a picture wider
        than the view would cut off the top and bottom of what the teacher framed."""
        # The box is 2 wide; its tick labels and axis names stand outside it (Top view fits 1.45).
        half = 1.45 if self.orthographic else 1.25
        corners = np.array([[x, y, z, 1.0] for x in (-half, half) for y in (-half, half) for z in (0.0, HEIGHT)])
        for _ in range(12):
            matrix = _as_numpy(self.projectionMatrix((0, 0, width, height), (0, 0, width, height))) @ _as_numpy(self.viewMatrix())
            clip = corners @ matrix.T
            if (clip[:, 3] <= 0).any():
                return
            reach = float(np.abs(clip[:, :2] / clip[:, 3:4]).max())
            if reach <= margin:
                return
            self.opts["distance"] *= reach / margin

    def top_view(self) -> None:
        """Straight down, orthographic: a true contour map, every point over its ticks
        whatever its height, and ∇f across the contour lines.  Tilting the camera (a drag)
        brings perspective back; turning it about the vertical or zooming keeps the map."""
        self._orthographic = True
        # The 2-unit-wide box and its tick labels fill the view's narrower side.
        half = 1.45 * max(1.0, self.width() / max(self.height(), 1))
        distance = half / math.tan(0.5 * math.radians(self.opts["fov"]))
        self.setCameraPosition(pos=pg.Vector(0, 0, 0), distance=distance, elevation=90, azimuth=-90)

    @property
    def orthographic(self) -> bool:
        """Whether the view is the top view's map (no perspective)."""
        return self._orthographic and self.opts["elevation"] >= 89.99

    def projectionMatrix(self, region, viewport):
        if not self.orthographic:
            return super().projectionMatrix(region, viewport)
        # The perspective frustum's size at the distance of the centre, kept at every depth.
        x0, y0, w, h = viewport
        distance = self.opts["distance"]
        r = distance * math.tan(0.5 * math.radians(self.opts["fov"]))
        t = r * h / w
        left, right = r * ((region[0] - x0) * (2.0 / w) - 1), r * ((region[0] + region[2] - x0) * (2.0 / w) - 1)
        bottom, top = t * ((region[1] - y0) * (2.0 / h) - 1), t * ((region[1] + region[3] - y0) * (2.0 / h) - 1)
        matrix = QMatrix4x4()
        # Near plane behind the eye: zoomed in, the eye can sit below a peak (a map has no eye).
        matrix.ortho(left, right, bottom, top, -distance * 10.0, distance * 10.0)
        return matrix

    def initializeGL(self):
        super().initializeGL()
        # GL objects die with the context; free ours while it is still current.
        self.context().aboutToBeDestroyed.connect(self._on_context_destroyed)

    def _on_context_destroyed(self) -> None:
        self.makeCurrent()
        self._still = self._still_key = None  # its framebuffer dies with the context
        self.labels.release_gl()
        self.probe_labels.release_gl()
        self.direction_label.release_gl()
        self.lines.release_gl()
        self.run_lines.release_gl()
        self.surface.release_gl()
        self.doneCurrent()

    def snapshot(self):
        """The rendered frame as a QImage, read back from the GL framebuffer (device pixels)."""
        return self.grabFramebuffer()

    @property
    def settling(self) -> bool:
        """Whether a still layer (the contour map, the probe's labels) follows a change yet."""
        return self._label_timer.isActive() or self._contour_timer.isActive()

    @property
    def drawn_over_kept_layers(self) -> bool:
        """Whether the last frame copied the kept still layers and drew the runs over them."""
        return self._still_key is not None

    def getViewport(self):
        # While an image is rendered off screen (render_image), the items lay out for its size.
        return (0, 0, *self._render_size) if self._render_size else super().getViewport()

    def render_image(self, width: int, height: int, scale: float | None = None):
        """The view rendered off screen at ``width``×``height`` pixels (a slide's 1920×1080,
        not an enlarged grab): the same camera, stepped back if the box would not fit, with
        lines and labels ``scale`` times their on-screen size (default: as large, relative
        to the picture, as on screen).  An RGB32 QImage; ValueError on a size beyond
        :data:`MAX_RENDER_SIDE` or one the driver cannot render."""
        with self.offscreen(width, height, scale) as frame:
            return frame()

    @contextlib.contextmanager
    def offscreen(self, width: int, height: int, scale: float | None = None):
        """Render off screen at ``width``×``height`` (see :meth:`render_image`): yields a
        function that paints the view as it is now and returns the picture, so an
        animation's frames share one framebuffer and one set of enlarged labels."""
        width, height = int(width), int(height)
        if not (16 <= width <= MAX_RENDER_SIDE and 16 <= height <= MAX_RENDER_SIDE):
            raise ValueError(f"an image is 16 to {MAX_RENDER_SIDE} pixels a side (asked for {width}×{height})")
        if scale is None:
            scale = max(1.0, min(width / max(self.width(), 1), height / max(self.height(), 1)))
        on_screen, distance = self._line_scale, self.opts["distance"]
        self.makeCurrent()
        fmt = QOpenGLFramebufferObjectFormat()
        fmt.setAttachment(QOpenGLFramebufferObject.Attachment.CombinedDepthStencil)
        fmt.setSamples(4)  # as smooth as the screen's lines; toImage() resolves it
        held = [QOpenGLFramebufferObject(width, height, fmt)]  # freed below, while its context is current
        if not held[0].isValid():
            held.clear()
            self.doneCurrent()
            raise ValueError(f"the graphics driver cannot render {width}×{height} off screen")

        def frame() -> QImage:
            target = held[0]
            self.makeCurrent()
            target.bind()
            GL.glViewport(0, 0, width, height)
            self.paint(region=(0, 0, width, height), viewport=(0, 0, width, height))
            GL.glFinish()
            image = target.toImage().convertToFormat(QImage.Format.Format_RGB32)
            target.release()
            return image

        try:
            self._render_size = (width, height)
            self._fit_box(width, height)
            self._scale_lines(on_screen * scale / self.devicePixelRatioF())
            self._place_probe_labels()
            yield frame
        finally:
            self.makeCurrent()
            held[0].release()
            self._render_size = None
            self.opts["distance"] = distance
            self._scale_lines(on_screen)
            self._place_probe_labels()
            self.makeCurrent()
            held.clear()
            self.doneCurrent()
            self.update()

    # ------------------------------------------------------------------ geometry for tests and picking
    def matrices(self) -> tuple[np.ndarray, np.ndarray, float, float]:
        """(projection, view, width, height) in logical pixels, as numpy."""
        w, h = self.width(), self.height()
        return _as_numpy(self.projectionMatrix((0, 0, w, h), (0, 0, w, h))), _as_numpy(self.viewMatrix()), w, h

    def screen_position(self, x: float, y: float) -> QPointF:
        """Where the surface point above (x, y) appears, in widget (logical) coordinates."""
        value = self.lesson.surface.value_at((x, y))
        projection, view, w, h = self.matrices()
        px, py = project_point(self.mesh.box.to_world((x, y, value)), w, h, projection, view)
        return QPointF(px, py)

    def pick(self, px: float, py: float):
        """The function-unit point (x, y, f) under a pixel, or None on a miss."""
        if self.mesh is None:
            return None
        projection, view, w, h = self.matrices()
        origin, direction = ray_through_pixel(px, py, w, h, projection, view)
        box: WorldBox = self.mesh.box
        f_origin = box.to_function(origin)
        f_direction = box.direction_to_function(direction)
        function = self.lesson.surface
        hit = intersect_function(
            f_origin, f_direction, lambda xs, ys: function.evaluate(xs, ys)[0],
            box.x_range, box.y_range, box.z_range,
        )
        return None if hit is None else hit.point

    # ------------------------------------------------------------------ input
    def mousePressEvent(self, ev):
        if ev.button() == Qt.MouseButton.LeftButton and self.direction_layers.grabs(ev.position().x(), ev.position().y()):
            # The handle of u: the drag turns u, it does not orbit the camera.
            self._turning, self._turned = True, False
            self._press = None
            ev.accept()
            return
        self._press = ev.position()
        super().mousePressEvent(ev)

    def mouseMoveEvent(self, ev):
        if self._turning:
            try:
                self._turn_to(ev.position().x(), ev.position().y())
            except Exception as error:  # noqa: BLE001 - a drag must never raise into the event loop
                self._turning = False
                window = self.window()
                if isinstance(window, QMainWindow):
                    window.statusBar().showMessage(f"u could not be turned there: {error}", 8000)
            ev.accept()
            return
        super().mouseMoveEvent(ev)

    def mouseReleaseEvent(self, ev):
        if self._turning:
            self._turning = False
            ev.accept()
            return
        press, self._press = self._press, None
        if press is not None and ev.button() == Qt.MouseButton.LeftButton:
            moved = ev.position() - press
            if abs(moved.x()) + abs(moved.y()) <= CLICK_TOLERANCE:
                try:
                    hit = self.pick(ev.position().x(), ev.position().y())
                    if hit is not None:
                        x, y = hit[0], hit[1]
                        exact = bool(ev.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                        if self.lesson.snap and not exact:  # Shift: where the ray meets the surface
                            x, y = self._snapped(x, y, ev.position())
                        self._pick_point(x, y)
                except Exception as error:  # noqa: BLE001 - a click must never raise into the event loop
                    window = self.window()
                    if isinstance(window, QMainWindow):
                        window.statusBar().showMessage(f"That point could not be shown: {error}", 8000)
        super().mouseReleaseEvent(ev)

    def _snapped(self, x: float, y: float, click: QPointF) -> tuple[float, float]:
        """The round point nearest a click (see :func:`snap_to_round`), in function units."""
        box = self.mesh.box

        def screen_of(px: float, py: float):
            seen = self.screen_position(px, py)  # nan where f is undefined
            return (seen.x(), seen.y()) if math.isfinite(seen.x()) and math.isfinite(seen.y()) else None

        return snap_to_round(x, y, (click.x(), click.y()), screen_of, box.x_range, box.y_range)

    def keyPressEvent(self, ev):
        # Arrow keys move the point, not the camera: 1 % of the range (Shift: 0.1 %).
        steps = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Down: (0, -1), Qt.Key.Key_Up: (0, 1)}
        if ev.key() in steps:
            dx, dy = steps[ev.key()]
            fine = 0.001 if ev.modifiers() & Qt.KeyboardModifier.ShiftModifier else 0.01
            (x0, x1), (y0, y1) = self.lesson.x_range, self.lesson.y_range
            x, y = self.lesson.point
            x = min(max(x + dx * fine * (x1 - x0), x0), x1)
            y = min(max(y + dy * fine * (y1 - y0), y0), y1)
            # A held arrow's repeats join its first press: one undo step for the whole move.
            with self.lesson.history.merging() if ev.isAutoRepeat() else contextlib.nullcontext():
                self._pick_point(x, y)
            ev.accept()
            return
        super().keyPressEvent(ev)

    def _pick_point(self, x: float, y: float) -> None:
        if self.lesson.try_update(point=(float(x), float(y))):
            self.pointClicked.emit(float(x), float(y))


def _attachments(framebuffer: int) -> list[tuple[int, int]]:
    """(GL name, target) of a framebuffer's colour and depth-stencil images."""
    GL.glBindFramebuffer(GL.GL_READ_FRAMEBUFFER, framebuffer)
    images = []
    for attachment in (GL.GL_COLOR_ATTACHMENT0, GL.GL_DEPTH_ATTACHMENT):
        kind = GL.glGetFramebufferAttachmentParameteriv(GL.GL_READ_FRAMEBUFFER, attachment, GL.GL_FRAMEBUFFER_ATTACHMENT_OBJECT_TYPE)
        name = GL.glGetFramebufferAttachmentParameteriv(GL.GL_READ_FRAMEBUFFER, attachment, GL.GL_FRAMEBUFFER_ATTACHMENT_OBJECT_NAME)
        images.append((int(name), GL.GL_TEXTURE_2D if kind == GL.GL_TEXTURE else GL.GL_RENDERBUFFER))
    return images


def _copy_framebuffer(source: int, target: int, size: tuple[int, int]) -> None:
    """Colour and depth of ``source`` into ``target`` (both ``size`` device pixels), bit for
    bit.  glCopyImageSubData copies the stored values; a depth blit goes through floats on
    Mesa and can come out one step off, which flips the depth test where two surfaces
    touch (the tangent plane at its point).  A blit where the copy is not to be had."""
    if bool(GL.glCopyImageSubData):
        pairs = list(zip(_attachments(source), _attachments(target)))
        if all(a[1] == b[1] and a[0] and b[0] for a, b in pairs):
            for (src, kind), (dst, _) in pairs:
                GL.glCopyImageSubData(src, kind, 0, 0, 0, 0, dst, kind, 0, 0, 0, 0, size[0], size[1], 1)
            return
    GL.glBindFramebuffer(GL.GL_READ_FRAMEBUFFER, source)
    GL.glBindFramebuffer(GL.GL_DRAW_FRAMEBUFFER, target)
    GL.glBlitFramebuffer(0, 0, *size, 0, 0, *size, GL.GL_COLOR_BUFFER_BIT | GL.GL_DEPTH_BUFFER_BIT, GL.GL_NEAREST)
