"""Values v1 accepted and v2 accepts too, but which very likely do not work: one finding (SL413, warning) each.

Two kinds, both common in real v1 repositories:

* a Windows path (``C:\\Users\\me\\python.exe train.py``, ``D:\\data``, ``\\\\server\\share``) in a value the
  container reads (a command, an argument, an environment variable) when the job or deployment runs in a Linux
  container (every v1 environment unless its ``docker.platform.os`` says Windows): the path does not exist there.
  Files read on the submitting machine (``sourceDirectory``, ``condaFile``, ``script``, ...) are not in the
  container, so a Windows path there is fine where ``az ml`` runs on Windows;
* a template placeholder left in a value (``azureml:<put your compute target name here>``, ``<subscription-id>``):
  nothing has that name.

The value is converted as written; the finding names the field so a person can fix it. The converters call
:func:`report_suspicious` once on each file they read: run configurations (:mod:`.jobs`, also for the ones a
HyperDrive file or a pipeline step names), deployment and inference configurations, environment definitions and
files, schedules and datasets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from speclift.converters.azureml_v1.keys import Recorder
from speclift.pointer import dotted, find, join

CODE = "SL413"
# A drive letter not inside a word (``azureml:/...``, ``https://`` and ``host:/path`` stay out), or a UNC share.
_WINDOWS = re.compile(r"(?<![A-Za-z0-9+.\-])[A-Za-z]:(?:\\|/(?!/))[!-~]{0,57}|^\\\\[!-~]{1,57}")
# A placeholder begins with a letter (a version bound such as ``numpy<1.20,>=1.18`` does not) and stays short.
_PLACEHOLDER = re.compile(r"<[A-Za-z][A-Za-z0-9 _.\-]{0,78}>")
# Keys naming files the v1 CLI read (or uploaded) on the submitting machine, not inside the container.
_SUBMITTING_MACHINE = frozenset(
    {"sourceDirectory", "entryScript", "condaFile", "condaDependenciesFile", "schemaFile", "script", "location", "environment"}
)


def report_suspicious(recorder: Recorder, pointer: str = "") -> None:
    """SL413 for each string under ``pointer`` of the recorder's view holding a Windows path or a placeholder."""
    data = find(recorder.view.data, pointer)
    windows = _windows_platform(data)
    for sub, text in _strings(data, pointer):
        field = dotted(recorder.origin(sub)) or "the value"
        placeholder = _PLACEHOLDER.search(text)
        local = sub.rsplit("/", 1)[-1] in _SUBMITTING_MACHINE
        path = None if windows or local else _WINDOWS.search(text)
        if placeholder:
            recorder.finding(
                CODE,
                f"{field} still holds the placeholder {placeholder.group()}: the file was never filled in",
                sub,
                hint="replace the placeholder with the real name",
            )
        elif path:
            recorder.finding(
                CODE,
                f"{field} names the Windows path {path.group()}: v2 runs it in a Linux container, where it does not exist",
                sub,
                hint="use a path relative to the code folder, or an input",
            )


def _strings(node: Any, pointer: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield pointer, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, join(pointer, str(key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, join(pointer, index))


def _windows_platform(node: Any) -> bool:
    """Whether an environment in ``node`` declares a Windows container (``docker.platform.os: Windows``)."""
    if isinstance(node, dict):
        platform = node.get("platform")
        if isinstance(platform, dict) and str(platform.get("os")).lower() == "windows":
            return True
        return any(_windows_platform(value) for value in node.values())
    if isinstance(node, list):
        return any(_windows_platform(value) for value in node)
    return False
