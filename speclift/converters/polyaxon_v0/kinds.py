"""The v0 kinds that are not a plain experiment: group, build, notebook, tensorboard and pipeline."""

from __future__ import annotations

import re
from typing import Any

from speclift.converters.polyaxon_v0 import component, environment, hptuning, run
from speclift.converters.polyaxon_v0.context import Context, as_dict, as_list
from speclift.pointer import join

VERSION = 1.1
BUILD_KEYS = (
    "image",
    "build_steps",
    "env_vars",
    "lang_env",
    "nocache",
    "ref",
    "commit",
    "branch",
    "dockerfile",
    "context",
    "git",
)
_OPERATION_ORDER = (
    "version",
    "kind",
    "name",
    "description",
    "tags",
    "schedule",
    "matrix",
    "params",
    "runPatch",
    "cache",
    "hubRef",
    "component",
)
_PORTS = {"notebook": 8888, "tensorboard": 6006}
_REF = re.compile(r"^\{\{\s*(ops|experiments|jobs)\.([\w-]+)\.(outputs\.[\w-]+)\s*\}\}$")


def _ordered(out: dict[str, Any]) -> dict[str, Any]:
    return {key: out[key] for key in _OPERATION_ORDER if key in out}


def head(ctx: Context, kind: str) -> dict[str, Any]:
    ctx.transformed("/version", "/version", "version 1 -> 1.1")
    return {"version": VERSION, "kind": kind}


def group(ctx: Context, doc: dict[str, Any]) -> dict[str, Any]:
    out = head(ctx, "operation")
    ctx.transformed("/kind", "/kind", "a group is an operation with a matrix")
    component.header(ctx, doc, "", "", out)
    tuning = as_dict(doc.get("hptuning"))
    matrix, extra = hptuning.convert_hptuning(ctx, tuning, "/hptuning", "/matrix")
    out["matrix"] = matrix
    names = hptuning.matrix_names(tuning)
    defaults = {name: join("/params", name) for name in as_dict(doc.get("params"))}
    for index, item in enumerate(as_list(doc.get("inputs"))):
        if isinstance(item, dict) and "default" in item and isinstance(item.get("name"), str):
            defaults.setdefault(item["name"], join("/inputs", index, "default"))
    for name in sorted(names & set(defaults)):
        ctx.finding(
            "SL401",
            f"{name!r} has a default and is a matrix parameter: in v1 the matrix value wins (polyaxon 0.6.1 let the "
            "default win when it rendered the experiments)",
            defaults[name],
            hint="the default is kept on the input; remove it if the matrix should decide",
        )
    parts = component.Parts(matrix=names, extra_inputs=extra, header=False)
    out["component"] = component.convert_experiment(ctx, doc, "", "/component", parts)
    _untype_mixed(ctx, doc, out)
    moved = out["component"].pop("tags", None)
    if isinstance(moved, list) and isinstance(out.setdefault("tags", []), list):  # the framework tag goes along
        out["tags"].extend(t for t in moved if t not in out["tags"])
    return _ordered(out)


def _untype_mixed(ctx: Context, doc: dict[str, Any], out: dict[str, Any]) -> None:
    """A typed input would cast the matrix's values (a float input renders 1 as 1.0): drop the type when the
    matrix mixes ints and floats, so every run gets the command v0 rendered."""
    params = as_dict(out.get("matrix")).get("params")
    for index, item in enumerate(as_list(as_dict(out["component"]).get("inputs"))):
        choice = as_dict(as_dict(params).get(item.get("name")))
        values = choice.get("value") if choice.get("kind") == "choice" else None
        typed = isinstance(values, list) and item.get("type") in ("int", "float")
        if typed and isinstance(values, list) and hptuning.common_type(values) is None:
            item.pop("type")
            ctx.finding(
                "SL401",
                f"the type of {item['name']!r} is left out: the matrix mixes ints and floats, and a typed input "
                "would render them differently from v0 (1 as 1.0)",
                join("/inputs", index, "type"),
            )


def experiment(ctx: Context, doc: dict[str, Any]) -> dict[str, Any]:
    out = head(ctx, "component")
    ctx.transformed("/kind", "/kind", f"kind: {doc.get('kind')} -> component")
    out.update(component.convert_experiment(ctx, doc, "", "", component.Parts()))
    return out


