"""An MLproject against the files converted from it: each output against its own conversion shows no difference;
one value changed in it shows exactly that difference, named by the MLproject's own field. Two versions of an
MLproject (a file without a .yml name) diff like any spec, from two paths or from git."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from speclift.conversion import leaves
from speclift.conversion.engine import convert_file
from speclift.diffing import diff_files
from speclift.diffing.crossversion import pointer_display, value_at
from speclift.diffing.gitchanges import diff_git
from speclift.diffing.mlproject import conversion_options
from speclift.diffing.normalise import dump
from speclift.pointer import tokens
from speclift.spectypes import SPEC_TYPES
from speclift.yamlio import load
from tests.conftest import CASES, CORPUS, call_bounded, run_cli

MLPROJECTS = sorted(CORPUS.glob("mlflow-mlproject/*MLproject")) if CORPUS.is_dir() else []
TUTORIAL = CASES / "diff" / "mlproject-job"


def _project(source: Path, folder: Path) -> Path:
    """The corpus file as a project's MLproject, with the files its commands and environment name (empty)."""
    folder.mkdir()
    target = folder / "MLproject"
    shutil.copy(source, target)
    for name in ("conda.yaml", "environment.yml", "environment.yaml", "python_env.yaml", "train.py", "main.py"):
        (folder / name).write_text("name: x\ndependencies: [python=3.10, {pip: [mlflow, azureml-mlflow]}]\n")
    return target


def _outputs(project: Path, to: str = "azureml") -> list[tuple[int, str, str, Any]]:
    """(output number, file name, text, conversion) of each spec output of the conversion to ``to``."""
    converted = convert_file(str(project), {"mlflow/mlproject": {"to": to}}, output_dir=str(project.parent))
    if not converted.outputs and any(f.code == "SL404" for f in converted.findings):
        pytest.skip(f"not convertible to {to}: {converted.findings[0].message}")
    assert converted.conversions and converted.outputs, converted.findings
    conversion = converted.conversions[0]
    return [
        (number, rendered.file, rendered.text, conversion)
        for number, rendered in enumerate(converted.outputs)
        if rendered.spec_type in SPEC_TYPES
    ]


