"""JSON pointers (RFC 6901): the one place that spells, splits, joins and follows them.

Every finding, provenance entry and diff change names its place with a pointer (``/jobs/train/inputs/a~1b``).
"""

from __future__ import annotations

from typing import Any

MISSING: Any = object()  # what :func:`find` returns for a pointer that leads nowhere, when asked to tell it from None


def escape(token: str) -> str:
    """Escape one reference token: ``a/b`` -> ``a~1b``."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    """Undo :func:`escape`: ``a~1b`` -> ``a/b``."""
    return token.replace("~1", "/").replace("~0", "~")


def tokens(pointer: str) -> list[str]:
    """``/a/b~1c/0`` -> ``["a", "b/c", "0"]``; the whole document (``""``) has none."""
    if not pointer:
        return []
    return [unescape(token) for token in pointer[1:].split("/")]  # one leading slash: `//x` starts with an empty key


def join(pointer: str, *parts: str | int) -> str:
    """``join("/a", "b/c", 0)`` -> ``/a/b~1c/0``."""
    for part in parts:
        pointer = f"{pointer}/{escape(str(part))}"
    return pointer


def value_at(data: Any, pointer: str) -> Any:
    """The node at ``pointer``; KeyError, IndexError or TypeError when it is not there."""
    node = data
    for token in tokens(pointer):
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def find(data: Any, pointer: str, default: Any = None) -> Any:
    """The node at ``pointer``, or ``default`` when the path leads nowhere (a missing key, an index out of range,
    a scalar on the way)."""
    node = data
    for token in tokens(pointer):
        if isinstance(node, dict):
            if token not in node:
                return default
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return default
    return node


def exists(data: Any, pointer: str) -> bool:
    return find(data, pointer, MISSING) is not MISSING


def dotted(pointer: str) -> str:
    """``/jobs/train/inputs`` -> ``jobs.train.inputs``: how messages name a field."""
    return ".".join(tokens(pointer))


def within(pointer: str, ancestor: str) -> bool:
    """Whether ``pointer`` is ``ancestor`` or lies under it (``""``, the whole document, holds everything)."""
    return not ancestor or pointer == ancestor or pointer.startswith(ancestor + "/")


def under_any(pointer: str, ancestors: set[str] | frozenset[str]) -> bool:
    """Whether ``pointer`` or one of its ancestors is in ``ancestors``: one look-up per level, not one per member."""
    if "" in ancestors:
        return True
    while pointer:
        if pointer in ancestors:
            return True
        pointer = pointer.rpartition("/")[0]
    return False
