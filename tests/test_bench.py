"""The benchmark command runs and reports every figure (its numbers are not judged here)."""

import json
import os
import subprocess
import sys


def test_bench_json_reports_every_figure_with_the_renderer(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "explorer.bench", "--json", "--sizes", "20", "--repeat", "1", "--frames", "10", "--quick"],
        capture_output=True, text=True, timeout=300, env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config")},
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "config").exists()  # the user's remembered layout and lesson are left alone
    report = json.loads(result.stdout)
    assert report["renderer"]
    assert report["startup_ms"] > 100  # a fresh process to the first painted frame
    assert report["stock_startup_ms"] > 100 and report["startup_ratio_to_stock"] > 0  # its reference: stock pyqtgraph
    # …broken down by stage, the stages in the order they happen, adding up to the whole launch
    stages = report["startup_breakdown_ms"]
    assert list(stages) == ["interpreter", "imports", "window", "shown", "first_frame"]
    assert all(ms > 0 for ms in stages.values()), stages
    assert abs(sum(stages.values()) - report["startup_ms"]) < 5, stages  # --quick: one timed launch
    assert [r["n"] for r in report["results"]] == [20]
    for row in report["results"]:
        for key in ("remesh_ms", "stock_remesh_ms", "contours_ms", "frame_ms", "stock_frame_ms", "surface_frame_ms", "pick_ms", "function_to_frame_ms"):
            assert row[key] > 0, key
    descent = report["descent"]
    assert descent["steps"] == 100  # 10 frames of 10 steps
    for key in ("frame_ms", "fps", "memory_growth_kib", "rss_growth_kib", "skip_100k_ms", "run_to_end_100k_ms"):
        assert key in descent, key
    gif = report["gif_export"]
    assert gif["frames"] == 10 and gif["seconds"] > 0 and gif["megabytes"] > 0  # --quick: 10 frames
    assert gif["with_panel_seconds"] > 0 and gif["with_panel_megabytes"] > 0
    race = report["race"]
    assert race["runs"] == 6 and race["steps"] == 1_000 and race["resolution"] == 60  # --quick
    assert race["run_to_end_ms"] > 0 and race["hand_loops_ms"] > 0 and race["ratio_to_hand_loops"] > 0
    for key in ("alpha_drag_ms", "alpha_drag_all_paths_ms", "alpha_drag_paths_ms", "frame_ms", "fps", "memory_growth_kib"):
        assert key in race, key
    assert race["alpha_drag_ms"] > 0 and race["frame_ms"] > 0
    direction = report["direction"]  # #22: a drag event of the handle of u, and its reference
    assert direction["resolution"] == 60 and direction["direction_drag_ms"] > 0 and direction["point_nudge_ms"] > 0
    variables = report["variables"]  # #24: ten variables' partials, symbolic then at a point
    assert variables["variables"] == 10 and variables["partials_10var_ms"] > 0 and variables["partials_10var_at_point_ms"] > 0
    # … and a held variable's slider step, with a plain re-mesh of the same size
    assert variables["resolution"] == 60 and variables["held_slider_ms"] > 0 and variables["plain_remesh_ms"] > 0
    assert variables["held_slider_ratio"] == round(variables["held_slider_ms"] / variables["plain_remesh_ms"], 2)
    fit = report["fit"]  # the core's training: full-batch steps on 10,000 points (--quick: 1,000 steps)
    assert fit["points"] == 10_000 and fit["steps"] == 1_000 and fit["fit_steps_s"] > 0 and fit["loss_grid_200_ms"] > 0
