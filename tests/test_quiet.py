"""-q/--quiet on every command: only errors and the summary in the text formats; machine formats unchanged; the
exit status never changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import CASES, ROOT, run_cli

SAMPLES = ROOT / "samples"
WARNING = "$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json\nname: e\nauth_mode: key\nauth_mode: aml_token\n"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in ("job.yml", "group.yml", "experiment.yml"):
        shutil.copy(SAMPLES / "polyaxon-v0" / name, tmp_path / name)
    (tmp_path / "blocked.yml").write_text("version: 1\nkind: group\nbuild: {image: python:3.7}\nrun: {cmd: python t.py}\n")
    (tmp_path / "broken.yml").write_text("a: [1\n")
    (tmp_path / "warned.yml").write_text(WARNING)
    return tmp_path


def _both(*args: str) -> tuple[Result, Result]:
    return run_cli(*args), run_cli(*args, "-q")


def test_validate_keeps_errors_and_the_summary(tree: Path) -> None:
    full, quiet = _both("validate", str(tree))
    assert quiet.exit_code == full.exit_code == 1
    lines = quiet.stdout.splitlines()
    assert lines[:-1] == [line for line in full.stdout.splitlines() if ": error SL" in line] and lines[:-1]
    assert lines[-1] == full.stdout.splitlines()[-1]  # the summary still counts the warnings
    assert " warning SL" in full.stdout and " warning SL" not in quiet.stdout


def test_validate_warnings_still_fail_without_showing(tree: Path) -> None:
    full, quiet = _both("validate", str(tree / "warned.yml"))
    assert full.exit_code == quiet.exit_code == 1
    assert quiet.stdout == "0 errors, 1 warning in 1 spec file\n"


@pytest.mark.parametrize("format", ["json", "github", "gitlab", "junit", "sarif", "markdown"])
def test_machine_formats_do_not_change(format: str, tree: Path) -> None:
    full, quiet = _both("validate", "--format", format, str(tree))
    assert quiet.stdout == full.stdout and quiet.exit_code == full.exit_code


def test_check_tells_no_approximation(tree: Path) -> None:
    full, quiet = _both("convert", "--check", str(tree))
    assert full.exit_code == quiet.exit_code == 4
    assert "SL401" in full.stderr and "warning" not in quiet.stderr
    assert [line for line in quiet.stderr.splitlines() if " error SL" not in line] == []
    out = quiet.stdout.splitlines()
    assert out == [
        f"{tree / 'blocked.yml'}: polyaxon/v0/polyaxonfile needs a person: SL404 a group needs hptuning.matrix: there is nothing to search over",
        f"{tree / 'broken.yml'}: unreadable (SL001 YAML syntax error: the '[' opened at line 1, column 4 is not closed before line 2: add the missing ']', or a ',' between two items (did not find expected ',' or ']' (while parsing a flow sequence)))",
        full.stdout.splitlines()[-1],
    ]
    strict = run_cli("convert", "--check", "--strict", "-q", str(tree / "job.yml"))
    assert strict.exit_code == 4 and "needs a person (--strict)" in strict.stdout


def test_tree_conversion_keeps_errors_and_the_summary(tree: Path) -> None:
    quiet = run_cli("convert", str(tree), "--out", str(tree / "out"), "-q")
    assert quiet.exit_code == 1
    *errors, summary = quiet.stderr.splitlines()
    assert errors and all(" error SL" in line for line in errors)
    assert summary.startswith("3 outputs written")


def test_one_file_keeps_its_output(tree: Path) -> None:
    full, quiet = _both("convert", str(tree / "job.yml"))
    assert quiet.stdout == full.stdout and quiet.exit_code == full.exit_code == 0
    assert "SL401" in full.stderr and quiet.stderr == ""


def test_scan_prints_the_totals(tree: Path) -> None:
    full, quiet = _both("scan", str(tree))
    assert quiet.stdout.splitlines() == full.stdout.splitlines()[-1:] and quiet.exit_code == full.exit_code == 0


def test_diff_names_the_files_that_differ() -> None:
    case = CASES / "diff" / "init-containers"
    full, quiet = _both("diff", str(case / "a.yml"), str(case / "b.yml"))
    assert full.exit_code == quiet.exit_code == 1
    summary = full.stdout.splitlines()[-1]
    assert quiet.stdout.splitlines() == [f"{case / 'a.yml'} -> {case / 'b.yml'}: 6 differences", summary]
    same = run_cli("diff", "-q", str(case / "a.yml"), str(case / "a.yml"))
    assert same.exit_code == 0 and same.stdout == "no differences in 1 file\n"


def test_normalize_prints_the_same() -> None:
    full, quiet = _both("normalize", str(SAMPLES / "azureml-v2" / "endpoint.yml"))
    assert quiet.stdout == full.stdout and quiet.exit_code == full.exit_code == 0


def test_a_note_that_fails_the_run_is_shown_without_verbose(tmp_path: Path) -> None:
    """Under --fail-on info an empty file (an SL004 note) fails the run: the text output says so without -v, where
    notes are otherwise hidden, so a failed run is never silent about why."""
    (tmp_path / "empty.yml").write_text("")
    failed = run_cli("validate", "--fail-on", "info", str(tmp_path / "empty.yml"))
    assert failed.exit_code == 1 and " info SL004 " in failed.stdout
    passed = run_cli("validate", str(tmp_path / "empty.yml"))
    assert passed.exit_code == 0 and "SL004" not in passed.stdout
