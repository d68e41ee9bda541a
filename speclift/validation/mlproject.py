"""What MLflow refuses in an ``MLproject`` file, or runs wrongly, beyond what the schema says.

- SL212: a ``{name}`` in a command that is no declared parameter of the entry point (``str.format`` raises KeyError
  when the entry point runs), or a command that is no valid template (a lone ``{``).
- SL213: fields MLflow refuses together: two environment fields (``Project cannot contain multiple environment
  fields``), or a Databricks Spark job with an environment or a ``path`` parameter.
- SL204: a ``conda_env``/``python_env`` file that does not exist (MLflow: "no such file was found").
- SL214: a ``uri`` parameter whose default has no scheme: MLflow refuses to run the entry point with it.
- SL215: a parameter type MLflow does not know (it passes the value through), or a default that is very likely not
  what its type says: a ``float``/``int``/``bool`` that is none, a local ``path`` default that does not exist
  relative to the project.
- SL107: a key MLflow never reads (it ignores what it does not know): very likely a typo.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from speclift.conversion.context import shown_path
from speclift.findings import Finding
from speclift.mlproject import command as template
from speclift.mlproject.model import (
    DOCKER_KEYS,
    ENTRY_POINT_KEYS,
    ENVIRONMENT_KEYS,
    KNOWN_KEYS,
    KNOWN_TYPES,
    PARAMETER_KEYS,
    has_scheme,
    is_local_path,
)
from speclift.pointer import escape
from speclift.validation.rules import RuleContext


def check(context: RuleContext) -> Iterator[Finding]:
    data = context.document.data
    if not isinstance(data, dict):
        return
    yield from _unknown_keys(context, data)
    yield from _conflicts(context, data)
    if context.settings.check_paths:
        yield from _environment_files(context, data)
    entries = data.get("entry_points")
    if not isinstance(entries, dict):
        return
    for name, entry in entries.items():
        if not isinstance(entry, dict):
            continue
        pointer = "/entry_points/" + escape(str(name))
        raw = entry.get("parameters")
        parameters: dict[Any, Any] = raw if isinstance(raw, dict) else {}
        if isinstance(entry.get("command"), str):
            yield from _command(context, pointer + "/command", entry["command"], parameters, str(name))
        for key, parameter in parameters.items():
            where = f"{pointer}/parameters/{escape(str(key))}"
            kind = (
                parameter
                if isinstance(parameter, str)
                else parameter.get("type", "string")
                if isinstance(parameter, dict)
                else None
            )
            if kind is not None and kind not in KNOWN_TYPES:
                at = where + ("/type" if isinstance(parameter, dict) else "")
                yield context.finding(
                    "SL215",
                    f"MLflow knows no parameter type {kind!r} ({', '.join(KNOWN_TYPES)}): it passes {key}'s value through as text",
                    at,
                )
            if isinstance(parameter, dict):
                yield from _default(context, where, str(key), parameter)


def _command(context: RuleContext, pointer: str, command: str, parameters: dict[Any, Any], entry: str) -> Iterator[Finding]:
    try:
        pieces = template.parse(command)
    except template.TemplateError as exc:
        yield context.finding("SL212", f"{exc}; MLflow fails when it runs entry point {entry!r}", pointer)
        return
    declared = {str(key) for key in parameters}
    reported: set[str] = set()
    for piece in pieces:
        if isinstance(piece, template.Field) and template.base_name(piece.name) not in declared:
            if piece.name in reported:
                continue
            reported.add(piece.name)
            known = ", ".join(sorted(declared)) or "none"
            yield context.finding(
                "SL212",
                f"{{{piece.name}}} is no parameter of entry point {entry!r} (declared: {known}): MLflow fails with "
                f"KeyError when it runs",
                pointer,
                hint=f"declare {piece.name} under parameters, or write {{{{{piece.name}}}}} for literal braces",
                text="{" + piece.name,
            )


def _conflicts(context: RuleContext, data: dict[Any, Any]) -> Iterator[Finding]:
    present = [key for key in ENVIRONMENT_KEYS if key in data]
    for key in present[1:]:
        yield context.finding(
            "SL213",
            f"a project has one environment field; this one comes with {present[0]} (MLflow: Project cannot contain "
            f"multiple environment fields)",
            "/" + key,
            key=True,
        )
    if data.get("databricks_spark_job") is None:
        return
    for key in present:
        yield context.finding("SL213", f"a Databricks Spark job cannot have {key}", "/" + key, key=True)
    raw = data.get("entry_points")
    entries: dict[Any, Any] = raw if isinstance(raw, dict) else {}
    for name, entry in entries.items():
        parameters = entry.get("parameters") if isinstance(entry, dict) else None
        for key, parameter in (parameters or {}).items() if isinstance(parameters, dict) else ():
            kind = parameter if isinstance(parameter, str) else parameter.get("type") if isinstance(parameter, dict) else None
            if kind == "path":
                where = f"/entry_points/{escape(str(name))}/parameters/{escape(str(key))}"
                yield context.finding("SL213", f"a Databricks Spark job cannot have a path parameter ({key})", where, key=True)


def _environment_files(context: RuleContext, data: dict[Any, Any]) -> Iterator[Finding]:
    for key in ("conda_env", "python_env"):
        value = data.get(key)
        if not isinstance(value, str) or not value:
            continue
        resolved = os.path.normpath(os.path.join(context.base_dir, value))
        if not os.path.exists(resolved):
            yield context.finding(
                "SL204",
                f"{key} {value!r} does not exist (looked for {shown_path(resolved)}); MLflow refuses to load the project",
                "/" + key,
                hint="paths are relative to the MLproject's folder; use --no-check-paths when validating outside the repository",
            )


_NUMBER_TYPES = {"float": (int, float), "int": (int,)}


def _default(context: RuleContext, pointer: str, name: str, parameter: dict[Any, Any]) -> Iterator[Finding]:
    kind = parameter.get("type", "string")
    default = parameter.get("default")
    if default is None or not isinstance(kind, str):
        return
    where = pointer + "/default"
    if kind == "uri" and not (isinstance(default, str) and has_scheme(default)):
        yield context.finding(
            "SL214",
            f"the default of uri parameter {name} has no scheme (s3://, https://, file:...): MLflow refuses to run "
            f"the entry point with it (Expected URI)",
            where,
        )
    elif kind in _NUMBER_TYPES and not _number(default, kind):
        yield context.finding("SL215", f"the default of {kind} parameter {name} is no {kind}: {default!r}", where)
    elif kind == "bool" and not isinstance(default, bool) and str(default).lower() not in ("true", "false"):
        yield context.finding("SL215", f"the default of bool parameter {name} is no boolean: {default!r}", where)
    elif kind == "path" and isinstance(default, str) and is_local_path(default) and context.settings.check_paths:
        local = default.removeprefix("file://")
        resolved = os.path.normpath(os.path.join(context.base_dir, local))
        if not os.path.exists(resolved):
            yield context.finding(
                "SL215",
                f"the default of path parameter {name} does not exist (looked for {shown_path(resolved)}): MLflow refuses to run "
                f"with it unless it is there when the run starts",
                where,
            )


def _number(value: Any, kind: str) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, _NUMBER_TYPES[kind]):
        return True
    try:
        float(value) if kind == "float" else int(str(value))
    except (TypeError, ValueError):
        return False
    return True


def _unknown_keys(context: RuleContext, data: dict[Any, Any]) -> Iterator[Finding]:
    def unknown(mapping: Any, known: frozenset[str], pointer: str, where: str) -> Iterator[Finding]:
        if not isinstance(mapping, dict):
            return
        for key in mapping:
            if str(key) not in known:
                yield context.finding(
                    "SL107",
                    f"MLflow never reads {key!r} {where}: it ignores keys it does not know",
                    f"{pointer}/{escape(str(key))}",
                    key=True,
                )

    yield from unknown(data, KNOWN_KEYS, "", "at the top of an MLproject")
    yield from unknown(data.get("docker_env"), DOCKER_KEYS, "/docker_env", "in docker_env")
    entries = data.get("entry_points")
    for name, entry in entries.items() if isinstance(entries, dict) else ():
        pointer = "/entry_points/" + escape(str(name))
        yield from unknown(entry, ENTRY_POINT_KEYS, pointer, "in an entry point")
        parameters = entry.get("parameters") if isinstance(entry, dict) else None
        for key, parameter in parameters.items() if isinstance(parameters, dict) else ():
            yield from unknown(parameter, PARAMETER_KEYS, f"{pointer}/parameters/{escape(str(key))}", "in a parameter")
