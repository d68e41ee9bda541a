"""The options every Azure ML v1 job converter shares (``[tool.speclift.convert.azureml-v1]``)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from speclift.converters import Option


def _environment(text: str) -> str:
    """``inline``, ``separate`` or a registered environment ``azureml:NAME[:VERSION]``."""
    value = text.strip()
    if value in ("inline", "separate"):
        return value
    name = value.removeprefix("azureml:")
    if value.startswith("azureml:") and name and all(part.strip() for part in name.split(":")) and name.count(":") <= 1:
        return value
    raise ValueError(f"option environment must be inline, separate or azureml:NAME[:VERSION], not {text!r}")


OPTIONS: dict[str, Option] = {
    "project-dir": Option(
        "",
        "the v1 project folder: where the CLI ran (or the folder holding .azureml/aml_config), the folder v1 resolved "
        "the spec's relative paths against; default: from the repository's CI invocation, else the folder holding "
        ".azureml/aml_config, else the nearest folder (the file's, then its parents) where the named files exist",
        doc="the v1 project folder, which v1 resolved the spec's relative paths (conda files, scripts, inference "
        "configuration files) against",
        shown_default="the CI invocation's working folder, else the folder holding `.azureml`/`aml_config`, else the "
        "nearest of the file's folder and its parents where the named files exist",
        path=True,
    ),
    "source-directory": Option(
        "",
        "the v1 source directory (the CLI's --source-directory, ScriptRunConfig source_directory): the job's code; "
        "default: the project folder",
        doc="the v1 source directory: the job's `code`",
        shown_default="the project folder",
        path=True,
    ),
    "script": Option(
        "",
        "the script and its arguments the run was submitted with (az ml run submit-script ... SCRIPT ARGS), as one "
        "shell-quoted line; replaces the run configuration's script (and its arguments when some are given)",
        doc="the script and arguments of `az ml run submit-script` / `submit-hyperdrive`, one shell-quoted line; "
        "it replaces the run configuration's (v1's command line did)",
        shown_default="the run configuration's, else the repository's CI invocation",
    ),
    "experiment": Option(
        "",
        "the experiment the run was submitted to (the CLI's -e); written as the job's experiment_name",
        doc="the job's `experiment_name` (v1's `-e`)",
        shown_default="the CI invocation's `-e`, else none (v2 uses the folder's name)",
    ),
    "compute": Option(
        "",
        "rename compute targets: old=new,old2=new2, or a single name used for every job; default: the v1 target names",
        doc="`old=new,...` renames compute targets; a single name is used for every job",
        shown_default="the v1 names",
    ),
    "default-image": Option(
        "",
        "the image for environments that name none (default: v1's default base image)",
        doc="the image written where v1 used its default base image (jobs), or of an environment that names none (deployments)",
        shown_default="`mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04` (GPU: `...-cuda11.8-cudnn8-ubuntu22.04`)",
    ),
    "environment": Option(
        "inline",
        "write each environment inline in the job, as a separate environment document the job references, or use a "
        "registered environment: inline, separate or azureml:NAME[:VERSION]",
        parse=_environment,
        doc="`azureml:NAME[:VERSION]`: the job uses that registered environment (v1's `-e`/`--ev` of `az ml model "
        "deploy`); `separate`: a run configuration's environment becomes its own document (`<source>.environment.yml`, named "
        "after the v1 environment or the file, version `1` unless given) and the job references it as "
        "`azureml:<name>:<version>`: register it first (`az ml environment create --file ...`). Pipeline nodes always "
        "get inline environments",
    ),
    "runconfig": Option(
        "",
        "HyperDrive only: the run configuration the trials run (the CLI's -c)",
        doc="HyperDrive only: the trials' run configuration (the CLI's `-c`); without it the trial runs "
        "`python train.py` on the default image, with a finding",
        path=True,
    ),
    "data-reference-type": Option(
        "uri_folder",
        "the v2 type of v1 data references and datapath parameters (v1 does not say file or folder)",
        choices=("uri_folder", "uri_file"),
        doc="the type of data references and `datapath` parameters (v1 does not say file or folder)",
    ),
}


def compute_name(options: Mapping[str, Any], target: str) -> str:
    """The v2 compute for a v1 target after the ``compute`` option's renames."""
    mapping = str(options.get("compute") or "").strip()
    if not mapping:
        return target
    if "=" not in mapping:
        return mapping
    for pair in mapping.split(","):
        old, _, new = pair.partition("=")
        if old.strip() == target:
            return new.strip()
    return target


def project_dir(options: Mapping[str, Any], source_path: str) -> str:
    """Where a pipeline's steps resolve their paths, relative to the source file's folder: the ``source-directory``
    option (absolute, see :attr:`Option.path`), else the parent of ``.azureml``/``aml_config``, else the file's
    folder."""
    folder = os.path.dirname(os.path.abspath(source_path))
    given = str(options.get("source-directory") or "")
    if given:
        return os.path.relpath(os.path.join(folder, given), folder).replace(os.sep, "/")
    return ".." if os.path.basename(folder) in (".azureml", "aml_config") else "."
