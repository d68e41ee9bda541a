"""Every real Azure ML v1 run configuration, HyperDrive configuration and pipeline YAML of the corpus converts:
accounting holds (no SL405), outputs validate (no SL406), converting twice gives identical bytes and converting an
output again is a no-op (SL403). Files that cannot be converted say why with SL404 and produce nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from speclift.converting import convert_text

FAMILIES = ("azureml-v1-runconfig", "azureml-v1-hyperdrive", "azureml-v1-pipeline")
SOURCES = ("azureml/v1/runconfig", "azureml/v1/hyperdrive", "azureml/v1/pipeline")


def _files(corpus: Path, family: str) -> list[Path]:
    files = (
        sorted(p for p in (corpus / family).iterdir() if p.is_file() and p.suffix != ".tsv") if (corpus / family).is_dir() else []
    )
    if not files:
        pytest.skip(f"no {family} corpus")
    return files


@pytest.mark.parametrize("environment", ["inline", "separate"])
@pytest.mark.parametrize("family", FAMILIES)
def test_corpus_converts(corpus: Path, family: str, environment: str) -> None:
    options = {source: {"environment": environment} for source in SOURCES}
    problems: list[str] = []
    for path in _files(corpus, family):
        text = path.read_text(encoding="utf-8")
        first = convert_text(text, str(path), options)
        codes = [f.code for f in first.findings]
        if "SL404" in codes:
            if first.outputs:
                problems.append(f"{path.name}: SL404 with outputs")
            if not all(f.message for f in first.findings if f.code == "SL404"):
                problems.append(f"{path.name}: SL404 without a message")
            continue
        problems += [f"{path.name}: {f.code} {f.pointer} {f.message}" for f in first.findings if f.code in ("SL405", "SL406")]
        if not first.outputs:
            problems.append(f"{path.name}: no output and no SL404")
            continue
        second = convert_text(text, str(path), options)
        if [o.text for o in first.outputs] != [o.text for o in second.outputs]:
            problems.append(f"{path.name}: converting twice differs")
        for output in first.outputs:
            again = convert_text(output.text, "output.yml")
            if [f.code for f in again.findings] != ["SL403"] or again.outputs:
                problems.append(f"{path.name}: the output is not recognised as current")
    assert problems == []


def test_unconvertible_files_say_why(corpus: Path) -> None:
    refused = []
    for family in FAMILIES:
        for path in _files(corpus, family):
            result = convert_text(path.read_text(encoding="utf-8"), str(path))
            refused += [f.message for f in result.findings if f.code == "SL404"]
    assert refused, "the corpus holds files v2 cannot express (AdlaStep, a Workbench compute target, ...)"
    assert all(len(message) > 20 for message in refused)
