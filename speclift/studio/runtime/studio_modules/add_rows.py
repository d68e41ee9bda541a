"""Add Rows: the rows of the second dataset after those of the first. Both must have the same columns (names and
types, in the same order), as classic Studio required; the result keeps the first dataset's metadata."""

from __future__ import annotations

import argparse

import pandas as pd

from . import cli
from .errors import StudioError
from .tabular import Table

MODULE = cli.Module("Add Rows", inputs=("Dataset1", "Dataset2"), outputs=("Results dataset",))


def build_parser() -> argparse.ArgumentParser:
    return cli.build_parser(MODULE)


def run(arguments: cli.Arguments) -> None:
    first, second = arguments.table("Dataset1"), arguments.table("Dataset2")
    if first.names != second.names:
        raise StudioError(f"the datasets have different columns ({first.names} and {second.names}): they must match")
    for one, other in zip(first.columns, second.columns, strict=True):
        if one.type != other.type:
            raise StudioError(f"column {one.name!r} is {one.type} in Dataset1 and {other.type} in Dataset2")
    frame = pd.concat([first.frame.astype(object), second.frame.astype(object)], ignore_index=True)
    arguments.write("Results dataset", Table.from_frame(frame, first))


def main(argv: list[str] | None = None) -> int:
    return cli.run(MODULE, run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
