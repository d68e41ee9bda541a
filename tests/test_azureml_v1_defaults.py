"""The table of v1 defaults (speclift/converters/azureml_v1/v1_defaults.py) is what the converters write: an AKS
deployment configuration that leaves every key out gets v1's value for each field where v2's default differs."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from speclift.conversion.engine import convert_text
from speclift.converters.azureml_v1 import v1_defaults


def _deployment(text: str, options: dict[str, Any]) -> dict[str, Any]:
    result = convert_text(text, "dc.yml", {"azureml/v1/deployment-config": options})
    deployment: dict[str, Any] = yaml.safe_load(result.outputs[1].text)
    return deployment


def _at(document: dict[str, Any], dotted: str) -> Any:
    value: Any = document
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


@pytest.mark.parametrize("kubernetes", [False, True])
def test_an_aks_deployment_gets_v1s_defaults_where_v2s_differ(kubernetes: bool) -> None:
    deployment = _deployment("computeType: AKS\n", {"kubernetes": kubernetes})
    checked = 0
    for record in v1_defaults.DEFAULTS:
        if record.spec != "AKS deployment" or not record.differs or not isinstance(record.v1, int | float):
            continue
        if record.field.startswith("resources.") or record.field.startswith("scale_settings."):
            if not kubernetes:
                continue  # a managed deployment has a VM size and Azure Monitor autoscaling instead
            expected: Any = {"resources.requests.cpu": "0.1", "resources.requests.memory": "512Mi"}.get(record.field, record.v1)
        else:
            expected = record.v1
        assert _at(deployment, record.field) == expected, record.key
        checked += 1
    assert checked == (6 if kubernetes else 3)


def test_every_record_names_its_v1_source() -> None:
    for record in v1_defaults.DEFAULTS:
        assert record.source.startswith(("azureml-core `azureml/", "azureml-pipeline-core `azureml/")), record.key
        assert record.key and record.field and record.spec


def test_the_readme_table_lists_the_differing_defaults_first() -> None:
    rows = v1_defaults.table().splitlines()[2:]
    assert len(rows) == len(v1_defaults.DEFAULTS)
    differing = sum(record.differs for record in v1_defaults.DEFAULTS)
    assert all("`scoringTimeoutMs`" not in row for row in rows[differing:])
