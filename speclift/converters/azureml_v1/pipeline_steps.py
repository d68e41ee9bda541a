"""One step of a v1 pipeline -> a node of the v2 pipeline job (used by :mod:`.pipeline`).

API: :class:`PipelineFacts` (what every step is converted against), :func:`convert_step` (one step -> its node, or
None when it is refused) and :func:`lift_nested` (steps of the older nested layout rewritten flat). A
PythonScriptStep becomes a command node (its run configuration gives the environment, distribution and resources),
a ParallelRunStep a parallel node (:mod:`.parallel`), a ModuleStep a reference to a component of the same name.
"""

from __future__ import annotations

import os
import posixpath
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from speclift.conversion import ConvertContext
from speclift.conversion.fields import MAPPING, SEQUENCE, TEXT
from speclift.converters.azureml_v1 import jobs
from speclift.converters.azureml_v1.data_references import INPUT_MODES, valid_name
from speclift.converters.azureml_v1.environment_plan import EnvironmentPlan, default_image
from speclift.converters.azureml_v1.keys import Recorder, normalise, related_path
from speclift.converters.azureml_v1.options import compute_name, project_dir
from speclift.converters.azureml_v1.parallel import StepWiring, parallel_node
from speclift.pointer import join

UNSUPPORTED = ("AdlaStep", "AzureBatchStep", "DatabricksStep", "DataTransferStep")
_LEGACY = {
    "python_script_step": "PythonScriptStep",
    "parallel_run_step": "ParallelRunStep",
    "adla_step": "AdlaStep",
    "databricks_step": "DatabricksStep",
    "azurebatch_step": "AzureBatchStep",
    "data_transfer_step": "DataTransferStep",
    "module": "ModuleStep",
}
_ARG = re.compile(r"^(input|output|side_input|parameter):(.+)$")


@dataclass(frozen=True, slots=True)
class PipelineFacts:
    """What every step is converted against: the options and context, the pipeline's ``settings`` (a step may set
    ``force_rerun``), and what a step's inputs can bind to (step outputs, pipeline parameters, data references)."""

    options: Mapping[str, Any]
    context: ConvertContext
    settings: dict[str, Any]
    producers: dict[str, str]  # destination -> ${{parent.jobs.n.outputs.o}}
    params: set[str]
    refs: set[str]
    param_types: Mapping[str, str]
    wrappers: Mapping[str, str]  # step key -> its nested-layout block (python_script_step, ...), if any
    folder: str = "."  # where v1 resolved the steps' paths (the folder the CLI ran in), relative to the file's


def convert_step(rec: Recorder, pipe: PipelineFacts, key: str, step: Any, name: str) -> dict[str, Any] | None:
    """One step -> its node (None: refused). A step of the nested layout was lifted already (:func:`lift_nested`)."""
    sub = join("/pipeline/steps", key)
    body = step if isinstance(step, dict) else {}
    wrapper = pipe.wrappers.get(key, "")
    kind = str(body.get("type") or _LEGACY.get(wrapper, ""))
    if wrapper:
        message = f"the {wrapper} block is the deprecated nested layout (v1 still reads it); read as type {kind}"
        rec.finding("SL401", message, join(sub, wrapper))
    if kind in UNSUPPORTED:
        rec.refused(sub, f"{kind} has no v2 equivalent", hint="re-create the step as a v2 command or spark job")
        return None
    if kind not in ("PythonScriptStep", "ParallelRunStep", "ModuleStep"):
        rec.refused(sub, f"step type {kind or '(none)'} is not a v1 pipeline step type")
        return None
    if name != key:
        rec.finding("SL401", f"step {key} became the node {name} (v2 node names are lower-case identifiers)", sub)
    return _node(rec, pipe, sub, body, kind, name)


