"""#18 item 11: a number box shows what the lesson holds, commits exactly what was typed, or
refuses it whole (with the reason, keeping its value and the text typed)."""

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from explorer.core.typed_number import NotANumber, parse_number, write_number


def press(widget, key, text: str = "") -> None:
    QApplication.sendEvent(widget, QKeyEvent(QKeyEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, text))


def type_keys(box, text: str) -> str:
    """Select the box's text, type ``text`` a key at a time (as QKeyEvents: QTest.keyClicks
    aborts outside Latin-1), and return what the box shows before Enter, then press Enter."""
    edit = box.lineEdit()
    edit.selectAll()
    press(edit, Qt.Key.Key_Backspace)
    for character in text:
        press(edit, Qt.Key.Key_Space if character == " " else Qt.Key.Key_unknown, character)
    shown = edit.text()
    press(edit, Qt.Key.Key_Return)
    return shown


def type_into(qtbot, box, text: str) -> str:
    """Real key clicks (Latin-1 text), then Enter; what the box showed before Enter."""
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), text)
    shown = box.lineEdit().text()
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    return shown


# ---------------------------------------------------------------------------- the reader

@pytest.mark.parametrize("typed, number", [
    ("1e-3", 0.001), ("2,5", 2.5), ("\u22120.5", -0.5), ("-0.5", -0.5), ("+3", 3.0), (".25", 0.25), ("5.", 5.0),
    ("2.5E+4", 25_000.0), ("1e\u22123", 0.001), ("1 000 000", 1e6), ("0,500", 0.5),
    ("1,5000", 1.5), ("12,5", 12.5), (" 7 ", 7.0), ("0.1", 0.1), ("1e400", math.inf),
])
def test_the_forms_a_box_reads(typed, number):
    assert parse_number(typed) == number


@pytest.mark.parametrize("typed", ["1/2", "78-3.09", "1..2", "0x10", "1_000", "+-1", "1,2,3", "1.000,5", "12,345.6",
                                   "1 2", "e5", "1e", "-", ".", "", "inf", "nan", "\u0663", "2\u00b2", "1e-400"])
def test_what_is_not_a_number_is_refused_whole(typed):
    with pytest.raises(NotANumber, match="not a number|closer to 0"):
        parse_number(typed)


def test_a_comma_before_three_digits_is_refused_as_either_a_thousands_or_a_decimal_comma():
    with pytest.raises(NotANumber, match="could be 1500 or 1.500"):
        parse_number("1,500")


@pytest.mark.parametrize("value, text", [(0.12345, "0.12345"), (1e-6, "0.000001"), (2.00004, "2.00004"), (1e-9, "1e-9"),
                                         (1500.0, "1500"), (-3.0, "-3"), (0.1 + 0.2, "0.30000000000000004"),
                                         (2.5e20, "2.5e20"), (-0.0, "0")])
def test_a_number_is_written_in_full_and_reads_back_the_same(value, text):
    assert write_number(value) == text and parse_number(text) == value


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_every_float_is_written_so_that_it_reads_back_exactly(value):
    assert parse_number(write_number(value)) == value


# ---------------------------------------------------------------------------- the boxes

@pytest.fixture(scope="module")
def window(qapp):
    from explorer.ui import MainWindow

    w = MainWindow()
    w.resize(1440, 900)
    w.show()
    w.lesson.update(resolution=40)  # typing is the subject: a coarse mesh keeps the re-meshes quick
    for _ in range(20):
        qapp.processEvents()
    yield w
    w.close()


@pytest.fixture(scope="module")
def dialogs(window):
    from explorer.ui.export import AnimationDialog, ImageSizeDialog

    return ImageSizeDialog(window), AnimationDialog(window)


def every_box(window, dialogs):
    """(box, what the lesson holds for it, or None) for every number box in the app."""
    lesson, panel, quiz = window.lesson, window.descent_panel, window.quiz_panel
    image, animation = dialogs
    return [
        (window.point_x, lambda: lesson.point[0]), (window.point_y, lambda: lesson.point[1]),
        (window.x_min, lambda: lesson.x_range[0]), (window.x_max, lambda: lesson.x_range[1]),
        (window.y_min, lambda: lesson.y_range[0]), (window.y_max, lambda: lesson.y_range[1]),
        (window.resolution, lambda: lesson.resolution), (panel.start_input, lambda: lesson.start),
        (panel.speed_input, lambda: lesson.speed), (panel.learning_rate_input, lambda: lesson.learning_rate),
        (quiz.seed, lambda: quiz.quiz.practice.seed),
        (image.width_box, None), (image.height_box, None), (animation.steps, None),
    ]


