"""Verdicts of the official Polyaxon library on v1.1 polyaxonfiles, and the container commands it renders.

Runs inside the polyaxon==2.18.0 virtual environment (see requirements-polyaxon2.txt); it never imports speclift.
polyaxon 2.18 is used because it renders offline through public calls (1.20 has no
``compile_operation_with_params``); its verdicts sit next to polyaxon 1.20's, the strict gate for ``version: 1.1``.

    python render_polyaxon.py --requests REQUESTS       # JSON lines; '-' for stdin
    python render_polyaxon.py FILE...                   # verdicts only

A request is ``{"file": "...", "params": {...} | null}``. Output: one JSON object per request, in input order:

    {"file": "...", "ok": true|false, "loader": "get_specification", "error": "short text",
     "rendered": {"<replica>": {"command": [...], "args": [...]}} | null, "render_error": "..."}

The verdict is ``polyaxon.polyaxonfile.get_specification(data=path)`` (schema only, offline). When ``params`` is not
null and the file is accepted, the file is compiled and rendered the way the platform does before it creates the
pods: ``check_polyaxonfile(..., params=params)`` (a component is wrapped into an operation; the params override the
operation's own params), the matrix dropped (the params are one suggestion of it, as the platform does for each run
of a sweep), then ``compile_operation_with_params``, ``apply_params``, ``apply_operation_contexts`` and
``apply_runtime_contexts`` with fixed globals. ``rendered`` maps ``main`` (a job or service) or each replica name
(tfjob, pytorchjob, mpijob, ...) to its container's command and args.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import warnings
from typing import Any

from oracle import POLYAXON_GLOBALS, json_lines_output, short_error

logging.disable(logging.CRITICAL)
warnings.filterwarnings("ignore")
os.environ.setdefault("POLYAXON_NO_OP", "true")
os.environ.setdefault("POLYAXON_DISABLE_TELEMETRY", "true")

from polyaxon.polyaxonfile import (  # noqa: E402
    CompiledOperationSpecification,
    OperationSpecification,
    check_polyaxonfile,
    get_specification,
)

LOADER = "get_specification"
GLOBALS = {**POLYAXON_GLOBALS, "ports": [8888], "base_url": "/services/v1/owner/project/runs/RUN"}


def _container(container: Any) -> dict[str, Any] | None:
    if container is None:
        return None
    command = container.command
    args = container.args
    return {
        "command": list(command) if isinstance(command, list) else command,
        "args": list(args) if isinstance(args, list) else args,
    }


def render(path: str, params: dict[str, Any]) -> dict[str, Any]:
    op = check_polyaxonfile(polyaxonfile=path, params=params or None, is_cli=False, verbose=False, to_op=True)
    op.matrix = None
    compiled, op_params = OperationSpecification.compile_operation_with_params(op)
    compiled = CompiledOperationSpecification.apply_params(compiled, params=op_params)
    compiled = CompiledOperationSpecification.apply_operation_contexts(compiled)
    context: dict[str, Any] = {"globals": dict(GLOBALS)}
    if compiled.is_distributed_run:
        context = {replica: {"globals": dict(GLOBALS)} for replica in compiled.run.get_replica_types()}
    compiled = CompiledOperationSpecification.apply_runtime_contexts(compiled, contexts=context)
    run = compiled.run
    if compiled.is_distributed_run:
        out = {}
        for replica in run.get_replica_types():
            rendered = _container(getattr(getattr(run, replica, None), "container", None))
            if rendered is not None:
                out[replica] = rendered
        return out
    rendered = _container(getattr(run, "container", None))
    return {"main": rendered} if rendered is not None else {}


def check(path: str, params: dict[str, Any] | None) -> dict[str, Any]:
    result: dict[str, Any] = {"file": path, "ok": False, "loader": LOADER, "error": "", "rendered": None, "render_error": ""}
    if not os.path.isfile(path):
        result["error"] = f"FileNotFoundError: {path}"
        return result
    try:
        get_specification(data=path)
    except (Exception, SystemExit) as exc:
        result["error"] = short_error(exc)
        return result
    result["ok"] = True
    if params is None:
        return result
    try:
        result["rendered"] = render(path, params)
    except (Exception, SystemExit) as exc:
        result["render_error"] = short_error(exc)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", help="v1.1 polyaxonfiles (verdicts only)")
    parser.add_argument("--requests", help='file of JSON lines {"file", "params"}; "-" for stdin')
    args = parser.parse_args(argv)
    requests: list[dict[str, Any]] = [{"file": f, "params": None} for f in args.files]
    out = json_lines_output()
    for request in requests:
        out.write(json.dumps(check(request["file"], request["params"]), default=str) + "\n")
    if args.requests:
        fh = sys.stdin if args.requests == "-" else open(args.requests, encoding="utf-8")  # noqa: SIM115
        with fh:
            for line in fh:  # answered as they come, so the caller can stream requests
                if line.strip():
                    request = json.loads(line)
                    out.write(json.dumps(check(request["file"], request.get("params")), default=str) + "\n")
                    out.flush()
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
