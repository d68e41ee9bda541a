"""The conversion of one experiment: nodes in graph order, the pipeline job around them, the web service, the
companion files (components, the runtime, the user's scripts, the environment) and the assessment."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from importlib import resources
from typing import Any

from speclift.conversion import Conversion, ConversionBuilder, ConvertContext
from speclift.conversion.result import Fate
from speclift.converters.studio_classic import nodes, service, sources
from speclift.converters.studio_classic.naming import file_stem, identifier, unique
from speclift.converters.studio_classic.options import SERVERLESS
from speclift.pointer import escape
from speclift.spectypes.studio_classic import RUN_STATE
from speclift.studio import environment
from speclift.studio.assessment import Assessment, ModuleRow, Verdict
from speclift.studio.conceal import credential, holds_credential, service_credential
from speclift.studio.graph import Experiment, GraphError, Node, Parameter, read_experiment
from speclift.studio.modules import Identified, identify
from speclift.yamlio import Document

SOURCE = "azureml/studio-classic/experiment"
TARGETS = (
    "azureml/v2/pipeline-job",
    "azureml/v2/command-component",
    "azureml/v2/managed-online-endpoint",
    "azureml/v2/managed-online-deployment",
)
PIPELINE_SCHEMA = "https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json"
IMPORT_DATA = "Import Data"
SOURCE_PORT = "Source"  # the input an Import Data component reads its data from (the classic module had none)
EXPORT_DATA = "Export Data"
DESTINATION_PORT = "Destination"  # the output an Export Data component writes to (the classic module had none)

# Top-level keys that describe the experiment in the service, not what it does: kept as the pipeline's tags.
_TAGGED = {
    "ExperimentId": "studio_classic_experiment_id",
    "RunId": "studio_classic_snapshot_id",
    "Creator": "studio_classic_creator",
}
# Run metadata and canvas layout: nothing in v2 holds them.
_RUN_METADATA = (
    "ParentExperimentId",
    "Status",
    "Etag",
    "IsLeaf",
    "DisableNodesUpdate",
    "Category",
    "IsPartialRun",
    "OriginalExperimentDocumentationLink",
    "IsArchived",
    "SchemaVersion",
)
_GRAPH_KEYS = frozenset({"ModuleNodes", "EdgesInternal", "SerializedClientData", "PublishInfo", "Parameters"})
_NODE_STATE = ("CommentCollapsed", "Language", "Version", "UsePreviousResults", "IsPartOfPartialRun")


def convert(document: Document, path: str, options: Mapping[str, Any], context: ConvertContext) -> Conversion:
    builder = ConversionBuilder(document, path, SOURCE)
    try:
        experiment = read_experiment(document.data)
        layers = experiment.layers()
    except GraphError as exc:
        return builder.refuse(f"the graph cannot be read: {exc.message}", exc.pointer)
    ordered = [node for layer in layers for node in layer]
    depth = {node.id: number for number, layer in enumerate(layers) for node in layer}
    if not experiment.nodes:
        return builder.refuse("the graph has no modules: there is nothing to convert", experiment.graph_pointer + "/ModuleNodes")
    stem = file_stem(path)
    folder = f"{stem}-pipeline"
    title = experiment.name or stem
    prefix = identifier(title, "experiment")[:60]
    identified = {node.id: identify(node) for node in ordered}
    taken: set[str] = set()
    names = nodes.Names({})
    for node in ordered:
        record = identified[node.id].record
        names.job[node.id] = unique(identifier(record.name if record else f"module_{node.family_id[:8]}", "module"), taken)
    plan = nodes.Pipeline()
    plan.credentials = _service_credentials(experiment, identified)
    job: dict[str, Any] = {
        "$schema": PIPELINE_SCHEMA,
        "type": "pipeline",
        "display_name": title,
        "experiment_name": prefix,
        "description": experiment.summary or f"Converted from the ML Studio (classic) experiment {title}.",
    }
    main = builder.output("azureml/v2/pipeline-job", job)
    _account_experiment(document.data, experiment, job, builder)
    published = service.publish_outputs(experiment, names, plan, builder)
    binder = _Binder(experiment, names, plan, identified, prefix, builder)
    jobs: dict[str, Any] = {}
    rows: list[ModuleRow] = []
    scripts: list[tuple[str, str]] = []
    uses_r = False
    image = str(options.get("image") or "")
    for node in ordered:
        record = identified[node.id].record
        context_ = nodes.NodeContext(
            folder,
            image,
            prefix,
            bind_input=binder.bind,
            saved_asset=binder.saved_asset,
            linked_input=binder.linked,
            consumed=binder.consumed,
            derived=binder.derived,
            bind_output=binder.bind_output,
            input_type=binder.input_type,
            location_notes=binder.location_notes,
            component_output=len(builder.conversion.outputs),
            extra_inputs=(SOURCE_PORT,) if record is not None and record.name == IMPORT_DATA else (),
        )
        try:
            built = nodes.build(node, identified[node.id], experiment, names, plan, builder, context_)
        except GraphError as exc:
            return builder.refuse(f"the graph cannot be read: {exc.message}", exc.pointer)
        name = names.job[node.id]
        builder.output("azureml/v2/command-component", built.component, file=f"{folder}/components/{name}.yml")
        jobs[name] = built.job
        rows.append(built.row)
        scripts.extend(built.scripts)
        uses_r = uses_r or built.uses_r
        builder.mapped(node.pointer, f"/jobs/{escape(name)}", output=main)
    if plan.inputs:
        job["inputs"] = plan.inputs
    if plan.outputs:
        job["outputs"] = plan.outputs
    job["settings"] = {"default_compute": str(options.get("compute") or SERVERLESS)}
    job["jobs"] = jobs
    notes = list(service.account_parameters(experiment, plan, builder))
    notes += service.outline(experiment, names, folder, prefix, options, builder, published)
    _write_companions(builder, folder, scripts, uses_r)
    builder.conversion.assessment = Assessment(
        title,
        tuple(dataclasses.replace(row, level=depth[row.node]) for row in rows),
        service.rows(experiment, plan, names),
        tuple(notes),
    )
    return builder.build()


class _Binder:
    """How a node's input ports are fed: an edge from another node, a saved asset of the classic workspace (a
    pipeline input on a data asset), or for Import Data the pipeline input its data comes in by."""

    def __init__(
        self,
        experiment: Experiment,
        names: nodes.Names,
        plan: nodes.Pipeline,
        identified: Mapping[str, Any],
        prefix: str,
        builder: ConversionBuilder,
    ) -> None:
        self.experiment = experiment
        self.names = names
        self.plan = plan
        self.identified = identified
        self.prefix = prefix
        self.builder = builder
        self._consumed: dict[str, set[str]] = {}
        self._derived: dict[str, dict[str, str]] = {}
        self._types: dict[tuple[str, str], str] = {}
        self._notes: dict[str, list[tuple[Verdict, str]]] = {}

    def input_type(self, node: Node, port: str) -> str:
        return self._types.get((node.id, port), "uri_folder")

    def location_notes(self, node: Node) -> list[tuple[Verdict, str]]:
        """What the node's data locations (Import Data's source, Export Data's destination) leave to a person."""
        return self._notes.get(node.id, [])

    def _note(self, node: Node, found: sources.Source) -> None:
        if found.person:
            self._notes.setdefault(node.id, []).append((Verdict.PERSON, found.person))
        elif found.approximated:
            self._notes.setdefault(node.id, []).append((Verdict.APPROXIMATED, found.approximated))

    def consumed(self, node: Node) -> set[str]:
        return self._consumed.get(node.id, set())

    def derived(self, node: Node) -> dict[str, str]:
        return self._derived.get(node.id, {})

    def bind_output(self, node: Node, port: str, job: str) -> str | None:
        """Export Data's Destination: a pipeline output on the place the classic module wrote to."""
        record = self.identified[node.id].record
        if record is None or record.name != EXPORT_DATA or port != DESTINATION_PORT:
            return None
        found = sources.export_destination(node)
        name = unique(f"{job}_destination", set(self.plan.outputs))
        self.plan.outputs[name] = {"type": found.kind, "path": found.path} if found.path else {"type": found.kind}
        self._account_location(node, found, f"/outputs/{escape(name)}", f"pipeline output {name}")
        self._note(node, found)
        if found.person:
            self.builder.finding("SL415", found.person, node.pointer, hint=f"the pipeline output is {name}")
        elif found.approximated:
            self.builder.finding("SL401", found.approximated, node.pointer)
        return name

    def _account_location(self, node: Node, found: sources.Source, target: str, shown: str) -> None:
        """The parameters a data location was built from, accounted for at the input or output they became."""
        self._consumed.setdefault(node.id, set()).update(found.read)
        if found.derived:
            self._derived.setdefault(node.id, {}).update(found.derived)
        for name in found.read:
            parameter = node.parameter(name)
            if parameter is None:
                continue
            if parameter.linked:
                self.plan.located[parameter.linked] = target
                self.builder.approximated(
                    parameter.pointer,
                    target,
                    f"the web service parameter {parameter.linked} set {name}; in v2 the {shown} is the data itself: "
                    "set its path instead",
                )
            else:
                self.builder.transformed(parameter.pointer, target + "/path", note="the data's location")

    def saved_asset(self, node: Node, port: str) -> bool:
        return any(p.name == port and p.dataset for p in node.inputs)

    def bind(self, node: Node, port: str, name: str, job: str) -> tuple[str | None, str]:
        if port == SOURCE_PORT and not any(p.name == port for p in node.inputs):
            return self._import_source(node, job)
        edges = self.experiment.feeding(node, port)
        if edges:
            first = edges[0]
            source = self.names.job[first.source.node]
            output = self.names.ports.get((first.source.node, first.source.name))
            if output is None:  # ports are named as their node is built, in graph order: the source is built
                raise GraphError(f"the edge reads {first.source}, a port its node does not have", first.pointer)
            for extra in edges[1:]:
                self.builder.approximated(
                    extra.pointer,
                    None,
                    f"input {port} of node {node.id} has several connections; a v2 input takes one: only the first is kept",
                )
            return f"${{{{parent.jobs.{source}.outputs.{output}}}}}", f"{port} <- {source}.{first.source.name}"
        saved = next((p for p in node.inputs if p.name == port and p.dataset), None)
        if saved is not None and saved.dataset is not None:
            family = saved.dataset.split(".")[1][:8] if "." in saved.dataset else "asset"
            asset = identifier(f"{self.prefix}_{family}", "asset")
            input_name = unique(f"{job}_{name}", set(self.plan.inputs))
            self.plan.inputs[input_name] = {"type": "uri_folder", "path": f"azureml:{asset}@latest"}
            what = {"TrainedModelId": "trained model", "TransformModuleId": "transform"}.get(saved.asset_kind or "", "dataset")
            self.builder.approximated(
                f"{saved.pointer}/{saved.asset_kind}",
                f"/inputs/{escape(input_name)}",
                f"input {port} of node {node.id} reads a saved {what} of the classic workspace ({saved.dataset}): "
                f"export it and register it as the data asset {asset}",
            )
            return f"${{{{parent.inputs.{input_name}}}}}", f"{port} <- saved {what} {saved.dataset}"
        served = next((s for s in self.experiment.service_inputs if s.port.node == node.id and s.port.name == port), None)
        if served is not None:  # the data a caller sent: in the pipeline, an input a person points at the data to score
            input_name = unique(identifier(served.name, "input"), set(self.plan.inputs))
            self.plan.inputs[input_name] = {"type": "uri_folder", "path": f"azureml:{self.prefix}_{input_name}@latest"}
            return (
                f"${{{{parent.inputs.{input_name}}}}}",
                f"{port} <- web service input {served.name} (pipeline input {input_name})",
            )
        return None, f"{port} (not connected)"

    def _import_source(self, node: Node, job: str) -> tuple[str, str]:
        asset = identifier(f"{self.prefix}_{job}_data", "data")
        found = sources.import_source(node, asset)
        input_name = unique(f"{job}_data", set(self.plan.inputs))
        self.plan.inputs[input_name] = {"type": found.kind, "path": found.path}
        self._types[(node.id, SOURCE_PORT)] = found.kind
        self._account_location(node, found, f"/inputs/{escape(input_name)}", f"pipeline input {input_name}")
        self._note(node, found)
        if found.person:
            self.builder.finding("SL415", found.person, node.pointer, hint=f"then point the pipeline input {input_name} at it")
        elif found.approximated:
            self.builder.finding("SL401", found.approximated, node.pointer)
        return f"${{{{parent.inputs.{input_name}}}}}", f"{SOURCE_PORT} <- pipeline input {input_name} ({found.path})"

    def linked(self, parameter: Parameter) -> str | None:
        """The pipeline input a parameter linked to a web service parameter is bound to (made on first use); None
        when neither the web service nor the module gives a value: azure-ai-ml leaves an empty pipeline input out of
        the job it submits ("MFE not support pass None or empty input value"), so a binding to it would dangle."""
        assert parameter.linked is not None
        if parameter.linked in self.plan.credentials:  # never copied: the module keeps its own value
            return None
        name = identifier(parameter.linked, "parameter")
        if name not in self.plan.inputs:
            value = self.plan.linked_defaults.get(parameter.linked) or parameter.decoded
            if not value:
                self.plan.unset.add(parameter.linked)
                return None
            self.plan.inputs[name] = value
        return name


