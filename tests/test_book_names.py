"""Indexed variables are written as the book prints them (w₁, not w1) wherever the student
reads them: the descent panel's menu and the CLI's last line (issue #24)."""

import pytest

from explorer.cli import main
from helpers import type_function

pytestmark = pytest.mark.window_size(1024, 768)


def test_the_descent_menu_names_w1_and_w2_with_subscripts(window, qtbot):
    combo = window.descent_panel.source_input
    type_function(qtbot, window, "L = w1^2 + w2^2 + w3^2")
    qtbot.waitUntil(lambda: len(window.lesson.function.variables) == 3)
    entries = [combo.itemText(i) for i in range(combo.count())]
    slice_x = entries[combo.findData("slice-x")]
    assert slice_x == "slice along w₁: L(w₁, picked w₂)"  # not "w2₀", which reads as w sub 20
    assert entries[combo.findData("slice-y")] == "slice along w₂: L(picked w₁, w₂)"
    assert entries[combo.findData("surface")] == "descent on L(w₁, w₂, w₃)"
    assert not any("w1" in e or "w2" in e for e in entries), entries


def test_the_cli_says_where_it_stopped_in_book_names(capsys):
    code = main(["descend", "L = w1^2 + w2^2 + w3^2", "--start", "1,2,3", "--lr", "0.1", "--steps", "3"])
    out = capsys.readouterr().out
    assert code == 0
    last = out.strip().splitlines()[-1]
    assert "(w₁ ≈ 0.5120, w₂ ≈ 1.0240, w₃ ≈ 1.5360)" in last, last


def test_the_start_box_names_an_indexed_variable_w1_not_w1_sub_zero(window, qtbot):
    from helpers import choose_item

    type_function(qtbot, window, "L = w1^2 + w2^2 + w3^2")
    qtbot.waitUntil(lambda: len(window.lesson.function.variables) == 3)
    choose_item(window.descent_panel.source_input, "slice-x")
    qtbot.waitUntil(lambda: window.lesson.descent_source == "slice-x")
    assert window.descent_panel.start_name.text() == "start w₁"  # "w1₀" read as w-one-sub-zero
    type_function(qtbot, window, "f(x, y) = x^2 + y^2")
    qtbot.waitUntil(lambda: window.descent_panel.start_name.text() == "start x₀")
