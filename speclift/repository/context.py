"""What the v1 invocations say about each v1 spec file: which file each one named, and the converter options it
supplies.

Resolution follows the v1 CLI: ``-c NAME`` is ``RunConfiguration.load(project, NAME)`` (project = ``--path``/``-p``
relative to the working folder, else the working folder): ``<project>/<cfg>/NAME``, ``<project>/<cfg>/NAME.runconfig``,
then ``<project>/NAME.runconfig``, where ``<cfg>`` is ``aml_config`` when that folder exists, else ``.azureml``.
``--hyperdrive-configuration-name`` is a path, else a file under the project whose name ends with it (the last in
walking order, as v1 took it); ``-y``, ``--ic``, ``--dc`` and ``-d`` (an environment folder) are relative to the
working folder. Path values supplied to converters are absolute real paths. An ``mlflow run`` names the MLproject
file of its project folder (:mod:`speclift.repository.mlflow`).
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from speclift.discovery import inside
from speclift.repository import commands as cli
from speclift.repository import mlflow
from speclift.repository.invocations import Invocation

RUNCONFIG = "runconfig"
HYPERDRIVE = "hyperdrive"
PIPELINE = "pipeline"
INFERENCE = "inference-config"
DEPLOYMENT = "deployment-config"
ENVIRONMENT = "environment"
MLPROJECT = mlflow.MLPROJECT
_WALK_LIMIT = 10_000  # files looked at when a HyperDrive file is named by the end of its name


@dataclass(frozen=True, slots=True)
class Resolved:
    role: str  # RUNCONFIG, HYPERDRIVE, PIPELINE, INFERENCE, DEPLOYMENT, ENVIRONMENT, MLPROJECT
    path: str  # real path of the v1 spec file
    named: str  # as the command line gave it


@dataclass(frozen=True, slots=True)
class Supplied:
    value: str  # the option's value as a converter's OPTIONS take it
    invocation: Invocation  # where it came from (.file, .line, .column, .text)


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two invocations give one file different values for one option: the first is kept."""

    path: str
    option: str
    kept: Supplied
    ignored: Supplied


@dataclass(slots=True)
class Supplies:
    options: dict[str, dict[str, Supplied]] = field(default_factory=dict)  # real path -> option -> Supplied
    conflicts: list[Conflict] = field(default_factory=list)


def project(invocation: Invocation) -> str:
    """The folder v1 resolved the run configuration (and its paths) against."""
    given = invocation.option("--path")
    return os.path.realpath(os.path.join(invocation.cwd, given)) if given else invocation.cwd


def resolve(invocation: Invocation, root: str, exists: Callable[[str], bool] = os.path.isfile) -> list[Resolved]:
    """The v1 spec files ``invocation`` names that exist inside ``root``, each with its role. ``exists`` says
    whether a real path is a file (a migration that renamed its sources in place still knows them)."""
    found: list[Resolved] = []

    def add(role: str, named: str | None, candidates: Sequence[str]) -> None:
        if named is None:
            return
        real_root = os.path.realpath(root)
        for candidate in candidates:
            real = os.path.realpath(candidate)
            if exists(real) and inside(real, real_root):
                found.append(Resolved(role, real, named))
                return

    cwd, command = invocation.cwd, invocation.command
    if command in cli.TAKES_SCRIPT:
        name = invocation.option("--run-configuration-name")
        add(RUNCONFIG, name, _runconfig_candidates(project(invocation), name or ""))
    if command == cli.SUBMIT_HYPERDRIVE:
        name = invocation.option("--hyperdrive-configuration-name")
        add(HYPERDRIVE, name, _hyperdrive_candidates(invocation, name or ""))
    if command in (cli.SUBMIT_PIPELINE, cli.PIPELINE_CREATE):
        name = invocation.option("--pipeline-yaml")
        add(PIPELINE, name, [os.path.join(cwd, name or "")])
    if command == cli.MODEL_DEPLOY:
        for role, option in ((INFERENCE, "--inference-config-file"), (DEPLOYMENT, "--deploy-config-file")):
            name = invocation.option(option)
            add(role, name, [os.path.join(cwd, name or "")])
    if command == cli.ENVIRONMENT_REGISTER:
        name = invocation.option("--directory")
        add(ENVIRONMENT, name, [os.path.join(cwd, name or "", "azureml_environment.json")])
    if invocation.mlflow_project is not None and invocation.mlflow_project.mlproject:
        add(MLPROJECT, invocation.positionals[0], [invocation.mlflow_project.mlproject])
    return found


def _runconfig_candidates(folder: str, name: str) -> list[str]:
    config = "aml_config" if os.path.isdir(os.path.join(folder, "aml_config")) else ".azureml"
    return [
        os.path.join(folder, config, name),
        os.path.join(folder, config, f"{name}.runconfig"),
        os.path.join(folder, f"{name}.runconfig"),
    ]


