"""An MLproject's environment as an Azure ML v2 inline environment, with what it cannot carry reported.

``conda_env`` -> ``{image, conda_file}``; ``python_env`` -> a conda file written beside the outputs
(``python=<python>``, pip: build dependencies, dependencies and ``azureml-mlflow``); ``docker_env`` -> ``image``,
or ``build.path`` when the image is a local tag built from the project's Dockerfile; its ``environment`` list ->
``environment_variables``; ``volumes`` have no equivalent. Without an environment field MLflow looked for
``python_env.yaml``, then ``conda.yaml``, in the project folder: so does this.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

from speclift.conversion import ConversionBuilder, ConvertContext
from speclift.converters.mlflow import plan as planning
from speclift.mlproject.model import Project

TRACKING_PACKAGE = "azureml-mlflow"  # without it, mlflow in an Azure ML job cannot reach the workspace's tracking


@dataclass(slots=True)
class EnvironmentPlan:
    environment: dict[str, Any] = field(default_factory=dict)
    variables: dict[str, str] = field(default_factory=dict)
    conda_file: tuple[str, dict[str, Any]] | None = None  # a conda file to write beside the outputs: name, content
    targets: dict[str, str] = field(default_factory=dict)  # source pointer -> pointer in a job or component


def plan_environment(project: Project, builder: ConversionBuilder, context: ConvertContext, image: str) -> EnvironmentPlan:
    plan = EnvironmentPlan()
    env = project.environment
    kind = env.kind if env is not None else None
    value = env.value if env is not None else None
    if kind is None:
        for default_kind, default_file in (("python_env", "python_env.yaml"), ("conda_env", "conda.yaml")):
            if context.exists(default_file):
                kind, value = default_kind, default_file
                builder.finding(
                    "SL401",
                    f"the MLproject names no environment; MLflow used {default_file} from the project folder, so does the output",
                    "",
                )
                break
    if kind == "conda_env":
        plan.environment = {"image": image, "conda_file": context.relocate(str(value))}
        plan.targets["/conda_env"] = "/environment/conda_file"
        _check_tracking(builder, context, str(value), "/conda_env" if env is not None else "")
        if str(value).replace("\\", "/").startswith("../"):
            builder.finding(
                "SL401",
                f"the conda file {value} is outside the project folder: the output names it where it is (az ml reads "
                f"it when the job is created, so it must be in the checkout that runs az ml)",
                "/conda_env",
            )
    elif kind == "python_env":
        _python_env(plan, builder, context, str(value), image, "/python_env" if env is not None else "")
    elif kind == "docker_env":
        _docker_env(plan, builder, context, value)
    else:
        plan.environment = {"image": image}
        builder.finding(
            "SL401",
            f"the MLproject names no environment and its folder has no python_env.yaml or conda.yaml: MLflow ran it in a "
            f"fresh virtualenv with mlflow; the output runs on {image} with nothing added",
            "",
            hint="add a conda_file with your dependencies and azureml-mlflow",
        )
    return plan


def _check_tracking(builder: ConversionBuilder, context: ConvertContext, name: str, pointer: str) -> None:
    document = context.read(name)
    if document is None:
        return
    if TRACKING_PACKAGE not in _packages(document.data):
        builder.finding(
            "SL401",
            f"{name} does not install {TRACKING_PACKAGE}: in an Azure ML job, mlflow logs to the workspace only through it "
            f"(MLflow's own tracking URI is replaced by an azureml:// one)",
            pointer,
            hint=f"add {TRACKING_PACKAGE} to the pip dependencies of {name}",
        )


def _packages(conda: Any) -> set[str]:
    found: set[str] = set()
    dependencies = conda.get("dependencies") if isinstance(conda, dict) else None
    for item in dependencies if isinstance(dependencies, list) else ():
        words = item.get("pip") if isinstance(item, dict) else [item]
        for word in words if isinstance(words, list) else ():
            if isinstance(word, str):
                found.add(_package(word))
    return found


def _package(requirement: str) -> str:
    name = requirement.strip()
    for separator in ("=", "<", ">", "!", "~", "[", ";", " "):
        name = name.split(separator, 1)[0]
    return name.lower().replace("_", "-")


def _python_env(
    plan: EnvironmentPlan, builder: ConversionBuilder, context: ConvertContext, name: str, image: str, pointer: str
) -> None:
    document = context.read(name)
    spec = document.data if document is not None and isinstance(document.data, dict) else None
    if spec is None:
        builder.finding(
            "SL404", f"the python_env file {name} cannot be read, so its dependencies cannot be carried over", pointer
        )
        return
    python = spec.get("python")
    pip = [str(p) for key in ("build_dependencies", "dependencies") for p in spec.get(key) or [] if isinstance(p, str)]
    added = TRACKING_PACKAGE not in {_package(p) for p in pip}
    if added:
        pip.append(TRACKING_PACKAGE)
    conda: dict[str, Any] = {
        "name": "mlproject",
        "channels": ["conda-forge"],
        "dependencies": [f"python={python}" if python else "python", "pip", {"pip": pip}],
    }
    file_name = posixpath.splitext(posixpath.basename(name.replace("\\", "/")))[0] + ".conda.yml"
    plan.conda_file = (file_name, conda)
    plan.environment = {"image": image, "conda_file": file_name}
    plan.targets[pointer or "/python_env"] = "/environment/conda_file"
    builder.finding(
        "SL401",
        f"Azure ML builds environments with conda: {name} became the conda file {file_name} (python {python or 'unpinned'}, "
        f"its build dependencies and dependencies as pip packages{', and ' + TRACKING_PACKAGE if added else ''})",
        pointer,
    )


def _docker_env(plan: EnvironmentPlan, builder: ConversionBuilder, context: ConvertContext, docker: Any) -> None:
    image = str(docker.get("image"))
    first = image.split("/", 1)[0]
    registry = "/" in image and ("." in first or ":" in first or first == "localhost")
    if not registry and context.exists("Dockerfile"):
        plan.environment = {"build": {"path": context.relocate(".")}}
        plan.targets["/docker_env/image"] = "/environment/build"
        builder.finding(
            "SL401",
            f"{image} names no registry and the project has a Dockerfile: the image is taken to be built from it, so the "
            f"environment builds that Dockerfile (Azure ML cannot pull a local tag)",
            "/docker_env/image",
        )
    else:
        plan.environment = {"image": image}
        plan.targets["/docker_env/image"] = "/environment/image"
    for pointer, name, value in planning.docker_variables(
        builder,
        docker,
        "an Azure ML job",
        volume_hint="declare the data it carries as an input or output (uri_folder)",
        variable_hint="set environment_variables.{name} in the job (a secret belongs in a workspace connection or key vault)",
    ):
        plan.variables[name] = value
        plan.targets[pointer] = "/environment_variables/" + name.replace("~", "~0").replace("/", "~1")
