"""Time the azure-ai-ml loaders (``load_*`` + ``_validate()``) over a list of files, in one process.

Runs inside the azure-ai-ml virtual environment (``.venvs/azureml``); it never imports speclift. The loader is
chosen exactly as in ``conformance/official_azureml.py`` (by ``$schema`` name, then the spec-type hint, then
``type:``), by reusing that module.

    python azureml_runner.py LIST OUT_JSON [--repeat K]

LIST holds one ``path<TAB>spec-type`` a line. OUT_JSON receives the import time, the loop time of each repetition
and each file's verdict (``ok``: true, false or null when the SDK has no loader for the file).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("list")
    parser.add_argument("out")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()

    items = []
    with open(args.list, encoding="utf-8") as handle:
        for line in handle:
            path, _, hint = line.rstrip("\n").partition("\t")
            if path:
                items.append((path, hint or None))

    started = time.perf_counter()
    sys.path.insert(0, os.path.join(os.path.dirname(HERE), "conformance"))
    import official_azureml

    import_seconds = time.perf_counter() - started

    loops = []
    verdicts = []
    real_stdout = sys.stdout
    sys.stdout = sys.stderr  # anything the SDK prints stays out of the way
    try:
        for _ in range(args.repeat):
            verdicts = []
            started = time.perf_counter()
            for path, hint in items:
                verdicts.append(official_azureml.check(path, hint))
            loops.append(time.perf_counter() - started)
    finally:
        sys.stdout = real_stdout
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump({"import_seconds": import_seconds, "loop_seconds": loops, "files": verdicts}, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
