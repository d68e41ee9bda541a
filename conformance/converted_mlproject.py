"""MLproject files: MLflow judges the source, azure-ai-ml the outputs, and both must start the same argv.

Every corpus MLproject (at its repository path, with stand-ins for the files it names) and every own ``MLproject``
(any case) under ``tests/cases`` and ``samples``: MLflow 3.18 (``official_mlflow.py``) and speclift judge it and
must agree; each project MLflow accepts is converted per entry point and parameter set (:func:`runs`) with
``speclift convert MLproject --out DIR -O entry-point=E -O params=...``; azure-ai-ml (``mlproject_azureml.py``)
loads every output in situ and gives each job's literal inputs as its REST payload carries them, which replace
``${{inputs.x}}`` in the job's command (a data input, and MLflow's value for it, become ``<path:x>`` once both are
seen to name the same file); ``shlex.split`` of that and of MLflow's ``compute_command`` must be equal, or the
difference listed in ``mlproject-differences.yaml``. See README.md, "MLproject files".
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import converted_azureml as caz
import placeholders
import yaml
from listed import load_listed

HERE = Path(__file__).resolve().parent

CORPUS = "mlflow-mlproject"
SPEC_TYPE = "mlflow/mlproject"
GROUP = "mlflow-mlproject"
STAGE_DIR = "mlflow-mlproject"
OWN = (Path("tests") / "cases", Path("samples"))  # own MLproject files: the test cases and the samples
# the stand-ins for the environment files a project names (MLflow's loader checks that they exist; speclift reads
# them to build the job's environment)
CONDA_STAND_IN = "name: conformance\ndependencies:\n  - python=3.10\n  - pip\n  - pip:\n    - mlflow\n"
PYTHON_ENV_STAND_IN = 'python: "3.10"\nbuild_dependencies:\n  - pip\ndependencies:\n  - mlflow\n'
QUOTED = 'it\'s a "b" c'  # a value with spaces, a single and a double quote
URI = "https://example.com/data/file.csv"
# a value for a required parameter, by MLflow type (unknown types are passed through like strings)
REQUIRED = {"float": "0.5", "int": "3", "bool": "True", "uri": URI, "string": "value"}
_INPUT = re.compile(r"\$\{\{\s*inputs\.([A-Za-z0-9_.]+)\s*\}\}")


@dataclass
class Run:
    entry: str
    label: str  # the parameter set: defaults, spaces, quotes, 1e-1, 0.5, False
    params: dict[str, str]
    out: Path
    mlflow_command: str | None = None
    mlflow_error: str = ""
    job: Path | None = None
    convert_error: str = ""
    azure_error: str = ""
    azure_inputs: dict[str, Any] | None = None
    azure_command: str | None = None
    mlflow_argv: list[str] | str = ""  # the argv, or why shlex.split failed
    azure_argv: list[str] | str = ""
    difference: str = ""  # empty when the argv are equal


@dataclass
class MLproject:
    label: str  # corpus file name, or the own case's path
    path: Path  # the staged file
    scope: Path  # the staged repository: files the project names are read inside it
    own: bool = False
    parameters: dict[str, dict[str, tuple[str, Any]]] = field(default_factory=dict)  # entry -> name -> (type, default)
    made: list[str] = field(default_factory=list)  # stand-ins, relative to the project folder
    runs: list[Run] = field(default_factory=list)
    mlflow_ok: bool | None = None
    mlflow_error: str = ""
    speclift_ok: bool | None = None
    speclift_errors: list[str] = field(default_factory=list)
    speclift_warnings: list[str] = field(default_factory=list)
    outputs: dict[Path, tuple[bool | None, str]] = field(default_factory=dict)  # output -> azure-ai-ml verdict


@dataclass
class Started:
    projects: list[MLproject]
    mlflow: tuple[subprocess.Popen, Path]
    azure: tuple[subprocess.Popen, Path]


@dataclass
class Outcome:
    lines: list[str]
    failures: list[str]
    warnings: list[str]


# --------------------------------------------------------------------------------------------------- staging


def stage(corpus: Path | None, root: Path, stage_root: Path) -> list[MLproject]:
    """Every corpus MLproject at its repository path (one tree per repository and commit, each a git work tree),
    named ``MLproject``, with stand-ins for the environment files it names; every own case with its folder."""
    projects: list[MLproject] = []
    rows = caz._sources(corpus / CORPUS) if corpus is not None else []
    commits: dict[str, set[str]] = {}
    for row in rows:
        commits.setdefault(row["repo"], set()).add(row["commit"])
    for row in rows:
        source = corpus / CORPUS / row["file"] if corpus is not None else None
        if source is None or not source.is_file():
            continue
        rel = caz._corpus_rel(row, len(commits.get(row["repo"], ())) > 1)
        dest = stage_root / "corpus" / rel.parent / "MLproject"
        dest.parent.mkdir(parents=True, exist_ok=True)
        (stage_root / "corpus" / rel.parts[0] / rel.parts[1] / ".git").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)
        project = MLproject(row["file"], dest, stage_root / "corpus" / rel.parts[0] / rel.parts[1])
        project.made = _environment_stand_ins(dest, project.scope)
        projects.append(project)
    own = [p for folder in OWN for p in sorted((root / folder).rglob("*")) if p.is_file() and p.name.lower() == "mlproject"]
    for case in own:
        rel = case.relative_to(root)
        # the case's whole group (tests/cases/convert/mlflow, samples/mlflow): a case may name files beside its folder
        top = Path(*rel.parts[: 4 if rel.parts[0] == "tests" else 2])
        if not (stage_root / "own" / top).is_dir():
            shutil.copytree(root / top, stage_root / "own" / top)
            (stage_root / "own" / top / ".git").mkdir()  # a repository, as a user's clone is
        projects.append(MLproject(str(rel), stage_root / "own" / rel, stage_root / "own" / top, own=True))
    for project in projects:
        project.parameters = _parameters(project.path)
    return projects


def _environment_stand_ins(mlproject: Path, repository: Path) -> list[str]:
    """A small conda or python_env file for ``conda_env``/``python_env`` when the repository lacks it."""
    try:
        data = yaml.safe_load(mlproject.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return []
    made = []
    for key, text in (("conda_env", CONDA_STAND_IN), ("python_env", PYTHON_ENV_STAND_IN)):
        value = data.get(key) if isinstance(data, dict) else None
        if isinstance(value, str) and value and not os.path.isabs(value):
            target = (mlproject.parent / value).resolve()
            if placeholders.inside(target, repository.resolve()) and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
                made.append(value)
    return made


def _parameters(mlproject: Path) -> dict[str, dict[str, tuple[str, Any]]]:
    """Entry point -> parameter -> (type, default), read as MLflow's ``Parameter`` reads them (a plain string is
    the type, without a default; a mapping gives ``type``, default ``string``, and ``default``); {} for a file
    whose entry points MLflow cannot read."""
    try:
        data = yaml.safe_load(mlproject.read_text(encoding="utf-8"))
        entries = data.get("entry_points") or {}
        return {
            str(name): {
                str(k): (v, None) if isinstance(v, str) else (str(v.get("type", "string")), v.get("default"))
                for k, v in (entry.get("parameters") or {}).items()
            }
            for name, entry in entries.items()
        }
    except (yaml.YAMLError, AttributeError, TypeError):
        return {}


def runs(parameters: dict[str, tuple[str, Any]]) -> list[tuple[str, dict[str, str]]]:
    """The parameter sets an entry point is run with (``-P`` values, text): ``defaults`` (required parameters
    supplied: :data:`REQUIRED`, a ``path`` an existing file), ``spaces`` and ``quotes`` (every string parameter
    gets ``two words``, then :data:`QUOTED`), ``1e-1`` and ``0.5`` (every float parameter), ``False`` (every bool
    parameter); a set is left out when the entry point has no parameter it changes."""
    base = {name: _required(name, kind) for name, (kind, default) in parameters.items() if default is None}
    sets = [("defaults", base)]
    strings = [k for k, (kind, _) in parameters.items() if kind not in ("float", "int", "bool", "path", "uri")]
    by_type = {
        "spaces": (strings, "two words"),
        "quotes": (strings, QUOTED),
        "1e-1": ([k for k, (kind, _) in parameters.items() if kind == "float"], "1e-1"),
        "0.5": ([k for k, (kind, _) in parameters.items() if kind == "float"], "0.5"),
        "False": ([k for k, (kind, _) in parameters.items() if kind == "bool"], "False"),
    }
    for label, (names, value) in by_type.items():
        if names:
            sets.append((label, {**base, **dict.fromkeys(names, value)}))
    return sets


def _required(name: str, kind: str) -> str:
    return f"data/{name}.txt" if kind == "path" else REQUIRED.get(kind, REQUIRED["string"])


# --------------------------------------------------------------------------------------------------- running


def start(
    projects: list[MLproject], speclift: list[str], pythons: dict[str, Path], mlflow_script: Path, stage: Path, root: Path
) -> Started:
    """MLflow starts on the sources while speclift converts them; then azure-ai-ml starts on the outputs."""
    stage_root = stage / STAGE_DIR
    mlflow = start_mlflow(pythons["mlflow"], mlflow_script, projects, stage_root)
    convert_all(projects)
    run_speclift(speclift, projects, root)
    azure = start_azure(pythons["azureml"], HERE / "mlproject_azureml.py", projects, stage_root)
    return Started(projects, mlflow, azure)


def finish(started: Started, differences: Path) -> Outcome:
    collect_mlflow(*started.mlflow, started.projects)
    collect_azure(*started.azure, started.projects)
    return evaluate(started.projects, load_listed(differences))


def start_mlflow(python: Path, script: Path, projects: list[MLproject], stage_root: Path) -> tuple[subprocess.Popen, Path]:
    """MLflow's verdicts and commands, in its own process while speclift converts."""
    for project in projects:
        for entry, parameters in project.parameters.items():
            for index, (label, params) in enumerate(runs(parameters)):
                out = project.path.parent.parent / f"{project.path.parent.name}.converted" / f"{entry}-{index}"
                project.runs.append(Run(entry, label, params, out))
                for name, value in params.items():
                    if parameters[name][0] == "path":  # MLflow reads it from the project folder, Azure ML uploads it
                        target = project.path.parent / value
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.touch()
                        project.made += [value] if value not in project.made else []
    requests = stage_root / "mlflow-requests.jsonl"
    with requests.open("w", encoding="utf-8") as fh:
        for project in projects:
            wanted = [{"entry": r.entry, "params": r.params} for r in project.runs]
            fh.write(json.dumps({"project": str(project.path.parent), "runs": wanted}) + "\n")
    out = stage_root / "mlflow.jsonl"
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONWARNINGS="ignore")
    env.pop("PYTHONPATH", None)  # the official tools never see speclift
    command = [str(python), str(script), "--requests", str(requests)]
    return subprocess.Popen(command, stdout=out.open("wb"), stderr=subprocess.PIPE, cwd=str(stage_root), env=env), out


