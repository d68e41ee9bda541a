"""``--format gitlab``: GitLab's code quality report, for ``validate`` and ``convert --check``.

The case repository (tests/cases/gitlab/repository) is copied into a temporary git work tree; its report must
match the golden file, validate against GitLab's format (tests/schemas, written from GitLab's documentation), and
be the same whichever folder the command runs in and wherever the repository lies (paths relative to the
repository, fingerprints that depend on neither).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from speclift.findings import Finding, Severity
from speclift.reporters.gitlab import SEVERITY, render
from speclift.validation.engine import FileResult, Report
from tests.conftest import CASES, ROOT, run_cli

CASE = CASES / "gitlab" / "repository"
SCHEMA = json.loads((ROOT / "tests" / "schemas" / "gitlab-code-quality-report.schema.json").read_text())
COMMANDS = {"validate": ("validate", "--format", "gitlab"), "check": ("convert", "--check", "--format", "gitlab")}
EXIT = {"validate": 1, "check": 4}


def _repository(parent: Path) -> Path:
    root = parent / "repository"
    shutil.copytree(CASE, root, ignore=shutil.ignore_patterns("expected-*", "README.md"))
    (root / ".git").mkdir()  # what marks a git work tree
    return root


def _check(payload: str) -> list[dict[str, object]]:
    issues = json.loads(payload)
    jsonschema.validate(issues, SCHEMA, cls=jsonschema.Draft202012Validator)
    return issues  # type: ignore[no-any-return]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_golden_report(command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repository(tmp_path)
    monkeypatch.chdir(root)
    result = run_cli(*COMMANDS[command], ".")
    assert result.exit_code == EXIT[command], result.output
    _check(result.stdout)
    golden = CASE / f"expected-{command}.json"
    if os.environ.get("SPECLIFT_REGENERATE"):
        golden.write_text(result.stdout)
    assert result.stdout == golden.read_text()


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_same_report_from_any_folder_and_place(command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From a subfolder, naming the top folder relatively or absolutely, and with the repository elsewhere: the
    same paths and the same fingerprints."""
    first = _repository(tmp_path / "one")
    second = _repository(tmp_path / "two" / "deeper")
    outputs = []
    for root, cwd, named in ((first, first, "."), (first, first / "jobs", ".."), (second, second / "legacy", str(second))):
        monkeypatch.chdir(cwd)
        outputs.append(run_cli(*COMMANDS[command], named).stdout)
        assert str(root) not in outputs[-1]
    assert outputs[0] == outputs[1] == outputs[2]


def test_fingerprint_ignores_lines_but_tells_findings_apart(tmp_path: Path) -> None:
    """A line added above a finding keeps its fingerprint; two findings alike in file, code and node differ."""
    (tmp_path / ".git").mkdir()
    path = str(tmp_path / "job.yml")

    def report(*lines: int) -> list[dict[str, object]]:
        findings = [
            Finding("SL401", Severity.WARNING, f"note {n}", path, line, 1, "/run", rule="approximated")
            for n, line in enumerate(lines)
        ]
        return _check(render(Report([FileResult(path, ["x"], findings)])))

    before, after = report(3, 5), report(4, 6)
    assert [i["fingerprint"] for i in before] == [i["fingerprint"] for i in after]
    assert len({i["fingerprint"] for i in before}) == 2
    assert [i["location"] for i in after] == [{"path": "job.yml", "lines": {"begin": n}} for n in (4, 6)]


def test_whole_file_findings_point_at_line_one_and_notes_need_verbose(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    path = str(tmp_path / "old.yml")
    findings = [
        Finding("SL012", Severity.WARNING, "old format", path, rule="legacy-spec"),
        Finding("SL011", Severity.INFO, "not a spec", path, rule="not-a-spec"),
    ]
    report = Report([FileResult(path, [None], findings)])
    (issue,) = _check(render(report))
    assert issue["location"] == {"path": "old.yml", "lines": {"begin": 1}} and issue["severity"] == "major"
    assert [i["severity"] for i in _check(render(report, verbose=True))] == ["info", "major"]  # in code order


def test_severity_mapping_covers_every_severity() -> None:
    assert set(SEVERITY) == set(Severity)
    assert set(SEVERITY.values()) <= set(SCHEMA["items"]["properties"]["severity"]["enum"])


def test_format_needs_check_for_conversions(tmp_path: Path) -> None:
    source = tmp_path / "polyaxonfile.yml"
    shutil.copy(CASE / "legacy" / "polyaxonfile.yml", source)
    for args in ((str(source),), (str(tmp_path), "--out", str(tmp_path / "out"))):
        result = run_cli("convert", "--format", "gitlab", *args)
        assert result.exit_code == 2 and "--format goes with --check" in result.output


def test_the_readme_job_is_a_valid_gitlab_ci_configuration(tmp_path: Path) -> None:
    """GitLab's CI schema (SchemaStore's, vendored by check-jsonschema) accepts the README's jobs; the version they
    install is held to this repository's history by tests/test_pre_commit.py."""
    section = (ROOT / "README.md").read_text().split("\n## GitLab CI\n", 1)[1].split("\n## ", 1)[0]
    job = next(block for block in re.findall(r"```yaml\n(.*?)```", section, re.DOTALL) if "script:" in block)
    (tmp_path / ".gitlab-ci.yml").write_text(job)
    checker = str(Path(sys.executable).parent / "check-jsonschema")
    done = subprocess.run(
        [checker, "--builtin-schema", "vendor.gitlab-ci", str(tmp_path / ".gitlab-ci.yml")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "codequality: gl-speclift.json" in job and job.count("> gl-speclift.json") == 2
