"""What every official-tool script shares. Standard library only: these scripts run inside the official tools'
virtual environments (azure-ai-ml, polyaxon 1.20 / 2.18, polyaxon-schemas 0.6.1) and never import speclift."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

ERROR_LIMIT = 600


def short_error(exc: BaseException, limit: int = ERROR_LIMIT) -> str:
    """One line: the exception and up to three distinct causes, ``Type: text <- Cause: text``."""
    parts = [f"{type(exc).__name__}: {' '.join(str(exc).split())}"]
    cause = exc.__cause__ or exc.__context__
    seen = 0
    while cause is not None and seen < 3:
        text = " ".join(str(cause).split())
        if text and text not in parts[-1]:
            parts.append(f"{type(cause).__name__}: {text}")
        cause = cause.__cause__ or cause.__context__
        seen += 1
    out = " <- ".join(parts)
    return out if len(out) <= limit else out[: limit - 3] + "..."


def read_list(source: str) -> list[tuple[str, str | None]]:
    """``path`` or ``path<TAB>hint`` per line, from a file or ``-`` (standard input)."""
    handle = sys.stdin if source == "-" else open(source, encoding="utf-8")  # noqa: SIM115 - or stdin
    try:
        items = []
        for line in handle:
            path, _, hint = line.rstrip("\n").partition("\t")
            if path.strip():
                items.append((path, hint.strip() or None))
        return items
    finally:
        if handle is not sys.stdin:
            handle.close()


def json_lines_output() -> TextIO:
    """The real standard output for the JSON lines; from now on anything the library prints goes to stderr."""
    out = sys.stdout
    sys.stdout = sys.stderr
    return out


# The run context Polyaxon renders commands with (`{{ globals.* }}`), the same for every renderer and version.
POLYAXON_GLOBALS: dict[str, Any] = {
    "owner_name": "owner",
    "project_name": "project",
    "project_uuid": "PROJECT",
    "uuid": "RUN",
    "name": "run",
    "iteration": 0,
    "artifacts_path": "/plx-context/artifacts",
    "run_artifacts_path": "/plx-context/artifacts/RUN",
    "run_outputs_path": "/plx-context/artifacts/RUN/outputs",
    "context_path": "/plx-context",
}


def ask_list(python: Path, script: Path, paths: Sequence[Path], work: Path, what: str) -> dict[str, dict[str, Any]]:
    """The caller's side of :func:`answer_list`: run ``script`` with ``python`` (an official tool's environment, which
    never sees speclift) on ``paths`` in one process; each path's record by path. A failed run, or a path without a
    record, stops the stage with the script's error output (``what`` names the tool in the message)."""
    listing = work / f"{what.replace(' ', '-')}.list"
    listing.write_text("".join(f"{path}\n" for path in paths), encoding="utf-8")
    env = dict(os.environ, PYTHONWARNINGS="ignore", PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONPATH", None)  # the official tools must never see speclift
    proc = subprocess.run(
        [str(python), str(script), "--list", str(listing)], capture_output=True, cwd=str(work), env=env, check=False
    )
    records = {}
    for line in proc.stdout.decode("utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            records[str(record["file"])] = record
    if proc.returncode != 0 or any(str(path) not in records for path in paths):
        tail = proc.stderr.decode("utf-8", "replace")[-2000:]
        raise SystemExit(f"error: {what} failed (exit {proc.returncode})\n{tail}")
    return records


def answer_list(argv: list[str] | None, description: str, judge: Callable[[str, str | None], Any], item: str) -> int:
    """The main of a judge script: ``--list FILE`` (``item`` says what a line holds), one JSON line of
    ``judge(path, hint)`` per listed file, flushed as it goes (the caller reads them while the next is judged)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--list", required=True, help=f"file with one `{item}` a line; '-' for stdin")
    args = parser.parse_args(argv)
    out = json_lines_output()
    for path, hint in read_list(args.list):
        out.write(json.dumps(judge(path, hint), default=str) + "\n")
        out.flush()
    return 0


def plain(node: Any) -> Any:
    """A JSON-safe copy of what an SDK holds: mappings and sequences of any kind, enums as their value, anything
    else that is not a JSON scalar as its text."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, (list, tuple)):
        return [plain(v) for v in node]
    if node is None or isinstance(node, (bool, int, float, str)):
        return node
    if hasattr(type(node), "__members__") and hasattr(node, "value"):  # an Enum
        return node.value
    return str(node)
