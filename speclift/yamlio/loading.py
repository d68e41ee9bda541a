"""Loading: libyaml composes, the builder walks each node tree once; every problem becomes a located finding."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import yaml

from speclift import codes
from speclift.findings import Finding
from speclift.yamlio.builder import Builder
from speclift.yamlio.document import DEFAULT_LIMITS, Document, Limits, LoadError, LoadResult
from speclift.yamlio.syntax import explain
from speclift.yamlio.text import BREAK, BREAK_CHARS

try:  # libyaml is in every PyYAML wheel; the pure-Python loader is a slow but correct fallback.
    from yaml import CSafeLoader as _Loader

    _C_LOADER = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    _C_LOADER = False


def load(text: str, path: str, limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    """Load every document of ``text``. Syntax errors end the file with a located finding; what came before stays."""
    findings: list[Finding] = []
    documents: list[Document] = []
    try:
        _check_flow_depth(text, path, limits)
        loader = _Loader(text)
        try:
            index = 0
            while loader.check_node():
                node = loader.get_node()
                if node is not None:
                    builder = Builder(path, index, limits, findings)
                    document = builder.document(node, may_alias="*" in text)
                    document.source = text
                    documents.append(document)
                index += 1
        finally:
            loader.dispose()
        _clamp_to_text(text, documents, findings)
    except yaml.MarkedYAMLError as exc:
        if _is_nesting_limit(exc):  # libyaml's own limit, for nesting the cheap pre-check let through
            findings.append(_where_too_deep(text, path, limits, exc))
        else:
            findings.append(_syntax_finding(exc, path, len(documents), text))
    except yaml.YAMLError as exc:  # errors without a mark (reader errors carry positions of their own)
        findings.append(_reader_finding(exc, path, text))
    except LoadError as exc:
        findings.append(exc.finding)
    return LoadResult(documents, findings)


def _clamp_to_text(text: str, documents: list[Document], findings: list[Finding]) -> None:
    """libyaml ends the stream on a line of its own; without a final line break that line is past the text, and an
    empty node there (`---` or `? key` at the very end) would point nowhere: move it to the end of the last line."""
    if not text or text[-1] in BREAK_CHARS:
        return
    breaks = sum(text.count(c) for c in BREAK_CHARS) - text.count("\r\n")
    past, end = (breaks + 2, 1), (breaks + 1, len(text[max(text.rfind(c) for c in BREAK_CHARS) + 1 :].lstrip("\ufeff")) + 1)
    for document in documents:
        if document.start == past:
            document.start = end
        for positions in (document.values, document.keys):
            for pointer, position in positions.items():
                if position == past:
                    positions[pointer] = end
    for i, finding in enumerate(findings):
        if (finding.line, finding.column) == past:
            findings[i] = dataclasses.replace(finding, line=end[0], column=end[1])


def _syntax_finding(exc: yaml.MarkedYAMLError, path: str, document: int, text: str) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    if mark and mark.column == 0 and mark.index >= len(text.lstrip("\ufeff")) and text and text[-1] not in BREAK_CHARS:
        # libyaml ends the stream on a line of its own, past the last one when the file has no final line break:
        # report the end of the last line instead, a place editors can show
        tail = text[max(text.rfind(c) for c in BREAK_CHARS) + 1 :]
        line, column = mark.line, len(tail.lstrip("\ufeff")) + 1
    problem = explain(exc, text)
    hint = None
    if mark and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        hint = "YAML does not allow tabs for indentation; use spaces"
    return codes.make("SL001", f"YAML syntax error: {problem}", path, line, column, hint=hint, document=document)


def _reader_finding(exc: yaml.YAMLError, path: str, text: str) -> Finding:
    position = getattr(exc, "position", None)
    line = column = 0
    if isinstance(position, int):
        if _C_LOADER:  # libyaml reads the text as UTF-8 and reports a byte offset
            position = len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))
        if text.startswith("\ufeff"):  # a byte-order mark is skipped, not counted in columns
            text, position = text[1:], max(position - 1, 0)
        line, line_start = 1, 0
        for match in BREAK.finditer(text, 0, position):
            line, line_start = line + 1, match.end()
        column = position - line_start + 1
    reason = getattr(exc, "reason", None) or str(exc).splitlines()[0]
    return codes.make("SL003", f"unacceptable character for YAML: {reason}", path, line, column)


_LONG_LINE = re.compile(r"^[^\n]{1000}", re.MULTILINE)


def _check_flow_depth(text: str, path: str, limits: Limits) -> None:
    """libyaml's composer recurses in C and crashes on extreme nesting, so measure nesting first when the text
    could nest deep enough to matter (cheap checks; event scan only for suspicious files). Flow nesting needs
    brackets; block nesting needs columns (`- - - x` or indentation), so a file with few brackets and no long line
    cannot nest more than a few thousand levels."""
    if text.count("[") + text.count("{") < 2_000 and not _LONG_LINE.search(text):
        return
    try:
        _measure_depth(text, path, limits, _Loader)
    except yaml.MarkedYAMLError as exc:
        if not _is_nesting_limit(exc):
            return  # a syntax error: the real load reports it where it is
        raise LoadError(_where_too_deep(text, path, limits, exc)) from None


def _measure_depth(text: str, path: str, limits: Limits, loader: Any) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > limits.max_depth:
                raise LoadError(_too_deep(limits, path, event.start_mark))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _where_too_deep(text: str, path: str, limits: Limits, exc: yaml.MarkedYAMLError) -> Finding:
    """Newer libyaml (PyYAML >= 6.0.4) stops at a nesting limit of its own (1,000 levels) while it scans ahead,
    before its events reach ours: the pure-Python parser (no recursion, no such limit) finds where ours was crossed."""
    try:
        _measure_depth(text, path, limits, yaml.SafeLoader)
    except LoadError as located:
        return located.finding
    except yaml.YAMLError:
        pass
    return _too_deep(limits, path, exc.problem_mark)


def _is_nesting_limit(exc: yaml.MarkedYAMLError) -> bool:
    return "nesting depth" in (exc.problem or "")


def _too_deep(limits: Limits, path: str, mark: Any) -> Finding:
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    return codes.make("SL006", f"nesting deeper than {limits.max_depth} levels", path, line, column)
