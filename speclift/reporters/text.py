"""Human-readable output: ``file:line:col: severity CODE message (hint)`` and a one-line summary."""

from __future__ import annotations

from speclift.findings import Severity
from speclift.validation.engine import Report


def render(report: Report, *, verbose: bool = False) -> str:
    lines = []
    for finding in sorted(report.findings, key=lambda f: f.sort_key()):
        if finding.severity == Severity.INFO and not verbose:
            continue
        hint = f" ({finding.hint})" if finding.hint else ""
        lines.append(f"{finding.location}: {finding.severity.label} {finding.code} {finding.message}{hint}")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def summary(report: Report) -> str:
    counts = {severity: 0 for severity in Severity}
    for finding in report.findings:
        counts[finding.severity] += 1
    specs = sum(1 for result in report.files if any(result.spec_types))
    skipped = len(report.files) - specs
    parts = [
        f"{counts[Severity.ERROR]} error{'s' * (counts[Severity.ERROR] != 1)}",
        f"{counts[Severity.WARNING]} warning{'s' * (counts[Severity.WARNING] != 1)}",
    ]
    tail = f"; {skipped} skipped (not specs, unreadable or empty; -v shows why)" if skipped else ""
    return f"{', '.join(parts)} in {specs} spec file{'s' * (specs != 1)}{tail}"
