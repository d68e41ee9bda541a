"""Every top-level property of every spec type carries a description: the text an editor's hover shows (the
exported schemas, `speclift schemas export`), read from the shipped schemas themselves."""

from __future__ import annotations

from typing import Any

import pytest

from speclift import schema_coverage
from speclift.spectypes import SPEC_TYPES

TYPES = sorted(spec.id for spec in SPEC_TYPES.values() if spec.schema_file)


@pytest.mark.parametrize("spec_id", TYPES)
def test_every_top_level_property_is_described(spec_id: str) -> None:
    schema_file = SPEC_TYPES[spec_id].schema_file
    assert schema_file is not None
    assert schema_coverage.top_level_properties(schema_file), "a spec type without properties measures nothing"
    assert schema_coverage.undescribed_top_level(schema_file) == []


def test_the_measure_finds_what_lacks_a_description(monkeypatch: pytest.MonkeyPatch) -> None:
    files: dict[str, Any] = {
        "x/v1/thing.schema.json": {
            "allOf": [{"$ref": "defs.schema.json#/$defs/body"}],
            "properties": {
                "kind": {"const": "thing"},
                "name": {"description": "Its name.", "type": "string"},
                "forbidden": {"not": {}},
            },
            "if": {"properties": {"kind": {"const": "thing"}}},
            "then": {"properties": {"extra": {"type": "string"}}},
        },
        "x/v1/defs.schema.json": {
            "$defs": {
                "body": {"properties": {"kind": {"type": "string"}, "size": {"$ref": "#/$defs/size"}, "plain": {}}},
                "size": {"description": "How big.", "type": "integer"},
            }
        },
    }
    monkeypatch.setattr(schema_coverage, "load_schema", files.__getitem__)
    assert sorted(schema_coverage.top_level_properties("x/v1/thing.schema.json")) == ["extra", "kind", "name", "plain", "size"]
    assert schema_coverage.undescribed_top_level("x/v1/thing.schema.json") == ["extra", "kind", "plain"]
    assert schema_coverage.top_level_coverage("x/v1/thing.schema.json").described == 2
