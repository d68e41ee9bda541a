"""``speclift explain``: one code's explanation as text for the terminal, markdown for docs, or JSON."""

from __future__ import annotations

import json
import textwrap
from typing import Any

from speclift.explanations import Example, Explanation

_WIDTH = 100


def text(explanation: Explanation) -> str:
    code = explanation.code
    lines = [f"{code.code} {code.name} (default severity: {code.severity.label})", "", *_wrapped(code.summary, "")]
    for title, body in _sections(explanation):
        lines += ["", title]
        for part in body:
            if isinstance(part, _Spec):
                lines += ["", *(f"    {line}" if line else "" for line in part.text.splitlines()), ""]
            elif isinstance(part, _Item):
                lines += _wrapped(part.text, "  - ", "    ")
            else:
                lines += [*_wrapped(part, "  "), ""]
    return "\n".join(_collapse(lines)) + "\n"


def markdown(explanation: Explanation) -> str:
    code = explanation.code
    lines = [f"## {code.code} `{code.name}`", "", f"**Default severity:** {code.severity.label}.", "", code.summary]
    for title, body in _sections(explanation):
        lines += ["", f"### {title}", ""]
        for part in body:
            if isinstance(part, _Spec):
                lines += ["", f"```{part.language}", *part.text.splitlines(), "```", ""]
            elif isinstance(part, _Item):
                lines.append(f"- {part.text}")
            else:
                lines += [part, ""]
    return "\n".join(_collapse(lines)) + "\n"


def as_json(explanation: Explanation) -> str:
    return json.dumps(as_data(explanation), indent=2) + "\n"


def as_data(explanation: Explanation) -> dict[str, Any]:
    """The explanation as plain data (the JSON format; SARIF rules take their text from the other two)."""
    code, example = explanation.code, explanation.example
    return {
        "code": code.code,
        "name": code.name,
        "severity": code.severity.label,
        "summary": code.summary,
        "why": explanation.why,
        "reported_by": list(explanation.reported_by),
        "example": None if example is None else _example_data(example),
        "situation": explanation.situation,
        "suppress": explanation.ways_to_suppress(),
        "severity_note": explanation.severity_note(),
    }


def _example_data(example: Example) -> dict[str, Any]:
    return {
        "file": example.file,
        "spec_type": example.spec_type,
        "fixed_spec_type": example.fixed_type,
        "run": example.run,
        "options": example.options,
        "files": example.files,
        "failing": example.failing,
        "fixed": example.fixed,
        "fix": example.fix,
    }


class _Spec:
    """A block of file text, shown verbatim."""

    def __init__(self, text: str, language: str = "yaml") -> None:
        self.text = text
        self.language = language


class _Item:
    """One item of a list."""

    def __init__(self, text: str) -> None:
        self.text = text


def _sections(explanation: Explanation) -> list[tuple[str, list[str | _Spec | _Item]]]:
    """The explanation's sections, each a title and its paragraphs, specs and list items, in the order shown."""
    sections: list[tuple[str, list[str | _Spec | _Item]]] = [("Why it matters", [explanation.why])]
    if explanation.example is not None:
        sections.append(("Example", _example(explanation)))
    if explanation.situation is not None:
        sections.append(("When it is reported", [explanation.situation]))
    ways = explanation.ways_to_suppress()
    if ways:
        sections.append(("How to suppress it", [_Item(way) for way in ways]))
    commands = ", ".join(f"`speclift {command}`" for command in explanation.reported_by)
    sections.append(("Severity", [explanation.severity_note(), f"Reported by {commands}."]))
    return sections


def _example(explanation: Explanation) -> list[str | _Spec | _Item]:
    example = explanation.example
    assert example is not None
    what = f"`{example.file}`" + (f" ({example.spec_type})" if example.spec_type else "")
    command = {"validate": "`speclift validate`", "convert": "`speclift convert`", "config": "speclift"}[example.run]
    options = " ".join(f"-O {key}={value}" for key, value in example.options.items())
    with_options = f" with `{options}`" if options else ""
    beside = f", next to {', '.join(f'`{name}`' for name in example.files)}" if example.files else ""
    parts: list[str | _Spec | _Item] = [
        f"{command}{with_options} reports {explanation.code.code} on this {what}{beside}:",
        _Spec(example.failing, _language(example.file)),
    ]
    if example.fixed is not None:
        migrated = f" ({example.fixed_type})" if example.fixed_type != example.spec_type else ""
        parts += [f"Fixed{migrated}:", _Spec(example.fixed, _language(example.file))]
    if example.fix is not None:
        parts.append(example.fix)
    return parts


def _language(file: str) -> str:
    return "json" if file.endswith(".json") else "yaml"


def _wrapped(paragraph: str, indent: str, subsequent: str | None = None) -> list[str]:
    following = indent if subsequent is None else subsequent
    return textwrap.wrap(paragraph, _WIDTH, initial_indent=indent, subsequent_indent=following, break_on_hyphens=False)


def _collapse(lines: list[str]) -> list[str]:
    """``lines`` without a blank line after another blank line, or at the end."""
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return kept