def build(ctx: Context, doc: dict[str, Any]) -> dict[str, Any]:
    out = head(ctx, "operation")
    registry = str(ctx.options.get("registry-connection"))
    name = str(doc.get("name") or "build")
    ctx.approximated(
        "/kind",
        "/hubRef",
        f"kind: build becomes an operation of the kaniko hub component, pushing {name}:latest to the connection {registry!r}",
        hint="set -O registry-connection=<name>, and the image name in params.destination",
    )
    component.header(ctx, doc, "", "", out)
    spec = {key: doc[key] for key in BUILD_KEYS if key in doc}
    places = run.Places(component="", container="/runPatch/container", init="/runPatch/init", section="")
    built = run.build(ctx, spec, "", places, code=False, force=True)
    section = built.section or {}
    params: dict[str, Any] = {"destination": {"connection": section.get("connection"), "value": f"{name}:latest"}}
    params.update(as_dict(section.get("params")))
    out["params"] = params
    patch: dict[str, Any] = {}
    env = doc.get("environment")
    if isinstance(env, dict):
        targets = environment.Targets("/runPatch/environment", "/runPatch/container", "/runPatch/connections", "")
        pod = environment.convert_environment(ctx, env, "/environment", targets)
        if pod.environment:
            patch["environment"] = pod.environment
        if pod.connections:
            patch["connections"] = pod.connections
        container: dict[str, Any] = {}
        if pod.env_from:
            container["envFrom"] = pod.env_from
        if pod.resources:
            container["resources"] = pod.resources
        if container:
            patch["container"] = container
    patch_init = as_dict(section.get("runPatch")).get("init")
    if patch_init:
        patch = {"init": patch_init, **patch}
    if patch:
        out["runPatch"] = patch
    if "cache" in section:
        out["cache"] = section["cache"]
    out["hubRef"] = "kaniko"
    if "backend" in doc:
        ctx.transformed("/backend", "/hubRef", "the v1 builder is the kaniko hub component")
    _unused(ctx, doc, ("inputs", "outputs", "params", "logging", "run"), "kind: build")
    return _ordered(out)


def service(ctx: Context, doc: dict[str, Any], kind: str) -> dict[str, Any]:
    """notebook / tensorboard -> a component with a service run (own image and command)."""
    out = head(ctx, "component")
    port = _PORTS[kind]
    ctx.approximated(
        "/kind",
        "/run/kind",
        f"kind: {kind} becomes a component with a service run on port {port}",
        hint="polyaxon's hub has ready-made "
        + ("jupyterlab/notebook" if kind == "notebook" else "tensorboard")
        + " components (hubRef) if you prefer them",
    )
    converted = component.convert_experiment(
        ctx, doc, "", "", component.Parts(extra_inputs=_service_inputs(kind), code=kind != "tensorboard")
    )
    out.update(converted)
    body = out["run"]
    container = body.pop("container")
    if kind == "notebook":
        backend = str(doc.get("backend") or as_dict(doc.get("environment")).get("backend") or "notebook").lower()
        app = "lab" if backend == "lab" else "notebook"
        container["command"] = ["jupyter", app]
        container["args"] = [
            "--no-browser",
            "--ip=0.0.0.0",
            "--port={{ globals.ports[0] }}",
            "--allow-root",
            "--NotebookApp.token=",
            "--NotebookApp.trust_xheaders=True",
            "--NotebookApp.base_url={{ globals.base_url }}",
        ]
        rewrite = False
    else:
        container["command"] = ["tensorboard"]
        container["args"] = ["--logdir={{ logdir }}", "--port={{ globals.ports[0] }}", "--host=0.0.0.0"]
        container.pop("workingDir", None)
        rewrite = True
    order = ("image", "command", "args", "workingDir", "env", "envFrom", "resources")
    body["kind"] = "service"
    body["container"] = {key: container[key] for key in order if key in container}
    body["ports"] = [port]
    if rewrite:
        body["rewritePath"] = True
    return out


def _service_inputs(kind: str) -> list[dict[str, Any]]:
    if kind != "tensorboard":
        return []
    return [
        {
            "name": "logdir",
            "description": "the outputs to show (v0 showed the experiment, group or project it was started from)",
            "type": "path",
        }
    ]


