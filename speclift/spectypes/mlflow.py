"""MLflow Projects: the ``MLproject`` file MLflow reads from a project's folder (any case of the name).

MLflow still runs these projects; Azure Machine Learning retired them (September 2026) in favour of v2 jobs. So the
type is both validated (as MLflow 3.18 reads it) and converted (to an ``az ml`` command job and components, or to
a Polyaxon v1.1 component).
"""

from __future__ import annotations

from speclift.spectypes.record import Rule, SpecType, weights

MLPROJECT = SpecType(
    "mlflow/mlproject",
    "MLflow project file (MLproject)",
    legacy=True,
    validated=True,
    migrates_to="azureml/v2/command-job",
    rules=(
        Rule(
            weights({4: ("entry_points",), 2: ("conda_env", "python_env", "docker_env"), 1: ("name",)}),
            requires=("entry_points",),
            words=("mlproject",),
            what="MLflow project (entry_points)",
        ),
    ),
)

RECORDS = (MLPROJECT,)
