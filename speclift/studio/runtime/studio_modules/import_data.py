"""Import Data: parse the delimited text file (or the folder holding one) that the pipeline input ``Source`` gives.

Where the data came from (a web URL, a blob, a database) is the converter's business: it turns the classic source
into a pipeline input. This program only parses what it is given, as the classic module did: the header row when
"File has Header Row" is true (else columns Col1, Col2, ...), the delimiter of the format, types inferred (see
``tabular``). A folder that already holds a dataset (data.csv and schema.json) is taken as it is.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from . import cli, tabular, textformats
from .errors import StudioError

SOURCE = "Source"  # the pipeline input the converter adds: the classic module had no input port

MODULE = cli.Module(
    "Import Data",
    inputs=(SOURCE,),
    outputs=("Results dataset",),
    parameters=(
        cli.Parameter("Blob File format", "string", "CSV"),
        cli.Parameter("Column delimiter", "string", "Comma"),
        cli.Parameter("Encoding Format", "string", "utf_8"),
        cli.Parameter("File has Header Row", "boolean", "True"),
    ),
)


def build_parser() -> argparse.ArgumentParser:
    return cli.build_parser(MODULE)


def run(arguments: cli.Arguments) -> None:
    source = arguments.input(SOURCE)
    if source is None:
        raise StudioError(f"no data to import: the input {SOURCE!r} is not connected (--{cli.slug(SOURCE)})")
    if source.is_dir() and (source / tabular.SCHEMA_FILE).is_file():
        arguments.write("Results dataset", tabular.read_table(source))
        return
    path = _the_file(source)
    file_format = arguments.text("Blob File format")
    if path.suffix.lower() == ".tsv" and not arguments.given("Blob File format"):
        file_format = "TSV"
    delimiter = textformats.delimiter_of(file_format, arguments.text("Column delimiter"))
    encoding = textformats.encoding_of(arguments.text("Encoding Format"))
    table = tabular.read_text_file(path, delimiter, header=arguments.boolean("File has Header Row"), encoding=encoding)
    arguments.write("Results dataset", table)


def _the_file(source: Path) -> Path:
    if source.is_file():
        return source
    if not source.is_dir():
        raise StudioError(f"{source}: no such file or folder")
    files = sorted(item for item in source.iterdir() if item.is_file() and not item.name.startswith("."))
    if len(files) != 1:
        found = ", ".join(item.name for item in files) or "none"
        raise StudioError(f"{source}: expected one data file to import (found {found})")
    return files[0]


def main(argv: list[str] | None = None) -> int:
    return cli.run(MODULE, run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