def _service_credentials(experiment: Experiment, identified: Mapping[str, Identified]) -> set[str]:
    """The web service parameters that hold a credential (one sets an Import Data's account key, say)."""
    feeding = {
        parameter.linked
        for node in experiment.nodes
        for parameter in node.parameters
        if parameter.linked and (credential(identified[node.id].record, parameter.name) or holds_credential(parameter.decoded))
    }
    return {
        parameter.name
        for parameter in experiment.service_parameters
        if service_credential(parameter.name, [parameter.value, parameter.default], feeds_credential=parameter.name in feeding)
    }


def _account_experiment(data: Any, experiment: Experiment, job: dict[str, Any], builder: ConversionBuilder) -> None:
    """The experiment's own fields: its name and summary, tags, and what v2 has no place for (one finding)."""
    if experiment.graph_pointer == "":
        graph: dict[str, Any] = data
        top: dict[str, Any] = {}
    else:
        top = data
        graph = data.get("Graph") or {}
    if "Description" in top:
        builder.mapped("/Description", "/display_name")
    if "Summary" in top:
        builder.mapped("/Summary", "/description")
    tags: dict[str, str] = {}
    for key, tag in _TAGGED.items():
        if isinstance(top.get(key), str) and top[key]:
            tags[tag] = top[key]
            builder.mapped(f"/{key}", f"/tags/{tag}")
        elif key in top:
            builder.record(f"/{key}", Fate.TRANSFORMED, None, note="empty")
    if isinstance(top.get("Tags"), list):
        for index, value in enumerate(top["Tags"]):
            tags[str(value)] = ""
            builder.mapped(f"/Tags/{index}", f"/tags/{escape(str(value))}")
        if not top["Tags"]:
            builder.record("/Tags", Fate.TRANSFORMED, None, note="empty")
    if tags:
        job["tags"] = tags
    for section in RUN_STATE:  # the last run's state (access tokens): never read, said once without a value
        if section.lstrip("/") in top:
            builder.dropped(
                section,
                "the last run's state (NodeStatuses) is not carried: it is never read or copied (it can hold storage access tokens)",
            )
    dropped = [f"/{key}" for key in _RUN_METADATA if key in top]
    layout = experiment.graph_pointer + "/SerializedClientData"
    if "SerializedClientData" in graph:
        dropped.append(layout)
    for key in ("PublishInfo", "Parameters"):
        if key in graph:
            dropped.append(f"{experiment.graph_pointer}/{key}")
    # keys of the service's other documents (`IsDraft` of an import request, newer fields): metadata, said once
    read = {
        "Description",
        "Summary",
        "Graph",
        "WebService",
        "Tags",
        *_TAGGED,
        *_RUN_METADATA,
        *(k.lstrip("/") for k in RUN_STATE),
    }
    dropped += [f"/{escape(str(key))}" for key in top if key not in read]
    dropped += [f"{experiment.graph_pointer}/{escape(str(key))}" for key in graph if key not in _GRAPH_KEYS]
    for node in experiment.nodes:
        dropped += [f"{node.pointer}/{key}" for key in _NODE_STATE if key in _raw(data, node.pointer)]
    if dropped:
        for pointer in dropped:
            builder.record(pointer, Fate.DROPPED, note="run metadata or canvas layout")
        builder.finding(
            "SL402",
            "run metadata and canvas layout are not carried (" + ", ".join(sorted({p.rsplit("/", 1)[-1] for p in dropped})) + ")",
            dropped[0],
        )
    if "EdgesInternal" in graph:
        builder.mapped(experiment.graph_pointer + "/EdgesInternal", "/jobs")
    service = top.get("WebService")
    if isinstance(service, dict):
        for key in ("Inputs", "Outputs", "Parameters"):
            if key in service and not service[key]:  # empty or null: nothing to carry
                builder.record(f"/WebService/{key}", Fate.TRANSFORMED, None, note="empty")
        for key in (
            "WebServiceGroupId",
            "ModelPackageId",
            "RunId",
            "ArmWebServiceId",
            "SerializedClientData",
            "IsWebServiceExperiment",
        ):
            if key in service:
                builder.record(f"/WebService/{key}", Fate.DROPPED, note="the classic web service's identity and layout")
    elif "WebService" in top:
        builder.record("/WebService", Fate.TRANSFORMED, None, note="empty")


def _raw(data: Any, pointer: str) -> dict[str, Any]:
    value = data
    for part in pointer.strip("/").split("/"):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value if isinstance(value, dict) else {}


def _write_companions(builder: ConversionBuilder, folder: str, scripts: list[tuple[str, str]], uses_r: bool) -> None:
    """The component runtime, the user's scripts and the environment, beside the components."""
    runtime = resources.files("speclift.studio") / "runtime" / "studio_modules"
    for entry in sorted(runtime.iterdir() if runtime.is_dir() else (), key=lambda e: e.name):
        if entry.name.endswith(".py"):
            builder.text_output(f"{folder}/code/studio_modules/{entry.name}", entry.read_text(encoding="utf-8"))
    for file, text in scripts:
        builder.text_output(f"{folder}/code/{file}", text)
    builder.output("conda", environment.conda(), file=f"{folder}/conda.yml")
    if uses_r:
        builder.output("conda", environment.conda(with_r=True), file=f"{folder}/conda-r.yml")


def output_folder(path: str) -> str:
    return f"{file_stem(os.path.basename(path))}-pipeline"
