"""The Workbench-era run configuration (``argumentVector``, ``condaDependenciesFile``, a ``<target>.compute`` file
beside it) -> the fields of a v2 command job, or of a spark job for ``Framework: PySpark``.

API: :func:`is_workbench` and :func:`is_compute_file` tell the format apart; :func:`convert_workbench` returns
``(job, environment)`` like :func:`.jobs.from_runconfig` (the caller orders the job's fields and completes a spark
job's ``conf`` with the sizes every v1 PySpark conversion gets). The compute target's file, read through the
context, gives the image, the interpreter and whether the target is local; its other keys are reported against that
file. A PySpark run's ``SparkDependenciesFile`` gives the spark settings (``configuration``) and the Maven packages
(``spark.jars.packages``/``spark.jars.repositories``).
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from typing import Any

from speclift.conversion import ConvertContext
from speclift.converters.azureml_v1.environment_plan import EnvironmentPlan, default_image
from speclift.converters.azureml_v1.keys import Recorder, normalise, related_path
from speclift.converters.azureml_v1.options import compute_name
from speclift.pointer import join

_ENVIRONMENT_SCHEMA = "https://azuremlschemas.azureedge.net/latest/environment.schema.json"
_CREDENTIALS = ("password", "username", "address", "privateKey")


def is_compute_file(data: Mapping[str, Any]) -> bool:
    """A Workbench ``<target>.compute`` (its own document, not a run configuration)."""
    run_keys = {"script", "argumentVector", "framework", "environment", "target", "command", "communicator"}
    return not (set(data) & run_keys) and bool({"baseDockerImage", "type"} & set(data))


def is_workbench(data: Mapping[str, Any]) -> bool:
    return "environment" not in data and bool({"argumentVector", "condaDependenciesFile", "trackedRun"} & set(data))


def convert_workbench(
    recorder: Recorder,
    options: Mapping[str, Any],
    context: ConvertContext,
    plan: EnvironmentPlan,
    with_command: bool,
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    data: dict[str, Any] = recorder.view.data
    spark = str(data.get("framework") or "").lower() == "pyspark"
    job: dict[str, Any] = {"type": "spark" if spark else "command", "code": context.relocate(plan.base_dir)}
    target = str(data.get("target") or "local")
    compute, compute_recorder = _compute_file(recorder, context, target)
    if spark:
        _spark(recorder, data, job, plan, with_command)
    elif with_command:
        _command(recorder, data, job, str(compute.get("pythonLocation") or "python"))
    environment = _environment(recorder, data, plan, compute, target)
    document = _place_environment(job, environment, plan)
    variables = data.get("environmentVariables")
    if isinstance(variables, dict) and variables:
        job["environment_variables"] = {str(k): "" if v is None else str(v) for k, v in variables.items()}
        recorder.mapped("/environmentVariables", "/environment_variables")
    _target(recorder, options, job, target, compute)
    _rest(recorder, data)
    if compute_recorder is not None:
        _rest_of_compute(compute_recorder, compute)
    return job, document


def _compute_file(recorder: Recorder, context: ConvertContext, target: str) -> tuple[dict[str, Any], Recorder | None]:
    """The target's ``.compute`` file beside the run configuration (empty when it is missing)."""
    compute_doc = context.read(f"{target}.compute")
    if compute_doc is None or not isinstance(compute_doc.data, dict):
        return {}, None
    view = normalise(compute_doc.data)
    path = related_path(recorder.path, f"{target}.compute")
    return view.data, Recorder(recorder.builder, view, compute_doc, path, primary=False)


def _command(recorder: Recorder, data: dict[str, Any], job: dict[str, Any], interpreter: str) -> None:
    vector = data.get("argumentVector")
    words = [str(w) for w in vector if w is not None] if isinstance(vector, list) else []
    if words and words[0].endswith(".py"):
        words.insert(0, interpreter)
    elif words and words[0] == "$file":
        words.insert(0, interpreter)
        recorder.finding(
            "SL401",
            "$file stood for the script named on the Workbench command line; put the script's name in the command",
            "/argumentVector/0",
        )
    job["command"] = " ".join(w if w == "$file" else shlex.quote(w) for w in words) or "python"
    if "argumentVector" in data:
        recorder.transformed("/argumentVector", "/command", "quoted for the shell")


def _spark(recorder: Recorder, data: dict[str, Any], job: dict[str, Any], plan: EnvironmentPlan, with_command: bool) -> None:
    """A PySpark run: the script is the spark job's entry, the other words its ``args``; the spark dependencies
    file gives ``conf``."""
    recorder.approximated(
        "/framework", None, "framework PySpark became a spark job; driver and executor sizes are defaults, check them"
    )
    vector = data.get("argumentVector")
    words = [str(w) for w in vector if w is not None] if isinstance(vector, list) else []
    if with_command:
        job["entry"] = {"file": words[0] if words else "main.py"}
        if words[1:]:
            job["args"] = " ".join(shlex.quote(w) for w in words[1:])
        if words and words[0] == "$file":
            message = "$file stood for the script named on the Workbench command line; put the script's name in entry.file"
            recorder.finding("SL401", message, "/argumentVector/0")
        if "argumentVector" in data:
            recorder.transformed("/argumentVector", "/entry", "the script is the entry file, the rest its args")
    dependencies = str(data.get("sparkDependenciesFile") or "")
    document = plan.context.read(f"{plan.base_dir}/{dependencies}") if dependencies else None
    if document is None or not isinstance(document.data, dict):
        if dependencies:
            tried = plan.context.shown(f"{plan.base_dir}/{dependencies}")
            message = f"{dependencies} could not be read (looked for {tried}): its settings are missing"
            recorder.approximated("/sparkDependenciesFile", None, message)
        return
    view = normalise(document.data, camel=False, aliases={})
    spark_recorder = Recorder(recorder.builder, view, document, related_path(recorder.path, dependencies), primary=False)
    job["conf"] = _spark_dependencies(spark_recorder, view.data)
    recorder.transformed("/sparkDependenciesFile", "/conf", "its spark settings and packages")


