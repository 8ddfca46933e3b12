"""The data pane: the training points, the model, and the lines that training moves.

A view of the lesson's ``data``, ``model`` and ``data_drives`` (see
:mod:`~explorer.core.data_lesson`): the points on a plot (:mod:`.data_plot`: click to add,
drag to move, right-click or Delete to remove), the selected point's coordinates typed in two
boxes, CSV files loaded and saved, the model chosen, and *Train on this data*, which makes the
surface the data's loss and descends on it from (0, 0); the batch size, seed and learning-rate
schedule of those runs (:mod:`.training_controls`).  While runs descend, each one's line is
drawn in its colour, with the first run's residuals, the points of its last mini-batch ringed,
the least-squares line dashed, and the step, epoch, L, the α of the step and each run's
distance to the answer below.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from ..core.data import DataError, DataSet, read_csv, write_csv
from ..core.lesson import Lesson, ranges_holding
from ..core.loss import least_squares
from ..core.notation import format_value, superscript
from ..core.polynomial import MAX_DEGREE, PolynomialLoss, parse_model
from ..core.safe_write import FileWriteError
from . import theme
from .data_plot import DataPlot
from .training_controls import TrainingControls, describe as describe_alpha
from .widgets import NumberBox, WrappedLabel

__all__ = ["DataPane"]

_SUBSCRIPT = "₀₁₂₃₄₅"
_PREVIEW_PAIRS = 500_000  # points × vertices a drag's move re-meshes the cross-entropy for (~50 ms)
_SHOWS = {"data", "model", "data_drives", "function", "descent_source", "learning_rate", "optimizer", "more_runs", "run",
          "batch", "seed", "schedule"}


class DataPane(QWidget):
    """The data pane (``window.data_pane``), made from the lesson."""

    def __init__(self, lesson: Lesson, parent=None):
        super().__init__(parent)
        self.setObjectName("dataPane")
        self.lesson = lesson
        self.plot = DataPlot(lesson)
        self.point_x = NumberBox("x of the point")
        self.point_y = NumberBox("y of the point")
        for box, name, what in ((self.point_x, "dataXInput", "x of the selected point"),
                                (self.point_y, "dataYInput", "y of the selected point")):
            box.setObjectName(name)
            box.setAccessibleName(what)
            box.setRange(-1e6, 1e6)
            box.setKeyboardTracking(False)
            box.setMinimumWidth(40)
        self.remove_button = _button("Remove", "removePointButton", "Remove the selected point (Delete)")
        self.model_menu = QComboBox()
        self.model_menu.setObjectName("modelMenu")
        self.model_menu.setAccessibleName("Model")
        self.model_menu.addItem("ŷ = wx + b", "linear")
        self.model_menu.addItem("ŷ = σ(wx + b)", "logistic")
        self.model_menu.setItemData(0, "a line, its loss the mean squared error", Qt.ItemDataRole.ToolTipRole)
        self.model_menu.setItemData(1, "a logistic curve for labels 0 and 1, its loss the mean cross-entropy",
                                    Qt.ItemDataRole.ToolTipRole)
        for degree in range(2, MAX_DEGREE + 1):  # ŷ = w₀ + w₁x + w₂x² …: a loss of degree + 1 weights (#24)
            terms = ["w₀", "w₁x", *(f"w{_SUBSCRIPT[j]}x{superscript(str(j))}" for j in range(2, degree + 1))]
            self.model_menu.addItem("ŷ = " + " + ".join(terms) if degree <= 3 else f"ŷ = w₀ + … + w{_SUBSCRIPT[degree]}x"
                                    f"{superscript(str(degree))}", f"poly:{degree}")
            self.model_menu.setItemData(self.model_menu.count() - 1, f"a polynomial of degree {degree}, its loss the mean "
                                        f"squared error, a function of {degree + 1} weights", Qt.ItemDataRole.ToolTipRole)
        self.train_button = _button("Train on this data", "trainButton",
                                    "Make the surface the loss of these points and descend on it from (0, 0)")
        self.train_button.setCheckable(True)
        self.load_button = _button("Load CSV…", "loadDataButton", "Read points from a CSV file (x,y a line)")
        self.save_button = _button("Save CSV…", "saveDataButton", "Write the points to a CSV file")
        self.training_controls = TrainingControls(lesson)
        self.message = WrappedLabel()
        self.message.setObjectName("dataMessage")
        self.message.setAccessibleName("Data message")
        self.message.hide()
        self.readout = WrappedLabel()
        self.readout.setObjectName("dataReadout")
        self.readout.setAccessibleName("Training readout")
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self._build_layout()

        self.plot.pointAdded.connect(self._on_point_added)
        self.plot.pointMoved.connect(self._on_point_moved)
        self.plot.pointRemoved.connect(self.remove_point)
        self.plot.selectionChanged.connect(lambda _i: self._show_selected())
        self.plot.dragStarted.connect(self._on_drag_started)
        self.plot.dragFinished.connect(self._on_drag_finished)
        self.point_x.valueChanged.connect(lambda v: self._move_selected(x=v))
        self.point_y.valueChanged.connect(lambda v: self._move_selected(y=v))
        self.remove_button.clicked.connect(lambda: self.remove_point(self.plot.selected))
        self._keep_view = False  # an edit by the mouse on the plot: the view stays where the mouse is
        self.model_menu.activated.connect(lambda i: self._choose_model(self.model_menu.itemData(i)))
        self.train_button.toggled.connect(self._on_train_toggled)
        self.load_button.clicked.connect(self._on_load_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.training_controls.refused.connect(self.show_refusal)
        self.training_controls.taken.connect(self.message.hide)  # a number taken: the refusal is over
        lesson.events.connect_fields(_SHOWS, self._on_lesson_changed)
        lesson.events.stepped.connect(self._on_stepped)
        theme.changed.connect(self._show_lines)
        theme.changed.connect(self._restyle_message)
        self._on_lesson_changed(frozenset(_SHOWS))

    def _build_layout(self) -> None:
        point_row = QHBoxLayout()
        for label, widget in ((QLabel("x"), self.point_x), (QLabel("y"), self.point_y)):
            point_row.addWidget(label)
            point_row.addWidget(widget, 1)
        point_row.addWidget(self.remove_button)
        model_row = QHBoxLayout()
        model_row.addWidget(self.model_menu, 1)
        model_row.addWidget(self.train_button)
        file_row = QHBoxLayout()
        file_row.addWidget(self.load_button)
        file_row.addWidget(self.save_button)
        file_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(3)
        layout.addWidget(self.plot, 1)
        layout.addLayout(point_row)
        layout.addLayout(model_row)
        layout.addLayout(file_row)
        layout.addWidget(self.training_controls)
        layout.addWidget(self.message)
        layout.addWidget(self.readout)

    # ------------------------------------------------------------------ edits
    def _edit(self, **changes) -> bool:
        ok = self.lesson.try_update(**changes)
        if ok:
            self.message.hide()
        return ok

    def _on_point_added(self, x: float, y: float) -> None:
        self._keep_view = True
        if self._edit(data=self.lesson.data + ((x, y),)):
            self.plot.select(len(self.lesson.data) - 1)
        self._keep_view = False

    def _on_drag_started(self) -> None:
        self.plot.dragging = self.lesson.data

    def _on_point_moved(self, index: int, x: float, y: float) -> None:
        if self.plot.dragging is not None:
            # While the mouse drags, the surface shows the loss of the points as they are
            # (meshed from the six sums, ≤ 30 ms a move); the edit is made when it lets go.
            data = list(self.plot.dragging)
            data[index] = (x, y)
            self.plot.dragging = tuple(data)
            self.plot.show_points()
            if self.lesson.model == "linear" or len(data) * self.lesson.resolution ** 2 <= _PREVIEW_PAIRS:
                self.lesson.preview_data(self.plot.dragging)  # (a cross-entropy of many points: formed when it lets go)
            return
        data = list(self.lesson.data)
        data[index] = (x, y)
        self._edit(data=tuple(data))

    def _on_drag_finished(self) -> None:
        data, self.plot.dragging = self.plot.dragging, None
        self._keep_view = True
        ok = data is None or self._edit(data=data)
        self._keep_view = False
        if not ok:
            self.plot.show_points()
            self.lesson.events.previewed.emit(self.lesson.mesh)  # refused: the preview gives way to the lesson's surface

    def _move_selected(self, x: float | None = None, y: float | None = None) -> None:
        index = self.plot.selected
        if index is None:
            return
        old = self.lesson.data[index]
        self._on_point_moved(index, old[0] if x is None else x, old[1] if y is None else y)

    def remove_point(self, index: int | None) -> None:
        """Remove point ``index`` (the last one stays: the loss needs a point)."""
        if index is None:
            return
        if len(self.lesson.data) == 1:
            self.show_refusal("the last point cannot be removed: the loss needs at least one point")
            return
        data = self.lesson.data[:index] + self.lesson.data[index + 1:]
        self._keep_view = True
        if self._edit(data=data):
            self.plot.select(None)
        self._keep_view = False

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.plot.selected is not None:
            self.remove_point(self.plot.selected)
            event.accept()
            return
        super().keyPressEvent(event)

    def _choose_model(self, model: str) -> None:
        """The model chosen in the menu.  A polynomial whose loss the surface cannot show (more
        weights than it takes variables) while the data drive it: the model is taken and the
        data let go of the surface, in one edit, and the refusal's reason stays said (its curve
        is drawn here).  Up to degree 5 the surface shows it: two weights, the others held."""
        if self._edit(model=model) or not (self.lesson.data_drives and model.startswith("poly")):
            return
        said = self.message.text()
        if self.lesson.try_update(model=model, data_drives=False):
            self.message.setText(said)
            self.message.show()

    def _on_train_toggled(self, on: bool) -> None:
        if on == self.lesson.data_drives:
            return
        if not on:
            self._edit(data_drives=False)
            return
        changes = {"data_drives": True, "descent_source": "surface", "point": (0.0, 0.0)}
        if self.lesson.model == "linear":
            answer = least_squares(DataSet.from_points(self.lesson.data))
            changes.update(_ranges_for_training((answer.w, answer.b), self.lesson.x_range, self.lesson.y_range))
        elif self.lesson.model.startswith("poly"):  # the surface shows w0 and w1 first: their least squares in view
            answer = self._least_squares(self.lesson.data, self.lesson.model)
            changes.update(_ranges_for_training(answer.weights[:2], self.lesson.x_range, self.lesson.y_range))
        if not self._edit(**changes):
            self._show_controls()

    def load_file(self, path: str) -> bool:
        """Read the points of a CSV file into the lesson; a refusal (with its line and column)
        is shown and changes nothing."""
        try:
            data = read_csv(path)
        except DataError as error:
            self.show_refusal(f"{path.rsplit('/', 1)[-1]} was not read: {error.message}")
            return False
        if self._edit(data=tuple(data.points)):
            self.plot.select(None)
            self.plot.frame()
            return True
        return False

    def _on_load_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load data", "", "CSV files (*.csv);;All files (*)")
        if path:
            self.load_file(path)

    def _on_save_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save data", "data.csv", "CSV files (*.csv)")
        if not path:
            return
        try:
            write_csv(DataSet.from_points(self.lesson.data), path)
        except FileWriteError as error:
            self.show_refusal(str(error))

    def _restyle_message(self) -> None:
        self.message.setStyleSheet(f"color: {theme.current().error_color}")

    def show_refusal(self, message: str) -> None:
        """Say why an edit of the data was not made (nothing changed)."""
        self.message.setText(f"⚠ {message}")
        self.message.setStyleSheet(f"color: {theme.current().error_color}")
        self.message.show()
        self._show_controls()

    # ------------------------------------------------------------------ lesson → pane
    def _on_lesson_changed(self, changed: frozenset) -> None:
        if "data" in changed:
            if self.plot.selected is not None and self.plot.selected >= len(self.lesson.data):
                self.plot.selected = None
            self.plot.show_points()
            if not self._keep_view:  # an edit from elsewhere (undo, a file, a box): every point in view
                self.plot.frame()
        self._show_controls()
        self._show_lines()

    def _on_stepped(self, _run=None) -> None:
        if self.training():  # else a step moves no line and changes no word here (the animation's hot path)
            self._show_lines()

    def _show_controls(self) -> None:
        lesson = self.lesson
        self.model_menu.setCurrentIndex(self.model_menu.findData(lesson.model))
        self.train_button.blockSignals(True)
        self.train_button.setChecked(lesson.data_drives)
        self.train_button.blockSignals(False)
        self._show_selected()

    def _show_selected(self) -> None:
        index = self.plot.selected
        for box, axis in ((self.point_x, 0), (self.point_y, 1)):
            box.setEnabled(index is not None)
            if index is not None:
                box.blockSignals(True)
                box.setValue(self.lesson.data[index][axis])
                box.blockSignals(False)
        self.remove_button.setEnabled(index is not None and len(self.lesson.data) > 1)

    def training(self) -> bool:
        """Whether the runs descend on this data's loss (their (w, b) are lines to draw)."""
        return self.lesson.data_drives and self.lesson.source.on_surface

    def _show_lines(self, *_args) -> None:
        lesson = self.lesson
        model, _degree = parse_model(lesson.model)
        answer = self._least_squares(lesson.data, lesson.model) if model != "logistic" else None
        lines = [tuple(run.point) for run in lesson.runs] if self.training() else []
        if model == "poly":
            dashed = answer.weights
        else:
            dashed = None if answer is None or answer.valley else (answer.w, answer.b)
        self.plot.show_lines(lines, model, dashed)
        step = lesson.run.last_step if self.training() else None
        self.plot.show_batch(getattr(step, "batch", None))
        self.readout.setText(self._readout_text(answer))

    def _least_squares(self, data: tuple, model: str = "linear") -> "object":
        # Once per set of points: a step or an α drag of any run redraws the lines, not the answer.
        if getattr(self, "_answer_of", (None,))[0] != (data, model):
            points = DataSet.from_points(data)
            kind, degree = parse_model(model)
            answer = PolynomialLoss(points, degree).least_squares() if kind == "poly" else least_squares(points)
            self._answer_of = ((data, model), answer)
        return self._answer_of[1]

    def _readout_text(self, answer) -> str:
        lesson = self.lesson
        rows = []
        curve = lesson.model.startswith("poly") and lesson.model != "poly:1"
        if not self.training():
            if curve:
                rows.append("The dashed curve is the polynomial of least squared error through these points.")
            rows.append("Press <b>Train on this data</b>: the surface becomes the loss of these points, and "
                        f"descent on it moves the {'curve' if curve else 'line'}.")
        else:
            run = lesson.run
            w, b = run.point[:2]
            rows.append(f"step {run.steps} · {_epoch_text(run, len(lesson.data))} · L = {format_value(run.value)}")
            rows.append(html.escape(describe_alpha(lesson)))
            if lesson.model.startswith("poly"):
                rows.append("curve: " + ", ".join(f"w{_SUBSCRIPT[j]} = {format_value(v)}" for j, v in enumerate(run.point)))
            else:
                rows.append(f"line ŷ = {format_value(w)}x {'−' if b < 0 else '+'} {format_value(abs(b))}")
            if answer is not None and hasattr(answer, "distance"):
                distances = ", ".join(f"<span style='color:{theme.current().run_colors[i % 6]}'>"
                                      f"{format_value(answer.distance(*r.point))}</span>" for i, r in enumerate(lesson.runs))
                rows.append(f"distance to the answer: {distances}")
        if answer is not None:
            rows.append(html.escape(answer.describe()) + (" — dashed" if not getattr(answer, "valley", False) else ""))
        return "<br>".join(rows)


