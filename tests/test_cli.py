"""The command line: formats, exit codes, standard input, options."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli, run_json

GOOD = """\
$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json
name: churn-endpoint
auth_mode: key
"""
BAD = """\
$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json
name: churn-endpoint
auth_mod: key
"""


@pytest.fixture
def specs(tmp_path: Path) -> Path:
    (tmp_path / "good.yml").write_text(GOOD)
    (tmp_path / "bad.yml").write_text(BAD)
    return tmp_path


def test_exit_codes(specs: Path) -> None:
    assert run_cli("validate", str(specs / "good.yml")).exit_code == 0
    assert run_cli("validate", str(specs / "bad.yml")).exit_code == 1
    assert run_cli("validate", "--format", "nope", str(specs)).exit_code == 2
    assert run_cli("validate").exit_code == 2


def test_text_output_is_located(specs: Path) -> None:
    result = run_cli("validate", str(specs / "bad.yml"))
    first = result.output.splitlines()[0]
    assert first == f"{specs / 'bad.yml'}:3:1: error SL101 unknown field 'auth_mod' at the top level (did you mean auth_mode?)"
    assert result.output.splitlines()[-1] == "1 error, 0 warnings in 1 spec file"


def test_json_output(specs: Path) -> None:
    code, payload = run_json(str(specs))
    assert code == 1
    assert payload["version"] == 1
    by_name = {Path(f["path"]).name: f for f in payload["files"]}
    assert by_name["good.yml"]["findings"] == []
    assert by_name["good.yml"]["spec_types"] == ["azureml/v2/managed-online-endpoint"]
    (finding,) = by_name["bad.yml"]["findings"]
    assert finding | {"path": None} == {
        "code": "SL101",
        "rule": "unknown-field",
        "severity": "error",
        "message": "unknown field 'auth_mod' at the top level",
        "path": None,
        "line": 3,
        "column": 1,
        "pointer": "/auth_mod",
        "document": 0,
        "hint": "did you mean auth_mode?",
    }
    assert payload["summary"] == {"files": 2, "errors": 1, "warnings": 0, "infos": 0}


def test_github_output(specs: Path) -> None:
    result = run_cli("validate", "--format", "github", str(specs / "bad.yml"))
    line = result.output.splitlines()[0]
    assert line.startswith(f"::error file={specs / 'bad.yml'},line=3,col=1,title=SL101 unknown-field::unknown field 'auth_mod'")


@pytest.mark.parametrize("where", ["repository", "subfolder", "elsewhere"])
def test_github_annotations_name_files_by_their_path_in_the_repository(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GitHub places an annotation by the file's path in the repository, whatever folder the command ran in (a
    workflow's working-directory) and however the path was given (the Action's paths input may be absolute)."""
    repo = tmp_path / "repo"
    (repo / "ml" / "jobs").mkdir(parents=True)
    (repo / ".git").mkdir()
    (repo / "ml" / "jobs" / "bad.yml").write_text(BAD)
    cwd = {"repository": repo, "subfolder": repo / "ml", "elsewhere": tmp_path}[where]
    monkeypatch.chdir(cwd)
    for given in (os.path.relpath(repo / "ml", cwd), str(repo / "ml")):
        result = run_cli("validate", "--format", "github", given)
        assert result.output.startswith("::error file=ml/jobs/bad.yml,line=3,col=1,"), (given, result.output)


