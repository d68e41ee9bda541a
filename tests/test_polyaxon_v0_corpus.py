"""Every real v0 polyaxonfile of the corpus converts: accounting holds (no SL405), outputs validate (no SL406),
conversion is deterministic and converting an output again is a no-op (SL403). Files that cannot be converted say
why with SL404."""

from __future__ import annotations

from pathlib import Path

import pytest

from speclift.converting import convert_text

MODES = ("build-section", "inline", "image-only")


def _files(corpus: Path) -> list[Path]:
    files = sorted((corpus / "polyaxon-v0").glob("*.y*ml"))
    if not files:
        pytest.skip("no polyaxon-v0 corpus")
    return files


@pytest.mark.parametrize("mode", MODES)
def test_corpus_converts(corpus: Path, mode: str) -> None:
    options = {"polyaxon/v0/polyaxonfile": {"build-mode": mode}}
    problems: list[str] = []
    for path in _files(corpus):
        text = path.read_text(encoding="utf-8")
        first = convert_text(text, path.name, options)
        codes = [f.code for f in first.findings]
        if "SL404" in codes:
            assert not first.outputs, path.name
            assert all(f.message for f in first.findings if f.code == "SL404")
            continue
        for finding in first.findings:
            if finding.code in ("SL405", "SL406", "SL009"):
                problems.append(f"{path.name}: {finding.code} {finding.pointer} {finding.message}")
        if not first.outputs:
            problems.append(f"{path.name}: no output and no SL404")
            continue
        second = convert_text(text, path.name, options)
        if [o.text for o in first.outputs] != [o.text for o in second.outputs]:
            problems.append(f"{path.name}: converting twice differs")
        for output in first.outputs:
            again = convert_text(output.text, "output.yml")
            if [f.code for f in again.findings] != ["SL403"] or again.outputs:
                problems.append(f"{path.name}: the output is not recognised as current")
    assert problems == []
