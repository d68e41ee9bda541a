"""The environment section inside another v1 spec (a run configuration, a parallel step, an inference
configuration) -> a v2 environment, inline in a job or as a document of its own. A v1 environment file converted on
its own is :mod:`.environment_definition`, which calls this module.

The v1 definition is the ``environment`` section of a run configuration, the same shape as
``azureml_environment.json`` (``name``, ``version``, ``python{userManagedDependencies, interpreterPath,
condaDependencies(File), baseCondaEnvironment}``, ``docker{enabled, baseImage, baseDockerfile, buildContext,
baseImageRegistry, arguments, sharedVolumes, shmSize, gpuSupport, platform}``, ``environmentVariables``, ``spark``,
``databricks``, ``r``, ``inferencingStackVersion``, ``assetId``), read through :mod:`.keys` (any key spelling).

API: :func:`convert_environment_section` (``recorder``, ``pointer`` of the section in the recorder's normalised view,
``plan``) returns an :class:`EnvironmentResult`: ``value`` for a job's ``environment`` key (an inline dict, or an
``azureml:<name>:<version>`` reference when v1 names a registered environment or when ``plan.separate``),
``document`` (the separate v2 environment, else None), ``variables`` (v1 environment variables: v2 sets them on the
job), ``resources`` (``shm_size``/``docker_args``: job resources in v2) and ``interpreter`` (a user-managed
interpreter other than ``python``). A string section (``environment: .azureml/environment.yml``) is read through
the context. Every key is recorded: conda file paths are relocated for the output's folder, v1's default base
image is written out when none is given, and what v2 cannot express (registry credentials, spark, databricks, R,
``baseCondaEnvironment``, ...) is reported.

Before (v1 ``environment`` section)::

    python: {userManagedDependencies: false, condaDependenciesFile: .azureml/conda_dependencies.yml}
    docker: {enabled: true, baseImage: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04, shmSize: 4g}

After (inline, the run configuration in ``.azureml/``, the output next to it)::

    environment: {image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04, conda_file: conda_dependencies.yml}
    resources: {shm_size: 4g}
"""

from __future__ import annotations

import dataclasses
import os
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from speclift.conversion import ConvertContext
from speclift.converters.azureml_v1.keys import Recorder, normalise, related_path
from speclift.pointer import find, join

DEFAULT_IMAGE = "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04"
DEFAULT_GPU_IMAGE = "mcr.microsoft.com/azureml/openmpi4.1.0-cuda11.8-cudnn8-ubuntu22.04"
_NAME = re.compile(r"^[A-Za-z0-9][-A-Za-z0-9_.]*$")


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


@dataclass(slots=True)
class EnvironmentResult:
    value: str | dict[str, Any]
    document: dict[str, Any] | None = None
    variables: dict[str, Any] = field(default_factory=dict)
    resources: dict[str, Any] = field(default_factory=dict)
    interpreter: str | None = None


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {} or value == ""


def default_image(plan: EnvironmentPlan, gpu: bool = False) -> str:
    return plan.default_image or (DEFAULT_GPU_IMAGE if gpu else DEFAULT_IMAGE)


def convert_environment_section(
    recorder: Recorder, pointer: str, plan: EnvironmentPlan, target: str = "/environment"
) -> EnvironmentResult:
    """Convert the section at ``pointer`` (absent sections give v1's default environment)."""
    section = find(recorder.view.data, pointer)
    if isinstance(section, str):
        return _from_file(recorder, pointer, section, plan, target)
    if section is None or not isinstance(section, dict):
        if section is not None or pointer in recorder.view.origins:
            recorder.mapped(pointer, target)
        image = default_image(plan)
        recorder.finding(
            "SL401",
            f"no environment: v1 ran the default image with a default conda environment; the {plan.subject} uses {image}",
            pointer if pointer in recorder.view.origins else "",
            hint="set --option default-image=IMAGE or edit the environment",
        )
        return _finish({"image": image}, plan)
    filled = {k: v for k, v in section.items() if not _empty(v)}
    if filled and set(filled) <= {"name", "version"} and "name" in filled:
        name, version = filled["name"], filled.get("version")
        recorder.transformed(pointer, target, "registered environment reference")
        return EnvironmentResult(f"azureml:{name}:{version}" if version is not None else f"azureml:{name}@latest")
    return _definition(recorder, pointer, section, plan, target)


