"""What converting one file means for the others of a migration: companions consumed, endpoint names made unique.

v1 spread one thing over several files and the command line: a deployment configuration and the inference
configuration ``az ml model deploy --dc ... --ic ...`` paired with it. Converted file by file, the inference
configuration would be converted twice (alone, and as its deployment's companion), and every deployment whose name is
derived from a generic file name (``deployment_config_aci.yml``, ``deployment_config_aks.yml``) would get the same
endpoint. This module looks at a whole migration's records: a file another conversion read as its companion is
marked :attr:`~speclift.migration.inventory.FileStatus.COMPANION`; derived endpoint names that collide are replaced by
unique ones, and the files concerned converted again with them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence

from speclift import codes, yamlio
from speclift.conversion.context import Supplied
from speclift.findings import Severity
from speclift.migration.inventory import FileRecord, FileStatus

# Spec types a file is consumed as when another conversion reads it: it is converted alone only when nothing uses it.
COMPANION_TYPES = frozenset({"azureml/v1/inference-config"})
ENDPOINT_TYPES = frozenset({"azureml/v2/managed-online-endpoint", "azureml/v2/kubernetes-online-endpoint"})
_NAME_MAX = 32  # managed online endpoint names: 3-32 characters, a letter first, letters, digits and hyphens


def mark_companions(records: Sequence[FileRecord]) -> None:
    """A companion-type file some other old-format file's conversion read is converted with that file, not alone."""
    users: dict[str, list[str]] = {}
    for record in records:
        if record.status.legacy and not set(record.spec_types) <= COMPANION_TYPES:
            for related in record.related:
                users.setdefault(related, []).append(record.path)
    for record in records:
        using = users.get(os.path.realpath(record.path))
        if not using or not record.status.legacy or not set(record.spec_types) <= COMPANION_TYPES:
            continue
        record.status, record.used_by, record.outputs = FileStatus.COMPANION, using, []
        message = f"converted with {', '.join(using)}, which use{'s' * (len(using) == 1)} it: not converted alone"
        record.findings = [f for f in record.findings if f.severity == Severity.INFO]
        record.findings.append(codes.make("SL411", message, record.path))


def unique_endpoint_names(records: Sequence[FileRecord], fixed: Callable[[FileRecord], bool]) -> dict[str, dict[str, Supplied]]:
    """Endpoint names for the files whose derived name another file's endpoint also has: real path -> the
    ``endpoint-name`` to convert it with. ``fixed(record)``: its name was given or supplied, so it stays."""
    owners: dict[str, list[FileRecord]] = {}
    for record in records:
        for name in _endpoint_names(record):
            owners.setdefault(name, []).append(record)
    taken = set(owners)
    renamed: dict[str, dict[str, Supplied]] = {}
    for name, group in sorted(owners.items()):
        if len(group) < 2:
            continue
        others = [r.path for r in group]
        for record in group:  # a given name stays; derived ones are all told apart, so none looks like the original
            if fixed(record):
                continue
            new = _distinct(name, record.path, [p for p in others if p != record.path], taken)
            taken.add(new)
            also = ", ".join(p for p in others if p != record.path)
            origin = f"a name unique in this migration ({name} was also derived for {also})"
            renamed[os.path.realpath(record.path)] = {"endpoint-name": Supplied(new, origin)}
    return renamed


def _endpoint_names(record: FileRecord) -> list[str]:
    if not record.status.legacy:
        return []
    names = []
    for output in record.outputs:
        if output.spec_type in ENDPOINT_TYPES:
            loaded = yamlio.load(output.text, record.path)
            data = loaded.documents[0].data if loaded.documents else None
            if isinstance(data, dict) and isinstance(data.get("name"), str):
                names.append(data["name"])
    return names


def _distinct(name: str, path: str, others: Sequence[str], taken: set[str]) -> str:
    """``name`` told apart by a word of the file's path (its name first, then its folders, nearest first) that the
    ``others`` colliding with it do not have, then by a number."""
    theirs = {w for other in others for w in _words(other)}
    used = set(name.split("-"))
    for word in dict.fromkeys(w for w in _words(path) if w not in used and w not in theirs):
        candidate = _fit(f"{name}-{word}")
        if candidate not in taken:
            return candidate
    number = 2
    while _fit(f"{name}-{number}") in taken:
        number += 1
    return _fit(f"{name}-{number}")


def _words(path: str) -> list[str]:
    stem = os.path.splitext(os.path.basename(path))[0]
    folders = os.path.dirname(os.path.abspath(path)).split(os.sep)[::-1]
    return [w.lower() for part in (stem, *folders) for w in re.findall(r"[A-Za-z][A-Za-z0-9]*|\d+", part)]


def _fit(name: str) -> str:
    """At most 32 characters, cut from the middle of the base so the distinguishing end stays."""
    if len(name) <= _NAME_MAX:
        return name
    base, _, tail = name.rpartition("-")
    return f"{base[: _NAME_MAX - len(tail) - 1].rstrip('-')}-{tail}"


def given_endpoint_name(
    options: Mapping[str, Mapping[str, object]], supplied: Mapping[str, Mapping[str, Supplied]]
) -> Callable[[FileRecord], bool]:
    """Whether a record's endpoint name was given (an option) or supplied (a CI invocation's ``-n``)."""

    def fixed(record: FileRecord) -> bool:
        if any(options.get(t, {}).get("endpoint-name") for t in record.spec_types):
            return True
        return "endpoint-name" in supplied.get(os.path.realpath(record.path), {})

    return fixed
