"""``mlflow run`` invocations in CI: parsing as mlflow 3.18's click CLI, the project folder, supplies, v2 commands."""

from __future__ import annotations

import os
import re
import resource
from pathlib import Path

import pytest

from speclift import api, yamlio
from speclift.findings import Finding
from speclift.repository import find_invocations, not_carried, rewrite_ci, supplied, v2_commands
from speclift.repository import mlflow as mlflow_run
from speclift.repository.commands import ParseError
from speclift.repository.for_conversion import converter_supplies
from tests.conftest import call_bounded

MLPROJECT = """\
name: churn
entry_points:
  main:
    parameters:
      alpha: {type: float, default: 0.5}
    command: "python train.py --alpha {alpha}"
  train:
    parameters:
      alpha: float
      l1-ratio: {type: float, default: 0.1}
      name: {type: string, default: run}
    command: "python train.py --alpha {alpha} --l1-ratio {l1-ratio} --name {name}"
"""


def _repo(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in {"src/MLproject": MLPROJECT, "src/train.py": "print(1)\n", **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


# the command line ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "arguments"),
    [
        (["mlflow", "run", "src"], ["src"]),
        (["python3", "-m", "mlflow", "run", "src", "-e", "x"], ["src", "-e", "x"]),
        (["/opt/venv/bin/mlflow", "--env-file", ".env", "run", "."], ["."]),
        (["mlflow", "--env-file=.env", "run", "."], ["."]),
        (["mlflow", "models", "serve", "-m", "m"], None),
        (["pip", "install", "mlflow"], None),
        (["python", "train.py", "mlflow", "run"], None),
    ],
)
def test_mlflow_run_is_recognised_in_its_spellings(words: list[str], arguments: list[str] | None) -> None:
    assert mlflow_run.run_arguments(words) == arguments


def test_options_parse_as_click_reads_them() -> None:
    parsed = mlflow_run.parse(["src", "-e", "train", "-Palpha=1", "--param-list=name=a b", "-b", "azureml", "--build-image"])
    assert parsed.positionals == ("src",)
    assert parsed.options == (
        ("--entry-point", "train"),
        ("--param-list", "alpha=1"),
        ("--param-list", "name=a b"),
        ("--backend", "azureml"),
        ("--build-image", ""),
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["src", "--entry", "train"], "unknown option --entry"),  # click takes no abbreviations
        (["src", "-P", "alpha"], "-P alpha: mlflow run takes NAME=VALUE"),
        (["src", "-P", "a=1", "-P", "a=2"], "-P a given twice (mlflow run refuses a repeated parameter)"),
        (["src", "--experiment-name", "x", "--experiment-id", "1"], "both --experiment-name and --experiment-id"),
        (["src", "other"], "mlflow run takes one project URI, not 2"),
        (["src", "-e"], "-e needs a value"),
    ],
)
def test_what_mlflow_run_refuses_is_not_read(arguments: list[str], message: str) -> None:
    with pytest.raises(ParseError, match=re.escape(message)):
        mlflow_run.parse(arguments)


@pytest.mark.parametrize(
    ("uri", "reason"),
    [
        ("https://github.com/mlflow/mlflow-example.git", "remote project"),
        ("git@github.com:org/project.git", "remote project"),
        ("project.zip", "zip archive"),
        ("$PROJECT", "depends on a variable"),
        ("../elsewhere", "outside the repository"),
        ("missing", "no folder of the repository (MLflow would fetch it as a git URI)"),
        ("src#a.b", "MLflow refuses '.' in the project subfolder"),
    ],
)
def test_only_folders_of_the_repository_are_converted(tmp_path: Path, uri: str, reason: str) -> None:
    root = _repo(tmp_path / "repo", {})
    with pytest.raises(mlflow_run.NotConverted, match=re.escape(reason)):
        mlflow_run.project_folder(uri, str(root), str(root))


def test_quoted_file_and_subfolder_uris_name_local_folders(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"projects/a/MLproject": "name: a\n"})
    real = os.path.realpath(root)
    assert mlflow_run.project_folder("'src'", real, real) == os.path.join(real, "src")
    assert mlflow_run.project_folder("projects#a", real, real) == os.path.join(real, "projects", "a")
    assert mlflow_run.project_folder(f"file://{real}/src", real, real) == os.path.join(real, "src")


# what an invocation supplies --------------------------------------------------------------------------------------


def _found(tmp_path: Path, script: str, files: dict[str, str] | None = None) -> str:
    """The real path of a repository whose ``ci.sh`` is ``script``; every command line in it is read."""
    root = _repo(tmp_path, {"ci.sh": script, **(files or {})})
    assert not find_invocations(str(root)).skipped
    return os.path.realpath(root)


