"""Stand-ins for the local paths a spec names that are missing from a staged tree.

The corpus holds YAML files only: the code folders, conda files and scripts they name are not there, and the SDK
checks that they exist. Both tools get the same staged tree, so a stand-in changes no verdict but that one.
:func:`create` makes them for a v2 file as the SDK reads it; :func:`stage_named_files` makes them, before converting,
for what speclift's conversion of a v1 file will name (speclift refuses an output naming a missing file, SL412).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_REMOTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")  # azureml:, https:, git+https:, wasbs:, docker:, ...
_FILE_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}$")
# keys whose value is a path relative to the enclosing `code` directory
_CODE_RELATIVE = {"scoring_script", "entry_script", "py_files", "jars", "files", "archives", "file"}
_DIR_TYPES = {"uri_folder", "mltable", "custom_model", "mlflow_model", "triton_model"}


def local_path(value: Any) -> str | None:
    """The value as a relative or absolute local path, or None if it is a reference, URL, expression or text."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.startswith("file:"):
        text = text[len("file:") :]
    elif _REMOTE.match(text) and not re.match(r"^[A-Za-z]:[\\/]", text):
        return None
    if not text or "${{" in text or "{{" in text or "\n" in text or "<" in text or "*" in text:
        return None
    return text


def placeholder_targets(doc: Any) -> Iterator[tuple[str, str, str | None]]:
    """(kind, path, base) for every local path the document names that the SDK opens or checks.

    kind is "dir" or "file"; base is a `code` path the value is relative to, or None for the YAML's directory.
    `component:` and `create_job:` files are not yielded: the SDK parses them (see README, placeholder policy).
    """

    def walk(node: Any, code: str | None) -> Iterator[tuple[str, str, str | None]]:
        if isinstance(node, list):
            for item in node:
                yield from walk(item, code)
            return
        if not isinstance(node, dict):
            return
        here_code = local_path(node.get("code")) if "code" in node else None
        if here_code:
            yield (
                "file" if _FILE_SUFFIX.search(here_code.rstrip("/")) and not here_code.endswith("/") else "dir",
                here_code,
                None,
            )
        base = here_code or code
        for key, value in node.items():
            if key == "conda_file":
                path = local_path(value)
                if path:
                    yield "file", path, None
            elif key == "build" and isinstance(value, dict):
                path = local_path(value.get("path"))
                if path:
                    yield "dir", path, None
                    docker = local_path(value.get("dockerfile_path")) or "Dockerfile"
                    yield "file", str(Path(path) / docker), None
            elif key == "path" and "port" not in node:
                # data, model, job input/output and deployment model paths
                path = local_path(value)
                kind = str(node.get("type", "")).lower()
                if path:
                    is_file = kind == "uri_file" or (
                        kind not in _DIR_TYPES and not path.endswith("/") and bool(_FILE_SUFFIX.search(path))
                    )
                    yield ("file" if is_file else "dir"), path, None
            elif key == "additional_includes" and isinstance(value, list):
                for entry in value:
                    path = local_path(entry)
                    if path:
                        yield ("file" if _FILE_SUFFIX.search(path.rstrip("/")) else "dir"), path, None
            elif key in _CODE_RELATIVE and base:
                for entry in value if isinstance(value, list) else [value]:
                    path = local_path(entry)
                    if path:
                        yield "file", path, base
            if isinstance(value, (dict, list)) and key not in ("build",):
                yield from walk(value, base)

    yield from walk(doc, None)


def inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def create(doc: Any, folder: Path, root: Path, wanted: Callable[[Path], bool] = lambda target: True) -> list[str]:
    """Create the missing targets of ``doc`` (a YAML file in ``folder``) inside ``root`` that ``wanted`` accepts;
    return them relative to ``folder``."""
    made: list[str] = []
    for kind, rel, base in placeholder_targets(doc):
        anchor = folder / base if base else folder
        target = Path(os.path.normpath(anchor / rel)) if not os.path.isabs(rel) else Path(rel)
        if target.exists() or not inside(target, root) or not wanted(target):
            continue
        if kind == "dir":
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.touch()
        made.append(os.path.relpath(target, folder))
    return made


# --------------------------------------------------------------------------------------------------- before converting

# what a missing "conda file" becomes: a conda environment both SDKs read (the v1 SDK parses it when it reads the
# source, azure-ai-ml when it loads the output), so the two judges see the same packages; python pinned, as the v1
# SDK pins an unpinned one to its own default when it builds a service's environment
CONDA_STAND_IN = (
    "# stand-in for the repository's conda file, which the corpus does not hold\nname: stand-in\ndependencies:\n  - python=3.10\n"
)
# what speclift.conversion.local_files names a path -> a folder (else a file; a model path by its name)
_FOLDERS = {"code path", "build context"}
# files the SDK parses as specs: an empty stand-in would be judged instead of the file (see the placeholder policy)
_PARSED = {"component file", "job file"}


