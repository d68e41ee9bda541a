"""MLflow's own reading of MLproject files: the project loader and the command each entry point runs.

Runs inside the mlflow virtual environment (see requirements-mlflow.txt); it never imports speclift.

    python official_mlflow.py --requests REQUESTS     # JSON lines; "-" reads standard input

A request names a project folder (holding a file MLflow finds as its ``MLproject``, any case) and the runs to
compute, each an entry point and the ``-P`` values a user gives (text, as ``mlflow run -P NAME=VALUE`` passes them):

    {"project": "/stage/.../src", "runs": [{"entry": "main", "params": {"alpha": "0.5"}}, ...]}

For each request one JSON line, in input order:

    {"project": "...", "ok": true|false, "error": "", "entry_points": ["main", ...],
     "runs": [{"entry": "main", "params": {...}, "command": "python train.py 0.5" | null, "error": ""}, ...]}

``ok`` is whether ``mlflow.projects._project_spec.load_project(folder)`` loads the project; each run's ``command``
is ``project.get_entry_point(entry).compute_command(params, None)`` (MLflow's ``EntryPoint.compute_command``:
``command.format`` with every value ``str()``-ed and shell-quoted, undeclared values appended as ``--name value``),
or null with the error it raised. ``storage_dir`` is None: a ``path`` value is passed as given, neither made
absolute nor downloaded (where it lands differs on Azure ML anyway, and the comparison maps it). Offline: nothing
here contacts a tracking server.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from oracle import json_lines_output, short_error

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")

from mlflow.projects import _project_spec  # installed with mlflow-skinny; after the environment above


def judge(request: dict[str, Any]) -> dict[str, Any]:
    folder = str(request["project"])
    result: dict[str, Any] = {"project": folder, "ok": False, "error": "", "entry_points": [], "runs": []}
    try:
        project = _project_spec.load_project(folder)
    except (Exception, SystemExit) as exc:
        result["error"] = short_error(exc)
        return result
    result["ok"] = True
    result["entry_points"] = list(project._entry_points or {})
    for run in request.get("runs", []):
        done: dict[str, Any] = {"entry": run["entry"], "params": run.get("params") or {}, "command": None, "error": ""}
        try:
            entry = project.get_entry_point(run["entry"])
            done["command"] = entry.compute_command(dict(done["params"]), None)
        except (Exception, SystemExit) as exc:
            done["error"] = short_error(exc)
        result["runs"].append(done)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", required=True, help="JSON lines, one project a line; '-' for stdin")
    args = parser.parse_args(argv)
    out = json_lines_output()
    handle = sys.stdin if args.requests == "-" else open(args.requests, encoding="utf-8")  # noqa: SIM115 - or stdin
    with handle:
        for line in handle:
            if line.strip():
                out.write(json.dumps(judge(json.loads(line)), default=str) + "\n")
                out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