def _bump(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    return f"{value}-changed"


def _mapped_leaves(conversion: Any, number: int, data: Any) -> dict[str, str]:
    """Each scalar of output ``number`` -> the MLproject pointer the conversion's provenance gives for it (list items'
    identities left out)."""
    found: dict[str, str] = {}
    for entry in conversion.provenance:
        if entry.target is None or entry.output != number:
            continue
        for pointer in leaves(value_at(data, entry.target), entry.target):
            parts = tokens(pointer)
            if len(parts) > 1 and parts[-1] == "name" and parts[-2].isdigit():
                continue  # a list item's identity (a Polyaxon input's name): changed, it is another item
            if not isinstance(value_at(data, pointer), (dict, list)):
                found.setdefault(pointer, entry.source)
    return found


def _parameter_or_field(source: str) -> str:
    """The parameter a pointer lies in (the diff may name one of its fields), else the pointer itself."""
    parts = tokens(source)
    return "/" + "/".join(parts[:4]) if parts[:1] == ["entry_points"] and parts[2:3] == ["parameters"] else source


@pytest.mark.parametrize("to", ["azureml", "polyaxon"])
@pytest.mark.parametrize("source", MLPROJECTS, ids=lambda p: p.name)
def test_every_output_against_its_conversion_and_one_change(source: Path, to: str, tmp_path: Path) -> None:
    project = _project(source, tmp_path / "project")
    project_data = load(project.read_text(), str(project)).documents[0].data
    for number, name, text, conversion in _outputs(project, to):
        target = project.parent / name
        target.write_text(text)
        same = diff_files(str(project), str(target))
        assert not same.findings and same.cross_version, (name, same.findings)
        assert [d.status for d in same.documents] == ["matched"], name
        assert same.changes == [], (name, [c.path for c in same.changes])

        for pointer, origin in _mapped_leaves(conversion, number, load(text, name).documents[0].data).items():
            data = load(text, name).documents[0].data
            *parents, last = tokens(pointer)
            node = data
            for token in parents:
                node = node[int(token)] if isinstance(node, list) else node[token]
            key: Any = int(last) if isinstance(node, list) else last
            node[key] = _bump(node[key])
            target.write_text(dump(data))
            changed = diff_files(str(project), str(target))
            assert [(c.kind, c.pointer_b) for c in changed.changes] == [("changed", pointer)], name
            told = changed.changes[0]
            assert told.source is not None
            assert told.source.startswith(pointer_display(project_data, _parameter_or_field(origin))), (told.source, origin)
            assert told.line_a > 0


def test_a_job_input_is_told_at_the_parameter_default(tmp_path: Path) -> None:
    shutil.copytree(TUTORIAL, tmp_path / "p")
    result = diff_files(str(tmp_path / "p" / "MLproject"), str(tmp_path / "p" / "tutorial-main.job.yml"))
    alpha = next(c for c in result.changes if c.pointer_b == "/inputs/alpha")
    assert (alpha.source, alpha.source_value, alpha.old, alpha.new) == (
        "entry_points.main.parameters.alpha.default",
        0.5,
        0.5,
        0.3,
    )
    assert alpha.line_a == 9


def test_the_component_of_another_entry_point_is_compared_without_the_others_notes(tmp_path: Path) -> None:
    """Diffing the `validate` component: the job and main's component are other files, not missing documents, and
    the converter's note on main's `data` parameter is not about this file."""
    shutil.copytree(TUTORIAL, tmp_path / "p")
    folder = tmp_path / "p"
    outputs = {name: text for _, name, text, _ in _outputs(folder / "MLproject")}
    (folder / "tutorial-validate.component.yml").write_text(outputs["tutorial-validate.component.yml"])
    result = diff_files(str(folder / "MLproject"), str(folder / "tutorial-validate.component.yml"))
    assert result.cross_version == "mlflow/mlproject -> azureml/v2/command-component"
    assert [(d.label, d.status) for d in result.documents] == [("azureml/v2/command-component tutorial_validate", "matched")]
    assert not result.different
    assert not any("entry_points.main" in note.source for d in result.documents for note in d.notes)


def test_the_entry_point_of_a_renamed_job_is_read_from_its_display_name_else_its_inputs(tmp_path: Path) -> None:
    shutil.copytree(CASES / "diff" / "mlproject-entry-point", tmp_path / "p")
    folder = tmp_path / "p"
    (folder / "docker-example-train.job.yml").rename(folder / "job.yml")
    result = diff_files(str(folder / "MLproject"), str(folder / "job.yml"))
    assert any(c.source == "entry_points.train.parameters.tag.default" for c in result.changes)
    assert not any(c.path == "command" for c in result.changes)
    # Renamed for good: the entry point whose parameters are the job's inputs.
    (folder / "job.yml").write_text((folder / "job.yml").read_text().replace("docker-example-train", "nightly"))
    result = diff_files(str(folder / "MLproject"), str(folder / "job.yml"))
    assert any(c.source == "entry_points.train.parameters.tag.default" for c in result.changes)
    assert [c.source for c in result.changes if c.path == "display_name"] == ["(set by the conversion)"]


def test_the_conversion_is_asked_for_the_format_and_entry_point_of_b() -> None:
    project: dict[str, Any] = {"name": "p q", "entry_points": {"main": {"command": "a"}, "fit it": {"command": "b"}}}
    job = load("type: command\ncommand: b\n", "p-q-fit-it.job.yml").documents
    assert conversion_options(project, "/x/MLproject", job, "p-q-fit-it.job.yml") == {
        "mlflow/mlproject": {"entry-point": "fit it"}
    }
    assert conversion_options(project, "/x/MLproject", job, "other.job.yml") == {}
    project["entry_points"]["fit it"]["parameters"] = {"batch-size": "int"}
    renamed = load("type: command\ncommand: b\ninputs: {batch_size: 1}\n", "other.job.yml").documents
    assert conversion_options(project, "/x/MLproject", renamed, "other.job.yml") == {
        "mlflow/mlproject": {"entry-point": "fit it"}
    }
    polyaxon = load("version: 1.1\nkind: component\nrun: {kind: job, container: {image: x}}\n", "c.yml").documents
    assert conversion_options(project, "/x/MLproject", polyaxon, "c.yml") == {"mlflow/mlproject": {"to": "polyaxon"}}


def test_two_mlproject_versions_from_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """MLproject files have no .yml name: `diff --git` still finds them, in any case of the name."""

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    shutil.copy(CASES / "diff" / "mlproject-versions" / "old" / "MLproject", tmp_path / "MLproject")
    (tmp_path / "sub").mkdir()
    shutil.copy(TUTORIAL / "MLproject", tmp_path / "sub" / "mlproject")
    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "projects")
    shutil.copy(CASES / "diff" / "mlproject-versions" / "new" / "MLproject", tmp_path / "MLproject")
    tutorial = (tmp_path / "sub" / "mlproject").read_text().replace("default: 0.5", "default: 0.3")
    (tmp_path / "sub" / "mlproject").write_text(tutorial)
    results = diff_git("HEAD", cwd=str(tmp_path))
    assert [r.path_b for r in results] == ["MLproject", "sub/mlproject"]
    assert len(results[0].changes) == 5
    assert [(c.path, c.old, c.new) for c in results[1].changes] == [("entry_points.main.parameters.alpha.default", 0.5, 0.3)]
    monkeypatch.chdir(tmp_path)
    shown = run_cli("diff", "--git", "HEAD")
    assert shown.exit_code == 1 and "sub/mlproject:9 -> sub/mlproject:9" in shown.stdout


