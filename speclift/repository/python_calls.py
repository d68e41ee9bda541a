"""``mlflow.projects.run(...)`` (also ``mlflow.run``) calls in the Python scripts a CI step runs, read without running
them: the call's literal arguments become the words ``mlflow run`` would have been given, so the call is one more
``mlflow run`` invocation (:mod:`speclift.repository.mlflow`).

Only scripts a CI step or script calls (``python train/submit.py``) are read, in the folder that step runs in (the
process's folder, which a relative project URI is resolved against). A call whose arguments are not literals (a
variable, an expression) is skipped with that reason. The signature is mlflow 3.18's: ``run(uri,
entry_point="main", version=None, parameters=None, docker_args=None, experiment_name=None, experiment_id=None,
backend="local", backend_config=None, storage_dir=None, synchronous=True, run_id=None, run_name=None,
env_manager=None, build_image=False, docker_auth=None)``; ``backend_config`` is a dictionary or a ``.json`` path.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

SIGNATURE = (
    "uri",
    "entry_point",
    "version",
    "parameters",
    "docker_args",
    "experiment_name",
    "experiment_id",
    "backend",
    "backend_config",
    "storage_dir",
    "synchronous",
    "run_id",
    "run_name",
    "env_manager",
    "build_image",
    "docker_auth",
)
_OPTIONS = {  # argument -> the mlflow run option giving the same
    "entry_point": "--entry-point",
    "version": "--version",
    "experiment_name": "--experiment-name",
    "experiment_id": "--experiment-id",
    "backend": "--backend",
    "backend_config": "--backend-config",
    "storage_dir": "--storage-dir",
    "run_id": "--run-id",
    "run_name": "--run-name",
    "env_manager": "--env-manager",
}
_RUN_FUNCTIONS = frozenset({"mlflow.projects.run", "mlflow.run"})
# Characters of one script parsed: Python's syntax tree takes about 500 bytes a character (a 5 MB list literal, 2.4 GB
# and 10 s), and a script submitting a project is a few hundred lines.
MAX_SCRIPT = 262_144


@dataclass(frozen=True, slots=True)
class Call:
    """One ``mlflow.projects.run`` call: where it is, its text, and its arguments as ``mlflow run`` words (empty,
    with ``unread`` saying why, when they are not literals)."""

    line: int
    column: int  # 1-based, in characters
    end: tuple[int, int]
    text: str
    words: tuple[str, ...]
    synchronous: bool = True  # the function waits for the run by default, whatever the backend
    unread: str = ""


def mlflow_runs(text: str) -> Iterator[Call]:
    """The ``mlflow.projects.run`` calls of a Python script's ``text`` (none when it is no valid Python; the caller
    keeps ``text`` within :data:`MAX_SCRIPT`)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return
    aliases = _aliases(tree)
    lines = text.splitlines()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _dotted(node.func, aliases) in _RUN_FUNCTIONS:
            yield _call(node, text, lines)


def _aliases(tree: ast.AST) -> dict[str, str]:
    """Local name -> the dotted name it was imported as (``import mlflow.projects as mp``: ``mp`` ->
    ``mlflow.projects``; ``from mlflow.projects import run``: ``run`` -> ``mlflow.projects.run``)."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def _dotted(node: ast.expr, aliases: dict[str, str]) -> str:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or node.id not in aliases:
        return ""
    return ".".join([aliases[node.id], *reversed(parts)])


def _call(node: ast.Call, text: str, lines: list[str]) -> Call:
    line, column = node.lineno, _characters(lines, node.lineno, node.col_offset) + 1
    end_line = node.end_lineno or line
    end = (end_line, _characters(lines, end_line, node.end_col_offset or 0) + 1)
    segment = ast.get_source_segment(text, node) or ""
    given: dict[str, ast.expr] = dict(zip(SIGNATURE, node.args, strict=False))
    given.update({k.arg: k.value for k in node.keywords if k.arg is not None})
    if (
        len(node.args) > len(SIGNATURE)
        or any(k.arg is None for k in node.keywords)
        or any(isinstance(a, ast.Starred) for a in node.args)
    ):
        return Call(line, column, end, segment, (), unread="the call unpacks its arguments (* or **)")
    values: dict[str, Any] = {}
    for name, expression in given.items():
        try:
            values[name] = ast.literal_eval(expression)
        except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
            return Call(line, column, end, segment, (), unread=f"its argument {name} is not a literal")
    if not isinstance(values.get("uri"), str):
        return Call(line, column, end, segment, (), unread="it gives no project URI as a string")
    return Call(line, column, end, segment, tuple(_words(values)), bool(values.get("synchronous", True)))


def _words(values: dict[str, Any]) -> list[str]:
    """The ``mlflow run`` words the call's literal arguments stand for."""
    words = [str(values["uri"])]
    for name, option in _OPTIONS.items():
        value = values.get(name)
        if value is None:
            continue
        words += [option, json.dumps(value) if isinstance(value, dict) else str(value)]
    for name, option in (("parameters", "-P"), ("docker_args", "-A")):
        given = values.get(name)
        if isinstance(given, dict):
            words += [w for key, value in given.items() for w in (option, f"{key}={value}")]
    if values.get("build_image"):
        words.append("--build-image")
    return words


def _characters(lines: list[str], line: int, byte_offset: int) -> int:
    """The character column of ``ast``'s UTF-8 byte offset on ``line``."""
    if not 0 < line <= len(lines):
        return byte_offset
    return len(lines[line - 1].encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))
