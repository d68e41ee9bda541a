"""The "azureml-v1-sdk" check of the conformance stage: the v1 SDK as a second judge of the Azure ML v1 conversion.

Used by run.py (see conformance/README.md, "The v1 SDK as a second judge"):

1. **in situ**: every Azure ML v1 corpus file is staged at its original repository path (SOURCES.tsv; one tree per
   repository and commit), the samples/azureml-v1 tree (without expected/) as one more repository, and each tree is
   converted as a repository: ``speclift convert ROOT --out OUT --report REPORT.json`` (the repositories with
   deployments once more with ``-O kubernetes=true``, compared for AKS services), after stand-ins for the
   repository's files the conversion names that the corpus does not hold (v1_sdk_staging.py); an inference
   configuration converted with the deployment configuration using it (a companion) is compared through that one's
   outputs;
2. **v1 values**: official_azureml_v1.py (.venvs/azureml1) reads every v1 source the conversion recognised with the
   v1 SDK's own readers and prints the effective values;
3. **v2 values**: effective_azureml.py (.venvs/azureml) loads every output with azure-ai-ml and prints the entity
   and, for jobs, its REST payload (after empty stand-ins for the paths it checks beyond speclift's, a spark job's
   entry file, that the v1 source names, as in the converted azureml-v1 check);
4. **comparison**: every field of v1_sdk_table.FIELDS for the source's kind, v1 against v2. A difference must be
   listed in v1-sdk-differences.yaml (``differences:``, with a reason; ``pending:``, for meaning changes being fixed in
   the converters), and a source the v1 SDK cannot read or an output azure-ai-ml cannot load in ``unreadable:``.
   Anything else fails the stage; listed entries that no longer happen are warnings (stale).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import converted_azureml as caz
import v1_sdk_fields as fields
import v1_sdk_table as table
import yaml
from v1_sdk_staging import Source, convert, make_placeholders, stage

GROUP = "azureml-v1 sdk"
STAGE_DIR = "v1-sdk"
__all__ = ["STAGE_DIR", "Source", "finish", "report_section", "stage", "start"]  # run.py's names
# v2 output type from the azure-ai-ml loader (and the job's type)
OUTPUT_TYPES = {
    "load_online_deployment": table.DEP,
    "load_online_endpoint": table.EP,
    "load_environment": table.ENVO,
    "load_schedule": table.SCHO,
    "load_data": table.DATA,
}
JOB_TYPES = {"command": table.JOB, "spark": table.JOB, "sweep": table.SWEEP, "pipeline": table.PIPE}
# v1-sdk-differences.yaml read: (file, field) -> (section, entry)
Listed = dict[tuple[str, str], tuple[str, dict[str, str]]]


@dataclass
class Compared:
    source: Source
    field: str  # field name, with [key] for per-key fields
    v1: Any
    v2: Any
    same: bool


@dataclass
class SdkOutcome:
    lines: list[str]
    failures: list[str]
    warnings: list[str]
    compared: list[Compared]
    unreadable: list[tuple[Source, str, str]]  # source, what failed, reason ("" if not listed)
    listed: Listed


def run_json_lines(python: Path, script: Path, lines: list[str], listing: Path) -> tuple[subprocess.Popen, Path]:
    listing.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    out = listing.with_suffix(".jsonl")
    env = dict(os.environ, PYTHONWARNINGS="ignore", PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONPATH", None)  # the SDKs never see speclift
    proc = subprocess.Popen(
        [str(python), str(script), "--list", str(listing)],
        stdout=out.open("wb"),
        stderr=subprocess.PIPE,
        cwd=str(listing.parent),
        env=env,
    )
    return proc, out


def read_json_lines(proc: subprocess.Popen, out: Path, what: str) -> dict[str, dict[str, Any]]:
    _, err = proc.communicate()
    records = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            records[rec["file"]] = rec
    if proc.returncode != 0:
        raise RuntimeError(f"{what} exited {proc.returncode}: {err.decode(errors='replace')[-2000:]}")
    return records


def start_v1(python: Path, script: Path, sources: list[Source], stage_root: Path) -> tuple[subprocess.Popen, Path]:
    judged = [s for s in sources if s.kind]
    return run_json_lines(python, script, [f"{s.path}\t{s.kind}" for s in judged], stage_root / "v1-sdk.list")


def start_v2(python: Path, script: Path, sources: list[Source], stage_root: Path) -> tuple[subprocess.Popen, Path]:
    outputs = [str(o) for s in sources if s.kind for o in [*s.outputs, *s.k8s_outputs] if o.suffix in (".yml", ".yaml")]
    return run_json_lines(python, script, outputs, stage_root / "v2-effective.list")


# --------------------------------------------------------------------------------------------------- comparison


def output_type(record: dict[str, Any]) -> str | None:
    loader = record.get("loader")
    if loader == "load_job":
        return JOB_TYPES.get(str((record.get("entity") or {}).get("type")))
    return OUTPUT_TYPES.get(str(loader))


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """A dict value as {key path: leaf}; any other value as {"": value}."""
    if not isinstance(value, dict):
        return {prefix: value}
    out: dict[str, Any] = {}
    for key, sub in value.items():
        out.update(flatten(sub, f"{prefix}/{key}" if prefix else str(key)))
    return out


def compare_source(s: Source) -> list[Compared]:
    """Every field of the table for the source's kind, against each option set's outputs (labels of the kubernetes
    set end in `` (kubernetes)``)."""
    if not s.v1 or not s.v1.get("ok"):
        return []
    compared = []
    # an AKS service converted with -O kubernetes=true; an ACI one or an inference configuration alone converts the
    # same way in both sets, so its kubernetes outputs would only repeat the default comparison
    aks = s.kind == "deployment-config" and str(s.v1["values"].get("compute_type")) in ("AKS", "AKSENDPOINT")
    for suffix, outputs in (("", s.outputs), (" (kubernetes)", s.k8s_outputs if aks else [])):
        by_type: dict[str, tuple[Path, dict[str, Any]]] = {}
        for path in outputs:
            rec = s.v2.get(path) or {}
            kind = output_type(rec) if rec.get("ok") else None
            if kind:
                by_type.setdefault(kind, (path, rec))
        for f in table.FIELDS:
            if f.kind == s.kind and f.output in by_type:
                compared += compare_field(s, f, suffix, *by_type[f.output])
    return compared


def compare_field(s: Source, f: fields.Field, suffix: str, path: Path, rec: dict[str, Any]) -> list[Compared]:
    v1 = f.v1((s.v1 or {})["values"], str(s.path.parent))
    if v1 is fields.MISSING:
        return []
    v2 = f.v2(rec.get("entity") or {}, rec.get("rest") or {}, str(path.parent))
    same = f.compare or _equal
    if not isinstance(v1, dict) and not isinstance(v2, dict):
        return [Compared(s, f"{f.name}{suffix}", v1, v2, same(v1, v2))]
    left, right = flatten(v1 or {}), flatten(v2 or {})
    keys = list(left) if f.v1_keys_only else list(dict.fromkeys([*left, *right]))
    return [
        Compared(s, f"{f.name}{suffix}[{key}]", left.get(key), right.get(key), same(left.get(key), right.get(key)))
        for key in keys
        if left.get(key) is not fields.MISSING
    ]


def _equal(a: Any, b: Any) -> bool:
    return bool(json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str))


def shown(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def load_differences(path: Path) -> Listed:
    """v1-sdk-differences.yaml: sections `differences`, `pending`, `unreadable`, each a list of {file, field, ...}."""
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    listed = {}
    for section in ("differences", "pending", "unreadable"):
        for entry in data.get(section) or []:
            entry = {k: str(v).strip() if v is not None else "" for k, v in entry.items()}
            listed[(entry.get("file", ""), entry.get("field", ""))] = (section, entry)
    return listed


def check_unreadable(
    sources: list[Source], listed: Listed, used: set[tuple[str, str]]
) -> tuple[list[tuple[Source, str, str]], list[str]]:
    """Sources the in-situ conversion missed, the v1 SDK could not read, or whose outputs azure-ai-ml could not load
    (or that have none): (unreadable with their listed reasons, failures)."""
    unreadable: list[tuple[Source, str, str]] = []
    failures = []
    for s in sources:
        if s.expected and not s.kind:
            failures.append(f"{GROUP}: {s.label}: `speclift convert` on its repository did not find it as an Azure ML v1 spec")
        if not s.kind:
            continue
        problems = []
        if s.v1 is None or not s.v1.get("ok"):
            problems.append(
                ("unreadable v1", f"v1 SDK ({(s.v1 or {}).get('reader')}): {(s.v1 or {}).get('error') or 'no verdict'}")
            )
        for rec in s.v2.values():
            if not rec.get("ok"):
                problems.append(("unreadable v2", f"azure-ai-ml ({rec.get('loader')}): {rec.get('error')}"))
        if s.v1 and s.v1.get("ok") and not s.outputs:
            problems.append(("unreadable outputs", "no output written (nothing to compare)"))
        for what, why in problems:
            section, entry = listed.get((s.label, what), ("", {}))
            reason = entry.get("reason", "") if section == "unreadable" else ""
            unreadable.append((s, why, reason))
            if reason:
                used.add((s.label, what))
            else:
                failures.append(f"{GROUP}: {s.label}: {why} (not listed in v1-sdk-differences.yaml `unreadable`)")
    return unreadable, failures


def check_differences(compared: list[Compared], listed: Listed, used: set[tuple[str, str]]) -> list[str]:
    """A difference must be listed (``differences`` or ``pending``) with a reason and, when given, the same values."""
    failures = []
    for c in compared:
        key = (c.source.label, c.field)
        if c.same:
            continue
        section, entry = listed.get(key, ("", {}))
        if section not in ("differences", "pending"):
            failures.append(f"{GROUP}: unexplained difference: {c.source.label}: {c.field}: v1 {shown(c.v1)}, v2 {shown(c.v2)}")
            continue
        used.add(key)
        if not entry.get("reason"):
            failures.append(f"v1-sdk-differences.yaml: {c.source.label} {c.field} needs a reason")
        if (entry.get("v1") and entry.get("v1") != shown(c.v1)) or (entry.get("v2") and entry.get("v2") != shown(c.v2)):
            failures.append(
                f"{GROUP}: {c.source.label}: {c.field}: listed as v1 {entry.get('v1')} / v2 {entry.get('v2')}, "
                f"now v1 {shown(c.v1)} / v2 {shown(c.v2)}"
            )
    return failures


def evaluate(sources: list[Source], listed: Listed, problems: list[str]) -> SdkOutcome:
    compared = [c for s in sources for c in compare_source(s)]
    used: set[tuple[str, str]] = set()
    unreadable, failures = check_unreadable(sources, listed, used)
    failures = [*problems, *failures, *check_differences(compared, listed, used)]
    present = {s.label for s in sources}
    warnings = [
        f"stale entry in v1-sdk-differences.yaml ({section}), no longer happens: {file}: {name}"
        for (file, name), (section, _) in listed.items()
        if file in present and (file, name) not in used
    ]
    diffs = [c for c in compared if not c.same]
    sections = [listed.get((c.source.label, c.field), ("", {}))[0] for c in diffs]
    pending, explained = sections.count("pending"), sections.count("differences")
    judged = [s for s in sources if s.kind]
    lines = [
        f"{GROUP}: {len(judged)} v1 files converted in situ ({len({s.root for s in sources})} repositories), "
        f"read by the v1 SDK {sum(1 for s in judged if s.v1 and s.v1.get('ok'))}, outputs loaded by azure-ai-ml "
        f"{sum(1 for s in judged for r in s.v2.values() if r.get('ok'))}/{sum(len(s.v2) for s in judged)}",
        f"{GROUP}: {len(compared)} fields compared, {len(compared) - len(diffs)} equal, {len(diffs)} differ "
        f"({explained} explained, {pending} pending converter fixes, {len(diffs) - explained - pending} unexplained); "
        f"{len(unreadable)} unreadable",
    ]
    return SdkOutcome(lines, failures, warnings, compared, unreadable, listed)


def report_section(outcome: SdkOutcome, stage: Path) -> list[str]:
    diffs = [c for c in outcome.compared if not c.same]
    by_field: dict[str, list[int]] = {}
    for c in outcome.compared:
        counts = by_field.setdefault(f"{c.source.kind}: {c.field.split('[')[0]}", [0, 0])
        counts[0] += 1
        counts[1] += 0 if c.same else 1
    out = [
        "",
        "## The v1 SDK as a second judge",
        "",
        "Every Azure ML v1 file staged at its repository path and converted as a repository (`speclift convert ROOT "
        "--out OUT`); the sources read by azureml-core 1.61.0 / azureml-pipeline-core 1.62.0 (`official_azureml_v1.py`), "
        "the outputs loaded by azure-ai-ml 1.35.2 (`effective_azureml.py`), and the fields of `v1_sdk_table.py` compared.",
        "",
        *[f"- {line.split(': ', 1)[1]}" for line in outcome.lines],
        "",
        "| kind: field | compared | differ |",
        "|---|---:|---:|",
        *[f"| {name} | {n} | {d} |" for name, (n, d) in sorted(by_field.items())],
        "",
        f"### Differences ({len(diffs)})",
        "",
    ]
    if diffs:
        out += ["| file | field | v1 | v2 | listed | reason |", "|---|---|---|---|---|---|"]
        for c in sorted(diffs, key=lambda c: (c.source.label, c.field)):
            section, entry = outcome.listed.get((c.source.label, c.field), ("", {}))
            out.append(
                f"| `{c.source.label}` | {c.field} | {caz._md(shown(c.v1), stage, 160)} | {caz._md(shown(c.v2), stage, 160)} | "
                f"{section or '**no**'} | {caz._md(entry.get('reason', ''), stage, 400)} |"
            )
    else:
        out.append("None.")
    out += ["", f"### Not compared: unreadable ({len(outcome.unreadable)})", ""]
    out += [
        f"- `{s.label}`: {caz._md(why, stage, 300)} — {caz._md(reason or '**not listed**', stage, 300)}"
        for s, why, reason in outcome.unreadable
    ] or ["None."]
    return [*out, *placeholder_section(outcome)]


def placeholder_section(outcome: SdkOutcome) -> list[str]:
    held = sorted({c.source.label: c.source for c in outcome.compared if c.source.placeholders}.values(), key=lambda s: s.label)
    return [
        "",
        f"### Placeholders ({sum(len(s.placeholders) for s in held)} for {len(held)} compared sources)",
        "",
        "Before converting (relative to the source): stand-ins for the repository's files the conversion names that the "
        "corpus does not hold, found by speclift's own SL412 check (code folders, conda files holding `python=3.10`, "
        "empty scripts); both SDKs read them. After converting (relative to the output): empty stand-ins for the paths "
        "azure-ai-ml checks beyond those (a spark job's entry file), only those the v1 source names.",
        "",
        "<details><summary>list</summary>",
        "",
        *[f"- `{s.label}`: {', '.join(f'`{p}`' for p in sorted(set(s.placeholders)))}" for s in held],
        "",
        "</details>",
    ]


# --------------------------------------------------------------------------------------------------- run.py's entry points


@dataclass
class Running:
    sources: list[Source]
    stage_root: Path
    pythons: dict[str, Path]
    problems: list[str]
    v1: tuple[subprocess.Popen, Path]


def start(sources: list[Source], speclift: list[str], pythons: dict[str, Path], stage_root: Path) -> Running:
    """Convert every staged repository, then start the v1 SDK on the sources the conversion recognised."""
    tick = time.monotonic()
    problems = convert(sources, speclift, stage_root)
    print(
        f"converted {len({s.root for s in sources})} staged repositories in situ in {time.monotonic() - tick:.1f}s",
        file=sys.stderr,
    )
    here = Path(__file__).resolve().parent
    return Running(
        sources,
        stage_root,
        pythons,
        problems,
        start_v1(pythons["azureml1"], here / "official_azureml_v1.py", sources, stage_root),
    )


def finish(run: Running, differences: Path) -> SdkOutcome:
    """Collect the v1 values; then stand-ins, the v2 values and the comparison (the stand-ins would change what the
    v1 SDK reads, so they come after it)."""
    here = Path(__file__).resolve().parent
    tick = time.monotonic()
    v1 = read_json_lines(*run.v1, "official_azureml_v1.py")
    make_placeholders(run.sources, run.stage_root)
    waited, tick = time.monotonic() - tick, time.monotonic()
    v2 = read_json_lines(
        *start_v2(run.pythons["azureml"], here / "effective_azureml.py", run.sources, run.stage_root), "effective_azureml.py"
    )
    print(
        f"v1 SDK values: waited {waited:.1f}s; azure-ai-ml values of the outputs in {time.monotonic() - tick:.1f}s",
        file=sys.stderr,
    )
    for s in run.sources:
        s.v1 = v1.get(str(s.path))
        s.v2 = {o: v2[str(o)] for o in [*s.outputs, *s.k8s_outputs] if str(o) in v2}
    return evaluate(run.sources, load_differences(differences), run.problems)
