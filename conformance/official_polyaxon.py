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

from oracle import json_lines_output, read_list, short_error

logging.disable(logging.CRITICAL)
warnings.filterwarnings("ignore")
os.environ.setdefault("POLYAXON_NO_OP", "true")
os.environ.setdefault("POLYAXON_DISABLE_TELEMETRY", "true")

from polyaxon.polyaxonfile import get_specification  # noqa: E402

LOADER = "get_specification"


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
        paths += [path for path, _ in read_list(args.list)]
    out = json_lines_output()
    for path in paths:
        out.write(json.dumps(check(path)) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
