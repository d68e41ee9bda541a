"""How much of the shipped schemas an editor can explain: which properties carry a ``description`` (the text a
hover shows), for one spec type's top level and for every property of every shipped file.

A property counts as described when its schema has a ``description``, or reaches one through ``$ref`` or a single
``allOf`` member (what an editor's hover follows). ``tests/test_schema_descriptions.py`` fails when a spec type's
top-level property has none.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from speclift.pointer import value_at
from speclift.schemas import load_schema, schemas_dir

_COMPOSED = ("allOf", "anyOf", "oneOf")
_BRANCHES = ("if", "then", "else")


@dataclass(frozen=True, slots=True)
class Coverage:
    described: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.described / self.total if self.total else 100.0


def top_level_properties(relative: str) -> dict[str, list[tuple[Any, str]]]:
    """Every property a document of the schema file ``relative`` may have at its top level, with each schema that
    declares it (and the file that schema lives in): the root's ``properties`` and those of the schemas it is
    composed of (``allOf``/``anyOf``/``oneOf``, ``if``/``then``/``else``, ``$ref``); a key declared only to be
    forbidden (``{"not": ...}``) is none."""
    found: dict[str, list[tuple[Any, str]]] = {}
    seen: set[int] = set()
    pending: list[tuple[Any, str]] = [(load_schema(relative), relative)]
    while pending:
        schema, file = pending.pop()
        if not isinstance(schema, dict) or id(schema) in seen:
            continue
        seen.add(id(schema))
        for name, declared in schema.get("properties", {}).items():
            if not _forbids(declared):
                found.setdefault(name, []).append((declared, file))
        if isinstance(schema.get("$ref"), str):
            pending.append(resolve(schema["$ref"], file))
        for key in _COMPOSED:
            pending.extend((member, file) for member in schema.get(key, []))
        pending.extend((schema[key], file) for key in _BRANCHES if key in schema)
    return found


def _forbids(schema: Any) -> bool:
    """A declaration that only says the key may not be there (``false``, ``{"not": ...}``): no property."""
    return schema is False or (isinstance(schema, dict) and set(schema) == {"not"})


def described(schema: Any, file: str) -> bool:
    """Whether ``schema`` has a description, or reaches one through ``$ref`` or a lone ``allOf`` member."""
    for _ in range(32):  # a chain of references, never a loop
        if not isinstance(schema, dict):
            return False
        if isinstance(schema.get("description"), str) and schema["description"].strip():
            return True
        if isinstance(schema.get("$ref"), str):
            schema, file = resolve(schema["$ref"], file)
        elif isinstance(schema.get("allOf"), list) and len(schema["allOf"]) == 1:
            schema = schema["allOf"][0]
        else:
            return False
    return False


def undescribed_top_level(relative: str) -> list[str]:
    """The top-level properties of the schema file ``relative`` that no declaration describes."""
    return sorted(
        name
        for name, declarations in top_level_properties(relative).items()
        if not any(described(schema, file) for schema, file in declarations)
    )


def top_level_coverage(relative: str) -> Coverage:
    properties = top_level_properties(relative)
    missing = undescribed_top_level(relative)
    return Coverage(len(properties) - len(missing), len(properties))


def all_properties_coverage() -> Coverage:
    """Every entry of every ``properties`` map in every shipped spec-type schema and shared definitions file."""
    total = done = 0
    for file, schema in _shipped_files():
        for declared in _property_schemas(schema):
            total += 1
            done += described(declared, file)
    return Coverage(done, total)


def resolve(reference: str, file: str) -> tuple[Any, str]:
    """The schema a ``$ref`` written in ``file`` points to, and the file it lives in."""
    target, _, fragment = reference.partition("#")
    if target:
        folder = file.rsplit("/", 1)[0] + "/" if "/" in file else ""
        file = folder + target
    return value_at(load_schema(file), fragment), file


def _shipped_files() -> Iterator[tuple[str, Any]]:
    root = schemas_dir()
    for path in sorted(root.rglob("*.schema.json")):
        relative = path.relative_to(root).as_posix()
        if not relative.startswith("speclift/"):  # the configuration's schema describes no spec
            yield relative, load_schema(relative)


def _property_schemas(node: Any) -> Iterator[Any]:
    if isinstance(node, list):
        for item in node:
            yield from _property_schemas(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in ("const", "enum", "default", "examples"):
                continue
            if key in ("properties", "patternProperties", "$defs", "dependentSchemas") and isinstance(value, dict):
                for schema in value.values():
                    if key == "properties":
                        yield schema
                    yield from _property_schemas(schema)
            else:
                yield from _property_schemas(value)
