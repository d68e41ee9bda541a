"""The README's generated tables match the code."""

from __future__ import annotations

from speclift import docs
from tests.conftest import ROOT


def test_readme_tables_are_current() -> None:
    text = (ROOT / "README.md").read_text()
    assert docs.render(text) == text, "run `python -m speclift.docs README.md`"
    for block in docs.BLOCKS:
        assert f"<!-- {block}:start -->" in text


def test_readme_opens_with_the_two_commands() -> None:
    head = (ROOT / "README.md").read_text().split("\n## ", 1)[0]
    assert "make demo" in head and "make test" in head
