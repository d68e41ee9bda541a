"""Migration reporters: inventories (``speclift scan``) as a table, markdown and JSON; the ``--check`` list; the
migration report (``--report``) as markdown (for a pull request) and JSON, with the v2 commands replacing the v1 CLI
invocations the tree's CI files keep; the one-line summary of a conversion run.

They only format a :class:`~speclift.migration.run.MigrationResult`: no checks, no exit codes.
"""

from __future__ import annotations

import json
import os
import textwrap
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from speclift import codes
from speclift.findings import Finding, Severity, printable
from speclift.migration.apply import Applied
from speclift.migration.inventory import FileRecord, FileStatus
from speclift.migration.plan import SAME, Action
from speclift.migration.run import MigrationResult
from speclift.reporters import assessment, table
from speclift.reporters.mermaid import pictures
from speclift.reporters.view import BOLD_RED, CYAN, DIM, GREEN, PLAIN, YELLOW, View

if TYPE_CHECKING:
    from speclift.validation.engine import Report


# a file's status in the scan table, and --check's exit line, coloured by how much they ask of a person
STATUS_COLOURS = {
    FileStatus.CURRENT.value: GREEN,
    FileStatus.CONVERTIBLE.value: CYAN,
    FileStatus.REVIEW.value: YELLOW,
    FileStatus.BLOCKED.value: BOLD_RED,
    FileStatus.UNREADABLE.value: BOLD_RED,
    FileStatus.COMPANION.value: DIM,
    FileStatus.NOT_SPEC.value: DIM,
}
_EXIT_COLOURS = {0: GREEN, 1: YELLOW, 3: YELLOW, 4: BOLD_RED}


def _display(path: str) -> str:
    """Paths as a person reads them: relative to the working folder when below it."""
    relative = os.path.relpath(path) if os.path.isabs(path) else path
    return path if relative.startswith("..") else relative


def _split(spec_id: str) -> tuple[str, str]:
    """``polyaxon/v0/polyaxonfile`` -> (``polyaxon/polyaxonfile``, ``v0``)."""
    parts = spec_id.split("/")
    return (f"{parts[0]}/{parts[2]}", parts[1]) if len(parts) == 3 else (spec_id, "")


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))


# ---------------------------------------------------------------------------------------------------------------
# scan


def _row(record: FileRecord) -> dict[str, Any]:
    kinds = _unique([_split(s)[0] for s in record.spec_types])
    versions = _unique([_split(s)[1] for s in record.spec_types])
    return {
        "path": record.path,
        "spec_types": record.spec_types,
        "type": ", ".join(kinds) or "-",
        "version": ", ".join(versions) or "-",
        "status": record.status.value,
        "convertible": record.status in (FileStatus.CONVERTIBLE, FileStatus.REVIEW),
        "becomes": _unique(record.becomes),
        "findings": len(record.problems),
    }


def _visible(records: Sequence[FileRecord], verbose: bool) -> list[FileRecord]:
    return [r for r in records if verbose or r.status != FileStatus.NOT_SPEC]


def _totals(records: Sequence[FileRecord]) -> dict[str, int]:
    totals = {"files": len(records)}
    for status in FileStatus:
        totals[status.value] = sum(1 for r in records if r.status == status)
    return totals


def scan_table(result: MigrationResult, *, verbose: bool = False, view: View = PLAIN) -> str:
    """The inventory as a table, then its totals (quiet: the totals only)."""
    records = result.records
    if view.quiet:
        return _totals_line(records) + "\n"
    rows = []
    for record in _visible(records, verbose):
        row = _row(record)
        becomes = ", ".join(row["becomes"]) or "-"
        rows.append([printable(_display(record.path)), row["type"], row["version"], row["status"], becomes, str(row["findings"])])
    lines = table.render(_SCAN_COLUMNS, rows, view)
    if verbose:  # a Studio (classic) experiment's modules, one line each
        for record in records:
            for assessed in record.assessments:
                lines += ["", f"{printable(_display(record.path))}:", *assessment.text(assessed)]
    return "\n".join(lines) + "\n" + _totals_line(records, view.width) + "\n"


