"""One v0 experiment / job (or the experiment of a group) -> a v1 component: header, inputs, build and run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from speclift.conversion.fields import SEQUENCE
from speclift.converters.polyaxon_v0 import distributed, environment, params, run
from speclift.converters.polyaxon_v0.context import Context, as_dict
from speclift.pointer import join

CONTEXTS = {"globals", "params", "connections", "init", "ops", "dag", "runs", "matrix"}
HEADER = ("name", "description", "tags")
_LOG_LEVELS = {"DEBUG": "DEBUG", "INFO": "INFO", "WARN": "WARNING", "WARNING": "WARNING", "ERROR": "ERROR"}
_ORDER = ("version", "kind", "name", "description", "tags", "termination", "plugins", "build", "inputs", "outputs", "run")


@dataclass(slots=True)
class Parts:
    """What the kind-specific code adds to a component."""

    matrix: set[str] = field(default_factory=set)  # names the matrix sets (declared as inputs)
    extra_inputs: list[dict[str, Any]] = field(default_factory=list)
    header: bool = True  # name/description/tags go on this component (False: on the enclosing operation)
    code: bool = True  # the command needs the project's code (a tensorboard does not)


def header(ctx: Context, doc: dict[str, Any], src: str, dst: str, out: dict[str, Any]) -> None:
    for key in HEADER:
        if key in doc:
            tags = ctx.field(doc, join(src, key), SEQUENCE) if key == "tags" else None  # v0 refused `tags: x`
            out[key] = list(tags) if tags is not None else doc[key]
            ctx.mapped(join(src, key), join(dst, key))


def framework_tag(ctx: Context, doc: dict[str, Any], src: str, dst: str, out: dict[str, Any]) -> None:
    """A framework that does not make the run distributed is only informative: keep it as a tag."""
    value = doc.get("framework")
    if value is None:
        return
    tags = out.setdefault("tags", [])
    if not isinstance(tags, list):
        return
    if value not in tags:
        tags.append(value)
    ctx.approximated(
        join(src, "framework"),
        join(dst, "tags", tags.index(value)),
        f"framework: {value} has no v1 field (it only matters for distributed runs); it is kept as a tag",
    )


def logging(ctx: Context, doc: dict[str, Any], src: str, dst: str) -> dict[str, Any]:
    plugins: dict[str, Any] = {}
    for key, value in as_dict(doc.get("logging")).items():
        at = join(src, "logging", key)
        level = _LOG_LEVELS.get(str(value).upper()) if key == "level" else None
        if level:
            plugins["logLevel"] = level
            ctx.approximated(at, join(dst, "plugins", "logLevel"), "logging.level becomes plugins.logLevel")
        else:
            ctx.dropped(at, f"logging.{key} has no v1 equivalent")
    if "logging" in doc and not isinstance(doc.get("logging"), dict):
        ctx.dropped(join(src, "logging"), "logging must be a mapping; it was left out")
    return plugins


def convert_experiment(ctx: Context, doc: dict[str, Any], src: str, dst: str, parts: Parts) -> dict[str, Any]:
    """``doc`` is the normalised v0 document (or template) at ``src``; the component goes to ``dst``."""
    out: dict[str, Any] = {}
    if parts.header:
        header(ctx, doc, src, dst, out)
    is_distributed = distributed.is_distributed(doc)
    if not is_distributed:
        framework_tag(ctx, doc, src, dst, out)
    if "backend" in doc and not is_distributed:
        ctx.transformed(join(src, "backend"), join(dst, "run", "kind"), "v1 implies the backend by run.kind")
    plugins = logging(ctx, doc, src, dst)
    io = params.convert_params(ctx, doc, src, dst, parts.matrix)
    for extra in parts.extra_inputs:
        if io.index(extra["name"]) is None:
            io.inputs.append(extra)
    run_ptr = join(dst, "run")
    master = join(run_ptr, _master_name(doc)) if is_distributed else run_ptr
    places = run.Places(component=dst, container=join(master, "container"), init=join(master, "init"))
    built = run.build(ctx, as_dict(doc.get("build")), join(src, "build"), places, code=parts.code, src=src)
    if "build" in doc and not isinstance(doc.get("build"), dict):
        ctx.dropped(join(src, "build"), "build must be a mapping; it was left out")
    run_doc = as_dict(doc.get("run"))
    for key in run_doc:
        if key != "cmd":
            ctx.dropped(join(src, "run", key), f"run.{key} is not a polyaxon v0 run field; it was left out")
    args = run.command(ctx, run_doc, join(src, "run"), places.container, io.flags, built.steps)
    pods = _Pods(ctx, dst, built, args)
    run_out = _run(ctx, doc, src, run_ptr, pods, is_distributed)
    used = [(name, at) for at, text in _strings(doc, src) for name in params.template_names(text)]
    params.declare_used(ctx, io, used, CONTEXTS)
    parts_out = {"termination": pods.termination, "plugins": plugins, "build": built.section}
    out.update({key: value for key, value in parts_out.items() if value})
    if io.inputs:
        out["inputs"] = io.inputs
    if io.outputs:
        out["outputs"] = io.outputs
    out["run"] = run_out
    return {key: out[key] for key in _ORDER if key in out}


def _run(ctx: Context, doc: dict[str, Any], src: str, run_ptr: str, pods: _Pods, is_distributed: bool) -> dict[str, Any]:
    """The component's run: a job, or the replicas of a distributed run."""
    if is_distributed:
        run_out = distributed.convert_replicas(ctx, doc, src, run_ptr, pods.replica)
    else:
        env = as_dict(doc.get("environment"))
        run_out = {"kind": "job", **pods.replica(env, join(src, "environment") if "environment" in doc else None, run_ptr, True)}
    if "environment" in doc and not isinstance(doc.get("environment"), dict):
        ctx.dropped(join(src, "environment"), "environment must be a mapping; it was left out")
    return run_out


