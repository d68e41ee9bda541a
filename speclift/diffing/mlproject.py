"""An MLproject against one of its converted files, told in the MLproject's terms.

Converting an MLproject gives several files: the job of the entry point that runs (``<project>-<entry>.job.yml``)
and a component per entry point (``<project>-<entry>.component.yml``), or a Polyaxon component per entry point
(``<project>-<entry>.polyaxon.yml``). B is one of them, so A is converted for B (the entry point B's job runs, the
target B's format is) and compared with the output that is B's file only.

The conversion's provenance maps a whole parameter to a whole input. A difference inside an input is told at the
parameter's own field: a job input's value, a component input's ``default`` and a Polyaxon input's ``value`` at
``default``, an input's ``type`` and ``mode`` at ``type``. A shorthand parameter (``alpha: float``) has no fields: it
is named whole.
"""

from __future__ import annotations

import os
from typing import Any

from speclift import yamlio
from speclift.pointer import escape, exists, find, tokens

SOURCE = "mlflow/mlproject"
_JOB = "azureml/v2/command-job"
# An input's field (Azure ML's, Polyaxon's) -> the parameter's field it comes from ("": the input's value, in a job).
_PARAMETER_FIELD = {
    **{"": "default", "path": "default", "default": "default", "type": "type", "mode": "type"},
    **{"value": "default", "isOptional": "default"},  # a Polyaxon input is optional when the parameter has a default
}


def is_mlproject(document: yamlio.Document, filename: str) -> bool:
    from speclift.spectypes import detect

    spec = detect(document.data, filename).spec_type
    return spec is not None and spec.id == SOURCE


def conversion_options(data: Any, path_a: str, docs_b: list[yamlio.Document], name_b: str) -> dict[str, dict[str, str]]:
    """The converter options that produce B: ``to`` from B's format, ``entry-point`` from the job B holds (its
    ``display_name`` ``<project>-<entry>``, else its file name ``<project>-<entry>.job.yml``, else the one entry point
    whose parameters are its inputs). None of these: the default, ``main``."""
    from speclift.converters.mlflow.options import POLYAXON
    from speclift.converters.mlflow.plan import slug
    from speclift.spectypes import detect

    chosen: dict[str, str] = {}
    kinds = [(d.data, spec.id) for d in docs_b if (spec := detect(d.data, name_b).spec_type) is not None]
    if any(kind.startswith("polyaxon/") for _, kind in kinds):
        chosen["to"] = POLYAXON
    jobs = [job for job, kind in kinds if kind == _JOB and isinstance(job, dict)]
    entries = data.get("entry_points") if isinstance(data, dict) else None
    if jobs and isinstance(entries, dict):
        # The converter names the project after its folder when the file gives no name.
        stem = str(data.get("name") or os.path.basename(os.path.dirname(os.path.abspath(path_a))) or "project")
        declared = list(map(str, entries))
        prefix = f"{stem}-"
        ran = [str(shown)[len(prefix) :] for job in jobs if str(shown := job.get("display_name")).startswith(prefix)]
        # The display name first: a job can run a script the project does not declare (`-O entry-point=evaluate.py`,
        # display name `<project>-evaluate.py`), whose file name is that of an entry point `evaluate`.
        named = [entry for entry in ran if entry in declared or _script(entry)]
        named += [entry for entry in declared if name_b == f"{slug(stem)}-{slug(entry)}.job.yml"]
        entry = named[0] if named else _entry_of_inputs(data, jobs[0].get("inputs"))
        if entry is not None:
            chosen["entry-point"] = entry
    return {SOURCE: chosen} if chosen else {}


def _script(name: str) -> bool:
    from speclift.mlproject.model import script_command

    return script_command(name) is not None


def _entry_of_inputs(data: Any, inputs: Any) -> str | None:
    """The one entry point whose parameters are the job's inputs, when its names do not tell (a renamed job)."""
    from speclift.converters.mlflow.plan import input_names
    from speclift.mlproject.model import ProjectError, read_project

    if not isinstance(inputs, dict):
        return None
    try:
        project = read_project(data)
    except ProjectError:
        return None  # the conversion reports it
    wanted = set(map(str, inputs))
    fits = [e.name for e in project.entry_points.values() if set(input_names(e).values()) == wanted]
    return fits[0] if len(fits) == 1 else None


def parameter_field(source: str, target: str, spec_type: str, output: Any, project: Any) -> str:
    """``source`` (a provenance source for ``target``, a pointer into ``output``, the converted document of type
    ``spec_type``) narrowed to the field of the parameter the input's field came from, when ``source`` names a
    parameter or a field under one; else ``source`` as it is. ``project``: the MLproject's data."""
    parts = tokens(source)
    if len(parts) < 4 or parts[0] != "entry_points" or parts[2] != "parameters":
        return source
    parameter = "/" + "/".join(escape(part) for part in parts[:4])
    inside = tokens(target)[2:] if tokens(target)[:1] == ["inputs"] else None
    if inside is None or len(inside) > 1:
        return source if exists(project, source) else parameter
    field = _PARAMETER_FIELD.get(inside[0] if inside else "")
    whole_input = not inside
    if whole_input and (spec_type != _JOB or isinstance(find(output, target), dict)):
        field = None  # a component's input, or a job's path input: the whole declaration, so the whole parameter
    if field is not None and exists(project, f"{parameter}/{field}"):
        return f"{parameter}/{field}"
    return parameter


def entry_points_of(provenance_sources: list[str]) -> set[str]:
    """The entry points (pointers ``/entry_points/<entry>``) an output was made from."""
    found = set()
    for source in provenance_sources:
        parts = tokens(source)
        if len(parts) >= 2 and parts[0] == "entry_points":
            found.add("/entry_points/" + escape(parts[1]))
    return found


def other_entry_point(pointer: str, mine: set[str]) -> bool:
    """Whether ``pointer`` lies in an entry point the compared output was not made from (its notes are not B's)."""
    parts = tokens(pointer)
    return len(parts) >= 2 and parts[0] == "entry_points" and "/entry_points/" + escape(parts[1]) not in mine


def shared_environment(target: str) -> bool:
    """Every output of an MLproject carries the one environment, but provenance names only the first output's."""
    return target == "/environment" or target.startswith("/environment/")
