"""samples/azureml-v1/deploy: `speclift convert` gives exactly the expected v2 files, and each of them validates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

SAMPLES = ROOT / "samples" / "azureml-v1" / "deploy"
EXPECTED = SAMPLES / "expected"
# source -> (the -o name, the files `speclift convert SOURCE -o expected/NAME` writes)
CASES = {
    "churn-aci/deploymentconfig.yml": ("churn.yml", ["churn.endpoint.yml", "churn.deployment.yml"]),
    "forecast-aks/deployment_config_aks.json": ("forecast.yml", ["forecast.endpoint.yml", "forecast.deployment.yml"]),
    "environment/fraud-env/azureml_environment.json": ("fraud-env.yml", ["fraud-env.yml"]),
    "dataset/transactions.json": ("transactions.yml", ["transactions.yml", "transactions.mltable/MLTable"]),
    "dataset/images.json": ("images.yml", ["images.yml"]),
}


@pytest.mark.parametrize("source", sorted(CASES))
def test_sample_converts_to_expected(source: str, tmp_path: Path) -> None:
    name, written = CASES[source]
    copy = tmp_path / "deploy"
    shutil.copytree(SAMPLES, copy, ignore=shutil.ignore_patterns("expected"))
    result = run_cli("convert", str(copy / source), "-o", str(copy / "expected" / name))
    assert result.exit_code == 0, result.stderr
    assert "SL405" not in result.stderr and "SL406" not in result.stderr
    produced = sorted(p.relative_to(copy / "expected").as_posix() for p in (copy / "expected").rglob("*") if p.is_file())
    assert produced == sorted(written)
    for file in written:
        assert (copy / "expected" / file).read_text() == (EXPECTED / file).read_text(), file


@pytest.mark.parametrize("name", sorted(n for _, names in CASES.values() for n in names if n.endswith(".yml")))
def test_expected_output_is_valid_and_current(name: str) -> None:
    result = run_cli("validate", str(EXPECTED / name))
    assert result.exit_code == 0, result.stdout + result.stderr
    again = run_cli("convert", str(EXPECTED / name))
    assert again.exit_code == 0 and again.stdout == "" and "SL403" in again.stderr
