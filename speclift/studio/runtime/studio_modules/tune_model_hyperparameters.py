"""Tune Model Hyperparameters: a parameter sweep over a learner's ranges, run here with scikit-learn.

The untrained model's ``ranges`` (``models``) are the sweep's axes: for a Parameter Range learner its ranges, for a
Single Parameter learner the learner's range parameters as they stand (classic swept its default ranges then).
"Entire grid" trains every combination; "Random grid" a random sample of the combinations, at most "Maximum number
of runs on random grid", seeded by "Random seed for random grid"; "Random sweep" up to "Maximum number of runs on
random sweep" combinations drawn value by value (with replacement, repeats dropped), seeded by "Random seed". Each
run describes the learner again with its values (``learning.respecify``), trains on the training dataset and is
measured on the validation dataset when one is connected, else on the training dataset (classic's "best
performance on the training dataset"). Classification runs are ranked by "Metric for measuring performance for
classification" (Accuracy, Precision, Recall, F-score, AUC, Average Log Loss, Train Log Loss; multiclass
precision, recall and F-score are macro-averaged), regression runs by "Metric for measuring performance for
regression" (Mean absolute error, Root of mean squared error, Relative absolute error, Relative squared error,
Coefficient of determination; a quantile forest is measured on its quantile nearest 0.5).

"Sweep results" has one row per run, the best first: the swept parameters' values, then every metric.
"Trained best model" is the best run's trained model. Cross-validation over Partition and Sample folds is not
done: every run trains on the whole training dataset.
"""

from __future__ import annotations

import argparse
import itertools
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from . import cli, metrics
from .errors import StudioError
from .learning import respecify
from .models import ModelSpec, read_model, write_model
from .tabular import Column, Table
from .train_model import label_column
from .training import Scores, fit, predict

LABEL = "Name or numerical index of the label column"
CLASSIFICATION = "Metric for measuring performance for classification"
REGRESSION = "Metric for measuring performance for regression"
CLASSIFICATION_METRICS = ("Accuracy", "Precision", "Recall", "F-score", "AUC", "Average Log Loss", "Train Log Loss")
REGRESSION_METRICS = (
    "Mean absolute error",
    "Root of mean squared error",
    "Relative absolute error",
    "Relative squared error",
    "Coefficient of determination",
)
_LOWER_IS_BETTER = {
    "Average Log Loss",
    "Mean absolute error",
    "Root of mean squared error",
    "Relative absolute error",
    "Relative squared error",
}

MODULE = cli.Module(
    "Tune Model Hyperparameters",
    inputs=("Untrained model", "Training dataset", "Validation dataset"),
    outputs=("Sweep results", "Trained best model"),
    parameters=(
        cli.Parameter(
            "Specify parameter sweeping mode", "string", "Random sweep", choices=("Entire grid", "Random sweep", "Random grid")
        ),
        cli.Parameter("Maximum number of runs on random sweep", "integer", "5"),
        cli.Parameter("Random seed", "integer", "0"),
        cli.Parameter("Maximum number of runs on random grid", "integer", "5"),
        cli.Parameter("Random seed for random grid", "integer", "0"),
        cli.Parameter(LABEL, "columns", ""),
        cli.Parameter(CLASSIFICATION, "string", "Accuracy", choices=CLASSIFICATION_METRICS),
        cli.Parameter(REGRESSION, "string", "Mean absolute error", choices=REGRESSION_METRICS),
    ),
)


def combinations(spec: ModelSpec, mode: str, runs: int, seed: int) -> list[dict[str, Any]]:
    """The runs of a sweep: one mapping of swept single parameters to values each."""
    axes = list(spec.ranges.items())
    if not axes:
        return [{}]
    grid = [
        dict(zip([name for name, _ in axes], values, strict=True))
        for values in itertools.product(*[values for _, values in axes])
    ]
    if mode == "Entire grid":
        return grid
    if runs < 1:
        raise StudioError("the maximum number of runs must be at least 1")
    generator = np.random.default_rng(seed)
    if mode == "Random grid":
        picked = generator.choice(len(grid), size=min(runs, len(grid)), replace=False)
        return [grid[int(index)] for index in sorted(picked)]
    drawn: list[dict[str, Any]] = []
    for _ in range(runs):
        combination = {name: values[int(generator.integers(len(values)))] for name, values in axes}
        if combination not in drawn:
            drawn.append(combination)
    return drawn


