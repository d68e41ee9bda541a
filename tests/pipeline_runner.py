"""A small local runner for Azure ML v2 pipeline jobs made of command jobs, for the tests.

`run_pipeline(pipeline.yml, inputs, workdir)` runs the pipeline's jobs one after the other in topological order
(the YAML order among jobs ready together), each in this environment: its component's `code:` folder is copied to
`workdir/.code/<job>` (a node never writes next to its sources), each output is a new empty folder
`workdir/<job>/<output>`, and the command runs with `bash -c` in the copied folder, with the node's
`environment_variables` added to this process's environment and a leading `python` replaced by the interpreter given.
The whole graph is checked before anything runs: a cycle, or a binding that names an unknown job, output or input,
is a RunnerError naming it.

What Azure ML does, followed here:
- `${{inputs.x}}` and `${{outputs.x}}` are replaced by text, quotes or not: the command quotes what must be quoted.
- a uri_file input is the path of the file itself, a uri_folder input (or mltable, mlflow_model...) the folder's;
  a path of the other kind is refused, as azure-ai-ml refuses to submit it ("There is no dir on target path").
- a literal value is the text Python's str() gives it, as azure-ai-ml sends it (True, 0.5).
- `$[[ ... ]]` is kept, brackets removed, when every `${{inputs.x}}` inside has a value, and dropped otherwise;
  an input that no job binds takes its component default, or has no value when it is optional.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

FILE_TYPES = frozenset({"uri_file"})
FOLDER_TYPES = frozenset({"uri_folder", "mltable", "mlflow_model", "custom_model", "triton_model"})
_NAME = r"[A-Za-z0-9_-]+"
_BINDING = re.compile(
    r"\$\{\{\s*parent\.(?:(inputs|outputs)\.(" + _NAME + r")|jobs\.(" + _NAME + r")\.outputs\.(" + _NAME + r"))\s*\}\}"
)
_EXPRESSION = re.compile(r"\$\{\{\s*(inputs|outputs)\.(" + _NAME + r")\s*\}\}")
_OPTIONAL = re.compile(r"\$\[\[(.*?)\]\]", re.DOTALL)
_LEADING_PYTHON = re.compile(r"^(\s*)python(?=\s|$)", re.MULTILINE)
_REMOTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")  # azureml:, https://, wasbs://... (not a local path)
_STDERR_LINES = 20

Value = Path | str  # a data input's path, or a primitive input's text


class RunnerError(Exception):
    """The pipeline cannot be run as written, or one of its nodes failed."""


@dataclass(frozen=True)
class NodeRun:
    job: str
    command: str  # as run, after substitution
    outputs: dict[str, Path]
    stdout: str
    stderr: str


@dataclass(frozen=True)
class PipelineRun:
    order: list[str]  # the jobs, in the order they ran
    nodes: dict[str, NodeRun]
    outputs: dict[str, Path]  # each pipeline output: the folder of the job output bound to it


@dataclass(frozen=True)
class _Node:
    name: str
    command: str
    code: Path | None
    inputs: dict[str, dict[str, Any]]  # declared: name -> definition (type, default, optional)
    outputs: dict[str, str]  # declared: name -> type
    bindings: dict[str, Any]  # the job's `inputs:` values
    output_bindings: dict[str, Any]
    environment: dict[str, str]
    base: Path  # the folder literal paths in the bindings are relative to: the pipeline's


@dataclass(frozen=True)
class _Ref:
    kind: str  # inputs | outputs (of the pipeline) | jobs
    name: str
    output: str  # for jobs: the job's output
    text: str


def run_pipeline(
    pipeline_yaml: Path, inputs: Mapping[str, Path | str], workdir: Path, python: str = sys.executable
) -> PipelineRun:
    """Run every job of the pipeline; `inputs` overrides pipeline inputs (a local path for uri_* inputs)."""
    base = pipeline_yaml.parent
    pipeline = _load_yaml(pipeline_yaml, "pipeline")
    if pipeline.get("type") != "pipeline":
        raise RunnerError(f"{pipeline_yaml}: not a pipeline job (type: {pipeline.get('type')!r})")
    values = _pipeline_inputs(_mapping(pipeline.get("inputs"), "pipeline inputs"), inputs, base)
    declared_outputs = _mapping(pipeline.get("outputs"), "pipeline outputs")
    nodes = {str(name): _load_node(str(name), job, base) for name, job in _mapping(pipeline.get("jobs"), "jobs").items()}
    needs, sources = _check_references(nodes, values, declared_outputs)
    order = _topological(list(nodes), needs)
    produced: dict[tuple[str, str], Path] = {}
    runs: dict[str, NodeRun] = {}
    for name in order:
        runs[name] = _run_node(nodes[name], values, produced, workdir, python)
        produced.update(((name, output), path) for output, path in runs[name].outputs.items())
    return PipelineRun(order, runs, {output: produced[source] for output, source in sources.items()})


# ---------------------------------------------------------------------------------------------------------- reading


def _load_yaml(path: Path, what: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RunnerError(f"{what} {path} cannot be read: {error}") from error
    return _mapping(data, f"{what} {path}")


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RunnerError(f"{where}: a mapping was expected, not {type(value).__name__}")
    return {str(key): item for key, item in value.items()}


def _local_path(text: Any, base: Path, where: str) -> Path:
    if not isinstance(text, str) or _REMOTE.match(text):
        raise RunnerError(f"{where}: {text!r} is not a local path (give one in the run's inputs)")
    return base / text


def _pipeline_inputs(declared: dict[str, Any], given: Mapping[str, Path | str], base: Path) -> dict[str, Value | None]:
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise RunnerError(f"the pipeline has no input {', '.join(unknown)}")
    values: dict[str, Value | None] = {}
    for name, spec in declared.items():
        kind = spec.get("type", "uri_folder" if "path" in spec else "string") if isinstance(spec, dict) else "string"
        if name in given:
            values[name] = Path(given[name]) if kind in FILE_TYPES | FOLDER_TYPES else str(given[name])
        elif isinstance(spec, dict) and spec.get("path") is not None:
            values[name] = _local_path(spec["path"], base, f"pipeline input '{name}'")
        else:
            literal = spec.get("value", spec.get("default")) if isinstance(spec, dict) else spec
            values[name] = None if literal is None else str(literal)
        _check_kind(values[name], kind, f"pipeline input '{name}'")
    return values


def _load_node(name: str, job: Any, base: Path) -> _Node:
    job = _mapping(job, f"job '{name}'")
    where = f"job '{name}'"
    if job.get("type", "command") != "command":
        raise RunnerError(f"{where}: type {job.get('type')!r} is not run here (command jobs only)")
    bindings = {key: value for key, value in _mapping(job.get("inputs"), f"{where} inputs").items() if value is not None}
    output_bindings = _mapping(job.get("outputs"), f"{where} outputs")
    if job.get("component") is None:  # an inline command job: its inputs and outputs declare themselves
        definition, home = job, base
        declared_inputs = {key: value if isinstance(value, dict) else {} for key, value in bindings.items()}
        declared_outputs = {key: value if isinstance(value, dict) else {} for key, value in output_bindings.items()}
    else:
        definition, home = _component(job["component"], base, f"{where} component")
        declared_inputs = _declarations(definition.get("inputs"), f"{where} component input")
        declared_outputs = _declarations(definition.get("outputs"), f"{where} component output")
    command = definition.get("command")
    if not isinstance(command, str):
        raise RunnerError(f"{where}: no command")
    code = None
    if definition.get("code") is not None:
        code = _local_path(definition["code"], home, f"{where} code")
        if not code.is_dir():
            raise RunnerError(f"{where}: the code folder {code} does not exist")
    outputs = {key: str(value.get("type", "uri_folder")) for key, value in declared_outputs.items()}
    for key, kind in outputs.items():
        if kind not in FOLDER_TYPES:
            raise RunnerError(f"{where} output '{key}': type {kind} is not run here (folder outputs only)")
    variables = _mapping(job.get("environment_variables"), f"{where} environment_variables")
    environment = {key: str(value) for key, value in variables.items()}
    return _Node(name, command, code, declared_inputs, outputs, bindings, output_bindings, environment, base)


def _component(component: Any, base: Path, where: str) -> tuple[dict[str, Any], Path]:
    """A command component's definition, and the folder its `code:` is relative to."""
    if isinstance(component, dict):
        definition, home = _mapping(component, where), base
    else:
        path = _local_path(component.removeprefix("file:") if isinstance(component, str) else component, base, where)
        definition, home = _load_yaml(path, where), path.parent
    if definition.get("type", "command") != "command":
        raise RunnerError(f"{where} is of type {definition.get('type')!r}, not command")
    return definition, home


