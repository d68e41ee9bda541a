"""A v1 ParallelRunStep (+ its ``parallel_run_config`` YAML) -> a v2 ``type: parallel`` pipeline node.

API: :func:`parallel_node` returns the node's fields (everything but ``inputs``/``outputs``, which the pipeline
converter fills; ``compute`` from the configuration's ``compute_target_name``). The parallel-run configuration is read through the context; its findings name its own
lines. ``node_count`` -> ``resources.instance_count``, ``process_count_per_node`` ->
``max_concurrency_per_instance``, ``run_max_try``/``run_invocation_timeout`` -> ``retry_settings``,
``allowed_failed_count`` -> ``mini_batch_error_threshold``, ``output_action: append_row`` -> ``task.append_row_to``
the step's first output, ``entry_script``/``source_directory``/``environment`` -> ``task``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from speclift.conversion import ConvertContext
from speclift.conversion.fields import INTEGER
from speclift.converters.azureml_v1.data_references import valid_name
from speclift.converters.azureml_v1.environment_plan import EnvironmentPlan, default_image
from speclift.converters.azureml_v1.environment_section import convert_environment_section
from speclift.converters.azureml_v1.keys import Recorder, normalise, related_path
from speclift.converters.azureml_v1.options import compute_name
from speclift.converters.literals import type_name
from speclift.pointer import join

if TYPE_CHECKING:  # the pipeline's steps module imports this one
    from speclift.converters.azureml_v1.pipeline_steps import PipelineFacts

_SIMPLE = {
    "mini_batch_size": "mini_batch_size",
    "error_threshold": "error_threshold",
    "allowed_failed_count": "mini_batch_error_threshold",
    "logging_level": "logging_level",
    "process_count_per_node": "max_concurrency_per_instance",
}


@dataclass(frozen=True, slots=True)
class StepWiring:
    """What the pipeline converter already made of the step: its code folder, its bound inputs and outputs (name ->
    binding) and its arguments."""

    code: str
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    arguments: list[str]


def parallel_node(rec: Recorder, base: str, body: dict[str, Any], pipe: PipelineFacts, step: StepWiring) -> dict[str, Any]:
    """The node's ``component`` (an inline parallel component declaring the node's inputs and outputs) and its
    ``environment_variables``; the caller binds ``inputs``/``outputs`` on the node."""
    inputs, outputs, arguments = step.inputs, step.outputs, step.arguments
    node: dict[str, Any] = {"type": "parallel"}
    task: dict[str, Any] = {"type": "run_function", "code": step.code, "entry_script": "entry.py"}
    _partition(rec, base, body, node, inputs)
    component = _Component(rec, pipe.options, pipe.context, node, task, outputs, folder=pipe.folder)
    _read_config(rec, base, body, component)
    if arguments:
        task["program_arguments"] = " ".join(arguments)
    for key in ("models_id", "models"):
        if body.get(key):
            rec.dropped(join(base, key), "v2 parallel nodes take models as inputs; add a custom_model input")
    node["task"] = task
    declared = {key: {"type": _input_type(value, pipe.param_types)} for key, value in inputs.items()}
    if declared:
        node["inputs"] = declared
    if outputs:
        node["outputs"] = {key: {"type": "uri_folder"} for key in outputs}
    result: dict[str, Any] = {"component": {k: node[k] for k in _ORDER if k in node}}
    if "environment_variables" in node:
        result["environment_variables"] = node["environment_variables"]
    if component.compute:
        result["compute"] = component.compute
    return result


def _partition(rec: Recorder, base: str, body: dict[str, Any], node: dict[str, Any], inputs: dict[str, Any]) -> None:
    """``input_data``: the input v2 splits into mini-batches. v1 split every one of the step's ``inputs`` (not its
    ``side_inputs``); a v2 parallel node splits one, so the others reach the entry script whole, and say so."""
    named = body.get("inputs")
    named = named if isinstance(named, dict) else {}
    partitioned = [key for key in (valid_name(str(name)) for name in named) if isinstance(inputs.get(key), dict)]
    if not partitioned:
        partitioned = [key for key, value in inputs.items() if isinstance(value, dict)][:1]
    if not partitioned:
        return
    node["input_data"] = f"${{{{inputs.{partitioned[0]}}}}}"
    if len(partitioned) > 1:
        rest = ", ".join(partitioned[1:])
        rec.finding(
            "SL402",
            f"v1 split every input into mini-batches; a v2 parallel node splits one (input_data: {partitioned[0]}): "
            f"{rest} reach{'es' if len(partitioned) == 2 else ''} the entry script whole, not partitioned",
            join(base, "inputs"),
            hint="merge the inputs into one data asset, or give each its own parallel node",
        )


_LITERAL_TYPES = ((bool, "boolean"), (int, "integer"), (float, "number"))  # v2 input types; any other is a string
_ORDER = (
    "type", "inputs", "outputs", "input_data", "mini_batch_size", "resources", "max_concurrency_per_instance",
    "error_threshold", "mini_batch_error_threshold", "retry_settings", "logging_level", "task",
)  # fmt: skip


def _input_type(value: Any, param_types: Mapping[str, str]) -> str:
    """The component's declared type for a node input: data, a pipeline parameter's type, or a literal's."""
    if isinstance(value, dict):
        return "uri_folder"
    if isinstance(value, str) and value.startswith("${{parent.inputs."):
        return param_types.get(value[len("${{parent.inputs.") : -2], "string")
    return type_name(value, _LITERAL_TYPES) or "string"


