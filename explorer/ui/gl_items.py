"""The explorer's own GL items: built for what it draws, with as few draw calls as it can.

- :class:`SurfaceMeshItem`: a GLMeshItem fed straight from numpy arrays.
- :class:`LineLayersItem`: named layers of line segments (floor, contours, slices,
  tangents, ghosts, marker) from one buffer, in one paint.
- :class:`AxisLabelsItem`: text labels as textured quads from an atlas rendered once.

On Mesa's software renderer every pyqtgraph item costs ~0.3 ms of Python and GL set-up per
frame, and a QPainter on the GL widget ~1 ms; these items keep the lesson's overlays from
costing more than the surface they annotate.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
import pyqtgraph.opengl as gl
from OpenGL import GL
from pyqtgraph.opengl import shaders
from pyqtgraph.opengl.items.GLMeshItem import DirtyFlag
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QOpenGLContext, QPainter, QSurfaceFormat
from PySide6.QtOpenGL import QOpenGLShader, QOpenGLShaderProgram

__all__ = ["SurfaceMeshItem", "LineLayersItem", "LineStyle", "LineBatch", "AxisLabelsItem", "Label", "LABEL_PAD", "as_numpy",
           "rgba", "knot", "LIFT", "LINE_TOLERANCE"]

LIFT = 0.01  # world units: lines drawn on the surface sit this far above it (no z-fighting)
# World units a thinned-out slice or contour may stray from its samples: well under a pixel
# at the default zoom (the box is ~700 px wide) and well under LIFT, so a slice never dips
# into the surface it is drawn on.
LINE_TOLERANCE = 0.0015


# Two-sided lighting: a surface seen from below is lit like one seen from above, and the
# ambient term keeps the colormap readable on a projector.  The light is a headlight (fixed
# in eye space), so the face turned toward the viewer is the lit one from every side.
# Lighting is per vertex (Gouraud): at the resolutions drawn it looks the same as per
# fragment, and a software rasterizer interpolates three varyings per pixel instead of
# seven, which makes the surface cheaper to draw than pyqtgraph's own "shaded" item.
# The underside is not the colormap: a sheet whose two sides look alike reads as a hole
# where it rises toward the viewer (the floor's map seen "through" it).  Seen from below,
# the colour fades to a dim grey-blue, as the back of a sheet of paper.  The grid's
# triangles wind counter-clockwise seen from +z (mesh.grid_faces), so the top is the
# front face.
_SURFACE_SHADER = shaders.ShaderProgram(
    "explorerSurface",
    [
        shaders.VertexShader(
            """
            uniform mat4 u_mvp;
            uniform mat3 u_normal;
            attribute vec4 a_position;
            attribute vec3 a_normal;
            attribute vec4 a_color;
            varying vec3 v_color;
            void main() {
                // u_normal is a rotation (the view has no scale), so a unit normal stays unit.
                float key = abs(dot(u_normal * a_normal, vec3(0.2914, 0.3746, 0.8805)));
                v_color = a_color.rgb * (0.55 + 0.5 * key);
                gl_Position = u_mvp * a_position;
            }
            """
        ),
        shaders.FragmentShader(
            """
            #ifdef GL_ES
            precision mediump float;
            #endif
            varying vec3 v_color;
            void main() {
                if (gl_FrontFacing) {
                    gl_FragColor = vec4(v_color, 1.0);
                } else {
                    float light = dot(v_color, vec3(0.299, 0.587, 0.114));
                    gl_FragColor = vec4(mix(vec3(0.46, 0.47, 0.50) * (0.55 + 0.6 * light), v_color, 0.1), 1.0);
                }
            }
            """
        ),
    ],
)


class SurfaceMeshItem(gl.GLMeshItem):
    """A GLMeshItem fed straight from arrays: no MeshData, no Python loop over faces.

    Stock ``MeshData.vertexNormals`` loops in Python (~180 ms at 200×200); our normals
    come from the partials, so we hand GL the arrays and mark only what changed.
    """

    def __init__(self, **kwds):
        # Polygon offset pushes the surface's depth back a little, so curves drawn on it win
        # the depth test instead of flickering in and out of it.
        options = {
            GL.GL_DEPTH_TEST: True, GL.GL_BLEND: False, GL.GL_CULL_FACE: False,
            GL.GL_POLYGON_OFFSET_FILL: True, "glPolygonOffset": (2.0, 8.0),
        }
        super().__init__(smooth=True, computeNormals=True, shader=_SURFACE_SHADER, glOptions=options, **kwds)
        self._pending = DirtyFlag(0)

    def set_arrays(self, vertices: np.ndarray, faces: np.ndarray, normals: np.ndarray, colors: np.ndarray) -> None:
        """(V, 3) float32 world units, (F, 3) vertex indices, (V, 3) unit normals, (V, 4)
        RGBA colors (uint8 0–255 or float 0–1)."""
        self.vertexes = np.ascontiguousarray(vertices, dtype=np.float32)
        self.normals = np.ascontiguousarray(normals, dtype=np.float32)
        self.colors = np.ascontiguousarray(colors) if colors.dtype == np.uint8 else np.ascontiguousarray(colors, dtype=np.float32)
        self._pending |= DirtyFlag.POSITION | DirtyFlag.NORMAL | DirtyFlag.COLOR
        # A surface without holes reuses the cached grid_faces array: same object, same
        # index buffer, so it is not uploaded again.  Up to 65,536 vertices (N ≤ 256) the
        # indices fit in 16 bits: half the index bytes for the rasterizer to fetch.
        if faces is not self._faces_source:
            self._faces_source = faces
            index_type = np.uint16 if len(self.vertexes) <= 1 << 16 else np.uint32
            self.faces = np.ascontiguousarray(faces, dtype=index_type)
            self._pending |= DirtyFlag.FACES
        self.update()

    def meshDataChanged(self):  # called by GLMeshItem.__init__; our arrays are set directly
        self._faces_source = None
        self.update()

    def release_gl(self) -> None:
        """Free the buffers (with the view's context current) and upload all again next paint."""
        for vbo in (self.m_vbo_position, self.m_vbo_normal, self.m_vbo_color, self.m_ibo_faces):
            if vbo.isCreated():
                vbo.destroy()
        self._pending |= DirtyFlag.POSITION | DirtyFlag.NORMAL | DirtyFlag.COLOR | DirtyFlag.FACES

    def parseMeshData(self) -> DirtyFlag:
        dirty, self._pending = self._pending, DirtyFlag(0)
        return dirty

    def paint(self):
        # GLMeshItem.paint, cut to what this item draws: faces only, per-vertex normals and
        # colors always present, and 16- or 32-bit indices.
        self.setupGLState()
        if dirty := self.parseMeshData():
            self.upload_vertex_buffers(dirty)
        if self.vertexes is None or self.faces is None or not len(self.faces):
            return
        program = _program(_SURFACE_SHADER)
        locations = []
        for name, vbo, size, kind, normalized in (
            ("a_position", self.m_vbo_position, 3, GL.GL_FLOAT, False),
            ("a_normal", self.m_vbo_normal, 3, GL.GL_FLOAT, False),
            ("a_color", self.m_vbo_color, 4, *((GL.GL_UNSIGNED_BYTE, True) if self.colors.dtype == np.uint8 else (GL.GL_FLOAT, False))),
        ):
            loc = GL.glGetAttribLocation(program, name)
            vbo.bind()
            GL.glVertexAttribPointer(loc, size, kind, normalized, 0, None)
            vbo.release()
            GL.glEnableVertexAttribArray(loc)
            locations.append(loc)
        with _SURFACE_SHADER:
            GL.glUniformMatrix4fv(_SURFACE_SHADER.uniform("u_mvp"), 1, False, np.array(self.mvpMatrix().data(), dtype=np.float32))
            normal_matrix = np.array(self.modelViewMatrix().normalMatrix().data(), dtype=np.float32)
            GL.glUniformMatrix3fv(_SURFACE_SHADER.uniform("u_normal"), 1, False, normal_matrix)
            self.m_ibo_faces.bind()
            index_type = GL.GL_UNSIGNED_SHORT if self.faces.dtype == np.uint16 else GL.GL_UNSIGNED_INT
            GL.glDrawElements(GL.GL_TRIANGLES, self.faces.size, index_type, None)
            self.m_ibo_faces.release()
        _disable_attributes(locations)


def _point_attributes(program: int, layout) -> list[int]:
    """Point the float attributes ``layout`` ((name, components) each) at the bound array
    buffer, interleaved in that order, and enable them; returns their locations."""
    stride = 4 * sum(size for _, size in layout)
    locations, offset = [], 0
    for name, size in layout:
        loc = GL.glGetAttribLocation(program, name)
        GL.glVertexAttribPointer(loc, size, GL.GL_FLOAT, False, stride, GL.GLvoidp(offset * 4))
        GL.glEnableVertexAttribArray(loc)
        locations.append(loc)
        offset += size
    return locations


def _disable_attributes(locations: list[int]) -> None:
    for loc in locations:
        GL.glDisableVertexAttribArray(loc)


# The programs linked through Qt so far, kept alive: each GL program lives in the contexts'
# share group (the app shares its contexts), so pyqtgraph's ShaderProgram keeps its id.
_LINKED: dict[str, QOpenGLShaderProgram] = {}


def _program(shader: shaders.ShaderProgram) -> int:
    """The linked program of ``shader`` in the current context.

    Linked by Qt's QOpenGLShaderProgram from cacheable sources: Qt keeps the linked binary
    in its shader cache (~/.cache/qtshadercache-*, as for its own shaders) and every later
    launch loads it instead of compiling and linking (~6 ms of the first frame on llvmpipe:
    pyqtgraph's ``ShaderProgram.program`` compiles, links, validates and links again).
    pyqtgraph's ShaderProgram then uses that program as its own (``with shader:`` and
    ``shader.uniform``).  A core profile (macOS) still compiles through pyqtgraph, as GLSL ES
    1.00 (ARB_ES2_compatibility): our sources are GLSL 1.10, which a core profile rejects,
    and Qt's desktop preamble (``#define lowp``) is not ES."""
    context = QOpenGLContext.currentContext()
    if context.format().profile() == QSurfaceFormat.OpenGLContextProfile.CoreProfile:
        return shader.program(es2_compat=context.hasExtension(b"GL_ARB_ES2_compatibility"))
    if shader.prog is None:
        linked = QOpenGLShaderProgram()
        for part in shader.shaders:
            kind = QOpenGLShader.ShaderTypeBit.Vertex if part.shaderType == GL.GL_VERTEX_SHADER else QOpenGLShader.ShaderTypeBit.Fragment
            linked.addCacheableShaderFromSourceCode(kind, part.code)
        linked.bindAttributeLocation("a_position", 0)  # as pyqtgraph binds it (attribute 0 must be an array)
        if not linked.link():
            shader.prog = -1  # pyqtgraph's mark of a program that failed: not tried every frame
            raise RuntimeError(f"the {shader.name} shader does not link: {linked.log()}")
        _LINKED[shader.name] = linked
        shader.prog = linked.programId()
    return shader.prog


def _wide_lines_allowed() -> bool:
    """A core forward-compatible context (macOS) rejects any line width but 1.0."""
    fmt = QOpenGLContext.currentContext().format()
    return not (
        fmt.profile() == QSurfaceFormat.OpenGLContextProfile.CoreProfile
        and not fmt.testOption(QSurfaceFormat.FormatOption.DeprecatedFunctions)
    )


@dataclass(frozen=True)
class LineStyle:
    """How one layer is drawn: width in logical pixels, depth-tested or always on top (blended)."""

    width: float = 1.0
    depth_test: bool = True


_LINE_SHADER = shaders.ShaderProgram(
    "explorerLines",
    [
        shaders.VertexShader(
            """
            uniform mat4 u_mvp;
            attribute vec4 a_position;
            attribute vec4 a_color;
            varying vec4 v_color;
            void main() {
                v_color = a_color;
                gl_Position = u_mvp * a_position;
            }
            """
        ),
        shaders.FragmentShader(
            """
            #ifdef GL_ES
            precision mediump float;
            #endif
            varying vec4 v_color;
            void main() {
                gl_FragColor = v_color;
            }
            """
        ),
    ],
)


class LineLayersItem(gl.GLGraphicsItem.GLGraphicsItem):
    """Named layers of line segments ('lines' mode: pairs of points), drawn in the order given.

    Each layer has a :class:`LineStyle`; ``set_layer(name, pos, colors)`` replaces its
    segments ((M, 3) world units and (M, 4) RGBA, M even).  All layers share one vertex
    buffer, uploaded only when a layer changed.  Depth-tested layers are opaque (no line
    smoothing: without blending Mesa's smooth lines come out dithered); layers drawn without
    the depth test are blended, so a faint "ghost" shows what the surface hides.
    """

    def __init__(self, styles: dict[str, LineStyle]):
        super().__init__()
        self.styles = dict(styles)
        self._pos = {name: np.zeros((0, 3), np.float32) for name in styles}
        self._colors = {name: np.zeros((0, 4), np.float32) for name in styles}
        self._visible = {name: True for name in styles}
        self._ranges: dict[str, tuple[int, int]] = {}
        self._vbo = None
        self._dirty = True

    def set_layer(self, name: str, pos: np.ndarray, colors: np.ndarray) -> None:
        self._pos[name] = np.ascontiguousarray(pos, dtype=np.float32).reshape(-1, 3)
        self._colors[name] = np.ascontiguousarray(colors, dtype=np.float32).reshape(-1, 4)
        self._dirty = True
        self.update()

    def set_layer_visible(self, name: str, visible: bool) -> None:
        self._visible[name] = bool(visible)
        self.update()

    def layer_visible(self, name: str) -> bool:
        return self._visible[name] and len(self._pos[name]) > 0

    def layer(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """(positions, colors) of a layer, as last set."""
        return self._pos[name], self._colors[name]

    def release_gl(self) -> None:
        """Free the buffer; call with the view's context current."""
        if self._vbo is not None:
            GL.glDeleteBuffers(1, [self._vbo])
        self._vbo = None
        self._dirty = True

    def _draw_runs(self) -> list[tuple[LineStyle, int, int]]:
        """(style, first vertex, vertex count) per draw call: neighbouring visible layers
        with the same style share one call (every call has a fixed cost on a software rasterizer)."""
        runs: list[tuple[LineStyle, int, int]] = []
        for name, style in self.styles.items():
            start, count = self._ranges.get(name, (0, 0))
            if not (count and self._visible[name]):
                continue
            if runs and runs[-1][0] == style and runs[-1][1] + runs[-1][2] == start:
                runs[-1] = (style, runs[-1][1], runs[-1][2] + count)
            else:
                runs.append((style, start, count))
        return runs

    def paint(self):
        if self._vbo is None:
            self._vbo = GL.glGenBuffers(1)
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, self._vbo)
        if self._dirty:
            names = list(self.styles)
            counts = [len(self._pos[n]) for n in names]
            data = np.empty((max(sum(counts), 1), 7), dtype=np.float32)
            start = 0
            for name, count in zip(names, counts):
                data[start : start + count, :3] = self._pos[name]
                data[start : start + count, 3:] = self._colors[name]
                self._ranges[name] = (start, count)
                start += count
            GL.glBufferData(GL.GL_ARRAY_BUFFER, data.nbytes, data, GL.GL_DYNAMIC_DRAW)
            self._dirty = False
        program = _program(_LINE_SHADER)
        locations = _point_attributes(program, (("a_position", 3), ("a_color", 4)))
        GL.glDisable(GL.GL_POLYGON_OFFSET_FILL)
        GL.glBlendFunc(GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA)
        mvp = np.array(self.mvpMatrix().data(), dtype=np.float32)
        wide_lines = _wide_lines_allowed()
        ratio = self.view().devicePixelRatioF()  # widths are logical pixels; GL's are device pixels
        with _LINE_SHADER:
            GL.glUniformMatrix4fv(GL.glGetUniformLocation(program, "u_mvp"), 1, False, mvp)
            for style, start, count in self._draw_runs():
                if style.depth_test:
                    GL.glEnable(GL.GL_DEPTH_TEST)
                    GL.glDisable(GL.GL_BLEND)
                else:
                    GL.glDisable(GL.GL_DEPTH_TEST)
                    GL.glEnable(GL.GL_BLEND)
                if wide_lines:
                    GL.glLineWidth(style.width * ratio)
                GL.glDrawArrays(GL.GL_LINES, start, count)
        if wide_lines:
            GL.glLineWidth(1.0)
        _disable_attributes(locations)
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, 0)
        GL.glEnable(GL.GL_DEPTH_TEST)
        GL.glDisable(GL.GL_BLEND)


