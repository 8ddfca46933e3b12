"""The explorer's GL programs link in the contexts it meets: the compatibility profile of
Linux's drivers (linked through Qt, whose shader cache keeps the binary for the next launch)
and a core profile, as macOS gives (compiled as GLSL ES 1.00 through pyqtgraph)."""

import re

import pytest
from OpenGL import GL
from pyqtgraph.opengl import shaders
from PySide6.QtGui import QOffscreenSurface, QOpenGLContext, QSurfaceFormat

from explorer.ui import gl_items

PROGRAMS = {"surface": gl_items._SURFACE_SHADER, "lines": gl_items._LINE_SHADER, "labels": gl_items._LABEL_SHADER}


def _fresh(program: shaders.ShaderProgram, name: str) -> shaders.ShaderProgram:
    """The same sources under a new name: linked afresh, the app's own programs untouched."""
    return shaders.ShaderProgram(name, [type(part)(part.code) for part in program.shaders])


@pytest.fixture(params=["compatibility", "core"])
def context(request, qapp):
    fmt = QSurfaceFormat()
    fmt.setVersion(*((2, 1) if request.param == "compatibility" else (3, 3)))
    fmt.setProfile(QSurfaceFormat.OpenGLContextProfile.CompatibilityProfile if request.param == "compatibility"
                   else QSurfaceFormat.OpenGLContextProfile.CoreProfile)
    surface = QOffscreenSurface()
    surface.setFormat(fmt)
    surface.create()
    context = QOpenGLContext()
    context.setFormat(fmt)
    if not context.create() or not context.makeCurrent(surface):
        pytest.skip(f"no {request.param} context from this driver")
    if request.param == "core" and context.format().profile() != QSurfaceFormat.OpenGLContextProfile.CoreProfile:
        pytest.skip("the driver gave no core profile")
    yield request.param
    context.doneCurrent()


@pytest.mark.parametrize("which", sorted(PROGRAMS))
def test_each_program_links_with_its_position_at_attribute_0(context, which):
    program = _fresh(PROGRAMS[which], f"test {which} {context}")
    linked = gl_items._program(program)
    assert linked > 0
    assert GL.glGetProgramiv(linked, GL.GL_LINK_STATUS) == GL.GL_TRUE
    attributes = [name for part in program.shaders for name in re.findall(r"attribute\s+\w+\s+(\w+)", part.code)]
    assert all(GL.glGetAttribLocation(linked, name) >= 0 for name in attributes), attributes
    if "a_position" in attributes:  # attribute 0 must be an array (pyqtgraph's rule): the position, in both paths
        assert GL.glGetAttribLocation(linked, "a_position") == 0
    assert gl_items._program(program) == linked  # linked once, not at every paint
    with program:  # pyqtgraph's binding and uniform lookup use the program linked
        assert GL.glGetIntegerv(GL.GL_CURRENT_PROGRAM) == linked
        if which != "lines":
            assert program.uniform("u_mvp") >= 0


_LINK_IN_A_FRESH_PROCESS = """
from PySide6.QtGui import QGuiApplication, QOffscreenSurface, QOpenGLContext, QSurfaceFormat
from pyqtgraph.opengl import shaders
app = QGuiApplication([])
fmt = QSurfaceFormat()
fmt.setVersion(2, 1)
surface = QOffscreenSurface()
surface.setFormat(fmt)
surface.create()
context = QOpenGLContext()
context.setFormat(fmt)
assert context.create() and context.makeCurrent(surface)
from explorer.ui import gl_items
for name, program in (("surface", gl_items._SURFACE_SHADER), ("lines", gl_items._LINE_SHADER), ("labels", gl_items._LABEL_SHADER)):
    assert gl_items._program(program) > 0, name
from OpenGL import GL
print("linked", int(GL.glGetIntegerv(GL.GL_NUM_PROGRAM_BINARY_FORMATS)))
"""


def test_a_launch_keeps_the_linked_programs_for_the_next(tmp_path):
    # Qt's shader cache (in the user's cache folder) holds each linked binary, so the next
    # launch loads them instead of compiling and linking the three programs again.
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", _LINK_IN_A_FRESH_PROCESS], capture_output=True, text=True, env=env,
                          timeout=60)
    assert "linked" in done.stdout, done.stderr[-800:]
    if int(done.stdout.split("linked", 1)[1]) == 0:
        pytest.skip("this driver has no program binaries to keep (GL_NUM_PROGRAM_BINARY_FORMATS is 0)")
    kept = [path for path in tmp_path.glob("qtshadercache-*/*") if path.is_file()]
    assert len(kept) >= 3, kept
