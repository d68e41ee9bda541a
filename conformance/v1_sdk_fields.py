"""Accessors and normalisers of the v1-SDK differential check; the declared table itself is v1_sdk_table.py.

A ``Field`` names the v1 source kind it applies to, the v2 output it is read from, the v1 accessor (a function of
the values official_azureml_v1.py printed), the v2 accessor (a function of what effective_azureml.py printed:
``entity``, the loaded entity's dump, and ``rest``, a job's REST payload) and ``how``, the normalisation, in words.
Both accessors return the normalised value; ``MISSING`` means "the v1 SDK does not know this value" (a file the tree
does not hold, a setting the service type does not have), and the value is then not compared. A field whose
accessors return dicts is compared key by key (pipeline steps, data inputs, variables), each key one compared value.

Only the standard library: this module runs in the project's Python, never inside an SDK environment.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MISSING: Any = object()

V = dict[str, Any]


# v1 source kinds (official_azureml_v1.READERS) and the v2 output each field is read from
DS, DATA = "dataset", "data"
RC, HD, PL, DC, IC, ENV, SCH = (
    "runconfig",
    "hyperdrive",
    "pipeline",
    "deployment-config",
    "inference-config",
    "environment",
    "schedule",
)
JOB, SWEEP, PIPE, DEP, EP, ENVO, SCHO = (
    "command-job",
    "sweep-job",
    "pipeline-job",
    "managed-online-deployment",
    "managed-online-endpoint",
    "environment",
    "schedule",
)


@dataclass(frozen=True)
class Field:
    kind: str  # v1 source kind (official_azureml_v1.py READERS)
    output: str  # v2 output spec type the value is read from
    name: str
    v1: Callable[[V, str], Any]  # (v1 values, source folder) -> normalised value
    v2: Callable[[V, V, str], Any]  # (entity, rest, output folder) -> normalised value
    how: str
    compare: Callable[[Any, Any], bool] | None = None  # default: equality
    v1_keys_only: bool = False  # per-key fields: compare only the keys v1 has (v2 adds literal inputs v1 has not)


def get(node: Any, path: str, default: Any = None) -> Any:
    """``a.b.c`` into nested dicts; ``default`` when a step is missing or None."""
    for part in path.split("."):
        if not isinstance(node, dict) or node.get(part) is None:
            return default
        node = node[part]
    return node


# --------------------------------------------------------------------------------------------------- normalisers

_V2_BINDING = re.compile(r"\$\{\{\s*(inputs|outputs|search_space)\.([A-Za-z0-9_.-]+)\s*\}\}")
_V1_DATA = re.compile(r"^(DatasetConsumptionConfig|DatasetOutputConfig|\$AZUREML_DATAREFERENCE_|input:|output:)(.+)$")


def v2_tokens(command: str | None) -> list[str] | None:
    """A v2 command as tokens; ``${{inputs.x}}`` -> ``<inputs.x>``."""
    if not command:
        return None
    text = _V2_BINDING.sub(lambda m: f"<{m.group(1)}.{m.group(2)}>", " ".join(command.split()))
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


def v1_argument(arg: Any, params: dict[str, Any]) -> str:
    """A v1 argument as text; data bindings -> ``<inputs.x>`` / ``<outputs.x>``; a pipeline step's
    ``parameter:x`` (the builder's $AML_PARAMETER_x when x is a step parameter) -> ``<inputs.x>``, how v2 passes it."""
    if isinstance(arg, dict):  # a pipeline step binding (official_azureml_v1._binding)
        if arg.get("input_name"):
            return f"<inputs.{arg['input_name']}>"
        return f"<outputs.{arg.get('output_name') or arg.get('name')}>"
    text = str(arg)
    if text.startswith("parameter:") and text[len("parameter:") :] in params:
        return f"<inputs.{text[len('parameter:') :]}>"
    m = _V1_DATA.match(text)
    if m:
        kind = "outputs" if m.group(1) in ("DatasetOutputConfig:", "DatasetOutputConfig", "output:") else "inputs"
        return f"<{kind}.{m.group(2).lstrip(':')}>"
    return text


def runconfig_command(v: V) -> list[str] | None:
    command = v.get("command")
    if command:
        return shlex.split(command) if isinstance(command, str) else [str(c) for c in command]
    if not v.get("script"):
        return None
    # PySpark: v1 ran the script with spark-submit; the program and its arguments are what both sides must agree on
    runner = "<spark-submit>" if str(v.get("framework")).lower() == "pyspark" else "python"
    return [runner, str(v["script"]), *(v1_argument(a, {}) for a in v.get("arguments") or [])]


def v2_job_variables(entity: V) -> dict[str, str]:
    """A job's variables; a spark job's are its executors' (``spark.executorEnv.NAME`` in conf)."""
    if entity.get("type") == "spark":
        prefix = "spark.executorEnv."
        return {k[len(prefix) :]: str(v) for k, v in (entity.get("conf") or {}).items() if k.startswith(prefix)}
    return strings(entity.get("environment_variables"))


def v1_job_type(v: V) -> str:
    return "spark" if str(v.get("framework")).lower() == "pyspark" else "command"


def v2_job_command(entity: V) -> list[str] | None:
    """A command job's command as tokens; a spark job's entry and arguments after ``<spark-submit>``."""
    if entity.get("type") == "spark":
        entry = get(entity, "entry.file") or get(entity, "entry.class_name")
        return ["<spark-submit>", str(entry), *(v2_tokens(entity.get("args")) or [])]
    return v2_tokens(job_command(entity))


def conda_set(conda: Any) -> Any:
    """The packages of a conda environment, as a sorted list (``pip:`` before pip packages)."""
    if conda is None:
        return None
    if isinstance(conda, dict) and "missing_file" in conda:
        return MISSING
    if isinstance(conda, dict) and "dependencies" in conda:  # v2: the conda file's content
        out = []
        for dep in conda.get("dependencies") or []:
            if isinstance(dep, dict):
                out += [f"pip:{p}" for p in dep.get("pip") or []]
            else:
                out.append(str(dep))
        return sorted(out)
    if isinstance(conda, dict):  # v1: official_azureml_v1.conda_values
        return sorted([*conda.get("conda_packages", []), *(f"pip:{p}" for p in conda.get("pip_packages", []))])
    return str(conda)


def v1_conda(env: V | None) -> Any:
    if not env:
        return None
    if get(env, "python.userManagedDependencies"):
        return None
    return conda_set(env.get("condaDependencies"))


def v1_image(env: V | None) -> Any:
    if not env:
        return None
    if get(env, "docker.baseDockerfile"):
        return "<dockerfile>"
    return get(env, "docker.baseImage")


def v2_image(env: Any) -> Any:
    if not isinstance(env, dict):
        return env
    if env.get("build"):
        return "<dockerfile>"
    return env.get("image")


def strings(d: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in (d or {}).items()}


def v1_distribution(v: V) -> Any:
    communicator = str(v.get("communicator") or "None").lower()
    framework = str(v.get("framework") or "Python").lower()
    if communicator in ("mpi", "intelmpi", "openmpi"):
        return "mpi"
    if communicator == "parameterserver" or framework == "tensorflow":
        return "tensorflow"
    if communicator in ("nccl", "gloo") or framework == "pytorch":
        return "pytorch"
    return None


def v1_processes(v: V) -> Any:
    kind = v1_distribution(v)
    if kind == "mpi":
        return get(v, "mpi.processCountPerNode", 1)
    if kind == "pytorch":
        total = get(v, "pytorch.processCount")
        nodes = v.get("nodeCount") or 1
        return None if total is None else total // nodes
    return None


def compute(value: Any) -> Any:
    if value is None:
        return None
    text = str(value)
    return text[len("azureml:") :] if text.startswith("azureml:") else text


V1_INPUT_MODES = {"mount": "ro_mount", "download": "download", "direct": "direct"}
V1_OUTPUT_MODES = {"mount": "rw_mount", "upload": "upload"}


def v1_inputs(v: V) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, entry in (v.get("data") or {}).items():
        dataset = get(entry, "dataLocation.dataset") or {}
        datapath = get(entry, "dataLocation.dataPath") or {}
        path = (
            f"azureml:{dataset.get('name') or dataset.get('id')}" + (f":{dataset['version']}" if dataset.get("version") else "")
            if dataset
            else f"azureml://datastores/{datapath.get('datastoreName')}/paths/{datapath.get('relativePath')}"
        )
        out[str(entry.get("environmentVariableName") or name)] = [V1_INPUT_MODES.get(str(entry.get("mechanism")).lower()), path]
    for name, entry in (v.get("dataReferences") or {}).items():
        path = f"azureml://datastores/{entry.get('dataStoreName')}/paths/{entry.get('pathOnDataStore') or ''}".rstrip("/")
        out[str(name)] = [V1_INPUT_MODES.get(str(entry.get("mode")).lower()), path]
    return out


def v2_inputs(inputs: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, entry in (inputs or {}).items():
        if isinstance(entry, dict) and entry.get("type", "uri_folder") in ("uri_folder", "uri_file", "mltable"):
            out[str(name)] = [entry.get("mode", "ro_mount"), str(entry.get("path", "")).rstrip("/")]
    return out


def v1_outputs(v: V) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, entry in (v.get("outputData") or {}).items():
        datapath = get(entry, "outputLocation.dataPath") or {}
        path = f"azureml://datastores/{datapath.get('datastoreName')}/paths/{datapath.get('relativePath')}" if datapath else None
        out[str(name)] = [V1_OUTPUT_MODES.get(str(entry.get("mechanism")).lower()), path]
    return out


def v2_outputs(outputs: Any) -> dict[str, Any]:
    return {
        str(name): [entry.get("mode", "rw_mount"), entry.get("path")]
        for name, entry in (outputs or {}).items()
        if isinstance(entry, dict)
    }


def job_env(entity: V) -> Any:
    return entity.get("environment") or get(entity, "component.environment")


def job_command(entity: V) -> Any:
    return entity.get("command") or get(entity, "component.command")


def param_name(name: str) -> str:
    return name.lstrip("-").replace("-", "_")


def v1_space(v: V) -> dict[str, Any]:
    return {param_name(k): _space_value(e) for k, e in (get(v, "generator_config.parameter_space") or {}).items()}


def v2_space(rest: V) -> dict[str, Any]:
    return {k: _space_value(e) for k, e in (get(rest, "properties.searchSpace") or {}).items()}


def _space_value(entry: Any) -> Any:
    # both SDKs send ["expression", [args]]; choice wraps its options in one more list
    return [str(entry[0]).lower(), [float(x) if isinstance(x, (int, float)) and not isinstance(x, bool) else x for x in entry[1]]]


def v1_trial_flags(v: V) -> dict[str, Any]:
    """HyperDrive appends ``NAME VALUE`` to the trial's arguments for each parameter: the flag each value follows."""
    return {param_name(k): k for k in get(v, "generator_config.parameter_space") or {} if str(k).startswith("-")}


def v2_trial_flags(entity: V) -> dict[str, Any]:
    """The token before each ``${{search_space.x}}`` of the trial's command."""
    tokens = v2_tokens(get(entity, "trial.command")) or []
    return {
        t[len("<search_space.") : -1]: tokens[i - 1] if i else None
        for i, t in enumerate(tokens)
        if t.startswith("<search_space.")
    }


def v1_policy(v: V) -> Any:
    config = v.get("policy_config") or {}
    name = str(config.get("name", "Default")).lower()
    if name in ("default", "notermination"):
        return None
    props = {
        k: val for k, val in (config.get("properties") or {}).items() if val not in (None, 0, 0.0) or k == "delay_evaluation"
    }
    return {
        "type": {"bandit": "bandit", "medianstopping": "median_stopping", "truncationselection": "truncation_selection"}.get(
            name, name
        ),
        **props,
    }


def v2_policy(entity: V) -> Any:
    policy = entity.get("early_termination")
    if not policy:
        return None
    return {k: val for k, val in policy.items() if val not in (None, 0, 0.0) or k == "delay_evaluation"}


def known(v: V, key: str) -> Any:
    """``v[key]``, or MISSING when the v1 object has no such attribute (ACI has no request or probe settings)."""
    return v.get(key, MISSING)


def v1_dataset_paths(v: V) -> list[str]:
    """The paths the dataset's first block reads: datastore paths as azureml://datastores/<name>/paths/<path>."""
    out: list[str] = []
    for block in v.get("blocks") or []:
        args = block.get("arguments") or {}
        out += [f"azureml://datastores/{d.get('datastoreName')}/paths/{d.get('path')}" for d in args.get("datastores") or []]
        out += [str(r.get("path")) for r in get(args, "path.resourceDetails") or []]
    return sorted(p.rstrip("/") for p in out)


def v2_data_paths(entity: V) -> list[str]:
    table = entity.get("_mltable")
    if isinstance(table, dict):
        paths = [next(iter(p.values())) for p in table.get("paths") or [] if isinstance(p, dict) and p]
        return sorted(str(p).rstrip("/") for p in paths)
    return [str(entity.get("path")).rstrip("/")]


def v1_table_reading(v: V) -> Any:
    """A tabular dataset's delimiter, header mode and path column, from the SDK's ParseDelimited/DropColumns blocks."""
    blocks = {b.get("type"): b.get("arguments") or {} for b in v.get("blocks") or []}
    parse = blocks.get("Microsoft.DPrep.ParseDelimitedBlock")
    if parse is None:
        return MISSING if v.get("type") != "TabularDataset" else None
    header = {3: "all_files_same_headers", 0: "no_header"}.get(parse.get("columnHeadersMode"), parse.get("columnHeadersMode"))
    return [parse.get("separator"), header, "Microsoft.DPrep.DropColumnsBlock" not in blocks]


def v2_table_reading(entity: V) -> Any:
    for step in get(entity, "_mltable.transformations") or []:
        if isinstance(step, dict) and "read_delimited" in step:
            read = step["read_delimited"] or {}
            return [
                read.get("delimiter", ","),
                read.get("header", "all_files_same_headers"),
                bool(read.get("include_path_column")),
            ]
    return None


def abspath(base: str, *parts: Any) -> str | None:
    if not parts or parts[-1] is None:
        return None
    return os.path.normpath(os.path.join(base, *(str(p) for p in parts if p)))


# Cores and memory (GB) of the VM sizes the converters choose (Azure's published sizes).
VM_SIZES = {
    "Standard_DS1_v2": (1, 3.5),
    "Standard_DS2_v2": (2, 7),
    "Standard_DS3_v2": (4, 14),
    "Standard_DS4_v2": (8, 28),
    "Standard_DS5_v2": (16, 56),
    "Standard_F2s_v2": (2, 4),
    "Standard_F4s_v2": (4, 8),
    "Standard_F8s_v2": (8, 16),
    "Standard_F16s_v2": (16, 32),
    "Standard_E2s_v3": (2, 16),
    "Standard_E4s_v3": (4, 32),
    "Standard_E8s_v3": (8, 64),
    "Standard_E16s_v3": (16, 128),
    "Standard_NC6s_v3": (6, 112),
}


def kubernetes_size(entity: V) -> Any:
    """A deployment's cores and memory (GB): a Kubernetes deployment's resource requests, else its VM size's."""
    requests = get(entity, "resources.requests")
    if entity.get("type") != "kubernetes" or not isinstance(requests, dict):
        return VM_SIZES.get(str(entity.get("instance_type")))
    memory = str(requests.get("memory", "0"))
    units = {"Gi": 1.073741824, "G": 1.0, "Mi": 0.001048576, "M": 0.001}
    unit = next((u for u in units if memory.endswith(u)), "")
    number = float(memory[: len(memory) - len(unit)] or 0) * units.get(unit, 1e-9)
    cpu = str(requests.get("cpu", "0"))
    return (float(cpu[:-1]) / 1000 if cpu.endswith("m") else float(cpu), number)


def fits(v1: Any, v2: Any) -> bool:
    """The v2 VM size has at least the cores and memory v1 reserved for the container."""
    if v1 is None or v2 is None:
        return v1 == v2
    return v2[0] >= v1[0] and v2[1] >= v1[1]


def v1_auth(v: V) -> str:
    if v.get("token_auth_enabled"):
        return "aml_token"
    return "key" if v.get("auth_enabled") else "none"
