"""``speclift diff`` as JSON: every file, document, change (both pointers, both lines) and note; 0-based positions."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from speclift.diffing.engine import ADDED, REMOVED, Change, FileDiff
from speclift.reporters.diffs import count
from speclift.reporters.view import PLAIN, View


def _change(change: Change) -> dict[str, Any]:
    item: dict[str, Any] = {
        "kind": change.kind,
        "path": change.path,
        "pointer_a": change.pointer_a,
        "pointer_b": change.pointer_b,
    }
    if change.kind != ADDED:
        item["old"] = _json_value(change.old)
    if change.kind != REMOVED:
        item["new"] = _json_value(change.new)
    item["line_a"], item["line_b"] = change.line_a, change.line_b
    if change.source is not None:
        item["source"], item["source_value"] = change.source, _json_value(change.source_value)
    return item


def _json_value(value: Any) -> Any:
    """JSON has no NaN or infinity: YAML's `.nan`, `.inf` and `-.inf` are given as those strings (as written)."""
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else ".inf" if value > 0 else "-.inf"
    if isinstance(value, dict):
        return {key: _json_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    return value


def render(diffs: Sequence[FileDiff], *, view: View = PLAIN) -> str:
    files = []
    for diff in diffs:
        files.append(
            {
                "a": diff.path_a,
                "b": diff.path_b,
                "status": diff.status,
                "cross_version": diff.cross_version,
                "different": diff.different,
                "documents": [
                    {
                        "label": d.label,
                        "status": d.status,
                        "index_a": d.index_a,
                        "index_b": d.index_b,
                        "changes": [_change(c) for c in d.changes],
                        "notes": [{"kind": n.kind, "source": n.source, "line": n.line, "message": n.message} for n in d.notes],
                    }
                    for d in diff.documents
                ],
                "findings": [
                    {
                        "code": f.code,
                        "severity": f.severity.label,
                        "message": f.message,
                        "path": f.path,
                        "line": f.line,
                        "column": f.column,
                        "pointer": f.pointer,
                        "hint": f.hint,
                    }
                    for f in diff.findings
                ],
            }
        )
    differences, different = count(diffs)
    errors = sum(len(d.findings) for d in diffs)
    report = {
        "files": files,
        "summary": {"files": len(diffs), "different": different, "differences": differences, "errors": errors},
    }
    return json.dumps(report, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
