"""MLflow Projects (``MLproject``) -> ``az ml`` v2 command jobs and components (:mod:`.azureml`), or Polyaxon v1.1
components (``-O to=polyaxon``, :mod:`.polyaxon`), upgraded for polyaxon 2.x with ``-O to=polyaxon-v2``.

The file is read as ``mlflow/projects/_project_spec.py`` reads it (:mod:`speclift.mlproject.model`); what MLflow
refuses to load is refused here too (SL404 at the field). The outputs are named files beside the source
(``<project>-<entry>.job.yml``, ``<project>-<entry>.component.yml``): in place, the MLproject gives way to them.

Codes: SL401 approximated, SL402 no equivalent, SL404 cannot convert.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from speclift.conversion import Conversion, ConversionBuilder, ConvertContext
from speclift.converters.mlflow import azureml, polyaxon
from speclift.converters.mlflow.options import OPTIONS, POLYAXON, POLYAXON_V2
from speclift.converters.polyaxon_v1.chain import upgrade_output
from speclift.mlproject.model import ProjectError, read_project
from speclift.yamlio import Document

SOURCE = "mlflow/mlproject"
TARGETS = ("azureml/v2/command-job", "azureml/v2/command-component", "polyaxon/v1/component", "polyaxon/v2/component")
__all__ = ["OPTIONS", "SOURCE", "TARGETS", "convert"]


def convert(document: Document, path: str, options: Mapping[str, Any], context: ConvertContext) -> Conversion:
    builder = ConversionBuilder(document, path, SOURCE)
    try:
        project = read_project(document.data)
    except ProjectError as exc:
        return builder.refuse(f"MLflow cannot load this project: {exc.message}", exc.pointer)
    if options.get("to") == POLYAXON:
        return polyaxon.convert(document, path, options, context, project, builder)
    if options.get("to") == POLYAXON_V2:  # MLproject -> 1.1 -> 2.x in one run, as the v0 chain
        conversion = polyaxon.convert(document, path, options, context, project, builder)
        for index in range(len(conversion.outputs)):
            upgrade_output(builder, index)
        return builder.build()
    return azureml.convert(document, path, options, context, project, builder)
