"""Split Data: divide the rows of a dataset between two outputs.

Split Rows: the first output gets the fraction of the rows (rounded down: of an odd number of rows split 50-50 the
second output gets the extra one), the first rows or, with "Randomized split", rows drawn with the seed; with
"Stratified split" the fraction is taken in each group of the strata column. Both outputs keep the dataset's row
order. Regular Expression: rows whose value in the named column matches go first ("\\"column" pattern" or
"(\\index) pattern", index 0-based as classic Studio numbered it). Relative Expression: rows whose value in the named
numeric or date column meets the condition (operators < > <= >= == !=, & and | between conditions, & binding
first) go first. Recommender Split has no generated equivalent.
"""

from __future__ import annotations

import argparse
import math
import operator
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from . import cli, sampling
from .errors import StudioError
from .tabular import Table

MODES = ("Split Rows", "Recommender Split", "Regular Expression", "Relative Expression")

MODULE = cli.Module(
    "Split Data",
    inputs=("Dataset",),
    outputs=("Results dataset1", "Results dataset2"),
    parameters=(
        cli.Parameter("Splitting mode", "string", "Split Rows", choices=MODES),
        cli.Parameter("Fraction of rows in the first output dataset", "number", "0.5"),
        cli.Parameter("Randomized split", "boolean", "True"),
        cli.Parameter("Random seed", "integer", "0"),
        cli.Parameter("Stratified split", "string", "False", choices=("True", "False")),
        cli.Parameter("Stratification key column", "columns"),
        cli.Parameter("Regular expression", "string", '\\"column name" ^start'),
        cli.Parameter("Relational expression", "string", '\\"column name" > 3'),
    ),
)


def build_parser() -> argparse.ArgumentParser:
    return cli.build_parser(MODULE)


def run(arguments: cli.Arguments) -> None:
    table = arguments.table("Dataset")
    mode = arguments.text("Splitting mode")
    if mode == "Split Rows":
        first = _split_rows(table, arguments)
    elif mode == "Regular Expression":
        first = _regular(table, arguments.text("Regular expression"))
    elif mode == "Relative Expression":
        first = _relative(table, arguments.text("Relational expression"))
    else:
        raise StudioError("Recommender Split has no generated equivalent: split the ratings in an Execute Python Script step")
    positions = np.arange(len(table.frame))
    arguments.write("Results dataset1", sampling.rows(table, positions[first]))
    arguments.write("Results dataset2", sampling.rows(table, positions[~first]))


def _split_rows(table: Table, arguments: cli.Arguments) -> np.ndarray:
    fraction = arguments.number("Fraction of rows in the first output dataset")
    if not 0.0 <= fraction <= 1.0:
        raise StudioError(f'"Fraction of rows in the first output dataset" is {fraction}, outside [0, 1]')
    random = sampling.generator(arguments.integer("Random seed")) if arguments.boolean("Randomized split") else None
    if arguments.text("Stratified split") == "True":
        column = sampling.single_column(
            table, arguments.selected("Stratification key column", table), "Stratification key column"
        )
        groups = sampling.strata(table, column)
    else:
        groups = [np.arange(len(table.frame))]
    first = np.zeros(len(table.frame), dtype=bool)
    for group in groups:
        first[sampling.choose(group, sampling.count_for(len(group), fraction), random)] = True
    return first


_QUOTED = re.compile(r'\s*\\"([^"]*)"(.*)', re.S)
_INDEXED = re.compile(r"\s*\(\\([^)]*)\)(.*)", re.S)


def _column_and_rest(table: Table, expression: str, parameter: str) -> tuple[str, str]:
    found = _QUOTED.fullmatch(expression) or _INDEXED.fullmatch(expression)
    if found is None:
        raise StudioError(f'the {parameter} {expression!r} must start with a column: \\"name" or (\\index)')
    named, rest = found.group(1).strip(), found.group(2).strip()
    if found.re is _INDEXED and named.isdigit():
        index = int(named)
        if index >= len(table.names):
            raise StudioError(f"the {parameter} names column index {index}, the dataset has {len(table.names)} columns (0-based)")
        return table.names[index], rest
    table.column(named)  # a clear error when it is not there
    return named, rest


def _regular(table: Table, expression: str) -> np.ndarray:
    column, pattern = _column_and_rest(table, expression, "regular expression")
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        raise StudioError(f"the regular expression {pattern!r} is not valid ({error})") from None
    values = table.frame[column].astype(object)
    return np.array([v is not None and v == v and compiled.search(str(v)) is not None for v in values.tolist()], dtype=bool)


_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "<=": operator.le,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
}
_CONDITION = re.compile(r"\s*(<=|>=|==|!=|<|>)\s*(.+?)\s*")


def _relative(table: Table, expression: str) -> np.ndarray:
    column, rest = _column_and_rest(table, expression, "relational expression")
    kind = table.column(column).type
    if kind not in ("integer", "number", "datetime", "timespan"):
        raise StudioError(f"a relational expression compares numbers or dates; column {column!r} is {kind}")
    values = table.frame[column]
    result = np.zeros(len(values), dtype=bool)
    for alternative in rest.split("|"):
        part = np.ones(len(values), dtype=bool)
        for condition in alternative.split("&"):
            found = _CONDITION.fullmatch(condition)
            if found is None:
                raise StudioError(f"{condition.strip()!r} is no condition (an operator < > <= >= == != and a value)")
            compare, value = _OPERATORS[found.group(1)], _value(found.group(2), kind)
            part &= np.array([not _missing(v) and bool(compare(v, value)) for v in values.tolist()], dtype=bool)
        result |= part
    return result


def _value(text: str, kind: str) -> Any:
    try:
        if kind == "datetime":
            return pd.Timestamp(text)
        if kind == "timespan":
            return pd.Timedelta(text)
        return float(text)
    except ValueError:
        raise StudioError(f"{text!r} is not a {'date' if kind == 'datetime' else kind} to compare with") from None


def _missing(value: Any) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def main(argv: list[str] | None = None) -> int:
    return cli.run(MODULE, run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