@pytest.mark.parametrize("where", ["repository", "subfolder"])
def test_sarif_locations_are_uris_relative_to_the_repository(where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Code scanning places a SARIF result by its URI relative to the repository: from a subfolder, or given an
    absolute path, the URI is still the file's path in the repository, percent-encoded (a space is no URI
    character; a '#' would start a fragment)."""
    repo = tmp_path / "repo"
    (repo / "ml" / "my jobs").mkdir(parents=True)
    (repo / ".git").mkdir()
    (repo / "ml" / "my jobs" / "bad#1.yml").write_text(BAD)
    cwd = {"repository": repo, "subfolder": repo / "ml"}[where]
    monkeypatch.chdir(cwd)
    for given in (os.path.relpath(repo / "ml", cwd), str(repo / "ml")):
        log = json.loads(run_cli("validate", "--format", "sarif", given).output)
        (result,) = log["runs"][0]["results"]
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location == {"uri": "ml/my%20jobs/bad%231.yml"}, (given, location)


def test_junit_output(specs: Path) -> None:
    result = run_cli("validate", "--format", "junit", str(specs))
    suite = ET.fromstring(result.output.split("\n", 1)[1])
    assert suite.get("tests") == "2" and suite.get("failures") == "1"
    failure = suite.find("testcase/failure")
    assert failure is not None and failure.get("type") == "SL101"


def test_junit_output_stays_xml_whatever_the_file_names(tmp_path: Path) -> None:
    """A control character in a file name (git allows any but NUL and /) is no character XML 1.0 allows: the report
    names the file escaped, as the text output does, and a CI test-report step can still read it."""
    (tmp_path / "bad\x01name.yml").write_text(BAD)
    (tmp_path / "broken\x1b.yml").write_text("a: [1\n")
    result = run_cli("validate", "--format", "junit", str(tmp_path))
    suite = ET.fromstring(result.output.split("\n", 1)[1])
    names = sorted(case.get("name", "") for case in suite.iter("testcase"))
    assert names == [str(tmp_path / "bad\\x01name.yml"), str(tmp_path / "broken\\x1b.yml")]


def test_sarif_output(specs: Path) -> None:
    result = run_cli("validate", "--format", "sarif", str(specs))
    log = json.loads(result.output)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    (res,) = run["results"]
    assert res["ruleId"] == "SL101" and res["level"] == "error"
    assert res["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 1}
    assert run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == "SL101"


def test_stdin(specs: Path) -> None:
    result = run_cli("validate", "--stdin-filename", "deploy/endpoint.yml", "-", input=BAD)
    assert result.exit_code == 1
    assert result.output.startswith("deploy/endpoint.yml:3:1: error SL101")


def test_forced_schema(tmp_path: Path) -> None:
    path = tmp_path / "endpoint.yml"
    path.write_text("name: churn-endpoint\nauth_mode: key\ncolour: blue\n")
    result = run_cli("validate", "--schema", "managed-online-endpoint", str(path))
    assert "SL101 unknown field 'colour'" in result.output
    unknown = run_cli("validate", "--schema", "no-such-type", str(path))
    assert unknown.exit_code == 2 and "unknown spec type" in unknown.output


def test_ignore_and_fail_on(specs: Path) -> None:
    assert run_cli("validate", "--ignore", "SL101", str(specs / "bad.yml")).exit_code == 0
    assert run_cli("validate", "--ignore", "unknown-field", str(specs / "bad.yml")).exit_code == 0
    legacy = specs / "old.yml"
    legacy.write_text("version: 1\nkind: experiment\nrun:\n  cmd: python train.py\n")
    assert run_cli("validate", str(legacy)).exit_code == 1
    assert run_cli("validate", "--fail-on", "error", str(legacy)).exit_code == 0


def test_codes_command() -> None:
    result = run_cli("codes")
    assert result.exit_code == 0
    assert "SL101  unknown-field" in result.output
    assert "`speclift explain CODE` explains one" in result.output


def test_python_dash_m_and_console_script(specs: Path) -> None:
    """The installed entry points work as real processes."""
    done = subprocess.run(
        [sys.executable, "-m", "speclift", "validate", str(specs / "bad.yml")], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 1 and "SL101" in done.stdout and not done.stderr
    version = subprocess.run([sys.executable, "-m", "speclift", "--version"], capture_output=True, text=True)
    assert version.stdout.startswith("speclift, version ")


def test_samples_demo() -> None:
    """The demo's samples show every deliberate mistake and nothing else."""
    result = run_cli("validate", str(ROOT / "samples"))
    marked = sum(p.read_text().count("# mistake:") for p in (ROOT / "samples").rglob("*.yml"))
    # a mistake the platform accepts but surely regrets is a warning (`{{ max_depth }}` renders empty)
    reported = [line for line in result.output.splitlines() if ": error SL" in line or ": warning SL" in line]
    assert result.exit_code == 1
    assert len(reported) >= marked


def test_convert_options_go_to_the_converters_that_have_them() -> None:
    job = str(ROOT / "samples" / "polyaxon-v0" / "job.yml")
    runconfig = str(ROOT / "samples" / "azureml-v1" / "train.runconfig")
    assert run_cli("convert", "-O", "build-mode=image-only", runconfig).exit_code == 0  # not an option of this converter
    unknown = run_cli("convert", "-O", "bogus=1", job)
    assert unknown.exit_code == 2 and "no converter has an option 'bogus'" in unknown.output
    bad_value = run_cli("convert", "-O", "build-mode=bogus", job)
    assert bad_value.exit_code == 2 and "must be one of build-section, inline, image-only" in bad_value.output


