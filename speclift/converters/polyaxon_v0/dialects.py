"""Normalise the older polyaxonfile dialects (0.0.x-0.3.x) to the 0.6 shape before any mapping.

D0 (0.0.x): ``settings:`` (logging + hptuning), ``project:``, ``run: {image, build_steps, env_vars, git}``,
``kind: plugin``, ``environment.node_selectors``, ``environment.tensorflow: {n_workers, default_worker_resources...}``.
D1 (0.1-0.3): ``declarations``, ``environment.{tensorflow,pytorch,horovod,mxnet}``, ``persistence``,
``configmap_refs``, ``kind: build`` with a nested ``build:``, and typos marshmallow 2 ignored (``gpu.request``).
Every move is recorded in :attr:`Context.origins`, so later steps still name the user's own lines.
"""

from __future__ import annotations

import copy
from typing import Any

from speclift.converters.polyaxon_v0.context import Context, as_dict
from speclift.pointer import join

FRAMEWORKS = ("tensorflow", "pytorch", "horovod", "mxnet")
_LEGACY_REPLICA_KEYS = {
    "default_worker_resources": ("default_worker", "resources"),
    "default_ps_resources": ("default_ps", "resources"),
    "default_worker_node_selectors": ("default_worker", "node_selector"),
    "default_ps_node_selectors": ("default_ps", "node_selector"),
}
_LEGACY_LISTS = {"worker_resources": "worker", "ps_resources": "ps"}


def normalise(data: dict[str, Any], ctx: Context) -> dict[str, Any]:
    doc = copy.deepcopy(data)
    if doc.get("kind") == "plugin":
        _plugin(doc, ctx)
    if "project" in doc:
        doc.pop("project")
        ctx.dropped_original(
            "/project",
            "`project` has no place in a v1 polyaxonfile: the project is chosen when the run is submitted",
            hint="run it with `polyaxon run -p <project> -f <file>`",
        )
    if isinstance(doc.get("settings"), dict):
        _settings(doc, ctx)
    if "declarations" in doc and "params" not in doc:
        doc["params"] = doc.pop("declarations")
        ctx.moved("/params", "/declarations")
    run = doc.get("run")
    if isinstance(run, dict):
        _run(doc, run, ctx)
    if doc.get("kind") == "build" and isinstance(doc.get("build"), dict):
        nested = doc.pop("build")
        for key, value in nested.items():
            if key not in doc:
                doc[key] = value
                ctx.moved(join("", key), join("/build", key))
    environment = doc.get("environment")
    if isinstance(environment, dict):
        _environment(environment, "/environment", ctx)
        _legacy_framework(doc, environment, ctx)
        replicas = environment.get("replicas")
        if isinstance(replicas, dict):
            for key in ("default_worker", "default_ps"):
                if isinstance(replicas.get(key), dict):
                    _environment(replicas[key], f"/environment/replicas/{key}", ctx)
    return doc


def _plugin(doc: dict[str, Any], ctx: Context) -> None:
    text = str(doc.get("run", "")) + str(doc.get("build", ""))
    kind = "tensorboard" if "tensorboard" in text.lower() else "notebook"
    doc["kind"] = kind
    ctx.finding(
        "SL401",
        f"`kind: plugin` (polyaxon 0.0.x) is converted as a {kind}",
        "/kind",
        hint="0.0.x plugins were notebooks or tensorboards; check that this is the one you meant",
    )


def _settings(doc: dict[str, Any], ctx: Context) -> None:
    settings: dict[str, Any] = doc.pop("settings")
    for key, value in settings.items():
        if key == "logging" and "logging" not in doc:
            doc["logging"] = value
            ctx.moved("/logging", "/settings/logging")
            continue
        hptuning = doc.setdefault("hptuning", {})
        if isinstance(hptuning, dict) and key not in hptuning:
            hptuning[key] = value
            ctx.moved(join("/hptuning", key), join("/settings", key))
        else:
            ctx.dropped_original(join("/settings", key), f"settings.{key} is given twice (also under hptuning)")


def _run(doc: dict[str, Any], run: dict[str, Any], ctx: Context) -> None:
    for key in ("image", "build_steps", "env_vars", "git"):
        if key not in run:
            continue
        build = doc.setdefault("build", {})
        if not isinstance(build, dict) or key in build:
            continue
        build[key] = run.pop(key)
        ctx.moved(join("/build", key), join("/run", key))
    if doc.get("kind") == "build":  # a 0.0.x build put its fields under run:
        for key in list(run):
            if key != "cmd" and key not in doc:
                doc[key] = run.pop(key)
                ctx.moved(join("", key), join("/run", key))


def _environment(environment: dict[str, Any], at: str, ctx: Context) -> None:
    renames = {"node_selectors": "node_selector", "configmap_refs": "config_map_refs"}
    for old, new in renames.items():
        if old in environment and new not in environment:
            environment[new] = environment.pop(old)
            ctx.moved(join(at, new), join(at, old))
    persistence = environment.get("persistence")
    if isinstance(persistence, dict):
        environment.pop("persistence")
        if "data" in persistence and "data_refs" not in environment:
            environment["data_refs"] = persistence["data"]
            ctx.moved(join(at, "data_refs"), join(at, "persistence", "data"))
        if "outputs" in persistence and "artifact_refs" not in environment:
            outputs = persistence["outputs"]
            environment["artifact_refs"] = outputs if isinstance(outputs, list) else [outputs]
            ctx.moved(
                join(at, "artifact_refs") if isinstance(outputs, list) else join(at, "artifact_refs", 0),
                join(at, "persistence", "outputs"),
            )
    resources = environment.get("resources")
    if isinstance(resources, dict):
        for name, value in resources.items():
            if not isinstance(value, dict):
                continue
            for typo, right in (("request", "requests"), ("limit", "limits")):
                if typo in value:
                    fixed = value.pop(typo)
                    where = join(at, "resources", name, typo)
                    if right in value:
                        ctx.dropped(
                            where,
                            f"resources.{name}.{typo} is a typo that polyaxon <= 0.3 ignored; {right} is also given",
                        )
                        continue
                    value[right] = fixed
                    ctx.moved(join(at, "resources", name, right), where)
                    ctx.finding(
                        "SL409",
                        f"resources.{name}.{typo} read as {right} (polyaxon <= 0.3 silently ignored this typo)",
                        join(at, "resources", name, right),
                        hint=f"the converted run now {'requests' if right == 'requests' else 'is limited to'} this {name}",
                    )


def _legacy_framework(doc: dict[str, Any], environment: dict[str, Any], ctx: Context) -> None:
    for framework in FRAMEWORKS:
        legacy = environment.get(framework)
        if not isinstance(legacy, dict) or "replicas" in environment:
            continue
        environment.pop(framework)
        if "framework" not in doc:
            doc["framework"] = framework
            ctx.moved("/framework", join("/environment", framework))
            ctx.synthetic.add("/framework")
        replicas: dict[str, Any] = {}
        for key, value in legacy.items():
            old = join("/environment", framework, key)
            if key in _LEGACY_REPLICA_KEYS:
                parent, child = _LEGACY_REPLICA_KEYS[key]
                as_dict(replicas.setdefault(parent, {}))[child] = value
                ctx.moved(join("/environment/replicas", parent, child), old)
            else:
                renamed = str(_LEGACY_LISTS.get(key, key))
                replicas[renamed] = value
                ctx.moved(join("/environment/replicas", renamed), old)
        environment["replicas"] = replicas
        return
