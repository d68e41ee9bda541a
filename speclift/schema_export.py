"""``speclift schemas export``: the shipped schemas as files an editor loads offline, plus an index.

Each current spec type's schema is written as one self-contained file (:mod:`speclift.schema_bundle`) at
``DIR/<family>/<version>/<name>.schema.json``, its patterns in the dialect editors run (:mod:`speclift.ecma_regex`),
each case-insensitive one with a ``patternErrorMessage`` (what yaml-language-server says instead of quoting the
portable form), and each ``description`` also given as ``markdownDescription`` (hovers then render its code spans;
the text is the same record). ``DIR/index.json`` lists them. A file whose content would not change is not touched;
a file this export wrote before (its ``$comment`` says so) is replaced; anything else in the way is kept unless
``force``. Nothing is written outside ``DIR`` (symbolic links resolved).
"""

from __future__ import annotations

import enum
import json
import os
import re
from dataclasses import dataclass, field
from typing import Any

from speclift import __version__, codes, spectypes
from speclift.conversion.writing import write_atomically
from speclift.ecma_regex import portable
from speclift.findings import Finding
from speclift.schema_bundle import bundle
from speclift.spectypes import SpecType

INDEX = "index.json"
MARK = "Exported by speclift"  # how an exported file says it is one (the start of its `$comment`)
_MAX_READ = 16 * 1024 * 1024  # an existing file larger than this is nothing this export wrote


class Outcome(str, enum.Enum):
    WRITTEN = "written"  # a new file
    REPLACED = "replaced"  # a file an earlier export wrote, with other content
    UNCHANGED = "unchanged"  # already as it would be written: left alone
    NOT_WRITTEN = "not written"  # something else is in the way, or the write failed: see the finding


@dataclass(frozen=True, slots=True)
class ExportedFile:
    path: str  # relative to the export folder, with forward slashes
    spec_type: str | None  # None for the index
    outcome: Outcome


@dataclass(slots=True)
class ExportResult:
    folder: str
    files: list[ExportedFile] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)


def exported_types() -> list[SpecType]:
    """Every spec type with a schema (current formats, and old ones a tool still reads, such as MLproject)."""
    return [spec for spec in spectypes.SPEC_TYPES.values() if spec.schema_file is not None]


def schema_path(spec: SpecType) -> str:
    """Where a type's exported schema goes, relative to the export folder."""
    assert spec.schema_file is not None
    return spec.schema_file


def editor_schema(spec: SpecType) -> dict[str, Any]:
    """The self-contained schema of one spec type, as exported."""
    assert spec.schema_file is not None
    bundled = _for_editors(bundle(spec.schema_file))
    comment = (
        f"{MARK} {__version__} (`speclift schemas export`) from {spec.schema_file}, spec type {spec.id}; "
        "regenerate it rather than edit it."
    )
    head = {key: bundled.pop(key) for key in ("$schema",) if key in bundled}
    return {**head, "$comment": comment, **bundled}


def index(specs: list[SpecType]) -> dict[str, Any]:
    """``index.json``: which file holds which spec type's schema."""
    return {
        "$comment": f"{MARK} {__version__} (`speclift schemas export`): the exported schemas, one per spec type.",
        "generator": "speclift",
        "version": __version__,
        "schemas": [
            {
                "type": spec.id,
                "title": spec.title,
                "file": schema_path(spec),
                **({"standalone": False} if spec.node_only else {}),
            }
            for spec in specs
        ],
    }


