"""Enter Data Manually: the data typed into the module (the "Data" parameter, a file in the code folder) parsed as
CSV or TSV with or without a header row. As the classic module did, an empty line inside the data is a row of
missing values and the empty line after the last row ends the data."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import cli, tabular, textformats

MODULE = cli.Module(
    "Enter Data Manually",
    outputs=("dataset",),
    parameters=(
        cli.Parameter("DataFormat", "string", "CSV", choices=("CSV", "TSV", "ARFF", "SvmLight")),
        cli.Parameter("Data", "script"),
        cli.Parameter("HasHeader", "boolean", "True"),
    ),
)


def build_parser() -> argparse.ArgumentParser:
    return cli.build_parser(MODULE)


def run(arguments: cli.Arguments) -> None:
    delimiter = textformats.delimiter_of(arguments.text("DataFormat"))
    arguments.script("Data")  # a missing or unreadable file is told by name
    table = tabular.read_text_file(
        Path(arguments.text("Data")), delimiter, header=arguments.boolean("HasHeader"), blank_lines_are_rows=True
    )
    arguments.write("dataset", table)


def main(argv: list[str] | None = None) -> int:
    return cli.run(MODULE, run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