def _ranges_for_training(answer: tuple[float, float], x_range: tuple[float, float],
                         y_range: tuple[float, float]) -> dict[str, tuple[float, float]]:
    """The range changes that show both the runs' start (0, 0) and the least squares ``answer``
    (its first two weights): the start outside the range would refuse the training (data with
    y near 40 put b* = 40, the range 37 … 43, and (0, 0) off it)."""
    changes = ranges_holding(answer, x_range, y_range)
    for key, shown, c in (("x_range", x_range, answer[0]), ("y_range", y_range, answer[1])):
        lo, hi = changes.get(key, shown)
        if not lo <= 0.0 <= hi:
            lo, hi = min(lo, 0.0, c), max(hi, 0.0, c)
            changes[key] = (lo - 0.1 * (hi - lo), hi + 0.1 * (hi - lo))
    return changes


def _epoch_text(run, n: int) -> str:
    """``epoch 3 (batches of 2 of 5 points)``, or the full batch's epoch, a step each."""
    batches = getattr(run, "batches", None)  # a run training on the data (core/descent/stochastic.py)
    if batches is None or batches.full:
        return f"epoch {run.steps} (full batch: every step sees all {n} point{'s' * (n != 1)})"
    return f"epoch {batches.epoch_of(run.steps)} (batches of {batches.batch} of {n} points)"


def _button(text: str, name: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(text.rstrip("…"))
    button.setToolTip(tip)
    return button
