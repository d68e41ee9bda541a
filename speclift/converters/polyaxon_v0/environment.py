"""v0 ``environment`` (pod level) -> v1 ``run.environment``, container ``resources``/``envFrom`` and connections.

v0 memory was in MiB (the server wrote ``'{}Mi'.format(v)``); a bare number in Kubernetes means bytes, so ``2048``
becomes ``"2048Mi"``. GPUs and TPUs went to the cluster's resource keys (``nvidia.com/gpu``,
``cloud-tpus.google.com/v2`` plus a TensorFlow-version annotation).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from speclift.converters.polyaxon_v0.context import Context, as_dict
from speclift.pointer import join

TPU_KEY = "cloud-tpus.google.com/v2"
TPU_ANNOTATION = "tf-version.cloud-tpus.google.com"
TPU_TF_VERSION = "1.12"
_POD = {  # v0 key -> v1 V1Environment key, in the order the v1 docs list them
    "labels": "labels",
    "annotations": "annotations",
    "node_selector": "nodeSelector",
    "affinity": "affinity",
    "tolerations": "tolerations",
    "service_account": "serviceAccountName",
    "image_pull_secrets": "imagePullSecrets",
}
_POD_ORDER = ("labels", "annotations", "nodeSelector", "affinity", "tolerations", "serviceAccountName", "imagePullSecrets")


@dataclass(slots=True)
class Targets:
    """Where the parts of one pod's environment go in the output."""

    environment: str  # /run/environment or /run/worker/environment
    container: str  # /run/container ...
    connections: str  # /run/connections ...
    termination: str  # /termination (component level) or "" when not expressible there


@dataclass(slots=True)
class Pod:
    environment: dict[str, Any] = field(default_factory=dict)
    resources: dict[str, dict[str, Any]] = field(default_factory=dict)
    env_from: list[dict[str, Any]] = field(default_factory=list)
    connections: list[str] = field(default_factory=list)
    max_retries: Any = None


def _memory(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value}Mi"


def convert_environment(
    ctx: Context, environment: dict[str, Any], at: str, targets: Targets, skip: frozenset[str] = frozenset()
) -> Pod:
    pod = Pod()
    for key, value in environment.items():
        if key not in skip:
            _KEYS.get(key, _unknown)(ctx, join(at, key), key, value, targets, pod)
    pod.environment = {name: pod.environment[name] for name in _POD_ORDER if name in pod.environment}
    return pod


def _resources_key(ctx: Context, here: str, key: str, value: Any, targets: Targets, pod: Pod) -> None:
    _resources(ctx, as_dict(value), here, targets, pod)


def _pod_field(ctx: Context, here: str, key: str, value: Any, targets: Targets, pod: Pod) -> None:
    pod.environment[_POD[key]] = value
    ctx.mapped(here, join(targets.environment, _POD[key]))


def _max_restarts(ctx: Context, here: str, key: str, value: Any, targets: Targets, pod: Pod) -> None:
    if not targets.termination:
        ctx.dropped(here, "max_restarts of a replica has no v1 equivalent (retries apply to the whole run)")
        return
    pod.max_retries = value
    ctx.approximated(
        here,
        join(targets.termination, "maxRetries"),
        "max_restarts becomes termination.maxRetries: v1 retries the whole run, v0 restarted the pod",
    )


def _env_from(ctx: Context, here: str, key: str, value: Any, targets: Targets, pod: Pod) -> None:
    ref = "secretRef" if key == "secret_refs" else "configMapRef"
    for index, name in enumerate(value if isinstance(value, list) else [value]):
        position = len(pod.env_from)
        pod.env_from.append({ref: {"name": name}})
        ctx.approximated(
            join(here, index) if isinstance(value, list) else here,
            join(targets.container, "envFrom", position, ref, "name"),
            f"{key} entry {name!r} becomes envFrom {ref} {name!r}",
            hint="v0 named an entry of its catalog; check that the Kubernetes object has this name",
        )


def _connections(ctx: Context, here: str, key: str, value: Any, targets: Targets, pod: Pod) -> None:
    for index, name in enumerate(value if isinstance(value, list) else [value]):
        position = len(pod.connections)
        pod.connections.append(name)
        ctx.approximated(
            join(here, index) if isinstance(value, list) else here,
            join(targets.connections, position),
            f"{key} entry {name!r} becomes the connection {name!r}",
            hint="declare a connection with this name in the agent's configuration; v0 mounted a volume",
        )


def _outputs(ctx: Context, here: str, key: str, value: Any, targets: Targets, pod: Pod) -> None:
    ctx.dropped(
        here,
        "environment.outputs (outputs of earlier runs) has no v1 field",
        hint="use init: [{artifacts: ...}] or an operation param {ref: runs.<uuid>, value: outputs.<name>}",
    )


def _index(ctx: Context, here: str, key: str, value: Any, targets: Targets, pod: Pod) -> None:
    ctx.dropped(here, "a per-index replica override has no v1 equivalent: replicas are homogeneous")


def _unknown(ctx: Context, here: str, key: str, value: Any, targets: Targets, pod: Pod) -> None:
    ctx.dropped(here, f"environment.{key} is not a polyaxon v0 environment field; it was left out")


_KEYS: dict[str, Callable[[Context, str, str, Any, Targets, Pod], None]] = {
    "resources": _resources_key,
    **dict.fromkeys(_POD, _pod_field),
    "max_restarts": _max_restarts,
    "secret_refs": _env_from,
    "config_map_refs": _env_from,
    "data_refs": _connections,
    "artifact_refs": _connections,
    "outputs": _outputs,
    "index": _index,
}


def _resources(ctx: Context, resources: dict[str, Any], at: str, targets: Targets, pod: Pod) -> None:
    gpu_key = str(ctx.options.get("gpu-resource-key") or "nvidia.com/gpu")
    keys = {"cpu": "cpu", "memory": "memory", "gpu": gpu_key, "tpu": TPU_KEY}
    for name, value in resources.items():
        here = join(at, name)
        if name not in keys or not isinstance(value, dict):
            ctx.dropped(here, f"resources.{name} is not a v0 resource (cpu, memory, gpu, tpu)")
            continue
        for bound, amount in value.items():
            where = join(here, bound)
            if bound not in ("requests", "limits"):
                ctx.dropped(where, f"resources.{name}.{bound} is neither requests nor limits; v0 ignored it")
                continue
            target = join(targets.container, "resources", bound, keys[name])
            pod.resources.setdefault(bound, {})[keys[name]] = _memory(amount) if name == "memory" else amount
            if name == "memory":
                ctx.transformed(where, target, "v0 memory is in MiB")
            elif name == "tpu":
                pod.environment.setdefault("annotations", {}).setdefault(TPU_ANNOTATION, TPU_TF_VERSION)
                ctx.approximated(
                    where,
                    target,
                    f"tpu {bound} use the resource key {TPU_KEY} and the annotation {TPU_ANNOTATION}: {TPU_TF_VERSION} "
                    "(the v0 defaults)",
                    hint="change the key and the TensorFlow version if the v0 deployment configured others",
                )
            elif name == "gpu":
                ctx.transformed(where, target, f"gpu -> {gpu_key}")
            else:
                ctx.mapped(where, target)
    order = {key: index for index, key in enumerate(keys.values())}
    for bound in list(pod.resources):
        pod.resources[bound] = dict(sorted(pod.resources[bound].items(), key=lambda item: order.get(item[0], 99)))
    pod.resources = {bound: pod.resources[bound] for bound in ("requests", "limits") if bound in pod.resources}
