"""Pointing an editor at the exported schemas: which spec each file under the named paths is, and the
``yaml.schemas`` mapping (VS Code's YAML extension, and every client of yaml-language-server) or the per-file
modelines that associate it with its exported schema (``speclift schemas export``).

How yaml-language-server picks a file's schema, strongest first: a ``# yaml-language-server: $schema=...`` modeline;
then (in releases that read it) the document's own ``$schema:`` key, which in Azure ML files names Microsoft's
published schema; then schemas other extensions provide for the file; then ``yaml.schemas`` and the schema store.
A file with a ``$schema:`` key therefore needs the modeline for speclift's schema to win there: the result says
which files have one.

Paths in the mapping are relative to the workspace root (the folder VS Code opens), with forward slashes; a
modeline's path is relative to the file's own folder, as yaml-language-server reads it. yaml-language-server matches
a mapping's globs against the document's URI as the client sends it, which VS Code percent-encodes (``a%20b``,
``donn%C3%A9es``): a file whose path has a space, a letter outside ASCII or a glob character gets its path in that
form, and in the plain form for clients that send it unencoded.
"""

from __future__ import annotations

import json
import os
import re
import stat
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from speclift import codes, commented_json, spectypes, yamlio
from speclift.config import Config
from speclift.conversion.writing import write_atomically
from speclift.discovery import expand, inside
from speclift.findings import Finding
from speclift.mlproject.model import is_mlproject_name
from speclift.schema_export import schema_path

SETTINGS_FILE = os.path.join(".vscode", "settings.json")
MODELINE_PREFIX = "# yaml-language-server: $schema="
_MODELINE = re.compile(r"^#\s*yaml-language-server\s*:.*\$schema=\S*.*$")


class EditorError(Exception):
    """A request that cannot be carried out as asked (a path outside the workspace, settings that cannot be merged
    without losing what they hold); nothing was written."""


@dataclass(frozen=True, slots=True)
class SpecFile:
    path: str  # relative to the workspace root, forward slashes
    spec_type: str  # the type id
    schema: str  # its exported schema, relative to the workspace root
    modeline: str  # the modeline line that points the file at it (no line break)
    dollar_schema: bool  # the document has a `$schema:` key, which outranks `yaml.schemas` in recent servers
    documents: int


@dataclass(frozen=True, slots=True)
class Skipped:
    path: str
    reason: str


@dataclass(slots=True)
class EditorSettings:
    root: str  # the workspace root, as given
    schemas_dir: str  # relative to the root, forward slashes

    files: list[SpecFile] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # exported schemas the mapping names that are not there yet

    @property
    def schemas_folder(self) -> str:
        """The schemas folder as a path from the current folder (where ``speclift schemas export`` should write)."""
        return os.path.normpath(os.path.join(self.root, *self.schemas_dir.split("/")))

    @property
    def schemas(self) -> dict[str, list[str]]:
        """``yaml.schemas``: schema file -> globs matching exactly the files it applies to (:func:`file_globs`)."""
        mapping: dict[str, list[str]] = {}
        for spec in self.files:
            mapping.setdefault(spec.schema, []).extend(file_globs(spec.path))
        return {schema: sorted(set(paths)) for schema, paths in sorted(mapping.items())}

    @property
    def associations(self) -> dict[str, str]:
        """``files.associations`` the editor needs to treat the files as YAML (MLflow's ``MLproject`` has no suffix)."""
        return {"MLproject": "yaml"} if any(is_mlproject_name(os.path.basename(f.path)) for f in self.files) else {}

    def settings(self) -> dict[str, Any]:
        """The VS Code settings these files need."""
        settings: dict[str, Any] = {"yaml.schemas": self.schemas}
        if self.associations:
            settings["files.associations"] = self.associations
        return settings


