"""Polyaxon `version: 1.1` operations -> polyaxon 2.x: the converter is :mod:`speclift.converters.polyaxon_v1.to_v2`."""

from __future__ import annotations

from speclift.converters.polyaxon_v1.to_v2 import OPTIONS, convert

SOURCE = "polyaxon/v1/operation"
TARGETS = ("polyaxon/v2/operation",)
__all__ = ["OPTIONS", "SOURCE", "TARGETS", "convert"]
