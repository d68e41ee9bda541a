"""The deployment-config check of the conformance stage: speclift's verdict against Polyaxon's own reader.

Used by run.py (``--only polyaxon-deploy``; see conformance/README.md, "Polyaxon deployment configs"). Every corpus
file of ``corpus/polyaxon-deploy-v1`` (Polyaxon's 1.20 fixtures and their 2.x versions) and every own schema case of
the two deployment types is judged twice:

- by polyaxon 1.20's ``polyaxon.deploy.reader.read`` and by ``speclift validate --schema polyaxon/v1/deployment``;
- by polyaxon 2.18's ``polyaxon._deploy.reader.read`` and by ``speclift validate --schema polyaxon/v2/deployment``.

Then every 1.x config among them (the corpus's 1.20 fixtures and the own cases of both folders above, plus the inputs
of ``tests/cases/convert/polyaxon-deploy``) must be read by polyaxon 1.20, and its conversion (``speclift convert``)
by polyaxon 2.18, or the conversion must refuse the file (SL404) naming why a person is needed: the refusals are listed
in the report with their reasons.

speclift's verdict is "invalid" iff it reports an error. A verdict that differs from the reader's fails the check
unless deployment-disagreements.yaml lists it (file, version) with its reason. The type speclift detects without
``--schema`` is reported too: the reader it names is the one whose verdict matters to the file's owner.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from converted_mlproject_polyaxon import Outcome  # lines, failures, warnings, report: the same shape
from listed import load_listed
from oracle import ask_list

GROUP = "polyaxon deployment configs"
CORPUS = "polyaxon-deploy-v1"
OWN_CASES = ("tests/cases/schema/polyaxon-v1-deployment", "tests/cases/schema/polyaxon-v2-deployment")
CONVERT_CASES = "tests/cases/convert/polyaxon-deploy"
V1 = "polyaxon/v1/deployment"
DISAGREEMENTS = "deployment-disagreements.yaml"
# version -> (virtual environment of the reader, speclift's spec type, reader's name)
READERS = {
    "1.20": ("polyaxon1", "polyaxon/v1/deployment", "polyaxon 1.20 `polyaxon.deploy.reader.read`"),
    "2.18": ("polyaxon2", "polyaxon/v2/deployment", "polyaxon 2.18 `polyaxon._deploy.reader.read`"),
}


@dataclass
class Config:
    label: str  # corpus file name, or the case's path in the repository
    path: Path
    detected: str = ""
    official: dict[str, tuple[bool, str]] = field(default_factory=dict)  # version -> (ok, error)
    speclift: dict[str, tuple[bool, str]] = field(default_factory=dict)


def stage(corpus: Path | None, root: Path, out: Path) -> list[Config]:
    configs: list[Config] = []
    folder = corpus / CORPUS if corpus else None
    if folder is not None and folder.is_dir():
        for src in sorted(folder.glob("*.y*ml")):
            dest = out / "corpus" / src.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
            configs.append(Config(src.name, dest))
    for case_dir in OWN_CASES:
        for src in sorted((root / case_dir).glob("*.yml")):
            dest = out / case_dir / src.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
            configs.append(Config(f"{case_dir}/{src.name}", dest))
    return configs


def judge_official(python: Path, script: Path, configs: list[Config], version: str, work: Path) -> None:
    records = ask_list(python, script, [c.path for c in configs], work, f"the polyaxon {version} deployment reader")
    for config in configs:
        record = records[str(config.path)]
        config.official[version] = (bool(record["ok"]), record.get("error") or "")


def judge_speclift(command: list[str], root: Path, configs: list[Config], schema: str | None) -> dict[str, tuple[bool, str, str]]:
    """path -> (no error, first error, detected type), from one `validate --format json` run."""
    forced = ["--schema", schema] if schema else []
    proc = subprocess.run(
        [*command, "validate", *forced, "--format", "json", *(str(c.path) for c in configs)],
        cwd=str(root),
        capture_output=True,
        check=False,
    )
    try:
        report = json.loads(proc.stdout.decode("utf-8"))
    except ValueError as exc:
        raise SystemExit(f"error: speclift validate gave no JSON:\n{proc.stderr.decode('utf-8', 'replace')[-2000:]}") from exc
    verdicts = {}
    for entry in report.get("files", []):
        errors = [f for f in entry.get("findings", []) if f.get("severity") == "error"]
        first = f"{errors[0].get('code')} {errors[0].get('message')}" if errors else ""
        types = entry.get("spec_types") or [""]
        verdicts[os.path.realpath(entry["path"])] = (not errors, first, str(types[0] or ""))
    return verdicts


def evaluate(configs: list[Config], listed: list[dict[str, str]]) -> Outcome:
    outcome = Outcome()
    known = {(e["file"], e.get("version", "")): e for e in listed}
    rows: list[str] = []
    agree = {version: 0 for version in READERS}
    explained = 0
    for config in configs:
        for version in READERS:
            official, official_error = config.official[version]
            mine, my_error = config.speclift[version]
            if official == mine:
                agree[version] += 1
                continue
            entry = known.get((config.label, version))
            reason = (entry or {}).get("reason", "")
            if reason:
                explained += 1
            else:
                outcome.failures.append(
                    f"{GROUP}: {config.label} ({version}): reader {'ok' if official else 'fail'}, speclift "
                    f"{'ok' if mine else 'fail'}: {official_error or my_error}"
                )
            rows.append(
                f"| `{config.label}` | {version} | {official_error or 'ok'} | {my_error or 'ok'} | {reason or '**not listed**'} |"
            )
    judged = {(c.label, version) for c in configs for version in READERS if c.official[version][0] != c.speclift[version][0]}
    for key in known.keys() - judged:
        outcome.warnings.append(f"stale entry in {DISAGREEMENTS}, the verdicts now agree: {' '.join(key)}")
    corpus = [c for c in configs if "/" not in c.label]
    own = len(configs) - len(corpus)
    matching = sum(
        1
        for c in corpus
        for version, (_, spec, _) in READERS.items()
        if c.detected == spec and c.official[version][0] == c.speclift[version][0]
    )
    counts = ", ".join(f"{READERS[v][2].split(' `')[0]} {n}/{len(configs)}" for v, n in agree.items())
    outcome.lines.append(
        f"{GROUP}: {len(corpus)} corpus files and {own} own cases, each judged by both readers; same verdict as {counts}; "
        f"{explained} listed; the detected type's reader agrees on {matching}/{len(corpus)} corpus files"
    )
    outcome.report = [
        "",
        "## Polyaxon deployment configs",
        "",
        f"{len(corpus)} corpus deployment configs (`{CORPUS}`: Polyaxon's 1.20 fixtures and their 2.x versions) and {own} "
        f"own schema cases, each judged by both readers and by speclift with the matching `--schema`: same verdict as "
        f"{counts}. Without `--schema`, speclift detects {matching} of {len(corpus)} corpus files as the type whose "
        f"reader it then agrees with.",
        "",
        "| file | detected as |",
        "|---|---|",
        *(f"| `{c.label}` | `{c.detected or '(none)'}` |" for c in corpus),
    ]
    if rows:
        outcome.report += ["", "| file | reader | reader says | speclift says | reason |", "|---|---|---|---|---|", *rows]
    return outcome


def check(corpus: Path | None, root: Path, pythons: dict[str, Path], command: list[str], here: Path) -> Outcome:
    """The whole check: staged, judged by both readers and by speclift, compared."""
    with tempfile.TemporaryDirectory(prefix="speclift-deploy-") as tmp:
        work = Path(tmp).resolve()
        configs = stage(corpus, root, work)
        if not configs:
            return Outcome()
        for version, (venv, spec, _) in READERS.items():
            judge_official(pythons[venv], here / "official_polyaxon_deploy.py", configs, version, work)
            verdicts = judge_speclift(command, root, configs, spec)
            for config in configs:
                ok, error, _ = verdicts.get(os.path.realpath(config.path), (False, "(no result from speclift)", ""))
                config.speclift[version] = (ok, error)
        for path, (_, _, detected) in judge_speclift(command, root, configs, None).items():
            for config in configs:
                if os.path.realpath(config.path) == path:
                    config.detected = detected
        outcome = evaluate(configs, load_listed(here / DISAGREEMENTS))
        sources = [c for c in configs if c.detected == V1 and c.official["1.20"][0]]
        sources += stage_convert_cases(root, work)
        conversions(sources, command, root, pythons["polyaxon2"], here, work, outcome)
        return outcome


def stage_convert_cases(root: Path, work: Path) -> list[Config]:
    """The inputs of the converter's own cases (each a 1.x config 1.20 reads; the check says so if not)."""
    staged = []
    for src in sorted((root / CONVERT_CASES).glob("*/input.yml")):
        dest = work / CONVERT_CASES / src.parent.name / src.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        staged.append(Config(f"{CONVERT_CASES}/{src.parent.name}", dest, detected=V1))
    return staged


