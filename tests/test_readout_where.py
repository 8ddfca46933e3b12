"""The readout's "at (…)" line says where its numbers are taken (issue #24): in n > 2
variables, while the held sliders follow a run, the full point is the picked (w₁, w₂) with
the run's w₃…w₅ — said so, not shown as if it were one point."""

import html

import pytest
from PySide6.QtCore import Qt

from helpers import choose_item, type_function

pytestmark = pytest.mark.window_size(1024, 768)  # as on a projector
SEED = "L = w1^2 + w2^2 + w3^2 + w4^2 + w5^2"


def test_after_a_step_the_readout_names_the_held_values_as_the_runs(window, qtbot):
    lesson, panel, label = window.lesson, window.descent_panel, window.readout.point_label
    type_function(qtbot, window, SEED)
    qtbot.waitUntil(lambda: len(lesson.function.variables) == 5)
    lesson.update(point=(1.0, 2.0), held=(3.0, 4.0, 5.0))
    choose_item(panel.source_input, "surface")
    qtbot.waitUntil(lambda: lesson.descent_source == "surface")
    qtbot.waitUntil(lambda: label.text() == "at (1, 2, …)")  # the picked point and the sliders' values
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lesson.run.steps == 1)
    # w₃…w₅ stepped to 0.98·(3, 4, 5) (α = 0.01); w₁, w₂ are still the picked 1, 2.
    qtbot.waitUntil(lambda: label.text() == "at (1, 2, run's …)")
    assert window.readout.value_label.text() == f"{1 + 4 + 0.98**2 * 50:.4f}"  # L at that mixed point
    assert "w₁, w₂ are the picked point, w₃, w₄, w₅ the leading run's current point" in label.toolTip()
    note = html.unescape(window.readout.held_note.text())  # (rich text: the apostrophe escaped)
    assert "L at (1, 2, 2.94, 3.92, 4.9): w₁, w₂ picked, w₃…w₅ the run's." in note, note
    qtbot.waitUntil(lambda: label.isVisible() and label.width() >= label.sizeHint().width())  # whole at 1024×768
    assert label.mapTo(window, label.rect().topRight()).x() <= window.width()
    # Unticked, the sliders keep the run's values and are the student's again: one point.
    follow = window.surface_pane.held_sliders.follow_box
    qtbot.mouseClick(follow, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lesson.held_follow is False)
    qtbot.waitUntil(lambda: label.text() == "at (1, 2, …)")
    # Ticked again, Reset: the sliders back at the start's 3, 4, 5, the picked point whole.
    qtbot.mouseClick(follow, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lesson.held_follow is True)
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lesson.run.steps == 0 and lesson.held == (3.0, 4.0, 5.0))
    qtbot.waitUntil(lambda: label.text() == "at (1, 2, …)")


def test_three_variables_say_the_held_value_is_the_runs_beside_it():
    from explorer.core.readout_where import where_text

    line, tip, whole = where_text(("x", "y", "z"), (1.0, 2.0, 2.94), (0, 1), followed=True)
    assert line == "at (1, 2, run's 2.94)" and whole == "at (1, 2, 2.94): x, y picked, z the run's"
    assert tip.startswith("(x, y, z) = (1.0000, 2.0000, 2.9400): x, y are the picked point, z the leading run's")
    # z shown on the surface (y held): the pair first, as the row's partials are ordered.
    assert where_text(("x", "y", "z"), (1.0, 2.0, 2.94), (0, 2), followed=True)[0] == "at (1, 2.94, run's 2)"
    assert where_text(("x", "y", "z"), (1.0, 2.0, 3.0), (0, 1))[0] == "at (1, 2, 3)"
