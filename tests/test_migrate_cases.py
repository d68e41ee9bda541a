"""Whole v1 repositories migrate the way their users met v1 (tests/cases/repositories/<name>/, each a small repository
with the CI files that ran the v1 CLI): ``expected-check.txt`` is the exact output of ``speclift convert --check``
(every v1 file found, each verdict, the v1 command lines); converted with ``--out``, every path an output names
exists and every output is valid, no two endpoints share a name, no file is converted twice; in place, a second run
changes nothing. ``expected-report.md``, when present, is the exact markdown report of ``speclift convert repo --out
out --report report.md`` (SPECLIFT_REGENERATE=1 rewrites it)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from speclift import spectypes, yamlio
from tests.conftest import CASES, run_cli, run_json

REPOSITORIES = CASES / "repositories"
CASE_DIRS = sorted(p for p in REPOSITORIES.iterdir() if (p / "expected-check.txt").is_file())
REPORT_DIRS = [p for p in CASE_DIRS if (p / "expected-report.md").is_file()]
REGENERATE = os.environ.get("SPECLIFT_REGENERATE") == "1"
ENDPOINTS = ("azureml/v2/managed-online-endpoint", "azureml/v2/kubernetes-online-endpoint")


@pytest.fixture
def repository(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The case's repository copied into a fresh git work tree (a `.git` folder marks one), as the current folder."""
    case: Path = request.param
    shutil.copytree(case, tmp_path / "repo", ignore=shutil.ignore_patterns("expected-*.txt", "expected-*.md"))
    (tmp_path / "repo" / ".git").mkdir()
    shutil.copy(case / "expected-check.txt", tmp_path / "expected-check.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "repo"


@pytest.mark.parametrize("repository", CASE_DIRS, ids=[p.name for p in CASE_DIRS], indirect=True)
def test_repository_migrates(repository: Path) -> None:
    check = run_cli("convert", "--check", "repo")
    assert check.stdout == Path("expected-check.txt").read_text()
    converted = run_cli("convert", "--out", "out", "repo")
    assert converted.exit_code == 0, converted.stderr
    code, report = run_json("out")
    findings = [f for entry in report["files"] for f in entry["findings"]]
    assert code == 0, [f for f in findings if f["severity"] == "error"]
    assert not [f for f in findings if f["code"] == "SL204"]  # every path an output names is there
    endpoints: dict[str, Path] = {}
    for path in sorted(Path("out").rglob("*.yml")):
        for document in yamlio.load(path.read_text(), str(path)).documents:
            spec = spectypes.detect(document.data, path.name).spec_type
            if spec is not None and spec.id in ENDPOINTS:
                name = document.data["name"]
                assert name not in endpoints, f"{path} and {endpoints.get(name)} are one endpoint"
                endpoints[name] = path
    companions = [line.split(":", 1)[0] for line in check.stdout.splitlines() if ": converted with " in line]
    converted_alone = {p.relative_to("out").with_suffix("").as_posix().split(".")[0] for p in Path("out").rglob("*.yml")}
    assert not [c for c in companions if Path(c).relative_to("repo").with_suffix("").as_posix() in converted_alone]


@pytest.mark.parametrize("repository", CASE_DIRS, ids=[p.name for p in CASE_DIRS], indirect=True)
def test_repository_migrates_in_place_once(repository: Path) -> None:
    """In place, a companion goes once the files using it are converted: nothing is left to migrate, and a second
    run changes nothing (the companion is not converted alone later)."""
    first = run_cli("convert", "--in-place", "--rename", "repo")
    assert first.exit_code == 0, first.stderr
    snapshot = {p: p.read_bytes() for p in sorted(repository.rglob("*")) if p.is_file()}
    assert run_cli("convert", "--check", "repo").exit_code == 0
    again = run_cli("convert", "--in-place", "--rename", "repo")
    assert again.exit_code == 0, again.stderr
    assert {p: p.read_bytes() for p in sorted(repository.rglob("*")) if p.is_file()} == snapshot


@pytest.mark.parametrize("repository", REPORT_DIRS, ids=[p.name for p in REPORT_DIRS], indirect=True)
def test_repository_migration_report(repository: Path, request: pytest.FixtureRequest) -> None:
    """The report a pull request shows: shared decisions once, with their files; each pipeline drawn."""
    converted = run_cli("convert", "repo", "--out", "out", "--report", "report.md")
    assert converted.exit_code == 0, converted.stderr
    expected = request.node.callspec.params["repository"] / "expected-report.md"
    if REGENERATE:
        shutil.copy("report.md", expected)
    assert Path("report.md").read_text() == expected.read_text()


def test_every_repository_has_a_migration_expectation() -> None:
    assert sorted(p.name for p in REPOSITORIES.iterdir() if p.is_dir()) == [p.name for p in CASE_DIRS]
