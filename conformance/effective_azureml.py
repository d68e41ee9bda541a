"""Effective values of Azure ML v2 files, as azure-ai-ml holds them after loading (the v2 side of the v1-SDK check).

Runs inside .venvs/azureml (requirements-azureml.txt) next to official_azureml.py, whose loader choice it shares; it
never imports speclift.

    python effective_azureml.py --list LIST     # one `path[<TAB>hint]` a line; "-" reads standard input

Output: one JSON object per line, in input order:

    {"file": "...", "ok": true|false, "loader": "load_job", "error": "", "entity": {...}, "rest": {...}|null}

``entity`` is the loaded entity's own dump (``_to_dict()``: what ``az ml ... show`` prints, the SDK's defaults
included; an mltable data asset's local MLTable file under ``_mltable``); ``rest`` is the job's REST conversion (``_to_rest_object()``, as a dict, the payload ``az ml job create``
sends), for jobs only. Offline: loading never contacts a workspace.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import official_azureml as oaz
from oracle import answer_list, plain, short_error


def effective(path: str, hint: str | None) -> dict[str, Any]:
    result: dict[str, Any] = {"file": path, "ok": False, "loader": None, "error": "", "entity": None, "rest": None}
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        doc = oaz.yaml.safe_load(text)
        oaz._DOC_CACHE[path] = doc if isinstance(doc, dict) else None
        loader = oaz.choose_loader(path, doc, text, hint)
        result["loader"] = loader
        if loader is None or loader == oaz.NO_LOADER:
            result["error"] = "no loader"
            return result
        func, needs_endpoint = oaz.LOADERS[loader]
        kwargs: dict[str, Any] = {}
        if needs_endpoint and not (isinstance(doc, dict) and doc.get("endpoint_name")):
            kwargs["params_override"] = [{"endpoint_name": oaz.ENDPOINT_NAME}]
        entity = func(path, **kwargs)
        result["entity"] = plain(entity._to_dict())
        local = os.path.join(os.path.dirname(path), str(getattr(entity, "path", "") or ""), "MLTable")
        if loader == "load_data" and getattr(entity, "type", "") == "mltable" and os.path.isfile(local):
            with open(local, encoding="utf-8") as fh:
                result["entity"]["_mltable"] = oaz.yaml.safe_load(fh)  # the table's paths and how it is read
        if loader == "load_job":
            rest = entity._to_rest_object()
            result["rest"] = plain(rest.as_dict() if hasattr(rest, "as_dict") else rest)
    except (Exception, SystemExit) as exc:
        result["error"] = short_error(exc)
        return result
    finally:
        oaz._DOC_CACHE.pop(path, None)
    result["ok"] = True
    return result


def main(argv: list[str] | None = None) -> int:
    return answer_list(argv, __doc__.split("\n\n")[0], effective, "path[<TAB>hint]")


if __name__ == "__main__":
    sys.exit(main())
