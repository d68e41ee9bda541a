"""A named path that holds no spec is told on standard error in validate, scan and tree conversions; with
--require-specs it fails the run (for CI, where a mistyped folder or glob would otherwise pass in silence)."""

from __future__ import annotations

from pathlib import Path

import pytest

from speclift import discovery
from tests.conftest import ROOT, run_cli

ENDPOINT = "$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json\nname: e\nauth_mode: key\n"
OLD = (ROOT / "samples" / "polyaxon-v0" / "job.yml").read_text()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "jobs").mkdir()
    (tmp_path / "jobs" / "endpoint.yml").write_text(ENDPOINT)
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "job.yml").write_text(OLD)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "mkdocs.yml").write_text("site_name: not a spec\n")
    (tmp_path / "empty").mkdir()
    return tmp_path


COMMANDS = {
    "validate": ["validate"],
    "scan": ["scan"],
    "convert --check": ["convert", "--check"],
    "convert --out": ["convert", "--out", "{out}"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_the_paths_without_specs_are_named_on_one_line(command: str, tree: Path) -> None:
    args = [a.format(out=tree / "out") for a in COMMANDS[command]]
    named = [str(tree / "jobs"), str(tree / "docs"), str(tree / "legacy"), str(tree / "empty")]
    result = run_cli(*args, *named)
    told = [line for line in result.stderr.splitlines() if "no specs found" in line]
    assert told == [f"speclift: no specs found in {tree / 'docs'}, {tree / 'empty'}"]
    assert "no specs found" not in result.stdout
    required = run_cli(*args, "--require-specs", *named)
    assert required.exit_code == max(result.exit_code, 1)  # a run failing already keeps its code (--check: 3)
    every = run_cli(*args, str(tree / "jobs"), str(tree / "legacy"))
    assert "no specs found" not in every.stderr


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_require_specs_fails_a_run_that_would_pass(command: str, tree: Path) -> None:
    args = [a.format(out=tree / "out") for a in COMMANDS[command]]
    assert run_cli(*args, str(tree / "empty")).exit_code == 0
    result = run_cli(*args, "--require-specs", str(tree / "empty"))
    assert result.exit_code == 1 and f"speclift: no specs found in {tree / 'empty'}" in result.stderr


def test_check_list_says_why_it_exits_1(tree: Path) -> None:
    result = run_cli("convert", "--check", "--require-specs", str(tree / "docs"), str(tree / "jobs"))
    assert (
        result.stdout.splitlines()[-1]
        == "exit 1: with --require-specs: a named path holds no spec (for --check: when nothing worse was found)"
    )
    worse = run_cli("convert", "--check", "--require-specs", str(tree / "docs"), str(tree / "legacy"))
    assert worse.exit_code == 3, "old specs that convert are worse news than an empty path"


def test_standard_input_by_its_name(tree: Path) -> None:
    result = run_cli("validate", "--require-specs", "--stdin-filename", "deploy/notes.yml", "-", input="title: x\n")
    assert result.exit_code == 1 and "speclift: no specs found in deploy/notes.yml" in result.stderr
    spec = run_cli("validate", "--require-specs", "-", input=ENDPOINT)
    assert spec.exit_code == 0 and "no specs found" not in spec.stderr


def test_without_matches_files_below_folders_and_files_themselves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    files = ["jobs/a.yml", str(tmp_path / "deploy" / "b.yml"), "single.yml"]
    paths = [".", "jobs", "jobs/", "./deploy", "single.yml", "jobsx", "other.yml"]
    assert discovery.without(paths, files) == ["jobsx", "other.yml"]
