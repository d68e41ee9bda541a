"""A v1 deployment configuration's sizing and serving keys -> the fields of the v2 online deployment.

API (used by :mod:`.deployment`): :func:`convert_resources` (``containerResourceRequirements``, ``gpuCores`` ->
``instance_type``, or Kubernetes ``resources``), :func:`convert_replicas` (``numReplicas``, ``autoScaler`` ->
``instance_count``, Kubernetes ``scale_settings``), :func:`convert_serving` (``scoringTimeoutMs`` & co. ->
``request_settings``, ``livenessProbeRequirements`` -> ``liveness_probe``, ``appInsightsEnabled``,
``dataCollection``), and :func:`report_ignored` for a key v1 did not read (naming the key it reads when the spelling
is a near miss).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from speclift.conversion.fields import NUMBER
from speclift.converters.azureml_v1 import online
from speclift.converters.azureml_v1.keys import Recorder
from speclift.converters.azureml_v1.v1_defaults import (
    ACI_CPU,
    ACI_MEMORY,
    AKS_CPU,
    AKS_MAX_REPLICAS,
    AKS_MEMORY,
    AKS_SERVING,
)
from speclift.pointer import join

REQUEST_SETTINGS = {
    "scoringTimeoutMs": "request_timeout_ms",
    "maxConcurrentRequestsPerContainer": "max_concurrent_requests_per_instance",
    "maxQueueWaitMs": "max_queue_wait_ms",
}
_RESOURCES = {"aci": ("cpu", "memoryInGB"), "aks": ("cpu", "memoryInGB", "cpuLimit", "memoryInGBLimit")}
_NEAR = {
    "enableappinsights": "appInsightsEnabled",
    "computetarget": "computeTargetName",
    "cpucores": "cpu",
    "memorygb": "memoryInGB",
}
_PROBE = {
    "periodSeconds": "period",
    "initialDelaySeconds": "initial_delay",
    "timeoutSeconds": "timeout",
    "successThreshold": "success_threshold",
    "failureThreshold": "failure_threshold",
}
_SCALE = {
    "minReplicas": "min_instances",
    "maxReplicas": "max_instances",
    "refreshPeriodInSeconds": "polling_interval",
    "targetUtilization": "target_utilization_percentage",
}
_WHERE = "/containerResourceRequirements"


def truthy(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def _number(value: Any) -> float | None:
    number = NUMBER.read(value)
    return None if number is None else float(number)


def report_ignored(recorder: Recorder, pointer: str, key: str, read: Collection[str], where: str) -> None:
    if recorder.covered(pointer):
        return
    folded = key.replace("_", "").replace("-", "").lower()
    meant = _NEAR.get(folded) or next((k for k in read if k.lower() == folded), None)
    hint = f"v1 reads {meant}; set the v2 field if the setting was meant" if meant else None
    recorder.dropped(pointer, f"v1 ignored {key} ({where} does not read it), so the output leaves it out", hint=hint)


# -- resources ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Request:
    """What the v1 service asked for: the section as written, the keys its compute type reads, and the numbers."""

    section: dict[str, Any]
    read: tuple[str, ...]
    cpu: float | None
    memory: float | None
    gpu: float | None


def convert_resources(recorder: Recorder, compute: str, kubernetes: bool, data: dict[str, Any], body: dict[str, Any]) -> None:
    section = data.get("containerResourceRequirements")
    resources: dict[str, Any] = section if isinstance(section, dict) else {}
    read = () if compute == "local" else _RESOURCES["aci" if compute == "aci" else "aks"]
    for key in resources:
        if key not in read:
            report_ignored(recorder, join(_WHERE, key), key, read, f"containerResourceRequirements for {compute}")
    request = _Request(
        resources,
        read,
        _number(resources.get("cpu")) if "cpu" in read else None,
        _number(resources.get("memoryInGB")) if "memoryInGB" in read else None,
        _number(data.get("gpuCores")) if compute != "aci" and compute != "local" else None,
    )
    if kubernetes:
        _kubernetes_resources(recorder, compute, data, request, body)
    else:
        _managed_resources(recorder, compute, data, request, body)


def _kubernetes_resources(
    recorder: Recorder, compute: str, data: dict[str, Any], request: _Request, body: dict[str, Any]
) -> None:
    requests: dict[str, str] = {}
    limits: dict[str, str] = {}
    # v1 requested 0.1 core and 0.5 GB when not told; v2 takes the cluster's default instance type instead
    requests["cpu"] = online.quantity(AKS_CPU.v1 if request.cpu is None else request.cpu)
    if request.cpu is not None:
        recorder.transformed(f"{_WHERE}/cpu", "/resources/requests/cpu", "as a Kubernetes quantity")
    requests["memory"] = online.memory_quantity(AKS_MEMORY.v1 if request.memory is None else request.memory)
    if request.memory is not None:
        recorder.transformed(f"{_WHERE}/memoryInGB", "/resources/requests/memory", "GB as Gi")
    for key, name in (("cpuLimit", "cpu"), ("memoryInGBLimit", "memory")):
        value = _number(request.section.get(key))
        if value is not None:
            limits[name] = online.quantity(value) if name == "cpu" else online.memory_quantity(value)
            recorder.transformed(f"{_WHERE}/{key}", f"/resources/limits/{name}", "as a Kubernetes quantity")
        elif key in request.section:
            recorder.mapped(f"{_WHERE}/{key}", None)
    if request.gpu:
        requests["gpu"] = online.quantity(request.gpu)
        recorder.transformed("/gpuCores", "/resources/requests/gpu", "as a Kubernetes quantity")
    elif "gpuCores" in data and compute != "aci":
        recorder.mapped("/gpuCores", None)
    resources_out = {k: v for k, v in (("requests", requests), ("limits", limits)) if v}
    if resources_out:
        body["resources"] = resources_out
    if not request.section and "containerResourceRequirements" in data:
        recorder.mapped(_WHERE, None)


def _managed_resources(recorder: Recorder, compute: str, data: dict[str, Any], request: _Request, body: dict[str, Any]) -> None:
    cpu, memory, gpu, resources = request.cpu, request.memory, request.gpu, request.section
    cpu_default, memory_default = (ACI_CPU.v1, ACI_MEMORY.v1) if compute == "aci" else (AKS_CPU.v1, AKS_MEMORY.v1)
    size, covered = online.instance_type(
        cpu if cpu is not None else cpu_default, memory if memory is not None else memory_default
    )
    if gpu:
        size, covered = online.GPU_SIZE, False
        recorder.approximated("/gpuCores", "/instance_type", f"{gpu:g} GPU cores -> a GPU VM size, {size}")
    elif "gpuCores" in data and compute not in ("aci", "local"):
        recorder.mapped("/gpuCores", None)
    body["instance_type"] = size
    shown = f"cpu {cpu if cpu is not None else cpu_default:g}, memoryInGB {memory if memory is not None else memory_default:g}"
    message = f"{shown} -> instance_type {size}" + (
        " (the migration guide's CPU/memory table)" if covered else " (beyond the migration guide's table: check the size)"
    )
    if cpu is not None or memory is not None:
        _sized(recorder, request, message)
    elif not gpu:
        recorder.finding("SL401", f"no container resources: v1's defaults {message}", "/computeType")
        if "containerResourceRequirements" in data and not resources:
            recorder.mapped(_WHERE, None)
    for key in ("cpuLimit", "memoryInGBLimit"):
        if key in resources and key in request.read:
            if _number(resources[key]) is None:
                recorder.mapped(join(_WHERE, key), None)
            else:
                recorder.dropped(join(_WHERE, key), f"a managed deployment has no {key}: the VM size is the limit")


def _sized(recorder: Recorder, request: _Request, message: str) -> None:
    """cpu and memory chose the size (unless a GPU did): recorded against instance_type."""
    resources = request.section
    for key in ("cpu", "memoryInGB"):
        if key in resources and _number(resources.get(key)) is None:
            recorder.mapped(join(_WHERE, key), None)
    if not request.gpu:
        recorder.approximated(_WHERE, "/instance_type", message)
        return
    for key in ("cpu", "memoryInGB"):
        if key in resources:
            recorder.mapped(join(_WHERE, key), "/instance_type")


# -- replicas -------------------------------------------------------------------------------------------------------


def convert_replicas(recorder: Recorder, compute: str, kubernetes: bool, data: dict[str, Any], body: dict[str, Any]) -> None:
    if compute in ("aci", "local"):
        body["instance_count"] = 1
        return
    replicas = data.get("numReplicas")
    scaler: dict[str, Any] = data["autoScaler"] if isinstance(data.get("autoScaler"), dict) else {}
    enabled = scaler.get("autoscaleEnabled")
    autoscale = truthy(enabled) or (enabled is None and replicas is None)
    if replicas is not None:
        body["instance_count"] = replicas
        recorder.mapped("/numReplicas", "/instance_count")
    elif "numReplicas" in data:
        recorder.mapped("/numReplicas", None)
    if kubernetes and autoscale:
        _kubernetes_scale(recorder, scaler, body)
    elif autoscale:
        _managed_autoscale(recorder, scaler, body)
    else:
        body.setdefault("instance_count", 1)
        _autoscale_off(recorder, data, scaler)


def _kubernetes_scale(recorder: Recorder, scaler: dict[str, Any], body: dict[str, Any]) -> None:
    """Target-utilization scaling with the given bounds, and v1's where they differ from v2's (max 10, not 1)."""
    scale = {"type": "target_utilization", **_with_v1_defaults(recorder, scaler, "/autoScaler", _SCALE, "/scale_settings")}
    body["scale_settings"] = scale
    if "autoscaleEnabled" in scaler:
        recorder.mapped("/autoScaler/autoscaleEnabled", "/scale_settings/type")
    if not scaler:
        recorder.finding(
            "SL401",
            "v1 autoscaled an AKS service without numReplicas; the deployment scales on target utilization",
            "/computeType",
        )
    body.setdefault("instance_count", scaler.get("minReplicas") or 1)
    known = set(_SCALE) | {"autoscaleEnabled"}
    for key in scaler:
        if key not in known:
            report_ignored(recorder, join("/autoScaler", key), key, tuple(known), "autoScaler")


def _managed_autoscale(recorder: Recorder, scaler: dict[str, Any], body: dict[str, Any]) -> None:
    minimum = scaler.get("minReplicas") or 1
    maximum = scaler.get("maxReplicas") or AKS_MAX_REPLICAS.v1
    body.setdefault("instance_count", minimum)
    message = (
        f"autoscaling is an Azure Monitor setting for managed deployments, outside the YAML (v1 scaled between "
        f"{minimum} and {maximum} replicas)"
    )
    if scaler:
        recorder.approximated("/autoScaler", "/instance_count", f"{message}; instance_count is minReplicas ({minimum})")
    else:
        recorder.finding("SL401", f"v1 autoscaled an AKS service without numReplicas; {message}", "/computeType")


def _autoscale_off(recorder: Recorder, data: dict[str, Any], scaler: dict[str, Any]) -> None:
    if scaler:
        if scaler.get("autoscaleEnabled") is not None:
            recorder.mapped("/autoScaler/autoscaleEnabled", None)
        for key in scaler:
            if key != "autoscaleEnabled":
                recorder.dropped(join("/autoScaler", key), f"autoScaler.{key} has no effect with autoscaling off")
    elif "autoScaler" in data:
        recorder.mapped("/autoScaler", None)


# -- serving --------------------------------------------------------------------------------------------------------


def convert_serving(recorder: Recorder, data: dict[str, Any], body: dict[str, Any]) -> None:
    compute = str(data.get("computeType")).lower()
    aks = compute in ("aks", "aksendpoint")
    if aks:
        _request_settings(recorder, data, body)
        _liveness_probe(recorder, data, body)
    insights = data.get("appInsightsEnabled")
    if compute != "local" and insights is not None:
        body["app_insights_enabled"] = truthy(insights)
        if isinstance(insights, bool):
            recorder.mapped("/appInsightsEnabled", "/app_insights_enabled")
        else:
            recorder.transformed("/appInsightsEnabled", "/app_insights_enabled", "as a boolean")
    elif "appInsightsEnabled" in data and compute != "local":
        recorder.mapped("/appInsightsEnabled", None)
    collection = data.get("dataCollection")
    if aks and isinstance(collection, dict):
        if truthy(collection.get("storageEnabled")):
            body["data_collector"] = {"collections": {"model_inputs": {"enabled": "true"}, "model_outputs": {"enabled": "true"}}}
            recorder.approximated(
                "/dataCollection",
                "/data_collector",
                "model data collection became data_collector; the scoring script must log with the azureml-ai-monitoring collector",
            )
        else:
            recorder.mapped("/dataCollection", None)


def _with_v1_defaults(
    recorder: Recorder, section: dict[str, Any], where: str, names: dict[str, str], target: str
) -> dict[str, Any]:
    """The keys of ``section`` (at ``where``) under their v2 ``names``, and for each key left out v1's default where
    it differs from v2's (:data:`.v1_defaults.AKS_SERVING`): the v2 field then means what the v1 file meant."""
    out: dict[str, Any] = {}
    for key, name in names.items():
        if section.get(key) is not None:
            out[name] = section[key]
            recorder.mapped(join(where, key), f"{target}/{name}")
        elif AKS_SERVING[key].differs:
            out[name] = AKS_SERVING[key].v1
    return out


def _request_settings(recorder: Recorder, data: dict[str, Any], body: dict[str, Any]) -> None:
    """The given settings, and v1's scoring timeout where none is given (v1 60 s, v2 5 s)."""
    body["request_settings"] = _with_v1_defaults(recorder, data, "", REQUEST_SETTINGS, "/request_settings")


def _liveness_probe(recorder: Recorder, data: dict[str, Any], body: dict[str, Any]) -> None:
    """The given probe settings, and v1's defaults where they differ from v2's (initial delay, failure threshold)."""
    given = data.get("livenessProbeRequirements")
    probe: dict[str, Any] = given if isinstance(given, dict) else {}
    out = _with_v1_defaults(recorder, probe, "/livenessProbeRequirements", _PROBE, "/liveness_probe")
    for key in probe:
        if key not in _PROBE:
            report_ignored(recorder, join("/livenessProbeRequirements", key), key, tuple(_PROBE), "livenessProbeRequirements")
    body["liveness_probe"] = out
    if "livenessProbeRequirements" in data and not probe:
        recorder.mapped("/livenessProbeRequirements", None)
