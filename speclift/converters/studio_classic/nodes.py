"""One classic module node -> one command component and its job in the pipeline.

Each port becomes a component input or output (a folder in the runtime's table format), each parameter a string
input whose default is the classic value (a column selection decoded to its JSON), passed on the command line as the
runtime expects (``--<slug> '<value>'``); a script parameter becomes a file in the code folder, a credential is
never copied. A module speclift has no program for becomes a component running ``studio_modules.unsupported``, which
fails loudly with what the module was and what to do: the graph stays wired and runnable up to it.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from speclift.conversion import ConversionBuilder
from speclift.conversion.result import Fate
from speclift.converters.studio_classic.naming import identifier, slug, unique
from speclift.studio.assessment import ModuleRow, Verdict
from speclift.studio.conceal import credential, holds_credential, redacted
from speclift.studio.graph import Experiment, Node, Parameter
from speclift.studio.modules import Identified, ModuleRecord, ParameterRecord, Status

COMPONENT_SCHEMA = "https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json"
CACHED = "Use cached results"
READERS_WRITERS = ("Import Data", "Export Data")  # they read or wrote outside the graph: reused only when asked
_VERDICTS = {Status.CONVERTED: Verdict.CONVERTED, Status.APPROXIMATED: Verdict.APPROXIMATED, Status.PERSON: Verdict.PERSON}


@dataclass(slots=True)
class Pipeline:
    """What the nodes add to the pipeline job beyond their own jobs."""

    inputs: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    input_sources: dict[str, str] = field(default_factory=dict)  # pipeline input -> the source pointer it came from
    service_outputs: dict[tuple[str, str], str] = field(default_factory=dict)  # (node id, port) -> pipeline output
    linked_defaults: dict[str, str] = field(default_factory=dict)  # web service parameter -> its value
    # web service parameter -> the pipeline input or output it set the location of (Import Data's path)
    located: dict[str, str] = field(default_factory=dict)
    unset: set[str] = field(default_factory=set)  # web service parameters with no value anywhere: no pipeline input
    credentials: set[str] = field(default_factory=set)  # web service parameters holding a credential: never copied


@dataclass(slots=True)
class Names:
    job: dict[str, str]  # node id -> job name
    ports: dict[tuple[str, str], str] = field(default_factory=dict)  # (node id, classic port) -> input/output name


@dataclass(frozen=True, slots=True)
class Built:
    component: dict[str, Any]
    job: dict[str, Any]
    row: ModuleRow
    scripts: tuple[tuple[str, str], ...]  # file under the code folder, text
    uses_r: bool


def port_names(node: Node, record: ModuleRecord | None, experiment: Experiment) -> tuple[list[str], list[str]]:
    """The node's input and output ports: the catalogue's, then any the node lists beyond them, then any an edge
    names (older exports leave ports out of a node's lists)."""
    inputs = list(record.inputs) if record else []
    outputs = list(record.outputs) if record else []
    for names, more in (
        (inputs, [p.name for p in node.inputs] + [e.target.name for e in experiment.into(node)]),
        (outputs, [p.name for p in node.outputs] + [e.source.name for e in experiment.out_of(node)]),
    ):
        names += [name for name in dict.fromkeys(more) if name not in names]
    return inputs, outputs


def build(
    node: Node,
    identified: Identified,
    experiment: Experiment,
    names: Names,
    pipeline: Pipeline,
    builder: ConversionBuilder,
    context: NodeContext,
) -> Built:
    record = identified.record
    job = names.job[node.id]
    program = record.module if record is not None and record.module else "unsupported"
    verdict = _VERDICTS[record.status] if record is not None else Verdict.PERSON
    notes: list[str] = [record.note] if record is not None and record.note and record.status is not Status.CONVERTED else []
    inputs, outputs = port_names(node, record, experiment)
    inputs = list(context.extra_inputs) + [p for p in inputs if p not in context.extra_inputs]
    used: set[str] = set()
    component_inputs: dict[str, Any] = {}
    component_outputs: dict[str, Any] = {}
    job_inputs: dict[str, Any] = {}
    job_outputs: dict[str, Any] = {}
    command = [f"python -m studio_modules.{program}"]
    scripts: list[tuple[str, str]] = []
    shown_inputs: list[str] = []
    for port in inputs:
        name = unique(identifier(port, "input"), used)
        names.ports[(node.id, port)] = name
        bound, shown = context.bind_input(node, port, name, job)
        component_inputs[name] = {"type": context.input_type(node, port), "description": f"classic input port {port}"}
        shown_inputs.append(shown)
        known = _known_port(record, program, port, context.extra_inputs)
        if bound is None:
            component_inputs[name]["optional"] = True
            if known:
                command.append(f"$[[--{slug(port, '-')} ${{{{inputs.{name}}}}}]]")
        else:
            job_inputs[name] = bound
            if known:
                command.append(f"--{slug(port, '-')} ${{{{inputs.{name}}}}}")
            else:
                verdict = _unknown_port(node, record, port, "input", builder, notes, verdict)
            if bound.startswith("${{parent.inputs.") and verdict is Verdict.CONVERTED and context.saved_asset(node, port):
                verdict = Verdict.APPROXIMATED
                notes.append(f"input {port} is a saved asset of the classic workspace: register it first")
    shown_outputs: list[str] = []
    for port in outputs:
        name = unique(identifier(port, "output"), used)
        names.ports[(node.id, port)] = name
        component_outputs[name] = {"type": "uri_folder", "description": f"classic output port {port}"}
        if _known_port(record, program, port, ()):
            command.append(f"--{slug(port, '-')} ${{{{outputs.{name}}}}}")
        elif experiment.fed_by(node, port):
            verdict = _unknown_port(node, record, port, "output", builder, notes, verdict)
        published = pipeline.service_outputs.get((node.id, port)) or context.bind_output(node, port, job)
        if published is not None:
            job_outputs[name] = f"${{{{parent.outputs.{published}}}}}"
        readers = [f"{names.job[e.target.node]}.{e.target.name}" for e in experiment.fed_by(node, port)]
        shown_outputs.append(f"{port} -> {', '.join(readers)}" if readers else f"{port} (not connected)")
    for level, note in context.location_notes(node):  # bound above: Import Data's source, Export Data's destination
        notes.append(note)
        verdict = _worse(verdict, level)
    shown_parameters: list[tuple[str, str]] = []
    consumed = context.consumed(node)
    for parameter in node.parameters:
        spec = record.parameters.get(parameter.name) if record is not None else None
        kind = "secret" if credential(record, parameter.name) else spec.kind if spec is not None else _guessed_kind(parameter)
        shown_parameters.append((parameter.name, _shown(parameter, kind)))
        if kind == "secret":
            _secret(node, parameter, builder)
            continue
        if parameter.name in consumed:  # the data's location: the pipeline input or output it became says it
            continue
        if kind != "script" and holds_credential(parameter.decoded):  # a SAS URL, a connection string with its key
            _secret(node, parameter, builder)
            continue
        if parameter.name == CACHED and record is not None and record.name in READERS_WRITERS:
            builder.transformed(parameter.pointer, "/is_deterministic", output=context.component_output)
            continue
        if record is not None and spec is None and program != "unsupported":
            builder.approximated(
                parameter.pointer,
                None,
                f"{record.name} parameter {parameter.name} is not one speclift knows for this module: it is not passed "
                "to the generated program",
                hint="check the component's output against what the classic module gave",
            )
            notes.append(f"{parameter.name}: unknown to the catalogue, not passed")
            if verdict is Verdict.CONVERTED:
                verdict = Verdict.APPROXIMATED
            continue
        name = unique(identifier(parameter.name, "parameter"), used)
        flag = f"--{slug(parameter.name, '-')}"
        target = f"/inputs/{name}"
        if kind == "script":
            file = f"scripts/{job}-{slug(parameter.name, '-')}{_extension(parameter.name)}"
            scripts.append((file, parameter.value))
            if program != "unsupported":
                command.append(f"{flag} {file}")
            builder.transformed(parameter.pointer, "/command", note=f"carried verbatim into code/{file}")
            continue
        value = parameter.decoded
        if spec is not None and not spec.carried and value != (spec.default or "") and value:
            builder.approximated(
                parameter.pointer,
                None,
                f"{_module_name(node, record)} parameter {parameter.name} = {_brief(value)} has no equivalent in the "
                f"generated program: {spec.note or 'it is ignored'}",
                hint="check the component's output against what the classic module gave",
            )
            notes.append(f"{parameter.name}: {spec.note or 'not carried'}")
            if verdict is Verdict.CONVERTED:
                verdict = Verdict.APPROXIMATED
            continue
        passed = program != "unsupported" and spec is not None and spec.carried
        if "'" in value and passed:  # no quoting survives Azure ML's textual substitution: a fixed word instead
            command.append(f"{flag} {shlex.quote(value)}")
            builder.transformed(parameter.pointer, "/command", note="fixed on the command line (the value holds a quote)")
            continue
        component_inputs[name] = {"type": "string", "description": f"classic parameter {parameter.name}"}
        if value:
            component_inputs[name]["default"] = value
        else:
            component_inputs[name]["optional"] = True
        bound = context.linked_input(parameter) if parameter.linked is not None else None
        if bound is not None:
            job_inputs[name] = f"${{{{parent.inputs.{bound}}}}}"
        if passed:
            command.append(f"{flag} '${{{{inputs.{name}}}}}'" if value else f"$[[{flag} '${{{{inputs.{name}}}}}']]")
        builder.mapped(parameter.pointer, target, output=context.component_output)
    for name_, value in context.derived(node).items():  # values the classic source spelt another way
        flag = f"--{slug(name_, '-')}"
        command.append(f"{flag} {shlex.quote(value)}")
    if program == "unsupported":
        what = record.name if record is not None else ("a custom module" if node.custom else "an unknown built-in module")
        advice = _advice(node, identified)
        command += [
            f"--module-name {shlex.quote(what)}",
            f"--family-id {node.family_id or 'unknown'}",
            f"--advice {shlex.quote(advice)}",
        ]
        builder.finding(
            "SL415",
            f"{_module_name(node, record)} (node {node.id}) has no generated program: {advice}",
            node.pointer,
            hint="its component fails with this message until a person rebuilds it",
        )
        notes = [note for note in notes if record is None or note != record.note]  # the advice says it already
        notes.append(advice)
    module_name = record.name if record is not None else ("custom module" if node.custom else "unknown built-in module")
    component: dict[str, Any] = {
        "$schema": COMPONENT_SCHEMA,
        "type": "command",
        "name": context.component_name(job),
        "display_name": record.name if record is not None else f"Classic module {node.family_id[:8]}",
        "version": "1",
        "description": _description(node, module_name),
        "tags": _tags(node, record, outputs),
        "code": "../code",
        "environment": {
            "image": context.image,
            "conda_file": "../conda-r.yml" if program == "execute_r_script" else "../conda.yml",
        },
        "inputs": component_inputs,
        "outputs": component_outputs,
        "command": " ".join(command),
    }
    if not component_inputs:
        del component["inputs"]
    if not component_outputs:
        del component["outputs"]
    if record is not None and record.name in READERS_WRITERS:  # "Use cached results" was these modules' own switch
        reuse = node.parameter(CACHED)
        component["is_deterministic"] = reuse is not None and reuse.value.lower() == "true"
    job_entry: dict[str, Any] = {"type": "command", "component": f"./{context.folder}/components/{job}.yml"}
    if node.comment:
        job_entry["description"] = node.comment
    if job_inputs:
        job_entry["inputs"] = job_inputs
    if job_outputs:
        job_entry["outputs"] = job_outputs
    row = ModuleRow(
        job=job,
        node=node.id,
        name=module_name,
        family=node.family_id,
        category=record.category if record is not None else "",
        identified_by=identified.how,
        parameters=tuple(shown_parameters),
        inputs=tuple(shown_inputs),
        outputs=tuple(shown_outputs),
        replacement=(record.replacement or "none") if record is not None else "none",
        generated=f"components/{job}.yml running studio_modules.{program}",
        verdict=verdict,
        notes=tuple(dict.fromkeys(notes)),
    )
    return Built(component, job_entry, row, tuple(scripts), program == "execute_r_script")


@dataclass(slots=True)
class NodeContext:
    """What building one node needs from the whole conversion: how its inputs are bound, names, the image."""

    folder: str
    image: str
    prefix: str
    bind_input: Callable[[Node, str, str, str], tuple[str | None, str]]
    saved_asset: Callable[[Node, str], bool]
    linked_input: Callable[[Parameter], str | None]
    consumed: Callable[[Node], set[str]]  # parameters the binder accounted for (where Import Data's data comes from)
    derived: Callable[[Node], dict[str, str]]  # runtime parameters the binder derived (a web source's format)
    bind_output: Callable[[Node, str, str], str | None]  # the pipeline output a port writes to (Export Data's)
    input_type: Callable[[Node, str], str]  # uri_folder, or uri_file for a single file (Import Data's web source)
    location_notes: Callable[[Node], list[tuple[Verdict, str]]]  # what its data's source or destination leaves to do
    component_output: int = 0
    extra_inputs: tuple[str, ...] = ()  # inputs the classic module had not (Import Data's source)

    def component_name(self, job: str) -> str:
        return f"{self.prefix}_{job}"[:255]


_ORDER = (Verdict.CONVERTED, Verdict.APPROXIMATED, Verdict.PERSON)


def _worse(one: Verdict, other: Verdict) -> Verdict:
    return max(one, other, key=_ORDER.index)


def _known_port(record: ModuleRecord | None, program: str, port: str, extra: tuple[str, ...]) -> bool:
    """Whether the program takes the port: every port for a module without one (its placeholder takes them all),
    else the catalogue's ports and those the converter adds (Import Data's source)."""
    if record is None or program == "unsupported":
        return True
    return port in record.inputs or port in record.outputs or port in extra


def _unknown_port(
    node: Node, record: ModuleRecord | None, port: str, kind: str, builder: ConversionBuilder, notes: list[str], verdict: Verdict
) -> Verdict:
    """A connected port the module's program does not have (an edge names it): kept in the component's interface
    so the graph stays wired, not passed to the program, and said."""
    name = record.name if record is not None else "the module"
    builder.finding(
        "SL401",
        f"{name} (node {node.id}) has no {kind} port {port!r}, which an edge connects: the component keeps it, but its "
        "program is not given it",
        node.pointer,
        hint="check the port's name in the graph; the classic module may have read it under another name",
    )
    notes.append(f"{kind} port {port}: unknown to the module's program, not passed")
    return _worse(verdict, Verdict.APPROXIMATED)


def _guessed_kind(parameter: Parameter) -> str:
    """A parameter the catalogue does not know (and no credential): a script by its lines."""
    return "script" if "\n" in parameter.value else "string"


def _module_name(node: Node, record: ModuleRecord | None) -> str:
    return record.name if record is not None else f"module {node.family_id[:8] or node.module_id}"


def _secret(node: Node, parameter: Parameter, builder: ConversionBuilder) -> None:
    if not parameter.value:
        builder.record(parameter.pointer, Fate.TRANSFORMED, None, note="an empty credential: nothing to carry")
        return
    builder.dropped(
        parameter.pointer,
        f"parameter {parameter.name} of node {node.id} holds a credential: it is not copied into any output",
        hint="give the component access through a datastore, a workspace connection or an identity instead",
    )


def _shown(parameter: Parameter, kind: str) -> str:
    """A parameter's value as the assessment shows it: never a credential, a script by its size."""
    if kind == "secret":
        return "(credential, not copied)" if parameter.value else "(empty)"
    if kind == "script":
        lines = len(parameter.value.splitlines())
        return f"(script, {lines} line{'s' if lines != 1 else ''})"
    return _brief(parameter.decoded) if parameter.value else "(empty)"


def _brief(value: str, limit: int = 80) -> str:
    flat = " ".join(redacted(value).split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _extension(name: str) -> str:
    lowered = name.lower()
    if "python" in lowered:
        return ".py"
    if "sql" in lowered:
        return ".sql"
    if lowered.startswith("r ") or " r " in f" {lowered} ":
        return ".R"
    return ".txt"


def _advice(node: Node, identified: Identified) -> str:
    record = identified.record
    if record is not None:
        replacement = f"the designer's {record.replacement}" if record.replacement else "no designer component"
        return f"rebuild {record.name} as code (the migration guide maps it to {replacement}); {record.note}".rstrip("; ")
    if node.custom:
        return "a custom module of the classic workspace: its code (the zip uploaded to Studio) is not in the export; port it into this component"
    return f"an unknown built-in module (family {node.family_id}): find its name in the classic workspace and rebuild it"


def _description(node: Node, module_name: str) -> str:
    text = f"ML Studio (classic) module {module_name}, node {node.id}."
    return f"{text} {node.comment}" if node.comment else text


def _tags(node: Node, record: ModuleRecord | None, outputs: list[str]) -> dict[str, str]:
    tags = {
        "studio_classic_module": record.name if record is not None else "unknown",
        "studio_classic_family_id": node.family_id,
        "studio_classic_module_id": node.module_id,
        "studio_classic_node_id": node.id,
    }
    if outputs:
        tags["studio_classic_outputs"] = ", ".join(outputs)
    if node.parameters:
        tags["studio_classic_parameters"] = ", ".join(p.name for p in node.parameters)
    return tags


def parameter_record(record: ModuleRecord | None, name: str) -> ParameterRecord | None:
    return record.parameters.get(name) if record is not None else None
