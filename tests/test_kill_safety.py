"""An in-place conversion killed (SIGKILL) at random moments never leaves a truncated or half-converted file: every
file holds its original bytes or the complete converted output; a re-run then finishes the job.

500 files generated from samples/polyaxon-v0 into tmp_path; 15 seeded kills; well under a minute.
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


def test_killed_in_place_conversion_leaves_every_file_whole(tmp_path: Path) -> None:
    originals = [p.read_bytes() for p in SAMPLES]
    tree = tmp_path / "repo"
    files = _generate(tree)
    converted = []
    for sample, text in enumerate(originals):
        path = next(p for p, s in files.items() if s == sample)
        result = convert_text(text.decode(), str(path))
        assert result.ok and len(result.outputs) == 1
        converted.append(result.outputs[0].text.encode())
    rng = random.Random(SEED)
    started = time.monotonic()
    partial = 0
    for _ in range(KILLS):
        process = _start(tree)
        time.sleep(rng.uniform(0.3, 3.0))
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
    assert time.monotonic() - started < 60
