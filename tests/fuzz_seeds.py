"""The real files the conversion, diff and normalize fuzz tests mutate, and the hostile cases' layout.

Seeds are the inputs of the golden conversion cases (and the files they refer to), the bundled samples and the diff
cases, grouped by the spec type speclift detects in them: every converter gets the old-format files it reads, diff
and normalize get current ones too. A seed's mutants are written to its own path, so the files it names (a run
configuration, a conda file) resolve as they do for the original.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from conftest import CASES, ROOT

from speclift import spectypes, yamlio
from speclift.converters import CONVERTERS

SEED_ROOTS = (CASES / "convert", CASES / "diff", CASES / "studio-classic" / "graphs", ROOT / "samples")
HOSTILE = CASES / "hostile"
# Reproducers of crashes not fixed yet: not collected by test_hostile_cases.py; moved to HOSTILE once they pass.


@dataclass(frozen=True, slots=True, eq=False)  # compared and hashed by identity: the data is a dict
class Seed:
    path: Path
    text: str
    documents: list[Any]  # the data of each YAML document
    source_type: str  # the detected spec type
    options: dict[str, dict[str, str]] = field(default_factory=dict)  # the golden case's options.txt, if any

    @property
    def legacy(self) -> bool:
        return self.source_type in CONVERTERS


def detected_type(path: Path, text: str | None = None) -> str | None:
    """The spec type of ``path``'s first document (``text`` read from it unless given), None when there is none."""
    try:
        text = yamlio.read_file(str(path)) if text is None else text
    except yamlio.LoadError:
        return None
    loaded = yamlio.load(text, str(path))
    if not loaded.documents or loaded.findings:
        return None
    spec = spectypes.detect(loaded.documents[0].data, path.name).spec_type
    return None if spec is None else spec.id


def case_options(folder: Path) -> dict[str, dict[str, str]]:
    """A conversion case's ``options.txt`` (``NAME=VALUE`` lines), for every converter."""
    path = folder / "options.txt"
    if not path.exists():
        return {}
    values = dict(line.split("=", 1) for line in path.read_text().split("\n") if line.strip())
    return {source: values for source in CONVERTERS}


def _is_expected(path: Path) -> bool:
    """An expected output of a golden case (or of a sample), not an input."""
    return path.name.startswith("expected") or "expected" in path.parts


def collect_seeds() -> list[Seed]:
    seeds = []
    for root in SEED_ROOTS:
        for path in sorted(root.rglob("*")):
            kept = path.suffix in (".yml", ".yaml", ".json", ".runconfig") or path.name.lower() == "mlproject"
            if not path.is_file() or _is_expected(path) or not kept:
                continue
            text = yamlio.read_file(str(path))
            source_type = detected_type(path, text)
            if source_type is not None:
                seeds.append(Seed(path, text, list(yaml.safe_load_all(text)), source_type, case_options(path.parent)))
    return seeds


# --------------------------------------------------------------------------------------------------------------------
# hostile cases: tests/cases/hostile/<command>/<name>.<ext> (one file), or <name>/ holding `input.*` (convert,
# normalize: the file the command is given, beside the files it names) or `a.*` and `b.*` (diff)


@dataclass(frozen=True, slots=True)
class HostileCase:
    command: str
    name: str
    files: tuple[Path, ...]  # the command's arguments

    @property
    def id(self) -> str:
        return f"{self.command}/{self.name}"


def _inputs(folder: Path, command: str) -> tuple[Path, ...]:
    stems = ("a", "b") if command == "diff" else ("input",)
    found = []
    for stem in stems:
        named = sorted(p for p in folder.iterdir() if p.is_file() and p.stem == stem)
        assert len(named) == 1, f"{folder}: expected one {stem}.* file, found {[p.name for p in named]}"
        found.append(named[0])
    return tuple(found)


def hostile_cases(root: Path) -> list[HostileCase]:
    cases = []
    for command_dir in sorted(p for p in root.glob("*") if p.is_dir()):
        for entry in sorted(command_dir.iterdir()):
            files = _inputs(entry, command_dir.name) if entry.is_dir() else (entry,)
            cases.append(HostileCase(command_dir.name, entry.name, files))
    return cases
