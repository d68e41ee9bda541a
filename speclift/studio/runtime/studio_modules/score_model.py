"""Score Model: a trained model's predictions for a dataset, in the classic score columns.

- two-class: ``Scored Labels`` (the positive class when its probability is at least 0.5) and ``Scored
  Probabilities`` (the probability of the positive class: the label value that sorts last, ``True`` or ``1``);
- multiclass: ``Scored Probabilities for Class "<class>"`` for each class in sorted order, then ``Scored Labels``
  (the most probable class);
- regression: ``Scored Labels``; a quantile regression forest gives ``Scores for quantile :0.250`` and so on, one
  column per quantile, instead.

With "Append score columns to output" (the default) the score columns follow the dataset's columns; without it the
output holds the score columns alone. Score columns have the score kind, named in schema.json's ``scores``; the
model's label column, when the dataset has it, is marked as the label (Evaluate Model compares against it). A row
the model cannot score (a missing numeric feature, for most learners) gets empty scores.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

import pandas as pd

from . import cli
from .errors import StudioError
from .models import ModelSpec, read_fitted
from .tabular import Column, Table
from .training import (
    SCORED_LABELS,
    SCORED_PROBABILITIES,
    Scores,
    class_probability_name,
    predict,
    quantile_name,
)

MODULE = cli.Module(
    "Score Model",
    inputs=("Trained model", "Dataset"),
    outputs=("Scored dataset",),
    parameters=(cli.Parameter("Append score columns to output", "boolean", "True"),),
)


def score_columns(spec: ModelSpec, scores: Scores) -> list[tuple[Column, list[Any]]]:
    """The score columns, in classic order, with their values."""
    label = spec.label or {"type": "number", "categorical": False}
    labels = Column(SCORED_LABELS, label["type"], bool(label.get("categorical", False)), "score")
    if spec.task == "regression" and scores.quantiles:
        return [
            (Column(quantile_name(quantile), "number", False, "score"), [_number(v) for v in values])
            for quantile, values in scores.quantiles.items()
        ]
    if spec.task == "regression":
        return [(replace(labels, type="number", categorical=False), scores.labels)]
    assert scores.probabilities is not None
    if spec.task == "binary":
        probability = Column(SCORED_PROBABILITIES, "number", False, "score")
        return [(labels, scores.labels), (probability, [_number(v) for v in scores.probabilities])]
    columns = [
        (Column(class_probability_name(value), "number", False, "score"), [_number(v) for v in scores.probabilities[:, index]])
        for index, value in enumerate(spec.classes)
    ]
    return [*columns, (labels, scores.labels)]


def _number(value: Any) -> float | None:
    return None if value != value else float(value)  # NaN: no score


def scored_table(spec: ModelSpec, scores: Scores, table: Table, append: bool) -> Table:
    produced = score_columns(spec, scores)
    names = [column.name for column, _ in produced]
    if append:
        clash = sorted(set(names) & set(table.names))
        if clash:
            raise StudioError(f"the dataset already has a column named {clash[0]!r}: rename it before scoring")
    label_name = spec.label["name"] if spec.label else None
    kept = [replace(c, role="label") if c.name == label_name else c for c in table.columns] if append else []
    frame = table.frame.copy() if append else pd.DataFrame(index=range(len(table.frame)))
    for column, values in produced:
        frame[column.name] = pd.Series(values, dtype=object)
    columns = kept + [column for column, _ in produced]
    scores_map = {} if not append else {kind: name for kind, name in table.scores.items() if name in table.names}
    scores_map.update({column.name: column.name for column, _ in produced})
    return Table.from_frame(frame, like=Table(frame, columns, scores_map))


def body(arguments: cli.Arguments) -> None:
    folder = arguments.input("Trained model")
    if folder is None:
        raise StudioError("the input port 'Trained model' is not connected: connect Train Model's output")
    spec, pipeline = read_fitted(folder, port="Trained model")
    table = arguments.table("Dataset")
    scores = predict(spec, pipeline, table)
    arguments.write("Scored dataset", scored_table(spec, scores, table, arguments.boolean("Append score columns to output")))


def build_parser() -> argparse.ArgumentParser:
    return cli.build_parser(MODULE)


def main(argv: list[str] | None = None) -> int:
    return cli.run(MODULE, body, argv)


if __name__ == "__main__":
    raise SystemExit(main())
