"""Verdicts of the official Polyaxon 1.20 library on v1 polyaxonfiles.

Runs inside the polyaxon==1.20.0 virtual environment (see requirements-polyaxon.txt); it never imports speclift.

    python official_polyaxon.py FILE...
    python official_polyaxon.py --list LIST             # one file a line (anything after a tab is ignored)

Output: one JSON object per line on standard output, in input order:

    {"file": "...", "ok": true|false, "loader": "get_specification", "error": "short text"}

The check is ``polyaxon.polyaxonfile.get_specification(data=path)``: the V1Component / V1Operation schema, what
``polyaxon check --lint`` does. It never resolves hubRef/urlRef, so it runs offline.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import warnings
from typing import Any

logging.disable(logging.CRITICAL)
warnings.filterwarnings("ignore")
os.environ.setdefault("POLYAXON_NO_OP", "true")
os.environ.setdefault("POLYAXON_DISABLE_TELEMETRY", "true")

from polyaxon.polyaxonfile import get_specification  # noqa: E402

ERROR_LIMIT = 600
LOADER = "get_specification"


def short_error(exc: BaseException) -> str:
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
    return out if len(out) <= ERROR_LIMIT else out[: ERROR_LIMIT - 3] + "..."


def check(path: str) -> dict[str, Any]:
    result: dict[str, Any] = {"file": path, "ok": False, "loader": LOADER, "error": ""}
    if not os.path.isfile(path):
        result["error"] = f"FileNotFoundError: {path}"
        return result
    try:
        get_specification(data=path)
    except (Exception, SystemExit) as exc:
        result["error"] = short_error(exc)
        return result
    result["ok"] = True
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", help="polyaxonfiles")
    parser.add_argument("--list", help="file with one path a line; '-' for stdin")
    args = parser.parse_args(argv)
    paths: list[str] = list(args.files)
    if args.list:
        fh = sys.stdin if args.list == "-" else open(args.list, encoding="utf-8")  # noqa: SIM115
        with fh:
            paths += [line.rstrip("\n").split("\t")[0] for line in fh if line.strip()]
    out = sys.stdout
    sys.stdout = sys.stderr  # anything the library prints must not mix with the JSON lines
    for path in paths:
        out.write(json.dumps(check(path)) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
