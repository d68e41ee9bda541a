"""The v1 CLI invocations of a repository: parsing, splitting, resolution, v2 commands, rewriting, bounds."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from speclift import yamlio
from speclift.migration import MigrationOptions, migrate
from speclift.repository import Invocation, find_invocations, not_carried, rewrite_ci, supplied, v2_commands
from speclift.repository import commands as cli
from speclift.repository.shell import POWERSHELL, Command, commands, split_words
from tests.conftest import call_bounded, run_cli

CHURN = Path(__file__).parent / "cases" / "repositories" / "churn"


def _repo(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


# the v1 parameter table ------------------------------------------------------------------------------------------


def test_short_and_long_names_become_the_canonical_long_name() -> None:
    parsed = cli.parse(cli.SUBMIT_SCRIPT, ["-c", "train", "--ct=gpu", "-e", "x", "-d", "conda.yml", "--target", "cpu"])
    assert parsed.options == (
        ("--run-configuration-name", "train"),
        ("--compute-target", "gpu"),
        ("--experiment-name", "x"),
        ("--conda-dependencies", "conda.yml"),  # -d is not --source-directory
        ("--compute-target", "cpu"),
    )


def test_the_script_and_everything_after_it_are_the_scripts() -> None:
    parsed = cli.parse(cli.SUBMIT_SCRIPT, ["-c", "train", "train.py", "-c", "not-ours", "--alpha", "1"])
    assert parsed.options == (("--run-configuration-name", "train"),)
    assert parsed.positionals == ("train.py", "-c", "not-ours", "--alpha", "1")


def test_abbreviations_flags_and_repeated_models() -> None:
    parsed = cli.parse(cli.MODEL_DEPLOY, ["--inference-config", "i.yml", "-m", "a:1", "--model", "b:2", "--overwrite", "-n", "s"])
    assert parsed.options == (
        ("--inference-config-file", "i.yml"),
        ("--model", "a:1"),
        ("--model", "b:2"),
        ("--overwrite", ""),
        ("--name", "s"),
    )


@pytest.mark.parametrize(
    ("command", "words", "message"),
    [
        (cli.MODEL_DEPLOY, ["--bogus", "x"], "unknown option --bogus"),
        (cli.MODEL_DEPLOY, ["-n"], "-n needs a value"),
        (cli.MODEL_DEPLOY, ["score.py"], "unexpected argument"),
        (cli.MODEL_DEPLOY, ["--co", "x"], "ambiguous option --co"),
        (cli.SUBMIT_SCRIPT, ["--async=yes"], "takes no value"),
    ],
)
def test_command_lines_the_table_cannot_read(command: str, words: list[str], message: str) -> None:
    with pytest.raises(cli.ParseError, match=message):
        cli.parse(command, words)


def test_submit_pipeline_reads_p_as_parameters() -> None:
    parsed = cli.parse(cli.SUBMIT_PIPELINE, ["-y", "p.yml", "-p", "a=1"])
    assert parsed.options == (("--pipeline-yaml", "p.yml"), ("--parameters", "a=1"))


# splitting scripts -----------------------------------------------------------------------------------------------


def test_continuations_chains_comments_and_opaque_expressions() -> None:
    text = 'cd a && az ml run submit-script \\\n  -e "${{ inputs.name }}" -c $(cfg) x.py # note\necho "a;b" | tee log\n'
    found = [c for c in commands(text) if isinstance(c, Command)]
    assert [c.words for c in found] == [
        ("cd", "a"),
        ("az", "ml", "run", "submit-script", "-e", "${{ inputs.name }}", "-c", "$(cfg)", "x.py"),
        ("echo", "a;b"),
        ("tee", "log"),
    ]
    assert (
        text[found[1].start : found[1].end]
        == found[1].text
        == 'az ml run submit-script \\\n  -e "${{ inputs.name }}" -c $(cfg) x.py'
    )


def test_powershell_backtick_continuations_and_backslash_paths() -> None:
    found = [c for c in commands("az ml model deploy `\n  --ic C:\\cfg\\i.json -n s", POWERSHELL) if isinstance(c, Command)]
    assert found[0].words == ("az", "ml", "model", "deploy", "--ic", "C:\\cfg\\i.json", "-n", "s")


def test_redirections_are_not_split_as_background_jobs() -> None:
    assert split_words("az ml run submit-script -c x 2>&1") == ["az", "ml", "run", "submit-script", "-c", "x", "2>&1"]
    assert [c.words for c in commands("a 2>&1 | b") if isinstance(c, Command)] == [("a", "2>&1"), ("b",)]


# finding, resolution, options ------------------------------------------------------------------------------------


def test_a_redirected_command_is_read_without_its_redirections(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"run.sh": "az ml pipeline create -n p -y p.yml > out.json 2>&1\n", "p.yml": "pipeline: {}\n"})
    (invocation,) = find_invocations(str(root)).invocations
    assert invocation.options == (("--name", "p"), ("--pipeline-yaml", "p.yml"))


def test_aml_config_is_preferred_when_it_exists(tmp_path: Path) -> None:
    root = _repo(
        tmp_path,
        {
            "Makefile": "train:\n\taz ml run submit-script -c local x.py\n",
            ".azureml/local.runconfig": "script: x.py\n",
            "aml_config/local.runconfig": "script: x.py\n",
        },
    )
    options = supplied(str(root), find_invocations(str(root)).invocations).options
    assert list(options) == [os.path.realpath(root / "aml_config" / "local.runconfig")]


def test_two_invocations_disagreeing_keep_the_first_and_report_the_second(tmp_path: Path) -> None:
    root = _repo(
        tmp_path,
        {
            "a.sh": "az ml run submit-script -c train -e first train.py\n",
            "b.sh": "az ml run submit-script -c train -e second train.py\n",
            ".azureml/train.runconfig": "target: local\n",
        },
    )
    result = supplied(str(root), find_invocations(str(root)).invocations)
    (options,) = result.options.values()
    assert options["experiment"].value == "first"
    assert options["experiment"].invocation.file.endswith("a.sh")
    (conflict,) = result.conflicts
    assert (conflict.option, conflict.ignored.value, conflict.ignored.invocation.line) == ("experiment", "second", 1)


def test_deploy_with_only_an_inference_config_gives_it_the_options(tmp_path: Path) -> None:
    root = _repo(
        tmp_path, {"deploy.sh": "az ml model deploy -n svc --ic inf.yml -m m:2 --ev 3 -e env\n", "inf.yml": "entryScript: s.py\n"}
    )
    (options,) = supplied(str(root), find_invocations(str(root)).invocations).options.values()
    assert {k: v.value for k, v in options.items()} == {
        "model": "m:2",
        "endpoint-name": "svc",
        "service-name": "svc",
        "environment": "azureml:env:3",
        "project-dir": os.path.realpath(root),  # the inference configuration's paths start where the CLI ran
    }


def test_nothing_outside_the_root_is_named_or_read(tmp_path: Path) -> None:
    outside = _repo(tmp_path / "outside", {"ci.sh": "az ml pipeline create -n p -y p.yml\n", "p.yml": "pipeline: {}\n"})
    root = _repo(tmp_path / "repo", {"run.sh": "cd ../outside && az ml pipeline create -n p -y p.yml\n"})
    (root / "linked").symlink_to(outside, target_is_directory=True)
    found = find_invocations(str(root))
    assert found.invocations == []
    assert [s.reason for s in found.skipped] == ["working directory '../outside' is outside the repository"]


def test_files_over_the_size_limit_are_not_read(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"run.sh": "az ml pipeline create -n p -y p.yml\n" + "#" * 200 + "\n"})
    assert find_invocations(str(root), yamlio.Limits(max_file_size=100)).invocations == []
    assert len(find_invocations(str(root)).invocations) == 1


def test_only_known_ci_files_are_read(tmp_path: Path) -> None:
    root = _repo(
        tmp_path,
        {
            "notes.md": "az ml pipeline create -n p -y p.yml\n",
            "config/settings.yml": "command: az ml pipeline create -n p -y p.yml\n",
            "p.yml": "pipeline: {}\n",
        },
    )
    assert find_invocations(str(root)).invocations == []


def test_a_hostile_script_is_read_in_linear_time(tmp_path: Path) -> None:
    """Unclosed `$(` by the million and v1 commands by the hundred thousand: bounded by CPU time, not a wall clock."""
    body = "az ml run submit-script " + "$(" * 1_000_000 + "\n" + "az ml pipeline create -n p -y p.yml\n" * 100_000
    _repo(tmp_path, {"hostile.sh": body})
    outcome = call_bounded(lambda: len(find_invocations(str(tmp_path)).skipped), cpu_seconds=20)
    assert outcome.finished, "finding invocations ran out of CPU time"
    found = find_invocations(str(tmp_path))
    assert [s.reason for s in found.skipped] == [
        "longer than 16,384 characters",
        "more than 10,000 commands to read in one script: the rest was not read",
    ]


# v2 commands -----------------------------------------------------------------------------------------------------


def _invocation(command: str, words: list[str], cwd: str) -> Invocation:
    parsed = cli.parse(command, words)
    return Invocation(command, parsed.options, parsed.positionals, cwd, "ci.yml", 1, 1, " ".join(words))


def test_v2_commands_for_each_kind(tmp_path: Path) -> None:
    root = _repo(
        tmp_path,
        {
            ".azureml/train.runconfig": "",
            "deploy/aci.yml": "",
            "deploy/inf.json": "",
            "pipe.yml": "",
            "env/azureml_environment.json": "",
        },
    )
    real = os.path.realpath(root)
    outputs = {
        f"{real}/.azureml/train.runconfig": [f"{real}/out/train.yml", f"{real}/out/train.environment.yml"],
        f"{real}/deploy/aci.yml": [f"{real}/out/deploy/aci.endpoint.yml", f"{real}/out/deploy/aci.deployment.yml"],
        f"{real}/pipe.yml": [f"{real}/out/pipe.yml"],
        f"{real}/env/azureml_environment.json": [f"{real}/out/env/azureml_environment.yml"],
    }
    run = _invocation(cli.SUBMIT_SCRIPT, ["-c", "train", "-e", "my exp", "-w", "ws", "train.py"], real)
    assert v2_commands(run, outputs) == [
        "az ml environment create -f out/train.environment.yml --workspace-name ws",
        'az ml job create -f out/train.yml --set "experiment_name=my exp" --stream --workspace-name ws',
    ]
    deploy = _invocation(cli.MODEL_DEPLOY, ["-n", "svc", "--ic", "deploy/inf.json", "--dc", "deploy/aci.yml"], real)
    assert v2_commands(deploy, outputs) == [
        "az ml online-endpoint create -f out/deploy/aci.endpoint.yml",
        "az ml online-deployment create -f out/deploy/aci.deployment.yml --all-traffic",
    ]
    pipeline = _invocation(cli.SUBMIT_PIPELINE, ["-y", "../pipe.yml", "--experiment-name", "e"], f"{real}/deploy")
    assert v2_commands(pipeline, outputs) == ["az ml job create -f ../out/pipe.yml --set experiment_name=e --stream"]
    created = _invocation(cli.PIPELINE_CREATE, ["-n", "p", "-y", "pipe.yml"], real)
    assert v2_commands(created, outputs) == ["az ml job create -f out/pipe.yml"]
    register = _invocation(cli.ENVIRONMENT_REGISTER, ["-d", "env"], real)
    assert v2_commands(register, outputs) == ["az ml environment create -f out/env/azureml_environment.yml"]
    attach = _invocation(cli.FOLDER_ATTACH, ["-w", "ws", "-g", "rg"], real)
    assert v2_commands(attach, outputs) == ["az configure --defaults workspace=ws group=rg"]
    assert v2_commands(_invocation(cli.SUBMIT_SCRIPT, ["-c", "other", "--async", "x.py"], real), outputs) == []


# rewriting CI files ----------------------------------------------------------------------------------------------


def _converted_churn(tmp_path: Path) -> tuple[Path, dict[str, list[str]]]:
    root = tmp_path / "churn"
    shutil.copytree(CHURN, root)
    real = os.path.realpath(root)
    outputs = {
        f"{real}/models/churn/.azureml/train.runconfig": [f"{real}/models/churn/.azureml/train.yml"],
        f"{real}/models/churn/deploy/aci.yml": [
            f"{real}/models/churn/deploy/aci.endpoint.yml",
            f"{real}/models/churn/deploy/aci.deployment.yml",
        ],
        f"{real}/models/churn/hyperdrive.yml": [f"{real}/models/churn/hyperdrive.v2.yml"],
        f"{real}/pipelines/pipeline.yml": [f"{real}/pipelines/pipeline.v2.yml"],
    }
    return root, outputs


def test_rewrite_replaces_exactly_the_commands_it_understood(tmp_path: Path) -> None:
    root, outputs = _converted_churn(tmp_path)
    script = root / "scripts" / "create_pipeline.sh"
    mode = stat.S_IMODE(script.stat().st_mode)
    done = rewrite_ci(find_invocations(str(root)).invocations, outputs)
    assert sorted(os.path.relpath(f, root) for f in done.files) == [
        ".github/workflows/deploy.yml",
        "Makefile",
        "azure-pipelines.yml",
        "scripts/create_pipeline.sh",
    ]
    assert done.left == []
    assert (root / "azure-pipelines.yml").read_text(encoding="utf-8").split("- script: |\n")[1].splitlines()[:3] == [
        "              az configure --defaults workspace=$(workspace) group=$(resourceGroup)",
        "              az ml job create -f .azureml/train.yml --set experiment_name=churn-exp --stream",
        "            displayName: Train",
    ]
    assert "\tcd models/churn && az ml job create -f hyperdrive.v2.yml --set experiment_name=churn-sweep --stream\n\nattach:" in (
        root / "Makefile"
    ).read_text(encoding="utf-8")
    assert script.read_text(encoding="utf-8").endswith('cd "$(dirname "$0")/../pipelines"\naz ml job create -f pipeline.v2.yml\n')
    assert stat.S_IMODE(script.stat().st_mode) == mode
    workflow = (root / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    assert (
        "run: az ml online-endpoint create -f deploy/aci.endpoint.yml && "
        "az ml online-deployment create -f deploy/aci.deployment.yml --all-traffic\n" in workflow
    )
    assert find_invocations(str(root)).invocations == []  # nothing v1 is left, and a second run changes nothing


def test_rewrite_leaves_what_it_does_not_understand(tmp_path: Path) -> None:
    root = _repo(
        tmp_path,
        {
            ".github/workflows/ci.yml": 'jobs:\n  a:\n    steps:\n      - run: "az ml pipeline create -n p -y p.yml"\n',
            "p.yml": "pipeline: {}\n",
        },
    )
    before = (root / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    outputs = {os.path.realpath(root / "p.yml"): [os.path.realpath(root / "p.v2.yml")]}
    done = rewrite_ci(find_invocations(str(root)).invocations, outputs)
    assert done.files == [] and "not verbatim" in done.left[0][1]
    assert (root / ".github/workflows/ci.yml").read_text(encoding="utf-8") == before


def test_rewrite_refuses_a_file_that_changed_meanwhile(tmp_path: Path) -> None:
    root, outputs = _converted_churn(tmp_path)
    invocations = find_invocations(str(root)).invocations
    makefile = root / "Makefile"
    makefile.write_text(makefile.read_text(encoding="utf-8").replace("churn-sweep", "other"), encoding="utf-8")
    done = rewrite_ci(invocations, outputs)
    assert any("changed since" in why and i.file.endswith("Makefile") and i.line == 6 for i, why in done.left)


# in a migration --------------------------------------------------------------------------------------------------


def test_migration_report_lists_invocations_and_their_v2_commands(tmp_path: Path) -> None:
    root, _ = _converted_churn(tmp_path)
    result = migrate([str(root)], MigrationOptions(out_dir=str(tmp_path / "out")))
    assert len(result.invocations.invocations) == 6
    assert result.ci_rewrite is None
    from speclift.reporters.migration import migration_json, migration_markdown

    report = json.loads(migration_json(result))
    deploy = next(e for e in report["invocations"] if e["command"] == cli.MODEL_DEPLOY)
    assert deploy["v2"][1].startswith("az ml online-deployment create -f ../../../out/models/churn/deploy/aci.deployment.yml")
    assert "### CI command lines (Azure ML v1 CLI)" in migration_markdown(result)
    assert (root / "Makefile").read_text(encoding="utf-8") == (CHURN / "Makefile").read_text(encoding="utf-8")


def test_rewrite_ci_is_opt_in_on_the_command_line(tmp_path: Path) -> None:
    root, _ = _converted_churn(tmp_path)
    done = run_cli("convert", str(root), "--out", str(tmp_path / "out"))
    assert "CI:" not in done.stderr
    assert (root / "Makefile").read_text(encoding="utf-8") == (CHURN / "Makefile").read_text(encoding="utf-8")
    rewritten = run_cli("convert", str(root), "--out", str(tmp_path / "out2"), "--rewrite-ci")
    assert "command lines rewritten in" in rewritten.stderr
    assert "az ml job create" in (root / "Makefile").read_text(encoding="utf-8")
    usage = run_cli("convert", str(root), "--check", "--rewrite-ci")
    assert usage.exit_code == 2


def test_no_ci_files_leave_the_report_as_it_was(tmp_path: Path) -> None:
    _repo(tmp_path, {"job.runconfig": "script: train.py\ntarget: local\n"})
    result = migrate([str(tmp_path)], MigrationOptions(out_dir=str(tmp_path / "out")))
    from speclift.reporters.migration import migration_json

    assert "invocations" not in json.loads(migration_json(result))


def test_sources_renamed_in_place_are_still_named_by_their_invocations(tmp_path: Path) -> None:
    root = tmp_path / "fraud"
    shutil.copytree(CHURN.parent / "fraud", root)
    result = migrate([str(root)], MigrationOptions(in_place=True, rename=True, rewrite_ci=True))
    assert not (root / "services" / "fraud-env" / "azureml_environment.json").exists()
    workflow = (root / ".github" / "workflows" / "train.yml").read_text(encoding="utf-8")
    assert "run: az ml environment create -f fraud-env/azureml_environment.yml --workspace-name" in workflow
    pipeline = (root / ".pipelines" / "ci.yml").read_text(encoding="utf-8")
    assert "az ml job create -f aml_config/local.yml --set experiment_name=smoke --stream\n" in pipeline
    assert result.ci_rewrite is not None and len(result.ci_rewrite.replaced) >= 3


def test_check_lists_the_v1_command_lines(tmp_path: Path) -> None:
    root, _ = _converted_churn(tmp_path)
    done = run_cli("convert", "--check", str(root))
    lines = [line for line in done.stdout.splitlines() if "v1 CLI" in line]
    assert len(lines) == 6
    assert lines[0].endswith(".github/workflows/deploy.yml:19: v1 CLI `az ml model deploy` (the --report gives its v2 commands)")


def test_options_the_v2_commands_do_not_carry_are_reported(tmp_path: Path) -> None:
    run = _invocation(
        cli.SUBMIT_SCRIPT, ["-c", "train", "-e", "x", "-t", "run.json", "-d", "conda.yml", "-w", "ws", "t.py"], str(tmp_path)
    )
    assert not_carried(run) == ["--output-metadata-file run.json", "--conda-dependencies conda.yml"]
    deploy = _invocation(cli.MODEL_DEPLOY, ["-n", "s", "-f", "model.json", "--overwrite", "--ct", "aks"], str(tmp_path))
    assert not_carried(deploy) == ["--model-metadata-file model.json", "--overwrite"]


def test_command_lines_not_read_are_notes_shown_with_verbose(tmp_path: Path) -> None:
    root = tmp_path / "fraud"
    shutil.copytree(CHURN.parent / "fraud", root)
    quiet = run_cli("convert", "--check", str(root))
    assert "not read" not in quiet.stderr
    verbose = run_cli("convert", "--check", "-v", str(root))
    assert f"{root}/scripts/smoke.sh:6:1: info SL011 v1 CLI command line not read: cd services/fraud inside a block" in (
        verbose.stderr
    )


def test_an_unclosed_quote_is_a_command_line_not_read(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"run.sh": 'echo start\naz ml run submit-script -c "train x.py\n'})
    found = find_invocations(str(root))
    assert [(s.line, s.column, s.reason) for s in found.skipped] == [(2, 1, "cannot read its words: No closing quotation")]


def test_one_file_converted_alone_takes_what_its_repository_s_ci_says(tmp_path: Path) -> None:
    """`speclift convert FILE` reads the CI files of the work tree holding FILE, as a tree conversion does."""
    root = tmp_path / "churn"
    shutil.copytree(CHURN, root, ignore=shutil.ignore_patterns("expected-*.txt"))
    (root / ".git").mkdir()
    done = run_cli("convert", str(root / "models" / "churn" / "deploy" / "aci.yml"))
    assert done.exit_code == 0, done.stderr
    assert "endpoint_name: churn-stage" in done.stdout and "model: azureml:churn-model:3" in done.stdout
    assert "environment: azureml:churn-env" in done.stdout
    assert "SL411 model churn-model:3 from " in done.stderr and "deploy.yml:19 (az ml model deploy)" in done.stderr
    alone = run_cli("convert", str(root / "models" / "churn" / "deploy" / "aci.yml"), "-O", "model=other:1")
    assert "model: azureml:other:1" in alone.stdout  # an option given wins over the repository's
