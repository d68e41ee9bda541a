"""Input and output types whose values polyaxon 2.18 no longer parses.

2.18 converts a value by its type through clipped's table, which has no ``auth`` (``Cannot convert value
`user:pass` to `auth```), cannot build ``dict_of_dicts`` (a PydanticUserError on any value) and maps ``datetime`` to
``date`` (a date and time is refused); a ``list`` given as text, which 1.20 split at commas, is refused. A default in the file is refused by ``polyaxon check``; a value given when the
run starts is refused then. The type that carries the same text to the command takes its place.
"""

from __future__ import annotations

from typing import Any

from speclift.converters.polyaxon_v1.changes import Changes
from speclift.pointer import join

# 1.x type -> (the 2.x type that carries the value, what it loses)
_REPLACED = {
    "auth": ("str", "the user:password check"),
    "dict_of_dicts": ("dict", "the check that each value is a mapping"),
    "datetime": ("str", "the date-and-time check"),
}


def upgrade_ios(ios: Any, pointer: str, changes: Changes) -> None:
    """Rewrite the inputs or outputs at ``pointer`` in place."""
    if not isinstance(ios, list):
        return
    for index, io in enumerate(ios):
        if isinstance(io, dict) and io.get("type") == "list":
            _list_text(io, join(pointer, index, "value"), changes)
        if not isinstance(io, dict) or not isinstance(io.get("type"), str) or io["type"] not in _REPLACED:
            continue
        old = str(io["type"])
        new, lost = _REPLACED[old]
        io["type"] = new
        when = "the default here" if io.get("value") is not None else "a value given when the run starts"
        problem = f"polyaxon 2.18 cannot parse a value of type {old}: it refuses {when}"
        if old == "datetime":
            problem = f"polyaxon 2.18 reads type datetime as a date: it refuses a date and time as {when}"
        changes.approximated(join(pointer, index, "type"), problem, f"written as type {new}, which loses {lost}")


def _list_text(io: dict[str, Any], pointer: str, changes: Changes) -> None:
    """A ``list`` default written as text: 1.20 split it at commas (``"a, b"`` -> ``[a, b]``); 2.18 refuses text."""
    value = io.get("value")
    if not isinstance(value, str):
        return
    items = [part.strip() for part in value.split(",")] if value.strip() else []
    problem = f"polyaxon 2.18 refuses text as the value of a list ({value!r}; 1.x split it at commas)"
    io["value"] = items
    changes.fixed(pointer, problem, f"written as the list 1.x read: {items}")
