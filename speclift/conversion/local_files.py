"""Every local file a converted output names must exist in the repository, seen from where the output is written.

v1 resolved paths against folders v2 does not know (the project folder, the folder the CLI ran in); a converter that
gets that wrong writes an output the platform refuses (``az ml job create`` raises FileNotFoundError for a ``code``
or ``conda_file`` that is not there) or a job that fails when it starts (its script is missing). Checked: the paths
the validator checks (:func:`speclift.validation.local_paths.local_paths`), plus a deployment's scoring script and a
command's Python script (or a spark job's entry file) inside ``code``. Each problem is reported at the source field
the path came from, through the conversion's provenance.
"""

from __future__ import annotations

import functools
import os
import shlex
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from speclift.discovery import inside
from speclift.validation.local_paths import local, local_paths

_INTERPRETERS = ("python", "python3")


@dataclass(frozen=True, slots=True)
class MissingFile:
    """``pointer`` into the output; ``shown`` the path as written there; ``resolved`` where it was looked for;
    ``outside``: it leaves the repository rather than being absent."""

    pointer: str
    shown: str
    what: str
    resolved: str
    outside: bool = False


def missing_files(data: Any, spec_type: str, folder: str, roots: Sequence[str], written: Sequence[str] = ()) -> list[MissingFile]:
    """The local paths of ``data`` (an output of type ``spec_type`` written into ``folder``) that do not exist, or
    that leave every one of ``roots`` (the repository); ``written``: files the conversion writes beside it."""
    if not isinstance(data, dict):
        return []
    found = []
    made, filled = _made(folder, tuple(written))
    for pointer, value, what in _named(data, spec_type.rsplit("/", 1)[-1]):
        target = local(value)
        if target is None:
            continue
        resolved = os.path.normpath(os.path.join(folder, target))
        real = os.path.realpath(resolved)
        if roots and not any(inside(real, root) for root in (*roots, os.path.realpath(folder))):
            found.append(MissingFile(pointer, target, what, resolved, outside=True))
        elif resolved not in made and resolved not in filled and not os.path.exists(resolved):
            found.append(MissingFile(pointer, target, what, resolved))
    return found


@functools.lru_cache(maxsize=8)
def _made(folder: str, written: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """The files the conversion writes, seen from ``folder``, and the folders it writes a file into (a component's
    ``code`` folder it fills). Cached: a conversion's outputs share a few folders, and a large one (an experiment
    graph of thousands of modules) has thousands of outputs asking."""
    made = frozenset(os.path.normpath(os.path.join(folder, w)) for w in written)
    filled: set[str] = set()
    for path in made:
        parent = os.path.dirname(path)
        while parent not in filled and parent != os.path.dirname(parent):
            filled.add(parent)
            parent = os.path.dirname(parent)
    return made, frozenset(filled)


def _named(data: dict[str, Any], name: str, pointer: str = "") -> Iterator[tuple[str, Any, str]]:
    yield from local_paths(data, name, pointer)
    yield from _scripts(data, pointer)
    trial = data.get("trial")
    if isinstance(trial, dict):
        yield from _scripts(trial, f"{pointer}/trial")
    jobs = data.get("jobs")
    if isinstance(jobs, dict):
        for node, job in jobs.items():
            if isinstance(job, dict):
                yield from _scripts(job, f"{pointer}/jobs/{str(node).replace('~', '~0').replace('/', '~1')}")


def _scripts(data: dict[str, Any], pointer: str) -> Iterator[tuple[str, Any, str]]:
    """A deployment's scoring script, a spark job's entry file and a command's Python script, all inside ``code``
    (when it is local)."""
    configuration = data.get("code_configuration")
    if isinstance(configuration, dict):
        code, script = local(configuration.get("code")), configuration.get("scoring_script")
        if code is not None and isinstance(script, str) and script.strip():
            yield f"{pointer}/code_configuration/scoring_script", os.path.normpath(os.path.join(code, script)), "scoring script"
    code, command, entry = local(data.get("code")), data.get("command"), data.get("entry")
    if code is not None and isinstance(entry, dict) and isinstance(entry.get("file"), str):
        yield f"{pointer}/entry/file", os.path.normpath(os.path.join(code, entry["file"])), "entry file"
    if code is not None and isinstance(command, str):
        script = _python_script(command)
        if script is not None:
            yield f"{pointer}/command", os.path.normpath(os.path.join(code, script)), "script"


def _python_script(command: str) -> str | None:
    """``train.py`` of ``python train.py --x 1``: the script a command runs, when it plainly runs one."""
    first = command.replace("\\\n", " ").split("\n", 1)[0]  # a line continued with a backslash is one line
    try:
        words = shlex.split(first)
    except ValueError:
        return None
    if len(words) >= 2 and os.path.basename(words[0]) in _INTERPRETERS and words[1].endswith(".py") and "$" not in words[1]:
        return words[1]
    return None
