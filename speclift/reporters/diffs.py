"""Diff reporters: ``speclift diff`` output for people (text), pull-request comments (markdown), machines (json)
and GitHub Actions annotations (github). They only format :class:`~speclift.diffing.engine.FileDiff` values.

This module holds what they share; :data:`speclift.reporters.REPORTERS` maps each diff format name to its reporter.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from speclift.diffing.engine import ADDED, CHANGED, MOVED, REMOVED, Change, FileDiff


def value(data: Any, limit: int = 120) -> str:
    """A value as JSON (so `"1"` and `1` read differently), cut at ``limit`` characters."""
    text = json.dumps(data, ensure_ascii=False, separators=(", ", ": "))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def header(diff: FileDiff) -> str:
    names = diff.path_b if diff.path_a == diff.path_b else f"{diff.path_a} -> {diff.path_b}"
    extra = {"added": " (added)", "deleted": " (deleted)", "renamed": " (renamed)"}.get(diff.status, "")
    if diff.status == "added":
        names = diff.path_b
    elif diff.status == "deleted":
        names = diff.path_a
    converted = f" (converted {diff.cross_version})" if diff.cross_version else ""
    return f"{names}{extra}{converted}"


def describe(change: Change, diff: FileDiff) -> str:
    """One sentence: ``inputs.lr.default: 0.01 -> 0.02``, or in the old file's terms for a cross-version diff."""
    if change.kind == MOVED:
        return f"{change.path}: position {change.old + 1} -> {change.new + 1}"
    if change.source is not None and change.source != "(set by the conversion)":
        old = f"{change.source}: {value(change.source_value)}"
        if change.kind == CHANGED:
            return f"{old} became {change.path}: {value(change.new)} (the conversion gives {value(change.old)})"
        if change.kind == REMOVED:
            return f"{old} became {change.path}, which {_name(diff.path_b)} does not have"
    if change.source is not None and change.kind == CHANGED:
        return f"{change.path}: {value(change.new)} (the conversion sets {value(change.old)})"
    if change.source is not None and change.kind == REMOVED:
        return f"{change.path}: {value(change.old)} (set by the conversion), which {_name(diff.path_b)} does not have"
    if change.kind == ADDED:
        return f"{change.path}: {value(change.new)}"
    if change.kind == REMOVED:
        return f"{change.path}: {value(change.old)}"
    return f"{change.path}: {value(change.old)} -> {value(change.new)}"


def _name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def lines(change: Change, diff: FileDiff) -> str:
    """Where to look: ``a.yml:7 -> b.yml:9``; only the side that has the node for adds and removes."""
    a = f"{diff.path_a}:{change.line_a}" if change.line_a else ""
    b = f"{diff.path_b}:{change.line_b}" if change.line_b else ""
    if change.kind == ADDED:
        return b
    if change.kind == REMOVED:
        return a
    return " -> ".join(part for part in (a, b) if part)


def count(diffs: Sequence[FileDiff]) -> tuple[int, int]:
    """(differences, files with differences): a whole added or removed document counts as one difference."""
    differences = files = 0
    for diff in diffs:
        here = sum(len(d.changes) if d.status == "matched" else 1 for d in diff.documents)
        differences += here
        files += 1 if here else 0
    return differences, files


def summary(diffs: Sequence[FileDiff]) -> str:
    differences, files = count(diffs)
    errors = sum(len(d.findings) for d in diffs)
    total = len(diffs)
    if differences:
        text = f"{differences} difference{'s' * (differences != 1)} in {files} of {total} file{'s' * (total != 1)}"
    else:
        text = f"no differences in {total} file{'s' * (total != 1)}"
    return text + (f"; {errors} error{'s' * (errors != 1)}" if errors else "")
