"""Throughput of ``speclift convert`` over a tree against a bare ruamel.yaml round trip of the same files, in one run.

    python benchmarks/bench_convert.py [--repeat K] [--copies N] [--corpus DIR]

Input: every file of the corpus' old-format folders (``polyaxon-v0``, ``azureml-v1-*``), copied ``--copies`` times
into a temporary folder (so a run lasts long enough to time; nothing is written into the repository). Measured:

- ``speclift convert IN --out OUT`` as a process, start to exit (detection, conversion, validation of every output,
  atomic writes), with ``--jobs 1`` and ``--jobs 2``;
- a bare ruamel.yaml round trip (``YAML(typ="rt")``: load, then dump to memory) of the same files, in this process.

Both wall time and CPU time (user + system of the speclift process; of this process for the round trip) are kept:
on a shared machine the CPU figure is the one other processes cannot skew. The target applies to wall time.

Runs alternate, the median counts. Prints a table; writes ``benchmarks/out/convert.json``. Exit 1 when speclift is
below 0.8x the round trip's rate. See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPECLIFT = ROOT / ".venv" / "bin" / "speclift"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
FOLDERS = ("polyaxon-v0", "azureml-v1-runconfig", "azureml-v1-pipeline", "azureml-v1-hyperdrive", "azureml-v1-deploy")
SUFFIXES = (".yml", ".yaml", ".json", ".runconfig", ".compute")
TARGET = 0.8  # speclift files/s ÷ round-trip files/s, at least (issue 9)


def _prepare(corpus: Path, copies: int, into: Path) -> list[Path]:
    files = []
    for copy in range(copies):
        for name in FOLDERS:
            source = corpus / name
            if not source.is_dir():
                continue
            target = into / f"copy{copy}" / name
            target.mkdir(parents=True)
            for path in sorted(source.iterdir()):
                if path.suffix in SUFFIXES:
                    shutil.copyfile(path, target / path.name)
                    files.append(target / path.name)
    return files


CPU: dict[str, list[float]] = {}  # CPU seconds (user + system) per run: what the other processes on the machine cannot skew


def _speclift(tree: Path, out: Path, jobs: int) -> float:
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [str(SPECLIFT), "convert", str(tree), "--out", str(out), "--jobs", str(jobs)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    CPU.setdefault(f"speclift --jobs {jobs}", []).append(cpu)
    return elapsed


def _round_trip(files: list[Path]) -> float:
    from ruamel.yaml import YAML

    started, cpu = time.perf_counter(), time.process_time()
    for path in files:
        yaml = YAML(typ="rt")
        data = yaml.load(path.read_text(encoding="utf-8"))
        yaml.dump(data, io.StringIO())
    CPU.setdefault("round trip", []).append(time.process_time() - cpu)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}: nothing to measure")
        return 0
    with tempfile.TemporaryDirectory(prefix="speclift-bench-") as scratch:
        tree = Path(scratch) / "in"
        files = _prepare(args.corpus, args.copies, tree)
        _round_trip(files[:20])  # warm the imports
        CPU.clear()
        timings: dict[str, list[float]] = {"round trip": [], "speclift --jobs 1": [], "speclift --jobs 2": []}
        for _ in range(args.repeat):
            timings["speclift --jobs 1"].append(_speclift(tree, Path(scratch) / "out", 1))
            timings["round trip"].append(_round_trip(files))
            timings["speclift --jobs 2"].append(_speclift(tree, Path(scratch) / "out", 2))
    rates = {name: len(files) / statistics.median(values) for name, values in timings.items()}
    ratio = rates["speclift --jobs 1"] / rates["round trip"]
    print(f"{len(files)} files ({args.copies} copies of the corpus' old-format folders), median of {args.repeat}")
    cpu_rates = {name: len(files) / statistics.median(values) for name, values in CPU.items()}
    print(f"{'':28}{'files/s':>10}{'vs round trip':>16}{'CPU files/s':>14}{'vs round trip':>16}")
    for name, rate in rates.items():
        cpu_rate = cpu_rates[name]
        print(
            f"{name:28}{rate:10.0f}{rate / rates['round trip']:15.2f}x{cpu_rate:14.0f}{cpu_rate / cpu_rates['round trip']:15.2f}x"
        )
    verdict = "met" if ratio >= TARGET else "MISSED"
    print(f"target: speclift --jobs 1 at least {TARGET}x the round trip: {verdict}")
    (HERE / "out").mkdir(exist_ok=True)
    payload = {
        "files": len(files),
        "timings": timings,
        "files_per_second": rates,
        "cpu_seconds": CPU,
        "cpu_files_per_second": cpu_rates,
        "ratio": ratio,
        "target": TARGET,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    (HERE / "out" / "convert.json").write_text(json.dumps(payload, indent=2) + "\n")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
