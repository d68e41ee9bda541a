"""The rich path validates against schemas with their references inlined: the errors must be exactly those of the
schema as written (same keyword, place, message and schema part, in the same order), on every invalid case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from speclift import schemas
from speclift.spectypes import SPEC_TYPES
from tests.conftest import CASES

INVALID = sorted((CASES / "schema").glob("*/invalid-*.yml"))


# Folders not named after the last part of their type's id
_FOLDERS = {
    "polyaxon-v1-deployment": "polyaxon/v1/deployment",
    "polyaxon-v2-deployment": "polyaxon/v2/deployment",
    "polyaxon-v2-component": "polyaxon/v2/component",
    "polyaxon-v2-operation": "polyaxon/v2/operation",
}


def _schema_file(case: Path) -> str:
    name = case.parent.name
    if name in _FOLDERS:
        return str(SPEC_TYPES[_FOLDERS[name]].schema_file)
    spec = next(s for s in SPEC_TYPES.values() if s.schema_file and s.id.rsplit("/", 1)[1] == name.removeprefix("polyaxon-"))
    assert spec.schema_file is not None
    return spec.schema_file


def _as_written(relative: str) -> Any:
    folder = relative.rsplit("/", 1)[0] + "/"
    return jsonschema.Draft202012Validator(schemas.load_schema(relative), registry=schemas._shared_registry(folder))


def _read_from(schema: Any) -> str:
    """What findings and best_match read of an error's schema (its references themselves are what inlining changes)."""
    if not isinstance(schema, dict):
        return json.dumps(schema)
    read = {key: schema.get(key) for key in ("type", "description", "enum", "const", "pattern", "additionalProperties")}
    read["properties"] = sorted(schema.get("properties", {}))
    read["patternProperties"] = sorted(schema.get("patternProperties", {}))
    return json.dumps(read, sort_keys=True, default=str)


def _errors(validator: Any, data: Any) -> list[tuple[str, list[Any], str, str]]:
    def walk(errors: Any) -> list[tuple[str, list[Any], str, str]]:
        found = []
        for error in errors:
            found.append((error.validator, list(error.absolute_path), error.message, _read_from(error.schema)))
            found.extend(walk(error.context))
        return found

    return walk(validator.iter_errors(data))


def test_every_invalid_case_is_checked() -> None:
    assert len(INVALID) >= 40


@pytest.mark.parametrize("case", INVALID, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_inlined_schema_gives_the_same_errors(case: Path) -> None:
    relative = _schema_file(case)
    data = yaml.safe_load(case.read_text())
    inlined = _errors(schemas.rich_validator(relative), data)
    assert inlined, "an invalid case must fail"
    assert inlined == _errors(_as_written(relative), data)


def test_no_reference_is_left_but_recursion() -> None:
    """Outside `$defs`, a `$ref` survives only where a schema refers back into itself (absolute, so it resolves)."""

    def references(node: Any) -> list[str]:
        if isinstance(node, dict):
            found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
            return found + [ref for key, value in node.items() if key != "$defs" for ref in references(value)]
        if isinstance(node, list):
            return [ref for item in node for ref in references(item)]
        return []

    for spec in SPEC_TYPES.values():
        if spec.schema_file:
            left = references(schemas.inline_references(spec.schema_file))
            assert all(ref.startswith(schemas.BASE_URI) for ref in left), (spec.id, left[:3])
