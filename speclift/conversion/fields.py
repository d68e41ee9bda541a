"""The types a converter reads a field as: a wrong type is the user's mistake, told at the field, never an exception.

Old formats were read by SDKs that refused a wrong type (``int("abc")`` in azureml-core, marshmallow in Polyaxon),
so a converter that meets one refuses the document with an SL404 at the field's line, the way the old tool would
have stopped, instead of crashing or writing a value the old tool never read. Read a field with
:meth:`~speclift.conversion.builder.Scope.field` and one of the kinds here.

Each kind says what it accepts and what it turns it into. Numbers written as text (``nodeCount: "2"``) are read as
numbers, as the SDKs' ``int()`` and ``float()`` did; booleans are never numbers (YAML's ``yes`` is not 1).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from speclift.findings import excerpt

T = TypeVar("T", covariant=True)  # a Kind[dict] serves where a Kind[Mapping] is asked for

# The platforms store numbers in 64 bits (.NET, Go, the JVM): anything larger is no count, size or duration.
_LARGEST = 2**63 - 1


@dataclass(frozen=True, slots=True)
class Kind(Generic[T]):
    """A field type: ``label`` names it in findings ("an integer"); ``read`` gives the value as that type, or None
    when it is not one."""

    label: str
    read: Callable[[Any], T | None]


def _integer(value: Any) -> int | None:
    number = _number(value)
    if isinstance(number, float):
        return int(number) if number.is_integer() else None
    return number


def _number(value: Any) -> int | float | None:
    if isinstance(value, str) and len(value) <= 40:  # `"2"`: what the SDKs' int() and float() read
        text = value.strip()
        try:
            value = int(text) if text.lstrip("+-").isdigit() else float(text)
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value if abs(value) <= _LARGEST else None


def _text(value: Any) -> str | None:
    # Scalars are text to the old loaders' string fields (`name: 2024` is the name "2024"); collections are not.
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return str(value)
    return None


def _mapping(value: Any) -> dict[str, Any] | None:
    return value if isinstance(value, dict) else None


def _sequence(value: Any) -> list[Any] | None:
    return value if isinstance(value, list) else None


INTEGER: Kind[int] = Kind("an integer", _integer)
NUMBER: Kind[int | float] = Kind("a number", _number)
TEXT: Kind[str] = Kind("text", _text)
MAPPING: Kind[dict[str, Any]] = Kind("a mapping", _mapping)
SEQUENCE: Kind[list[Any]] = Kind("a list", _sequence)


def describe(value: Any) -> str:
    """What a value is, for a finding: "a mapping", "the text 'abc'", "the number 2.5" (values cut as every message
    cuts them, by :func:`~speclift.findings.excerpt`)."""
    if isinstance(value, (dict, list)):
        return excerpt(value)
    if isinstance(value, bool):
        return f"the boolean {excerpt(value)}"
    if isinstance(value, (int, float)):
        return f"the number {excerpt(value)}"
    if isinstance(value, str):
        return f"the text {excerpt(value)}"
    return "a value"