_LABEL_SHADER = shaders.ShaderProgram(
    "explorerLabels",
    [
        shaders.VertexShader(
            """
            uniform mat4 u_mvp;
            uniform vec2 u_viewport;    // device pixels
            attribute vec3 a_anchor;    // world units: the left end of the label's baseline
            attribute vec2 a_offset;    // device pixels from the anchor to the quad's corner 0
            attribute vec2 a_corner;    // device pixels from corner 0 to this corner
            attribute vec2 a_texcoord;  // atlas coordinates of this corner
            varying vec2 v_texcoord;
            void main() {
                v_texcoord = a_texcoord;
                vec4 clip = u_mvp * vec4(a_anchor, 1.0);
                if (clip.w <= 1e-6) {
                    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);  // behind the eye: outside the clip volume
                } else {
                    // Snap corner 0 to a whole device pixel, so nearest-neighbour sampling
                    // copies the atlas's text pixel for pixel.
                    vec2 pixel = floor((clip.xy / clip.w * 0.5 + 0.5) * u_viewport + a_offset + 0.5) + a_corner;
                    gl_Position = vec4(pixel / u_viewport * 2.0 - 1.0, 0.0, 1.0);
                }
            }
            """
        ),
        shaders.FragmentShader(
            """
            #ifdef GL_ES
            precision mediump float;
            #endif
            uniform sampler2D u_texture;
            varying vec2 v_texcoord;
            void main() {
                gl_FragColor = texture2D(u_texture, v_texcoord);
            }
            """
        ),
    ],
)


