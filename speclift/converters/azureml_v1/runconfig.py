"""Azure ML v1 run configurations (``.runconfig``, YAML or JSON) -> az ml v2 command jobs.

Both formats are read: the azureml-core format (any key spelling, as the SDK camel-cases keys) and the
Workbench-era format (``ArgumentVector``, ``Target``, ``CondaDependenciesFile`` ... with the compute target's image
in a sibling ``<target>.compute``, read through the context). ``script`` + ``arguments`` become ``command`` (data
placeholders become ``${{inputs.x}}``/``${{outputs.y}}``), ``target`` ``compute``, framework/communicator and the
``mpi``/``tensorflow``/``pytorch`` sections ``distribution``, ``nodeCount`` ``resources.instance_count``,
``maxRunDurationSeconds`` ``limits.timeout``, the environment an inline environment (or a separate
``<name>.environment.yml``), ``dataReferences``/``data``/``outputData`` inputs and outputs (``ro_mount`` by
default). ``framework: PySpark`` gives a spark job. A run configuration's ``paralleltask`` section is reported: a
parallel job only runs inside a pipeline, so the output stays a command job. Keys the SDK ignores (stale or unknown)
are reported.

Before (v1)::

    script: train.py
    arguments: [--data, DatasetConsumptionConfig:mnist]
    target: cpu-cluster
    nodeCount: 2
    communicator: OpenMpi
    maxRunDurationSeconds: 3600
    environment:
      python: {condaDependenciesFile: conda.yml}
      docker: {baseImage: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04}
    data:
      mnist: {dataLocation: {dataset: {name: mnist, version: 1}}, mechanism: mount}

After (v2)::

    $schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
    type: command
    code: .
    command: python train.py --data ${{inputs.mnist}}
    inputs:
      mnist: {type: uri_folder, path: azureml:mnist:1, mode: ro_mount}
    environment: {image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04, conda_file: conda.yml}
    compute: azureml:cpu-cluster
    distribution: {type: mpi, process_count_per_instance: 1}
    resources: {instance_count: 2}
    limits: {timeout: 3600}

Options: ``source-directory``, ``compute``, ``default-image``, ``environment`` (inline | separate),
``data-reference-type`` (uri_folder | uri_file). Codes: SL401 approximated, SL402 no equivalent or ignored by the
SDK, SL404 cannot convert, SL409 a spelling the SDK ignores read as the field it means.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from speclift.conversion import Conversion, ConversionBuilder, ConvertContext
from speclift.converters.azureml_v1 import jobs
from speclift.converters.azureml_v1.keys import Recorder, normalise
from speclift.converters.azureml_v1.options import OPTIONS as OPTIONS
from speclift.converters.azureml_v1.workbench import is_compute_file
from speclift.yamlio import Document

SOURCE = "azureml/v1/runconfig"
TARGETS = ("azureml/v2/command-job", "azureml/v2/spark-job", "azureml/v2/environment")
SCHEMAS = {
    "command": "https://azuremlschemas.azureedge.net/latest/commandJob.schema.json",
    "spark": "https://azuremlschemas.azureedge.net/latest/sparkJob.schema.json",
}


def convert(document: Document, path: str, options: Mapping[str, Any], context: ConvertContext) -> Conversion:
    """Convert one run configuration; ``context`` reads the Workbench ``<target>.compute`` and environment files."""
    builder = ConversionBuilder(document, path, SOURCE)
    view = normalise(document.data)
    recorder = Recorder(builder, view, document, path)
    data = view.data
    if not isinstance(data, dict):
        return builder.refuse("a run configuration is a mapping of fields")
    if is_compute_file(data):
        message = "this is a Workbench compute target; it is converted with the run configuration that names it"
        return builder.refuse(message, hint="convert the .runconfig whose Target names this file")
    stem = os.path.splitext(os.path.basename(path))[0]
    job, environment = jobs.from_runconfig(recorder, options, context, default_name=jobs.asset_name(stem))
    recorder.report_spelling("azureml-core")
    jobs.report_rest(recorder, "run configuration")
    if builder.has_refusal:
        return builder.build()
    kind = str(job.get("type", "command"))
    builder.output(f"azureml/v2/{kind}-job", {"$schema": SCHEMAS[kind], **job})
    if environment is not None:
        builder.output("azureml/v2/environment", environment, "environment")
    return builder.build()