def _hyperdrive_candidates(invocation: Invocation, name: str) -> list[str]:
    folder = project(invocation)
    direct = [os.path.join(invocation.cwd, name), os.path.join(folder, name)]
    if any(os.path.isfile(p) for p in direct):
        return direct
    ending: list[str] = []
    seen = 0
    for current, dirs, files in os.walk(folder):
        dirs.sort()
        for file in sorted(files):
            seen += 1
            if file.endswith(os.path.basename(name)):
                ending.append(os.path.join(current, file))
        if seen > _WALK_LIMIT:
            break
    return ending[-1:]  # v1 kept the last match of its walk


def supplied(root: str, invocations: Sequence[Invocation]) -> Supplies:
    """For each v1 spec file the invocations name, the converter options they supply (the first value wins)."""
    result = Supplies()
    for invocation in invocations:
        for path, options in _options(invocation, resolve(invocation, root)).items():
            given = result.options.setdefault(path, {})
            for option, value in options.items():
                new = Supplied(value, invocation)
                if option not in given:
                    given[option] = new
                elif given[option].value != value:
                    result.conflicts.append(Conflict(path, option, given[option], new))
    return result


def supplied_options(root: str, invocations: Sequence[Invocation]) -> dict[str, dict[str, Supplied]]:
    """real path of a v1 spec file -> option name -> Supplied (conflicts: :func:`supplied`)."""
    return supplied(root, invocations).options


def _options(invocation: Invocation, files: Sequence[Resolved]) -> dict[str, dict[str, str]]:
    by_role = {r.role: r.path for r in files}
    if invocation.command in cli.TAKES_SCRIPT:
        return _run_options(invocation, by_role)
    if invocation.command in (cli.SUBMIT_PIPELINE, cli.PIPELINE_CREATE) and PIPELINE in by_role:
        experiment = invocation.option("--experiment-name")
        # the steps' runconfig and source_directory paths are relative to the folder the CLI ran in
        chosen = {"project-dir": invocation.cwd, **({"experiment": experiment} if experiment else {})}
        return {by_role[PIPELINE]: chosen}
    if invocation.command == cli.MODEL_DEPLOY:
        return _deploy_options(invocation, by_role)
    if invocation.mlflow_project is not None and MLPROJECT in by_role:
        return {by_role[MLPROJECT]: mlflow.supplies(invocation.options, invocation.mlflow_project)}
    return {}


def _run_options(invocation: Invocation, by_role: Mapping[str, str]) -> dict[str, dict[str, str]]:
    folder = project(invocation)
    options: dict[str, str] = {"project-dir": folder}
    source = invocation.option("--source-directory")
    options["source-directory"] = os.path.realpath(os.path.join(invocation.cwd, source)) if source else folder
    if invocation.positionals:
        options["script"] = shlex.join(invocation.positionals)
    for option, key in (("--experiment-name", "experiment"), ("--compute-target", "compute")):
        value = invocation.option(option)
        if value:
            options[key] = value
    if invocation.command == cli.SUBMIT_SCRIPT:
        return {by_role[RUNCONFIG]: options} if RUNCONFIG in by_role else {}
    # HyperDrive: the run configuration is the trials' template, read through the HyperDrive file's options; it
    # gets options of its own only from an invocation that runs it (submit-script)
    if HYPERDRIVE not in by_role:
        return {}
    if RUNCONFIG in by_role:
        options["runconfig"] = by_role[RUNCONFIG]
    return {by_role[HYPERDRIVE]: options}


def _deploy_options(invocation: Invocation, by_role: Mapping[str, str]) -> dict[str, dict[str, str]]:
    target = by_role.get(DEPLOYMENT) or by_role.get(INFERENCE)
    if target is None:
        return {}
    options: dict[str, str] = {"project-dir": invocation.cwd}  # the inference configuration's paths start there
    if DEPLOYMENT in by_role and INFERENCE in by_role:
        options["inference-config"] = by_role[INFERENCE]
    models = invocation.values("--model")
    if models:
        options["model"] = models[0]
    name = invocation.option("--name")
    if name:
        options["endpoint-name"] = name
        options["service-name"] = name
    compute = invocation.option("--compute-target")
    if compute:  # the AKS cluster v1 deployed to: a Kubernetes endpoint's compute (-O kubernetes=true)
        options["kubernetes-compute"] = compute
    environment = invocation.option("--environment-name")
    if environment:
        version = invocation.option("--environment-version")
        options["environment"] = f"azureml:{environment}" + (f":{version}" if version else "")
    return {target: options}