@pytest.mark.parametrize("typed", ["1/2", "78-3.09", "1..2", "0x10", "1_000", "+-1"])
def test_a_stray_character_refuses_the_whole_number_and_keeps_what_was_typed(window, qtbot, typed):
    for box in (window.x_max, window.descent_panel.learning_rate_input):
        lesson_before = (window.lesson.x_range, window.lesson.learning_rate)
        value = box.value()
        shown = type_into(qtbot, box, typed)
        assert shown == typed  # no key was dropped while typing (the 1/2 that became 12)
        assert (window.lesson.x_range, window.lesson.learning_rate) == lesson_before and box.value() == value
        assert box.lineEdit().text() == typed  # kept, to be fixed
        assert f"'{typed}' is not a number" in box.toolTip()
    assert f"'{typed}' is not a number" in window.statusBar().currentMessage()
    type_into(qtbot, window.x_max, "3")
    assert window.lesson.x_range[1] == 3.0 and window.x_max.toolTip() == "" and not window.x_max.refusing


def test_whole_number_boxes_refuse_a_decimal_comma_instead_of_reading_it_as_a_thousands_separator(window, dialogs, qtbot):
    lesson = window.lesson
    resolution = lesson.resolution
    type_into(qtbot, window.resolution, "2,7")
    assert lesson.resolution == resolution and window.resolution.lineEdit().text() == "2,7"
    assert "must be a whole number: 2,7 was not taken" in window.statusBar().currentMessage()
    seed = window.quiz_panel.seed
    before = seed.value()
    type_into(qtbot, seed, "1,9122")
    assert seed.value() == before and window.quiz_panel.quiz.practice.seed == before
    assert "whole number: 1,9122 was not taken" in seed.toolTip()
    type_into(qtbot, window.descent_panel.speed_input, "2,7")
    assert lesson.speed != 27
    image, _animation = dialogs
    type_into(qtbot, image.width_box, "1,280")  # 1280 or 1.280? neither is taken
    assert image.width_box.value() == 1920 and "could be 1280 or 1.280" in image.width_box.toolTip()
    type_into(qtbot, window.resolution, "2,7e1")  # 27: whole, and in range
    assert lesson.resolution == 27 and window.resolution.text() == "27"
    type_into(qtbot, window.resolution, "40")


def test_a_box_shows_every_digit_the_lesson_holds(window, qtbot):
    lesson, panel = window.lesson, window.descent_panel
    type_into(qtbot, window.point_x, "0.12345")
    assert lesson.point[0] == 0.12345 and window.point_x.text() == "0.12345"  # not 0.1235
    type_into(qtbot, panel.start_input, "1e-6")
    assert lesson.start == 1e-6 and panel.start_input.text() == "0.000001"  # not 0.0000
    type_into(qtbot, panel.learning_rate_input, "0.00012345")
    assert lesson.learning_rate == 0.00012345 and panel.learning_rate_input.text() == "0.00012345"
    lesson.update(point=(1 / 3, 0.5))  # a value from elsewhere (a file, a pick) is shown in full too
    assert window.point_x.text() == "0.3333333333333333" and parse_number(window.point_x.text()) == 1 / 3
    lesson.update(point=(1.0, 2.0))
    # Beyond what may be typed (a lesson file's): shown as held, not clamped to the box's range.
    lesson.update(learning_rate=0.00001, x_range=(-3.0, 5000.0))
    assert panel.learning_rate_input.text() == "0.00001" and window.x_max.text() == "5000"
    type_into(qtbot, window.x_min, "-2")
    assert lesson.x_range == (-2.0, 5000.0)
    type_into(qtbot, window.x_max, "5000")  # Enter on it changes nothing and refuses nothing
    assert lesson.x_range == (-2.0, 5000.0) and not window.x_max.refusing
    type_into(qtbot, window.x_max, "4000")
    assert lesson.x_range == (-2.0, 5000.0) and "must be between -1000 and 1000: 4000 was not taken" in window.x_max.toolTip()
    lesson.update(x_range=(-3.0, 3.0))
    assert window.x_max.text() == "3" and not window.x_max.refusing
    type_into(qtbot, panel.learning_rate_input, "0.01")


def test_typing_one_end_of_a_range_commits_that_end_only(window, qtbot):
    lesson = window.lesson
    type_into(qtbot, window.y_max, "2.00004")
    assert lesson.y_range == (-3.0, 2.00004)
    type_into(qtbot, window.x_min, "-2.5")
    assert lesson.x_range == (-2.5, 3.0) and lesson.y_range == (-3.0, 2.00004)  # y max not re-committed as 2.0
    qtbot.keyClick(window.y_max.lineEdit(), Qt.Key.Key_Up)  # the arrow steps in the step's decimals
    assert lesson.y_range == (-3.0, 2.10004) and window.y_max.text() == "2.10004"
    lesson.update(x_range=(-3.0, 3.0), y_range=(-3.0, 3.0))