def _declarations(value: Any, where: str) -> dict[str, dict[str, Any]]:
    return {key: _mapping(item, f"{where} '{key}'") for key, item in _mapping(value, f"{where}s").items()}


# ---------------------------------------------------------------------------------------------------------- the graph


def _reference(raw: Any, where: str) -> _Ref | None:
    """The `${{parent...}}` binding a job's input or output value holds, if any."""
    text = raw.get("path") if isinstance(raw, dict) else raw
    if not isinstance(text, str) or "${{" not in text:
        return None
    match = _BINDING.fullmatch(text.strip())
    if match is None:
        raise RunnerError(f"{where}: {text} is not a binding this runner knows")
    kind, name, job, output = match.groups()
    return _Ref(kind, name, "", text) if kind else _Ref("jobs", job, output, text)


def _check_references(
    nodes: dict[str, _Node], values: dict[str, Value | None], declared_outputs: dict[str, Any]
) -> tuple[dict[str, set[str]], dict[str, tuple[str, str]]]:
    """Which jobs each job needs, and which job output each pipeline output is; every name checked."""
    needs: dict[str, set[str]] = {name: set() for name in nodes}
    sources: dict[str, tuple[str, str]] = {}
    for name, node in nodes.items():
        for input_name, raw in node.bindings.items():
            where = f"job '{name}' input '{input_name}'"
            if input_name not in node.inputs:
                raise RunnerError(f"{where}: the component has no such input")
            ref = _reference(raw, where)
            if ref is None:
                continue
            if ref.kind == "outputs":
                raise RunnerError(f"{where}: {ref.text} names a pipeline output, which cannot feed an input")
            if ref.kind == "inputs" and ref.name not in values:
                raise RunnerError(f"{where}: {ref.text} names an unknown pipeline input '{ref.name}'")
            if ref.kind == "jobs":
                if ref.name not in nodes:
                    raise RunnerError(f"{where}: {ref.text} names an unknown job '{ref.name}'")
                if ref.output not in nodes[ref.name].outputs:
                    raise RunnerError(
                        f"{where}: {ref.text} names an unknown output: job '{ref.name}' has no output '{ref.output}'"
                    )
                needs[name].add(ref.name)
        for output_name, raw in node.output_bindings.items():
            where = f"job '{name}' output '{output_name}'"
            if output_name not in node.outputs:
                raise RunnerError(f"{where}: the component has no such output")
            ref = _reference(raw, where)
            if ref is None:
                continue
            if ref.kind != "outputs" or ref.name not in declared_outputs:
                raise RunnerError(f"{where}: {ref.text} names no output of the pipeline")
            if ref.name in sources:
                raise RunnerError(f"{where}: pipeline output '{ref.name}' is bound by job '{sources[ref.name][0]}' too")
            sources[ref.name] = (name, output_name)
    unbound = [name for name in declared_outputs if name not in sources]
    if unbound:
        raise RunnerError(f"pipeline output {', '.join(unbound)} is bound by no job")
    return needs, sources


