"""Every real v1 deployment and inference configuration of the corpus converts with no exception: accounting holds
(no SL405), outputs validate (no SL406), conversion is deterministic and converting an output again is a no-op
(SL403). A file that cannot be converted says why with SL404."""

from __future__ import annotations

from pathlib import Path

import pytest

from speclift.converting import convert_file, convert_text

OPTIONS = ({}, {"kubernetes": "true", "model": "churn:1", "endpoint-name": "churn-svc"})


def _files(corpus: Path) -> list[Path]:
    files = sorted(p for p in (corpus / "azureml-v1-deploy").glob("*") if p.suffix in (".yml", ".yaml", ".json"))
    if not files:
        pytest.skip("no azureml-v1-deploy corpus")
    return files


@pytest.mark.parametrize("given", OPTIONS, ids=("defaults", "kubernetes"))
def test_corpus_converts(corpus: Path, given: dict[str, str], tmp_path: Path) -> None:
    options = {"azureml/v1/deployment-config": given, "azureml/v1/inference-config": given}
    problems: list[str] = []
    for path in _files(corpus):
        first = convert_file(str(path), options, str(tmp_path))
        codes = [f.code for f in first.findings]
        if "SL404" in codes:
            assert not first.outputs and all(f.message for f in first.findings if f.code == "SL404"), path.name
            continue
        problems += [f"{path.name}: {f.code} {f.pointer} {f.message}" for f in first.findings if f.code in ("SL405", "SL406")]
        if len(first.outputs) != 2:
            problems.append(f"{path.name}: expected an endpoint and a deployment")
        second = convert_file(str(path), options, str(tmp_path))
        if [o.text for o in first.outputs] != [o.text for o in second.outputs]:
            problems.append(f"{path.name}: converting twice differs")
        for output in first.outputs:
            again = convert_text(output.text, "output.yml")
            if [f.code for f in again.findings] != ["SL403"] or again.outputs:
                problems.append(f"{path.name}: the {output.suffix} output is not recognised as current")
    assert problems == []


def test_unconvertible_file_says_why() -> None:
    result = convert_text("computeType: MIR\ncontainerResourceRequirements: {cpu: 1}\n", "dc.yml")
    assert [f.code for f in result.findings] == ["SL404"]
    assert "computeType 'MIR'" in result.findings[0].message
    assert result.outputs == []
