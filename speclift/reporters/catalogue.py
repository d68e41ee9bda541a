"""``speclift codes`` as text: one row per code (code, name, default severity, meaning), the meanings wrapped to
the view's width, then the severity contract."""

from __future__ import annotations

import textwrap

from speclift.codes import CODES, SEVERITY_CONTRACT
from speclift.findings import Severity
from speclift.reporters import table
from speclift.reporters.view import PLAIN, SEVERITY_COLOURS, View

_COLUMNS = (
    table.Column("code"),
    table.Column("name"),
    table.Column("severity", colour=lambda label: SEVERITY_COLOURS[Severity.parse(label)]),
    table.Column("meaning", table.WRAP, minimum=30),
)
_PROSE = 100  # the contract's lines, at most


def render(view: View = PLAIN) -> str:
    rows = [[entry.code, entry.name, entry.severity.label, entry.summary] for entry in CODES.values()]
    lines = table.render(_COLUMNS, rows, view, header=False)
    contract = f"Severities: {SEVERITY_CONTRACT} --fail-on (default: warning) sets the least severe that fails a run."
    explain = "`speclift explain CODE` explains one: why it matters, a failing and a fixed example, how to suppress it."
    lines += ["", textwrap.fill(contract, width=min(_PROSE, view.width or _PROSE))]
    lines.append(textwrap.fill(explain, width=view.width) if view.width else explain)  # as it was, unless narrower
    return "\n".join(lines) + "\n"