def export_schemas(folder: str, *, force: bool = False) -> ExportResult:
    """Write every exported schema and the index under ``folder``."""
    result = ExportResult(folder)
    if os.path.lexists(folder) and not os.path.isdir(folder):
        what = "a symbolic link to nothing" if os.path.islink(folder) else "not a folder"
        result.problems.append(codes.make("SL421", f"{what}: the schemas go into a folder", folder))
        return result
    specs = exported_types()
    contents: list[tuple[str, str | None, str]] = [(schema_path(s), s.id, _render(editor_schema(s))) for s in specs]
    contents.append((INDEX, None, _render(index(specs))))
    obstacles: set[str] = set()  # each told once, however many files it keeps out
    for relative, spec_id, text in contents:
        target = os.path.join(folder, *relative.split("/"))
        obstacle = _obstacle(folder, relative)
        if obstacle is not None:
            result.files.append(ExportedFile(relative, spec_id, Outcome.NOT_WRITTEN))
            if obstacle not in obstacles:
                obstacles.add(obstacle)
                message = "is no folder, and the export needs one here: move it or export into another folder"
                result.problems.append(codes.make("SL421", f"{_kind(obstacle)} {message}", obstacle))
            continue
        outcome, problem = _write(target, text, folder, force=force)
        result.files.append(ExportedFile(relative, spec_id, outcome))
        if problem is not None:
            result.problems.append(problem)
    return result


def _obstacle(folder: str, relative: str) -> str | None:
    """The first folder on the way to ``relative`` that exists as something else (a file, a link to nothing): no
    write below it can succeed, and --force does not remove it (it is no schema this export wrote)."""
    path = folder
    for part in relative.split("/")[:-1]:
        path = os.path.join(path, part)
        if not os.path.lexists(path):
            return None
        if not os.path.isdir(path):
            return path
    return None


def _kind(path: str) -> str:
    return "a symbolic link to nothing" if os.path.islink(path) and not os.path.exists(path) else "a file"


def _render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _write(target: str, text: str, folder: str, *, force: bool) -> tuple[Outcome, Finding | None]:
    existing = _read(target)
    if existing == text:
        return Outcome.UNCHANGED, None
    ours = existing is not None and _exported(existing)
    present = os.path.lexists(target)
    problem = write_atomically(target, text, force=force or ours, within=(folder,))
    if problem is not None:
        return Outcome.NOT_WRITTEN, problem
    return (Outcome.REPLACED if present else Outcome.WRITTEN), None


def _read(target: str) -> str | None:
    """The text of a regular file at ``target`` (never through a symbolic link), or None."""
    if os.path.islink(target) or not os.path.isfile(target):
        return None
    try:
        if os.path.getsize(target) > _MAX_READ:
            return None
        with open(target, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None


def _exported(text: str) -> bool:
    try:
        data = json.loads(text)
    except ValueError:
        return False
    return isinstance(data, dict) and str(data.get("$comment", "")).startswith(MARK)


_WORDS = re.compile(r"\^\(\?i:([A-Za-z0-9_.-]+(?:\|[A-Za-z0-9_.-]+)*)\)\$")


def pattern_message(pattern: str) -> str:
    """What an editor says when a value does not match a case-insensitive ``pattern``, in place of its message
    quoting the portable form (``^(?:[cC][oO]...)$``, unreadable): the accepted words, or the pattern as shipped."""
    words = _WORDS.fullmatch(pattern)
    if words is not None:
        listed = ", ".join(f'"{word}"' for word in words.group(1).split("|"))
        return f"Value is not accepted. Valid values (in any case): {listed}."
    return f'String does not match the pattern of "{pattern}".'  # yaml-language-server's words, the shipped pattern


def _for_editors(node: Any, key: str = "") -> Any:
    """Patterns made portable (with a readable message where the portable form is not) and descriptions doubled as
    markdown, all the way down (data keywords untouched)."""
    if key in ("const", "enum", "default", "examples"):
        return node
    if isinstance(node, list):
        return [_for_editors(item) for item in node]
    if not isinstance(node, dict):
        return node
    if key in ("properties", "$defs", "dependentSchemas"):  # names, each mapped to a schema
        return {name: _for_editors(schema) for name, schema in node.items()}
    if key == "patternProperties":
        return {portable(pattern): _for_editors(schema) for pattern, schema in node.items()}
    converted: dict[str, Any] = {}
    for name, value in node.items():
        if name == "pattern" and isinstance(value, str):
            converted[name] = portable(value)
            if "(?i:" in value and "patternErrorMessage" not in node:
                converted["patternErrorMessage"] = pattern_message(value)
        else:
            converted[name] = _for_editors(value, name)
        if name == "description" and isinstance(value, str) and "markdownDescription" not in node:
            converted["markdownDescription"] = value
    return converted
