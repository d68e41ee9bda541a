"""`--to polyaxon-v2`: version 1.1 polyaxonfiles upgraded for polyaxon 2.x, in a tree and over the real corpus.

polyaxon 2.18 itself judges the outputs in the conformance stage (`--only polyaxon-v2`); here speclift's own 2.x
schema and the conversion's guarantees are checked: no converter error, every source part accounted for, every
output valid as 2.x reads it, a file 2.x reads as it is left alone, and the lint rule (SL216) flagging exactly the
files the upgrade changes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from speclift import spectypes, yamlio
from speclift.config import Settings
from speclift.conversion.engine import convert_file
from speclift.validation.engine import validate_file
from tests.conftest import CASES, run_cli

TO_V2 = {
    source: {"to": "polyaxon-v2"} for source in ("polyaxon/v0/polyaxonfile", "polyaxon/v1/component", "polyaxon/v1/operation")
}
CASE = CASES / "convert" / "polyaxon-v2"


def _tree(tmp_path: Path) -> Path:
    tree = tmp_path / "repo"
    tree.mkdir()
    shutil.copy(CASE / "hyperopt-becomes-tpe" / "input.yml", tree / "tune.yml")
    shutil.copy(CASE / "already-reads-the-same" / "input.yml", tree / "train.yml")
    shutil.copy(CASES / "convert" / "polyaxon-v0" / "chain-to-v2-horovod-group" / "input.yml", tree / "old.yml")
    return tree


def test_a_tree_upgrades_only_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path)
    plain = run_cli("convert", "--check", "repo")
    assert "tune.yml" not in plain.stdout and "old.yml: polyaxon/v0/polyaxonfile -> polyaxon/v1/operation" in plain.stdout
    asked = run_cli("convert", "--to", "polyaxon-v2", "--check", "repo")
    assert "tune.yml: polyaxon/v1/operation -> polyaxon/v2/operation: convertible" in asked.stdout
    assert "old.yml: polyaxon/v0/polyaxonfile -> polyaxon/v2/operation" in asked.stdout
    assert "train.yml" not in asked.stdout  # 2.x reads it as it is
    converted = run_cli("convert", "--to", "polyaxon-v2", "--out", "out", "repo")
    assert converted.exit_code == 0, converted.stderr
    assert sorted(p.name for p in Path("out").iterdir()) == ["old.yml", "tune.yml"]
    again = run_cli("convert", "--to", "polyaxon-v2", "--check", "out")
    assert again.exit_code == 0, again.stdout  # nothing left to upgrade


def test_to_values_go_to_the_converters_that_take_them() -> None:
    """`--to` goes to the converters whose `to` takes the value: polyaxon-v2 is no MLflow target, and a value no
    converter takes is a usage error."""
    result = run_cli("convert", "--to", "polyaxon-v2", str(CASE / "already-reads-the-same" / "input.yml"))
    assert result.exit_code == 0 and "SL403" in result.stderr
    bad = run_cli("convert", "-O", "to=polyaxon-v3", str(CASE / "already-reads-the-same" / "input.yml"))
    assert bad.exit_code == 2 and "option to must be one of" in bad.output


def _corpus_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml"))


def _check_conversion(path: Path) -> tuple[bool, bool]:
    """(upgraded, refused) for one file; every output valid as polyaxon 2.x reads it."""
    converted = convert_file(str(path), TO_V2)
    found = {f.code for f in converted.findings}
    assert not found & {"SL009", "SL405", "SL406"}, (path.name, converted.findings)
    refused = "SL404" in found
    assert bool(converted.outputs) != (refused or converted.already_current), path.name
    for output in converted.outputs:
        assert output.spec_type.startswith("polyaxon/v2/"), path.name
        data = yamlio.load(output.text, "out.yml").documents[0].data
        assert spectypes.detect(data, "out.yml").spec_type is not None
    return bool(converted.outputs), refused


def test_corpus_v1_files_upgrade_and_the_lint_rule_agrees(corpus: Path) -> None:
    upgraded = 0
    for path in _corpus_files(corpus / "polyaxon-v1"):
        changed, _ = _check_conversion(path)
        upgraded += changed
        flagged = any(f.code == "SL216" for f in validate_file(str(path), Settings(check_paths=False)).findings)
        assert flagged == changed, path.name  # SL216 on exactly the files the upgrade rewrites
    assert upgraded >= 2  # the hyperopt matrix and the quoted joins limit


def test_corpus_v0_files_chain_to_v2(corpus: Path) -> None:
    refused = [path.name for path in _corpus_files(corpus / "polyaxon-v0") if _check_conversion(path)[1]]
    assert all("mxnet" in name for name in refused), refused  # 2.x has no mxjob: those need a person
