"""The severity contract (error: the platform refuses; warning: accepted, very likely a mistake), what follows from it
for scan and convert, inline suppressions, the order of findings and how values appear in messages."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from speclift import codes
from speclift.findings import Finding, Severity, excerpt
from speclift.migration import FileStatus, Layout, survey
from speclift.migration.layout import MIRROR
from speclift.suppressions import read
from speclift.validation.engine import validate_text
from tests.conftest import run_cli, run_cli_bounded

COMMAND_JOB = "$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\ntype: command\n"
# A Polyaxon v0 experiment whose image is given twice: polyaxon and azure-ai-ml read with yaml.safe_load, which keeps
# the last value and accepts the file.
OLD_WITH_DUPLICATE = "version: 1\nkind: experiment\nrun:\n  image: python:2\n  image: python:3\n  cmd: python train.py\n"


def test_the_catalogue_states_the_contract() -> None:
    assert codes.CODES["SL002"].severity == Severity.WARNING  # safe_load keeps the last value: accepted
    assert codes.CODES["SL001"].severity == Severity.ERROR
    assert "platform refuses" in codes.SEVERITY_CONTRACT
    output = run_cli("codes").stdout
    assert "Severities: error: the platform refuses" in output and "--fail-on" in output


def test_duplicate_key_is_a_warning_and_the_last_value_counts() -> None:
    text = COMMAND_JOB + "command: python a.py\nenvironment: azureml:env:1\ncompute: azureml:cpu\ncommand: 3\n"
    result = validate_text(text, "job.yml", base_dir=".")
    duplicate = [f for f in result.findings if f.code == "SL002"]
    assert [(f.severity, f.line) for f in duplicate] == [(Severity.WARNING, 6)]
    assert "last value is used" in duplicate[0].message
    # the value kept is the second one, and a finding about it points at it, not at the dropped first value
    wrong_type = [f for f in result.findings if f.code == "SL103"]
    assert [(f.line, f.column) for f in wrong_type] == [(6, 10)]


def test_scan_and_convert_read_a_file_with_a_duplicate_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "old.yml").write_text(OLD_WITH_DUPLICATE)
    (tmp_path / "repo" / "current.yml").write_text(COMMAND_JOB + "command: a\ncommand: b\nenvironment: azureml:e:1\n")
    layout = Layout.for_paths(["repo"], MIRROR, "out")
    records = {Path(r.path).name: r for r in survey(["repo/old.yml", "repo/current.yml"], layout)}
    assert records["current.yml"].status == FileStatus.CURRENT
    old = records["old.yml"]
    assert old.status != FileStatus.UNREADABLE and old.outputs
    assert "python:3" in old.outputs[0].text and "python:2" not in old.outputs[0].text
    assert [(f.code, f.severity, f.line) for f in old.findings if f.code == "SL002"] == [("SL002", Severity.WARNING, 5)]
    result = run_cli("convert", "repo/old.yml")
    assert result.exit_code == 0 and "image: python:3" in result.stdout and "SL002" in result.stderr


def test_findings_sort_by_location_code_then_message() -> None:
    base = Finding("SL101", Severity.ERROR, "", "a.yml", 3, 1)
    same_place = [Finding(base.code, base.severity, message, base.path, 3, 1) for message in ("c", "a", "b")]
    others = [Finding("SL001", Severity.ERROR, "z", "a.yml", 3, 1), Finding("SL101", Severity.ERROR, "a", "a.yml", 2, 9)]
    every = same_place + others
    for seed in range(5):
        random.Random(seed).shuffle(every)
        ordered = sorted(every, key=Finding.sort_key)
        assert [(f.line, f.column, f.code, f.message) for f in ordered] == [
            (2, 9, "SL101", "a"),
            (3, 1, "SL001", "z"),
            (3, 1, "SL101", "a"),
            (3, 1, "SL101", "b"),
            (3, 1, "SL101", "c"),
        ]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (float("nan"), ".nan"),
        (float("inf"), ".inf"),
        (float("-inf"), "-.inf"),
        (None, "null"),
        (True, "true"),
        (12, "12"),
        ("x" * 1_000_000, "'" + "x" * 57 + "...'"),
        (10**10_000, "an integer of about 10,001 digits"),
        (-(10**99), "-1000000000000000000... (an integer of 100 digits)"),
        ({"a": 1}, "a mapping"),
    ],
    ids=["nan", "inf", "-inf", "null", "bool", "int", "long-string", "huge-int", "long-int", "mapping"],
)
def test_excerpt_is_short_and_yaml_worded(value: object, shown: str) -> None:
    assert excerpt(value) == shown


def test_a_huge_integer_is_not_echoed() -> None:
    digits = "9" * 10_000
    result = validate_text(
        COMMAND_JOB + f"command: echo\nenvironment: azureml:e:1\nresources:\n  instance_count: {digits}\n", "j.yml", base_dir="."
    )
    assert result.findings and all(len(f.message) < 300 for f in result.findings)
    long_key = "k" * 100_000
    result = validate_text(f"? {long_key}\n: 1\n? {long_key}\n: 2\n", "k.yml", base_dir=".")  # past 1024: explicit
    assert [f.code for f in result.findings if f.code == "SL002"] == ["SL002"]
    assert all(len(f.message) < 300 for f in result.findings)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1  # speclift: disable=SL101\n", [(1, "line", 1, ["SL101"])]),
        ("# speclift: disable=SL101, unknown-binding\na: 1\n", [(1, "line", 2, ["SL101", "SL201"])]),
        ("a: 1\n# speclift: disable-file=SL205\n", [(2, "file", 0, ["SL205"])]),
        ("a: '# speclift: disable=SL101'\n", []),
        ('a: "x # speclift: disable=SL101"\n', []),
        ("a: |\n  # speclift: disable=SL101\nb: 1\n", []),
        ("a: x# speclift: disable=SL101\n", []),  # no space before '#': part of the plain value
        ("a: 1  # speclift: disable=SL999\n", [(1, "line", 1, ["SL999"])]),
    ],
    ids=["after-value", "own-line", "file", "single-quoted", "double-quoted", "block-scalar", "no-space", "unknown"],
)
def test_suppression_comments_are_read_from_comments_only(text: str, expected: list[tuple[int, str, int, list[str]]]) -> None:
    assert [(d.line, d.scope, d.target, list(d.codes)) for d in read(text)] == expected


def test_a_syntax_error_does_not_make_later_suppressions_unused() -> None:
    text = COMMAND_JOB + "command: [a\n# speclift: disable=SL101\nenviroment: x\n"
    result = validate_text(text, "j.yml", base_dir=".")
    assert [f.code for f in result.findings] == ["SL001"]


def test_many_hashes_and_scalars_on_a_suppression_line_stay_linear(tmp_path: Path) -> None:
    # 100,000 quoted items each holding ' #', then a real suppression at the end of the same line: every '#' is
    # looked at once, and whether it is inside a scalar is a binary search, not a scan of the line's scalars
    line = "tags: [" + ", ".join(["' #'"] * 100_000) + "]  # speclift: disable=SL101\n"
    spec = tmp_path / "job.yml"
    spec.write_text(COMMAND_JOB + "command: echo\nenvironment: azureml:e:1\n" + line)
    result = run_cli_bounded("validate", "--format", "json", str(spec), cpu_seconds=20)
    assert result.signal == 0 and not result.traceback
    assert "SL013" in result.stdout  # the suppression was read (and suppresses nothing)