def test_the_invocation_supplies_entry_point_params_experiment_and_compute(tmp_path: Path) -> None:
    script = (
        "mlflow run src -e train -P alpha=0.3 -P 'name=a b' --experiment-name churn --backend azureml --backend-config cfg.json\n"
        'mlflow run src --backend azureml -c \'{"COMPUTE": "gpu"}\'\n'
        "mlflow run src --backend local -c cfg.json\n"
    )
    root = _found(tmp_path, script, {"cfg.json": '{"COMPUTE": "cpu-cluster", "USE_CONDA": true}'})
    invocations = find_invocations(root).invocations
    mlproject = os.path.join(root, "src", "MLproject")
    values = [{k: s.value for k, s in supplied(root, [i]).options[mlproject].items()} for i in invocations]
    assert values == [
        {"entry-point": "train", "params": "alpha=0.3 'name=a b'", "experiment": "churn", "compute": "cpu-cluster"},
        {"entry-point": "main", "compute": "gpu"},
        {"entry-point": "main"},  # a backend configuration is the azureml backend's only
    ]


def test_a_folder_without_mlproject_names_nothing(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"ci.sh": "mlflow run scripts -e train.py\n", "scripts/train.py": "print(1)\n"})
    found = find_invocations(str(root))
    assert [i.mlflow_project.mlproject for i in found.invocations if i.mlflow_project] == [""]
    assert supplied(str(root), found.invocations).options == {}
    assert v2_commands(found.invocations[0], {}) == []


def test_two_invocations_differing_keep_the_first_and_say_so(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"ci.sh": "mlflow run src -e train -P alpha=1\nmlflow run src -P alpha=2\n"})
    problems: list[Finding] = []
    supplies = converter_supplies(str(root), find_invocations(str(root)).invocations, problems)
    chosen = supplies[os.path.realpath(root / "src" / "MLproject")]
    assert (chosen["entry-point"].value, chosen["params"].value) == ("train", "alpha=1")
    assert chosen["entry-point"].origin.endswith("ci.sh:1 (mlflow run)")
    kept = [(p.code, p.message.split(" from ")[0], p.message.split(";")[0].endswith("ci.sh:1")) for p in problems]
    assert sorted(kept) == [("SL411", "entry-point train", True), ("SL411", "params alpha=1", True)]


def test_converting_the_mlproject_alone_takes_its_ci_invocation(tmp_path: Path) -> None:
    ci = 'jobs:\n  t:\n    steps:\n      - run: |\n          mlflow run src -e train -P alpha=0.3 -b azureml -c \'{"COMPUTE": "cpu"}\'\n'
    root = _repo(tmp_path, {".github/workflows/ci.yml": ci})
    (root / ".git").mkdir()
    result = api.convert(str(root / "src" / "MLproject"))
    job = yamlio.load(next(o.text for o in result.outputs if o.spec_type == "azureml/v2/command-job"), "job.yml")
    data = job.documents[0].data
    assert (data["display_name"], data["compute"], data["inputs"]["alpha"]) == ("churn-train", "azureml:cpu", 0.3)
    assert sum(f.code == "SL411" for f in result.findings) == 3  # entry point, parameters, compute


# the command replacing it ------------------------------------------------------------------------------------------


def _outputs(root: str) -> dict[str, list[str]]:
    src = os.path.join(root, "src")
    return {
        os.path.join(src, "MLproject"): [
            os.path.join(src, "churn-train.job.yml"),
            os.path.join(src, "churn-main.component.yml"),
            os.path.join(src, "churn-train.component.yml"),
        ]
    }


def test_the_v2_command_sets_what_the_invocation_gave(tmp_path: Path) -> None:
    script = (
        "mlflow run src -e train -P alpha=0.3 -P l1-ratio=0.2 -P 'name=a b' -P extra=1 --experiment-name churn"
        ' --run-name nightly --backend azureml -c \'{"COMPUTE": "cpu"}\' --env-manager conda\n'
        "mlflow run src -P alpha=1\n"
        "cd src && mlflow run . -e train -P alpha=1\n"
    )
    root = _found(tmp_path, script)
    first, third, second = find_invocations(root).invocations
    assert v2_commands(first, _outputs(root)) == [
        "az ml job create --file src/churn-train.job.yml --set inputs.alpha=0.3 --set inputs.l1_ratio=0.2"
        ' --set "inputs.name=a b" --set experiment_name=churn --set display_name=nightly --set compute=azureml:cpu'
    ]  # the azureml backend did not wait for the run: no --stream
    assert not_carried(first) == ["--param-list extra=1", "--env-manager conda"]
    assert v2_commands(second, _outputs(root)) == ["az ml job create --file churn-train.job.yml --set inputs.alpha=1 --stream"]
    assert v2_commands(third, _outputs(root)) == []  # main has no job: the job runs the first invocation's entry point


