"""samples/mlflow/wine: the MLproject converts to exactly the expected job and components (paths relocated for
expected/), nothing unaccounted for, and each expected file validates and is current."""

from __future__ import annotations

import pytest

from speclift.conversion.engine import convert_file
from tests.conftest import ROOT, run_cli

PROJECT = ROOT / "samples" / "mlflow" / "wine"
EXPECTED = PROJECT / "expected"
OUTPUTS = ("wine-quality-main.job.yml", "wine-quality-main.component.yml", "wine-quality-validate.component.yml")


def test_sample_converts_to_expected() -> None:
    result = convert_file(str(PROJECT / "MLproject"), output_dir=str(EXPECTED))
    assert [f for f in result.findings if f.severity.label == "error"] == []
    assert {o.file: o.text for o in result.outputs} == {name: (EXPECTED / name).read_text() for name in OUTPUTS}


@pytest.mark.parametrize("name", OUTPUTS)
def test_expected_output_validates_and_is_current(name: str) -> None:
    result = run_cli("validate", str(EXPECTED / name))
    assert result.exit_code == 0, result.stdout + result.stderr
    again = run_cli("convert", str(EXPECTED / name))
    assert again.exit_code == 0 and again.stdout == "" and "SL403" in again.stderr


def test_the_project_validates() -> None:
    result = run_cli("validate", str(PROJECT))
    assert result.exit_code == 0, result.stdout
