"""Azure ML v1 deployment configurations (``az ml model deploy --dc``, ACI/AKS) -> a v2 online endpoint + deployment.

v1 reads the keys exactly as written, and only those of the ``computeType`` (``ACI``, ``AKS``, ``AKSENDPOINT``,
``local``); any other key was ignored and is reported, with the key v1 reads when it is a near miss
(``enableAppInsights`` -> ``appInsightsEnabled``). The inference configuration (entry script, conda file, image) is
read from ``--option inference-config=PATH`` or a sibling file with a conventional name (``inferenceconfig``,
``inferenceConfig``, ``inference_config``, ``inference-config``; ``.yml``, ``.yaml`` or ``.json``); its findings
name that file. Two outputs: ``<stem>.endpoint.yml`` and ``<stem>.deployment.yml``.

Mapping (managed by default; ``--option kubernetes=true`` writes Kubernetes endpoints for AKS targets):
``containerResourceRequirements{cpu, memoryInGB}`` -> ``instance_type`` by the migration guide's table (Kubernetes:
``resources.requests``, with ``cpuLimit``/``memoryInGBLimit`` as ``resources.limits``); ``authEnabled`` /
``tokenAuthEnabled`` -> endpoint ``auth_mode: key`` / ``aml_token`` (no authentication has no v2 equivalent);
``appInsightsEnabled`` -> ``app_insights_enabled``; ``numReplicas`` -> ``instance_count``; ``autoScaler`` ->
Kubernetes ``scale_settings: target_utilization`` (managed: ``instance_count: minReplicas``, autoscale is an Azure
Monitor setting); ``scoringTimeoutMs``, ``maxConcurrentRequestsPerContainer``, ``maxQueueWaitMs`` ->
``request_settings``; ``livenessProbeRequirements`` -> ``liveness_probe``; TLS, DNS, location, customer keys and
service keys have no v2 equivalent.

Before (v1)::

    computeType: AKS
    containerResourceRequirements: {cpu: 2, memoryInGB: 4}
    tokenAuthEnabled: true
    scoringTimeoutMs: 5000
    numReplicas: 2

After (``dc.endpoint.yml``, ``dc.deployment.yml``; the inference configuration next to it)::

    name: my-service
    auth_mode: aml_token
    ---
    name: blue
    endpoint_name: my-service
    model: azureml:set-model-name:1
    code_configuration: {code: ., scoring_script: score.py}
    environment: {image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04, conda_file: conda.yml}
    instance_type: Standard_DS2_v2
    instance_count: 2
    request_settings: {request_timeout_ms: 5000}

Options: ``inference-config``, ``model``, ``endpoint-name``, ``deployment-name``, ``kubernetes``, ``kubernetes-compute``
(:mod:`.online`). Sizing and serving keys are read by :mod:`.deployment_fields`. Codes: SL401 approximated, SL402
no equivalent, SL404 cannot convert.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from speclift.conversion import Conversion, ConversionBuilder, ConvertContext
from speclift.converters.azureml_v1 import inference, online
from speclift.converters.azureml_v1.deployment_fields import (
    REQUEST_SETTINGS,
    convert_replicas,
    convert_resources,
    convert_serving,
    report_ignored,
    truthy,
)
from speclift.converters.azureml_v1.keys import Recorder, normalise, related_path
from speclift.converters.azureml_v1.null_keys import absent_nulls
from speclift.converters.azureml_v1.project import inference_folder
from speclift.converters.azureml_v1.suspicious import report_suspicious
from speclift.pointer import join
from speclift.yamlio import Document

SOURCE = "azureml/v1/deployment-config"
TARGETS = inference.TARGETS
OPTIONS = online.OPTIONS

_COMMON = ("computeType", "containerResourceRequirements", "authEnabled", "appInsightsEnabled", "keys")
_ACI = (
    "location",
    "sslEnabled",
    "sslCertificate",
    "sslKey",
    "cname",
    "dnsNameLabel",
    "vaultBaseUrl",
    "keyName",
    "keyVersion",
    "vnetName",
    "subnetName",
)
_AKS = (
    "autoScaler",
    "dataCollection",
    "tokenAuthEnabled",
    "scoringTimeoutMs",
    "maxConcurrentRequestsPerContainer",
    "maxQueueWaitMs",
    "numReplicas",
    "gpuCores",
    "livenessProbeRequirements",
    "namespace",
)
_READ = {
    "aci": _COMMON + _ACI,
    "aks": _COMMON + _AKS + ("computeTargetName",),
    "aksendpoint": _COMMON + _AKS + ("versionName", "trafficPercentile"),
    "local": ("computeType", "port"),
}
_SIBLINGS = tuple(
    f"{stem}{ext}"
    for stem in ("inferenceconfig", "inferenceConfig", "inference_config", "inference-config")
    for ext in (".yml", ".yaml", ".json")
)


def convert(document: Document, path: str, options: Mapping[str, Any], context: ConvertContext) -> Conversion:
    builder = ConversionBuilder(document, path, SOURCE)
    data = document.data if isinstance(document.data, dict) else {}
    compute = str(data.get("computeType") or "").lower()
    if compute not in _READ:
        message = (
            f"computeType {data['computeType']!r} is not one v1 deploys to (ACI, AKS, AKSENDPOINT, local)"
            if data.get("computeType")
            else "computeType is missing: v1 needed it (or --compute-type) to know which keys it reads"
        )
        return builder.refuse(message, "/computeType" if "computeType" in data else "", hint="set computeType: ACI or AKS")
    recorder = Recorder(
        builder, normalise(data, camel=False, user_names=(), verbatim=()), document, path, output=online.DEPLOYMENT
    )
    absent_nulls(recorder)
    report_suspicious(recorder)
    data = recorder.view.data
    kubernetes = bool(options.get("kubernetes")) and compute != "aci"
    endpoint: dict[str, Any] = {}
    body: dict[str, Any] = {"model": online.model_reference(options)}
    _inference(builder, recorder, options, context, path, body)
    _compute_type(builder, recorder, compute, kubernetes, options, data, endpoint)
    _auth(builder, recorder, compute, data, endpoint)
    convert_resources(recorder, compute, kubernetes, data, body)
    convert_replicas(recorder, compute, kubernetes, data, body)
    convert_serving(recorder, data, body)
    _rest(recorder, compute, data)
    name = online.endpoint_name(options, path)
    if compute == "aksendpoint" and data.get("versionName") and not options.get("deployment-name"):
        options = {**options, "deployment-name": str(data["versionName"])}
    if "trafficPercentile" in data and compute == "aksendpoint":
        endpoint["traffic"] = {str(options.get("deployment-name") or "blue"): data["trafficPercentile"]}
        builder.mapped("/trafficPercentile", "/traffic")
    inference.finish(builder, options, name, kubernetes, endpoint, body)
    return builder.build()


def _inference(
    builder: ConversionBuilder,
    recorder: Recorder,
    options: Mapping[str, Any],
    context: ConvertContext,
    path: str,
    body: dict[str, Any],
) -> None:
    given = str(options.get("inference-config") or "")
    candidates = [given] if given else [name for name in _SIBLINGS if context.exists(name)]
    found = None
    for relative in candidates:
        found = context.read(relative)
        if found is not None:
            break
    if found is None or not isinstance(found.data, dict):
        builder.finding(
            "SL401" if not given else "SL404",
            f"the inference configuration {context.shown(given)} cannot be read"
            if given
            else "no inference configuration next to this file: the deployment has no scoring code or environment "
            "(only an MLflow model deploys so)",
            "",
            hint="set --option inference-config=PATH",
        )
        return
    view = inference.view(found.data)
    related = Recorder(builder, view, found, related_path(path, relative), primary=False, output=online.DEPLOYMENT)
    image = str(options.get("default-image") or "")
    folder = inference_folder(options, context, view.data, inference.relative_dir(relative))
    if folder.note:
        recorder.finding("SL411", folder.note, "")
    body.update(inference.read(related, context, folder.relative, image, str(options.get("environment") or "")))
    related.report_spelling("azureml-core")


def _compute_type(
    builder: ConversionBuilder,
    recorder: Recorder,
    compute: str,
    kubernetes: bool,
    options: Mapping[str, Any],
    data: dict[str, Any],
    endpoint: dict[str, Any],
) -> None:
    if kubernetes:
        target = options.get("kubernetes-compute") or data.get("computeTargetName") or "set-kubernetes-compute"
        endpoint["compute"] = f"azureml:{target}"
        recorder.approximated(
            "/computeType",
            None,
            f"{data['computeType']} web service -> Kubernetes online endpoint on an attached compute; the scoring URI changes",
        )
        if data.get("computeTargetName") and compute == "aks":
            recorder.mapped("/computeTargetName", "/compute", output=online.ENDPOINT)
        return
    extra = " and runs locally only with az ml online-deployment create --local" if compute == "local" else ""
    recorder.approximated(
        "/computeType",
        None,
        f"{data['computeType']} web service -> managed online endpoint{extra}; the scoring URI changes",
        hint="managed endpoints are what the migration guide recommends for ACI and AKS; use --option kubernetes=true "
        "to keep an AKS cluster"
        if compute != "aci"
        else None,
    )
    if "computeTargetName" in data and compute == "aks":
        recorder.dropped("/computeTargetName", "a managed endpoint runs on Azure ML's own machines: no compute target")


def _auth(builder: ConversionBuilder, recorder: Recorder, compute: str, data: dict[str, Any], endpoint: dict[str, Any]) -> None:
    if compute == "local":
        endpoint["auth_mode"] = "key"
        return
    token = data.get("tokenAuthEnabled") if compute != "aci" else None
    key = data.get("authEnabled")
    if truthy(token):
        endpoint["auth_mode"] = "aml_token"
        builder.mapped("/tokenAuthEnabled", "/auth_mode", online.ENDPOINT)
        if "authEnabled" in data:
            if truthy(key):
                recorder.dropped("/authEnabled", "v1 refuses key and token authentication together; token is kept")
            else:
                builder.mapped("/authEnabled", "/auth_mode", online.ENDPOINT)
        return
    endpoint["auth_mode"] = "key"
    if "tokenAuthEnabled" in data and compute != "aci":
        builder.mapped("/tokenAuthEnabled", "/auth_mode", online.ENDPOINT)
    if truthy(key):
        builder.mapped("/authEnabled", "/auth_mode", online.ENDPOINT)
    elif key is None and compute != "aci":
        if "authEnabled" in data:
            builder.mapped("/authEnabled", "/auth_mode", online.ENDPOINT)
    else:
        message = "v2 online endpoints always authenticate: the endpoint uses key authentication"
        hint = "clients must now send the endpoint key (az ml online-endpoint get-credentials)"
        if "authEnabled" in data and key is not None:
            recorder.dropped("/authEnabled", "authEnabled: false has no v2 equivalent; " + message, hint=hint)
        else:
            if "authEnabled" in data:
                builder.mapped("/authEnabled", "/auth_mode", online.ENDPOINT)
            recorder.finding("SL401", "an ACI service had no authentication by default; " + message, "/computeType", hint=hint)


def _rest(recorder: Recorder, compute: str, data: dict[str, Any]) -> None:
    read = _READ[compute]
    handled = {"computeType", "containerResourceRequirements", "authEnabled", "tokenAuthEnabled", "gpuCores", "computeTargetName"}
    handled |= {
        "numReplicas",
        "autoScaler",
        "appInsightsEnabled",
        "dataCollection",
        "livenessProbeRequirements",
        "trafficPercentile",
    }
    handled |= set(REQUEST_SETTINGS)
    reasons = {
        "sslEnabled": "managed endpoints always serve HTTPS with their own certificate",
        "sslCertificate": "managed endpoints always serve HTTPS with their own certificate",
        "sslKey": "managed endpoints always serve HTTPS with their own certificate",
        "cname": "v2 endpoints have no custom DNS name",
        "dnsNameLabel": "v2 endpoints have no custom DNS name",
        "location": "an endpoint lives in its workspace's region",
        "vaultBaseUrl": "v2 endpoints take no customer-managed key",
        "keyName": "v2 endpoints take no customer-managed key",
        "keyVersion": "v2 endpoints take no customer-managed key",
        "keys": "v2 generates the endpoint keys (az ml online-endpoint regenerate-keys)",
        "vnetName": "v2 isolates endpoints with the workspace's private endpoint",
        "subnetName": "v2 isolates endpoints with the workspace's private endpoint",
        "namespace": "the namespace is fixed when the cluster is attached to the workspace",
        "port": "a local v2 deployment picks its own port",
        "versionName": "",
    }
    for key, value in data.items():
        pointer = join("", key)
        if key in handled and key in read:
            continue
        if key not in read:
            if key not in handled or not recorder.covered(pointer):
                report_ignored(recorder, pointer, key, read, f"computeType {data['computeType']}")
            continue
        if key == "versionName":
            recorder.mapped(pointer, "/name")
        elif (
            value is None
            or value == ""
            or value is False
            or value == {}
            or (isinstance(value, dict) and all(v is None or v == "" for v in value.values()))
        ):
            recorder.mapped(pointer, None)
        else:
            hint = "set public_network_access: disabled on the endpoint" if key in ("vnetName", "subnetName") else None
            recorder.dropped(pointer, f"{key} has no v2 equivalent: {reasons.get(key, 'v2 has no such setting')}", hint=hint)
