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
    ),
    "compute": Option(
        "",
        "rename compute targets: old=new,old2=new2, or a single name used for every job; default: the v1 target names",
    ),
    "default-image": Option("", "the image for environments that name none (default: v1's default base image)"),
    "environment": Option(
        "inline",
        "write each environment inline in the job, or as a separate environment document the job references",
        choices=("inline", "separate"),
    ),
    "runconfig": Option(
        "",
        "HyperDrive only: the run configuration the trials run (the CLI's -c), relative to the HyperDrive file",
    ),
    "data-reference-type": Option(
        "uri_folder",
        "the v2 type of v1 data references and datapath parameters (v1 does not say file or folder)",
        choices=("uri_folder", "uri_file"),
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
