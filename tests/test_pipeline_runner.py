"""The local pipeline runner (tests/pipeline_runner.py) on hand-written pipelines: tests/cases/pipeline-runner/<case>/.

A case holds pipeline.yml with its components and their code folders (small stdlib programs), optionally inputs.yml
(pipeline inputs the run is given: a text, or `{path: ...}` relative to the case folder), and either expected.txt
(`order:` the jobs in the order they ran, then `== <output>/<file>` and the content of every file of every pipeline
output) or expected-error.txt (the RunnerError's message, the work folder written <workdir>, the case folder <case>
and the interpreter <python>). SPECLIFT_REGENERATE=1 rewrites them. A run leaves its case folder as it was.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import CASES
from tests.pipeline_runner import PipelineRun, RunnerError, run_pipeline

RUNNER_CASES = sorted(p for p in (CASES / "pipeline-runner").iterdir() if p.is_dir())
REGENERATE = os.environ.get("SPECLIFT_REGENERATE") == "1"


def _inputs(case: Path) -> dict[str, Path | str]:
    path = case / "inputs.yml"
    given = yaml.safe_load(path.read_text()) if path.exists() else {}
    return {name: case / value["path"] if isinstance(value, dict) else str(value) for name, value in given.items()}


def _report(run: PipelineRun) -> str:
    lines = [f"order: {', '.join(run.order)}"]
    for output, folder in sorted(run.outputs.items()):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            lines.append(f"== {output}/{path.relative_to(folder).as_posix()}")
            lines.append(path.read_text(encoding="utf-8").rstrip("\n"))
    return "\n".join(lines) + "\n"


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file but the expected outputs (which SPECLIFT_REGENERATE=1 rewrites)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith("expected")
    }


def _check(expected: Path, actual: str) -> None:
    if REGENERATE:
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", RUNNER_CASES, ids=lambda p: p.name)
def test_runner_case(case: Path, tmp_path: Path) -> None:
    before = _snapshot(case)
    workdir = tmp_path / "work"
    failure = case / "expected-error.txt"
    if failure.exists():
        with pytest.raises(RunnerError) as error:
            run_pipeline(case / "pipeline.yml", _inputs(case), workdir)
        message = str(error.value).replace(shlex.quote(sys.executable), "<python>")
        _check(failure, message.replace(str(workdir), "<workdir>").replace(str(case), "<case>") + "\n")
    else:
        _check(case / "expected.txt", _report(run_pipeline(case / "pipeline.yml", _inputs(case), workdir)))
    assert _snapshot(case) == before, "a node wrote into its case folder"


def test_nodes_run_in_copies_of_their_code(tmp_path: Path) -> None:
    """prepare writes scratch.txt in its working directory: the copy gets it, the sources do not."""
    case = CASES / "pipeline-runner" / "diamond"
    run = run_pipeline(case / "pipeline.yml", {}, tmp_path)
    assert (tmp_path / ".code" / "prepare" / "scratch.txt").read_text() == "kept out of the sources\n"
    assert not (case / "components" / "prepare" / "scratch.txt").exists()
    assert run.nodes["prepare"].stdout == "prepare: 4 rows\n"
    assert run.nodes["prepare"].command.startswith(shlex.quote(sys.executable) + " prepare.py --rows ")
    assert run.nodes["left"].outputs == {"result": tmp_path / "left" / "result"}
    assert run.outputs == {"report": tmp_path / "join" / "joined"}


def test_a_workdir_is_used_once(tmp_path: Path) -> None:
    case = CASES / "pipeline-runner" / "diamond"
    run_pipeline(case / "pipeline.yml", {}, tmp_path)
    with pytest.raises(RunnerError, match="exists already: give each run a new workdir"):
        run_pipeline(case / "pipeline.yml", {}, tmp_path)


def test_a_run_input_overrides_a_pipeline_path(tmp_path: Path) -> None:
    case = CASES / "pipeline-runner" / "diamond"
    rows = tmp_path / "other.csv"
    rows.write_text("name,colour\nzoe,grey\n")
    run = run_pipeline(case / "pipeline.yml", {"rows": rows}, tmp_path / "work")
    report = (run.outputs["report"] / "report.txt").read_text()
    assert report == "Diamond report\nname: 1 distinct (zoe)\ncolour: 1 distinct (grey)\n"
    with pytest.raises(RunnerError, match="the pipeline has no input rowz"):
        run_pipeline(case / "pipeline.yml", {"rowz": rows}, tmp_path / "again")
