"""Azure ML v2 assets (environments, data, models), endpoints, deployments and schedules."""

from __future__ import annotations

from speclift.spectypes.record import Rule, azureml_v2, merge, weights

# What the SDK's schemas give every deployment, online or batch, and every endpoint (azure/ai/ml/_schema/...).
_DEPLOYMENT = {"endpoint_name": 2, "model": 1, "code_configuration": 1, "environment": 1}
_ONLINE = weights(
    {
        3: (
            "request_settings",
            "liveness_probe",
            "readiness_probe",
            "instance_type",
            "egress_public_network_access",
            "data_collector",
            "model_mount_path",
            "private_network_connection",
        ),
        2: ("instance_count", "scale_settings", "app_insights_enabled"),
    }
)
_BATCH = weights(
    {
        4: ("mini_batch_size", "output_action"),
        3: ("output_file_name", "error_threshold", "retry_settings", "max_concurrency_per_instance"),
        2: ("logging_level", "compute"),
    }
)
_ENDPOINT = {"auth_mode": 2, "identity": 1, "public_network_access": 1}

_ENVIRONMENT = weights(
    {
        3: ("build", "conda_file", "inference_config"),
        2: ("image", "os_type", "build.dockerfile_path"),
        1: ("name", "version", "build.path"),
    }
)
_DATA = {"path": 3, "name": 1, "source": -5}  # a data asset names its path; a data import, its source
_DATA_IMPORT = {"source": 5, "source.connection": 2, "source.query": 2, "source.path": 1, "path": 1}
_MODEL = {"path": 3, "name": 1, "flavors": 3, "stage": 2, "job_name": 2, "version": 1}
_MODEL_TYPES = ("custom_model", "mlflow_model", "triton_model")
_PACKAGE = {"target_environment": 5, "inferencing_server": 5, "base_environment_source": 3, "model_configuration": 3}

_ASSETS = (
    azureml_v2(
        "environment",
        "Azure ML environment",
        Rule(_ENVIRONMENT, requires=("name",), any_of=("image", "build", "conda_file"), words=("env",)),
    ),
    azureml_v2(
        "data",
        "Azure ML data asset",
        Rule(_DATA, types=("uri_file", "uri_folder", "mltable"), requires=("path",), words=("data",)),
        schema=("data", "dataset"),
    ),
    azureml_v2(
        "data-import",
        "Azure ML data import",
        Rule(_DATA_IMPORT, types=("uri_folder", "mltable"), requires=("source",), words=("import",)),
    ),
    azureml_v2("model", "Azure ML model", Rule(_MODEL, types=_MODEL_TYPES, requires=("path",), words=("model",))),
    azureml_v2("model-package", "Azure ML model package", Rule(_PACKAGE, words=("package",)), schema=("modelversionpackage",)),
)

_MANAGED_ENDPOINT = merge(_ENDPOINT, traffic=4, mirror_traffic=4, **{"auth_mode=key": 2, "auth_mode=aml_token": 2})
_KUBERNETES_ENDPOINT = merge(_ENDPOINT, compute=4, traffic=2, mirror_traffic=2)
_KUBERNETES_RESOURCES = {"resources.requests": 3, "resources.limits": 2}
# A batch endpoint routes by its default deployment, never by traffic, and only Entra ID (aad_token) signs in to it.
_BATCH_ENDPOINT = merge(
    _ENDPOINT,
    defaults=2,
    traffic=-5,
    mirror_traffic=-5,
    **{"defaults.deployment_name": 4, "auth_mode=aad_token": 3, "auth_mode=key": -5, "auth_mode=aml_token": -5},
)
_PIPELINE_DEPLOYMENT = {"endpoint_name": 5, "job_definition": 4, "component": 2, "settings": 1}
_SCHEDULE = {"trigger": 3, "create_job": 4, "import_data": 4, "create_monitor": 4}

_ENDPOINTS = (
    azureml_v2(
        "managed-online-endpoint",
        "Azure ML managed online endpoint",
        Rule(_MANAGED_ENDPOINT, requires=("name",), words=("online", "endpoint")),
    ),
    azureml_v2(
        "managed-online-deployment",
        "Azure ML managed online deployment",
        Rule(merge(_DEPLOYMENT, _ONLINE), types=("managed",), words=("online", "deploy")),
    ),
    azureml_v2(
        "kubernetes-online-endpoint",
        "Azure ML Kubernetes online endpoint",
        Rule(_KUBERNETES_ENDPOINT, requires=("name", "compute"), any_of=("auth_mode", "traffic"), words=("k8s", "kubernetes")),
        schema=("kubernetesonlineendpoint", "k8sonlineendpoint"),
    ),
    azureml_v2(
        "kubernetes-online-deployment",
        "Azure ML Kubernetes online deployment",
        Rule(merge(_DEPLOYMENT, _ONLINE, _KUBERNETES_RESOURCES), types=("kubernetes",), untyped=False, words=("deploy",)),
        schema=("kubernetesonlinedeployment", "k8sonlinedeployment"),
    ),
    azureml_v2("batch-endpoint", "Azure ML batch endpoint", Rule(_BATCH_ENDPOINT, requires=("name",), words=("batch",))),
    azureml_v2("batch-deployment", "Azure ML batch deployment", Rule(merge(_DEPLOYMENT, _BATCH), words=("batch",))),
    azureml_v2(
        "model-batch-deployment",
        "Azure ML model batch deployment",
        Rule(merge(_DEPLOYMENT, _BATCH, settings=2), types=("model",), untyped=False, words=("batch", "deploy")),
        category="batch deployment",
    ),
    azureml_v2(
        "pipeline-component-batch-deployment",
        "Azure ML pipeline component batch deployment",
        Rule(_PIPELINE_DEPLOYMENT, types=("pipeline",), untyped=False, requires=("endpoint_name",), words=("deploy",)),
        category="batch deployment",
    ),
    azureml_v2("schedule", "Azure ML schedule", Rule(_SCHEDULE, requires=("trigger",))),
)

RECORDS = _ASSETS + _ENDPOINTS
