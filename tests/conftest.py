"""What every test shares.

The ``window`` fixture
----------------------
One :class:`~explorer.ui.MainWindow` per test process (building one — GL context, panes,
sympy — is most of a GUI test's time), handed to each test that asks for ``window`` shown,
active and back where a first launch leaves it (:func:`helpers.reset_window`):

- the default lesson, through File ▸ New's own path (every field, the run at its start, the
  camera's default view), with no undo history, no file, no unsaved changes;
- the light theme (View ▸ Theme ▸ System, as Xvfb is light), presentation mode off;
- the window at 1440×900 (or the size asked for), its panes in the default layout (readout
  and descent shown and docked, quiz hidden), the folds as that height has them;
- no refusal in the note, the status bar on its hint, no dialog or pop-up left open, the
  keyboard focus where a new window has it, the remembered settings cleared.

Ask for another size with a marker, on a test or on a whole module::

    @pytest.mark.window_size(1024, 768)
    def test_…(window): …

    pytestmark = pytest.mark.window_size(1400, 860)

A test that needs a window built afresh (a first launch, a restored session, a close, two
windows) calls :func:`helpers.make_window` instead.  ``test_shared_window.py`` checks that a
test which changes everything leaves the next one the defaults.
"""

import os
import tempfile

import pytest

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

DEFAULT_SIZE = (1440, 900)


def pytest_configure(config):
    # Must happen before pytest-qt's qapp fixture creates the QApplication (see app.py).
    from PySide6.QtCore import QCoreApplication, QSettings, Qt

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    # The window remembers its layout: the tests keep theirs in a folder of their own,
    # never in the user's settings.
    folder = tempfile.mkdtemp(prefix="explorer-test-settings-")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)  # where an old version kept them
    from explorer.ui.settings_store import use_folder

    use_folder(folder)
    config.addinivalue_line("markers", "window_size(width, height): the size of the shared window fixture")


@pytest.fixture(autouse=True)
def fresh_settings():
    """Every test starts with no remembered layout."""
    from explorer.ui.main_window import settings

    settings().clear()
    yield


@pytest.fixture(scope="session")
def shared_window(qapp):
    """The one main window of this test process (use the ``window`` fixture: it resets it)."""
    from explorer.ui import MainWindow
    from explorer.ui.main_window import settings

    settings().clear()
    window = MainWindow()
    window.resize(*DEFAULT_SIZE)
    window.show()
    yield window
    window.remembers = False
    window.close()
    window.deleteLater()


@pytest.fixture
def window(request, qtbot, shared_window, fresh_settings):
    """The shared main window, reset to a first launch's state (see this module's docstring)."""
    from shiboken6 import isValid

    from helpers import reset_window, tidy_window

    # A test that hands it to qtbot.addWidget (or closes it with WA_DeleteOnClose) deletes it.
    assert isValid(shared_window), "an earlier test in this process deleted the shared window"
    marker = request.node.get_closest_marker("window_size")
    size = tuple(marker.args) if marker is not None else DEFAULT_SIZE
    reset_window(qtbot, shared_window, size)
    yield shared_window
    tidy_window(shared_window)