def collect_mlflow(proc: subprocess.Popen, out: Path, projects: list[MLproject]) -> None:
    _, err = proc.communicate()
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    if proc.returncode != 0 or len(records) != len(projects):
        tail = "\n".join(err.decode("utf-8", "replace").strip().splitlines()[-15:])
        raise SystemExit(f"error: official_mlflow.py failed (exit {proc.returncode}, {len(records)} results)\n{tail}")
    for project, record in zip(projects, records, strict=True):
        project.mlflow_error = record["error"]
        for run, done in zip(project.runs, record["runs"] if record["ok"] else [], strict=record["ok"]):
            run.mlflow_command, run.mlflow_error = done["command"], done["error"]
        # MLflow's verdict: the loader, and every entry point's command with its defaults (what `mlflow run -e E`
        # computes before it starts anything: a missing parameter, a KeyError, a uri without a scheme fail there)
        failed = [f"{r.entry}: {r.mlflow_error}" for r in project.runs if r.label == "defaults" and r.mlflow_error]
        project.mlflow_ok = record["ok"] and not failed
        project.mlflow_error = project.mlflow_error or "; ".join(failed)


def convert_all(projects: list[MLproject]) -> None:
    """``speclift convert MLproject --out DIR -O entry-point=E -O params=...`` for every run of every project (the
    CLI's command, in-process: one process start for all), after stand-ins for the scripts and files the outputs
    name (as placeholders.stage_named_files makes them in the other conversion checks)."""
    from speclift.cli import main as cli
    from speclift.conversion.context import ReadScope

    for project in projects:
        scope = ReadScope((str(project.scope),))
        for run in project.runs:
            options = {"entry-point": run.entry, "params": shlex.join(f"{k}={v}" for k, v in run.params.items())}
            project.made += [m for m in _stand_ins(project.path, options, run.out, scope) if m not in project.made]
            args = ["convert", str(project.path), "--out", str(run.out), *(f"-O{k}={v}" for k, v in options.items())]
            captured = io.StringIO()
            with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
                try:
                    code = cli.main(args=args, prog_name="speclift", standalone_mode=False)
                except SystemExit as exc:
                    code = exc.code
                except Exception as exc:  # a crash is a finding of this check, not the end of the stage
                    code, captured = 3, io.StringIO(f"{type(exc).__name__}: {exc}")
            jobs = sorted(run.out.glob("*.job.yml"))
            run.job = jobs[0] if jobs else None
            if code or run.job is None:
                run.convert_error = " ".join(captured.getvalue().split())[:600] or f"exit {code}, no job written"
            # every output of the first run; the other runs differ in their job only
            for output in sorted(run.out.glob("*.job.yml")) + sorted(run.out.glob("*.component.yml")):
                if output == run.job or run is project.runs[0]:
                    project.outputs[output] = (None, "")


