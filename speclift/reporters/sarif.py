"""SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from speclift import __version__, codes
from speclift.explanations import explanations
from speclift.findings import Severity
from speclift.reporters import explanation as explanation_reporter
from speclift.reporters.paths import repository_path
from speclift.reporters.view import PLAIN, View
from speclift.validation.engine import Report

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(report: Report, *, verbose: bool = False, view: View = PLAIN) -> str:
    # A rule carries what `speclift explain` shows: why it matters (fullDescription), and the whole explanation
    # with its examples (help), which code-scanning dashboards show beside each result.
    rules = [
        {
            "id": entry.code,
            "name": entry.name,
            "shortDescription": {"text": entry.summary},
            "fullDescription": {"text": explanation.why},
            "help": {"text": explanation_reporter.text(explanation), "markdown": explanation_reporter.markdown(explanation)},
            "defaultConfiguration": {"level": _LEVEL[entry.severity]},
        }
        for entry, explanation in ((entry, explanations()[entry.code]) for entry in codes.CODES.values())
    ]
    index = {entry.code: i for i, entry in enumerate(codes.CODES.values())}
    results: list[dict[str, Any]] = []
    for finding in report.findings:
        if finding.severity == Severity.INFO and not verbose:
            continue
        location: dict[str, Any] = {"artifactLocation": {"uri": _uri(finding.path)}}
        if finding.line:
            location["region"] = {"startLine": finding.line, "startColumn": finding.column or 1}
        text = finding.message + (f" ({finding.hint})" if finding.hint else "")
        results.append(
            {
                "ruleId": finding.code,
                "ruleIndex": index[finding.code],
                "level": _LEVEL[finding.severity],
                "message": {"text": text},
                "locations": [{"physicalLocation": location}],
            }
        )
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "speclift",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/speclift/",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"


def _uri(path: str) -> str:
    """The file as a URI reference relative to the repository's top folder, which is how GitHub code scanning and
    other SARIF viewers place a result whatever folder the command ran in; percent-encoded, as a URI must be (a
    space, a ``#`` or a ``%`` in a file name would otherwise name another file)."""
    return quote(repository_path(path), safe="/")
