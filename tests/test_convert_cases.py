"""Data-driven conversion cases (tests/cases/convert/<converter>/<case>/) and the conversion engine's guarantees."""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzz_seeds import case_options

from speclift import spectypes
from speclift.conversion.engine import RenderedOutput, convert_text
from speclift.reporters.text import render_findings
from tests.conftest import CASES

# A case's input is `input.yml`, or `MLproject` (MLflow reads its project file by that name), or the file that
# `input.txt` names (a project below the case's top, for a case about the folders around it).
INPUTS = ("input.yml", "MLproject", "input.txt")
CONVERT_CASES = sorted({p.parent for name in INPUTS for p in (CASES / "convert").glob(f"*/*/{name}")})


def _input(case: Path) -> str:
    name = next(name for name in INPUTS if (case / name).exists())
    return (case / name).read_text().strip() if name == "input.txt" else name


def expected_name(output: RenderedOutput) -> str:
    """The golden file of an output: `expected.yml` (main), `expected.<suffix>.yml`, or for a spec output with a
    name of its own (an MLproject's jobs and components) `expected.<its name>`."""
    if output.file and output.spec_type in spectypes.SPEC_TYPES:
        return f"expected.{output.file}"
    return f"expected{'.' + output.suffix if output.suffix else ''}.yml"


@pytest.mark.parametrize("case", CONVERT_CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_convert_case(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)
    name = _input(case)
    result = convert_text(Path(name).read_text(), name, case_options(case))
    expected_outputs = {p.name: p.read_text() for p in sorted(case.glob("expected*.yml"))}
    produced = {expected_name(o): o.text for o in result.outputs}
    assert produced == expected_outputs
    assert render_findings(result.findings) == (case / "findings.txt").read_text()


@pytest.mark.parametrize("case", CONVERT_CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_convert_is_deterministic_and_idempotent(case: Path) -> None:
    name = _input(case)
    text = (case / name).read_text()
    first = convert_text(text, name, case_options(case))
    second = convert_text(text, name, case_options(case))
    assert [o.text for o in first.outputs] == [o.text for o in second.outputs]
    for output in first.outputs:  # converting an output again is a no-op that says so
        if output.spec_type not in spectypes.SPEC_TYPES:
            continue  # a companion file (MLTable, a conda file) is not a spec
        again = convert_text(output.text, "output.yml")
        assert again.already_current and again.outputs == []
        assert [f.code for f in again.findings] == ["SL403"]
