"""``speclift diff`` as Markdown for a pull-request comment: a table per document, grouped by file, and a Mermaid
picture of each pipeline or DAG whose jobs or dependencies the diff touches, with what changed marked."""

from __future__ import annotations

from collections.abc import Sequence

from speclift.diffing.engine import ADDED, MOVED, REMOVED, REORDERED, Change, FileDiff
from speclift.reporters.diffs import header, summary, value
from speclift.reporters.mermaid import pictures
from speclift.reporters.view import PLAIN, View


def _code(text: str) -> str:
    text = text.replace("|", "\\|").replace("\n", " ")
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _row(change: Change) -> str:
    path = _code(change.path)
    if change.source is not None and change.source != "(set by the conversion)":
        path = f"{_code(change.source)} → {path}"
    before = after = ""
    if change.kind == MOVED:
        before, after = f"position {change.old + 1}", f"position {change.new + 1}"
    else:
        if change.kind != ADDED:
            before = _code(value(change.source_value if change.source else change.old, 80))
            if change.source is not None and change.kind != REMOVED:
                before += f" (converts to {_code(value(change.old, 80))})"
        if change.kind != REMOVED:
            after = _code(value(change.new, 80))
    where = " → ".join(str(n) for n in (change.line_a, change.line_b) if n) if change.kind not in (ADDED, REMOVED) else ""
    if change.kind == ADDED:
        where = str(change.line_b or "")
    elif change.kind == REMOVED:
        where = str(change.line_a or "")
    return f"| {change.kind} | {path} | {before} | {after} | {where} |"


def render(diffs: Sequence[FileDiff], *, view: View = PLAIN) -> str:
    out = [f"## speclift diff: {summary(diffs)}", ""]
    for diff in diffs:
        shown = [d for d in diff.documents if d.status != "matched" or d.changes or d.notes]
        if not shown and not diff.findings:
            continue
        out += [f"### {_code(header(diff))}", ""]
        for finding in diff.findings:
            out.append(f"- **{finding.severity.label}** {finding.code} `{finding.location}`: {finding.message}")
        if diff.findings:
            out.append("")
        for document in shown:
            drawn = [graph for graph in document.graphs if graph.marked]
            if document.status != "matched":
                out += [f"**{document.label}**: document {document.status}", ""]
                out += pictures(drawn)
                continue
            out += [f"**{document.label}**", ""]
            if document.changes:
                out += ["| change | path | before | after | line |", "|---|---|---|---|---|"]
                out += [_row(change) for change in document.changes]
                out.append("")
            if document.notes:
                converter = all(note.kind != REORDERED for note in document.notes)
                out.append(f"{'Converter notes' if converter else 'Notes'} (not differences):")
                out.append("")
                for note in document.notes:
                    at = f" (line {note.line})" if note.line else ""
                    out.append(f"- {note.kind} {_code(note.source)}{at}: {note.message}")
                out.append("")
            out += pictures(drawn)
    return "\n".join(out).rstrip("\n") + "\n"
