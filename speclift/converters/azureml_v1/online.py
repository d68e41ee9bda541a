"""What the v1 deployment and inference configurations share on their way to v2 online endpoints.

The options of both converters, the endpoint name rules, the CPU/memory -> VM size table of the migration guide
(``migrate-to-v2-managed-online-endpoints``), and the assembly of the endpoint and deployment documents in the key
order of the v2 docs. Both converters write two outputs: the endpoint (suffix ``endpoint``) and the deployment
(suffix ``deployment``), so ``speclift convert dc.yml -o svc.yml`` writes ``svc.endpoint.yml`` and
``svc.deployment.yml``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from speclift.converters import Option
from speclift.converters.azureml_v1.options import OPTIONS as SHARED

ENDPOINT_SCHEMA = "https://azuremlschemas.azureedge.net/latest/{}OnlineEndpoint.schema.json"
DEPLOYMENT_SCHEMA = "https://azuremlschemas.azureedge.net/latest/{}OnlineDeployment.schema.json"
MODEL_PLACEHOLDER = "azureml:set-model-name:1"
ENDPOINT = 0  # output indexes
DEPLOYMENT = 1


def _bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered not in ("true", "false", "yes", "no", "1", "0"):
        raise ValueError(f"expected true or false, not {text!r}")
    return lowered in ("true", "yes", "1")


OPTIONS: dict[str, Option] = {
    "inference-config": Option(
        "",
        "the inference configuration a deployment configuration goes with (v1's --ic); default: a sibling named "
        "inferenceconfig, inferenceConfig, inference_config or inference-config (.yml, .yaml or .json)",
        doc="deployment configurations: the inference configuration they go with (v1's `--ic`)",
        shown_default="a sibling named `inferenceconfig`, `inferenceConfig`, `inference_config` or `inference-config`",
        path=True,
    ),
    "model": Option(
        "",
        "the registered model the deployment serves (v1's -m name:version); default: a placeholder",
        doc="deployments: the model served (v1 named it on the command line: `-m name:version`)",
        shown_default="`azureml:set-model-name:1` and a finding",
    ),
    "endpoint-name": Option(
        "",
        "the endpoint's name; default: derived from the file name",
        doc="deployments: the endpoint's name",
        shown_default="from the file name (generic words such as `deployment`, `config`, `aci` left out; else the folder's name)",
    ),
    "deployment-name": Option(
        "blue",
        "the deployment's name",
        doc="deployments: the deployment's name",
        shown_default="`blue` (`versionName` for `AKSENDPOINT`)",
    ),
    "kubernetes": Option(
        False,
        "write a Kubernetes online endpoint and deployment for AKS targets instead of managed ones",
        parse=_bool,
        doc="deployments: `true` writes a Kubernetes online endpoint (`compute: azureml:<kubernetes-compute or "
        "computeTargetName>`) and deployment for AKS targets; ACI always becomes managed",
    ),
    "default-image": Option("", "the image of an environment that names none (default: v1's default base image)"),
    "environment": SHARED["environment"],
    "project-dir": SHARED["project-dir"],
    "kubernetes-compute": Option(
        "",
        "the attached Kubernetes compute of a Kubernetes endpoint; default: v1's computeTargetName",
        doc="deployments: the attached Kubernetes compute of a Kubernetes endpoint",
        shown_default="v1's `computeTargetName`",
    ),
}

# (max cpu, max memory in GB, VM size), first match wins: the migration guide's table, then larger sizes.
_SIZES = (
    (1, 1.2, "Standard_DS1_v2"),
    (2, 1.7, "Standard_F2s_v2"),
    (2, 4.7, "Standard_DS2_v2"),
    (2, 13.7, "Standard_E2s_v3"),
    (4, 5.7, "Standard_F4s_v2"),
    (4, 11.7, "Standard_DS3_v2"),
    (4, 16, "Standard_E4s_v3"),
)
_LARGER = ((8, 64, "Standard_E8s_v3"), (16, 128, "Standard_E16s_v3"), (32, 256, "Standard_E32s_v3"))
GPU_SIZE = "Standard_NC6s_v3"
_GENERIC = re.compile(r"^(deployment|deploy|inference|configuration|config|aci|aks|dc|ic|v1|v2)+$")


def instance_type(cpu: float, memory: float) -> tuple[str, bool]:
    """The VM size for ``cpu`` cores and ``memory`` GB, and whether the guide's table covers it."""
    for max_cpu, max_memory, size in _SIZES:
        if cpu <= max_cpu and memory <= max_memory:
            return size, True
    for max_cpu, max_memory, size in _LARGER:
        if cpu <= max_cpu and memory <= max_memory:
            return size, False
    return _LARGER[-1][2], False


