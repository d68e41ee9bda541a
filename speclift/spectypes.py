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
    node_only: str | None = None  # set when the platform accepts this kind only inside another spec: says where

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


_NODE_ONLY = {
    # `az ml job create` answers "Unsupported job type: parallel": parallel jobs exist only as pipeline nodes.
    "parallel-job": "a parallel job runs only as a node under `jobs:` of a pipeline job (or as a parallel component)",
}
for _name, _title in _CURRENT:
    _register(SpecType(_AZ + _name, _title, node_only=_NODE_ONLY.get(_name)))
_register(SpecType("polyaxon/v1/component", "Polyaxon v1 component"))
_register(SpecType("polyaxon/v1/operation", "Polyaxon v1 operation"))
for _id, _title, _target in [
    ("polyaxon/v0/polyaxonfile", "Polyaxon v0 polyaxonfile", "polyaxon/v1/component"),
    ("azureml/v1/runconfig", "Azure ML v1 run configuration", _AZ + "command-job"),
    ("azureml/v1/pipeline", "Azure ML v1 pipeline YAML", _AZ + "pipeline-job"),
    ("azureml/v1/schedule", "Azure ML v1 pipeline schedule YAML", _AZ + "schedule"),
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
    for detector in (_detect_polyaxon, _detect_by_score):
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
    """Polyaxon names its kind and version outright; files without them go to the scoring below."""
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
    return None


# ---------------------------------------------------------------------------------------------------------------
# Scoring. A document is reduced to a set of features: its top-level keys, the keys one level down under the
# parents the tables mention (`resources.requests`), a few `key=value` pairs (`auth_mode=aad_token`) and what its
# `inputs` look like (declared with `default`/`optional`, as components do, or bound to values and paths, as jobs
# do). Keys are folded (lower case, no underscores), so `primaryMetricName` and `primary_metric_name` are one key.
# Each rule names the `type:` values that select it and weighs the features that speak for (or against) it; the
# best score at or above _MIN_SCORE wins, a tie goes to the rule whose words appear in the file name, then to the
# rule listed first (the loader's default: a job before a component).


def _fold(name: str) -> str:
    return name.replace("_", "").lower()


@dataclass(frozen=True, slots=True)
class _Rule:
    spec: str  # a spec id, or the short name of a current Azure ML type
    signs: dict[str, int]  # feature -> weight; negative weights count against the rule
    types: tuple[str, ...] = ()  # `type:` values that name this spec (matched folded: `AzureDataLakeGen1`)
    untyped: bool = True  # the spec may leave `type:` out
    any_type: bool = False  # a `type:` value nobody knows does not rule it out (connections have many)
    requires: tuple[str, ...] = ()  # features that must all be present
    any_of: tuple[str, ...] = ()  # at least one must be present
    words: tuple[str, ...] = ()  # file-name words that break a tie in its favour
    what: str = ""  # how the reason names it, when not by the spec's title


_TYPE_WEIGHT = 4  # a `type:` value that names the rule
_MIN_SCORE = 4

# Derived features and how reasons spell them.
_DECLARED = "inputs:declared"
_BOUND = "inputs:bound"
_DERIVED = {_DECLARED: "inputs declared with type/default/optional", _BOUND: "inputs bound to values or paths"}
_VALUE_KEYS = ("auth_mode", "kind", "version")  # keys whose value is a feature too (`kind=hub`)
_INPUT_DECLARATION_KEYS = frozenset({"default", "optional", "min", "max", "enum", "description"})

# What the SDK's schemas give every job, every component, every deployment (azure/ai/ml/_schema/...).
_JOB = {
    "experiment_name": 4,
    "compute": 2,
    _BOUND: 3,
    "services": 3,
    "identity": 1,
    "environment_variables": 2,
    "queue_settings": 2,
    "notification_setting": 2,
    "status": 1,
    "properties": 1,
}
_COMPONENT = {"is_deterministic": 5, _DECLARED: 3, "version": 2, "additional_includes": 3}
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
_CONNECTION = {
    "target": 4,
    "url": 4,
    "api_key": 3,
    "api_base": 2,
    "azure_endpoint": 3,
    "endpoint": 1,
    "credentials": 1,
    "api_version": 2,
    "metadata": 1,
}
_NOT_CONNECTION = {"url": -4, "target": -4, "api_key": -4, "azure_endpoint": -4}  # what a datastore never has
_CONNECTION_TYPES = (
    "git",
    "container_registry",
    "python_feed",
    "s3",
    "snowflake",
    "azure_sql_db",
    "azure_synapse_analytics",
    "azure_my_sql_db",
    "azure_postgres_db",
    "custom",
    "custom_keys",
    "azure_data_lake_gen2",
    "azure_blob",
    "azure_one_lake",
    "azure_open_ai",
    "azure_ai_services",
    "azure_ai_search",
    "azure_content_safety",
    "azure_speech_services",
    "api_key",
    "open_ai",
    "serp",
    "serverless",
    "cognitive_search",
    "cognitive_service",
)


def _merge(*tables: dict[str, int], **signs: int) -> dict[str, int]:
    merged: dict[str, int] = {}
    for table in (*tables, signs):
        for feature, weight in table.items():
            merged[feature] = merged.get(feature, 0) + weight
    return merged


_RULES: tuple[_Rule, ...] = (
    # Jobs and components share `type:` values: jobs carry experiment_name/compute/bound inputs, components
    # is_deterministic/version/declared inputs. Jobs come first: without either, `az ml job create` is the default.
    _Rule(
        "command-job",
        _merge(_JOB, command=3, environment=1, code=1, limits=1, distribution=1, resources=1),
        types=("command",),
        requires=("command",),
        words=("job",),
    ),
    _Rule(
        "command-component",
        _merge(_COMPONENT, command=3, environment=1, code=1, distribution=1, resources=1),
        types=("command",),
        requires=("command",),
        words=("component",),
    ),
    _Rule(
        "sweep-job",
        _merge(_JOB, trial=3, search_space=3, objective=2, sampling_algorithm=3, early_termination=2),
        types=("sweep",),
        any_of=("trial", "search_space"),
        words=("sweep",),
    ),
    _Rule(
        "pipeline-job",
        _merge(_JOB, jobs=1, settings=1, **{"settings.default_compute": 3, "settings.default_datastore": 2}),
        types=("pipeline",),
        any_of=("jobs", "component"),
        words=("job",),
    ),
    _Rule(
        "pipeline-component",
        _merge(_COMPONENT, jobs=1),
        types=("pipeline",),
        untyped=False,
        requires=("jobs",),
        words=("component",),
    ),
    _Rule(
        "automl-job",
        _merge(_JOB, task=2, primary_metric=2, training_data=2, target_column_name=2),
        types=("automl",),
        untyped=False,
    ),
    _Rule("spark-job", _merge(_JOB, entry=1, conf=1), types=("spark",), untyped=False, words=("job",)),
    _Rule("spark-component", _merge(_COMPONENT, entry=1, conf=1), types=("spark",), untyped=False, words=("component",)),
    _Rule("parallel-job", _merge(_JOB, task=1), types=("parallel",), untyped=False, words=("job",)),
    _Rule("parallel-component", _merge(_COMPONENT, task=1), types=("parallel",), untyped=False, words=("component",)),
    _Rule("data-transfer-component", _merge(_COMPONENT, task=2, data_copy_mode=2), types=("data_transfer",), untyped=False),
    # Assets.
    _Rule(
        "environment",
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
    _Rule(
        "model",
        {"path": 3, "name": 1, "flavors": 3, "stage": 2, "job_name": 2, "version": 1},
        types=("custom_model", "mlflow_model", "triton_model"),
        requires=("path",),
        words=("model",),
    ),
    _Rule(
        "data",
        _merge({"path": 3, "name": 1, "source": -5}),
        types=("uri_file", "uri_folder", "mltable"),
        requires=("path",),
        words=("data",),
    ),
    _Rule(
        "data-import",
        {"source": 5, "source.connection": 2, "source.query": 2, "source.path": 1, "path": 1},
        types=("uri_folder", "mltable"),
        requires=("source",),
        words=("import",),
    ),
    _Rule(
        "model-package",
        {"target_environment": 5, "inferencing_server": 5, "base_environment_source": 3, "model_configuration": 3},
        words=("package",),
    ),
    # Endpoints and deployments.
    _Rule("managed-online-deployment", _merge(_DEPLOYMENT, _ONLINE), types=("managed",), words=("online", "deploy")),
    _Rule(
        "kubernetes-online-deployment",
        _merge(_DEPLOYMENT, _ONLINE, **{"resources.requests": 3, "resources.limits": 2}),
        types=("kubernetes",),
        untyped=False,
        words=("deploy",),
    ),
    _Rule("batch-deployment", _merge(_DEPLOYMENT, _BATCH), words=("batch",)),
    _Rule(
        "model-batch-deployment",
        _merge(_DEPLOYMENT, _BATCH, settings=2),
        types=("model",),
        untyped=False,
        words=("batch", "deploy"),
    ),
    _Rule(
        "pipeline-component-batch-deployment",
        {"endpoint_name": 5, "job_definition": 4, "component": 2, "settings": 1},
        types=("pipeline",),
        untyped=False,
        requires=("endpoint_name",),
        words=("deploy",),
    ),
    _Rule(
        "managed-online-endpoint",
        _merge(_ENDPOINT, traffic=4, mirror_traffic=4, **{"auth_mode=key": 2, "auth_mode=aml_token": 2}),
        requires=("name",),
        words=("online", "endpoint"),
    ),
    _Rule(
        "kubernetes-online-endpoint",
        _merge(_ENDPOINT, compute=4, traffic=2, mirror_traffic=2),
        requires=("name", "compute"),
        any_of=("auth_mode", "traffic"),
        words=("k8s", "kubernetes"),
    ),
    _Rule(
        "batch-endpoint",
        _merge(
            _ENDPOINT,
            defaults=2,
            traffic=-5,
            mirror_traffic=-5,
            **{"defaults.deployment_name": 4, "auth_mode=aad_token": 3, "auth_mode=key": -5, "auth_mode=aml_token": -5},
        ),
        requires=("name",),
        words=("batch",),
    ),
    _Rule("schedule", {"trigger": 3, "create_job": 4, "import_data": 4, "create_monitor": 4}, requires=("trigger",)),
    # Workspace resources.
    _Rule(
        "workspace",
        {
            "name": 1,
            "location": 3,
            "display_name": 1,
            "hbi_workspace": 4,
            "storage_account": 3,
            "key_vault": 3,
            "application_insights": 3,
            "container_registry": 2,
            "customer_managed_key": 3,
            "managed_network": 3,
            "hub_id": 4,
            "workspace_hub": 4,
            "kind=hub": 4,
            "kind=project": 4,
            "kind=default": 2,
            "primary_user_assigned_identity": 3,
            "image_build_compute": 3,
            "enable_data_isolation": 3,
            "system_datastores_auth_mode": 3,
            "serverless_compute": 3,
            "provision_network_now": 3,
            "allow_roleassignment_on_rg": 3,
            "default_resource_group": 3,
            "public_network_access": 1,
            "replication_locations": -5,
            "version": -3,
        },
        requires=("name",),
        words=("workspace",),
    ),
    _Rule(
        "registry",
        {"replication_locations": 5, "intellectual_property": 3, "location": 1},
        requires=("replication_locations",),
        words=("registry",),
    ),
    _Rule("connection", _CONNECTION, types=_CONNECTION_TYPES, untyped=False, any_type=True, words=("connection",)),
    _Rule(
        "aml-compute",
        {"size": 1, "min_instances": 2, "max_instances": 2, "idle_time_before_scale_down": 2, "tier": 2},
        types=("amlcompute",),
        untyped=False,
    ),
    _Rule("compute-instance", {"size": 1, "schedules": 1, "create_on_behalf_of": 2}, types=("computeinstance",), untyped=False),
    _Rule(
        "kubernetes-compute",
        {"namespace": 3, "resource_id": 3, "properties": 1, "identity": 1},
        types=("kubernetes",),
        untyped=False,
        words=("compute",),
    ),
    _Rule("virtual-machine-compute", {"resource_id": 2, "ssh_settings": 2}, types=("virtualmachine",), untyped=False),
    _Rule("synapse-spark-compute", {"resource_id": 2, "scale_settings": 1}, types=("synapsespark",), untyped=False),
    _Rule(
        "azure-blob-datastore",
        _merge(_NOT_CONNECTION, account_name=1, container_name=1, protocol=1),
        types=("azure_blob",),
        untyped=False,
    ),
    _Rule(
        "azure-file-datastore", _merge(_NOT_CONNECTION, account_name=1, file_share_name=2), types=("azure_file",), untyped=False
    ),
    _Rule(
        "azure-data-lake-gen1-datastore", _merge(_NOT_CONNECTION, store_name=2), types=("azure_data_lake_gen1",), untyped=False
    ),
    _Rule(
        "azure-data-lake-gen2-datastore",
        _merge(_NOT_CONNECTION, account_name=1, filesystem=2),
        types=("azure_data_lake_gen2",),
        untyped=False,
    ),
    _Rule(
        "onelake-datastore", _merge(_NOT_CONNECTION, artifact=2, one_lake_workspace_name=2), types=("one_lake",), untyped=False
    ),
    # Old formats.
    _Rule(
        "polyaxon/v0/polyaxonfile",
        {
            "version=1": 1,
            "project": 2,
            "run.cmd": 3,
            "declarations": 3,
            "hptuning": 3,
            "settings.matrix": 3,
            "build.image": 2,
            "build.build_steps": 2,
            "environment.resources": 2,
            "environment.tensorflow": 3,
            "environment.node_selector": 2,
            "framework": 2,
            "command": -4,
        },
        any_of=("run", "build", "hptuning", "declarations", "settings", "environment"),
        what="early polyaxonfile",
    ),
    _Rule(
        "azureml/v1/runconfig",
        {
            "script": 2,
            "arguments": 1,
            "target": 1,
            "framework": 3,
            "communicator": 3,
            "node_count": 2,
            "history": 2,
            "mpi": 2,
            "data_references": 2,
            "source_directory_data_store": 3,
            "amlcompute": 2,
            "auto_prepare_environment": 3,
            "max_run_duration_seconds": 2,
            "hdi": 2,
            "spark": 1,
            "tensorflow": 1,
            "argument_vector": 3,
            "environment_variables": 1,
            "conda_dependencies_file": 3,
            "spark_dependencies_file": 3,
            "prepare_environment": 2,
            "tracked_run": 3,
        },
        any_of=("framework", "communicator", "argument_vector", "conda_dependencies_file"),
        words=(".runconfig",),
    ),
    _Rule(
        "azureml/v1/runconfig",
        {"base_docker_image": 3, "native_shared_directory": 1, "shared_volumes": 1},
        types=("localdocker", "remotedocker", "docker"),
        untyped=False,
        requires=("base_docker_image",),
        words=(".compute",),
        what="Workbench-era compute target of a run configuration",
    ),
    _Rule(
        "azureml/v1/pipeline",
        {
            "pipeline.steps": 4,
            "pipeline.name": 1,
            "pipeline.parameters": 1,
            "pipeline.data_references": 1,
            "pipeline.default_compute": 1,
        },
        requires=("pipeline.steps",),
    ),
    _Rule(
        "azureml/v1/schedule",
        {
            "schedule.recurrence": 4,
            "schedule.datastore_name": 4,
            "schedule.pipeline_parameters": 1,
            "schedule.polling_interval": 1,
            "schedule.wait_for_provisioning": 1,
            "schedule.continue_on_step_failure": 1,
        },
        any_of=("schedule.recurrence", "schedule.datastore_name"),
        words=("schedule",),
    ),
    _Rule(
        "azureml/v1/hyperdrive",
        {
            "sampling": 2,
            "policy": 2,
            "primary_metric_name": 3,
            "primary_metric_goal": 3,
            "max_total_runs": 2,
            "max_concurrent_runs": 1,
            "max_duration_minutes": 1,
        },
        any_of=("primary_metric_name", "primary_metric_goal", "max_total_runs"),
    ),
    _Rule(
        "azureml/v1/deployment-config",
        {
            "compute_type": 4,
            "container_resource_requirements": 4,
            "autoscaler": 3,
            "auth_enabled": 1,
            "ssl_enabled": 1,
            "app_insights_enabled": 1,
        },
        any_of=("compute_type", "container_resource_requirements", "autoscaler"),
    ),
    _Rule(
        "azureml/v1/inference-config",
        {
            "entry_script": 4,
            "runtime": 1,
            "conda_file": 1,
            "source_directory": 1,
            "base_image": 1,
            "extra_docker_file_steps": 2,
            "enable_gpu": 1,
            "schema_file": 1,
            "base_image_registry": 1,
        },
        requires=("entry_script",),
    ),
    _Rule(
        "azureml/v1/environment",
        {"python": 2, "docker": 2, "name": 1, "spark": 1, "r": 1, "databricks": 1, "inferencing_stack_version": 2},
        requires=("python", "docker"),
    ),
    _Rule(
        "azureml/v1/dataset", {"dataset_type": 4, "dataset": 2, "datastore": 2, "path": -4}, any_of=("dataset_type", "dataset")
    ),
)


def _fold_feature(feature: str) -> str:
    """`auth_mode=aad_token` -> `authmode=aad_token`, `resources.requests` -> `resources.requests`."""
    key, sep, value = feature.partition("=")
    return ".".join(_fold(part) for part in key.split(".")) + sep + value.lower()


def _build_index() -> tuple[dict[str, tuple[tuple[int, int], ...]], dict[str, tuple[int, ...]], tuple[int, ...], tuple[int, ...]]:
    index: dict[str, list[tuple[int, int]]] = {}
    by_type: dict[str, list[int]] = {}
    for number, rule in enumerate(_RULES):
        for feature, weight in rule.signs.items():
            index.setdefault(_fold_feature(feature), []).append((number, weight))
        for kind in rule.types:
            by_type.setdefault(_fold(kind), []).append(number)
    untyped = tuple(n for n, rule in enumerate(_RULES) if rule.untyped)
    any_type = tuple(n for n, rule in enumerate(_RULES) if rule.any_type)
    return ({k: tuple(v) for k, v in index.items()}, {k: tuple(v) for k, v in by_type.items()}, untyped, any_type)


_INDEX, _BY_TYPE, _UNTYPED, _ANY_TYPE = _build_index()
_SIGNS = tuple({_fold_feature(f): w for f, w in rule.signs.items()} for rule in _RULES)
_REQUIRES = tuple(tuple(_fold_feature(f) for f in rule.requires) for rule in _RULES)
_ANY_OF = tuple(tuple(_fold_feature(f) for f in rule.any_of) for rule in _RULES)
# Parents whose keys become features (`resources` for `resources.requests`): only those the tables name.
_NESTED = frozenset(f.split(".", 1)[0] for f in _INDEX if "." in f and "=" not in f)
_VALUED = frozenset(_fold(k) for k in _VALUE_KEYS)

_FOLDED: dict[str, str] = {}  # key -> folded key; the same keys come back file after file


def _folded(name: str) -> str:
    folded = _FOLDED.get(name)
    if folded is None:
        if len(_FOLDED) > 4096:  # a bound, so that odd input cannot grow it
            _FOLDED.clear()
        folded = _FOLDED[name] = _fold(name)
    return folded


def _features(data: dict[str, Any]) -> dict[str, str]:
    """Folded feature -> how it was written. One pass over the top level, one level down where asked."""
    features: dict[str, str] = {}
    for key, value in data.items():
        name = key if isinstance(key, str) else str(key)  # `on:` loads as True
        folded = _folded(name)
        features[folded] = name
        if folded in _NESTED and isinstance(value, dict):
            for sub in value:
                features[folded + "." + _folded(str(sub))] = f"{name}.{sub}"
        elif folded in _VALUED and isinstance(value, (str, int, float)) and not isinstance(value, bool):
            features[f"{folded}={str(value).lower()}"] = f"{name}: {value}"
    inputs = data.get("inputs")
    if isinstance(inputs, dict):
        for value in inputs.values():
            if isinstance(value, dict):
                if "path" in value or "value" in value:
                    features[_BOUND] = _DERIVED[_BOUND]
                elif "type" in value or _INPUT_DECLARATION_KEYS & value.keys():
                    features[_DECLARED] = _DERIVED[_DECLARED]
            elif value is not None:
                features[_BOUND] = _DERIVED[_BOUND]
    return features


def _detect_by_score(data: dict[str, Any], filename: str) -> Detection | None:
    """Files without a `$schema` line: weigh the keys each candidate spec type is known by."""
    kind = data.get("type")
    typed = _BY_TYPE.get(_fold(kind), ()) if isinstance(kind, str) else ()
    candidates = _UNTYPED if kind is None else typed + _ANY_TYPE
    if not candidates:
        return None
    features = _features(data)
    scores = dict.fromkeys(candidates, 0)
    for number in typed:
        scores[number] = _TYPE_WEIGHT
    for feature in features:
        for number, weight in _INDEX.get(feature, ()):
            if number in scores:
                scores[number] += weight
    best: list[int] = []
    top = _MIN_SCORE
    for number, score in scores.items():
        if score < top or not all(f in features for f in _REQUIRES[number]):
            continue
        if _ANY_OF[number] and not any(f in features for f in _ANY_OF[number]):
            continue
        if score > top:
            best, top = [number], score
        else:
            best.append(number)
    if not best:
        return None
    winner = min(best)  # the rule listed first, unless the file name speaks for another
    tie = ""
    if len(best) > 1:
        lowered = filename.lower()
        named = [n for n in best if any(word in lowered for word in _RULES[n].words)]
        if named:
            winner, tie = min(named), f"; file name {filename!r} breaks the tie"
    return _scored(winner, features, kind if winner in typed else None, top, best, tie)


def _scored(number: int, features: dict[str, str], kind: str | None, score: int, tied: list[int], tie: str) -> Detection:
    """The detection with its reason: the `type:` and the keys that counted for the winner."""
    rule = _RULES[number]
    spec = SPEC_TYPES.get(rule.spec) or SPEC_TYPES[_AZ + rule.spec]
    signs = _SIGNS[number]
    decided = [shown for feature, shown in features.items() if signs.get(feature, 0) > 0]
    if kind is not None:
        decided.insert(0, f"type: {kind}")
    others = [_RULES[n].spec for n in tied if n != number]
    also = f"; as likely: {', '.join(others)}" if others and not tie else ""
    what = rule.what or spec.title
    return Detection(spec, f"{what} by its keys ({', '.join(decided)}; score {score}){tie}{also}")
