import os

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")


def pytest_configure(config):
    # Must happen before pytest-qt's qapp fixture creates the QApplication (see app.py).
    from PySide6.QtCore import QCoreApplication, Qt

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
