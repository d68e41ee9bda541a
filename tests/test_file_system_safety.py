"""The file system as an attacker's tool: a tree conversion never writes through a symbolic link out of its tree,
and a spec never pulls a file from outside its repository into the output unless the user opts in."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from speclift.conversion.context import ReadScope
from speclift.conversion.engine import convert_text
from speclift.migration import Layout, apply, plan, survey
from speclift.migration.inventory import files
from speclift.migration.layout import IN_PLACE
from tests.conftest import ROOT, run_cli

EXPERIMENT = "version: 1\nkind: experiment\nrun:\n  image: python:3\n  cmd: python train.py\n"
SECRET = "sekrit-4e1f"
CREDENTIALS = f"framework: Python\nscript: train.py\nenvironment:\n  environmentVariables:\n    API_KEY: {SECRET}\n"


def _pipeline(runconfig: str) -> str:
    return (
        "pipeline:\n  name: p\n  default_compute: cpu\n  steps:\n    train:\n      type: PythonScriptStep\n"
        f"      script_name: train.py\n      runconfig: {runconfig}\n"
    )


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the repository, holding what a spec must not reach: credentials and an old-format spec."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "creds.yml").write_text(CREDENTIALS)
    (folder / "job.yml").write_text(EXPERIMENT)
    return folder


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git work tree (a `.git` folder is what marks one) with an old-format spec."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "jobs").mkdir()
    (root / "jobs" / "job.yml").write_text(EXPERIMENT)
    (root / "jobs" / "train.py").write_text("print('train')\n")  # the script the pipeline's step runs
    monkeypatch.chdir(tmp_path)
    return root


# --- writes (#7) ---------------------------------------------------------------------------------------------------


def test_in_place_never_follows_a_symlinked_folder_out_of_the_tree(repo: Path, outside: Path) -> None:
    (repo / "shared").symlink_to(outside, target_is_directory=True)
    result = run_cli("convert", "--in-place", "-v", "repo")
    assert result.exit_code == 0, result.stderr
    assert (outside / "job.yml").read_text() == EXPERIMENT  # untouched
    assert "kind: component" in (repo / "jobs" / "job.yml").read_text()  # the tree itself is converted
    assert "repo/shared: info SL007 a symbolic link to" in result.stderr and "not followed" in result.stderr
    assert sorted(p.name for p in outside.iterdir()) == ["creds.yml", "job.yml"]


def test_walks_follow_links_inside_the_tree_and_not_outside(repo: Path, outside: Path) -> None:
    (repo / "again").symlink_to(repo / "jobs", target_is_directory=True)  # inside: followed
    (repo / "away.yml").symlink_to(outside / "job.yml")  # a linked file outside: not read
    found, problems = files(["repo"])
    assert [Path(p).name for p in found] == ["job.yml"]  # the linked folder is the same folder: walked once
    outside_links = [p for p in problems if "outside the folder being checked" in p.message]
    assert [(p.path, p.code, p.severity.label) for p in outside_links] == [("repo/away.yml", "SL007", "info")]
    validated = run_cli("validate", "-v", "repo")
    assert "repo/away.yml: info SL007" in validated.stdout


def test_a_folder_swapped_for_a_link_after_planning_is_not_written(repo: Path, outside: Path) -> None:
    # The plan saw a real folder; by the time of writing it is a link to somewhere else. Each write checks the real
    # folder again just before it writes.
    layout = Layout.for_paths(["repo"], IN_PLACE)
    found, _ = files(["repo"])
    actions = plan(survey(found, layout), layout)
    assert [a.record.path for a in actions if a.writes] == ["repo/jobs/job.yml"]
    shutil.move(str(repo / "jobs"), str(outside / "jobs"))
    (repo / "jobs").symlink_to(outside / "jobs", target_is_directory=True)
    applied = apply(actions, within=layout.confines)
    assert [f.code for a in applied for f in a.findings] == ["SL420"]
    assert "resolves to" in applied[0].findings[0].message
    assert (outside / "jobs" / "job.yml").read_text() == EXPERIMENT
    replanned = plan(survey(found, layout), layout)  # planning again refuses it outright
    assert [f.code for a in replanned for f in a.refused] == ["SL420"]


def test_an_output_path_the_user_typed_is_theirs(repo: Path, outside: Path) -> None:
    (repo / "out").symlink_to(outside, target_is_directory=True)
    result = run_cli("convert", "repo/jobs/job.yml", "-o", "repo/out/converted.yml")
    assert result.exit_code == 0, result.stderr
    assert "kind: component" in (outside / "converted.yml").read_text()


# --- reads (#12) ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("named", ["absolute", "dotdot", "link"])
def test_a_related_file_outside_the_repository_is_not_read(repo: Path, outside: Path, named: str) -> None:
    if named == "link":
        (repo / "jobs" / "creds.yml").symlink_to(outside / "creds.yml")
    reference = {"absolute": str(outside / "creds.yml"), "dotdot": "../../outside/creds.yml", "link": "creds.yml"}[named]
    (repo / "jobs" / "pipeline.yml").write_text(_pipeline(reference))
    result = run_cli("convert", "repo/jobs/pipeline.yml")
    assert result.exit_code == 1
    assert SECRET not in result.stdout + result.stderr and result.stdout == ""
    assert f"repo/jobs/pipeline.yml:8:18: error SL410 {reference}" in result.stderr
    assert "--allow-outside-reads" in result.stderr
    opted_in = run_cli("convert", "repo/jobs/pipeline.yml", "--allow-outside-reads")
    assert opted_in.exit_code == 0, opted_in.stderr
    assert SECRET in opted_in.stdout and "SL410" not in opted_in.stderr


def test_tree_conversion_refuses_outside_reads_and_writes_nothing_of_them(repo: Path, outside: Path) -> None:
    (repo / "jobs" / "pipeline.yml").write_text(_pipeline("../../outside/creds.yml"))
    result = run_cli("convert", "repo", "--out", "out")
    assert result.exit_code == 1
    assert "repo/jobs/pipeline.yml:8:18: error SL410" in result.stderr
    assert not Path("out/jobs/pipeline.yml").exists()
    assert all(SECRET not in p.read_text() for p in Path("out").rglob("*.yml"))
    assert run_cli("convert", "--check", "repo").exit_code == 4  # a person decides
    assert run_cli("convert", "--check", "--allow-outside-reads", "repo").exit_code == 3
    scanned = run_cli("scan", "repo", "--allow-outside-reads")
    assert "blocked" not in scanned.stdout


def test_dotdot_that_stays_inside_the_repository_is_read(repo: Path) -> None:
    (repo / "configs").mkdir()
    (repo / "configs" / "train.runconfig").write_text("framework: Python\nscript: train.py\ntarget: gpu\n")
    (repo / "jobs" / "pipeline.yml").write_text(_pipeline("../configs/train.runconfig"))
    result = run_cli("convert", "repo/jobs/pipeline.yml")
    assert result.exit_code == 0, result.stderr
    assert "SL410" not in result.stderr and "could not be read" not in result.stderr


def test_without_git_the_named_folder_bounds_reads(tmp_path: Path, outside: Path) -> None:
    root = tmp_path / "plain"
    (root / "configs").mkdir(parents=True)
    (root / "jobs").mkdir()
    (root / "configs" / "train.runconfig").write_text("framework: Python\nscript: train.py\n")
    source = root / "jobs" / "pipeline.yml"
    text = _pipeline("../configs/train.runconfig")
    alone = convert_text(text, str(source))  # one file, no git: its own folder
    assert [f.code for f in alone.findings if f.code == "SL410"] == ["SL410"]
    named = convert_text(text, str(source), reads=ReadScope((str(root),)))  # a tree conversion of `plain`
    assert not [f for f in named.findings if f.code == "SL410"]
    anywhere = convert_text(_pipeline(str(outside / "creds.yml")), str(source), reads=ReadScope(anywhere=True))
    assert SECRET in anywhere.outputs[0].text


def test_an_option_naming_an_outside_file_is_refused_at_the_document(repo: Path, outside: Path) -> None:
    hyperdrive = (ROOT / "samples" / "azureml-v1" / "hdconfig.yml").read_text()
    (repo / "jobs" / "hd.yml").write_text(hyperdrive)
    result = run_cli("convert", "repo/jobs/hd.yml", "-O", f"runconfig={outside / 'creds.yml'}")
    assert result.exit_code == 1 and SECRET not in result.stdout
    assert "repo/jobs/hd.yml:2:1: error SL410" in result.stderr  # no field names it: the document's first line


def test_git_work_tree_is_found_from_a_worktree_file(tmp_path: Path) -> None:
    # A git worktree or submodule has a `.git` file, not a folder.
    root = tmp_path / "wt"
    (root / "a" / "b").mkdir(parents=True)
    (root / ".git").write_text("gitdir: /elsewhere\n")
    assert ReadScope().roots(str(root / "a" / "b" / "x.yml")) == (os.path.realpath(root),)
    if shutil.which("git"):  # and a real repository agrees
        subprocess.run(["git", "init", "-q", str(tmp_path / "real")], check=True)
        (tmp_path / "real" / "d").mkdir()
        assert ReadScope().roots(str(tmp_path / "real" / "d" / "x.yml")) == (os.path.realpath(tmp_path / "real"),)
