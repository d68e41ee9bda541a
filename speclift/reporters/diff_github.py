"""``speclift diff`` as GitHub Actions annotations: each difference shows on the new file's line in the pull request."""

from __future__ import annotations

from collections.abc import Sequence

from speclift.diffing.engine import REMOVED, FileDiff
from speclift.reporters.diffs import describe, summary
from speclift.reporters.github import _data, _property, annotation
from speclift.reporters.view import PLAIN, View


def render(diffs: Sequence[FileDiff], *, view: View = PLAIN) -> str:
    out = [annotation(finding) for diff in diffs for finding in diff.findings]
    for diff in diffs:
        for document in diff.documents:
            if document.status != "matched":
                path = diff.path_b if document.status == "added" else diff.path_a
                out.append(
                    f"::notice file={_property(path)},title={_property('speclift diff')}::{_data(f'{document.label}: document {document.status}')}"
                )
                continue
            for change in document.changes:
                # Annotations belong on the new file; a removed node is shown where it used to hang.
                on_b = diff.status != "deleted" and (change.line_b or change.kind != REMOVED)
                path, line = (diff.path_b, change.line_b) if on_b else (diff.path_a, change.line_a)
                place = f",line={line}" if line else ""
                title = _property(f"speclift diff: {change.kind}")
                out.append(f"::notice file={_property(path)}{place},title={title}::{_data(describe(change, diff))}")
            for note in document.notes:
                place = f",line={note.line}" if note.line else ""
                title = _property(f"speclift diff: {note.kind} (not a difference)")
                out.append(
                    f"::notice file={_property(diff.path_a)}{place},title={title}::{_data(f'{note.source}: {note.message}')}"
                )
    out.append(summary(diffs))
    return "\n".join(out) + "\n"
