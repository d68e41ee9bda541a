"""MLproject -> Polyaxon v1.1 components (``-O to=polyaxon``): one ``kind: component`` per entry point.

Each entry point becomes ``<project>-<entry>.polyaxon.yml``: its parameters are typed inputs (float, int, str,
bool, ``path`` -> path; ``uri`` and unknown types -> str, since Polyaxon's own ``uri`` type is a ``user:password@host``
credential), a default is the input's value (``isOptional: true``), a required parameter an input without a value.
The job runs ``/bin/bash -c <command>``, as MLflow did, in the folder ``polyaxon run -u`` uploads the project to.

The command keeps the user's text; each ``{p}`` becomes ``{{ p }}`` (``p`` made a valid identifier). MLflow
shell-quoted every value; Polyaxon substitutes the raw text, so a str or path input standing unquoted is written
``'{{ p | replace("'", "'\\''") }}'``: one shell word whatever the value holds, as it was. Polyaxon renders its
templates until nothing changes, so a literal ``{{``, ``{%`` or ``{#`` cannot survive in a command (SL404).

Before (``MLproject``)::

    name: tutorial
    docker_env:
      image: python:3.10
    entry_points:
      main:
        parameters:
          alpha: {type: float, default: 0.5}
          out-dir: {type: string, default: runs}
        command: "python train.py {alpha} --out-dir {out-dir}"

After (``tutorial-main.polyaxon.yml``)::

    version: 1.1
    kind: component
    name: tutorial-main
    inputs:
      - name: alpha
        type: float
        value: 0.5
        isOptional: true
      - name: out_dir
        type: str
        value: runs
        isOptional: true
    run:
      kind: job
      container:
        image: python:3.10
        command: [/bin/bash, -c]
        args: ["python train.py {{ alpha }} --out-dir '{{ out_dir | replace(...) }}'"]
        workingDir: '{{ globals.run_artifacts_path }}/uploads'

Environments: ``docker_env.image`` -> the container's image, its ``[NAME, value]`` pairs -> the container's env;
``conda_env``/``python_env`` -> the ``image`` option, their packages reported (Polyaxon has no conda or virtualenv
step: bake them into an image); volumes and variables copied from the host have no equivalent.

Codes: SL401 approximated, SL402 no equivalent, SL404 cannot convert.
"""

from __future__ import annotations

import ast
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from speclift.conversion import Conversion, ConversionBuilder, ConvertContext, Fate
from speclift.converters.mlflow import plan as planning
from speclift.converters.polyaxon_v0.run import UPLOADS
from speclift.mlproject import command as template
from speclift.mlproject.model import EntryPoint, Project, is_local_path

SPEC_TYPE = "polyaxon/v1/component"
TYPES = {
    planning.NUMBER: "float",
    planning.INTEGER: "int",
    planning.BOOLEAN: "bool",
    planning.STRING: "str",
    planning.URI_FILE: "path",
    planning.URI_FOLDER: "path",
}
TEXT_TYPES = ("str", "path")  # values the shell must see as one word, whatever they hold
# Names Polyaxon refuses for an input, and words Jinja reads as its own in `{{ name }}`.
_RESERVED = {"globals", "params", "connections", "true", "false", "none", "and", "or", "not", "in", "is", "if", "else"}
_JINJA_SYNTAX = re.compile(r"\{[{%#]")
_QUOTE_SAFE = " | replace(\"'\", \"'\\\\''\")"  # ' -> '\'' : closes the quotes, an escaped quote, reopens them
_CONTAINER_ORDER = ("image", "command", "args", "workingDir", "env")


@dataclass(slots=True)
class _Environment:
    image: str = ""
    env: list[dict[str, str]] = field(default_factory=list)
    targets: dict[str, str] = field(default_factory=dict)  # source pointer -> pointer in every component


def convert(
    document: Any, path: str, options: Mapping[str, Any], context: ConvertContext, project: Project, builder: ConversionBuilder
) -> Conversion:
    stem = project.name or os.path.basename(context.source_dir) or "project"
    environment = _environment(project, builder, context, str(options["image"]))
    components: list[tuple[EntryPoint, dict[str, Any]]] = []
    for entry in project.entry_points.values():
        component = _component(entry, stem, environment, builder, context)
        if component is not None:
            components.append((entry, component))
    ended = planning.unfinished(builder, bool(components), document.data)
    if ended is not None:
        return ended
    if options.get("params"):
        builder.finding(
            "SL401",
            "a Polyaxon component keeps the parameters' defaults: the given parameter values are not written",
            "",
            hint="pass them when the component runs: polyaxon run -f FILE -P NAME=VALUE",
        )
    builder.finding(
        "SL401",
        "MLflow ran the command in the project folder; the Polyaxon job runs it in the folder its upload goes to",
        "",
        hint="run it from the project folder with polyaxon run -f FILE -u, which uploads the folder",
    )
    for entry, component in components:
        builder.output(SPEC_TYPE, component, file=f"{planning.slug(stem)}-{planning.slug(entry.name)}.polyaxon.yml")
    _account(builder, project, document.data, environment, len(components))
    return builder.build()