def _topological(names: list[str], needs: dict[str, set[str]]) -> list[str]:
    """Each time, the first job in YAML order whose needs have all run."""
    order: list[str] = []
    remaining = list(names)
    while remaining:
        ready = next((name for name in remaining if needs[name] <= set(order)), None)
        if ready is None:
            raise RunnerError(
                f"the jobs form a cycle (each takes an input from the next): {' -> '.join(_cycle(remaining, needs))}"
            )
        order.append(ready)
        remaining.remove(ready)
    return order


def _cycle(remaining: list[str], needs: dict[str, set[str]]) -> list[str]:
    """Every remaining job needs another remaining one: walking from job to need comes back to a job seen."""
    path = [remaining[0]]
    while True:
        step = next(name for name in remaining if name in needs[path[-1]])
        if step in path:
            return [*path[path.index(step) :], step]
        path.append(step)


# ---------------------------------------------------------------------------------------------------------- running


def _check_kind(value: Value | None, kind: Any, where: str) -> None:
    if value is None or kind not in FILE_TYPES | FOLDER_TYPES:
        return
    if not isinstance(value, Path):
        raise RunnerError(f"{where} is {kind} but is given the text {value!r}, not a path")
    if kind in FILE_TYPES and not value.is_file():
        raise RunnerError(f"{where} is {kind} but {value} is not a file (Azure ML refuses it too)")
    if kind in FOLDER_TYPES and not value.is_dir():
        raise RunnerError(f"{where} is {kind} but {value} is not a folder (Azure ML refuses it too)")


