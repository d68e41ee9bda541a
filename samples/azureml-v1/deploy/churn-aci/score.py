"""Scoring script of the churn model: the same init()/run() contract in v1 and v2."""

import json
import os

import joblib

model = None


def init():
    global model
    # v1 and v2 both set AZUREML_MODEL_DIR; the layout below it differs (v2 keeps the registered folder name).
    model = joblib.load(os.path.join(os.environ["AZUREML_MODEL_DIR"], "model.pkl"))


def run(raw_data):
    rows = json.loads(raw_data)["data"]
    return model.predict(rows).tolist()