# On a narrow terminal what a file becomes goes one target a line, then the path, the type and the targets lose
# their middles, the path keeping twice the room of the others; at their minimums the table fits 80 columns.
_SCAN_COLUMNS = (
    table.Column("file", table.PATH, minimum=18, weight=2),
    table.Column("type", table.PATH, minimum=12),
    table.Column("version", table.PATH, minimum=7),  # `studio-classic` gives way before the file name does
    table.Column("status", colour=STATUS_COLOURS.get),
    table.Column("becomes", table.LIST, minimum=14),
    table.Column("findings"),
)


def _totals_line(records: Sequence[FileRecord], width: int | None = None) -> str:
    t = _totals(records)
    old = t["convertible"] + t["review"] + t["blocked"]
    companions = f", {t['companion']} converted with the file using them" if t["companion"] else ""
    line = (
        f"{t['files']} files: {t['current']} current, {old} old-format ({t['convertible']} convertible, "
        f"{t['review']} convertible with approximations to review, {t['blocked']} need a person{companions}), "
        f"{t['not-a-spec']} not specs, {t['unreadable']} unreadable"
    )
    return textwrap.fill(line, width, break_on_hyphens=False) if width else line


def scan_markdown(result: MigrationResult, *, verbose: bool = False, view: View = PLAIN) -> str:
    records = result.records
    lines = ["| file | type | version | status | becomes | findings |", "|---|---|---|---|---|---|"]
    for record in _visible(records, verbose):
        row = _row(record)
        becomes = ", ".join(f"`{b}`" for b in row["becomes"]) or "-"
        lines.append(
            f"| `{_display(record.path)}` | {row['type']} | {row['version']} | {row['status']} | {becomes} | {row['findings']} |"
        )
    return "\n".join(lines) + "\n\n" + _totals_line(records) + "\n"


def scan_json(result: MigrationResult, *, verbose: bool = False, view: View = PLAIN) -> str:
    records = result.records
    from speclift.reporters.json_report import finding_dict

    files = []
    for record in _visible(records, verbose):
        row = _row(record)
        row["findings"] = [finding_dict(f) for f in record.problems]
        if record.assessments:
            row["assessments"] = [assessment.as_dict(a) for a in record.assessments]
        files.append(row)
    return json.dumps({"version": 1, "files": files, "totals": _totals(records)}, indent=2) + "\n"


# ---------------------------------------------------------------------------------------------------------------
# --check


def check_text(result: MigrationResult, *, strict: bool = False, require_specs: bool = False, view: View = PLAIN) -> str:
    """The list CI prints: every old-format (or unreadable) file and what it needs, then the exit status (quiet: only
    the files that need a person or cannot be read)."""
    lines = []
    records = result.records
    for record in records:
        needs_person = record.status == FileStatus.BLOCKED or (strict and record.status == FileStatus.REVIEW)
        if view.quiet and not (needs_person or record.status == FileStatus.UNREADABLE):
            continue
        if record.status.legacy or record.status in (FileStatus.UNREADABLE, FileStatus.COMPANION):
            lines.append(f"{printable(_display(record.path))}: {_verdict(record, strict, view)}")
    for invocation in [] if view.quiet else result.invocations.invocations:
        lines.append(
            f"{printable(_display(invocation.file))}:{invocation.line}: {invocation.program} `{invocation.called}` (the --report gives its v2 commands)"
        )
    status = result.check_status(strict=strict, require_specs=require_specs)
    lines.append(f"{view.paint(f'exit {status.code}', _EXIT_COLOURS.get(status.code))}: {status.meaning}")
    return "\n".join(lines) + "\n"