def test_rewrite_ci_replaces_the_mlflow_run_line(tmp_path: Path) -> None:
    root = _found(tmp_path, "set -e\nmlflow run src -e train -P alpha=0.3  # nightly\n")
    done = rewrite_ci(find_invocations(root).invocations, _outputs(root))
    assert done.left == []
    text = Path(root, "ci.sh").read_text(encoding="utf-8")
    assert text == "set -e\naz ml job create --file src/churn-train.job.yml --set inputs.alpha=0.3 --stream  # nightly\n"


def test_powershell_quotes_the_set_values_its_way(tmp_path: Path) -> None:
    root = _found(tmp_path, "", {"ci.ps1": "mlflow run src -e train -P 'name=a b'\n"})
    (invocation,) = find_invocations(root).invocations
    assert v2_commands(invocation, _outputs(root)) == [
        "az ml job create --file src/churn-train.job.yml --set 'inputs.name=a b' --stream"
    ]


# what is not read ------------------------------------------------------------------------------------------------


def test_unread_and_remote_invocations_are_told_as_mlflow_ones(tmp_path: Path) -> None:
    script = 'cd $WHERE\nmlflow run src\nmlflow run src -P "name=a\n'
    root = _repo(tmp_path, {"ci.sh": "mlflow run https://github.com/org/p.git\n" + script})
    found = find_invocations(str(root))
    assert found.invocations == []
    messages = [s.finding().message for s in found.skipped]
    assert messages[0].startswith("MLflow CLI command line not read: remote project https://github.com/org/p.git")
    assert "depends on a variable" in messages[1]
    assert messages[2].startswith("MLflow CLI command line not read: cannot read its words")
    assert len(messages) == 3


def test_many_runs_of_one_big_project_read_it_once(tmp_path: Path) -> None:
    """Two thousand `mlflow run src` lines against a half-megabyte MLproject: each file is loaded once, bounded by CPU time."""
    big = MLPROJECT + "".join(f"  e{n}:\n    command: python train.py --n {n}\n" for n in range(10_000))
    root = _repo(tmp_path, {"src/MLproject": big, "ci.sh": "mlflow run src -e train -P alpha=1 -b azureml -c c.json\n" * 2_000})
    (root / "c.json").write_text('{"COMPUTE": "cpu"}', encoding="utf-8")
    outcome = call_bounded(lambda: len(find_invocations(str(root)).invocations), cpu_seconds=20)
    assert outcome.finished, "finding invocations ran out of CPU time"
    assert outcome.result == 2_000


def test_the_migration_report_gives_each_mlflow_run_its_command_or_why_not(tmp_path: Path) -> None:
    from speclift.migration import MigrationOptions, migrate
    from speclift.reporters.migration import check_text, migration_markdown

    script = "mlflow run src -e train -P alpha=1\nmlflow run src\nmlflow run scripts -e train.py\n"
    root = _repo(tmp_path / "repo", {"ci.sh": script, "scripts/train.py": "print(1)\n"})
    result = migrate([str(root)], MigrationOptions(out_dir=str(tmp_path / "out")))
    report = migration_markdown(result)
    assert "### CI command lines (Azure ML v1 CLI, MLflow CLI)" in report
    assert "  - becomes: `az ml job create --file ../out/src/churn-train.job.yml --set inputs.alpha=1 --stream`" in report
    assert "  - no v2 command: the MLproject's job runs another entry point (convert it with -O entry-point=main" in report
    assert "  - no v2 command: its project folder holds no MLproject file" in report
    assert check_text(result).count("MLflow CLI `mlflow run` (the --report gives its v2 commands)") == 3


# the Python form: mlflow.projects.run(...) in a script a CI step runs ----------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        'import mlflow\nmlflow.projects.run("src", "train", parameters={"alpha": 0.3})\n',
        'import mlflow.projects as mp\nmp.run(uri="src", entry_point="train", parameters={"alpha": 0.3})\n',
        'from mlflow import projects\nprojects.run("src", entry_point="train", parameters={"alpha": 0.3})\n',
        'from mlflow.projects import run\nrun("src", "train", None, {"alpha": 0.3})\n',
        'import mlflow\nmlflow.run("src", "train", parameters={"alpha": 0.3})\n',
    ],
)
def test_python_calls_are_read_in_their_spellings(tmp_path: Path, source: str) -> None:
    root = _found(tmp_path, "python -u submit.py\n", {"submit.py": source})
    (invocation,) = find_invocations(root).invocations
    assert (invocation.kind, invocation.line, invocation.column) == ("python", 2, 1)
    assert v2_commands(invocation, _outputs(root)) == [
        "az ml job create --file src/churn-train.job.yml --set inputs.alpha=0.3 --stream"
    ]  # mlflow.projects.run waits for the run unless told synchronous=False


