"""``speclift diff`` for people: one line per difference, grouped by file and document, with lines on each side;
quiet (``-q``), as ``diff -q``: one line per pair of files that differ, the errors and the summary."""

from __future__ import annotations

from collections.abc import Sequence

from speclift.diffing.engine import ADDED, CHANGED, MOVED, REMOVED, FileDiff
from speclift.reporters.diffs import count, describe, header, lines, summary
from speclift.reporters.text import render_findings
from speclift.reporters.view import CYAN, DIM, GREEN, PLAIN, RED, YELLOW, View

KIND_COLOURS = {ADDED: GREEN, REMOVED: RED, CHANGED: YELLOW, MOVED: CYAN}


def render(diffs: Sequence[FileDiff], *, view: View = PLAIN) -> str:
    out: list[str] = []
    for diff in diffs:
        out.append(render_findings(diff.findings, view=view))
        if view.quiet:
            differences, _ = count([diff])
            out.append(f"{header(diff)}: {differences} difference{'s' * (differences != 1)}\n" if differences else "")
            continue
        body: list[str] = []
        for document in diff.documents:
            if document.status != "matched":
                body.append(f"  {document.label}: document {document.status}\n")
                continue
            if not document.changes and not document.notes:
                continue
            body.append(f"  {document.label}\n")
            for change in document.changes:
                where = lines(change, diff)
                kind = view.paint(change.kind, KIND_COLOURS.get(change.kind)) + " " * (8 - len(change.kind))
                body.append(f"    {kind} {describe(change, diff)}{f'  ({where})' if where else ''}\n")
            for note in document.notes:
                at = f" ({diff.path_a}:{note.line})" if note.line else ""
                body.append(f"    {view.paint('note', DIM)}     {note.kind} {note.source}{at}: {note.message}\n")
        if body:
            out.append(header(diff) + "\n")
            out.extend(body)
    out.append(summary(diffs) + "\n")
    return "".join(out)
