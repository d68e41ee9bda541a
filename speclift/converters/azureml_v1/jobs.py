"""A normalised v1 run configuration -> the fields of a v2 command (or spark) job.

API: :func:`from_runconfig` (a :class:`~speclift.converters.azureml_v1.keys.Recorder` over the run configuration)
returns ``(job, environment)``: the job's fields in the order the v2 docs use, and the separate environment document
when the ``environment`` option is ``separate``. ``with_command=False`` leaves the command to the caller (a
pipeline step names its own script). :func:`report_rest` reports every key nothing claimed: the SDK ignores it.
Shared by the run-configuration, HyperDrive and pipeline converters. The parts live beside it: data references
(:mod:`.data_references`), the environment (:mod:`.environment_section`), ``distribution`` (:mod:`.distribution`),
compute and resources (:mod:`.run_resources`), the remaining top-level keys (:mod:`.other_keys`) and the
Workbench-era format (:mod:`.workbench`).
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Mapping
from typing import Any

from speclift.conversion import ConvertContext
from speclift.conversion.fields import INTEGER
from speclift.converters.azureml_v1.data_references import convert_data_references
from speclift.converters.azureml_v1.distribution import convert_distribution
from speclift.converters.azureml_v1.environment_plan import EnvironmentPlan, EnvironmentResult
from speclift.converters.azureml_v1.environment_section import convert_environment_section
from speclift.converters.azureml_v1.keys import Recorder, unreported
from speclift.converters.azureml_v1.null_keys import absent_nulls
from speclift.converters.azureml_v1.other_keys import convert_other_keys
from speclift.converters.azureml_v1.project import project_folder
from speclift.converters.azureml_v1.run_resources import convert_compute_sections, convert_docker, convert_target, runs_locally
from speclift.converters.azureml_v1.suspicious import report_suspicious
from speclift.converters.azureml_v1.workbench import convert_workbench, is_workbench
from speclift.placeholders import placeholders

_PLACEHOLDER = re.compile(r"(\$AZUREML_DATAREFERENCE_[A-Za-z0-9_]+|Dataset(?:Consumption|Output)Config:[A-Za-z0-9_.-]+)")
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


def quote_argument(argument: str, bindings: Mapping[str, str]) -> str:
    """One argument for a shell command: v1 data placeholders become bindings, the rest is quoted as needed."""
    replaced = _PLACEHOLDER.sub(lambda m: bindings.get(m.group(1), m.group(1)), argument)
    pieces, done = [], 0
    for binding in placeholders(replaced, "${{", "}}", not_inside="}"):
        pieces += [_quoted(replaced[done : binding.start]), binding.literal]  # a binding stays unquoted
        done = binding.end
    return "".join([*pieces, _quoted(replaced[done:])]) or "''"


def _quoted(text: str) -> str:
    return shlex.quote(text) if text else ""


def _replace_script(recorder: Recorder, data: Mapping[str, Any], submitted: list[str]) -> dict[str, Any]:
    """The run configuration as the command line submitted it: its script, and its arguments when it gave some,
    replace the file's (``az ml run submit-script SCRIPT ARGS`` did the same)."""
    replaced = {key: value for key, value in data.items() if key not in ("script", "command")}
    replaced["script"] = submitted[0]
    if len(submitted) > 1:
        replaced["arguments"] = submitted[1:]
    for key in ("script", "command", *(("arguments",) if len(submitted) > 1 else ())):
        if key in data:
            recorder.mapped(f"/{key}", None)
            recorder.finding("SL411", f"{key} replaced by the command line the run was submitted with", f"/{key}")
    return replaced


def _command(
    recorder: Recorder,
    data: Mapping[str, Any],
    bindings: Mapping[str, str],
    interpreter: str,
    given: frozenset[str] = frozenset(),
) -> str:
    """The v2 command; ``given`` names the keys the submitted command line supplied (their source is recorded)."""
    arguments = _list(data, "arguments")
    args = [quote_argument(str(a), bindings) for a in arguments if a is not None]
    script = data.get("script")
    command = data.get("command")
    if isinstance(command, list):
        command = " ".join(shlex.quote(str(c)) for c in command)
    if "arguments" in data and "arguments" not in given:
        recorder.transformed("/arguments", "/command", "quoted for the shell; data placeholders became bindings")
    if command:
        recorder.mapped("/command", "/command")
        if script:
            recorder.dropped("/script", "v1 runs the command when both a command and a script are given")
        return " ".join([str(command), *args])
    if "command" in data:
        recorder.mapped("/command", None)
    if script and "script" not in given:
        recorder.transformed("/script", "/command", f"{interpreter} <script>")
    if script:
        return " ".join([interpreter, shlex.quote(str(script)), *args])
    if "script" in data:
        recorder.mapped("/script", None)
    return ""


