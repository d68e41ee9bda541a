"""The registry of spec types and content-based detection.

A spec type has a stable id ``<family>/<version>/<name>``. Current formats carry a JSON Schema
(``schemas/<id>.schema.json``); old formats carry the id of what they migrate to. Everything speclift knows about one
type is one :class:`SpecType` record (:mod:`~speclift.spectypes.record`), kept with its family's others
(:mod:`~speclift.spectypes.azureml_v2_jobs`, :mod:`~speclift.spectypes.azureml_v2_assets`,
:mod:`~speclift.spectypes.azureml_v2_workspace`, :mod:`~speclift.spectypes.polyaxon`,
:mod:`~speclift.spectypes.legacy`); :mod:`~speclift.spectypes.registry` indexes them and
:mod:`~speclift.spectypes.detection` tells which one a document is.
"""

from __future__ import annotations

from speclift.spectypes.detection import Detection, detect
from speclift.spectypes.record import Rule, SpecType
from speclift.spectypes.registry import SPEC_TYPES, get

__all__ = ["SPEC_TYPES", "Detection", "Rule", "SpecType", "detect", "get"]
