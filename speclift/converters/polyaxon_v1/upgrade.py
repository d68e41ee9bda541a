"""The 1.x -> 2.x upgrade of a ``version: 1.1`` component or operation, as one function on plain data.

:func:`upgrade` walks every component and operation of the file (inline components, DAG operations, at any depth)
and returns the data as polyaxon 2.x reads it with the :class:`~speclift.converters.polyaxon_v1.changes.Change` of
each place it rewrote. The ``polyaxon-v1`` converter, the ``polyaxon-v0`` converter's ``to=polyaxon-v2`` chain and
the SL216 lint rule all call it, so what is converted and what is reported never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from speclift.converters.polyaxon_v1 import integers
from speclift.converters.polyaxon_v1.changes import Change, Changes
from speclift.converters.polyaxon_v1.inputs import upgrade_ios
from speclift.converters.polyaxon_v1.matrix import upgrade_matrix
from speclift.converters.polyaxon_v1.runs import upgrade_patch, upgrade_run
from speclift.pointer import join

# `version:` values the upgrade reads: polyaxon 1.x accepted 1.1 only (2.x writes 1.1 as well and ignores it).
KNOWN_VERSIONS = (1.1,)


@dataclass(slots=True)
class Upgrade:
    data: dict[str, Any]
    changes: list[Change]

    @property
    def refused(self) -> bool:
        """Whether a part needs a person (SL404): no output is written then."""
        return any(change.code == "SL404" for change in self.changes)

    @property
    def needed(self) -> bool:
        """Whether 2.x reads the file differently from 1.x at all."""
        return any(change.code for change in self.changes)


def upgrade(data: dict[str, Any], *, any_version: bool = False) -> Upgrade:
    """``data`` (a ``kind: component`` or ``kind: operation`` of ``version: 1.1``, left untouched) as 2.x reads it.
    ``any_version``: walk a file whatever its version says (2.x ignores it), to check a 2.x file."""
    out = _unshared(data)
    changes = Changes()
    version = data.get("version")
    if not any_version and version is not None and version not in KNOWN_VERSIONS:
        problem = f"version {version!r} is not a Polyaxon 1.x polyaxonfile version (1.x reads 1.1 only)"
        changes.refused("/version", problem, "not converted: speclift does not guess what another version means")
        return Upgrade(out, changes.items)
    if out.get("kind") == "operation":
        _operation(out, "", changes)
    else:
        _component(out, "", changes)
    return Upgrade(out, changes.items)


def _unshared(data: Any) -> Any:
    """A copy in which no two places share an object: YAML aliases load as one object in several places, and a
    count rewritten at one of them must not change the others (``copy.deepcopy`` keeps the sharing)."""
    if isinstance(data, dict):
        return {key: _unshared(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_unshared(value) for value in data]
    return data


def _component(component: dict[str, Any], pointer: str, changes: Changes) -> None:
    _header(component, pointer, changes)
    for name in ("inputs", "outputs"):
        upgrade_ios(component.get(name), join(pointer, name), changes)
    run = component.get("run")
    if isinstance(run, dict):
        component["run"] = upgrade_run(run, join(pointer, "run"), changes)
        operations = component["run"].get("operations") if run.get("kind") == "dag" else None
        if isinstance(operations, list):
            for index, operation in enumerate(operations):
                if isinstance(operation, dict):
                    _operation(operation, join(pointer, "run", "operations", index), changes)
        if run.get("kind") == "dag":
            integers.fix_early_stopping(component["run"], join(pointer, "run"), changes)
            # the components a DAG's operations name with `dagRef`
            listed = component["run"].get("components")
            for index, inner in enumerate(listed if isinstance(listed, list) else []):
                if isinstance(inner, dict):
                    _component(inner, join(pointer, "run", "components", index), changes)


def _operation(operation: dict[str, Any], pointer: str, changes: Changes) -> None:
    _header(operation, pointer, changes)
    schedule = operation.get("schedule")
    table = integers.INTERVAL_SCHEDULE if isinstance(schedule, dict) and schedule.get("kind") == "interval" else integers.SCHEDULE
    integers.fix(schedule, join(pointer, "schedule"), table, changes)
    joins = operation.get("joins")
    if isinstance(joins, list):
        for index, entry in enumerate(joins):
            integers.fix(entry, join(pointer, "joins", index), integers.JOIN, changes)
    upgrade_matrix(operation.get("matrix"), join(pointer, "matrix"), changes)
    inline = operation.get("component")
    patch = operation.get("runPatch")
    if isinstance(patch, dict):
        run = inline.get("run") if isinstance(inline, dict) else None
        kind = run.get("kind") if isinstance(run, dict) and isinstance(run.get("kind"), str) else None
        upgrade_patch(patch, join(pointer, "runPatch"), kind, changes)
    if isinstance(inline, dict):
        _component(inline, join(pointer, "component"), changes)


def _header(spec: dict[str, Any], pointer: str, changes: Changes) -> None:
    """What components and operations share: termination, cache and plugins."""
    integers.fix(spec.get("termination"), join(pointer, "termination"), integers.TERMINATION, changes)
    plugins = spec.get("plugins")
    if isinstance(plugins, dict):
        integers.fix(plugins.get("sidecar"), join(pointer, "plugins", "sidecar"), integers.SIDECAR, changes)
    integers.fix(spec.get("cache"), join(pointer, "cache"), integers.CACHE, changes)