def _from_file(recorder: Recorder, pointer: str, relative: str, plan: EnvironmentPlan, target: str) -> EnvironmentResult:
    document = plan.context.read(os.path.join(plan.base_dir, relative))
    if document is None or not isinstance(document.data, dict):
        recorder.approximated(
            pointer,
            target,
            f"the environment file {relative} could not be read; the {plan.subject} uses {default_image(plan)}",
            hint="convert next to the environment file",
        )
        return _finish({"image": default_image(plan)}, plan)
    recorder.transformed(pointer, target, "environment file read")
    view = normalise(document.data)
    path = related_path(recorder.path, os.path.join(plan.base_dir, relative))
    related = Recorder(recorder.builder, view, document, path, primary=False, output=recorder.output, prefix=recorder.prefix)
    result = _definition(related, "", view.data, plan, target)
    related.report_spelling("azureml-core")
    return result


@dataclass(slots=True)
class _Conversion:
    """One environment definition being converted: ``recorder`` reports on the source, ``out`` records what lands in
    the environment (the separate document, or the job) under ``base``; ``env`` collects the v2 environment."""

    recorder: Recorder
    out: Recorder
    plan: EnvironmentPlan
    base: str
    env: dict[str, Any] = field(default_factory=dict)
    result: EnvironmentResult = field(default_factory=lambda: EnvironmentResult(""))


# (conversion, pointer, key, value, the section holding the key)
_Handler = Callable[[_Conversion, str, str, Any, dict[str, Any]], None]


def _definition(
    recorder: Recorder, pointer: str, section: dict[str, Any], plan: EnvironmentPlan, target: str
) -> EnvironmentResult:
    separate = plan.separate
    out_recorder = dataclasses.replace(recorder, output=plan.output, prefix="") if separate else recorder
    conversion = _Conversion(recorder, out_recorder, plan, "" if separate else target)
    docker: dict[str, Any] = section["docker"] if isinstance(section.get("docker"), dict) else {}
    python: dict[str, Any] = section["python"] if isinstance(section.get("python"), dict) else {}
    _name(conversion, join(pointer, "name"), section.get("name"))
    _version(conversion, join(pointer, "version"), section.get("version"))
    _docker(conversion, join(pointer, "docker"), docker)
    _walk(conversion, join(pointer, "python"), python, _PYTHON_KEYS, _python_other)
    _rest(recorder, pointer, section, conversion.result, plan.subject)
    for key in ("name", "version", "docker", "python"):
        if key in section and _empty(section[key]):
            recorder.mapped(join(pointer, key), None)
    return _finish(conversion.env, plan, conversion.result)


def _name(conversion: _Conversion, pointer: str, name: Any) -> None:
    env, out, base = conversion.env, conversion.out, conversion.base
    if isinstance(name, str) and name:
        if _NAME.match(name):
            env["name"] = name
            out.mapped(pointer, base + "/name")
        else:
            clean = re.sub(r"[^-A-Za-z0-9_.]+", "-", name).strip("-.") or conversion.plan.default_name
            env["name"] = clean
            out.approximated(
                pointer, base + "/name", f"environment name {name!r} is not a valid v2 asset name; it became {clean!r}"
            )
    elif conversion.plan.separate:
        env["name"] = conversion.plan.default_name


def _version(conversion: _Conversion, pointer: str, version: Any) -> None:
    plan = conversion.plan
    if _empty(version):
        if plan.separate:
            conversion.env["version"] = "1"
    elif plan.separate:
        conversion.env["version"] = str(version)
        conversion.out.transformed(pointer, conversion.base + "/version", "as a string")
    else:
        conversion.recorder.dropped(
            pointer,
            "an inline v2 environment is registered anonymously, versioned by its content; the version is left out",
            hint="use --option environment=separate to keep a named, versioned environment" if plan.subject == "job" else None,
        )


