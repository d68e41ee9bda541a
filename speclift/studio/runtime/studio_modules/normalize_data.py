"""Normalize Data: rescale the selected numeric columns in place, with the classic formulas.

ZScore (x - mean) / std with the population standard deviation; MinMax (x - min) / (max - min); Logistic
1 / (1 + e^-x); LogNormal the log-normal distribution function with mu and sigma the mean and population standard
deviation of ln x over the positive values (0 for x <= 0); TanH tanh(x). A constant column (std or max - min 0)
becomes 0 when "Use 0 for constant columns when checked" is set, else missing (ZScore, MinMax, LogNormal). A column
without any value is left as it is. No columns chosen: every numeric column. The transformed columns are numbers.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from . import cli, transforms
from .errors import StudioError
from .tabular import Table

METHODS = ("ZScore", "MinMax", "Logistic", "LogNormal", "TanH")
ALL_NUMERIC = (
    '{"isFilter":true,"rules":[{"ruleType":"ColumnTypes","columnTypes":["Numeric"],"columnKinds":["All"],"exclude":false}]}'
)

MODULE = cli.Module(
    "Normalize Data",
    inputs=("Dataset",),
    outputs=("Transformed dataset", "Transformation function"),
    parameters=(
        cli.Parameter("Transformation method", "string", "ZScore", choices=METHODS),
        cli.Parameter("Columns to transform", "columns", ALL_NUMERIC),
        cli.Parameter("Use 0 for constant columns when checked", "boolean", "True"),
    ),
)


def build_parser() -> argparse.ArgumentParser:
    return cli.build_parser(MODULE)


def run(arguments: cli.Arguments) -> None:
    table = arguments.table("Dataset")
    method = arguments.text("Transformation method")
    zero = arguments.boolean("Use 0 for constant columns when checked")
    chosen = arguments.selected("Columns to transform", table)
    wrong = [name for name in chosen if table.column(name).type not in ("integer", "number")]
    if wrong:
        raise StudioError(f"only numeric columns can be normalized; {wrong[0]!r} is {table.column(wrong[0]).type}")
    frame = table.frame.copy()
    fitted: dict[str, dict[str, Any]] = {}
    columns = list(table.columns)
    for name in chosen:
        values = frame[name].astype(float)
        if values.isna().all():
            continue
        frame[name], fitted[name] = _normalise(values, method, zero)
        columns = [replace(c, type="number") if c.name == name else c for c in columns]
    arguments.write("Transformed dataset", Table(frame, columns, dict(table.scores)))
    transforms.write_transform(
        arguments.output("Transformation function"),
        MODULE.name,
        {"method": method, "constant_columns_to_0": zero, "columns": fitted},
    )


def _normalise(values: pd.Series, method: str, zero: bool) -> tuple[pd.Series, dict[str, Any]]:
    finite = values[np.isfinite(values)]
    constant = np.nan if not zero else 0.0
    if method == "ZScore":
        mean, std = float(finite.mean()), float(finite.std(ddof=0))
        if std < 1e-9:
            return values * 0.0 + constant, {"mean": mean, "std": std}
        return (values - mean) / std, {"mean": mean, "std": std}
    if method == "MinMax":
        low, high = float(finite.min()), float(finite.max())
        if high - low < 1e-9:
            return values * 0.0 + constant, {"min": low, "max": high}
        return (values - low) / (high - low), {"min": low, "max": high}
    if method == "Logistic":
        return 1.0 / (1.0 + np.exp(-values)), {}
    if method == "TanH":
        return np.tanh(values), {}
    logs = np.log(finite[finite > 0])
    mu, sigma = float(logs.mean()), float(logs.std(ddof=0))
    if not len(logs) or sigma < 1e-9:
        return values * 0.0 + constant, {"mu": mu, "sigma": sigma}

    def cdf(x: float) -> float:
        if math.isnan(x):
            return math.nan
        return 0.0 if x <= 0 else 0.5 * (1.0 + math.erf((math.log(x) - mu) / (sigma * math.sqrt(2.0))))

    return values.map(cdf), {"mu": mu, "sigma": sigma}


def main(argv: list[str] | None = None) -> int:
    return cli.run(MODULE, run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