def detect_specs(
    paths: Sequence[str], *, root: str = ".", schemas_dir: str = ".speclift/schemas", config: Config | None = None
) -> EditorSettings:
    """Detect the spec in every file under ``paths`` (as ``speclift validate`` does) and say which exported schema
    each one uses. ``paths`` and ``schemas_dir`` (relative to ``root`` unless absolute) must lie inside ``root``."""
    config = config or Config()
    real_root = os.path.realpath(root)
    schemas_relative = _relative(os.path.join(root, schemas_dir), real_root, "the schemas folder")
    for path in paths:
        _relative(path, real_root, "a path")
    result = EditorSettings(root, schemas_relative)
    problems: list[Finding] = []
    for candidate in expand(paths, config.include, config.exclude, problems):
        if candidate.path == "-":
            raise EditorError("standard input has no path an editor could associate a schema with")
        found = _detect_file(candidate.path, config)
        relative = _relative(candidate.path, real_root, "a path")
        if isinstance(found, str):
            result.skipped.append(Skipped(relative, found))
            continue
        spec, documents, dollar = found
        schema = f"{schemas_relative}/{schema_path(spec)}" if schemas_relative != "." else schema_path(spec)
        folder = os.path.dirname(relative) or "."
        modeline = MODELINE_PREFIX + os.path.relpath(schema, folder).replace(os.sep, "/")
        result.files.append(SpecFile(relative, spec.id, schema, modeline, dollar, documents))
    result.missing = sorted({f.schema for f in result.files if not os.path.isfile(os.path.join(real_root, f.schema))})
    return result


def _detect_file(path: str, config: Config) -> tuple[spectypes.SpecType, int, bool] | str:
    """The spec type of every document of ``path`` (one type for the whole file), or why there is none."""
    settings = config.settings_for(path)
    try:
        text = yamlio.read_file(path, settings.limits)
    except yamlio.LoadError as exc:
        return f"not readable: {exc.finding.message}"
    loaded = yamlio.load(text, path, settings.limits)
    if not loaded.documents:
        return "no YAML document" if not loaded.findings else f"not readable: {loaded.findings[0].message}"
    forced = spectypes.get(settings.schema) if settings.schema else None
    kinds: set[str] = set()
    spec: spectypes.SpecType | None = None
    dollar = False
    for document in loaded.documents:
        if forced is not None:
            spec = forced
        else:
            detection = spectypes.detect(document.data, os.path.basename(path))
            if detection.spec_type is None:
                return detection.reason
            spec = detection.spec_type
        kinds.add(spec.id)
        dollar = dollar or (isinstance(document.data, dict) and "$schema" in document.data)
    assert spec is not None
    if len(kinds) > 1:
        return f"documents of several spec types ({', '.join(sorted(kinds))}): one file, one schema"
    if spec.schema_file is None:
        return f"{spec.title} ({spec.id}), an old format without a schema: convert it first"
    if spec.node_only:
        return f"{spec.title}: {spec.node_only}"
    return spec, len(loaded.documents), dollar


def _relative(path: str, real_root: str, what: str) -> str:
    real = os.path.realpath(path)
    if not inside(real, real_root):
        raise EditorError(f"{what} outside the workspace root {real_root}: {path}")
    relative = os.path.relpath(real, real_root).replace(os.sep, "/")
    return relative


_GLOB_SPECIAL = re.compile(r"[*?\[\]{}()!]")
_URI_SAFE = "/-._~"  # with ASCII letters and digits: what a file URI's path keeps as written (RFC 3986 unreserved)


def file_globs(path: str) -> list[str]:
    """Globs matching only the workspace file ``path``: as it appears in the percent-encoded URI VS Code sends
    (``a%20b/job.yml``, where no glob character is left), and, when that differs, as written with glob characters
    escaped, for clients that send the path unencoded."""
    encoded = urllib.parse.quote(path, safe=_URI_SAFE)
    literal = _literal_glob(path)
    return [encoded] if literal == encoded else [encoded, literal]


def _literal_glob(path: str) -> str:
    """``path`` as a glob matching only itself: each special character as a one-character class (``[*]``), which
    reads the same to picomatch (yaml-language-server today) and to the older regular-expression matching."""
    return _GLOB_SPECIAL.sub(lambda match: f"[{match.group()}]" if match.group() not in "[]" else f"\\{match.group()}", path)


# --- writing -------------------------------------------------------------------------------------------------------