def lift_nested(rec: Recorder, steps: dict[str, Any]) -> dict[str, str]:
    """Rewrite the view's steps of the older nested layout (no ``type``; the step's own settings -- ``name``,
    ``script_name``, ``source_directory``, ``allow_reuse``, ... -- in a ``python_script_step:`` /
    ``parallel_run_step:`` / ``module:`` ... block, its wiring beside the block) into the flat layout, keeping each
    lifted key's origin; returns step key -> the block's key. azureml-pipeline-core 1.62 still reads this layout
    (``_get_step_parameters`` takes those settings from the block, everything else from the step)."""
    wrappers: dict[str, str] = {}
    for key, step in steps.items():
        if not isinstance(step, dict) or "type" in step:
            continue
        wrapper = next((k for k in step if k in _LEGACY and isinstance(step[k], dict)), None)
        if wrapper is None:
            continue
        sub = join("/pipeline/steps", key)
        inner = step.pop(wrapper)
        for name, value in inner.items():
            if name in step:  # v1 reads the block's value for the step's own settings
                rec.builder.dropped(rec.origin(join(sub, name)), f"{name} is read from the {wrapper} block; this one is ignored")
            rec.origins.moved(join(sub, name), join(sub, wrapper, name))
            step[name] = value
        if not inner:
            rec.mapped(join(sub, wrapper), None)
        wrappers[str(key)] = wrapper
    return wrappers


_NODE_ORDER = ("type", "display_name", "code", "command", "inputs", "outputs", "environment", "compute", "component")


def _node(rec: Recorder, pipe: PipelineFacts, base: str, body: dict[str, Any], kind: str, name: str) -> dict[str, Any] | None:
    target = f"/jobs/{name}"
    node: dict[str, Any] = {"type": {"PythonScriptStep": "command", "ParallelRunStep": "parallel"}.get(kind, "")}
    if "type" in body:
        rec.transformed(join(base, "type"), target + "/type", "v2 node type")
    inputs, outputs = _wiring(rec, pipe, base, body, target)
    params = _parameters(rec, pipe, base, body)
    arguments = _arguments(rec, base, body, target, set(params))
    code = _code(rec, pipe, base, body, target)
    if kind != "PythonScriptStep":
        inputs.update(_parameter_inputs(rec, base, params, target, "a node input"))
    if kind == "ParallelRunStep" and params:  # _PipelineYamlParser builds a ParallelRunStep without params=
        message = (
            "v1's pipeline YAML parser never passed parameters to a ParallelRunStep (its script got a parameter: "
            "argument as that text); the v2 node binds them as inputs"
        )
        rec.finding("SL401", message, join(base, "parameters"))
    if kind == "ModuleStep":
        ident = body.get("name") if body.get("name") else body.get("id")
        version = body.get("version")
        node = {"component": f"azureml:{ident}:{version}" if version else f"azureml:{ident}@latest"}
        rec.approximated(base, target, "a v1 Module must be re-authored as a v2 component of the same name")
    elif kind == "ParallelRunStep":
        node.update(parallel_node(rec, base, body, pipe, StepWiring(code, inputs, outputs, arguments)))
        if body.get("name") is not None:  # a parallel node has no display_name of its own: its component does
            node["component"] = {"display_name": str(body["name"]), **node["component"]}
            rec.mapped(join(base, "name"), target + "/component/display_name")
    elif not _script_node(rec, pipe, base, body, target, node, code, arguments):
        return None
    else:
        _script_parameters(rec, base, body, target, node, params, inputs)
    if kind != "ModuleStep" or inputs:
        if inputs:
            node["inputs"] = inputs
        if outputs:
            node["outputs"] = outputs
    _compute_and_reuse(rec, pipe, base, body, target, node)
    _rest_of_step(rec, base, body, kind)
    first = {k: node[k] for k in _NODE_ORDER if k in node}
    return {**first, **{k: v for k, v in node.items() if k not in first}}


def _code(rec: Recorder, pipe: PipelineFacts, base: str, body: dict[str, Any], target: str) -> str:
    """The step's source directory relocated for the output's folder (the project folder when it names none)."""
    source_dir = str(body.get("source_directory") or "").replace("\\", "/")
    if re.match(r"^[A-Za-z]:/", source_dir):
        rec.approximated(
            join(base, "source_directory"),
            target + "/code",
            f"{body['source_directory']} is an absolute Windows path; the code is the project folder instead",
            hint="set --option source-directory=PATH",
        )
        source_dir = ""
    elif body.get("source_directory") is not None:
        rec.transformed(join(base, "source_directory"), target + "/code", "path relocated for the output's folder")
    if source_dir:
        return pipe.context.relocate(posixpath.join(pipe.folder, source_dir))
    return pipe.context.relocate(project_dir(pipe.options, rec.path) if pipe.options.get("source-directory") else pipe.folder)


