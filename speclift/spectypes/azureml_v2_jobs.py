"""Azure ML v2 jobs and components.

Jobs and components share `type:` values: jobs carry experiment_name/compute/bound inputs, components
is_deterministic/version/declared inputs (what the SDK's schemas give every job and every component,
azure/ai/ml/_schema/...). A `$schema` names a job or a component; `type:` says which one, as the SDK's loaders do.
"""

from __future__ import annotations

from speclift.spectypes.record import BOUND, DECLARED, Rule, SpecType, merge

_AZ = "azureml/v2/"

JOB = {
    "experiment_name": 4,
    "compute": 2,
    BOUND: 3,
    "services": 3,
    "identity": 1,
    "environment_variables": 2,
    "queue_settings": 2,
    "notification_setting": 2,
    "status": 1,
    "properties": 1,
}
COMPONENT = {"is_deterministic": 5, DECLARED: 3, "version": 2, "additional_includes": 3}

RECORDS = (
    SpecType(
        _AZ + "command-job",
        "Azure ML command job",
        schema_names=("commandjob",),
        category="job",
        rules=(
            Rule(
                merge(JOB, command=3, environment=1, code=1, limits=1, distribution=1, resources=1),
                types=("command",),
                requires=("command",),
                words=("job",),
            ),
        ),
    ),
    SpecType(
        _AZ + "sweep-job",
        "Azure ML sweep job",
        schema_names=("sweepjob",),
        category="job",
        rules=(
            Rule(
                merge(JOB, trial=3, search_space=3, objective=2, sampling_algorithm=3, early_termination=2),
                types=("sweep",),
                any_of=("trial", "search_space"),
                words=("sweep",),
            ),
        ),
    ),
    SpecType(
        _AZ + "pipeline-job",
        "Azure ML pipeline job",
        schema_names=("pipelinejob",),
        category="job",
        rules=(
            Rule(
                merge(JOB, jobs=1, settings=1, **{"settings.default_compute": 3, "settings.default_datastore": 2}),
                types=("pipeline",),
                any_of=("jobs", "component"),
                words=("job",),
            ),
        ),
    ),
    SpecType(
        _AZ + "automl-job",
        "Azure ML AutoML job",
        schema_names=("automljob",),
        category="job",
        rules=(
            Rule(
                merge(JOB, task=2, primary_metric=2, training_data=2, target_column_name=2),
                types=("automl",),
                untyped=False,
            ),
        ),
    ),
    SpecType(
        _AZ + "spark-job",
        "Azure ML Spark job",
        schema_names=("sparkjob",),
        category="job",
        rules=(Rule(merge(JOB, entry=1, conf=1), types=("spark",), untyped=False, words=("job",)),),
    ),
    SpecType(
        _AZ + "parallel-job",
        "Azure ML parallel job",
        # `az ml job create` answers "Unsupported job type: parallel": parallel jobs exist only as pipeline nodes.
        node_only="a parallel job runs only as a node under `jobs:` of a pipeline job (or as a parallel component)",
        schema_names=("paralleljob",),
        category="job",
        rules=(Rule(merge(JOB, task=1), types=("parallel",), untyped=False, words=("job",)),),
    ),
    SpecType(
        _AZ + "command-component",
        "Azure ML command component",
        schema_names=("commandcomponent",),
        category="component",
        rules=(
            Rule(
                merge(COMPONENT, command=3, environment=1, code=1, distribution=1, resources=1),
                types=("command",),
                requires=("command",),
                words=("component",),
            ),
        ),
    ),
    SpecType(
        _AZ + "pipeline-component",
        "Azure ML pipeline component",
        schema_names=("pipelinecomponent",),
        category="component",
        rules=(Rule(merge(COMPONENT, jobs=1), types=("pipeline",), untyped=False, requires=("jobs",), words=("component",)),),
    ),
    SpecType(
        _AZ + "parallel-component",
        "Azure ML parallel component",
        schema_names=("parallelcomponent",),
        category="component",
        rules=(Rule(merge(COMPONENT, task=1), types=("parallel",), untyped=False, words=("component",)),),
    ),
    SpecType(
        _AZ + "spark-component",
        "Azure ML Spark component",
        schema_names=("sparkcomponent",),
        category="component",
        rules=(Rule(merge(COMPONENT, entry=1, conf=1), types=("spark",), untyped=False, words=("component",)),),
    ),
    SpecType(
        _AZ + "data-transfer-component",
        "Azure ML data transfer component",
        schema_names=("datatransfercomponent",),
        category="component",
        rules=(Rule(merge(COMPONENT, task=2, data_copy_mode=2), types=("data_transfer",), untyped=False),),
    ),
)
