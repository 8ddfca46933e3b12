"""The data pane's batch, seed and schedule, driven with the mouse and keys as a student would:
the runs change with them, the α shown is the published schedule's, the two gradients are drawn."""

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from explorer.core.data import DataSet
from explorer.core.lesson import Lesson
from explorer.core.optimizers import Optimizer, parse_schedule
from explorer.core.training import train
from explorer.ui import theme
from explorer.ui.gl_items import rgba

from helpers import choose_item, rested, type_into

FIVE = ((0.0, 1.1), (1.0, 2.9), (2.0, 5.2), (3.0, 6.8), (4.0, 9.1))  # y = 2x + 1 plus fixed noise


def training_pane(qtbot, window, data=FIVE):
    """The data pane open (Ctrl+5), its points ``data``, training on them (the button)."""
    window.lesson.update(data=data)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    pane = window.data_pane
    qtbot.waitUntil(lambda: pane.isVisible() and pane.plot.width() > 100)
    qtbot.mouseClick(pane.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lesson.data_drives)
    return pane, pane.training_controls


def press_step(qtbot, window, times: int) -> None:
    """The Step key (→), ``times`` times; each a step of every run."""
    start = window.lesson.run.steps
    for k in range(1, times + 1):
        qtbot.keyClick(window, Qt.Key.Key_Right)
        qtbot.waitUntil(lambda k=k: window.lesson.run.steps == start + k)


def test_a_batch_size_typed_makes_the_runs_stochastic_and_says_how_many_steps_an_epoch(qtbot, window):
    pane, controls = training_pane(qtbot, window)
    assert controls.batch_box.value() == 5 and "(full)" in controls.batch_note.text()
    press_step(qtbot, window, 3)
    full = window.lesson.run.path_array().copy()
    type_into(qtbot, controls.batch_box, "2")
    qtbot.waitUntil(lambda: window.lesson.settings()["batch"] == 2)
    assert controls.batch_note.text() == "of 5 · 3 steps an epoch"
    assert window.lesson.run.steps == 0  # new settings: fresh runs
    press_step(qtbot, window, 4)
    run = window.lesson.run
    assert not np.array_equal(run.path_array()[:4], full)
    assert "step 4 · epoch 2 (batches of 2 of 5 points)" in pane.readout.text()
    assert len(run.last_step.batch) == 2  # the fourth step: the second epoch's first batch
    ringed = set(zip(*pane.plot.batch_points.getData()))
    assert ringed == {FIVE[i] for i in run.last_step.batch}  # its two points ringed on the plot
    expected = train(DataSet.from_points(FIVE), Optimizer("gd", 0.01), 4, batch=2, seed=0)
    assert run.point == expected.final  # the app's run is train()'s, bit for bit


def test_the_same_seed_typed_again_gives_the_same_run_and_another_seed_another(qtbot, window):
    _pane, controls = training_pane(qtbot, window)
    type_into(qtbot, controls.batch_box, "1")
    type_into(qtbot, controls.seed_box, "42")
    qtbot.waitUntil(lambda: window.lesson.seed == 42)
    press_step(qtbot, window, 6)
    first = window.lesson.run.path_array().copy()
    type_into(qtbot, controls.seed_box, "43")
    qtbot.waitUntil(lambda: window.lesson.seed == 43)
    press_step(qtbot, window, 6)
    other = window.lesson.run.path_array().copy()
    type_into(qtbot, controls.seed_box, "42")
    qtbot.waitUntil(lambda: window.lesson.seed == 42)
    press_step(qtbot, window, 6)
    assert np.array_equal(window.lesson.run.path_array(), first)
    assert not np.array_equal(other, first)


