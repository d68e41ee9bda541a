"""Data-driven cases: tests/cases/validate/<case>/ (golden output) and tests/cases/schema/<type>/ (verdicts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from speclift import spectypes
from speclift.config import Settings
from speclift.findings import Severity
from speclift.validation.engine import validate_file
from tests.conftest import CASES, run_cli

VALIDATE_CASES = sorted(p for p in (CASES / "validate").iterdir() if p.is_dir())
SCHEMA_FILES = sorted((CASES / "schema").glob("*/*.yml"))
_POLYAXON = {
    "polyaxon-component": "polyaxon/v1/component",
    "polyaxon-operation": "polyaxon/v1/operation",
    "polyaxon-v1-deployment": "polyaxon/v1/deployment",
    "polyaxon-v2-deployment": "polyaxon/v2/deployment",
    "polyaxon-v2-component": "polyaxon/v2/component",
    "polyaxon-v2-operation": "polyaxon/v2/operation",
}


@pytest.mark.parametrize("case", VALIDATE_CASES, ids=lambda p: p.name)
def test_validate_case(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)
    args_file = case / "args.txt"
    extra = args_file.read_text().split() if args_file.exists() else []
    result = run_cli("validate", *extra, ".")
    assert result.output == (case / "expected.txt").read_text()


def _spec_type(folder: str) -> str:
    return _POLYAXON.get(folder) or spectypes.get(folder).id


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_schema_case(path: Path) -> None:
    result = validate_file(str(path), Settings(check_paths=False))
    errors = [f for f in result.findings if f.severity == Severity.ERROR]
    if path.name.startswith("valid-"):
        assert errors == []
        assert result.spec_types and set(result.spec_types) == {_spec_type(path.parent.name)}
    else:
        assert path.name.startswith("invalid-"), "schema cases are named valid-* or invalid-*"
        assert path.read_text().startswith("# expect:"), "an invalid case names its mistake on its first line"
        assert errors, f"{path} should be rejected"
        assert all(f.line > 0 for f in errors), "every error is located"


def test_every_spec_type_has_cases() -> None:
    """Each current spec type has at least one valid and one invalid example."""
    folders = {p.parent.name for p in SCHEMA_FILES}
    current = [s for s in spectypes.SPEC_TYPES.values() if not s.legacy and not s.node_only]
    missing = []
    for spec in current:
        name = next((k for k, v in _POLYAXON.items() if v == spec.id), spec.id.rsplit("/", 1)[1])
        kinds = {p.name.split("-", 1)[0] for p in SCHEMA_FILES if p.parent.name == name}
        if name not in folders or kinds != {"valid", "invalid"}:
            missing.append(spec.id)
    assert missing == []