def check_report(result: MigrationResult, *, strict: bool = False) -> Report:
    """``--check`` as a validation report, so that every ``validate`` format (json, github, gitlab, junit, sarif)
    renders it: one file per record with its conversion findings, and for each old-format file and each v1 CLI
    command line the CI keeps an ``SL012`` saying what it needs (the text list's line)."""
    from speclift.validation.engine import FileResult, Report

    report = Report(problems=[_shown(f) for f in result.problems])
    for record in result.records:
        findings = [_shown(f) for f in record.findings]
        if record.status.legacy or record.status == FileStatus.COMPANION:
            notice = codes.make("SL012", f"old format: {_verdict(record, strict)}", _display(record.path))
            findings.insert(0, notice.with_severity(Severity.INFO) if record.status == FileStatus.COMPANION else notice)
        report.files.append(FileResult(_display(record.path), list(record.spec_types), findings))
    by_path = {result.path: result for result in report.files}
    for invocation in result.invocations.invocations:
        path = _display(invocation.file)
        message = f"{invocation.program} `{invocation.called}`: the --report gives its v2 commands"
        finding = codes.make("SL012", message, path, invocation.line, invocation.column)
        if path not in by_path:  # a CI file or script: no spec, nothing else to say about it
            by_path[path] = FileResult(path)
            report.files.append(by_path[path])
        by_path[path].findings.append(finding)
    return report


def _shown(finding: Finding) -> Finding:
    return replace(finding, path=_display(finding.path))


def _verdict(record: FileRecord, strict: bool, view: View = PLAIN) -> str:
    types = ", ".join(_unique(record.spec_types)) or "?"
    becomes = ", ".join(_unique(record.becomes))
    if record.status == FileStatus.UNREADABLE:
        first = record.findings[0] if record.findings else None
        unreadable = view.paint("unreadable", BOLD_RED)
        return f"{unreadable} ({first.code} {first.message})" if first else unreadable
    if record.status == FileStatus.BLOCKED:
        why = next((f for f in record.findings if f.severity == Severity.ERROR), None)
        reason = f": {why.code} {why.message}" if why else ""
        return f"{types} {view.paint('needs a person', BOLD_RED)}{reason}"
    if record.status == FileStatus.COMPANION:
        users = ", ".join(_display(p) for p in record.used_by)
        return f"{types}: converted with {users}, which use{'s' * (len(record.used_by) == 1)} it"
    if record.status == FileStatus.REVIEW:
        label = view.paint("needs a person (--strict)", BOLD_RED) if strict else "convertible"
        return f"{types} -> {becomes}: {label}, {record.count('SL401')} approximation(s) to review"
    return f"{types} -> {becomes}: convertible"


# ---------------------------------------------------------------------------------------------------------------
# The migration report


def _outputs(record: FileRecord, action: Action | None, applied: Applied | None, dry_run: bool) -> list[dict[str, str]]:
    if action is None:
        return []
    outputs = []
    written = set(applied.written) if applied else set()
    for write in action.writes:
        if write.state == SAME:
            state = "unchanged (already converted)"
        elif dry_run or applied is None:
            state = "would be written"
        elif write.path in written:
            state = "written"
        else:
            state = "not written"
        outputs.append({"path": _display(write.path), "state": state})
    for refusal in action.refused:
        outputs.append({"path": _display(refusal.path), "state": f"not written: {refusal.code} {refusal.message}"})
    if applied is not None and applied.removed:
        why = "converted with the files using it" if record.used_by else "renamed"
        outputs.append({"path": _display(applied.removed), "state": f"removed ({why})"})
    return outputs


def _entry(record: FileRecord, action: Action | None, applied: Applied | None, dry_run: bool) -> dict[str, Any]:
    from speclift.reporters.json_report import finding_dict

    extra = (action.refused if action else []) + (applied.findings if applied else [])
    findings = sorted(record.findings + extra, key=Finding.sort_key)
    return {
        "path": _display(record.path),
        "status": record.status.value,
        "spec_types": _unique(record.spec_types),
        "becomes": _unique(record.becomes),
        "outputs": _outputs(record, action, applied, dry_run),
        "provenance": dict(sorted(record.provenance.items())),
        "decide": [finding_dict(f) for f in findings if f.code in ("SL401", "SL415") or f.severity == Severity.ERROR],
        "dropped": [finding_dict(f) for f in findings if f.code == "SL402"],
        "fixed": [finding_dict(f) for f in findings if f.code == "SL409"],
        "comments": [finding_dict(f) for f in findings if f.code == "SL414"],
        **({"assessments": [assessment.as_dict(a) for a in record.assessments]} if record.assessments else {}),
    }


