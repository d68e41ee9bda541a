"""Submits the forecast project to Azure ML, the way the Azure ML docs showed for MLflow Projects."""

import os

import mlflow

mlflow.set_experiment("forecast-nightly")
submitted = mlflow.projects.run(
    uri="forecast",
    parameters={"horizon": 7, "series": "store sales"},
    backend="azureml",
    backend_config={"COMPUTE": "gpu-cluster"},
    synchronous=False,
)
if os.environ.get("EXTRA_PROJECT"):
    mlflow.run(os.environ["EXTRA_PROJECT"])
