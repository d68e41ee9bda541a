"""Old formats: recognised (by their keys, or Polyaxon v0's `version: 1` with one of its kinds), never validated,
converted to the current type they migrate to."""

from __future__ import annotations

from speclift.spectypes.record import AZUREML_V2, Rule, SpecType, weights

_POLYAXON_V0_SIGNS = weights(
    {
        3: ("run.cmd", "declarations", "hptuning", "settings.matrix", "environment.tensorflow"),
        2: ("project", "build.image", "build.build_steps", "environment.resources", "environment.node_selector", "framework"),
        1: ("version=1",),
        -4: ("command",),  # a v0 polyaxonfile has none at the top level
    }
)

_POLYAXON_V0 = SpecType(
    "polyaxon/v0/polyaxonfile",
    "Polyaxon v0 polyaxonfile",
    legacy=True,
    migrates_to="polyaxon/v1/component",
    kinds=("experiment", "group", "job", "build", "notebook", "tensorboard", "pipeline", "plugin"),
    rules=(
        Rule(
            _POLYAXON_V0_SIGNS,
            any_of=("run", "build", "hptuning", "declarations", "settings", "environment"),
            what="early polyaxonfile",
        ),
    ),
)


def _azureml_v1(name: str, title: str, migrates_to: str, *rules: Rule) -> SpecType:
    """The Azure ML v1 format ``azureml/v1/<name>``, lifted to the v2 type ``azureml/v2/<migrates_to>``."""
    return SpecType(f"azureml/v1/{name}", title, legacy=True, migrates_to=AZUREML_V2 + migrates_to, rules=rules)


_RUNCONFIG_SIGNS = weights(
    {
        3: (
            "framework",
            "communicator",
            "source_directory_data_store",
            "auto_prepare_environment",
            "argument_vector",
            "conda_dependencies_file",
            "spark_dependencies_file",
            "tracked_run",
        ),
        2: (
            "script",
            "node_count",
            "history",
            "mpi",
            "data_references",
            "amlcompute",
            "max_run_duration_seconds",
            "hdi",
            "prepare_environment",
        ),
        1: ("arguments", "target", "spark", "tensorflow", "environment_variables"),
    }
)
# Every top-level field azureml-core 1.61's ``RunConfiguration`` reads (``_field_to_info_dict``, ``_target`` saved as
# ``target``), folded, plus the Workbench-era spellings. ``RunConfiguration.load(path, name)`` reads
# ``<path>/.azureml/<name>.runconfig`` (or ``aml_config/``) whatever keys it holds, so a ``.runconfig`` file with any
# of these is a run configuration even when none of the telltale keys above is there (``script: train.py`` alone).
RUNCONFIG_FIELDS = frozenset(
    key.replace("_", "").lower()
    for key in (
        *("script", "arguments", "target", "framework", "communicator", "max_run_duration_seconds", "node_count"),
        *("priority", "environment", "history", "spark", "docker", "hdi", "tensorflow", "mpi", "pytorch"),
        *("paralleltask", "data_references", "data", "datacaches", "output_data", "source_directory_data_store"),
        *("amlcompute", "auto_cluster_compute_specification", "kubernetescompute", "credential_passthrough"),
        *("command", "environment_variables", "services", "instance_types", "argument_vector"),
        *("conda_dependencies_file", "spark_dependencies_file", "tracked_run", "use_sampling", "prepare_environment"),
    )
)
RUNCONFIG_SUFFIX = ".runconfig"

_RUNCONFIG = _azureml_v1(
    "runconfig",
    "Azure ML v1 run configuration",
    "command-job",
    Rule(
        _RUNCONFIG_SIGNS,
        any_of=("framework", "communicator", "argument_vector", "conda_dependencies_file"),
        words=(RUNCONFIG_SUFFIX,),
    ),
    # The Workbench era kept the compute target of a run configuration in a file of its own (`x.compute`).
    Rule(
        {"base_docker_image": 3, "native_shared_directory": 1, "shared_volumes": 1},
        types=("localdocker", "remotedocker", "docker"),
        untyped=False,
        requires=("base_docker_image",),
        words=(".compute",),
        what="Workbench-era compute target of a run configuration",
    ),
)

_PIPELINE = weights(
    {4: ("pipeline.steps",), 1: ("pipeline.name", "pipeline.parameters", "pipeline.data_references", "pipeline.default_compute")}
)
_SCHEDULE = weights(
    {
        4: ("schedule.recurrence", "schedule.datastore_name"),
        1: (
            "schedule.pipeline_parameters",
            "schedule.polling_interval",
            "schedule.wait_for_provisioning",
            "schedule.continue_on_step_failure",
        ),
    }
)
_HYPERDRIVE = weights(
    {
        3: ("primary_metric_name", "primary_metric_goal"),
        2: ("sampling", "policy", "max_total_runs"),
        1: ("max_concurrent_runs", "max_duration_minutes"),
    }
)
_DEPLOYMENT_CONFIG = weights(
    {
        4: ("compute_type", "container_resource_requirements"),
        3: ("autoscaler",),
        1: ("auth_enabled", "ssl_enabled", "app_insights_enabled"),
    }
)
_INFERENCE_CONFIG = weights(
    {
        4: ("entry_script",),
        2: ("extra_docker_file_steps",),
        1: ("runtime", "conda_file", "source_directory", "base_image", "enable_gpu", "schema_file", "base_image_registry"),
    }
)
_ENVIRONMENT = {"python": 2, "docker": 2, "name": 1, "spark": 1, "r": 1, "databricks": 1, "inferencing_stack_version": 2}

_AZUREML_V1 = (
    _RUNCONFIG,
    _azureml_v1("pipeline", "Azure ML v1 pipeline YAML", "pipeline-job", Rule(_PIPELINE, requires=("pipeline.steps",))),
    _azureml_v1(
        "schedule",
        "Azure ML v1 pipeline schedule YAML",
        "schedule",
        Rule(_SCHEDULE, any_of=("schedule.recurrence", "schedule.datastore_name"), words=("schedule",)),
    ),
    _azureml_v1(
        "hyperdrive",
        "Azure ML v1 HyperDrive configuration",
        "sweep-job",
        Rule(_HYPERDRIVE, any_of=("primary_metric_name", "primary_metric_goal", "max_total_runs")),
    ),
    _azureml_v1(
        "deployment-config",
        "Azure ML v1 ACI/AKS deployment configuration",
        "managed-online-deployment",
        Rule(_DEPLOYMENT_CONFIG, any_of=("compute_type", "container_resource_requirements", "autoscaler")),
    ),
    _azureml_v1(
        "inference-config",
        "Azure ML v1 inference configuration",
        "managed-online-deployment",
        Rule(_INFERENCE_CONFIG, requires=("entry_script",)),
    ),
    _azureml_v1(
        "environment",
        "Azure ML v1 environment definition",
        "environment",
        Rule(_ENVIRONMENT, requires=("python", "docker")),
    ),
    _azureml_v1(
        "dataset",
        "Azure ML v1 dataset definition",
        "data",
        Rule({"dataset_type": 4, "dataset": 2, "datastore": 2, "path": -4}, any_of=("dataset_type", "dataset")),
    ),
)

RECORDS = (_POLYAXON_V0, *_AZUREML_V1)
