"""azure-ai-ml on the outputs of converting ML Studio (classic) graphs: the verdict, and what each file means once loaded.

Runs inside .venvs/azureml (requirements-azureml.txt) next to official_azureml.py, whose loader choice and verdict
(``load_*`` + ``_validate()``) it shares; it never imports speclift. Each file is loaded where it was written, so a
pipeline's ``component: ./x-pipeline/components/y.yml``, a component's ``code: ../code`` and ``conda_file`` resolve
in situ.

    python studio_azureml.py --list LIST     # one `path<TAB>hint` a line; "-" reads standard input

Output: one JSON object per line, in input order: the verdict ``{"file", "ok", "loader", "error"}`` plus
``effective``, what azure-ai-ml holds after loading (null when the load failed):

- pipeline job: ``settings.default_compute``; ``inputs`` as the job's REST payload carries them (``_to_rest_object()``,
  what ``az ml job create`` sends: ``{"value": "0.7", "jobInputType": "literal"}`` or ``{"uri": ..., "jobInputType":
  "uri_file"}``), ``declared_inputs`` as the file gives them (the SDK leaves an empty one out of the payload);
  ``outputs`` (type); ``jobs``: per node, the component's file (``_source_path``), its command, inputs
  (type, default, optional) and outputs, and the node's bindings (the text it gives each input and output);
- command component: name, version, command, tags, ``is_deterministic``, the code folder and conda file (absolute),
  inputs (type, default, optional), outputs (type);
- online endpoint / deployment: name, endpoint name, model, code folder (absolute) and scoring script.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import official_azureml as oaz
from oracle import answer_list, plain, short_error


def judge(path: str, hint: str | None) -> dict[str, Any]:
    result = oaz.check(path, hint)
    result["effective"] = None
    if result["ok"]:
        try:
            result["effective"] = _effective(path, result["loader"])
        except (Exception, SystemExit) as exc:  # a refusal az ml would meet on create (the REST payload)
            result["ok"] = False
            result["error"] = short_error(exc)
    return result


def _effective(path: str, loader: str) -> dict[str, Any] | None:
    func, needs_endpoint = oaz.LOADERS[loader]
    with open(path, encoding="utf-8") as fh:
        doc = oaz.yaml.safe_load(fh)
    kwargs: dict[str, Any] = {}
    if needs_endpoint and not (isinstance(doc, dict) and doc.get("endpoint_name")):  # as official_azureml.check
        kwargs["params_override"] = [{"endpoint_name": oaz.ENDPOINT_NAME}]
    entity = func(path, **kwargs)
    if loader == "load_job":
        return _pipeline(entity)
    if loader == "load_component":
        return _component(entity)
    if loader == "load_online_endpoint":
        return {"name": entity.name, "auth_mode": plain(entity.auth_mode)}
    if loader == "load_online_deployment":
        code = entity.code_configuration
        base = str(getattr(entity, "base_path", "") or os.path.dirname(path))
        return {
            "name": entity.name,
            "endpoint_name": entity.endpoint_name,
            "model": plain(entity.model)
            if isinstance(entity.model, str)
            else getattr(entity.model, "id", None) or str(entity.model),
            "code": _absolute(base, code.code) if code is not None else None,
            "scoring_script": code.scoring_script if code is not None else None,
        }
    return None


def _pipeline(job: Any) -> dict[str, Any]:
    rest = job._to_rest_object().as_dict().get("properties", {})  # what `az ml job create` sends
    jobs: dict[str, Any] = {}
    for name, node in job.jobs.items():
        component = node.component
        source = getattr(component, "_source_path", None)
        jobs[name] = {
            "type": node.type,
            "component": str(source) if source else None,
            "command": getattr(component, "command", None),
            "component_inputs": _ports(getattr(component, "inputs", {}) or {}),
            "component_outputs": {k: {"type": v.type} for k, v in (getattr(component, "outputs", {}) or {}).items()},
            "inputs": {k: _binding(v) for k, v in node.inputs.items()},
            "outputs": {k: _binding(v) for k, v in node.outputs.items()},
        }
    settings = job.settings
    return {
        "default_compute": getattr(settings, "default_compute", None) if settings is not None else None,
        "compute": job.compute,
        "inputs": plain(rest.get("inputs") or {}),
        "declared_inputs": {k: _binding(v) for k, v in (job.inputs or {}).items()},
        "outputs": {k: {"type": getattr(v, "type", None)} for k, v in (job.outputs or {}).items()},
        "jobs": jobs,
    }


def _component(component: Any) -> dict[str, Any]:
    base = str(component.base_path)
    environment = component.environment
    conda = getattr(environment, "conda_file_path", None)
    return {
        "name": component.name,
        "version": component.version,
        "command": component.command,
        "tags": plain(component.tags or {}),
        "is_deterministic": component.is_deterministic,
        "code": _absolute(base, component.code) if isinstance(component.code, str) else None,
        "conda_file": str(conda) if conda else None,
        "image": getattr(environment, "image", None),
        "inputs": _ports(component.inputs or {}),
        "outputs": {k: {"type": v.type} for k, v in (component.outputs or {}).items()},
    }


def _ports(inputs: Any) -> dict[str, Any]:
    return {k: {"type": v.type, "default": plain(v.default), "optional": bool(v.optional)} for k, v in inputs.items()}


def _binding(port: Any) -> Any:
    """The text a node gives an input or output (a ``${{parent...}}`` binding or a literal), None when unbound."""
    data = getattr(port, "_data", None)
    if data is None or isinstance(data, (str, int, float, bool)):
        return data
    return plain({"type": getattr(data, "type", None), "path": getattr(data, "path", None)})


def _absolute(base: str, path: Any) -> str | None:
    if not isinstance(path, str):
        return None
    return os.path.normpath(path if os.path.isabs(path) else os.path.join(base, path))


def main(argv: list[str] | None = None) -> int:
    return answer_list(argv, __doc__.split("\n\n")[0], judge, "path<TAB>hint")


if __name__ == "__main__":
    sys.exit(main())
