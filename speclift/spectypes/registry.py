"""The registry: every spec type, by id, in the order the documentation lists them; and the order detection by keys
ranks their rules in."""

from __future__ import annotations

from speclift.spectypes import (
    azureml_v2_assets,
    azureml_v2_jobs,
    azureml_v2_workspace,
    legacy,
    mlflow,
    polyaxon,
    polyaxon_deploy,
    studio_classic,
)
from speclift.spectypes.record import AZUREML_V2, Rule, SpecType


def _index(*families: tuple[SpecType, ...]) -> dict[str, SpecType]:
    registry: dict[str, SpecType] = {}
    for records in families:
        for spec in records:
            if spec.id in registry:
                raise ValueError(f"spec type {spec.id} is registered twice")
            registry[spec.id] = spec
    return registry


SPEC_TYPES: dict[str, SpecType] = _index(
    azureml_v2_jobs.RECORDS,
    azureml_v2_assets.RECORDS,
    azureml_v2_workspace.RECORDS,
    polyaxon.RECORDS,
    polyaxon_deploy.RECORDS,
    legacy.RECORDS,
    mlflow.RECORDS,
    studio_classic.RECORDS,
)


def _v2(*names: str) -> tuple[str, ...]:
    return tuple(AZUREML_V2 + name for name in names)


# Where each type's rules rank when detection by keys finds equal scores and no file-name word decides: the one
# listed first wins.
DETECTION_ORDER: tuple[str, ...] = (
    # A job before the component of the same `type:`: without either's telltale keys, `az ml job create` is the default.
    *_v2("command-job", "command-component", "sweep-job", "pipeline-job", "pipeline-component", "automl-job"),
    *_v2("spark-job", "spark-component", "parallel-job", "parallel-component", "data-transfer-component"),
    *_v2("environment", "model", "data", "data-import", "model-package"),
    # Deployments and endpoints, then the workspace and its resources.
    *_v2("managed-online-deployment", "kubernetes-online-deployment", "batch-deployment", "model-batch-deployment"),
    *_v2("pipeline-component-batch-deployment", "managed-online-endpoint", "kubernetes-online-endpoint", "batch-endpoint"),
    *_v2("schedule", "workspace", "registry", "connection"),
    *(spec.id for spec in azureml_v2_workspace.COMPUTES + azureml_v2_workspace.DATASTORES),
    # A Polyaxon deployment config with no version-only key reads the same to 1.x and 2.x: the current 2.x wins.
    polyaxon_deploy.V2,
    polyaxon_deploy.V1,
    # Old formats last, in their module's order.
    *(spec.id for spec in legacy.RECORDS),
    *(spec.id for spec in mlflow.RECORDS),
    *(spec.id for spec in studio_classic.RECORDS),
)


def ranked_rules() -> tuple[tuple[SpecType, Rule], ...]:
    """Every detection rule with its spec type, in DETECTION_ORDER (a type's own rules in the order it lists them)."""
    with_rules = {spec.id for spec in SPEC_TYPES.values() if spec.rules}
    if set(DETECTION_ORDER) != with_rules or len(DETECTION_ORDER) != len(with_rules):
        raise ValueError(f"DETECTION_ORDER must name each type with rules once: {sorted(with_rules ^ set(DETECTION_ORDER))}")
    return tuple((SPEC_TYPES[spec_id], rule) for spec_id in DETECTION_ORDER for rule in SPEC_TYPES[spec_id].rules)


def get(spec_id: str) -> SpecType:
    """Look a type up by id, accepting the short name of a current type (``command-job``) as well."""
    if spec_id in SPEC_TYPES:
        return SPEC_TYPES[spec_id]
    for candidate in (AZUREML_V2 + spec_id, "polyaxon/v1/" + spec_id):
        if candidate in SPEC_TYPES:
            return SPEC_TYPES[candidate]
    raise KeyError(spec_id)


def short_name(spec: SpecType) -> str:
    """How reasons name a type: an Azure ML v2 type by its short name (``command-component``), others by id."""
    return spec.id.removeprefix(AZUREML_V2)
