"""Azure ML v2 assets (environments, data, models), endpoints, deployments and schedules."""

from __future__ import annotations

from speclift.spectypes.record import Rule, SpecType, merge

_AZ = "azureml/v2/"

# What the SDK's schemas give every deployment, online or batch, and every endpoint (azure/ai/ml/_schema/...).
_DEPLOYMENT = {"endpoint_name": 2, "model": 1, "code_configuration": 1, "environment": 1}
_ONLINE = {
    "instance_type": 3,
    "instance_count": 2,
    "request_settings": 3,
    "liveness_probe": 3,
    "readiness_probe": 3,
    "scale_settings": 2,
    "app_insights_enabled": 2,
    "egress_public_network_access": 3,
    "data_collector": 3,
    "model_mount_path": 3,
    "private_network_connection": 3,
}
_BATCH = {
    "mini_batch_size": 4,
    "output_action": 4,
    "output_file_name": 3,
    "error_threshold": 3,
    "retry_settings": 3,
    "max_concurrency_per_instance": 3,
    "logging_level": 2,
    "compute": 2,
}
_ENDPOINT = {"auth_mode": 2, "identity": 1, "public_network_access": 1}

_ASSETS = (
    SpecType(
        _AZ + "environment",
        "Azure ML environment",
        schema_names=("environment",),
        rules=(
            Rule(
                {
                    "image": 2,
                    "build": 3,
                    "conda_file": 3,
                    "os_type": 2,
                    "inference_config": 3,
                    "name": 1,
                    "version": 1,
                    "build.path": 1,
                    "build.dockerfile_path": 2,
                },
                requires=("name",),
                any_of=("image", "build", "conda_file"),
                words=("env",),
            ),
        ),
    ),
    SpecType(
        _AZ + "data",
        "Azure ML data asset",
        schema_names=("data", "dataset"),
        rules=(
            Rule(
                {"path": 3, "name": 1, "source": -5},
                types=("uri_file", "uri_folder", "mltable"),
                requires=("path",),
                words=("data",),
            ),
        ),
    ),
    SpecType(
        _AZ + "data-import",
        "Azure ML data import",
        schema_names=("dataimport",),
        rules=(
            Rule(
                {"source": 5, "source.connection": 2, "source.query": 2, "source.path": 1, "path": 1},
                types=("uri_folder", "mltable"),
                requires=("source",),
                words=("import",),
            ),
        ),
    ),
    SpecType(
        _AZ + "model",
        "Azure ML model",
        schema_names=("model",),
        rules=(
            Rule(
                {"path": 3, "name": 1, "flavors": 3, "stage": 2, "job_name": 2, "version": 1},
                types=("custom_model", "mlflow_model", "triton_model"),
                requires=("path",),
                words=("model",),
            ),
        ),
    ),
    SpecType(
        _AZ + "model-package",
        "Azure ML model package",
        schema_names=("modelversionpackage",),
        rules=(
            Rule(
                {"target_environment": 5, "inferencing_server": 5, "base_environment_source": 3, "model_configuration": 3},
                words=("package",),
            ),
        ),
    ),
)

_ENDPOINTS = (
    SpecType(
        _AZ + "managed-online-endpoint",
        "Azure ML managed online endpoint",
        schema_names=("managedonlineendpoint",),
        rules=(
            Rule(
                merge(_ENDPOINT, traffic=4, mirror_traffic=4, **{"auth_mode=key": 2, "auth_mode=aml_token": 2}),
                requires=("name",),
                words=("online", "endpoint"),
            ),
        ),
    ),
    SpecType(
        _AZ + "managed-online-deployment",
        "Azure ML managed online deployment",
        schema_names=("managedonlinedeployment",),
        rules=(Rule(merge(_DEPLOYMENT, _ONLINE), types=("managed",), words=("online", "deploy")),),
    ),
    SpecType(
        _AZ + "kubernetes-online-endpoint",
        "Azure ML Kubernetes online endpoint",
        schema_names=("kubernetesonlineendpoint", "k8sonlineendpoint"),
        rules=(
            Rule(
                merge(_ENDPOINT, compute=4, traffic=2, mirror_traffic=2),
                requires=("name", "compute"),
                any_of=("auth_mode", "traffic"),
                words=("k8s", "kubernetes"),
            ),
        ),
    ),
    SpecType(
        _AZ + "kubernetes-online-deployment",
        "Azure ML Kubernetes online deployment",
        schema_names=("kubernetesonlinedeployment", "k8sonlinedeployment"),
        rules=(
            Rule(
                merge(_DEPLOYMENT, _ONLINE, **{"resources.requests": 3, "resources.limits": 2}),
                types=("kubernetes",),
                untyped=False,
                words=("deploy",),
            ),
        ),
    ),
    SpecType(
        _AZ + "batch-endpoint",
        "Azure ML batch endpoint",
        schema_names=("batchendpoint",),
        rules=(
            Rule(
                merge(
                    _ENDPOINT,
                    defaults=2,
                    traffic=-5,
                    mirror_traffic=-5,
                    **{"defaults.deployment_name": 4, "auth_mode=aad_token": 3, "auth_mode=key": -5, "auth_mode=aml_token": -5},
                ),
                requires=("name",),
                words=("batch",),
            ),
        ),
    ),
    SpecType(
        _AZ + "batch-deployment",
        "Azure ML batch deployment",
        schema_names=("batchdeployment",),
        rules=(Rule(merge(_DEPLOYMENT, _BATCH), words=("batch",)),),
    ),
    SpecType(
        _AZ + "model-batch-deployment",
        "Azure ML model batch deployment",
        schema_names=("modelbatchdeployment",),
        category="batch deployment",
        rules=(Rule(merge(_DEPLOYMENT, _BATCH, settings=2), types=("model",), untyped=False, words=("batch", "deploy")),),
    ),
    SpecType(
        _AZ + "pipeline-component-batch-deployment",
        "Azure ML pipeline component batch deployment",
        schema_names=("pipelinecomponentbatchdeployment",),
        category="batch deployment",
        rules=(
            Rule(
                {"endpoint_name": 5, "job_definition": 4, "component": 2, "settings": 1},
                types=("pipeline",),
                untyped=False,
                requires=("endpoint_name",),
                words=("deploy",),
            ),
        ),
    ),
    SpecType(
        _AZ + "schedule",
        "Azure ML schedule",
        schema_names=("schedule",),
        rules=(Rule({"trigger": 3, "create_job": 4, "import_data": 4, "create_monitor": 4}, requires=("trigger",)),),
    ),
)

RECORDS = _ASSETS + _ENDPOINTS
