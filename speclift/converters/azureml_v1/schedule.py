"""Azure ML v1 pipeline schedule YAML (``Schedule.load_yaml``, ``az ml pipeline create-schedule -y``) -> an az ml v2
schedule.

Keys are snake_case and case-sensitive, as v1 read them, under a top-level ``Schedule:``. A ``recurrence`` becomes a
recurrence ``trigger``: the frequency in v2's lower case, ``time_of_day: "HH:MM"`` as ``schedule: {hours: [HH],
minutes: [MM]}``, week days in v2's lower case; v1 and v2 know the same 131 Windows time zone names. v1 gave a
``start_time`` without ``time_zone`` the time zone UTC (``TimeZone.UTC``, v2's default too); it is written out.
A v2 recurrence schedule needs both hours and minutes: when v1 gave only one of them (or only week days), the other
is taken from the start time, else 0 (SL401). ``pipeline_parameters`` become ``create_job.inputs`` (named as the
pipeline converter names pipeline inputs), ``continue_on_step_failure`` ``create_job.settings``.

v1 schedules run a published pipeline given on the command line (``--pipeline-id``); the v2 schedule runs a pipeline
job file or a job reference: the ``pipeline-job`` option (default ``./pipeline.yml``, with an SL401 finding). The
name comes from the ``schedule-name`` option (v1's ``-n``), else from the file name. Datastore-polling schedules
(``datastore_name``, ``polling_interval``, ``data_path_parameter_name``, ``path_on_datastore``) are refused (SL404):
v2 schedules fire on a recurrence or a cron expression only, and polling at fixed times would submit the pipeline
whether or not data changed. ``wait_for_provisioning`` and ``wait_timeout`` are how the v1 SDK waited for the
schedule, not part of it (SL402).

Before (v1, ``nightly.yml``)::

    Schedule:
      description: Retrain every Monday and Thursday
      recurrence:
        frequency: Week
        interval: 1
        time_of_day: "02:30"
        week_days: [Monday, Thursday]
      pipeline_parameters: {epochs: 30}
      continue_on_step_failure: true

After (v2, ``--option pipeline-job=pipeline.v2.yml``)::

    $schema: https://azuremlschemas.azureedge.net/latest/schedule.schema.json
    name: nightly
    description: Retrain every Monday and Thursday
    trigger:
      type: recurrence
      frequency: week
      interval: 1
      schedule: {hours: [2], minutes: [30], week_days: [monday, thursday]}
    create_job:
      type: pipeline
      job: pipeline.v2.yml
      inputs: {epochs: 30}
      settings: {continue_on_step_failure: true}

Options: ``pipeline-job``, ``schedule-name``, ``data-reference-type``. Codes: SL401 approximated, SL402 no
equivalent, SL404 cannot convert, SL409 another spelling.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from speclift.conversion import Conversion, ConversionBuilder, ConvertContext
from speclift.converters import Option
from speclift.converters.azureml_v1.data_references import datastore_path, valid_name
from speclift.converters.azureml_v1.keys import Recorder, normalise
from speclift.converters.azureml_v1.options import OPTIONS as _SHARED
from speclift.converters.azureml_v1.schedule_trigger import convert_trigger
from speclift.converters.azureml_v1.suspicious import report_suspicious
from speclift.pointer import join
from speclift.yamlio import Document

SOURCE = "azureml/v1/schedule"
TARGETS = ("azureml/v2/schedule",)
SCHEMA = "https://azuremlschemas.azureedge.net/latest/schedule.schema.json"
DEFAULT_JOB = "./pipeline.yml"
OPTIONS: dict[str, Option] = {
    "pipeline-job": Option(
        "",
        "the pipeline job the schedule runs: the converted pipeline job file, relative to the output's folder, or an "
        "azureml:<job name> reference; default: ./pipeline.yml and a finding",
        doc="schedules only: the pipeline job the schedule runs (v1 named a published pipeline with `--pipeline-id`): "
        "the converted pipeline job file, relative to the output's folder, or `azureml:<job name>`",
        shown_default="`./pipeline.yml`, with a finding",
    ),
    "schedule-name": Option(
        "",
        "the schedule's name (v1's -n); default: derived from the file name",
        doc="schedules only: the schedule's `name` (v1's `-n`)",
        shown_default="from the file name",
    ),
    "data-reference-type": _SHARED["data-reference-type"],
}

# Schedule.load_yaml reads these keys (ScheduleYaml, ScheduleRecurrenceYaml) and ignores the others.
_KEYS = (
    "description",
    "recurrence",
    "pipeline_parameters",
    "wait_for_provisioning",
    "wait_timeout",
    "datastore_name",
    "polling_interval",
    "data_path_parameter_name",
    "continue_on_step_failure",
    "path_on_datastore",
)
_DATASTORE = ("datastore_name", "polling_interval", "data_path_parameter_name", "path_on_datastore")
_DATASTORE_TRIGGER = (
    "a datastore-change trigger ({}) has no v2 equivalent: v2 schedules fire on a recurrence or a cron expression only"
)
_EVENT_HINT = (
    "start the v2 pipeline job from a storage event, e.g. Event Grid with a Logic App or a Function, or write a "
    "recurrence schedule if running at fixed times is acceptable"
)


def schedule_name(options: Mapping[str, Any], path: str) -> str:
    """The option, else the file name as a v2 name: lower-case letters, digits, ``-`` and ``_``, a letter first."""
    given = str(options.get("schedule-name") or "")
    if given:
        return given
    stem = os.path.splitext(os.path.basename(path))[0].lower()
    name = re.sub(r"[^a-z0-9_-]+", "-", stem).strip("-_")
    name = name.lstrip("0123456789-_")[:254].rstrip("-_")
    return name or "pipeline-schedule"


def convert(document: Document, path: str, options: Mapping[str, Any], context: ConvertContext) -> Conversion:
    """Convert one v1 pipeline schedule; ``context`` tells whether the pipeline job file exists next to the output."""
    builder = ConversionBuilder(document, path, SOURCE)
    view = normalise(document.data, camel=False, aliases={}, user_names=(), verbatim=("pipeline_parameters",))
    rec = Recorder(builder, view, document, path)
    report_suspicious(rec)
    data = view.data if isinstance(view.data, dict) else {}
    key = "Schedule" if "Schedule" in data else next((str(k) for k in data if str(k).lower() == "schedule"), "")
    section = data.get(key) if key else None
    if not isinstance(section, dict):
        return _refuse(builder, 'a v1 schedule needs a "Schedule:" mapping', join("", key) if key else "")
    base = join("", key)
    if key != "Schedule":
        rec.finding("SL409", f'{key} is read as Schedule (Schedule.load_yaml requires "Schedule:")', base)
    polling = [k for k in _DATASTORE if section.get(k) is not None]
    if polling:
        return _refuse(builder, _DATASTORE_TRIGGER.format(", ".join(polling)), join(base, polling[0]), hint=_EVENT_HINT)
    if section.get("recurrence") is None:
        return _refuse(builder, "the schedule has neither recurrence nor datastore_name: it has no trigger", base)
    for other in data:
        if other != key:
            rec.dropped(join("", other), f"{other} is not read by Schedule.load_yaml (only Schedule: is)")
    out: dict[str, Any] = {"$schema": SCHEMA, "name": schedule_name(options, path)}
    if section.get("description") is not None:
        out["description"] = str(section["description"])
        rec.mapped(join(base, "description"), "/description")
    trigger = convert_trigger(rec, join(base, "recurrence"), section["recurrence"])
    out["trigger"] = trigger
    out["create_job"] = _create_job(rec, base, section, options, context)
    _rest_of_schedule(rec, base, section)
    if builder.has_refusal:
        return builder.build()
    builder.output("azureml/v2/schedule", out)
    return builder.build()


def _rest_of_schedule(rec: Recorder, base: str, section: dict[str, Any]) -> None:
    for name, value in section.items():
        sub = join(base, name)
        if rec.touched(sub):
            continue
        if name not in _KEYS:
            rec.dropped(sub, f"{name} is not read by Schedule.load_yaml")
        elif value is None:
            rec.mapped(sub, None)
        elif name == "wait_for_provisioning":
            rec.dropped(
                sub,
                "wait_for_provisioning is how the v1 SDK waited for the schedule, not part of it (az ml "
                "schedule create waits by default; --no-wait does not)",
            )
        elif name == "wait_timeout":
            rec.dropped(sub, "wait_timeout limited how long the v1 SDK waited for the schedule; v2 has no such field")


def _refuse(builder: ConversionBuilder, message: str, pointer: str, hint: str | None = None) -> Conversion:
    return builder.refuse(message, pointer, hint=hint)


def _create_job(
    rec: Recorder, base: str, section: dict[str, Any], options: Mapping[str, Any], context: ConvertContext
) -> dict[str, Any]:
    given = str(options.get("pipeline-job") or "")
    job: dict[str, Any] = {"type": "pipeline", "job": given or DEFAULT_JOB}
    if not given:
        rec.finding(
            "SL401",
            "v1 schedules run a published pipeline named on the command line (--pipeline-id); the v2 schedule runs "
            f"the pipeline job {DEFAULT_JOB}",
            base,
            hint="set the pipeline-job option to the converted pipeline job: a path relative to the output, or "
            "azureml:<job name>",
        )
    elif not given.startswith("azureml:") and not os.path.exists(os.path.join(context.output_dir, given)):
        rec.finding(
            "SL401",
            f"the pipeline job {given} is not in the output's folder yet",
            base,
            hint="convert the v1 pipeline to that path",
        )
    inputs = _parameters(rec, join(base, "pipeline_parameters"), section.get("pipeline_parameters"), options)
    if inputs:
        job["inputs"] = inputs
    flag = section.get("continue_on_step_failure")
    sub = join(base, "continue_on_step_failure")
    if isinstance(flag, bool):
        job["settings"] = {"continue_on_step_failure": flag}
        rec.mapped(sub, "/create_job/settings/continue_on_step_failure")
    elif isinstance(flag, str) and flag.lower() in ("true", "false"):
        job["settings"] = {"continue_on_step_failure": flag.lower() == "true"}
        rec.transformed(sub, "/create_job/settings/continue_on_step_failure", "the string as a boolean")
    elif isinstance(flag, str) and flag.lower() in ("none", "null", ""):
        rec.mapped(sub, None)  # the SDK's own example writes `None`: unset, the pipeline's setting applies
    elif flag is not None:
        rec.dropped(sub, f"continue_on_step_failure must be true or false, not {flag!r}")
    return job


def _parameters(rec: Recorder, base: str, parameters: Any, options: Mapping[str, Any]) -> dict[str, Any]:
    inputs: dict[str, Any] = {}
    if parameters is None:
        return inputs
    if not isinstance(parameters, dict):
        rec.dropped(base, "pipeline_parameters must be a mapping of parameter names to values")
        return inputs
    if not parameters:
        rec.mapped(base, None)
    for name, value in parameters.items():
        sub = join(base, name)
        key = valid_name(str(name))
        target = f"/create_job/inputs/{key}"
        if value is None:
            rec.mapped(sub, None)
            continue
        if isinstance(value, dict) and value.get("datastore") and "path_on_datastore" in value:
            inputs[key] = {
                "type": options["data-reference-type"],
                "path": datastore_path(value["datastore"], value["path_on_datastore"]),
            }
            rec.approximated(
                sub, target, f"v1 does not say file or folder; the datapath value became a {options['data-reference-type']} input"
            )
        elif isinstance(value, (str, int, float, bool)):
            inputs[key] = value
            rec.mapped(sub, target)
        else:
            rec.dropped(sub, f"pipeline parameter {name} is not a literal value or a datapath")
            continue
        if key != name:
            rec.finding("SL401", f"pipeline parameter {name} became the input {key} (as the pipeline converter names it)", sub)
    return inputs
