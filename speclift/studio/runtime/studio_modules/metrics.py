"""The classic evaluation metrics (Evaluate Model's table, Tune Model Hyperparameters' ranking).

Two-class, at threshold 0.5 on the positive class's probability (the label value that sorts last: ``True``, ``1``,
or the second text alphabetically): the confusion counts, Accuracy, Precision = TP/(TP+FP), Recall = TP/(TP+FN),
F1 Score (their harmonic mean), AUC (area under the ROC curve, ties counted half), Average Log Loss (mean negative
log-likelihood, probabilities clipped to [1e-15, 1 - 1e-15]) and Training Log Loss, the advantage over always
predicting the positive rate the data has: (prior log loss - Average Log Loss) / prior log loss.

Multiclass: Overall accuracy (share of rows whose class is right), Average accuracy (the mean over classes of the
two-class accuracy of "this class or not"), micro- and macro-averaged precision and recall (macro: the mean over
the classes; a class never predicted has precision 0, one never present recall 0).

Regression: Mean Absolute Error, Root Mean Squared Error, Relative Absolute Error = sum|y - p| / sum|y - mean(y)|,
Relative Squared Error = sum(y - p)^2 / sum(y - mean(y))^2 and Coefficient of Determination = 1 - Relative Squared
Error. A metric the data leaves undefined (a constant label, a single class for AUC) is missing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

EPSILON = 1e-15
BINARY = (
    "True Positive",
    "False Negative",
    "False Positive",
    "True Negative",
    "Accuracy",
    "Precision",
    "Recall",
    "F1 Score",
    "Threshold",
    "AUC",
    "Average Log Loss",
    "Training Log Loss",
)
MULTICLASS = (
    "Overall accuracy",
    "Average accuracy",
    "Micro-averaged precision",
    "Macro-averaged precision",
    "Micro-averaged recall",
    "Macro-averaged recall",
)
REGRESSION = (
    "Mean Absolute Error",
    "Root Mean Squared Error",
    "Relative Absolute Error",
    "Relative Squared Error",
    "Coefficient of Determination",
)
THRESHOLD = 0.5


def _ratio(top: float, bottom: float) -> float:
    return top / bottom if bottom else math.nan


def binary(truth: Sequence[bool], probabilities: Sequence[float]) -> dict[str, float]:
    """Two-class metrics: ``truth`` says whether each row is of the positive class."""
    actual = np.asarray(truth, dtype=bool)
    scores = np.asarray(probabilities, dtype=float)
    predicted = scores >= THRESHOLD
    tp = int(np.sum(actual & predicted))
    fn = int(np.sum(actual & ~predicted))
    fp = int(np.sum(~actual & predicted))
    tn = int(np.sum(~actual & ~predicted))
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, tp + fn)
    f1 = _ratio(2 * precision * recall, precision + recall) if not (math.isnan(precision) or math.isnan(recall)) else math.nan
    clipped = np.clip(scores, EPSILON, 1 - EPSILON)
    log_loss = float(-np.mean(np.where(actual, np.log(clipped), np.log(1 - clipped)))) if len(actual) else math.nan
    rate = float(np.mean(actual)) if len(actual) else math.nan
    prior = -(rate * math.log(rate) + (1 - rate) * math.log(1 - rate)) if 0 < rate < 1 else math.nan
    return {
        "True Positive": tp,
        "False Negative": fn,
        "False Positive": fp,
        "True Negative": tn,
        "Accuracy": _ratio(tp + tn, len(actual)),
        "Precision": precision,
        "Recall": recall,
        "F1 Score": f1,
        "Threshold": THRESHOLD,
        "AUC": auc(actual, scores),
        "Average Log Loss": log_loss,
        "Training Log Loss": _ratio(prior - log_loss, prior) if not math.isnan(prior) else math.nan,
    }


def auc(actual: np.ndarray, scores: np.ndarray) -> float:
    """The area under the ROC curve: the chance a positive row scores above a negative one (ties count half)."""
    positives, negatives = scores[actual], scores[~actual]
    if len(positives) == 0 or len(negatives) == 0:
        return math.nan
    ranks = _ranks(np.concatenate([positives, negatives]))
    wins = float(np.sum(ranks[: len(positives)])) - len(positives) * (len(positives) + 1) / 2
    return wins / (len(positives) * len(negatives))


def _ranks(values: np.ndarray) -> np.ndarray:
    """1-based ranks, ties given their mean rank."""
    order = np.argsort(values, kind="mergesort")
    ranks = np.empty(len(values))
    sorted_values = values[order]
    start = 0
    while start < len(values):
        end = start
        while end + 1 < len(values) and sorted_values[end + 1] == sorted_values[start]:
            end += 1
        ranks[order[start : end + 1]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def multiclass(truth: Sequence[Any], predicted: Sequence[Any]) -> dict[str, float]:
    """Multiclass metrics from the true and the scored classes."""
    classes = sorted({*truth, *predicted}, key=str)
    actual = np.asarray([str(v) for v in truth], dtype=object)
    guessed = np.asarray([str(v) for v in predicted], dtype=object)
    count = len(actual)
    correct = int(np.sum(actual == guessed))
    precisions, recalls, accuracies = [], [], []
    for value in (str(c) for c in classes):
        tp = int(np.sum((actual == value) & (guessed == value)))
        fp = int(np.sum((actual != value) & (guessed == value)))
        fn = int(np.sum((actual == value) & (guessed != value)))
        precisions.append(tp / (tp + fp) if tp + fp else 0.0)
        recalls.append(tp / (tp + fn) if tp + fn else 0.0)
        accuracies.append(_ratio(count - fp - fn, count))
    overall = _ratio(correct, count)
    return {
        "Overall accuracy": overall,
        "Average accuracy": float(np.mean(accuracies)) if accuracies else math.nan,
        "Micro-averaged precision": overall,  # one class per row: every wrong guess is one false positive
        "Macro-averaged precision": float(np.mean(precisions)) if precisions else math.nan,
        "Micro-averaged recall": overall,
        "Macro-averaged recall": float(np.mean(recalls)) if recalls else math.nan,
    }


def regression(truth: Sequence[float], predicted: Sequence[float]) -> dict[str, float]:
    actual = np.asarray(truth, dtype=float)
    guessed = np.asarray(predicted, dtype=float)
    if len(actual) == 0:
        return dict.fromkeys(REGRESSION, math.nan)
    errors = actual - guessed
    spread = actual - actual.mean()
    relative_squared = _ratio(float(np.sum(errors**2)), float(np.sum(spread**2)))
    return {
        "Mean Absolute Error": float(np.mean(np.abs(errors))),
        "Root Mean Squared Error": float(math.sqrt(np.mean(errors**2))),
        "Relative Absolute Error": _ratio(float(np.sum(np.abs(errors))), float(np.sum(np.abs(spread)))),
        "Relative Squared Error": relative_squared,
        "Coefficient of Determination": 1 - relative_squared if not math.isnan(relative_squared) else math.nan,
    }


def quantile_loss(truth: Sequence[float], predicted: Sequence[float], quantile: float) -> float:
    """The mean pinball loss of one quantile's predictions."""
    errors = np.asarray(truth, dtype=float) - np.asarray(predicted, dtype=float)
    return float(np.mean(np.maximum(quantile * errors, (quantile - 1) * errors))) if len(errors) else math.nan