def _walk(conversion: _Conversion, pointer: str, section: dict[str, Any], handlers: dict[str, _Handler], other: _Handler) -> None:
    """Each key of ``section`` to its handler (``other`` for keys without one)."""
    for key, value in section.items():
        handlers.get(key, other)(conversion, join(pointer, key), key, value, section)


# -- docker ---------------------------------------------------------------------------------------------------------


def _docker(conversion: _Conversion, pointer: str, docker: dict[str, Any]) -> None:
    recorder = conversion.recorder
    build_context = docker.get("buildContext")
    has_build = isinstance(build_context, dict) and bool(build_context.get("location"))
    if has_build:
        _build(conversion, pointer, build_context)
    else:
        _image(conversion, pointer, docker)
    if "baseImage" in docker and "build" in conversion.env:
        recorder.dropped(join(pointer, "baseImage"), "a build context replaces the base image in v2 (v1 did the same)")
    if "buildContext" in docker and not has_build:
        recorder.mapped(join(pointer, "buildContext"), None)
    if not _empty(docker.get("baseDockerfile")):
        recorder.dropped(
            join(pointer, "baseDockerfile"),
            "an inline Dockerfile text has no v2 form: v2 builds from a folder",
            hint="save the text as Dockerfile in a folder and set environment.build.path to it",
        )
    elif "baseDockerfile" in docker:
        recorder.mapped(join(pointer, "baseDockerfile"), None)
    _walk(conversion, pointer, docker, _DOCKER_KEYS, _docker_other)


def _build(conversion: _Conversion, pointer: str, build_context: Any) -> None:
    location = str(build_context["location"])
    local = "://" not in location and not location.startswith("git")
    build: dict[str, Any] = {"path": _relocate(conversion.plan, location) if local else location}
    if build_context.get("dockerfilePath"):
        build["dockerfile_path"] = str(build_context["dockerfilePath"])
    conversion.env["build"] = build
    conversion.out.approximated(
        join(pointer, "buildContext"),
        conversion.base + "/build",
        "the v1 build context became environment.build; check that the path or URL is reachable by az ml",
    )


def _image(conversion: _Conversion, pointer: str, docker: dict[str, Any]) -> None:
    env, base = conversion.env, conversion.base
    image = docker.get("baseImage")
    if isinstance(image, str) and image:
        env["image"] = image
        conversion.out.mapped(join(pointer, "baseImage"), base + "/image")
        return
    env["image"] = default_image(conversion.plan, bool(docker.get("gpuSupport")))
    message = f"no base image: v1 used its default image; the output names {env['image']} explicitly"
    hint = "set --option default-image=IMAGE to choose another"
    if "baseImage" in docker or docker:
        where = join(pointer, "baseImage") if "baseImage" in docker else pointer
        conversion.out.approximated(where, base + "/image", message, hint=hint)
    else:
        conversion.recorder.finding("SL401", message, pointer.rsplit("/", 1)[0], hint=hint)


def _read_above(conversion: _Conversion, sub: str, key: str, value: Any, section: dict[str, Any]) -> None:
    """Read with the image (``baseImage``, ``baseDockerfile``, ``buildContext``)."""


def _docker_enabled(conversion: _Conversion, sub: str, key: str, value: Any, section: dict[str, Any]) -> None:
    if value is False:
        conversion.recorder.approximated(sub, None, "v1 ran without Docker here; v2 always runs in a container")
    else:
        conversion.recorder.mapped(sub, None)


def _gpu_support(conversion: _Conversion, sub: str, key: str, value: Any, section: dict[str, Any]) -> None:
    conversion.recorder.dropped(sub, "docker.gpuSupport is a stale key the current SDK ignores; v2 uses the compute's GPUs")


