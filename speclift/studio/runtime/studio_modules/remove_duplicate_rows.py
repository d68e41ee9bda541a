"""Remove Duplicate Rows: rows equal in the key columns are duplicates; keep the first (or the last) of each group,
in the dataset's order. Missing values count as equal to each other, as in classic Studio."""

from __future__ import annotations

import argparse

from . import cli

MODULE = cli.Module(
    "Remove Duplicate Rows",
    inputs=("Dataset",),
    outputs=("Results dataset",),
    parameters=(
        cli.Parameter("Key column selection filter expression", "columns"),
        cli.Parameter("Retain first duplicate row", "boolean", "True"),
    ),
)


def build_parser() -> argparse.ArgumentParser:
    return cli.build_parser(MODULE)


def run(arguments: cli.Arguments) -> None:
    table = arguments.table("Dataset")
    keys = arguments.selected("Key column selection filter expression", table)
    keep = "first" if arguments.boolean("Retain first duplicate row") else "last"
    duplicated = table.frame[keys].astype(object).duplicated(keep=keep)
    arguments.write("Results dataset", table.with_rows(table.frame[~duplicated]))


def main(argv: list[str] | None = None) -> int:
    return cli.run(MODULE, run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
