"""The "converted MLproject -> polyaxon" check of the conformance stage: same command, same argv.

Used by run.py (``--only mlproject-polyaxon``; see conformance/README.md, "Converted MLproject files (Polyaxon)").
For every corpus MLproject (``corpus/mlflow-mlproject``) and every golden case of the converter that has outputs
(tests/cases/convert/mlflow-polyaxon, staged with the case's files):

1. the file is staged alone in a folder as ``MLproject``, with the environment file it names (or MLflow's default
   ``conda.yaml``) as a small placeholder, and converted in-process with ``-O to=polyaxon``;
2. polyaxon 1.20 (render_mlproject_polyaxon.py, in .venvs/polyaxon1) judges every component and renders its
   container command for each parameter set: ``defaults`` (required parameters supplied), ``quotes`` (every text
   parameter given ``a b 'c' "d"``) and ``given`` (every parameter given as ``mlflow run -P`` text);
3. ``shlex.split`` of the rendered ``bash -c`` argument must equal ``shlex.split`` of MLflow's
   ``compute_command`` (``speclift.mlproject.command.mlflow_command``) for the same values.

It fails on a component polyaxon rejects or cannot render, on a conversion error, and on an argv difference that
mlproject-polyaxon-differences.yaml does not list (file, entry point, parameter set) with its reason.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from listed import load_listed

GROUP = "converted mlproject -> polyaxon"
CORPUS = "mlflow-mlproject"
SOURCE_TYPE = "mlflow/mlproject"
DIFFERENCES = "mlproject-polyaxon-differences.yaml"
OWN_CASES = "tests/cases/convert/mlflow-polyaxon"
QUOTES = "a b 'c' \"d\""
# a value of each MLflow type, as `mlflow run -P` gives it (text)
SAMPLES = {"float": "0.25", "int": "7", "bool": "True", "path": "data/in.csv", "uri": "s3://bucket/key"}
PLACEHOLDERS = {
    "conda_env": "name: placeholder\ndependencies: [python=3.10, pip]\n",
    "python_env": "python: '3.10'\ndependencies: [mlflow]\n",
}


@dataclass
class Case:
    label: str  # corpus file name
    entry: str
    params: str  # parameter set name
    component: Path
    values: dict[str, str]  # given parameters (text), by MLflow's name
    inputs: dict[str, str]  # the same, by the component's input name
    mlflow: list[str] | None = None
    mlflow_error: str = ""
    polyaxon: list[str] | None = None
    polyaxon_error: str = ""


@dataclass
class Outcome:
    lines: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    report: list[str] = field(default_factory=list)


def stage(corpus: Path, out: Path) -> list[tuple[str, Path]]:
    """(label, staged MLproject) for every corpus file, each alone in its folder with its environment file."""
    import yaml

    staged = []
    folder = corpus / CORPUS
    for src in sorted(folder.glob("*MLproject")) if folder.is_dir() else []:
        project = out / src.name / "project"
        project.mkdir(parents=True)
        text = src.read_text(encoding="utf-8")
        (project / "MLproject").write_text(text, encoding="utf-8")
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError:
            data = {}
        named = [(key, data[key]) for key in PLACEHOLDERS if isinstance(data, dict) and isinstance(data.get(key), str)]
        for key, name in named or [("conda_env", "conda.yaml")]:
            target = Path(os.path.normpath(project / name))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(PLACEHOLDERS[key], encoding="utf-8")
        staged.append((src.name, project / "MLproject"))
    return staged


def stage_own(root: Path, out: Path) -> list[tuple[str, Path]]:
    """(label, staged MLproject) for every golden case of the converter that has outputs, with the case's files."""
    staged = []
    for case in sorted((root / OWN_CASES).glob("*/MLproject")):
        if not any(case.parent.glob("expected*.yml")):
            continue  # a refusal: nothing for polyaxon to judge
        target = out / "own" / case.parent.name
        shutil.copytree(case.parent, target)
        for expected in target.glob("expected*.yml"):
            expected.unlink()
        staged.append((f"{OWN_CASES}/{case.parent.name}", target / "MLproject"))
    return staged


def _parameter_sets(entry: Any) -> dict[str, dict[str, str]]:
    required = {n: SAMPLES.get(p.type, "value") for n, p in entry.parameters.items() if p.required}
    quotes = {n: (QUOTES if p.type in ("string", "path", "uri") else required.get(n)) for n, p in entry.parameters.items()}
    given = {n: SAMPLES.get(p.type, "value") for n, p in entry.parameters.items()}
    return {
        "defaults": required,
        "quotes": {n: v for n, v in quotes.items() if v is not None},
        "given": given,
    }


