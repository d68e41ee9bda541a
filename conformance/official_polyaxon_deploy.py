"""Verdicts of Polyaxon's own deployment-config reader (1.20 or 2.18) on deployment configs.

Runs inside the polyaxon virtual environment of the version it judges (.venvs/polyaxon1 for 1.20, .venvs/polyaxon2 for
2.18); it never imports speclift.

    python official_polyaxon_deploy.py --list LIST      # one file a line

Output: one JSON object per line, in input order: ``{"file": "...", "ok": true|false, "loader": "...", "error": "..."}``.

The check is what ``polyaxon admin deploy -f FILE`` reads before it touches a cluster: ``reader.read(path)``
(1.20: ``polyaxon.deploy.reader``, with POLYAXON_NO_API set; 2.x: ``polyaxon._deploy.reader``). The installed
version picks the module.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from typing import Any

from oracle import answer_list, short_error

logging.disable(logging.CRITICAL)
warnings.filterwarnings("ignore")
os.environ.setdefault("POLYAXON_NO_API", "true")
os.environ.setdefault("POLYAXON_NO_OP", "true")
os.environ.setdefault("POLYAXON_DISABLE_TELEMETRY", "true")

try:  # 2.x moved the reader under a private package
    from polyaxon._deploy import reader  # type: ignore[import-not-found]

    LOADER = "polyaxon._deploy.reader.read"
except ImportError:
    from polyaxon.deploy import reader  # type: ignore[import-not-found,no-redef]

    LOADER = "polyaxon.deploy.reader.read"


def judge(path: str, _hint: str | None) -> dict[str, Any]:
    result: dict[str, Any] = {"file": path, "ok": False, "loader": LOADER, "error": ""}
    try:
        reader.read(path)
    except (Exception, SystemExit) as exc:
        result["error"] = short_error(exc)
        return result
    result["ok"] = True
    return result


if __name__ == "__main__":
    sys.exit(answer_list(None, __doc__.split("\n\n")[0], judge, "path"))