@pytest.mark.parametrize("kind, typed, formula", [
    ("step", {"scheduleStepSize": "3", "scheduleGamma": "0.5"}, lambda a, t: a * 0.5 ** math.floor(t / 3)),
    ("exp", {"scheduleGamma": "0.8"}, lambda a, t: a * 0.8 ** t),
    ("cosine", {"scheduleTMax": "4", "scheduleEtaMin": "0.001"},
     lambda a, t: 0.001 + (a - 0.001) * (1 + math.cos(math.pi * t / 4)) / 2),
    ("linear", {"scheduleStartFactor": "0.2", "scheduleEndFactor": "1", "scheduleTotalIters": "4"},
     lambda a, t: a * (0.2 + 0.8 * min(t, 4) / 4)),
])
def test_a_schedule_chosen_and_typed_gives_each_step_the_published_alpha(qtbot, window, kind, typed, formula):
    pane, controls = training_pane(qtbot, window)
    choose_item(controls.schedule_menu, kind)
    qtbot.waitUntil(lambda: parse_schedule(window.lesson.schedule).kind == kind)
    for name, text in typed.items():
        box = next(b for b in controls.parameter_boxes.values() if b.objectName() == name)
        assert box.isVisible()
        type_into(qtbot, box, text)
    hidden = [b.objectName() for b in controls.parameter_boxes.values() if not b.isVisible()]
    assert not set(typed) & set(hidden)
    for t in range(1, 7):
        qtbot.keyClick(window, Qt.Key.Key_Right)  # Step
        qtbot.waitUntil(lambda t=t: window.lesson.run.steps == t)
        alpha = formula(0.01, t - 1)  # step t takes the scheduler's value at last_epoch = t − 1
        assert window.lesson.run.last_step.learning_rate == pytest.approx(alpha, rel=1e-12)
        shown = pane.readout.text()
        assert f"at step {t}," in shown
        marked = controls.alpha_plot.marker.getData()
        assert marked[0][0] == t and marked[1][0] == pytest.approx(alpha, rel=1e-12)  # the dot on the curve
    curve = controls.alpha_plot.curve.getData()
    assert curve[1][:6] == pytest.approx([formula(0.01, t) for t in range(6)], rel=1e-12)


def test_a_schedule_torch_would_refuse_is_said_and_changes_nothing(qtbot, window):
    pane, controls = training_pane(qtbot, window)
    choose_item(controls.schedule_menu, "exp")
    qtbot.waitUntil(lambda: window.lesson.schedule == "exp:0.99")
    gamma = controls.parameter_boxes["gamma"]
    type_into(qtbot, gamma, "0")
    qtbot.waitUntil(lambda: pane.message.isVisible())
    assert "gamma must be positive" in pane.message.text()
    assert window.lesson.schedule == "exp:0.99" and gamma.value() == 0.99
    type_into(qtbot, gamma, "x1")
    assert gamma.refusing and window.lesson.schedule == "exp:0.99"
    assert "x1" in pane.message.text()
    type_into(qtbot, controls.batch_box, "9")  # more than the 5 points: the box refuses it
    assert controls.batch_box.refusing and window.lesson.settings()["batch"] == 0
    type_into(qtbot, controls.seed_box, "4000000000")  # beyond a Qt spin box's int, within the lesson's seeds
    qtbot.waitUntil(lambda: window.lesson.seed == 4_000_000_000)
    type_into(qtbot, controls.seed_box, "2.5")
    assert controls.seed_box.refusing and window.lesson.seed == 4_000_000_000


def test_the_batch_gradient_is_drawn_beside_the_full_gradient_in_two_colours_each_labelled(qtbot, window):
    _pane, controls = training_pane(qtbot, window)
    visual = window.surface_view.runs
    type_into(qtbot, controls.batch_box, "1")
    qtbot.waitUntil(lambda: window.lesson.settings()["batch"] == 1)
    press_step(qtbot, window, 2)
    step = window.lesson.run.last_step
    assert step.gradient != step.full_gradient
    positions, colors = visual.lines.layer("run_gradient")
    seen = {tuple(np.round(c, 3)) for c in colors}
    t = theme.current()
    assert {tuple(np.round(rgba(t.run_colors[0]), 3)), tuple(np.round(rgba(t.batch_color), 3))} <= seen
    assert len(positions) == 12  # two arrows, three segments each
    texts = visual.gradient_labels.texts
    assert texts == ["−∇L all 5 points", "−∇L_B its batch"]
    # Both start where the step started, on the surface.
    start = window.lesson.mesh.box.to_world(window.lesson.surface_points(np.array([step.before]))[0])
    assert np.allclose(positions[0][:2], start[:2], atol=1e-5) and np.allclose(positions[6][:2], start[:2], atol=1e-5)
    assert batch_coloured_pixels(window) > 30  # seen on screen: the batch's arrow and its label
    type_into(qtbot, controls.batch_box, "5")  # the full batch: one gradient, one arrow, no labels
    press_step(qtbot, window, 1)
    assert len(visual.lines.layer("run_gradient")[0]) == 6 and visual.gradient_labels.texts == []
    assert batch_coloured_pixels(window) == 0