def input_names(entry: EntryPoint) -> dict[str, str]:
    """Parameter name -> the input's name: a valid identifier that neither Polyaxon nor Jinja takes for its own."""
    names = planning.input_names(entry)
    taken = {name.lower() for name in names.values()}
    for parameter, name in names.items():
        if name.lower() in _RESERVED:
            safe = name + "_"
            while safe.lower() in taken:
                safe += "_"
            taken.add(safe.lower())
            names[parameter] = safe
    return names


def _component(
    entry: EntryPoint, stem: str, environment: _Environment, builder: ConversionBuilder, context: ConvertContext
) -> dict[str, Any] | None:
    names = input_names(entry)
    items = {
        name: planning.Input(item.parameter, names[name], item.type)
        for name, item in planning.inputs(entry, context.source_dir, {}).items()
    }
    if not _templatable(entry, builder):
        return None
    declared = [_input(name, item, builder) for name, item in items.items()]
    kinds = {item["name"]: item["type"] for item in declared}

    def placeholder(item: planning.Input, piece: template.Field) -> str:
        if kinds[item.name] in TEXT_TYPES and piece.quoting == template.UNQUOTED:
            return "'{{ " + item.name + _QUOTE_SAFE + " }}'"
        return "{{ " + item.name + " }}"

    command = planning.fill_command(entry, items, builder, placeholder, "a Polyaxon command")
    if command is None:
        return None
    container: dict[str, Any] = {
        "image": environment.image,
        "command": ["/bin/bash", "-c"],
        "args": [command],
        "workingDir": UPLOADS,
        "env": environment.env,
    }
    return {
        "version": 1.1,
        "kind": "component",
        "name": re.sub(r"[^A-Za-z0-9_-]+", "-", f"{stem}-{entry.name}").strip("-") or "mlproject",
        **({"inputs": declared} if declared else {}),
        "run": {"kind": "job", "container": {key: container[key] for key in _CONTAINER_ORDER if container[key]}},
    }


def _input(name: str, item: planning.Input, builder: ConversionBuilder) -> dict[str, Any]:
    kind = TYPES[item.type]
    declared: dict[str, Any] = {"name": item.name, "type": kind}
    default = item.parameter.default
    if default is None:
        return declared  # required: Polyaxon asks for it when the component runs
    if kind in TEXT_TYPES:
        declared["value"] = str(default)
        if kind == "path" and not is_local_path(declared["value"]):
            builder.finding(
                "SL401",
                f"MLflow downloaded the default {declared['value']} of path parameter {name} and passed the local copy's "
                f"path; Polyaxon passes the URI itself",
                item.parameter.pointer,
                hint="have the program read the URI, or fetch it with an init step (artifacts or a connection)",
            )
        passed = _evaluated(declared["value"])
        if passed is not None:
            builder.finding(
                "SL401",
                f"Polyaxon evaluates the default {declared['value']!r} of {name} as a Python literal: the command gets "
                f"{passed}, where MLflow passed the text as it is (so does a value given at run time)",
                item.parameter.pointer,
                hint="read the value both ways in the program, or write it so that it is no Python literal",
            )
    else:
        typed, declared["value"] = planning.literal_default(item, builder, name, f"Polyaxon reads it as a {kind}")
        if not typed:
            declared["type"] = "str"
    declared["isOptional"] = True
    return declared


