import os
import tempfile

import pytest

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")


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


@pytest.fixture(autouse=True)
def fresh_settings():
    """Every test starts with no remembered layout."""
    from explorer.ui.main_window import settings

    settings().clear()
    yield


@pytest.fixture
def window(qtbot):
    """The main window at 1440×900, active (its shortcuts work): shared by the GUI tests that
    do not make their own."""
    from helpers import make_active_window

    return make_active_window(qtbot)