def convert(staged: list[tuple[str, Path]]) -> tuple[list[Case], list[str]]:
    import yaml

    from speclift.conversion.engine import convert_file
    from speclift.converters.mlflow.polyaxon import input_names
    from speclift.findings import Severity
    from speclift.mlproject import command as template
    from speclift.mlproject.model import read_project

    cases: list[Case] = []
    failures: list[str] = []
    for label, path in staged:
        result = convert_file(str(path), {SOURCE_TYPE: {"to": "polyaxon"}})
        errors = [f"{f.code} {f.pointer} {f.message}" for f in result.findings if f.severity == Severity.ERROR]
        if errors or not result.outputs:
            failures.append(f"{GROUP}: {label} did not convert: {'; '.join(errors) or 'no output'}")
            continue
        project = read_project(yaml.safe_load(path.read_text(encoding="utf-8")))  # as MLflow reads it
        for entry, output in zip(project.entry_points.values(), result.outputs, strict=True):
            target = path.parent / output.file
            target.write_text(output.text, encoding="utf-8")
            declared = {name: p.default for name, p in entry.parameters.items()}
            for name, values in _parameter_sets(entry).items():
                names = input_names(entry)
                case = Case(label, entry.name, name, target, values, {names[k]: v for k, v in values.items()})
                try:
                    case.mlflow = shlex.split(template.mlflow_command(entry.command, declared, values))
                except (KeyError, ValueError) as exc:
                    case.mlflow_error = f"{type(exc).__name__}: {exc}"
                cases.append(case)
    return cases, failures


def render(python: Path, script: Path, cases: list[Case]) -> None:
    env = dict(os.environ, PYTHONWARNINGS="ignore", PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONPATH", None)  # the official tool must never see speclift
    requests = "".join(json.dumps({"file": str(c.component), "params": c.inputs}) + "\n" for c in cases)
    proc = subprocess.run(
        [str(python), str(script), "--requests", "-"],
        input=requests,
        capture_output=True,
        text=True,
        env=env,
        cwd=str(script.parent),
    )
    answers = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    if len(answers) != len(cases):
        raise SystemExit(f"error: {script.name} answered {len(answers)} of {len(cases)} requests:\n{proc.stderr[-2000:]}")
    for case, answer in zip(cases, answers, strict=True):
        if not answer["ok"]:
            case.polyaxon_error = f"rejected: {answer['error']}"
        elif answer["render_error"]:
            case.polyaxon_error = f"not rendered: {answer['render_error']}"
        elif answer["command"] != ["/bin/bash", "-c"] or len(answer["args"] or []) != 1:
            case.polyaxon_error = f"not a bash -c command: {answer['command']} {answer['args']}"
        else:
            try:
                case.polyaxon = shlex.split(answer["args"][0])
            except ValueError as exc:
                case.polyaxon_error = f"the rendered command is no shell line: {exc}"


def evaluate(cases: list[Case], failures: list[str], listed: list[dict[str, str]]) -> Outcome:
    outcome = Outcome(failures=list(failures))
    known = {(e["file"], e.get("entry", ""), e.get("params", "")): e for e in listed}
    same = differ = explained = 0
    rows = []
    for case in cases:
        if case.polyaxon is not None and case.polyaxon == case.mlflow:
            same += 1
            continue
        differ += 1
        entry = known.get((case.label, case.entry, case.params))
        detail = case.polyaxon_error or case.mlflow_error or f"mlflow {case.mlflow} / polyaxon {case.polyaxon}"
        if entry is not None and entry.get("reason"):
            explained += 1
        else:
            outcome.failures.append(f"{GROUP}: {case.label} {case.entry} ({case.params}): {detail}")
        rows.append(
            f"| `{case.label}` | {case.entry} | {case.params} | {detail} | {(entry or {}).get('reason', '**not listed**')} |"
        )
    differing = {(c.label, c.entry, c.params) for c in cases if c.polyaxon is None or c.polyaxon != c.mlflow}
    for key in known.keys() - differing:
        if key[0] in {c.label for c in cases}:
            outcome.warnings.append(f"stale entry in {DIFFERENCES}, the argv now agree: {' '.join(key)}")
    files = len({c.label for c in cases})
    own = len({c.label for c in cases if c.label.startswith(OWN_CASES)})
    components = len({c.component for c in cases})
    outcome.lines.append(
        f"{GROUP}: {files - own} corpus files and {own} golden cases, {components} components accepted and rendered by polyaxon 1.20; argv equal to "
        f"MLflow's in {same}/{len(cases)} (entry point, parameter set) pairs, {explained} listed differences"
    )
    outcome.report = [
        "",
        "## Converted MLproject files (Polyaxon v1.1)",
        "",
        f"{files - own} corpus MLproject files and {own} golden cases converted with `-O to=polyaxon` into {components} "
        f"components; polyaxon 1.20 "
        f"accepts and renders each for {len(cases) // max(components, 1)} parameter sets (defaults, values with spaces "
        f"and quotes, every parameter given). `shlex.split` of the rendered command equals that of MLflow's "
        f"`compute_command` in {same} of {len(cases)} cases; {differ} differ ({explained} listed in {DIFFERENCES}).",
        "",
    ]
    if rows:
        outcome.report += ["| file | entry point | parameters | difference | reason |", "|---|---|---|---|---|", *rows]
    return outcome


def check(corpus: Path, python: Path, here: Path) -> Outcome:
    """The whole check: staged, converted, rendered, compared."""
    with tempfile.TemporaryDirectory(prefix="speclift-mlproject-polyaxon-") as tmp:
        staged = stage(corpus, Path(tmp)) + stage_own(here.parent, Path(tmp))
        cases, failures = convert(staged)
        if cases:
            render(python, here / "render_mlproject_polyaxon.py", cases)
        return evaluate(cases, failures, load_listed(here / DIFFERENCES))
