"""``mlflow run`` command lines: how they parse, the project they run, what they supply, what replaces them.

The option table follows mlflow 3.18's CLI (``mlflow/cli/__init__.py``, a click command): each option by its long
name with its short form; click takes ``--name=value`` and a short option with its value attached (``-Palpha=1``), and
no abbreviations. The project URI is a local folder when it names one (MLflow's ``_is_local_uri``), ``#sub`` naming a
folder inside it; anything else is fetched by MLflow (a git or zip URI) and is not converted. What the folder held
when the invocation was found is kept with it (:class:`MLflowProject`): a migration in place replaces the MLproject
file before the report and ``--rewrite-ci`` name it.

What an invocation supplies to the MLproject converter: ``entry-point`` (``-e``, else ``main``, as MLflow runs),
``params`` (the ``-P`` words as one shell-quoted line), ``experiment`` (``--experiment-name``) and, with ``--backend
azureml``, ``compute`` (the backend configuration's ``COMPUTE``: a ``.json`` file relative to the working folder, else
inline JSON, as MLflow reads ``--backend-config``). Its replacing command is ``az ml job create --file <job>`` with
each of its values set (``--set inputs.NAME=VALUE``...): the same line runs as this step ran, whichever invocation
the job's values came from; ``--stream`` where MLflow waited for the run (the ``local`` and ``kubernetes`` backends).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass

from speclift import yamlio
from speclift.converters.mlflow.plan import input_names, slug
from speclift.discovery import inside
from speclift.mlproject.model import DEFAULT_ENTRY_POINT, Project, ProjectError, is_mlproject_name, read_project
from speclift.repository.commands import Parameter, Parsed, ParseError, read_option

MLFLOW_RUN = "mlflow run"
MLPROJECT = "mlproject"  # the role of the file an mlflow run names
AZUREML_BACKEND = "azureml"
_WAITING_BACKENDS = ("local", "kubernetes")  # mlflow run waits for the run only on these (synchronous=...)
# Not an mlflow run option: what a Python call's synchronous= said ("True"/"False"), kept with its other options.
SYNCHRONOUS = "synchronous"
PYTHON = re.compile(r"^python(?:3(?:\.\d+)?)?(?:\.exe)?$")

PARAMETERS = (
    Parameter("--entry-point", ("-e",)),
    Parameter("--version", ("-v",)),
    Parameter("--param-list", ("-P",), repeatable=True),
    Parameter("--docker-args", ("-A",), repeatable=True),
    Parameter("--experiment-name"),
    Parameter("--experiment-id"),
    Parameter("--backend", ("-b",)),
    Parameter("--backend-config", ("-c",)),
    Parameter("--env-manager"),
    Parameter("--storage-dir"),
    Parameter("--run-id"),
    Parameter("--run-name"),
    Parameter("--build-image", flag=True),
    Parameter("--help", flag=True),
)
# What the replacing command or the converted job carries over; any other option given is reported.
_CARRIED = frozenset({"--entry-point", "--param-list", "--experiment-name", "--run-name", "--help", SYNCHRONOUS})


class NotConverted(ValueError):
    """An ``mlflow run`` whose project is not a folder of the repository (a git or zip URI, a variable)."""


@dataclass(frozen=True, slots=True)
class MLflowProject:
    """What the folder an ``mlflow run`` runs held when the invocation was found."""

    folder: str  # real path
    mlproject: str = ""  # real path of its MLproject file; "" when it has none
    inputs: tuple[tuple[str, str], ...] = ()  # -P name -> the job input's name, for the parameters the entry declares
    compute: str = ""  # the azureml backend configuration's COMPUTE


def run_arguments(words: Sequence[str]) -> list[str] | None:
    """The words after ``mlflow [--env-file F] run`` (also ``python -m mlflow``), or None for any other command."""
    if len(words) > 2 and PYTHON.match(os.path.basename(words[0])) and words[1] == "-m" and words[2] == "mlflow":
        index = 3
    elif words and os.path.basename(words[0]) in ("mlflow", "mlflow.exe"):
        index = 1
    else:
        return None
    while index < len(words) and words[index].startswith("--env-file"):  # the group's one option
        index += 1 if "=" in words[index] else 2
    return list(words[index + 1 :]) if index < len(words) and words[index] == "run" else None


def parse(arguments: Sequence[str]) -> Parsed:
    """Read ``arguments`` (the words after ``run``) as click did; ParseError where ``mlflow run`` stops with a
    usage error."""
    options: list[tuple[str, str]] = []
    positionals: list[str] = []
    index, ended = 0, False
    while index < len(arguments):
        word = arguments[index]
        index += 1
        if ended or not word.startswith("-") or word == "-":
            positionals.append(word)
            continue
        if word == "--":
            ended = True
            continue
        if word.startswith("--"):
            spelled, equals, value = word.partition("=")
            attached = value if equals else None
        else:  # a short option's value may follow it in the same word: -Palpha=1
            spelled, attached = word[:2], word[2:] or None
        parameter = next((p for p in PARAMETERS if spelled == p.name or spelled in p.aliases), None)
        if parameter is None:
            raise ParseError(f"unknown option {spelled}")
        read, index = read_option(parameter, spelled, attached, arguments, index)
        options.append(read)
    _check(options, positionals)
    return Parsed(tuple(options), tuple(positionals))


def _check(options: Sequence[tuple[str, str]], positionals: Sequence[str]) -> None:
    """MLflow's own usage errors: one URI, NAME=VALUE parameters named once, one way to name the experiment."""
    if len(positionals) != 1:
        raise ParseError(f"mlflow run takes one project URI, not {len(positionals)}")
    names: set[str] = set()
    for key, value in options:
        if key != "--param-list":
            continue
        name, sep, _ = value.partition("=")
        if not sep:
            raise ParseError(f"-P {value}: mlflow run takes NAME=VALUE")
        if name in names:
            raise ParseError(f"-P {name} given twice (mlflow run refuses a repeated parameter)")
        names.add(name)
    given = {key for key, _ in options}
    if {"--experiment-name", "--experiment-id"} <= given:
        raise ParseError("both --experiment-name and --experiment-id (mlflow run refuses them together)")


