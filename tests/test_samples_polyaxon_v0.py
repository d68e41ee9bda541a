"""samples/polyaxon-v0: `speclift convert` gives exactly the expected v1 files, and each of them validates."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

SAMPLES = ROOT / "samples" / "polyaxon-v0"
KINDS = ["experiment", "experiment-distributed", "group", "job", "build", "notebook", "tensorboard", "pipeline"]


def test_every_kind_has_a_sample() -> None:
    assert sorted(p.stem for p in SAMPLES.glob("*.yml")) == sorted(KINDS)


@pytest.mark.parametrize("name", KINDS)
def test_sample_converts_to_expected(name: str) -> None:
    result = run_cli("convert", str(SAMPLES / f"{name}.yml"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (SAMPLES / "expected" / f"{name}.yml").read_text()
    assert "SL405" not in result.stderr and "SL406" not in result.stderr


@pytest.mark.parametrize("name", KINDS)
def test_expected_output_validates(name: str) -> None:
    result = run_cli("validate", str(SAMPLES / "expected" / f"{name}.yml"))
    assert result.exit_code == 0, result.stdout + result.stderr


def test_expected_outputs_are_current(tmp_path: Path) -> None:
    for name in KINDS:
        result = run_cli("convert", str(SAMPLES / "expected" / f"{name}.yml"))
        assert result.exit_code == 0
        assert result.stdout == ""
        assert "SL403" in result.stderr
