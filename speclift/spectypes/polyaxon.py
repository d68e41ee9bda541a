"""Polyaxon components and operations, which name their `version:` and `kind:` outright.

polyaxon 1.x and 2.x both read `version: 1.1` files (2.x ignores the version), so a file is taken as the 1.x type it
has always been unless it uses something only 2.x has (a tpe matrix, a daskcluster or raycluster run, the ssh, tmux
and sandbox plugins, culling, probes, a namespace or strictParams): then it is the 2.x type, checked as polyaxon 2.x
reads it.

Polyaxon matches inputs, outputs and the operations of a DAG by name, never by place: their order means nothing (a
DAG runs in the order its `dependencies` and upstream references give). Init containers, `args` and `command` run
in the order written, so they stay ordered.
"""

from __future__ import annotations

from typing import Any

from speclift.spectypes.record import SpecType

# An inline component (`component:` of an operation or of a DAG node) is a component too, at any depth.
_INLINE = ("/**/component/inputs", "/**/component/outputs", "/**/component/run/operations")

RECORDS = (
    SpecType(
        "polyaxon/v1/component",
        "Polyaxon v1 component",
        kinds=("component",),
        unordered=("/inputs", "/outputs", "/run/operations", *_INLINE),
    ),
    SpecType("polyaxon/v1/operation", "Polyaxon v1 operation", kinds=("operation",), unordered=_INLINE),
    SpecType(
        "polyaxon/v2/component",
        "Polyaxon v2 component",
        kinds=("component",),
        unordered=("/inputs", "/outputs", "/run/operations", *_INLINE),
    ),
    SpecType("polyaxon/v2/operation", "Polyaxon v2 operation", kinds=("operation",), unordered=_INLINE),
)

# What only polyaxon 2.x has, by the section it appears in (polyaxon 1.20 refuses each one).
_V2_ONLY: dict[str, tuple[str, tuple[str, ...]]] = {
    "matrix": ("kind", ("tpe",)),
    "run": ("kind", ("daskcluster", "raycluster")),
}
_V2_ONLY_KEYS = {"plugins": ("ssh", "tmux", "sandbox"), "termination": ("culling", "probe", "podFailurePolicy")}
_V2_ONLY_TOP = ("namespace", "strictParams")  # top-level keys of a 2.x component or operation


def v2_only(data: Any) -> str | None:
    """The first thing in ``data`` (at any depth: inline components, DAG operations) that only polyaxon 2.x reads, as
    a reason (``matrix kind tpe``), or None."""
    top = [key for key in _V2_ONLY_TOP if isinstance(data, dict) and key in data]
    if top:
        return top[0]
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
            continue
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            if not isinstance(value, dict):
                continue
            if key in _V2_ONLY:
                field, values = _V2_ONLY[key]
                if value.get(field) in values:
                    return f"{key} {field} {value[field]}"
            found = [name for name in _V2_ONLY_KEYS.get(str(key), ()) if name in value]
            if found:
                return f"{key}.{found[0]}"
        stack.extend(reversed(list(node.values())))
    return None


# The top-level keys of polyaxon 1.20's V1Component and V1Operation: a `version: 1.x` file holding nothing else is a
# Polyaxon file that forgot its `kind:` (polyaxon: "The Polyaxonfile `kind` must be specified").
KEYS = frozenset(
    {"version", "kind", "name", "description", "tags", "presets", "queue", "cache", "termination", "plugins", "build"}
    | {"hooks", "isApproved", "cost", "template", "inputs", "outputs", "run", "component", "conditions", "dagRef"}
    | {"dependencies", "events", "hubRef", "isPreset", "joins", "matrix", "params", "patchStrategy", "pathRef"}
    | {"runPatch", "schedule", "skipOnUpstreamSkip", "trigger", "urlRef"}
)
