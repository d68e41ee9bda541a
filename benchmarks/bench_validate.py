"""Throughput of ``speclift validate`` against check-jsonschema and the azure-ai-ml loaders, measured in one run.

    python benchmarks/bench_validate.py [--files N] [--repeat K] [--quick] [--corpus DIR]

Inputs: the corpus (``azureml-v2`` and ``polyaxon-v1`` under ``--corpus``; skipped with a message when absent) and a
deterministic set of generated Azure ML v2 specs (``gen_specs.py``, written to a temporary folder). Every tool sees
the same files in the same run; what matters is the ratios, not the absolute times. Results are printed and written
to ``benchmarks/out/results.json``. See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import gen_specs  # noqa: E402

SPECLIFT = ROOT / ".venv" / "bin" / "speclift"
CHECK_JSONSCHEMA = ROOT / ".venv" / "bin" / "check-jsonschema"
AZUREML_PYTHON = ROOT / ".venvs" / "azureml" / "bin" / "python"
SCHEMAS = ROOT / "schemas"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
OUT = HERE / "out"

TARGETS = {
    "throughput_vs_check_jsonschema": 4.0,  # speclift files/s ÷ check-jsonschema files/s, at least
    "single_file_vs_check_jsonschema": 0.3,  # speclift wall time ÷ check-jsonschema wall time, at most (issue 9)
    "throughput_vs_azureml": 30.0,  # speclift files/s ÷ azure-ai-ml loader files/s, at least
}


# --------------------------------------------------------------------------------------------------------- helpers


def offline_env(cache_dir: Path) -> dict[str, str]:
    """Every tool runs with HTTP(S) pointed at a closed local port and a fresh cache: a fetch would fail loudly."""
    env = dict(os.environ)
    dead = "http://127.0.0.1:9"
    env.update(HTTP_PROXY=dead, HTTPS_PROXY=dead, ALL_PROXY=dead, http_proxy=dead, https_proxy=dead, all_proxy=dead)
    env.pop("NO_PROXY", None)
    env.pop("no_proxy", None)
    env["XDG_CACHE_HOME"] = str(cache_dir)
    # Measure installed tools as users run them: with their modules' bytecode cached (written during the warm-up).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    return time.perf_counter() - started, done


def schema_file(spec_type: str) -> Path:
    """``azureml/v2/command-job`` or ``command-job`` -> the shipped schema file."""
    spec_id = spec_type if "/" in spec_type else f"azureml/v2/{spec_type}"
    return SCHEMAS / f"{spec_id}.schema.json"


def check_jsonschema_cmd(spec_type: str, files: list[str], *, json_output: bool = True) -> list[str]:
    schema = schema_file(spec_type)
    output = ["-o", "json"] if json_output else []
    # --base-uri replaces the schema's `$id` (https://speclift.invalid/...) by its file URI, so the relative
    # `$ref`s to the defs-*.schema.json files resolve to the files next to it instead of being downloaded.
    return [str(CHECK_JSONSCHEMA), *output, "--schemafile", str(schema), "--base-uri", schema.as_uri(), *files]


def speclift_verdicts(stdout: str) -> dict[str, bool]:
    """File -> valid (no finding of severity error), from ``speclift validate --format json``."""
    report = json.loads(stdout)
    return {r["path"]: not any(f["severity"] == "error" for f in r["findings"]) for r in report["files"]}


def check_jsonschema_verdicts(stdout: str, files: list[str]) -> dict[str, bool]:
    report = json.loads(stdout)
    failed = {e["filename"] for e in report.get("errors", [])} | {e["filename"] for e in report.get("parse_errors", [])}
    return {f: f not in failed for f in files}


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def schemas_fingerprint() -> dict[str, Any]:
    """The shipped schemas the figures belong to: their count and a hash of their contents."""
    digest = hashlib.sha256()
    files = sorted(SCHEMAS.rglob("*.schema.json"))
    for path in files:
        digest.update(str(path.relative_to(SCHEMAS)).encode() + b"\0" + path.read_bytes())
    return {"files": len(files), "sha256": digest.hexdigest()[:16]}


def git_commit() -> str:
    done = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or "?"


def tool_version(python: Path, dist: str) -> str:
    done = subprocess.run(
        [str(python), "-c", f"import importlib.metadata as m; print(m.version({dist!r}))"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or "?"


# ------------------------------------------------------------------------------------------------------ the checks


def prove_offline(sample: str, env: dict[str, str], cache_dir: Path) -> dict[str, Any]:
    """Show that check-jsonschema resolves the schemas' `$ref`s from disk with --base-uri, and only then."""
    schema = schema_file("command-job")
    _, without = run([str(CHECK_JSONSCHEMA), "--schemafile", str(schema), sample], env)
    _, with_base = run(check_jsonschema_cmd("command-job", [sample]), env)
    tried_to_fetch = without.returncode != 0 and "speclift.invalid" in (without.stdout + without.stderr)
    cached = [str(p) for p in cache_dir.rglob("*") if p.is_file()]
    proof = {
        "without_base_uri": "tries to download https://speclift.invalid/... and fails" if tried_to_fetch else "unexpected",
        "with_base_uri_exit_code": with_base.returncode,
        "files_in_download_cache": cached,
        "offline": tried_to_fetch and with_base.returncode == 0 and not cached,
    }
    if not proof["offline"]:
        print("check-jsonschema offline proof failed:", json.dumps(proof, indent=2), with_base.stdout[-2000:], file=sys.stderr)
    return proof


