"""Azure ML v1 HyperDrive configurations (``az ml run submit-hyperdrive``) -> az ml v2 sweep jobs.

The CLI reads the HyperDrive file with snake_case keys only, and the trial's run configuration from ``-c``: give it
with the ``runconfig`` option (relative to the HyperDrive file; it is read through the context and converted like a
run configuration into ``trial``, ``inputs``/``outputs``, ``compute`` and ``resources``). Each
``parameter_space`` entry becomes a ``search_space`` key made valid for v2 (``--learning-rate`` ->
``learning_rate``) and the trial command gets ``--learning-rate ${{search_space.learning_rate}}`` appended, as v1
appended ``--learning-rate <value>`` itself. Defaults that differ are written out: ``evaluation_interval`` (v1 1, v2
0), ``delay_evaluation`` and ``limits.timeout`` (v1's ``max_duration_minutes`` defaults to 10080).

Before (v1)::

    sampling:
      type: random
      parameter_space:
      - {name: --learning-rate, expression: loguniform, values: [-6, -1]}
    policy: {type: BanditPolicy, slack_factor: 0.1}
    primary_metric_name: accuracy
    primary_metric_goal: Maximize
    max_total_runs: 20

After (v2, with ``--option runconfig=train.runconfig``)::

    $schema: https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json
    type: sweep
    trial:
      code: .
      command: python train.py --learning-rate ${{search_space.learning_rate}}
      environment: {image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04}
    compute: azureml:cpu-cluster
    sampling_algorithm: random
    search_space:
      learning_rate: {type: loguniform, min_value: -6, max_value: -1}
    objective: {goal: maximize, primary_metric: accuracy}
    early_termination: {type: bandit, evaluation_interval: 1, delay_evaluation: 0, slack_factor: 0.1}
    limits: {max_total_trials: 20, max_concurrent_trials: 20, timeout: 604800}

Options: the run-configuration options plus ``runconfig``. Codes: SL401 approximated, SL402 no equivalent or not
read by the CLI, SL404 cannot convert (a configuration v1 refuses too).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from speclift.conversion import Conversion, ConversionBuilder, ConvertContext
from speclift.conversion.fields import INTEGER, NUMBER
from speclift.converters.azureml_v1 import jobs
from speclift.converters.azureml_v1.environment_plan import EnvironmentPlan, default_image
from speclift.converters.azureml_v1.keys import Recorder, normalise, related_path
from speclift.converters.azureml_v1.null_keys import absent_nulls
from speclift.converters.azureml_v1.options import OPTIONS as OPTIONS
from speclift.converters.azureml_v1.project import by_name
from speclift.converters.azureml_v1.suspicious import report_suspicious
from speclift.pointer import join
from speclift.yamlio import Document

SOURCE = "azureml/v1/hyperdrive"
TARGETS = ("azureml/v2/sweep-job", "azureml/v2/environment")
SCHEMA = "https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json"

# expression -> the v2 fields its positional values fill
EXPRESSIONS: dict[str, tuple[str, ...]] = {
    "choice": ("values",),
    "randint": ("upper",),
    "uniform": ("min_value", "max_value"),
    "loguniform": ("min_value", "max_value"),
    "quniform": ("min_value", "max_value", "q"),
    "qloguniform": ("min_value", "max_value", "q"),
    "normal": ("mu", "sigma"),
    "lognormal": ("mu", "sigma"),
    "qnormal": ("mu", "sigma", "q"),
    "qlognormal": ("mu", "sigma", "q"),
}
POLICIES = {
    "banditpolicy": "bandit",
    "bandit": "bandit",
    "medianstoppingpolicy": "median_stopping",
    "medianstopping": "median_stopping",
    "truncationselectionpolicy": "truncation_selection",
    "truncationselection": "truncation_selection",
    "noterminationpolicy": "",
    "default": "",
}
_POLICY_FIELDS = {
    "bandit": ("slack_factor", "slack_amount"),
    "median_stopping": (),
    "truncation_selection": ("truncation_percentage",),
}
_SAMPLING = {"random": ("random",), "grid": ("choice",), "bayesian": ("choice", "uniform", "quniform")}


def search_key(name: str) -> str:
    """A v2 search-space key for a v1 parameter name: ``--learning-rate`` -> ``learning_rate``."""
    key = re.sub(r"[^A-Za-z0-9_]", "_", name.lstrip("-"))
    return key or "param"


def convert(document: Document, path: str, options: Mapping[str, Any], context: ConvertContext) -> Conversion:
    """Convert one HyperDrive file; ``context`` reads the run configuration named by the ``runconfig`` option."""
    builder = ConversionBuilder(document, path, SOURCE)
    view = normalise(document.data, camel=False, aliases={})
    recorder = Recorder(builder, view, document, path)
    absent_nulls(recorder)  # a null key is an absent key, as the v1 readers take it
    report_suspicious(recorder)
    data = view.data
    if not isinstance(data, dict):
        return builder.refuse("a HyperDrive configuration is a mapping of fields")
    sweep: dict[str, Any] = {"$schema": SCHEMA, "type": "sweep"}
    trial, top, environment = _trial(recorder, options, context, path)
    sweep["trial"] = trial
    sweep.update(top)
    space, arguments = _sampling(recorder, data, sweep)
    if arguments:
        trial["command"] = " ".join([trial["command"], *arguments])
    sweep["search_space"] = space
    _objective(recorder, data, sweep)
    _policy(recorder, data, sweep)
    _limits(recorder, data, sweep, top.get("limits", {}))
    for pointer in list(_unknown(recorder)):
        recorder.dropped(pointer, f"{pointer.lstrip('/')} is not read by the v1 CLI (keys are snake_case)")
    if builder.has_refusal:
        return builder.build()
    order = (
        "$schema", "type", "trial", "inputs", "outputs", "compute", "resources", "sampling_algorithm", "search_space",
        "objective", "early_termination", "limits",
    )  # fmt: skip
    builder.output("azureml/v2/sweep-job", {k: sweep[k] for k in order if k in sweep})
    if environment is not None:
        builder.output("azureml/v2/environment", environment, "environment")
    return builder.build()


def _unknown(recorder: Recorder) -> list[str]:
    known = {"sampling", "policy", "primary_metric_name", "primary_metric_goal", "max_total_runs"}
    known |= {"max_concurrent_runs", "max_duration_minutes"}
    return [join("", k) for k in recorder.view.data if k not in known and not recorder.covered(join("", k))]


def _trial(
    recorder: Recorder, options: Mapping[str, Any], context: ConvertContext, path: str
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any] | None]:
    name = str(options.get("runconfig") or "")
    document = context.read(name) if name else None
    if document is None or not isinstance(document.data, dict):
        image = default_image(EnvironmentPlan(context, default_image=str(options.get("default-image") or "")))
        what = f"the run configuration {context.shown(name)} could not be read" if name else "no run configuration given"
        recorder.finding(
            "SL401",
            f"{what}: the trial runs train.py on {image}; write the script, environment and compute in",
            "",
            hint="give the CLI's -c file with --option runconfig=PATH",
        )
        return {"code": context.relocate("."), "command": "python train.py", "environment": {"image": image}}, {}, None
    view = normalise(document.data)
    run = Recorder(recorder.builder, view, document, related_path(path, name), primary=False)
    stem = os.path.splitext(os.path.basename(name))[0]
    job, environment = jobs.from_runconfig(run, by_name(options, name), context, default_name=jobs.asset_name(stem))
    run.report_spelling("azureml-core")
    jobs.report_rest(run, "run configuration")
    trial: dict[str, Any] = {
        k: job[k] for k in ("code", "command", "environment", "environment_variables", "distribution") if k in job
    }
    top: dict[str, Any] = {k: job[k] for k in ("inputs", "outputs", "compute", "resources", "limits") if k in job}
    if "command" not in trial:
        trial["command"] = "python train.py"
    return trial, top, environment


def _sampling(recorder: Recorder, data: dict[str, Any], sweep: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    sampling = data.get("sampling")
    if not isinstance(sampling, dict):
        recorder.refused("/sampling" if "sampling" in data else "", "sampling is required (v1 refuses the file too)")
        return {}, []
    kind = str(sampling.get("type") or "").lower()
    if kind not in _SAMPLING:
        recorder.refused("/sampling/type", f"sampling type {sampling.get('type')!r} is not random, grid or bayesian")
        return {}, []
    sweep["sampling_algorithm"] = _algorithm(recorder, sampling, kind)
    recorder.transformed("/sampling/type", "/sampling_algorithm", "lower-cased")
    space: dict[str, Any] = {}
    arguments: list[str] = []
    entries = sampling.get("parameter_space")
    if not isinstance(entries, list) or not entries:
        recorder.refused("/sampling", "sampling.parameter_space is required and must list parameters")
        return {}, []
    for index, entry in enumerate(entries):
        _parameter(recorder, join("/sampling/parameter_space", index), entry, kind, space, arguments)
    for key in sampling:
        if key not in ("type", "properties", "parameter_space"):
            recorder.dropped(join("/sampling", key), f"sampling.{key} is not read by the v1 CLI")
    return space, arguments


def _algorithm(recorder: Recorder, sampling: dict[str, Any], kind: str) -> str | dict[str, Any]:
    """The sampling algorithm: its name, or random sampling with a seed and rule."""
    properties = sampling.get("properties")
    if isinstance(properties, dict) and properties and kind == "random":
        algorithm: dict[str, Any] = {"type": "random"}
        for key in ("seed", "rule"):
            if key in properties:
                sub = join("/sampling/properties", key)
                algorithm[key] = recorder.field(properties, sub, INTEGER) if key == "seed" else str(properties[key]).lower()
                recorder.mapped(join("/sampling/properties", key), f"/sampling_algorithm/{key}")
        for key in properties:
            if key not in ("seed", "rule"):
                recorder.dropped(join("/sampling/properties", key), f"random sampling property {key} has no v2 field")
        return algorithm
    if "properties" in sampling:
        if not properties:
            recorder.mapped("/sampling/properties", None)
        else:
            recorder.dropped("/sampling/properties", f"{kind} sampling takes no properties in v2")
    return kind


def _parameter(recorder: Recorder, sub: str, entry: Any, kind: str, space: dict[str, Any], arguments: list[str]) -> None:
    """One parameter of the space -> a search-space entry and the argument that passes it to the trial."""
    if not isinstance(entry, dict) or not entry.get("name"):
        recorder.refused(sub, "each parameter needs a name, an expression and values")
        return
    name = str(entry["name"])
    key = search_key(name)
    item = _search_item(recorder, sub, entry, kind)
    if item is None:
        return
    if key in space:
        recorder.refused(sub, f"two parameters become the search-space key {key!r}")
        return
    space[key] = item
    arguments.append(f"{name} ${{{{search_space.{key}}}}}")
    target = f"/search_space/{key}"
    if key != name:
        recorder.transformed(join(sub, "name"), target, f"valid key; the command passes {name}")
    else:
        recorder.mapped(join(sub, "name"), target)
    recorder.transformed(join(sub, "expression"), target + "/type", "lower-cased")
    if "values" in entry:
        recorder.transformed(join(sub, "values"), target, "positional values as named fields")
    for extra in entry:
        if extra not in ("name", "expression", "values"):
            recorder.dropped(join(sub, extra), f"parameter field {extra} is not read by the v1 CLI")


def _search_item(recorder: Recorder, sub: str, entry: dict[str, Any], kind: str) -> dict[str, Any] | None:
    """``{type, values}`` or ``{type, <named fields>}`` from v1's expression and positional values (None: refused)."""
    expression = str(entry.get("expression") or "").lower()
    if expression not in EXPRESSIONS:
        recorder.refused(sub, f"expression {entry.get('expression')!r} is not a v1 expression")
        return None
    allowed = _SAMPLING[kind]
    if "random" not in allowed and expression not in allowed:
        recorder.refused(sub, f"{kind} sampling takes only {', '.join(allowed)} (v1 refuses it too)")
        return None
    values = entry.get("values")
    values = list(values) if isinstance(values, list) else [values]
    fields = EXPRESSIONS[expression]
    if expression == "choice":
        values = values[0] if len(values) == 1 and isinstance(values[0], list) else values
        return {"type": "choice", "values": values}
    if len(values) != len(fields):
        recorder.refused(sub, f"{expression} takes {len(fields)} values ({', '.join(fields)})")
        return None
    return {"type": expression, **dict(zip(fields, values, strict=True))}


