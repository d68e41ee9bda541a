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
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from speclift.conversion import Conversion, ConversionBuilder, Fate
from speclift.mlproject import command as template
from speclift.mlproject.command import UNQUOTED as UNQUOTED_CONTEXT
from speclift.mlproject.model import DOCKER_KEYS, ENTRY_POINT_KEYS, ENVIRONMENT_KEYS, EntryPoint, Parameter, is_local_path
from speclift.pointer import escape

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


def fill_command(
    entry: EntryPoint,
    items: Mapping[str, Input],
    builder: ConversionBuilder,
    placeholder: Callable[[Input, template.Field], str],
    platform: str,
) -> str | None:
    """The entry point's command with each ``{p}`` written ``placeholder(input, field)``, the literal text as MLflow
    leaves it; None (and an SL404, once however often the command is read) where MLflow could not run it or
    ``platform`` (``an Azure ML command``) cannot write it."""
    pointer = entry.pointer + ("/command" if not entry.from_file else "")
    try:
        pieces = template.parse(entry.command)
    except template.TemplateError as exc:
        refuse_once(builder, str(exc), pointer)
        return None
    text: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            text.append(piece)
            continue
        item = items.get(template.base_name(piece.name))  # `{a.b}`, `{a[0]}` look up `a` first
        if item is None:
            message = f"{{{piece.name}}} is no parameter of entry point {entry.name!r}: MLflow fails with KeyError when it runs"
            refuse_once(builder, message, pointer)
            return None
        if piece.spec or piece.name != item.parameter.name:
            what = "formats the value" if piece.spec else "reads an attribute or item of the value"
            refuse_once(builder, f"{{{piece.name}{piece.spec}}} {what}; {platform} can only substitute it", pointer)
            return None
        text.append(placeholder(item, piece))
    return "".join(text)


def unfinished(builder: ConversionBuilder, produced: bool, data: Mapping[str, Any]) -> Conversion | None:
    """The end of a conversion that writes nothing: a refusal (SL404) met on the way, the rest then accounted as not
    converted, or a project without entry points; None when the outputs can be written."""
    if builder.has_refusal:
        builder.record("", Fate.DROPPED, note="not converted")
        return builder.build()
    if not produced:
        return builder.refuse("the project has no entry point to convert", "/entry_points" if "entry_points" in data else "")
    return None


def refuse_once(builder: ConversionBuilder, message: str, pointer: str) -> None:
    """An SL404 for a command; a job and a component of one entry point read the same command."""
    if not any(f.code == "SL404" and f.pointer == pointer and f.message == message for f in builder.conversion.findings):
        builder.finding("SL404", message, pointer)


def literal_default(item: Input, builder: ConversionBuilder, name: str, needs: str) -> tuple[bool, Any]:
    """A number, integer or boolean parameter's default as a component input's: (True, the typed value), or (False,
    its text) when it is none of its type, reported (the input is then a string). ``needs`` says why a default YAML
    read as text is written typed (``an Azure ML number input needs a number``)."""
    default = item.parameter.default
    typed = typed_value(default, item.type)
    if typed is None:
        builder.finding(
            "SL401",
            f"the default of {item.parameter.type} parameter {name} is no {item.parameter.type} ({default!r}): the "
            f"component input is a string",
            item.parameter.pointer,
        )
        return False, str(default)
    if rendered(typed) != str(default):
        builder.finding(
            "SL401",
            f"the component's default for {name} is {rendered(typed)}, not {default!r} (YAML read that as text; {needs}): "
            f"the same value, written differently",
            item.parameter.pointer,
        )
    return True, typed


def account_keys(builder: ConversionBuilder, data: Mapping[str, Any], platform: str) -> Iterator[tuple[str, str, Any]]:
    """The MLproject's top-level keys a converter maps (``name``, ``entry_points``, the environment) as (key, pointer,
    value); the others reported as dropped (``platform``: what the outputs are, ``a Polyaxon component``)."""
    for key, value in data.items():
        pointer = "/" + escape(str(key))
        if key == "databricks_spark_job":
            builder.dropped(pointer, f"a Databricks Spark job runs on Databricks only; {platform} has no equivalent")
        elif key in ("name", "entry_points", *ENVIRONMENT_KEYS):
            yield str(key), pointer, value
        else:
            builder.dropped(pointer, f"MLflow never reads {key!r}: it ignores keys it does not know")


def account_entry_extras(builder: ConversionBuilder, entry: EntryPoint, raw_entry_points: Any) -> None:
    """What MLflow never reads in an entry point (reported as dropped), and an empty ``parameters`` (nothing to map)."""
    raw = raw_entry_points.get(entry.name) if isinstance(raw_entry_points, dict) else None
    for extra in raw if isinstance(raw, dict) else ():
        if extra not in ENTRY_POINT_KEYS:
            builder.dropped(f"{entry.pointer}/{escape(str(extra))}", f"MLflow never reads {extra!r} in an entry point")
    if isinstance(raw, dict) and raw.get("parameters") == {}:
        builder.record(entry.pointer + "/parameters", Fate.MAPPED)


def account_docker_extras(builder: ConversionBuilder, docker: Any) -> None:
    """What MLflow never reads in ``docker_env`` (reported as dropped), and its empty volumes or environment."""
    for extra, content in docker.items() if isinstance(docker, dict) else ():
        where = f"/docker_env/{escape(str(extra))}"
        if extra not in DOCKER_KEYS:
            builder.dropped(where, f"MLflow never reads {extra!r} in docker_env")
        elif extra != "image" and not content:
            builder.record(where, Fate.MAPPED)


def docker_variables(
    builder: ConversionBuilder, docker: Mapping[str, Any], platform: str, volume_hint: str, variable_hint: str
) -> list[tuple[str, str, str]]:
    """``docker_env.environment``'s ``[NAME, value]`` pairs as (pointer, name, value). Volumes, variables copied
    from the host (``variable_hint`` says where to set one: ``{name}`` stands for it) and malformed entries have
    no equivalent in ``platform`` (``an Azure ML job``): reported as dropped."""
    for index, volume in enumerate(docker.get("volumes") or []):
        builder.dropped(
            f"/docker_env/volumes/{index}", f"docker volume {volume} has no equivalent in {platform}", hint=volume_hint
        )
    pairs: list[tuple[str, str, str]] = []
    for index, entry in enumerate(docker.get("environment") or []):
        pointer = f"/docker_env/environment/{index}"
        if isinstance(entry, list) and len(entry) == 2:
            pairs.append((pointer, str(entry[0]), str(entry[1])))
        elif isinstance(entry, str):
            builder.dropped(
                pointer,
                f"{entry} was copied from the machine running mlflow run; {platform} has no such machine",
                hint=variable_hint.format(name=entry),
            )
        else:
            builder.dropped(
                pointer, f"{entry!r} is neither a variable name nor a [NAME, value] pair; MLflow's docker run fails on it"
            )
    return pairs
