"""A normalised v1 run configuration -> the fields of a v2 command (or spark) job.

API: :func:`from_runconfig` (a :class:`~speclift.converters.azureml_v1.keys.Recorder` over the run configuration)
returns ``(job, environment)``: the job's fields in the order the v2 docs use, and the separate environment document
when the ``environment`` option is ``separate``. ``with_command=False`` leaves the command to the caller (a
pipeline step names its own script). :func:`report_rest` reports every key nothing claimed: the SDK ignores it.
Shared by the run-configuration, HyperDrive and pipeline converters.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from typing import Any

from speclift.conversion import ConvertContext
from speclift.converters.azureml_v1 import data_references, environment_section
from speclift.converters.azureml_v1.keys import Recorder, normalise, related_path, unreported
from speclift.converters.azureml_v1.options import compute_name, project_dir
from speclift.pointer import join, value_at

STALE = {
    "autoPrepareEnvironment": "the current SDK ignores it (environments are always prepared)",
    "containerInstance": "container-instance runs were removed from the SDK",
    "prepareEnvironment": "the current SDK ignores it (environments are always prepared)",
    "batchAi": "Batch AI was retired",
    "exposedPorts": "the current SDK ignores it",
    "jobName": "the current SDK ignores it",
}
_PLACEHOLDER = re.compile(r"(\$AZUREML_DATAREFERENCE_[A-Za-z0-9_]+|Dataset(?:Consumption|Output)Config:[A-Za-z0-9_.-]+)")
_BINDING = re.compile(r"(\$\{\{[^}]*\}\})")
_SPARK_CONF = {
    "spark.driver.cores": 1,
    "spark.driver.memory": "2g",
    "spark.executor.cores": 2,
    "spark.executor.memory": "2g",
    "spark.executor.instances": 2,
}


def _section(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    return value if isinstance(value, list) else []


def asset_name(text: str) -> str:
    clean = re.sub(r"[^-A-Za-z0-9_.]+", "-", text).strip("-.")
    return clean or "environment"


def is_compute_file(data: Mapping[str, Any]) -> bool:
    """A Workbench ``<target>.compute`` (its own document, not a run configuration)."""
    run_keys = {"script", "argumentVector", "framework", "environment", "target", "command", "communicator"}
    return not (set(data) & run_keys) and bool({"baseDockerImage", "type"} & set(data))


def is_workbench(data: Mapping[str, Any]) -> bool:
    return "environment" not in data and bool({"argumentVector", "condaDependenciesFile", "trackedRun"} & set(data))


def quote_argument(argument: str, bindings: Mapping[str, str]) -> str:
    """One argument for a shell command: v1 data placeholders become bindings, the rest is quoted as needed."""
    replaced = _PLACEHOLDER.sub(lambda m: bindings.get(m.group(1), m.group(1)), argument)
    parts = _BINDING.split(replaced)
    return "".join(part if _BINDING.fullmatch(part) else shlex.quote(part) if part else "" for part in parts) or "''"


def _command(recorder: Recorder, data: Mapping[str, Any], bindings: Mapping[str, str], interpreter: str) -> str:
    arguments = _list(data, "arguments")
    args = [quote_argument(str(a), bindings) for a in arguments if a is not None]
    script = data.get("script")
    command = data.get("command")
    if isinstance(command, list):
        command = " ".join(shlex.quote(str(c)) for c in command)
    if "arguments" in data:
        recorder.transformed("/arguments", "/command", "quoted for the shell; data placeholders became bindings")
    if command:
        recorder.mapped("/command", "/command")
        if script:
            recorder.dropped("/script", "v1 runs the command when both a command and a script are given")
        return " ".join([str(command), *args])
    if "command" in data:
        recorder.mapped("/command", None)
    if script:
        recorder.transformed("/script", "/command", f"{interpreter} <script>")
        return " ".join([interpreter, shlex.quote(str(script)), *args])
    if "script" in data:
        recorder.mapped("/script", None)
    return ""


def _compute(recorder: Recorder, data: Mapping[str, Any], options: Mapping[str, Any], job: dict[str, Any]) -> None:
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


def _distribution(recorder: Recorder, data: Mapping[str, Any], job: dict[str, Any], resources: dict[str, Any]) -> None:
    framework = str(data.get("framework") or "Python").lower()
    communicator = str(data.get("communicator") or "None").lower()
    mpi = _section(data, "mpi")
    tf = _section(data, "tensorflow")
    torch = _section(data, "pytorch")
    used = ""
    if communicator in ("openmpi", "intelmpi", "mpi"):
        used = "mpi"
        job["distribution"] = {"type": "mpi", "process_count_per_instance": int(mpi.get("processCountPerNode") or 1)}
        if communicator == "intelmpi":
            recorder.approximated("/communicator", "/distribution", "v2 has one mpi type: the image decides Intel MPI")
        else:
            recorder.transformed("/communicator", "/distribution", "mpi distribution")
    elif communicator == "parameterserver":
        used = "tensorflow"
        job["distribution"] = {
            "type": "tensorflow",
            "worker_count": int(tf.get("workerCount") or 1),
            "parameter_server_count": int(tf.get("parameterServerCount") or 1),
        }
        recorder.transformed("/communicator", "/distribution", "tensorflow distribution")
    elif communicator in ("nccl", "gloo", "pytorch") or (framework == "pytorch" and torch.get("processCount")):
        used = "pytorch"
        nodes = int(torch.get("nodeCount") or data.get("nodeCount") or 1)
        processes = int(torch.get("processCount") or nodes)
        job["distribution"] = {"type": "pytorch", "process_count_per_instance": max(1, processes // max(1, nodes))}
        if "communicator" in data:
            recorder.transformed("/communicator", "/distribution", "pytorch distribution")
        backend = str(torch.get("communicationBackend") or communicator if communicator != "none" else "nccl").lower()
        if backend not in ("nccl", "pytorch", "none"):
            recorder.finding("SL401", f"v2 has no backend field: the launcher uses NCCL, not {backend}", "/communicator")
    elif "communicator" in data:
        recorder.mapped("/communicator", None)
    if "framework" in data:
        if framework in ("python", "pytorch", "tensorflow", "pyspark"):
            recorder.mapped("/framework", "/distribution" if "distribution" in job else None)
        else:
            recorder.approximated("/framework", None, f"framework {data['framework']} runs as a plain python command")
    for section, fields in (("mpi", mpi), ("tensorflow", tf), ("pytorch", torch)):
        if section not in data:
            continue
        if section != used:
            recorder.mapped(f"/{section}", None)  # save() always writes these; v1 ignored them
            continue
        for key in fields:
            sub = join(f"/{section}", key)
            if key == "nodeCount":
                if "nodeCount" not in data and fields[key] not in (None, 1):
                    resources["instance_count"] = int(fields[key])
                    recorder.mapped(sub, "/resources/instance_count")
                else:
                    recorder.mapped(sub, "/resources/instance_count" if "instance_count" in resources else None)
            elif key == "communicationBackend" and str(fields[key]).lower() not in ("nccl", "none"):
                recorder.dropped(sub, "v2 has no backend field: the pytorch launcher uses NCCL")
            else:
                recorder.mapped(sub, "/distribution")


def from_runconfig(
    recorder: Recorder,
    options: Mapping[str, Any],
    context: ConvertContext,
    *,
    default_name: str,
    with_command: bool = True,
    env_output: int = 1,
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    data: dict[str, Any] = recorder.view.data
    base_dir = project_dir(options, recorder.path)
    plan = environment_section.EnvironmentPlan(
        context,
        default_image=str(options.get("default-image") or ""),
        separate=options.get("environment") == "separate",
        base_dir=base_dir,
        default_name=default_name,
        output=env_output,
    )
    if is_workbench(data):
        return _workbench(recorder, options, context, plan, with_command)
    job: dict[str, Any] = {"type": "spark" if str(data.get("framework")).lower() == "pyspark" else "command"}
    resources: dict[str, Any] = {}
    inputs: dict[str, Any] = {}
    outputs: dict[str, Any] = {}
    bindings = data_references.convert_data_references(recorder, options, inputs, outputs)
    env = environment_section.convert_environment_section(recorder, "/environment", plan)
    code = context.relocate(base_dir)
    job["code"] = code
    if not with_command:
        for key in ("script", "arguments", "command", "target"):
            if key in data:
                recorder.mapped(f"/{key}", None)  # the caller (a pipeline step) says what runs where
    if with_command:
        command = _command(recorder, data, bindings, env.interpreter or "python")
        if job["type"] == "spark":
            _spark(recorder, data, job, bindings)
        elif not command:
            recorder.refused("", "the run configuration names neither a script nor a command: there is nothing to run")
        else:
            job["command"] = command
    if inputs:
        job["inputs"] = inputs
    if outputs:
        job["outputs"] = outputs
    job["environment"] = env.value
    variables = dict(env.variables)
    top = data.get("environmentVariables")
    if isinstance(top, dict) and top:
        variables.update({str(k): "" if v is None else str(v) for k, v in top.items()})
        recorder.mapped("/environmentVariables", "/environment_variables")
    elif "environmentVariables" in data:
        recorder.mapped("/environmentVariables", None)
    if variables:
        job["environment_variables"] = variables
    _compute(recorder, data, options, job)
    if job["type"] == "command":
        _distribution(recorder, data, job, resources)
    node_count = data.get("nodeCount")
    if node_count is not None:
        resources["instance_count"] = int(node_count)
        recorder.mapped("/nodeCount", "/resources/instance_count")
    resources.update(env.resources)
    _top_docker(recorder, data, resources)
    _computes(recorder, data, job, resources)
    if resources:
        job["resources"] = {
            k: resources[k] for k in ("instance_count", "instance_type", "shm_size", "docker_args") if k in resources
        }
    timeout = data.get("maxRunDurationSeconds")
    if timeout is not None:
        job["limits"] = {"timeout": int(timeout)}
        recorder.mapped("/maxRunDurationSeconds", "/limits/timeout")
    _misc(recorder, data, job)
    if job["type"] == "spark":
        _spark_finish(recorder, data, job)
    return _order(job), env.document


def _order(job: dict[str, Any]) -> dict[str, Any]:
    order = (
        "type", "code", "command", "entry", "args", "conf", "inputs", "outputs", "environment", "environment_variables",
        "compute", "distribution", "resources", "limits", "queue_settings", "identity", "services",
    )  # fmt: skip
    return {k: job[k] for k in order if k in job}


def _spark(recorder: Recorder, data: Mapping[str, Any], job: dict[str, Any], bindings: Mapping[str, str]) -> None:
    job["entry"] = {"file": str(data.get("script") or "main.py")}
    arguments = _list(data, "arguments")
    if arguments:
        job["args"] = " ".join(quote_argument(str(a), bindings) for a in arguments if a is not None)
    conf = dict(_SPARK_CONF)
    configuration = _section(_section(data, "spark"), "configuration")
    conf.update({str(k): v for k, v in configuration.items() if str(k).startswith("spark.") and k != "spark.app.name"})
    job["conf"] = conf
    recorder.approximated(
        "/framework", None, "framework PySpark became a spark job; driver and executor sizes are defaults, check them"
    )


def _spark_finish(recorder: Recorder, data: Mapping[str, Any], job: dict[str, Any]) -> None:
    """A spark job has no resources of a command job, no variables and no local runs: say what changed."""
    conf = job["conf"]
    for name, value in job.pop("environment_variables", {}).items():
        conf[f"spark.executorEnv.{name}"] = value
        conf[f"spark.yarn.appMasterEnv.{name}"] = value
    resources = job.pop("resources", {})
    if resources.get("instance_count", 1) not in (None, 1):
        conf["spark.executor.instances"] = resources["instance_count"]
    if job.get("compute") in (None, "local"):
        job.pop("compute", None)
        job["resources"] = {"instance_type": "standard_e4s_v3", "runtime_version": "3.4"}
    recorder.finding(
        "SL401",
        "a spark job runs on serverless Spark or an attached Synapse pool: environment variables went to spark conf, "
        "node count to spark.executor.instances, local runs and container settings are gone",
        "/framework",
        hint="check conf and resources",
    )
    for key in ("communicator", "mpi", "tensorflow", "pytorch", "docker"):
        if key in data and not recorder.covered(f"/{key}"):
            recorder.mapped(f"/{key}", None)


def _top_docker(recorder: Recorder, data: Mapping[str, Any], resources: dict[str, Any]) -> None:
    docker = data.get("docker")
    if not isinstance(docker, dict):
        if "docker" in data:
            recorder.mapped("/docker", None)
        return
    for key, value in docker.items():
        sub = join("/docker", key)
        if key == "useDocker" and value is False:
            recorder.approximated(
                sub, None, "v1 ran without Docker here unless the environment enabled it; v2 always uses a container"
            )
        elif key == "shmSize" and value:
            resources.setdefault("shm_size", str(value))
            recorder.mapped(sub, "/resources/shm_size")
        elif key == "arguments" and value:
            args = value if isinstance(value, list) else [value]
            resources.setdefault("docker_args", " ".join(shlex.quote(str(a)) for a in args))
            recorder.approximated(sub, "/resources/docker_args", "docker arguments became resources.docker_args")
        elif key == "sharedVolumes" and value is False:
            recorder.dropped(sub, "v2 has no switch for shared volumes")
        elif key in ("useDocker", "shmSize", "arguments", "sharedVolumes") or value is None:
            recorder.mapped(sub, None)
        else:
            recorder.dropped(sub, f"docker.{key} has no v2 equivalent")


def _computes(recorder: Recorder, data: Mapping[str, Any], job: dict[str, Any], resources: dict[str, Any]) -> None:
    aml = data.get("amlcompute")
    run_based = str(data.get("target") or "").lower() == "amlcompute"
    if isinstance(aml, dict):
        for key, value in aml.items():
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


def _misc(recorder: Recorder, data: Mapping[str, Any], job: dict[str, Any]) -> None:
    for key, value in data.items():
        sub = join("", key)
        if recorder.covered(sub) and key not in ("history", "spark", "hdi", "paralleltask"):
            continue
        empty = value in (None, "", [], {})
        if key == "history" and isinstance(value, dict):
            for hkey, hvalue in value.items():
                hsub = join(sub, hkey)
                if hkey in ("outputCollection", "snapshotProject") and hvalue is not False:
                    recorder.mapped(hsub, None)  # v2 always snapshots code and collects outputs
                elif (hkey == "directoriesToWatch" and (hvalue in (None, []) or hvalue == ["logs"])) or hvalue is None:
                    recorder.mapped(hsub, None)
                elif hkey == "ambientAuthentication":
                    recorder.dropped(hsub, "a service-principal secret for the run has no v2 field (the secret is not copied)")
                else:
                    recorder.dropped(hsub, f"history.{hkey}: v2 always snapshots the code and streams outputs and logs")
        elif key == "spark" and isinstance(value, dict):
            configuration = value.get("configuration")
            defaults = {"spark.app.name": "Azure ML Experiment", "spark.yarn.maxAppAttempts": 1}
            if (
                job.get("type") == "spark"
                or not isinstance(configuration, dict)
                or all(defaults.get(k) == v for k, v in configuration.items())
            ):
                recorder.mapped(sub, "/conf" if job.get("type") == "spark" else None)
            else:
                recorder.dropped(sub, "spark configuration only applies to PySpark runs; this run is a command job")
        elif key == "hdi" and isinstance(value, dict):
            mode = value.get("yarnDeployMode")
            if mode in (None, "cluster", "Cluster"):
                recorder.mapped(sub, None)
            else:
                recorder.dropped(sub, "HDInsight targets are not supported in v2")
        elif key == "paralleltask" and isinstance(value, dict):
            defaults = {"maxRetriesPerWorker": 0, "workerCountPerNode": 1, "terminalExitCodes": None}
            if all(defaults.get(k) == v for k, v in value.items()):
                recorder.mapped(sub, None)
            else:
                recorder.dropped(
                    sub,
                    "a v2 parallel job only runs inside a pipeline; this run configuration stays a command job",
                    hint="use a ParallelRunStep in a v1 pipeline (converted to a parallel node)",
                )
        elif key == "credentialPassthrough":
            if value is True:
                job["identity"] = {"type": "user_identity"}
                recorder.approximated(sub, "/identity", "credential passthrough became the user identity")
            else:
                recorder.mapped(sub, None)
        elif key in ("applicationEndpoints", "services") and isinstance(value, dict) and value:
            _services(recorder, sub, value, job)
        elif key == "priority" and value is not None:
            recorder.dropped(
                sub,
                "v1 job priorities are numbers; v2 queue_settings.priority is low, medium or high",
                hint="set queue_settings.priority by hand",
            )
        elif key in STALE:
            recorder.dropped(sub, f"{key} is a stale key: {STALE[key]}")
        elif key == "environment":
            continue
        elif empty or (key in ("datacaches", "sourceDirectoryDataStore", "autoClusterComputeSpecification") and empty):
            recorder.mapped(sub, None)
        elif key == "sourceDirectoryDataStore":
            recorder.dropped(sub, "v2 always uploads the code folder to the workspace's default storage")
        elif key == "datacaches":
            recorder.dropped(sub, "data caches have no v2 equivalent")


_SERVICE_TYPES = {
    "jupyter": "jupyter_lab",
    "jupyterlab": "jupyter_lab",
    "ssh": "ssh",
    "tensorboard": "tensor_board",
    "vscode": "vs_code",
}


def _services(recorder: Recorder, pointer: str, value: dict[str, Any], job: dict[str, Any]) -> None:
    services: dict[str, Any] = {}
    for name, entry in value.items():
        sub = join(pointer, name)
        kind = str(entry.get("type") or "").lower() if isinstance(entry, dict) else ""
        if kind not in _SERVICE_TYPES:
            recorder.dropped(sub, f"service type {kind or '?'} has no v2 equivalent")
            continue
        service: dict[str, Any] = {"type": _SERVICE_TYPES[kind]}
        if isinstance(entry, dict) and entry.get("port") is not None:
            service["port"] = int(entry["port"])
        services[data_references.valid_name(str(name))] = service
        recorder.approximated(sub, f"/services/{name}", "an application endpoint became a job service")
    if services:
        job["services"] = services


def report_rest(recorder: Recorder, what: str) -> None:
    """Everything nothing claimed: the SDK does not know these keys and ignores them."""
    for pointer in list(unreported(recorder)):
        recorder.dropped(
            pointer,
            f"{pointer.lstrip('/').replace('/', '.')} is not a {what} field the SDK knows; it ignores it",
            hint="check whether it was a typo",
        )


# -- the Workbench-era format ---------------------------------------------------------------------------------------


def _workbench(
    recorder: Recorder,
    options: Mapping[str, Any],
    context: ConvertContext,
    plan: environment_section.EnvironmentPlan,
    with_command: bool,
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    data: dict[str, Any] = recorder.view.data
    job: dict[str, Any] = {"type": "command", "code": context.relocate(plan.base_dir)}
    target = str(data.get("target") or "local")
    compute_doc = context.read(f"{target}.compute")
    compute: dict[str, Any] = {}
    compute_rec: Recorder | None = None
    if compute_doc is not None and isinstance(compute_doc.data, dict):
        view = normalise(compute_doc.data)
        compute = view.data
        compute_rec = Recorder(
            recorder.builder, view, compute_doc, related_path(recorder.path, f"{target}.compute"), primary=False
        )
    interpreter = str(compute.get("pythonLocation") or "python")
    vector = _list(data, "argumentVector")
    if with_command:
        words = [str(w) for w in vector if w is not None]
        if words and words[0].endswith(".py"):
            words.insert(0, interpreter)
        elif words and words[0] == "$file":
            words.insert(0, interpreter)
            recorder.finding(
                "SL401",
                "$file stood for the script named on the Workbench command line; put the script's name in the command",
                "/argumentVector/0",
            )
        job["command"] = " ".join(w if w == "$file" else shlex.quote(w) for w in words) or "python"
        if "argumentVector" in data:
            recorder.transformed("/argumentVector", "/command", "quoted for the shell")
    image = compute.get("baseDockerImage")
    environment: dict[str, Any] = {
        "image": str(image) if image else environment_section.default_image(plan, bool(compute.get("nvidiaDocker")))
    }
    if not image:
        recorder.finding(
            "SL401",
            f"the compute target {target}.compute was not found or names no image; the job uses {environment['image']}",
            "/target" if "target" in data else "",
        )
    conda = data.get("condaDependenciesFile")
    if conda and not compute.get("userManagedEnvironment"):
        # Workbench paths are relative to the project folder
        environment["conda_file"] = context.relocate(f"{plan.base_dir}/{conda}")
        recorder.transformed("/condaDependenciesFile", "/environment/conda_file", "path relocated for the output's folder")
    elif "condaDependenciesFile" in data:
        recorder.mapped("/condaDependenciesFile", None)
    if plan.separate:
        document = {
            "$schema": "https://azuremlschemas.azureedge.net/latest/environment.schema.json",
            "name": plan.default_name,
            "version": "1",
            **environment,
        }
        job["environment"] = f"azureml:{plan.default_name}:1"
    else:
        document = None
        job["environment"] = environment
    variables = data.get("environmentVariables")
    if isinstance(variables, dict) and variables:
        job["environment_variables"] = {str(k): "" if v is None else str(v) for k, v in variables.items()}
        recorder.mapped("/environmentVariables", "/environment_variables")
    if target.lower() == "local" or compute.get("type") == "localdocker":
        job["compute"] = "local"
        recorder.approximated(
            "/target", "/compute", "a Workbench local target became a local v2 run (Docker on the submitting machine)"
        )
    else:
        job["compute"] = f"azureml:{compute_name(options, target)}"
        recorder.approximated(
            "/target", "/compute", "a Workbench target became a compute of the same name; create it in the workspace"
        )
    for key, value in data.items():
        sub = join("", key)
        if recorder.covered(sub):
            continue
        if (
            (key == "framework" and str(value).lower() == "python")
            or (key == "trackedRun" and value is not False)
            or value in (None, "", [], {})
        ):
            recorder.mapped(sub, None)
        elif key == "sparkDependenciesFile":
            recorder.dropped(sub, "spark dependencies only applied to PySpark runs; add them to the image")
        elif key in ("prepareEnvironment", "useSampling", "trackedRun"):
            recorder.dropped(sub, f"{key} is a Workbench setting with no v2 equivalent")
    if compute_rec is not None:
        for key, value in compute.items():
            sub = join("", key)
            if key in ("baseDockerImage", "type") or value in (None, "", False):
                continue
            if key == "pythonLocation":
                continue
            if key in ("password", "username", "address", "privateKey"):
                compute_rec.dropped(sub, f"remote Docker host {key} has no v2 field (credentials are not copied)")
            else:
                compute_rec.dropped(sub, f"compute target {key} has no v2 equivalent")
    return _order(job), document
