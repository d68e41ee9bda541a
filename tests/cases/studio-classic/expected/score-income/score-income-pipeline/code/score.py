"""Scoring script outline for the web service of the ML Studio (classic) experiment Adult income: boosted tree [Predictive Exp.].

It speaks the classic request-response format: a request {"Inputs": {"<input>": [{column: value, ...}, ...]},
"GlobalParameters": {...}} (the older {"ColumnNames": [...], "Values": [[...]]} form too), and a response
{"Results": {"<output>": [{column: value, ...}, ...]}}.

TO DO before deploying: register the trained model (the model the training pipeline wrote) under the name the
deployment names, then write predict() below: the steps of the predictive experiment between its web service input
and output (the same components' code is in studio_modules).
"""

from __future__ import annotations

import json
import os
from typing import Any

import pandas as pd

INPUTS = ['census record']
OUTPUTS = ['income prediction']
MODEL_DIR = ""


def init() -> None:
    global MODEL_DIR
    MODEL_DIR = os.environ.get("AZUREML_MODEL_DIR", "")


def predict(frames: dict[str, pd.DataFrame], parameters: dict[str, Any]) -> dict[str, pd.DataFrame]:
    raise NotImplementedError(
        "this scoring script is an outline: rebuild the predictive experiment's steps here (see the module docstring)"
    )


def run(raw: str) -> dict[str, Any]:
    request = json.loads(raw)
    frames = {name: _frame(request.get("Inputs", {}).get(name)) for name in INPUTS}
    results = predict(frames, request.get("GlobalParameters") or {})
    return {"Results": {name: json.loads(results[name].to_json(orient="records")) for name in OUTPUTS if name in results}}


def _frame(value: Any) -> pd.DataFrame:
    if isinstance(value, dict) and "ColumnNames" in value:
        return pd.DataFrame(value.get("Values") or [], columns=value["ColumnNames"])
    return pd.DataFrame(value or [])
