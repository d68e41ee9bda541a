"""Human-readable output: ``file:line:col: severity CODE message (hint)`` and a one-line summary; quiet (``-q``):
only the errors and the summary."""

from __future__ import annotations

from collections.abc import Iterable

from speclift.findings import Finding, Severity
from speclift.reporters.view import PLAIN, View
from speclift.validation.engine import Report


def render(report: Report, *, verbose: bool = False, view: View = PLAIN) -> str:
    return render_findings(report.findings, verbose=verbose, view=view) + summary(report, view) + "\n"


def render_findings(findings: Iterable[Finding], *, verbose: bool = True, view: View = PLAIN) -> str:
    """One line per finding, in file and position order (quiet: the errors only); without -v also the notes that
    fail the run (``--fail-on info``), so a failed run shows why."""
    least = Severity.ERROR if view.quiet else min(Severity.INFO if verbose else Severity.WARNING, view.fail_on)
    lines = []
    for finding in sorted(findings, key=Finding.sort_key):
        if finding.severity < least:
            continue
        hint = f" ({finding.hint})" if finding.hint else ""
        lines.append(f"{finding.location}: {view.severity(finding.severity)} {finding.code} {finding.message}{hint}\n")
    return "".join(lines)


def summary(report: Report, view: View = PLAIN) -> str:
    counts = {severity: 0 for severity in Severity}
    for finding in report.findings:
        counts[finding.severity] += 1
    specs = sum(1 for result in report.files if any(result.spec_types))
    skipped = len(report.files) - specs
    parts = [
        _count(counts[Severity.ERROR], Severity.ERROR, view),
        _count(counts[Severity.WARNING], Severity.WARNING, view),
    ]
    tail = f"; {skipped} skipped (not specs, unreadable or empty; -v shows why)" if skipped else ""
    return f"{', '.join(parts)} in {specs} spec file{'s' * (specs != 1)}{tail}"


def _count(number: int, severity: Severity, view: View) -> str:
    text = f"{number} {severity.label}{'s' * (number != 1)}"
    return view.severity(severity, text) if number else text
