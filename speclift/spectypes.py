"""The registry of spec types and content-based detection.

A spec type has a stable id ``<family>/<version>/<name>``. Current formats carry a JSON Schema
(``schemas/<id>.schema.json``); old formats carry the id of what they migrate to. Detection reads the content first
(``$schema``, ``type``, ``kind``, ``version``, telltale keys) and uses the file name only to break ties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class SpecType:
    id: str
    title: str
    legacy: bool = False
    migrates_to: str | None = None  # for legacy types: the current type it becomes

    @property
    def family(self) -> str:
        return self.id.split("/", 1)[0]

    @property
    def schema_file(self) -> str | None:
        """Path of the schema relative to the schemas folder, or None for legacy types."""
        return None if self.legacy else f"{self.id}.schema.json"


_AZ = "azureml/v2/"
_CURRENT = [
    ("command-job", "Azure ML command job"),
    ("sweep-job", "Azure ML sweep job"),
    ("pipeline-job", "Azure ML pipeline job"),
    ("automl-job", "Azure ML AutoML job"),
    ("spark-job", "Azure ML Spark job"),
    ("parallel-job", "Azure ML parallel job"),
    ("command-component", "Azure ML command component"),
    ("pipeline-component", "Azure ML pipeline component"),
    ("parallel-component", "Azure ML parallel component"),
    ("spark-component", "Azure ML Spark component"),
    ("data-transfer-component", "Azure ML data transfer component"),
    ("environment", "Azure ML environment"),
    ("data", "Azure ML data asset"),
    ("data-import", "Azure ML data import"),
    ("model", "Azure ML model"),
    ("model-package", "Azure ML model package"),
    ("managed-online-endpoint", "Azure ML managed online endpoint"),
    ("managed-online-deployment", "Azure ML managed online deployment"),
    ("kubernetes-online-endpoint", "Azure ML Kubernetes online endpoint"),
    ("kubernetes-online-deployment", "Azure ML Kubernetes online deployment"),
    ("batch-endpoint", "Azure ML batch endpoint"),
    ("batch-deployment", "Azure ML batch deployment"),
    ("model-batch-deployment", "Azure ML model batch deployment"),
    ("pipeline-component-batch-deployment", "Azure ML pipeline component batch deployment"),
    ("schedule", "Azure ML schedule"),
    ("aml-compute", "Azure ML compute cluster"),
    ("compute-instance", "Azure ML compute instance"),
    ("kubernetes-compute", "Azure ML Kubernetes compute"),
    ("virtual-machine-compute", "Azure ML attached virtual machine"),
    ("synapse-spark-compute", "Azure ML attached Synapse Spark pool"),
    ("azure-blob-datastore", "Azure ML Blob datastore"),
    ("azure-file-datastore", "Azure ML file share datastore"),
    ("azure-data-lake-gen1-datastore", "Azure ML Data Lake Gen1 datastore"),
    ("azure-data-lake-gen2-datastore", "Azure ML Data Lake Gen2 datastore"),
    ("onelake-datastore", "Azure ML OneLake datastore"),
    ("workspace", "Azure ML workspace"),
    ("connection", "Azure ML workspace connection"),
    ("registry", "Azure ML registry"),
]

SPEC_TYPES: dict[str, SpecType] = {}


def _register(spec: SpecType) -> None:
    SPEC_TYPES[spec.id] = spec


for _name, _title in _CURRENT:
    _register(SpecType(_AZ + _name, _title))
_register(SpecType("polyaxon/v1/component", "Polyaxon v1 component"))
_register(SpecType("polyaxon/v1/operation", "Polyaxon v1 operation"))
for _id, _title, _target in [
    ("polyaxon/v0/polyaxonfile", "Polyaxon v0 polyaxonfile", "polyaxon/v1/component"),
    ("azureml/v1/runconfig", "Azure ML v1 run configuration", _AZ + "command-job"),
    ("azureml/v1/pipeline", "Azure ML v1 pipeline YAML", _AZ + "pipeline-job"),
    ("azureml/v1/hyperdrive", "Azure ML v1 HyperDrive configuration", _AZ + "sweep-job"),
    ("azureml/v1/deployment-config", "Azure ML v1 ACI/AKS deployment configuration", _AZ + "managed-online-deployment"),
    ("azureml/v1/inference-config", "Azure ML v1 inference configuration", _AZ + "managed-online-deployment"),
    ("azureml/v1/environment", "Azure ML v1 environment definition", _AZ + "environment"),
    ("azureml/v1/dataset", "Azure ML v1 dataset definition", _AZ + "data"),
]:
    _register(SpecType(_id, _title, legacy=True, migrates_to=_target))


def get(spec_id: str) -> SpecType:
    """Look a type up by id, accepting the short name of a current type (``command-job``) as well."""
    if spec_id in SPEC_TYPES:
        return SPEC_TYPES[spec_id]
    for candidate in (_AZ + spec_id, "polyaxon/v1/" + spec_id):
        if candidate in SPEC_TYPES:
            return SPEC_TYPES[candidate]
    raise KeyError(spec_id)


@dataclass(frozen=True, slots=True)
class Detection:
    """The outcome of detection: a spec type, or why there is none.

    ``unknown`` is set when the document clearly belongs to a platform but names a kind that platform does not have:
    that is a finding, whereas a YAML file that is no spec at all is only skipped.
    """

    spec_type: SpecType | None
    reason: str
    unknown: bool = False
    pointer: str = ""


# `$schema` names as published by Azure ML (azureedge CDN, sdk2 blob, "http://azureml/sdk-2-0/X.json"), lower-cased.
_AZURE_SCHEMA_NAMES = {
    "commandjob": "command-job",
    "sweepjob": "sweep-job",
    "pipelinejob": "pipeline-job",
    "automljob": "automl-job",
    "sparkjob": "spark-job",
    "paralleljob": "parallel-job",
    "commandcomponent": "command-component",
    "pipelinecomponent": "pipeline-component",
    "parallelcomponent": "parallel-component",
    "sparkcomponent": "spark-component",
    "datatransfercomponent": "data-transfer-component",
    "environment": "environment",
    "data": "data",
    "dataset": "data",
    "dataimport": "data-import",
    "model": "model",
    "modelversionpackage": "model-package",
    "managedonlineendpoint": "managed-online-endpoint",
    "managedonlinedeployment": "managed-online-deployment",
    "kubernetesonlineendpoint": "kubernetes-online-endpoint",
    "kubernetesonlinedeployment": "kubernetes-online-deployment",
    "k8sonlineendpoint": "kubernetes-online-endpoint",
    "k8sonlinedeployment": "kubernetes-online-deployment",
    "batchendpoint": "batch-endpoint",
    "batchdeployment": "batch-deployment",
    "modelbatchdeployment": "model-batch-deployment",
    "pipelinecomponentbatchdeployment": "pipeline-component-batch-deployment",
    "schedule": "schedule",
    "amlcompute": "aml-compute",
    "computeinstance": "compute-instance",
    "kubernetescompute": "kubernetes-compute",
    "vmcompute": "virtual-machine-compute",
    "virtualmachinecompute": "virtual-machine-compute",
    "synapsesparkcompute": "synapse-spark-compute",
    "azureblob": "azure-blob-datastore",
    "azurefile": "azure-file-datastore",
    "azuredatalakegen1": "azure-data-lake-gen1-datastore",
    "azuredatalakegen2": "azure-data-lake-gen2-datastore",
    "onelake": "onelake-datastore",
    "workspace": "workspace",
    "connection": "connection",
    "registry": "registry",
}
_AZURE_SCHEMA_HOSTS = ("azuremlschemas.azureedge.net", "azuremlsdk2.blob.core.windows.net", "//azureml/")
_SCHEMA_NAME = re.compile(r"/([A-Za-z0-9]+)(?:\.schema)?\.json$")

# Within one category, `type:` decides, as the SDK's loaders do.
_JOB_TYPES = {
    "command": "command-job",
    "sweep": "sweep-job",
    "pipeline": "pipeline-job",
    "automl": "automl-job",
    "spark": "spark-job",
    "parallel": "parallel-job",
}
_COMPONENT_TYPES = {
    "command": "command-component",
    "pipeline": "pipeline-component",
    "parallel": "parallel-component",
    "spark": "spark-component",
    "data_transfer": "data-transfer-component",
}
_CATEGORY_TYPES = {"job": _JOB_TYPES, "component": _COMPONENT_TYPES}

_POLYAXON_V0_KINDS = {"experiment", "group", "job", "build", "notebook", "tensorboard", "pipeline", "plugin"}


def detect(data: Any, filename: str = "") -> Detection:
    """Tell what spec ``data`` (one loaded YAML document) is."""
    if not isinstance(data, dict):
        return Detection(None, "the document is not a mapping")
    schema_url = data.get("$schema")
    if isinstance(schema_url, str) and any(host in schema_url for host in _AZURE_SCHEMA_HOSTS):
        return _detect_azure_schema_url(data, schema_url)
    for detector in (_detect_polyaxon, _detect_azure_v1, _detect_azure_v2):
        found = detector(data, filename)
        if found is not None:
            return found
    return Detection(None, "no known spec type matches (not a job spec?)")


def _v2(name: str, reason: str) -> Detection:
    return Detection(SPEC_TYPES[_AZ + name], reason)


def _category(name: str) -> str | None:
    for category in _CATEGORY_TYPES:
        if name.endswith("-" + category):
            return category
    return None


def _detect_azure_schema_url(data: dict[str, Any], url: str) -> Detection:
    match = _SCHEMA_NAME.search(url)
    name = _AZURE_SCHEMA_NAMES.get(match.group(1).lower()) if match else None
    if name is None:
        return Detection(None, f"$schema {url!r} is not an Azure ML v2 schema speclift knows", unknown=True, pointer="/$schema")
    category = _category(name)
    kind = data.get("type")
    if category and isinstance(kind, str):
        by_type = _CATEGORY_TYPES[category].get(kind.lower())
        if by_type is None:
            return Detection(None, f"unknown {category} type {kind!r}", unknown=True, pointer="/type")
        return _v2(by_type, f"$schema names a {category}; type: {kind}")
    if name == "batch-deployment" and isinstance(kind, str):
        batch = {"model": "model-batch-deployment", "pipeline": "pipeline-component-batch-deployment"}.get(kind.lower())
        if batch:
            return _v2(batch, f"$schema names a batch deployment; type: {kind}")
    return _v2(name, f"$schema {url}")


def _detect_polyaxon(data: dict[str, Any], filename: str) -> Detection | None:
    version, kind = data.get("version"), data.get("kind")
    if isinstance(kind, str) and isinstance(version, (int, float)) and not isinstance(version, bool):
        if version >= 1.05 and version < 2:  # 1.1 and later 1.x
            if kind in ("component", "operation"):
                return Detection(SPEC_TYPES["polyaxon/v1/" + kind], f"version: {version}, kind: {kind}")
            return Detection(None, f"Polyaxon v1 has no kind {kind!r} (component or operation)", unknown=True, pointer="/kind")
        if version == 1 and kind in _POLYAXON_V0_KINDS:
            return Detection(SPEC_TYPES["polyaxon/v0/polyaxonfile"], f"version: 1, kind: {kind}")
    if kind in ("component", "operation") and ("run" in data or "component" in data or "hubRef" in data):
        return Detection(SPEC_TYPES["polyaxon/v1/" + kind], f"kind: {kind} with Polyaxon sections")
    if version == 1 and any(key in data for key in ("run", "hptuning", "environment", "build", "settings", "declarations")):
        return Detection(SPEC_TYPES["polyaxon/v0/polyaxonfile"], "version: 1 with polyaxonfile sections")
    if "project" in data and "run" in data and isinstance(data.get("run"), dict) and "cmd" in data["run"]:
        return Detection(SPEC_TYPES["polyaxon/v0/polyaxonfile"], "early polyaxonfile (project: and run.cmd)")
    return None


_RUNCONFIG_KEYS = {"script", "arguments", "target", "framework", "communicator", "nodecount", "history", "environment"}
_WORKBENCH_KEYS = {"argumentvector", "target", "framework", "environmentvariables", "condadependenciesfile"}


def _lower_keys(data: dict[str, Any]) -> set[str]:
    return {str(k).replace("_", "").lower() for k in data}


def _detect_azure_v1(data: dict[str, Any], filename: str) -> Detection | None:
    keys = _lower_keys(data)
    legacy = SPEC_TYPES
    if filename.endswith(".runconfig") or (len(keys & _RUNCONFIG_KEYS) >= 3 and "framework" in keys):
        return Detection(legacy["azureml/v1/runconfig"], "run configuration keys (script, target, framework, ...)")
    if len(keys & _WORKBENCH_KEYS) >= 3:
        return Detection(legacy["azureml/v1/runconfig"], "Workbench-era run configuration keys")
    pipeline = data.get("pipeline")
    if isinstance(pipeline, dict) and "steps" in pipeline:
        return Detection(legacy["azureml/v1/pipeline"], "pipeline: with steps:")
    if {"sampling", "policy"} & keys and ("primarymetricname" in keys or "primarymetricgoal" in keys or "maxtotalruns" in keys):
        return Detection(legacy["azureml/v1/hyperdrive"], "HyperDrive keys (sampling, policy, primaryMetricName)")
    if "computetype" in keys or "containerresourcerequirements" in keys or "autoscaler" in keys:
        return Detection(legacy["azureml/v1/deployment-config"], "deployment configuration keys (computeType, ...)")
    if "entryscript" in keys and ({"runtime", "condafile", "environment", "sourcedirectory", "baseimage"} & keys):
        return Detection(legacy["azureml/v1/inference-config"], "inference configuration keys (entryScript, ...)")
    if {"python", "docker"} <= keys and "name" in keys:
        return Detection(legacy["azureml/v1/environment"], "v1 environment definition (python:, docker:)")
    if "datasettype" in keys or ("dataset" in keys and "datastore" in keys and "path" not in keys):
        return Detection(legacy["azureml/v1/dataset"], "v1 dataset definition")
    return None


_DATA_TYPES = {"uri_file", "uri_folder", "mltable"}
_DATASTORE_TYPES = {
    "azure_blob": "azure-blob-datastore",
    "azure_file": "azure-file-datastore",
    "azure_data_lake_gen1": "azure-data-lake-gen1-datastore",
    "azure_data_lake_gen2": "azure-data-lake-gen2-datastore",
    "one_lake": "onelake-datastore",
}
_COMPUTE_TYPES = {
    "amlcompute": "aml-compute",
    "computeinstance": "compute-instance",
    "kubernetes": "kubernetes-compute",
    "virtualmachine": "virtual-machine-compute",
    "synapsespark": "synapse-spark-compute",
}
_CONNECTION_KEYS = {"target", "url", "api_key", "api_base", "azure_endpoint", "endpoint"}
_WORKSPACE_KEYS = {"hub_id", "storage_account", "key_vault", "application_insights", "container_registry", "managed_network"}
_MODEL_TYPES = {"custom_model", "mlflow_model", "triton_model"}


def _detect_azure_v2(data: dict[str, Any], filename: str) -> Detection | None:
    """Files without a `$schema` line: recognise them by the keys the `az ml` commands require."""
    kind = data.get("type")
    kind = kind.lower() if isinstance(kind, str) else None
    keys = set(data)
    folded = kind.replace("_", "") if kind else None  # `AzureDataLakeGen1` is still meant as a datastore
    datastore = next((v for k, v in _DATASTORE_TYPES.items() if k.replace("_", "") == folded), None)
    if datastore and not {"url", "target", "api_key"} & keys:
        return _v2(datastore, f"type: {kind}")
    if _CONNECTION_KEYS & keys and kind is not None and "path" not in keys and "command" not in keys:
        return _v2("connection", f"type: {kind} with a connection target")
    if folded in _COMPUTE_TYPES:
        return _v2(_COMPUTE_TYPES[folded], f"type: {kind}")
    if "replication_locations" in keys:
        return _v2("registry", "replication_locations:")
    workspace_kind = data.get("kind")
    if (workspace_kind in ("hub", "project", "default") and "version" not in keys) or (_WORKSPACE_KEYS & keys and "type" not in keys):
        return _v2("workspace", "workspace keys (kind: hub/project, storage_account, key_vault, ...)")
    if "trial" in keys and "search_space" in keys:
        return _v2("sweep-job", "trial: and search_space:")
    if kind in _JOB_TYPES or (kind is None and "command" in keys and "environment" in keys):
        component_like = "is_deterministic" in keys or ("version" in keys and "experiment_name" not in keys and "compute" not in keys)
        if component_like and (kind or "command") in _COMPONENT_TYPES:
            return _v2(_COMPONENT_TYPES[kind or "command"], f"type: {kind or 'command'} with component keys")
        if kind == "pipeline" or (kind is None and "jobs" in keys):
            return _v2("pipeline-job", "type: pipeline")
        return _v2(_JOB_TYPES[kind or "command"], f"type: {kind or 'command'}")
    if kind == "pipeline" or (kind is None and isinstance(data.get("jobs"), dict) and "settings" in keys):
        return _v2("pipeline-job", "jobs: with settings:")
    if kind in _DATA_TYPES and "path" in keys:
        return _v2("data", f"type: {kind} with path:")
    if kind in _MODEL_TYPES or (kind is None and "path" in keys and "name" in keys and "flavors" in keys):
        return _v2("model", f"type: {kind or 'model'}")
    if "endpoint_name" in keys or ("model" in keys and ("instance_type" in keys or "code_configuration" in keys)):
        return _v2("managed-online-deployment", "deployment keys (endpoint_name, instance_type, model)")
    if "auth_mode" in keys or "traffic" in keys:
        return _v2("managed-online-endpoint", "endpoint keys (auth_mode, traffic)")
    if "name" in keys and ("image" in keys or "build" in keys) and ("conda_file" in keys or "os_type" in keys or "version" in keys):
        return _v2("environment", "environment keys (image or build, conda_file)")
    if "trigger" in keys and ("create_job" in keys or "import_data" in keys or "create_monitor" in keys):
        return _v2("schedule", "trigger: with create_job:")
    return None
