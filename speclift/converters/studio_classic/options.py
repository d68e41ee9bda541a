"""The options of the Studio (classic) converter (``[tool.speclift.convert.studio-classic]``): what the export
does not say about where the pipeline runs."""

from __future__ import annotations

from speclift.converters import Option

DEFAULT_IMAGE = "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest"
SERVERLESS = "azureml:serverless"

OPTIONS: dict[str, Option] = {
    # A pipeline job needs a compute (azure-ai-ml refuses one without: "Compute not set"); serverless is named so.
    "compute": Option(
        SERVERLESS,
        "the pipeline's default compute (settings.default_compute, e.g. azureml:cpu-cluster)",
        doc="the pipeline's `settings.default_compute` (`azureml:cpu-cluster`, say; the default is serverless compute)",
    ),
    "image": Option(
        DEFAULT_IMAGE,
        "the base image under the components' conda environment",
        doc="the base image under the generated components' conda environment",
    ),
    "instance-type": Option(
        "Standard_DS3_v2",
        "the VM size of the online deployment outlined for a web service",
        doc="the `instance_type` of the online deployment outlined for a web service",
    ),
}
