"""Tables fit the terminal: the scan table and `speclift codes` take the width of a terminal (COLUMNS when set) and
keep every cell whole when piped."""

from __future__ import annotations

import os
import re
import unicodedata

import pytest

from speclift.codes import CODES
from speclift.reporters import table
from speclift.reporters.table import shorten
from speclift.reporters.view import View
from tests.conftest import CASES, ROOT, run_cli

CASE = CASES / "scan-table"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _scan(monkeypatch: pytest.MonkeyPatch, columns: int | None, *args: str) -> str:
    monkeypatch.chdir(CASE / "tree")
    if columns is not None:
        monkeypatch.setenv("COLUMNS", str(columns))
    result = run_cli("scan", *args, ".")
    assert result.exit_code == 0
    return result.stdout


@pytest.mark.parametrize("columns", [80, 120, None], ids=["80", "120", "unlimited"])
def test_golden_tables(columns: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _scan(monkeypatch, columns)
    golden = CASE / f"expected-{columns or 'unlimited'}.txt"
    if os.environ.get("SPECLIFT_REGENERATE"):
        golden.write_text(text)
    assert text == golden.read_text()


@pytest.mark.parametrize("columns", [80, 100, 120, 160, 240])
def test_every_line_fits(columns: int, monkeypatch: pytest.MonkeyPatch) -> None:
    for tree in (CASE / "tree", ROOT / "samples"):
        monkeypatch.chdir(tree)
        monkeypatch.setenv("COLUMNS", str(columns))
        lines = run_cli("scan", ".").stdout.splitlines()
        assert max(len(line) for line in lines) <= columns, tree


def test_piped_output_keeps_every_cell(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _scan(monkeypatch, None)
    long = "teams/forecasting/pipelines/nightly-retraining/deploy/online-endpoints/deployment-configuration-for-aci.yml"
    assert long in text and "azureml/v2/managed-online-endpoint, azureml/v2/managed-online-deployment" in text
    assert "..." not in text


def test_file_names_stay_whole_and_lines_stay_one_row_per_file(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _scan(monkeypatch, 120)
    for name in ("fetch-data.yml", "prep.runconfig", "inferenceconfig.yml", "pipeline.yml"):
        assert name in text
    rows = [line for line in text.splitlines()[2:] if line and not line.startswith(" ")]
    assert len(rows) == 7 + 2  # a row per file, then the totals on two lines


def test_colour_pads_outside_the_escape_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = _scan(monkeypatch, 80)
    coloured = _scan(monkeypatch, 80, "--color", "always")
    assert coloured != plain and ANSI.sub("", coloured) == plain


@pytest.mark.parametrize(
    ("path", "width", "shown"),
    [
        ("teams/churn/.azureml/prep.runconfig", 40, "teams/churn/.azureml/prep.runconfig"),
        ("teams/churn/.azureml/prep.runconfig", 33, "teams/.../.azureml/prep.runconfig"),
        ("teams/churn/.azureml/prep.runconfig", 30, "teams/.../prep.runconfig"),
        ("teams/churn/.azureml/prep.runconfig", 24, "teams/.../prep.runconfig"),
        ("teams/churn/.azureml/prep.runconfig", 20, ".../prep.runconfig"),
        ("teams/churn/.azureml/prep.runconfig", 12, "...runconfig"),
        ("/srv/repo/jobs/train.yml", 19, "/.../jobs/train.yml"),
        ("azureml/v2/managed-online-endpoint", 30, ".../v2/managed-online-endpoint"),
        ("azureml/v2/managed-online-endpoint", 29, ".../managed-online-endpoint"),
        ("a-single-long-file-name.yml", 12, "...-name.yml"),
        ("x.yml", 2, "ml"),
    ],
)
def test_shorten_keeps_the_file_name_and_drops_the_middle(path: str, width: int, shown: str) -> None:
    assert shorten(path, width) == shown
    assert len(shown) <= width


def test_codes_wrap_their_meanings(monkeypatch: pytest.MonkeyPatch) -> None:
    piped = run_cli("codes").stdout.splitlines()
    rows = [f"{c.code}  {c.name:<26} {c.severity.label:<8} {c.summary}".rstrip() for c in CODES.values()]
    assert piped[: len(rows)] == rows  # piped: one whole line per code, as always
    monkeypatch.setenv("COLUMNS", "90")
    narrow = run_cli("codes").stdout
    assert max(len(line) for line in narrow.splitlines()) <= 90
    assert " ".join(narrow.split()) == " ".join("\n".join(piped).split())  # the same words


@pytest.mark.parametrize("columns", ["0", "-5", "abc", ""])
def test_a_columns_value_that_is_no_width_leaves_piped_output_whole(columns: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", columns)  # as shutil reads it: 0 or less, or no number, is no width
    assert _scan(monkeypatch, None) == (CASE / "expected-unlimited.txt").read_text()


def _columns(line: str) -> int:
    """The terminal columns ``line`` takes: East Asian wide and fullwidth characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_wide_characters_line_up_by_the_columns_they_take() -> None:
    columns = (table.Column("file", table.PATH, minimum=8), table.Column("status"))
    rows = [["数据/子目录/训练任务.yml", "current"], ["jobs/train.yml", "convertible"]]
    for width in (None, 60, 24, 21):  # 21: the path at its minimum, 8
        lines = table.render(columns, rows, View(width=width))
        starts = {_columns(line[: line.rindex("  ") + 2]) for line in lines[2:]}
        assert len(starts) == 1, (width, lines)  # the status column starts at the same column on every row
        if width is not None:
            assert max(_columns(line) for line in lines) <= width, lines


@pytest.mark.parametrize("width", [4, 10, 14, 18, 24])
def test_shorten_counts_wide_characters_twice(width: int) -> None:
    shown = shorten("数据/子目录/训练任务.yml", width)
    assert _columns(shown) <= width and shown.endswith("l" if width < 10 else "务.yml")