@dataclass(slots=True)
class _Component:
    """The parallel component being built from the step's parallel run configuration."""

    rec: Recorder  # over the parallel run configuration's file once it is read
    options: Mapping[str, Any]
    context: ConvertContext
    node: dict[str, Any]
    task: dict[str, Any]
    outputs: dict[str, Any]
    retry: dict[str, Any] = field(default_factory=dict)
    compute: str = ""  # the node's compute: v1 ran the step on the configuration's compute_target_name
    folder: str = "."  # where v1 resolved the step's paths, relative to the pipeline file's folder


def _read_config(rec: Recorder, base: str, body: dict[str, Any], component: _Component) -> None:
    context, task = component.context, component.task
    named = str(body.get("parallel_run_config") or "").replace("\\", "/")
    name = posixpath.normpath(posixpath.join(component.folder, named)) if named else ""
    document = context.read(name) if name else None
    config = document.data.get("parallel_run_config") if document is not None and isinstance(document.data, dict) else None
    plan = EnvironmentPlan(context, default_image=str(component.options.get("default-image") or ""))
    if not isinstance(config, dict) or document is None:
        message = (
            f"the parallel run configuration {f'{named} (looked for {context.shown(name)})' if name else '(none)'} could not be read: the node runs entry.py on "
            f"{default_image(plan)}"
        )
        if "parallel_run_config" in body:
            rec.approximated(join(base, "parallel_run_config"), None, message)
        else:  # a finding on the step, not an entry: that would cover (and hide) the step's other keys
            rec.finding("SL401", message, base)
        task["environment"] = {"image": default_image(plan)}
        return
    rec.transformed(join(base, "parallel_run_config"), "/jobs", "task, resources and error handling")
    view = normalise({"parallel_run_config": config}, camel=False, aliases={})
    component.rec = Recorder(rec.builder, view, document, related_path(rec.path, name), primary=False)
    for key, value in config.items():
        sub = join("/parallel_run_config", key)
        if value is None:
            component.rec.mapped(sub, None)
        else:
            _CONFIG_KEYS.get(key, _no_equivalent)(component, sub, key, value)
    if component.retry:
        component.node["retry_settings"] = component.retry
    if "environment" not in task:
        task["environment"] = {"image": default_image(EnvironmentPlan(context))}


