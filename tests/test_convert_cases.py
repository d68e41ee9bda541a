"""Data-driven conversion cases (tests/cases/convert/<converter>/<case>/) and the conversion engine's guarantees."""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzz_seeds import case_options

from speclift.conversion.engine import convert_text
from speclift.reporters.text import render_findings
from tests.conftest import CASES

CONVERT_CASES = sorted(p.parent for p in (CASES / "convert").glob("*/*/input.yml"))


@pytest.mark.parametrize("case", CONVERT_CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_convert_case(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)
    result = convert_text(Path("input.yml").read_text(), "input.yml", case_options(case))
    expected_outputs = {p.name: p.read_text() for p in sorted(case.glob("expected*.yml"))}
    produced = {f"expected{'.' + o.suffix if o.suffix else ''}.yml": o.text for o in result.outputs}
    assert produced == expected_outputs
    assert render_findings(result.findings) == (case / "findings.txt").read_text()


@pytest.mark.parametrize("case", CONVERT_CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_convert_is_deterministic_and_idempotent(case: Path) -> None:
    text = (case / "input.yml").read_text()
    first = convert_text(text, "input.yml", case_options(case))
    second = convert_text(text, "input.yml", case_options(case))
    assert [o.text for o in first.outputs] == [o.text for o in second.outputs]
    for output in first.outputs:  # converting an output again is a no-op that says so
        if output.file:
            continue  # a companion file (MLTable) is not a spec
        again = convert_text(output.text, "output.yml")
        assert again.already_current and again.outputs == []
        assert [f.code for f in again.findings] == ["SL403"]
