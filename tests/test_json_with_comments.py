"""JSON with comments (editor, dev-container and TypeScript settings) is no spec, for validation and for the migration
inventory alike (speclift.commented_json): a migrated repository with a tsconfig.json passes ``convert --check``.
The golden cases are tests/cases/validate/json-with-comments (validate) and the fraud repository's
.devcontainer/devcontainer.json and dashboard/tsconfig.json (convert --check)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from speclift import commented_json, yamlio
from speclift.migration.inventory import FileStatus, survey_file
from speclift.migration.layout import NOWHERE, Layout
from speclift.validation.engine import validate_file
from tests.conftest import CASES, run_cli

CASE = CASES / "validate" / "json-with-comments"
V2_JOB = "$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\ntype: command\ncommand: python t.py\nenvironment: azureml:e:1\n"
SETTINGS = '{\n  // the editor\'s\n  "editor.tabSize": 2,\n}\n'


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ('{"a": 1, // one\n "b": [2, 3,], /* two */}', {"a": 1, "b": [2, 3]}),
        ('{"url": "https://x//y", "glob": "src/*.ts /* not a comment */"} // the end', None),
        ('{"quote": "a \\" // b", "n": 1,}', {"quote": 'a " // b', "n": 1}),
        ('{"comma": ",}", "list": [",]", ], }', {"comma": ",}", "list": [",]"]}),
        ("// only a comment\n[1, 2]", [1, 2]),
    ],
)
def test_comments_and_trailing_commas_outside_strings_are_dropped(text: str, data: object) -> None:
    expected = data if data is not None else {"url": "https://x//y", "glob": "src/*.ts /* not a comment */"}
    assert commented_json.load(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1}',  # plain JSON: YAML reads it
        '{"a": "open // string}',
        '{"a": 1 /* open comment',
        "a: 1 # YAML",
        '{"a": 1} / 2',
        "[" * 100_000 + "//\n" + "]" * 100_000,
    ],
)
def test_what_is_not_json_with_comments(text: str) -> None:
    assert commented_json.load(text) is commented_json.load("not json at all")


def test_validate_names_settings_as_not_specs_and_a_commented_spec_as_unreadable() -> None:
    settings = validate_file(str(CASE / ".vscode" / "settings.json"))
    assert [(f.code, f.severity.label) for f in settings.findings] == [("SL011", "info")]
    assert settings.spec_types == [None]
    refused = validate_file(str(CASE / "deploy" / "inference_config.json"))
    assert [f.code for f in refused.findings] == ["SL001"]  # Azure ML v1 reads it with json.load, which refuses it


def _migrated_repository(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    for name, text in {
        "jobs/train.yml": V2_JOB,
        "tsconfig.json": SETTINGS,
        ".devcontainer/devcontainer.json": SETTINGS,
        ".vscode/settings.json": SETTINGS,
    }.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    (repo / ".git").mkdir()
    return repo


def test_convert_check_passes_a_migrated_repository_with_settings_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _migrated_repository(tmp_path)
    monkeypatch.chdir(repo)
    walked = run_cli("convert", "--check", ".")
    assert walked.exit_code == 0, walked.output
    named = run_cli("convert", "--check", "tsconfig.json", ".vscode/settings.json", ".devcontainer/devcontainer.json")
    assert named.exit_code == 0, named.output
    assert "unreadable" not in named.output
    validated = run_cli("validate", "tsconfig.json", ".vscode/settings.json", ".devcontainer/devcontainer.json")
    assert validated.exit_code == 0, validated.output
    scanned = run_cli("scan", "--verbose", "--format", "json", ".")
    statuses = {f["path"]: f["status"] for f in json.loads(scanned.stdout)["files"]}
    assert statuses == {
        ".devcontainer/devcontainer.json": "not-a-spec",
        "jobs/train.yml": "current",
        "tsconfig.json": "not-a-spec",
    }, statuses


@pytest.mark.parametrize("name", ["tsconfig.json", ".vscode/settings.json", "deploy/inference_config.json"])
def test_the_inventory_and_validation_share_the_rule(name: str) -> None:
    path = str(CASE / name)
    record = survey_file(path, {}, Layout.for_paths([path], NOWHERE))
    unreadable = any(f.code == "SL001" for f in validate_file(path).findings)
    assert (record.status == FileStatus.UNREADABLE) == unreadable
    assert unreadable == name.startswith("deploy/"), "a spec written with comments is refused; settings are no spec"
    assert yamlio.load(SETTINGS, "x.json").findings, "YAML alone cannot read JSON with comments"