def _stand_ins(source: Path, options: dict[str, str], out: Path, scope: Any) -> list[str]:
    """placeholders.stage_named_files for a converter whose outputs are all named files (``x.job.yml``): each
    output of converting ``source`` in memory is checked for what SL412 will find missing, and that is created."""
    from speclift.conversion.engine import convert_file
    from speclift.conversion.local_files import missing_files

    def survey() -> Iterator[tuple[Path, Any]]:
        for conversion in convert_file(str(source), {SPEC_TYPE: options}, str(out), reads=scope).conversions:
            written = [o.file for o in conversion.outputs if o.file]
            for output in conversion.outputs:
                found = missing_files(output.data, output.spec_type, str(out), scope.roots(str(source)), written)
                yield from ((source, missing) for missing in found)

    return placeholders._satisfy(survey, placeholders.NamedFiles()).made.get(str(source), [])


def run_speclift(command: list[str], projects: list[MLproject], cwd: Path) -> None:
    """speclift's verdict on every staged MLproject: ``validate --format json``, invalid iff an error finding."""
    if not projects:
        return
    proc = subprocess.run(
        [*command, "validate", "--format", "json", *(str(p.path) for p in projects)], cwd=cwd, capture_output=True
    )
    try:
        report = json.loads(proc.stdout.decode("utf-8"))
    except ValueError as exc:
        raise SystemExit(f"error: speclift validate gave no JSON:\n{proc.stderr.decode('utf-8', 'replace')[-2000:]}") from exc
    by_path = {os.path.realpath(p.path): p for p in projects}
    for entry in report.get("files", []):
        project = by_path.get(os.path.realpath(os.path.join(cwd, entry.get("path", ""))))
        if project is None:
            continue
        findings = entry.get("findings", [])
        project.speclift_errors = [f"{f['code']} {f.get('message', '')}" for f in findings if f.get("severity") == "error"]
        project.speclift_warnings = sorted({f["code"] for f in findings if f.get("severity") == "warning"})
        project.speclift_ok = not project.speclift_errors


