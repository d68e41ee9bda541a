"""Export Data: write the dataset as a CSV or TSV file into the ``Destination`` output folder.

The classic module wrote to a blob, a table or a database with its own credentials; in v2 the converter binds the
``Destination`` output to where the data should land, and this program only writes the file: named as the classic
blob path's last part (``data.csv`` or ``data.tsv`` when there is none), with a header row when the module's "Write
... header row" option says so (off by default, as in classic Studio).
"""

from __future__ import annotations

import argparse
from pathlib import PurePosixPath

from . import cli, tabular, textformats

DESTINATION = "Destination"  # the output the converter binds to the classic destination: the module had none

MODULE = cli.Module(
    "Export Data",
    inputs=("Dataset",),
    outputs=(DESTINATION,),
    parameters=(
        cli.Parameter("Please Specify Authentication Type", "string", "Account"),
        cli.Parameter("Path to blob beginning with container", "string"),
        cli.Parameter("File format for blob file", "string", "CSV", choices=("CSV", "TSV", "ARFF")),
        cli.Parameter("Write blob header row", "boolean", "False"),
        cli.Parameter("File format for SAS file", "string", "CSV", choices=("CSV", "TSV", "ARFF")),
        cli.Parameter("Write SAS header row", "boolean", "False"),
    ),
)


def build_parser() -> argparse.ArgumentParser:
    return cli.build_parser(MODULE)


def run(arguments: cli.Arguments) -> None:
    table = arguments.table("Dataset")
    sas = arguments.text("Please Specify Authentication Type").strip().lower() in ("sas", "publicorsas", "public")
    file_format = arguments.text("File format for SAS file" if sas else "File format for blob file")
    delimiter = textformats.delimiter_of(file_format)
    header = arguments.boolean("Write SAS header row" if sas else "Write blob header row")
    blob = arguments.optional_text("Path to blob beginning with container") or ""
    name = PurePosixPath(blob.strip().rstrip("/")).name if "/" in blob.strip().rstrip("/") else ""
    name = name or ("data.tsv" if delimiter == "\t" else "data.csv")
    tabular.write_text(arguments.output(DESTINATION) / name, tabular.table_csv(table, delimiter, header=header))


def main(argv: list[str] | None = None) -> int:
    return cli.run(MODULE, run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
