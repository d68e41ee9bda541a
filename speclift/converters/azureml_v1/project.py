"""The v1 project folder: the folder v1 resolved a spec's relative paths against.

v1 resolved the paths a run configuration names (its conda file, its script) against the *project folder*: the
folder holding ``.azureml/`` or ``aml_config/`` when the CLI loaded it by name (``-c NAME``), otherwise the folder
the CLI ran in; an inference configuration's files against the folder ``az ml model deploy`` ran in. v2 resolves
every path against the YAML file itself, so a converter must know that folder to keep the paths pointing at the
same files. In order: the ``project-dir`` option (given, or supplied by the repository's CI invocation), the
folder holding ``.azureml``/``aml_config``, then the nearest of the file's folder and its parents (inside the
repository) where every path the spec names exists.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from speclift.conversion import ConvertContext
from speclift.conversion.context import shown_path

PROJECT_FOLDERS = (".azureml", "aml_config")  # where `az ml folder attach` and the SDK kept run configurations


@dataclass(frozen=True, slots=True)
class ProjectFolder:
    """``relative``: the folder, relative to the source's folder (POSIX); ``note``: how it was found, when it is
    not the file's own folder and nobody named it (for an info finding), else empty."""

    relative: str
    note: str = ""


def project_folder(options: Mapping[str, Any], context: ConvertContext, named: Sequence[str], first: str = ".") -> ProjectFolder:
    """Where v1 resolved the ``named`` relative paths of this spec (see the module's docstring); ``first``: the
    folder to prefer among equals (an inference configuration's own, relative to the source's folder)."""
    given = str(options.get("project-dir") or "")
    if given:
        return ProjectFolder(_relative(given, context))
    if os.path.basename(context.source_dir) in PROJECT_FOLDERS:
        return ProjectFolder("..")  # loaded by name from the project folder: that is where v1 resolved its paths
    candidates = list(dict.fromkeys([first, *context.ancestors()]))
    wanted = [p for p in dict.fromkeys(named) if p and not os.path.isabs(p)]
    if not wanted:
        return ProjectFolder(candidates[0])
    found = [(sum(context.probe(posixpath.join(c, p)) for p in wanted), -rank, c) for rank, c in enumerate(candidates)]
    best, _, chosen = max(found)
    if best == 0:
        return ProjectFolder(candidates[0])
    if chosen == candidates[0]:
        return ProjectFolder(chosen)
    shown = ", ".join(p for p in wanted if context.probe(posixpath.join(chosen, p)))
    where = posixpath.normpath(posixpath.join(_shown_dir(context), chosen))
    return ProjectFolder(
        chosen,
        f"relative paths resolved against {where}/, the nearest folder where {shown} exist: v1 resolved them against "
        "the folder the CLI ran in, not the file's",
    )


def _relative(given: str, context: ConvertContext) -> str:
    return os.path.relpath(given, context.source_dir).replace(os.sep, "/") if os.path.isabs(given) else given


def _shown_dir(context: ConvertContext) -> str:
    """The source's folder as the user sees it: relative to the current folder when below it."""
    return shown_path(context.source_dir)


def inference_folder(options: Mapping[str, Any], context: ConvertContext, data: Any, first: str = ".") -> ProjectFolder:
    """Where v1 resolved an inference configuration's paths (``data``, its camel-cased keys): the folder ``az ml
    model deploy`` ran in, which is the ``project-dir`` option or found as :func:`project_folder` does."""
    fields = data if isinstance(data, dict) else {}
    source = fields.get("sourceDirectory")
    named: list[Any] = [source] if isinstance(source, str) and source.strip() else [fields.get("entryScript")]
    named.append(fields.get("condaFile"))
    environment = fields.get("environment")
    if isinstance(environment, dict) and isinstance(environment.get("python"), dict):
        named.append(environment["python"].get("condaDependenciesFile"))
    shown = [str(p) for p in named if isinstance(p, str) and p.strip()]
    return project_folder(options, context, shown, first)


def by_name(options: Mapping[str, Any], runconfig: str) -> Mapping[str, Any]:
    """The options for a run configuration the CLI loaded by name (``-c NAME``): in ``.azureml/`` or ``aml_config/``,
    its project folder is that folder's parent, unless a project folder was given or supplied. ``runconfig`` is the
    absolute path of the file."""
    folder = os.path.dirname(runconfig)
    if options.get("project-dir") or os.path.basename(folder) not in PROJECT_FOLDERS:
        return options
    return {**options, "project-dir": os.path.dirname(folder)}
