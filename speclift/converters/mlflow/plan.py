"""What both MLproject converters decide alike: names, parameter types and values, the entry point that runs.

A parameter becomes an input whose name is a valid identifier (``batch-size`` -> ``batch_size``; the command keeps
the user's flags, only the placeholder changes) and whose type follows the MLproject type:

=========  ===================================  =====================================================
MLproject  Azure ML v2                          why
=========  ===================================  =====================================================
float      number                               MLflow passes ``str(value)``: the same text
int        integer
string     string
bool       boolean                              ``str(True)`` is ``True`` on both sides
path       uri_file / uri_folder, ``download``  MLflow hands the program a local copy; so does download
uri        string                               MLflow passes the URI through; so does a string
other      string                               MLflow passes unknown types through unchecked
=========  ===================================  =====================================================
"""

from __future__ import annotations

import math
import os
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from speclift.mlproject.command import UNQUOTED as UNQUOTED_CONTEXT
from speclift.mlproject.model import EntryPoint, Parameter, is_local_path

NUMBER, INTEGER, BOOLEAN, STRING, URI_FILE, URI_FOLDER = "number", "integer", "boolean", "string", "uri_file", "uri_folder"
_LITERAL_TYPES = {"float": NUMBER, "int": INTEGER, "bool": BOOLEAN, "string": STRING, "uri": STRING}
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(slots=True)
class Value:
    """A parameter's value for one run: ``given`` (a -P value, text) or the default, read for its type."""

    value: Any
    placeholder: bool = False  # required, and nothing gave a value


@dataclass(frozen=True, slots=True)
class Input:
    parameter: Parameter
    name: str  # a valid identifier
    type: str  # number, integer, boolean, string, uri_file, uri_folder

    @property
    def data(self) -> bool:
        return self.type in (URI_FILE, URI_FOLDER)

    @property
    def quoted(self) -> bool:
        """Whether the value is text the shell must see as one word (MLflow shell-quoted every value)."""
        return self.type == STRING


def input_names(entry: EntryPoint) -> dict[str, str]:
    """Parameter name -> a valid, unique identifier (``batch-size`` -> ``batch_size``; ``2x`` -> ``p_2x``). A name
    that is one already keeps it; a made one that meets a taken name gets a number (``batch_size_2``)."""
    kept = {name for name in entry.parameters if _IDENTIFIER.match(name)}
    taken = {name.lower() for name in kept}
    names: dict[str, str] = {}
    for name in entry.parameters:
        if name in kept:
            names[name] = name
            continue
        safe = re.sub(r"[^A-Za-z0-9_]", "_", name) or "p"
        if not _IDENTIFIER.match(safe):
            safe = "p_" + safe
        candidate, number = safe, 2
        while candidate.lower() in taken:
            candidate, number = f"{safe}_{number}", number + 1
        taken.add(candidate.lower())
        names[name] = candidate
    return names


def inputs(entry: EntryPoint, source_dir: str, given: Mapping[str, str]) -> dict[str, Input]:
    """The entry point's inputs, by parameter name."""
    names = input_names(entry)
    return {name: Input(p, names[name], input_type(p, source_dir, given.get(name))) for name, p in entry.parameters.items()}


def input_type(parameter: Parameter, source_dir: str, given: str | None = None) -> str:
    if parameter.type != "path":
        return _LITERAL_TYPES.get(parameter.type, STRING)
    value = given if given is not None else parameter.default
    if isinstance(value, str) and is_local_path(value):
        local = os.path.join(source_dir, value.removeprefix("file://"))
        if os.path.isdir(local):
            return URI_FOLDER
        if os.path.isfile(local):
            return URI_FILE
    if isinstance(value, str) and os.path.splitext(value.rstrip("/"))[1] and not value.endswith("/"):
        return URI_FILE  # `data/ratings.csv`, `s3://bucket/x.parquet`: a file by its name
    return URI_FOLDER


