"""`speclift diff` and `speclift normalize` from the command line: exit codes, bad input, --git, configuration."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import CASES, ROOT, run_cli

CASE = CASES / "diff" / "nested-pipeline"


def test_exit_codes() -> None:
    a, b = str(CASE / "a.yml"), str(CASE / "b.yml")
    assert run_cli("diff", a, a).exit_code == 0
    assert run_cli("diff", a, b).exit_code == 1
    assert run_cli("diff", "--exit-zero", a, b).exit_code == 0


def test_bad_yaml_is_a_located_finding(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("type: command\ninputs: [a, b\n")
    result = run_cli("diff", str(CASE / "a.yml"), str(bad))
    assert result.exit_code == 2
    assert f"{bad}:3:1: error SL001" in result.stdout
    missing = run_cli("diff", str(CASE / "a.yml"), str(tmp_path / "nope.yml"))  # a usage error, as in every command
    assert missing.exit_code == 2 and f"no such file or folder: {tmp_path / 'nope.yml'}" in missing.stderr


def test_usage_errors() -> None:
    assert run_cli("diff", str(CASE / "a.yml")).exit_code == 2
    assert run_cli("diff", "-", "-").exit_code == 2


def test_stdin_side() -> None:
    result = run_cli("diff", str(CASE / "a.yml"), "-", input=(CASE / "b.yml").read_text())
    assert result.exit_code == 1 and "<stdin>:15" in result.stdout


def test_configuration_identity_and_ignore(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = "version: 1.1\nkind: component\nrun:\n  kind: job\n  container:\n    ports:\n      - {port: 80, proto: tcp}\n      - {port: 81, proto: udp}\n"
    b = "version: 1.1\nkind: component\nrun:\n  kind: job\n  container:\n    ports:\n      - {port: 81, proto: udp}\n      - {port: 80, proto: udp}\n"
    (tmp_path / "a.yml").write_text(a)
    (tmp_path / "b.yml").write_text(b)
    monkeypatch.chdir(tmp_path)
    by_position = run_cli("diff", "a.yml", "b.yml").stdout
    assert "run.container.ports[0].port: 80 -> 81" in by_position
    (tmp_path / ".speclift.yaml").write_text('diff:\n  identity:\n    "/run/container/ports": port\n')
    keyed = run_cli("diff", "a.yml", "b.yml").stdout
    assert 'run.container.ports[port=80].proto: "tcp" -> "udp"' in keyed and "moved" in keyed
    (tmp_path / ".speclift.yaml").write_text(
        'diff:\n  identity:\n    "/run/container/ports": port\n  ignore: ["/run/container/ports/*/proto"]\n'
    )
    ignored = run_cli("diff", "a.yml", "b.yml")
    assert "proto" not in ignored.stdout and "moved" in ignored.stdout
    (tmp_path / ".speclift.yaml").write_text("diff:\n  identity: [port]\n")
    assert run_cli("diff", "a.yml", "b.yml").exit_code == 2


def test_json_and_github_formats() -> None:
    a, b = str(CASE / "a.yml"), str(CASE / "b.yml")
    report = json.loads(run_cli("diff", "--format", "json", a, b).stdout)
    assert report["summary"] == {"files": 1, "different": 1, "differences": 5, "errors": 0}
    github = run_cli("diff", "--format", "github", a, b).stdout
    assert f"::notice file={b},line=15,title=speclift diff%3A changed::jobs.train.compute" in github


def test_normalize(tmp_path: Path) -> None:
    a = run_cli("normalize", str(CASES / "diff" / "formatting-only" / "a.yml"))
    b = run_cli("normalize", str(CASES / "diff" / "formatting-only" / "b.yml"))
    assert a.exit_code == b.exit_code == 0 and a.stdout == b.stdout
    assert a.stdout.startswith("$schema:") and "#" not in a.stdout
    bad = tmp_path / "bad.yml"
    bad.write_text("a: [1\n")
    result = run_cli("normalize", str(bad))
    assert result.exit_code == 2 and "SL001" in result.stderr


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "t@example.invalid")
    _git(tmp_path, "config", "user.name", "t")
    jobs = tmp_path / "jobs"
    jobs.mkdir()
    shutil.copy(CASE / "a.yml", jobs / "pipeline.yml")
    shutil.copy(CASES / "diff" / "search-space" / "a.yml", jobs / "sweep.yml")
    shutil.copy(CASES / "diff" / "multi-document" / "a.yml", jobs / "endpoint.yml")
    (tmp_path / "notes.yml").write_text("not: a spec\n")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "base")
    shutil.copy(CASE / "b.yml", jobs / "pipeline.yml")  # modified
    (jobs / "sweep.yml").rename(jobs / "tuning.yml")  # renamed, unchanged
    (jobs / "endpoint.yml").unlink()  # deleted
    shutil.copy(ROOT / "samples" / "azureml-v2" / "environment.yml", jobs / "env.yml")  # added (untracked)
    (tmp_path / "notes.yml").write_text("still: not a spec\n")
    _git(tmp_path, "add", "-A", "jobs/tuning.yml", "jobs/sweep.yml")
    monkeypatch.chdir(tmp_path)
    result = run_cli("diff", "--git", "HEAD")
    assert result.exit_code == 1
    out = result.stdout
    assert "jobs/endpoint.yml (deleted)" in out
    assert "jobs/env.yml (added)" in out
    assert "jobs/pipeline.yml\n" in out and "jobs.train.compute" in out
    assert "notes.yml" not in out
    assert out.splitlines()[-1] == "9 differences in 3 of 4 files"  # 5 + 3 documents deleted + 1 added
    narrowed = run_cli("diff", "--git", "HEAD", "jobs/tuning.yml")
    assert narrowed.exit_code == 0 and narrowed.stdout == "no differences in 1 file\n"
    assert run_cli("diff", "--git", "no-such-ref").exit_code == 2


def test_sets_by_spec_type_and_strict_order() -> None:
    """Polyaxon v1 inputs and outputs are sets: a reorder is a note; DiffOptions(strict_order=True) reports moves."""
    from speclift.diffing import DiffOptions, diff_texts

    case = CASES / "diff" / "reorder-inputs"
    a, b = (case / "a.yml").read_text(), (case / "b.yml").read_text()
    as_sets = diff_texts(a, b, "a.yml", "b.yml")
    assert not as_sets.different and as_sets.changes == []
    assert [(n.kind, n.source) for n in as_sets.documents[0].notes] == [("reordered", "inputs"), ("reordered", "outputs")]
    strict = diff_texts(a, b, "a.yml", "b.yml", DiffOptions(strict_order=True))
    assert strict.different and {c.kind for c in strict.changes} == {"moved"} and not strict.documents[0].notes
    # a document of no known spec type declares no sets: the same lists keep their order
    plain = diff_texts(a.replace("kind: component", "kind: thing"), b.replace("kind: component", "kind: thing"), "a.yml", "b.yml")
    assert plain.different and {c.kind for c in plain.changes} == {"moved"}


def test_json_output_is_strict_json_for_nan_and_infinity(tmp_path: Path) -> None:
    # `.nan`/`.inf` used to come out as NaN/Infinity, which JSON parsers refuse.
    head = (
        "$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\ncommand: echo\nenvironment: azureml:x:1\n"
    )
    (tmp_path / "a.yml").write_text(head + "tags:\n  a: .nan\n  b: -.inf\n")
    (tmp_path / "b.yml").write_text(head + "tags:\n  a: .inf\n  b: 1\n")
    result = run_cli("diff", "--format", "json", str(tmp_path / "a.yml"), str(tmp_path / "b.yml"))
    assert result.exit_code == 1

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    report = json.loads(result.stdout, parse_constant=refuse)
    changes = report["files"][0]["documents"][0]["changes"]
    assert sorted((c["old"], c["new"]) for c in changes) == [("-.inf", 1), (".nan", ".inf")]


@pytest.mark.parametrize("command", [["diff", "-", str(CASE / "a.yml")], ["normalize", "-"], ["validate", "-"]])
def test_standard_input_that_is_not_utf8_is_a_located_finding(command: list[str]) -> None:
    # Standard input used to be read as text: invalid UTF-8 reached libyaml as surrogates and raised.
    result = run_cli(*command, input=b"type: command\ncommand: \xff\n")
    assert result.exit_code in (1, 2)
    assert "<stdin>:2:10: error SL003 not valid UTF-8 text: byte 0xff" in result.stdout + result.stderr


def test_diff_reads_files_and_standard_input_within_the_configured_size(tmp_path: Path) -> None:
    config = tmp_path / ".speclift.yaml"
    config.write_text("max-file-size: 64\n")
    big = tmp_path / "big.yml"
    big.write_text("type: command\ncommand: " + "x" * 100 + "\n")
    small = tmp_path / "small.yml"
    small.write_text("type: command\ncommand: x\n")
    from_file = run_cli("diff", "--config", str(config), str(small), str(big))
    assert from_file.exit_code == 2
    assert f"{big}: error SL005 file is larger than 64 bytes" in from_file.stdout
    from_stdin = run_cli("diff", "--config", str(config), str(small), "-", input=big.read_text())
    assert from_stdin.exit_code == 2
    assert "<stdin>: error SL005 file is larger than 64 bytes" in from_stdin.stdout
