"""Polyaxon ``version: 1.1`` components and operations -> polyaxon 2.x (``speclift convert --to polyaxon-v2``).

polyaxon 1.x and 2.x both read ``version: 1.1`` files, so this converter is an upgrade of a current type: it runs
only when the call asks for the 2.x target (``--to polyaxon-v2``, or ``to = "polyaxon-v2"`` in the configuration);
a file 2.x reads exactly as 1.x did is left alone (SL403). :mod:`~speclift.converters.polyaxon_v1.upgrade` holds the
upgrade as one function on plain data, shared with the v0 converter's ``to=polyaxon-v2`` chain and the SL216 lint
rule (:mod:`speclift.validation.polyaxon_upgrade`).

Before (1.1, accepted by polyaxon 1.20, refused by 2.18)::

    version: 1.1
    kind: operation
    termination: {maxRetries: "2"}
    matrix:
      kind: hyperopt
      algorithm: tpe
      numRuns: 20
      metric: {name: loss, optimization: minimize}
      params: {lr: {kind: loguniform, value: [0.0001, 0.1]}}
    pathRef: ./train.yaml

After (``--to polyaxon-v2``)::

    version: 1.1
    kind: operation
    termination: {maxRetries: 2}
    matrix:
      kind: tpe
      numRuns: 20
      metric: {name: loss, optimization: minimize}
      params: {lr: {kind: loguniform, value: [0.0001, 0.1]}}
    pathRef: ./train.yaml

Codes: SL409 fixed (a quoted count, hyperopt with the tpe algorithm), SL401 approximated (dask as a daskcluster
skeleton, hyperopt's rand or anneal as tpe, an input type 2.18 cannot parse), SL402 left out (an MPIJob's
``implementation``), SL404 a person decides (ray, spark, flink, mxjob, xgbjob, paddlejob; a version other than 1.1).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from speclift.conversion import Conversion, ConversionBuilder, ConvertContext
from speclift.converters import Option
from speclift.converters.polyaxon_v1.chain import upgrade_output
from speclift.yamlio import Document

TARGET = "polyaxon-v2"
OPTIONS: dict[str, Option] = {
    "to": Option(
        TARGET,
        "the platform to upgrade `version: 1.1` files for; they are converted only when it is given (--to polyaxon-v2)",
        choices=(TARGET,),
        doc="`polyaxon-v2`: what polyaxon 2.x rejects or reads differently is rewritten (SL216 lists it). Files are "
        "converted only when it is given (`speclift convert --to polyaxon-v2`), since 1.x still reads them",
        shown_default="(not given: files stay as they are)",
    ),
}


def convert(document: Document, path: str, options: Mapping[str, Any], context: ConvertContext) -> Conversion:
    """Upgrade one 1.1 document; ``options`` and ``context`` go unused (a polyaxonfile names no files to read here)."""
    data = document.data
    kind = "operation" if isinstance(data, dict) and data.get("kind") == "operation" else "component"
    builder = ConversionBuilder(document, path, f"polyaxon/v1/{kind}")  # the registry's two lines share this
    builder.mapped("", "")
    builder.output(f"polyaxon/v1/{kind}", data)
    if not upgrade_output(builder, 0):
        conversion = builder.conversion
        conversion.outputs.clear()
        conversion.already_current = True
        return conversion
    return builder.build()
