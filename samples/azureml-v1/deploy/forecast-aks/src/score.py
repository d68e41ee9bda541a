"""Scoring script of the demand forecaster."""

import json
import os

import joblib

model = None


def init():
    global model
    model = joblib.load(os.path.join(os.environ["AZUREML_MODEL_DIR"], "forecaster.pkl"))


def run(raw_data):
    horizon = int(os.environ.get("FORECAST_HORIZON", "14"))
    history = json.loads(raw_data)["history"]
    return model.forecast(history, horizon).tolist()
