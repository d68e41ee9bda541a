"""The component runtime's machine-learning modules (learners, Train/Score/Evaluate Model, Tune Model
Hyperparameters, Execute Python/R Script): the learners' records against their tables and the designer's names
(tests/test_studio_catalogue.py holds every program to its record), and behaviour the classic documentation
states, checked on small tables. Golden input/output cases live under tests/cases/studio-modules/.
SPECLIFT_REGENERATE=1 rewrites the generated R program's golden file."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from studio_modules import evaluate_model, execute_python_script, execute_r_script, learning, metrics, models
from studio_modules.tabular import Column, Table, read_table, write_table

from speclift.studio.modules import records

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases" / "studio-modules"
REFERENCE = ROOT.parent / "shared" / "reference"
REGENERATE = os.environ.get("SPECLIFT_REGENERATE") == "1"
ML = [record for record in records() if record.source == "ml.yaml"]
LABEL_Y = '{"isFilter":true,"rules":[{"ruleType":"ColumnNames","columns":["y"],"exclude":false}]}'


def _program(module: str) -> Any:
    return importlib.import_module(f"studio_modules.{module}")


# ---------------------------------------------------------------------------------------------------- the catalogue


@pytest.mark.parametrize("name", sorted(learning.LEARNERS))
def test_each_learner_reports_the_parameters_it_does_not_carry(name: str) -> None:
    learner = learning.LEARNERS[name]
    record = next(record for record in ML if record.name == name)
    assert list(record.parameters) == [param.name for param in learner.params]
    not_carried = {param.name: param.note for param in learner.params if not param.carried}
    assert {key: spec.note for key, spec in record.parameters.items() if not spec.carried} == not_carried
    assert learning.describe(learner, {}).not_carried == not_carried


def test_records_use_the_designers_family_ids_and_parameter_names() -> None:
    if not REFERENCE.is_dir():
        pytest.skip("../shared/reference is not present")
    families = json.loads((REFERENCE / "designer_family_ids.json").read_text(encoding="utf-8"))
    signatures = json.loads((REFERENCE / "designer_module_signatures.json").read_text(encoding="utf-8"))
    for record in ML:
        assert families[record.family_id]["name"] == record.name
        signature = signatures.get(record.name)
        if signature is None:
            continue
        assert set(signature["params"]) <= set(record.parameters), record.name
        assert list(signature["inputs"]) == list(record.inputs), record.name
        if signature["outputs"]:  # the package leaves some modules' outputs unnamed
            assert list(signature["outputs"]) == list(record.outputs), record.name


# ---------------------------------------------------------------------------------------------------- learners


def test_logistic_regression_maps_the_l1_and_l2_weights_to_c_and_l1_ratio() -> None:
    learner = learning.LEARNERS["Two-Class Logistic Regression"]
    spec = learning.describe(
        learner, {"L1 Regularization weight": "1", "L2 Regularizaton weight": "3", "Random number seed": "7"}
    )
    assert spec.parameters["C"] == pytest.approx(0.25)
    assert spec.parameters["l1_ratio"] == pytest.approx(0.25)
    assert (spec.parameters["solver"], spec.parameters["random_state"]) == ("saga", 7)
    assert models.build_estimator(spec).get_params()["C"] == pytest.approx(0.25)


def test_a_parameter_range_learner_trains_with_each_ranges_first_value() -> None:
    learner = learning.LEARNERS["Two-Class Boosted Decision Tree"]
    spec = learning.describe(
        learner,
        {
            "Create trainer mode": "ParameterRange",
            "Range for learning rate": "0.05; 0.4",
            "Range for total number of trees constructed": "7-9",
        },
    )
    assert spec.mode == "range"
    assert spec.ranges["The learning rate"] == [0.05, 0.4]
    assert spec.ranges["Total number of trees constructed"] == [7, 8, 9]
    assert (spec.parameters["learning_rate"], spec.parameters["max_iter"]) == (0.05, 7)


def test_a_range_builder_value_spans_its_minimum_to_its_maximum() -> None:
    builder = json.dumps({"useRangeBuilder": True, "minValue": 0.001, "maxValue": 1, "count": 4, "isLogarithmic": True})
    assert learning.parse_range(builder, "number", "Range") == pytest.approx([0.001, 0.01, 0.1, 1.0])
    linear = json.dumps({"useRangeBuilder": True, "minValue": 2, "maxValue": 8, "count": 4})
    assert learning.parse_range(linear, "integer", "Range") == [2, 4, 6, 8]


def test_a_sweep_run_is_the_learner_described_again_with_its_values() -> None:
    learner = learning.LEARNERS["Linear Regression"]
    spec = learning.describe(learner, {"Solution method": "Online Gradient Descent", "Create trainer mode": "ParameterRange"})
    run = learning.respecify(spec, {"Learning rate": 0.2, "L2 regularization term weight": 0.01})
    assert (run.parameters["eta0"], run.parameters["alpha"], run.mode) == (0.2, 0.01, "single")
    # ordinary least squares has nothing the gradient-descent ranges could sweep
    assert learning.describe(learner, {}).ranges == {}


def test_one_vs_all_wraps_a_two_class_model_and_nothing_else(tmp_path: Path) -> None:
    svm = learning.describe(learning.LEARNERS["Two-Class Support Vector Machine"], {})
    wrapper = learning.wrapper_spec("One-vs-All Multiclass", svm)
    estimator = models.build_estimator(wrapper)
    assert type(estimator).__name__ == "OneVsRestClassifier"
    assert type(estimator.estimator).__name__ == "LinearSVC"
    regression = learning.describe(learning.LEARNERS["Linear Regression"], {})
    models.write_model(tmp_path / "regression", regression)
    status = _program("one_vs_all_multiclass").main(
        ["--untrained-binary-classification-model", str(tmp_path / "regression"), "--untrained-model", str(tmp_path / "out")]
    )
    assert status == 1 and not (tmp_path / "out").exists()


# ---------------------------------------------------------------------------------------------------- train, score, evaluate


def _write(folder: Path, frame: pd.DataFrame, label: str | None = None) -> Path:
    table = Table.from_frame(frame)
    if label is not None:
        table = table.with_column(Column(label, table.column(label).type, table.column(label).categorical, "label"))
    write_table(folder, table)
    return folder


SEPARABLE = pd.DataFrame(
    {"x": [1, 2, 3, 7, 8, 9], "colour": ["red", "red", "blue", "blue", "red", "blue"], "y": [0, 0, 0, 1, 1, 1]}
)
THREE_CLASSES = pd.DataFrame({"x": [1, 2, 5, 6, 9, 10], "z": [1, 1, 5, 5, 1, 1], "y": ["a", "a", "b", "b", "c", "c"]})
# what each learner needs to fit six rows (classic defaults ask for more rows per leaf than the table has)
SMALL = {
    "Two-Class Boosted Decision Tree": ["--minimum-number-of-training-instances-required-to-form-a-leaf", "1"],
    "MultiClass Boosted Decision Tree": ["--minimum-number-of-training-instances-required-to-form-a-leaf", "1"],
    "Two-Class Support Vector Machine": ["--number-of-iterations", "100", "--random-number-seed", "1"],
    "Two-Class Averaged Perceptron": ["--random-number-seed", "1"],
    "Two-Class Neural Network": ["--random-number-seed", "1", "--number-of-learning-iterations", "500"],
    "Multiclass Neural Network": ["--random-number-seed", "1", "--number-of-learning-iterations", "1000"],
    "Two-Class Logistic Regression": ["--l1-regularization-weight", "0", "--l2-regularizaton-weight", "0.01"],
    "Multiclass Logistic Regression": ["--l1-regularization-weight", "0", "--l2-regularizaton-weight", "0.01"],
}


def _chain(tmp_path: Path, learner: str, data: pd.DataFrame, extra: list[str] | None = None) -> Table:
    """Learner -> Train Model -> Score Model -> Evaluate Model on ``data`` (label y): the evaluation results."""
    dataset = _write(tmp_path / "data", data)
    record = next(record for record in ML if record.name == learner)
    assert _program(record.module).main(["--untrained-model", str(tmp_path / "model"), *(extra or SMALL.get(learner, []))]) == 0
    train = ["--untrained-model", str(tmp_path / "model"), "--dataset", str(dataset), "--label-column", LABEL_Y]
    assert _program("train_model").main([*train, "--trained-model", str(tmp_path / "trained")]) == 0
    score = [
        "--trained-model",
        str(tmp_path / "trained"),
        "--dataset",
        str(dataset),
        "--scored-dataset",
        str(tmp_path / "scored"),
    ]
    assert _program("score_model").main(score) == 0
    assert (
        evaluate_model.main(["--scored-dataset", str(tmp_path / "scored"), "--evaluation-results", str(tmp_path / "eval")]) == 0
    )
    return read_table(tmp_path / "eval")


BINARY = [name for name, learner in learning.LEARNERS.items() if learner.task == "binary"]
MULTICLASS = [name for name, learner in learning.LEARNERS.items() if learner.task == "multiclass"]


@pytest.mark.parametrize("learner", BINARY)
def test_every_two_class_learner_scores_a_separable_table_perfectly(tmp_path: Path, learner: str) -> None:
    results = _chain(tmp_path, learner, SEPARABLE).frame.iloc[0]
    assert (results["Accuracy"], results["AUC"], results["True Positive"], results["True Negative"]) == (1.0, 1.0, 3, 3)


@pytest.mark.parametrize("learner", MULTICLASS)
def test_every_multiclass_learner_scores_a_separable_table_perfectly(tmp_path: Path, learner: str) -> None:
    results = _chain(tmp_path, learner, THREE_CLASSES).frame.iloc[0]
    assert results["Overall accuracy"] == 1.0 and results["Macro-averaged recall"] == 1.0


@pytest.mark.parametrize("learner", ["Linear Regression", "Bayesian Linear Regression", "Boosted Decision Tree Regression"])
def test_a_regressor_fits_a_line_it_can_represent(tmp_path: Path, learner: str) -> None:
    line = pd.DataFrame({"x": [1, 2, 3, 4, 5, 6], "y": [2.0, 4.0, 6.0, 8.0, 10.0, 12.0]})
    extra = ["--minimum-number-of-training-instances-required-to-form-a-leaf", "1"] if "Boosted" in learner else []
    results = _chain(tmp_path, learner, line, extra).frame.iloc[0]
    assert results["Coefficient of Determination"] > 0.999
    assert results["Mean Absolute Error"] < 0.01


def test_the_positive_class_is_the_label_value_that_sorts_last(tmp_path: Path) -> None:
    text = SEPARABLE.assign(y=["no", "no", "no", "yes", "yes", "yes"])
    _chain(tmp_path, "Two-Class Logistic Regression", text)
    scored = read_table(tmp_path / "scored")
    assert scored.frame["Scored Labels"].tolist() == ["no"] * 3 + ["yes"] * 3
    assert (scored.frame["Scored Probabilities"] > 0.5).tolist() == [False] * 3 + [True] * 3
    assert scored.label == "y" and scored.column("Scored Probabilities").role == "score"


def test_a_two_class_learner_refuses_three_classes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(AssertionError):
        _chain(tmp_path, "Two-Class Logistic Regression", THREE_CLASSES)
    assert "use a multiclass learner or wrap this one in One-vs-All Multiclass" in capsys.readouterr().err


def test_rows_with_a_missing_feature_get_no_score(tmp_path: Path) -> None:
    holes = SEPARABLE.astype({"x": float}).copy()
    holes.loc[1, "x"] = float("nan")
    _chain(tmp_path, "Two-Class Logistic Regression", holes)
    scored = read_table(tmp_path / "scored")
    assert scored.frame["Scored Labels"].isna().tolist() == [False, True, False, False, False, False]
    trained = models.read_model(tmp_path / "trained", port="Trained model")
    assert [feature["name"] for feature in trained.features] == ["x", "colour"] and trained.classes == [0, 1]


def test_evaluate_model_matches_the_metrics_worked_out_by_hand() -> None:
    """Six rows, three positive; probabilities 0.9 0.8 0.4 | 0.6 0.2 0.1: at 0.5, TP 2, FN 1, FP 1, TN 2. AUC: of
    the 9 positive-negative pairs only (0.4, 0.6) is out of order, 8/9. Log loss: -(2 ln .9 + 2 ln .8 + 2 ln .4)/6."""
    found = metrics.binary([True, True, True, False, False, False], [0.9, 0.8, 0.4, 0.6, 0.2, 0.1])
    log_loss = -(2 * _ln(0.9) + 2 * _ln(0.8) + 2 * _ln(0.4)) / 6
    assert found == pytest.approx(
        {
            "True Positive": 2,
            "False Negative": 1,
            "False Positive": 1,
            "True Negative": 2,
            "Accuracy": 4 / 6,
            "Precision": 2 / 3,
            "Recall": 2 / 3,
            "F1 Score": 2 / 3,
            "Threshold": 0.5,
            "AUC": 8 / 9,
            "Average Log Loss": log_loss,
            "Training Log Loss": (_ln(2) - log_loss) / _ln(2),
        }
    )
    regression = metrics.regression([1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 9])  # one error of 3; spread 17.5, 9 absolute
    assert regression == pytest.approx(
        {
            "Mean Absolute Error": 0.5,
            "Root Mean Squared Error": (9 / 6) ** 0.5,
            "Relative Absolute Error": 3 / 9,
            "Relative Squared Error": 9 / 17.5,
            "Coefficient of Determination": 1 - 9 / 17.5,
        }
    )
    classes = metrics.multiclass(["a", "a", "b", "b", "c", "c"], ["a", "b", "b", "b", "c", "a"])
    # a: TP1 FP1 FN1; b: TP2 FP1 FN0; c: TP1 FP0 FN1 -> precision (1/2+2/3+1)/3, recall (1/2+1+1/2)/3
    assert classes == pytest.approx(
        {
            "Overall accuracy": 4 / 6,
            "Average accuracy": (4 / 6 + 5 / 6 + 5 / 6) / 3,
            "Micro-averaged precision": 4 / 6,
            "Macro-averaged precision": (1 / 2 + 2 / 3 + 1) / 3,
            "Micro-averaged recall": 4 / 6,
            "Macro-averaged recall": (1 / 2 + 1 + 1 / 2) / 3,
        }
    )


def _ln(value: float) -> float:
    import math

    return math.log(value)


# ---------------------------------------------------------------------------------------------------- tune


def test_tune_model_hyperparameters_sweeps_the_whole_grid_and_keeps_the_best(tmp_path: Path) -> None:
    dataset = _write(tmp_path / "data", SEPARABLE)
    learner = _program("two_class_boosted_decision_tree")
    ranges = [
        "--create-trainer-mode", "ParameterRange",
        "--range-for-minimum-number-of-training-instances-required-to-form-a-leaf", "1; 4",
        "--range-for-total-number-of-trees-constructed", "3; 6",
        "--range-for-learning-rate", "0.1",
        "--range-for-maximum-number-of-leaves-per-tree", "2",
    ]  # fmt: skip
    assert learner.main(["--untrained-model", str(tmp_path / "model"), *ranges]) == 0
    tune = _program("tune_model_hyperparameters")
    argv = [
        "--untrained-model", str(tmp_path / "model"), "--training-dataset", str(dataset),
        "--name-or-numerical-index-of-the-label-column", LABEL_Y, "--specify-parameter-sweeping-mode", "Entire grid",
        "--metric-for-measuring-performance-for-classification", "Average Log Loss",
        "--sweep-results", str(tmp_path / "sweep"), "--trained-best-model", str(tmp_path / "best"),
    ]  # fmt: skip
    assert tune.main(argv) == 0
    sweep = read_table(tmp_path / "sweep").frame
    assert len(sweep) == 4
    assert sweep["Average Log Loss"].tolist() == sorted(sweep["Average Log Loss"].tolist())
    best = models.read_model(tmp_path / "best", port="Trained best model")
    assert best.kind == "trained-model" and best.mode == "single"
    assert best.parameters["max_iter"] == int(sweep["Total number of trees constructed"].iloc[0])
    assert best.parameters["min_samples_leaf"] == int(
        sweep["Minimum number of training instances required to form a leaf"].iloc[0]
    )


def test_a_random_sweep_is_repeatable_and_bounded() -> None:
    spec = learning.describe(learning.LEARNERS["Two-Class Logistic Regression"], {"Create trainer mode": "ParameterRange"})
    tune = _program("tune_model_hyperparameters")
    first = tune.combinations(spec, "Random sweep", 5, 42)
    assert first == tune.combinations(spec, "Random sweep", 5, 42)
    assert 1 <= len(first) <= 5
    grid = tune.combinations(spec, "Entire grid", 0, 0)
    assert len(grid) == 2 * 4 * 3
    sample = tune.combinations(spec, "Random grid", 5, 3)
    assert len(sample) == 5 and all(run in grid for run in sample)


# ---------------------------------------------------------------------------------------------------- scripts


def _script(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "script.py"
    path.write_text(text, encoding="utf-8")
    return path


ECHO = """
def azureml_main(dataframe1=None, dataframe2=None):
    import pandas as pd
    return pd.DataFrame({"first": [None if dataframe1 is None else len(dataframe1)],
                         "second": [None if dataframe2 is None else len(dataframe2)]}),
