"""Every real Azure ML v1 run configuration, HyperDrive configuration and pipeline YAML of the corpus converts:
accounting holds (no SL405), outputs validate (no SL406), converting twice gives identical bytes and converting an
output again is a no-op (SL403). Files that cannot be converted say why with SL404 and produce nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from speclift.conversion.engine import convert_text
from tests.conversion_checks import guarantee_problems

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
    problems = [problem for path in _files(corpus, family) for problem in guarantee_problems(path, options)]
    assert problems == []


def test_unconvertible_files_say_why(corpus: Path) -> None:
    refused = []
    for family in FAMILIES:
        for path in _files(corpus, family):
            result = convert_text(path.read_text(encoding="utf-8"), str(path))
            refused += [f.message for f in result.findings if f.code == "SL404"]
    assert refused, "the corpus holds files v2 cannot express (AdlaStep, a Workbench compute target, ...)"
    assert all(len(message) > 20 for message in refused)
