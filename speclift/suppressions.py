"""Inline suppressions: ``# speclift: disable=SL101,unknown-binding`` comments in the spec itself.

A comment alone on its line applies to the line below it; a comment after a value applies to its own line;
``# speclift: disable-file=SL205`` anywhere applies to the whole file. Codes or rule names, comma-separated.

Comments are found with the YAML scanner, not a regular expression over lines: a ``#`` inside a quoted or block
scalar (``command: "echo # speclift: disable=SL101"``) is text, not a comment. The scanner drops comments, so a
``#`` counts as a comment when no scalar token covers it.

A directive naming an unknown code, or one that suppresses nothing, is itself reported (SL013): a typo would
otherwise hide nothing while looking as if it did, and a stale suppression would silently hide the next real problem
on its line.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import yaml

from speclift import codes
from speclift.findings import Finding, excerpt

try:  # libyaml is in every PyYAML wheel; the pure-Python scanner is the fallback
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_MARKER = "speclift:"
_DIRECTIVE = re.compile(r"#\s*speclift:\s*(disable-file|disable)\s*=\s*([^#]*)")


@dataclass(slots=True)
class Directive:
    line: int  # 1-based, where the comment is
    column: int  # 1-based, the comment's `#`
    scope: str  # "line" or "file"
    target: int  # the line it applies to (0 for the whole file)
    codes: dict[str, str]  # the codes it names (SL101) -> as written (unknown-field), in order
    used: set[str] = field(default_factory=set)


def read(text: str) -> list[Directive]:
    """Every ``# speclift:`` directive in ``text``, in order (none when the text never says ``speclift:``)."""
    if _MARKER not in text:
        return []
    lines = text.splitlines()
    marked = {number: line for number, line in enumerate(lines, start=1) if _MARKER in line}
    covered = _scalar_spans(text, set(marked))
    found: list[Directive] = []
    for number, line in marked.items():
        last = line.rfind(_MARKER)
        start = line.find("#")
        while 0 <= start < last:  # each '#' before the last marker, once: linear in the line
            if (start == 0 or line[start - 1] in " \t") and not _inside(covered.get(number, []), start):
                match = _DIRECTIVE.match(line, start)
                if match:
                    found.append(_directive(match, number, start, own_line=not line[:start].strip()))
                break  # the first real comment runs to the end of the line
            start = line.find("#", start + 1)
    return found


def _directive(match: re.Match[str], line: int, start: int, own_line: bool) -> Directive:
    kind, names = match.group(1), match.group(2)
    named = {}
    for name in (n.strip() for n in names.split(",")):
        if name:
            entry = codes.lookup(name)
            named[entry.code if entry else name] = name
    if kind == "disable-file":
        return Directive(line, start + 1, "file", 0, named)
    return Directive(line, start + 1, "line", line + 1 if own_line else line, named)


def _scalar_spans(text: str, lines: set[int]) -> dict[int, list[tuple[int, int]]]:
    """For each of ``lines``, the 0-based column ranges scalar tokens cover, in order (a line inside a multi-line
    scalar: all of it). Text after a syntax error is not scanned; that file is reported as broken anyway."""
    spans: dict[int, list[tuple[int, int]]] = {}
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if not isinstance(token, yaml.ScalarToken):
                continue
            first, last = token.start_mark.line + 1, token.end_mark.line + 1
            numbers = lines.intersection(range(first, last + 1)) if last > first else lines & {first}
            for number in numbers:
                begin = token.start_mark.column if number == first else 0
                end = token.end_mark.column if number == last else 1 << 30
                spans.setdefault(number, []).append((begin, end))
    except yaml.YAMLError:
        pass
    return spans


def _inside(spans: list[tuple[int, int]], column: int) -> bool:
    """Whether ``column`` is inside one of ``spans`` (in order, not overlapping: tokens come in text order)."""
    index = bisect.bisect_right(spans, column, key=lambda span: span[0]) - 1
    return index >= 0 and column < spans[index][1]


def apply(findings: list[Finding], directives: list[Directive], path: str, checked: frozenset[str]) -> list[Finding]:
    """``findings`` without those the directives suppress, plus SL013 for each unknown code and for each known code
    a directive names that suppressed nothing. ``checked`` holds the codes that could have been found at all (a code
    ignored by the configuration, or SL204 with path checks off, is not "unused")."""
    kept: list[Finding] = []
    for finding in findings:
        directive = _suppressing(finding, directives)
        if directive is None:
            kept.append(finding)
        else:
            directive.used.add(finding.code)
    for directive in directives:
        for code, written in directive.codes.items():
            if code not in codes.CODES:
                message = f"unknown code {excerpt(written)} in a speclift suppression: it suppresses nothing"
                kept.append(codes.make("SL013", message, path, directive.line, directive.column, hint="see `speclift codes`"))
            elif code not in directive.used and code in checked:
                where = "in this file" if directive.scope == "file" else f"on line {directive.target}"
                message = f"the suppression of {written} suppresses nothing: there is no {code} {where}"
                kept.append(codes.make("SL013", message, path, directive.line, directive.column, hint="remove it"))
    return kept


def _suppressing(finding: Finding, directives: list[Directive]) -> Directive | None:
    for directive in directives:
        if finding.code in directive.codes and (directive.scope == "file" or directive.target == finding.line):
            return directive
    return None
