"""The options every Azure ML v1 job converter shares (``[tool.speclift.convert.azureml-v1]``)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from speclift.converters import Option

OPTIONS: dict[str, Option] = {
    "source-directory": Option(
        "",
        "the v1 source directory (ScriptRunConfig source_directory, the CLI's project folder), relative to the source "
        "file; default: the folder holding .azureml/aml_config, else the source's folder",
        doc="the v1 source directory: the job's `code`, and the folder v1 resolved conda files against",
        shown_default="the folder holding `.azureml`/`aml_config`, else the file's folder",
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
        "write each environment inline in the job, or as a separate environment document the job references",
        choices=("inline", "separate"),
        doc="`separate`: a run configuration's environment becomes its own document (`<source>.environment.yml`, named "
        "after the v1 environment or the file, version `1` unless given) and the job references it as "
        "`azureml:<name>:<version>`: register it first (`az ml environment create --file ...`). Pipeline nodes always "
        "get inline environments",
    ),
    "runconfig": Option(
        "",
        "HyperDrive only: the run configuration the trials run (the CLI's -c), relative to the HyperDrive file",
        doc="HyperDrive only: the trials' run configuration (the CLI's `-c`); without it the trial runs "
        "`python train.py` on the default image, with a finding",
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
    """Where v1 resolved project paths, relative to the source file's folder."""
    given = str(options.get("source-directory") or "")
    if given:
        return os.path.normpath(given)
    folder = os.path.basename(os.path.dirname(os.path.abspath(source_path)))
    return ".." if folder in (".azureml", "aml_config") else "."
