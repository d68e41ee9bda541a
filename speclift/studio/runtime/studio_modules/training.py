"""Fitting a described model on a dataset and scoring datasets with it (Train Model, Score Model, Tune Model
Hyperparameters share this).

The features are the dataset's feature columns (classic column kind) other than the label. Numbers, whole numbers,
booleans (as 0 and 1), dates (seconds since 1970) and time spans (seconds) enter as numbers; text and categorical
columns are one-hot encoded, as classic learners turned categories into indicator arrays. A row whose numeric
feature is missing is left out of training (only the boosted trees take missing values) and gets no score, as
classic Score Model gave none for it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from .errors import StudioError
from .models import ModelSpec, build_estimator
from .tabular import Column, Table

# estimators that take missing numeric values as they are
_TAKES_MISSING = ("HistGradientBoostingClassifier", "HistGradientBoostingRegressor")
SCORED_LABELS = "Scored Labels"
SCORED_PROBABILITIES = "Scored Probabilities"
QUANTILE_PREFIX = "Scores for quantile :"


def class_probability_name(value: Any) -> str:
    """The classic multiclass score column of one class: ``Scored Probabilities for Class "<class>"``."""
    return f'{SCORED_PROBABILITIES} for Class "{_plain(value)}"'


def quantile_name(quantile: float) -> str:
    return f"{QUANTILE_PREFIX}{quantile:.3f}"


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def feature_columns(table: Table, label: str) -> list[Column]:
    """The columns a model learns from: every feature-kind column but the label."""
    features = [column for column in table.columns if column.role == "feature" and column.name != label]
    if not features:
        raise StudioError(f"the dataset has no feature column besides the label {label!r}")
    return features


def _categorical(column: Column) -> bool:
    return column.categorical or column.type == "string"


def feature_frame(table: Table, features: Sequence[Column]) -> pd.DataFrame:
    """The features of ``table`` as the pipeline takes them: numbers as float, categories as objects."""
    data: dict[str, Any] = {}
    for column in features:
        if column.name not in table.names:
            raise StudioError(f"the dataset lacks the column {column.name!r} the model was trained on")
        series = table.frame[column.name]
        if _categorical(column):
            data[column.name] = pd.Series([None if _missing(v) else _plain(v) for v in series.tolist()], dtype=object)
        else:
            data[column.name] = _numeric(series, column)
    return pd.DataFrame(data, index=range(len(table.frame)))


def _numeric(series: pd.Series, column: Column) -> pd.Series:
    try:
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            stamps = pd.to_datetime(series)
            seconds = (stamps - pd.Timestamp(0, tz=stamps.dt.tz)) / pd.Timedelta(seconds=1)
            return pd.Series(seconds.to_numpy(dtype=float))
        if pd.api.types.is_timedelta64_dtype(series.dtype):
            return pd.Series((series / pd.Timedelta(seconds=1)).to_numpy(dtype=float))
        return pd.Series([math.nan if _missing(v) else float(v) for v in series.tolist()], dtype=float)
    except (TypeError, ValueError):
        raise StudioError(f"the column {column.name!r} holds values that are not {column.type} values") from None


def _missing(value: Any) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, (float, np.floating)) and bool(np.isnan(value))


def takes_missing(spec: ModelSpec) -> bool:
    return spec.estimator.rsplit(".", 1)[-1] in _TAKES_MISSING


def complete_rows(frame: pd.DataFrame, features: Sequence[Column], spec: ModelSpec) -> np.ndarray:
    """Which rows the model can score: all, or those without a missing numeric feature."""
    if takes_missing(spec):
        return np.ones(len(frame), dtype=bool)
    numeric = [column.name for column in features if not _categorical(column)]
    if not numeric:
        return np.ones(len(frame), dtype=bool)
    return np.asarray(~frame[numeric].isna().any(axis=1))


def make_pipeline(spec: ModelSpec, features: Sequence[Column]) -> Any:
    """The scikit-learn Pipeline: one-hot encoding of the categorical features, the scalers, the estimator."""
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import (
        MinMaxScaler,
        Normalizer,
        OneHotEncoder,
        QuantileTransformer,
        StandardScaler,
    )

    categorical = [column.name for column in features if _categorical(column)]
    numeric = [column.name for column in features if not _categorical(column)]
    unknown = "ignore" if spec.preprocessing.get("allow_unknown_levels", True) else "error"
    parts: list[tuple[str, Any, list[str]]] = []
    if categorical:
        parts.append(("categories", OneHotEncoder(handle_unknown=unknown, sparse_output=False), categorical))
    if numeric:
        parts.append(("numbers", "passthrough", numeric))
    steps: list[tuple[str, Any]] = [("features", ColumnTransformer(parts))]
    scalers = {
        "min-max": MinMaxScaler,
        "standard": StandardScaler,
        "quantile": lambda: QuantileTransformer(n_quantiles=1000, subsample=None),
        "unit-norm": Normalizer,
    }
    for name in spec.preprocessing.get("scalers", []):
        if name not in scalers:
            raise StudioError(f"the model asks for the unknown scaler {name!r}")
        steps.append((name, scalers[name]()))
    steps.append(("model", build_estimator(spec)))
    return Pipeline(steps)


@dataclass
class Prepared:
    """A labelled dataset ready to fit: features, label values, what the trained model records."""

    frame: pd.DataFrame
    labels: pd.Series
    features: list[Column]
    label: Column
    classes: list[Any]
    left_out: int


def prepare(spec: ModelSpec, table: Table, label: str) -> Prepared:
    """Features and labels of a training dataset, checked against the model's task."""
    label_column = table.column(label)
    features = feature_columns(table, label)
    frame = feature_frame(table, features)
    labels = table.frame[label]
    keep = np.asarray(~labels.isna()) & complete_rows(frame, features, spec)
    left_out = int(len(frame) - keep.sum())
    frame, labels = frame[keep].reset_index(drop=True), labels[keep].reset_index(drop=True)
    if len(frame) == 0:
        raise StudioError(f"no row has a label in {label!r} and all its numeric features: nothing to train on")
    classes: list[Any] = []
    if spec.task == "regression":
        if label_column.type not in ("integer", "number") or label_column.categorical:
            raise StudioError(
                f"{spec.module} predicts numbers, but the label column {label!r} holds {label_column.type} values"
                f"{' (categorical)' if label_column.categorical else ''}: pick a numeric label or a classifier"
            )
        labels = labels.astype(float)
        if spec.module == "Poisson Regression" and (labels < 0).any():
            raise StudioError(f"Poisson Regression needs counts, but the label column {label!r} has negative values")
    else:
        classes = sorted({_python(value) for value in labels.tolist()}, key=_class_key)
        if len(classes) < 2:
            raise StudioError(f"the label column {label!r} has a single value ({classes[0]!r}): a classifier needs two or more")
        if spec.task == "binary" and len(classes) > 2:
            raise StudioError(
                f"{spec.module} tells two classes apart, but the label column {label!r} has {len(classes)}: "
                "use a multiclass learner or wrap this one in One-vs-All Multiclass"
            )
        labels = pd.Series([_python(value) for value in labels.tolist()], dtype=object)
    return Prepared(frame, labels, features, label_column, classes, left_out)


