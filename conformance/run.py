"""Conformance stage: speclift's verdicts against the official tools' verdicts.

    python conformance/run.py [--only azureml|polyaxon|polyaxon-v0|azureml-v1|azureml-v1-sdk|mlflow|mlproject-polyaxon|
                                     polyaxon-deploy|polyaxon-v2|editor|studio-classic]
                              [--keep] [--update-report]

Run with the project's own Python (the one where ``python -m speclift`` works). The official tools run in their
own virtual environments (``.venvs/azureml``, ``.venvs/polyaxon1``, ``.venvs/polyaxon0``, ``.venvs/polyaxon2``,
``.venvs/azureml1``, ``.venvs/mlflow``),
created from the requirements files next to this script when missing; yaml-language-server, the editor check's
judge, is installed with ``npm ci`` into ``.venvs/yaml-language-server`` from package.json / package-lock.json. See
conformance/README.md for what is compared and how to read the report.

Exit status: 0 when every check holds, 1 when one fails (agreement below the threshold, an own case that
disagrees, a disagreement not explained in disagreements.yaml, a converted v0 file whose output an official tool
rejects or whose rendered command differs without an entry in conversion-differences.yaml, a converted Azure ML v1
file whose output azure-ai-ml or speclift rejects, an SL404 refusal not listed in conversion-refusals.yaml, or a
v1-SDK field difference or unreadable file not listed in v1-sdk-differences.yaml, an MLproject file on which MLflow
and speclift disagree, a converted MLproject output azure-ai-ml rejects, or an argv difference between MLflow and the
converted job not listed in mlproject-differences.yaml, or a file on which yaml-language-server and speclift's schema
check disagree without an entry in editor-disagreements.yaml, a schema problem the server reports, or a schema it would
fetch, or a converted ML Studio (classic) graph whose pipeline, components or endpoint outline azure-ai-ml
rejects or whose loaded values differ from the graph's without an entry in studio-differences.yaml), 2 on a usage or
set-up error.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import converted_azureml as caz
import converted_mlproject as cmlp
import converted_mlproject_polyaxon as cmpx
import converted_polyaxon as cpx
import converted_repositories as crepo
import converted_studio as cstudio
import deployment_configs as deploy
import editor_schemas as editor
import placeholders
import polyaxon_v2 as pxv2
import v1_sdk_check as sdk1
import yaml
from listed import load_listed

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
THRESHOLD = 0.98

TOOLS = {
    # tool: (venv dir, requirements file, script, corpus folder)
    "azureml": (ROOT / ".venvs" / "azureml", HERE / "requirements-azureml.txt", HERE / "official_azureml.py", "azureml-v2"),
    "polyaxon": (ROOT / ".venvs" / "polyaxon1", HERE / "requirements-polyaxon.txt", HERE / "official_polyaxon.py", "polyaxon-v1"),
}
OWN = "own cases"
# the conversion check (converted_polyaxon.py): polyaxon-schemas 0.6.1 judges and renders the v0 files, polyaxon 1.20
# (TOOLS["polyaxon"]) and 2.18 judge the converted files, 2.18 renders them
CONVERSION = "polyaxon-v0"
# the Azure ML v1 conversion check (converted_azureml.py): azure-ai-ml (TOOLS["azureml"]) and speclift judge every
# output of converting the v1 corpus and samples
CONVERSION_AZ = "azureml-v1"
# the v1-SDK differential check (v1_sdk_check.py): the v1 corpus converted in situ, the sources read by the v1 SDK,
# the outputs by azure-ai-ml, and the fields of v1_sdk_table.py compared
SDK_V1 = "azureml-v1-sdk"
MLPROJECT_POLYAXON = "mlproject-polyaxon"  # converted_mlproject_polyaxon.py: polyaxon 1.20 renders the converted MLprojects
# the MLproject check (converted_mlproject.py): MLflow judges the MLproject files, azure-ai-ml their conversions, and
# both must start the same argv
MLPROJECT = "mlflow"
# the deployment-config check (deployment_configs.py): polyaxon 1.20 and 2.18 read every deployment config
DEPLOY = "polyaxon-deploy"
# the 2.x polyaxonfile check (polyaxon_v2.py): polyaxon 2.18 judges every `convert --to polyaxon-v2` output, the
# corpus v1.1 files it rejects must get a speclift finding, and the 2.x schema cases
POLYAXON_V2 = "polyaxon-v2"
# the editor check (editor_schemas.py): yaml-language-server (Node.js, .venvs/yaml-language-server) judges the exported
# schemas with the settings `speclift schemas editor-settings` gives, against speclift's schema findings
EDITOR = "editor"
# the Studio (classic) check (converted_studio.py): azure-ai-ml (TOOLS["azureml"]) loads and validates every converted
# graph's pipeline, components and endpoint outline in situ, and the loaded values are compared with the graph's
STUDIO = "studio-classic"
CHECKS = (CONVERSION, CONVERSION_AZ, SDK_V1, MLPROJECT, MLPROJECT_POLYAXON, DEPLOY, POLYAXON_V2, EDITOR, STUDIO)  # beyond TOOLS
VENVS = {
    # venv name: (venv dir, requirements file, script)
    "polyaxon0": (ROOT / ".venvs" / "polyaxon0", HERE / "requirements-polyaxon0.txt", HERE / "official_polyaxon0.py"),
    "polyaxon2": (ROOT / ".venvs" / "polyaxon2", HERE / "requirements-polyaxon2.txt", HERE / "render_polyaxon.py"),
    "azureml1": (ROOT / ".venvs" / "azureml1", HERE / "requirements-azureml-v1.txt", HERE / "official_azureml_v1.py"),
    "mlflow": (ROOT / ".venvs" / "mlflow", HERE / "requirements-mlflow.txt", HERE / "official_mlflow.py"),
}

# speclift spec-type names (CONTRIBUTING.md); a directory of that name in an own case's path is a hint for the
# official Azure ML script when the file carries no `$schema`.
AZUREML_NAMES = {
    "command-job",
    "sweep-job",
    "pipeline-job",
    "automl-job",
    "spark-job",
    "parallel-job",
    "command-component",
    "pipeline-component",
    "parallel-component",
    "spark-component",
    "data-transfer-component",
    "environment",
    "data",
    "data-import",
    "model",
    "managed-online-endpoint",
    "managed-online-deployment",
    "kubernetes-online-endpoint",
    "kubernetes-online-deployment",
    "batch-endpoint",
    "batch-deployment",
    "model-batch-deployment",
    "pipeline-component-batch-deployment",
    "schedule",
    "aml-compute",
    "compute-instance",
    "kubernetes-compute",
    "virtual-machine-compute",
    "synapse-spark-compute",
    "azure-blob-datastore",
    "azure-file-datastore",
    "azure-data-lake-gen1-datastore",
    "azure-data-lake-gen2-datastore",
    "onelake-datastore",
    "workspace",
    "connection",
    "registry",
    "model-package",
}
POLYAXON_NAMES = {"component", "operation"}
# Schema cases of the 2.x polyaxonfile types: polyaxon 1.20 refuses what only 2.x has, so 2.18 is their judge.
V2_OWN_CASES = ("tests/cases/schema/polyaxon-v2-component", "tests/cases/schema/polyaxon-v2-operation")
YAML_SUFFIXES = (".yml", ".yaml")


@dataclass
class Item:
    """One staged file and everything learnt about it."""

    group: str  # "azureml-v2", "polyaxon-v1" or OWN
    tool: str  # "azureml" or "polyaxon"
    label: str  # corpus file name, or the path relative to the repository root
    staged: Path
    hint: str | None = None
    expected: bool | None = None  # own cases: valid-* -> True, invalid-* -> False, samples -> None
    official: bool | None = None
    official_error: str = ""
    official_loader: str = ""
    has_official: bool = False
    speclift: bool | None = None
    speclift_errors: list[str] = field(default_factory=list)
    spec_types: list[str | None] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------------- (a) venvs


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_venv(tool: str) -> Path:
    venv, requirements = (TOOLS[tool][:2]) if tool in TOOLS else VENVS[tool][:2]
    python = venv_python(venv)
    if python.exists():
        return python
    log(f"creating {venv.relative_to(ROOT)} from {requirements.name} (one time)")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", str(requirements)], check=True
    )
    return python


# --------------------------------------------------------------------------------------------------- (b) corpus


def read_sources(folder: Path) -> list[dict[str, str]]:
    """SOURCES.tsv rows as dicts; the local file name column is `local_file` or `file`."""
    sources = folder / "SOURCES.tsv"
    if not sources.is_file():
        return []
    with sources.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    out = []
    for row in rows:
        name = row.get("local_file") or row.get("file")
        if name and row.get("repo") and row.get("path"):
            out.append({"file": name, "repo": row["repo"], "path": row["path"], "commit": row.get("commit", "")})
    return out


def stage_corpus(corpus: Path, group: str, tool: str, stage: Path) -> list[Item]:
    """Copy every corpus file to <stage>/<group>/<owner>/<repo>[@commit]/<original path>.

    A repository with files from more than one commit gets one tree per commit, so files are only siblings when
    they were siblings in the same checkout.
    """
    folder = corpus / group
    if not folder.is_dir():
        return []
    rows = read_sources(folder)
    commits: dict[str, set] = {}
    for row in rows:
        commits.setdefault(row["repo"], set()).add(row["commit"])
    items: list[Item] = []
    listed = set()
    for row in rows:
        src = folder / row["file"]
        if not src.is_file():
            continue
        top = row["repo"] if len(commits[row["repo"]]) == 1 else f"{row['repo']}@{row['commit'][:12]}"
        dest = stage / group / top / row["path"]
        if dest.exists():  # same path twice at one commit: keep both, the second next to the first
            dest = dest.with_name(f"{dest.stem}.{row['file']}")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        listed.add(row["file"])
        items.append(Item(group, tool, row["file"], dest))
    for src in sorted(folder.iterdir()):
        if src.suffix in YAML_SUFFIXES and src.name not in listed:
            dest = stage / group / "_unlisted" / src.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
            items.append(Item(group, tool, src.name, dest))
    return items


_BINDING = re.compile(r"^\$\{\{\s*parent\.inputs\.([A-Za-z0-9_]+)\s*\}\}$")
STUB_SCHEMA = "https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json"


def _input_type(value: Any, parent_inputs: dict[str, Any]) -> str:
    if isinstance(value, dict):
        if "type" in value:
            return str(value["type"])
        return _input_type(value.get("path", value.get("value")), parent_inputs)
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        m = _BINDING.match(value.strip())
        if m:
            return _input_type(parent_inputs.get(m.group(1)), {}) if m.group(1) in parent_inputs else "string"
        if "${{" in value:
            return "uri_folder"  # the output of another node
        return "string"
    return "string"


def component_stubs(doc: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, stub component) for every `component: ./file.yml` of a command node in a pipeline.

    The stub declares exactly the interface the node uses (inputs optional, typed from the values bound to them),
    so the SDK validates the pipeline itself; see README, placeholder policy.
    """
    if not isinstance(doc, dict) or not isinstance(doc.get("jobs"), dict):
        return
    parent_inputs = doc.get("inputs") if isinstance(doc.get("inputs"), dict) else {}
    for name, node in doc["jobs"].items():
        if not isinstance(node, dict) or str(node.get("type", "command")).lower() != "command":
            continue
        path = placeholders.local_path(node.get("component"))
        if not path or not path.endswith(YAML_SUFFIXES):
            continue
        inputs = node.get("inputs") if isinstance(node.get("inputs"), dict) else {}
        outputs = node.get("outputs") if isinstance(node.get("outputs"), dict) else {}
        yield (
            path,
            {
                "$schema": STUB_SCHEMA,
                "type": "command",
                "name": re.sub(r"[^a-z0-9_]", "_", f"stub_{name}".lower()),
                "version": "1",
                "inputs": {k: {"type": _input_type(v, parent_inputs), "optional": True} for k, v in inputs.items()},
                "outputs": {k: {"type": "uri_folder"} for k in outputs},
                "command": "echo stub",
                "environment": "azureml:stub-environment:1",
            },
        )