def _shared_volumes(conversion: _Conversion, sub: str, key: str, value: Any, section: dict[str, Any]) -> None:
    if value is False:
        conversion.recorder.dropped(sub, "v2 has no switch for shared volumes")
    else:
        conversion.recorder.mapped(sub, None)


def _shm_size(conversion: _Conversion, sub: str, key: str, value: Any, section: dict[str, Any]) -> None:
    if _empty(value):
        conversion.recorder.mapped(sub, None)
    else:
        conversion.result.resources["shm_size"] = str(value)
        conversion.recorder.mapped(sub, "/resources/shm_size")


def _docker_arguments(conversion: _Conversion, sub: str, key: str, value: Any, section: dict[str, Any]) -> None:
    if _empty(value):
        conversion.recorder.mapped(sub, None)
    else:
        args = value if isinstance(value, list) else [value]
        conversion.result.resources["docker_args"] = " ".join(shlex.quote(str(a)) for a in args)
        conversion.recorder.approximated(sub, "/resources/docker_args", "docker arguments became resources.docker_args")


def _registry(conversion: _Conversion, sub: str, key: str, value: Any, section: dict[str, Any]) -> None:
    if not isinstance(value, dict) or all(_empty(v) for v in value.values()):
        conversion.recorder.mapped(sub, None)
        return
    conversion.recorder.dropped(
        sub,
        "private registry credentials have no place in a v2 environment"
        + (" (the password is not copied)" if value.get("password") else ""),
        hint="give the workspace identity pull access to the registry, or import the image into the workspace ACR",
    )


def _platform(conversion: _Conversion, sub: str, key: str, value: Any, section: dict[str, Any]) -> None:
    if not isinstance(value, dict):
        _docker_other(conversion, sub, key, value, section)
        return
    for pkey, pvalue in value.items():
        psub = join(sub, pkey)
        if pkey == "os" and isinstance(pvalue, str):
            conversion.env["os_type"] = pvalue.lower()
            conversion.out.transformed(psub, conversion.base + "/os_type", "lower-cased")
        elif pkey == "architecture" and str(pvalue).lower() in ("amd64", "none"):
            conversion.recorder.mapped(psub, None)
        else:
            conversion.recorder.dropped(psub, f"docker.platform.{pkey} has no v2 field")


def _docker_other(conversion: _Conversion, sub: str, key: str, value: Any, section: dict[str, Any]) -> None:
    if _empty(value):
        conversion.recorder.mapped(sub, None)
    else:
        conversion.recorder.dropped(sub, f"environment.docker.{key} has no v2 equivalent")


_DOCKER_KEYS: dict[str, _Handler] = {
    "baseImage": _read_above,
    "baseDockerfile": _read_above,
    "buildContext": _read_above,
    "enabled": _docker_enabled,
    "gpuSupport": _gpu_support,
    "sharedVolumes": _shared_volumes,
    "shmSize": _shm_size,
    "arguments": _docker_arguments,
    "baseImageRegistry": _registry,
    "platform": _platform,
}


# -- python ---------------------------------------------------------------------------------------------------------


def _user_managed(conversion: _Conversion, sub: str, key: str, value: Any, python: dict[str, Any]) -> None:
    if python.get("userManagedDependencies"):
        conversion.recorder.approximated(sub, None, "user-managed dependencies: the image must bring its own Python")
    else:
        conda = "conda_file" in conversion.env or python.get("condaDependenciesFile") or python.get("condaDependencies")
        conversion.recorder.mapped(sub, conversion.base + ("/conda_file" if conda else ""))


def _interpreter(conversion: _Conversion, sub: str, key: str, value: Any, python: dict[str, Any]) -> None:
    user_managed = bool(python.get("userManagedDependencies"))
    if user_managed and not _empty(value) and value != "python":
        conversion.result.interpreter = str(value)
        conversion.recorder.transformed(sub, "/command", "the command runs this interpreter")
    elif user_managed or _empty(value) or value == "python":
        conversion.recorder.mapped(sub, None)
    else:
        conversion.recorder.dropped(sub, "v2 runs the conda environment's python; the interpreter path is ignored")


