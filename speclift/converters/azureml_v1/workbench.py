"""The Workbench-era run configuration (``argumentVector``, ``condaDependenciesFile``, a ``<target>.compute`` file
beside it) -> the fields of a v2 command job.

API: :func:`is_workbench` and :func:`is_compute_file` tell the format apart; :func:`convert_workbench` returns
``(job, environment)`` like :func:`.jobs.from_runconfig` (the caller orders the job's fields). The compute target's
file, read through the context, gives the image, the interpreter and whether the target is local; its other keys are
reported against that file.
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
    job: dict[str, Any] = {"type": "command", "code": context.relocate(plan.base_dir)}
    target = str(data.get("target") or "local")
    compute, compute_recorder = _compute_file(recorder, context, target)
    if with_command:
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
    job["environment"] = f"azureml:{plan.default_name}:1"
    return {"$schema": _ENVIRONMENT_SCHEMA, "name": plan.default_name, "version": "1", **environment}


def _target(recorder: Recorder, options: Mapping[str, Any], job: dict[str, Any], target: str, compute: dict[str, Any]) -> None:
    if target.lower() == "local" or compute.get("type") == "localdocker":
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
