"""MLproject -> Polyaxon v1.1 components (``-O to=polyaxon``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from speclift.conversion import Conversion, ConversionBuilder, ConvertContext
from speclift.mlproject.model import Project


def convert(
    document: Any, path: str, options: Mapping[str, Any], context: ConvertContext, project: Project, builder: ConversionBuilder
) -> Conversion:
    return builder.refuse("the Polyaxon target is not available yet")
