"""Old formats: recognised (by their keys, or Polyaxon v0's `version: 1` with one of its kinds), never validated,
converted to the current type they migrate to."""

from __future__ import annotations

from speclift.spectypes.record import Rule, SpecType

_AZ = "azureml/v2/"

_POLYAXON_V0 = SpecType(
    "polyaxon/v0/polyaxonfile",
    "Polyaxon v0 polyaxonfile",
    legacy=True,
    migrates_to="polyaxon/v1/component",
    kinds=("experiment", "group", "job", "build", "notebook", "tensorboard", "pipeline", "plugin"),
    rules=(
        Rule(
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
    ),
)

_RUNCONFIG = SpecType(
    "azureml/v1/runconfig",
    "Azure ML v1 run configuration",
    legacy=True,
    migrates_to=_AZ + "command-job",
    rules=(
        Rule(
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
        # The Workbench era kept the compute target of a run configuration in a file of its own (`x.compute`).
        Rule(
            {"base_docker_image": 3, "native_shared_directory": 1, "shared_volumes": 1},
            types=("localdocker", "remotedocker", "docker"),
            untyped=False,
            requires=("base_docker_image",),
            words=(".compute",),
            what="Workbench-era compute target of a run configuration",
        ),
    ),
)

_AZUREML_V1 = (
    _RUNCONFIG,
    SpecType(
        "azureml/v1/pipeline",
        "Azure ML v1 pipeline YAML",
        legacy=True,
        migrates_to=_AZ + "pipeline-job",
        rules=(
            Rule(
                {
                    "pipeline.steps": 4,
                    "pipeline.name": 1,
                    "pipeline.parameters": 1,
                    "pipeline.data_references": 1,
                    "pipeline.default_compute": 1,
                },
                requires=("pipeline.steps",),
            ),
        ),
    ),
    SpecType(
        "azureml/v1/schedule",
        "Azure ML v1 pipeline schedule YAML",
        legacy=True,
        migrates_to=_AZ + "schedule",
        rules=(
            Rule(
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
        ),
    ),
    SpecType(
        "azureml/v1/hyperdrive",
        "Azure ML v1 HyperDrive configuration",
        legacy=True,
        migrates_to=_AZ + "sweep-job",
        rules=(
            Rule(
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
        ),
    ),
    SpecType(
        "azureml/v1/deployment-config",
        "Azure ML v1 ACI/AKS deployment configuration",
        legacy=True,
        migrates_to=_AZ + "managed-online-deployment",
        rules=(
            Rule(
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
        ),
    ),
    SpecType(
        "azureml/v1/inference-config",
        "Azure ML v1 inference configuration",
        legacy=True,
        migrates_to=_AZ + "managed-online-deployment",
        rules=(
            Rule(
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
        ),
    ),
    SpecType(
        "azureml/v1/environment",
        "Azure ML v1 environment definition",
        legacy=True,
        migrates_to=_AZ + "environment",
        rules=(
            Rule(
                {"python": 2, "docker": 2, "name": 1, "spark": 1, "r": 1, "databricks": 1, "inferencing_stack_version": 2},
                requires=("python", "docker"),
            ),
        ),
    ),
    SpecType(
        "azureml/v1/dataset",
        "Azure ML v1 dataset definition",
        legacy=True,
        migrates_to=_AZ + "data",
        rules=(
            Rule(
                {"dataset_type": 4, "dataset": 2, "datastore": 2, "path": -4},
                any_of=("dataset_type", "dataset"),
            ),
        ),
    ),
)

RECORDS = (_POLYAXON_V0, *_AZUREML_V1)
