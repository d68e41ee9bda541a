"""polyaxon 1.20's verdict on a v1.1 component and the container command it renders for some params.

Runs inside the polyaxon==1.20.0 virtual environment (requirements-polyaxon.txt); it never imports speclift.

    python render_mlproject_polyaxon.py --requests REQUESTS    # JSON lines {"file", "params"}; '-' for stdin

Output: one JSON object per request, in input order:

    {"file": "...", "ok": true|false, "error": "short text", "command": [...], "args": [...], "render_error": "..."}

The verdict is ``get_specification(data=path)``, as official_polyaxon.py gives it. The rendering is what 1.20 does
before it creates the pod of a job: ``check_polyaxonfile(..., params=params, to_op=True)`` wraps the component into an
operation, ``OperationSpecification.compile_operation`` compiles it, ``apply_params`` binds the operation's params to
the inputs, then ``apply_operation_contexts`` and ``apply_runtime_contexts`` (fixed globals) render the templates.
(1.20 has no ``compile_operation_with_params``; render_polyaxon.py uses 2.18's.)
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import warnings
from typing import Any

from official_polyaxon import check as accepted
from oracle import POLYAXON_GLOBALS, json_lines_output, short_error

logging.disable(logging.CRITICAL)
warnings.filterwarnings("ignore")
os.environ.setdefault("POLYAXON_NO_OP", "true")
os.environ.setdefault("POLYAXON_DISABLE_TELEMETRY", "true")

from polyaxon.polyaxonfile import check_polyaxonfile  # noqa: E402
from polyaxon.polyaxonfile.specs import CompiledOperationSpecification, OperationSpecification  # noqa: E402


def render(path: str, params: dict[str, Any]) -> dict[str, Any]:
    op = check_polyaxonfile(polyaxonfile=path, params=params or None, is_cli=False, verbose=False, to_op=True)
    compiled = OperationSpecification.compile_operation(op)
    compiled.apply_params(op.params)
    compiled = CompiledOperationSpecification.apply_operation_contexts(compiled)
    compiled = CompiledOperationSpecification.apply_runtime_contexts(compiled, contexts={"globals": dict(POLYAXON_GLOBALS)})
    container = compiled.run.container
    return {"command": list(container.command or []), "args": list(container.args or [])}


def check(path: str, params: dict[str, Any]) -> dict[str, Any]:
    """Whether polyaxon 1.20 accepts the file (as ``official_polyaxon`` judges it), and the command it renders."""
    verdict = accepted(path)
    result: dict[str, Any] = {"file": path, "ok": verdict["ok"], "error": verdict["error"], "command": None, "args": None}
    result["render_error"] = ""
    if not result["ok"]:
        return result
    try:
        result.update(render(path, params))
    except (Exception, SystemExit) as exc:
        result["render_error"] = short_error(exc)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", required=True, help='file of JSON lines {"file", "params"}; "-" for stdin')
    args = parser.parse_args(argv)
    out = json_lines_output()
    fh = sys.stdin if args.requests == "-" else open(args.requests, encoding="utf-8")  # noqa: SIM115
    with fh:
        for line in fh:
            if line.strip():
                request = json.loads(line)
                out.write(json.dumps(check(request["file"], request.get("params") or {}), default=str) + "\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