def measure_set(
    name: str,
    speclift_paths: list[str],
    by_type: dict[str, list[str]],
    azure_items: list[tuple[str, str]],
    env: dict[str, str],
    workdir: Path,
    repeat: int,
    azure_repeat: int,
    files_for_speclift: int,
) -> dict[str, Any]:
    """Time the three tools over one set of inputs; return timings and per-file verdicts."""
    speclift_cmd = [str(SPECLIFT), "validate", "--no-check-paths", "--format", "json", *speclift_paths]
    speclift_times: list[float] = []
    cj_times: list[float] = []
    cj_per_type: dict[str, list[float]] = collections.defaultdict(list)
    sl_verdicts: dict[str, bool] = {}
    cj_verdicts: dict[str, bool] = {}
    cj_files = sum(len(v) for v in by_type.values())
    print(
        f"[{name}] speclift: {files_for_speclift} files, check-jsonschema: {cj_files} files in {len(by_type)} types, repeat {repeat}"
    )
    for round_ in range(repeat):
        order = ["speclift", "check-jsonschema"] if round_ % 2 == 0 else ["check-jsonschema", "speclift"]
        for tool in order:
            if tool == "speclift":
                seconds, done = run(speclift_cmd, env)
                if done.returncode not in (0, 1):
                    raise SystemExit(f"speclift failed ({done.returncode}): {done.stderr[-2000:]}")
                speclift_times.append(seconds)
                sl_verdicts = speclift_verdicts(done.stdout)
            else:
                total = 0.0
                for spec_type, files in sorted(by_type.items()):
                    seconds, done = run(check_jsonschema_cmd(spec_type, files), env)
                    if done.returncode not in (0, 1):
                        raise SystemExit(
                            f"check-jsonschema failed on {spec_type} ({done.returncode}): {done.stdout[-1500:]} {done.stderr[-1500:]}"
                        )
                    cj_per_type[spec_type].append(seconds)
                    total += seconds
                    cj_verdicts.update(check_jsonschema_verdicts(done.stdout, files))
                cj_times.append(total)
    result: dict[str, Any] = {
        "speclift": {
            "files": files_for_speclift,
            "seconds": speclift_times,
            "files_per_s": files_for_speclift / median(speclift_times),
        },
        "check_jsonschema": {
            "files": cj_files,
            "processes": len(by_type),
            "seconds": cj_times,
            "files_per_s": cj_files / median(cj_times),
            "seconds_per_type": {t: median(v) for t, v in sorted(cj_per_type.items())},
        },
        "verdicts": {"speclift": sl_verdicts, "check_jsonschema": cj_verdicts},
    }
    if azure_items and AZUREML_PYTHON.exists():
        listing = workdir / f"{name}-azureml.lst"
        listing.write_text("".join(f"{p}\t{h}\n" for p, h in azure_items), encoding="utf-8")
        out = workdir / f"{name}-azureml.json"
        print(f"[{name}] azure-ai-ml loaders: {len(azure_items)} files, repeat {azure_repeat}")
        seconds, done = run(
            [str(AZUREML_PYTHON), str(HERE / "azureml_runner.py"), str(listing), str(out), "--repeat", str(azure_repeat)], env
        )
        if done.returncode != 0:
            raise SystemExit(f"azure-ai-ml runner failed: {done.stderr[-2000:]}")
        data = json.loads(out.read_text(encoding="utf-8"))
        loop = median(data["loop_seconds"])
        result["azureml"] = {
            "files": len(azure_items),
            "import_seconds": data["import_seconds"],
            "loop_seconds": data["loop_seconds"],
            "process_seconds": seconds,
            "files_per_s": len(azure_items) / loop,
            "files_per_s_with_import": len(azure_items) / (loop + data["import_seconds"]),
            "no_loader": sum(1 for f in data["files"] if f["ok"] is None),
        }
        result["verdicts"]["azureml"] = {f["file"]: f["ok"] for f in data["files"]}
    elif azure_items:
        print(f"[{name}] {AZUREML_PYTHON} not found: azure-ai-ml not measured (make conformance creates it)")
    return result


