"""The JSON Schemas shipped with speclift: locating, loading and compiling them, strictly offline.

Every schema's ``$id`` lives under ``https://speclift.invalid/schemas/``; a ``$ref`` to any other address is refused
rather than fetched. Validators are compiled once per spec type and cached for the process.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

BASE_URI = "https://speclift.invalid/schemas/"


class SchemaUnavailable(Exception):
    """A schema file is missing or refers to something outside the shipped set."""


@functools.cache
def schemas_dir() -> Path:
    """The folder holding the schemas: inside the installed package (wheel), else the source tree's ``schemas/``."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_schemas", here.parent / "schemas"):
        if candidate.is_dir():
            return candidate
    raise SchemaUnavailable(f"no schemas folder next to {here}")


@functools.cache
def load_schema(relative: str) -> dict[str, Any]:
    """Load one schema file by its path relative to the schemas folder (``azureml/v2/command-job.schema.json``)."""
    path = schemas_dir() / relative
    try:
        with open(path, encoding="utf-8") as handle:
            schema: dict[str, Any] = json.load(handle)
    except FileNotFoundError:
        raise SchemaUnavailable(f"schema {relative} is not shipped with this version of speclift") from None
    return schema


def retrieve(uri: str) -> dict[str, Any]:
    """Resolve a ``$ref`` target from the shipped files; anything else is refused, never fetched."""
    if not uri.startswith(BASE_URI):
        raise SchemaUnavailable(f"refusing to fetch {uri}: speclift resolves references offline only")
    return load_schema(uri[len(BASE_URI) :].split("#", 1)[0])


@functools.cache
def fast_validator(relative: str) -> Any:
    """A compiled jsonschema-rs validator: the fast yes/no check run on every document."""
    import jsonschema_rs

    try:
        return jsonschema_rs.validator_for(load_schema(relative), retriever=retrieve)
    except (ValueError, jsonschema_rs.ValidationError) as exc:  # a broken or unresolvable shipped schema
        first_line = str(exc).strip().splitlines()[0]
        raise SchemaUnavailable(f"schema {relative} cannot be compiled: {first_line}") from None


@functools.cache
def _shared_registry(folder: str) -> Any:
    """A referencing registry holding the shared ``defs*`` files of one schema folder, crawled once per process.

    A Registry is immutable: a file fetched through ``retrieve`` while validating one document is not kept for the
    next, so without this every ``$ref`` into a shared file would load and crawl that file again for each invalid
    document (it was most of the rich path's time).
    """
    import referencing
    import referencing.exceptions
    import referencing.jsonschema

    def _retrieve(uri: str) -> referencing.Resource[Any]:
        try:
            return referencing.jsonschema.DRAFT202012.create_resource(retrieve(uri))
        except SchemaUnavailable as exc:
            raise referencing.exceptions.NoSuchResource(ref=uri) from exc  # type: ignore[call-arg]

    shared = [
        (BASE_URI + folder + path.name, referencing.jsonschema.DRAFT202012.create_resource(load_schema(folder + path.name)))
        for path in sorted((schemas_dir() / folder).glob("defs*.schema.json"))
    ]
    registry: referencing.Registry[Any] = referencing.Registry(retrieve=_retrieve)  # type: ignore[call-arg]
    return registry.with_resources(shared).crawl()


