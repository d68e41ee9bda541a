"""The v1 defaults the converters write out: one record per fact, each with the v1 SDK source it was read from.

A v1 file that leaves a key out gets the SDK's (or the service's) default; a v2 file that leaves the corresponding
field out gets v2's default, which is often different (AKS scored for 60 s, a v2 online deployment for 5 s). Where
they differ the converters write v1's effective value, so the v2 output means what the v1 file meant. The records
also hold defaults that agree when a converter writes them anyway (the schedule's time zone): the table is the one
place that says what v1 did. ``python -m speclift.docs README.md`` renders :func:`table` into the README.

Sources are files and symbols of azureml-core 1.61.0 and azureml-pipeline-core 1.62.0 (the wheels from PyPI); v2
values are azure-ai-ml 1.35's documented defaults (``azure/ai/ml/entities``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_AKS = "azureml-core `azureml/core/webservice/aks.py` `AksWebservice.deploy_configuration`"
_ACI = "azureml-core `azureml/core/webservice/aci.py` `AciWebservice.deploy_configuration`"
_V2_REQUEST = "`OnlineRequestSettings`"
_V2_PROBE = "`ProbeSettings`"
_V2_SCALE = "`TargetUtilizationScaleSettings`"


@dataclass(frozen=True, slots=True)
class V1Default:
    """What v1 did when ``key`` was left out of a ``spec``, and the v2 field (and its own default) that carries it."""

    spec: str  # the v1 file kind, as the README names it
    key: str  # the v1 key, dotted
    v1: Any  # v1's effective value
    field: str  # the v2 field, dotted
    v2: Any  # v2's default for that field (None: the field has no default)
    source: str  # where v1's value was read
    v2_source: str = ""
    note: str = ""
    same: bool = False  # v1's value means v2's default, spelled otherwise (authEnabled: true is auth_mode: key)

    @property
    def differs(self) -> bool:
        return not self.same and bool(self.v1 != self.v2)


def _aks(key: str, v1: Any, field: str, v2: Any, v2_source: str, note: str = "", *, same: bool = False) -> V1Default:
    return V1Default("AKS deployment", key, v1, field, v2, _AKS, v2_source, note, same)


AKS_SCORING_TIMEOUT = _aks("scoringTimeoutMs", 60000, "request_settings.request_timeout_ms", 5000, _V2_REQUEST)
AKS_MAX_CONCURRENT = _aks(
    "maxConcurrentRequestsPerContainer", 1, "request_settings.max_concurrent_requests_per_instance", 1, _V2_REQUEST
)
AKS_MAX_QUEUE_WAIT = _aks("maxQueueWaitMs", 500, "request_settings.max_queue_wait_ms", 500, _V2_REQUEST)
AKS_PROBE_PERIOD = _aks("livenessProbeRequirements.periodSeconds", 10, "liveness_probe.period", 10, _V2_PROBE)
AKS_PROBE_INITIAL_DELAY = _aks(
    "livenessProbeRequirements.initialDelaySeconds", 310, "liveness_probe.initial_delay", 10, _V2_PROBE
)
AKS_PROBE_TIMEOUT = _aks(
    "livenessProbeRequirements.timeoutSeconds",
    2,
    "liveness_probe.timeout",
    2,
    _V2_PROBE,
    "the `LivenessProbeRequirements` docstring says 1; `deploy_configuration` says 2",
)
AKS_PROBE_SUCCESS = _aks("livenessProbeRequirements.successThreshold", 1, "liveness_probe.success_threshold", 1, _V2_PROBE)
AKS_PROBE_FAILURE = _aks("livenessProbeRequirements.failureThreshold", 3, "liveness_probe.failure_threshold", 30, _V2_PROBE)
AKS_MIN_REPLICAS = _aks("autoScaler.minReplicas", 1, "scale_settings.min_instances", 1, _V2_SCALE)
AKS_MAX_REPLICAS = _aks(
    "autoScaler.maxReplicas",
    10,
    "scale_settings.max_instances",
    1,
    _V2_SCALE,
    "Kubernetes deployments; a managed deployment autoscales through Azure Monitor, outside the YAML",
)
AKS_REFRESH = _aks("autoScaler.refreshPeriodInSeconds", 1, "scale_settings.polling_interval", 1, _V2_SCALE)
AKS_TARGET_UTILIZATION = _aks("autoScaler.targetUtilization", 70, "scale_settings.target_utilization_percentage", 70, _V2_SCALE)
AKS_AUTOSCALE = _aks(
    "autoScaler.autoscaleEnabled",
    "true without numReplicas",
    "scale_settings.type",
    "default (a fixed instance_count)",
    "`KubernetesOnlineDeployment`",
    "Kubernetes: `type: target_utilization`; managed: `instance_count: minReplicas` and an SL401",
)
_CLUSTER = "the cluster's default instance type"
AKS_CPU = _aks("containerResourceRequirements.cpu", 0.1, "resources.requests.cpu", None, _CLUSTER, "managed: the VM size")
AKS_MEMORY = _aks(
    "containerResourceRequirements.memoryInGB", 0.5, "resources.requests.memory", None, _CLUSTER, "managed: the VM size"
)
AKS_AUTH = _aks("authEnabled", True, "auth_mode", "key", "`ManagedOnlineEndpoint`", same=True)
AKS_APP_INSIGHTS = _aks("appInsightsEnabled", False, "app_insights_enabled", False, "`ManagedOnlineDeployment`")
AKS_DATA_COLLECTION = _aks(
    "dataCollection.storageEnabled", False, "data_collector", None, "`ManagedOnlineDeployment`", "no collection", same=True
)
AKS_GPU = _aks("gpuCores", 0, "resources.requests.gpu", None, _CLUSTER, "no GPU", same=True)
ACI_CPU = V1Default("ACI deployment", "containerResourceRequirements.cpu", 0.1, "instance_type", None, _ACI, "required")
ACI_MEMORY = V1Default("ACI deployment", "containerResourceRequirements.memoryInGB", 0.5, "instance_type", None, _ACI, "required")
ACI_AUTH = V1Default(
    "ACI deployment",
    "authEnabled",
    False,
    "auth_mode",
    "key",
    _ACI,
    "`ManagedOnlineEndpoint`",
    "v2 cannot turn authentication off: an SL401 says so",
)
RUN_BASE_IMAGE = V1Default(
    "run configuration, environment",
    "environment.docker.baseImage",
    "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04",
    "environment.image",
    None,
    "azureml-core `azureml/core/environment.py` `DEFAULT_CPU_IMAGE`",
    "required",
    "`DEFAULT_GPU_IMAGE` (`openmpi4.1.0-cuda11.8-cudnn8-ubuntu22.04`) with `gpuSupport`",
)
RUN_DOCKER = V1Default(
    "run configuration",
    "docker.useDocker",
    "false, overridden to true on AmlCompute",
    "(none: v2 always runs a container)",
    None,
    "azureml-core `azureml/_restclient/models/docker_configuration.py` `DockerConfiguration`",
    "",
    "only a `local` run went without Docker: SL401 there",
)
SCHEDULE_TIME_ZONE = V1Default(
    "pipeline schedule",
    "recurrence.time_zone",
    "UTC",
    "trigger.time_zone",
    "UTC",
    "azureml-pipeline-core `azureml/pipeline/core/schedule.py` `ScheduleRecurrence.__init__` (`TimeZone.UTC`)",
    "`RecurrenceTrigger`",
    "written out with a `start_time`",
)

DEFAULTS: tuple[V1Default, ...] = (
    AKS_SCORING_TIMEOUT,
    AKS_MAX_CONCURRENT,
    AKS_MAX_QUEUE_WAIT,
    AKS_PROBE_PERIOD,
    AKS_PROBE_INITIAL_DELAY,
    AKS_PROBE_TIMEOUT,
    AKS_PROBE_SUCCESS,
    AKS_PROBE_FAILURE,
    AKS_AUTOSCALE,
    AKS_MIN_REPLICAS,
    AKS_MAX_REPLICAS,
    AKS_REFRESH,
    AKS_TARGET_UTILIZATION,
    AKS_CPU,
    AKS_MEMORY,
    AKS_AUTH,
    AKS_APP_INSIGHTS,
    AKS_DATA_COLLECTION,
    AKS_GPU,
    ACI_CPU,
    ACI_MEMORY,
    ACI_AUTH,
    RUN_BASE_IMAGE,
    RUN_DOCKER,
    SCHEDULE_TIME_ZONE,
)

# The serving settings of an AKS service, by v1 key (request settings, liveness probe, autoscaler): for each key
# left out, the converter writes v1's default where it differs from v2's.
AKS_SERVING = {
    "scoringTimeoutMs": AKS_SCORING_TIMEOUT,
    "maxConcurrentRequestsPerContainer": AKS_MAX_CONCURRENT,
    "maxQueueWaitMs": AKS_MAX_QUEUE_WAIT,
    "periodSeconds": AKS_PROBE_PERIOD,
    "initialDelaySeconds": AKS_PROBE_INITIAL_DELAY,
    "timeoutSeconds": AKS_PROBE_TIMEOUT,
    "successThreshold": AKS_PROBE_SUCCESS,
    "failureThreshold": AKS_PROBE_FAILURE,
    "minReplicas": AKS_MIN_REPLICAS,
    "maxReplicas": AKS_MAX_REPLICAS,
    "refreshPeriodInSeconds": AKS_REFRESH,
    "targetUtilization": AKS_TARGET_UTILIZATION,
}


def _shown(value: Any) -> str:
    """A value as code (numbers, booleans, names), or a description as prose."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`" if isinstance(value, int | float) or " " not in str(value) else str(value)


def table() -> str:
    """The README's table of v1 defaults: the ones that differ from v2's first."""
    rows = ["| v1 file | v1 key | v1 default | v2 field | v2 default | v1 source | note |", "|---|---|---|---|---|---|---|"]
    for record in sorted(DEFAULTS, key=lambda r: not r.differs):
        v2 = _shown(record.v2) + (f" ({record.v2_source})" if record.v2_source else "")
        field = record.field if record.field.startswith("(") else f"`{record.field}`"
        rows.append(
            f"| {record.spec} | `{record.key}` | {_shown(record.v1)} | {field} | {v2} | {record.source} | {record.note} |"
        )
    return "\n".join(rows)
