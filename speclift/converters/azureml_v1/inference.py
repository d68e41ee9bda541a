"""Azure ML v1 inference configurations (``az ml model deploy --ic``) -> a v2 managed online endpoint + deployment.

v1 reads the keys exactly as written (``entryScript``, ``sourceDirectory``, ``condaFile``, ``baseImage``,
``enableGpu``, ``cudaVersion``, ``extraDockerfileSteps``, ``baseImageRegistry``, ``runtime``, ``environment``);
only the inline ``environment`` is read with the SDK's key normalisation (through :mod:`.environment_section`). Paths are
relative to ``sourceDirectory`` when given, else to the configuration's folder; they are rewritten for the output's
folder. Converted alone, an inference configuration gives an endpoint with key authentication and a deployment with
documented defaults (``Standard_DS3_v2``, one instance); converting the deployment configuration instead
(:mod:`.deployment`) combines both files.

Before (v1)::

    entryScript: score.py
    runtime: python
    condaFile: conda_dependencies.yml
    sourceDirectory:
    enableGpu: False

After (``inference_config.endpoint.yml`` and ``inference_config.deployment.yml``)::

    $schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json
    name: my-endpoint
    auth_mode: key
    ---
    $schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json
    name: blue
    endpoint_name: my-endpoint
    model: azureml:set-model-name:1
    code_configuration: {code: ., scoring_script: score.py}
    environment:
      image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04
      conda_file: conda_dependencies.yml
    instance_type: Standard_DS3_v2
    instance_count: 1

Options: see :mod:`.online` (``model``, ``endpoint-name``, ``deployment-name``, ``kubernetes``, ``kubernetes-compute``).
Codes: SL401 approximated, SL402 no equivalent, SL404 cannot convert.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping
from typing import Any

from speclift.conversion import Conversion, ConversionBuilder, ConvertContext
from speclift.converters.azureml_v1 import online
from speclift.converters.azureml_v1.environment_plan import EnvironmentPlan, default_image
from speclift.converters.azureml_v1.environment_section import convert_environment_section
from speclift.converters.azureml_v1.keys import Normalised, Recorder, normalise
from speclift.converters.azureml_v1.null_keys import absent_nulls
from speclift.converters.azureml_v1.project import inference_folder
from speclift.converters.azureml_v1.suspicious import report_suspicious
from speclift.pointer import join
from speclift.yamlio import Document

SOURCE = "azureml/v1/inference-config"
TARGETS = (
    "azureml/v2/managed-online-endpoint",
    "azureml/v2/managed-online-deployment",
    "azureml/v2/kubernetes-online-endpoint",
    "azureml/v2/kubernetes-online-deployment",
)
OPTIONS = online.OPTIONS
INFERENCE_IMAGE = "mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:latest"
DEFAULT_SIZE = "Standard_DS3_v2"
_KNOWN = (
    "entryScript",
    "sourceDirectory",
    "runtime",
    "condaFile",
    "baseImage",
    "enableGpu",
    "cudaVersion",
    "extraDockerfileSteps",
    "baseImageRegistry",
    "schemaFile",
    "environment",
)


def view(data: Any) -> Normalised:
    """Top-level keys as written (v1 reads them so); the inline environment normalised like the SDK does."""
    top = normalise(data, camel=False, user_names=(), verbatim=("environment",))
    section = data.get("environment") if isinstance(data, dict) else None
    if isinstance(section, dict):
        inner = normalise(section)
        top.data["environment"] = inner.data
        top.origins.update({"/environment" + new: "/environment" + old for new, old in inner.origins.items()})
        top.shadowed.extend("/environment" + p for p in inner.shadowed)
        top.renamed.extend(("/environment" + p, w, m) for p, w, m in inner.renamed)
    return top


def read(recorder: Recorder, context: ConvertContext, base_dir: str, image: str = "", registered: str = "") -> dict[str, Any]:
    """The deployment keys an inference configuration gives: ``code_configuration``, ``environment``,
    ``environment_variables``. ``base_dir`` is the configuration's folder relative to the source's folder."""
    absent_nulls(recorder)
    report_suspicious(recorder)
    data: dict[str, Any] = recorder.view.data
    body: dict[str, Any] = {}
    source_dir = data.get("sourceDirectory")
    root = posixpath.normpath(posixpath.join(base_dir, str(source_dir))) if _set(source_dir) else base_dir
    if _set(source_dir):
        recorder.transformed("/sourceDirectory", "/code_configuration/code", "path relocated for the output's folder")
    elif "sourceDirectory" in data:
        recorder.mapped("/sourceDirectory", None)
    entry = data.get("entryScript")
    if _set(entry):
        script = str(entry)
        folder, name = (".", script) if _set(source_dir) else (posixpath.dirname(script) or ".", posixpath.basename(script))
        code = posixpath.normpath(posixpath.join(root, folder))
        body["code_configuration"] = {
            "code": context.relocate(code),
            "scoring_script": name if not _set(source_dir) else script,
        }
        recorder.mapped("/entryScript", "/code_configuration/scoring_script")
    if registered.startswith("azureml:"):  # v1 deployed with this registered environment, not the file's
        for key in _ENVIRONMENT_KEYS:
            if key in data:
                recorder.mapped(join("", key), None)
        _defaults_and_leftovers(recorder, {k: v for k, v in data.items() if k not in _ENVIRONMENT_KEYS}, False)
        body["environment"] = registered
    else:
        _environment(recorder, context, root, data, body, image)
    for key in data:
        if key in _KNOWN:
            continue
        recorder.dropped(
            join("", key),
            f"{key} is not an inference configuration key; v1 ignored it",
            hint="v1 reads entryScript, sourceDirectory, condaFile, baseImage, environment, ...",
        )
    return body


# What makes the deployment's environment: all of it gives way to a registered environment named on the command line.
_ENVIRONMENT_KEYS = (
    "environment", "condaFile", "baseImage", "baseImageRegistry", "enableGpu", "cudaVersion", "extraDockerfileSteps",
)  # fmt: skip
_NO_EQUIVALENT = {  # key -> (why v2 leaves it out, hint)
    "schemaFile": ("v1 ignored schemaFile; v2 takes the schema from the scoring script", None),
    "extraDockerfileSteps": (
        "extra Dockerfile steps have no place in an inline v2 environment",
        "write a Dockerfile FROM the image with these steps and use environment.build",
    ),
    "baseImageRegistry": (
        "private registry credentials have no place in a v2 environment",
        "give the workspace identity pull access to the registry, or import the image into the workspace ACR",
    ),
    "cudaVersion": ("v2 has no CUDA version switch: the image decides", "choose a GPU image"),
}


def _environment(
    recorder: Recorder, context: ConvertContext, root: str, data: dict[str, Any], body: dict[str, Any], image: str
) -> None:
    gpu = data.get("enableGpu") is True or str(data.get("enableGpu")).lower() == "true"
    _defaults_and_leftovers(recorder, data, gpu)
    if _set(data.get("environment")):
        plan = EnvironmentPlan(context, default_image=image, base_dir=root, subject="deployment")
        _from_section(recorder, plan, data, body, gpu)
        return
    if "environment" in data:
        recorder.mapped("/environment", None)
    env: dict[str, Any] = {"image": _image(recorder, context, data, image, gpu)}
    conda = data.get("condaFile")
    if _set(conda):
        path = posixpath.normpath(posixpath.join(root, str(conda)))
        env["conda_file"] = context.relocate(path)
        recorder.transformed("/condaFile", "/environment/conda_file", "path relocated for the output's folder")
    body["environment"] = env


def _defaults_and_leftovers(recorder: Recorder, data: dict[str, Any], gpu: bool) -> None:
    """Keys at v1's default (v2's too) are recorded as read; the ones v2 has no place for are reported."""
    for key in ("runtime", "schemaFile", "extraDockerfileSteps", "baseImageRegistry", "cudaVersion", "enableGpu"):
        if key in data and not _set(data[key]):
            recorder.mapped(join("", key), None)  # unset: v1's default, which is v2's too
    if str(data.get("runtime")).lower() == "python":
        recorder.mapped("/runtime", None)
    if _set(data.get("enableGpu")) and not gpu:
        recorder.mapped("/enableGpu", None)
    if _set(data.get("runtime")) and str(data["runtime"]).lower() != "python":
        recorder.dropped("/runtime", f"runtime {data['runtime']} has no v2 equivalent: v2 deployments run Python")
    for key, (message, hint) in _NO_EQUIVALENT.items():
        if _set(data.get(key)):
            recorder.dropped(join("", key), message, hint=hint)


def _from_section(recorder: Recorder, plan: EnvironmentPlan, data: dict[str, Any], body: dict[str, Any], gpu: bool) -> None:
    """An inline ``environment`` section: v1 used it and refused the image keys beside it."""
    result = convert_environment_section(recorder, "/environment", plan)
    body["environment"] = result.value
    if result.variables:
        body["environment_variables"] = result.variables
    for key, value in result.resources.items():
        if key == "shm_size" and value == "2g":
            continue  # v1's default
        recorder.finding("SL402", f"an online deployment has no {key}; it was left out", "/environment/docker")
    for key in ("condaFile", "baseImage"):
        if _set(data.get(key)):
            recorder.dropped(join("", key), f"v1 refuses {key} next to an environment; the environment is used")
    if gpu:
        recorder.dropped("/enableGpu", "v1 refuses enableGpu next to an environment; the environment is used")


def _image(recorder: Recorder, context: ConvertContext, data: dict[str, Any], image: str, gpu: bool) -> str:
    base = data.get("baseImage")
    if _set(base):
        recorder.mapped("/baseImage", "/environment/image")
        if gpu:
            recorder.mapped("/enableGpu", "/environment/image")
        return str(base)
    conda = data.get("condaFile")
    plan = EnvironmentPlan(context, default_image=image, subject="deployment")
    chosen = default_image(plan, gpu) if _set(conda) or gpu or image else INFERENCE_IMAGE
    where = "/enableGpu" if gpu else "/baseImage" if "baseImage" in data else ""
    message = f"v1 chose its inference base image itself; the deployment uses {chosen}"
    hint = (
        "the conda file must list azureml-defaults or azureml-inference-server-http"
        if _set(conda)
        else "v1 added azureml-defaults itself; add a conda file if the scoring script needs more packages"
    )
    if where:
        recorder.approximated(where, "/environment/image", message, hint=hint)
    else:
        recorder.finding("SL401", message, "", hint=hint)
    return chosen


def _set(value: Any) -> bool:
    return value is not None and value != "" and value != {} and value != []


def convert(document: Document, path: str, options: Mapping[str, Any], context: ConvertContext) -> Conversion:
    """Convert an inference configuration alone: the deployment gets documented defaults."""
    builder = ConversionBuilder(document, path, SOURCE)
    if not isinstance(document.data, dict) or not _set(document.data.get("entryScript")):
        message = "an inference configuration needs entryScript (v1 refused it too)"
        return builder.refuse(message, hint="add entryScript: score.py")
    normalised = view(document.data)
    recorder = Recorder(builder, normalised, document, path, output=online.DEPLOYMENT)
    folder = inference_folder(options, context, normalised.data)
    if folder.note:
        recorder.finding("SL411", folder.note, "")
    body = read(
        recorder, context, folder.relative, str(options.get("default-image") or ""), str(options.get("environment") or "")
    )
    recorder.report_spelling("azureml-core")
    kubernetes = bool(options.get("kubernetes"))
    name = online.endpoint_name(options, path)
    endpoint_body: dict[str, Any] = {"auth_mode": "key"}
    if kubernetes:
        endpoint_body["compute"] = f"azureml:{options.get('kubernetes-compute') or 'set-kubernetes-compute'}"
    else:
        body["instance_type"] = DEFAULT_SIZE
    body["instance_count"] = 1
    body["model"] = online.model_reference(options)
    builder.finding(
        "SL401",
        "no deployment configuration: the endpoint uses key authentication and the deployment "
        + ("one instance" if kubernetes else f"one {DEFAULT_SIZE} instance"),
        "",
        hint="convert the deployment configuration instead (it finds this file as a sibling or with "
        "--option inference-config=PATH)",
    )
    finish(builder, options, name, kubernetes, endpoint_body, body)
    return builder.build()


def finish(
    builder: ConversionBuilder,
    options: Mapping[str, Any],
    name: str,
    kubernetes: bool,
    endpoint_body: dict[str, Any],
    body: dict[str, Any],
) -> None:
    """Write both outputs; report the model placeholder and a missing Kubernetes compute. A registered environment
    v1 deployed with (``az ml model deploy -e NAME --ev VERSION``) replaces the inference configuration's."""
    registered = str(options.get("environment") or "")
    if registered.startswith("azureml:"):
        message = f"environment {registered}: the registered environment v1 deployed with, not the inference configuration's"
        builder.finding("SL411", message, "")
    if body.get("model") == online.MODEL_PLACEHOLDER:
        builder.finding(
            "SL401",
            f"v1 named the model on the command line (-m name:version); the deployment refers to {online.MODEL_PLACEHOLDER}",
            "",
            hint="set --option model=NAME:VERSION",
        )
    if kubernetes and endpoint_body.get("compute") == "azureml:set-kubernetes-compute":
        builder.finding(
            "SL401",
            "a Kubernetes endpoint needs the attached compute; it refers to azureml:set-kubernetes-compute",
            "",
            hint="set --option kubernetes-compute=NAME",
        )
    deployment = str(options.get("deployment-name") or "blue")
    kind = "kubernetes" if kubernetes else "managed"
    builder.output(f"azureml/v2/{kind}-online-endpoint", online.endpoint_document(name, kubernetes, endpoint_body), "endpoint")
    builder.output(
        f"azureml/v2/{kind}-online-deployment",
        online.deployment_document(deployment, name, kubernetes, body),
        "deployment",
    )


def relative_dir(path: str) -> str:
    """The folder of ``path`` (relative to the source's folder) in POSIX form, ``.`` for none."""
    folder = os.path.dirname(path).replace(os.sep, "/")
    return folder or "."
