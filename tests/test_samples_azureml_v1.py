"""samples/azureml-v1: converting each source gives exactly the expected v2 file (paths relocated for
samples/azureml-v1/expected/), nothing is unaccounted for, and each expected file validates and is current."""

from __future__ import annotations

import pytest

from speclift.conversion.engine import convert_file
from tests.conftest import ROOT, run_cli

SAMPLES = ROOT / "samples" / "azureml-v1"
EXPECTED = SAMPLES / "expected"
SOURCES = {
    "train.runconfig": {},
    "prep.runconfig": {},
    # path options are relative to the current folder, as on the command line
    "hdconfig.yml": {"azureml/v1/hyperdrive": {"runconfig": str(SAMPLES / "train.runconfig")}},
    "pipeline.yml": {},
    # the schedule runs the pipeline sample's converted output (expected/pipeline.yml, next to its own)
    "schedule.yml": {"azureml/v1/schedule": {"pipeline-job": "pipeline.yml", "schedule-name": "churn-nightly"}},
}


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_sample_converts_to_expected(name: str) -> None:
    result = convert_file(str(SAMPLES / name), SOURCES[name], output_dir=str(EXPECTED))
    assert [f for f in result.findings if f.code in ("SL404", "SL405", "SL406")] == []
    assert [o.text for o in result.outputs] == [(EXPECTED / f"{name.split('.')[0]}.yml").read_text()]


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_expected_output_validates_and_is_current(name: str) -> None:
    path = str(EXPECTED / f"{name.split('.')[0]}.yml")
    result = run_cli("validate", path)
    assert result.exit_code == 0, result.stdout + result.stderr
    again = run_cli("convert", path)
    assert again.exit_code == 0 and again.stdout == "" and "SL403" in again.stderr


def test_cli_prints_the_runconfig_conversion() -> None:
    result = run_cli("convert", str(SAMPLES / "train.runconfig"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\n")
    assert "SL405" not in result.stderr and "SL406" not in result.stderr
