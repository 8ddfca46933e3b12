"""#19 item 11, honest endings as a student sees them at a projector: a corner's one-sided
slopes on screen (not only in a tooltip)."""

import pytest

from helpers import type_function, type_into


@pytest.mark.window_size(1024, 768)
def test_a_corner_shows_its_one_sided_slopes_at_1024x768(window, qtbot):
    # The readout's narrow pane at 1024×768 gave way to "undefined here: a corner", which
    # dropped the slopes the README promises; the shorter line keeps them.
    type_function(qtbot, window, "|x| + |y|")
    for box in (window.point_x, window.point_y):
        type_into(qtbot, box, "0")
    readout = window.readout
    for label in (readout.dfdx_formula, readout.dfdy_formula):
        shown = label.text()  # what is drawn, not the tooltip
        assert "−1" in shown and "1 (right)" in shown and "corner" in shown, shown
        assert "…" not in shown
