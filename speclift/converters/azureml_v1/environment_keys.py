"""The ``docker`` and ``python`` keys of a v1 environment definition, each by a small handler in a table
(:data:`_DOCKER_KEYS`, :data:`_PYTHON_KEYS`) -> the v2 environment's ``image``/``build``, ``conda_file`` and
``os_type``, and the job's ``resources`` (``shm_size``, ``docker_args``) and interpreter.

API (used by :mod:`.environment_section`): :class:`SectionConversion` (one definition being converted),
:func:`convert_docker`, :func:`convert_python` and :func:`empty`.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from speclift.converters.azureml_v1.environment_plan import EnvironmentPlan, EnvironmentResult, default_image, relocate
from speclift.converters.azureml_v1.keys import Recorder
from speclift.pointer import join


def empty(value: Any) -> bool:
    return value is None or value == [] or value == {} or value == ""


@dataclass(slots=True)
class SectionConversion:
    """One environment definition being converted: ``recorder`` reports on the source, ``out`` records what lands in
    the environment (the separate document, or the job) under ``base``; ``env`` collects the v2 environment."""

    recorder: Recorder
    out: Recorder
    plan: EnvironmentPlan
    base: str
    env: dict[str, Any] = field(default_factory=dict)
    result: EnvironmentResult = field(default_factory=lambda: EnvironmentResult(""))


# (conversion, pointer, key, value, the section holding the key)
_Handler = Callable[[SectionConversion, str, str, Any, dict[str, Any]], None]


def _walk(
    conversion: SectionConversion, pointer: str, section: dict[str, Any], handlers: dict[str, _Handler], other: _Handler
) -> None:
    """Each key of ``section`` to its handler (``other`` for keys without one)."""
    for key, value in section.items():
        handlers.get(key, other)(conversion, join(pointer, key), key, value, section)


# -- docker ---------------------------------------------------------------------------------------------------------


def convert_docker(conversion: SectionConversion, pointer: str, docker: dict[str, Any]) -> None:
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
    if not empty(docker.get("baseDockerfile")):
        instead = f"; the output names {conversion.env['image']} meanwhile" if "image" in conversion.env else ""
        recorder.dropped(
            join(pointer, "baseDockerfile"),
            "v1 built the image from this inline Dockerfile text, which has no v2 form: v2 builds from a folder" + instead,
            hint="save the text as Dockerfile in a folder and set environment.build.path to it",
        )
    elif "baseDockerfile" in docker:
        recorder.mapped(join(pointer, "baseDockerfile"), None)
    _walk(conversion, pointer, docker, _DOCKER_KEYS, _docker_other)


def _build(conversion: SectionConversion, pointer: str, build_context: Any) -> None:
    location = str(build_context["location"])
    local = "://" not in location and not location.startswith("git")
    build: dict[str, Any] = {"path": relocate(conversion.plan, location) if local else location}
    if build_context.get("dockerfilePath"):
        build["dockerfile_path"] = str(build_context["dockerfilePath"])
    conversion.env["build"] = build
    conversion.out.approximated(
        join(pointer, "buildContext"),
        conversion.base + "/build",
        "the v1 build context became environment.build; check that the path or URL is reachable by az ml",
    )


def _image(conversion: SectionConversion, pointer: str, docker: dict[str, Any]) -> None:
    env, base = conversion.env, conversion.base
    image = docker.get("baseImage")
    if isinstance(image, str) and image:
        env["image"] = image
        conversion.out.mapped(join(pointer, "baseImage"), base + "/image")
        return
    env["image"] = default_image(conversion.plan, bool(docker.get("gpuSupport")))
    if not empty(docker.get("baseDockerfile")):
        return  # v1 built from the Dockerfile text, not from a default image: that finding says so
    message = f"no base image: v1 used its default image; the output names {env['image']} explicitly"
    hint = "set --option default-image=IMAGE to choose another"
    if "baseImage" in docker or docker:
        where = join(pointer, "baseImage") if "baseImage" in docker else pointer
        conversion.out.approximated(where, base + "/image", message, hint=hint)
    else:
        conversion.recorder.finding("SL401", message, pointer.rsplit("/", 1)[0], hint=hint)


def _docker_other(conversion: SectionConversion, sub: str, key: str, value: Any, section: dict[str, Any]) -> None:
    if empty(value):
        conversion.recorder.mapped(sub, None)
    else:
        conversion.recorder.dropped(sub, f"environment.docker.{key} has no v2 equivalent")


def _read_above(conversion: SectionConversion, sub: str, key: str, value: Any, section: dict[str, Any]) -> None:
    """Read with the image (``baseImage``, ``baseDockerfile``, ``buildContext``)."""


def _docker_enabled(conversion: SectionConversion, sub: str, key: str, value: Any, section: dict[str, Any]) -> None:
    if value is False and conversion.plan.local_run:
        conversion.recorder.approximated(sub, None, "v1 ran without Docker here; v2 always runs in a container")
    else:
        conversion.recorder.mapped(sub, None)


def _gpu_support(conversion: SectionConversion, sub: str, key: str, value: Any, section: dict[str, Any]) -> None:
    conversion.recorder.dropped(sub, "docker.gpuSupport is a stale key the current SDK ignores; v2 uses the compute's GPUs")


def _shared_volumes(conversion: SectionConversion, sub: str, key: str, value: Any, section: dict[str, Any]) -> None:
    if value is False:
        conversion.recorder.dropped(sub, "v2 has no switch for shared volumes")
    else:
        conversion.recorder.mapped(sub, None)


def _shm_size(conversion: SectionConversion, sub: str, key: str, value: Any, section: dict[str, Any]) -> None:
    if empty(value):
        conversion.recorder.mapped(sub, None)
    else:
        conversion.result.resources["shm_size"] = str(value)
        conversion.recorder.mapped(sub, "/resources/shm_size")


def _docker_arguments(conversion: SectionConversion, sub: str, key: str, value: Any, section: dict[str, Any]) -> None:
    if empty(value):
        conversion.recorder.mapped(sub, None)
    else:
        args = value if isinstance(value, list) else [value]
        conversion.result.resources["docker_args"] = " ".join(shlex.quote(str(a)) for a in args)
        conversion.recorder.approximated(sub, "/resources/docker_args", "docker arguments became resources.docker_args")


def _registry(conversion: SectionConversion, sub: str, key: str, value: Any, section: dict[str, Any]) -> None:
    if not isinstance(value, dict) or all(empty(v) for v in value.values()):
        conversion.recorder.mapped(sub, None)
        return
    conversion.recorder.dropped(
        sub,
        "private registry credentials have no place in a v2 environment"
        + (" (the password is not copied)" if value.get("password") else ""),
        hint="give the workspace identity pull access to the registry, or import the image into the workspace ACR",
    )


def _platform(conversion: SectionConversion, sub: str, key: str, value: Any, section: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for pkey, pvalue in value.items():
            _platform_key(conversion, join(sub, pkey), pkey, pvalue)
    else:
        _docker_other(conversion, sub, key, value, section)


def _platform_key(conversion: SectionConversion, sub: str, key: str, value: Any) -> None:
    if key == "os" and isinstance(value, str):
        conversion.env["os_type"] = value.lower()
        conversion.out.transformed(sub, conversion.base + "/os_type", "lower-cased")
    elif key == "architecture" and str(value).lower() in ("amd64", "none"):
        conversion.recorder.mapped(sub, None)
    else:
        conversion.recorder.dropped(sub, f"docker.platform.{key} has no v2 field")


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


def _python_other(conversion: SectionConversion, sub: str, key: str, value: Any, python: dict[str, Any]) -> None:
    if empty(value):
        conversion.recorder.mapped(sub, None)
    elif key == "baseCondaEnvironment":
        conversion.recorder.dropped(sub, "v2 has no base conda environment", hint="list the packages in the conda file")
    else:
        conversion.recorder.dropped(sub, f"environment.python.{key} has no v2 equivalent")


def _user_managed(conversion: SectionConversion, sub: str, key: str, value: Any, python: dict[str, Any]) -> None:
    if python.get("userManagedDependencies"):
        conversion.recorder.approximated(sub, None, "user-managed dependencies: the image must bring its own Python")
    else:
        conda = "conda_file" in conversion.env or python.get("condaDependenciesFile") or python.get("condaDependencies")
        conversion.recorder.mapped(sub, conversion.base + ("/conda_file" if conda else ""))


def _interpreter(conversion: SectionConversion, sub: str, key: str, value: Any, python: dict[str, Any]) -> None:
    user_managed = bool(python.get("userManagedDependencies"))
    if user_managed and not empty(value) and value != "python":
        conversion.result.interpreter = str(value)
        conversion.recorder.transformed(sub, "/command", "the command runs this interpreter")
    elif user_managed or empty(value) or value == "python":
        conversion.recorder.mapped(sub, None)
    else:
        conversion.recorder.dropped(sub, "v2 runs the conda environment's python; the interpreter path is ignored")


def _conda_file(conversion: SectionConversion, sub: str, key: str, value: Any, python: dict[str, Any]) -> None:
    if empty(value):
        conversion.recorder.mapped(sub, None)
    elif python.get("userManagedDependencies"):
        conversion.recorder.dropped(sub, "v1 ignores the conda file when dependencies are user-managed")
    else:
        conversion.env["conda_file"] = relocate(conversion.plan, str(value))
        conversion.out.transformed(sub, conversion.base + "/conda_file", "path relocated for the output's folder")


def _conda_dependencies(conversion: SectionConversion, sub: str, key: str, value: Any, python: dict[str, Any]) -> None:
    if empty(value):
        conversion.recorder.mapped(sub, None)
    elif python.get("userManagedDependencies"):
        conversion.recorder.dropped(sub, "v1 ignores conda dependencies when they are user-managed")
    elif not empty(python.get("condaDependenciesFile")):
        conversion.recorder.dropped(sub, "v1 reads the conda file when both are given; the inline dependencies are ignored")
    else:
        conversion.env["conda_file"] = value
        conversion.out.mapped(sub, conversion.base + "/conda_file")


_PYTHON_KEYS: dict[str, _Handler] = {
    "userManagedDependencies": _user_managed,
    "interpreterPath": _interpreter,
    "condaDependenciesFile": _conda_file,
    "condaDependencies": _conda_dependencies,
}


def convert_python(conversion: SectionConversion, pointer: str, python: dict[str, Any]) -> None:
    _walk(conversion, pointer, python, _PYTHON_KEYS, _python_other)
