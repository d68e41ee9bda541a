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
``baseCondaEnvironment``, ...) is reported. The ``docker`` and ``python`` keys are read by :mod:`.environment_keys`;
:class:`~.environment_plan.EnvironmentPlan` says where and how the environment is written.

Before (v1 ``environment`` section)::

    python: {userManagedDependencies: false, condaDependenciesFile: .azureml/conda_dependencies.yml}
    docker: {enabled: true, baseImage: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04, shmSize: 4g}

After (inline, the run configuration in ``.azureml/``, the output next to it)::

    environment: {image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04, conda_file: conda_dependencies.yml}
    resources: {shm_size: 4g}
"""

from __future__ import annotations

import os
import re
from typing import Any

from speclift.converters.azureml_v1.environment_keys import SectionConversion, convert_docker, convert_python, empty
from speclift.converters.azureml_v1.environment_plan import EnvironmentPlan, EnvironmentResult, default_image
from speclift.converters.azureml_v1.keys import Recorder, normalise, related_path
from speclift.converters.azureml_v1.null_keys import absent_nulls
from speclift.converters.azureml_v1.suspicious import report_suspicious
from speclift.pointer import find, join

_NAME = re.compile(r"^[A-Za-z0-9][-A-Za-z0-9_.]*$")


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
    filled = {k: v for k, v in section.items() if not empty(v)}
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
            f"the environment file {relative} could not be read (looked for {plan.context.shown(os.path.join(plan.base_dir, relative))}); "
            f"the {plan.subject} uses {default_image(plan)}",
            hint="convert next to the environment file",
        )
        return _finish({"image": default_image(plan)}, plan)
    recorder.transformed(pointer, target, "environment file read")
    view = normalise(document.data)
    path = related_path(recorder.path, os.path.join(plan.base_dir, relative))
    related = Recorder(recorder.builder, view, document, path, primary=False, output=recorder.output, prefix=recorder.prefix)
    absent_nulls(related)
    report_suspicious(related)
    result = _definition(related, "", view.data, plan, target)
    related.report_spelling("azureml-core")
    return result


def _definition(
    recorder: Recorder, pointer: str, section: dict[str, Any], plan: EnvironmentPlan, target: str
) -> EnvironmentResult:
    separate = plan.separate
    out_recorder = recorder.aimed(output=plan.output, prefix="") if separate else recorder
    conversion = SectionConversion(recorder, out_recorder, plan, "" if separate else target)
    docker: dict[str, Any] = section["docker"] if isinstance(section.get("docker"), dict) else {}
    python: dict[str, Any] = section["python"] if isinstance(section.get("python"), dict) else {}
    _name(conversion, join(pointer, "name"), section.get("name"))
    _version(conversion, join(pointer, "version"), section.get("version"))
    convert_docker(conversion, join(pointer, "docker"), docker)
    convert_python(conversion, join(pointer, "python"), python)
    _rest(recorder, pointer, section, conversion.result, plan.subject)
    for key in ("name", "version", "docker", "python"):
        if key in section and empty(section[key]):
            recorder.mapped(join(pointer, key), None)
    return _finish(conversion.env, plan, conversion.result)


def _name(conversion: SectionConversion, pointer: str, name: Any) -> None:
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


def _version(conversion: SectionConversion, pointer: str, version: Any) -> None:
    plan = conversion.plan
    if empty(version):
        return  # no version invented: az ml environment create gives an unversioned environment the next one
    if plan.separate:
        conversion.env["version"] = str(version)
        conversion.out.transformed(pointer, conversion.base + "/version", "as a string")
    else:
        conversion.recorder.dropped(
            pointer,
            "an inline v2 environment is registered anonymously, versioned by its content; the version is left out",
            hint="use --option environment=separate to keep a named, versioned environment" if plan.subject == "job" else None,
        )


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
        elif empty(value) or (isinstance(value, dict) and all(empty(v) or v is True for v in value.values())):
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
        document: dict[str, Any] = {"$schema": "https://azuremlschemas.azureedge.net/latest/environment.schema.json", **ordered}
        result.document = document
        # Without a version, the job takes the latest: the one az ml environment create just made.
        version = ordered.get("version")
        result.value = f"azureml:{ordered['name']}:{version}" if version else f"azureml:{ordered['name']}@latest"
    else:
        result.value = ordered
    return result