def test_commands_load_lazily_and_are_all_listed() -> None:
    help_text = run_cli("--help").stdout
    for name in ("codes", "convert", "diff", "explain", "normalize", "scan", "schemas", "validate"):
        assert f"\n  {name} " in help_text
    typo = run_cli("validat")
    assert typo.exit_code == 2 and "No such command 'validat'. Did you mean 'validate'?" in typo.stderr


def test_findings_at_one_place_come_out_the_same_under_any_hash_seed(tmp_path: Path) -> None:
    # Two required fields missing: both findings sit at the document's first key, with the same code.
    spec = tmp_path / "deployment.yml"
    spec.write_text("$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json\n")
    outputs = set()
    for seed in ("0", "1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-m", "speclift", "validate", "--no-check-paths", str(spec)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=False,
        )
        assert done.returncode == 1, done.stderr
        assert done.stdout.count("SL102") >= 2, done.stdout
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_to_choices_are_the_converters_targets() -> None:
    """`--to` offers exactly the values some converter's `to` option takes."""
    from speclift.cli.options import TARGETS
    from speclift.converters import REGISTRY

    taken = {choice for c in REGISTRY if "to" in c.options for choice in c.options["to"].choices}
    assert set(TARGETS) == taken


def test_scan_takes_to(tmp_path: Path) -> None:
    """`scan --to polyaxon-v2` counts a 1.1 file 2.x refuses as one to convert, as `-O to=polyaxon-v2` does."""
    spec = tmp_path / "sweep.yml"
    spec.write_text(
        "version: 1.1\nkind: operation\nmatrix:\n  kind: hyperopt\n  numRuns: 2\n"
        "  metric: {name: loss, optimization: minimize}\n  params:\n    lr: {kind: choice, value: [0.1, 0.2]}\n"
        "component:\n  inputs: [{name: lr, type: float}]\n  run: {kind: job, container: {image: python}}\n"
    )
    plain = run_cli("scan", str(spec))
    upgraded = run_cli("scan", "--to", "polyaxon-v2", str(spec))
    assert "current" in plain.stdout and "polyaxon/v2/operation" not in plain.stdout
    assert "polyaxon/v2/operation" in upgraded.stdout


def test_to_a_target_the_files_converter_lacks_is_refused() -> None:
    """`--to azureml` on a Polyaxon v0 file is refused (SL404), never converted to the converter's own target."""
    result = run_cli("convert", "--to", "azureml", str(ROOT / "samples" / "polyaxon-v0" / "experiment.yml"))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "SL404 --to azureml is not a target of this file's converter (it writes polyaxon-v1, polyaxon-v2)" in result.stderr


def test_to_polyaxon_v2_takes_a_deployment_config() -> None:
    """A 1.x deployment config converts to 2.x, which `--to polyaxon-v2` names, with or without it."""
    source = ROOT / "tests" / "cases" / "convert" / "polyaxon-deploy" / "removed-keys" / "input.yml"
    plain, asked = run_cli("convert", str(source)), run_cli("convert", "--to", "polyaxon-v2", str(source))
    assert plain.exit_code == asked.exit_code == 0
    assert asked.stdout == plain.stdout != ""


def test_junit_tree_problems_are_errors(tmp_path: Path) -> None:
    """A folder that cannot be read fails the run: JUnit shows it as an error, not as a green suite."""
    from speclift.findings import Finding, Severity
    from speclift.reporters.junit import render
    from speclift.validation.engine import FileResult, Report

    unreadable = Finding("SL007", Severity.ERROR, "cannot read folder: Permission denied", "jobs/private", rule="unreadable")
    loop = Finding("SL007", Severity.INFO, "symbolic link loop: folder already visited", "jobs/loop", rule="unreadable")
    report = Report([FileResult("jobs/a.yml", ["azureml/v2/command-job"])], problems=[unreadable, loop])
    suite = ET.fromstring(render(report).split("\n", 1)[1])
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors"), suite.get("skipped")) == ("2", "0", "1", "0")
    (error,) = suite.iter("error")
    assert error.get("type") == "SL007" and error.get("message") == "jobs/private: cannot read folder: Permission denied"