def _input_values(
    node: _Node, pipeline: dict[str, Value | None], produced: dict[tuple[str, str], Path]
) -> dict[str, Value | None]:
    values: dict[str, Value | None] = {}
    for name, definition in node.inputs.items():
        where = f"job '{node.name}' input '{name}'"
        kind = definition.get("type")
        raw = node.bindings.get(name)
        ref = _reference(raw, where)
        value: Value | None = None
        if ref is not None:
            value = pipeline[ref.name] if ref.kind == "inputs" else produced[(ref.name, ref.output)]
        elif isinstance(raw, dict):
            value = _local_path(raw["path"], node.base, where) if "path" in raw else _text(raw.get("value"))
        elif raw is not None:
            value = _local_path(raw, node.base, where) if kind in FILE_TYPES | FOLDER_TYPES else str(raw)
        if value is None:
            value = _text(definition.get("default"))
        if value is None and not definition.get("optional", False):
            raise RunnerError(f"{where} is required but has no value")
        _check_kind(value, kind, where)
        values[name] = value
    return values


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _render(node: _Node, values: dict[str, Value | None], outputs: dict[str, Path], python: str) -> str:
    for match in _EXPRESSION.finditer(node.command):
        kind, name = match.groups()
        if name not in (node.inputs if kind == "inputs" else node.outputs):
            raise RunnerError(f"job '{node.name}': the command names {match.group(0)}, which the component does not declare")

    def optional(match: re.Match[str]) -> str:
        inside = match.group(1)
        bound = all(values[m.group(2)] is not None for m in _EXPRESSION.finditer(inside) if m.group(1) == "inputs")
        return inside if bound else ""

    def substitute(match: re.Match[str]) -> str:
        kind, name = match.groups()
        value = values[name] if kind == "inputs" else outputs[name]
        if value is None:
            raise RunnerError(f"job '{node.name}': input '{name}' has no value but the command uses it outside $[[ ]]")
        return str(value)

    command = _EXPRESSION.sub(substitute, _OPTIONAL.sub(optional, node.command))
    if "${{" in command:
        raise RunnerError(f"job '{node.name}': the command holds an expression this runner does not know: {command}")
    return _LEADING_PYTHON.sub(lambda match: match.group(1) + shlex.quote(python), command)


def _run_node(
    node: _Node, pipeline: dict[str, Value | None], produced: dict[tuple[str, str], Path], workdir: Path, python: str
) -> NodeRun:
    values = _input_values(node, pipeline, produced)
    outputs = {name: workdir / node.name / name for name in node.outputs}
    command = _render(node, values, outputs, python)
    code = workdir / ".code" / node.name
    try:
        for folder in outputs.values():
            folder.mkdir(parents=True)
        if node.code is None:
            code.mkdir(parents=True)
        else:
            shutil.copytree(node.code, code)
    except FileExistsError as error:
        raise RunnerError(f"job '{node.name}': {error.filename} exists already: give each run a new workdir") from error
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=code,
        env={**os.environ, **node.environment},
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    if result.returncode != 0:
        tail = "\n".join(result.stderr.rstrip().splitlines()[-_STDERR_LINES:])
        raise RunnerError(f"job '{node.name}' failed with exit status {result.returncode}\ncommand: {command}\nstderr:\n{tail}")
    return NodeRun(node.name, command, outputs, result.stdout, result.stderr)
