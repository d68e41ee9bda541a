"""Effective values of Azure ML v1 files, read by the v1 SDK itself (azureml-core 1.61, azureml-pipeline-core 1.62).

Runs inside .venvs/azureml1 (requirements-azureml-v1.txt); it never imports speclift.

    python official_azureml_v1.py --list LIST     # one `path<TAB>kind` a line; "-" reads standard input

``kind`` is the speclift spec-type name of the file (``runconfig``, ``hyperdrive``, ``pipeline``,
``deployment-config``, ``inference-config``, ``environment``, ``schedule``); it only picks the reader, the way a user
picks the ``az ml`` command. Output: one JSON object per line, in input order:

    {"file": "...", "kind": "...", "ok": true|false, "reader": "RunConfiguration.load", "error": "", "notes": [...],
     "values": {...}}

``values`` is what the SDK object holds after loading, defaults included (the SDK's own serialisation where it has
one). Readers, each the one the v1 CLI or SDK used:

- run configurations: ``RunConfiguration.load(project_dir, name)`` as ``az ml run submit-script -c NAME`` called it,
  with the project folder the one holding ``.azureml/`` or ``aml_config/`` (else the file's folder);
- HyperDrive files: the v1 CLI's own reader, ``azureml._cli.run.run_commands`` (``_get_*_sampling``,
  ``_get_*_policy``, ``_get_parameter_space``, then ``HyperDriveConfig`` exactly as ``submit_hyperdrive`` builds it,
  stopping before ``experiment.submit``);
- pipelines (v1_pipeline_reader.py): ``_PipelineYamlParser.load_yaml``, the parser under ``Pipeline.load_yaml``,
  with no workspace: ``Datastore(workspace, name)`` and ``Dataset.get_by_name/get_by_id`` return named stand-ins
  instead of calling the service, and a step's run configuration missing from the tree is ``RunConfiguration()``
  (each stand-in listed in ``notes``); paths resolve against the pipeline file's folder (the CLI's working folder);
- deployment configurations: ``deploy_config_dict_to_obj`` (what ``az ml model deploy --dc`` runs), then the
  service-side defaults the SDK documents for the fields it leaves ``None`` (``SERVICE_DEFAULTS``, each with its
  docstring);
- inference configurations: the v1 CLI's ``file_to_inference_config`` lives in the azure-cli-ml extension, which is
  not on PyPI; it is reproduced from its documented keys (``INFERENCE_KEYS``) into ``InferenceConfig(...)``, then
  ``convert_parts_to_environment`` (azureml-core) gives the environment v1 built for the service;
- environments: ``Environment.load_from_directory`` (``az ml environment register -d``);
- schedules (v1_pipeline_reader.py): ``Schedule.load_yaml`` (``az ml pipeline create-schedule -y``);
- dataset definitions: ``_DatasetPersistenceV1`` (``az ml dataset register -f``), with stand-in datastores;
- a Workbench ``.compute`` file has no reader of its own (v1 read it through the run configuration naming it).

Offline: v1_sdk_common.py makes every socket connection and name lookup raise before the SDK is imported (an attempt
is written in ``notes``), and nothing here needs a workspace. Files the corpus does not hold are tolerated where the
SDK would open them: a missing conda file becomes the SDK's default conda environment marked missing
(``_LenientConda``), a missing scoring script is noted instead of failing ``InferenceConfig`` validation.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from typing import Any

from oracle import answer_list, short_error
from v1_pipeline_reader import read_pipeline, read_schedule
from v1_sdk_common import NETWORK_ATTEMPTS, RunConfiguration, _LenientConda, _plain, environment_values, ruamelyaml, sdk_dict

PROJECT_FOLDERS = (".azureml", "aml_config")


# --------------------------------------------------------------------------------------------------- run configurations


def project_of(path: str) -> tuple[str, str]:
    """(project folder, name) as `az ml run submit-script -c NAME` finds the file from the project folder."""
    folder, name = os.path.split(os.path.abspath(path))
    stem = name[: -len(".runconfig")] if name.endswith(".runconfig") else name
    if os.path.basename(folder) in PROJECT_FOLDERS:
        return os.path.dirname(folder), stem
    return folder, stem


def read_runconfig(path: str) -> tuple[dict[str, Any], list[str]]:
    project, name = project_of(path)
    notes = []
    if name.endswith((".json", ".yml", ".yaml")) or not path.endswith(".runconfig"):
        config = RunConfiguration.load(path)  # a file given by path: its folder is the base
        notes.append("loaded by file path (RunConfiguration.load(path))")
    else:
        config = RunConfiguration.load(project, name)
        notes.append(f"loaded as RunConfiguration.load({os.path.basename(project) or project!r}, {name!r})")
    values = sdk_dict(config)
    values["environment"] = environment_values(config.environment, project)
    # the serialisation always holds a top-level docker section (DockerConfiguration's defaults); whether the file set
    # docker.shmSize itself, which then wins over the environment's, only the file says
    with open(path) as stream:
        raw = ruamelyaml.safe_load(stream)
    docker = raw.get("docker") if isinstance(raw, dict) else None
    values["dockerShmSizeInFile"] = docker.get("shmSize") if isinstance(docker, dict) else None
    if (
        isinstance(values["environment"].get("condaDependencies"), dict)
        and "missing_file" in values["environment"]["condaDependencies"]
    ):
        notes.append(f"conda file missing from the tree: {values['environment']['condaDependencies']['missing_file']}")
    return values, notes


# --------------------------------------------------------------------------------------------------- HyperDrive


def read_hyperdrive(path: str) -> tuple[dict[str, Any], list[str]]:
    from azureml._cli.run import run_commands as cli
    from azureml.core import ScriptRunConfig
    from azureml.train.hyperdrive.runconfig import HyperDriveConfig, PrimaryMetricGoal

    with open(path) as stream:
        hyperdrive_dict = ruamelyaml.safe_load(stream)
    samplings = {"RANDOM": cli._get_random_sampling, "GRID": cli._get_grid_sampling, "BAYESIAN": cli._get_bayesian_sampling}
    policies = {
        "BANDITPOLICY": cli._get_bandit_policy,
        "MEDIANSTOPPINGPOLICY": cli._get_median_stopping_policy,
        "TRUNCATIONSELECTIONPOLICY": cli._get_truncation_selection_policy,
        "NOTERMINATIONPOLICY": cli._get_no_termination_policy,
    }
    sampling_type = hyperdrive_dict.get("sampling").get("type")
    if sampling_type is None:
        raise ValueError("Please provide hyperparameter sampling type in hyperdrive configuration file.")
    sampling = samplings[sampling_type.upper()](hyperdrive_dict)
    policy = policies[hyperdrive_dict.get("policy").get("type", "NOTERMINATIONPOLICY").upper()](hyperdrive_dict)
    # the trial's run configuration comes from `-c` on the command line, not from this file
    trial = ScriptRunConfig(source_directory=os.path.dirname(os.path.abspath(path)), run_config=RunConfiguration())
    config = HyperDriveConfig(
        hyperparameter_sampling=sampling,
        primary_metric_name=hyperdrive_dict.get("primary_metric_name"),
        primary_metric_goal=PrimaryMetricGoal.from_str(hyperdrive_dict.get("primary_metric_goal")),
        max_total_runs=hyperdrive_dict.get("max_total_runs"),
        max_concurrent_runs=hyperdrive_dict.get("max_concurrent_runs"),
        max_duration_minutes=hyperdrive_dict.get("max_duration_minutes"),
        policy=policy,
        run_config=trial,
    )
    values = {
        "generator_config": _plain(config._generator_config),
        "policy_config": _plain(config._policy_config),
        "primary_metric_config": _plain(config._primary_metric_config),
        "max_total_runs": config._max_total_runs,
        "max_concurrent_runs": config._max_concurrent_runs,
        "max_duration_minutes": config._max_duration_minutes,
    }
    return values, ["read with the v1 CLI's reader (azureml._cli.run.run_commands) into HyperDriveConfig"]


# --------------------------------------------------------------------------------------------------- deployments

# Defaults the service applies to fields the v1 SDK sends as None (the SDK's docstrings for
# AciWebservice.deploy_configuration / AksWebservice.deploy_configuration and LivenessProbeRequirements.deserialize).
SERVICE_DEFAULTS: dict[str, dict[str, Any]] = {
    "ACI": {"cpu_cores": 0.1, "memory_gb": 0.5, "auth_enabled": False, "enable_app_insights": False},
    "AKS": {
        "cpu_cores": 0.1,
        "memory_gb": 0.5,
        "auth_enabled": True,
        "token_auth_enabled": False,
        "enable_app_insights": False,
        "scoring_timeout_ms": 60000,
        "replica_max_concurrent_requests": 1,
        "max_request_wait_time": 500,
        "autoscale_min_replicas": 1,
        "autoscale_max_replicas": 10,
        "autoscale_refresh_seconds": 1,
        "autoscale_target_utilization": 70,
        "period_seconds": 10,
        "initial_delay_seconds": 310,
        "timeout_seconds": 2,
        "success_threshold": 1,
        "failure_threshold": 3,
    },
}


def read_deployment_config(path: str) -> tuple[dict[str, Any], list[str]]:
    from azureml._model_management._util import deploy_config_dict_to_obj

    with open(path) as stream:
        raw = ruamelyaml.safe_load(stream)  # the CLI reads JSON or YAML with the YAML loader
    config = deploy_config_dict_to_obj(raw, None, None, None)
    values = {k: _plain(v) for k, v in vars(config).items() if not k.startswith("_")}
    compute_type = str(raw.get("computeType", "")).upper()
    notes = ["read with deploy_config_dict_to_obj (az ml model deploy --dc)"]
    defaulted = []
    for key, default in SERVICE_DEFAULTS.get("AKS" if compute_type == "AKSENDPOINT" else compute_type, {}).items():
        if values.get(key) is None:
            values[key] = default
            defaulted.append(key)
    if compute_type in ("AKS", "AKSENDPOINT") and values.get("num_replicas") is None and values.get("autoscale_enabled") is None:
        values["autoscale_enabled"] = True  # "Defaults to True if num_replicas is None"
        defaulted.append("autoscale_enabled")
    if defaulted:
        notes.append("service defaults applied: " + ", ".join(defaulted))
    values["compute_type"] = compute_type
    return values, notes


# The keys file_to_inference_config (azure-cli-ml) reads, and the InferenceConfig argument each becomes.
INFERENCE_KEYS = {
    "entryScript": "entry_script",
    "runtime": "runtime",
    "condaFile": "conda_file",
    "extraDockerfileSteps": "extra_docker_file_steps",
    "sourceDirectory": "source_directory",
    "enableGpu": "enable_gpu",
    "description": "description",
    "baseImage": "base_image",
    "baseImageRegistry": "base_image_registry",
    "cudaVersion": "cuda_version",
}


@contextlib.contextmanager
def tolerant_of_missing_files(folder: str, notes: list[str]) -> Iterator[None]:
    """In ``folder`` (the CLI's working folder), with the scoring script or conda file an inference configuration
    names allowed to be missing from the tree (the corpus holds the configuration, not the project): their absence
    is noted instead of failing InferenceConfig's validation or the conda file's read."""
    from azureml.core.environment import Environment
    from azureml.core.model import InferenceConfig

    validate_configuration = InferenceConfig.validate_configuration
    from_conda = Environment.from_conda_specification

    def validate(self: Any) -> None:
        try:
            validate_configuration(self)
        except Exception as exc:  # WebserviceException
            if "exist" not in str(exc):
                raise
            notes.append("file missing from the tree: " + " ".join(str(exc).split())[:160])

    def lenient_from_conda(name: str, file_path: str) -> Any:
        if os.path.isfile(file_path):
            return from_conda(name, file_path)
        notes.append(f"conda file missing from the tree: {file_path}")
        env = Environment(name)
        env.python.conda_dependencies = _LenientConda(file_path)
        return env

    here = os.getcwd()
    os.chdir(folder)
    InferenceConfig.validate_configuration = validate  # type: ignore[method-assign]
    Environment.from_conda_specification = staticmethod(lenient_from_conda)  # type: ignore[method-assign]
    try:
        yield
    finally:
        InferenceConfig.validate_configuration = validate_configuration  # type: ignore[method-assign]
        Environment.from_conda_specification = from_conda  # type: ignore[method-assign]
        os.chdir(here)


def read_inference_config(path: str) -> tuple[dict[str, Any], list[str]]:
    from azureml._model_management._util import convert_parts_to_environment
    from azureml.core.container_registry import ContainerRegistry
    from azureml.core.environment import Environment
    from azureml.core.model import InferenceConfig

    folder = os.path.dirname(os.path.abspath(path))
    with open(path) as stream:
        raw = ruamelyaml.safe_load(stream)
    kwargs = {arg: raw[key] for key, arg in INFERENCE_KEYS.items() if raw.get(key) is not None}
    notes = ["read from the documented inference-config keys into InferenceConfig (file_to_inference_config is in azure-cli-ml)"]
    if isinstance(kwargs.get("base_image_registry"), dict):
        registry = ContainerRegistry()
        registry.address = kwargs["base_image_registry"].get("address")
        kwargs["base_image_registry"] = registry
    env = Environment._deserialize_and_add_to_object(raw["environment"]) if isinstance(raw.get("environment"), dict) else None
    if env is not None:
        kwargs["environment"] = env
    # `az ml model deploy --ic FILE` resolves the file's paths against the working folder
    with tolerant_of_missing_files(folder, notes):
        config = InferenceConfig(**kwargs)
        conda_file = env.python.conda_dependencies_file if env is not None else None
        if conda_file and env.python.conda_dependencies is None:
            # an inline environment names its conda file; v1 read it from the source directory
            env.python.conda_dependencies = _LenientConda(os.path.join(kwargs.get("source_directory") or ".", conda_file))
        effective, environment_route = convert_parts_to_environment("service", config)
        values = {
            "entry_script": config.entry_script,
            "source_directory": config.source_directory,
            "runtime": config.runtime,
            "conda_file": config.conda_file,
            "environment_route": environment_route,
            "environment": environment_values(effective.environment, folder) if effective.environment else None,
        }
    return values, notes


def read_environment(path: str) -> tuple[dict[str, Any], list[str]]:
    from azureml.core.environment import Environment

    folder = os.path.dirname(os.path.abspath(path))
    if os.path.basename(path) == "azureml_environment.json":
        env = Environment.load_from_directory(folder)
        notes = ["Environment.load_from_directory (az ml environment register -d)"]
    else:
        with open(path) as stream:
            env = Environment._deserialize_and_add_to_object(ruamelyaml.safe_load(stream))
        notes = ["Environment._deserialize_and_add_to_object (a file that is not azureml_environment.json)"]
    return environment_values(env, folder), notes


def read_dataset(path: str) -> tuple[dict[str, Any], list[str]]:
    """``az ml dataset register -f`` runs ``create_dataset_from_file``: its ``_DatasetPersistenceV1`` builds the dataset,
    then registers it. Here it builds it with no workspace: ``Datastore.get`` returns a stand-in blob datastore of that
    name (in a stand-in workspace), and registration, which needs the service, is read from the definition with the
    same helper and defaults instead of performed."""
    from types import SimpleNamespace

    from azureml.data import _dataset_persistence as persistence
    from azureml.data.azure_storage_datastore import AzureBlobDatastore

    notes = ["_DatasetPersistenceV1 (az ml dataset register -f), with no workspace"]
    workspace = SimpleNamespace(subscription_id="<subscription>", resource_group="<group>", name="<workspace>")

    class _Datastore:
        @staticmethod
        def get(_workspace: Any, name: str) -> Any:
            notes.append(f"datastore {name} stood in (no workspace)")
            return AzureBlobDatastore(workspace, name, "<container>", "<account>")

    persistence.Datastore = _Datastore
    with open(path) as stream:
        definition = json.load(stream)
    errors = persistence._ErrorUtility(os.path.abspath(path))
    reader = persistence._DatasetPersistenceV1(None, definition, persistence._JsonUtility(errors), errors)
    try:
        dataset = reader._create_dataset(False)
    except (AttributeError, TypeError) as exc:
        # azureml-dataprep resolves a datastore through the workspace's credentials; the SDK's own path for installs
        # without dataprep builds the same dataset definition offline
        notes.append(f"read through the SDK's path without azureml-dataprep ({type(exc).__name__} with no workspace)")
        installed = persistence.is_dataprep_installed
        persistence.is_dataprep_installed = lambda: False
        try:
            dataset = reader._create_dataset(False)
        finally:
            persistence.is_dataprep_installed = installed
    dataset = reader._add_properties(dataset, False)
    blocks = json.loads(dataset._definition)["blocks"] if isinstance(dataset._definition, str) else []
    json_utility = persistence._JsonUtility(errors)
    registration = definition.get("registration") or {}
    values = {
        "type": type(dataset).__name__,
        "blocks": [{"type": b["type"], "arguments": b["arguments"]} for b in blocks],
        "properties": _plain(dict(dataset._properties or {})),
        "name": json_utility.try_get_value(registration, "name", ""),
        "description": json_utility.try_get_value(registration, "description", None),
        "tags": json_utility.try_get_value(registration, "tags", None),
    }
    return values, notes


READERS = {
    "runconfig": ("RunConfiguration.load", read_runconfig),
    "hyperdrive": ("az ml run submit-hyperdrive reader", read_hyperdrive),
    "pipeline": ("_PipelineYamlParser.load_yaml", read_pipeline),
    "deployment-config": ("deploy_config_dict_to_obj", read_deployment_config),
    "inference-config": ("InferenceConfig", read_inference_config),
    "environment": ("Environment.load_from_directory", read_environment),
    "schedule": ("Schedule.load_yaml", read_schedule),
    "dataset": ("create_dataset_from_file", read_dataset),
}


def judge(path: str, kind: str | None) -> dict[str, Any]:
    result: dict[str, Any] = {"file": path, "kind": kind, "ok": False, "reader": None, "error": "", "notes": [], "values": None}
    if kind == "runconfig" and path.endswith(".compute"):
        kind = "compute"  # a Workbench compute file: v1 read it only through the run configuration naming it
    if kind not in READERS:
        result["error"] = f"no v1 reader for {kind}"
        result["ok"] = None
        return result
    result["reader"], reader = READERS[kind]
    attempts = len(NETWORK_ATTEMPTS)
    try:
        result["values"], result["notes"] = reader(path)
    except (Exception, SystemExit) as exc:
        result["error"] = short_error(exc)
        return result
    finally:
        if len(NETWORK_ATTEMPTS) > attempts:
            result["notes"].append(f"network access attempted and refused: {', '.join(NETWORK_ATTEMPTS[attempts:])}")
    result["ok"] = True
    return result


def main(argv: list[str] | None = None) -> int:
    return answer_list(argv, __doc__.split("\n\n")[0], judge, "path<TAB>kind")


if __name__ == "__main__":
    sys.exit(main())
