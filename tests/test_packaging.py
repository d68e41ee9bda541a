"""The wheel carries every schema and the codes' explanations, so an installed speclift works offline exactly as a
checkout does."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


def test_wheel_ships_every_schema_and_the_console_script(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if built.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{built.stderr[-2000:]}")
    (wheel,) = tmp_path.glob("speclift-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.relative_to(ROOT / "schemas").as_posix() for p in (ROOT / "schemas").rglob("*.schema.json")}
    assert shipped and {f"speclift/_schemas/{name}" for name in shipped} <= names
    assert "speclift/explanations.yaml" in names  # `speclift explain` and SARIF read it
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "speclift = speclift.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "speclift/ci/github_action.py" in names  # what action.yml runs from the installed wheel
    # the Studio (classic) converter copies its component runtime and reads its catalogue from the installed package
    studio = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "speclift" / "studio").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert studio and studio <= names