"""


def test_the_first_connected_input_is_the_first_argument(tmp_path: Path) -> None:
    """Classic maps the connected input ports to azureml_main's parameters by position: Dataset2 alone is the first."""
    _write(tmp_path / "two", pd.DataFrame({"a": [1, 2, 3]}))
    _write(tmp_path / "one", pd.DataFrame({"a": [1]}))
    script = _script(tmp_path, ECHO)
    run = execute_python_script.main
    assert (
        run(["--dataset2", str(tmp_path / "two"), "--python-script", str(script), "--result-dataset", str(tmp_path / "r1")]) == 0
    )
    assert read_table(tmp_path / "r1").frame.iloc[0].tolist()[0] == 3
    argv = ["--dataset1", str(tmp_path / "one"), "--dataset2", str(tmp_path / "two"), "--python-script", str(script)]
    assert run([*argv, "--result-dataset", str(tmp_path / "r2")]) == 0
    assert read_table(tmp_path / "r2").frame.iloc[0].tolist() == [1, 3]


def test_the_script_bundle_is_importable_and_column_names_are_made_unique(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    with zipfile.ZipFile(bundle / "code.zip", "w") as archive:
        archive.writestr("helper.py", "def twice(values):\n    return values * 2\n")
    script = _script(
        tmp_path,
        "import helper\n\ndef azureml_main(frame):\n    frame['b'] = helper.twice(frame['a'])\n"
        "    frame.columns = ['a', 'a']\n    print('seen', len(frame))\n    return frame\n",
    )
    _write(tmp_path / "one", pd.DataFrame({"a": [1, 2]}))
    argv = ["--dataset1", str(tmp_path / "one"), "--script-bundle", str(bundle), "--python-script", str(script)]
    assert (
        execute_python_script.main([*argv, "--result-dataset", str(tmp_path / "r"), "--python-device", str(tmp_path / "d")]) == 0
    )
    result = read_table(tmp_path / "r")
    assert result.names == ["a", "a (1)"] and result.frame["a (1)"].tolist() == [2, 4]
    assert "seen 2" in (tmp_path / "d" / "output.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("def main(df):\n    return df\n", "defines no function azureml_main"),
        ("def azureml_main(df=None):\n    return 42\n", "an object of type int"),
        ("def azureml_main(df=None):\n    return df['missing']\n", "KeyError: 'missing' (line 2 of the script)"),
        ("def azureml_main(:\n", "does not compile"),
    ],
)
def test_a_script_that_breaks_the_entry_convention_fails_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    _write(tmp_path / "one", pd.DataFrame({"a": [1]}))
    argv = [
        "--dataset1",
        str(tmp_path / "one"),
        "--python-script",
        str(_script(tmp_path, text)),
        "--result-dataset",
        str(tmp_path / "r"),
    ]
    assert execute_python_script.main(argv) == 1
    error = capsys.readouterr().err.strip().splitlines()
    assert error[-1].startswith("Execute Python Script: ") and message in error[-1]
    assert not (tmp_path / "r").exists()


