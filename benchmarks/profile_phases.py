"""Where speclift's validate time goes, phase by phase, in one process (no CLI, no reporter).

    python benchmarks/profile_phases.py [--files N] [--seed S]

Generates the benchmark's specs (``gen_specs.py``) into a temporary folder, then times: importing the library,
compiling each schema (jsonschema-rs for the fast check, python-jsonschema for the rich path), reading, parsing with
positions, detecting the spec type, the fast check, the rich path (invalid documents only) and the semantic rules.
For import details use ``python -X importtime -m speclift validate FILE``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gen_specs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20240611)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="speclift-phases-")
    try:
        rows = gen_specs.generate(work, args.files, args.seed)
        files = [path for path, _, _ in rows]
        started = time.perf_counter()
        from speclift import schemas, spectypes, yamlio
        from speclift.config import Settings
        from speclift.validation import rules
        from speclift.validation import schema as schema_check

        print(f"import speclift (validation path): {(time.perf_counter() - started) * 1000:.0f} ms")
        started = time.perf_counter()
        import jsonschema  # noqa: F401  (the rich path's engine, imported on the first invalid document)
        import referencing.jsonschema  # noqa: F401

        print(f"import python-jsonschema + referencing: {(time.perf_counter() - started) * 1000:.0f} ms")
        settings = Settings()
        for kind in sorted({kind for _, kind, _ in rows}):
            relative = spectypes.get(kind).schema_file
            assert relative is not None
            started = time.perf_counter()
            schemas.fast_validator(relative)
            fast = time.perf_counter() - started
            started = time.perf_counter()
            schemas.rich_validator(relative)
            rich = time.perf_counter() - started
            print(f"compile {kind:<26} jsonschema-rs {fast * 1000:6.1f} ms   python-jsonschema {rich * 1000:6.1f} ms")

        def timed(label: str, func: Callable[[], Any], count: int) -> Any:
            started = time.perf_counter()
            value = func()
            seconds = time.perf_counter() - started
            print(f"{label:<34} {seconds * 1000:7.0f} ms  {seconds / max(count, 1) * 1e6:7.0f} µs/file")
            return value

        n = len(files)
        texts = timed("read", lambda: [yamlio.read_file(f, settings.limits) for f in files], n)
        loaded = timed(
            "parse with positions", lambda: [yamlio.load(t, f, settings.limits) for t, f in zip(texts, files, strict=True)], n
        )
        docs = [item.documents[0] for item in loaded]
        kinds = timed(
            "detect",
            lambda: [spectypes.detect(d.data, os.path.basename(f)).spec_type for d, f in zip(docs, files, strict=True)],
            n,
        )
        valid = timed(
            "fast check (jsonschema-rs)",
            lambda: [schemas.fast_validator(k.schema_file).is_valid(d.data) for d, k in zip(docs, kinds, strict=True)],
            n,
        )
        invalid = [(d, k, f) for d, k, f, ok in zip(docs, kinds, files, valid, strict=True) if not ok]
        timed(
            f"rich path ({len(invalid)} invalid)",
            lambda: [schema_check.validate(d, k.schema_file, f) for d, k, f in invalid],
            len(invalid),
        )
        timed(
            "semantic rules",
            lambda: [rules.run(d, k, f, os.path.dirname(f), settings) for d, k, f in zip(docs, kinds, files, strict=True)],
            n,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
