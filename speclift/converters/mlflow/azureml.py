"""MLproject -> ``az ml`` v2: a command component per entry point and a command job for the one that runs.

The job (``<project>-<entry>.job.yml``) runs the entry point ``mlflow run`` ran (``main``, ``-O entry-point=NAME``
or the repository's CI invocation), with its parameters as literal inputs (``-O params=...`` or the CI's ``-P``
values, else the defaults; a required parameter without a value gets an explicit ``<required: NAME>`` placeholder,
reported). Each entry point also becomes a command component (``<project>-<entry>.component.yml``) whose inputs
keep MLflow's defaults, required ones staying required.

The command keeps the user's text; each ``{p}`` becomes ``${{inputs.p}}`` (``p`` made a valid identifier) and
``{{``/``}}`` literal braces. MLflow shell-quoted every value it substituted; Azure ML substitutes the raw text,
so a string input standing unquoted in the command is written ``'${{inputs.p}}'``: a value with spaces stays one
argument, as it was. Numbers, booleans and paths are written bare.

Before (``MLproject``)::

    name: tutorial
    conda_env: conda.yaml
    entry_points:
      main:
        parameters:
          alpha: {type: float, default: 0.5}
          l1-ratio: {type: float, default: 0.1}
        command: "python train.py {alpha} --l1-ratio {l1-ratio}"

After (``tutorial-main.job.yml``; ``tutorial-main.component.yml`` declares the same inputs with their defaults)::

    $schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
    type: command
    display_name: tutorial-main
    experiment_name: tutorial
    code: .
    command: python train.py ${{inputs.alpha}} --l1-ratio ${{inputs.l1_ratio}}
    inputs:
      alpha: 0.5
      l1_ratio: 0.1
    environment:
      image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest
      conda_file: conda.yaml

Codes: SL401 approximated, SL402 no equivalent, SL404 cannot convert.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Mapping
from typing import Any

from speclift.conversion import Conversion, ConversionBuilder, ConvertContext
from speclift.conversion.result import Fate
from speclift.converters.mlflow import plan as planning
from speclift.converters.mlflow.environment import EnvironmentPlan, plan_environment
from speclift.converters.mlflow.options import parse_params
from speclift.mlproject import command as template
from speclift.mlproject.model import EntryPoint, Project, ProjectError, is_local_path

JOB_SCHEMA = "https://azuremlschemas.azureedge.net/latest/commandJob.schema.json"
COMPONENT_SCHEMA = "https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json"
_JOB_ORDER = (
    "$schema",
    "type",
    "display_name",
    "experiment_name",
    "compute",
    "code",
    "command",
    "inputs",
    "environment",
    "environment_variables",
)
_COMPONENT_ORDER = ("$schema", "type", "name", "display_name", "code", "command", "inputs", "environment")


def convert(
    document: Any, path: str, options: Mapping[str, Any], context: ConvertContext, project: Project, builder: ConversionBuilder
) -> Conversion:
    stem = project.name or os.path.basename(context.source_dir) or "project"
    environment = plan_environment(project, builder, context, str(options["image"]))
    given = parse_params(str(options.get("params") or ""))
    chosen = str(options.get("entry-point") or "main")
    outputs: list[tuple[str, dict[str, Any], str]] = []  # spec type, data, file name
    running: EntryPoint | None = None
    if chosen in project.entry_points or chosen != "main":
        try:
            running = project.entry_point(chosen)
        except ProjectError as exc:
            return builder.refuse(exc.message, "/entry_points")
    elif project.entry_points:
        builder.finding(
            "SL401",
            "the project has no main entry point, the one mlflow run runs by default: no job was written, only components",
            "/entry_points",
            hint="pick the entry point the job runs with -O entry-point=NAME",
        )
    code = context.relocate(".")
    if running is not None:
        job = _job(running, stem, options, given, environment, code, builder, context)
        if job is not None:
            entry_name = os.path.splitext(running.name)[0] if running.from_file else running.name  # `evaluate.py`
            outputs.append(("azureml/v2/command-job", job, f"{planning.slug(stem)}-{planning.slug(entry_name)}.job.yml"))
    names: set[str] = set()  # component names given so far: `a b` and `a-b` must not both be `<project>_a_b`
    for entry in project.entry_points.values():
        component = _component(entry, stem, environment, code, builder, context, names)
        if component is not None:
            name = f"{planning.slug(stem)}-{planning.slug(entry.name)}.component.yml"
            outputs.append(("azureml/v2/command-component", component, name))
    ended = planning.unfinished(builder, bool(outputs), document.data)
    if ended is not None:
        return ended
    if environment.variables and project.entry_points:
        builder.finding(
            "SL401",
            "a command component has no environment variables: docker_env.environment is set on the job only (set it on "
            "the pipeline nodes that run the components)",
            "/docker_env/environment",
        )
    taken: set[str] = set()
    for spec_type, data, name in outputs:
        builder.output(spec_type, data, file=planning.unique(name, taken))
    if environment.conda_file is not None:
        name, conda = environment.conda_file
        builder.output("conda", conda, "conda", name)
    job_of = running.name if running is not None and not running.from_file else None
    _account(builder, project, document.data, environment, running is not None, job_of)
    return builder.build()


def _job(
    entry: EntryPoint,
    stem: str,
    options: Mapping[str, Any],
    given: dict[str, str],
    environment: EnvironmentPlan,
    code: str,
    builder: ConversionBuilder,
    context: ConvertContext,
) -> dict[str, Any] | None:
    items = planning.inputs(entry, context.source_dir, given)
    inputs: dict[str, Any] = {}
    texts: dict[str, str | None] = {}  # input name -> the text the command gets (None: a data input's path)
    for name, item in items.items():
        value = planning.read_value(item, given.get(name))
        if value.placeholder:
            inputs[item.name] = _placeholder(item)
            texts[item.name] = None if item.data else _placeholder_text(item)
            builder.finding(
                "SL401",
                f"parameter {name} is required and nothing gives it a value: the job has the placeholder "
                f"{_placeholder_text(item)}",
                item.parameter.pointer,
                hint=f"give it with -O params={name}=VALUE, or when submitting: az ml job create --set inputs.{item.name}=VALUE",
            )
        elif item.data:
            inputs[item.name] = {"type": item.type, "path": _data_path(str(value.value), context), "mode": "download"}
            texts[item.name] = None
        else:
            inputs[item.name] = value.value
            texts[item.name] = planning.rendered(value.value)
    built = _command(entry, items, builder, texts)
    if built is None:
        return None
    command, escaped = built
    for name, text in escaped.items():
        inputs[name] = text
        builder.finding(
            "SL401",
            f"the value of {name} holds quotes and shell characters: the job binds it escaped for single quotes "
            f"({text}), so that the shell hands the program the value MLflow did",
            next(item.parameter.pointer for item in items.values() if item.name == name),
        )
    extra = {k: v for k, v in given.items() if k not in entry.parameters}
    if extra:
        command += "".join(f" --{shlex.quote(k)} {shlex.quote(v)}" for k, v in extra.items())
        builder.finding(
            "SL401",
            f"{', '.join(extra)} {'is' if len(extra) == 1 else 'are'} not declared by entry point {entry.name!r}: MLflow "
            f"appended {'it' if len(extra) == 1 else 'them'} as --NAME VALUE, and so does the job's command (declare "
            f"{'it' if len(extra) == 1 else 'them'} to make {'it an input' if len(extra) == 1 else 'them inputs'})",
            entry.pointer,
        )
    job: dict[str, Any] = {
        "$schema": JOB_SCHEMA,
        "type": "command",
        "display_name": f"{stem}-{entry.name}",
        "experiment_name": str(options.get("experiment") or _experiment(stem, builder)),
        "code": code,
        "command": command,
        "inputs": inputs,
        "environment": environment.environment,
        "environment_variables": environment.variables,
    }
    compute = str(options.get("compute") or "")
    if compute:
        job["compute"] = compute if compute.startswith("azureml:") else f"azureml:{compute}"
    return {key: job[key] for key in _JOB_ORDER if key in job and job[key] not in ({}, None)}


def _component(
    entry: EntryPoint,
    stem: str,
    environment: EnvironmentPlan,
    code: str,
    builder: ConversionBuilder,
    context: ConvertContext,
    names: set[str],
) -> dict[str, Any] | None:
    items = planning.inputs(entry, context.source_dir, {})
    built = _command(entry, items, builder)
    if built is None:
        return None
    command = built[0]
    inputs: dict[str, Any] = {}
    for name, item in items.items():
        declared: dict[str, Any] = {"type": item.type}
        default = item.parameter.default
        if item.data:
            declared["mode"] = "download"
            remote = isinstance(default, str) and not is_local_path(default)
            if remote:
                declared["default"] = default
            why = "its default names a file" if item.type == planning.URI_FILE else "a folder unless its default names a file"
            local = (
                "; a component input cannot default to a local path, so the component's input is required (the job gives it)"
                if default is not None and not remote
                else ""
            )
            builder.finding(
                "SL401",
                f"path parameter {name} becomes a {item.type} input ({why}) in download mode: the program gets the path of a "
                f"local copy, as MLflow gave it a local path{local}",
                item.parameter.pointer,
            )
        elif item.parameter.type == "uri":
            if default is not None:
                declared["default"] = str(default)
            builder.finding(
                "SL401",
                f"uri parameter {name} becomes a string input: Azure ML passes the URI through as MLflow did (the program "
                f"reads it), without MLflow's check that it has a scheme",
                item.parameter.pointer,
            )
        elif default is not None:
            typed = planning.typed_value(default, item.type)
            if typed is None:
                declared["type"] = planning.STRING
                declared["default"] = str(default)
                builder.finding(
                    "SL401",
                    f"the default of {item.parameter.type} parameter {name} is no {item.parameter.type} ({default!r}): the "
                    f"component input is a string",
                    item.parameter.pointer,
                )
            else:
                declared["default"] = typed
                if planning.rendered(typed) != str(default):
                    builder.finding(
                        "SL401",
                        f"the component's default for {name} is {planning.rendered(typed)}, not {default!r} (YAML read that as "
                        f"text; an Azure ML {item.type} input needs a {item.type}): the same value, written differently",
                        item.parameter.pointer,
                    )
        inputs[item.name] = declared
    component: dict[str, Any] = {
        "$schema": COMPONENT_SCHEMA,
        "type": "command",
        "name": planning.component_name(stem, entry.name, names),
        "display_name": f"{stem} {entry.name}",
        "code": code,
        "command": command,
        "inputs": inputs,
        "environment": environment.environment,
    }
    return {key: component[key] for key in _COMPONENT_ORDER if key in component and component[key] not in ({}, None)}


def _command(
    entry: EntryPoint, items: dict[str, planning.Input], builder: ConversionBuilder, texts: Mapping[str, str | None] | None = None
) -> tuple[str, dict[str, str]] | None:
    """The entry point's command with Azure ML placeholders, quoted for the values a job binds (``texts``: input
    name -> the text substituted) or, for a component, by the inputs' types; and the inputs whose bound value must
    be escaped (see :func:`~speclift.converters.mlflow.plan.wrap`). None (and an SL404) when MLflow could not run
    the command."""
    escaped: dict[str, str] = {}

    def placeholder(item: planning.Input, piece: template.Field) -> str:
        known = None if texts is None else texts.get(item.name)
        written, bound = planning.wrap("${{inputs." + item.name + "}}", piece.quoting, known, item.quoted)
        if bound is not None:
            escaped[item.name] = bound
        return written

    command = planning.fill_command(entry, items, builder, placeholder, "an Azure ML command")
    return None if command is None else (command, escaped)


def _experiment(stem: str, builder: ConversionBuilder) -> str:
    """The project's name as an experiment name: Azure ML takes letters, digits, ``_`` and ``-``, starting with a
    letter or digit (azureml-core's ``Experiment`` documentation)."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_") or "mlproject"
    if name != stem:
        builder.finding(
            "SL401", f"the experiment is named {name}: Azure ML experiment names cannot hold the characters of {stem!r}", "/name"
        )
    return name


def _placeholder_text(item: planning.Input) -> str:
    return f"<required: {item.parameter.name}>"


def _placeholder(item: planning.Input) -> Any:
    if item.data:
        return {"type": item.type, "path": _placeholder_text(item), "mode": "download"}
    return _placeholder_text(item)


def _data_path(value: str, context: ConvertContext) -> str:
    """A path value as the job's YAML names it: a local path relocated for the output's folder (MLflow read it
    from the folder mlflow run ran in, the project's), a URI as it is."""
    if is_local_path(value):
        return context.relocate(value.removeprefix("file://"))
    return value


def _account(
    builder: ConversionBuilder, project: Project, data: Any, environment: EnvironmentPlan, with_job: bool, job_of: str | None
) -> None:
    """Provenance for every part of the MLproject: where each went (the job is output 0 when there is one, the
    components follow in the order of the entry points)."""
    first_component = 1 if with_job else 0
    for key, pointer, value in planning.account_keys(builder, data, "an Azure ML job"):
        if key == "name":
            builder.mapped(pointer, "/experiment_name" if with_job else "/display_name", output=0)
        elif key == "entry_points":
            _account_entries(builder, project, value, pointer, first_component, job_of)
        else:
            _account_environment(builder, value, pointer, environment, with_job)


def _account_entries(
    builder: ConversionBuilder, project: Project, raw: Any, pointer: str, first: int, job_of: str | None
) -> None:
    if not project.entry_points:
        builder.record(pointer, Fate.MAPPED)
    for index, entry in enumerate(project.entry_points.values()):
        targets = [first + index] + ([0] if entry.name == job_of else [])
        names = planning.input_names(entry)
        for output in targets:
            builder.mapped(entry.pointer + "/command", "/command", output=output)
            for name, parameter in entry.parameters.items():
                builder.mapped(parameter.pointer, f"/inputs/{names[name]}", output=output)
        planning.account_entry_extras(builder, entry, raw)


def _account_environment(
    builder: ConversionBuilder, value: Any, pointer: str, environment: EnvironmentPlan, with_job: bool
) -> None:
    if not value:
        builder.record(pointer, Fate.MAPPED)
        return
    for source, target in environment.targets.items():
        if not source.startswith(pointer):
            continue
        if target.startswith("/environment_variables") and not with_job:
            builder.dropped(source, "a command component has no environment variables, and no job was written")
        else:
            builder.mapped(source, target, output=0)
    if pointer == "/docker_env":
        planning.account_docker_extras(builder, value)