def conversions(
    sources: list[Config], command: list[str], root: Path, python: Path, here: Path, work: Path, outcome: Outcome
) -> None:
    """Convert each 1.x config; 2.18 must read every output; a refusal must say why (SL404)."""
    outputs: list[tuple[Config, Path]] = []
    refused: list[tuple[Config, str]] = []
    for config in sources:
        out = work / "converted" / (config.label.replace("/", "__") + ".yml")
        out.parent.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run(
            [*command, "convert", str(config.path), "-o", str(out)],
            cwd=str(root),
            capture_output=True,
            check=False,
        )
        if out.exists():
            outputs.append((config, out))
            continue
        stderr = proc.stderr.decode("utf-8", "replace").splitlines()  # findings as `file:line:col: error SL404 ...`
        reasons = [line.split(": ", 1)[1] for line in stderr if " SL404 " in line and ": " in line]
        if reasons:
            refused.append((config, reasons[0]))
        else:
            outcome.failures.append(f"{GROUP}: {config.label}: not converted and no SL404 says why (exit {proc.returncode})")
    converted = [Config(config.label, out) for config, out in outputs]
    if converted:
        judge_official(python, here / "official_polyaxon_deploy.py", converted, "2.18", work)
    read = 0
    for item in converted:
        ok, error = item.official["2.18"]
        read += ok
        if not ok:
            outcome.failures.append(f"{GROUP}: the conversion of {item.label} is refused by polyaxon 2.18: {error}")
    unread = [s.label for s in sources if s.official and not s.official.get("1.20", (True, ""))[0]]
    outcome.failures += [f"{GROUP}: {label} is not a 1.x config polyaxon 1.20 reads" for label in unread]
    outcome.lines.append(
        f"{GROUP}: {len(sources)} 1.x configs converted: polyaxon 2.18 reads {read}/{len(converted)} outputs; "
        f"{len(refused)} refused for a person (listed in the report)"
    )
    outcome.report += [
        "",
        f"{len(sources)} 1.x configs (corpus 1.20 fixtures and own cases) converted with `speclift convert`: polyaxon 2.18 "
        f"`polyaxon._deploy.reader.read` reads {read} of {len(converted)} outputs.",
    ]
    if refused:
        outcome.report += ["", "| refused (a person decides) | why |", "|---|---|"]
        outcome.report += [f"| `{config.label}` | {reason} |" for config, reason in refused]