def make_placeholders(item: Item, stage_root: Path) -> None:
    """Create empty stand-ins for the local paths the file names that are missing from the staged tree."""
    try:
        doc = yaml.safe_load(item.staged.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return
    folder = item.staged.parent
    item.placeholders += placeholders.create(doc, folder, stage_root)
    for rel, stub in component_stubs(doc):
        target = Path(os.path.normpath(folder / rel))
        if target.exists() or not placeholders.inside(target, stage_root):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(yaml.safe_dump(stub, sort_keys=False), encoding="utf-8")
        item.placeholders.append(os.path.relpath(target, folder) + " (interface stub)")


# --------------------------------------------------------------------------------------------------- (c) own cases


def _family(path: Path, text: str) -> str | None:
    parts = {p.lower() for p in path.parts}
    if any("polyaxon" in p for p in parts):
        return "polyaxon"
    if any("azureml" in p for p in parts):
        return "azureml"
    if parts & POLYAXON_NAMES:
        return "polyaxon"
    if parts & AZUREML_NAMES:
        return "azureml"
    if re.search(r"^\$schema:.*azureml", text, re.M) or ("yaml-language-server: $schema=" in text and "azureml" in text):
        return "azureml"
    if re.search(r"^version:\s*['\"]?1\.1\b", text, re.M) and re.search(r"^kind:\s*(component|operation)", text, re.M):
        return "polyaxon"
    return None


def stage_own(stage: Path) -> list[Item]:
    """tests/cases/schema/**/{valid,invalid}-*.yml and the v2 / v1.1 YAML files under samples/."""
    items: list[Item] = []
    cases = ROOT / "tests" / "cases" / "schema"
    if cases.is_dir():
        shutil.copytree(cases, stage / "own" / "tests" / "cases" / "schema", dirs_exist_ok=True)
        for src in sorted(cases.rglob("*")):
            if src.suffix not in YAML_SUFFIXES or not re.match(r"^(valid|invalid)-", src.name):
                continue
            if str(src.relative_to(ROOT)).startswith(deploy.OWN_CASES):  # the deployment readers judge those
                continue
            if str(src.relative_to(ROOT)).startswith(V2_OWN_CASES):  # polyaxon 2.18 judges those (--only polyaxon-v2)
                continue
            text = src.read_text(encoding="utf-8", errors="replace")
            family = _family(src.relative_to(cases), text)
            if family is None:
                log(f"warning: cannot tell the family of {src.relative_to(ROOT)}; skipped")
                continue
            rel = src.relative_to(ROOT)
            hint = next((p for p in reversed(rel.parts) if p in AZUREML_NAMES), None)
            items.append(Item(OWN, family, str(rel), stage / "own" / rel, hint=hint, expected=src.name.startswith("valid-")))
    samples = ROOT / "samples"
    if samples.is_dir():
        shutil.copytree(samples, stage / "own" / "samples", dirs_exist_ok=True)
        for src in sorted(samples.rglob("*")):
            if src.suffix not in YAML_SUFFIXES or not src.is_file():
                continue
            text = src.read_text(encoding="utf-8", errors="replace")
            family = _family(Path(src.name), text)  # content only: samples hold v1 inputs too
            if family is None:
                continue
            rel = src.relative_to(ROOT)
            hint = next((p for p in reversed(rel.parts) if p in AZUREML_NAMES), None)
            items.append(Item(OWN, family, str(rel), stage / "own" / rel, hint=hint))
    return items


# --------------------------------------------------------------------------------------------------- (d), (e) runs


def start_official(tool: str, python: Path, items: list[Item], stage: Path) -> tuple[subprocess.Popen, Path]:
    script = TOOLS[tool][2]
    listing = stage / f"official-{tool}.list"
    listing.write_text("".join(f"{i.staged}\t{i.hint or ''}\n" for i in items), encoding="utf-8")
    out = stage / f"official-{tool}.jsonl"
    env = dict(os.environ, PYTHONWARNINGS="ignore", PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONPATH", None)  # the official tools must never see speclift
    proc = subprocess.Popen(
        [str(python), str(script), "--list", str(listing)], stdout=out.open("wb"), stderr=subprocess.PIPE, cwd=str(stage), env=env
    )
    return proc, out


def collect_official(tool: str, proc: subprocess.Popen, out: Path, items: list[Item]) -> None:
    _, err = proc.communicate()
    by_path = {str(i.staged): i for i in items}
    for line in out.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        item = by_path.get(rec["file"])
        if item is None:
            continue
        item.has_official = True
        item.official = rec["ok"]
        item.official_error = rec.get("error") or ""
        item.official_loader = rec.get("loader") or ""
    missing = [i for i in items if not i.has_official]
    if proc.returncode != 0 or missing:
        tail = err.decode("utf-8", "replace").strip().splitlines()[-15:]
        raise SystemExit(
            f"error: the official {tool} script failed (exit {proc.returncode}, "
            f"{len(missing)} files without a verdict)\n" + "\n".join(tail)
        )


def chunks(paths: list[str], limit: int = 60000) -> Iterator[list[str]]:
    batch: list[str] = []
    size = 0
    for path in paths:
        if batch and size + len(path) + 1 > limit:
            yield batch
            batch, size = [], 0
        batch.append(path)
        size += len(path) + 1
    if batch:
        yield batch


def run_speclift(command: list[str], items: list[Item]) -> None:
    by_path = {os.path.realpath(i.staged): i for i in items}
    for batch in chunks([str(i.staged) for i in items]):
        proc = subprocess.run([*command, "validate", "--format", "json", *batch], cwd=str(ROOT), capture_output=True)
        try:
            report = json.loads(proc.stdout.decode("utf-8"))
        except ValueError as exc:
            raise SystemExit(
                f"error: `{' '.join(command)} validate --format json` gave no JSON (exit "
                f"{proc.returncode}):\n{proc.stderr.decode('utf-8', 'replace')[-2000:]}"
            ) from exc
        for entry in report.get("files", []):
            path = entry.get("path", "")
            full = path if os.path.isabs(path) else os.path.join(str(ROOT), path)
            item = by_path.get(os.path.realpath(full))
            if item is None:
                continue
            errors = [f for f in entry.get("findings", []) if f.get("severity") == "error"]
            item.speclift = not errors
            item.spec_types = list(entry.get("spec_types") or [])
            item.speclift_errors = [_finding_text(f) for f in errors]
    for item in items:
        if item.speclift is None:
            item.speclift_errors = ["(no result for this file in speclift's output)"]


def _finding_text(finding: dict[str, Any]) -> str:
    where = finding.get("pointer") or finding.get("path") or ""
    line = finding.get("line")
    loc = f"{line}:{finding.get('column')}" if line else ""
    head = " ".join(x for x in (finding.get("code") or "", loc, where) if x)
    return f"{head} {finding.get('message', '')}".strip()


# --------------------------------------------------------------------------------------------------- (f), (g)


def verdict(ok: bool | None) -> str:
    return {True: "ok", False: "fail", None: "none"}[ok]


@dataclass
class Outcome:
    lines: list[str]
    failures: list[str]
    warnings: list[str]
    disagreements: list[Item]
    no_verdict: list[Item]
    stats: dict[str, dict[str, Any]]


def compare(items: list[Item], groups: list[str], explanations: list[dict[str, str]]) -> Outcome:
    failures: list[str] = []
    warnings: list[str] = []
    stats: dict[str, dict[str, Any]] = {}
    disagreements: list[Item] = []
    no_verdict = [i for i in items if i.official is None and i.group != OWN]
    explained = {(e["file"], e.get("official", ""), e.get("speclift", "")) for e in explanations if e.get("reason")}
    explained_own: set[str] = set()
    for group in groups:
        members = [i for i in items if i.group == group]
        if group == OWN:
            # Samples carry deliberate mistakes; those only speclift catches are listed with a reason like corpus files.
            bad = [
                i
                for i in members
                if _own_problem(i)
                and not (i.expected is None and (i.label, verdict(i.official), verdict(i.speclift)) in explained)
            ]
            explained_own.update(i.label for i in members if _own_problem(i) and i not in bad)
            stats[group] = {"files": len(members), "agree": len(members) - len(bad), "compared": len(members)}
            disagreements += bad
            for i in bad:
                failures.append(f"own case {i.label}: {_own_problem(i)}")
            continue
        compared = [i for i in members if i.official is not None]
        differ = [i for i in compared if i.speclift != i.official]
        disagreements += differ
        rate = (len(compared) - len(differ)) / len(compared) if compared else 1.0
        stats[group] = {
            "files": len(members),
            "compared": len(compared),
            "agree": len(compared) - len(differ),
            "rate": rate,
            "official_ok": sum(1 for i in compared if i.official),
            "speclift_ok": sum(1 for i in compared if i.speclift),
            "no_verdict": len(members) - len(compared),
        }
        if rate < THRESHOLD:
            failures.append(f"{group}: agreement {rate:.1%} is below {THRESHOLD:.0%}")
    known = {(e["file"], e.get("official", ""), e.get("speclift", "")): e for e in explanations}
    by_file = {e["file"]: e for e in explanations}
    disagreeing = set(explained_own)
    for item in disagreements:
        if item.group == OWN:
            continue
        disagreeing.add(item.label)
        entry = known.get((item.label, verdict(item.official), verdict(item.speclift)))
        if entry is None:
            other = by_file.get(item.label)
            why = (
                f" (disagreements.yaml lists it as official {other.get('official')} / speclift {other.get('speclift')})"
                if other
                else ""
            )
            failures.append(
                f"unexplained disagreement: {item.label}: official {verdict(item.official)}, "
                f"speclift {verdict(item.speclift)}{why}"
            )
        elif not entry.get("reason"):
            failures.append(f"disagreement without a reason in disagreements.yaml: {item.label}")
    present = {i.label for i in items}
    for entry in explanations:
        if entry["file"] in present and entry["file"] not in disagreeing:
            warnings.append(f"stale entry in disagreements.yaml, the tools now agree: {entry['file']}")
    lines = []
    for group in groups:
        s = stats[group]
        if group == OWN:
            lines.append(f"{group:12} {s['agree']}/{s['files']} consistent (file-name prefix, official tool, speclift)")
        else:
            lines.append(
                f"{group:12} agreement {s['agree']}/{s['compared']} = {s['rate']:.1%}  "
                f"(official ok {s['official_ok']}, speclift ok {s['speclift_ok']}, "
                f"no official verdict {s['no_verdict']})"
            )
    return Outcome(lines, failures, warnings, disagreements, no_verdict, stats)


def _own_problem(item: Item) -> str:
    problems = []
    if item.expected is not None and item.speclift != item.expected:
        problems.append(f"speclift says {verdict(item.speclift)}, the file name says {verdict(item.expected)}")
    if item.expected is not None and item.official is not None and item.official != item.expected:
        problems.append(f"the official tool says {verdict(item.official)}, the file name says {verdict(item.expected)}")
    if item.expected is None and item.official is not None and item.speclift != item.official:
        problems.append(f"speclift says {verdict(item.speclift)}, the official tool says {verdict(item.official)}")
    return "; ".join(problems)


def _md(text: str, stage: Path, limit: int = 400) -> str:
    text = text.replace(str(stage) + os.sep, "").replace(str(stage), "")
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text.replace("|", "\\|")


def write_report(
    path: Path,
    outcome: Outcome,
    items: list[Item],
    stage: Path,
    explanations: list[dict[str, str]],
    extra: list[str] | None = None,
) -> None:
    reasons = {(e["file"], e.get("official", ""), e.get("speclift", "")): e.get("reason", "") for e in explanations}
    out = [
        "# Conformance report",
        "",
        "speclift's verdicts against the official tools' (azure-ai-ml 1.35.2, polyaxon 1.20.0) on the same "
        "staged files, the conversion of Polyaxon v0 files checked with polyaxon-schemas 0.6.1, polyaxon 1.20.0 "
        "and 2.18.0, and the conversion of Azure ML v1 files checked with azure-ai-ml 1.35.2 and, value by value, "
        "against the v1 SDK (azureml-core 1.61.0, azureml-pipeline-core 1.62.0), and MLproject files judged by MLflow "
        "3.18 (mlflow-skinny) with their conversions judged by azure-ai-ml 1.35.2 and polyaxon 1.20.0 and their argv "
        f"compared with MLflow's, and the exported schemas judged by yaml-language-server {editor.installed_version(HERE)}. "
        "Generated by `python conformance/run.py --update-report`; see conformance/README.md.",
        "",
        "| corpus | files | compared | official ok | speclift ok | agree | agreement |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for group, s in outcome.stats.items():
        if group == OWN:
            out.append(
                f"| {group} | {s['files']} | {s['compared']} | | | {s['agree']} | {s['agree'] / s['compared']:.1%} |"
                if s["compared"]
                else f"| {group} | 0 | 0 | | | 0 | |"
            )
        else:
            out.append(
                f"| {group} | {s['files']} | {s['compared']} | {s['official_ok']} | {s['speclift_ok']} | "
                f"{s['agree']} | {s['rate']:.1%} |"
            )
    out += ["", f"## Disagreements ({len(outcome.disagreements)})", ""]
    if outcome.disagreements:
        out += [
            "| file | spec type | official | official message | speclift | speclift message | reason |",
            "|---|---|---|---|---|---|---|",
        ]
        for i in sorted(outcome.disagreements, key=lambda x: (x.group, x.label)):
            reason = (
                _own_problem(i)
                if i.group == OWN
                else reasons.get((i.label, verdict(i.official), verdict(i.speclift)), "**not explained**")
            )
            out.append(
                f"| `{i.label}` | {', '.join(str(t) for t in i.spec_types) or '-'} | "
                f"{verdict(i.official)} | {_md(i.official_error, stage)} | {verdict(i.speclift)} | "
                f"{_md('; '.join(i.speclift_errors), stage)} | {_md(reason, stage, 600)} |"
            )
    else:
        out.append("None.")
    if outcome.no_verdict:
        out += [
            "",
            f"## Files without an official verdict ({len(outcome.no_verdict)})",
            "",
            "The official SDK has no loader for these; they are left out of the agreement.",
            "",
        ]
        out += [
            f"- `{i.label}` ({_md(i.official_error, stage)}; speclift: {verdict(i.speclift)})"
            for i in sorted(outcome.no_verdict, key=lambda x: x.label)
        ]
    placeheld = [i for i in items if i.placeholders]
    out += [
        "",
        f"## Placeholders ({sum(len(i.placeholders) for i in placeheld)} in {len(placeheld)} files)",
        "",
        "Empty stand-ins created for local paths the files name that the corpus does not hold.",
        "",
        "<details><summary>list</summary>",
        "",
    ]
    out += [
        f"- `{i.label}`: {', '.join(f'`{p}`' for p in sorted(i.placeholders))}" for i in sorted(placeheld, key=lambda x: x.label)
    ]
    out += ["", "</details>"]
    out += [*(extra or []), ""]
    path.write_text("\n".join(out), encoding="utf-8")


# --------------------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compare speclift's verdicts with the official tools'.")
    parser.add_argument(
        "--only",
        choices=[*sorted(TOOLS), *CHECKS],
        help="run one check only",
    )
    parser.add_argument("--keep", action="store_true", help="keep the staged tree (its path is printed)")
    parser.add_argument("--update-report", action="store_true", help="rewrite conformance/report.md")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus folder (default: %(default)s)")
    parser.add_argument(
        "--speclift", default=f"{sys.executable} -m speclift", help="command that runs speclift (default: %(default)s)"
    )
    args = parser.parse_args(argv)

    started = time.monotonic()
    selected = [args.only] if args.only else [*sorted(TOOLS), *CHECKS]
    tools = [t for t in selected if t in TOOLS]
    conversion = CONVERSION in selected
    conversion_az = CONVERSION_AZ in selected
    sdk_v1 = SDK_V1 in selected
    if not args.corpus.is_dir():
        log(f"corpus not found at {args.corpus}: only the project's own cases are checked")
    needed = {
        *tools,
        *(["polyaxon", "polyaxon0", "polyaxon2"] if conversion else []),
        *(["azureml"] if conversion_az else []),
        *(["azureml", "azureml1"] if sdk_v1 else []),
        *(["polyaxon"] if MLPROJECT_POLYAXON in selected else []),
        *(["azureml", "mlflow"] if MLPROJECT in selected else []),
        *(["polyaxon", "polyaxon2"] if DEPLOY in selected else []),
        *(["polyaxon2"] if POLYAXON_V2 in selected else []),
        *(["azureml"] if STUDIO in selected else []),
    }
    pythons = {tool: ensure_venv(tool) for tool in sorted(needed)}
    editor_server = editor.install(ROOT, HERE) if EDITOR in selected else None

    stage = Path(tempfile.mkdtemp(prefix="speclift-conformance-")).resolve()
    try:
        items: list[Item] = []
        groups: list[str] = []
        for tool in tools:
            group = TOOLS[tool][3]
            staged = stage_corpus(args.corpus, group, tool, stage) if args.corpus.is_dir() else []
            if staged:
                groups.append(group)
            items += staged
        for item in items:
            if item.tool == "azureml":
                make_placeholders(item, stage / item.group)
        own = [i for i in stage_own(stage) if i.tool in tools]
        if own:
            groups.append(OWN)
        items += own

        v0_files: list[cpx.V0File] = []
        if conversion:
            corpus_v0 = stage_corpus(args.corpus, cpx.V0_CORPUS, "polyaxon0", stage) if args.corpus.is_dir() else []
            v0_files = [
                cpx.V0File(i.label, i.staged, Path("corpus") / i.staged.relative_to(stage / cpx.V0_CORPUS)) for i in corpus_v0
            ]
            v0_files += [cpx.V0File(label, path, Path("own") / rel) for label, path, rel in cpx.stage_samples(ROOT, stage)]
        if str(ROOT) not in sys.path:
            sys.path.append(str(ROOT))  # the repository's speclift when it is not installed
        v1_files: list[caz.V1File] = []
        repo_problems: list[str] = []  # test repositories that did not migrate (converted_repositories.py)
        if conversion_az:
            corpus_v1 = args.corpus if args.corpus.is_dir() else None
            v1_files = caz.stage(corpus_v1, ROOT, stage / caz.STAGE_DIR)
        sdk_sources: list[sdk1.Source] = []
        if sdk_v1:
            sdk_sources = sdk1.stage(args.corpus if args.corpus.is_dir() else None, ROOT, stage / sdk1.STAGE_DIR)
        mlprojects: list[cmlp.MLproject] = []
        if MLPROJECT in selected:
            corpus = args.corpus if args.corpus.is_dir() else None
            mlprojects = cmlp.stage(corpus, ROOT, stage / cmlp.STAGE_DIR)
        studio_graphs: list[cstudio.Graph] = []
        if STUDIO in selected:
            studio_graphs = cstudio.stage(args.corpus if args.corpus.is_dir() else None, ROOT, stage / cstudio.STAGE_DIR)
        if (
            not items
            and not v0_files
            and not v1_files
            and not sdk_sources
            and not mlprojects
            and not studio_graphs
            and MLPROJECT_POLYAXON not in selected
            and DEPLOY not in selected
            and POLYAXON_V2 not in selected
            and EDITOR not in selected
        ):
            log("nothing to check (no corpus, no own cases)")
            return 0
        staged = len(items) + len(v0_files) + len(v1_files) + len(sdk_sources) + len(mlprojects) + len(studio_graphs)
        log(f"staged {staged} files in {time.monotonic() - started:.1f}s")
        sdk_run = sdk1.start(sdk_sources, args.speclift.split(), pythons, stage / sdk1.STAGE_DIR) if sdk_sources else None
        mlp_run = cmlp.start(mlprojects, args.speclift.split(), pythons, VENVS["mlflow"][2], stage, ROOT) if mlprojects else None
        studio_run = cstudio.start(studio_graphs, pythons["azureml"], stage / cstudio.STAGE_DIR) if studio_graphs else None

        converted: list[Item] = []
        if v0_files:
            proc0, out0 = cpx.start_polyaxon0(pythons["polyaxon0"], VENVS["polyaxon0"][2], v0_files, stage)
            tick = time.monotonic()
            cpx.convert_all(v0_files, stage / "converted-polyaxon-v0")
            converted = [Item(cpx.GROUP, "polyaxon", o.label, o.path) for f in v0_files for o in f.outputs]
            log(f"converted {len(v0_files)} v0 files into {len(converted)} outputs in {time.monotonic() - tick:.1f}s")
        converted_az: list[Item] = []
        if v1_files:
            tick = time.monotonic()
            caz.convert_all(v1_files, stage / caz.STAGE_DIR)
            caz.make_placeholders(v1_files, stage / caz.STAGE_DIR)
            repo_files, repo_problems = crepo.convert(ROOT, stage / caz.STAGE_DIR)
            v1_files += repo_files
            converted_az = [
                Item(caz.GROUP, "azureml", o.label, o.path, hint=o.hint) for f in v1_files for o in f.outputs if not o.companion
            ]
            log(f"converted {len(v1_files)} Azure ML v1 files into {len(converted_az)} outputs in {time.monotonic() - tick:.1f}s")

        running = {}
        for tool in sorted(pythons):
            members = [i for i in items + converted + converted_az if i.tool == tool]
            if tool in TOOLS and members:
                running[tool] = (start_official(tool, pythons[tool], members, stage), members)
        proc2 = cpx.start_polyaxon2(pythons["polyaxon2"], VENVS["polyaxon2"][2], stage) if v0_files else None
        if items or converted_az:
            run_speclift(args.speclift.split(), items + converted_az)
        for tool, ((proc, out), members) in running.items():
            collect_official(tool, proc, out, members)

        explanations = load_listed(HERE / "disagreements.yaml")
        outcome = compare(items, groups, explanations)
        extra: list[str] = []
        converted_outcome = None
        if v0_files and proc2 is not None:
            cpx.collect_polyaxon0(proc0, out0, v0_files)
            cpx.run_polyaxon2(proc2, v0_files)
            by_path = {i.staged: i for i in converted}
            for f in v0_files:
                for o in f.outputs:
                    o.v1_ok, o.v1_error = by_path[o.path].official, by_path[o.path].official_error
            converted_outcome = cpx.evaluate(v0_files, load_listed(HERE / "conversion-differences.yaml"))
            outcome.lines += converted_outcome.lines
            outcome.failures += converted_outcome.failures
            outcome.warnings += converted_outcome.warnings
            extra = cpx.report_section(converted_outcome, stage)
        az_outcome = None
        if v1_files:
            by_path = {i.staged: i for i in converted_az}
            for f in v1_files:
                for o in f.outputs:
                    if o.companion:
                        continue
                    item = by_path[o.path]
                    o.official, o.official_error, o.official_loader = item.official, item.official_error, item.official_loader
                    o.speclift, o.speclift_errors = item.speclift, item.speclift_errors
            az_outcome = caz.evaluate(v1_files, load_listed(HERE / "conversion-refusals.yaml"))
            outcome.lines += az_outcome.lines
            outcome.failures += az_outcome.failures
            outcome.failures += [f"{caz.GROUP}: test repository {p}" for p in repo_problems]
            outcome.warnings += az_outcome.warnings
            extra += caz.report_section(az_outcome, v1_files, stage)
        if sdk_run is not None:
            sdk_outcome = sdk1.finish(sdk_run, HERE / "v1-sdk-differences.yaml")
            outcome.lines += sdk_outcome.lines
            outcome.failures += sdk_outcome.failures
            outcome.warnings += sdk_outcome.warnings
            extra += sdk1.report_section(sdk_outcome, stage)
        if mlp_run is not None:
            mlp_outcome = cmlp.finish(mlp_run, HERE / "mlproject-differences.yaml")
            outcome.lines += mlp_outcome.lines
            outcome.failures += mlp_outcome.failures
            outcome.warnings += mlp_outcome.warnings
            extra += cmlp.report_section(mlprojects, mlp_outcome, load_listed(HERE / "mlproject-differences.yaml"), stage)
        if studio_run is not None:
            studio = cstudio.finish(studio_run, HERE / "studio-differences.yaml", stage)
            outcome.lines += studio.lines
            outcome.failures += studio.failures
            outcome.warnings += studio.warnings
            extra += studio.report
        if MLPROJECT_POLYAXON in selected:
            mlproject = cmpx.check(args.corpus, pythons["polyaxon"], HERE)
            outcome.lines += mlproject.lines
            outcome.failures += mlproject.failures
            outcome.warnings += mlproject.warnings
            extra += mlproject.report
        if DEPLOY in selected:
            pythons_by_venv = {"polyaxon1": pythons["polyaxon"], "polyaxon2": pythons["polyaxon2"]}
            corpus_dir = args.corpus if args.corpus.is_dir() else None
            deployed = deploy.check(corpus_dir, ROOT, pythons_by_venv, args.speclift.split(), HERE)
            outcome.lines += deployed.lines
            outcome.failures += deployed.failures
            outcome.warnings += deployed.warnings
            extra += deployed.report
        if POLYAXON_V2 in selected:
            corpus_dir = args.corpus if args.corpus.is_dir() else None
            upgraded = pxv2.check(corpus_dir, ROOT, pythons["polyaxon2"], HERE)
            outcome.lines += upgraded.lines
            outcome.failures += upgraded.failures
            outcome.warnings += upgraded.warnings
            extra += upgraded.report
        if editor_server is not None:
            judged = editor.check(args.corpus if args.corpus.is_dir() else None, ROOT, editor_server, HERE)
            outcome.lines += judged.lines
            outcome.failures += judged.failures
            outcome.warnings += judged.warnings
            extra += judged.report
        for line in outcome.lines:
            print(line)
        if outcome.no_verdict:
            print(f"no official verdict (not compared): {', '.join(i.label for i in outcome.no_verdict)}")
        for i in sorted(outcome.disagreements, key=lambda x: (x.group, x.label)):
            print(f"  differ [{i.group}] {i.label}: official {verdict(i.official)}, speclift {verdict(i.speclift)}")
        for d in sorted(converted_outcome.differences if converted_outcome else [], key=lambda x: x.file.label):
            print(f"  differ [{cpx.GROUP}] {d.file.label}: {d.kind}, {(d.entry or {}).get('cause', 'not listed')}")
        for f, message, reason in sorted(az_outcome.refused if az_outcome else [], key=lambda x: x[0].label):
            print(f"  refused [{caz.GROUP}] {f.label}: {message}" + ("" if reason else " (not listed)"))
        for o, why in az_outcome.rejected if az_outcome else []:
            print(f"  rejected [{caz.GROUP}] {o.label}: {why}")
        if args.update_report:
            write_report(HERE / "report.md", outcome, items, stage, explanations, extra)
            print(f"wrote {(HERE / 'report.md').relative_to(ROOT)}")
        elif args.keep:
            write_report(stage / "report.md", outcome, items, stage, explanations, extra)
        for warning in outcome.warnings:
            print(f"warning: {warning}")
        for failure in outcome.failures:
            print(f"FAIL: {failure}")
        print(f"conformance {'failed' if outcome.failures else 'passed'} in {time.monotonic() - started:.1f}s")
        return 1 if outcome.failures else 0
    finally:
        if args.keep:
            print(f"staged tree kept at {stage}")
        else:
            shutil.rmtree(stage, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