def test_a_refused_text_stays_after_leaving_the_box_and_is_taken_once_fixed(window, qtbot):
    box, lesson = window.x_max, window.lesson
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    type_into(qtbot, box, "2..5")
    window.x_min.setFocus()  # the focus leaves: Qt would put the old value back in the text
    qtbot.waitUntil(window.x_min.hasFocus)
    assert box.lineEdit().text() == "2..5" and box.refusing and lesson.x_range == (-3.0, 3.0)
    box.setFocus()
    box.lineEdit().setCursorPosition(2)
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Backspace)  # the student fixes it: 2.5
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert lesson.x_range == (-3.0, 2.5) and not box.refusing and box.toolTip() == ""
    assert "is not a number" not in window.statusBar().currentMessage()
    lesson.update(x_range=(-3.0, 3.0))


def test_a_number_nearer_0_than_a_box_holds_exactly_is_refused_not_rounded(window, qtbot):
    type_into(qtbot, window.point_x, "1e-320")  # Qt's spin box would hold 9.99989e-321
    assert window.lesson.point == (1.0, 2.0) and "must be 0 or at least 1e-300 from it" in window.point_x.toolTip()
    type_into(qtbot, window.point_x, "1e-300")
    assert window.lesson.point == (1e-300, 2.0) and window.point_x.text() == "1e-300"
    window.lesson.update(point=(1.0, 2.0))


def test_a_unicode_minus_typed_as_a_key_is_taken(window):
    assert type_keys(window.point_y, "\u22120.5") == "\u22120.5"
    assert window.lesson.point[1] == -0.5 and window.point_y.text() == "-0.5"
    window.lesson.update(point=(1.0, 2.0))


NUMBERISH = "0123456789.,eE+-\u2212_/x "
TYPED = st.one_of(
    st.text(alphabet=NUMBERISH, max_size=10),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.floats(-2000, 2000).map(lambda v: f"{v:g}".replace(".", ",").replace("-", "\u2212")),
    st.integers(-10**6, 10**6).map(str),
    st.decimals(-1000, 1000, allow_nan=False, places=6).map(lambda d: str(d)),
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Co", "Cn", "Zl", "Zp")), max_size=8),
)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=TYPED)
def test_any_text_in_any_box_is_committed_exactly_or_refused_whole(window, dialogs, qapp, typed):
    """For every number box: either the value committed is exactly the number typed (and the
    lesson, where it takes it, holds that number), or nothing is committed and the box says
    why, keeping its value and the text."""
    lesson = window.lesson
    lesson_refusals = []

    def lesson_refused(_field, message):
        lesson_refusals.append(message)

    lesson.events.refused.connect(lesson_refused)
    assert window.descent_panel.start_input.isEnabled()
    for box, held in every_box(window, dialogs):
        committed = []
        box.valueChanged.connect(committed.append)
        before, refusals_before = box.value(), len(lesson_refusals)
        shown = type_keys(box, typed).removesuffix(box.suffix())  # Qt keeps the box's suffix (" steps/s")
        qapp.processEvents()
        box.valueChanged.disconnect(committed.append)
        assert shown == typed, f"{box.objectName()}: a key was dropped while typing"
        try:
            number = parse_number(typed)
        except NotANumber:
            number = None
        lo, hi = box.typing_range if hasattr(box, "typing_range") else (box.minimum(), box.maximum())
        # (A value held beyond what may be typed, left by an earlier example, may be typed again.)
        takes = (number is not None and (lo <= number <= hi or number == before) and not 0 < abs(number) < 1e-300
                 and (isinstance(box.value(), float) or float(number).is_integer()))
        where = f"{typed!r} in {box.objectName()}"
        if takes:
            assert not box.refusing, where
            assert committed == ([number] if number != before else []), where
            if held is not None and len(lesson_refusals) == refusals_before:
                assert held() == number, where  # what the lesson holds is what was typed
                assert parse_number(box.cleanText()) == number, where  # … and what the box shows
        else:
            assert committed == [] and box.value() == before, where
            assert box.refusing and box.lineEdit().text().removesuffix(box.suffix()) == typed, where
            assert any(reason in box.toolTip() for reason in ("was not taken", "not a number", "could be", "closer to 0")), where
    lesson.events.refused.disconnect(lesson_refused)
    lesson.update(resolution=40, x_range=(-3.0, 3.0), y_range=(-3.0, 3.0), point=(1.0, 2.0))
