"""``speclift validate`` (and ``convert --check``) as Markdown, for a pull-request comment or a CI job summary: the
summary line, then one table row per finding. No heading: the page it goes into has its own.

:func:`code` and :func:`text` make any string safe inside a table cell (the other Markdown reporters use them too):
a message quotes values from the specs, and a ``|``, a ``<!--`` or a ``*`` in a value must not break the table,
hide the rest of the comment or turn into emphasis.
"""

from __future__ import annotations

import re

from speclift.findings import Finding, Severity
from speclift.reporters.text import summary
from speclift.reporters.view import PLAIN, View
from speclift.validation.engine import Report

_MARKUP = re.compile(r"([\\`*_\[\]~#])")


def code(value: str) -> str:
    """``value`` as an inline code span that stays inside one table cell."""
    value = value.replace("|", "\\|").replace("\n", " ").replace("\r", " ")
    fence = "``" if "`" in value else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def text(value: str) -> str:
    """``value`` as plain text in a table cell: no HTML, no emphasis, no line break, no cell break."""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _MARKUP.sub(r"\\\1", value)
    return value.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _row(finding: Finding) -> str:
    hint = f" ({finding.hint})" if finding.hint else ""
    severity = f"**{finding.severity.label}**" if finding.severity == Severity.ERROR else finding.severity.label
    rule = f" {code(finding.rule)}" if finding.rule else ""
    return f"| {severity} | {code(finding.location)} | {finding.code}{rule} | {text(finding.message + hint)} |"


def render(report: Report, *, verbose: bool = False, view: View = PLAIN) -> str:
    shown = [f for f in sorted(report.findings, key=Finding.sort_key) if verbose or f.severity > Severity.INFO]
    out = [f"**{summary(report)}**", ""]
    if shown:
        out += ["| severity | where | code | message |", "|---|---|---|---|"]
        out += [_row(finding) for finding in shown]
    else:
        out.append("No findings.")
    return "\n".join(out) + "\n"
