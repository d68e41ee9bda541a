"""Null-valued keys of a v1 file read as absent keys.

The v1 SDK writes every field when it saves a file (``RunConfiguration.save()``, ``Environment.save_to_directory``,
the deployment configuration templates), most of them ``null``; reading one back, it sets the field to None, which
is what leaving the key out does (``azureml/core/_serialization_utils.py`` ``_deserialize_and_add_to_object``). So
:func:`absent_nulls` takes every null-valued key out of the converter's view before anything reads it, and records
it as mapped with nothing to write: the converters then see what v1 saw, and no null key is left unaccounted or
reported as a setting v2 lacks. User data (environment variables, tags, conda dependencies: :data:`.keys.VERBATIM`)
is left as written, and so are user-chosen names (a data reference named with a null value is still named).
"""

from __future__ import annotations

from typing import Any

from speclift.converters.azureml_v1.keys import USER_NAMES, VERBATIM, Recorder
from speclift.pointer import find, join


def absent_nulls(recorder: Recorder, pointer: str = "") -> None:
    """Remove the null-valued keys under ``pointer`` of the recorder's view, each recorded as mapped to nothing."""
    _strip(recorder, pointer, find(recorder.view.data, pointer), names=False)


def _strip(recorder: Recorder, pointer: str, node: Any, *, names: bool) -> None:
    if isinstance(node, list):
        for index, item in enumerate(node):
            _strip(recorder, f"{pointer}/{index}", item, names=False)
        return
    if not isinstance(node, dict):
        return
    for key in list(node):
        sub = join(pointer, key)
        if node[key] is None and not names:
            recorder.mapped(sub, None)
            del node[key]
        elif key not in VERBATIM:
            _strip(recorder, sub, node[key], names=key in USER_NAMES and not names)