def start_azure(python: Path, script: Path, projects: list[MLproject], stage_root: Path) -> tuple[subprocess.Popen, Path]:
    listing = stage_root / "mlproject-azureml.list"
    hints = {".job.yml": "command-job", ".component.yml": "command-component"}
    lines = [f"{o}\t{next(h for s, h in hints.items() if o.name.endswith(s))}\n" for p in projects for o in p.outputs]
    listing.write_text("".join(lines), encoding="utf-8")
    out = stage_root / "mlproject-azureml.jsonl"
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONWARNINGS="ignore")
    env.pop("PYTHONPATH", None)
    command = [str(python), str(script), "--list", str(listing)]
    return subprocess.Popen(command, stdout=out.open("wb"), stderr=subprocess.PIPE, cwd=str(stage_root), env=env), out


def collect_azure(proc: subprocess.Popen, out: Path, projects: list[MLproject]) -> None:
    _, err = proc.communicate()
    records = {r["file"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines()) if r}
    wanted = [o for p in projects for o in p.outputs]
    if proc.returncode != 0 or any(str(o) not in records for o in wanted):
        tail = "\n".join(err.decode("utf-8", "replace").strip().splitlines()[-15:])
        raise SystemExit(f"error: mlproject_azureml.py failed (exit {proc.returncode})\n{tail}")
    for project in projects:
        for output in project.outputs:
            record = records[str(output)]
            project.outputs[output] = (record["ok"], record["error"])
        for run in project.runs:
            if run.job is not None:
                record = records[str(run.job)]
                run.azure_error = "" if record["ok"] else record["error"]
                run.azure_inputs, run.azure_command = record["inputs"], record["command"]


