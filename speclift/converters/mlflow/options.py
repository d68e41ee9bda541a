"""The options of the MLproject converters (``[tool.speclift.convert.mlflow]``): what ``mlflow run`` was told."""

from __future__ import annotations

import shlex

from speclift.converters import Option

AZUREML = "azureml"
POLYAXON = "polyaxon"
POLYAXON_V2 = "polyaxon-v2"  # the Polyaxon components, upgraded for polyaxon 2.x
DEFAULT_IMAGE = "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest"


def parse_params(text: str) -> dict[str, str]:
    """``-P`` values as one shell-quoted line of NAME=VALUE words (``alpha=0.5 "name=a b"``), in order."""
    values: dict[str, str] = {}
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise ValueError(f"option params is no shell-quoted line: {exc}") from None
    for word in words:
        name, sep, value = word.partition("=")
        if not sep or not name:
            raise ValueError(f"option params takes NAME=VALUE words, not {word!r}")
        values[name] = value
    return values


def _params(text: str) -> str:
    parse_params(text)  # refused early, with the option's name
    return text


OPTIONS: dict[str, Option] = {
    "to": Option(
        AZUREML,
        "the target: azureml (an az ml v2 command job for the entry point run, and a command component per entry "
        "point), polyaxon (a Polyaxon v1.1 component per entry point) or polyaxon-v2 (those components as polyaxon 2.x "
        "reads them); --to is short for -O to=...",
        choices=(AZUREML, POLYAXON, POLYAXON_V2),
        doc="`azureml`: an `az ml` v2 command job for the entry point that runs, and a command component "
        "(`<project>-<entry>.component.yml`) for each entry point; `polyaxon`: a Polyaxon v1.1 component for each "
        "entry point (`speclift convert --to polyaxon`); `polyaxon-v2`: those components upgraded for polyaxon 2.x "
        "(`--to polyaxon-v2`)",
    ),
    "entry-point": Option(
        "main",
        "the entry point the job runs (mlflow run -e); default: main, or the repository's CI invocation",
        doc="the entry point the job runs (`mlflow run -e`)",
        shown_default="`main`, else the CI invocation's `-e`",
    ),
    "params": Option(
        "",
        "parameter values for the job, as mlflow run -P gives them: one shell-quoted line of NAME=VALUE words",
        parse=_params,
        doc='the job\'s parameter values (`mlflow run -P NAME=VALUE`), one shell-quoted line: `alpha=0.5 "name=a b"`',
        shown_default="the CI invocation's `-P`, else the defaults",
    ),
    "experiment": Option(
        "",
        "the job's experiment_name (mlflow run --experiment-name); default: the project's name",
        doc="the job's `experiment_name` (`mlflow run --experiment-name`)",
        shown_default="the CI invocation's, else the project's `name`",
    ),
    "compute": Option(
        "",
        "the compute the job runs on (the azureml backend config's COMPUTE); default: none (serverless)",
        doc="the job's `compute` (the `--backend azureml` backend configuration's `COMPUTE`)",
        shown_default="the CI invocation's backend configuration, else none (serverless compute)",
    ),
    "image": Option(
        DEFAULT_IMAGE,
        "the base image of a conda_env or python_env environment (Azure ML needs one; MLflow used the machine's conda)",
        doc="the image under a `conda_env`/`python_env` environment (Azure ML needs one)",
    ),
}
