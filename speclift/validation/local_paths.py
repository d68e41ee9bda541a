"""Local paths named by Azure ML v2 specs must exist relative to the file, as the SDK requires at load time.

Checked: ``code`` (jobs, sweep trials, components, pipeline nodes, deployments' ``code_configuration``),
``conda_file`` and ``build.path`` (environments, inline or not), ``component: ./x.yml`` (pipeline nodes, schedules'
and batch deployments' references), model ``path`` (model assets, inline models). Remote references
(``azureml:``, ``https://``, ``wasbs://``, ``git+...``) and templated values (``${{...}}``) are not local paths.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

from speclift.findings import Finding
from speclift.pointer import escape
from speclift.validation.rules import RuleContext

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")  # two letters or more: "C:" stays a Windows drive


def check(context: RuleContext) -> Iterator[Finding]:
    data = context.document.data
    if not isinstance(data, dict):
        return
    name = context.spec.id.rsplit("/", 1)[1]
    for pointer, value, what in local_paths(data, name):
        target = local(value)
        if target is None:
            continue
        resolved = os.path.normpath(os.path.join(context.base_dir, target))
        if not os.path.exists(resolved):
            yield context.finding(
                "SL204",
                f"{what} {value!r} does not exist (looked for {_shown(resolved)})",
                pointer,
                hint="paths are relative to the YAML file; use --no-check-paths when validating outside the repository",
            )


def _shown(path: str) -> str:
    """Relative to the working folder, as the user typed their paths; absolute when that is shorter or impossible."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return relative if len(relative) <= len(path) else path


def local(value: Any) -> str | None:
    """The local path ``value`` names, or None when it names none (a remote reference, a template, not text)."""
    if not isinstance(value, str) or not value.strip() or "${{" in value or "{{" in value:
        return None
    if value.startswith("file:"):
        return value[len("file:") :]
    if _SCHEME.match(value):
        return None
    return value


def local_paths(data: dict[str, Any], name: str, pointer: str = "") -> Iterator[tuple[str, Any, str]]:
    """(pointer, value, description) of every value of ``data`` that the SDK resolves as a local path; ``name`` is
    the spec type's last part (``command-job``, ``environment``, ``model``)."""
    if "code" in data:
        yield f"{pointer}/code", data["code"], "code path"
    yield from _environment(data.get("environment"), f"{pointer}/environment")
    if name == "environment":
        yield from _environment(data, pointer)
    trial = data.get("trial")
    if isinstance(trial, dict):
        yield from local_paths(trial, "trial", f"{pointer}/trial")
    config = data.get("code_configuration")
    if isinstance(config, dict) and "code" in config:
        yield f"{pointer}/code_configuration/code", config["code"], "code path"
    if name == "model" and "path" in data:
        yield f"{pointer}/path", data["path"], "model path"
    model = data.get("model")
    if isinstance(model, dict) and "path" in model:
        yield f"{pointer}/model/path", model["path"], "model path"
    component = data.get("component")
    if isinstance(component, str):
        yield f"{pointer}/component", component, "component file"
    elif isinstance(component, dict):
        yield from local_paths(component, "component", f"{pointer}/component")
    create_job = data.get("create_job")
    if isinstance(create_job, str):
        yield f"{pointer}/create_job", create_job, "job file"
    elif isinstance(create_job, dict):
        yield from local_paths(create_job, "job", f"{pointer}/create_job")
    jobs = data.get("jobs")
    if isinstance(jobs, dict):
        for node_name, node in jobs.items():
            if isinstance(node, dict):
                yield from local_paths(node, "node", f"{pointer}/jobs/{escape(str(node_name))}")


def _environment(env: Any, pointer: str) -> Iterator[tuple[str, Any, str]]:
    if not isinstance(env, dict):
        return
    if isinstance(env.get("conda_file"), str):
        yield f"{pointer}/conda_file", env["conda_file"], "conda file"
    build = env.get("build")
    if isinstance(build, dict) and "path" in build:
        yield f"{pointer}/build/path", build["path"], "build context"
