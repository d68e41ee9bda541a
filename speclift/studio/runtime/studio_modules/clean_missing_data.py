"""Clean Missing Data: replace or remove the missing values of the selected columns.

As documented for classic Studio: only columns whose ratio of missing values lies between the minimum and the
maximum ratio are cleaned; "Custom substitution value" puts the replacement value (converted to the column's type)
in place; mean (Integer, Double, Boolean), median (Integer, Double) and mode (any type) are computed per column, a
mean or median of an integer column rounded to the nearest integer; "Remove entire row" drops rows with a missing
value in a cleaned column, "Remove entire column" drops cleaned columns that have one. With "Cols with all missing
values" = Remove, a selected column without any value is dropped (replacement modes). The indicator columns
("<column>_IsMissing") follow the data. "Replace using MICE" runs scikit-learn's IterativeImputer (classic used its
own MICE: values differ); "Replace using Probabilistic PCA" has no generated equivalent and fails with a message.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import replace
from typing import Any

import pandas as pd

from . import cli, tabular, transforms
from .errors import StudioError
from .tabular import Column, Table

MODES = (
    "Custom substitution value",
    "Replace with mean",
    "Replace with median",
    "Replace with mode",
    "Remove entire row",
    "Remove entire column",
    "Replace using MICE",
    "Replace using Probabilistic PCA",
)

MODULE = cli.Module(
    "Clean Missing Data",
    inputs=("Dataset",),
    outputs=("Cleaned dataset", "Cleaning transformation"),
    parameters=(
        cli.Parameter(
            "Columns to be cleaned", "columns", '{"isFilter":true,"rules":[{"ruleType":"AllColumns","exclude":false}]}'
        ),
        cli.Parameter("Minimum missing value ratio", "number", "0.0"),
        cli.Parameter("Maximum missing value ratio", "number", "1.0"),
        cli.Parameter("Cleaning mode", "string", "Custom substitution value", choices=MODES),
        cli.Parameter("Replacement value", "string", "0"),
        cli.Parameter("Cols with all missing values", "string", "Remove", choices=("Remove", "Propagate")),
        cli.Parameter("Generate missing value indicator column", "boolean", "False"),
        cli.Parameter("Number of Iterations", "integer", "5"),
    ),
)


def build_parser() -> argparse.ArgumentParser:
    return cli.build_parser(MODULE)


def run(arguments: cli.Arguments) -> None:
    table = arguments.table("Dataset")
    mode = arguments.text("Cleaning mode")
    if mode == "Replace using Probabilistic PCA":
        raise StudioError(
            "Replace using Probabilistic PCA has no generated equivalent: choose Replace using MICE (or another mode) "
            "in the component's Cleaning mode, or impute in an Execute Python Script step"
        )
    low, high = arguments.number("Minimum missing value ratio"), arguments.number("Maximum missing value ratio")
    for name, value in (("Minimum", low), ("Maximum", high)):
        if not 0.0 <= value <= 1.0:
            raise StudioError(f'"{name} missing value ratio" is {value}, outside [0, 1]')
    selected = arguments.selected("Columns to be cleaned", table)
    rows = max(len(table.frame), 1)
    cleaned = [n for n in selected if low <= table.frame[n].isna().sum() / rows <= high]
    indicators = arguments.boolean("Generate missing value indicator column")
    drop_empty = arguments.text("Cols with all missing values") == "Remove"
    replacements: dict[str, Any] = {}
    frame = table.frame.copy()
    if mode == "Remove entire row":
        keep = ~frame[cleaned].isna().any(axis=1) if cleaned else pd.Series(True, index=frame.index)
        result = table.with_rows(frame[keep])
    elif mode == "Remove entire column":
        gone = [n for n in cleaned if frame[n].isna().any()]
        result = table.take([n for n in table.names if n not in gone])
    else:
        result, replacements = _replaced(table, cleaned, mode, arguments, drop_empty)
        if indicators:
            result = _with_indicators(result, table, [n for n in cleaned if n in result.names])
    arguments.write("Cleaned dataset", result)
    transforms.write_transform(
        arguments.output("Cleaning transformation"),
        MODULE.name,
        {"cleaning_mode": mode, "columns": cleaned, "replacements": replacements},
    )


def _replaced(
    table: Table, cleaned: list[str], mode: str, arguments: cli.Arguments, drop_empty: bool
) -> tuple[Table, dict[str, Any]]:
    if not any(table.frame[n].isna().any() for n in cleaned):
        return table, {}
    empty = [n for n in cleaned if len(table.frame) and table.frame[n].isna().all()]
    if drop_empty and mode != "Custom substitution value":
        table = table.take([n for n in table.names if n not in empty])
        cleaned = [n for n in cleaned if n not in empty]
    if mode == "Replace using MICE":
        return _mice(table, cleaned, arguments.integer("Number of Iterations")), {}
    frame = table.frame.copy()
    replacements: dict[str, Any] = {}
    for name in cleaned:
        column = table.column(name)
        if not frame[name].isna().any() or frame[name].isna().all():
            continue
        value = _replacement(table, column, mode, arguments)
        replacements[name] = value
        frame[name] = frame[name].astype(object).where(frame[name].notna(), value)
    return Table.from_frame(frame, table), replacements


def _replacement(table: Table, column: Column, mode: str, arguments: cli.Arguments) -> Any:
    values = table.frame[column.name].dropna()
    if mode == "Custom substitution value":
        text = arguments.text("Replacement value")
        try:
            converted = tabular.converted(
                Table(pd.DataFrame({column.name: [text]}), [replace(column, type="string")]), column.name, column.type
            )
        except StudioError:
            raise StudioError(f"the replacement value {text!r} is not {column.type} like column {column.name!r}") from None
        return converted.frame[column.name].iloc[0]
    if mode == "Replace with mode":
        counts = values.astype(object).value_counts(sort=False)
        return counts.index[int(counts.to_numpy().argmax())]  # the first of the most frequent values
    allowed = ("integer", "number", "boolean") if mode == "Replace with mean" else ("integer", "number")
    if column.type not in allowed:
        raise StudioError(f"{mode} applies to numeric columns; {column.name!r} is {column.type}: clean it in another step")
    numbers = values.astype(float)
    value = float(numbers.mean() if mode == "Replace with mean" else numbers.median())
    if column.type == "integer":
        return math.floor(value + 0.5)
    if column.type == "boolean":
        return value >= 0.5
    return value


def _mice(table: Table, cleaned: list[str], iterations: int) -> Table:
    from sklearn.experimental import enable_iterative_imputer  # noqa: F401  (makes IterativeImputer importable)
    from sklearn.impute import IterativeImputer

    numeric = [c.name for c in table.columns if c.type in ("integer", "number", "boolean")]
    wrong = [n for n in cleaned if n not in numeric]
    if wrong:
        raise StudioError(f"Replace using MICE imputes numeric columns; {wrong[0]!r} is {table.column(wrong[0]).type}")
    if not cleaned:
        return table
    imputer = IterativeImputer(max_iter=iterations, random_state=0)
    filled = imputer.fit_transform(table.frame[numeric].astype(float))
    frame = table.frame.copy()
    for index, name in enumerate(numeric):
        if name in cleaned:
            column = pd.Series(filled[:, index], index=frame.index)
            kind = table.column(name).type
            frame[name] = (
                column.round().astype("int64") if kind == "integer" else (column >= 0.5 if kind == "boolean" else column)
            )
    return Table.from_frame(frame, table)


def _with_indicators(result: Table, original: Table, names: list[str]) -> Table:
    frame = result.frame.copy()
    columns = list(result.columns)
    for name in names:
        indicator = f"{name}_IsMissing"
        count = 0
        while indicator in frame.columns:
            count += 1
            indicator = f"{name}_IsMissing ({count})"
        frame[indicator] = original.frame[name].isna().to_numpy()
        columns.append(Column(indicator, "boolean"))
    return Table(frame, columns, dict(result.scores))


def main(argv: list[str] | None = None) -> int:
    return cli.run(MODULE, run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
