"""Walking plain YAML data with JSON pointers: shared by the semantic rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from speclift.pointer import escape


def strings(data: Any, pointer: str = "", skip: frozenset[str] = frozenset()) -> Iterator[tuple[str, str]]:
    """Every string value under ``data`` with its pointer; keys named in ``skip`` are not entered (at any depth)."""
    if isinstance(data, str):
        yield pointer, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in skip:
                yield from strings(value, f"{pointer}/{escape(str(key))}", skip)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, f"{pointer}/{index}", skip)


def mapping(data: Any, key: str) -> dict[str, Any]:
    """``data[key]`` when it is a mapping, else an empty one (the schema reports wrong shapes)."""
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}