def test_many_named_outputs_pair_with_many_documents_in_bounded_time() -> None:
    """4,000 components against a file of the same 4,000 in reverse order: each finds its own by key, not by trying
    every output for every document (which costs millions of spec-type detections), under a CPU-time limit."""

    from speclift.diffing.crossversion import _named_pairs, _Produced

    count = 4000
    text = "---\n".join(f"type: command\nname: c{i}\ncommand: python c.py\n" for i in range(count))
    outputs = load(text, "c.component.yml").documents
    reverse = load("---\n".join(reversed(text.split("---\n"))), "all.component.yml").documents
    conversion: Any = None
    named = [
        _Produced(d, conversion, i, d, "", f"p-c{i}.component.yml", "azureml/v2/command-component") for i, d in enumerate(outputs)
    ]

    def pair() -> list[tuple[Any, Any]]:
        pairs = _named_pairs(named, reverse, "all.component.yml")
        return [(a.data["name"] if a is not None else None, b.data["name"] if b is not None else None) for a, b in pairs]

    outcome = call_bounded(pair, cpu_seconds=10)
    assert outcome.finished, "pairing did not finish within its CPU-time limit"
    names = outcome.result
    assert len(names) == count and all(a == b for a, b in names)


def test_a_job_running_an_undeclared_script_is_compared_with_that_conversion(tmp_path: Path) -> None:
    """`-O entry-point=validate.py` runs the script itself; its job's file name is that of entry point `validate`,
    its display name (`tutorial-validate.py`) tells them apart."""
    shutil.copytree(TUTORIAL, tmp_path / "p")
    folder = tmp_path / "p"
    options = {"mlflow/mlproject": {"entry-point": "validate.py"}}
    converted = convert_file(str(folder / "MLproject"), options, output_dir=str(folder))
    job = next(o for o in converted.outputs if o.spec_type == "azureml/v2/command-job")
    assert job.file == "tutorial-validate.job.yml"
    (folder / job.file).write_text(job.text)
    result = diff_files(str(folder / "MLproject"), str(folder / job.file))
    assert not result.findings and not result.different, [c.path for c in result.changes]
