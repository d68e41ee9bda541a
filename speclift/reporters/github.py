"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff, placed by the
file's path in the repository (GitHub knows no other), whatever folder the command ran in."""

from __future__ import annotations

from speclift.findings import Finding, Severity
from speclift.reporters.paths import repository_path
from speclift.reporters.text import summary
from speclift.reporters.view import PLAIN, View
from speclift.validation.engine import Report

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    props = [f"file={_property(repository_path(finding.path))}"]
    if finding.line:
        props += [f"line={finding.line}", f"col={finding.column or 1}"]
    props.append(f"title={_property(f'{finding.code} {finding.rule}')}")
    hint = f" ({finding.hint})" if finding.hint else ""
    return f"::{_LEVEL[finding.severity]} {','.join(props)}::{_data(finding.message + hint)}"


def render(report: Report, *, verbose: bool = False, view: View = PLAIN) -> str:
    lines = [annotation(f) for f in sorted(report.findings, key=Finding.sort_key) if verbose or f.severity > Severity.INFO]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"