LABEL_PAD = 3  #: logical pixels around each label's text in its quad: room for a halo


@dataclass(frozen=True)
class Label:
    """One text of :class:`AxisLabelsItem`: where (world units), what, how."""

    anchor: tuple[float, float, float]  # the left end of the text's baseline, before align/nudge
    text: str
    color: QColor
    font: QFont
    align: float = 0.0  # 0 left, 0.5 centred, 1 right: the text's share that lies left of the anchor
    nudge: tuple[float, float] = (0.0, 0.0)  # logical pixels, right and up, on top of align
    halo: QColor | None = None  # an outline behind the text, to read it over the surface


_HALO_OFFSETS = tuple((1.75 * math.cos(k * math.pi / 4), 1.75 * math.sin(k * math.pi / 4)) for k in range(8))


class AxisLabelsItem(gl.GLGraphicsItem.GLGraphicsItem):
    """Axis labels as screen-aligned textured quads, one draw call per frame.

    Each label is rendered once (when the labels change) into a texture atlas with
    QPainter, and its quad goes into a vertex buffer that stays on the GPU; the vertex
    shader projects the anchors, so a frame (while orbiting) costs a few uniforms and one
    draw.  A QPainter per frame on the GL widget (as GLTextItem does) cost more than the
    whole 200×200 surface here.  A label's anchor is the left end of its text baseline, like
    GLTextItem's default, moved by its ``align`` and ``nudge`` (see :class:`Label`).
    """

    # Per vertex: anchor (3, world), offset (2, px), corner (2, px), texcoord (2).
    _LAYOUT = (("a_anchor", 3), ("a_offset", 2), ("a_corner", 2), ("a_texcoord", 2))
    _FLOATS = sum(size for _, size in _LAYOUT)

    def __init__(self, halo_box: bool = False):
        super().__init__()
        # halo_box: the halo as the label's box filled, not the text's outline stroked (a
        # stroked outline costs ~2 ms a label on a software rasterizer: too much for a label
        # redrawn on every event of a drag).
        self.halo_box = halo_box
        self.setGLOptions({
            GL.GL_DEPTH_TEST: False, GL.GL_BLEND: True, GL.GL_CULL_FACE: False,
            "glBlendFunc": (GL.GL_ONE, GL.GL_ONE_MINUS_SRC_ALPHA),  # the atlas is premultiplied
        })
        self._vertices = np.zeros((0, self._FLOATS), dtype=np.float32)
        self._atlas: QImage | None = None
        self._texture = None
        self._vbo = None
        self._atlas_dirty = False  # the atlas needs uploading (to the texture)
        self._buffer_dirty = False  # the quads need uploading
        self.texts: list[str] = []
        self.placed: list[Label] = []
        self._look: list | None = None  # the texts the atlas holds, as set_labels compares them
        self._place: list | None = None  # each label's align and nudge
        self._boxes: list[tuple[float, float, float, float]] = []  # per label (w, h, top, descent) in the atlas
        self.anchors = np.zeros((0, 3))  # (L, 3) world units, one per text

    def set_labels(self, labels, device_pixel_ratio: float = 1.0) -> None:
        """``labels``: :class:`Label` each (or a tuple of its fields)."""
        labels = [label if isinstance(label, Label) else Label(*label) for label in labels]
        anchors = np.array([label.anchor for label in labels], dtype=np.float64).reshape(-1, 3)
        # What the atlas holds (the texts as drawn), and where each quad goes beside its anchor.
        look = [(l.text, l.color.rgba(), l.font.toString(), l.halo and l.halo.rgba()) for l in labels] + [device_pixel_ratio]
        place = [(l.align, tuple(l.nudge)) for l in labels]
        if look == self._look and place == self._place:
            self.placed = labels
            # The same texts (a new resolution, or a range that keeps its ticks): the atlas
            # stays, only the anchors move.
            if not np.array_equal(anchors, self.anchors):
                self.anchors = anchors
                self._vertices[:, :3] = np.repeat(anchors, 6, axis=0)
                self._buffer_dirty = True
                self.update()
            return
        self.texts = [label.text for label in labels]
        self.placed = labels  # the labels as drawn (their anchors, alignment and nudges)
        self.anchors = anchors
        if look != self._look:
            # Painting the texts is the costly part (a halo's stroked outline ~2 ms a label on
            # a software rasterizer): labels moved beside their anchors keep the atlas.
            self._paint_atlas(labels, device_pixel_ratio)
            self._atlas_dirty = True
        self._look, self._place = look, place
        self._vertices = self._quads(labels, device_pixel_ratio)
        self._buffer_dirty = True
        self.update()

    def _paint_atlas(self, labels: list[Label], r: float) -> None:
        """Every label's text painted into :attr:`_atlas`, one under the other; each one's
        box (w, h logical px, its top in the atlas, its font's descent) in :attr:`_boxes`."""
        metrics = [QFontMetricsF(label.font) for label in labels]
        pad = LABEL_PAD
        sizes = [(m.horizontalAdvance(label.text) + 2 * pad, m.height() + 2 * pad) for m, label in zip(metrics, labels)]
        width = int(math.ceil(max([w for w, _ in sizes], default=1) * r))
        height = int(math.ceil(sum(h for _, h in sizes) * r)) or 1
        atlas = QImage(width, height, QImage.Format.Format_RGBA8888_Premultiplied)
        atlas.fill(0)
        painter = QPainter(atlas)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        painter.scale(r, r)
        boxes, top = [], 0.0
        for label, m, (w, h) in zip(labels, metrics, sizes):
            painter.setFont(label.font)
            origin = QPointF(pad, top + pad + m.ascent())
            if label.halo is not None and self.halo_box:
                painter.fillRect(QRectF(0.0, top, w, h), label.halo)
            elif label.halo is not None:
                # The halo: the text drawn in the halo's colour at eight points around a circle
                # of 1.75 px (a 3.5 px outline): a stroked path of it looked the same and took
                # ~14× as long (~0.7 ms a label on llvmpipe's machine, each time a value changes).
                painter.setPen(label.halo)
                for dx, dy in _HALO_OFFSETS:
                    painter.drawText(origin + QPointF(dx, dy), label.text)
            painter.setPen(label.color)
            painter.drawText(origin, label.text)
            boxes.append((w, h, top, m.descent()))
            top += h
        painter.end()
        self._atlas, self._boxes = atlas, boxes

    def _quads(self, labels: list[Label], r: float) -> np.ndarray:
        """(6L, _FLOATS) float32: each label's quad (two triangles) at its anchor, aligned and
        nudged, over its box in the atlas."""
        width, height = self._atlas.width(), self._atlas.height()
        vertices = []
        for label, (w, h, top, descent) in zip(labels, self._boxes):
            # The quad in device pixels, corner 0 at bottom left; atlas rows grow downward
            # (row 0 of the QImage is texture row 0), screen y grows upward.
            w_px, h_px = w * r, h * r
            u0, u1 = 0.0, w_px / width
            v0, v1 = top * r / height, (top + h) * r / height
            dx = -label.align * w_px + label.nudge[0] * r
            dy = -(descent + LABEL_PAD) * r + label.nudge[1] * r
            for cx, cy, u, v in ((0, 0, u0, v1), (w_px, 0, u1, v1), (w_px, h_px, u1, v0),
                                 (0, 0, u0, v1), (w_px, h_px, u1, v0), (0, h_px, u0, v0)):
                vertices.append((*label.anchor, dx, dy, cx, cy, u, v))
        return np.array(vertices, dtype=np.float32).reshape(-1, self._FLOATS)

    def release_gl(self) -> None:
        """Free the texture and buffer; call with the view's context current."""
        if self._texture is not None:
            GL.glDeleteTextures([self._texture])
        if self._vbo is not None:
            GL.glDeleteBuffers(1, [self._vbo])
        self._texture = self._vbo = None
        self._atlas_dirty = self._buffer_dirty = True

    def paint(self):
        if not len(self._vertices) or self._atlas is None:
            return
        self.setupGLState()
        if self._texture is None:
            self._texture = GL.glGenTextures(1)
            self._vbo = GL.glGenBuffers(1)
            self._atlas_dirty = self._buffer_dirty = True
        elif self._atlas_dirty:
            # A new texture for a new atlas: filling the one the last frame drew from made
            # llvmpipe wait for that frame to finish (~7 ms each step of a held variable's
            # slider, whose values the probe's labels show); the old one goes when unused.
            GL.glDeleteTextures([self._texture])
            self._texture = GL.glGenTextures(1)
        GL.glActiveTexture(GL.GL_TEXTURE0)
        GL.glBindTexture(GL.GL_TEXTURE_2D, self._texture)
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, self._vbo)
        if self._atlas_dirty:
            atlas = self._atlas
            data = np.frombuffer(atlas.constBits(), dtype=np.uint8, count=atlas.sizeInBytes())
            GL.glPixelStorei(GL.GL_UNPACK_ALIGNMENT, 4)
            GL.glPixelStorei(GL.GL_UNPACK_ROW_LENGTH, atlas.bytesPerLine() // 4)
            GL.glTexImage2D(GL.GL_TEXTURE_2D, 0, GL.GL_RGBA, atlas.width(), atlas.height(), 0, GL.GL_RGBA, GL.GL_UNSIGNED_BYTE, data)
            GL.glPixelStorei(GL.GL_UNPACK_ROW_LENGTH, 0)
            for parameter in (GL.GL_TEXTURE_MIN_FILTER, GL.GL_TEXTURE_MAG_FILTER):
                GL.glTexParameteri(GL.GL_TEXTURE_2D, parameter, GL.GL_NEAREST)
            for parameter in (GL.GL_TEXTURE_WRAP_S, GL.GL_TEXTURE_WRAP_T):
                GL.glTexParameteri(GL.GL_TEXTURE_2D, parameter, GL.GL_CLAMP_TO_EDGE)
            self._atlas_dirty = False
        if self._buffer_dirty:
            GL.glBufferData(GL.GL_ARRAY_BUFFER, self._vertices.nbytes, self._vertices, GL.GL_STATIC_DRAW)
            self._buffer_dirty = False
        program = _program(_LABEL_SHADER)
        locations = _point_attributes(program, self._LAYOUT)
        view = self.view()
        _, _, width, height = view.getViewport()  # logical pixels; the GL viewport is in device pixels
        ratio = view.devicePixelRatioF()
        with _LABEL_SHADER:
            GL.glUniformMatrix4fv(_LABEL_SHADER.uniform("u_mvp"), 1, False, np.array(self.mvpMatrix().data(), dtype=np.float32))
            GL.glUniform2f(_LABEL_SHADER.uniform("u_viewport"), width * ratio, height * ratio)
            GL.glUniform1i(_LABEL_SHADER.uniform("u_texture"), 0)
            GL.glDrawArrays(GL.GL_TRIANGLES, 0, len(self._vertices))
        _disable_attributes(locations)
        GL.glBindTexture(GL.GL_TEXTURE_2D, 0)
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, 0)
        # Leave the state as the items after us expect it.
        GL.glDisable(GL.GL_BLEND)
        GL.glEnable(GL.GL_DEPTH_TEST)


