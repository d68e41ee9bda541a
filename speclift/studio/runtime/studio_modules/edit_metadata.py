"""Edit Metadata: change the selected columns' data type, categorical flag, kind (feature, label, ...) or names.

As in classic Studio: a column converts only when every value does ("3" to Integer, not "abc"); Label needs exactly
one column (the previous label becomes a feature); new names are comma-separated, one per selected column, and may
not repeat or take an existing column's name.
"""

from __future__ import annotations

import argparse
from dataclasses import replace

from . import cli, tabular
from .errors import StudioError

TYPES = {
    "String": "string",
    "Integer": "integer",
    "Double": "number",
    "Boolean": "boolean",
    "DateTime": "datetime",
    "TimeSpan": "timespan",
}

MODULE = cli.Module(
    "Edit Metadata",
    inputs=("Dataset",),
    outputs=("Results dataset",),
    parameters=(
        cli.Parameter("Column", "columns"),
        cli.Parameter("Data Type", "string", "Unchanged", choices=("Unchanged", *TYPES)),
        cli.Parameter("Categorical", "string", "Unchanged", choices=("Unchanged", "Categorical", "NonCategorical")),
        cli.Parameter(
            "Fields",
            "string",
            "Unchanged",
            choices=("Unchanged", "Features", "Labels", "Weights", "ClearFeatures", "ClearLabels", "ClearScores", "ClearWeights"),
        ),
        cli.Parameter("New Column Name", "string"),
    ),
)


def build_parser() -> argparse.ArgumentParser:
    return cli.build_parser(MODULE)


def run(arguments: cli.Arguments) -> None:
    table = arguments.table("Dataset")
    chosen = arguments.selected("Column", table)
    data_type = arguments.text("Data Type")
    if data_type != "Unchanged":
        for name in chosen:
            table = tabular.converted(table, name, TYPES[data_type])
    categorical = arguments.text("Categorical")
    if categorical != "Unchanged":
        for name in chosen:
            table = table.with_column(replace(table.column(name), categorical=categorical == "Categorical"))
    table = _fields(table, chosen, arguments.text("Fields"))
    new_names = arguments.optional_text("New Column Name")
    if new_names:
        table = _renamed(table, chosen, [name.strip() for name in new_names.split(",")])
    arguments.write("Results dataset", table)


def _fields(table: tabular.Table, chosen: list[str], fields: str) -> tabular.Table:
    role = {"Features": "feature", "Labels": "label", "Weights": "weight"}.get(fields)
    if fields == "Labels" and len(chosen) != 1:
        raise StudioError(f"Fields = Labels needs exactly one column, {len(chosen)} are selected")
    columns = []
    for column in table.columns:
        if role is not None and column.name in chosen:
            column = replace(column, role=role)
        elif fields == "Labels" and column.role == "label":
            column = replace(column, role="feature")  # one label column per dataset
        elif fields.startswith("Clear") and column.name in chosen and column.role == fields[5:-1].lower():
            column = replace(column, role="feature")
        columns.append(column)
    scores = {} if fields == "ClearScores" else dict(table.scores)
    if fields == "ClearScores":
        columns = [replace(c, role="feature") if c.role == "score" and c.name in chosen else c for c in columns]
    return tabular.Table(table.frame, columns, scores)


def _renamed(table: tabular.Table, chosen: list[str], names: list[str]) -> tabular.Table:
    if len(names) != len(chosen):
        raise StudioError(f'"New Column Name" gives {len(names)} names for {len(chosen)} selected columns')
    seen: set[str] = set()
    for name in names:
        if name in seen or (name in table.names and name not in chosen):
            raise StudioError(f'"New Column Name": the name {name!r} is used twice')
        seen.add(name)
    return tabular.rename_columns(table, zip(chosen, names, strict=True))


def main(argv: list[str] | None = None) -> int:
    return cli.run(MODULE, run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
