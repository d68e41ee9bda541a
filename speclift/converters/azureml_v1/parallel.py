"""A v1 ParallelRunStep (+ its ``parallel_run_config`` YAML) -> a v2 ``type: parallel`` pipeline node.

API: :func:`parallel_node` returns the node's fields (everything but ``inputs``/``outputs``/``compute``, which the
pipeline converter fills). The parallel-run configuration is read through the context; its findings name its own
lines. ``node_count`` -> ``resources.instance_count``, ``process_count_per_node`` ->
``max_concurrency_per_instance``, ``run_max_try``/``run_invocation_timeout`` -> ``retry_settings``,
``allowed_failed_count`` -> ``mini_batch_error_threshold``, ``output_action: append_row`` -> ``task.append_row_to``
the step's first output, ``entry_script``/``source_directory``/``environment`` -> ``task``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from speclift.conversion import ConvertContext
from speclift.converters.azureml_v1 import environment_section
from speclift.converters.azureml_v1.keys import Recorder, normalise, related_path
from speclift.converters.azureml_v1.options import project_dir
from speclift.pointer import join

_SIMPLE = {
    "mini_batch_size": "mini_batch_size",
    "error_threshold": "error_threshold",
    "allowed_failed_count": "mini_batch_error_threshold",
    "logging_level": "logging_level",
    "process_count_per_node": "max_concurrency_per_instance",
}


def parallel_node(
    rec: Recorder,
    base: str,
    body: dict[str, Any],
    options: Mapping[str, Any],
    context: ConvertContext,
    code: str,
    inputs: dict[str, Any],
    outputs: dict[str, Any],
    arguments: list[str],
    param_types: Mapping[str, str],
) -> dict[str, Any]:
    """The node's ``component`` (an inline parallel component declaring the node's inputs and outputs) and its
    ``environment_variables``; the caller binds ``inputs``/``outputs`` on the node."""
    node: dict[str, Any] = {"type": "parallel"}
    task: dict[str, Any] = {"type": "run_function", "code": code, "entry_script": "entry.py"}
    data_inputs = [k for k, v in inputs.items() if isinstance(v, dict)]
    if data_inputs:
        node["input_data"] = f"${{{{inputs.{data_inputs[0]}}}}}"
    name = str(body.get("parallel_run_config") or "").replace("\\", "/")
    document = context.read(name) if name else None
    config = document.data.get("parallel_run_config") if document is not None and isinstance(document.data, dict) else None
    plan = environment_section.EnvironmentPlan(context, default_image=str(options.get("default-image") or ""))
    if not isinstance(config, dict) or document is None:
        where = join(base, "parallel_run_config") if name else base
        rec.approximated(
            where,
            None,
            f"the parallel run configuration {name or '(none)'} could not be read: the node runs entry.py on "
            f"{environment_section.default_image(plan)}",
        )
        task["environment"] = {"image": environment_section.default_image(plan)}
    else:
        rec.transformed(join(base, "parallel_run_config"), "/jobs", "task, resources and error handling")
        view = normalise({"parallel_run_config": config}, camel=False, aliases={})
        sub = Recorder(rec.builder, view, document, related_path(rec.path, name), primary=False)
        _config(sub, config, options, context, node, task, outputs)
    if arguments:
        task["program_arguments"] = " ".join(arguments)
    for key in ("models_id", "models"):
        if body.get(key):
            rec.dropped(join(base, key), "v2 parallel nodes take models as inputs; add a custom_model input")
    node["task"] = task
    declared: dict[str, Any] = {}
    for key, value in inputs.items():
        if isinstance(value, dict):
            declared[key] = {"type": "uri_folder"}
        elif isinstance(value, str) and value.startswith("${{parent.inputs."):
            declared[key] = {"type": param_types.get(value[len("${{parent.inputs.") : -2], "string")}
        else:
            declared[key] = {"type": _literal_type(value)}
    if declared:
        node["inputs"] = declared
    if outputs:
        node["outputs"] = {key: {"type": "uri_folder"} for key in outputs}
    order = (
        "type", "inputs", "outputs", "input_data", "mini_batch_size", "resources", "max_concurrency_per_instance",
        "error_threshold", "mini_batch_error_threshold", "retry_settings", "logging_level", "task",
    )  # fmt: skip
    result: dict[str, Any] = {"component": {k: node[k] for k in order if k in node}}
    if "environment_variables" in node:
        result["environment_variables"] = node["environment_variables"]
    return result


def _literal_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"


def _config(
    rec: Recorder,
    config: dict[str, Any],
    options: Mapping[str, Any],
    context: ConvertContext,
    node: dict[str, Any],
    task: dict[str, Any],
    outputs: dict[str, Any],
) -> None:
    base = "/parallel_run_config"
    retry: dict[str, Any] = {}
    for key, value in config.items():
        sub = join(base, key)
        if value is None:
            rec.mapped(sub, None)
        elif key in _SIMPLE:
            node[_SIMPLE[key]] = str(value) if key == "mini_batch_size" else value
            rec.mapped(sub, _SIMPLE[key])
        elif key == "node_count":
            node["resources"] = {"instance_count": int(value)}
            rec.mapped(sub, "/resources/instance_count")
        elif key == "run_max_try":
            retry["max_retries"] = int(value)
            rec.mapped(sub, "/retry_settings/max_retries")
        elif key == "run_invocation_timeout":
            retry["timeout"] = int(value)
            rec.mapped(sub, "/retry_settings/timeout")
        elif key == "entry_script":
            task["entry_script"] = str(value)
            rec.mapped(sub, "/task/entry_script")
        elif key == "source_directory":
            task["code"] = context.relocate(str(value))
            rec.transformed(sub, "/task/code", "relocated")
        elif key == "output_action":
            if str(value).lower() == "append_row" and outputs:
                task["append_row_to"] = f"${{{{outputs.{next(iter(outputs))}}}}}"
                rec.transformed(sub, "/task/append_row_to", "the step's first output")
            elif str(value).lower() == "summary_only":
                rec.mapped(sub, None)
            else:
                rec.approximated(sub, None, "append_row needs an output to append to")
        elif key == "append_row_file_name":
            rec.dropped(sub, "v2 names the appended file itself (parallel_run_step.txt)")
        elif key == "environment":
            plan = environment_section.EnvironmentPlan(
                context,
                default_image=str(options.get("default-image") or ""),
                base_dir=project_dir(options, rec.path),
            )
            task["environment"] = environment_section.convert_environment_section(rec, sub, plan, "/task/environment").value
        elif key == "environment_variables" and isinstance(value, dict):
            node["environment_variables"] = {str(k): str(v) for k, v in value.items()}
            rec.mapped(sub, "/environment_variables")
        elif key == "compute_target_name":
            rec.mapped(sub, None)  # the step's compute wins in the pipeline
        else:
            rec.dropped(sub, f"parallel_run_config.{key} has no v2 equivalent")
    if retry:
        node["retry_settings"] = retry
    if "environment" not in task:
        task["environment"] = {"image": environment_section.default_image(environment_section.EnvironmentPlan(context))}