def option(options: Sequence[tuple[str, str]], name: str) -> str | None:
    values = [value for key, value in options if key == name]
    return values[-1] if values else None


def project_folder(uri: str, cwd: str, root: str) -> str:
    """The real path of the local folder ``uri`` names, run from ``cwd``; NotConverted otherwise."""
    text = uri.strip("'\"")  # MLflow strips quotes left in the URI
    if "$" in text or "%" in text:
        raise NotConverted(f"the project URI {uri!r} depends on a variable")
    base, _, sub = text.partition("#")
    if sub and "." in sub:
        raise NotConverted(f"MLflow refuses '.' in the project subfolder {sub!r}")
    parsed = urllib.parse.urlparse(base)
    if parsed.scheme == "file":
        base = os.path.join(parsed.netloc, parsed.path) if parsed.netloc else parsed.path
    elif len(parsed.scheme) > 1 or base.startswith("git@"):  # a one-letter scheme is a Windows drive
        raise NotConverted(f"remote project {uri} (MLflow fetches it): only a folder of the repository is converted")
    if base.endswith(".zip"):
        raise NotConverted(f"zip archive {uri}: only a folder of the repository is converted")
    folder = os.path.realpath(os.path.join(cwd, base, sub))
    if not inside(folder, root):
        raise NotConverted(f"the project folder {uri} is outside the repository")
    if not os.path.isdir(folder):
        raise NotConverted(f"{uri} is no folder of the repository (MLflow would fetch it as a git URI)")
    return folder