def test_a_python_call_resolves_its_uri_where_the_step_ran_the_script(tmp_path: Path) -> None:
    source = 'import mlflow\n\n\ndef submit():\n    return mlflow.projects.run(\n        uri="src",\n    )\n'
    root = _repo(tmp_path, {"ci.sh": "cd jobs\npython ../submit.py\n", "submit.py": source, "jobs/.keep": ""})
    found = find_invocations(str(root))
    assert found.invocations == []
    assert [(s.line, s.column, s.reason) for s in found.skipped] == [
        (5, 12, "src is no folder of the repository (MLflow would fetch it as a git URI)")
    ]  # jobs/src: the process's folder is the step's, not the script's


def test_python_calls_resolve_the_uri_from_the_folder_the_step_runs_in(tmp_path: Path) -> None:
    source = 'import mlflow\nx = "é"; mlflow.projects.run(uri=".", entry_point="train", backend="azureml", backend_config={"COMPUTE": "cpu"}, synchronous=False)\n'
    root = _found(tmp_path, "cd src && python ../submit.py\n", {"submit.py": source})
    (invocation,) = find_invocations(root).invocations
    assert (invocation.line, invocation.column) == (2, 10)  # characters, not UTF-8 bytes
    assert v2_commands(invocation, _outputs(root)) == ["az ml job create --file churn-train.job.yml --set compute=azureml:cpu"]
    assert not_carried(invocation) == []
    done = rewrite_ci([invocation], _outputs(root), dry_run=True)
    assert [why for _, why in done.left] == [
        "a Python call (mlflow.projects.run): replace it by hand, or run the command instead of the script"
    ]


@pytest.mark.parametrize(
    ("call", "reason"),
    [
        ("mlflow.run(project)", "its argument uri is not a literal"),
        ('mlflow.run("src", **options)', "the call unpacks its arguments (* or **)"),
        ("mlflow.run(entry_point='x')", "it gives no project URI as a string"),
        ('mlflow.run("https://github.com/org/p")', "remote project https://github.com/org/p"),
    ],
)
def test_python_calls_that_cannot_be_read_say_why(tmp_path: Path, call: str, reason: str) -> None:
    root = _repo(tmp_path, {"ci.sh": "python submit.py\n", "submit.py": f"import mlflow\n{call}\n"})
    found = find_invocations(str(root))
    assert found.invocations == []
    assert [s.reason[: len(reason)] for s in found.skipped] == [reason]


def test_only_scripts_a_step_runs_are_read_and_broken_python_is_no_error(tmp_path: Path) -> None:
    files = {
        "ci.sh": "python broken.py\npython deep.py\n",
        "broken.py": "import mlflow\nmlflow.run('src'\n",
        "deep.py": "import mlflow\nmlflow.run('src', parameters=" + "[" * 100_000 + "]" * 100_000 + ")\n",
        "unused.py": "import mlflow\nmlflow.run('src')\n",
    }
    root = _repo(tmp_path, files)
    found = find_invocations(str(root))
    assert (found.invocations, found.skipped) == ([], [])


def _added_megabytes_reading(root: str) -> int:
    """Peak memory added while finding the invocations (run in a forked child, where the peak is this call's)."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    find_invocations(root)
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024


def test_a_huge_python_script_is_not_parsed(tmp_path: Path) -> None:
    """A 5 MB list literal costs Python's parser 2.4 GB: a script past the bound is told, not parsed (peak memory
    measured in a forked child under a CPU-time limit)."""
    body = "import mlflow\nx = [" + "1," * 2_500_000 + "]\nmlflow.run('src')\n"
    root = _repo(tmp_path, {"ci.sh": "python big.py\n", "big.py": body})
    outcome = call_bounded(lambda: _added_megabytes_reading(str(root)), cpu_seconds=20)
    assert outcome.finished and outcome.result < 300, "the script was parsed (or ran out of CPU time)"
    assert [s.reason for s in find_invocations(str(root)).skipped] == [
        "a Python script over 262,144 characters is not read for mlflow.projects.run calls"
    ]