def read_value(item: Input, given: str | None) -> Value:
    """The value the run uses: a -P value (text) or the default as YAML read it. Typed for the input when its
    text is what MLflow passed (``str(value)``), else the text itself, so the command gets the same characters."""
    raw = given if given is not None else item.parameter.default
    if raw is None:
        return Value(None, placeholder=True)
    if isinstance(raw, (dict, list)) or (item.type in (STRING, URI_FILE, URI_FOLDER) and not isinstance(raw, str)):
        return Value(rendered(raw))  # MLflow passed str(value)
    if not isinstance(raw, str):
        return Value(raw)
    typed = typed_value(raw, item.type)
    return Value(typed) if typed is not None and rendered(typed) == raw else Value(raw)


def typed_value(raw: Any, kind: str) -> Any:
    """``raw`` read as a value of ``kind`` (number, integer, boolean), or None when it is none."""
    if isinstance(raw, bool):
        return raw if kind == BOOLEAN else None
    if kind == BOOLEAN:
        return {"true": True, "false": False}.get(str(raw).strip().lower())
    if kind == INTEGER:
        if isinstance(raw, int):
            return raw
        text = str(raw).strip()
        return int(text) if text.lstrip("+-").isdigit() else None
    if kind == NUMBER:
        if isinstance(raw, (int, float)):
            return raw
        try:
            number = float(str(raw))
        except ValueError:
            return None
        if not math.isfinite(number):
            return None
        return int(number) if str(raw).strip().lstrip("+-").isdigit() else number
    return raw if isinstance(raw, str) else rendered(raw)


def rendered(value: Any) -> str:
    """The text a value becomes in a command: Python's ``str()``, as MLflow does."""
    return str(value)


def wrap(placeholder: str, quoting: str, text: str | None, quoted_type: bool) -> tuple[str, str | None]:
    """How a placeholder is written into a command so that the raw text a platform substitutes for it gives the
    argv MLflow's shell-quoted value gave: the placeholder as written, and the value to bind when it must change.

    ``quoting`` is the shell context the field stands in (see :class:`speclift.mlproject.command.Field`); inside the
    user's own quotes the value goes in as it is (MLflow's quoting there only added quote characters). Unquoted, text
    inputs (``quoted_type``) are single-quoted, so that a value given later with spaces stays one word, and so is any
    known value ``text`` (a job's) the shell would split or expand; a value holding a single quote gets double quotes
    instead, and one holding both kinds and ``$``, `` ` `` or ``\\`` is itself escaped for single quotes (the bound
    value changes: the second element).
    """
    if quoting != UNQUOTED_CONTEXT:
        return placeholder, None
    needs_quotes = text is not None and (not text or shlex.quote(text) != text)
    if not quoted_type and not needs_quotes:
        return placeholder, None
    if text is None or "'" not in text:
        return f"'{placeholder}'", None
    if not any(c in text for c in '"$`\\'):
        return f'"{placeholder}"', None
    return f"'{placeholder}'", text.replace("'", "'\"'\"'")


def slug(text: str) -> str:
    """A file-name part: letters, digits, dashes and dots."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-.") or "project"


def unique(file_name: str, taken: set[str]) -> str:
    """``file_name``, or with a number before its extensions when an earlier output took it (entry points ``a b``
    and ``a-b`` both give ``p-a-b``); case-insensitively, as on the file systems of macOS and Windows."""
    stem, dot, extensions = file_name.partition(".")
    candidate, number = file_name, 2
    while candidate.lower() in taken:
        candidate, number = f"{stem}-{number}{dot}{extensions}", number + 1
    taken.add(candidate.lower())
    return candidate


def component_name(project: str, entry: str, taken: set[str]) -> str:
    """An Azure ML component name (``^[a-z][a-z0-9_]*$``) for one entry point of a project, not in ``taken``."""
    name = re.sub(r"[^a-z0-9_]+", "_", f"{project}_{entry}".lower()).strip("_")
    name = name if name[:1].isalpha() else f"mlproject_{name}"
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name}_{number}", number + 1
    taken.add(candidate)
    return candidate