def test_the_batch_arrows_labels_lie_clear_of_the_points_own_labels_as_the_camera_turns(qtbot, window):
    # At 1024×768 the arrows start near the picked point: by their tips alone their labels
    # fell on the point's "∇L, |∇L| = …" label. Placed as the probe's labels are, none overlaps.
    from explorer.ui.surface_labels import quad_rect

    _pane, controls = training_pane(qtbot, window)
    view, visual = window.surface_view, window.surface_view.runs
    type_into(qtbot, controls.batch_box, "2")
    qtbot.waitUntil(lambda: window.lesson.settings()["batch"] == 2)
    press_step(qtbot, window, 3)

    def rects(item) -> list:
        _w, _h, seen = view._screen_projection()
        anchors = seen(np.array([label.anchor for label in item.placed]).reshape(-1, 3))
        return [quad_rect(label, x, y) for label, (x, y) in zip(item.placed, anchors)]

    def overlapping(a, b) -> bool:
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    for turn in (0, 40, 90):
        view.setCameraPosition(azimuth=view.opts["azimuth"] + turn)
        view.update()
        rested(qtbot, view)  # the labels placed for the camera as it is now
        assert len(visual.gradient_labels.placed) == 2
        ours, probe = rects(visual.gradient_labels), rects(view.probe_labels)
        assert probe and not any(overlapping(a, b) for a in ours for b in probe), turn
        assert not overlapping(*ours), turn


def batch_coloured_pixels(window) -> int:
    """Pixels of the surface view within a few levels of the theme's batch colour, as rendered."""
    window.surface_view.repaint()
    image = window.surface_view.grabFramebuffer().convertToFormat(QImage.Format.Format_RGB888)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    pixels = pixels[:, :3 * image.width()].reshape(image.height(), image.width(), 3).astype(int)
    wanted = (np.array(rgba(theme.current().batch_color)[:3]) * 255).round().astype(int)
    return int((np.abs(pixels - wanted).max(axis=2) <= 12).sum())


def test_batch_seed_and_schedule_are_saved_with_the_lesson_and_shown_when_it_is_opened(qtbot, window):
    _pane, controls = training_pane(qtbot, window)
    type_into(qtbot, controls.batch_box, "3")
    type_into(qtbot, controls.seed_box, "7")
    choose_item(controls.schedule_menu, "cosine")
    qtbot.waitUntil(lambda: parse_schedule(window.lesson.schedule).kind == "cosine")
    type_into(qtbot, controls.parameter_boxes["T_max"], "25")
    qtbot.waitUntil(lambda: parse_schedule(window.lesson.schedule).T_max == 25)
    saved = window.lesson.to_dict()
    assert saved["training"]["batch"] == 3 and saved["training"]["seed"] == 7
    window.lesson.load_dict(Lesson().to_dict())  # File ▸ New
    assert controls.batch_box.value() == 1 and controls.schedule_menu.currentData() == "constant"
    window.lesson.load_dict(saved)  # opened again
    assert (controls.batch_box.value(), controls.seed_box.value()) == (3, 7)
    assert controls.schedule_menu.currentData() == "cosine" and controls.parameter_boxes["T_max"].value() == 25
    assert not controls.parameter_boxes["gamma"].isVisible()


def test_a_refusal_is_cleared_once_a_valid_number_is_taken_in_each_box(qtbot, window):
    # A cold reviewer typed seed −1 (refused), then 7 (taken): the refusal stayed shown.
    pane, controls = training_pane(qtbot, window)
    type_into(qtbot, controls.seed_box, "-1")
    qtbot.waitUntil(lambda: pane.message.isVisible())
    assert pane.message.text() == "⚠ the seed must be between 0 and 4294967295: -1 was not taken"
    type_into(qtbot, controls.seed_box, "7")
    qtbot.waitUntil(lambda: window.lesson.seed == 7)
    assert not pane.message.isVisible() and not controls.seed_box.refusing
    type_into(qtbot, controls.batch_box, "9")  # more than the 5 points
    qtbot.waitUntil(lambda: pane.message.isVisible())
    type_into(qtbot, controls.batch_box, "2")
    qtbot.waitUntil(lambda: window.lesson.settings()["batch"] == 2)
    assert not pane.message.isVisible()
    choose_item(controls.schedule_menu, "exp")
    qtbot.waitUntil(lambda: window.lesson.schedule == "exp:0.99")
    gamma = controls.parameter_boxes["gamma"]
    type_into(qtbot, gamma, "0")  # torch refuses γ = 0
    qtbot.waitUntil(lambda: pane.message.isVisible())
    type_into(qtbot, gamma, "0.5")
    qtbot.waitUntil(lambda: window.lesson.schedule == "exp:0.5")
    assert not pane.message.isVisible()
    # Two boxes refusing, one fixed: the other's reason is still said (its box still red).
    type_into(qtbot, controls.batch_box, "9")
    type_into(qtbot, controls.seed_box, "-1")
    type_into(qtbot, controls.seed_box, "8")
    qtbot.waitUntil(lambda: window.lesson.seed == 8)
    assert controls.batch_box.refusing and pane.message.isVisible() and "9 was not taken" in pane.message.text()