@functools.cache
def rich_validator(relative: str, *, strict_integers: bool = False) -> Any:
    """A python-jsonschema validator, used only on invalid documents for its error tree (union branches:
    :mod:`speclift.validation.unions`).

    It validates the schema with its ``$ref``s inlined (:func:`inline_references`): python-jsonschema looks every
    reference up again for every document (a third of the rich path's time); the errors are the same.
    ``strict_integers``: ``2.0`` is no integer (JSON Schema says it is; pydantic's strict readers refuse it)."""
    import jsonschema

    folder = relative.rsplit("/", 1)[0] + "/" if "/" in relative else ""
    checker = jsonschema.Draft202012Validator.TYPE_CHECKER
    if strict_integers:
        checker = checker.redefine("integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool))
    linear = jsonschema.validators.extend(jsonschema.Draft202012Validator, validators={"pattern": _pattern}, type_checker=checker)
    return linear(inline_references(relative), registry=_shared_registry(folder))


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    """python-jsonschema's ``pattern``, matched by jsonschema-rs (the fast check's engine, which cannot backtrack):
    Python's ``re`` takes quadratic time on shipped patterns such as ``[0-9]+\\.?[0-9]*`` against a long string."""
    if validator.is_type(instance, "string") and not _pattern_checker(pattern).is_valid(instance):
        from jsonschema.exceptions import ValidationError

        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@functools.cache
def _pattern_checker(pattern: str) -> Any:
    import jsonschema_rs

    return jsonschema_rs.validator_for({"pattern": pattern})


def inline_references(relative: str) -> dict[str, Any]:
    """The schema with each ``$ref`` replaced by what it points to, as the validator would follow it.

    A reference with sibling keywords becomes ``allOf: [target]`` in the reference's place (the same errors, in the
    same order); a reference back into a subschema being inlined (recursion) stays a reference, made absolute so it
    resolves from wherever it now stands. Subschemas are shared, not copied."""
    root = load_schema(relative)
    inlined: dict[tuple[str, str], Any] = {}
    # `$defs` are reached through references only; kept as they are for the references that stay (recursion).
    done: dict[str, Any] = _inline({k: v for k, v in root.items() if k != "$defs"}, relative, ((relative, ""),), inlined)
    if "$defs" in root:
        done["$defs"] = root["$defs"]
    return done


_DATA_KEYWORDS = frozenset({"const", "enum", "default", "examples"})  # their values are data, never schemas
_NAMED_SCHEMAS = frozenset({"properties", "patternProperties", "dependentSchemas", "$defs"})  # name -> schema maps


def _inline_keyword(
    key: str, value: Any, file: str, stack: tuple[tuple[str, str], ...], inlined: dict[tuple[str, str], Any]
) -> Any:
    if key in _DATA_KEYWORDS:
        return value
    if key in _NAMED_SCHEMAS and isinstance(value, dict):  # a property may be called `default` or `enum`
        return {name: _inline(schema, file, stack, inlined) for name, schema in value.items()}
    return _inline(value, file, stack, inlined)


def _inline(node: Any, file: str, stack: tuple[tuple[str, str], ...], inlined: dict[tuple[str, str], Any]) -> Any:
    if isinstance(node, list):
        return [_inline(item, file, stack, inlined) for item in node]
    if not isinstance(node, dict):
        return node
    reference = node.get("$ref")
    if not isinstance(reference, str):
        return {key: _inline_keyword(key, value, file, stack, inlined) for key, value in node.items()}
    target_file, _, fragment = reference.partition("#")
    target = (_sibling(file, target_file) if target_file else file, fragment)
    if target in stack or ("allOf" in node and len(node) > 1):
        absolute = f"{BASE_URI}{target[0]}#{fragment}"
        return {
            key: absolute if key == "$ref" else _inline_keyword(key, value, file, stack, inlined) for key, value in node.items()
        }
    if target not in inlined:
        from speclift.pointer import value_at

        content = value_at(load_schema(target[0]), fragment)
        inlined[target] = _inline(content, target[0], (*stack, target), inlined)
        if isinstance(inlined[target], dict):
            inlined[target] = {k: v for k, v in inlined[target].items() if k not in ("$id", "$schema")}
    if len(node) == 1:
        return inlined[target]
    # Siblings beside the reference: the target goes under `allOf` in the reference's place, keeping keyword order.
    return {
        ("allOf" if key == "$ref" else key): [inlined[target]]
        if key == "$ref"
        else _inline_keyword(key, value, file, stack, inlined)
        for key, value in node.items()
    }


def _sibling(file: str, name: str) -> str:
    folder = file.rsplit("/", 1)[0] + "/" if "/" in file else ""
    return folder + name
