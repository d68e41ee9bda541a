"""``framework`` + ``environment.replicas`` -> ``tfjob`` / ``pytorchjob`` / ``mpijob`` / ``mxjob``.

The master pod (the top-level environment) becomes the chief / master / launcher / scheduler replica;
``default_worker`` and ``default_ps`` become the worker and ps (server) replicas. Every replica runs the same image
and command, as in v0. Per-index overrides (``replicas.worker[]``, ``replicas.ps[]``) have no v1 equivalent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from speclift.converters.polyaxon_v0 import environment
from speclift.converters.polyaxon_v0.context import Context, as_dict
from speclift.pointer import join

# framework -> (run kind, master replica, worker replica, ps replica or None)
KINDS: dict[str, tuple[str, str, str, str | None]] = {
    "tensorflow": ("tfjob", "chief", "worker", "ps"),
    "pytorch": ("pytorchjob", "master", "worker", None),
    "horovod": ("mpijob", "launcher", "worker", None),
    "mxnet": ("mxjob", "scheduler", "worker", "server"),
}
_MPI = ("mpijob", "launcher", "worker", None)

# builds one replica: (pod environment at, its v0 pointer or None, output pointer of the replica) -> replica dict
Replica = Callable[[dict[str, Any], str | None, str, bool], dict[str, Any]]


def is_distributed(doc: dict[str, Any]) -> bool:
    return isinstance(as_dict(doc.get("environment")).get("replicas"), dict)


def convert_replicas(ctx: Context, doc: dict[str, Any], src: str, run_ptr: str, replica: Replica) -> dict[str, Any]:
    framework = str(doc.get("framework") or "").lower()
    replicas = as_dict(as_dict(doc.get("environment")).get("replicas"))
    at = join(src, "environment", "replicas")
    kind, master, worker, ps = _run_kind(ctx, doc, src, run_ptr, at)
    run: dict[str, Any] = {"kind": kind}
    if kind == "mxjob":
        run["mode"] = "MXTrain"
    master_replica = replica(as_dict(doc.get("environment")), join(src, "environment"), join(run_ptr, master), True)
    run[master] = {"replicas": 1, **master_replica}
    counts = {"n_workers": (worker, "default_worker"), "n_ps": (ps, "default_ps")}
    for count_key, (name, default_key) in counts.items():
        if count_key not in replicas:
            if default_key in replicas:
                ctx.dropped(join(at, default_key), f"replicas.{default_key} is given but {count_key} is not")
            continue
        if name is None:
            what = framework or str(doc.get("backend") or "").lower()
            ctx.dropped(join(at, count_key), f"replicas.{count_key} has no meaning for {kind} ({what})")
            if default_key in replicas:
                ctx.dropped(join(at, default_key), f"replicas.{default_key} has no meaning for {kind}")
            continue
        default = as_dict(replicas.get(default_key))
        target = join(run_ptr, name)
        built = replica(default, join(at, default_key) if default_key in replicas else None, target, False)
        run[name] = {"replicas": replicas[count_key], **built}
        ctx.mapped(join(at, count_key), join(target, "replicas"))
    _per_index_and_unknown(ctx, replicas, at, (*counts, "default_worker", "default_ps", "worker", "ps"))
    return run


def _run_kind(ctx: Context, doc: dict[str, Any], src: str, run_ptr: str, at: str) -> tuple[str, str, str, str | None]:
    """The run kind and replica names: ``backend: mpi`` makes an mpijob whatever the framework."""
    framework = str(doc.get("framework") or "").lower()
    backend = str(doc.get("backend") or "").lower()
    spec = _MPI if backend == "mpi" else KINDS.get(framework)
    if spec is None:
        spec = KINDS["tensorflow"]
        ctx.approximated(
            join(src, "framework") if "framework" in doc else at,
            join(run_ptr, "kind"),
            f"environment.replicas needs framework tensorflow, pytorch, horovod or mxnet (not {framework or 'none'}); "
            "converted as tensorflow",
        )
    kind = spec[0]
    if backend == "mpi":
        _framework(ctx, join(src, "backend"), join(run_ptr, "kind"), kind, framework, backend)
        if "framework" in doc:
            ctx.transformed(join(src, "framework"), join(run_ptr, "kind"), "backend: mpi decides the run kind")
    else:
        if "framework" in doc:
            _framework(ctx, join(src, "framework"), join(run_ptr, "kind"), kind, framework, backend)
        if "backend" in doc:
            ctx.transformed(join(src, "backend"), join(run_ptr, "kind"), "v1 implies the backend by run.kind")
    return spec


def _per_index_and_unknown(ctx: Context, replicas: dict[str, Any], at: str, known: tuple[str, ...]) -> None:
    for key in ("worker", "ps"):
        if key in replicas:
            ctx.dropped(
                join(at, key),
                f"replicas.{key}[] (per-index overrides) has no v1 equivalent: all replicas of a kind are alike",
                hint=f"the {key} replicas all use default_{key}; move what matters there",
            )
    for key in replicas:
        if key not in known:
            ctx.dropped(join(at, key), f"replicas.{key} is not a polyaxon v0 replicas field")


def _framework(ctx: Context, at: str, target: str, kind: str, framework: str, backend: str) -> None:
    if kind == "mpijob":
        ctx.approximated(
            at,
            target,
            f"{'backend: mpi' if backend == 'mpi' else 'framework: horovod'} becomes an mpijob: a launcher replica "
            "runs the command and the workers wait for it",
            hint="the command must start the workers (mpirun or horovodrun) as with the Kubeflow MPI operator",
        )
    elif kind == "mxjob":
        ctx.approximated(
            at,
            target,
            "framework: mxnet becomes an mxjob (scheduler, server, worker); polyaxon 2.x has no mxjob",
        )
    else:
        ctx.transformed(at, target, f"framework: {framework} -> {kind}")


def pod_targets(replica_ptr: str, termination: str) -> environment.Targets:
    return environment.Targets(
        environment=join(replica_ptr, "environment"),
        container=join(replica_ptr, "container"),
        connections=join(replica_ptr, "connections"),
        termination=termination,
    )