def agreement(manifest: dict[str, str], verdicts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Counts of valid/invalid per tool on the generated set, and every file where a tool departs from the plan."""
    expected = {path: not mistake for path, mistake in manifest.items()}
    out: dict[str, Any] = {"expected": {"valid": sum(expected.values()), "invalid": sum(not v for v in expected.values())}}
    disagreements = []
    for tool, by_file in verdicts.items():
        out[tool] = {
            "valid": sum(1 for p in expected if by_file.get(p) is True),
            "invalid": sum(1 for p in expected if by_file.get(p) is False),
        }
        for path, want in expected.items():
            if by_file.get(path) is not want:
                disagreements.append(
                    {"tool": tool, "file": path, "expected_valid": want, "got": by_file.get(path), "mistake": manifest[path]}
                )
    out["disagreements"] = disagreements
    out["all_agree"] = not disagreements
    return out


def single_file(sample: str, env: dict[str, str], runs: int) -> dict[str, Any]:
    """Median wall time of one ``speclift validate FILE`` and one check-jsonschema on the same file (after a warm-up)."""
    commands = {
        "speclift": [str(SPECLIFT), "validate", sample],
        "check_jsonschema": check_jsonschema_cmd("command-job", [sample], json_output=False),
    }
    times: dict[str, list[float]] = {tool: [] for tool in commands}
    for tool, cmd in commands.items():  # warm-up: file cache, bytecode
        _, done = run(cmd, env)
        if done.returncode != 0:
            raise SystemExit(f"single-file {tool} did not pass on {sample}: {done.stdout[-1000:]} {done.stderr[-1000:]}")
    for _ in range(runs):
        for tool, cmd in commands.items():
            seconds, _ = run(cmd, env)
            times[tool].append(seconds)
    return {
        "file": os.path.basename(sample),
        "runs": runs,
        **{tool: {"median_s": median(t), "min_s": min(t), "max_s": max(t)} for tool, t in times.items()},
        "ratio": median(times["speclift"]) / median(times["check_jsonschema"]),
    }


# --------------------------------------------------------------------------------------------------------- the run


def corpus_inputs(corpus: Path, env: dict[str, str]) -> tuple[list[str], int, dict[str, list[str]], list[tuple[str, str]]] | None:
    dirs = [corpus / "azureml-v2", corpus / "polyaxon-v1"]
    if not all(d.is_dir() for d in dirs):
        print(f"corpus not found under {corpus}: corpus measurements skipped")
        return None
    # What each file is (for the per-type schema of check-jsonschema and the loader of azure-ai-ml): speclift's detection.
    _, done = run([str(SPECLIFT), "validate", "--no-check-paths", "--format", "json", *map(str, dirs)], env)
    report = json.loads(done.stdout)
    by_type: dict[str, list[str]] = collections.defaultdict(list)
    azure: list[tuple[str, str]] = []
    for entry in report["files"]:
        types = entry["spec_types"]
        if len(types) != 1 or types[0] is None or not schema_file(types[0]).exists():
            continue  # multi-document, skipped or legacy files: check-jsonschema has nothing to apply
        by_type[types[0]].append(entry["path"])
        if types[0].startswith("azureml/v2/"):
            azure.append((entry["path"], types[0].rsplit("/", 1)[1]))
    return [str(d) for d in dirs], len(report["files"]), dict(by_type), azure


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=2000, help="generated specs (default 2000)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of speclift and check-jsonschema per set; the median counts (default 3)"
    )
    parser.add_argument(
        "--azure-repeat", type=int, default=1, help="loops of the azure-ai-ml loaders per set (default 1: they are slow)"
    )
    parser.add_argument("--single-runs", type=int, default=15, help="timed runs of the single-file comparison (default 15)")
    parser.add_argument("--seed", type=int, default=20240611)
    parser.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help=f"folder holding azureml-v2/ and polyaxon-v1/ (default {DEFAULT_CORPUS})",
    )
    parser.add_argument("--no-azureml", action="store_true", help="leave out the azure-ai-ml loaders")
    parser.add_argument("--quick", action="store_true", help="smoke run: 200 files, 1 repetition, 5 single-file runs")
    args = parser.parse_args()
    if args.quick:
        args.files, args.repeat, args.single_runs = min(args.files, 200), 1, 5
    for tool in (SPECLIFT, CHECK_JSONSCHEMA):
        if not tool.exists():
            raise SystemExit(f"{tool} not found: run `make bench` (installs the test extras) first")

    work = Path(tempfile.mkdtemp(prefix="speclift-bench-"))
    cache = work / "cache"
    cache.mkdir()
    env = offline_env(cache)
    results: dict[str, Any] = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": {
            "nproc": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "versions": {
            "speclift": tool_version(ROOT / ".venv" / "bin" / "python", "speclift"),
            "check-jsonschema": tool_version(ROOT / ".venv" / "bin" / "python", "check-jsonschema"),
            "jsonschema-rs": tool_version(ROOT / ".venv" / "bin" / "python", "jsonschema-rs"),
            "azure-ai-ml": tool_version(AZUREML_PYTHON, "azure-ai-ml") if AZUREML_PYTHON.exists() else None,
        },
        "commit": git_commit(),
        "schemas": schemas_fingerprint(),
        "options": {
            "files": args.files,
            "repeat": args.repeat,
            "azure_repeat": args.azure_repeat,
            "single_runs": args.single_runs,
            "seed": args.seed,
        },
        "targets": TARGETS,
    }
    try:
        rows = gen_specs.generate(str(work / "generated"), args.files, args.seed)
        manifest = {path: mistake for path, _, mistake in rows}
        sample = next(path for path, kind, mistake in rows if kind == "command-job" and not mistake)
        results["check_jsonschema_offline"] = prove_offline(sample, env, cache)

        by_type: dict[str, list[str]] = collections.defaultdict(list)
        for path, kind, _ in rows:
            by_type[kind].append(path)
        generated = measure_set(
            "generated",
            [str(work / "generated" / "specs")],
            dict(by_type),
            [] if args.no_azureml else [(path, kind) for path, kind, _ in rows],
            env,
            work,
            args.repeat,
            args.azure_repeat,
            len(rows),
        )
        generated["agreement"] = agreement(manifest, generated.pop("verdicts"))
        generated["mix"] = dict(collections.Counter(kind for _, kind, _ in rows))
        generated["with_mistake"] = sum(1 for *_, m in rows if m)
        results["generated"] = generated

        corpus = corpus_inputs(args.corpus, env)
        if corpus is not None:
            paths, count, corpus_types, azure = corpus
            measured = measure_set(
                "corpus", paths, corpus_types, [] if args.no_azureml else azure, env, work, args.repeat, args.azure_repeat, count
            )
            measured.pop("verdicts")
            results["corpus"] = measured

        print(f"[single file] {os.path.basename(sample)}: {args.single_runs} runs each, after one warm-up")
        results["single_file"] = single_file(sample, env, args.single_runs)
        results["checks"] = evaluate(results)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print_table(results)
    print(f"\nwritten: {OUT / 'results.json'}")
    return 0 if all(c["met"] for c in results["checks"].values()) and results["generated"]["agreement"]["all_agree"] else 1


def evaluate(results: dict[str, Any]) -> dict[str, Any]:
    gen = results["generated"]
    sl = gen["speclift"]["files_per_s"]
    checks: dict[str, Any] = {}
    ratio = sl / gen["check_jsonschema"]["files_per_s"]
    checks["throughput_vs_check_jsonschema"] = {
        "value": ratio,
        "target": f">= {TARGETS['throughput_vs_check_jsonschema']}",
        "met": ratio >= TARGETS["throughput_vs_check_jsonschema"],
    }
    single = results["single_file"]["ratio"]
    checks["single_file_vs_check_jsonschema"] = {
        "value": single,
        "target": f"<= {TARGETS['single_file_vs_check_jsonschema']}",
        "met": single <= TARGETS["single_file_vs_check_jsonschema"],
    }
    if "azureml" in gen:
        ratio = sl / gen["azureml"]["files_per_s"]
        checks["throughput_vs_azureml"] = {
            "value": ratio,
            "target": f">= {TARGETS['throughput_vs_azureml']}",
            "met": ratio >= TARGETS["throughput_vs_azureml"],
        }
    return checks


def print_table(results: dict[str, Any]) -> None:
    machine = results["machine"]
    print(f"\nspeclift benchmark, {results['date']}, {machine['nproc']} CPUs, Python {machine['python']}")
    print(
        f"commit {results['commit']} (working tree as is), schemas {results['schemas']['sha256']} ({results['schemas']['files']} files)"
    )
    print(f"check-jsonschema offline with --base-uri: {results['check_jsonschema_offline']['offline']}")
    header = f"{'set':<10} {'tool':<34} {'files':>6} {'median s':>9} {'files/s':>9} {'speclift ×':>10}"
    print("\n" + header + "\n" + "-" * len(header))
    for name in ("generated", "corpus"):
        data = results.get(name)
        if not data:
            continue
        sl = data["speclift"]["files_per_s"]
        cj = data["check_jsonschema"]
        rows = [
            ("speclift (1 process)", data["speclift"]["files"], median(data["speclift"]["seconds"]), sl),
            (f"check-jsonschema ({cj['processes']} processes)", cj["files"], median(cj["seconds"]), cj["files_per_s"]),
        ]
        if "azureml" in data:
            az = data["azureml"]
            rows.append(("azure-ai-ml loaders (loop only)", az["files"], median(az["loop_seconds"]), az["files_per_s"]))
            rows.append(
                (
                    "azure-ai-ml loaders (+ import)",
                    az["files"],
                    median(az["loop_seconds"]) + az["import_seconds"],
                    az["files_per_s_with_import"],
                )
            )
        for tool, files, seconds, rate in rows:
            times = "" if tool.startswith("speclift") else f"{sl / rate:.1f}"
            print(f"{name:<10} {tool:<34} {files:>6} {seconds:>9.3f} {rate:>9.0f} {times:>10}")
        if "azureml" in data:
            print(f"{'':<10} azure-ai-ml import: {data['azureml']['import_seconds']:.2f} s")
    single = results["single_file"]
    print(
        f"\nsingle file ({single['file']}, median of {single['runs']}): speclift {single['speclift']['median_s'] * 1000:.0f} ms, "
        f"check-jsonschema {single['check_jsonschema']['median_s'] * 1000:.0f} ms, ratio {single['ratio']:.2f}"
    )
    agree = results["generated"]["agreement"]
    counts = ", ".join(f"{tool} {c['valid']}/{c['invalid']}" for tool, c in agree.items() if isinstance(c, dict) and "valid" in c)
    print(f"\nverdicts on the generated set (valid/invalid): {counts}; all agree: {agree['all_agree']}")
    for item in agree["disagreements"][:10]:
        print(
            f"  {item['tool']}: {item['file']} expected valid={item['expected_valid']}, got {item['got']} ({item['mistake'] or 'no mistake'})"
        )
    print("\ntargets:")
    for name, check in results["checks"].items():
        print(f"  {name:<34} {check['value']:>7.2f}  (target {check['target']})  {'met' if check['met'] else 'MISSED'}")


if __name__ == "__main__":
    sys.exit(main())
