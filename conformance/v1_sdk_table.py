"""The declared table of the v1-SDK differential check (v1_sdk_check.py): one Field per compared value.

Each record names the v1 source kind, the v2 output it is read from, the field, the v1 accessor, the v2 accessor
and, in words, the normalisation. The records are in v1_sdk_jobs.py (run configurations, HyperDrive files, pipelines)
and v1_sdk_services.py (deployments, inference configurations, environments, schedules); the accessors and
normalisers in v1_sdk_fields.py. Only the standard library.
"""

from __future__ import annotations

from v1_sdk_fields import DATA, DEP, ENVO, EP, JOB, PIPE, SCHO, SWEEP, Field
from v1_sdk_jobs import JOB_FIELDS
from v1_sdk_services import SERVICE_FIELDS

FIELDS: list[Field] = [*JOB_FIELDS, *SERVICE_FIELDS]

__all__ = ["DATA", "DEP", "ENVO", "EP", "FIELDS", "JOB", "PIPE", "SCHO", "SWEEP"]
