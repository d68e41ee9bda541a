"""Every real v1 deployment and inference configuration of the corpus converts with no exception: accounting holds
(no SL405), outputs validate (no SL406), conversion is deterministic and converting an output again is a no-op
(SL403). A file that cannot be converted says why with SL404."""

from __future__ import annotations

from pathlib import Path

import pytest

from speclift.conversion.engine import convert_file, convert_text
from tests.conversion_checks import guarantee_problems

OPTIONS = ({}, {"kubernetes": "true", "model": "churn:1", "endpoint-name": "churn-svc"})


def _files(corpus: Path) -> list[Path]:
    files = sorted(p for p in (corpus / "azureml-v1-deploy").glob("*") if p.suffix in (".yml", ".yaml", ".json"))
    if not files:
        pytest.skip("no azureml-v1-deploy corpus")
    return files


@pytest.mark.parametrize("given", OPTIONS, ids=("defaults", "kubernetes"))
def test_corpus_converts(corpus: Path, given: dict[str, str], tmp_path: Path) -> None:
    options = {"azureml/v1/deployment-config": given, "azureml/v1/inference-config": given}
    problems = [problem for path in _files(corpus) for problem in guarantee_problems(path, options, str(tmp_path))]
    for path in _files(corpus):  # an endpoint and a deployment from every convertible file
        result = convert_file(str(path), options, str(tmp_path))
        if result.outputs and sorted(o.suffix for o in result.outputs) != ["deployment", "endpoint"]:
            problems.append(f"{path.name}: expected an endpoint and a deployment, got {[o.suffix for o in result.outputs]}")
    assert problems == []


def test_unconvertible_file_says_why() -> None:
    result = convert_text("computeType: MIR\ncontainerResourceRequirements: {cpu: 1}\n", "dc.yml")
    assert [f.code for f in result.findings] == ["SL404"]
    assert "computeType 'MIR'" in result.findings[0].message
    assert result.outputs == []