@dataclass(slots=True)
class _Pods:
    """Builds each pod of the run (the job's, or each replica's of a distributed run) around the one container;
    the top-level environment's retries become the component's termination."""

    ctx: Context
    dst: str
    built: run.Build
    args: str | None
    termination: dict[str, Any] = field(default_factory=dict)

    def replica(self, env: dict[str, Any], at: str | None, replica_ptr: str, top: bool) -> dict[str, Any]:
        skip = frozenset({"replicas"}) if top else frozenset()
        targets = distributed.pod_targets(replica_ptr, join(self.dst, "termination") if top else "")
        pod = environment.convert_environment(self.ctx, env, at or "", targets, skip) if at is not None else environment.Pod()
        if pod.max_retries is not None:
            self.termination["maxRetries"] = pod.max_retries
        body: dict[str, Any] = {}
        if pod.environment:
            body["environment"] = pod.environment
        if pod.connections:
            body["connections"] = pod.connections
        if self.built.init:
            body["init"] = [dict(item) for item in self.built.init]
        body["container"] = run.container(self.built, self.args, pod.resources, pod.env_from)
        return body


def _master_name(doc: dict[str, Any]) -> str:
    if str(doc.get("backend") or "").lower() == "mpi":
        return "launcher"
    spec = distributed.KINDS.get(str(doc.get("framework") or "").lower())
    return spec[1] if spec else "chief"


def _strings(doc: dict[str, Any], src: str) -> list[tuple[str, str]]:
    """Every string of the sections v0 rendered with the params (run, build, environment), by pointer."""
    found: list[tuple[str, str]] = []

    def walk(value: Any, at: str) -> None:
        if isinstance(value, str):
            if "{{" in value:
                found.append((at, value))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, join(at, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, join(at, index))

    for section in ("run", "build", "environment"):
        if section in doc:
            walk(doc[section], join(src, section))
    return found
