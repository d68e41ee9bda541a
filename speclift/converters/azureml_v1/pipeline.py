"""Azure ML v1 pipeline YAML (``Pipeline.load_yaml``, ``az ml pipeline create -y``) -> az ml v2 pipeline jobs.

Keys are snake_case and case-sensitive, as v1 read them. ``parameters`` and ``data_references`` become pipeline
``inputs``; each step a job whose name is valid in v2 (``^[a-z_][a-z0-9_]*$``: ``Step1`` -> ``step1``), with its
name as ``display_name``. A PythonScriptStep becomes a command node (environment, distribution and resources from
the run configuration it names, read through the context), a ParallelRunStep a parallel node (from its
``parallel_run_config``), a ModuleStep a component reference. ``input:``/``output:``/``side_input:``/``parameter:``
arguments become ``${{inputs.x}}``/``${{outputs.y}}``; a step input whose ``source`` is another step's output
``destination`` becomes ``${{parent.jobs.<producer>.outputs.<output>}}``. ``allow_reuse: false`` becomes the
pipeline-wide ``settings.force_rerun: true`` (inline v2 nodes have no ``is_deterministic``). AdlaStep,
AzureBatchStep, DatabricksStep and DataTransferStep have no v2 equivalent in this converter: the file is refused
(SL404).

Before (v1)::

    pipeline:
      default_compute: cpu-cluster
      data_references:
        raw: {datastore: workspaceblobstore, path_on_datastore: raw}
      steps:
        Prep:
          type: PythonScriptStep
          script_name: prep.py
          arguments: [--out, output:clean]
          inputs: {raw: {source: raw}}
          outputs: {clean: {destination: clean_data}}
        Train:
          type: PythonScriptStep
          script_name: train.py
          arguments: [--data, input:clean]
          inputs: {clean: {source: clean_data}}

After (v2)::

    type: pipeline
    inputs:
      raw: {type: uri_folder, path: azureml://datastores/workspaceblobstore/paths/raw}
    settings: {default_compute: azureml:cpu-cluster}
    jobs:
      prep:
        type: command
        command: python prep.py --out ${{outputs.clean}}
        inputs: {raw: {path: ${{parent.inputs.raw}}, mode: ro_mount}}
        outputs: {clean: {type: uri_folder, mode: rw_mount}}
        ...
      train:
        type: command
        command: python train.py --data ${{inputs.clean}}
        inputs: {clean: {path: ${{parent.jobs.prep.outputs.clean}}, mode: ro_mount}}
        ...

Options: the run-configuration options. Codes: SL401 approximated, SL402 no equivalent, SL404 cannot convert.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Mapping
from typing import Any

from speclift.conversion import Conversion, ConversionBuilder, ConvertContext
from speclift.converters.azureml_v1 import jobs
from speclift.converters.azureml_v1.data_references import datastore_path, valid_name
from speclift.converters.azureml_v1.environment_section import EnvironmentPlan, default_image
from speclift.converters.azureml_v1.keys import Recorder, normalise, related_path, unreported
from speclift.converters.azureml_v1.options import OPTIONS as OPTIONS
from speclift.converters.azureml_v1.options import compute_name, project_dir
from speclift.converters.azureml_v1.parallel import parallel_node
from speclift.pointer import join
from speclift.yamlio import Document

SOURCE = "azureml/v1/pipeline"
TARGETS = ("azureml/v2/pipeline-job",)
SCHEMA = "https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json"
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
_TYPES = {"string": "string", "int": "integer", "float": "number", "bool": "boolean"}
_MODES = {"mount": "ro_mount", "download": "download", "direct": "direct"}


def node_name(name: str, taken: set[str]) -> str:
    """A v2 pipeline node name (``^[a-z_][a-z0-9_]*$``) for a v1 step key, unique among ``taken``."""
    base = re.sub(r"[^a-z0-9_]", "_", name.lower())
    base = base if re.match(r"^[a-z_]", base) else "_" + base
    candidate, index = base, 2
    while candidate in taken:
        candidate, index = f"{base}_{index}", index + 1
    taken.add(candidate)
    return candidate


def convert(document: Document, path: str, options: Mapping[str, Any], context: ConvertContext) -> Conversion:
    """Convert one v1 pipeline; ``context`` reads the run and parallel-run configurations the steps name."""
    builder = ConversionBuilder(document, path, SOURCE)
    view = normalise(document.data, camel=False, aliases={})
    rec = Recorder(builder, view, document, path)
    data = view.data
    pipeline = data.get("pipeline") if isinstance(data, dict) else None
    if not isinstance(pipeline, dict) or not isinstance(pipeline.get("steps"), dict) or not pipeline["steps"]:
        return builder.refuse("a v1 pipeline needs pipeline.steps")
    job: dict[str, Any] = {"$schema": SCHEMA, "type": "pipeline"}
    for key, target in (("name", "/display_name"), ("description", "/description")):
        if pipeline.get(key) is not None:
            job[target[1:]] = str(pipeline[key])
            rec.mapped(f"/pipeline/{key}", target)
    inputs = _inputs(rec, pipeline, options)
    if inputs:
        job["inputs"] = inputs
    settings: dict[str, Any] = {}
    if pipeline.get("default_compute"):
        settings["default_compute"] = f"azureml:{compute_name(options, str(pipeline['default_compute']))}"
        rec.transformed("/pipeline/default_compute", "/settings/default_compute", "azureml: reference")
    nodes = _steps(rec, pipeline, options, context, settings)
    if settings:
        job["settings"] = settings
    job["jobs"] = nodes
    for key in pipeline:
        sub = join("/pipeline", key)
        if not rec.touched(sub):
            rec.dropped(sub, f"pipeline.{key} is not read by the v1 pipeline parser") if pipeline[
                key
            ] is not None else rec.mapped(sub, None)
    for key in data:
        if key != "pipeline":
            rec.dropped(join("", key), f"{key} is not read by the v1 pipeline parser (only pipeline: is)")
    for pointer in list(unreported(rec)):
        rec.dropped(pointer, f"{pointer.lstrip('/').replace('/', '.')} is not read by the v1 pipeline parser")
    if any(f.code == "SL404" for f in builder.conversion.findings):
        return builder.build()
    builder.output("azureml/v2/pipeline-job", job)
    return builder.build()


def _inputs(rec: Recorder, pipeline: dict[str, Any], options: Mapping[str, Any]) -> dict[str, Any]:
    inputs: dict[str, Any] = {}
    for name, spec in (pipeline.get("parameters") or {}).items():
        sub = join("/pipeline/parameters", name)
        key = valid_name(str(name))
        if not isinstance(spec, dict):
            inputs[key] = spec
            rec.mapped(sub, f"/inputs/{key}")
            continue
        kind = str(spec.get("type") or "string").lower()
        default = spec.get("default")
        if kind == "datapath" and isinstance(default, dict):
            inputs[key] = {
                "type": options["data-reference-type"],
                "path": datastore_path(default.get("datastore"), default.get("path_on_datastore")),
            }
            rec.approximated(sub, f"/inputs/{key}", f"a datapath parameter became a {options['data-reference-type']} input")
        else:
            inputs[key] = default
            rec.transformed(sub, f"/inputs/{key}", "the default as a literal input")
    if "parameters" in pipeline and not pipeline["parameters"]:
        rec.mapped("/pipeline/parameters", None)
    for name, ref in (pipeline.get("data_references") or {}).items():
        sub = join("/pipeline/data_references", name)
        key = valid_name(str(name))
        if not isinstance(ref, dict):
            rec.refused(sub, "a data reference is a mapping")
            continue
        item: dict[str, Any]
        if ref.get("dataset_name") or ref.get("dataset_id"):
            ident = ref.get("dataset_name") or ref.get("dataset_id")
            item = {"type": "uri_folder", "path": f"azureml:{ident}@latest"}
            rec.approximated(sub, f"/inputs/{key}", "a v1 dataset became the latest version of a data asset read as uri_folder")
        elif any(k.startswith("sql_") for k in ref):
            rec.refused(sub, "SQL data references have no v2 equivalent (database datastores are not supported)")
            continue
        else:
            item = {
                "type": options["data-reference-type"],
                "path": datastore_path(ref.get("datastore"), ref.get("path_on_datastore")),
            }
            rec.approximated(sub, f"/inputs/{key}", f"v1 does not say file or folder; the data reference became {item['type']}")
        mode = str(ref.get("bind_mode") or "").lower()
        if mode in _MODES:
            item["mode"] = _MODES[mode]
        inputs[key] = item
    return inputs


def _steps(
    rec: Recorder, pipeline: dict[str, Any], options: Mapping[str, Any], context: ConvertContext, settings: dict[str, Any]
) -> dict[str, Any]:
    steps: dict[str, Any] = pipeline["steps"]
    taken: set[str] = set()
    names = {key: node_name(str(key), taken) for key in steps}
    producers: dict[str, str] = {}  # destination -> ${{parent.jobs.n.outputs.o}}
    for key, step in steps.items():
        body = _body(step)[0]
        for out, spec in ((body.get("outputs") or {}) if isinstance(body, dict) else {}).items():
            if isinstance(spec, dict) and spec.get("destination"):
                producers[str(spec["destination"])] = f"${{{{parent.jobs.{names[key]}.outputs.{valid_name(str(out))}}}}}"
    params = set(pipeline.get("parameters") or {})
    param_types = {
        valid_name(str(k)): _TYPES.get(str(v.get("type") or "string").lower(), "uri_folder")
        for k, v in (pipeline.get("parameters") or {}).items()
        if isinstance(v, dict)
    }
    refs = set(pipeline.get("data_references") or {})
    nodes: dict[str, Any] = {}
    for key, step in steps.items():
        sub = join("/pipeline/steps", key)
        body, prefix = _body(step)
        base = join(sub, prefix) if prefix else sub
        kind = str(body.get("type") or _LEGACY.get(prefix, "")) if isinstance(body, dict) else ""
        if prefix:
            rec.finding("SL401", f"the {prefix} wrapper is a deprecated form; read as type {kind}", join(sub, prefix))
        if kind in UNSUPPORTED:
            rec.refused(sub, f"{kind} has no v2 equivalent", hint="re-create the step as a v2 command or spark job")
            continue
        if kind not in ("PythonScriptStep", "ParallelRunStep", "ModuleStep"):
            rec.refused(sub, f"step type {kind or '(none)'} is not a v1 pipeline step type")
            continue
        name = names[key]
        if name != key:
            rec.finding("SL401", f"step {key} became the node {name} (v2 node names are lower-case identifiers)", sub)
        node = _node(rec, base, body, kind, name, options, context, settings, producers, params, refs, param_types)
        if node is not None:
            nodes[name] = node
    return nodes


def _body(step: Any) -> tuple[dict[str, Any], str]:
    if isinstance(step, dict) and "type" not in step and len(step) == 1 and next(iter(step)) in _LEGACY:
        prefix = next(iter(step))
        inner = step[prefix]
        return (inner if isinstance(inner, dict) else {}), prefix
    return (step if isinstance(step, dict) else {}), ""


def _node(
    rec: Recorder,
    base: str,
    body: dict[str, Any],
    kind: str,
    name: str,
    options: Mapping[str, Any],
    context: ConvertContext,
    settings: dict[str, Any],
    producers: dict[str, str],
    params: set[str],
    refs: set[str],
    param_types: Mapping[str, str],
) -> dict[str, Any] | None:
    target = f"/jobs/{name}"
    node: dict[str, Any] = {"type": {"PythonScriptStep": "command", "ParallelRunStep": "parallel"}.get(kind, "")}
    if "type" in body:
        rec.transformed(join(base, "type"), target + "/type", "v2 node type")
    inputs, outputs = _wiring(rec, base, body, target, producers, params, refs)
    arguments = _arguments(rec, base, body, target)
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
    code_dir = source_dir or project_dir(options, rec.path)
    code = context.relocate(code_dir)
    if kind == "ModuleStep":
        ident = body.get("name") if body.get("name") else body.get("id")
        version = body.get("version")
        node = {"component": f"azureml:{ident}:{version}" if version else f"azureml:{ident}@latest"}
        node.pop("display_name", None)
        rec.approximated(base, target, "a v1 Module must be re-authored as a v2 component of the same name")
    elif kind == "ParallelRunStep":
        node.update(parallel_node(rec, base, body, options, context, code, inputs, outputs, arguments, param_types))
        if body.get("name") is not None:  # a parallel node has no display_name of its own: its component does
            node["component"] = {"display_name": str(body["name"]), **node["component"]}
            rec.mapped(join(base, "name"), target + "/component/display_name")
    else:
        if body.get("name") is not None:
            node["display_name"] = str(body["name"])
            rec.mapped(join(base, "name"), target + "/display_name")
        env, extra = _runconfig(rec, base, body, options, context)
        script = str(body.get("script_name") or "")
        if not script:
            rec.refused(base, "a PythonScriptStep needs script_name")
            return None
        rec.transformed(join(base, "script_name"), target + "/command", "python <script>")
        node["code"] = code
        node["command"] = " ".join(["python", shlex.quote(script), *arguments])
        node["environment"] = env
        node.update(extra)
    if kind != "ModuleStep" or inputs:
        if inputs:
            node["inputs"] = inputs
        if outputs:
            node["outputs"] = outputs
    if body.get("compute"):
        node["compute"] = f"azureml:{compute_name(options, str(body['compute']))}"
        rec.transformed(join(base, "compute"), target + "/compute", "azureml: reference")
    reuse = body.get("allow_reuse")
    if reuse is False:
        settings["force_rerun"] = True
        rec.approximated(
            join(base, "allow_reuse"),
            "/settings/force_rerun",
            "allow_reuse: false became the pipeline-wide force_rerun (inline v2 nodes have no per-node switch)",
        )
    elif "allow_reuse" in body:
        rec.mapped(join(base, "allow_reuse"), None)  # v2 reuses by default as well
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
    order = ("type", "display_name", "code", "command", "inputs", "outputs", "environment", "compute", "component")
    first = {k: node[k] for k in order if k in node}
    return {**first, **{k: v for k, v in node.items() if k not in first}}


def _wiring(
    rec: Recorder,
    base: str,
    body: dict[str, Any],
    target: str,
    producers: dict[str, str],
    params: set[str],
    refs: set[str],
) -> tuple[dict[str, Any], dict[str, Any]]:
    inputs: dict[str, Any] = {}
    outputs: dict[str, Any] = {}
    for section in ("inputs", "side_inputs", "source_data_reference", "destination_data_reference"):
        for name, spec in (body.get(section) or {}).items():
            sub = join(base, section, name)
            key = valid_name(str(name))
            source = str(spec.get("source")) if isinstance(spec, dict) and spec.get("source") else ""
            if source in producers:
                path = producers[source]
            elif source in refs or source in params:
                path = f"${{{{parent.inputs.{valid_name(source)}}}}}"
            else:
                rec.refused(sub, f"input {name} names {source or 'no source'}: not a data reference, parameter or step output")
                continue
            mode = str(spec.get("bind_mode") or spec.get("type") or "mount").lower()
            inputs[key] = {"path": path, "mode": _MODES.get(mode, "ro_mount")}
            rec.transformed(sub, f"{target}/inputs/{key}", "binding to the pipeline input or producing step")
    for name, spec in (body.get("outputs") or {}).items():
        sub = join(base, "outputs", name)
        key = valid_name(str(name))
        spec = spec if isinstance(spec, dict) else {}
        mode = str(spec.get("bind_mode") or "mount").lower()
        item: dict[str, Any] = {"type": "uri_folder", "mode": "upload" if mode == "upload" else "rw_mount"}
        outputs[key] = item
        rec.transformed(sub, f"{target}/outputs/{key}", "destination is a wiring name only")
        for extra in ("path_on_compute", "overwrite", "as_dataset"):
            if spec.get(extra) not in (None, False):
                rec.finding("SL401", f"outputs.{name}.{extra} has no v2 field", join(sub, extra))
        if spec.get("datastore"):
            rec.finding(
                "SL401",
                f"the output goes to the default datastore, not {spec['datastore']}",
                join(sub, "datastore"),
                hint="set the output's path to azureml://datastores/<datastore>/paths/<folder>",
            )
    parameters = body.get("parameters") or {}
    for name, spec in parameters.items():
        sub = join(base, "parameters", name)
        key = valid_name(str(name))
        if isinstance(spec, dict) and spec.get("source") in params:
            inputs[key] = f"${{{{parent.inputs.{valid_name(str(spec['source']))}}}}}"
        elif isinstance(spec, dict):
            rec.refused(sub, f"parameter {name} names {spec.get('source')!r}, which is not a pipeline parameter")
            continue
        else:
            inputs[key] = spec
        rec.transformed(sub, f"{target}/inputs/{key}", "a node input")
    return inputs, outputs


def _arguments(rec: Recorder, base: str, body: dict[str, Any], target: str) -> list[str]:
    words: list[str] = []
    for argument in body.get("arguments") or []:
        match = _ARG.match(str(argument))
        if match:
            kind = "outputs" if match.group(1) == "output" else "inputs"
            words.append(f"${{{{{kind}.{valid_name(match.group(2))}}}}}")
        else:
            words.append(shlex.quote(str(argument)))
    if "arguments" in body:
        rec.transformed(join(base, "arguments"), target, "quoted; input:/output:/parameter: became bindings")
    return words


def _runconfig(
    rec: Recorder, base: str, body: dict[str, Any], options: Mapping[str, Any], context: ConvertContext
) -> tuple[Any, dict[str, Any]]:
    name = str(body.get("runconfig") or "").replace("\\", "/")
    document = context.read(name) if (name and not re.match(r"^[A-Za-z]:", name)) else None
    if document is None or not isinstance(document.data, dict):
        image = default_image(EnvironmentPlan(context, default_image=str(options.get("default-image") or "")))
        where = join(base, "runconfig") if "runconfig" in body else base
        message = f"the run configuration {name} could not be read" if name else "no run configuration"
        rec.approximated(where, None, f"{message}: the node runs on {image} with no conda file")
        return {"image": image}, {}
    rec.transformed(join(base, "runconfig"), "/jobs", "environment, distribution and resources")
    view = normalise(document.data)
    for key in ("dataReferences", "data", "outputData"):  # the step's own inputs and outputs replace these
        view.data.pop(key, None)
    run = Recorder(rec.builder, view, document, related_path(rec.path, name), primary=False)
    stem = os.path.splitext(os.path.basename(name))[0]
    inline = {**options, "environment": "inline"}
    job, _ = jobs.from_runconfig(run, inline, context, default_name=jobs.asset_name(stem), with_command=False)
    run.report_spelling("azureml-core")
    jobs.report_rest(run, "run configuration")
    extra: dict[str, Any] = {k: job[k] for k in ("environment_variables", "distribution", "resources", "limits") if k in job}
    return job["environment"], extra