def _spark_dependencies(recorder: Recorder, data: dict[str, Any]) -> dict[str, Any]:
    """A Workbench ``spark_dependencies.yml`` -> spark conf: its ``configuration`` (less ``spark.app.name``: v2
    names the application) and its Maven ``packages`` and ``repositories``."""
    conf: dict[str, Any] = {}
    configuration = data.get("configuration")
    for key, value in (configuration if isinstance(configuration, dict) else {}).items():
        sub = join("/configuration", str(key))
        if str(key) == "spark.app.name" or not str(key).startswith("spark."):
            recorder.dropped(sub, f"{key} is not a setting a v2 spark job takes")
        else:
            conf[str(key)] = value
    packages = data.get("packages")
    coordinates = [
        ":".join(str(p.get(k) or "") for k in ("group", "artifact", "version"))
        for p in (packages if isinstance(packages, list) else [])
        if isinstance(p, dict)
    ]
    if coordinates:
        conf["spark.jars.packages"] = ",".join(coordinates)
    repositories = data.get("repositories")
    if isinstance(repositories, list) and repositories:
        conf["spark.jars.repositories"] = ",".join(str(r) for r in repositories)
    for key in data:
        if key not in ("configuration", "packages", "repositories") and data[key] not in (None, [], {}, ""):
            recorder.dropped(join("", str(key)), f"{key} has no v2 spark equivalent")
    return conf


def _environment(
    recorder: Recorder, data: dict[str, Any], plan: EnvironmentPlan, compute: dict[str, Any], target: str
) -> dict[str, Any]:
    image = compute.get("baseDockerImage")
    environment: dict[str, Any] = {"image": str(image) if image else default_image(plan, bool(compute.get("nvidiaDocker")))}
    if not image:
        recorder.finding(
            "SL401",
            f"the compute target {target}.compute was not found or names no image; the job uses {environment['image']}",
            "/target" if "target" in data else "",
        )
    conda = data.get("condaDependenciesFile")
    if conda and not compute.get("userManagedEnvironment"):
        # Workbench paths are relative to the project folder
        environment["conda_file"] = plan.context.relocate(f"{plan.base_dir}/{conda}")
        recorder.transformed("/condaDependenciesFile", "/environment/conda_file", "path relocated for the output's folder")
    elif "condaDependenciesFile" in data:
        recorder.mapped("/condaDependenciesFile", None)
    return environment


def _place_environment(job: dict[str, Any], environment: dict[str, Any], plan: EnvironmentPlan) -> dict[str, Any] | None:
    """Inline in the job, or a separate document the job references; returns the separate document."""
    if not plan.separate:
        job["environment"] = environment
        return None
    # v1 gave the environment no version: azure-ai-ml numbers it on create, and the job takes the newest
    job["environment"] = f"azureml:{plan.default_name}@latest"
    return {"$schema": _ENVIRONMENT_SCHEMA, "name": plan.default_name, **environment}


def _target(recorder: Recorder, options: Mapping[str, Any], job: dict[str, Any], target: str, compute: dict[str, Any]) -> None:
    local = target.lower() == "local" or compute.get("type") == "localdocker"
    if job["type"] == "spark" and local:  # no local spark job in v2: serverless Spark (the caller sizes it)
        recorder.approximated("/target", None, "a Workbench local Spark run became a serverless Spark job")
    elif job["type"] == "spark":
        job["compute"] = f"azureml:{compute_name(options, target)}"
        recorder.approximated(
            "/target", "/compute", "a Workbench Spark target became a compute of the same name; attach a Synapse Spark pool"
        )
    elif local:
        job["compute"] = "local"
        recorder.approximated(
            "/target", "/compute", "a Workbench local target became a local v2 run (Docker on the submitting machine)"
        )
    else:
        job["compute"] = f"azureml:{compute_name(options, target)}"
        recorder.approximated(
            "/target", "/compute", "a Workbench target became a compute of the same name; create it in the workspace"
        )


def _rest(recorder: Recorder, data: dict[str, Any]) -> None:
    for key, value in data.items():
        sub = join("", key)
        if recorder.covered(sub):
            continue
        if (
            (key == "framework" and str(value).lower() == "python")
            or (key == "trackedRun" and value is not False)
            or value in (None, "", [], {})
        ):
            recorder.mapped(sub, None)
        elif key == "sparkDependenciesFile":
            recorder.dropped(sub, "spark dependencies only applied to PySpark runs; add them to the image")
        elif key in ("prepareEnvironment", "useSampling", "trackedRun"):
            recorder.dropped(sub, f"{key} is a Workbench setting with no v2 equivalent")


def _rest_of_compute(recorder: Recorder, compute: dict[str, Any]) -> None:
    """The compute file's keys the job does not use (the image, type and interpreter were read above)."""
    for key, value in compute.items():
        if key in ("baseDockerImage", "type", "pythonLocation") or value in (None, "", False):
            continue
        sub = join("", key)
        if key in _CREDENTIALS:
            recorder.dropped(sub, f"remote Docker host {key} has no v2 field (credentials are not copied)")
        else:
            recorder.dropped(sub, f"compute target {key} has no v2 equivalent")
