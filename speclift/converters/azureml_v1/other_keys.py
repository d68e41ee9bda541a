"""The run configuration's remaining top-level keys (``history``, ``spark``, ``hdi``, ``paralleltask``,
``credentialPassthrough``, ``applicationEndpoints``/``services``, ``priority``, stale and empty keys) -> v2 job
fields where v2 has them, else a report.

API: :func:`convert_other_keys` walks the keys nothing has claimed yet (``history``, ``spark``, ``hdi`` and
``paralleltask`` always: v1's defaults are checked here) and hands each to its handler in :data:`_HANDLERS`; a key
without a handler is recorded as unused when empty and left for :func:`.jobs.report_rest` otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from speclift.conversion.fields import INTEGER
from speclift.converters.azureml_v1.data_references import valid_name
from speclift.converters.azureml_v1.keys import Recorder
from speclift.pointer import join

STALE = {
    "autoPrepareEnvironment": "the current SDK ignores it (environments are always prepared)",
    "containerInstance": "container-instance runs were removed from the SDK",
    "prepareEnvironment": "the current SDK ignores it (environments are always prepared)",
    "batchAi": "Batch AI was retired",
    "exposedPorts": "the current SDK ignores it",
    "jobName": "the current SDK ignores it",
}
_SERVICE_TYPES = {
    "jupyter": "jupyter_lab",
    "jupyterlab": "jupyter_lab",
    "ssh": "ssh",
    "tensorboard": "tensor_board",
    "vscode": "vs_code",
}
_SPARK_DEFAULTS = {"spark.app.name": "Azure ML Experiment", "spark.yarn.maxAppAttempts": 1}
_PARALLEL_TASK_DEFAULTS = {"maxRetriesPerWorker": 0, "workerCountPerNode": 1, "terminalExitCodes": None}
_ALWAYS_READ = ("history", "spark", "hdi", "paralleltask")  # even when claimed: their v1 defaults are checked here

Handler = Callable[[Recorder, str, str, Any, dict[str, Any]], None]  # (recorder, pointer, key, value, job)


def convert_other_keys(recorder: Recorder, data: Mapping[str, Any], job: dict[str, Any]) -> None:
    for key, value in data.items():
        sub = join("", key)
        if recorder.covered(sub) and key not in _ALWAYS_READ:
            continue
        _HANDLERS.get(key, _unused_if_empty)(recorder, sub, key, value, job)


def _empty(value: Any) -> bool:
    return value in (None, "", [], {})


def _unused_if_empty(recorder: Recorder, sub: str, key: str, value: Any, job: dict[str, Any]) -> None:
    if _empty(value):
        recorder.mapped(sub, None)


def _history(recorder: Recorder, sub: str, key: str, value: Any, job: dict[str, Any]) -> None:
    if not isinstance(value, dict):
        _unused_if_empty(recorder, sub, key, value, job)
        return
    for hkey, hvalue in value.items():
        hsub = join(sub, hkey)
        if hkey in ("outputCollection", "snapshotProject") and hvalue is not False:
            recorder.mapped(hsub, None)  # v2 always snapshots code and collects outputs
        elif (hkey == "directoriesToWatch" and (hvalue in (None, []) or hvalue == ["logs"])) or hvalue is None:
            recorder.mapped(hsub, None)
        elif hkey == "ambientAuthentication":
            recorder.dropped(hsub, "a service-principal secret for the run has no v2 field (the secret is not copied)")
        else:
            recorder.dropped(hsub, f"history.{hkey}: v2 always snapshots the code and streams outputs and logs")


def _spark(recorder: Recorder, sub: str, key: str, value: Any, job: dict[str, Any]) -> None:
    if not isinstance(value, dict):
        _unused_if_empty(recorder, sub, key, value, job)
        return
    configuration = value.get("configuration")
    if (
        job.get("type") == "spark"
        or not isinstance(configuration, dict)
        or all(_SPARK_DEFAULTS.get(k) == v for k, v in configuration.items())
    ):
        recorder.mapped(sub, "/conf" if job.get("type") == "spark" else None)
    else:
        recorder.dropped(sub, "spark configuration only applies to PySpark runs; this run is a command job")


def _hdi(recorder: Recorder, sub: str, key: str, value: Any, job: dict[str, Any]) -> None:
    if not isinstance(value, dict):
        _unused_if_empty(recorder, sub, key, value, job)
    elif value.get("yarnDeployMode") in (None, "cluster", "Cluster"):
        recorder.mapped(sub, None)
    else:
        recorder.dropped(sub, "HDInsight targets are not supported in v2")


def _parallel_task(recorder: Recorder, sub: str, key: str, value: Any, job: dict[str, Any]) -> None:
    if not isinstance(value, dict):
        _unused_if_empty(recorder, sub, key, value, job)
    elif all(_PARALLEL_TASK_DEFAULTS.get(k) == v for k, v in value.items()):
        recorder.mapped(sub, None)
    else:
        recorder.dropped(
            sub,
            "a v2 parallel job only runs inside a pipeline; this run configuration stays a command job",
            hint="use a ParallelRunStep in a v1 pipeline (converted to a parallel node)",
        )


def _credential_passthrough(recorder: Recorder, sub: str, key: str, value: Any, job: dict[str, Any]) -> None:
    if value is True:
        job["identity"] = {"type": "user_identity"}
        recorder.approximated(sub, "/identity", "credential passthrough became the user identity")
    else:
        recorder.mapped(sub, None)


def _services(recorder: Recorder, sub: str, key: str, value: Any, job: dict[str, Any]) -> None:
    if not (isinstance(value, dict) and value):
        _unused_if_empty(recorder, sub, key, value, job)
        return
    services: dict[str, Any] = {}
    for name, entry in value.items():
        entry_pointer = join(sub, name)
        kind = str(entry.get("type") or "").lower() if isinstance(entry, dict) else ""
        if kind not in _SERVICE_TYPES:
            recorder.dropped(entry_pointer, f"service type {kind or '?'} has no v2 equivalent")
            continue
        service: dict[str, Any] = {"type": _SERVICE_TYPES[kind]}
        if isinstance(entry, dict) and entry.get("port") is not None:
            service["port"] = recorder.read_as(entry["port"], join(entry_pointer, "port"), INTEGER)
        services[valid_name(str(name))] = service
        recorder.approximated(entry_pointer, f"/services/{name}", "an application endpoint became a job service")
    if services:
        job["services"] = services


def _priority(recorder: Recorder, sub: str, key: str, value: Any, job: dict[str, Any]) -> None:
    if value is None:
        _unused_if_empty(recorder, sub, key, value, job)
        return
    recorder.dropped(
        sub,
        "v1 job priorities are numbers; v2 queue_settings.priority is low, medium or high",
        hint="set queue_settings.priority by hand",
    )


def _stale(recorder: Recorder, sub: str, key: str, value: Any, job: dict[str, Any]) -> None:
    recorder.dropped(sub, f"{key} is a stale key: {STALE[key]}")


def _unused_unless(message: str) -> Handler:
    """A key v2 has no place for: unused when empty, else dropped with ``message``."""

    def handle(recorder: Recorder, sub: str, key: str, value: Any, job: dict[str, Any]) -> None:
        if _empty(value):
            recorder.mapped(sub, None)
        else:
            recorder.dropped(sub, message)

    return handle


def _claimed_elsewhere(recorder: Recorder, sub: str, key: str, value: Any, job: dict[str, Any]) -> None:
    """The environment section is the environment converter's to report."""


_HANDLERS: dict[str, Handler] = {
    "history": _history,
    "spark": _spark,
    "hdi": _hdi,
    "paralleltask": _parallel_task,
    "credentialPassthrough": _credential_passthrough,
    "applicationEndpoints": _services,
    "services": _services,
    "priority": _priority,
    **dict.fromkeys(STALE, _stale),
    "environment": _claimed_elsewhere,
    "sourceDirectoryDataStore": _unused_unless("v2 always uploads the code folder to the workspace's default storage"),
    "datacaches": _unused_unless("data caches have no v2 equivalent"),
}
