"""The model format between components: an untrained or trained model is a FOLDER.

``model.json`` says what the model is (UTF-8 JSON, keys sorted)::

    {
      "format": "studio-model/1",
      "kind": "untrained-model",                  # or "trained-model"
      "module": "Two-Class Logistic Regression",  # the classic module that made it
      "task": "binary",                           # binary | multiclass | regression
      "estimator": "sklearn.linear_model.LogisticRegression",
      "parameters": {"C": 0.5, "l1_ratio": 0.5, "solver": "saga", "tol": 1e-07, ...},
      "mode": "single",                           # Create trainer mode: single | range (Parameter Range)
      "ranges": {"L2 Regularizaton weight": [0.01, 0.1, 1.0], ...},
      "range_names": {"L2 Regularizaton weight": "Range for L2 regularization weight", ...},
      "preprocessing": {"allow_unknown_levels": true, "scalers": []},
      "scoring": {"probabilities": "predict_proba"},
      "classic": {"L2 Regularizaton weight": "1", ...},
      "not_carried": {"Memory Size": "what becomes of it", ...},
      "wraps": null
    }

``estimator`` is the dotted name of a scikit-learn class and ``parameters`` its constructor arguments, mapped from
``classic``: the value of every classic parameter the module read (given or default), as the graph spells it.
``not_carried`` lists the classic parameters the module has no equivalent for, with what becomes of them.
``ranges`` holds, per classic single parameter, the values Tune Model Hyperparameters sweeps (from the matching
``Range for ...`` parameter, named in ``range_names``); a sweep describes each combination of values again through
the learner (``learning.respecify``), so the classic-to-scikit-learn mapping lives in one place. In ``range`` mode
``parameters`` come from each range's first value, as classic Train Model used it; in ``single`` mode the ranges are
still recorded, since classic Tune Model Hyperparameters swept a single-parameter learner's ranges.
``preprocessing`` says how features become numbers: ``allow_unknown_levels`` (a category not seen in training is
ignored, else an error) and ``scalers``, applied in order after the categorical columns are one-hot encoded
(``min-max``, ``standard``, ``quantile``, ``unit-norm``). ``scoring`` says where probabilities come from:
``predict_proba``, ``sigmoid`` (of the decision function: a binary model without probabilities), ``softmax`` (of
the decision function, multiclass) or, for a quantile regression forest, ``{"quantiles": [0.25, 0.5, 0.75]}`` (the
quantiles of the trees' predictions). ``wraps`` (One-vs-All, One-vs-One) holds the wrapped two-class model's
description, whose estimator becomes the wrapper's ``estimator`` argument.

A trained model adds what training learned about the data::

      "label": {"name": "income", "type": "string", "categorical": true},
      "features": [{"name": "age", "type": "integer", "categorical": false}, ...],
      "classes": ["<=50K", ">50K"],               # classifiers: the label's values sorted, the positive class last

and ``model.pkl``, the pickle of the fitted scikit-learn Pipeline (one-hot encoding, scalers, estimator) that the
``features`` feed, in that order. A pickle runs code when loaded: load only models this pipeline wrote.
"""

from __future__ import annotations

import importlib
import json
import os
import pickle
import re
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .errors import StudioError

FORMAT = "studio-model/1"
MODEL_FILE = "model.json"
PICKLE_FILE = "model.pkl"
KINDS = ("untrained-model", "trained-model")
TASKS = ("binary", "multiclass", "regression")
SCALERS = ("min-max", "standard", "quantile", "unit-norm")


@dataclass
class ModelSpec:
    """What ``model.json`` holds (see the module docstring)."""

    module: str
    task: str
    estimator: str
    parameters: dict[str, Any] = field(default_factory=dict)
    kind: str = "untrained-model"
    mode: str = "single"
    ranges: dict[str, list[Any]] = field(default_factory=dict)
    range_names: dict[str, str] = field(default_factory=dict)
    preprocessing: dict[str, Any] = field(default_factory=lambda: {"allow_unknown_levels": True, "scalers": []})
    scoring: dict[str, Any] = field(default_factory=lambda: {"probabilities": "predict_proba"})
    classic: dict[str, str] = field(default_factory=dict)
    not_carried: dict[str, str] = field(default_factory=dict)
    wraps: dict[str, Any] | None = None
    label: dict[str, Any] | None = None
    features: list[dict[str, Any]] = field(default_factory=list)
    classes: list[Any] = field(default_factory=list)

    def to_json(self) -> str:
        document = {"format": FORMAT, **asdict(self)}
        if self.kind == "untrained-model":
            for key in ("label", "features", "classes"):
                document.pop(key)
        return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str, where: str) -> ModelSpec:
        try:
            document = json.loads(text)
        except ValueError as error:
            raise StudioError(f"{where}: not JSON ({error})") from None
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise StudioError(f'{where}: not a model description (expected "format": "{FORMAT}")')
        known = set(cls.__dataclass_fields__)
        values = {key: value for key, value in document.items() if key in known}
        try:
            spec = cls(**values)
        except TypeError as error:
            raise StudioError(f"{where}: {error}") from None
        if spec.kind not in KINDS or spec.task not in TASKS:
            raise StudioError(f"{where}: kind {spec.kind!r} or task {spec.task!r} is unknown")
        return spec


