"""The shared ``window`` fixture (conftest.py) hands every test a first launch's window: what
one test changes — theme, presentation, panes, quiz, camera, a race, a refusal, a dialog —
the next never sees."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from explorer.ui import theme
from helpers import activate, choose_item, make_window, reset_window, type_function, type_into


def what_a_student_sees(window) -> dict:
    """Everything a first launch shows that a test could change, read as a student would
    (texts, ticks, panes, sizes) plus the lesson and the camera."""
    panel, readout, quiz, view = window.descent_panel, window.readout, window.quiz_panel, window.surface_view
    focus = QApplication.focusWidget()
    docks = (window.readout_dock, window.descent_dock, window.quiz_dock)
    return {
        "size": (window.width(), window.height()), "full screen": window.isFullScreen(),
        "title": window.windowTitle(), "modified": window.isWindowModified(), "file": window.lesson_path,
        "theme": (window.theme_choice, theme.current, QApplication.palette().window().color().name()),
        "presentation": (window.presentation_action.isChecked(), window.presentation_scale,
                         view.lines.styles["tangents"].width, readout.dfdx_value.font().pointSizeF()),
        "lesson": window.lesson.to_dict(), "camera": view.camera(),
        "panes": {dock.objectName(): (dock.isHidden(), dock.isFloating()) for dock in docks},
        "pane sizes": [(dock.width(), dock.height()) for dock in docks if not dock.isHidden()],
        "folds": (window.range_toggle.isChecked(), readout.breakdown_open),
        "menus": (window.menuBar().isVisible(), window.statusBar().isVisible()),
        "status bar": window.statusBar().currentMessage(), "note": (window.note.isVisible(), window.note.text()),
        "function bar": (window.function_bar.input.text(), window.function_bar.error.isVisible()),
        "boxes": [box.text() for box in (window.point_x, window.point_y, window.x_min, window.x_max, window.resolution)],
        "toggles": [box.isChecked() for box in (window.contours_toggle, window.plane_toggle, window.snap_toggle)],
        "readout": (readout.value_label.text(), readout.dfdx_value.text(), readout.dfdy_value.text()),
        "descent": (panel.status.text(), panel.x_value.text(), panel.steps_value.text(), panel.playing,
                    len(panel.run_rows), panel.function_bar.input.text(), panel.plot.getPlotItem().viewRange()),
        "quiz": (quiz.question.text(), quiz.answer_input.text(), quiz.feedback.text(), quiz.score.text(), quiz.seed.value()),
        "undo": (window.undo_action.isEnabled(), window.redo_action.isEnabled()),
        "dialogs": (QApplication.activeModalWidget(), QApplication.activePopupWidget(),
                    [d.objectName() for d in window.findChildren(QDialog) if d.isVisible()]),
        "focus": focus.objectName() if focus is not None else None,
        "active": QApplication.activeWindow() is window,
    }


def change_everything(qtbot, window, tmp_path) -> None:
    """A test that leaves nothing as it found it."""
    window.set_theme("dark")
    type_function(qtbot, window, "L(w, b) = (3 - 2w - b)^2")
    type_into(qtbot, window.point_x, "0.5")
    type_into(qtbot, window.x_min, "9")  # refused: said in the note
    qtbot.mouseClick(window.plane_toggle, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.range_toggle, Qt.MouseButton.LeftButton)
    window.triangles_action.trigger()
    panel = window.descent_panel
    choose_item(panel.source_input, "surface")
    qtbot.mouseClick(panel.add_run_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)  # left playing
    window.quiz_dock.toggleViewAction().trigger()
    window.quiz_panel.seed.setValue(7)
    qtbot.keyClicks(window.quiz_panel.answer_input, "6x")
    window.readout_dock.setFloating(True)
    qtbot.mouseClick(window.top_button, Qt.MouseButton.LeftButton)
    window.surface_view.setCameraPosition(azimuth=10)
    window.save_lesson(tmp_path / "saved.json")
    window.show_shortcuts()  # a dialog left open
    window.set_presentation(True)
    qtbot.waitUntil(window.isFullScreen)


@pytest.mark.parametrize("size", [(1440, 900), (1024, 768)])
def test_a_test_that_changes_everything_leaves_the_next_a_first_launch(window, qtbot, tmp_path, size):
    reset_window(qtbot, window, size)
    before = what_a_student_sees(window)
    change_everything(qtbot, window, tmp_path)
    assert what_a_student_sees(window) != before  # the change is real …
    reset_window(qtbot, window, size)  # … and what the fixture does before the next test undoes it
    after = what_a_student_sees(window)
    fresh = make_window(qtbot, *size)  # a window built afresh at that size, as a first launch
    activate(qtbot, fresh)
    seen_fresh = what_a_student_sees(fresh)
    seen_fresh["active"] = True  # (the fresh one is active now; the shared one was when read)
    fresh.close()
    for key in before:
        if key == "pane sizes":  # View ▸ Reset layout splits the panes within a few pixels of a first launch
            for seen in (before, seen_fresh):
                assert len(after[key]) == len(seen[key])
                assert all(abs(a - b) <= 12 for ours, theirs in zip(after[key], seen[key]) for a, b in zip(ours, theirs)), \
                    (after[key], seen[key])
            continue
        assert after[key] == before[key], key
        assert after[key] == seen_fresh[key], key


def test_the_fixture_gives_the_size_asked_for(window):
    assert (window.width(), window.height()) == (1440, 900)


@pytest.mark.window_size(1024, 768)
def test_a_marker_asks_for_another_size(window):
    assert (window.width(), window.height()) == (1024, 768)
    assert not window.readout.breakdown_open and not window.range_toggle.isChecked()  # folded, as a short screen has them