def merge_vscode_settings(settings: EditorSettings) -> tuple[str, str | None]:
    """The path of the workspace's ``.vscode/settings.json`` and its text with these settings merged in (None when
    nothing would change). Entries of ``yaml.schemas`` that point into the schemas folder are speclift's: they are
    replaced; every other key and entry is kept, and a ``files.associations`` entry already there wins. A file with
    comments or trailing commas (VS Code allows them) is refused rather than rewritten without them."""
    path = os.path.join(settings.root, SETTINGS_FILE)
    existing = _read_settings(path, settings.root)
    merged = dict(existing) if existing is not None else {}
    schemas = merged.get("yaml.schemas", {})
    if not isinstance(schemas, dict):
        raise EditorError(f'{path}: "yaml.schemas" is not an object; merge the settings by hand')
    prefix = settings.schemas_dir.rstrip("/") + "/"
    kept = {key: value for key, value in schemas.items() if not _normal(key).startswith(_normal(prefix))}
    merged["yaml.schemas"] = {**kept, **settings.schemas}
    if settings.associations:
        associations = merged.get("files.associations", {})
        if not isinstance(associations, dict):
            raise EditorError(f'{path}: "files.associations" is not an object; merge the settings by hand')
        merged["files.associations"] = {**settings.associations, **associations}
    if existing is not None and merged == existing:
        return path, None
    return path, json.dumps(merged, indent=_indent(path), ensure_ascii=False) + "\n"


def write_vscode_settings(settings: EditorSettings) -> tuple[str, Finding | None, bool]:
    """Merge the settings into the workspace's ``.vscode/settings.json``: (its path, what stopped the write, whether
    it changed)."""
    path, text = merge_vscode_settings(settings)
    if text is None:
        return path, None, False
    return path, write_atomically(path, text, force=True, mode=_mode(path), within=(settings.root,)), True


def with_modeline(text: str, modeline: str) -> str:
    """``text`` with ``modeline`` as its first line, or in place of the yaml-language-server modeline it has."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    for index, line in enumerate(lines):
        if _MODELINE.match(line):
            lines[index] = modeline
            return newline.join(lines)
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    return bom + modeline + newline + text[len(bom) :]


def add_modelines(settings: EditorSettings) -> tuple[list[str], list[Skipped], list[Finding]]:
    """Put each file's modeline into it (atomically, keeping its mode): the files changed, those left alone and why
    (a modeline applies to the document it is in: a file of several gets none), and what could not be written."""
    changed: list[str] = []
    left: list[Skipped] = []
    problems: list[Finding] = []
    for spec in settings.files:
        path = os.path.join(settings.root, *spec.path.split("/"))
        if spec.documents > 1:
            left.append(Skipped(spec.path, "a modeline covers one document, this file has several: use yaml.schemas"))
            continue
        try:
            with open(path, encoding="utf-8", newline="") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(codes.make("SL421", f"cannot read: {exc}", path))
            continue
        updated = with_modeline(text, spec.modeline)
        if updated == text:
            continue
        problem = write_atomically(path, updated, force=True, mode=_mode(path), within=(settings.root,))
        if problem is None:
            changed.append(spec.path)
        else:
            problems.append(problem)
    return changed, left, problems


def _read_settings(path: str, root: str) -> dict[str, Any] | None:
    """The settings file's object (None when there is none). A symbolic link (a dotfiles checkout, say) is refused:
    writing would replace the link with a file, and its target may lie outside the workspace."""
    if os.path.islink(path):
        raise EditorError(
            f"{path} is a symbolic link; speclift will not replace it with a file: add the printed settings by hand"
        )
    if not inside(os.path.realpath(path), os.path.realpath(root)):
        raise EditorError(f"{path} is outside the workspace root {os.path.realpath(root)} (through a linked folder)")
    if not os.path.lexists(path):
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise EditorError(f"{path}: cannot read it ({exc})") from None
    if not text.strip():
        return {}
    try:
        data = json.loads(text)
    except ValueError as exc:
        if commented_json.is_commented(text):
            raise EditorError(
                f"{path} has comments or trailing commas, which speclift cannot keep when it rewrites the file; "
                "add the settings printed without --write by hand"
            ) from None
        raise EditorError(
            f"{path}: not plain JSON ({exc}; trailing commas?); speclift will not rewrite it: add the printed settings by hand"
        ) from None
    if not isinstance(data, dict):
        raise EditorError(f"{path}: not a JSON object")
    return data


def _indent(path: str) -> int | str:
    """The indentation the file already uses (VS Code writes 4 spaces, or tabs)."""
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line[:1] in (" ", "\t") and line.strip():
                    width = len(line) - len(line.lstrip(" \t"))
                    return "\t" if line[0] == "\t" else width
    except OSError:
        pass
    return 4


def _mode(path: str) -> int | None:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return None


def _normal(path: str) -> str:
    return path.removeprefix("./").removeprefix("/")