# --------------------------------------------------------------------------------------------------- comparing


def compare(project: MLproject, run: Run) -> None:
    """Both argv, and the difference between them (empty when equal)."""
    if run.mlflow_command is None or run.job is None or run.azure_command is None:
        run.difference = run.convert_error or run.azure_error or f"MLflow: {run.mlflow_error}"
        return
    paths: dict[str, str] = {}  # MLflow's value -> marker
    azure = run.azure_command
    for name, given in (run.azure_inputs or {}).items():
        if "uri" in given:  # a data input: Azure ML gives the program the path where it downloaded it
            parameter = _parameter_of(project, run.entry, name)
            value = run.params.get(parameter, str(project.parameters[run.entry][parameter][1]))
            marker = f"<path:{name}>"
            paths[value] = marker
            azure = re.sub(r"\$\{\{\s*inputs\." + re.escape(name) + r"\s*\}\}", marker, azure)
            remote = re.match(r"^[A-Za-z][A-Za-z0-9+.-]+://", value) is not None
            named = given["uri"] if remote else os.path.normpath(run.job.parent / given["uri"])
            if named != (value if remote else os.path.normpath(project.path.parent / value)):
                run.difference = f"input {name}: the job names {given['uri']}, MLflow reads {value}"
    azure = _INPUT.sub(lambda m: str(((run.azure_inputs or {}).get(m.group(1)) or {}).get("value", m.group(0))), azure)
    run.mlflow_argv, run.azure_argv = _split(run.mlflow_command), _split(azure)
    if isinstance(run.mlflow_argv, list):
        run.mlflow_argv = [_marked(word, paths) for word in run.mlflow_argv]
    if run.mlflow_argv != run.azure_argv and not run.difference:
        run.difference = "argv differ"


def _parameter_of(project: MLproject, entry: str, name: str) -> str:
    from speclift.converters.mlflow.plan import input_names
    from speclift.mlproject.model import read_project

    data = yaml.safe_load(project.path.read_text(encoding="utf-8"))
    names = input_names(read_project(data).entry_points[entry])
    return next(parameter for parameter, safe in names.items() if safe == name)


def _split(command: str) -> list[str] | str:
    try:
        return shlex.split(command)
    except ValueError as exc:
        return f"shlex.split fails: {exc}"


def _marked(word: str, paths: dict[str, str]) -> str:
    """A word of MLflow's argv with a path value (the whole word, or after ``=``: ``--data=x``) as its marker."""
    for value, marker in paths.items():
        if word == value:
            return marker
        if word.endswith("=" + value):
            return word[: -len(value)] + marker
    return word


def shown(argv: list[str] | str) -> str:
    return json.dumps(argv, ensure_ascii=False) if isinstance(argv, list) else argv