@dataclass
class NamedFiles:
    """What the staging below did, per source (its path as given): the stand-ins it created (relative to the source's
    folder), the paths no stand-in can satisfy (they leave the repository, or are specs), and, for a tree, the
    companion files (an inference configuration) with the files whose conversions use them."""

    made: dict[str, list[str]] = field(default_factory=dict)
    unsatisfied: dict[str, list[str]] = field(default_factory=dict)
    used_by: dict[str, list[str]] = field(default_factory=dict)
    spec_types: dict[str, list[str]] = field(default_factory=dict)  # of the companions


# (source, speclift.conversion.local_files.MissingFile) for every path the sources' conversions name that is missing
Survey = Callable[[], Iterable[tuple[Path, Any]]]


def stage_named_files(
    sources: Sequence[Path], options: Mapping[str, Mapping[str, Any]], output_dir: Callable[[str], str], scope: Any
) -> NamedFiles:
    """Create, before the real conversion, every local file and folder a conversion of ``sources``, one file at a
    time, will name that the staged tree lacks: the repository's own scripts, conda files and code folders, which the
    corpus does not hold. Each source is converted in memory (``convert_file`` with ``options``, the outputs
    relocated for ``output_dir(source)``, files read inside ``scope``, a ``speclift.conversion.context.ReadScope``)
    and ``local_files.missing_files`` lists what its outputs name that does not exist, as SL412 will."""
    from speclift.conversion.engine import convert_file
    from speclift.conversion.local_files import missing_files

    def survey() -> Iterator[tuple[Path, Any]]:
        for source in sources:
            folder = output_dir(str(source))
            for conversion in convert_file(str(source), options, folder, reads=scope).conversions:
                written = [o.file for o in conversion.outputs if o.file]
                for output in conversion.outputs:
                    if not output.file:
                        found = missing_files(output.data, output.spec_type, folder, scope.roots(str(source)), written)
                        yield from ((source, missing) for missing in found)

    return _satisfy(survey, NamedFiles())


def stage_tree_files(root: Path, out: Path, assignments: Sequence[str] = ()) -> NamedFiles:
    """The same for ``speclift convert ROOT --out OUT -O ASSIGNMENT...``: the tree is migrated in memory (a dry run
    of ``speclift.migration.migrate``, so CI invocations, companions and names are what the command line gets), and
    each output, as rendered, is checked where it would be written. Also tells the companions and their users."""
    import yaml

    from speclift.conversion.context import ReadScope
    from speclift.conversion.local_files import missing_files
    from speclift.converters import options_with_assignments
    from speclift.migration import MigrationOptions, migrate
    from speclift.migration.layout import MIRROR, Layout

    done = NamedFiles()
    layout = Layout.for_paths([str(root)], MIRROR, str(out))
    scope = ReadScope(layout.trees)
    options = MigrationOptions(out_dir=str(out), dry_run=True, converter_options=options_with_assignments({}, assignments))

    def survey() -> Iterator[tuple[Path, Any]]:
        result = migrate([str(root)], options)
        done.used_by = {r.path: list(r.used_by) for r in result.records if r.used_by}
        done.spec_types = {r.path: list(r.spec_types) for r in result.records if r.used_by}
        for record in result.records:
            written = [o.file for o in record.outputs if o.file]
            for output in record.outputs:
                if not output.file:
                    data, folder = yaml.safe_load(output.text), layout.output_dir(record.path)
                    found = missing_files(data, output.spec_type, folder, scope.roots(record.path), written)
                    yield from ((Path(record.path), missing) for missing in found)

    return _satisfy(survey, done)


def _satisfy(survey: Survey, done: NamedFiles, rounds: int = 3) -> NamedFiles:
    """Create what ``survey`` finds missing, round by round: a stand-in can change what a conversion reads (a conda
    file is read for its packages), so until a round creates nothing (at most ``rounds``)."""
    for _ in range(rounds):
        wanted: dict[Path, tuple[Path, str]] = {}  # target -> (source, what): created after the whole round
        unsatisfied: dict[str, list[str]] = {}
        for source, missing in survey():
            if missing.outside or missing.what in _PARSED:
                why = "leaves the repository" if missing.outside else "is a spec the corpus does not hold"
                unsatisfied.setdefault(str(source), []).append(f"{missing.what} {missing.shown} {why}")
            else:
                wanted.setdefault(Path(missing.resolved), (source, missing.what))
        done.unsatisfied = {k: list(dict.fromkeys(v)) for k, v in unsatisfied.items()}
        # one source's stand-in must not decide where another's paths resolve (the v1 project folder is the nearest
        # one holding what a file names), so each round sees only what the previous rounds made
        created = [(target, source) for target, (source, what) in wanted.items() if _create(target, what)]
        for target, source in created:
            made = os.path.relpath(target, source.parent) + ("/" if target.is_dir() else "")
            done.made.setdefault(str(source), []).append(made)
        if not created:
            break
    return done


def _create(target: Path, what: str) -> bool:
    """A stand-in for ``target``: a folder for a code path or build context, a conda environment for a conda file,
    a model path by its name (a file when it has an extension), an empty file for a script; False if it exists."""
    if target.exists():
        return False
    folder = what in _FOLDERS or (what == "model path" and not _FILE_SUFFIX.search(target.name))
    if folder:
        target.mkdir(parents=True)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(CONDA_STAND_IN if what == "conda file" else "", encoding="utf-8")
    return True
