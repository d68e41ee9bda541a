"""Accessors and normalisers of the v1-SDK check for pipelines, step by step (see v1_sdk_fields.py, v1_sdk_jobs.py).

Only the standard library."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from v1_sdk_fields import (
    V1_INPUT_MODES,
    V1_OUTPUT_MODES,
    V,
    v1_argument,
)


def v1_step_command(step: V) -> Any:
    if not step.get("script_name"):
        return None
    return ["python", str(step["script_name"]), *(v1_argument(a, step.get("params") or {}) for a in step.get("arguments") or [])]


def v1_steps(v: V, pick: Callable[[V], Any]) -> dict[str, Any]:
    return {node_name(k): pick(s) for k, s in (v.get("steps") or {}).items()}


def v2_nodes(entity: V, pick: Callable[[V], Any]) -> dict[str, Any]:
    return {str(k): pick(n) for k, n in (entity.get("jobs") or {}).items() if isinstance(n, dict)}


def node_name(step: str) -> str:
    return re.sub(r"[^a-z0-9_]", "_", step.lower())


def v1_step_modes(step: V, side: str) -> dict[str, Any]:
    if side == "inputs":
        return {
            str(i.get("input_name") or i.get("name")): V1_INPUT_MODES.get(str(i.get("bind_mode") or "mount"))
            for i in step.get("inputs") or []
        }
    return {
        str(o.get("output_name") or o.get("name")): V1_OUTPUT_MODES.get(str(o.get("mode") or "mount"))
        for o in step.get("outputs") or []
    }


def v2_node_modes(node: V, side: str) -> dict[str, Any]:
    default = "ro_mount" if side == "inputs" else "rw_mount"
    return {str(k): e.get("mode", default) for k, e in (node.get(side) or {}).items() if isinstance(e, dict)}


def v1_parameters(step: V) -> dict[str, str]:
    params = step.get("params") or {}
    return {f"AML_PARAMETER_{k}": str(val.get("default") if isinstance(val, dict) else val) for k, val in params.items()}


def v2_parameters(node: V, parent: V) -> dict[str, str]:
    """The node's AML_PARAMETER_<name> variables; one bound to a pipeline input (``${{parent.inputs.x}}``, which
    azure-ai-ml passes to the node's environment) resolved to that input's value, as v1 used the parameter's."""
    out = {}
    for k, val in (node.get("environment_variables") or {}).items():
        if not k.startswith("AML_PARAMETER_"):
            continue
        m = re.match(r"^\$\{\{\s*parent\.inputs\.([\w.-]+)\s*\}\}$", str(val))
        bound = parent.get(m.group(1)) if m else val
        out[k] = str(bound.get("default", bound.get("value")) if isinstance(bound, dict) else bound)
    return out


def producers(v: V) -> dict[str, str]:
    """PipelineData name -> ``<jobs.NODE.outputs.OUTPUT>`` of the step that writes it."""
    out = {}
    for key, step in (v.get("steps") or {}).items():
        for o in step.get("outputs") or []:
            out[str(o.get("name"))] = f"<jobs.{node_name(key)}.outputs.{o.get('output_name') or o.get('name')}>"
    return out


def v1_step_sources(v: V) -> dict[str, Any]:
    """Per step and input: what it reads (a datastore path, a dataset, another step's output, a parameter)."""
    made = producers(v)
    out: dict[str, Any] = {}
    for key, step in (v.get("steps") or {}).items():
        sources = {}
        for i in step.get("inputs") or []:
            name = str(i.get("input_name") or i.get("name"))
            if i.get("kind") == "DataReference":
                sources[name] = f"azureml://datastores/{i.get('datastore')}/paths/{i.get('path_on_datastore') or ''}".rstrip("/")
            elif i.get("kind") == "PipelineData":
                sources[name] = made.get(str(i.get("name")), f"<unproduced {i.get('name')}>")
            elif i.get("kind") == "PipelineDataset":
                # the parser's Dataset.get_by_name(workspace, name) takes version="latest"
                sources[name] = f"azureml:{i.get('dataset')}@latest"
            else:
                sources[name] = str(i.get("name"))
        out[node_name(key)] = sources
    return out


def v2_node_sources(entity: V) -> dict[str, Any]:
    """Per node and input: the path it binds, ``${{parent.inputs.x}}`` resolved to the pipeline input's path."""
    parent = entity.get("inputs") or {}
    out: dict[str, Any] = {}
    for node, job in (entity.get("jobs") or {}).items():
        sources = {}
        for name, entry in (job.get("inputs") or {}).items() if isinstance(job, dict) else []:
            path = entry.get("path") if isinstance(entry, dict) else entry
            m = re.match(r"^\$\{\{\s*parent\.inputs\.([\w.-]+)\s*\}\}$", str(path))
            if m:
                bound = parent.get(m.group(1))
                path = bound.get("path") if isinstance(bound, dict) else bound
            m = re.match(r"^\$\{\{\s*parent\.jobs\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}$", str(path))
            if m:
                path = f"<jobs.{m.group(1)}.outputs.{m.group(2)}>"
            sources[str(name)] = str(path).rstrip("/") if isinstance(path, str) else path
        out[str(node)] = sources
    return out


def v1_step_placement(v: V) -> dict[str, Any]:
    """Per step, input and output: path_on_compute and overwrite, where v1 sets them."""
    out: dict[str, Any] = {}
    for key, step in (v.get("steps") or {}).items():
        for side in ("inputs", "outputs"):
            for b in step.get(side) or []:
                name = str(b.get("input_name") or b.get("output_name") or b.get("name"))
                for attr in ("path_on_compute", "overwrite"):
                    if b.get(attr) is not None:
                        out[f"{node_name(key)}/{side}/{name}/{attr}"] = b[attr]
    return out


def v2_node_placement(entity: V) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for node, job in (entity.get("jobs") or {}).items():
        for side in ("inputs", "outputs"):
            for name, entry in ((job or {}).get(side) or {}).items():
                for attr in ("path_on_compute", "overwrite"):
                    if isinstance(entry, dict) and entry.get(attr) is not None:
                        out[f"{node}/{side}/{name}/{attr}"] = entry[attr]
    return out