def migration_entries(result: MigrationResult) -> list[dict[str, Any]]:
    return [entry for _, entry in _reported(result)]


def _reported(result: MigrationResult) -> list[tuple[FileRecord, dict[str, Any]]]:
    """Each file the report tells of, with its entry."""
    by_action = {a.record.path: a for a in result.actions}
    by_applied = {a.action.record.path: a for a in result.applied}
    dry_run = _dry_run(result)
    return [
        (r, _entry(r, by_action.get(r.path), by_applied.get(r.path), dry_run))
        for r in result.records
        if r.status.legacy or r.path in by_applied
    ]


def _dry_run(result: MigrationResult) -> bool:
    """Nothing was written: a dry run, or a survey (``--check --report``)."""
    return result.dry_run or result.survey_only


def migration_totals(records: Sequence[FileRecord], entries: Sequence[dict[str, Any]]) -> dict[str, int]:
    totals = _totals(records)
    totals["outputs written"] = sum(1 for e in entries for o in e["outputs"] if o["state"] == "written")
    totals["outputs unchanged"] = sum(1 for e in entries for o in e["outputs"] if o["state"].startswith("unchanged"))
    totals["outputs not written"] = sum(1 for e in entries for o in e["outputs"] if o["state"].startswith("not written"))
    totals["approximations"] = sum(1 for e in entries for f in e["decide"] if f["code"] == "SL401")
    totals["dropped fields"] = sum(len(e["dropped"]) for e in entries)
    totals["to decide"] = sum(len(e["decide"]) for e in entries)
    return totals


def migration_json(result: MigrationResult) -> str:
    entries = migration_entries(result)
    payload = {"version": 1, "dry_run": _dry_run(result), "totals": migration_totals(result.records, entries), "files": entries}
    payload.update(invocations_json(result))
    return json.dumps(payload, indent=2) + "\n"


def _where(finding: dict[str, Any], entry: dict[str, Any]) -> str:
    hint = f" ({finding['hint']})" if finding["hint"] else ""
    return f"{_place(finding, entry['path'])}: {finding['message']}{hint}"


def _place(finding: dict[str, Any], path: str) -> str:
    """Where in the file ``path`` tells of: ``line 12 `/environment```, naming the file when the finding is in another
    one (the runconfig a pipeline step reads)."""
    other = _display(finding["path"]) if finding["path"] else path
    line = f"line {finding['line']}" if finding["line"] else "file"
    if other != path:
        line = f"{line} of `{other}`" if finding["line"] else f"`{other}`"
    return f"{line} `{finding['pointer']}`" if finding["pointer"] else line


