"""How list items are matched between two versions: by a declared identity, never by similarity.

Job and node names are mapping keys already, so most of a spec needs nothing here. Lists are matched by the first
rule that applies:

1. the configuration's ``diff.identity`` (``{"/run/container/env": "name"}``: a JSON-pointer pattern where ``*``
   matches one segment and ``**`` any number of them, and one field or a list of alternative fields, written as a
   ``/``-separated path inside the item; ``[]`` forces matching by position);
2. the built-in table below (Polyaxon init containers, ``envFrom`` entries, ...);
3. a ``name`` field, when every item on both sides has one (Kubernetes-style ``env`` lists, Polyaxon
   inputs/outputs/operations/containers/volumes, ...).

An identity applies only when every item on both sides has one and no two items on a side share it; otherwise the
list is compared position by position. Similarity pairing (DeepDiff's ``ignore_order``) is never used: it pairs a
renamed item with whichever item looks closest and reports changes nobody made.
"""

from __future__ import annotations

import fnmatch
import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Fields = tuple[str, ...]  # alternative identity fields, each a "/"-separated path inside an item

BUILTIN: dict[str, Fields] = {
    # Polyaxon v1 init containers: `- connection: repo`, `- git: {url: ...}`, `- dockerfile: {...}`, `- container: {name}`
    "/**/init": ("connection", "container/name", "git/url", "dockerfile/image", "artifacts/dirs", "name"),
    # Kubernetes envFrom: `- secretRef: {name: x}` / `- configMapRef: {name: y}`
    "/**/envFrom": ("secretRef/name", "configMapRef/name"),
    # Polyaxon v1 hooks: one per connection and trigger
    "/**/hooks": ("hubRef", "connection"),
}
GENERIC: Fields = ("name",)


@dataclass(frozen=True, slots=True)
class IdentityRules:
    """Identity fields by pointer pattern: the configured ones first, then the built-in table."""

    configured: tuple[tuple[str, Fields], ...] = ()

    @classmethod
    def from_config(cls, table: Mapping[str, str | Sequence[str]]) -> IdentityRules:
        rules = []
        for pattern, fields in table.items():
            chosen = (fields,) if isinstance(fields, str) else tuple(fields)
            rules.append((pattern.rstrip("/") or "/", tuple(f.strip("/").replace(".", "/") for f in chosen)))
        return cls(tuple(rules))

    def fields_for(self, pointer: str) -> Fields | None:
        """The identity fields for the list at ``pointer``; None when no rule names that path (try ``name``)."""
        for pattern, fields in self.configured:
            if pointer_matches(pattern, pointer):
                return fields
        for pattern, fields in BUILTIN.items():
            if pointer_matches(pattern, pointer):
                return fields
        return None

    def keys(self, pointer: str, a: list[Any], b: list[Any]) -> tuple[list[str], list[str]] | None:
        """Identity labels (``name=LR``) for the items of both sides, or None when the list goes by position."""
        fields = self.fields_for(pointer)
        candidates = [fields] if fields is not None else [GENERIC]
        for alternatives in candidates:
            if not alternatives:
                return None
            keys_a = _labels(a, alternatives)
            keys_b = _labels(b, alternatives)
            if keys_a is not None and keys_b is not None:
                return keys_a, keys_b
        return None


def _labels(items: list[Any], alternatives: Fields) -> list[str] | None:
    labels: list[str] = []
    for item in items:
        label = _label(item, alternatives)
        if label is None:
            return None
        labels.append(label)
    return labels if len(set(labels)) == len(labels) else None


def _label(item: Any, alternatives: Fields) -> str | None:
    if not isinstance(item, dict):
        return None
    for field in alternatives:
        node: Any = item
        for token in field.split("/"):
            if not isinstance(node, dict) or token not in node:
                node = None
                break
            node = node[token]
        if node is None or isinstance(node, (dict, list)):
            continue
        value = node if isinstance(node, str) and _plain(node) else json.dumps(node)
        return f"{field.replace('/', '.')}={value}"
    return None


def _plain(text: str) -> bool:
    return bool(text) and all(c.isalnum() or c in "-_.:@" for c in text)


@functools.lru_cache(maxsize=4096)
def pointer_matches(pattern: str, pointer: str) -> bool:
    """``*`` matches one segment, ``**`` zero or more; other segments match exactly (or as shell globs)."""
    want = pattern.strip("/").split("/") if pattern.strip("/") else []
    have = pointer.strip("/").split("/") if pointer.strip("/") else []

    def match(i: int, j: int) -> bool:
        if i == len(want):
            return j == len(have)
        if want[i] == "**":
            return any(match(i + 1, k) for k in range(j, len(have) + 1))
        return j < len(have) and (want[i] == have[j] or fnmatch.fnmatchcase(have[j], want[i])) and match(i + 1, j + 1)

    return match(0, 0)
