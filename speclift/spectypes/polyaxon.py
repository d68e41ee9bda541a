"""Polyaxon v1 (1.1 and later 1.x): components and operations, which name their `version:` and `kind:` outright."""

from __future__ import annotations

from speclift.spectypes.record import SpecType

RECORDS = (
    SpecType("polyaxon/v1/component", "Polyaxon v1 component", kinds=("component",)),
    SpecType("polyaxon/v1/operation", "Polyaxon v1 operation", kinds=("operation",)),
)