def pipeline(ctx: Context, doc: dict[str, Any]) -> dict[str, Any]:
    schedule = as_dict(doc.get("schedule"))
    wrapped = bool(schedule)
    out = head(ctx, "operation" if wrapped else "component")
    ctx.approximated("/kind", "/kind", "kind: pipeline becomes a dag run: its templates become components and its ops operations")
    component.header(ctx, doc, "", "", out)
    base = "/component" if wrapped else ""
    dag: dict[str, Any] = {"kind": "dag"}
    templates = as_list(doc.get("templates"))
    names: list[str] = []
    components: list[dict[str, Any]] = []
    for index, template in enumerate(templates):
        at = join("/templates", index)
        kind = as_dict(template).get("kind")
        if kind not in ("experiment", "job"):
            ctx.dropped(at, f"a {kind} template cannot be a dag component here", hint="convert it on its own and use pathRef")
            continue
        dst = join(base, "run", "components", len(components))
        converted = component.convert_experiment(ctx, template, at, dst, component.Parts())
        ctx.transformed(join(at, "kind"), join(dst, "run", "kind"), "template kind -> run kind")
        name = str(template.get("name") or f"template-{index}")
        converted = {"name": name, **{k: v for k, v in converted.items() if k != "name"}}
        names.append(name)
        components.append(converted)
    operations = [
        _op(ctx, op, join("/ops", index), join(base, "run", "operations", index))
        for index, op in enumerate(as_list(doc.get("ops")))
    ]
    dag["operations"] = operations
    if components:
        dag["components"] = components
    if "concurrency" in doc:
        dag["concurrency"] = doc["concurrency"]
        ctx.mapped("/concurrency", join(base, "run", "concurrency"))
    _unused(ctx, doc, ("inputs", "outputs", "params", "logging", "backend", "environment"), "kind: pipeline")
    if wrapped:
        out["schedule"] = _schedule(ctx, schedule)
        out["component"] = {"run": dag}
    else:
        out["run"] = dag
    return _ordered(out) if wrapped else out


def _op(ctx: Context, op: Any, at: str, dst: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in as_dict(op).items():
        here = join(at, key)
        if key == "name" or key == "description" or key == "tags" or key == "dependencies" or key == "trigger":
            out[key] = value
            ctx.mapped(here, join(dst, key))
        elif key == "skip_on_upstream_skip":
            out["skipOnUpstreamSkip"] = value
            ctx.mapped(here, join(dst, "skipOnUpstreamSkip"))
        elif key == "template" and isinstance(value, dict) and isinstance(value.get("name"), str):
            out["dagRef"] = value["name"]
            ctx.transformed(here, join(dst, "dagRef"), "template.name -> dagRef")
        elif key == "params" and isinstance(value, dict):
            params: dict[str, Any] = {}
            for name, item in value.items():
                match = _REF.match(item) if isinstance(item, str) else None
                if match:
                    ref = "ops" if match.group(1) == "ops" else "runs"
                    params[name] = {"ref": f"{ref}.{match.group(2)}", "value": match.group(3)}
                    ctx.transformed(join(here, name), join(dst, "params", name), "{{ ops.x.outputs.y }} -> ref")
                else:
                    params[name] = {"value": item}
                    ctx.mapped(join(here, name), join(dst, "params", name, "value"))
            out["params"] = params
        else:
            ctx.dropped(here, f"ops[].{key} has no v1 equivalent on a dag operation")
    order = ("name", "description", "tags", "dependencies", "trigger", "skipOnUpstreamSkip", "params", "dagRef")
    return {key: out[key] for key in order if key in out}


def _schedule(ctx: Context, schedule: dict[str, Any]) -> dict[str, Any]:
    renames = {"kind": "kind", "cron": "cron", "frequency": "frequency", "start_at": "startAt", "end_at": "endAt"}
    renames["depends_on_past"] = "dependsOnPast"
    out: dict[str, Any] = {}
    for key, value in schedule.items():
        if key in renames:
            out[renames[key]] = value
            ctx.mapped(join("/schedule", key), join("/schedule", renames[key]))
        else:
            ctx.dropped(join("/schedule", key), f"schedule.{key} has no v1 equivalent")
    if "kind" not in out:
        out = {"kind": "cron" if "cron" in out else "interval", **out}
    return out


def _unused(ctx: Context, doc: dict[str, Any], keys: tuple[str, ...], what: str) -> None:
    for key in keys:
        if key in doc:
            ctx.dropped(join("", key), f"{key} of a {what} has no place in the converted file")
