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

import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph.opengl as gl
from OpenGL import GL
from pyqtgraph.opengl import shaders
from pyqtgraph.opengl.items.GLMeshItem import DirtyFlag
from PySide6.QtCore import QPointF
from PySide6.QtGui import QFontMetricsF, QImage, QOpenGLContext, QPainter, QSurfaceFormat

__all__ = ["SurfaceMeshItem", "LineLayersItem", "LineStyle", "AxisLabelsItem", "as_numpy"]


# Two-sided lighting: a surface seen from below is lit like one seen from above, and the
# ambient term keeps the colormap readable on a projector.
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
            varying vec4 v_color;
            varying vec3 v_normal;
            void main() {
                v_normal = normalize(u_normal * a_normal);
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
            varying vec3 v_normal;
            void main() {
                // One key light, two-sided, plus ambient: cheap on software GL.
                float key = abs(dot(v_normal, vec3(0.2914, 0.3746, 0.8805)));
                gl_FragColor = vec4(v_color.rgb * (0.55 + 0.5 * key), v_color.a);
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
        self.vertexes = np.ascontiguousarray(vertices, dtype=np.float32)
        self.normals = np.ascontiguousarray(normals, dtype=np.float32)
        self.colors = np.ascontiguousarray(colors) if colors.dtype == np.uint8 else np.ascontiguousarray(colors, dtype=np.float32)
        self._pending |= DirtyFlag.POSITION | DirtyFlag.NORMAL | DirtyFlag.COLOR
        # A surface without holes reuses the cached grid_faces array: same object, same
        # index buffer, so it is not uploaded again.
        if faces is not self.faces:
            self.faces = np.ascontiguousarray(faces, dtype=np.uint32)
            self._pending |= DirtyFlag.FACES
        self.update()

    def meshDataChanged(self):  # called by GLMeshItem.__init__; our arrays are set directly
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


def _wide_lines_allowed() -> bool:
    """A core forward-compatible context (macOS) rejects any line width but 1.0."""
    fmt = QOpenGLContext.currentContext().format()
    return not (
        fmt.profile() == QSurfaceFormat.OpenGLContextProfile.CoreProfile
        and not fmt.testOption(QSurfaceFormat.FormatOption.DeprecatedFunctions)
    )


@dataclass(frozen=True)
class LineStyle:
    """How one layer is drawn: pixel width, depth-tested or always on top (blended)."""

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
        program = _LINE_SHADER.program()
        color_loc = GL.glGetAttribLocation(program, "a_color")
        stride = 7 * 4
        GL.glVertexAttribPointer(0, 3, GL.GL_FLOAT, False, stride, None)
        GL.glVertexAttribPointer(color_loc, 4, GL.GL_FLOAT, False, stride, GL.GLvoidp(12))
        GL.glEnableVertexAttribArray(0)
        GL.glEnableVertexAttribArray(color_loc)
        GL.glDisable(GL.GL_POLYGON_OFFSET_FILL)
        GL.glBlendFunc(GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA)
        mvp = np.array(self.mvpMatrix().data(), dtype=np.float32)
        wide_lines = _wide_lines_allowed()
        with _LINE_SHADER:
            GL.glUniformMatrix4fv(GL.glGetUniformLocation(program, "u_mvp"), 1, False, mvp)
            for name, style in self.styles.items():
                start, count = self._ranges.get(name, (0, 0))
                if not (count and self._visible[name]):
                    continue
                if style.depth_test:
                    GL.glEnable(GL.GL_DEPTH_TEST)
                    GL.glDisable(GL.GL_BLEND)
                else:
                    GL.glDisable(GL.GL_DEPTH_TEST)
                    GL.glEnable(GL.GL_BLEND)
                if wide_lines:
                    GL.glLineWidth(style.width)
                GL.glDrawArrays(GL.GL_LINES, start, count)
        if wide_lines:
            GL.glLineWidth(1.0)
        GL.glDisableVertexAttribArray(color_loc)
        GL.glDisableVertexAttribArray(0)
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, 0)
        GL.glEnable(GL.GL_DEPTH_TEST)
        GL.glDisable(GL.GL_BLEND)


_LABEL_SHADER = shaders.ShaderProgram(
    "explorerLabels",
    [
        shaders.VertexShader(
            """
            attribute vec4 a_position;  // x, y in clip space; z, w: texture coordinates
            varying vec2 v_texcoord;
            void main() {
                v_texcoord = a_position.zw;
                gl_Position = vec4(a_position.xy, 0.0, 1.0);
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


class AxisLabelsItem(gl.GLGraphicsItem.GLGraphicsItem):
    """Axis labels as screen-aligned textured quads, one draw call per frame.

    Each label is rendered once (when the labels change) into a texture atlas with
    QPainter; a frame only projects the anchors and draws the quads.  A QPainter per frame
    on the GL widget (as GLTextItem does) cost more than the whole 200×200 surface here.
    A label's anchor is the left end of its text baseline, like GLTextItem's default.
    """

    def __init__(self):
        super().__init__()
        self.setGLOptions({
            GL.GL_DEPTH_TEST: False, GL.GL_BLEND: True, GL.GL_CULL_FACE: False,
            "glBlendFunc": (GL.GL_ONE, GL.GL_ONE_MINUS_SRC_ALPHA),  # the atlas is premultiplied
        })
        self._anchors = np.zeros((0, 3))
        self._boxes = np.zeros((0, 6))  # per label: u0, v0, u1, v1 (atlas), width, height (device px)
        self._baselines = np.zeros(0)  # descent below the baseline, device px
        self._atlas: QImage | None = None
        self._texture = None
        self._dirty = False
        self._vbo = None
        self.texts: list[str] = []

    def set_labels(self, labels, device_pixel_ratio: float = 1.0) -> None:
        """``labels``: (world position (3,), text, QColor, QFont) each."""
        labels = list(labels)
        key = [(tuple(np.round(p, 9)), t, c.rgba(), f.toString()) for p, t, c, f in labels] + [device_pixel_ratio]
        if key == getattr(self, "_key", None):
            return  # a new resolution over the same range: the same labels, no new atlas
        self._key = key
        self.texts = [text for _, text, _, _ in labels]
        metrics = [QFontMetricsF(font) for _, _, _, font in labels]
        sizes = [(m.horizontalAdvance(text) + 2, m.height() + 2) for m, (_, text, _, _) in zip(metrics, labels)]
        width = int(math.ceil(max([w for w, _ in sizes], default=1) * device_pixel_ratio))
        height = int(math.ceil(sum(h for _, h in sizes) * device_pixel_ratio)) or 1
        atlas = QImage(width, height, QImage.Format.Format_RGBA8888_Premultiplied)
        atlas.fill(0)
        painter = QPainter(atlas)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        painter.scale(device_pixel_ratio, device_pixel_ratio)
        boxes, baselines, top = [], [], 0.0
        for (_, text, color, font), m, (w, h) in zip(labels, metrics, sizes):
            painter.setFont(font)
            painter.setPen(color)
            painter.drawText(QPointF(1, top + 1 + m.ascent()), text)
            r = device_pixel_ratio
            boxes.append((0.0, top * r / height, w * r / width, (top + h) * r / height, w * r, h * r))
            baselines.append((m.descent() + 1) * r)
            top += h
        painter.end()
        self._anchors = np.array([p for p, _, _, _ in labels], dtype=np.float64).reshape(-1, 3)
        self._boxes = np.array(boxes, dtype=np.float64).reshape(-1, 6)
        self._baselines = np.array(baselines, dtype=np.float64)
        self._atlas = atlas
        self._dirty = True
        self.update()

    def release_gl(self) -> None:
        """Free the texture and buffer; call with the view's context current."""
        if self._texture is not None:
            GL.glDeleteTextures([self._texture])
        if self._vbo is not None:
            GL.glDeleteBuffers(1, [self._vbo])
        self._texture = self._vbo = None
        self._dirty = True

    def paint(self):
        if not len(self._anchors) or self._atlas is None:
            return
        self.setupGLState()
        if self._texture is None:
            self._texture = GL.glGenTextures(1)
        GL.glActiveTexture(GL.GL_TEXTURE0)
        GL.glBindTexture(GL.GL_TEXTURE_2D, self._texture)
        if self._dirty:
            # Row 0 of the QImage (its top) is texture row 0, so v grows downward in the atlas.
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
            self._dirty = False
        _, _, vw, vh = GL.glGetIntegerv(GL.GL_VIEWPORT)
        mvp = as_numpy(self.mvpMatrix())
        clip = np.column_stack([self._anchors, np.ones(len(self._anchors))]) @ mvp.T
        front = clip[:, 3] > 1e-9
        ndc = clip[front, :2] / clip[front, 3:4]
        boxes, descent = self._boxes[front], self._baselines[front]
        # Snap to whole device pixels so nearest-neighbour sampling copies the text exactly.
        left = np.round((ndc[:, 0] + 1) * 0.5 * vw)
        bottom = np.round((ndc[:, 1] + 1) * 0.5 * vh - descent)
        x0, x1 = left / vw * 2 - 1, (left + boxes[:, 4]) / vw * 2 - 1
        y0, y1 = bottom / vh * 2 - 1, (bottom + boxes[:, 5]) / vh * 2 - 1
        u0, v0, u1, v1 = boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3]
        # Two triangles per label: (x, y, u, v); screen y grows up, atlas v grows down.
        corners = [(x0, y0, u0, v1), (x1, y0, u1, v1), (x1, y1, u1, v0), (x0, y0, u0, v1), (x1, y1, u1, v0), (x0, y1, u0, v0)]
        quads = np.stack([np.stack(c, axis=1) for c in corners], axis=1).reshape(-1, 4).astype(np.float32)
        if self._vbo is None:
            self._vbo = GL.glGenBuffers(1)
        program = _LABEL_SHADER.program()
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, self._vbo)
        GL.glBufferData(GL.GL_ARRAY_BUFFER, quads.nbytes, quads, GL.GL_STREAM_DRAW)
        loc = GL.glGetAttribLocation(program, "a_position")
        GL.glVertexAttribPointer(loc, 4, GL.GL_FLOAT, False, 0, None)
        GL.glEnableVertexAttribArray(loc)
        with _LABEL_SHADER:
            GL.glUniform1i(_LABEL_SHADER.uniform("u_texture"), 0)
            GL.glDrawArrays(GL.GL_TRIANGLES, 0, len(quads))
        GL.glBindTexture(GL.GL_TEXTURE_2D, 0)
        GL.glDisableVertexAttribArray(loc)
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, 0)
        # Leave the state as the items after us expect it.
        GL.glDisable(GL.GL_BLEND)
        GL.glEnable(GL.GL_DEPTH_TEST)


def as_numpy(matrix) -> np.ndarray:
    """QMatrix4x4 → (4, 4) row-major numpy (Qt's data() is column-major)."""
    return np.array(matrix.data(), dtype=np.float64).reshape(4, 4).T