def _objective(recorder: Recorder, data: dict[str, Any], sweep: dict[str, Any]) -> None:
    goal = str(data.get("primary_metric_goal") or "").lower()
    metric = data.get("primary_metric_name")
    if goal not in ("maximize", "minimize") or not metric:
        where = "/primary_metric_goal" if "primary_metric_goal" in data else ""
        recorder.refused(where, "primary_metric_name and primary_metric_goal (Maximize or Minimize) are required")
        return
    sweep["objective"] = {"goal": goal, "primary_metric": str(metric)}
    recorder.transformed("/primary_metric_goal", "/objective/goal", "lower-cased")
    recorder.mapped("/primary_metric_name", "/objective/primary_metric")


def _policy(recorder: Recorder, data: dict[str, Any], sweep: dict[str, Any]) -> None:
    policy = data.get("policy")
    if not isinstance(policy, dict):
        if "policy" in data:
            recorder.mapped("/policy", None)
        else:
            recorder.finding("SL401", "no policy: the v1 CLI needs the key; read as no early termination", "")
        return
    kind = POLICIES.get(str(policy.get("type") or "default").lower())
    if kind is None:
        recorder.refused("/policy/type", f"policy type {policy.get('type')!r} is not a v1 early-termination policy")
        return
    if not kind:
        recorder.transformed("/policy", "/limits", "no early termination")
        return
    if sweep.get("sampling_algorithm") == "bayesian":
        recorder.refused("/policy/type", "bayesian sampling takes no early-termination policy (v1 refuses it too)")
        return
    out: dict[str, Any] = {"type": kind}
    interval = policy.get("evaluation_interval")
    out["evaluation_interval"] = 1 if interval is None else interval
    delay = policy.get("delay_evaluation")
    out["delay_evaluation"] = 0 if delay is None else delay
    recorder.transformed("/policy/type", "/early_termination/type", "v2 policy name")
    _policy_fields(recorder, policy, kind, out)
    sweep["early_termination"] = out


