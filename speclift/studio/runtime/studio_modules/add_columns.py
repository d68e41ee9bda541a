"""Add Columns: the columns of the right dataset after those of the left one, row by row; both must have the same
number of rows. A right-hand column whose name the left dataset has is renamed "name (2)"."""

from __future__ import annotations

import argparse

import pandas as pd

from . import cli
from .combine import unique_names
from .errors import StudioError
from .tabular import Table, rename_columns

MODULE = cli.Module("Add Columns", inputs=("Left dataset", "Right dataset"), outputs=("Combined dataset",))


def build_parser() -> argparse.ArgumentParser:
    return cli.build_parser(MODULE)


def run(arguments: cli.Arguments) -> None:
    left, right = arguments.table("Left dataset"), arguments.table("Right dataset")
    if len(left.frame) != len(right.frame):
        raise StudioError(f"the left dataset has {len(left.frame)} rows, the right one {len(right.frame)}: they must match")
    right = rename_columns(right, zip(right.names, unique_names(left.names, right.names), strict=True))
    frame = pd.concat([left.frame, right.frame], axis=1)
    scores = {**right.scores, **left.scores}
    arguments.write("Combined dataset", Table(frame, [*left.columns, *right.columns], scores))


def main(argv: list[str] | None = None) -> int:
    return cli.run(MODULE, run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
