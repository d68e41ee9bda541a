"""Every real v0 polyaxonfile of the corpus converts: accounting holds (no SL405), outputs validate (no SL406),
conversion is deterministic and converting an output again is a no-op (SL403). Files that cannot be converted say
why with SL404."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conversion_checks import guarantee_problems

MODES = ("build-section", "inline", "image-only")


def _files(corpus: Path) -> list[Path]:
    files = sorted((corpus / "polyaxon-v0").glob("*.y*ml"))
    if not files:
        pytest.skip("no polyaxon-v0 corpus")
    return files


@pytest.mark.parametrize("mode", MODES)
def test_corpus_converts(corpus: Path, mode: str) -> None:
    options = {"polyaxon/v0/polyaxonfile": {"build-mode": mode}}
    problems = [problem for path in _files(corpus) for problem in guarantee_problems(path, options)]
    assert problems == []