def endpoint_name(options: Mapping[str, Any], path: str) -> str:
    """The option, else a valid name (letter first, letters/digits/hyphens, 3-32 characters) from the file name."""
    given = str(options.get("endpoint-name") or "")
    if given:
        return given
    stem = os.path.splitext(os.path.basename(path))[0]
    kept = _words(stem)
    if not kept:
        folder = os.path.basename(os.path.dirname(os.path.abspath(path)))
        kept = _words(folder) or [w.lower() for w in re.findall(r"[A-Za-z0-9]+", folder)]
    name = "-".join(kept).lstrip("-0123456789")
    while len(name) > 32 and "-" in name:
        name = name.rsplit("-", 1)[0]
    name = name[:32].rstrip("-")
    return name if len(name) >= 3 else "my-endpoint"


def _words(text: str) -> list[str]:
    """The words of a file or folder name, without the generic ones (``deploymentConfig_aci`` -> [])."""
    words = re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", text)
    return [w.lower() for w in words if not _GENERIC.match(w.lower())]


def model_reference(options: Mapping[str, Any]) -> str:
    """``-O model=name:version`` (or ``azureml:...``) as a v2 model reference."""
    given = str(options.get("model") or "")
    if not given:
        return MODEL_PLACEHOLDER
    if given.startswith("azureml:"):
        return given
    return f"azureml:{given}" if ":" in given or "@" in given else f"azureml:{given}@latest"


def endpoint_document(name: str, kubernetes: bool, body: Mapping[str, Any]) -> dict[str, Any]:
    kind = "kubernetes" if kubernetes else "managed"
    document: dict[str, Any] = {"$schema": ENDPOINT_SCHEMA.format(kind), "name": name}
    for key in ("compute", "auth_mode", "traffic"):
        if key in body:
            document[key] = body[key]
    return document


_DEPLOYMENT_ORDER = (
    "model",
    "code_configuration",
    "environment",
    "environment_variables",
    "instance_type",
    "instance_count",
    "resources",
    "scale_settings",
    "request_settings",
    "liveness_probe",
    "app_insights_enabled",
    "data_collector",
)


def deployment_document(name: str, endpoint: str, kubernetes: bool, body: Mapping[str, Any]) -> dict[str, Any]:
    kind = "kubernetes" if kubernetes else "managed"
    document: dict[str, Any] = {"$schema": DEPLOYMENT_SCHEMA.format(kind), "name": name, "endpoint_name": endpoint}
    if kubernetes:
        document["type"] = "kubernetes"
    for key in _DEPLOYMENT_ORDER:
        if key in body:
            document[key] = body[key]
    return document


def quantity(value: float) -> str:
    """A Kubernetes quantity for a number of cores or GB, as a string: ``0.5`` -> ``"0.5"``."""
    return str(int(value)) if float(value).is_integer() else str(value)


def memory_quantity(gigabytes: float) -> str:
    """``4`` -> ``"4Gi"``, ``0.5`` -> ``"512Mi"``."""
    if float(gigabytes).is_integer():
        return f"{int(gigabytes)}Gi"
    return f"{round(gigabytes * 1024)}Mi"
