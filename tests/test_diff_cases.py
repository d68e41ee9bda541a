"""Golden diff cases (tests/cases/diff/<case>/), picked up automatically.

A case holds a.yml and b.yml, or a corpus.yml naming a corpus file and the edits that make B out of it (a.yml is
then the corpus file verbatim and b.yml the edited data in canonical form, written at test time; the case is skipped
when the corpus is absent). expected.txt is the exact text output of `speclift diff [args.txt] a.yml b.yml`;
expected.md, expected.json and expected.github, when present, the markdown, JSON and GitHub-annotation outputs. A case
whose files have other names (an MLproject and the job converted from it) lists A and B in paths.txt, paths relative
to the case folder; every file of the case folder but the expected outputs is copied beside them. The exit status must be 1 when the
expected text reports differences, 0 otherwise. SPECLIFT_REGENERATE=1 rewrites the expected files.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from speclift.diffing.normalise import dump
from tests.conftest import CASES, CORPUS, run_cli

DIFF_CASES = sorted(p for p in (CASES / "diff").iterdir() if p.is_dir())
REGENERATE = os.environ.get("SPECLIFT_REGENERATE") == "1"
OUTPUTS = {"expected.txt": "text", "expected.md": "markdown", "expected.json": "json", "expected.github": "github"}
_NOT_INPUTS = ("expected.*", "args.txt", "paths.txt", "corpus.yml")


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.lstrip("/").split("/")]


def apply_edits(data: Any, edits: list[dict[str, Any]]) -> Any:
    """set / remove / move (a list item to index `to`) at JSON pointers, in order."""
    for edit in edits:
        *parents, last = _tokens(edit["path"])
        node = data
        for token in parents:
            node = node[int(token)] if isinstance(node, list) else node[token]
        key: Any = int(last) if isinstance(node, list) else last
        if edit["op"] == "set":
            node[key] = edit["value"]
        elif edit["op"] == "remove":
            del node[key]
        elif edit["op"] == "move":
            node.insert(edit["to"], node.pop(key))
        else:
            raise ValueError(f"unknown edit {edit['op']!r}")
    return data


def materialise(case: Path, folder: Path) -> None:
    """Put a.yml and b.yml for ``case`` into ``folder``."""
    recipe = case / "corpus.yml"
    if not recipe.exists():
        shutil.copytree(case, folder, ignore=shutil.ignore_patterns(*_NOT_INPUTS), dirs_exist_ok=True)
        return
    spec = yaml.safe_load(recipe.read_text())
    source = CORPUS / spec["corpus"]
    if not source.is_file():
        pytest.skip(f"corpus file {spec['corpus']} is not present")
    text = source.read_text(encoding="utf-8")
    (folder / "a.yml").write_text(text, encoding="utf-8")
    (folder / "b.yml").write_text(dump(apply_edits(yaml.safe_load(text), spec["edits"])), encoding="utf-8")


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text().splitlines() if line] if path.exists() else []


def _args(case: Path) -> list[str]:
    return _lines(case / "args.txt")


def _paths(case: Path) -> list[str]:
    """A and B: the two lines of paths.txt, else a.yml and b.yml."""
    return _lines(case / "paths.txt") or ["a.yml", "b.yml"]


@pytest.mark.parametrize("case", DIFF_CASES, ids=lambda p: p.name)
def test_diff_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    materialise(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    for name, output_format in OUTPUTS.items():
        expected = case / name
        if not expected.exists() and not (REGENERATE and name == "expected.txt"):
            continue
        result = run_cli("diff", "--format", output_format, *_args(case), *_paths(case))
        if REGENERATE:
            expected.write_text(result.stdout)
        assert result.stdout == expected.read_text(), f"{case.name}/{name}"
        different = not result.stdout.splitlines()[-1].startswith("no differences") if output_format == "text" else None
        if different is not None:
            assert result.exit_code == (1 if different else 0), result.stdout


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


def test_reordered_env_list_deepdiff_mispairs(tmp_path: Path) -> None:
    """The env list was reordered and three values changed. speclift reports the three value changes and the moves;
    DeepDiff's ignore_order pairs MOMENTUM with a different item and calls it removed and re-added."""
    from deepdiff import DeepDiff

    case = CASES / "diff" / "reorder-env"
    a, b = _load(case / "a.yml"), _load(case / "b.yml")
    ours = run_cli("diff", str(case / "a.yml"), str(case / "b.yml")).stdout
    changed = [line.split()[1] for line in ours.splitlines() if line.strip().startswith("changed")]
    assert sorted(changed) == [
        "run.container.env[name=LR].value:",
        "run.container.env[name=MOMENTUM].value:",
        "run.container.env[name=SEED].value:",
    ]
    assert " added " not in ours and " removed " not in ours
    theirs = DeepDiff(a, b, ignore_order=True)
    removed = list(theirs.get("iterable_item_removed", {}).values())
    added = list(theirs.get("iterable_item_added", {}).values())
    assert {"name": "MOMENTUM", "value": "0.9"} in removed and {"name": "MOMENTUM", "value": "0.1"} in added
    assert len(theirs.get("values_changed", {})) == 2  # one of the three value changes is lost in the mis-pairing


def test_renamed_input_deepdiff_mispairs() -> None:
    """`lr` was renamed `learning_rate`, and the values of the two float inputs were swapped. speclift: `lr`
    removed, `learning_rate` added, `dropout` 0.5 -> 0.1. DeepDiff's ignore_order says `lr` was renamed `dropout`."""
    from deepdiff import DeepDiff

    case = CASES / "diff" / "rename-input"
    ours = run_cli("diff", str(case / "a.yml"), str(case / "b.yml")).stdout
    assert "removed  inputs[name=lr]:" in ours
    assert "added    inputs[name=learning_rate]:" in ours
    assert "changed  inputs[name=dropout].value: 0.5 -> 0.1" in ours
    theirs = DeepDiff(_load(case / "a.yml"), _load(case / "b.yml"), ignore_order=True)
    renamed = [v for k, v in theirs.get("values_changed", {}).items() if k.endswith("['name']")]
    assert {"old_value": "lr", "new_value": "dropout"} in renamed  # a rename that never happened
