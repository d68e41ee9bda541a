"""One command migrates every old-format folder of the real-file corpus into a fresh output tree, with a report;
running it again changes nothing. Read from ../shared/corpus (skipped when absent), written only under tmp_path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from speclift.converters import CONVERTERS
from tests.conftest import run_cli
from tests.conversion_checks import stage_named_files

# Folder -> the old formats it holds.
OLD_FORMAT_FOLDERS = {
    "polyaxon-v0": ("polyaxon/v0/polyaxonfile",),
    "azureml-v1-runconfig": ("azureml/v1/runconfig",),
    "azureml-v1-pipeline": ("azureml/v1/pipeline",),
    "azureml-v1-hyperdrive": ("azureml/v1/hyperdrive",),
    "azureml-v1-deploy": ("azureml/v1/deployment-config", "azureml/v1/inference-config"),
}
SPEC_SUFFIXES = (".yml", ".yaml", ".json", ".runconfig", ".compute")


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _repository(corpus: Path, tmp_path: Path) -> list[str]:
    """The old-format corpus folders copied into a repository, with the files their specs name (scripts, conda
    files, code folders: their repositories had them, the corpus does not) created empty: without them every
    output would rightly need a person (SL412)."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    folders = []
    for name, formats in OLD_FORMAT_FOLDERS.items():
        if (corpus / name).is_dir() and all(f in CONVERTERS for f in formats):
            shutil.copytree(corpus / name, root / name, ignore=shutil.ignore_patterns("SOURCES.tsv", "README.md"))
            folders.append(str(root / name))
    made = stage_named_files(root)
    assert made, "the corpus specs name files their repositories had"
    return folders


def test_corpus_migrates_in_one_command(corpus: Path, tmp_path: Path) -> None:
    folders = _repository(corpus, tmp_path)
    out, report = tmp_path / "out", tmp_path / "report.json"
    first = run_cli("convert", *folders, "--out", str(out), "--report", str(report))
    assert first.exit_code in (0, 1), first.stderr  # 1: some files need a person, each with its reason
    crashes = [line for line in first.stderr.splitlines() if "SL009" in line]
    assert crashes == []
    assert "SL420" not in first.stderr and "SL421" not in first.stderr
    payload = json.loads(report.read_text())
    entries = {str(Path(e["path"]).resolve()): e for e in payload["files"]}
    every = sorted(str(p.resolve()) for f in folders for p in Path(f).rglob("*") if p.suffix in SPEC_SUFFIXES and p.is_file())
    inventory = json.loads(run_cli("scan", "-v", "--format", "json", *folders).stdout)
    statuses = {str(Path(f["path"]).resolve()): f["status"] for f in inventory["files"]}
    assert sorted(statuses) == every  # every file of every old-format folder is surveyed
    supporting = sorted(name for name, status in statuses.items() if status == "not-a-spec")  # conda files beside specs
    assert sorted(entries) == sorted(set(every) - set(supporting))  # and every spec among them is in the report
    assert payload["totals"]["current"] == 0 and payload["totals"]["unreadable"] == 0
    assert all(not name.endswith((".runconfig", ".compute")) for name in supporting)
    converted = collisions = 0
    for name, entry in entries.items():
        if entry["status"] == "blocked":  # the reason is in the report, and nothing was written for it
            assert any(f["severity"] == "error" for f in entry["decide"]), name
            assert not entry["outputs"], name
            reasons = [f for f in entry["decide"] if f["code"] in ("SL404", "SL405", "SL406")]
            assert reasons, name
            continue
        if any("would all be converted to this file" in o["state"] for o in entry["outputs"]):
            collisions += 1  # `x.json` and `x.yml` side by side: refused, a person picks one
            assert all(o["state"].startswith("not written") for o in entry["outputs"]), name
            continue
        assert entry["outputs"] and all(o["state"] == "written" for o in entry["outputs"]), name
        converted += len(entry["outputs"])
    written = _snapshot(out)
    assert len(written) == converted == payload["totals"]["outputs written"]
    assert payload["totals"]["convertible"] + payload["totals"]["review"] > len(entries) // 2
    assert collisions <= 2
    validated = run_cli("validate", "--no-check-paths", str(out))
    assert "SL012" not in validated.stdout  # no old-format file in the output tree

    second = run_cli("convert", *folders, "--out", str(out), "--report", str(tmp_path / "again.json"))
    assert second.exit_code == first.exit_code
    assert _snapshot(out) == written
    again = json.loads((tmp_path / "again.json").read_text())
    assert again["totals"]["outputs written"] == 0 and again["totals"]["outputs unchanged"] == converted
    check = run_cli("convert", "--check", str(out))
    assert check.exit_code == 0, check.stdout
