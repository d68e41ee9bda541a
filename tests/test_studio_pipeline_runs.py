"""A converted Studio (classic) experiment runs: tests/cases/studio-classic/graphs/iris-training.json (built like a
real training experiment: Import Data -> Clean Missing Data -> Execute Python Script -> Split Data -> Train Model
with a Multiclass Logistic Regression -> Score Model -> Evaluate Model) is converted, and its pipeline is run node
by node by the local runner (tests/pipeline_runner.py) on Fisher's Iris data. Each node's output is checked against
what the classic module does, computed here from the input by other means (the csv module)."""

from __future__ import annotations

import csv
import json
import shutil
import statistics
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.pipeline_runner import PipelineRun, run_pipeline

CASES = ROOT / "tests" / "cases" / "studio-classic"
MEASURES = ("sepal_length", "sepal_width", "petal_length", "petal_width")


def _rows(folder: Path, name: str = "data.csv") -> list[dict[str, str]]:
    with open(folder / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> PipelineRun:
    base = tmp_path_factory.mktemp("iris")
    graph = base / "iris-training.json"
    shutil.copyfile(CASES / "graphs" / "iris-training.json", graph)
    converted = run_cli("convert", str(graph), "-o", str(base / "iris-training.yml"))
    assert converted.exit_code == 0, converted.output
    return run_pipeline(base / "iris-training.yml", {"import_data_data": CASES / "data" / "iris.csv"}, base / "run")


def _output(run: PipelineRun, job: str, name: str) -> Path:
    return run.nodes[job].outputs[name]


def test_every_node_ran_in_graph_order(run: PipelineRun) -> None:
    order = run.order
    assert sorted(order) == sorted(
        [
            "import_data",
            "multiclass_logistic_regression",
            "clean_missing_data",
            "execute_python_script",
            "split_data",
            "train_model",
            "score_model",
            "evaluate_model",
        ]
    )
    for before, after in [
        ("import_data", "clean_missing_data"),
        ("clean_missing_data", "execute_python_script"),
        ("execute_python_script", "split_data"),
        ("split_data", "train_model"),
        ("multiclass_logistic_regression", "train_model"),
        ("train_model", "score_model"),
        ("score_model", "evaluate_model"),
    ]:
        assert order.index(before) < order.index(after)


def test_clean_missing_data_replaced_blanks_with_the_mean(run: PipelineRun) -> None:
    source = _rows(CASES / "data", "iris.csv")
    cleaned = _rows(_output(run, "clean_missing_data", "cleaned_dataset"))
    assert len(cleaned) == len(source) == 150
    for name in MEASURES:
        known = [float(row[name]) for row in source if row[name]]
        for before, after in zip(source, cleaned, strict=True):
            if before[name]:
                assert float(after[name]) == float(before[name])
            else:  # "Replace with mean": the mean of the values present
                assert float(after[name]) == pytest.approx(statistics.fmean(known))


def test_the_python_script_ran_with_the_azureml_main_convention(run: PipelineRun) -> None:
    rows = _rows(_output(run, "execute_python_script", "result_dataset"))
    for row in rows:
        assert float(row["petal_area"]) == pytest.approx(float(row["petal_length"]) * float(row["petal_width"]))


def test_split_data_keeps_the_fraction(run: PipelineRun) -> None:
    first = _rows(_output(run, "split_data", "results_dataset1"))
    second = _rows(_output(run, "split_data", "results_dataset2"))
    assert (len(first), len(second)) == (105, 45)  # 0.7 of 150 rows


def test_a_model_scores_and_metrics(run: PipelineRun) -> None:
    model = _output(run, "train_model", "trained_model")
    assert (model / "model.json").is_file() and (model / "model.pkl").is_file()
    scored = _rows(_output(run, "score_model", "scored_dataset"))
    assert len(scored) == 45
    classes = sorted({row["species"] for row in scored})
    for row in scored:
        probabilities = {c: float(row[f'Scored Probabilities for Class "{c}"']) for c in classes}
        assert sum(probabilities.values()) == pytest.approx(1.0)
        assert row["Scored Labels"] == max(probabilities, key=lambda c: probabilities[c])
    accuracy = sum(row["Scored Labels"] == row["species"] for row in scored) / len(scored)
    assert accuracy >= 0.9  # Iris is nearly separable: any logistic regression scores it well
    metrics = _rows(run.outputs["metrics"])
    assert float(metrics[0]["Overall accuracy"]) == pytest.approx(accuracy)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> PipelineRun:
    """samples/studio-classic/car-prices.json: data typed in, an SQL filter, Edit Metadata, a linear regression."""
    base = tmp_path_factory.mktemp("cars")
    graph = base / "car-prices.json"
    shutil.copyfile(ROOT / "samples" / "studio-classic" / "car-prices.json", graph)
    converted = run_cli("convert", str(graph), "-o", str(base / "car-prices.yml"))
    assert converted.exit_code == 0, converted.output
    return run_pipeline(base / "car-prices.yml", {}, base / "run")


def test_the_sample_filters_types_and_fits(sample: PipelineRun) -> None:
    typed = _rows(_output(sample, "enter_data_manually", "dataset"))
    kept = _rows(_output(sample, "apply_sql_transformation", "results_dataset"))
    assert len(kept) == len([row for row in typed if row["price"]]) == 28  # `where price is not null`
    schema = json.loads((_output(sample, "edit_metadata", "results_dataset") / "schema.json").read_text(encoding="utf-8"))
    categorical = {column["name"] for column in schema["columns"] if column["categorical"]}
    assert categorical == {"make", "body"}  # Categorical on the columns picked
    train, test = (_rows(_output(sample, "split_data", name)) for name in ("results_dataset1", "results_dataset2"))
    assert (len(train), len(test)) == (21, 7)  # 0.75 of 28 rows
    scored = _rows(_output(sample, "score_model", "scored_dataset"))
    errors = [abs(float(row["Scored Labels"]) - float(row["price"])) for row in scored]
    metrics = _rows(sample.outputs["metrics"])[0]
    assert float(metrics["Mean Absolute Error"]) == pytest.approx(statistics.fmean(errors))
    assert float(metrics["Coefficient of Determination"]) > 0.99  # the price is linear in the features
