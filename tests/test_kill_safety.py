"""An in-place conversion killed (SIGKILL) at random moments never leaves a truncated or half-converted file: every
file holds its original bytes or the complete converted output; a re-run then finishes the job.

500 files generated from samples/polyaxon-v0 into tmp_path; 15 seeded kills, each at a random moment after the
run's first write (so a slow start on a loaded machine cannot make the kills miss). SIGTERM and
SIGINT, which can be caught, leave no temporary file at all; the clean-up of what SIGKILL left removes only
temporaries whose run is gone, never a user's file with a similar name.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from speclift.conversion.engine import convert_text
from tests.conftest import ROOT

SAMPLES = sorted((ROOT / "samples" / "polyaxon-v0").glob("*.yml"))
FILES, PER_FOLDER, KILLS, SEED = 500, 50, 15, 20261123

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _generate(tree: Path) -> dict[Path, int]:
    """Fresh originals: file -> index of the sample it copies."""
    if tree.exists():
        shutil.rmtree(tree)
    made = {}
    for index in range(FILES):
        folder = tree / f"team{index // PER_FOLDER:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"job{index:03d}.yml"
        shutil.copyfile(SAMPLES[index % len(SAMPLES)], path)
        made[path] = index % len(SAMPLES)
    return made


def _start(tree: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "speclift", "convert", "--in-place", str(tree)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill reaches everything it started
        env=env,
    )


def _state(files: dict[Path, int], originals: list[bytes], converted: list[bytes]) -> tuple[int, int]:
    """(originals, converted) counts; fails on any file that is neither."""
    old = new = 0
    for path, sample in files.items():
        data = path.read_bytes()
        if data == originals[sample]:
            old += 1
        elif data == converted[sample]:
            new += 1
        else:
            pytest.fail(f"{path} is neither its original nor its complete conversion ({len(data)} bytes)")
    return old, new


def _conversions(files: dict[Path, int], originals: list[bytes]) -> list[bytes]:
    """Each sample's complete conversion."""
    converted = []
    for sample, text in enumerate(originals):
        path = next(p for p, s in files.items() if s == sample)
        result = convert_text(text.decode(), str(path))
        assert result.ok and len(result.outputs) == 1
        converted.append(result.outputs[0].text.encode())
    return converted


def test_killed_in_place_conversion_leaves_every_file_whole(tmp_path: Path) -> None:
    originals = [p.read_bytes() for p in SAMPLES]
    tree = tmp_path / "repo"
    files = _generate(tree)
    converted = _conversions(files, originals)
    rng = random.Random(SEED)
    partial = 0
    for _ in range(KILLS):
        before = {path: path.stat().st_mtime_ns for path in files}
        process = _start(tree)
        _wait_for_first_write(process, before)  # however slow the start: a loaded machine takes seconds to import
        time.sleep(rng.uniform(0.0, 0.5))
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        old, new = _state(files, originals, converted)
        partial += bool(old and new)
        if not old:  # the run finished before the kill: start again from originals
            files = _generate(tree)
    assert partial >= 3, "the kills should land while files are being converted"
    final = subprocess.run(
        [sys.executable, "-m", "speclift", "convert", "--in-place", str(tree)], capture_output=True, text=True, check=False
    )
    assert final.returncode == 0, final.stderr
    assert _state(files, originals, converted) == (0, FILES)  # the re-run completed the job
    assert not list(tree.rglob(".speclift-*"))  # and removed what the killed runs left behind


def _wait_for_first_write(process: subprocess.Popen[bytes], before: dict[Path, int]) -> None:
    """Until the run has replaced a file (or ended), so the kill lands while files are being converted."""
    while process.poll() is None:
        if any(path.stat().st_mtime_ns != mtime for path, mtime in before.items()):
            return
        time.sleep(0.01)


# A run whose every write lingers (os.fsync slowed down): a signal then lands while a temporary file exists.
_SLOW_WRITES = (
    "import os, sys, time\n"
    "real = os.fsync\n"
    "os.fsync = lambda fd: (time.sleep(0.3), real(fd))[1]\n"
    "from speclift.cli import main\n"
    "sys.argv = ['speclift', 'convert', '--in-place', sys.argv[1]]\n"
    "main()\n"
)


@pytest.mark.parametrize(("stop", "status"), [(signal.SIGTERM, -signal.SIGTERM), (signal.SIGINT, 1)])
def test_stopped_in_place_conversion_leaves_no_temporary_file(tmp_path: Path, stop: signal.Signals, status: int) -> None:
    # SIGTERM ends the run by the signal itself (a shell reports 143), SIGINT as KeyboardInterrupt does (click's
    # "Aborted!", status 1); either way after removing the temporary file being written.
    originals = [p.read_bytes() for p in SAMPLES]
    tree = tmp_path / "repo"
    files = _generate(tree)
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITES, str(tree)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    while process.poll() is None and not list(tree.rglob(".speclift-*.tmp")):
        time.sleep(0.01)  # waits for the moment to strike; asserts nothing about time
    assert process.poll() is None, "the run ended before a temporary file was seen"
    os.kill(process.pid, stop)
    _, stderr = process.communicate()
    assert process.returncode == status, stderr.decode()
    assert not list(tree.rglob(".speclift-*")), "a temporary file was left behind"
    old, _ = _state(files, originals, _conversions(files, originals))  # every file whole: old or converted
    assert old, "the run was stopped before it finished"


def test_cleanup_removes_only_leftovers_of_runs_that_are_gone(tmp_path: Path) -> None:
    # `.speclift-*.tmp` used to be deleted on sight: a user's file of that name, or another run's temporary.
    tree = tmp_path / "repo"
    tree.mkdir()
    shutil.copyfile(SAMPLES[0], tree / "job.yml")
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    dead = int(gone.stdout)
    mine = {".speclift-abc.tmp": b"user data", f".speclift-{os.getpid()}-{'0' * 16}.tmp": b"a live run's"}
    for name, data in mine.items():
        (tree / name).write_bytes(data)
    (tree / f".speclift-{dead}-{'a' * 16}.tmp").write_bytes(b"a killed run's")
    result = subprocess.run(
        [sys.executable, "-m", "speclift", "convert", "--in-place", str(tree)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert {p.name: p.read_bytes() for p in tree.glob(".speclift-*")} == mine
