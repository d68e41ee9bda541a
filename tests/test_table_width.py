"""Tables fit the terminal: the scan table and `speclift codes` take the width of a terminal (COLUMNS when set) and
keep every cell whole when piped."""

from __future__ import annotations

import os
import re

import pytest

from speclift.codes import CODES
from speclift.reporters.table import shorten
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
