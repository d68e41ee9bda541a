"""Run kinds between polyaxon 1.x and 2.x.

polyaxon 1.20 declared ``dask``, ``ray``, ``spark`` and ``flink`` runs but had no operator for them (its pod
compiler converts job, service, tfjob, pytorchjob, mpijob, mxjob and xgbjob only): such a file was accepted and never
ran. 2.0 removed ``spark`` and ``flink``; 2.12 replaced dask and ray by ``daskcluster`` / ``raycluster`` (scheduler
and worker replicas, a head and worker groups) and removed ``mxjob``, ``xgbjob`` and ``paddlejob``; 2.18 answers
``Unsupported run.kind``. The MPIJob's ``implementation`` and ``sshAuthMountPath`` went in 2.0.
"""

from __future__ import annotations

import copy
from typing import Any

from speclift.converters.polyaxon_v1 import integers
from speclift.converters.polyaxon_v1.changes import Changes
from speclift.pointer import join

# What to use instead of each removed kind: the hint a person reads.
REMOVED = {
    "mxjob": "run MXNet's distributed training as an mpijob (Horovod) or port it to a pytorchjob or tfjob; a single "
    "process runs as a job",
    "xgbjob": "run distributed XGBoost on a daskcluster or raycluster, or a single process as a job",
    "paddlejob": "run distributed Paddle training as an mpijob or a pytorchjob-style launcher, or a single process as a job",
    "spark": "run spark-submit from a job against your Spark cluster (or the Spark operator outside Polyaxon)",
    "flink": "submit the Flink job from a job against your Flink cluster (or the Flink operator outside Polyaxon)",
}
RAY_SKELETON = (
    "run: {kind: raycluster, rayVersion: '2.9.0', entrypoint: python main.py, head: {container: {image: "
    "rayproject/ray:2.9.0}}, workers: {small: {replicas: 2, container: {image: rayproject/ray:2.9.0}}}}"
)
_KUBEFLOW_REPLICAS = {
    "tfjob": ("chief", "ps", "worker", "evaluator"),
    "pytorchjob": ("master", "worker"),
    "mpijob": ("launcher", "worker"),
}
# A v1 dask run's sections that both 2.x replicas take as they are.
_DASK_REPLICA_KEYS = ("environment", "connections", "volumes", "init", "sidecars", "container")


def upgrade_run(run: dict[str, Any], pointer: str, changes: Changes) -> dict[str, Any]:
    """The run as 2.x reads it (``run`` is the 1.x run at ``pointer``; the result replaces it)."""
    kind = run.get("kind") if isinstance(run.get("kind"), str) else None
    kind_at = join(pointer, "kind")
    integers.fix_init(run, pointer, changes)
    if kind in REMOVED:
        problem = f"polyaxon 2.x has no {kind} run (2.18: Unsupported run.kind: {kind!r})"
        changes.refused(kind_at, problem, "a person must choose another runtime", hint=REMOVED[str(kind)])
    elif kind == "ray":
        problem = "polyaxon 2.x replaced the ray run by raycluster, with a head and worker groups instead of a free `spec`"
        hint = f"rewrite it as a raycluster, for example {RAY_SKELETON}"
        changes.refused(kind_at, problem, "a person must write the raycluster", hint=hint)
    elif kind == "dask":
        return _dask(run, pointer, changes)
    elif kind == "service":
        integers.fix(run, pointer, integers.SERVICE, changes)
        integers.fix_list(run.get("ports"), join(pointer, "ports"), changes)
    elif kind in _KUBEFLOW_REPLICAS:
        _kubeflow(run, pointer, str(kind), changes)
    elif kind == "dag":
        integers.fix(run, pointer, integers.DAG, changes)
    return run


