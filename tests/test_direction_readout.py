"""The Direction pane's sentences, without a window: f = 3x² + 2xy + y² at (1, 2), ∇f = (10, 6)."""

import math

import pytest

from explorer.core.calculus import function_from_text
from explorer.core.direction_readout import (
    PLANE_OFF, DirectionError, dial_at, dial_marks, direction_text, snapped_degrees, typed_direction,
)

F = function_from_text("f(x, y) = 3x^2 + 2xy + y^2")
P = (1.0, 2.0)


def test_the_lines_at_30_degrees_with_the_plane_off_and_on():
    off = direction_text(F, P, 30.0)
    assert off.line == "D_u f = ∇f·u = 10·cos 30° + 6·sin 30° = 10(0.866) + 6(0.5) = 11.6603"
    assert off.plane == PLANE_OFF and off.step == off.descent == ""
    on = direction_text(F, P, 30.0, plane_on=True, step=0.1, learning_rate=0.01)
    assert on.plane == "f(1 + h, 2 + k) ≈ 11 + 10h + 6k"
    # the exact value at (1 + 0.1 cos 30°, 2 + 0.1 sin 30°), by hand
    h, k = 0.1 * math.cos(math.radians(30)), 0.05
    exact = 3 * (1 + h) ** 2 + 2 * (1 + h) * (2 + k) + (2 + k) ** 2
    assert f"f = {exact:.4f} exactly" in on.step and f"the plane {11 + 10 * h + 6 * k:.4f}" in on.step
    assert on.descent.startswith("a step of α = 0.01: the plane predicts f falls by α|∇f|² = 1.3600")


@pytest.mark.parametrize("degrees, slope", [(0.0, "10"), (90.0, "6"), (180.0, "−10"), (270.0, "−6")])
def test_the_axis_directions_give_the_partials(degrees, slope):
    assert direction_text(F, P, degrees).line.endswith(f"= {slope}")


def test_snap_and_the_level_curve():
    up = snapped_degrees(F, P)
    assert up == pytest.approx(math.degrees(math.atan2(6, 10)))
    assert direction_text(F, P, up).meaning == "D_u f = 11.6619 = |∇f|: u points along ∇f, the steepest way up"
    assert direction_text(F, P, up + 90).meaning == "D_u f = 0: u runs along the level curve, where f does not change"
    assert "straight downhill" in direction_text(F, P, up + 180).meaning
    with pytest.raises(DirectionError, match="∇f is zero here"):
        snapped_degrees(F, (0.0, 0.0))


def test_the_dial_marks_its_peak_zeros_and_trough():
    marks = dial_marks(dial_at(F, P))
    assert [m.kind for m in marks] == ["steepest", "level", "level", "downhill"]
    assert marks[0].label == "|∇f| = 11.6619 along ∇f" and marks[0].slope == pytest.approx(math.hypot(10, 6))
    assert [m.degrees for m in marks[1:3]] == pytest.approx([120.96, 300.96], abs=0.01)
    assert marks[3].slope == pytest.approx(-math.hypot(10, 6))


def test_a_typed_vector_is_normalised_and_said_so_and_nonsense_is_refused():
    direction, said = typed_direction("(3, 4)")
    assert direction.u == pytest.approx((0.6, 0.8)) and said.startswith("(3, 4) → (0.6, 0.8) (normalised")
    assert direction_text(F, P, direction.degrees).line.endswith("= 10.8")  # issue #22's number
    for text in ("0, 0", "1, 2, 3", "__import__('os')", "x, 1"):
        with pytest.raises(DirectionError):
            typed_direction(text)


def test_at_a_corner_the_slopes_are_one_sided_and_there_is_no_plane():
    corner = function_from_text("abs(x) + abs(y)")
    text = direction_text(corner, (0.0, 0.0), 30.0, plane_on=True)
    assert "one-sided" in text.line and text.line.split(" = ")[-1].startswith("1.366")
    assert text.plane.startswith("No tangent plane here") and text.step == ""
    marks = dial_marks(dial_at(corner, (0.0, 0.0)))
    assert marks[0].label.startswith("largest one-sided slope 1.4142")
