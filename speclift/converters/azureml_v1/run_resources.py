"""Where a run configuration runs and on what: ``target``, the top-level ``docker`` section, ``amlcompute`` and
``kubernetescompute`` -> a v2 job's ``compute``, ``resources`` and ``queue_settings``.

API: :func:`convert_target` sets ``job["compute"]``; :func:`convert_docker` and :func:`convert_compute_sections` fill
``resources`` (``shm_size``, ``docker_args``, ``instance_type``) and record every key they read.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from typing import Any

from speclift.converters.azureml_v1.keys import Recorder, unreported
from speclift.converters.azureml_v1.options import compute_name
from speclift.pointer import join, value_at

_DOCKER_KEYS = ("useDocker", "shmSize", "arguments", "sharedVolumes")


def convert_target(recorder: Recorder, data: Mapping[str, Any], options: Mapping[str, Any], job: dict[str, Any]) -> None:
    target = data.get("target")
    if target is None or target == "":
        if "target" in data:
            recorder.mapped("/target", None)
        return
    name = compute_name(options, str(target))
    if str(target).lower() == "local" and name == str(target):
        job["compute"] = "local"
        recorder.approximated("/target", "/compute", "a local v2 run needs Docker on the submitting machine")
    elif str(target).lower() == "amlcompute" and name == str(target):
        recorder.approximated("/target", None, "run-based compute (amlcompute) became serverless compute (no compute)")
    else:
        job["compute"] = f"azureml:{name}"
        if name != target:
            recorder.transformed("/target", "/compute", f"renamed from {target}")
        else:
            recorder.transformed("/target", "/compute", "azureml: reference")


def runs_locally(data: Mapping[str, Any]) -> bool:
    """Whether v1 ran the run configuration on the submitting machine (``target`` local, v1's default)."""
    return str(data.get("target") or "local").lower() == "local"


def convert_docker(recorder: Recorder, data: Mapping[str, Any], resources: dict[str, Any]) -> None:
    """The top-level ``docker`` section (``RunConfiguration.save()`` writes it): it wins over the environment's
    ``docker`` keys (``ScriptRunConfig``: "Docker configuration in run config is higher priority"), and
    ``useDocker: false`` meant no container only for a local run (AmlCompute always used one)."""
    docker = data.get("docker")
    if not isinstance(docker, dict):
        if "docker" in data:
            recorder.mapped("/docker", None)
        return
    for key, value in docker.items():
        sub = join("/docker", key)
        if key == "useDocker" and value is False and runs_locally(data):
            recorder.approximated(sub, None, "v1 ran this local run without Docker; v2 always uses a container")
        elif key == "shmSize" and value:
            resources["shm_size"] = str(value)  # over the environment's: the run configuration's section wins
            recorder.mapped(sub, "/resources/shm_size")
        elif key == "arguments" and value:
            args = value if isinstance(value, list) else [value]
            resources["docker_args"] = " ".join(shlex.quote(str(a)) for a in args)
            recorder.approximated(sub, "/resources/docker_args", "docker arguments became resources.docker_args")
        elif key == "sharedVolumes" and value is False:
            recorder.dropped(sub, "v2 has no switch for shared volumes")
        elif key in _DOCKER_KEYS or value is None:
            recorder.mapped(sub, None)
        else:
            recorder.dropped(sub, f"docker.{key} has no v2 equivalent")


def convert_compute_sections(recorder: Recorder, data: Mapping[str, Any], job: dict[str, Any], resources: dict[str, Any]) -> None:
    aml = data.get("amlcompute")
    if isinstance(aml, dict):
        run_based = str(data.get("target") or "").lower() == "amlcompute"
        for key, value in aml.items():
            _amlcompute_key(recorder, job, resources, run_based, key, value)
    elif "amlcompute" in data:
        recorder.mapped("/amlcompute", None)
    k8s = data.get("kubernetescompute")
    if isinstance(k8s, dict) and k8s.get("instanceType"):
        resources["instance_type"] = str(k8s["instanceType"])
        recorder.mapped("/kubernetescompute/instanceType", "/resources/instance_type")
    if "kubernetescompute" in data and not recorder.covered("/kubernetescompute"):
        for pointer in unreported(recorder, "/kubernetescompute"):
            if value_at(data, pointer) in (None, {}, ""):
                recorder.mapped(pointer, None)
            else:
                recorder.dropped(pointer, f"{pointer.lstrip('/').replace('/', '.')} has no v2 equivalent")


def _amlcompute_key(
    recorder: Recorder, job: dict[str, Any], resources: dict[str, Any], run_based: bool, key: str, value: Any
) -> None:
    """v1 read ``amlcompute`` only for run-based compute; ``clusterMaxNodeCount: 1`` and dedicated VMs are defaults."""
    sub = join("/amlcompute", key)
    if (
        value in (None, "", False)
        or (key == "clusterMaxNodeCount" and value == 1)
        or (key == "vmPriority" and value == "dedicated")
    ):
        recorder.mapped(sub, None)
    elif not run_based:
        recorder.dropped(sub, f"amlcompute.{key} is only read for run-based compute (target amlcompute)")
    elif key == "vmSize":
        resources["instance_type"] = str(value)
        recorder.mapped(sub, "/resources/instance_type")
    elif key == "vmPriority" and str(value).lower() == "lowpriority":
        job["queue_settings"] = {"job_tier": "spot"}
        recorder.approximated(sub, "/queue_settings/job_tier", "low-priority VMs became the spot job tier")
    else:
        recorder.dropped(sub, f"amlcompute.{key} has no counterpart for serverless compute")