def _python(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def _class_key(value: Any) -> tuple[int, Any]:
    # booleans and numbers in order (False < True, 0 < 1), text alphabetically: classic's positive class comes last
    if isinstance(value, (bool, int, float)):
        return (0, float(value))
    return (1, str(value))


@dataclass
class Fitted:
    """A trained model: its description, its fitted pipeline and how many training rows were left out."""

    spec: ModelSpec
    pipeline: Any
    left_out: int


def fit(spec: ModelSpec, table: Table, label: str) -> Fitted:
    """Fit ``spec`` on ``table`` with ``label`` as the label."""
    prepared = prepare(spec, table, label)
    pipeline = make_pipeline(spec, prepared.features)
    targets: Any = prepared.labels
    if prepared.classes:
        # encode labels by their position in the sorted classes so every estimator's classes_ follow that order
        index = {value: position for position, value in enumerate(prepared.classes)}
        targets = np.array([index[value] for value in prepared.labels.tolist()])
    try:
        pipeline.fit(prepared.frame, targets)
    except ValueError as error:
        raise StudioError(f"{spec.module} could not be trained on this dataset: {error}") from None
    trained = replace(
        spec,
        kind="trained-model",
        label=_describe(prepared.label),
        features=[_describe(column) for column in prepared.features],
        classes=prepared.classes,
    )
    return Fitted(trained, pipeline, prepared.left_out)


def _describe(column: Column) -> dict[str, Any]:
    return {"name": column.name, "type": column.type, "categorical": column.categorical}


def columns_of(spec: ModelSpec) -> list[Column]:
    return [Column(entry["name"], entry["type"], bool(entry.get("categorical", False))) for entry in spec.features]


@dataclass
class Scores:
    """What a trained model says about each row of a dataset (None where it gave no score)."""

    labels: list[Any]  # class values, or numbers for regression
    probabilities: np.ndarray | None  # binary: the positive class's; multiclass: one column per class
    quantiles: dict[float, np.ndarray]


def predict(spec: ModelSpec, pipeline: Any, table: Table) -> Scores:
    """Score every row of ``table`` (rows the model cannot score get None)."""
    features = columns_of(spec)
    frame = feature_frame(table, features)
    rows = complete_rows(frame, features, spec)
    count = len(frame)
    labels: list[Any] = [None] * count
    probabilities: np.ndarray | None = None
    quantiles: dict[float, np.ndarray] = {}
    if not rows.any():
        if spec.task == "binary":
            probabilities = np.full(count, np.nan)
        elif spec.task == "multiclass":
            probabilities = np.full((count, len(spec.classes)), np.nan)
        return Scores(labels, probabilities, quantiles)
    scored = frame[rows]
    try:
        if spec.task == "regression":
            if "quantiles" in spec.scoring:
                quantiles = _quantiles(spec, pipeline, scored, rows)
                middle = min(quantiles, key=lambda q: abs(q - 0.5))
                values = quantiles[middle]
                labels = [None if np.isnan(v) else float(v) for v in values]
            else:
                predicted = np.asarray(pipeline.predict(scored), dtype=float)
                for position, value in zip(np.flatnonzero(rows), predicted, strict=True):
                    labels[position] = float(value)
            return Scores(labels, None, quantiles)
        matrix = _class_probabilities(spec, pipeline, scored)
    except ValueError as error:
        raise StudioError(f"the model could not score this dataset: {error}") from None
    full = np.full((count, len(spec.classes)), np.nan)
    full[rows] = matrix
    for position in np.flatnonzero(rows):
        if spec.task == "binary":
            # at threshold 0.5 on the positive class, as classic Score Model and Evaluate Model do
            labels[position] = spec.classes[1] if full[position, 1] >= 0.5 else spec.classes[0]
        else:
            labels[position] = spec.classes[int(np.argmax(full[position]))]
    probabilities = full[:, 1] if spec.task == "binary" else full
    return Scores(labels, probabilities, quantiles)


def _class_probabilities(spec: ModelSpec, pipeline: Any, frame: pd.DataFrame) -> np.ndarray:
    how = spec.scoring.get("probabilities", "predict_proba")
    if how == "predict_proba":
        matrix = np.asarray(pipeline.predict_proba(frame), dtype=float)
    else:
        decision = np.asarray(pipeline.decision_function(frame), dtype=float)
        if decision.ndim == 1:
            positive = 1.0 / (1.0 + np.exp(-decision))
            matrix = np.column_stack([1.0 - positive, positive])
        else:
            shifted = np.exp(decision - decision.max(axis=1, keepdims=True))
            matrix = shifted / shifted.sum(axis=1, keepdims=True)
    # the estimator saw the classes as 0..k-1; a class absent from training has no column of its own
    known = list(getattr(pipeline, "classes_", range(matrix.shape[1])))
    full = np.zeros((len(frame), len(spec.classes)))
    for position, code in enumerate(known):
        full[:, int(code)] = matrix[:, position]
    return full


def _quantiles(spec: ModelSpec, pipeline: Any, frame: pd.DataFrame, rows: np.ndarray) -> dict[float, np.ndarray]:
    """A quantile regression forest's answer: per row, the quantiles of the trees' predictions."""
    transformed = frame
    for _, step in pipeline.steps[:-1]:
        transformed = step.transform(transformed)
    forest = pipeline.steps[-1][1]
    per_tree = np.stack([tree.predict(np.asarray(transformed)) for tree in forest.estimators_])
    result: dict[float, np.ndarray] = {}
    for quantile in spec.scoring["quantiles"]:
        values = np.full(len(rows), np.nan)
        values[rows] = np.quantile(per_tree, quantile, axis=0)
        result[float(quantile)] = values
    return result
