"""Exit statuses: every command ends a situation with the code speclift.exit_codes gives it, and its --help says so."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from speclift import exit_codes
from speclift.exit_codes import CHECK, CONVERT, DIFF, NORMALIZE, SCAN, VALIDATE
from tests.conftest import ROOT, run_cli

SAMPLES = ROOT / "samples"
GOOD = "$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json\nname: churn\nauth_mode: key\n"
BAD = GOOD.replace("auth_mode", "auth_mod")
# a command's --help -> the commands of the record whose statuses it lists (convert's shows --check's too)
HELP = {"validate": (VALIDATE,), "convert": (CONVERT, CHECK), "scan": (SCAN,), "diff": (DIFF,), "normalize": (NORMALIZE,)}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "good.yml").write_text(GOOD)
    (tmp_path / "bad.yml").write_text(BAD)
    (tmp_path / "broken.yml").write_text("a: [1\n")
    shutil.copy(SAMPLES / "polyaxon-v0" / "job.yml", tmp_path / "old.yml")
    (tmp_path / "group.yml").write_text("version: 1\nkind: group\nbuild: {image: python:3.7}\nrun: {cmd: python t.py}\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.yml").write_text("title: not a spec\n")
    return tmp_path


# every command with a path that does not exist: a usage error
MISSING = {
    VALIDATE: ["validate", "{missing}"],
    "validate, one of several": ["validate", "{tree}/good.yml", "{missing}"],
    CONVERT: ["convert", "{missing}"],
    "convert --out": ["convert", "{missing}", "--out", "{tree}/out"],
    "convert --in-place": ["convert", "--in-place", "{tree}", "{missing}"],
    CHECK: ["convert", "--check", "{missing}"],
    SCAN: ["scan", "{missing}"],
    DIFF: ["diff", "{tree}/good.yml", "{missing}"],
    NORMALIZE: ["normalize", "{missing}"],
}


@pytest.mark.parametrize("name", sorted(MISSING))
def test_a_missing_path_is_a_usage_error_everywhere(name: str, tree: Path) -> None:
    missing = tree / "no-such-folder" / "job.yml"
    result = run_cli(*(arg.format(tree=tree, missing=missing) for arg in MISSING[name]))
    assert result.exit_code == exit_codes.USAGE.code == 2, result.output
    assert f"no such file or folder: {missing}" in result.stderr and "Usage:" in result.stderr
    assert not (tree / "out").exists()


# (command, arguments, the status it must end with)
SITUATIONS = [
    (VALIDATE, ["{tree}/good.yml"], exit_codes.VALID),
    (VALIDATE, ["{tree}/bad.yml"], exit_codes.FINDINGS),
    (VALIDATE, ["{tree}/broken.yml"], exit_codes.FINDINGS),
    (VALIDATE, ["--format", "nope", "{tree}"], exit_codes.USAGE),
    (CONVERT, ["{tree}/old.yml"], exit_codes.CONVERTED),
    (CONVERT, ["{tree}/group.yml"], exit_codes.NOT_CONVERTED),
    (CONVERT, ["{tree}/broken.yml"], exit_codes.NOT_CONVERTED),
    (CONVERT, ["{tree}", "--out", "{tree}/out"], exit_codes.NOT_CONVERTED),
    (CHECK, ["--check", "{tree}/good.yml"], exit_codes.CHECK_CLEAN),
    (CHECK, ["--check", "{tree}/good.yml", "{tree}/broken.yml"], exit_codes.CHECK_INCOMPLETE),
    (CHECK, ["--check", "{tree}/old.yml"], exit_codes.CHECK_CONVERTIBLE),
    (CHECK, ["--check", "{tree}"], exit_codes.CHECK_NEEDS_PERSON),
    (SCAN, ["{tree}"], exit_codes.DONE),
    (VALIDATE, ["--require-specs", "{tree}/good.yml", "{tree}/docs"], exit_codes.NO_SPECS),
    (CONVERT, ["--require-specs", "{tree}/docs", "--out", "{tree}/out"], exit_codes.NO_SPECS),
    (CHECK, ["--check", "--require-specs", "{tree}/docs", "{tree}/good.yml"], exit_codes.NO_SPECS),
    (SCAN, ["--require-specs", "{tree}/docs"], exit_codes.NO_SPECS),
    (DIFF, ["{tree}/good.yml", "{tree}/good.yml"], exit_codes.SAME),
    (DIFF, ["{tree}/good.yml", "{tree}/bad.yml"], exit_codes.DIFFERENT),
    (DIFF, ["{tree}/good.yml", "{tree}/broken.yml"], exit_codes.UNREADABLE_INPUT),
    (NORMALIZE, ["{tree}/good.yml"], exit_codes.DONE),
    (NORMALIZE, ["{tree}/broken.yml"], exit_codes.UNREADABLE_INPUT),
]


@pytest.mark.parametrize(("command", "args", "status"), SITUATIONS, ids=lambda v: v if isinstance(v, str) else None)
def test_each_situation_ends_with_its_recorded_status(
    command: str, args: list[str], status: exit_codes.ExitStatus, tree: Path
) -> None:
    assert command in status.commands, "the record names the command for this status"
    name = "convert" if command == CHECK else command
    result = run_cli(name, *(arg.format(tree=tree) for arg in args))
    assert result.exit_code == status.code, result.output


def test_every_status_is_exercised_or_is_a_usage_error() -> None:
    shown = {id(status) for _, _, status in SITUATIONS}
    assert [s for s in exit_codes.STATUSES if id(s) not in shown] == []


@pytest.mark.parametrize("name", sorted(HELP))
def test_help_ends_with_the_commands_statuses(name: str) -> None:
    """Each command's --help lists its statuses from the record, and no other command's."""
    text = " ".join(run_cli(name, "--help").output.split())
    shown = [s for command in HELP[name] for s in exit_codes.of(command)]
    assert shown
    for status in exit_codes.STATUSES:
        line = " ".join(f"{status.code} {status.meaning}".split())
        assert (line in text) == (status in shown), (name, status.code, status.meaning)


def test_check_list_ends_with_the_recorded_meaning(tree: Path) -> None:
    result = run_cli("convert", "--check", str(tree / "old.yml"))
    status = exit_codes.CHECK_CONVERTIBLE
    assert result.stdout.splitlines()[-1] == f"exit {status.code}: {status.meaning}"