def migration_markdown(result: MigrationResult) -> str:
    reported = _reported(result)
    entries = [entry for _, entry in reported]
    totals = migration_totals(result.records, entries)
    old = totals["convertible"] + totals["review"] + totals["blocked"]
    shared = _shared_decisions(entries)
    boxes = sum(len(e["decide"]) for e in entries) - sum(len(places) for places in shared.values()) + len(shared)
    grouped = f", in {boxes} checkboxes (a decision several files share is one)" if shared else ""
    out = [
        "## Spec migration" + (" (dry run)" if _dry_run(result) else ""),
        "",
        f"{old} old-format spec file{'s' * (old != 1)} among {totals['files']} files scanned "
        f"({totals['current']} already current, {totals['not-a-spec']} not specs, {totals['unreadable']} unreadable).",
        "",
        "| | files |",
        "|---|---|",
        f"| converted automatically | {totals['convertible']} |",
        f"| converted, approximations to review | {totals['review']} |",
        f"| cannot be converted automatically | {totals['blocked']} |",
        f"| outputs written / unchanged / not written | {totals['outputs written']} / {totals['outputs unchanged']} / "
        f"{totals['outputs not written']} |",
        f"| approximations (SL401) | {totals['approximations']} |",
        f"| dropped fields (SL402) | {totals['dropped fields']} |",
        f"| items a person must decide | {totals['to decide']}{grouped} |",
        "",
    ]
    out.extend(_shared_markdown(shared))
    for record, entry in reported:
        arrow = f" → {', '.join(f'`{b}`' for b in entry['becomes'])}" if entry["becomes"] else ""
        out.append(f"### `{entry['path']}`")
        out.append("")
        out.append(f"{', '.join(f'`{s}`' for s in entry['spec_types'])}{arrow}: **{entry['status']}**")
        out.append("")
        for output in entry["outputs"]:
            out.append(f"- output `{output['path']}`: {output['state']}")
        if entry["provenance"]:
            parts = ", ".join(f"{count} {status}" for status, count in entry["provenance"].items())
            out.append(f"- source fields: {parts}")
        own = [f for f in entry["decide"] if _decision(f) not in shared]
        if own:
            out.append("- to decide:")
            out.extend(f"  - [ ] {f['code']} {_where(f, entry)}" for f in own)
        if len(own) < len(entry["decide"]):
            elsewhere = len(entry["decide"]) - len(own)
            out.append(f"- {elsewhere} more to decide, shared with other files (under {_SHARED_TITLE!r} above)")
        if entry["dropped"]:
            out.append("- dropped (no equivalent in the new format):")
            out.extend(f"  - {_where(f, entry)}" for f in entry["dropped"])
        if entry["fixed"]:
            out.append("- fixed on the way:")
            out.extend(f"  - {_where(f, entry)}" for f in entry["fixed"])
        if entry["comments"]:
            out.append("- comments not carried over (their field went nowhere):")
            out.extend(f"  - {_where(f, entry)}" for f in entry["comments"])
        out.append("")
        out.extend(pictures([graph for graph in record.graphs if len(graph.nodes) > 1]))
        for assessed in record.assessments:
            out.extend(assessment.markdown(assessed))
    out.extend(invocations_markdown(result))
    return "\n".join(out)


_SHARED_TITLE = "Decisions shared by several files"
_FOLDED = 10  # files a shared decision lists in the open; more go into a <details> block
Decision = tuple[str, str, str]  # code, message, hint: the same words ask the same question


def _decision(finding: dict[str, Any]) -> Decision:
    return finding["code"], finding["message"], finding["hint"] or ""


def _shared_decisions(entries: Sequence[dict[str, Any]]) -> dict[Decision, list[tuple[str, dict[str, Any]]]]:
    """The decisions asked, in the same words, of more than one file, each with the (file, finding) it is asked at,
    in the report's order."""
    places: dict[Decision, list[tuple[str, dict[str, Any]]]] = {}
    for entry in entries:
        for finding in entry["decide"]:
            places.setdefault(_decision(finding), []).append((entry["path"], finding))
    return {key: found for key, found in places.items() if len({path for path, _ in found}) > 1}


def _shared_markdown(shared: dict[Decision, list[tuple[str, dict[str, Any]]]]) -> list[str]:
    """One checkbox per shared decision, with the files (and lines) it is asked at."""
    if not shared:
        return []
    out = [f"### {_SHARED_TITLE}", ""]
    for (code, message, hint), found in shared.items():
        files: dict[str, list[str]] = {}
        for path, finding in found:
            files.setdefault(path, []).append(_place(finding, path))
        told = f" ({hint})" if hint else ""
        out.append(f"- [ ] {code} {message}{told}: {len(files)} files")
        listed = [f"  - `{path}` {', '.join(where)}" for path, where in files.items()]
        if len(listed) > _FOLDED:
            out += ["", f"  <details><summary>the {len(listed)} files</summary>", "", *listed, "", "  </details>", ""]
        else:
            out += listed
    out.append("")
    return out


def summary(result: MigrationResult) -> str:
    """The line a conversion run ends with: what was written, what is left, what was found."""
    records = result.records
    count = {s: sum(1 for r in records if r.status == s) for s in FileStatus}
    if result.dry_run:
        changing = sum(1 for a in result.actions if a.pending)
        head = f"dry run: {changing} file{'s' * (changing != 1)} would change"
    else:
        written = sum(len(a.written) for a in result.applied)
        head = f"{written} output{'s' * (written != 1)} written"
    unchanged = sum(1 for a in result.actions if a.writes and all(w.state == SAME for w in a.writes) and not a.refused)
    return (
        f"{head}, {unchanged} already converted; {count[FileStatus.BLOCKED]} need a person; "
        f"{count[FileStatus.CURRENT]} current, {count[FileStatus.NOT_SPEC]} not specs, {count[FileStatus.UNREADABLE]} unreadable "
        f"({len(records)} files)"
    ) + _rewrite_summary(result)


