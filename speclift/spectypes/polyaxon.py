"""Polyaxon v1 (1.1 and later 1.x): components and operations, which name their `version:` and `kind:` outright.

Polyaxon matches inputs, outputs and the operations of a DAG by name, never by place: their order means nothing (a
DAG runs in the order its `dependencies` and upstream references give). Init containers, `args` and `command` run
in the order written, so they stay ordered.
"""

from __future__ import annotations

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
)

# The top-level keys of polyaxon 1.20's V1Component and V1Operation: a `version: 1.x` file holding nothing else is a
# Polyaxon file that forgot its `kind:` (polyaxon: "The Polyaxonfile `kind` must be specified").
KEYS = frozenset(
    {"version", "kind", "name", "description", "tags", "presets", "queue", "cache", "termination", "plugins", "build"}
    | {"hooks", "isApproved", "cost", "template", "inputs", "outputs", "run", "component", "conditions", "dagRef"}
    | {"dependencies", "events", "hubRef", "isPreset", "joins", "matrix", "params", "patchStrategy", "pathRef"}
    | {"runPatch", "schedule", "skipOnUpstreamSkip", "trigger", "urlRef"}
)
