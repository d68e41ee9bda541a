"""GitLab code quality report (``artifacts:reports:codequality``): a JSON array of CodeClimate issues, each with
the fields GitLab reads (description, check_name, fingerprint, severity, location.path, location.lines.begin).

The fingerprint says which finding of one pipeline is the same as which of another (GitLab marks the others new or
fixed in the merge request): a hash of the file's path in the repository, the code, the document and the JSON
pointer of the node, never the line, so an edit above a finding does not make it new. Findings sharing all four
are told apart by their order.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from speclift.findings import Finding, Severity
from speclift.reporters.paths import repository_path
from speclift.reporters.view import PLAIN, View
from speclift.validation.engine import Report

# GitLab's scale is info, minor, major, critical, blocker. An error is a file the platform refuses: the job does
# not run (critical); a warning is accepted but very likely wrong (major); a note stays a note. Nothing speclift
# finds blocks more than a refused file, and nothing it reports is a mere matter of taste (minor).
SEVERITY = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.INFO: "info"}


def render(report: Report, *, verbose: bool = False, view: View = PLAIN) -> str:
    issues: list[dict[str, Any]] = []
    seen: dict[tuple[str, str, int, str], int] = {}
    for finding in sorted(report.findings, key=Finding.sort_key):
        if finding.severity == Severity.INFO and not verbose:
            continue
        path = repository_path(finding.path)
        key = (path, finding.code, finding.document, finding.pointer)
        seen[key] = occurrence = seen.get(key, -1) + 1
        description = f"{finding.code} {finding.message}" + (f" ({finding.hint})" if finding.hint else "")
        issues.append(
            {
                "description": " ".join(description.splitlines()),  # one line, as CodeClimate wants it
                "check_name": f"{finding.code} {finding.rule}",
                "fingerprint": _fingerprint(*key, occurrence),
                "severity": SEVERITY[finding.severity],
                "location": {"path": path, "lines": {"begin": finding.line or 1}},
            }
        )
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def _fingerprint(path: str, code: str, document: int, pointer: str, occurrence: int) -> str:
    text = "\0".join(("speclift", path, code, str(document), pointer, str(occurrence)))
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()
