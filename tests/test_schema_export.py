"""`speclift schemas export`: every spec type's schema as one self-contained file that validates exactly as the
shipped schema does, written atomically, never over what it did not write, never outside its folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import referencing
import yaml
from conftest import CASES, run_cli

from speclift import schemas
from speclift.ecma_regex import UnportablePattern, portable
from speclift.schema_export import INDEX, MARK, Outcome, export_schemas, exported_types, pattern_message, schema_path
from speclift.spectypes import SPEC_TYPES

SCHEMA_CASES = sorted((CASES / "schema").glob("*/*.yml"))


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export") / "schemas"
    result = export_schemas(str(folder))
    assert result.problems == []
    return folder


def plain_validator(folder: Path, relative: str) -> jsonschema.Draft202012Validator:
    """The exported file read as any tool would: plain jsonschema, and a registry that can resolve nothing else."""
    schema = json.loads((folder / relative).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, registry=referencing.Registry())


def test_every_type_with_a_schema_is_exported_and_indexed(exported: Path) -> None:
    index = json.loads((exported / INDEX).read_text())
    listed = {entry["type"]: entry["file"] for entry in index["schemas"]}
    expected = {spec.id for spec in SPEC_TYPES.values() if spec.schema_file}
    assert set(listed) == expected
    for spec_id, file in listed.items():
        assert file == schema_path(SPEC_TYPES[spec_id])
        schema = json.loads((exported / file).read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$comment"].startswith(MARK) and "$id" not in schema


def _references(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [
            ref for key, value in node.items() if key not in ("enum", "const", "examples") for ref in _references(value)
        ]
    if isinstance(node, list):
        return [ref for item in node for ref in _references(item)]
    return []


def test_every_reference_stays_in_its_file(exported: Path) -> None:
    for spec in exported_types():
        schema = json.loads((exported / schema_path(spec)).read_text())
        references = _references(schema)
        assert all(ref.startswith("#") for ref in references), spec.id
        validator = plain_validator(exported, schema_path(spec))
        for ref in set(references):  # each resolves inside the file itself
            validator._resolver.lookup(ref)


def _spec_of(case: Path) -> str:
    """The schema file a schema case is checked against (what `speclift validate` detects for it)."""
    from speclift import spectypes

    data = yaml.safe_load(case.read_text())
    spec = spectypes.detect(data, case.name).spec_type
    assert spec is not None and spec.schema_file is not None, case
    return spec.schema_file


@pytest.mark.parametrize("case", SCHEMA_CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_exported_schema_gives_the_shipped_schemas_verdict(exported: Path, case: Path) -> None:
    relative = _spec_of(case)
    data = yaml.safe_load(case.read_text())
    shipped = schemas.fast_validator(relative).is_valid(data)
    if case.name.startswith("invalid-"):
        assert not shipped, "an invalid case the shipped schema accepts shows nothing here"
    assert plain_validator(exported, relative).is_valid(data) == shipped


def test_a_second_export_touches_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "schemas"
    export_schemas(str(folder))
    before = {path: path.stat().st_mtime_ns for path in folder.rglob("*.json")}
    again = export_schemas(str(folder))
    assert {f.outcome for f in again.files} == {Outcome.UNCHANGED} and again.problems == []
    assert {path: path.stat().st_mtime_ns for path in folder.rglob("*.json")} == before


def test_what_an_export_wrote_is_replaced_and_anything_else_kept(tmp_path: Path) -> None:
    folder = tmp_path / "schemas"
    export_schemas(str(folder))
    ours = folder / "azureml/v2/command-job.schema.json"
    stale = json.loads(ours.read_text())
    stale["title"] = "an older export"
    ours.write_text(json.dumps(stale))
    theirs = folder / "azureml/v2/environment.schema.json"
    theirs.write_text('{"title": "a schema of my own"}\n')
    result = export_schemas(str(folder))
    outcomes = {f.path: f.outcome for f in result.files}
    assert outcomes["azureml/v2/command-job.schema.json"] == Outcome.REPLACED
    assert outcomes["azureml/v2/environment.schema.json"] == Outcome.NOT_WRITTEN
    assert [(p.code, p.path) for p in result.problems] == [("SL408", str(theirs))]
    assert theirs.read_text() == '{"title": "a schema of my own"}\n'
    assert json.loads(ours.read_text())["title"] != "an older export"
    forced = export_schemas(str(folder), force=True)
    assert forced.problems == [] and json.loads(theirs.read_text())["$comment"].startswith(MARK)


def test_nothing_is_written_through_a_link_out_of_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    folder = tmp_path / "schemas"
    folder.mkdir()
    (folder / "polyaxon").symlink_to(outside, target_is_directory=True)
    result = export_schemas(str(folder))
    assert {p.code for p in result.problems} == {"SL420"}
    assert {f.path.split("/")[0] for f in result.files if f.outcome == Outcome.NOT_WRITTEN} == {"polyaxon"}
    assert list(outside.iterdir()) == []


def test_something_in_the_way_of_a_folder_is_told_once(tmp_path: Path) -> None:
    """A file where the export needs a folder, or a link to nothing, keeps every schema below it out: one finding
    names it (not one per schema), the other families are still written, and --force leaves it alone."""
    folder = tmp_path / "schemas"
    folder.mkdir()
    (folder / "azureml").write_text("mine\n")
    (folder / "polyaxon").symlink_to(tmp_path / "nowhere")
    for force in (False, True):
        result = export_schemas(str(folder), force=force)
        assert sorted((p.code, p.path) for p in result.problems) == [
            ("SL421", str(folder / "azureml")),
            ("SL421", str(folder / "polyaxon")),
        ]
        assert "a file is no folder" in result.problems[0].message
        assert "a symbolic link to nothing is no folder" in result.problems[1].message
        blocked = {f.path.split("/")[0] for f in result.files if f.outcome == Outcome.NOT_WRITTEN}
        assert blocked == {"azureml", "polyaxon"}
        assert (folder / "mlflow/mlproject.schema.json").is_file()
    assert (folder / "azureml").read_text() == "mine\n" and not (tmp_path / "nowhere").exists()
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    alone = export_schemas(str(dangling))
    assert [(p.code, p.message) for p in alone.problems] == [
        ("SL421", "a symbolic link to nothing: the schemas go into a folder")
    ]


def test_cli_exit_codes(tmp_path: Path) -> None:
    folder = tmp_path / "schemas"
    first = run_cli("schemas", "export", str(folder))
    assert first.exit_code == 0 and f"{len(exported_types()) + 1} written" in first.stdout
    (folder / INDEX).write_text("{}\n")
    refused = run_cli("schemas", "export", str(folder))
    assert refused.exit_code == 1 and "SL408" in refused.stdout
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    assert run_cli("schemas", "export", str(not_a_folder)).exit_code != 0


# --- patterns in the editors' dialect ---------------------------------------------------------------------------


def _patterns(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        found += list(node["patternProperties"]) if isinstance(node.get("patternProperties"), dict) else []
        return found + [p for key, value in node.items() if key not in ("enum", "const", "examples") for p in _patterns(value)]
    if isinstance(node, list):
        return [p for item in node for p in _patterns(item)]
    return []


def _shipped_patterns() -> list[str]:
    found: set[str] = set()
    for path in schemas.schemas_dir().rglob("*.schema.json"):
        found.update(_patterns(json.loads(path.read_text())))
    return sorted(found)


def _probes() -> list[str]:
    """Strings to try every pattern on: every string of every case and sample, in three cases."""
    strings: set[str] = set()

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                strings.add(str(key))
                collect(value)
        elif isinstance(node, list):
            for item in node:
                collect(item)
        elif isinstance(node, str):
            strings.add(node)

    for case in SCHEMA_CASES:
        collect(yaml.safe_load(case.read_text()))
    return sorted({variant for text in strings for variant in (text, text.upper(), text.lower())})


def test_portable_patterns_match_what_the_shipped_ones_match() -> None:
    import jsonschema_rs

    probes = _probes()
    for pattern in _shipped_patterns():
        shipped = jsonschema_rs.validator_for({"pattern": pattern})  # the engine `speclift validate` decides with
        rewritten = jsonschema_rs.validator_for({"pattern": portable(pattern)})
        for probe in probes:
            assert shipped.is_valid(probe) == rewritten.is_valid(probe), (pattern, probe)


def test_portable_patterns_compile_in_an_ecmascript_engine() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    rewritten = [portable(p) for p in _shipped_patterns()]
    script = "const ps = JSON.parse(require('fs').readFileSync(0, 'utf8')); for (const p of ps) { new RegExp(p, 'u'); }"
    done = subprocess.run([node, "-e", script], input=json.dumps(rewritten), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    original = [p for p in _shipped_patterns() if "(?i" in p]
    refused = subprocess.run([node, "-e", script], input=json.dumps(original[:1]), capture_output=True, text=True, timeout=60)
    if refused.returncode == 0:
        pytest.skip("this node accepts (?i:...) groups: the rewriting is shown by the other test only")


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("^(?i:command)$", "^(?:[cC][oO][mM][mM][aA][nN][dD])$"),
        ("^(?i:[a-f0-9]+)$", "^(?:[a-f0-9A-F]+)$"),
        ("^(?i:[^x])$", "^(?:[^xX])$"),
        ("^(?i:a\\sb)$", "^(?:[aA]\\s[bB])$"),
        ("^[-a-z]+\\z", "^[-a-z]+$"),
        ("^(?i:[-a])$", "^(?:[\\-aA])$"),
    ],
)
def test_portable(pattern: str, expected: str) -> None:
    assert portable(pattern) == expected


@pytest.mark.parametrize("pattern", ["(?m)^a$", "^(?i:[A-z])$", "^\\Afoo", "(a", "a)", "[]a]"])
def test_unportable_patterns_are_refused(pattern: str) -> None:
    with pytest.raises(UnportablePattern):
        portable(pattern)


def test_descriptions_are_doubled_for_markdown_hovers(exported: Path) -> None:
    schema = json.loads((exported / "azureml/v2/command-job.schema.json").read_text())
    command = schema["properties"]["command"]
    assert command["markdownDescription"] == command["description"]
    assert os.path.getsize(exported / "azureml/v2/command-job.schema.json") > 0


def _pattern_nodes(node: Any, key: str = "") -> list[dict[str, Any]]:
    """Every schema of an exported file that has a ``pattern`` (data keywords skipped)."""
    if key in ("enum", "const", "default", "examples"):
        return []
    if isinstance(node, list):
        return [found for item in node for found in _pattern_nodes(item)]
    if not isinstance(node, dict):
        return []
    if key in ("properties", "patternProperties", "$defs", "dependentSchemas"):
        return [found for schema in node.values() for found in _pattern_nodes(schema)]
    own = [node] if isinstance(node.get("pattern"), str) else []
    return own + [found for name, value in node.items() for found in _pattern_nodes(value, name)]


def test_a_pattern_spelt_with_both_cases_carries_a_readable_message(exported: Path) -> None:
    """yaml-language-server quotes the failing pattern in its message; the portable form of ``(?i:command)``,
    ``^(?:[cC][oO][mM]...)$``, is unreadable there, so every such pattern says what it accepts in its own words."""
    folded = {portable(p) for p in _shipped_patterns() if "(?i:" in p}
    seen = 0
    for spec in exported_types():
        for node in _pattern_nodes(json.loads((exported / schema_path(spec)).read_text())):
            if node["pattern"] in folded:
                seen += 1
                assert "patternErrorMessage" in node, (spec.id, node["pattern"])
                assert node["pattern"] not in node["patternErrorMessage"], node["patternErrorMessage"]
            else:
                assert "patternErrorMessage" not in node, (spec.id, node["pattern"])
    assert seen > 100  # the schemas spell many case-insensitive enums as patterns


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("^(?i:command)$", 'Value is not accepted. Valid values (in any case): "command".'),
        ("^(?i:uniform|log_uniform)$", 'Value is not accepted. Valid values (in any case): "uniform", "log_uniform".'),
        ("^(?i:uri_?file)$", 'String does not match the pattern of "^(?i:uri_?file)$".'),
        ("^x(?i:ab)$", 'String does not match the pattern of "^x(?i:ab)$".'),
    ],
)
def test_pattern_message(pattern: str, message: str) -> None:
    assert pattern_message(pattern) == message
