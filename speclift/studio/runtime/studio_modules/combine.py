"""Column names when two datasets are combined side by side (Add Columns, Join Data): a right-hand name the result
already has gets a numeric suffix, "name (2)", "name (3)", ..., as classic Studio did."""

from __future__ import annotations

from collections.abc import Iterable


def unique_names(taken: Iterable[str], names: Iterable[str]) -> list[str]:
    used = set(taken)
    result = []
    for name in names:
        candidate, number = name, 1
        while candidate in used:
            number += 1
            candidate = f"{name} ({number})"
        used.add(candidate)
        result.append(candidate)
    return result
