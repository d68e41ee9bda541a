"""Azure ML v2 jobs and components.

Jobs and components share `type:` values: jobs carry experiment_name/compute/bound inputs, components
is_deterministic/version/declared inputs (what the SDK's schemas give every job and every component,
azure/ai/ml/_schema/...). A `$schema` names a job or a component; `type:` says which one, as the SDK's loaders do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from speclift.spectypes.record import BOUND, DECLARED, Rule, SpecType, azureml_v2, merge, weights

JOB = weights(
    {
        4: ("experiment_name",),
        3: (BOUND, "services"),
        2: ("compute", "environment_variables", "queue_settings", "notification_setting"),
        1: ("identity", "status", "properties"),
    }
)
COMPONENT = {"is_deterministic": 5, DECLARED: 3, "version": 2, "additional_includes": 3}

# What a job and a component of the same type both have.
_COMMAND = {"command": 3, "environment": 1, "code": 1, "distribution": 1, "resources": 1}
_SPARK = {"entry": 1, "conf": 1}
_PARALLEL = {"task": 1}


def _job(kind: str, title: str, signs: Mapping[str, int], *, node_only: str | None = None, **rule: Any) -> SpecType:
    """The job of `type: <kind>`, weighed on what every job has and ``signs``; ``rule``: the rest of its :class:`Rule`."""
    return azureml_v2(f"{kind}-job", title, Rule(merge(JOB, signs), types=(kind,), **rule), category="job", node_only=node_only)


def _component(kind: str, title: str, signs: Mapping[str, int], **rule: Any) -> SpecType:
    """The component of `type: <kind>`, weighed on what every component has and ``signs``."""
    name = kind.replace("_", "-") + "-component"
    return azureml_v2(name, title, Rule(merge(COMPONENT, signs), types=(kind,), **rule), category="component")


# `az ml job create` answers "Unsupported job type: parallel": parallel jobs exist only as pipeline nodes.
_PARALLEL_NODE = "a parallel job runs only as a node under `jobs:` of a pipeline job (or as a parallel component)"

# What only a job of its type has.
_SWEEP = {"trial": 3, "search_space": 3, "objective": 2, "sampling_algorithm": 3, "early_termination": 2}
_PIPELINE = {"jobs": 1, "settings": 1, "settings.default_compute": 3, "settings.default_datastore": 2}
_AUTOML = {"task": 2, "primary_metric": 2, "training_data": 2, "target_column_name": 2}

RECORDS = (
    _job("command", "Azure ML command job", merge(_COMMAND, limits=1), requires=("command",), words=("job",)),
    _job("sweep", "Azure ML sweep job", _SWEEP, any_of=("trial", "search_space"), words=("sweep",)),
    _job("pipeline", "Azure ML pipeline job", _PIPELINE, any_of=("jobs", "component"), words=("job",)),
    _job("automl", "Azure ML AutoML job", _AUTOML, untyped=False),
    _job("spark", "Azure ML Spark job", _SPARK, untyped=False, words=("job",)),
    _job("parallel", "Azure ML parallel job", _PARALLEL, node_only=_PARALLEL_NODE, untyped=False, words=("job",)),
    _component("command", "Azure ML command component", _COMMAND, requires=("command",), words=("component",)),
    _component("pipeline", "Azure ML pipeline component", {"jobs": 1}, untyped=False, requires=("jobs",), words=("component",)),
    _component("parallel", "Azure ML parallel component", _PARALLEL, untyped=False, words=("component",)),
    _component("spark", "Azure ML Spark component", _SPARK, untyped=False, words=("component",)),
    _component("data_transfer", "Azure ML data transfer component", {"task": 2, "data_copy_mode": 2}, untyped=False),
)
