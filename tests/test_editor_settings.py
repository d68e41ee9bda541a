"""`speclift schemas editor-settings`: every spec of the samples tree is pointed at its exported schema, and that
schema, read from the export folder alone by plain jsonschema (no speclift code, nothing fetched), gives each file
the schema verdict `speclift validate` gives it. Then: merging into settings.json, and modelines."""

from __future__ import annotations

import json
import os
import shutil
import socket
from pathlib import Path

import jsonschema
import pytest
import referencing
import yaml
from conftest import ROOT, run_cli

from speclift.editor import EditorError, add_modelines, detect_specs, merge_vscode_settings, with_modeline
from speclift.validation.engine import validate_file

SCHEMA_CODES = frozenset({"SL101", "SL102", "SL103", "SL104", "SL105", "SL106", "SL107", "SL109"})  # schema findings


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the samples tree with the schemas exported into it, as a user's workspace would be."""
    root = tmp_path_factory.mktemp("workspace")
    shutil.copytree(ROOT / "samples", root / "samples")
    done = run_cli("schemas", "export", str(root / ".speclift" / "schemas"))
    assert done.exit_code == 0, done.output
    return root


def _refuse_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every way of reaching the network fails, and each attempt is recorded (a caller could swallow the error)."""
    attempts: list[str] = []

    def refused(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args))
        raise OSError("network access")

    for owner, name in (
        (socket.socket, "connect"),
        (socket.socket, "connect_ex"),
        (socket, "create_connection"),
        (socket, "getaddrinfo"),
    ):
        monkeypatch.setattr(owner, name, refused)
    return attempts


def test_samples_settings_give_validates_schema_verdicts(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workspace)
    attempts = _refuse_network(monkeypatch)
    printed = run_cli("schemas", "editor-settings", "samples")
    assert printed.exit_code == 0, printed.output
    mapping = json.loads(printed.stdout)["yaml.schemas"]
    validated = run_cli("validate", "--format", "json", "samples")
    report = json.loads(validated.stdout)
    schema_of = {path: schema for schema, paths in mapping.items() for path in paths}
    checked = {True: 0, False: 0}
    for result in report["files"]:
        types = [t for t in result["spec_types"] if t]
        if not types or not os.path.isfile(os.path.join(".speclift/schemas", types[0] + ".schema.json")):
            assert result["path"] not in schema_of  # no schema: nothing to map (an old format)
            continue
        assert result["path"] in schema_of, f"{result['path']} ({types[0]}) is not mapped"
        schema_file = schema_of[result["path"]]
        assert schema_file == f".speclift/schemas/{types[0]}.schema.json"
        # What an editor does: read the schema file it was pointed at, and nothing else.
        schema = json.loads(Path(schema_file).read_text(encoding="utf-8"))
        validator = jsonschema.Draft202012Validator(schema, registry=referencing.Registry())
        valid = all(validator.is_valid(document) for document in yaml.safe_load_all(Path(result["path"]).read_text()))
        speclift_valid = not any(f["code"] in SCHEMA_CODES for f in result["findings"])
        assert valid == speclift_valid, result["path"]
        checked[valid] += 1
    assert set(schema_of) <= {r["path"] for r in report["files"]}
    assert checked[True] >= 5 and checked[False] >= 2, checked  # the samples' deliberate mistakes are among them
    assert attempts == []


def test_a_modeline_makes_no_difference_to_validate(workspace: Path, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(workspace, root)
    settings = detect_specs([str(root / "samples")], root=str(root))
    before = {spec.path: _codes(root / spec.path) for spec in settings.files}
    changed, left, problems = add_modelines(settings)
    assert problems == [] and left == [] and sorted(changed) == sorted(before)
    assert {path: _codes(root / path) for path in before} == before
    first = (root / settings.files[0].path).read_text().splitlines()[0]
    assert first == settings.files[0].modeline
    schema = (root / settings.files[0].path).parent / first.split("$schema=", 1)[1]
    assert schema.resolve() == (root / settings.files[0].schema).resolve()
    again = add_modelines(detect_specs([str(root / "samples")], root=str(root)))
    assert again[0] == []  # already there: nothing rewritten


def _codes(path: Path) -> list[str]:
    return sorted(f.code for f in validate_file(str(path)).findings)


def test_with_modeline() -> None:
    line = "# yaml-language-server: $schema=../s/job.schema.json"
    assert with_modeline("a: 1\n", line) == line + "\na: 1\n"
    assert with_modeline("a: 1\r\nb: 2\r\n", line) == line + "\r\na: 1\r\nb: 2\r\n"
    assert with_modeline("\ufeffa: 1\n", line) == "\ufeff" + line + "\na: 1\n"
    old = "# top\n# yaml-language-server: $schema=https://example.invalid/x.json\na: 1\n"
    assert with_modeline(old, line) == f"# top\n{line}\na: 1\n"


def _settings(root: Path) -> Path:
    (root / ".vscode").mkdir(exist_ok=True)
    return root / ".vscode" / "settings.json"


def _one_spec(root: Path) -> None:
    (root / "jobs").mkdir()
    (root / "jobs" / "train.yml").write_text("type: command\ncommand: python train.py\nenvironment: azureml:env:1\n")
    (root / "MLproject").write_text("name: demo\nentry_points:\n  main:\n    command: python main.py\n")


def test_merge_keeps_other_settings_and_replaces_its_own(tmp_path: Path) -> None:
    _one_spec(tmp_path)
    settings_file = _settings(tmp_path)
    settings_file.write_text(
        json.dumps(
            {
                "editor.tabSize": 2,
                "yaml.schemas": {"other.json": "x.yml", ".speclift/schemas/azureml/v2/old.schema.json": ["gone.yml"]},
                "files.associations": {"MLproject": "plaintext"},
            },
            indent=2,
        )
    )
    settings = detect_specs([str(tmp_path)], root=str(tmp_path))
    done = run_cli("schemas", "editor-settings", str(tmp_path), "--root", str(tmp_path), "--write")
    assert done.exit_code == 0, done.output
    merged = json.loads(settings_file.read_text())
    assert merged["editor.tabSize"] == 2
    assert merged["yaml.schemas"] == {"other.json": "x.yml", **settings.schemas}
    assert merged["yaml.schemas"][".speclift/schemas/azureml/v2/command-job.schema.json"] == ["jobs/train.yml"]
    assert merged["yaml.schemas"][".speclift/schemas/mlflow/mlproject.schema.json"] == ["MLproject"]
    assert merged["files.associations"] == {"MLproject": "plaintext"}  # the user's choice wins
    assert settings_file.read_text().startswith('{\n  "editor')  # its indentation kept
    assert merge_vscode_settings(detect_specs([str(tmp_path)], root=str(tmp_path)))[1] is None  # nothing left to do


@pytest.mark.parametrize(
    "text",
    ['{\n  // my settings\n  "a": 1\n}\n', '{\n  "a": 1, /* why */ "b": 2\n}\n', '{\n  "a": 1,\n}\n', '{"yaml.schemas": []}'],
)
def test_settings_it_cannot_merge_safely_are_left_untouched(tmp_path: Path, text: str) -> None:
    _one_spec(tmp_path)
    settings_file = _settings(tmp_path)
    settings_file.write_text(text)
    done = run_cli("schemas", "editor-settings", str(tmp_path), "--root", str(tmp_path), "--write")
    assert done.exit_code == 2 and "speclift:" in done.stderr and "Traceback" not in done.output
    assert settings_file.read_text() == text


def test_a_comment_marker_inside_a_string_is_no_comment(tmp_path: Path) -> None:
    _one_spec(tmp_path)
    settings_file = _settings(tmp_path)
    settings_file.write_text('{"http.proxy": "http://proxy:8080/*x*/"}\n')
    assert run_cli("schemas", "editor-settings", str(tmp_path), "--root", str(tmp_path), "--write").exit_code == 0
    assert json.loads(settings_file.read_text())["http.proxy"] == "http://proxy:8080/*x*/"


def test_paths_outside_the_workspace_are_refused(tmp_path: Path) -> None:
    inside = tmp_path / "ws"
    inside.mkdir()
    with pytest.raises(EditorError):
        detect_specs([str(tmp_path)], root=str(inside))
    with pytest.raises(EditorError):
        detect_specs([str(inside)], root=str(inside), schemas_dir="../schemas")
    done = run_cli("schemas", "editor-settings", str(tmp_path), "--root", str(inside))
    assert done.exit_code == 2 and "outside the workspace" in done.stderr


def test_modeline_format_and_notes(tmp_path: Path) -> None:
    _one_spec(tmp_path)
    (tmp_path / "jobs" / "azure.yml").write_text(
        "$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\ncommand: x\nenvironment: azureml:e:1\n"
    )
    done = run_cli("schemas", "editor-settings", str(tmp_path), "--root", str(tmp_path), "--format", "modeline")
    assert done.exit_code == 0
    assert (
        "jobs/train.yml\t# yaml-language-server: $schema=../.speclift/schemas/azureml/v2/command-job.schema.json\n" in done.stdout
    )
    assert "not in" in done.stderr and "speclift schemas export" in done.stderr  # nothing exported yet
    assert "1 files have a `$schema:` key" in done.stderr


# What VS Code sends yaml-language-server as a document's URI path for a file of the workspace (vscode-uri's
# `URI.file(path).toString()`: everything but ASCII letters, digits and `-._~/` percent-encoded, UTF-8, upper case).
# yaml-language-server matches the `yaml.schemas` globs against that text, so the plain path alone never matches these.
AS_VSCODE_SENDS = {
    "a b/train.yml": "a%20b/train.yml",
    "données/train.yml": "donn%C3%A9es/train.yml",
    "[x]/train.yml": "%5Bx%5D/train.yml",
    "{y}/train.yml": "%7By%7D/train.yml",
    "(p)/train.yml": "%28p%29/train.yml",
    "!bang/train.yml": "%21bang/train.yml",
    "c,d/train.yml": "c%2Cd/train.yml",
    "e*f/train.yml": "e%2Af/train.yml",
    "h#i/train.yml": "h%23i/train.yml",
    "plain/tr~ain-1_2.yml": "plain/tr~ain-1_2.yml",
}


def test_each_file_is_matched_as_vscode_names_it_and_as_written(tmp_path: Path) -> None:
    for path in AS_VSCODE_SENDS:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("version: 1.1\nkind: component\nrun: {kind: job, container: {image: busybox}}\n")
    settings = detect_specs([str(tmp_path)], root=str(tmp_path))
    (globs,) = settings.schemas.values()
    assert set(AS_VSCODE_SENDS.values()) <= set(globs)
    # the plain form, glob characters escaped, for clients that send paths unencoded; nothing else
    assert set(globs) - set(AS_VSCODE_SENDS.values()) == {
        "a b/train.yml",
        "données/train.yml",
        "\\[x\\]/train.yml",
        "[{]y[}]/train.yml",
        "[(]p[)]/train.yml",
        "[!]bang/train.yml",
        "c,d/train.yml",
        "e[*]f/train.yml",
        "h#i/train.yml",
    }


def test_a_linked_settings_file_is_never_replaced(tmp_path: Path) -> None:
    """A dotfiles checkout links .vscode/settings.json (or .vscode) elsewhere: the link stays, its target is not read."""
    root = tmp_path / "ws"
    root.mkdir()
    _one_spec(root)
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    (dotfiles / "settings.json").write_text('{"editor.tabSize": 2}\n')
    (root / ".vscode").mkdir()
    (root / ".vscode" / "settings.json").symlink_to(dotfiles / "settings.json")
    done = run_cli("schemas", "editor-settings", str(root), "--root", str(root), "--write")
    assert done.exit_code == 2 and "symbolic link" in done.stderr
    assert (root / ".vscode" / "settings.json").is_symlink()
    (root / ".vscode" / "settings.json").unlink()
    (root / ".vscode").rmdir()
    (root / ".vscode").symlink_to(dotfiles, target_is_directory=True)
    done = run_cli("schemas", "editor-settings", str(root), "--root", str(root), "--write")
    assert done.exit_code == 2 and "outside the workspace" in done.stderr
    assert (dotfiles / "settings.json").read_text() == '{"editor.tabSize": 2}\n'
