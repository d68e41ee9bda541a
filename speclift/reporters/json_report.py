"""Machine-readable output, stable: ``{"version": 1, "files": [...], "problems": [...], "summary": {...}}``."""

from __future__ import annotations

import json
from typing import Any

from speclift.findings import Finding, Severity
from speclift.reporters.view import PLAIN, View
from speclift.validation.engine import Report


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "rule": finding.rule,
        "severity": finding.severity.label,
        "message": finding.message,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "pointer": finding.pointer,
        "document": finding.document,
        "hint": finding.hint,
    }


def render(report: Report, *, verbose: bool = False, view: View = PLAIN) -> str:
    every = report.findings
    payload = {
        "version": 1,
        "files": [
            {"path": r.path, "spec_types": r.spec_types, "findings": [finding_dict(f) for f in r.findings]} for r in report.files
        ],
        "problems": [finding_dict(f) for f in report.problems],
        "summary": {
            "files": len(report.files),
            "errors": sum(f.severity == Severity.ERROR for f in every),
            "warnings": sum(f.severity == Severity.WARNING for f in every),
            "infos": sum(f.severity == Severity.INFO for f in every),
        },
    }
    return json.dumps(payload, indent=2) + "\n"
