"""A run configuration's ``framework``, ``communicator`` and ``mpi``/``tensorflow``/``pytorch`` sections -> a v2
command job's ``distribution`` (and ``resources.instance_count`` from a section's ``nodeCount``).

API: :func:`convert_distribution` sets ``job["distribution"]`` when v1 launched several processes and records every
key it read. Only the section of the launcher in use is read (``RunConfiguration.save()`` writes all three).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from speclift.conversion.fields import INTEGER
from speclift.converters.azureml_v1.keys import Recorder
from speclift.pointer import join

_MPI = ("openmpi", "intelmpi", "mpi")
_PYTORCH = ("nccl", "gloo", "pytorch")
_FRAMEWORKS = ("python", "pytorch", "tensorflow", "pyspark")


def _section(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def convert_distribution(recorder: Recorder, data: Mapping[str, Any], job: dict[str, Any], resources: dict[str, Any]) -> None:
    framework = str(data.get("framework") or "Python").lower()
    communicator = str(data.get("communicator") or "None").lower()
    used = _launcher(recorder, data, job, framework, communicator)
    if "framework" in data:
        if framework in _FRAMEWORKS:
            recorder.mapped("/framework", "/distribution" if "distribution" in job else None)
        else:
            recorder.approximated("/framework", None, f"framework {data['framework']} runs as a plain python command")
    for section in ("mpi", "tensorflow", "pytorch"):
        if section not in data:
            continue
        if section != used:
            recorder.mapped(f"/{section}", None)  # save() always writes these; v1 ignored them
            continue
        for key, value in _section(data, section).items():
            _section_key(recorder, data, resources, join(f"/{section}", key), key, value)


def _launcher(recorder: Recorder, data: Mapping[str, Any], job: dict[str, Any], framework: str, communicator: str) -> str:
    """Which launcher v1 used (``mpi``, ``tensorflow``, ``pytorch``, or ``""`` for a single process)."""
    if communicator in _MPI:
        _mpi(recorder, data, job, communicator)
        return "mpi"
    if communicator == "parameterserver":
        tf = _section(data, "tensorflow")
        job["distribution"] = {
            "type": "tensorflow",
            "worker_count": recorder.field(tf, "/tensorflow/workerCount", INTEGER) or 1,
            "parameter_server_count": recorder.field(tf, "/tensorflow/parameterServerCount", INTEGER) or 1,
        }
        recorder.transformed("/communicator", "/distribution", "tensorflow distribution")
        return "tensorflow"
    if communicator in _PYTORCH or (framework == "pytorch" and _section(data, "pytorch").get("processCount")):
        _pytorch(recorder, data, job, communicator)
        return "pytorch"
    if "communicator" in data:
        recorder.mapped("/communicator", None)
    return ""


def _mpi(recorder: Recorder, data: Mapping[str, Any], job: dict[str, Any], communicator: str) -> None:
    per_node = recorder.field(_section(data, "mpi"), "/mpi/processCountPerNode", INTEGER) or 1
    job["distribution"] = {"type": "mpi", "process_count_per_instance": per_node}
    if communicator == "intelmpi":
        recorder.approximated("/communicator", "/distribution", "v2 has one mpi type: the image decides Intel MPI")
    else:
        recorder.transformed("/communicator", "/distribution", "mpi distribution")


def _pytorch(recorder: Recorder, data: Mapping[str, Any], job: dict[str, Any], communicator: str) -> None:
    torch = _section(data, "pytorch")
    nodes = recorder.field(torch, "/pytorch/nodeCount", INTEGER) or recorder.field(data, "/nodeCount", INTEGER) or 1
    processes = recorder.field(torch, "/pytorch/processCount", INTEGER) or nodes
    job["distribution"] = {"type": "pytorch", "process_count_per_instance": max(1, processes // max(1, nodes))}
    if "communicator" in data:
        recorder.transformed("/communicator", "/distribution", "pytorch distribution")
    backend = str(torch.get("communicationBackend") or communicator if communicator != "none" else "nccl").lower()
    if backend not in ("nccl", "pytorch", "none"):
        recorder.finding("SL401", f"v2 has no backend field: the launcher uses NCCL, not {backend}", "/communicator")


def _section_key(recorder: Recorder, data: Mapping[str, Any], resources: dict[str, Any], sub: str, key: str, value: Any) -> None:
    """One key of the launcher's section: the node count is the job's instance count unless ``nodeCount`` says it."""
    if key == "nodeCount":
        count = recorder.read_as(value, sub, INTEGER)
        if "nodeCount" not in data and count not in (None, 1):
            resources["instance_count"] = count
            recorder.mapped(sub, "/resources/instance_count")
        else:
            recorder.mapped(sub, "/resources/instance_count" if "instance_count" in resources else None)
    elif key == "communicationBackend" and str(value).lower() not in ("nccl", "none"):
        recorder.dropped(sub, "v2 has no backend field: the pytorch launcher uses NCCL")
    else:
        recorder.mapped(sub, "/distribution")