def classification_metrics(spec: ModelSpec, scores: Scores, truth: Sequence[Any]) -> dict[str, float]:
    assert scores.probabilities is not None
    rows = [
        i for i, (t, label) in enumerate(zip(truth, scores.labels, strict=True)) if t is not None and label is not None and t == t
    ]
    if spec.task == "binary":
        actual = [truth[i] == spec.classes[1] for i in rows]
        found = metrics.binary(actual, [float(scores.probabilities[i]) for i in rows])
        return {
            "Accuracy": found["Accuracy"],
            "Precision": found["Precision"],
            "Recall": found["Recall"],
            "F-score": found["F1 Score"],
            "AUC": found["AUC"],
            "Average Log Loss": found["Average Log Loss"],
            "Train Log Loss": found["Training Log Loss"],
        }
    found = metrics.multiclass([truth[i] for i in rows], [scores.labels[i] for i in rows])
    precision, recall = found["Macro-averaged precision"], found["Macro-averaged recall"]
    matrix = np.clip(scores.probabilities[rows], metrics.EPSILON, 1.0)
    index = {value: position for position, value in enumerate(spec.classes)}
    known = [(row, index.get(truth[i])) for row, i in enumerate(rows)]
    chosen = np.array([matrix[row, column] if column is not None else metrics.EPSILON for row, column in known])
    log_loss = float(-np.mean(np.log(chosen))) if len(chosen) else math.nan
    shares = np.array([np.mean([column == c for _, column in known]) for c in range(len(spec.classes))])
    shares = shares[shares > 0]
    prior = float(-np.sum(shares * np.log(shares))) if len(shares) else math.nan
    aucs = [metrics.auc(np.array([column == c for _, column in known]), matrix[:, c]) for c in range(len(spec.classes))]
    aucs = [value for value in aucs if not math.isnan(value)]
    return {
        "Accuracy": found["Overall accuracy"],
        "Precision": precision,
        "Recall": recall,
        "F-score": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "AUC": float(np.mean(aucs)) if aucs else math.nan,
        "Average Log Loss": log_loss,
        "Train Log Loss": (prior - log_loss) / prior if prior and not math.isnan(prior) else math.nan,
    }


def regression_metrics(scores: Scores, truth: Sequence[Any]) -> dict[str, float]:
    pairs = [
        (float(t), float(p)) for t, p in zip(truth, scores.labels, strict=True) if t is not None and p is not None and t == t
    ]
    found = metrics.regression([t for t, _ in pairs], [p for _, p in pairs])
    return dict(zip(REGRESSION_METRICS, found.values(), strict=True))


def _rank_key(value: float, metric: str) -> float:
    if math.isnan(value):
        return math.inf
    return value if metric in _LOWER_IS_BETTER else -value


def body(arguments: cli.Arguments) -> None:
    folder = arguments.input("Untrained model")
    if folder is None:
        raise StudioError("the input port 'Untrained model' is not connected: connect a learner module")
    spec = read_model(folder, port="Untrained model")
    if spec.kind != "untrained-model":
        raise StudioError(f"the Untrained model input holds an already trained {spec.module} model")
    training = arguments.table("Training dataset")
    validation = arguments.optional_table("Validation dataset")
    label = label_column(arguments, LABEL, training)
    measured_on = validation if validation is not None else training
    if label not in measured_on.names:
        raise StudioError(f"the validation dataset lacks the label column {label!r}")
    mode = arguments.text("Specify parameter sweeping mode")
    runs, seed = {
        "Random sweep": (arguments.integer("Maximum number of runs on random sweep"), arguments.integer("Random seed")),
        "Random grid": (
            arguments.integer("Maximum number of runs on random grid"),
            arguments.integer("Random seed for random grid"),
        ),
    }.get(mode, (0, 0))
    metric = arguments.text(REGRESSION if spec.task == "regression" else CLASSIFICATION)
    truth = [
        None if v is None or v != v else (v.item() if isinstance(v, np.generic) else v) for v in measured_on.frame[label].tolist()
    ]
    outcomes: list[tuple[dict[str, Any], dict[str, float], ModelSpec, Any]] = []
    for combination in combinations(spec, mode, runs, seed):
        run = respecify(spec, combination) if combination else spec
        fitted = fit(run, training, label)
        scores = predict(fitted.spec, fitted.pipeline, measured_on)
        found = (
            regression_metrics(scores, truth) if spec.task == "regression" else classification_metrics(fitted.spec, scores, truth)
        )
        outcomes.append((combination, found, fitted.spec, fitted.pipeline))
    order = sorted(range(len(outcomes)), key=lambda i: _rank_key(outcomes[i][1][metric], metric))
    swept = list(spec.ranges)
    metric_names = list(REGRESSION_METRICS if spec.task == "regression" else CLASSIFICATION_METRICS)
    rows = [[outcomes[i][0].get(name) for name in swept] + [outcomes[i][1][m] for m in metric_names] for i in order]
    frame = pd.DataFrame(rows, columns=swept + metric_names)
    kinds = {name: "integer" if all(isinstance(v, int) for v in frame[name].tolist()) else "number" for name in swept}
    columns = [Column(name, kinds[name]) for name in swept] + [Column(name, "number") for name in metric_names]
    arguments.write("Sweep results", Table.from_frame(frame, like=Table(frame, columns)))
    _, best_values, best_spec, best_pipeline = outcomes[order[0]]
    write_model(arguments.output("Trained best model"), best_spec, best_pipeline)
    print(f"Tune Model Hyperparameters: {len(outcomes)} runs, best {metric} {best_values[metric]:.6g}")


def build_parser() -> argparse.ArgumentParser:
    return cli.build_parser(MODULE)


def main(argv: list[str] | None = None) -> int:
    return cli.run(MODULE, body, argv)


if __name__ == "__main__":
    raise SystemExit(main())