def read_model(folder: str | os.PathLike[str], *, port: str) -> ModelSpec:
    """The model description in ``folder`` (the input port ``port``), checked."""
    path = Path(folder) / MODEL_FILE
    if not path.is_file():
        raise StudioError(f"the {port} input ({folder}) holds no {MODEL_FILE}: connect a model there")
    return ModelSpec.from_json(path.read_text(encoding="utf-8"), str(path))


def read_fitted(folder: str | os.PathLike[str], *, port: str) -> tuple[ModelSpec, Any]:
    """A trained model's description and its fitted pipeline."""
    spec = read_model(folder, port=port)
    if spec.kind != "trained-model":
        raise StudioError(f"the {port} input holds an untrained model ({spec.module}): train it with Train Model first")
    path = Path(folder) / PICKLE_FILE
    if not path.is_file():
        raise StudioError(f"the {port} input ({folder}) holds no {PICKLE_FILE}")
    with path.open("rb") as handle:
        return spec, pickle.load(handle)


def write_model(folder: str | os.PathLike[str], spec: ModelSpec, fitted: Any = None) -> None:
    """Write ``model.json`` (and ``model.pkl`` when ``fitted`` is given) into ``folder``, each file atomically."""
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    if fitted is not None:
        _write_atomically(path / PICKLE_FILE, pickle.dumps(fitted, protocol=pickle.HIGHEST_PROTOCOL))
    _write_atomically(path / MODEL_FILE, spec.to_json().encode("utf-8"))


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def estimator_class(dotted: str) -> Any:
    """The scikit-learn class a model description names (nothing outside scikit-learn is imported)."""
    module_name, _, class_name = dotted.rpartition(".")
    if not module_name.startswith("sklearn.") or not class_name:
        raise StudioError(f"the model names the estimator {dotted!r}, which is not a scikit-learn class")
    try:
        return getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError):
        raise StudioError(f"the model names the estimator {dotted!r}, which this scikit-learn lacks") from None


def wrapped(spec: ModelSpec) -> ModelSpec | None:
    """The two-class model a One-vs-All / One-vs-One model wraps, or None."""
    if spec.wraps is None:
        return None
    return ModelSpec.from_json(json.dumps({"format": FORMAT, **spec.wraps}), f"the model {spec.module} wraps")


def build_estimator(spec: ModelSpec) -> Any:
    """A fresh, unfitted scikit-learn estimator for ``spec`` (a wrapper's with its wrapped model's inside)."""
    own: dict[str, Any] = dict(spec.parameters)
    inner = wrapped(spec)
    if inner is not None:
        own["estimator"] = build_estimator(inner)
    cls = estimator_class(spec.estimator)
    return cls(**_compatible(spec.estimator, own))


def _compatible(dotted: str, parameters: dict[str, Any]) -> dict[str, Any]:
    """Parameters in the spelling of the installed scikit-learn.

    Descriptions use scikit-learn 1.8's spelling of logistic regression's penalty (``l1_ratio`` 0 is L2, 1 is L1,
    between is elastic net); older releases also need ``penalty`` for anything but L2.
    """
    if dotted == "sklearn.linear_model.LogisticRegression" and not _penalty_deprecated():
        ratio = float(parameters.get("l1_ratio", 0.0) or 0.0)
        if ratio == 1.0:
            return {**parameters, "penalty": "l1"}
        if ratio > 0.0:
            return {**parameters, "penalty": "elasticnet"}
    return parameters


def _penalty_deprecated() -> bool:
    import sklearn

    found = re.match(r"(\d+)\.(\d+)", sklearn.__version__)
    return found is not None and (int(found.group(1)), int(found.group(2))) >= (1, 8)
