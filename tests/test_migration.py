"""Tree migration: `speclift scan`, `speclift convert PATH... --out/--in-place/--dry-run/--check`, reports, safety."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from speclift.migration import FileStatus, Layout, check_exit_code, plan, survey
from speclift.migration.inventory import files
from speclift.migration.layout import IN_PLACE, MIRROR
from tests.conftest import ROOT, run_cli

SAMPLES = ROOT / "samples" / "polyaxon-v0"
EXPERIMENT = "version: 1\nkind: experiment\nrun:\n  image: python:3\n  cmd: python train.py\n"
GROUP_WITHOUT_MATRIX = "version: 1\nkind: group\nrun:\n  image: python:3\n  cmd: python t.py\n"  # SL404
CURRENT = (SAMPLES / "expected" / "experiment.yml").read_text()


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small repository: old-format files in nested folders, a current spec and a YAML file that is no spec."""
    root = tmp_path / "repo"
    shutil.copytree(SAMPLES, root / "jobs", ignore=shutil.ignore_patterns("expected"))
    (root / "jobs" / "nested").mkdir()
    (root / "jobs" / "nested" / "small.yml").write_text(EXPERIMENT)
    (root / "current.yml").write_text(CURRENT)
    (root / ".github").mkdir()
    (root / ".github" / "ci.yml").write_text("on: push\n")
    (root / "conda.yml").write_text("name: env\ndependencies: [python=3.11]\n")
    monkeypatch.chdir(tmp_path)
    return root


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_scan_lists_every_spec(tree: Path) -> None:
    result = run_cli("scan", "repo")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["file", "type", "version", "status", "becomes", "findings"]
    assert any("repo/jobs/group.yml" in line and "v0" in line and "polyaxon/v1/operation" in line for line in lines)
    assert any(line.startswith("repo/current.yml") and "current" in line for line in lines)
    assert "conda.yml" not in result.stdout  # not a spec: only with -v
    assert "conda.yml" in run_cli("scan", "-v", "repo").stdout
    # dot-folders are walked (`.azureml/`, `.pipelines/` hold specs); a CI workflow there is not a spec
    assert any(".github/ci.yml" in line and "not-a-spec" in line for line in run_cli("scan", "-v", "repo").stdout.splitlines())


def test_scan_json_and_markdown(tree: Path) -> None:
    payload = json.loads(run_cli("scan", "--format", "json", "repo").stdout)
    by_path = {f["path"]: f for f in payload["files"]}
    group = by_path["repo/jobs/group.yml"]
    assert group["spec_types"] == ["polyaxon/v0/polyaxonfile"] and group["version"] == "v0"
    assert group["convertible"] is True and group["becomes"] == ["polyaxon/v1/operation"]
    assert group["findings"] and all(f["code"].startswith("SL4") for f in group["findings"])
    assert payload["totals"]["current"] == 1 and payload["totals"]["files"] == 12
    markdown = run_cli("scan", "--format", "markdown", "repo").stdout
    assert markdown.startswith("| file | type | version | status | becomes | findings |\n|---|")


def test_convert_tree_mirrors_and_is_idempotent(tree: Path) -> None:
    before = _snapshot(tree)
    result = run_cli("convert", "repo", "--out", "out", "--report", "report.md")
    assert result.exit_code == 0, result.stderr
    assert _snapshot(tree) == before  # the sources are untouched
    written = sorted(str(p.relative_to("out")) for p in Path("out").rglob("*") if p.is_file())
    assert written == sorted(
        [f"jobs/{p.name}" for p in SAMPLES.glob("*.yml")] + ["jobs/nested/small.yml"]
    )  # old-format files only; current and non-spec files are not copied
    assert Path("out/jobs/experiment.yml").read_text() == CURRENT
    report = Path("report.md").read_text()
    assert report.startswith("## Spec migration") and "- [ ] SL401" in report and "repo/jobs/group.yml" in report
    outputs = _snapshot(Path("out"))
    again = run_cli("convert", "repo", "--out", "out")
    assert again.exit_code == 0 and "0 outputs written, 9 already converted" in again.stderr
    assert _snapshot(Path("out")) == outputs
    for path in Path("out").rglob("*.yml"):  # every output is a current spec
        assert run_cli("validate", "--no-check-paths", str(path)).exit_code == 0


def test_existing_outputs_are_never_overwritten_without_force(tree: Path) -> None:
    target = Path("out/jobs/job.yml")
    target.parent.mkdir(parents=True)
    target.write_text("mine: true\n")
    result = run_cli("convert", "repo", "--out", "out")
    assert result.exit_code == 1 and "SL408" in result.stderr
    assert target.read_text() == "mine: true\n"
    assert Path("out/jobs/group.yml").exists()  # the others are written
    assert run_cli("convert", "repo", "--out", "out", "--force").exit_code == 0
    assert target.read_text() == (SAMPLES / "expected" / "job.yml").read_text()


