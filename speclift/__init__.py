"""speclift: validate, convert and diff ML job specs (Azure ML v2, Polyaxon v1) offline.

The library API is small; everything the command line does goes through it::

    from speclift import validate_paths
    report = validate_paths(["jobs/"])
    for finding in report.findings:
        print(finding.location, finding.code, finding.message)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "detect", "validate_paths", "validate_text"]

if TYPE_CHECKING:
    from speclift.spectypes import detect
    from speclift.validation.engine import validate_paths, validate_text


def __getattr__(name: str) -> Any:
    # Imported on first use so that `speclift --help` and `speclift --version` stay fast.
    if name == "detect":
        from speclift.spectypes import detect

        return detect
    if name in ("validate_paths", "validate_text"):
        from speclift.validation import engine

        return getattr(engine, name)
    raise AttributeError(name)
