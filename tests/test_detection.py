"""Content detection: what spec a loaded YAML document is, with and without its `$schema` line.

The real-file corpus (../shared/corpus) gives the truth: an Azure ML v2 file's `$schema` names its type, so the same
document with the line removed must come out the same; the old-format folders hold nothing but their own format.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from speclift import spectypes, yamlio
from tests.conftest import CASES, ROOT

NOT_SPECS = sorted(p for p in (CASES / "detection" / "not-specs").iterdir() if p.is_file())
SCHEMA_FILES = sorted((CASES / "schema").glob("*/*.yml"))
_POLYAXON = {
    "polyaxon-component": "polyaxon/v1/component",
    "polyaxon-operation": "polyaxon/v1/operation",
    "polyaxon-v1-deployment": "polyaxon/v1/deployment",
    "polyaxon-v2-deployment": "polyaxon/v2/deployment",
    "polyaxon-v2-component": "polyaxon/v2/component",
    "polyaxon-v2-operation": "polyaxon/v2/operation",
}
_V1_AZURE_SCHEMA = "https://azuremlschemas.azureedge.net/latest/commandJob.schema.json"


def _documents(path: Path) -> list[Any]:
    """Every document of a file, JSON included (JSON is YAML)."""
    result = yamlio.load(yamlio.read_file(str(path)), str(path))
    return [document.data for document in result.documents]


def _corpus_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name not in ("SOURCES.tsv", "README.md"))


def _found(detection: spectypes.Detection) -> str | None:
    if detection.spec_type is not None:
        return detection.spec_type.id
    return "unknown" if detection.unknown else None


def test_azureml_v2_without_schema_line(corpus: Path) -> None:
    """Strip `$schema` and detect again: at least 95% of the documents keep their type."""
    total = same = 0
    confusions: Counter[tuple[str, str | None]] = Counter()
    examples: dict[tuple[str, str | None], str] = {}
    for path in _corpus_files(corpus / "azureml-v2"):
        for data in _documents(path):
            if not isinstance(data, dict) or "$schema" not in data:
                continue
            truth = spectypes.detect(data, path.name).spec_type
            if truth is None:  # a `$schema` that is no Azure ML v2 schema (a prompt flow, say)
                continue
            stripped = {key: value for key, value in data.items() if key != "$schema"}
            found = _found(spectypes.detect(stripped, path.name))
            total += 1
            if found == truth.id:
                same += 1
            else:
                confusions[(truth.id, found)] += 1
                examples.setdefault((truth.id, found), path.name)
    assert total > 300
    report = "\n".join(
        f"  {n} x {truth} -> {found} (e.g. {examples[truth, found]})" for (truth, found), n in confusions.most_common()
    )
    assert same / total >= 0.95, f"{same}/{total} keep their type without $schema; confusions:\n{report}"


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        ("azureml-v1-runconfig", {"azureml/v1/runconfig"}),
        ("azureml-v1-pipeline", {"azureml/v1/pipeline"}),
        ("azureml-v1-hyperdrive", {"azureml/v1/hyperdrive"}),
        ("azureml-v1-deploy", {"azureml/v1/deployment-config", "azureml/v1/inference-config"}),
        ("polyaxon-v0", {"polyaxon/v0/polyaxonfile"}),
        ("polyaxon-v1", {"polyaxon/v1/component", "polyaxon/v1/operation"}),
    ],
)
def test_legacy_and_polyaxon_corpora(corpus: Path, folder: str, expected: set[str]) -> None:
    wrong = []
    for path in _corpus_files(corpus / folder):
        for data in _documents(path):
            detection = spectypes.detect(data, path.name)
            if _found(detection) not in expected:
                wrong.append(f"{path.name}: {_found(detection)} ({detection.reason})")
    assert wrong == []


def test_v1_deploy_corpus_tells_deployment_from_inference_config(corpus: Path) -> None:
    for path in _corpus_files(corpus / "azureml-v1-deploy"):
        kind = spectypes.detect(_documents(path)[0], path.name).spec_type
        assert kind is not None
        expected = "inference-config" if "inference" in path.name.lower() else "deployment-config"
        assert kind.id == "azureml/v1/" + expected, path.name


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_own_cases_keep_their_type(path: Path) -> None:
    expected = _POLYAXON.get(path.parent.name) or spectypes.get(path.parent.name).id
    for data in _documents(path):
        detection = spectypes.detect(data, path.name)
        assert _found(detection) == expected, detection.reason


@pytest.mark.parametrize(
    "path", [p for p in SCHEMA_FILES if p.name.startswith("valid-")], ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_own_valid_cases_keep_their_type_without_schema_line(path: Path) -> None:
    expected = _POLYAXON.get(path.parent.name) or spectypes.get(path.parent.name).id
    for data in _documents(path):
        stripped = {key: value for key, value in data.items() if key != "$schema"}
        detection = spectypes.detect(stripped, "spec.yml")  # content alone, no help from the file name
        assert _found(detection) == expected, detection.reason


@pytest.mark.parametrize("path", NOT_SPECS, ids=lambda p: p.name)
def test_not_specs_stay_undetected(path: Path) -> None:
    documents = _documents(path)
    assert documents
    for data in documents:
        detection = spectypes.detect(data, path.name)
        assert detection.spec_type is None, detection.reason
        assert not detection.unknown, detection.reason


def test_not_specs_cover_the_usual_neighbours() -> None:
    names = {p.name for p in NOT_SPECS}
    assert {
        "github-workflow.yml",
        "conda.yml",
        "kubernetes-deployment.yml",
        "docker-compose.yml",
        "MLTable",
        "pre-commit-config.yaml",
        "helm-values.yaml",
    } <= names


@pytest.mark.parametrize(
    ("data", "pointer"),
    [
        ({"version": 1.1, "kind": "experiment", "run": {"cmd": "python train.py"}}, "/kind"),
        ({"$schema": "https://azuremlschemas.azureedge.net/latest/quantumJob.schema.json", "name": "x"}, "/$schema"),
        ({"$schema": _V1_AZURE_SCHEMA, "type": "commandd", "command": "python train.py", "environment": "azureml:e:1"}, "/type"),
    ],
    ids=["polyaxon-v1-kind", "azure-schema-kind", "job-type-typo"],
)
def test_unknown_kinds_are_findings(data: dict[str, Any], pointer: str) -> None:
    detection = spectypes.detect(data, "spec.yml")
    assert detection.spec_type is None
    assert detection.unknown
    assert detection.pointer == pointer


@pytest.mark.parametrize(
    ("data", "expected", "keys"),
    [
        # `version: 1` with `environment` is a command component, not a polyaxonfile
        (
            {
                "name": "train",
                "type": "command",
                "version": 1,
                "command": "python train.py",
                "environment": "azureml:e:1",
                "inputs": {"lr": {"type": "number", "default": 0.01}},
            },
            "azureml/v2/command-component",
            ("version", "inputs declared"),
        ),
        (
            {
                "command": "python train.py",
                "environment": "azureml:e:1",
                "compute": "azureml:cpu",
                "experiment_name": "churn",
                "inputs": {"data": {"type": "uri_folder", "path": "./data"}},
            },
            "azureml/v2/command-job",
            ("experiment_name", "inputs bound"),
        ),
        (
            {
                "name": "blue",
                "endpoint_name": "churn",
                "model": "azureml:m:1",
                "instance_type": "Standard_DS3_v2",
                "instance_count": 1,
            },
            "azureml/v2/managed-online-deployment",
            ("instance_type",),
        ),
        (
            {
                "name": "nightly",
                "endpoint_name": "churn-batch",
                "model": "azureml:m:1",
                "compute": "azureml:cpu",
                "mini_batch_size": 10,
                "output_action": "append_row",
            },
            "azureml/v2/batch-deployment",
            ("mini_batch_size", "output_action"),
        ),
        (
            {
                "name": "blue",
                "type": "kubernetes",
                "endpoint_name": "k8s",
                "model": "azureml:m:1",
                "resources": {"requests": {"cpu": "1"}},
            },
            "azureml/v2/kubernetes-online-deployment",
            ("resources.requests", "endpoint_name"),
        ),
        (
            {"name": "churn-batch", "auth_mode": "aad_token", "defaults": {"deployment_name": "lgbm"}},
            "azureml/v2/batch-endpoint",
            ("defaults.deployment_name",),
        ),
        ({"name": "churn", "auth_mode": "key"}, "azureml/v2/managed-online-endpoint", ("auth_mode: key",)),
        (
            {
                "name": "clicks",
                "type": "mltable",
                "path": "azureml://datastores/x/paths/y/",
                "source": {"type": "database", "query": "select 1", "connection": "azureml:sf"},
            },
            "azureml/v2/data-import",
            ("source",),
        ),
        (
            {"target_environment": "pkg", "inferencing_server": {"type": "azureml_online"}},
            "azureml/v2/model-package",
            ("target_environment", "inferencing_server"),
        ),
        ({"name": "mlw", "location": "westeurope", "display_name": "ML"}, "azureml/v2/workspace", ("location",)),
        (
            {"Schedule": {"description": "nightly", "recurrence": {"frequency": "Day", "interval": 1}}},
            "azureml/v1/schedule",
            ("Schedule.recurrence",),
        ),
        (
            {"Schedule": {"datastore_name": "workspaceblobstore", "polling_interval": 5}},
            "azureml/v1/schedule",
            ("Schedule.datastore_name",),
        ),
        (
            {"version": 1, "project": {"name": "mnist"}, "run": {"cmd": "python train.py"}},
            "polyaxon/v0/polyaxonfile",
            ("run.cmd",),
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_reason_names_the_deciding_keys(data: dict[str, Any], expected: str, keys: tuple[str, ...]) -> None:
    detection = spectypes.detect(data, "spec.yml")
    assert detection.spec_type is not None, detection.reason
    assert detection.spec_type.id == expected, detection.reason
    for key in keys:
        assert key in detection.reason


def test_file_name_only_breaks_ties() -> None:
    """`type: pipeline` with `jobs:` alone is a pipeline job or a pipeline component: the name decides, not more."""
    data = {"type": "pipeline", "jobs": {"train": {"type": "command", "component": "azureml:train:1"}}}
    assert spectypes.detect(data, "pipeline.yml").spec_type.id == "azureml/v2/pipeline-job"
    assert spectypes.detect(data, "component.yml").spec_type.id == "azureml/v2/pipeline-component"
    # with evidence, the name is ignored
    data["experiment_name"] = "churn"
    assert spectypes.detect(data, "component.yml").spec_type.id == "azureml/v2/pipeline-job"


def test_every_record_says_how_it_is_recognised() -> None:
    """Each spec type is one record: an Azure ML v2 type names its `$schema`, a Polyaxon v1 type its `kind:` (a
    deployment config, which has none, its detection rules), an old type what it becomes; unordered lists are pointer
    patterns."""
    from speclift.spectypes.registry import DETECTION_ORDER

    schema_names = [name for spec in spectypes.SPEC_TYPES.values() for name in spec.schema_names]
    assert len(schema_names) == len(set(schema_names)), "a `$schema` name may name one type only"
    for spec in spectypes.SPEC_TYPES.values():
        if spec.legacy:
            assert spec.migrates_to in spectypes.SPEC_TYPES and not spectypes.SPEC_TYPES[spec.migrates_to].legacy
            assert spec.id in DETECTION_ORDER or spec.kinds, spec.id
        else:
            assert spec.schema_file is not None and (ROOT / "schemas" / spec.schema_file).is_file(), spec.id
            assert spec.schema_names if spec.family == "azureml" else spec.kinds or spec.rules, spec.id
        assert all(pattern.startswith("/") for pattern in spec.unordered), spec.id


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("job", "azureml/v2/sweep-job"), ("component", "azureml/v2/spark-component")],
)
def test_type_decides_within_a_schema_group(kind: str, expected: str) -> None:
    """A job `$schema` with another job's `type:` is that job, as the SDK's loaders read it."""
    url = f"https://azuremlschemas.azureedge.net/latest/command{kind.title()}.schema.json"
    detection = spectypes.detect({"$schema": url, "type": expected.rsplit("/", 1)[1].split("-")[0]}, "spec.yml")
    assert detection.spec_type is not None and detection.spec_type.id == expected, detection.reason
    assert detection.reason.startswith(f"$schema names a {kind}; type: ")


_BY_TYPE_CASES = CASES / "detection"
BY_TYPE = sorted(
    path
    for path in _BY_TYPE_CASES.rglob("*")
    if path.is_file() and path.parent.relative_to(_BY_TYPE_CASES).parts[0] != "not-specs"
)


@pytest.mark.parametrize("path", BY_TYPE, ids=lambda p: str(p.relative_to(_BY_TYPE_CASES)))
def test_files_under_a_type_folder_are_that_type(path: Path) -> None:
    """`tests/cases/detection/<family>/<version>/<name>/FILE` is detected as `<family>/<version>/<name>`: files the
    official loader reads that the keys alone would not give away (a `.runconfig` with `script:` and `target:`)."""
    expected = str(path.parent.relative_to(_BY_TYPE_CASES))
    for data in _documents(path):
        detection = spectypes.detect(data, path.name)
        assert _found(detection) == expected, detection.reason