def _policy_fields(recorder: Recorder, policy: dict[str, Any], kind: str, out: dict[str, Any]) -> None:
    """The policy's fields: the ones every policy has, then its own (some required), then the ones v1 did not read."""
    for key in ("evaluation_interval", "delay_evaluation"):
        if key in policy:
            recorder.mapped(join("/policy", key), f"/early_termination/{key}")
    for key in _POLICY_FIELDS[kind]:
        if policy.get(key) is not None:
            out[key] = policy[key]
            recorder.mapped(join("/policy", key), f"/early_termination/{key}")
    if kind == "bandit" and "slack_factor" not in out and "slack_amount" not in out:
        recorder.refused("/policy", "a bandit policy needs slack_factor or slack_amount (v1 refuses it too)")
    if kind == "truncation_selection" and "truncation_percentage" not in out:
        recorder.refused("/policy", "a truncation selection policy needs truncation_percentage (v1 refuses it too)")
    for key, value in policy.items():
        sub = join("/policy", key)
        if recorder.covered(sub):
            continue
        if value is None:
            recorder.mapped(sub, None)
        else:
            recorder.dropped(sub, f"policy field {key} is not read for {policy.get('type')}")


def _limits(recorder: Recorder, data: dict[str, Any], sweep: dict[str, Any], run_limits: dict[str, Any]) -> None:
    total = data.get("max_total_runs")
    if not isinstance(total, int) or isinstance(total, bool) or total < 1:
        recorder.refused("/max_total_runs" if "max_total_runs" in data else "", "max_total_runs (a positive number) is required")
        return
    limits: dict[str, Any] = {"max_total_trials": total}
    recorder.mapped("/max_total_runs", "/limits/max_total_trials")
    concurrent = recorder.field(data, "/max_concurrent_runs", INTEGER)
    limits["max_concurrent_trials"] = total if concurrent is None else concurrent
    if "max_concurrent_runs" in data:
        recorder.mapped("/max_concurrent_runs", "/limits/max_concurrent_trials")
    minutes = recorder.field(data, "/max_duration_minutes", NUMBER)
    limits["timeout"] = int((10080 if minutes is None else minutes) * 60)
    if "max_duration_minutes" in data:
        recorder.transformed("/max_duration_minutes", "/limits/timeout", "minutes -> seconds")
    if "timeout" in run_limits:
        limits["trial_timeout"] = run_limits["timeout"]
    sweep["limits"] = limits
