"""Convert to Dataset: the input as a dataset (a raw CSV or TSV input gets its types inferred), optionally marking a
custom value as missing ("SetMissingValue") or replacing values ("ReplaceValues": missing values, or a custom
value, by a new value) in every column where the value applies, compared as text."""

from __future__ import annotations

import argparse

from . import cli, tabular
from .tabular import Table

MODULE = cli.Module(
    "Convert to Dataset",
    inputs=("Dataset",),
    outputs=("Results dataset",),
    parameters=(
        cli.Parameter("Action", "string", "None", choices=("None", "SetMissingValue", "ReplaceValues")),
        cli.Parameter("Custom Missing Value", "string", "?"),
        cli.Parameter("Replace", "string", "Missing", choices=("Missing", "Custom")),
        cli.Parameter("Custom Value", "string", "obs"),
        cli.Parameter("New Value", "string", "0"),
    ),
)


def build_parser() -> argparse.ArgumentParser:
    return cli.build_parser(MODULE)


def run(arguments: cli.Arguments) -> None:
    table = arguments.table("Dataset")
    folder = arguments.input("Dataset")
    inferred = folder is not None and not (folder / tabular.SCHEMA_FILE).is_file()  # raw text: types come from values
    action = arguments.text("Action")
    if action == "SetMissingValue":
        table = _replaced(table, arguments.text("Custom Missing Value"), "", inferred)
    elif action == "ReplaceValues":
        old = "" if arguments.text("Replace") == "Missing" else arguments.text("Custom Value")
        table = _replaced(table, old, arguments.text("New Value"), inferred)
    arguments.write("Results dataset", table)


def _replaced(table: Table, old: str, new: str, inferred: bool) -> Table:
    """Every cell spelled ``old`` (empty: a missing value) spelled ``new`` instead; a column keeps its type while its
    values still fit it, and an input read from raw text has its types inferred again."""
    texts = {}
    for column in table.columns:
        cells = [tabular.cell_text(value, column) for value in table.frame[column.name].tolist()]
        texts[column.name] = [new if cell == old else cell for cell in cells]
    return tabular.from_texts(texts, table, keep_types=not inferred)


def main(argv: list[str] | None = None) -> int:
    return cli.run(MODULE, run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
