"""The declared fields of the v1-SDK check for deployments, inference configurations, environments and schedules
(see v1_sdk_table.py).
"""

from __future__ import annotations

from v1_sdk_fields import (
    DATA,
    DC,
    DEP,
    DS,
    ENV,
    ENVO,
    EP,
    IC,
    MISSING,
    SCH,
    SCHO,
    Field,
    abspath,
    compute,
    conda_set,
    fits,
    get,
    known,
    kubernetes_size,
    strings,
    v1_auth,
    v1_conda,
    v1_dataset_paths,
    v1_image,
    v1_table_reading,
    v2_data_paths,
    v2_image,
    v2_table_reading,
)

SERVICE_FIELDS: list[Field] = [
    # deployment configurations -> managed online endpoint + deployment
    Field(
        DC,
        EP,
        "auth",
        lambda v, _: v1_auth(v),
        lambda e, r, _: e.get("auth_mode"),
        "token auth -> aml_token, auth -> key, else none",
    ),
    Field(
        DC,
        EP,
        "compute",
        lambda v, _: compute(v.get("compute_target_name")) if "compute_target_name" in v else MISSING,
        lambda e, r, _: compute(e.get("compute")),
        "AKS computeTargetName (the CLI's --ct is not in the file) vs a Kubernetes endpoint's compute; ACI: none",
    ),
    Field(
        DC,
        DEP,
        "instance type",
        lambda v, _: (v.get("cpu_cores"), v.get("memory_gb")),
        lambda e, r, _: kubernetes_size(e),
        "v1 cores and memory vs the v2 VM size's (VM_SIZES), or a Kubernetes deployment's resource requests",
        compare=fits,
    ),
    Field(
        DC,
        DEP,
        "instance count",
        lambda v, _: v.get("num_replicas") or v.get("autoscale_min_replicas") or 1,
        lambda e, r, _: e.get("instance_count"),
        "numReplicas, else autoscale minReplicas, else 1",
    ),
    Field(
        DC,
        DEP,
        "autoscale max instances",
        lambda v, _: (
            MISSING if "autoscale_enabled" not in v else v.get("autoscale_max_replicas") if v.get("autoscale_enabled") else None
        ),
        lambda e, r, _: get(e, "scale_settings.max_instances"),
        "AKS autoscaler maxReplicas when autoscaling",
    ),
    Field(
        DC,
        DEP,
        "request timeout",
        lambda v, _: known(v, "scoring_timeout_ms"),
        lambda e, r, _: get(e, "request_settings.request_timeout_ms", 5000),
        "milliseconds; v2 default 5000",
    ),
    Field(
        DC,
        DEP,
        "max concurrent requests",
        lambda v, _: known(v, "replica_max_concurrent_requests"),
        lambda e, r, _: get(e, "request_settings.max_concurrent_requests_per_instance", 1),
        "per instance; v2 default 1",
    ),
    Field(
        DC,
        DEP,
        "max queue wait",
        lambda v, _: known(v, "max_request_wait_time"),
        lambda e, r, _: get(e, "request_settings.max_queue_wait_ms", 500),
        "milliseconds; v2 default 500",
    ),
    Field(
        DC,
        DEP,
        "liveness probe",
        lambda v, _: (
            MISSING
            if "period_seconds" not in v
            else [
                v.get(k)
                for k in ("period_seconds", "initial_delay_seconds", "timeout_seconds", "success_threshold", "failure_threshold")
            ]
        ),
        lambda e, r, _: [
            get(e, f"liveness_probe.{k}", d)
            for k, d in (
                ("period", 10),
                ("initial_delay", 10),
                ("timeout", 2),
                ("success_threshold", 1),
                ("failure_threshold", 30),
            )
        ],
        "[period, initial delay, timeout, success, failure]; v2 defaults 10, 10, 2, 1, 30; ACI has no probe (not compared)",
    ),
    Field(
        DC,
        DEP,
        "app insights",
        lambda v, _: bool(v.get("enable_app_insights")),
        lambda e, r, _: bool(e.get("app_insights_enabled")),
        "booleans",
    ),
    # inference configurations -> deployment
    Field(
        IC,
        DEP,
        "scoring script",
        lambda v, base: abspath(base, v.get("source_directory"), v.get("entry_script")),
        lambda e, r, base: abspath(base, get(e, "code_configuration.code"), get(e, "code_configuration.scoring_script")),
        "absolute path: sourceDirectory/entryScript against the file's folder vs code/scoring_script against the output's",
    ),
    Field(
        IC,
        DEP,
        "image",
        lambda v, _: v1_image(v.get("environment")),
        lambda e, r, _: v2_image(e.get("environment")),
        "the environment v1 built for the service",
    ),
    Field(
        IC,
        DEP,
        "conda dependencies",
        lambda v, _: v1_conda(v.get("environment")),
        lambda e, r, _: conda_set(
            (e.get("environment") or {}).get("conda_file") if isinstance(e.get("environment"), dict) else None
        ),
        "sorted packages",
    ),
    Field(
        IC,
        DEP,
        "environment variables",
        lambda v, _: strings(get(v, "environment.environmentVariables")),
        lambda e, r, _: strings(e.get("environment_variables")),
        "the environment's variables vs the deployment's",
    ),
    # environment definitions -> environment
    Field(ENV, ENVO, "image", lambda v, _: v1_image(v), lambda e, r, _: v2_image(e), "docker.baseImage vs image"),
    Field(
        ENV,
        ENVO,
        "name and version",
        lambda v, _: [v.get("name"), v.get("version")],
        lambda e, r, _: [e.get("name"), e.get("version")],
        "[name, version] as registered; v1 leaves the version to the service when the file has none",
    ),
    Field(
        ENV,
        ENVO,
        "conda dependencies",
        lambda v, _: v1_conda(v),
        lambda e, r, _: conda_set(e.get("conda_file")),
        "sorted packages",
    ),
    # dataset definitions -> data asset
    Field(
        DS,
        DATA,
        "name, description and tags",
        lambda v, _: [v.get("name"), v.get("description"), v.get("tags") or {}],
        lambda e, r, _: [e.get("name"), e.get("description"), e.get("tags") or {}],
        "registration name, description, tags",
    ),
    Field(
        DS,
        DATA,
        "type",
        lambda v, _: {"FileDataset": "files", "TabularDataset": "table"}.get(str(v.get("type"))),
        lambda e, r, _: {"uri_folder": "files", "uri_file": "files", "mltable": "table"}.get(str(e.get("type"))),
        "File -> uri_folder or uri_file (v1 does not say which), Tabular -> mltable",
    ),
    Field(
        DS,
        DATA,
        "paths",
        lambda v, _: v1_dataset_paths(v),
        lambda e, r, _: v2_data_paths(e),
        "sorted, datastore paths as azureml://datastores/<name>/paths/<path>; an mltable's from its MLTable file",
    ),
    Field(
        DS,
        DATA,
        "delimited reading",
        lambda v, _: v1_table_reading(v),
        lambda e, r, _: v2_table_reading(e),
        "[delimiter, header mode, path column kept] from the SDK's blocks vs the MLTable's read_delimited",
    ),
    # schedules -> schedule
    Field(
        SCH,
        SCHO,
        "recurrence",
        lambda v, _: [str(get(v, "recurrence.frequency")).lower(), get(v, "recurrence.interval")],
        lambda e, r, _: [str(get(e, "trigger.frequency")).lower(), get(e, "trigger.interval")],
        "[frequency, interval]",
    ),
    Field(
        SCH,
        SCHO,
        "time zone",
        lambda v, _: get(v, "recurrence.time_zone") or "UTC",
        lambda e, r, _: get(e, "trigger.time_zone") or "UTC",
        "v1 ScheduleRecurrence: UTC when none is given; v2: UTC when none is given",
    ),
    Field(
        SCH,
        SCHO,
        "start time",
        lambda v, _: get(v, "recurrence.start_time"),
        lambda e, r, _: get(e, "trigger.start_time"),
        "as text",
    ),
    Field(
        SCH,
        SCHO,
        "hours, minutes and week days",
        lambda v, _: [
            get(v, "recurrence.hours"),
            get(v, "recurrence.minutes"),
            [str(d).lower() for d in get(v, "recurrence.week_days") or []] or None,
        ],
        lambda e, r, _: [
            get(e, "trigger.schedule.hours"),
            get(e, "trigger.schedule.minutes"),
            [str(d).lower() for d in get(e, "trigger.schedule.week_days") or []] or None,
        ],
        "[hours, minutes, week days lower case]; v1 time_of_day is already hours + minutes in the SDK object",
    ),
]
