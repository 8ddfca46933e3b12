"""A refused edit is said in the pane that owns the field, and nowhere else: a camera under the
surface, the panes in the status bar, a descent setting in the descent panel's status line,
a function at the function bar (a camera refused once showed up in the descent panel)."""

import pytest
from PySide6.QtCore import Qt

from explorer.core.lesson import Camera
from explorer.ui.panes import PANES, owner_of
from helpers import make_window, type_into


@pytest.fixture
def window(qtbot):
    return make_window(qtbot, 1440, 900)


def what_is_said(window) -> dict[str, str]:
    """Where a message can appear, as the user reads it."""
    return {"note": window.note.text() if window.note.isVisible() else "",
            "status bar": window.statusBar().currentMessage(),
            "descent": window.descent_panel.status.full_text(),
            "function bar": window.function_bar.error.text() if window.function_bar.error.isVisible() else ""}


def test_a_refused_camera_is_said_under_the_surface_not_in_the_descent_panel(window, qtbot):
    before, camera = what_is_said(window), window.lesson.camera
    too_close = Camera(elevation=30.0, azimuth=45.0, distance=0.0, center=(0.0, 0.0, 0.0), top=False)
    assert not window.lesson.try_update(camera=too_close)
    said = what_is_said(window)
    assert "distance must be at least" in said["note"] and "the view stays where it was" in said["note"]
    assert said["descent"] == before["descent"] and said["status bar"] == before["status bar"]
    assert window.lesson.camera == camera  # never the refused one
    # The next edit that goes through: the note has nothing left to say about it.
    qtbot.mouseClick(window.contours_toggle, Qt.MouseButton.LeftButton)
    assert "distance" not in what_is_said(window)["note"]


def test_refused_panes_are_said_in_the_status_bar(window):
    before = what_is_said(window)
    assert not window.lesson.try_update(panes=["readout", "blackboard"])
    said = what_is_said(window)
    assert "unknown pane 'blackboard'" in said["status bar"]
    assert said["descent"] == before["descent"] and said["note"] == before["note"]
    assert not window.readout_dock.isHidden() and not window.descent_dock.isHidden()  # the panes as they were


def test_a_refused_descent_setting_is_said_in_the_descent_panel_only(window):
    before = what_is_said(window)
    assert not window.lesson.try_update(learning_rate=-0.5)
    said = what_is_said(window)
    assert said["descent"].startswith("⚠") and said["descent"] != before["descent"]
    assert said["note"] == before["note"] and said["status bar"] == before["status bar"]


def test_a_range_typed_backwards_is_said_under_the_surface(window, qtbot):
    before = what_is_said(window)
    type_into(qtbot, window.x_min, "5")  # beyond the largest x shown (3)
    said = what_is_said(window)
    assert "still showing the last surface" in said["note"] and window.lesson.x_range == (-3.0, 3.0)
    assert window.x_min.value() == -3.0  # the box shows what is drawn, not what was refused
    assert said["descent"] == before["descent"]


def test_every_pane_the_lesson_names_is_declared_and_every_field_has_one_owner():
    from explorer.core import lesson

    assert tuple(pane.key for pane in PANES) == lesson.PANES  # a lesson file's "panes" are these
    from explorer.ui.surface_pane import OWNS

    owned = [field for pane in PANES for field in pane.owns] + list(OWNS)
    assert len(owned) == len(set(owned)) and set(owned) <= set(lesson.FIELDS)  # no field twice, none mistyped
    assert owner_of("learning_rate").key == "descent" and owner_of("panes") is None
