"""Golden behaviour cases of the Studio (classic) component runtime: tests/cases/studio-modules/<module>/<case>/.

Each case runs ``python -m studio_modules.<module>`` as a component would (working directory: a copy of the runtime
beside the case's files) and compares its output folders with the expected ``out-<port>/`` folders exactly (numbers
within ``tolerance.txt`` when the case has one), or its failure with ``expected-error.txt``. An ``in-<port>.from``
file takes another case's output as an input (a trained model, made by the installed scikit-learn). The layout is in
tests/cases/studio-modules/README.md. SPECLIFT_REGENERATE=1 rewrites the expected files from what the modules do
(then read the diff against the documented behaviour).
"""

from __future__ import annotations

import csv
import importlib
import io
import itertools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CASES, STUDIO_RUNTIME

CASE_ROOT = CASES / "studio-modules"
REGENERATE = os.environ.get("SPECLIFT_REGENERATE") == "1"
NOT_COPIED = {"args.txt", "about.txt", "expected-error.txt", "tolerance.txt"}
FROM = ".from"  # in-<slug>.from: the input is another case's output, made by running that case
UNSTABLE = {"model.pkl"}  # a pickle's bytes depend on the Python version: model.json says the same in text


def _cases() -> list[Path]:
    return sorted(path.parent for path in CASE_ROOT.glob("*/*/args.txt"))


def _arguments(case: Path) -> list[str]:
    """args.txt: one option a line (``--name value``, the value verbatim to the line's end); ``#`` lines are notes."""
    argv: list[str] = []
    for line in (case / "args.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        option, _, value = line.partition(" ")
        argv += [option, value]
    return argv


def _outputs(module: str) -> list[str]:
    from studio_modules import cli

    declared = getattr(importlib.import_module(f"studio_modules.{module}"), "MODULE", None)
    return [cli.slug(port) for port in declared.outputs] if declared is not None else []


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(case: Path, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], Path, list[str]]:
    """Run a case's module in a fresh working directory: the process, that directory and the output slugs."""
    module = case.parent.name
    work = tmp_path / "code"
    shutil.copytree(STUDIO_RUNTIME / "studio_modules", work / "studio_modules", ignore=shutil.ignore_patterns("__pycache__"))
    argv: list[str] = []
    for item in sorted(case.iterdir()):
        if item.name in NOT_COPIED or item.name.startswith("out-"):
            continue
        if item.name.startswith("in-") and item.name.endswith(FROM):
            slug = item.name[3 : -len(FROM)]
            shutil.copytree(_produced(item, tmp_path / f"from-{slug}"), work / f"in-{slug}")
            argv += [f"--{slug}", f"in-{slug}"]
        elif item.is_dir():
            shutil.copytree(item, work / item.name)
            if item.name.startswith("in-"):
                argv += [f"--{item.name[3:]}", item.name]
        else:
            shutil.copy(item, work / item.name)
    argv += _arguments(case)
    outputs = _outputs(module)
    for slug in outputs:
        argv += [f"--{slug}", f"out/{slug}"]
    ran = subprocess.run(
        [sys.executable, "-m", f"studio_modules.{module}", *argv],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    return ran, work, outputs


def _produced(pointer: Path, tmp_path: Path) -> Path:
    """The output an ``in-<slug>.from`` file names (``<module>/<case> <output-slug>``), made by running that case."""
    source, _, slug = pointer.read_text(encoding="utf-8").strip().partition(" ")
    ran, work, _ = _run(CASE_ROOT / source, tmp_path)
    assert ran.returncode == 0, f"{pointer.name}: the case {source} failed: {ran.stderr}"
    return work / "out" / slug


def _same(produced: dict[str, str], expected: dict[str, str], tolerance: float | None) -> bool:
    """Files compared exactly; with a tolerance, the numbers of data.csv files within it (other cells exactly)."""
    if tolerance is None or produced.keys() != expected.keys():
        return produced == expected
    for name, text in expected.items():
        if not name.endswith(".csv"):
            if produced[name] != text:
                return False
            continue
        mine, theirs = list(csv.reader(io.StringIO(produced[name]))), list(csv.reader(io.StringIO(text)))
        if len(mine) != len(theirs) or any(len(a) != len(b) for a, b in zip(mine, theirs, strict=True)):
            return False
        for cell, wanted in zip(itertools.chain(*mine), itertools.chain(*theirs), strict=True):
            if cell != wanted and not _close(cell, wanted, tolerance):
                return False
    return True


def _close(cell: str, wanted: str, tolerance: float) -> bool:
    try:
        return abs(float(cell) - float(wanted)) <= tolerance
    except ValueError:
        return False


@pytest.mark.parametrize("case", _cases(), ids=lambda case: f"{case.parent.name}/{case.name}")
def test_module_case(case: Path, tmp_path: Path) -> None:
    assert (case / "about.txt").is_file(), "each case says in about.txt which documented behaviour it shows"
    ran, work, outputs = _run(case, tmp_path)
    assert "Traceback" not in ran.stderr, ran.stderr
    expected_error = case / "expected-error.txt"
    if expected_error.is_file():
        if REGENERATE:
            expected_error.write_text(ran.stderr, encoding="utf-8")
        assert (ran.returncode, ran.stderr) == (1, expected_error.read_text(encoding="utf-8"))
        return
    assert ran.returncode == 0, ran.stderr
    expected_folders = sorted(p.name for p in case.iterdir() if p.is_dir() and p.name.startswith("out-"))
    if REGENERATE:
        for slug in outputs:
            target = case / f"out-{slug}"
            if target.exists():
                shutil.rmtree(target)
            produced = work / "out" / slug
            if produced.is_dir():
                shutil.copytree(produced, target, ignore=shutil.ignore_patterns(*UNSTABLE))
        expected_folders = sorted(p.name for p in case.iterdir() if p.is_dir() and p.name.startswith("out-"))
    assert expected_folders, "a case that succeeds names the outputs it expects (out-<port>/)"
    tolerance_file = case / "tolerance.txt"
    tolerance = float(tolerance_file.read_text(encoding="utf-8").split()[0]) if tolerance_file.is_file() else None
    for name in expected_folders:
        produced = {k: v for k, v in _files(work / "out" / name[4:]).items() if Path(k).name not in UNSTABLE}
        expected = _files(case / name)
        mine = {k: v.decode("utf-8") for k, v in produced.items()}
        theirs = {k: v.decode("utf-8") for k, v in expected.items()}
        if not _same(mine, theirs, tolerance):
            assert mine == theirs, name  # shows the difference