def _conda_file(conversion: _Conversion, sub: str, key: str, value: Any, python: dict[str, Any]) -> None:
    if _empty(value):
        conversion.recorder.mapped(sub, None)
    elif python.get("userManagedDependencies"):
        conversion.recorder.dropped(sub, "v1 ignores the conda file when dependencies are user-managed")
    else:
        conversion.env["conda_file"] = _relocate(conversion.plan, str(value))
        conversion.out.transformed(sub, conversion.base + "/conda_file", "path relocated for the output's folder")


def _conda_dependencies(conversion: _Conversion, sub: str, key: str, value: Any, python: dict[str, Any]) -> None:
    if _empty(value):
        conversion.recorder.mapped(sub, None)
    elif python.get("userManagedDependencies"):
        conversion.recorder.dropped(sub, "v1 ignores conda dependencies when they are user-managed")
    elif not _empty(python.get("condaDependenciesFile")):
        conversion.recorder.dropped(sub, "v1 reads the conda file when both are given; the inline dependencies are ignored")
    else:
        conversion.env["conda_file"] = value
        conversion.out.mapped(sub, conversion.base + "/conda_file")


def _python_other(conversion: _Conversion, sub: str, key: str, value: Any, python: dict[str, Any]) -> None:
    if _empty(value):
        conversion.recorder.mapped(sub, None)
    elif key == "baseCondaEnvironment":
        conversion.recorder.dropped(sub, "v2 has no base conda environment", hint="list the packages in the conda file")
    else:
        conversion.recorder.dropped(sub, f"environment.python.{key} has no v2 equivalent")


_PYTHON_KEYS: dict[str, _Handler] = {
    "userManagedDependencies": _user_managed,
    "interpreterPath": _interpreter,
    "condaDependenciesFile": _conda_file,
    "condaDependencies": _conda_dependencies,
}


def _rest(recorder: Recorder, pointer: str, section: dict[str, Any], result: EnvironmentResult, subject: str) -> None:
    for key, value in section.items():
        sub = join(pointer, key)
        if key in ("name", "version", "docker", "python"):
            continue
        if key == "environmentVariables" and isinstance(value, dict) and value:
            result.variables.update({str(k): "" if v is None else str(v) for k, v in value.items()})
            if subject == "environment":  # nothing carries them: say so rather than let them vanish
                recorder.dropped(sub, "v2 environments have no variables; set them on the jobs and deployments that use it")
            else:
                recorder.approximated(
                    sub, "/environment_variables", f"v2 environments have no variables; they are set on the {subject} instead"
                )
        elif _empty(value) or (isinstance(value, dict) and all(_empty(v) or v is True for v in value.values())):
            recorder.mapped(sub, None)  # unset, or v1's defaults (spark.precachePackages: true)
        elif key in ("spark", "databricks"):
            recorder.dropped(sub, f"environment.{key} packages have no v2 environment field", hint="add them to the image")
        elif key == "r":
            recorder.dropped(sub, "R environments have no v2 field", hint="build an image with R and the packages")
        else:
            recorder.dropped(sub, f"environment.{key} has no v2 equivalent")


def _finish(env: dict[str, Any], plan: EnvironmentPlan, result: EnvironmentResult | None = None) -> EnvironmentResult:
    result = result or EnvironmentResult("")
    ordered: dict[str, Any] = {k: env[k] for k in ("name", "version", "image", "build", "conda_file", "os_type") if k in env}
    if plan.separate:
        ordered.setdefault("name", plan.default_name)
        ordered.setdefault("version", "1")
        document: dict[str, Any] = {"$schema": "https://azuremlschemas.azureedge.net/latest/environment.schema.json", **ordered}
        result.document = document
        result.value = f"azureml:{ordered['name']}:{ordered['version']}"
    else:
        result.value = ordered
    return result


def _relocate(plan: EnvironmentPlan, relative: str) -> str:
    path = os.path.normpath(os.path.join(plan.base_dir, relative)) if not os.path.isabs(relative) else relative
    return plan.context.relocate(path)