def test_dry_run_writes_nothing_and_shows_a_diff(tree: Path) -> None:
    before = _snapshot(tree)
    result = run_cli("convert", "--dry-run", "repo")
    assert result.exit_code == 0
    assert "--- repo/jobs/group.yml\n+++ repo/jobs/group.yml\n" in result.stdout
    assert "+kind: operation" in result.stdout and "-kind: group" in result.stdout
    assert "would change" in result.stderr
    assert _snapshot(tree) == before
    mirrored = run_cli("convert", "--dry-run", "repo", "--out", "out")
    assert "+++ " in mirrored.stdout and not Path("out").exists()


def test_in_place_replaces_old_files_keeps_modes_and_others(tree: Path) -> None:
    job = tree / "jobs" / "job.yml"
    job.chmod(0o640)
    result = run_cli("convert", "--in-place", "repo", "--report", "report.json")
    assert result.exit_code == 0, result.stderr
    assert job.read_text() == (SAMPLES / "expected" / "job.yml").read_text()
    assert stat.S_IMODE(job.stat().st_mode) == 0o640
    assert (tree / "conda.yml").read_text().startswith("name: env")
    assert not list(tree.rglob(".speclift-*"))
    report = json.loads(Path("report.json").read_text())
    assert report["totals"]["outputs written"] == 9 and report["totals"]["review"] == 9
    entry = next(f for f in report["files"] if f["path"] == "repo/jobs/group.yml")
    assert entry["outputs"] == [{"path": "repo/jobs/group.yml", "state": "written"}]
    assert entry["decide"] and entry["provenance"]["mapped"] > 0
    check = run_cli("convert", "--check", "repo")
    assert check.exit_code == 0, check.stdout
    snapshot = _snapshot(tree)
    assert run_cli("convert", "--in-place", "repo").exit_code == 0
    assert _snapshot(tree) == snapshot


def test_in_place_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("old.runconfig").write_text(EXPERIMENT)  # the content decides: a v0 file under a v1 Azure name
    assert run_cli("convert", "--in-place", "old.runconfig").exit_code == 0
    assert sorted(os.listdir()) == ["old.runconfig"]  # no --rename: the name stays
    Path("old.runconfig").write_text(EXPERIMENT)
    result = run_cli("convert", "--in-place", "--rename", "old.runconfig")
    assert result.exit_code == 0, result.stderr
    assert sorted(os.listdir()) == ["old.yml"]


def test_failed_conversion_leaves_its_input(tree: Path) -> None:
    broken = tree / "jobs" / "broken.yml"
    broken.write_text(GROUP_WITHOUT_MATRIX)
    result = run_cli("convert", "--in-place", "repo")
    assert result.exit_code == 1 and "SL404" in result.stderr
    assert broken.read_text() == GROUP_WITHOUT_MATRIX
    assert (tree / "jobs" / "job.yml").read_text() == (SAMPLES / "expected" / "job.yml").read_text()


def test_mixed_multi_document_file_is_not_converted_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    mixed = EXPERIMENT + "---\nname: env\ndependencies: [python]\n"
    Path("mixed.yml").write_text(mixed)
    result = run_cli("convert", "--in-place", ".")
    assert result.exit_code == 1 and "SL404" in result.stderr and "lose the others" in result.stderr
    assert Path("mixed.yml").read_text() == mixed


def test_multi_document_old_file_becomes_one_multi_document_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("two.yml").write_text(EXPERIMENT + "---\n" + EXPERIMENT)
    assert run_cli("convert", "--in-place", ".").exit_code == 0
    converted = Path("two.yml").read_text()
    assert converted.count("kind: component") == 2 and "\n---\n" in converted
    assert run_cli("convert", "--check", ".").exit_code == 0


def test_outputs_never_escape_the_output_folder(tree: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = Path("out")
    out.mkdir()
    (out / "jobs").symlink_to(outside, target_is_directory=True)
    result = run_cli("convert", "repo", "--out", "out")
    assert result.exit_code == 1 and "SL420" in result.stderr
    assert list(outside.iterdir()) == []


def test_in_place_refuses_symbolic_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    real = tmp_path / "elsewhere" / "real.yml"
    real.write_text(EXPERIMENT)
    Path("repo").mkdir()
    Path("repo/link.yml").symlink_to(real)
    result = run_cli("convert", "--in-place", "repo/link.yml")
    assert result.exit_code == 1 and "SL420" in result.stderr
    assert real.read_text() == EXPERIMENT and Path("repo/link.yml").is_symlink()


@pytest.mark.parametrize(
    ("contents", "strict", "code"),
    [
        ({"a.yml": CURRENT}, False, 0),
        ({"a.yml": CURRENT, "b.yml": "key: [unclosed\n"}, False, 1),
        ({"a.yml": EXPERIMENT}, False, 3),
        ({"a.yml": EXPERIMENT}, True, 4),  # its approximation (SL401) needs a person under --strict
        ({"a.yml": EXPERIMENT, "b.yml": GROUP_WITHOUT_MATRIX}, False, 4),
    ],
)
def test_check_exit_codes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, contents: dict[str, str], strict: bool, code: int
) -> None:
    monkeypatch.chdir(tmp_path)
    for name, text in contents.items():
        Path(name).write_text(text)
    result = run_cli("convert", "--check", *(["--strict"] if strict else []), ".")
    assert result.exit_code == code, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith(f"exit {code}: ")
    if code >= 3:
        assert "a.yml: polyaxon/v0/polyaxonfile" in result.stdout
    assert sorted(os.listdir()) == sorted(contents)  # --check writes nothing


