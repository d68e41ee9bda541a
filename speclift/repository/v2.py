"""The v2 commands that replace a v1 invocation, and rewriting CI files to use them (opt-in).

``az ml run submit-script``/``submit-hyperdrive``/``submit-pipeline`` become ``az ml job create -f <out>`` (with
``--stream`` unless v1 ran ``--async``: v1 streamed the run and failed the step when the run failed, and a CI step
keeps doing so), ``az ml pipeline create`` too (a published v1 pipeline has no one-file v2 equivalent: the job runs
it; publishing is a pipeline component with a batch deployment), ``az ml model deploy`` becomes ``az ml
online-endpoint create -f`` + ``az ml online-deployment create -f ... --all-traffic``, ``az ml environment register``
``az ml environment create -f``. An environment written beside a job (``-O environment=separate``) is created first;
a schedule output is created with ``az ml schedule create -f``. ``az ml folder attach`` becomes ``az configure
--defaults`` (v2 keeps the workspace in the CLI's defaults, not in a folder). ``mlflow run`` becomes ``az ml job
create --file <project>-<entry>.job.yml`` with its values set (:func:`speclift.repository.mlflow.job_command`).
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from speclift.conversion.writing import write_atomically
from speclift.findings import Finding
from speclift.repository import commands as cli
from speclift.repository import mlflow
from speclift.repository.context import (
    DEPLOYMENT,
    ENVIRONMENT,
    HYPERDRIVE,
    INFERENCE,
    MLPROJECT,
    PIPELINE,
    RUNCONFIG,
    resolve,
)
from speclift.repository.invocations import Invocation
from speclift.repository.shell import POWERSHELL
from speclift.repository.sources import PYTHON

_SAFE = re.compile(r"[\w@%+=:,./$(){}\[\]-]+")
_RUNS = (cli.SUBMIT_SCRIPT, cli.SUBMIT_HYPERDRIVE, cli.SUBMIT_PIPELINE)
_SOURCE_ROLES = {  # which named file's outputs replace the invocation
    cli.SUBMIT_SCRIPT: (RUNCONFIG,),
    cli.SUBMIT_HYPERDRIVE: (HYPERDRIVE,),
    cli.SUBMIT_PIPELINE: (PIPELINE,),
    cli.PIPELINE_CREATE: (PIPELINE,),
    cli.MODEL_DEPLOY: (DEPLOYMENT, INFERENCE),
    cli.ENVIRONMENT_REGISTER: (ENVIRONMENT,),
    mlflow.MLFLOW_RUN: (MLPROJECT,),
}


def v2_commands(invocation: Invocation, outputs: Mapping[str, Sequence[str]]) -> list[str]:
    """The v2 command lines replacing ``invocation``; ``outputs`` maps a v1 file's real path to its written outputs.
    Empty when the file it names was not converted (or it names none)."""
    if invocation.command == cli.FOLDER_ATTACH:
        return _folder_attach(invocation)
    files = {r.role: r.path for r in resolve(invocation, os.sep, lambda path: path in outputs or os.path.isfile(path))}
    source = next((files[role] for role in _SOURCE_ROLES.get(invocation.command, ()) if role in files), None)
    written = list(outputs.get(source, ())) if source else []
    if not written:
        return []
    workspace = _workspace(invocation)
    shown = [_relative(path, invocation.cwd) for path in written]
    if invocation.mlflow_project is not None:
        words = mlflow.job_command(invocation.options, invocation.mlflow_project, shown)
        return [_line(words, invocation)] if words else []
    environments = [p for p in shown if _kind(p) == "environment"]
    endpoints = [p for p in shown if _kind(p) == "endpoint"]
    deployments = [p for p in shown if _kind(p) == "deployment"]
    schedules = [p for p in shown if _kind(p) == "schedule"]
    mains = [p for p in shown if _kind(p) == "main"]
    lines = [_line(["az", "ml", "environment", "create", "-f", p, *workspace], invocation) for p in environments]
    if invocation.command == cli.MODEL_DEPLOY:
        wait = ["--no-wait"] if invocation.has("--no-wait") else []
        lines += [_line(["az", "ml", "online-endpoint", "create", "-f", p, *workspace], invocation) for p in endpoints]
        lines += [
            _line(["az", "ml", "online-deployment", "create", "-f", p, "--all-traffic", *wait, *workspace], invocation)
            for p in deployments
        ]
        return lines
    if invocation.command == cli.ENVIRONMENT_REGISTER:
        return lines + [_line(["az", "ml", "environment", "create", "-f", p, *workspace], invocation) for p in mains]
    for main in mains:
        words = ["az", "ml", "job", "create", "-f", main]
        experiment = invocation.option("--experiment-name")
        if experiment and invocation.command in _RUNS:
            words += ["--set", f"experiment_name={experiment}"]
        if invocation.command in _RUNS and not invocation.has("--async"):
            words.append("--stream")
        lines.append(_line(words + workspace, invocation))
    lines += [_line(["az", "ml", "schedule", "create", "-f", p, *workspace], invocation) for p in schedules]
    return lines


def why_none(invocation: Invocation, outputs: Mapping[str, Sequence[str]]) -> str:
    """Why :func:`v2_commands` gives ``invocation`` no command (when it gives none)."""
    files = resolve(invocation, os.sep, lambda path: path in outputs or os.path.isfile(path))
    if invocation.mlflow_project is None:
        return "the file it names was not converted" if files else "it names no v1 file found in the repository"
    if not files:
        return "its project folder holds no MLproject file"
    if not any(outputs.get(r.path) for r in files):
        return "the MLproject it names was not converted"
    entry = invocation.option("--entry-point") or "main"
    return f"the MLproject's job runs another entry point (convert it with -O entry-point={entry} for this one)"


# The v1 options each command's v2 commands or converter options carry over; any other option given is reported.
_WORKSPACE = ("--resource-group", "--workspace-name", "--subscription-id")
_RUN_OPTIONS = ("--run-configuration-name", "--experiment-name", "--source-directory", "--compute-target", "--path", "--async")
_CARRIED: dict[str, tuple[str, ...]] = {
    cli.SUBMIT_SCRIPT: _RUN_OPTIONS,
    cli.SUBMIT_HYPERDRIVE: (*_RUN_OPTIONS, "--hyperdrive-configuration-name"),
    cli.SUBMIT_PIPELINE: ("--pipeline-yaml", "--experiment-name"),
    cli.PIPELINE_CREATE: ("--pipeline-yaml",),
    cli.MODEL_DEPLOY: (
        "--name",
        "--model",
        "--inference-config-file",
        "--deploy-config-file",
        "--environment-name",
        "--environment-version",
        "--compute-target",
        "--no-wait",
    ),
    cli.ENVIRONMENT_REGISTER: ("--directory",),
    cli.FOLDER_ATTACH: (),
}
_GLOBAL = frozenset({"--output", "--query", "--verbose", "--debug", "--only-show-errors", "--help", "-v"})


def not_carried(invocation: Invocation) -> list[str]:
    """The options of ``invocation`` that neither its v2 commands nor the converted files carry over (``-t
    run.json``: v2 writes no run metadata file; ``--overwrite``; a published pipeline's ``--name``), as given."""
    if invocation.mlflow_project is not None:
        return mlflow.not_carried(invocation.options, invocation.mlflow_project)
    carried = {*_CARRIED.get(invocation.command, ()), *_WORKSPACE, *_GLOBAL}
    return [f"{name} {value}".strip() for name, value in invocation.options if name not in carried]


def _folder_attach(invocation: Invocation) -> list[str]:
    defaults = [
        f"{key}={value}"
        for key, option in (("workspace", "--workspace-name"), ("group", "--resource-group"))
        if (value := invocation.option(option))
    ]
    return [_line(["az", "configure", "--defaults", *defaults], invocation)] if defaults else []


def _workspace(invocation: Invocation) -> list[str]:
    words: list[str] = []
    for option in ("--resource-group", "--workspace-name", "--subscription-id"):
        value = invocation.option(option)
        if value:
            words += ["--subscription" if option == "--subscription-id" else option, value]
    return words


def _kind(path: str) -> str:
    stem = os.path.splitext(os.path.basename(path))[0]
    for kind in ("environment", "endpoint", "deployment", "schedule"):
        if stem.endswith(f".{kind}"):
            return kind
    return "main"


def _relative(path: str, cwd: str) -> str:
    relative = os.path.relpath(os.path.realpath(path), cwd)
    return relative.replace(os.sep, "/")


def _line(words: Sequence[str], invocation: Invocation) -> str:
    return " ".join(_quote(word, invocation.dialect) for word in words)


def _quote(word: str, dialect: str) -> str:
    """Quote a word only when the shell needs it; CI expressions (``$(VAR)``, ``${{ x }}``) stay as written."""
    if _SAFE.fullmatch(word):
        return word
    if dialect == POWERSHELL:
        return "'" + word.replace("'", "''") + "'"
    if not any(char in word for char in '"`\\'):
        return f'"{word}"'
    return shlex.quote(word)


# ---------------------------------------------------------------------------------------------------------------
# rewriting CI files


@dataclass(slots=True)
class Rewrite:
    """What ``--rewrite-ci`` did: the files written, the invocations replaced and those left as they were (why)."""

    files: list[str] = field(default_factory=list)
    replaced: list[tuple[Invocation, list[str]]] = field(default_factory=list)
    left: list[tuple[Invocation, str]] = field(default_factory=list)
    failed: list[Finding] = field(default_factory=list)


def rewrite_ci(invocations: Sequence[Invocation], outputs: Mapping[str, Sequence[str]], *, dry_run: bool = False) -> Rewrite:
    """Replace each invocation's text in its file by its v2 commands, when the text is exactly where it was found
    (verbatim sources only: shell scripts, Makefile recipes, literal block and one-line plain YAML scalars). Each file
    is written once, atomically, keeping its mode; nothing is written in a dry run."""
    done = Rewrite()
    by_file: dict[str, list[tuple[Invocation, list[str]]]] = {}
    for invocation in invocations:
        lines = v2_commands(invocation, outputs)
        reason = _why_not(invocation, lines)
        if reason:
            done.left.append((invocation, reason))
        else:
            by_file.setdefault(invocation.file, []).append((invocation, lines))
    for path, changes in by_file.items():
        _rewrite_file(path, changes, done, dry_run)
    return done


def _why_not(invocation: Invocation, lines: list[str]) -> str:
    if not lines:
        return "no converted output to point at"
    if invocation.kind == PYTHON:
        return "a Python call (mlflow.projects.run): replace it by hand, or run the command instead of the script"
    if not invocation.verbatim:
        return "the command's text is not verbatim in the file (a quoted or folded YAML scalar, a task input)"
    return ""


def _rewrite_file(path: str, changes: list[tuple[Invocation, list[str]]], done: Rewrite, dry_run: bool) -> None:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            text = handle.read()
        mode = os.stat(path).st_mode & 0o7777
    except (OSError, UnicodeDecodeError) as exc:
        done.left.extend((invocation, f"cannot read the file again: {exc}") for invocation, _ in changes)
        return
    starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
    edits: list[tuple[int, int, str]] = []
    for invocation, lines in changes:
        span = _span(text, starts, invocation)
        if span is None:
            done.left.append((invocation, "the file changed since it was read: the command is no longer where it was"))
            continue
        joiner = "; " if invocation.dialect == POWERSHELL else " && "
        edits.append((span[0], span[1], joiner.join(lines)))
        done.replaced.append((invocation, lines))
    if not edits:
        return
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    if dry_run:
        done.files.append(path)
        return
    failed = write_atomically(path, text, force=True, mode=mode)
    if failed is None:
        done.files.append(path)
    else:
        done.failed.append(failed)


def _span(text: str, starts: list[int], invocation: Invocation) -> tuple[int, int] | None:
    (line, column), (end_line, end_column) = (invocation.line, invocation.column), invocation.end
    if not (0 < line <= len(starts) and 0 < end_line <= len(starts)):
        return None
    start, end = starts[line - 1] + column - 1, starts[end_line - 1] + end_column - 1
    expected = invocation.text.replace("\n", "\n" + invocation.indent)
    return (start, end) if text[start:end] == expected else None
