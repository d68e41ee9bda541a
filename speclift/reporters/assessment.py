"""A Studio (classic) experiment's migration assessment (:mod:`speclift.studio.assessment`) as Markdown for the
migration report, as text for ``speclift scan -v`` and as plain data for the JSON reports."""

from __future__ import annotations

import dataclasses
from typing import Any

from speclift.studio.assessment import Assessment, ModuleRow, Verdict


def as_dict(assessment: Assessment) -> dict[str, Any]:
    data = dataclasses.asdict(assessment)
    for row in data["modules"]:
        row["verdict"] = row["verdict"].value if isinstance(row["verdict"], Verdict) else row["verdict"]
        row["parameters"] = [{"name": name, "value": value} for name, value in row["parameters"]]
    data["summary"] = assessment.summary
    return data


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(assessment: Assessment) -> list[str]:
    """The assessment under a heading: the summary, one table row per module in graph order, each module's ports
    and parameters in a folded block, the web service, and the notes."""
    out = [f"#### Assessment: {_cell(assessment.experiment)}", "", f"{assessment.summary}.", ""]
    out += ["| # | job | module | family | designer replacement | generated | verdict |", "|---|---|---|---|---|---|---|"]
    for number, row in enumerate(assessment.modules, 1):
        out.append(
            f"| {number} | `{row.job}` | {_cell(row.name)} | `{row.family[:8]}` | {_cell(row.replacement)} | "
            f"`{row.generated.split(' ', 1)[0]}` | {row.verdict.value} |"
        )
    out += ["", "Order (each level reads only from the levels above it):", ""]
    out += [f"{level}. " + ", ".join(f"`{r.job}`" for r in rows) for level, rows in _levels(assessment)]
    out += ["", "<details><summary>Modules: parameters, ports and notes</summary>", ""]
    for row in assessment.modules:
        out += _module_markdown(row)
    out += ["</details>", ""]
    if assessment.service:
        out += ["Web service:", "", "| kind | name | in the graph | becomes |", "|---|---|---|---|"]
        out += [f"| {s.kind} | {_cell(s.name)} | {_cell(s.detail)} | {_cell(s.becomes)} |" for s in assessment.service]
        out.append("")
    out += [f"- {_cell(note)}" for note in assessment.notes]
    if assessment.notes:
        out.append("")
    return out


def _module_markdown(row: ModuleRow) -> list[str]:
    out = [f"- `{row.job}`: {_cell(row.name)} (node `{row.node}`, family `{row.family}`, known by {row.identified_by})"]
    out += [f"  - in: {_cell(port)}" for port in row.inputs]
    out += [f"  - out: {_cell(port)}" for port in row.outputs]
    out += [f"  - parameter {_cell(name)} = `{_cell(value)}`" for name, value in row.parameters]
    out += [f"  - generated: {_cell(row.generated)}"]
    out += [f"  - note: {_cell(note)}" for note in row.notes]
    return out


def _levels(assessment: Assessment) -> list[tuple[int, list[ModuleRow]]]:
    levels: dict[int, list[ModuleRow]] = {}
    for row in assessment.modules:
        levels.setdefault(row.level, []).append(row)
    return sorted(levels.items())


def text(assessment: Assessment) -> list[str]:
    """The assessment as indented lines for ``speclift scan -v``."""
    out = [f"  {assessment.experiment}: {assessment.summary} (level: the module's depth in the graph)"]
    for row in assessment.modules:
        out.append(f"    {row.level:>2}  {row.job}: {row.name} -> {row.replacement}: {row.verdict.value}")
        out += [f"          {note}" for note in row.notes]
    for service in assessment.service:
        out.append(f"    web service {service.kind} {service.name} ({service.detail}) -> {service.becomes}")
    out += [f"    {note}" for note in assessment.notes]
    return out