def _no_equivalent(component: _Component, sub: str, key: str, value: Any) -> None:
    component.rec.dropped(sub, f"parallel_run_config.{key} has no v2 equivalent")


def _simple(component: _Component, sub: str, key: str, value: Any) -> None:
    component.node[_SIMPLE[key]] = str(value) if key == "mini_batch_size" else value
    component.rec.mapped(sub, _SIMPLE[key])


def _node_count(component: _Component, sub: str, key: str, value: Any) -> None:
    component.node["resources"] = {"instance_count": component.rec.read_as(value, sub, INTEGER)}
    component.rec.mapped(sub, "/resources/instance_count")


def _run_max_try(component: _Component, sub: str, key: str, value: Any) -> None:
    component.retry["max_retries"] = component.rec.read_as(value, sub, INTEGER)
    component.rec.mapped(sub, "/retry_settings/max_retries")


def _run_invocation_timeout(component: _Component, sub: str, key: str, value: Any) -> None:
    component.retry["timeout"] = component.rec.read_as(value, sub, INTEGER)
    component.rec.mapped(sub, "/retry_settings/timeout")


def _entry_script(component: _Component, sub: str, key: str, value: Any) -> None:
    component.task["entry_script"] = str(value)
    component.rec.mapped(sub, "/task/entry_script")


def _source_directory(component: _Component, sub: str, key: str, value: Any) -> None:
    component.task["code"] = component.context.relocate(str(value))
    component.rec.transformed(sub, "/task/code", "relocated")


def _output_action(component: _Component, sub: str, key: str, value: Any) -> None:
    if str(value).lower() == "append_row" and component.outputs:
        component.task["append_row_to"] = f"${{{{outputs.{next(iter(component.outputs))}}}}}"
        component.rec.transformed(sub, "/task/append_row_to", "the step's first output")
    elif str(value).lower() == "summary_only":
        component.rec.mapped(sub, None)
    else:
        component.rec.approximated(sub, None, "append_row needs an output to append to")


def _append_row_file_name(component: _Component, sub: str, key: str, value: Any) -> None:
    component.rec.dropped(sub, "v2 names the appended file itself (parallel_run_step.txt)")


def _environment(component: _Component, sub: str, key: str, value: Any) -> None:
    options = component.options
    plan = EnvironmentPlan(
        component.context,
        default_image=str(options.get("default-image") or ""),
        base_dir=component.folder,
    )
    converted = convert_environment_section(component.rec, sub, plan, "/task/environment")
    component.task["environment"] = converted.value


def _environment_variables(component: _Component, sub: str, key: str, value: Any) -> None:
    if not isinstance(value, dict):
        _no_equivalent(component, sub, key, value)
        return
    component.node["environment_variables"] = {str(k): str(v) for k, v in value.items()}
    component.rec.mapped(sub, "/environment_variables")


def _compute_target_name(component: _Component, sub: str, key: str, value: Any) -> None:
    # ParallelRunStep runs where its configuration says (_ParallelRunStepBase: compute_target =
    # parallel_run_config.compute_target); the pipeline parser does not pass it the step's compute
    component.compute = f"azureml:{compute_name(component.options, str(value))}"
    component.rec.transformed(sub, "/compute", "azureml: reference")


_CONFIG_KEYS: dict[str, Callable[[_Component, str, str, Any], None]] = {
    **dict.fromkeys(_SIMPLE, _simple),
    "node_count": _node_count,
    "run_max_try": _run_max_try,
    "run_invocation_timeout": _run_invocation_timeout,
    "entry_script": _entry_script,
    "source_directory": _source_directory,
    "output_action": _output_action,
    "append_row_file_name": _append_row_file_name,
    "environment": _environment,
    "environment_variables": _environment_variables,
    "compute_target_name": _compute_target_name,
}
