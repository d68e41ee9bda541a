"""The validation engine: files in, findings out. No printing, no exit codes: the CLI decides those."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from speclift import codes, commented_json, spectypes, suppressions, yamlio
from speclift.config import Config, Settings
from speclift.discovery import expand, without
from speclift.findings import Finding, Severity
from speclift.schemas import SchemaUnavailable
from speclift.spectypes import SpecType
from speclift.validation import rules
from speclift.validation import schema as schema_check


@dataclass(slots=True)
class FileResult:
    path: str
    spec_types: list[str | None] = field(default_factory=list)  # one entry per document
    findings: list[Finding] = field(default_factory=list)


@dataclass(slots=True)
class Report:
    files: list[FileResult] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)  # about the tree rather than one file (link loops, ...)
    paths: list[str] = field(default_factory=list)  # as named (standard input by its name), for without_specs

    def without_specs(self) -> list[str]:
        """The named paths that hold no spec (any type detected, old formats included)."""
        return without(self.paths, (result.path for result in self.files if any(result.spec_types)))

    @property
    def findings(self) -> list[Finding]:
        every = list(self.problems)
        for result in self.files:
            every.extend(result.findings)
        return every


def validate_paths(paths: Sequence[str], config: Config | None = None, *, stdin_name: str = "<stdin>") -> Report:
    """Validate every spec under ``paths`` (files, folders, ``-`` for standard input)."""
    config = config or Config()
    report = Report(paths=[stdin_name if path == "-" else path for path in paths])
    for candidate in expand(paths, config.include, config.exclude, report.problems):
        settings = config.settings_for(candidate.path)
        result = _validate_stdin(stdin_name, settings) if candidate.path == "-" else validate_file(candidate.path, settings)
        result.findings = _filter(result.findings, settings)
        report.files.append(result)
    report.problems = [f for f in report.problems if f.code not in config.settings.ignore]
    return report


def validate_file(path: str, settings: Settings | None = None) -> FileResult:
    settings = settings or Settings()
    try:
        text = yamlio.read_file(path, settings.limits)
    except yamlio.LoadError as exc:
        return FileResult(path, findings=[exc.finding])
    return validate_text(text, path, settings, base_dir=os.path.dirname(os.path.abspath(path)))


def _validate_stdin(path: str, settings: Settings) -> FileResult:
    try:
        text = yamlio.read_stream(sys.stdin.buffer, path, settings.limits)
    except yamlio.LoadError as exc:
        return FileResult(path, findings=[exc.finding])
    return validate_text(text, path, settings, base_dir=os.getcwd())


def validate_text(text: str, path: str, settings: Settings | None = None, base_dir: str | None = None) -> FileResult:
    """Validate YAML text as if it were the file ``path`` (local paths resolve against ``base_dir``)."""
    settings = settings or Settings()
    base_dir = base_dir if base_dir is not None else os.path.dirname(os.path.abspath(path))
    loaded = yamlio.load(text, path, settings.limits)
    if commented_json.not_a_spec(text, path, loaded):  # tsconfig.json and the like, as the migration inventory says
        return FileResult(path, [None], [codes.make("SL011", f"not a job spec, skipped: {commented_json.REASON}", path)])
    result = FileResult(path, findings=list(loaded.findings))
    empty = not loaded.documents and not loaded.findings
    if empty:  # a file of comments alone: its `# speclift: disable-file=SL004` still applies
        result.findings.append(codes.make("SL004", "empty file: no YAML document to validate", path))
    forced = spectypes.get(settings.schema) if settings.schema else None
    for document in loaded.documents:
        try:
            spec, findings = _check_document(document, path, forced, settings, base_dir)
        except Exception as exc:  # a bug must cost one document, never the run
            spec = None
            findings = [
                codes.make(
                    "SL009",
                    f"internal error while checking this document: {type(exc).__name__}: {exc}",
                    path,
                    *document.start,
                    document=document.index,
                )
            ]
        result.spec_types.append(spec.id if spec else None)
        result.findings.extend(findings)
    if settings.inline_config:
        result.findings = _suppress(text, result.findings, path, settings, empty=empty)
    result.findings.sort(key=Finding.sort_key)
    return result


def _suppress(text: str, findings: list[Finding], path: str, settings: Settings, *, empty: bool = False) -> list[Finding]:
    """Apply the file's ``# speclift: disable=...`` comments. A suppression counts as unused only for a code that
    could have been found: not one the configuration ignores, not SL204 with path checks off, nothing at all
    when a syntax error stopped the reading part-way, and nothing but SL004 in a file of comments alone (no rule
    ran on it)."""
    directives = suppressions.read(text)
    if not directives:
        return findings
    checked: frozenset[str] = frozenset()
    if not any(f.code == "SL001" for f in findings):
        ignored = settings.ignore | ({"SL204"} if not settings.check_paths else set())
        checked = frozenset(c.code for c in codes.CODES.values() if c.code not in ignored and c.name not in ignored)
    if empty:
        checked &= {"SL004"}
    return suppressions.apply(findings, directives, path, checked)


def has_errors(data: Any, path: str, settings: Settings, base_dir: str | None = None) -> bool:
    """Whether checking ``data`` as the one document of the file ``path`` finds an error, without the text it was
    written as: for data about to be written, whose positions matter only when something is wrong. Data that YAML
    text may not read back as it is (a key that is not a string, a control character, deep nesting) counts as
    wrong, so that the caller validates the text itself."""
    if not _plain(data, 0, settings.limits.max_depth):
        return True
    forced = spectypes.get(settings.schema) if settings.schema else None
    base_dir = base_dir if base_dir is not None else os.path.dirname(os.path.abspath(path))
    try:
        _, findings = _check_document(yamlio.Document(data=data, index=0), path, forced, settings, base_dir)
    except Exception:  # the text's own check reports it (SL009)
        return True
    return any(f.severity == Severity.ERROR for f in findings)


def _plain(value: Any, depth: int, max_depth: int) -> bool:
    if depth > max_depth:
        return False
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v, depth + 1, max_depth) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(item, depth + 1, max_depth) for item in value)
    if isinstance(value, str):
        return not yamlio.NON_PRINTABLE.search(value)
    return value is None or isinstance(value, (bool, int, float))


def _check_document(
    document: yamlio.Document, path: str, forced: SpecType | None, settings: Settings, base_dir: str
) -> tuple[SpecType | None, list[Finding]]:
    line, column = document.start
    if document.data is None:
        return None, [codes.make("SL004", "empty document", path, line, column, document=document.index)]
    if forced is not None:
        spec = forced
    else:
        detection = spectypes.detect(document.data, os.path.basename(path))
        if detection.spec_type is None:
            at_line, at_column = document.position(detection.pointer, prefer_key=False)
            if detection.unknown:
                return None, [
                    codes.make("SL010", detection.reason, path, at_line, at_column, detection.pointer, document=document.index)
                ]
            return None, [
                codes.make("SL011", f"not a job spec, skipped: {detection.reason}", path, line, column, document=document.index)
            ]
        spec = detection.spec_type
    if spec.schema_file is None:  # an old format nothing reads any more
        return spec, [_legacy_finding(spec, path, line, column, document.index)]
    if spec.node_only and forced is None:
        return spec, [
            codes.make(
                "SL010",
                f"the platform does not accept a standalone {spec.title}: {spec.node_only}",
                path,
                line,
                column,
                document=document.index,
            )
        ]
    try:
        findings = schema_check.validate(document, spec.schema_file, path)
    except SchemaUnavailable as exc:
        return spec, [codes.make("SL010", str(exc), path, line, column, document=document.index)]
    findings.extend(rules.run(document, spec, path, base_dir, settings))
    return spec, findings


def _legacy_finding(spec: SpecType, path: str, line: int, column: int, index: int) -> Finding:
    target = spectypes.SPEC_TYPES[spec.migrates_to] if spec.migrates_to else None
    where = f"; it becomes {_a(target.title)}" if target else ""
    return codes.make(
        "SL012",
        f"this is {_a(spec.title)} ({spec.id}), an old format the current platform no longer accepts{where}",
        path,
        line,
        column,
        hint=f"migrate it to {spec.migrates_to}" if spec.migrates_to else None,
        document=index,
    )


def _a(title: str) -> str:
    return f"{'an' if title[0].lower() in 'aeiou' else 'a'} {title}"


def _filter(findings: Iterable[Finding], settings: Settings) -> list[Finding]:
    return [f for f in findings if f.code not in settings.ignore and f.rule not in settings.ignore]
