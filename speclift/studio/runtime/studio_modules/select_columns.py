"""Select Columns in Dataset: the columns the column picker selects, in the dataset's order (or the picker's own
order when it is not a filter, as classic Studio did for a single rule)."""

from __future__ import annotations

import argparse

from . import cli

MODULE = cli.Module(
    "Select Columns in Dataset",
    inputs=("Dataset",),
    outputs=("Results dataset",),
    parameters=(cli.Parameter("Select Columns", "columns"),),
)


def build_parser() -> argparse.ArgumentParser:
    return cli.build_parser(MODULE)


def run(arguments: cli.Arguments) -> None:
    table = arguments.table("Dataset")
    arguments.write("Results dataset", table.take(arguments.selected("Select Columns", table)))


def main(argv: list[str] | None = None) -> int:
    return cli.run(MODULE, run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
