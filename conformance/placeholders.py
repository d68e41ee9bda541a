"""Empty stand-ins for the local paths a v2 file names that are missing from a staged tree.

The corpus holds YAML files only: the code folders, conda files and scripts they name are not there, and the SDK
checks that they exist. Both tools get the same staged tree, so a stand-in changes no verdict but that one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
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