def test_check_codes_are_documented() -> None:
    help_text = run_cli("convert", "--help").stdout
    readme = (ROOT / "README.md").read_text()
    for code in ("0", "1", "2", "3", "4"):
        assert f"  {code}  " in help_text
        assert f"| `{code}` |" in readme


@pytest.mark.parametrize(
    "args",
    [
        ["repo"],  # a folder needs a mode
        ["repo", "--out", "o", "--in-place"],
        ["repo", "-o", "x.yml"],
        ["repo", "--rename", "--out", "o"],
        ["repo", "--check", "--in-place"],
        ["repo", "--strict", "--out", "o"],
    ],
)
def test_tree_usage_errors(tree: Path, args: list[str]) -> None:
    assert run_cli("convert", *args).exit_code == 2


def test_single_file_form_is_unchanged(tree: Path) -> None:
    result = run_cli("convert", "repo/jobs/job.yml")
    assert result.exit_code == 0 and result.stdout == (SAMPLES / "expected" / "job.yml").read_text()
    assert not Path("repo/jobs/job.v2.yml").exists()


def test_library_survey_plan_and_jobs(tree: Path) -> None:
    found, problems = files(["repo"])
    assert not problems
    layout = Layout.for_paths(["repo"], MIRROR, "out")
    serial = survey(found, layout)
    parallel = survey(found, layout, jobs=2)
    assert [(r.path, r.status, [o.text for o in r.outputs]) for r in serial] == [
        (r.path, r.status, [o.text for o in r.outputs]) for r in parallel
    ]
    assert {r.status for r in serial} == {FileStatus.REVIEW, FileStatus.CURRENT, FileStatus.NOT_SPEC}
    assert check_exit_code(serial) == 3 and check_exit_code(serial, strict=True) == 4
    actions = plan(serial, layout)
    assert len(actions) == 9 and all(a.pending for a in actions)
    assert all(w.path.startswith(os.path.abspath("out") + os.sep) for a in actions for w in a.writes)
    in_place = plan(serial, Layout.for_paths(["repo"], IN_PLACE))
    assert all(a.writes[-1].path == a.record.path for a in in_place)


def test_report_never_replaces_an_existing_file_without_force(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `convert --check src --report src/<spec>` used to replace the spec with the report.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "src").mkdir()
    spec = tmp_path / "src" / "experiment.yml"
    spec.write_text(EXPERIMENT)
    result = run_cli("convert", "--check", "src", "--report", "src/experiment.yml")
    assert result.exit_code == 1
    assert "src/experiment.yml: error SL408" in result.stderr
    assert spec.read_text() == EXPERIMENT
    first = run_cli("convert", "--check", "src", "--report", "report.md")
    again = run_cli("convert", "--check", "src", "--report", "report.md")  # the same report: nothing to refuse
    assert first.exit_code == again.exit_code == 3
    assert (tmp_path / "report.md").read_text().startswith("#")
    forced = run_cli("convert", "--check", "src", "--report", "elsewhere.md", "--force")
    assert forced.exit_code == 3


def test_dot_folders_are_walked_and_tool_folders_are_not(tmp_path: Path) -> None:
    # `az ml folder attach` put run configurations in .azureml/: a repository whose only v1 file is there used to
    # pass `convert --check` as "nothing left to migrate".
    (tmp_path / ".azureml").mkdir()
    (tmp_path / ".azureml" / "mnist.runconfig").write_text("script: train.py\nframework: Python\ntarget: cpu\n")
    (tmp_path / "train.py").write_text("print('train')\n")  # in the project folder, the parent of .azureml/
    for folder in (".git", ".venv", "env"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "job.runconfig").write_text("script: other.py\nframework: Python\n")
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n")  # a virtual environment under any name
    check = run_cli("convert", "--check", str(tmp_path))
    assert check.exit_code == 3, check.output
    assert ".azureml/mnist.runconfig" in check.output
    assert "job.runconfig" not in check.output
    verbose = run_cli("scan", "-v", str(tmp_path))
    for folder, why in ((".git", "version control"), (".venv", "a virtual environment"), ("env", "a virtual environment")):
        assert f"{tmp_path / folder}: info SL011 folder not walked: {why}" in verbose.output