# ---------------------------------------------------------------------------------------------------------------
# The v1 CLI invocations the repository keeps, and the v2 commands replacing them


def invocation_entries(result: MigrationResult) -> list[dict[str, Any]]:
    """One entry per v1 CLI invocation found: where, what, the v1 files it names, the v2 commands replacing it
    and, with ``--rewrite-ci``, whether its CI line was rewritten."""
    from speclift.repository import not_carried, resolve, v2_commands

    outputs = result.outputs

    def known(path: str) -> bool:  # a source renamed in place is gone from the disk but still named
        return path in outputs or os.path.isfile(path)

    rewrite = result.ci_rewrite
    states: dict[int, str] = {}
    if rewrite is not None:
        verb = "would be rewritten" if result.dry_run else "rewritten"
        states.update((id(invocation), verb) for invocation, _ in rewrite.replaced)
        states.update((id(invocation), f"left as it was: {why}") for invocation, why in rewrite.left)
    entries = []
    for invocation in result.invocations.invocations:
        entry: dict[str, Any] = {
            "file": _display(invocation.file),
            "line": invocation.line,
            "column": invocation.column,
            "command": invocation.command,
            "text": invocation.text,
            "cwd": _display(invocation.cwd),
            "names": [{"role": r.role, "path": _display(r.path)} for r in resolve(invocation, os.sep, known)],
            "v2": v2_commands(invocation, outputs),
            "not_carried": not_carried(invocation),
        }
        if id(invocation) in states:
            entry["rewrite"] = states[id(invocation)]
        entries.append(entry)
    return entries


def invocations_json(result: MigrationResult) -> dict[str, Any]:
    """The report's ``invocations`` and ``skipped_invocations`` (only when the tree keeps any)."""
    found = result.invocations
    if not found.invocations and not found.skipped:
        return {}
    skipped = [{"file": _display(s.file), "line": s.line, "text": s.text, "reason": s.reason} for s in found.skipped]
    return {"invocations": invocation_entries(result), "skipped_invocations": skipped}


def invocations_markdown(result: MigrationResult) -> list[str]:
    from speclift.repository import why_none

    found = result.invocations
    if not found.invocations and not found.skipped:
        return []
    mlflow = any(invocation.program.startswith("MLflow") for invocation in found.invocations)
    out = [f"### CI command lines (Azure ML v1 CLI{', MLflow CLI' if mlflow else ''})", ""]
    for invocation, entry in zip(found.invocations, invocation_entries(result), strict=True):
        names = ", ".join(f"{n['role']} `{n['path']}`" for n in entry["names"])
        out.append(f"- `{entry['file']}` line {entry['line']}: `{entry['command']}`" + (f" ({names})" if names else ""))
        if entry["v2"]:
            out.append("  - becomes: " + "; ".join(f"`{line}`" for line in entry["v2"]))
        else:
            out.append(f"  - no v2 command: {why_none(invocation, result.outputs)}")
        if entry["not_carried"]:
            out.append("  - not carried over: " + ", ".join(f"`{option}`" for option in entry["not_carried"]))
        if "rewrite" in entry:
            out.append(f"  - CI line: {entry['rewrite']}")
    for skipped in found.skipped:
        out.append(f"- `{_display(skipped.file)}` line {skipped.line}: not read ({skipped.reason})")
    out.append("")
    return out


def _rewrite_summary(result: MigrationResult) -> str:
    rewrite = result.ci_rewrite
    if rewrite is None:
        return ""
    verb = "would be rewritten" if result.dry_run else "rewritten"
    files = len(rewrite.files)
    return (
        f"; CI: {len(rewrite.replaced)} command line{'s' * (len(rewrite.replaced) != 1)} {verb} in {files} "
        f"file{'s' * (files != 1)}, {len(rewrite.left)} left as they were (the --report lists them)"
    )
