"""File ▸ Export: what the window asks (a size, a file name) before :mod:`.export` renders,
and what it says after (in the status bar, ``window.say``).  An export that fails says why
and writes nothing; none raises into the event loop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from ..core.datafile import shown

__all__ = ["Exports"]


class Exports(QObject):
    """The exports of ``window`` (a :class:`~explorer.ui.main_window.MainWindow`)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def _export(self, make, path) -> bool:
        from ..core.export import ExportError

        try:
            make()
        except ExportError as error:
            self.window.say(f"⚠ {error.message}")
            return False
        self.window.say(f"Exported {shown(Path(path).name)}")
        return True

    def surface_image(self, path, width: int = 1920, height: int = 1080, caption: bool = True) -> bool:
        """The surface rendered off screen at ``width``×``height`` into ``path`` (PNG), with
        the function and the point as its caption unless ``caption`` is False."""
        from .export import export_surface
        from .frames import caption_text

        text = caption_text(self.window.lesson) if caption else None
        return self._export(lambda: export_surface(self.window.surface_view, path, width, height, text), path)

    def plot(self, path) -> bool:
        """The descent panel's plot as PNG or SVG (by the suffix)."""
        from .export import export_plot

        return self._export(lambda: export_plot(self.window.descent_panel, path), path)

    def data_plot(self, path) -> bool:
        """The data pane's plot (points, lines, the least-squares line) as PNG or SVG (by the suffix)."""
        from .export import export_data_plot

        return self._export(lambda: export_data_plot(self.window.data_pane, path), path)

    def csv(self, path) -> bool:
        """Every run's iterates, start to end, as CSV."""
        from .export import export_csv

        return self._export(lambda: export_csv(self.window.lesson, path), path)

    def animation(self, path, steps: int = 60, what: str = "both", size=(800, 600)) -> bool:
        """A run of descent as a GIF or an MP4 (by the suffix), with a progress dialog and
        Cancel when the window is shown; False when it failed or was cancelled."""
        from PySide6.QtWidgets import QProgressDialog

        from .export import export_animation

        w = self.window
        dialog = None
        if w.isVisible():
            dialog = QProgressDialog("Making the animation, frame by frame…", "Cancel", 0, int(steps) + 1, w)
            dialog.setObjectName("exportProgress")
            dialog.setWindowTitle("Export")
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(300)

        def progress(done: int, total: int) -> bool:
            if dialog is None:
                return True
            dialog.setValue(done)
            QApplication.processEvents()
            return not dialog.wasCanceled()

        outcome = {}
        ok = self._export(lambda: outcome.update(export_animation(w, path, steps, what, size, progress=progress)), path)
        if dialog is not None:
            dialog.close()
        if ok and outcome.get("cancelled"):
            w.say("Export cancelled: no file written")
            return False
        if ok:
            w.say(f"Exported {shown(Path(path).name)}: {outcome['frames']} frames, {outcome['bytes'] / 1e6:.1f} MB "
                  f"in {outcome['seconds']:.1f} s")
        return ok

    def copy_view(self) -> None:
        """Ctrl+C: the surface view as it is on screen, onto the clipboard as an image."""
        QApplication.clipboard().setImage(self.window.surface_view.snapshot())
        self.window.say("The surface image is on the clipboard")

    def _ask_path(self, title: str, name: str, filters: str) -> str:
        where = self.window.lesson_path
        folder = where.parent if where else Path.home()
        path, _ = QFileDialog.getSaveFileName(self.window, title, str(folder / name), filters)
        return path

    def image_dialog(self) -> None:
        from .export import ImageSizeDialog

        asked = ImageSizeDialog(self.window)
        try:
            if not asked.dialog.exec():
                return
            size, caption = asked.size(), asked.caption.isChecked()
        finally:
            asked.dialog.deleteLater()  # asked afresh each time: a kept one would keep the theme it was made in
        path = self._ask_path("Export the surface", "surface.png", "PNG images (*.png)")
        if path:
            self.surface_image(path, *size, caption=caption)

    def plot_dialog(self) -> None:
        path = self._ask_path("Export the descent plot", "descent.png", "PNG images (*.png);;SVG drawings (*.svg)")
        if path:
            self.plot(path)

    def data_plot_dialog(self) -> None:
        path = self._ask_path("Export the data pane", "data.png", "PNG images (*.png);;SVG drawings (*.svg)")
        if path:
            self.data_plot(path)

    def animation_dialog(self) -> None:
        from .export import AnimationDialog, mp4_available

        asked = AnimationDialog(self.window)
        try:
            if not asked.dialog.exec():
                return
            choice = asked.choice()
        finally:
            asked.dialog.deleteLater()  # asked afresh each time (see image_dialog)
        filters = "GIF animations (*.gif)" + (";;MP4 videos (*.mp4)" if mp4_available() else "")
        path = self._ask_path("Export the animation", "descent.gif", filters)
        if path:
            self.animation(path, **choice)

    def csv_dialog(self) -> None:
        path = self._ask_path("Export the iterates", "iterates.csv", "CSV tables (*.csv)")
        if path:
            self.csv(path)
