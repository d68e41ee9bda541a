"""Evaluate Model: the classic metrics of a scored dataset, and of a second one to compare (``metrics``).

The kind of model comes from the score columns (schema.json's ``scores``, else their names): ``Scored
Probabilities`` means two-class, ``Scored Probabilities for Class ...`` multiclass, ``Scores for quantile :...``
quantile regression (one "Quantile Loss :<q>" per quantile), ``Scored Labels`` alone regression. The true
values are the label column (Score Model marks it). Rows without a true value or a score are left out. The output
has one row per input, the left port's first; both inputs must come from the same kind of model.
"""

from __future__ import annotations

import argparse
import math
from typing import Any

import pandas as pd

from . import cli, metrics
from .errors import StudioError
from .tabular import Column, Table
from .training import QUANTILE_PREFIX, SCORED_LABELS, SCORED_PROBABILITIES

MODULE = cli.Module(
    "Evaluate Model",
    inputs=("Scored dataset", "Scored dataset to compare"),
    outputs=("Evaluation results",),
)
_CLASS_PREFIX = f"{SCORED_PROBABILITIES} for Class"


def _score_names(table: Table) -> list[str]:
    named = [name for name in table.scores.values() if name in table.names]
    return named or [column.name for column in table.columns if column.role == "score"] or table.names


def kind_of(table: Table) -> str:
    names = _score_names(table)
    if any(name.startswith(QUANTILE_PREFIX) for name in names):
        return "quantile"
    if any(name.startswith(_CLASS_PREFIX) for name in names):
        return "multiclass"
    if SCORED_PROBABILITIES in names:
        return "binary"
    if SCORED_LABELS in names:
        return "regression"
    raise StudioError("the dataset has no score columns (Scored Labels, Scored Probabilities): connect Score Model's output")


def _truth(table: Table, where: str) -> str:
    if table.label is None:
        raise StudioError(
            f"the {where} has no label column to compare the scores with: score a dataset that holds the label, "
            "with Append score columns to output set"
        )
    return table.label


def _present(value: Any) -> bool:
    return not (value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT)


def _positive(values: list[Any]) -> Any:
    ordered = sorted(set(values), key=lambda v: (0, float(v)) if isinstance(v, (bool, int, float)) else (1, str(v)))
    if len(ordered) > 2:
        raise StudioError(f"a two-class score, but the label column has {len(ordered)} values")
    if len(ordered) == 2:
        return ordered[1]
    # a single class present: the positive one when it is True or 1, else every row is negative
    return ordered[0] if ordered and ordered[0] in (True, 1) else None


def evaluate(table: Table, where: str) -> tuple[str, dict[str, float]]:
    kind = kind_of(table)
    truth_name = _truth(table, where)
    truth = table.frame[truth_name].tolist()
    if kind == "binary":
        probabilities = table.frame[SCORED_PROBABILITIES].tolist()
        rows = [(t, p) for t, p in zip(truth, probabilities, strict=True) if _present(t) and _present(p)]
        positive = _positive(
            [t for t, _ in rows] + [v for v in table.frame.get(SCORED_LABELS, pd.Series()).tolist() if _present(v)]
        )
        return kind, metrics.binary([t == positive for t, _ in rows], [float(p) for _, p in rows])
    if kind == "quantile":
        result: dict[str, float] = {}
        for name in _score_names(table):
            if name.startswith(QUANTILE_PREFIX):
                quantile = float(name[len(QUANTILE_PREFIX) :])
                rows = [(t, p) for t, p in zip(truth, table.frame[name].tolist(), strict=True) if _present(t) and _present(p)]
                result[f"Quantile Loss :{quantile:.3f}"] = metrics.quantile_loss(
                    [t for t, _ in rows], [p for _, p in rows], quantile
                )
        return kind, result
    scored = table.frame[SCORED_LABELS].tolist()
    pairs = [(t, p) for t, p in zip(truth, scored, strict=True) if _present(t) and _present(p)]
    if kind == "multiclass":
        return kind, metrics.multiclass([t for t, _ in pairs], [p for _, p in pairs])
    column = table.column(truth_name)
    if column.type not in ("integer", "number"):
        raise StudioError(f"regression scores, but the label column {truth_name!r} holds {column.type} values")
    return kind, metrics.regression([float(t) for t, _ in pairs], [float(p) for _, p in pairs])


def body(arguments: cli.Arguments) -> None:
    results: list[dict[str, float]] = []
    kinds: list[str] = []
    for port in MODULE.inputs:
        table = arguments.table(port) if port == "Scored dataset" else arguments.optional_table(port)
        if table is None:
            continue
        kind, values = evaluate(table, f"input {port!r}")
        kinds.append(kind)
        results.append(values)
    if len(set(kinds)) > 1:
        raise StudioError(f"the two scored datasets come from different kinds of model ({kinds[0]}, {kinds[1]})")
    names = list(results[0])
    for extra in results[1:]:
        names += [name for name in extra if name not in names]
    frame = pd.DataFrame([[row.get(name, math.nan) for name in names] for row in results], columns=names)
    counts = {"True Positive", "False Negative", "False Positive", "True Negative"}
    columns = [Column(name, "integer" if name in counts else "number") for name in names]
    arguments.write("Evaluation results", Table.from_frame(frame, like=Table(frame, columns)))


def build_parser() -> argparse.ArgumentParser:
    return cli.build_parser(MODULE)


def main(argv: list[str] | None = None) -> int:
    return cli.run(MODULE, body, argv)


if __name__ == "__main__":
    raise SystemExit(main())