def from_runconfig(
    recorder: Recorder,
    options: Mapping[str, Any],
    context: ConvertContext,
    *,
    default_name: str,
    with_command: bool = True,
    env_output: int = 1,
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    absent_nulls(recorder)  # a null key is an absent key, as the SDK reads it
    report_suspicious(recorder)
    data: dict[str, Any] = recorder.view.data
    submitted = _submitted(options)
    project = project_folder(options, context, [*submitted[:1], *_named_paths(data)])
    if project.note:
        recorder.finding("SL411", project.note, "")
    base_dir = project.relative
    source_dir = str(options.get("source-directory") or "")
    code_dir = posixpath.relpath(source_dir, context.source_dir) if source_dir else base_dir
    plan = EnvironmentPlan(
        context,
        default_image=str(options.get("default-image") or ""),
        separate=options.get("environment") == "separate",
        base_dir=base_dir,
        default_name=default_name,
        output=env_output,
        local_run=with_command and runs_locally(data) and "docker" not in data,
    )
    if is_workbench(data):
        return _workbench(recorder, options, context, plan, with_command)
    job: dict[str, Any] = {"type": "spark" if str(data.get("framework")).lower() == "pyspark" else "command"}
    inputs: dict[str, Any] = {}
    outputs: dict[str, Any] = {}
    bindings = convert_data_references(recorder, options, inputs, outputs)
    env = _environment(recorder, data, plan, str(options.get("environment") or ""))
    job["code"] = context.relocate(code_dir)
    if options.get("experiment"):
        job["experiment_name"] = str(options["experiment"])
    if with_command:
        _what_runs(recorder, data, job, bindings, env.interpreter or "python", submitted)
    else:
        for key in ("script", "arguments", "command", "target"):
            if key in data:
                recorder.mapped(f"/{key}", None)  # the caller (a pipeline step) says what runs where
    if inputs:
        job["inputs"] = inputs
    if outputs:
        job["outputs"] = outputs
    job["environment"] = env.value
    _environment_variables(recorder, data, job, env)
    convert_target(recorder, data, options, job)
    _resources(recorder, data, job, env)
    timeout = recorder.field(data, "/maxRunDurationSeconds", INTEGER)
    if timeout is not None:
        job["limits"] = {"timeout": timeout}
        recorder.mapped("/maxRunDurationSeconds", "/limits/timeout")
    convert_other_keys(recorder, data, job)
    if job["type"] == "spark":
        _spark_finish(recorder, data, job)
    return _order(job), env.document


def _environment(recorder: Recorder, data: Mapping[str, Any], plan: EnvironmentPlan, option: str) -> EnvironmentResult:
    """The job's environment: the registered one the command line named (``azureml:NAME:VERSION``), which v1 used
    instead of the file's section, else the file's section converted."""
    if not option.startswith("azureml:"):
        return convert_environment_section(recorder, "/environment", plan)
    if "environment" in data:
        recorder.mapped("/environment", None)
        recorder.finding("SL411", f"environment replaced by the registered environment {option} it was run with", "/environment")
    return EnvironmentResult(option)


def _named_paths(data: Mapping[str, Any]) -> list[str]:
    """The relative paths a run configuration names, that v1 resolved against its project folder."""
    python = _section(_section(data, "environment"), "python")
    named = [data.get("script"), python.get("condaDependenciesFile"), data.get("condaDependenciesFile")]
    named.append(data.get("environment") if isinstance(data.get("environment"), str) else None)
    return [str(p) for p in named if isinstance(p, str) and p.strip()]


def _submitted(options: Mapping[str, Any]) -> list[str]:
    """The ``script`` option (the command line a run was submitted with) as words: script, then arguments."""
    given = str(options.get("script") or "").strip()
    try:
        return shlex.split(given)
    except ValueError:  # an unbalanced quote: the words as typed
        return given.split()


def _workbench(
    recorder: Recorder, options: Mapping[str, Any], context: ConvertContext, plan: EnvironmentPlan, with_command: bool
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    fields, document = convert_workbench(recorder, options, context, plan, with_command)
    if fields["type"] == "spark":  # a Workbench PySpark run: the sizes every spark conversion gets
        fields["conf"] = {**_SPARK_CONF, **fields.get("conf", {})}
        _spark_finish(recorder, recorder.view.data, fields)
    return _order(fields), document


def _what_runs(
    recorder: Recorder,
    data: Mapping[str, Any],
    job: dict[str, Any],
    bindings: Mapping[str, str],
    interpreter: str,
    submitted: list[str],
) -> None:
    """The command, or a spark job's entry; a run configuration with neither is refused."""
    given = frozenset(("script", "arguments")[: len(submitted)] if submitted else ())
    if submitted:
        data = _replace_script(recorder, data, submitted)
    command = _command(recorder, data, bindings, interpreter, given)
    if job["type"] == "spark":
        _spark(recorder, data, job, bindings)
    elif not command:
        recorder.refused("", "the run configuration names neither a script nor a command: there is nothing to run")
    else:
        job["command"] = command


def _environment_variables(recorder: Recorder, data: Mapping[str, Any], job: dict[str, Any], env: EnvironmentResult) -> None:
    """The environment's variables and the run configuration's own (the latter win): v2 sets them on the job."""
    variables = dict(env.variables)
    top = data.get("environmentVariables")
    if isinstance(top, dict) and top:
        variables.update({str(k): "" if v is None else str(v) for k, v in top.items()})
        recorder.mapped("/environmentVariables", "/environment_variables")
    elif "environmentVariables" in data:
        recorder.mapped("/environmentVariables", None)
    if variables:
        job["environment_variables"] = variables


def _resources(recorder: Recorder, data: Mapping[str, Any], job: dict[str, Any], env: EnvironmentResult) -> None:
    resources: dict[str, Any] = {}
    if job["type"] == "command":
        convert_distribution(recorder, data, job, resources)
    node_count = recorder.field(data, "/nodeCount", INTEGER)
    if node_count is not None:
        resources["instance_count"] = node_count
        recorder.mapped("/nodeCount", "/resources/instance_count")
    resources.update(env.resources)
    convert_docker(recorder, data, resources)
    convert_compute_sections(recorder, data, job, resources)
    if resources:
        job["resources"] = {
            k: resources[k] for k in ("instance_count", "instance_type", "shm_size", "docker_args") if k in resources
        }


def _order(job: dict[str, Any]) -> dict[str, Any]:
    order = (
        "type", "experiment_name", "code", "command", "entry", "args", "conf", "inputs", "outputs", "environment", "environment_variables",
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
    moved = ["local runs and container settings are gone"]
    variables = job.pop("environment_variables", {})
    for name, value in variables.items():
        conf[f"spark.executorEnv.{name}"] = value
        conf[f"spark.yarn.appMasterEnv.{name}"] = value
    if variables:
        moved.insert(0, "environment variables went to spark conf")
    resources = job.pop("resources", {})
    if "instance_count" in resources and "spark.executor.instances" not in _section(_section(data, "spark"), "configuration"):
        conf["spark.executor.instances"] = resources["instance_count"]  # nodeCount: 1 is one executor, not the default 2
        moved.insert(-1, f"nodeCount {resources['instance_count']} became spark.executor.instances")
    if job.get("compute") in (None, "local"):
        job.pop("compute", None)
        job["resources"] = {"instance_type": "standard_e4s_v3", "runtime_version": "3.4"}
    message = f"a spark job runs on serverless Spark or an attached Synapse pool: {', '.join(moved)}"
    recorder.finding("SL401", message, "/framework", hint="check conf and resources")
    for key in ("communicator", "mpi", "tensorflow", "pytorch", "docker"):
        if key in data and not recorder.covered(f"/{key}"):
            recorder.mapped(f"/{key}", None)


def report_rest(recorder: Recorder, what: str) -> None:
    """Everything nothing claimed: the SDK does not know these keys and ignores them."""
    for pointer in list(unreported(recorder)):
        recorder.dropped(
            pointer,
            f"{pointer.lstrip('/').replace('/', '.')} is not a {what} field the SDK knows; it ignores it",
            hint="check whether it was a typo",
        )
