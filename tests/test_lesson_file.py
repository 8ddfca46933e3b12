"""Lessons saved and opened (File ▸ Save / Open / Open recent / New), reopened where the
teacher left off, and every kind of bad file refused with the lesson unchanged."""

import json

import numpy as np

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from explorer.core.lesson import Lesson
from explorer.core.lesson_file import LessonFileError, lesson_text, read_lesson
from helpers import choose_item, make_window, next_frame, rested, type_function, type_into, wait_laid_out

LOSS = "L(w, b) = (3 - 2w - b)^2"


def a_prepared_lesson(qtbot, window) -> None:
    """What a teacher prepares: a function, a point, overlays, a race, a camera, a pane closed."""
    type_function(qtbot, window, LOSS)
    type_into(qtbot, window.point_x, "0.5")
    type_into(qtbot, window.point_y, "-1")
    qtbot.mouseClick(window.plane_toggle, Qt.MouseButton.LeftButton)
    window.downhill_action.trigger()
    choose_item(window.descent_panel.source_input, "surface")
    qtbot.mouseClick(window.descent_panel.add_run_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.top_button, Qt.MouseButton.LeftButton)
    window.readout_dock.toggleViewAction().trigger()  # the readout closed, as View ▸ does
    qtbot.waitUntil(window.readout_dock.isHidden)


def test_save_then_open_gives_the_same_lesson_and_the_same_view(window, qtbot, tmp_path):
    a_prepared_lesson(qtbot, window)
    path = tmp_path / "tuesday.json"
    assert window.save_lesson(path)
    assert window.windowTitle().startswith("tuesday.json") and not window.isWindowModified()
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["version"] == 1 and saved["function"] == LOSS and saved["point"] == [0.5, -1.0]
    assert saved["panes"] == ["descent"] and saved["camera"]["top"] is True
    assert saved["descent"]["source"] == "surface" and len(saved["descent"]["more_runs"]) == 1

    other = make_window(qtbot)
    assert other.open_lesson(path)
    wait_laid_out(qtbot, other)
    assert other.lesson == window.lesson  # every setting, the camera and the panes too
    assert other.surface_view.camera() == window.surface_view.camera() and other.surface_view.orthographic
    assert other.readout_dock.isHidden() and not other.descent_dock.isHidden()
    assert other.function_bar.input.text() == LOSS and other.point_x.value() == 0.5
    assert len(other.descent_panel.run_rows) == 2 and other.plane_toggle.isChecked()
    # The picture is the same picture (once each view's labels are placed for its camera).
    for view in (window.surface_view, other.surface_view):
        rested(qtbot, view)
        next_frame(qtbot, view)
    # Pixel for pixel but for text antialiasing: after a test that floats a dock out, Qt can
    # paint the same label's glyph edges a shade differently (≤ 10 in RGB on ~100 of 490,000
    # pixels); a different drawing (a moved label, another mesh) differs far more.
    a, b = (_rgb(view.snapshot()) for view in (other.surface_view, window.surface_view))
    assert a.shape == b.shape
    off = np.abs(a.astype(int) - b.astype(int)).max(axis=2)
    assert off.max() <= 16 and np.count_nonzero(off) <= a.shape[0] * a.shape[1] // 1000


