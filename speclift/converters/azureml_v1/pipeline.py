"""Azure ML v1 pipeline YAML (``Pipeline.load_yaml``, ``az ml pipeline create -y``) -> az ml v2 pipeline jobs.

Keys are snake_case and case-sensitive, as v1 read them. ``parameters`` and ``data_references`` become pipeline
``inputs``; each step a job whose name is valid in v2 (``^[a-z_][a-z0-9_]*$``: ``Step1`` -> ``step1``), with its
name as ``display_name``. A PythonScriptStep becomes a command node (environment, distribution and resources from
the run configuration it names, read through the context), a ParallelRunStep a parallel node (from its
``parallel_run_config``), a ModuleStep a component reference. ``input:``/``output:``/``side_input:``/``parameter:``
arguments become ``${{inputs.x}}``/``${{outputs.y}}``; a step input whose ``source`` is another step's output
``destination`` becomes ``${{parent.jobs.<producer>.outputs.<output>}}``. ``allow_reuse: false`` becomes the
pipeline-wide ``settings.force_rerun: true`` (inline v2 nodes have no ``is_deterministic``). A PythonScriptStep's
``parameters`` reached its script as ``AML_PARAMETER_<name>`` environment variables: the node sets them (an input
only for a parameter its command names). A ParallelRunStep runs on its configuration's ``compute_target_name``;
v2 splits only one of its inputs into mini-batches (``input_data``), the others are reported. Step input/output
``path_on_compute`` and ``overwrite`` have no v2 equivalent and are reported. The older nested layout (the step's
settings in a ``python_script_step:`` / ``parallel_run_step:`` / ``module:`` ... block) reads like the flat one. AdlaStep,
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

import re
from collections.abc import Mapping
from typing import Any

from speclift.conversion import Conversion, ConversionBuilder, ConvertContext
from speclift.conversion.fields import MAPPING
from speclift.converters.azureml_v1.data_references import INPUT_MODES, datastore_path, valid_name
from speclift.converters.azureml_v1.keys import Recorder, normalise, unreported
from speclift.converters.azureml_v1.null_keys import absent_nulls
from speclift.converters.azureml_v1.options import OPTIONS as OPTIONS
from speclift.converters.azureml_v1.options import compute_name
from speclift.converters.azureml_v1.pipeline_steps import PipelineFacts, convert_step, lift_nested
from speclift.converters.azureml_v1.project import project_folder
from speclift.converters.azureml_v1.suspicious import report_suspicious
from speclift.pointer import join
from speclift.yamlio import Document

SOURCE = "azureml/v1/pipeline"
TARGETS = ("azureml/v2/pipeline-job",)
SCHEMA = "https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json"
_TYPES = {"string": "string", "int": "integer", "float": "number", "bool": "boolean"}


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
    absent_nulls(rec)  # a null key is an absent key, as the v1 readers take it
    report_suspicious(rec)
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
    if builder.has_refusal:
        return builder.build()
    builder.output("azureml/v2/pipeline-job", job)
    return builder.build()


def _inputs(rec: Recorder, pipeline: dict[str, Any], options: Mapping[str, Any]) -> dict[str, Any]:
    inputs: dict[str, Any] = {}
    for name, spec in (rec.field(pipeline, "/pipeline/parameters", MAPPING) or {}).items():
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
    for name, ref in (rec.field(pipeline, "/pipeline/data_references", MAPPING) or {}).items():
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
        if mode in INPUT_MODES:
            item["mode"] = INPUT_MODES[mode]
        inputs[key] = item
    return inputs


def _folder(rec: Recorder, steps: dict[str, Any], options: Mapping[str, Any], context: ConvertContext) -> str:
    """Where v1 resolved the steps' ``runconfig``, ``source_directory`` and ``parallel_run_config`` paths: the folder
    the CLI ran in (:func:`.project.project_folder`), relative to the pipeline file's folder."""
    keys = ("runconfig", "source_directory", "parallel_run_config")
    named = [str(s[k]) for s in steps.values() if isinstance(s, dict) for k in keys if isinstance(s.get(k), str)]
    folder = project_folder(options, context, named)
    if folder.note:
        rec.finding("SL411", folder.note, "/pipeline/steps")
    return folder.relative


def _steps(
    rec: Recorder, pipeline: dict[str, Any], options: Mapping[str, Any], context: ConvertContext, settings: dict[str, Any]
) -> dict[str, Any]:
    steps: dict[str, Any] = pipeline["steps"]
    wrappers = lift_nested(rec, steps)
    taken: set[str] = set()
    names = {key: node_name(str(key), taken) for key in steps}
    producers: dict[str, str] = {}
    for key, step in steps.items():
        declared = step.get("outputs") if isinstance(step, dict) else None  # a wrong type is told with the step
        for out, spec in (declared if isinstance(declared, dict) else {}).items():
            if isinstance(spec, dict) and spec.get("destination"):
                producers[str(spec["destination"])] = f"${{{{parent.jobs.{names[key]}.outputs.{valid_name(str(out))}}}}}"
    param_types = {
        valid_name(str(k)): _TYPES.get(str(v.get("type") or "string").lower(), "uri_folder")
        for k, v in (rec.field(pipeline, "/pipeline/parameters", MAPPING) or {}).items()
        if isinstance(v, dict)
    }
    facts = PipelineFacts(
        options,
        context,
        settings,
        producers,
        set(rec.field(pipeline, "/pipeline/parameters", MAPPING) or {}),
        set(rec.field(pipeline, "/pipeline/data_references", MAPPING) or {}),
        param_types,
        wrappers,
        _folder(rec, steps, options, context),
    )
    nodes: dict[str, Any] = {}
    for key, step in steps.items():
        node = convert_step(rec, facts, key, step, names[key])
        if node is not None:
            nodes[names[key]] = node
    return nodes
