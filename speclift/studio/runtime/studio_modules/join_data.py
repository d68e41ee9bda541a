"""Join Data: join two datasets on key columns, as classic Studio did.

Keys: the columns each picker selects, paired in order (the same number on both sides). A row matches when all its
keys equal the other row's (strings compared ignoring case when "Match case" is off; a missing key matches nothing).
Inner Join keeps the matching pairs; Left Outer Join also the left rows without a match; Full Outer Join also the
right rows without one (after all the others); Left Semi-Join the left rows that have a match, left columns only.
Rows come in the left dataset's order, each with its matches in the right dataset's order. The right key columns are
dropped unless "Keep right key columns in joined table" is set; a right column whose name the result already has
is renamed "name (2)".
"""

from __future__ import annotations

import argparse
from typing import Any

import pandas as pd

from . import cli
from .combine import unique_names
from .errors import StudioError
from .tabular import Table, rename_columns

JOINS = ("Inner Join", "Left Outer Join", "Full Outer Join", "Left Semi-Join")
LEFT_KEYS = "Comma-separated case-sensitive names of join key columns for L"
RIGHT_KEYS = "Comma-separated case-sensitive names of join key columns for R"

MODULE = cli.Module(
    "Join Data",
    inputs=("Dataset1", "Dataset2"),
    outputs=("Results dataset",),
    parameters=(
        cli.Parameter(LEFT_KEYS, "columns"),
        cli.Parameter(RIGHT_KEYS, "columns"),
        cli.Parameter("Match case", "boolean", "True"),
        cli.Parameter("Join type", "string", "Inner Join", choices=JOINS),
        cli.Parameter("Keep right key columns in joined table", "boolean", "True"),
    ),
)


def build_parser() -> argparse.ArgumentParser:
    return cli.build_parser(MODULE)


def run(arguments: cli.Arguments) -> None:
    left, right = arguments.table("Dataset1"), arguments.table("Dataset2")
    left_keys, right_keys = arguments.selected(LEFT_KEYS, left), arguments.selected(RIGHT_KEYS, right)
    if len(left_keys) != len(right_keys):
        raise StudioError(f"{len(left_keys)} key columns on the left, {len(right_keys)} on the right: they must pair up")
    match_case, join = arguments.boolean("Match case"), arguments.text("Join type")
    index: dict[tuple[Any, ...], list[int]] = {}
    for position, key in enumerate(_keys(right, right_keys, match_case)):
        if key is not None:
            index.setdefault(key, []).append(position)
    pairs: list[tuple[int | None, int | None]] = []
    matched_right: set[int] = set()
    for position, key in enumerate(_keys(left, left_keys, match_case)):
        found = index.get(key, []) if key is not None else []
        if join == "Left Semi-Join":
            if found:
                pairs.append((position, None))
            continue
        pairs.extend((position, other) for other in found)
        matched_right.update(found)
        if not found and join in ("Left Outer Join", "Full Outer Join"):
            pairs.append((position, None))
    if join == "Full Outer Join":
        pairs.extend((None, other) for other in range(len(right.frame)) if other not in matched_right)
    left_rows = _rows(left, [p for p, _ in pairs])
    if join == "Left Semi-Join":
        arguments.write("Results dataset", Table.from_frame(left_rows, left))
        return
    kept = (
        right
        if arguments.boolean("Keep right key columns in joined table")
        else right.take([n for n in right.names if n not in right_keys])
    )
    kept = rename_columns(kept, zip(kept.names, unique_names(left.names, kept.names), strict=True))
    right_rows = _rows(kept, [q for _, q in pairs])
    frame = pd.concat([left_rows, right_rows], axis=1)
    like = Table(pd.DataFrame(columns=left.names + kept.names), [*left.columns, *kept.columns], {**kept.scores, **left.scores})
    arguments.write("Results dataset", Table.from_frame(frame, like))


def _keys(table: Table, names: list[str], match_case: bool) -> list[tuple[Any, ...] | None]:
    keys: list[tuple[Any, ...] | None] = []
    for row in table.frame[names].astype(object).itertuples(index=False, name=None):
        if any(value is None or (isinstance(value, float) and value != value) or value is pd.NaT for value in row):
            keys.append(None)
            continue
        keys.append(tuple(v.lower() if isinstance(v, str) and not match_case else _plain(v) for v in row))
    return keys


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


def _rows(table: Table, positions: list[int | None]) -> pd.DataFrame:
    frame = table.frame.astype(object)
    records = [frame.iloc[p].tolist() if p is not None else [None] * len(table.names) for p in positions]
    return pd.DataFrame(records, columns=table.names, dtype=object)


def main(argv: list[str] | None = None) -> int:
    return cli.run(MODULE, run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
