"""speclift: validate, convert, migrate and diff ML job specs (Azure ML, Polyaxon) offline.

The library API is what the command line runs; each call returns a value and prints nothing::

    import speclift

    report = speclift.validate(["jobs/"])                   # -> validation.engine.Report
    for finding in report.findings:
        print(finding.location, finding.code, finding.message)

    converted = speclift.convert("polyaxonfile.yml")        # -> conversion.engine.ConvertedFile
    result = speclift.migrate(["repo/"], speclift.MigrationOptions(out_dir="build/v2"))  # -> MigrationResult
    changes = speclift.diff("old.yml", "new.yml")           # -> diffing.FileDiff
    detection = speclift.detect(data, "job.yml")            # -> spectypes.Detection

Every name is imported on first use, so that ``speclift --help`` and ``speclift --version`` stay fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> the module that defines it
_API = {
    "validate": "speclift.api",
    "convert": "speclift.api",
    "diff": "speclift.api",
    "migrate": "speclift.migration.run",
    "MigrationOptions": "speclift.migration.run",
    "MigrationResult": "speclift.migration.run",
    "detect": "speclift.spectypes",
    "validate_paths": "speclift.validation.engine",
    "validate_text": "speclift.validation.engine",
}
__all__ = [
    "MigrationOptions",
    "MigrationResult",
    "__version__",
    "convert",
    "detect",
    "diff",
    "migrate",
    "validate",
    "validate_paths",
    "validate_text",
]

if TYPE_CHECKING:
    from speclift.api import convert, diff, validate
    from speclift.migration.run import MigrationOptions, MigrationResult, migrate
    from speclift.spectypes import detect
    from speclift.validation.engine import validate_paths, validate_text


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'speclift' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