R_COLUMNS = [Column("x", "integer"), Column("colour", "string", True), Column("when", "datetime"), Column("ok", "boolean")]


def test_the_generated_r_program_matches_its_golden_file() -> None:
    """The R program around a user's script; Rscript is not needed to check it."""
    script = 'dataset1 <- maml.mapInputPort(1)\ndata.set <- dataset1\nmaml.mapOutputPort("data.set");'
    program = execute_r_script.r_program(script, {1: ("/work/input1.csv", R_COLUMNS), 2: None}, "/work", "/work/device", 42)
    golden = CASES / "execute_r_script" / "program.R"
    if REGENERATE:
        golden.write_text(program, encoding="utf-8")
    assert program == golden.read_text(encoding="utf-8")
    windows = script.replace("\n", "\r\n")  # as graphs hold scripts: carried verbatim, line endings and all
    assert windows in execute_r_script.r_program(windows, {1: None, 2: None}, "/work", None, None)


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript is not installed")
def test_an_r_script_reads_and_writes_the_classic_ports(tmp_path: Path) -> None:
    _write(tmp_path / "one", SEPARABLE)
    script = tmp_path / "script.R"
    script.write_text(
        'd <- maml.mapInputPort(1)\nd$double <- d$x * 2L\nd$colour <- factor(d$colour)\nprint(nrow(d))\nplot(d$x)\nmaml.mapOutputPort("d")\n',
        encoding="utf-8",
    )
    argv = ["--dataset1", str(tmp_path / "one"), "--r-script", str(script), "--random-seed", "1"]
    assert execute_r_script.main([*argv, "--result-dataset", str(tmp_path / "r"), "--r-device", str(tmp_path / "device")]) == 0
    result = read_table(tmp_path / "r")
    assert result.frame["double"].tolist() == [2, 4, 6, 14, 16, 18]
    assert result.column("colour").categorical and result.column("double").type == "integer"
    assert (tmp_path / "device" / "Rplot001.png").is_file()
    assert "[1] 6" in (tmp_path / "device" / "output.txt").read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript is not installed")
def test_an_r_script_reading_an_unconnected_port_fails_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "script.R"
    script.write_text("d <- maml.mapInputPort(2)\n", encoding="utf-8")
    assert execute_r_script.main(["--r-script", str(script), "--result-dataset", str(tmp_path / "r")]) == 1
    assert "input port 2 (Dataset2) is not connected" in capsys.readouterr().err


def test_without_rscript_execute_r_script_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    script = tmp_path / "script.R"
    script.write_text("x <- 1\n", encoding="utf-8")
    assert execute_r_script.main(["--r-script", str(script), "--result-dataset", str(tmp_path / "r")]) == 1
    error = capsys.readouterr().err
    assert "Rscript was not found" in error and "r-base" in error