class ProjectReader:
    """Reads the project folders of one repository's ``mlflow run`` invocations, each file once: a script of
    thousands of ``mlflow run src`` lines loads ``src/MLproject`` (up to the size limit) once, not once a line."""

    def __init__(self, root: str, limits: yamlio.Limits) -> None:
        self.root, self.limits = root, limits
        self._mlprojects: dict[str, str] = {}  # folder -> its MLproject file ("" when none)
        self._projects: dict[str, Project | None] = {}  # MLproject file -> the project MLflow loads, None if it fails
        self._configs: dict[str, str] = {}  # backend configuration file -> its COMPUTE

    def read(self, parsed: Parsed, cwd: str) -> MLflowProject:
        """What the project folder of an ``mlflow run`` holds (NotConverted when it is not a local folder)."""
        folder = project_folder(parsed.positionals[0], cwd, self.root)
        if folder not in self._mlprojects:
            try:
                listed = os.listdir(folder)
            except OSError:  # unreadable: MLflow could not run it either; converting finds nothing there
                listed = []
            names = sorted(n for n in listed if is_mlproject_name(n) and os.path.isfile(os.path.join(folder, n)))
            self._mlprojects[folder] = os.path.realpath(os.path.join(folder, names[0])) if names else ""
        mlproject = self._mlprojects[folder]
        inputs = self._input_names(mlproject, option(parsed.options, "--entry-point") or DEFAULT_ENTRY_POINT)
        given = [value.partition("=")[0] for key, value in parsed.options if key == "--param-list"]
        compute = ""
        if option(parsed.options, "--backend") == AZUREML_BACKEND:
            compute = self._compute(option(parsed.options, "--backend-config"), cwd)
        return MLflowProject(folder, mlproject, tuple((n, inputs[n]) for n in given if n in inputs), compute)

    def _input_names(self, path: str, entry: str) -> dict[str, str]:
        """Parameter name -> job input name for ``entry`` of the MLproject at ``path`` (nothing when it cannot be
        read: converting it reports why)."""
        if not path:
            return {}
        if path not in self._projects:
            self._projects[path] = None
            with contextlib.suppress(yamlio.LoadError, ProjectError):
                loaded = yamlio.load(yamlio.read_file(path, self.limits), path, self.limits)
                if loaded.documents:
                    self._projects[path] = read_project(loaded.documents[0].data)
        project = self._projects[path]
        try:
            return input_names(project.entry_point(entry)) if project is not None else {}
        except ProjectError:
            return {}

    def _compute(self, config: str | None, cwd: str) -> str:
        """The ``COMPUTE`` of ``--backend-config``: a path when it ends in ``.json`` (as MLflow tells them), else
        JSON."""
        if not config:
            return ""
        if os.path.splitext(config)[1] != ".json":
            return _compute_of(config)
        path = os.path.realpath(os.path.join(cwd, config))
        if path not in self._configs:
            self._configs[path] = ""
            if inside(path, self.root) and os.path.isfile(path):
                with contextlib.suppress(yamlio.LoadError):
                    self._configs[path] = _compute_of(yamlio.read_file(path, self.limits))
        return self._configs[path]


def _compute_of(text: str) -> str:
    try:
        data = json.loads(text)
    except ValueError:
        return ""
    compute = data.get("COMPUTE") if isinstance(data, dict) else None
    return compute if isinstance(compute, str) else ""


def supplies(options: Sequence[tuple[str, str]], project: MLflowProject) -> dict[str, str]:
    """The MLproject converter's options an invocation gives."""
    chosen = {"entry-point": option(options, "--entry-point") or DEFAULT_ENTRY_POINT}
    params = [value for key, value in options if key == "--param-list"]
    if params:
        chosen["params"] = shlex.join(params)
    experiment = option(options, "--experiment-name")
    if experiment:
        chosen["experiment"] = experiment
    if project.compute:
        chosen["compute"] = project.compute
    return chosen


def job_command(options: Sequence[tuple[str, str]], project: MLflowProject, written: Sequence[str]) -> list[str]:
    """The words of ``az ml job create`` replacing the invocation; ``written``: the MLproject's outputs (as the
    invocation's folder sees them). Empty when no job runs its entry point."""
    entry = option(options, "--entry-point") or DEFAULT_ENTRY_POINT
    job = next((p for p in written if os.path.basename(p).endswith(f"-{slug(entry)}.job.yml")), None)
    if job is None:
        return []
    words = ["az", "ml", "job", "create", "--file", job]
    inputs = dict(project.inputs)
    for key, value in options:
        name, _, given = value.partition("=")
        if key == "--param-list" and name in inputs:
            words += ["--set", f"inputs.{inputs[name]}={given}"]
    for flag, field in (("--experiment-name", "experiment_name"), ("--run-name", "display_name")):
        named = option(options, flag)
        if named:
            words += ["--set", f"{field}={named}"]
    if project.compute:
        compute = project.compute if project.compute.startswith("azureml:") else f"azureml:{project.compute}"
        words += ["--set", f"compute={compute}"]
    synchronous = option(options, SYNCHRONOUS)
    if synchronous == "True" if synchronous is not None else (option(options, "--backend") or "local") in _WAITING_BACKENDS:
        words.append("--stream")
    return words


def not_carried(options: Sequence[tuple[str, str]], project: MLflowProject) -> list[str]:
    """The options neither the job nor its command carry over, as given: a parameter the entry point does not
    declare (MLflow appended it to the command as ``--NAME VALUE``), ``--experiment-id``, ``--env-manager`` (the job
    builds the MLproject's environment), a backend other than ``local``/``azureml``, a configuration giving no
    ``COMPUTE``, ``--version``, docker arguments..."""
    backend = option(options, "--backend") or "local"
    declared = dict(project.inputs)
    left = []
    for key, value in options:
        carried = key in _CARRIED and not (key == "--param-list" and value.partition("=")[0] not in declared)
        carried = carried or (key == "--backend" and value in ("local", AZUREML_BACKEND))
        carried = carried or (key == "--backend-config" and backend == AZUREML_BACKEND and bool(project.compute))
        if not carried:
            left.append(f"{key} {value}".strip())
    return left
