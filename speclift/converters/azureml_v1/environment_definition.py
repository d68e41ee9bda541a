"""Azure ML v1 environment definitions (``azureml_environment.json``, ``az ml environment register -d``) -> a v2
environment.

The definition is read through :mod:`.environment_section` (the SDK's key normalisation; every key accounted for).
Like ``Environment.load_from_directory``, the files v1 keeps next to the definition are used: ``conda_dependencies.yml``
becomes ``conda_file`` (relocated for the output's folder) and ``BaseDockerfile`` becomes
``build: {path: <the folder>, dockerfile_path: BaseDockerfile}``. Environment variables have no place in a v2
environment (they go to the jobs and deployments that use it) and are reported.

Before (``my-env/azureml_environment.json`` + ``my-env/conda_dependencies.yml``)::

    {"name": "my-train-env", "version": "3",
     "python": {"userManagedDependencies": false, "interpreterPath": "python"},
     "docker": {"baseImage": "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04", "platform": {"os": "Linux"}}}

After::

    $schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json
    name: my-train-env
    version: '3'
    image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04
    conda_file: conda_dependencies.yml
    os_type: linux

Codes: SL401 approximated, SL402 no equivalent.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from speclift.conversion import Conversion, ConversionBuilder, ConvertContext
from speclift.converters import Option
from speclift.converters.azureml_v1.environment_plan import EnvironmentPlan
from speclift.converters.azureml_v1.environment_section import convert_environment_section
from speclift.converters.azureml_v1.keys import Recorder, normalise
from speclift.converters.azureml_v1.null_keys import absent_nulls
from speclift.converters.azureml_v1.suspicious import report_suspicious
from speclift.yamlio import Document

SOURCE = "azureml/v1/environment"
TARGETS = ("azureml/v2/environment",)
OPTIONS: dict[str, Option] = {}
CONDA_FILE = "conda_dependencies.yml"
DOCKERFILE = "BaseDockerfile"


def convert(document: Document, path: str, options: Mapping[str, Any], context: ConvertContext) -> Conversion:
    builder = ConversionBuilder(document, path, SOURCE)
    data = document.data if isinstance(document.data, dict) else {}
    view = normalise(data)
    recorder = Recorder(builder, view, document, path, output=0)
    absent_nulls(recorder)
    report_suspicious(recorder)
    folder = os.path.basename(os.path.dirname(os.path.abspath(path)))
    default = re.sub(r"[^-A-Za-z0-9_.]+", "-", folder).strip("-.") or "environment"
    plan = EnvironmentPlan(context, separate=True, default_name=default, output=0, subject="environment")
    result = convert_environment_section(recorder, "", plan)
    recorder.report_spelling("azureml-core")
    document_out = dict(result.document or {})
    for key, value in result.resources.items():
        if key == "shm_size" and value == "2g":
            continue  # v1's default
        builder.finding(
            "SL402",
            f"{key} is a job setting in v2 (resources.{key}), not part of an environment; it was left out",
            "/docker",
            hint=f"set resources.{key}: {value} on the jobs that use this environment",
        )
    python = view.data.get("python") if isinstance(view.data.get("python"), dict) else {}
    user_managed = bool(python.get("userManagedDependencies"))
    if "conda_file" not in document_out and not user_managed and context.exists(CONDA_FILE):
        document_out["conda_file"] = context.relocate(CONDA_FILE)
    if "build" not in document_out and context.exists(DOCKERFILE):
        document_out.pop("image", None)
        document_out["build"] = {"path": context.relocate("."), "dockerfile_path": DOCKERFILE}
        recorder.finding(
            "SL401",
            f"{DOCKERFILE} next to the definition became environment.build on this folder (v1 built from its text)",
            "/docker" if "docker" in view.data else "",
        )
    if not view.data.get("name"):
        builder.finding("SL401", f"the definition has no name; the environment is named {default}", "")
    order = ("$schema", "name", "version", "image", "build", "conda_file", "os_type")
    builder.output("azureml/v2/environment", {k: document_out[k] for k in order if k in document_out})
    return builder.build()
