"""Row selection shared by Split Data and Partition and Sample: seeded random choices and stratification.

Classic Studio drew its random numbers from .NET's generator, so WHICH rows a seed picks differs from the classic
module; how MANY rows each output gets, and that a seed gives the same rows on every run, are kept.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .errors import StudioError
from .tabular import Table


def generator(seed: int) -> np.random.Generator:
    """The random generator of a module's seed (numpy's PCG64: the same rows on every run and platform)."""
    return np.random.default_rng(seed)


def count_for(rows: int, fraction: float) -> int:
    """How many of ``rows`` a fraction takes: rounded down, so an odd half leaves the extra row to the rest."""
    return min(rows, max(0, math.floor(rows * fraction + 1e-9)))


def strata(table: Table, column: str) -> list[np.ndarray]:
    """Row positions grouped by the value of ``column`` (missing values form a group), groups in first-seen order."""
    keys = table.frame[column].astype(object).where(table.frame[column].notna(), None)
    groups: dict[object, list[int]] = {}
    for position, key in enumerate(keys.tolist()):
        groups.setdefault(_hashable(key), []).append(position)
    return [np.asarray(rows, dtype=int) for rows in groups.values()]


def choose(positions: np.ndarray, count: int, random: np.random.Generator | None) -> np.ndarray:
    """``count`` of the positions: the first ones, or a random choice; either way in the table's row order."""
    if random is None:
        return positions[:count]
    return np.sort(random.choice(positions, size=count, replace=False)) if count else positions[:0]


def single_column(table: Table, names: list[str], parameter: str) -> str:
    if len(names) != 1:
        raise StudioError(f'the parameter "{parameter}" must select exactly one column (it selects {len(names)})')
    return names[0]


def rows(table: Table, positions: np.ndarray) -> Table:
    """The table of the given row positions, in that order."""
    return table.with_rows(table.frame.iloc[positions])


def _hashable(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value if not isinstance(value, pd.Timestamp) else value.isoformat()
