"""Where and how a v1 environment becomes a v2 one (:class:`EnvironmentPlan`), what comes out
(:class:`EnvironmentResult`), and v1's default images. Used by :mod:`.environment_section` and by the converters
that write an environment themselves (Workbench runs, pipeline steps without a run configuration, inference
configurations without an environment section).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from speclift.conversion import ConvertContext
from speclift.converters.azureml_v1.v1_defaults import RUN_BASE_IMAGE

DEFAULT_IMAGE = RUN_BASE_IMAGE.v1
DEFAULT_GPU_IMAGE = "mcr.microsoft.com/azureml/openmpi4.1.0-cuda11.8-cudnn8-ubuntu22.04"


@dataclass(frozen=True, slots=True)
class EnvironmentPlan:
    """Where and how the environment is written (from the converter's options and context): ``base_dir`` is where
    v1 resolved relative conda/Dockerfile paths, relative to the source's folder (the project folder: the parent of
    ``.azureml``/``aml_config``); ``separate`` writes the environment as its own document named ``default_name``
    when v1 gives no name."""

    context: ConvertContext
    default_image: str = ""
    separate: bool = False
    base_dir: str = "."
    default_name: str = "environment"
    output: int = 1  # index of the separate environment output
    subject: str = "job"  # what runs in the environment, for messages: job, deployment, environment
    # Whether docker.enabled: false meant no container: only a run on the submitting machine (target local) of a
    # run configuration without a top-level docker section (that section wins); the service ran every other run
    # in a container (azureml-core DockerConfiguration: "the backend overrides use_docker to true for AmlCompute").
    local_run: bool = False


@dataclass(slots=True)
class EnvironmentResult:
    value: str | dict[str, Any]
    document: dict[str, Any] | None = None
    variables: dict[str, Any] = field(default_factory=dict)
    resources: dict[str, Any] = field(default_factory=dict)
    interpreter: str | None = None


def default_image(plan: EnvironmentPlan, gpu: bool = False) -> str:
    return plan.default_image or (DEFAULT_GPU_IMAGE if gpu else DEFAULT_IMAGE)


def relocate(plan: EnvironmentPlan, relative: str) -> str:
    """A conda file or build folder v1 resolved against ``base_dir``, relocated for the output's folder."""
    path = os.path.normpath(os.path.join(plan.base_dir, relative)) if not os.path.isabs(relative) else relative
    return plan.context.relocate(path)