def evaluate(projects: list[MLproject], listed: list[dict[str, str]]) -> Outcome:
    failures: list[str] = []
    warnings: list[str] = []
    entries = {(e["file"], e.get("entry", ""), e.get("run", "")): e for e in listed}
    used: set[tuple[str, str, str]] = set()
    for project in projects:
        if project.mlflow_ok != project.speclift_ok:
            failures.append(
                f"{GROUP}: {project.label}: MLflow {_verdict(project.mlflow_ok)} ({project.mlflow_error or 'loads'}), "
                f"speclift {_verdict(project.speclift_ok)} ({'; '.join(project.speclift_errors) or 'no error'})"
            )
        for output, (ok, error) in project.outputs.items():
            if not ok:
                failures.append(f"{GROUP}: azure-ai-ml rejects {output.name} of {project.label}: {error}")
        for run in project.runs if project.mlflow_ok else ():
            compare(project, run)
            if not run.difference:
                continue
            key = (project.label, run.entry, run.label)
            entry = entries.get(key)
            if entry is not None and entry.get("azure", "") == shown(run.azure_argv) and entry.get("reason"):
                used.add(key)
            else:
                failures.append(
                    f"{GROUP}: {project.label} {run.entry} [{run.label}]: {run.difference}: MLflow {shown(run.mlflow_argv)}, "
                    f"Azure ML {shown(run.azure_argv)} (not listed in mlproject-differences.yaml with these values)"
                )
    warnings += [f"{GROUP}: stale entry in mlproject-differences.yaml: {' '.join(k)}" for k in entries if k not in used]
    compared = [r for p in projects for r in p.runs if r.mlflow_argv or r.azure_argv or r.difference]
    differ = [r for r in compared if r.difference]
    outputs = [v for p in projects for v in p.outputs.values()]
    corpus = [p for p in projects if not p.own]
    lines = [
        f"{GROUP}: MLproject files judged by MLflow 3.18 and speclift: {len(corpus)} corpus, "
        f"{len(projects) - len(corpus)} own; same verdict on {sum(p.mlflow_ok == p.speclift_ok for p in projects)}",
        f"{GROUP}: runs compared (entry point x parameter set): {len(compared)}, same argv {len(compared) - len(differ)}, "
        f"different {len(differ)} ({sum((p.label, r.entry, r.label) in used for p in projects for r in p.runs)} listed)",
        f"{GROUP}: outputs loaded by azure-ai-ml in situ: {sum(ok is True for ok, _ in outputs)}/{len(outputs)}",
    ]
    return Outcome(lines, failures, warnings)


def _verdict(ok: bool | None) -> str:
    return {True: "ok", False: "fail", None: "no verdict"}[ok]


def report_section(projects: list[MLproject], outcome: Outcome, listed: list[dict[str, str]], stage: Path) -> list[str]:
    reasons = {(e["file"], e.get("entry", ""), e.get("run", "")): e.get("reason", "") for e in listed}
    out = [
        "",
        "## MLproject files: MLflow and azure-ai-ml",
        "",
        "Every MLproject of the corpus staged at its repository path, judged by MLflow 3.18 (`official_mlflow.py`: "
        "`load_project`, then each entry point's `compute_command` with its defaults) and by speclift; converted per "
        "entry point and parameter set with `speclift convert MLproject --out DIR -O entry-point=E -O params=...`; the "
        "outputs loaded by azure-ai-ml 1.35.2 in situ (`mlproject_azureml.py`), and MLflow's command and the job's "
        "command with Azure ML's input texts compared as `shlex.split` argv.",
        "",
        *[f"- {line.split(': ', 1)[1]}" for line in outcome.lines],
        "",
        "| file | MLflow | speclift | speclift warnings | stand-ins | runs (same argv) |",
        "|---|---|---|---|---|---|",
    ]
    for p in projects:
        same = sum(1 for r in p.runs if (r.mlflow_argv or r.azure_argv) and not r.difference)
        out.append(
            f"| `{p.label}` | {_verdict(p.mlflow_ok)} | {_verdict(p.speclift_ok)} | {', '.join(p.speclift_warnings) or '-'} | "
            f"{', '.join(f'`{m}`' for m in p.made) or '-'} | {len(p.runs)} ({same}) |"
        )
    differ = [(p, r) for p in projects for r in p.runs if r.difference]
    out += ["", f"### Different argv ({len(differ)})", ""]
    if differ:
        out += ["| file | entry point | parameters | MLflow | Azure ML | reason |", "|---|---|---|---|---|---|"]
        for p, r in differ:
            reason = reasons.get((p.label, r.entry, r.label)) or "**not explained**"
            out.append(
                f"| `{p.label}` | {r.entry} | {r.label} | {caz._md(shown(r.mlflow_argv), stage, 200)} | "
                f"{caz._md(shown(r.azure_argv) or r.difference, stage, 200)} | {caz._md(reason, stage, 400)} |"
            )
    return out