def _script_node(
    rec: Recorder,
    pipe: PipelineFacts,
    base: str,
    body: dict[str, Any],
    target: str,
    node: dict[str, Any],
    code: str,
    arguments: list[str],
) -> bool:
    """A PythonScriptStep's command node, with what its run configuration gives; False when it names no script."""
    if body.get("name") is not None:
        node["display_name"] = str(body["name"])
        rec.mapped(join(base, "name"), target + "/display_name")
    env, extra = _runconfig(rec, base, body, pipe)
    script = str(body.get("script_name") or "")
    if not script:
        rec.refused(base, "a PythonScriptStep needs script_name")
        return False
    rec.transformed(join(base, "script_name"), target + "/command", "python <script>")
    node["code"] = code
    node["command"] = " ".join(["python", shlex.quote(script), *arguments])
    node["environment"] = env
    node.update(extra)
    return True


def _compute_and_reuse(
    rec: Recorder, pipe: PipelineFacts, base: str, body: dict[str, Any], target: str, node: dict[str, Any]
) -> None:
    if body.get("compute") and "compute" in node:  # a ParallelRunStep's, from its parallel run configuration
        where = str(node["compute"]).removeprefix("azureml:")
        if where == compute_name(pipe.options, str(body["compute"])):
            rec.mapped(join(base, "compute"), target + "/compute")
        else:
            message = f"v1 ran a ParallelRunStep on its parallel_run_config's compute_target_name ({where}), not on this one"
            rec.dropped(join(base, "compute"), message)
    elif body.get("compute"):
        node["compute"] = f"azureml:{compute_name(pipe.options, str(body['compute']))}"
        rec.transformed(join(base, "compute"), target + "/compute", "azureml: reference")
    reuse = body.get("allow_reuse")
    if reuse is False:
        pipe.settings["force_rerun"] = True
        rec.approximated(
            join(base, "allow_reuse"),
            "/settings/force_rerun",
            "allow_reuse: false became the pipeline-wide force_rerun (inline v2 nodes have no per-node switch)",
        )
    elif "allow_reuse" in body:
        rec.mapped(join(base, "allow_reuse"), None)  # v2 reuses by default as well


def _rest_of_step(rec: Recorder, base: str, body: dict[str, Any], kind: str) -> None:
    for key, value in body.items():
        sub = join(base, key)
        if rec.touched(sub):
            continue
        if value is None or value == [] or value == {}:
            rec.mapped(sub, None)
        elif key == "hash_paths":
            rec.dropped(sub, "hash_paths was deprecated in v1; v2 hashes the whole code folder")
        elif key == "runconfig_parameters":
            rec.dropped(sub, "v2 cannot bind run settings to pipeline inputs in YAML")
        else:
            rec.dropped(sub, f"{key} has no v2 equivalent for a {kind}")


