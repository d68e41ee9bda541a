"""The MLproject -> az ml job conversion says when a value cannot reach the program as MLflow gave it: Azure ML
substitutes an input's text into the command as it is, inside the quoting the command has around it."""

from __future__ import annotations

from pathlib import Path

import pytest

from speclift.conversion.engine import convert_file

MLPROJECT = """\
name: quoting
entry_points:
  main:
    parameters:
      name: {type: string, default: plain}
      note: {type: string, default: plain}
    command: 'python greet.py {name} --note "{note}"'
"""


def _quoting_findings(tmp_path: Path, params: str) -> list[str]:
    (tmp_path / "MLproject").write_text(MLPROJECT, encoding="utf-8")
    (tmp_path / "greet.py").write_text("", encoding="utf-8")
    result = convert_file(str(tmp_path / "MLproject"), {"mlflow/mlproject": {"params": params}}, str(tmp_path / "out"))
    assert result.ok
    return [f.message for f in result.findings if f.code == "SL401" and "ends the quoting" in f.message]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ("name='a b' note='c d'", []),  # spaces: one argument in both quotings
        ("""name='say "hi"'""", []),  # a double quote inside the single quotes the converter writes
        ('''name="it's"''', ["name"]),  # a single quote ends them
        ("""note='say "hi"'""", ["note"]),  # the command's own double quotes end at a double quote
        ("note='$HOME'", ["note"]),  # and expand a dollar
        ("""note="it's" """, []),  # a single quote inside double quotes is a character
    ],
)
def test_a_value_that_ends_its_quoting_is_reported(tmp_path: Path, params: str, expected: list[str]) -> None:
    found = _quoting_findings(tmp_path, params)
    assert [m.split()[3] for m in found] == expected