def _rgb(image: QImage) -> np.ndarray:
    """(h, w, 4) uint8 of a QImage (B, G, R, A: the order does not matter here)."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    h, w = image.height(), image.width()
    return np.array(image.constBits(), dtype=np.uint8).reshape(h, image.bytesPerLine() // 4, 4)[:, :w]


def test_file_menu_new_returns_to_the_default_lesson_and_recent_reopens(window, qtbot, tmp_path):
    type_function(qtbot, window, "x^2 - y^2")
    assert window.isWindowModified()
    path = tmp_path / "saddle.json"
    assert window.save_lesson(path)
    window.new_action.trigger()
    assert window.lesson == Lesson() and window.lesson_path is None
    assert window.windowTitle().startswith("untitled lesson")
    window.recent_menu.aboutToShow.emit()  # File ▸ Open recent, opened
    recent = [a for a in window.recent_menu.actions() if a.text() == "saddle.json"]
    assert recent and recent[0].isEnabled()
    recent[0].trigger()
    assert window.lesson.function.text == "x^2 - y^2" and window.lesson_path == path


def test_the_app_reopens_where_the_teacher_left_off(qtbot):
    window = make_window(qtbot)  # closed below: a window of its own
    type_function(qtbot, window, "sin(x) cos(y)")
    type_into(qtbot, window.point_x, "0.25")
    window.descent_dock.toggleViewAction().trigger()
    window.close()  # it keeps the lesson, with its camera and panes, for the next launch
    left = window.lesson.to_dict()
    assert left["panes"] == ["readout"] and left["camera"] is not None
    again = make_window(qtbot)
    assert again.restore_session()
    wait_laid_out(qtbot, again)
    assert again.lesson.to_dict() == left
    assert again.descent_dock.isHidden() and again.function_bar.input.text() == "sin(x) cos(y)"


_BIG = b"9" * 400
BAD_FILES = {
    "not JSON": (b"function = x^2", "not JSON (line 1, column 1"),
    "not text": (bytes(range(256)) * 4, "not text"),
    "a list": (b"[1, 2, 3]", "must be a JSON object"),
    "wrong type": (b'{"resolution": "200"}', "resolution must be a whole number"),
    "wrong type in a group": (b'{"overlays": {"contours": "yes"}}', "contours must be true or false"),
    "huge number": (b'{"point": [1e400, 0]}', "point must be a finite number"),
    "a number beyond a float": (b'{"start": ' + b"9" * 5000 + b"}", "beyond what a lesson can be"),
    "NaN": (b'{"point": [NaN, 0]}', "NaN is not a number"),
    "far point": (b'{"point": [1e300, 0]}', "beyond"),
    "unknown key": (b'{"function": "x^2", "colour": "red"}', "unknown setting 'colour'"),
    "unknown key in a group": (b'{"descent": {"rate": 0.1}}', "unknown setting 'descent.rate'"),
    "duplicate key": (b'{"function": "x^2", "function": "y^2"}', "appears twice"),
    "a function that does not parse": (b'{"function": "x^"}', "function: expected a term after '^' at column 2"),
    "text meant as code": (b'{"function": "__import__(\'os\').system(\'touch PWNED\')"}', "function"),
    "a newer version": (b'{"version": 2}', "version 2"),
    "a camera with no distance": (b'{"camera": {"elevation": 30, "azimuth": 0, "center": [0, 0, 0]}}', "distance"),
    "an unknown pane": (b'{"panes": ["readout", "chat"]}', "unknown pane 'chat'"),
    "nesting": (b"[" * 100_000 + b"]" * 100_000, "beyond what a lesson can be"),
    # Numbers beyond a float (1e400 reads as inf; a 400-digit integer overflows float()):
    # refused with the key named, never an OverflowError into the event loop.
    "resolution 1e400": (b'{"resolution": 1e400}', "resolution must be a whole number"),
    "resolution of 400 digits": (b'{"resolution": ' + _BIG + b"}", "resolution must be from 10 to 1000"),
    "point of 400 digits": (b'{"point": [' + _BIG + b", 0]}", "point = a 400-digit number is beyond"),
    "x_range of 400 digits": (b'{"x_range": [-' + _BIG + b", 1]}", "x_range = a 400-digit number"),
    "camera of 400 digits": (b'{"camera": {"elevation": ' + _BIG + b', "azimuth": 0, "distance": 5, "center": [0, 0, 0]}}',
                             "camera.elevation = a 400-digit number"),
    "camera centre of 400 digits": (b'{"camera": {"elevation": 30, "azimuth": 0, "distance": 5, "center": [0, -' + _BIG
                                    + b', 0]}}', "camera.center = a 400-digit number"),
    "speed of 400 digits": (b'{"descent": {"speed": ' + _BIG + b"}}", "speed must be from 1 to 600"),
    "speed 1e400": (b'{"descent": {"speed": 1e400}}', "speed must be a whole number"),
    "learning rate of 400 digits": (b'{"descent": {"learning_rate": ' + _BIG + b"}}", "learning_rate = a 400-digit"),
    "start of 400 digits": (b'{"descent": {"start": -' + _BIG + b"}}", "start = a 400-digit number"),
    "more runs of 400 digits": (b'{"descent": {"more_runs": [["adam", ' + _BIG + b"]]}}", "more_runs = a 400-digit"),
    # A key that would turn the message around (U+202E, right-to-left override) is shown escaped.
    "a bidi override in a key": ('{"\u202ecolour": 1}'.encode(), "unknown setting '\\u202ecolour'"),
    "a bidi override in a group's key": ('{"descent": {"\u202erate": 1}}'.encode(), "'descent.\\u202erate'"),
}


def test_every_kind_of_bad_file_is_refused_and_nothing_changes(window, qtbot, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    type_function(qtbot, window, "x^2 + y^2")
    rested(qtbot, window.surface_view)
    next_frame(qtbot, window.surface_view)
    before, picture = window.lesson.to_dict(), window.surface_view.snapshot()
    junk = tmp_path / "junk.json"
    with junk.open("wb") as out:  # 50 MB of junk: refused by its size, never read whole
        out.write(b"{" * (50 * 1024 * 1024))
    cases = {**BAD_FILES, "50 MB of junk": (None, "it is 52.4 MB")}
    for name, (content, said) in cases.items():
        path = junk if content is None else tmp_path / f"{name.replace(' ', '-')}.json"
        if content is not None:
            path.write_bytes(content)
        assert window.open_lesson(path) is False, name
        message = window.statusBar().currentMessage()
        assert message.startswith(f"⚠ {path.name} was not opened: ") and said in message, (name, message)
        assert message.endswith("The lesson is as it was."), name
        assert "\u202e" not in message, name  # a bidi override is never echoed raw
        assert window.lesson.to_dict() == before, name
        assert window.lesson_path is None, name
    QApplication.processEvents()
    assert window.surface_view.snapshot() == picture
    assert not (tmp_path / "PWNED").exists()


def test_each_refused_file_says_its_own_reason_even_one_that_fails_unforeseen(window, tmp_path, monkeypatch):
    first, second, third = (tmp_path / f"{n}.json" for n in ("first", "second", "third"))
    first.write_text("function = x^2", encoding="utf-8")
    second.write_text('{"resolution": 1e400, "point": [' + "9" * 400 + ', 0]}', encoding="utf-8")
    third.write_text('{"function": "x^2 - y^2"}', encoding="utf-8")
    assert not window.open_lesson(first)
    assert not window.open_lesson(second)
    assert window.statusBar().currentMessage().startswith("⚠ second.json was not opened: ")

    def unforeseen(self, settings):
        raise OverflowError("a failure nobody foresaw")

    monkeypatch.setattr(Lesson, "load_settings", unforeseen)
    assert not window.open_lesson(third)  # nothing raises into the event loop …
    message = window.statusBar().currentMessage()  # … and the bar speaks of this file, not the last one
    assert message.startswith("⚠ third.json was not opened: ") and message.endswith("The lesson is as it was.")
    assert window.lesson_path is None


def test_a_missing_file_and_an_unwritable_place_say_so(window, tmp_path):
    assert not window.open_lesson(tmp_path / "nowhere.json")
    assert "cannot read nowhere.json" in window.statusBar().currentMessage()
    assert not window.save_lesson(tmp_path / "no-such-folder" / "lesson.json")
    assert "cannot save lesson.json" in window.statusBar().currentMessage()
    assert window.lesson_path is None


def test_the_file_is_readable_json_a_teacher_can_edit(tmp_path):
    lesson = Lesson(more_runs=[("adam", 0.1)], camera={"elevation": 30, "azimuth": -60, "distance": 4.7,
                                                      "center": [0, 0, 0.4]})
    text = lesson_text(lesson)
    assert '"point": [1.0, 2.0]' in text and '["adam", 0.1]' in text and '"azimuth": 300.0' in text
    path = tmp_path / "edited.json"
    path.write_text(text.replace('"resolution": 200', '"resolution": 120'), encoding="utf-8")
    assert Lesson.from_dict(json.loads(path.read_text(encoding="utf-8"))).resolution == 120
    assert read_lesson(path)["resolution"] == 120
    with pytest.raises(LessonFileError, match="version must be a whole number"):
        path.write_text('{"version": "1"}', encoding="utf-8")
        read_lesson(path)


def test_explorer_file_and_explorer_open_file_open_the_app_on_it(monkeypatch):
    import explorer.app
    from explorer.cli import main

    opened = []
    monkeypatch.setattr(explorer.app, "run_app", lambda argv=(), initial_function=None, lesson_path=None:
                        opened.append(lesson_path) or 0)
    assert main(["tuesday.json"]) == 0 and main(["open", "friday.json"]) == 0
    assert opened == ["tuesday.json", "friday.json"]


def test_a_camera_zoomed_beyond_the_lessons_limits_still_saves_and_closes(qtbot, tmp_path):
    window = make_window(qtbot)  # closed below: a window of its own
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    view = window.surface_view
    centre = QPointF(view.width() / 2, view.height() / 2)
    for _ in range(60):  # a student leaning on the wheel
        event = QWheelEvent(centre, view.mapToGlobal(centre), QPoint(0, 0), QPoint(0, -120), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(view, event)
    assert view.opts["distance"] <= 1000.0
    assert window.save_lesson(tmp_path / "far.json")
    window.close()
    from explorer.ui.main_window import settings

    assert settings().value("lessons/last")  # kept for the next launch
