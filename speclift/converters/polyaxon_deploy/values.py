"""Values as both Polyaxon generations read them and as findings quote them."""

from __future__ import annotations

from typing import Any

_TRUE = frozenset({"true", "t", "yes", "y", "on", "1"})
_FALSE = frozenset({"false", "f", "no", "n", "off", "0"})


def truth(value: Any) -> bool | None:
    """A boolean as 1.20 (marshmallow) and 2.18 (pydantic, lax) read one: ``yes``, ``on``, ``1`` ...; else None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return value == 1
    if isinstance(value, str):
        text = value.strip().lower()
        return True if text in _TRUE else False if text in _FALSE else None
    return None


def shown(value: Any) -> str:
    """A value as a finding quotes it (YAML's true/false, a mapping or list only named)."""
    if isinstance(value, (dict, list)):
        return "another mapping" if isinstance(value, dict) else "another list"
    return repr(value) if isinstance(value, str) else "true" if value is True else "false" if value is False else str(value)