def _wiring(
    rec: Recorder, pipe: PipelineFacts, base: str, body: dict[str, Any], target: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The node's inputs (bound to pipeline inputs or producing steps; parameters too) and outputs."""
    inputs: dict[str, Any] = {}
    for section in ("inputs", "side_inputs", "source_data_reference", "destination_data_reference"):
        for name, spec in (rec.field(body, join(base, section), MAPPING) or {}).items():
            _data_input(rec, pipe, join(base, section, name), name, spec, target, inputs)
    outputs: dict[str, Any] = {}
    for name, spec in (rec.field(body, join(base, "outputs"), MAPPING) or {}).items():
        outputs[valid_name(str(name))] = _output(rec, join(base, "outputs", name), name, spec, target)
    return inputs, outputs


def _data_input(rec: Recorder, pipe: PipelineFacts, sub: str, name: Any, spec: Any, target: str, inputs: dict[str, Any]) -> None:
    key = valid_name(str(name))
    spec = rec.read_as(spec, sub, MAPPING)
    if spec is None:
        if not rec.covered(sub):  # null; a wrong type was refused by read_as
            rec.refused(sub, f"input {name} names no source: not a data reference, parameter or step output")
        return
    source = str(spec.get("source")) if spec.get("source") else ""
    if source in pipe.producers:
        path = pipe.producers[source]
    elif source in pipe.refs or source in pipe.params:
        path = f"${{{{parent.inputs.{valid_name(source)}}}}}"
    else:
        rec.refused(sub, f"input {name} names {source or 'no source'}: not a data reference, parameter or step output")
        return
    mode = str(spec.get("bind_mode") or spec.get("type") or "mount").lower()
    inputs[key] = {"path": path, "mode": INPUT_MODES.get(mode, "ro_mount")}
    rec.transformed(sub, f"{target}/inputs/{key}", "binding to the pipeline input or producing step")
    _compute_side(rec, sub, spec, f"inputs.{name}", f"${{{{inputs.{key}}}}}")


def _compute_side(rec: Recorder, sub: str, spec: dict[str, Any], label: str, binding: str) -> None:
    """v1's ``path_on_compute`` (where the data sits on the node) and ``overwrite`` (replace what is there) have no
    v2 equivalent azure-ai-ml 1.35 loads: a node input's ``path_on_compute`` fails its loader, an output's is an
    unknown field. Each is reported, never silently dropped."""
    if spec.get("path_on_compute") is not None:
        message = f"{label}.path_on_compute has no v2 equivalent: v2 chooses where the data sits on the node"
        rec.dropped(join(sub, "path_on_compute"), message, hint=f"read the location from {binding} in the script")
    if spec.get("overwrite") not in (None, False):
        rec.dropped(join(sub, "overwrite"), f"{label}.overwrite has no v2 equivalent (v2 binds the data at a path of its own)")


def _output(rec: Recorder, sub: str, name: Any, spec: Any, target: str) -> dict[str, Any]:
    key = valid_name(str(name))
    spec = spec if isinstance(spec, dict) else {}
    mode = str(spec.get("bind_mode") or spec.get("type") or "mount").lower()  # the older spelling of bind_mode
    rec.transformed(sub, f"{target}/outputs/{key}", "destination is a wiring name only")
    _compute_side(rec, sub, spec, f"outputs.{name}", f"${{{{outputs.{key}}}}}")
    if spec.get("as_dataset") not in (None, False):
        rec.finding("SL401", f"outputs.{name}.as_dataset has no v2 field", join(sub, "as_dataset"))
    if spec.get("datastore"):
        rec.finding(
            "SL401",
            f"the output goes to the default datastore, not {spec['datastore']}",
            join(sub, "datastore"),
            hint="set the output's path to azureml://datastores/<datastore>/paths/<folder>",
        )
    return {"type": "uri_folder", "mode": "upload" if mode == "upload" else "rw_mount"}


def _parameters(rec: Recorder, pipe: PipelineFacts, base: str, body: dict[str, Any]) -> dict[str, Any]:
    """The step's ``parameters`` by the name written: a pipeline parameter's binding or the literal value."""
    params: dict[str, Any] = {}
    for name, spec in (rec.field(body, join(base, "parameters"), MAPPING) or {}).items():
        sub = join(base, "parameters", name)
        source = rec.field(spec, join(sub, "source"), TEXT) if isinstance(spec, dict) else None
        if source is not None and source in pipe.params:
            params[str(name)] = f"${{{{parent.inputs.{valid_name(source)}}}}}"
        elif isinstance(spec, dict):
            if source is not None or spec.get("source") is None:  # a source of the wrong type was told already
                rec.refused(sub, f"parameter {name} names {spec.get('source')!r}, which is not a pipeline parameter")
        else:
            params[str(name)] = spec
    return params


def _parameter_inputs(rec: Recorder, base: str, params: dict[str, Any], target: str, note: str) -> dict[str, Any]:
    """``params`` as node inputs."""
    inputs: dict[str, Any] = {}
    for name, value in params.items():
        key = valid_name(name)
        inputs[key] = value
        rec.transformed(join(base, "parameters", name), f"{target}/inputs/{key}", note)
    return inputs


def _script_parameters(
    rec: Recorder,
    base: str,
    body: dict[str, Any],
    target: str,
    node: dict[str, Any],
    params: dict[str, Any],
    inputs: dict[str, Any],
) -> None:
    """A PythonScriptStep's parameters reached its script as ``AML_PARAMETER_<name>`` environment variables (v1
    ``ParamDef._param_name_to_env_variable``) and, through ``parameter:<name>`` arguments, on its command line: the
    node gets the variables, and an input only for a parameter its command names."""
    arguments = body.get("arguments")  # a wrong type was refused already
    words = {str(argument) for argument in arguments} if isinstance(arguments, list) else set()
    named = {name: value for name, value in params.items() if f"parameter:{name}" in words}
    variables: dict[str, str] = {}
    for name, value in params.items():
        variable = "AML_PARAMETER_" + re.sub(r"[~\W]", "_", name)
        variables[variable] = str(value)  # a literal as v1 wrote it into the environment: Python's str
        if name not in named:
            rec.transformed(
                join(base, "parameters", name), f"{target}/environment_variables/{variable}", "v1 set it as this variable"
            )
    inputs.update(_parameter_inputs(rec, base, named, target, "a node input (its command names it) and the variable v1 set"))
    if variables:
        node["environment_variables"] = {**node.get("environment_variables", {}), **variables}


def _arguments(rec: Recorder, base: str, body: dict[str, Any], target: str, params: set[str]) -> list[str]:
    """The step's arguments: ``input:``/``output:``/``side_input:`` become bindings, ``parameter:<name>`` too when the
    step has that parameter (v1 passed any other ``parameter:`` word through as written)."""
    words: list[str] = []
    for argument in rec.field(body, join(base, "arguments"), SEQUENCE) or []:
        match = _ARG.match(str(argument))
        if match and (match.group(1) != "parameter" or match.group(2) in params):
            kind = "outputs" if match.group(1) == "output" else "inputs"
            words.append(f"${{{{{kind}.{valid_name(match.group(2))}}}}}")
        else:
            words.append(shlex.quote(str(argument)))
    if "arguments" in body:
        rec.transformed(join(base, "arguments"), target, "quoted; input:/output:/parameter: became bindings")
    return words


def _runconfig(rec: Recorder, base: str, body: dict[str, Any], pipe: PipelineFacts) -> tuple[Any, dict[str, Any]]:
    options, context = pipe.options, pipe.context
    named = str(body.get("runconfig") or "").replace("\\", "/")
    name = posixpath.normpath(posixpath.join(pipe.folder, named)) if named else ""
    document = context.read(name) if (name and not re.match(r"^[A-Za-z]:", named)) else None
    if document is None or not isinstance(document.data, dict):
        image = default_image(EnvironmentPlan(context, default_image=str(options.get("default-image") or "")))
        message = (
            f"the run configuration {named} could not be read (looked for {context.shown(name)})"
            if name
            else "no run configuration"
        )
        message = f"{message}: the node runs on {image} with no conda file"
        if "runconfig" in body:
            rec.approximated(join(base, "runconfig"), None, message)
        else:  # a finding on the step, not an entry: that would cover (and hide) the step's other keys
            rec.finding("SL401", message, base)
        return {"image": image}, {}
    rec.transformed(join(base, "runconfig"), "/jobs", "environment, distribution and resources")
    view = normalise(document.data)
    for key in ("dataReferences", "data", "outputData"):  # the step's own inputs and outputs replace these
        view.data.pop(key, None)
    run = Recorder(rec.builder, view, document, related_path(rec.path, name), primary=False)
    stem = os.path.splitext(os.path.basename(name))[0]
    # read by its path, the run configuration's own paths are relative to its folder (RunConfiguration.load of a file)
    own_folder = os.path.dirname(os.path.join(context.source_dir, name))
    inline = {**options, "environment": "inline", "project-dir": own_folder, "source-directory": ""}
    job, _ = jobs.from_runconfig(run, inline, context, default_name=jobs.asset_name(stem), with_command=False)
    run.report_spelling("azureml-core")
    jobs.report_rest(run, "run configuration")
    extra: dict[str, Any] = {k: job[k] for k in ("environment_variables", "distribution", "resources", "limits") if k in job}
    return job["environment"], extra
