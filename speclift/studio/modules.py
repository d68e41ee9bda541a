"""The catalogue of ML Studio (classic) modules (this module reads it): one record per module family, read from ``catalogue/*.yaml``.

A record says what the module is (name, family id, category, ports, parameters), what Microsoft's migration guide
replaces it with in the designer (or nothing), and what speclift generates for it: a program of the component
runtime (``speclift/studio/runtime/studio_modules/<module>.py``) or none, in which case the node becomes a component
that fails loudly and a person must rebuild it. The runtime's tests hold each program to its record's ports and
parameters; the converter and the assessment read only the records.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from speclift.studio.graph import Node

KINDS = frozenset({"string", "integer", "number", "boolean", "columns", "script", "secret"})


class Status(str, enum.Enum):
    """What speclift generates for a module, as the assessment counts it."""

    CONVERTED = "converted"  # a generated program does what the module did
    APPROXIMATED = "approximated"  # a generated program runs, but differs in a way the note says
    PERSON = "person"  # nothing generated: a person rebuilds it


@dataclass(frozen=True, slots=True)
class ParameterRecord:
    name: str
    kind: str
    default: str | None = None
    carried: bool = True  # False: the generated program has no equivalent (the note says what to do)
    note: str = ""


@dataclass(frozen=True, slots=True)
class ModuleRecord:
    name: str
    family_id: str | None
    category: str
    replacement: str | None  # the designer component the migration guide maps it to, or None
    module: str | None  # the runtime program, or None: nothing generated
    status: Status
    note: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    parameters: Mapping[str, ParameterRecord]
    fingerprint: tuple[str, ...] = ()  # parameter names that identify the family when its id is unknown
    source: str = ""  # the catalogue file it comes from


class CatalogueError(Exception):
    pass


@functools.cache
def records() -> tuple[ModuleRecord, ...]:
    """Every record, checked: a family id or fingerprint given once, kinds and statuses known."""
    found: list[ModuleRecord] = []
    folder = resources.files("speclift.studio") / "catalogue"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            loaded = yaml.safe_load(entry.read_text(encoding="utf-8")) or []
            found.extend(_record(item, entry.name) for item in loaded)
    _check(found)
    return tuple(found)


def _record(item: Mapping[str, Any], source: str) -> ModuleRecord:
    name = str(item["name"])
    where = f"{source}: {name}"
    parameters: dict[str, ParameterRecord] = {}
    for key, spec in (item.get("parameters") or {}).items():
        spec = spec or {}
        kind = str(spec.get("kind", "string"))
        if kind not in KINDS:
            raise CatalogueError(f"{where}: parameter {key!r} has the unknown kind {kind!r}")
        default = spec.get("default")
        parameters[str(key)] = ParameterRecord(
            str(key), kind, None if default is None else str(default), bool(spec.get("carried", True)), str(spec.get("note", ""))
        )
    family = item.get("family_id")
    return ModuleRecord(
        name=name,
        family_id=str(family).lower() if family else None,
        category=str(item.get("category", "")),
        replacement=item.get("replacement"),
        module=item.get("module"),
        status=Status(item.get("status", "person")),
        note=str(item.get("note", "") or ""),
        inputs=tuple(str(port) for port in item.get("inputs") or ()),
        outputs=tuple(str(port) for port in item.get("outputs") or ()),
        parameters=parameters,
        fingerprint=tuple(str(name) for name in item.get("fingerprint") or ()),
        source=source,
    )


def _check(found: Sequence[ModuleRecord]) -> None:
    families: dict[str, str] = {}
    for record in found:
        if record.family_id is None and not record.fingerprint:
            raise CatalogueError(f"{record.source}: {record.name} has neither a family id nor a fingerprint")
        if record.family_id is not None:
            if record.family_id in families:
                raise CatalogueError(
                    f"family {record.family_id} is in the catalogue twice ({families[record.family_id]}, {record.name})"
                )
            families[record.family_id] = record.name
        if record.module is None and record.status is not Status.PERSON:
            raise CatalogueError(f"{record.source}: {record.name} generates nothing, so its status must be `person`")
        missing = [p for p in record.fingerprint if p not in record.parameters]
        if missing:
            raise CatalogueError(f"{record.source}: {record.name}'s fingerprint names unknown parameters {missing}")


@dataclass(frozen=True, slots=True)
class Identified:
    """Which module a node is, and how speclift knows."""

    record: ModuleRecord | None
    how: str  # "family id", "parameter names", or why it is unknown


def identify(node: Node) -> Identified:
    """The node's module: by family id, else by the parameter names only one family has."""
    by_family = {r.family_id: r for r in records() if r.family_id}
    record = by_family.get(node.family_id)
    if record is not None:
        return Identified(record, "family id")
    names = {p.name for p in node.parameters}
    for candidate in records():
        if candidate.fingerprint and set(candidate.fingerprint) <= names:
            return Identified(candidate, "parameter names")
    if node.custom:
        return Identified(None, f"a custom module of workspace {node.workspace}: its code is not in the export")
    return Identified(None, f"a built-in module family ({node.family_id}) speclift does not know")
