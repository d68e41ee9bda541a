"""The three speed ratios of issue 9, measured side by side in one run (``make bench``).

    python benchmarks/bench_ratios.py [--files N] [--single-runs N] [--repeat K] [--copies N] [--corpus DIR]

1. single file: wall time of ``speclift validate FILE`` ÷ check-jsonschema's on the same file (target <= 0.3);
2. validate throughput: ``speclift validate --no-check-paths --format json`` over the generated set and the corpus'
   current-format folders, as one process, ÷ a bare libyaml parse (PyYAML ``CSafeLoader``) of the same files in one
   Python process (target >= 0.5, in files per second);
3. tree conversion: ``speclift convert IN --out OUT`` ÷ a bare ruamel.yaml round trip (load + dump) of the same
   files (target >= 0.8, in files per second).

Each comparison alternates its two sides and takes the median; the three run one after the other in the same run,
on the same machine state. The pieces come from ``bench_validate.py`` (single file, check-jsonschema offline) and
``bench_convert.py`` (the conversion tree and both of its timings). Prints a table, writes
``benchmarks/out/ratios.json``; exit status 1 when a target is missed. See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_convert  # noqa: E402
import bench_validate  # noqa: E402
import gen_specs  # noqa: E402

TARGETS = {
    "single file": ("<=", bench_validate.TARGETS["single_file_vs_check_jsonschema"]),
    "validate throughput": (">=", 0.5),  # speclift files/s ÷ bare libyaml parse files/s, at least
    "convert --out": (">=", bench_convert.TARGET),
}
CURRENT_FOLDERS = ("azureml-v2", "polyaxon-v1")

# One Python process parsing every file it is given with libyaml, as speclift's loader does (no positions, no checks).
BARE_PARSE = """
import sys, yaml
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as handle:
        try:
            for _ in yaml.load_all(handle.read(), Loader=yaml.CSafeLoader):
                pass
        except yaml.YAMLError:  # a broken file is parsed up to its error, as speclift parses it
            pass
"""


def single_file(work: Path, env: dict[str, str], runs: int) -> dict[str, Any]:
    rows = gen_specs.generate(str(work / "single"), 20)
    sample = next(path for path, kind, mistake in rows if kind == "command-job" and not mistake)
    measured = bench_validate.single_file(sample, env, runs)
    measured["value"] = measured["ratio"]
    return measured


def _yaml_files(folders: list[Path]) -> list[str]:
    return sorted(str(p) for folder in folders for p in folder.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())


def throughput(work: Path, corpus: Path, env: dict[str, str], files: int, repeat: int) -> dict[str, Any]:
    gen_specs.generate(str(work / "throughput"), files)
    folders = [work / "throughput" / "specs"] + [corpus / name for name in CURRENT_FOLDERS if (corpus / name).is_dir()]
    listed = _yaml_files(folders)
    commands = {
        "speclift": [str(bench_validate.SPECLIFT), "validate", "--no-check-paths", "--format", "json", *map(str, folders)],
        "bare libyaml parse": [sys.executable, "-c", BARE_PARSE, *listed],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(repeat + 1):  # the first round warms the file cache and the bytecode, and is not counted
        for name in sorted(commands, reverse=round_ % 2 == 1):
            seconds, done = bench_validate.run(commands[name], env)
            if done.returncode not in ((0, 1) if name == "speclift" else (0,)):
                raise SystemExit(f"{name} failed ({done.returncode}): {done.stderr[-2000:]}")
            if round_:
                times[name].append(seconds)
    rates = {name: len(listed) / statistics.median(values) for name, values in times.items()}
    return {
        "files": len(listed),
        "folders": [str(f) for f in folders],
        "seconds": times,
        "files_per_s": rates,
        "value": rates["speclift"] / rates["bare libyaml parse"],
    }


def convert(work: Path, corpus: Path, copies: int, repeat: int) -> dict[str, Any]:
    tree = work / "convert-in"
    files = bench_convert._prepare(corpus, copies, tree)
    bench_convert._round_trip(files[:20])  # warm the imports of this process
    bench_convert._speclift(tree, work / "convert-out", 1)  # and the file cache and bytecode of speclift's
    times: dict[str, list[float]] = {"speclift": [], "round trip": []}
    for _ in range(repeat):
        times["speclift"].append(bench_convert._speclift(tree, work / "convert-out", 1))
        times["round trip"].append(bench_convert._round_trip(files))
    rates = {name: len(files) / statistics.median(values) for name, values in times.items()}
    return {"files": len(files), "seconds": times, "files_per_s": rates, "value": rates["speclift"] / rates["round trip"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000, help="generated specs for the throughput (default 1000)")
    parser.add_argument("--single-runs", type=int, default=15, help="timed runs of the single-file comparison")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each throughput side (median)")
    parser.add_argument("--copies", type=int, default=4, help="copies of the corpus' old-format folders to convert")
    parser.add_argument("--corpus", type=Path, default=bench_validate.DEFAULT_CORPUS)
    args = parser.parse_args()
    for tool in (bench_validate.SPECLIFT, bench_validate.CHECK_JSONSCHEMA):
        if not tool.exists():
            raise SystemExit(f"{tool} not found: run `make bench` (installs the test extras) first")
    if not args.corpus.is_dir():
        raise SystemExit(f"no corpus at {args.corpus}: the throughput and conversion sets come from it")
    work = Path(tempfile.mkdtemp(prefix="speclift-ratios-"))
    (work / "cache").mkdir()
    env = bench_validate.offline_env(work / "cache")
    started = time.perf_counter()
    try:
        results: dict[str, Any] = {
            "single file": single_file(work, env, args.single_runs),
            "validate throughput": throughput(work, args.corpus, env, args.files, args.repeat),
            "convert --out": convert(work, args.corpus, args.copies, args.repeat),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for name, (sense, target) in TARGETS.items():
        value = results[name]["value"]
        results[name]["target"] = f"{sense} {target}"
        results[name]["met"] = value <= target if sense == "<=" else value >= target
    results["machine"] = {"nproc": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
    results["commit"] = bench_validate.git_commit()
    results["seconds"] = time.perf_counter() - started
    _print(results)
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "ratios.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if all(results[name]["met"] for name in TARGETS) else 1


def _print(results: dict[str, Any]) -> None:
    machine = results["machine"]
    print(f"speclift speed ratios, commit {results['commit']}, {machine['nproc']} CPUs, Python {machine['python']}")
    single = results["single file"]
    print(
        f"  single file ({single['file']}, median of {single['runs']}): speclift {single['speclift']['median_s'] * 1000:.0f} ms,"
        f" check-jsonschema {single['check_jsonschema']['median_s'] * 1000:.0f} ms"
    )
    for name in ("validate throughput", "convert --out"):
        measured = results[name]
        rates = ", ".join(f"{side} {rate:.0f} files/s" for side, rate in measured["files_per_s"].items())
        print(f"  {name} ({measured['files']} files): {rates}")
    print()
    for name in TARGETS:
        measured = results[name]
        verdict = "met" if measured["met"] else "MISSED"
        print(f"  {name:<22} {measured['value']:6.2f}x   target {measured['target']:<7} {verdict}")


if __name__ == "__main__":
    sys.exit(main())
