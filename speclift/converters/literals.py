"""The type a literal value has, in a target format's own words (Azure ML v2 ``boolean``, Polyaxon v1 ``bool``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def type_name(value: Any, names: Sequence[tuple[type, str]]) -> str | None:
    """The name ``names`` gives the first Python type ``value`` is an instance of; None when it is none of them.

    List ``bool`` before ``int`` in ``names``: to Python, a bool is an int."""
    return next((name for kind, name in names if isinstance(value, kind)), None)
