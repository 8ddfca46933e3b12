"""The core stays free of Qt and OpenGL (checked by import-linter) and ships its data."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contract_holds():
    lint = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    result = subprocess.run([lint, "--no-logo", str(ROOT / "pyproject.toml")], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout
    assert "deprecat" not in (result.stdout + result.stderr).lower()  # no warning on every run


def test_importing_the_core_loads_no_qt():
    code = "import sys, explorer.core, explorer.core.descent, explorer.core.presets, explorer.cli; " \
           "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'OpenGL', 'shiboken6')]; " \
           "print(bad); sys.exit(1 if bad else 0)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_presets_ship_with_the_package_and_all_parse():
    from explorer.core import function_from_text
    from explorer.core.presets import curve_presets, surface_presets

    surfaces, curves = surface_presets(), curve_presets()
    assert len(surfaces) >= 6 and len(curves) >= 4
    for preset in surfaces:
        assert len(function_from_text(preset.function, ("x", "y")).variables) == 2
    for preset in curves:
        assert len(function_from_text(preset.function, ("x",)).variables) == 1
