"""Verdicts of the official Azure ML SDK (azure-ai-ml) on v2 YAML files.

Runs inside the azure-ai-ml virtual environment (see requirements-azureml.txt); it never imports speclift.

    python official_azureml.py FILE...                 # files as arguments
    python official_azureml.py --list LIST              # one file a line; "-" reads standard input

A line of the list may carry a hint after a tab: the speclift spec-type name the file is meant to be
(``command-component``, ``managed-online-deployment``, ...). The hint is only used when the file itself does not
say what it is (no ``$schema``), the way a user picks ``az ml job create`` or ``az ml component create``.

Output: one JSON object per line on standard output, in input order:

    {"file": "...", "ok": true|false|null, "loader": "load_job", "error": "short text"}

``ok`` is ``null`` when the SDK has no loader for the file (promptflow flows and runs): such files have no official
verdict. Everything runs offline: loading and ``_validate()`` never contact a workspace.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import re
import sys
import warnings
from collections.abc import Callable
from typing import Any

from oracle import ERROR_LIMIT, json_lines_output, read_list

logging.disable(logging.CRITICAL)
warnings.filterwarnings("ignore")
os.environ.setdefault("AZUREML_LOG_LEVEL", "CRITICAL")
os.environ.setdefault("AZURE_CORE_COLLECT_TELEMETRY", "false")

import yaml  # noqa: E402  (installed with azure-ai-ml)
from azure.ai.ml.entities import _load_functions as aml  # noqa: E402
from azure.ai.ml.entities._data_import.data_import import DataImport  # noqa: E402

load_common = aml.load_common
load_model_batch_deployment = aml.load_model_batch_deployment
load_pipeline_component_batch_deployment = aml.load_pipeline_component_batch_deployment


ENDPOINT_NAME = "conformance-endpoint"  # what `--endpoint-name` supplies on the command line


def _load_data_import(path: str, **kwargs: Any) -> Any:
    return load_common(DataImport, path, None, kwargs.get("params_override"))


def _load_batch_deployment(path: str, **kwargs: Any) -> Any:
    # `az ml batch-deployment create` dispatches on `type`; load_batch_deployment itself does not.
    kind = str((_DOC_CACHE.get(path) or {}).get("type", "")).lower()
    if kind == "model":
        return load_model_batch_deployment(path, **kwargs)
    if kind == "pipeline":
        return load_pipeline_component_batch_deployment(path, **kwargs)
    return aml.load_batch_deployment(path, **kwargs)


NO_LOADER = "none"

# loader name -> (callable, needs an endpoint name)
LOADERS: dict[str, tuple[Callable[..., Any], bool]] = {
    "load_job": (aml.load_job, False),
    "load_component": (aml.load_component, False),
    "load_environment": (aml.load_environment, False),
    "load_data": (aml.load_data, False),
    "load_data_import": (_load_data_import, False),
    "load_model": (aml.load_model, False),
    "load_online_endpoint": (aml.load_online_endpoint, False),
    "load_online_deployment": (aml.load_online_deployment, True),
    "load_batch_endpoint": (aml.load_batch_endpoint, False),
    "load_batch_deployment": (_load_batch_deployment, True),
    "load_model_batch_deployment": (load_model_batch_deployment, True),
    "load_pipeline_component_batch_deployment": (load_pipeline_component_batch_deployment, True),
    "load_schedule": (aml.load_schedule, False),
    "load_compute": (aml.load_compute, False),
    "load_datastore": (aml.load_datastore, False),
    "load_workspace": (aml.load_workspace, False),
    "load_connection": (aml.load_connection, False),
    "load_registry": (aml.load_registry, False),
    "load_model_package": (aml.load_model_package, False),
    "load_feature_store": (aml.load_feature_store, False),
    "load_feature_set": (aml.load_feature_set, False),
    "load_feature_store_entity": (aml.load_feature_store_entity, False),
    "load_index": (aml.load_index, False),
    "load_serverless_endpoint": (aml.load_serverless_endpoint, False),
    "load_marketplace_subscription": (aml.load_marketplace_subscription, False),
    "load_capability_host": (aml.load_capability_host, False),
}

# Last segment of the `$schema` URL (lower-cased, without `.schema.json` / `.json`) -> loader.
SCHEMA_LOADERS: dict[str, str] = {
    **{
        k: "load_job"
        for k in (
            "commandjob",
            "sweepjob",
            "pipelinejob",
            "automljob",
            "sparkjob",
            "paralleljob",
            "datatransferjob",
            "job",
            "commandjobs",
        )
    },
    **{
        k: "load_component"
        for k in (
            "commandcomponent",
            "pipelinecomponent",
            "parallelcomponent",
            "sparkcomponent",
            "datatransfercomponent",
            "component",
            "importcomponent",
            "flowcomponent",
        )
    },
    "environment": "load_environment",
    "data": "load_data",
    "dataimport": "load_data_import",
    "model": "load_model",
    "managedonlineendpoint": "load_online_endpoint",
    "kubernetesonlineendpoint": "load_online_endpoint",
    "onlineendpoint": "load_online_endpoint",
    "managedonlinedeployment": "load_online_deployment",
    "kubernetesonlinedeployment": "load_online_deployment",
    "onlinedeployment": "load_online_deployment",
    "batchendpoint": "load_batch_endpoint",
    "batchdeployment": "load_batch_deployment",
    "modelbatchdeployment": "load_model_batch_deployment",
    "pipelinecomponentbatchdeployment": "load_pipeline_component_batch_deployment",
    "schedule": "load_schedule",
    **{
        k: "load_compute"
        for k in (
            "amlcompute",
            "computeinstance",
            "kubernetescompute",
            "vmcompute",
            "virtualmachinecompute",
            "synapsesparkcompute",
            "compute",
            "attachedcompute",
        )
    },
    **{
        k: "load_datastore"
        for k in (
            "azureblob",
            "azurefile",
            "azuredatalakegen1",
            "azuredatalakegen2",
            "onelake",
            "datastore",
            "azureblobdatastore",
            "azurefiledatastore",
        )
    },
    "workspace": "load_workspace",
    "hubworkspace": "load_workspace",
    "projectworkspace": "load_workspace",
    "connection": "load_connection",
    "workspaceconnection": "load_connection",
    "registry": "load_registry",
    "modelversionpackage": "load_model_package",
    "modelpackage": "load_model_package",
    "featurestore": "load_feature_store",
    "featureset": "load_feature_set",
    "featurestoreentity": "load_feature_store_entity",
    "index": "load_index",
    "serverlessendpoint": "load_serverless_endpoint",
    "marketplacesubscription": "load_marketplace_subscription",
    "capabilityhost": "load_capability_host",
    # promptflow: handled by the promptflow CLI, azure-ai-ml has no loader
    "flow": NO_LOADER,
    "run": NO_LOADER,
}

# speclift spec-type names (CONTRIBUTING.md) -> loader, for hints.
HINT_LOADERS: dict[str, str] = {
    **{
        k: "load_job"
        for k in (
            "command-job",
            "sweep-job",
            "pipeline-job",
            "automl-job",
            "spark-job",
            "parallel-job",
        )
    },
    **{
        k: "load_component"
        for k in (
            "command-component",
            "pipeline-component",
            "parallel-component",
            "spark-component",
            "data-transfer-component",
        )
    },
    "environment": "load_environment",
    "data": "load_data",
    "data-import": "load_data_import",
    "model": "load_model",
    "managed-online-endpoint": "load_online_endpoint",
    "kubernetes-online-endpoint": "load_online_endpoint",
    "managed-online-deployment": "load_online_deployment",
    "kubernetes-online-deployment": "load_online_deployment",
    "batch-endpoint": "load_batch_endpoint",
    "batch-deployment": "load_batch_deployment",
    "model-batch-deployment": "load_model_batch_deployment",
    "pipeline-component-batch-deployment": "load_pipeline_component_batch_deployment",
    "schedule": "load_schedule",
    **{
        k: "load_compute"
        for k in (
            "aml-compute",
            "compute-instance",
            "kubernetes-compute",
            "virtual-machine-compute",
            "synapse-spark-compute",
        )
    },
    **{
        k: "load_datastore"
        for k in (
            "azure-blob-datastore",
            "azure-file-datastore",
            "azure-data-lake-gen1-datastore",
            "azure-data-lake-gen2-datastore",
            "onelake-datastore",
        )
    },
    "workspace": "load_workspace",
    "connection": "load_connection",
    "registry": "load_registry",
    "model-package": "load_model_package",
}

# `type:` values when neither `$schema` nor a hint says what the file is.
JOB_TYPES = {"command", "sweep", "pipeline", "automl", "spark", "parallel", "data_transfer"}
COMPUTE_TYPES = {"amlcompute", "computeinstance", "kubernetes", "virtualmachine", "synapsespark"}
DATASTORE_TYPES = {"azure_blob", "azure_file", "azure_data_lake_gen1", "azure_data_lake_gen2", "one_lake"}
DATA_TYPES = {"uri_file", "uri_folder", "mltable"}
MODEL_TYPES = {"custom_model", "mlflow_model", "triton_model"}
CONNECTION_TYPES = {
    "git",
    "python_feed",
    "container_registry",
    "azure_sql_db",
    "snowflake",
    "s3",
    "azure_openai",
    "azure_ai_search",
    "cognitive_search",
    "azure_ai_services",
    "cognitive_service",
    "custom",
    "serp",
    "openai",
    "serverless",
    "api_key",
    "workspace_connection",
}
COMPONENT_ONLY_KEYS = {"version", "is_deterministic", "additional_includes"}
JOB_ONLY_KEYS = {
    "compute",
    "experiment_name",
    "services",
    "resources",
    "limits",
    "jobs",
    "settings",
    "identity",
    "queue_settings",
    "trial",
    "sampling_algorithm",
    "objective",
    "task",
    "training_data",
}

_DOC_CACHE: dict[str, Any] = {}
_SCHEMA_COMMENT = re.compile(r"#\s*yaml-language-server:\s*\$schema=(\S+)")
_SCHEMA_LINE = re.compile(r"^\$schema:\s*['\"]?([^'\"\s#]+)", re.MULTILINE)


def _schema_key(url: str) -> str:
    name = url.strip().rstrip("/").rsplit("/", 1)[-1].lower()
    for suffix in (".schema.json", ".json"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def choose_loader(path: str, doc: Any, text: str, hint: str | None) -> str | None:
    """The loader the az CLI would use: by `$schema` name, then the hint, then `type` and telltale keys."""
    url = doc.get("$schema") if isinstance(doc, dict) else None
    if not isinstance(url, str):
        m = _SCHEMA_LINE.search(text) or _SCHEMA_COMMENT.search(text)
        url = m.group(1) if m else None
    if isinstance(url, str) and _schema_key(url) in SCHEMA_LOADERS:
        return SCHEMA_LOADERS[_schema_key(url)]
    if hint and hint in HINT_LOADERS:
        return HINT_LOADERS[hint]
    if not isinstance(doc, dict):
        return "load_job"  # the SDK reports what is wrong with the document
    kind = str(doc.get("type", "")).lower()
    keys = set(doc)
    if kind in JOB_TYPES:
        if keys & COMPONENT_ONLY_KEYS and not keys & JOB_ONLY_KEYS:
            return "load_component"
        return "load_job"
    if kind in COMPUTE_TYPES:
        return "load_compute"
    if kind in DATASTORE_TYPES:
        return "load_datastore"
    if kind in CONNECTION_TYPES:
        return "load_connection"
    if kind in MODEL_TYPES:
        return "load_model"
    if "endpoint_name" in keys or "model_mount_path" in keys or "instance_count" in keys:
        if kind == "model" or kind == "pipeline" or "settings" in keys or "compute" in keys:
            return "load_batch_deployment"
        return "load_online_deployment"
    if "auth_mode" in keys:
        return "load_online_endpoint"
    if "trigger" in keys:
        return "load_schedule"
    if "conda_file" in keys or "image" in keys or "build" in keys:
        return "load_environment"
    if kind in DATA_TYPES:
        return "load_data_import" if "source" in keys else "load_data"
    if "replication_locations" in keys:
        return "load_registry"
    if "target_environment" in keys or "inferencing_server" in keys:
        return "load_model_package"
    if "command" in keys:
        return "load_component" if keys & COMPONENT_ONLY_KEYS else "load_job"
    return "load_job"


def short_error(exc: BaseException) -> str:
    """One line: the class name plus the field paths and messages the SDK embeds as JSON in its text."""
    text = str(exc)
    pairs: list[str] = []
    start = text.find("{")
    if start >= 0:
        try:
            detail, _ = json.JSONDecoder().raw_decode(text[start:])
        except ValueError:
            detail = None
        if isinstance(detail, dict) and isinstance(detail.get("errors"), list):
            for err in detail["errors"]:
                where = str(err.get("path", "") or "").strip("*").strip(".")
                _from_message(str(err.get("message", "")), where, pairs)
        elif isinstance(detail, (dict, list)):
            _flatten(detail, "", pairs)
    out = "; ".join(pairs) if pairs else " ".join(text.split())
    out = f"{type(exc).__name__}: {out}"
    return out if len(out) <= ERROR_LIMIT else out[: ERROR_LIMIT - 3] + "..."


def _from_message(msg: str, where: str, out: list[str]) -> None:
    inner = msg.find("{")
    if inner >= 0:
        try:
            detail, _ = json.JSONDecoder().raw_decode(msg[inner:])
        except ValueError:
            detail = None
        if isinstance(detail, (dict, list)):
            _flatten(detail, where, out)
            return
    first = " ".join(msg.split("\n\n")[0].split())
    out.append(f"{where}: {first}" if where else first)


def _flatten(node: Any, prefix: str, out: list[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten(value, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(node, list):
        if all(isinstance(x, str) for x in node):
            out.append(f"{prefix}: {' '.join(node)}" if prefix else " ".join(node))
        elif node:
            # a union: one error per alternative; keep each alternative short
            alts: list[str] = []
            for item in node:
                sub: list[str] = []
                _flatten(item, "", sub)
                text = " ".join("; ".join(sub).split())
                alts.append(text if len(text) <= 160 else text[:157] + "...")
            joined = " | ".join(dict.fromkeys(alts))
            out.append(f"{prefix}: one of: {joined}" if prefix else f"one of: {joined}")
    else:
        out.append(f"{prefix}: {node}" if prefix else str(node))


def check(path: str, hint: str | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {"file": path, "ok": False, "loader": None, "error": ""}
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        result["error"] = f"{type(exc).__name__}: {exc}"
        return result
    try:
        doc = yaml.safe_load(io.StringIO(text))
    except yaml.YAMLError:
        doc = None  # the loader reports the syntax error in its own words
    _DOC_CACHE[path] = doc if isinstance(doc, dict) else None
    loader = choose_loader(path, doc, text, hint)
    result["loader"] = loader
    if loader == NO_LOADER:
        result["ok"] = None
        result["error"] = "azure-ai-ml has no loader for this file type"
        return result
    func, needs_endpoint = LOADERS[loader]
    kwargs: dict[str, Any] = {}
    if needs_endpoint and not (isinstance(doc, dict) and doc.get("endpoint_name")):
        kwargs["params_override"] = [{"endpoint_name": ENDPOINT_NAME}]
    try:
        entity = func(path, **kwargs)
        validate = getattr(entity, "_validate", None)
        if callable(validate):
            try:
                res = validate()
            except NotImplementedError:
                # e.g. monitor schedules: the entity inherits _validate() but has no validation schema, so there
                # is nothing more to check than the load itself (which passed)
                res = None
            if res is not None and getattr(res, "passed", True) is False:
                messages = getattr(res, "error_messages", {}) or {}
                detail = "; ".join(f"{k}: {v}" for k, v in messages.items()) or "validation failed"
                result["error"] = ("ValidationResult: " + " ".join(detail.split()))[:ERROR_LIMIT]
                return result
    except (Exception, SystemExit) as exc:
        result["error"] = short_error(exc)
        return result
    finally:
        _DOC_CACHE.pop(path, None)
    result["ok"] = True
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", help="YAML files")
    parser.add_argument("--list", help="file with one path a line (optionally <TAB>hint); '-' for stdin")
    args = parser.parse_args(argv)
    items: list[tuple[str, str | None]] = [(f, None) for f in args.files]
    if args.list:
        items += read_list(args.list)
    out = json_lines_output()
    for path, hint in items:
        out.write(json.dumps(check(path, hint)) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