def as_numpy(matrix) -> np.ndarray:
    """QMatrix4x4 → (4, 4) row-major numpy (Qt's data() is column-major)."""
    return np.array(matrix.data(), dtype=np.float64).reshape(4, 4).T


@functools.lru_cache(maxsize=64)
def _rgba_tuple(color: str) -> tuple[float, ...]:
    return pg.mkColor(color).getRgbF()


def rgba(color: str) -> np.ndarray:
    """(4,) float32 RGBA in [0, 1] of a colour (a name or "#rrggbb")."""
    return np.array(_rgba_tuple(color), dtype=np.float32)


def knot(size: float) -> np.ndarray:
    """(6, 3) world units: three short crossed segments, a dot that GL lines can draw."""
    return size * np.array([[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]], dtype=np.float64)


class LineBatch:
    """Segments ('lines' mode: pairs of points) with one color per group, gathered for one
    layer of a :class:`LineLayersItem`."""

    def __init__(self):
        self._pos: list[np.ndarray] = []
        self._colors: list[np.ndarray] = []

    def add(self, points, color: str) -> None:
        pts = np.asarray(points, dtype=np.float32).reshape(-1, 3)
        self._pos.append(pts)
        self._colors.append(np.tile(rgba(color), (len(pts), 1)))

    def __len__(self) -> int:
        return sum(len(p) for p in self._pos)

    def arrays(self, alpha: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(N, 3) float32 points and (N, 4) float32 colours (``alpha`` overrides theirs)."""
        if not len(self):
            return np.zeros((0, 3), np.float32), np.zeros((0, 4), np.float32)
        colors = np.concatenate(self._colors)
        if alpha is not None:
            colors = colors.copy()
            colors[:, 3] = alpha
        return np.concatenate(self._pos), colors
