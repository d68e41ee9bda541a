"""The declared table of the v1-SDK differential check (v1_sdk_check.py): one Field per compared value.

Each record names the v1 source kind, the v2 output it is read from, the field, the v1 accessor, the v2 accessor
and, in words, the normalisation (the functions are in v1_sdk_fields.py). Only the standard library.
"""

from __future__ import annotations

from v1_sdk_fields import (
    MISSING,
    VM_SIZES,
    Field,
    abspath,
    compute,
    conda_set,
    fits,
    get,
    job_command,
    job_env,
    known,
    runconfig_command,
    strings,
    v1_auth,
    v1_conda,
    v1_distribution,
    v1_image,
    v1_inputs,
    v1_outputs,
    v1_parameters,
    v1_policy,
    v1_processes,
    v1_space,
    v1_step_command,
    v1_step_modes,
    v1_steps,
    v2_image,
    v2_inputs,
    v2_node_modes,
    v2_nodes,
    v2_outputs,
    v2_parameters,
    v2_policy,
    v2_space,
    v2_tokens,
)

# --------------------------------------------------------------------------------------------------- the table

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

FIELDS: list[Field] = [
    # run configurations -> command job
    Field(
        RC,
        JOB,
        "command and arguments",
        lambda v, _: runconfig_command(v),
        lambda e, r, _: v2_tokens(job_command(e)),
        "v1 `command`, else python + script + arguments; data bindings as <inputs.x>/<outputs.x>; shlex tokens",
    ),
    Field(
        RC,
        JOB,
        "image",
        lambda v, _: v1_image(v.get("environment")),
        lambda e, r, _: v2_image(job_env(e)),
        "environment.docker.baseImage (a Dockerfile as <dockerfile>) vs environment.image / build",
    ),
    Field(
        RC,
        JOB,
        "conda dependencies",
        lambda v, _: v1_conda(v.get("environment")),
        lambda e, r, _: conda_set((job_env(e) or {}).get("conda_file")),
        "conda and pip packages as a sorted list; userManagedDependencies -> none",
    ),
    Field(
        RC,
        JOB,
        "environment variables",
        lambda v, _: {**strings(get(v, "environment.environmentVariables")), **strings(v.get("environmentVariables"))},
        lambda e, r, _: strings(e.get("environment_variables")),
        "the environment's and the run's variables, values as text",
    ),
    Field(
        RC,
        JOB,
        "node count",
        lambda v, _: v.get("nodeCount") or 1,
        lambda e, r, _: get(e, "resources.instance_count", 1),
        "nodeCount vs resources.instance_count (both default 1)",
    ),
    Field(
        RC,
        JOB,
        "distribution",
        lambda v, _: v1_distribution(v),
        lambda e, r, _: get(e, "distribution.type"),
        "communicator (Mpi/IntelMpi/OpenMpi, ParameterServer, Nccl/Gloo), else framework -> mpi/tensorflow/pytorch",
    ),
    Field(
        RC,
        JOB,
        "process count per node",
        lambda v, _: v1_processes(v),
        lambda e, r, _: get(e, "distribution.process_count_per_instance"),
        "mpi.processCountPerNode, or pytorch.processCount / nodeCount",
    ),
    Field(RC, JOB, "timeout", lambda v, _: v.get("maxRunDurationSeconds"), lambda e, r, _: get(e, "limits.timeout"), "seconds"),
    Field(
        RC,
        JOB,
        "compute",
        lambda v, _: compute(v.get("target")),
        lambda e, r, _: compute(e.get("compute")),
        "target without azureml:",
    ),
    Field(
        RC,
        JOB,
        "shared memory",
        lambda v, _: (
            get(v, "docker.shmSize")
            if get(v, "docker.shmSize") not in (None, "2g")
            else get(v, "environment.docker.shmSize", "2g")
        ),
        lambda e, r, _: get(e, "resources.shm_size", "2g"),
        "the run's docker.shmSize over the environment's; v2 default 2g",
    ),
    Field(
        RC,
        JOB,
        "data inputs",
        lambda v, _: v1_inputs(v),
        lambda e, r, _: v2_inputs(e.get("inputs")),
        "per input: [mode, path]; mount -> ro_mount; dataset name:version -> azureml:name:version; datapath -> azureml://datastores/...",
    ),
    Field(
        RC,
        JOB,
        "data outputs",
        lambda v, _: v1_outputs(v),
        lambda e, r, _: v2_outputs(e.get("outputs")),
        "per output: [mode, path]; mount -> rw_mount",
    ),
    # HyperDrive -> sweep job (the trial comes from -c on the command line, not from the file)
    Field(
        HD,
        SWEEP,
        "search space",
        lambda v, _: v1_space(v),
        lambda e, r, _: v2_space(r),
        "the service payload of both SDKs: [expression, args], names without leading dashes, - -> _",
    ),
    Field(
        HD,
        SWEEP,
        "sampling",
        lambda v, _: str(get(v, "generator_config.name")).lower().replace("bayesianoptimization", "bayesian"),
        lambda e, r, _: str(get(r, "properties.samplingAlgorithm.samplingAlgorithmType")).lower(),
        "lower case",
    ),
    Field(
        HD,
        SWEEP,
        "termination policy",
        lambda v, _: v1_policy(v),
        lambda e, r, _: v2_policy(e),
        "type + settings, zero slack left out; NoTerminationPolicy -> none",
    ),
    Field(
        HD,
        SWEEP,
        "primary metric",
        lambda v, _: [get(v, "primary_metric_config.name"), str(get(v, "primary_metric_config.goal")).lower()],
        lambda e, r, _: [get(e, "objective.primary_metric"), str(get(e, "objective.goal")).lower()],
        "[name, goal]",
    ),
    Field(
        HD,
        SWEEP,
        "max total trials",
        lambda v, _: v.get("max_total_runs"),
        lambda e, r, _: get(e, "limits.max_total_trials"),
        "as is",
    ),
    Field(
        HD,
        SWEEP,
        "max concurrent trials",
        lambda v, _: v.get("max_concurrent_runs"),
        lambda e, r, _: get(e, "limits.max_concurrent_trials"),
        "as is",
    ),
    Field(
        HD,
        SWEEP,
        "timeout",
        lambda v, _: (v.get("max_duration_minutes") or 10080) * 60,
        lambda e, r, _: get(e, "limits.timeout"),
        "max_duration_minutes x 60 (HyperDriveConfig's default 10080 when the file has none)",
    ),
    # pipelines -> pipeline job, step by step
    Field(
        PL,
        PIPE,
        "default compute",
        lambda v, _: compute(v.get("default_compute")),
        lambda e, r, _: compute(get(e, "settings.default_compute")),
        "without azureml:",
    ),
    Field(
        PL,
        PIPE,
        "step command",
        lambda v, _: v1_steps(v, v1_step_command),
        lambda e, r, _: v2_nodes(e, lambda n: v2_tokens(job_command(n))),
        "per step: python + script_name + arguments, bindings as <inputs.x>/<outputs.x>",
    ),
    Field(
        PL,
        PIPE,
        "step compute",
        lambda v, _: v1_steps(v, lambda s: compute(s.get("compute_target"))),
        lambda e, r, _: v2_nodes(e, lambda n: compute(n.get("compute")) or compute(get(e, "settings.default_compute"))),
        "per step: compute_target (the parser gives default_compute) vs the node's compute, else the pipeline's default",
    ),
    Field(
        PL,
        PIPE,
        "step input modes",
        lambda v, _: v1_steps(v, lambda s: v1_step_modes(s, "inputs")),
        lambda e, r, _: v2_nodes(e, lambda n: v2_node_modes(n, "inputs")),
        "per step and input: bind_mode (mount -> ro_mount); only v1's data inputs",
        v1_keys_only=True,
    ),
    Field(
        PL,
        PIPE,
        "step output modes",
        lambda v, _: v1_steps(v, lambda s: v1_step_modes(s, "outputs")),
        lambda e, r, _: v2_nodes(e, lambda n: v2_node_modes(n, "outputs")),
        "per step and output: bind_mode (mount -> rw_mount)",
    ),
    Field(
        PL,
        PIPE,
        "step parameters",
        lambda v, _: v1_steps(v, v1_parameters),
        lambda e, r, _: v2_nodes(e, v2_parameters),
        "per step: v1 exposes each parameter as the variable AML_PARAMETER_<name>",
    ),
    Field(
        PL,
        PIPE,
        "step image",
        lambda v, _: v1_steps(v, lambda s: MISSING if s.get("runconfig_stood_in") else v1_image(get(s, "runconfig.environment"))),
        lambda e, r, _: v2_nodes(e, lambda n: v2_image(job_env(n))),
        "per step: the run configuration's base image (not compared when the file is missing from the tree)",
    ),
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
        DEP,
        "instance type",
        lambda v, _: (v.get("cpu_cores"), v.get("memory_gb")),
        lambda e, r, _: VM_SIZES.get(str(e.get("instance_type"))),
        "v1 cores and memory vs the v2 VM size's (VM_SIZES)",
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
        "conda dependencies",
        lambda v, _: v1_conda(v),
        lambda e, r, _: conda_set(e.get("conda_file")),
        "sorted packages",
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