def upgrade_patch(patch: dict[str, Any], pointer: str, kind: str | None, changes: Changes) -> None:
    """The counts of an operation's ``runPatch`` (at ``pointer``), merged into the run of kind ``kind`` (None when the
    component is referenced, not inline: every run kind's counts then). 2.18's check does not read a patch; the merge
    when the operation compiles does, and refuses what it refuses in a run."""
    integers.fix_init(patch, pointer, changes)
    if kind in (None, "service"):
        integers.fix(patch, pointer, integers.SERVICE, changes)
        integers.fix_list(patch.get("ports"), join(pointer, "ports"), changes)
    for run_kind, replicas in _KUBEFLOW_REPLICAS.items():
        if kind not in (None, run_kind):
            continue
        for replica in replicas:
            integers.fix(patch.get(replica), join(pointer, replica), integers.REPLICA, changes)
            integers.fix_init(patch.get(replica), join(pointer, replica), changes)
        integers.fix(patch.get("schedulingPolicy"), join(pointer, "schedulingPolicy"), integers.SCHEDULING_POLICY, changes)
        if run_kind == "mpijob":
            integers.fix(patch, pointer, integers.MPIJOB, changes)


def _kubeflow(run: dict[str, Any], pointer: str, kind: str, changes: Changes) -> None:
    for replica in _KUBEFLOW_REPLICAS[kind]:
        integers.fix(run.get(replica), join(pointer, replica), integers.REPLICA, changes)
        integers.fix_init(run.get(replica), join(pointer, replica), changes)
    integers.fix(run.get("schedulingPolicy"), join(pointer, "schedulingPolicy"), integers.SCHEDULING_POLICY, changes)
    if kind != "mpijob":
        return
    integers.fix(run, pointer, integers.MPIJOB, changes)
    for name in ("implementation", "sshAuthMountPath"):
        if name in run:
            problem = f"polyaxon 2.x's mpijob has no {name} (removed in 2.0)"
            changes.dropped(join(pointer, name), problem, "left out: the MPI operator's default applies")
            del run[name]


def _dask(run: dict[str, Any], pointer: str, changes: Changes) -> dict[str, Any]:
    """A daskcluster skeleton: the v1 container and its sections for both the scheduler and the worker, ``scale`` as
    the worker's replicas, ``adaptMin``/``adaptMax`` as the autoscaling bounds."""
    replica = {key: run[key] for key in _DASK_REPLICA_KEYS if key in run}
    worker: dict[str, Any] = {}
    out: dict[str, Any] = {"kind": "daskcluster"}
    if "scale" in run:
        worker["replicas"] = integers.fix_value(run["scale"], join(pointer, "scale"), integers.STRICT, changes)
    worker.update(replica)
    out["scheduler"] = copy.deepcopy(replica)  # its own copy: the output never shares a node between two places
    out["worker"] = worker
    for old, new in (("adaptMin", "minReplicas"), ("adaptMax", "maxReplicas")):
        if old in run:
            out[new] = integers.fix_value(run[old], join(pointer, old), integers.STRICT, changes)
    for key in replica:
        changes.moved(join(pointer, key), join(pointer, "worker", key))
    for old, new in (("scale", "worker/replicas"), ("adaptMin", "minReplicas"), ("adaptMax", "maxReplicas")):
        if old in run:
            changes.moved(join(pointer, old), f"{pointer}/{new}")
    problem = "polyaxon 2.x replaced the dask run by daskcluster, with scheduler and worker replicas"
    action = (
        "written as a daskcluster skeleton whose scheduler and worker both run the 1.x container; a person decides "
        "each one's image, command and resources (1.20 never started a dask run)"
    )
    changes.approximated(join(pointer, "kind"), problem, action)
    for name, why in (
        ("threads", "give the worker's threads in its container args (dask-worker --nthreads)"),
        ("adaptInterval", "the DaskAutoscaler of 2.x chooses its own interval"),
    ):
        if name in run:
            changes.dropped(join(pointer, name), f"polyaxon 2.x's daskcluster has no {name}", f"left out: {why}")
    return out