def _evaluated(text: str) -> str | None:
    """What polyaxon 1.20 passes for the str value ``text`` when it differs: its template parser evaluates a text
    that reads as a Python literal (``ast.literal_eval``) and a str input writes a number, boolean or collection
    back as JSON (``True`` -> ``true``, ``1e-1`` -> ``0.1``), a quoted string without its quotes."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    if value is None:
        return "no value (None: Polyaxon refuses the run)"
    try:
        passed = value if isinstance(value, str) else json.dumps(value)
    except (TypeError, ValueError):
        return None
    return passed if passed != text else None


def _templatable(entry: EntryPoint, builder: ConversionBuilder) -> bool:
    """Whether the command's own text can stand in a Polyaxon template: Polyaxon renders a command again until it
    no longer changes, so text that reads as Jinja syntax (``{{``, ``{%``, ``{#``, also a ``{`` just before a
    field) cannot be escaped."""
    try:
        pieces = template.parse(entry.command)
    except template.TemplateError:
        return True  # fill_command reports it
    if not _literal_syntax(pieces):
        return True
    builder.finding(
        "SL404",
        "the command's text holds {{, {% or {# (after MLflow's unescaping), which Polyaxon reads as its template "
        "syntax and cannot escape",
        entry.pointer + ("/command" if not entry.from_file else ""),
        hint="write the braces another way (a variable or a script file)",
    )
    return False


def _literal_syntax(pieces: list[template.Piece]) -> bool:
    literal = ""  # the text since the last field (str.format splits it at each `{{`)
    for piece in pieces:
        if isinstance(piece, str):
            literal += piece
            if _JINJA_SYNTAX.search(literal):
                return True
        else:
            if literal.endswith("{"):
                return True
            literal = ""
    return False


def _environment(project: Project, builder: ConversionBuilder, context: ConvertContext, image: str) -> _Environment:
    plan = _Environment(image=image)
    env = project.environment
    kind, value, pointer = (env.kind, env.value, env.pointer) if env is not None else (None, None, "")
    if kind is None:
        for default_kind, default_file in (("python_env", "python_env.yaml"), ("conda_env", "conda.yaml")):
            if context.exists(default_file):
                kind, value = default_kind, default_file
                break
    if kind == "docker_env":
        _docker_env(plan, builder, context, value)
    elif kind is not None:
        if pointer:
            plan.targets[pointer] = "/run/container/image"
        what = _packages_text(context, kind, str(value))
        builder.finding(
            "SL401",
            f"Polyaxon has no {'conda' if kind == 'conda_env' else 'virtualenv'} step: the component runs on {image} "
            f"without {value}'s packages{what}" + ("" if env is not None else f" (MLflow used {value} from the project folder)"),
            pointer,
            hint="bake them into an image (a Dockerfile, or a build section with the kaniko hub component) and pass "
            "it with -O image=NAME",
        )
    else:
        builder.finding(
            "SL401",
            f"the MLproject names no environment and its folder has no python_env.yaml or conda.yaml: MLflow ran it in a "
            f"fresh virtualenv with mlflow; the component runs on {image} with nothing added",
            "",
            hint="pass an image with your dependencies with -O image=NAME",
        )
    return plan


def _packages_text(context: ConvertContext, kind: str, name: str) -> str:
    """`` (python 3.10: numpy, pandas)`` for a python_env file; nothing for a conda file (it says it itself)."""
    document = context.read(name) if kind == "python_env" else None
    spec = document.data if document is not None and isinstance(document.data, dict) else None
    if spec is None:
        return ""
    packages = [str(p) for key in ("build_dependencies", "dependencies") for p in spec.get(key) or [] if isinstance(p, str)]
    return f" (python {spec.get('python') or 'unpinned'}: {', '.join(packages) or 'no packages'})"


def _docker_env(plan: _Environment, builder: ConversionBuilder, context: ConvertContext, docker: Any) -> None:
    image = str(docker.get("image"))
    plan.image = image
    plan.targets["/docker_env/image"] = "/run/container/image"
    first = image.split("/", 1)[0]
    if not ("/" in image and ("." in first or ":" in first or first == "localhost")) and context.exists("Dockerfile"):
        builder.finding(
            "SL401",
            f"{image} names no registry and the project has a Dockerfile: the image is taken to be built from it on the "
            f"machine that ran mlflow run; Polyaxon pulls {image} from a registry",
            "/docker_env/image",
            hint="build and push the image where the cluster pulls from (or add a build section with the kaniko hub "
            "component) and write its full name",
        )
    for pointer, name, value in planning.docker_variables(
        builder,
        docker,
        "a Polyaxon job",
        volume_hint="mount the data through a connection (connections: [NAME], or an init step)",
        variable_hint="set {name} in run.container.env (a secret belongs in a connection or a Kubernetes secret)",
    ):
        plan.targets[pointer] = f"/run/container/env/{len(plan.env)}"
        plan.env.append({"name": name, "value": value})


def _account(builder: ConversionBuilder, project: Project, data: Any, environment: _Environment, count: int) -> None:
    """Provenance for every part of the MLproject: the components are the outputs, in the order of the entry points."""
    for key, pointer, value in planning.account_keys(builder, data, "a Polyaxon component"):
        if key == "name":
            for output in range(count):
                builder.mapped(pointer, "/name", output=output)
        elif key == "entry_points":
            _account_entries(builder, project, value, pointer)
        else:
            _account_environment(builder, value, pointer, environment, count)


def _account_entries(builder: ConversionBuilder, project: Project, raw: Any, pointer: str) -> None:
    if not project.entry_points:
        builder.record(pointer, Fate.MAPPED)
    for index, entry in enumerate(project.entry_points.values()):
        builder.mapped(entry.pointer + "/command", "/run/container/args/0", output=index)
        for position, parameter in enumerate(entry.parameters.values()):
            builder.mapped(parameter.pointer, f"/inputs/{position}", output=index)
        planning.account_entry_extras(builder, entry, raw)


def _account_environment(builder: ConversionBuilder, value: Any, pointer: str, environment: _Environment, count: int) -> None:
    if not value:
        builder.record(pointer, Fate.MAPPED)
        return
    for source, target in environment.targets.items():
        if source.startswith(pointer):
            for output in range(count):
                builder.mapped(source, target, output=output)
    if pointer == "/docker_env":
        planning.account_docker_extras(builder, value)
