"""The v1 judge's pipeline and schedule readers (see official_azureml_v1.py). Runs inside .venvs/azureml1."""

from __future__ import annotations

import os
from typing import Any

from v1_sdk_common import STOOD_IN, RunConfiguration, _plain, environment_values, ruamelyaml, sdk_dict

# --------------------------------------------------------------------------------------------------- pipelines


def _stand_in_workspace(notes: list[str]) -> None:
    """Patch the look-ups the pipeline parser makes against a workspace; each use is noted."""
    from azureml.data.abstract_datastore import AbstractDatastore
    from azureml.pipeline.core import _pipeline_yaml_parser as parser

    class _Datastore(AbstractDatastore):  # type: ignore[misc]
        def __new__(cls, workspace: Any = None, name: str | None = None) -> Any:
            notes.append(f"datastore {name} stood in (no workspace)")
            store = AbstractDatastore.__new__(cls)
            AbstractDatastore.__init__(store, workspace, name, "AzureBlob")
            return store

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            pass

    class _Dataset:
        @staticmethod
        def get_by_name(workspace: Any = None, name: str = "", **_: Any) -> Any:
            notes.append(f"dataset {name} stood in (no workspace)")
            from azureml.data._dataset import _DatasetRegistration
            from azureml.data.file_dataset import FileDataset

            registration = _DatasetRegistration(workspace=None, saved_id=None, name=name, version=None)
            return FileDataset._create(None, registration=registration)

        @staticmethod
        def get_by_id(workspace: Any = None, id: str = "", **_: Any) -> Any:
            return _Dataset.get_by_name(workspace, id)

    def _runconfig(path: str, name: str | None = None) -> Any:
        if os.path.exists(path):
            return RunConfiguration.load(path, name)
        notes.append(f"run configuration {path} missing from the tree: RunConfiguration() stood in")
        config = RunConfiguration()
        STOOD_IN.add(id(config))
        return config

    class _RunConfiguration(RunConfiguration):  # type: ignore[misc]
        load = staticmethod(_runconfig)

    parser.Datastore = _Datastore
    parser.Dataset = _Dataset
    parser.RunConfiguration = _RunConfiguration


def _binding(obj: Any) -> Any:
    """What a step input or output is bound to, as plain values."""
    name = type(obj).__name__
    if name == "PipelineData" or name == "PipelineOutputFileDataset":
        data = (getattr(obj, "_pipeline_output_dataset", None) and obj._pipeline_output_dataset) or obj
        return {
            "kind": "PipelineData",
            "name": getattr(obj, "name", None) or getattr(data, "name", None),
            "output_name": getattr(data, "_output_name", None),
            "mode": getattr(data, "_output_mode", None),
            "path_on_compute": getattr(data, "_output_path_on_compute", None),
            "overwrite": getattr(data, "_output_overwrite", None),
        }
    if name == "InputPortBinding":
        bound = _binding(obj.bind_object)
        bound.update({"bind_mode": obj.bind_mode, "path_on_compute": obj.path_on_compute, "overwrite": obj.overwrite})
        bound["input_name"] = obj.name
        return bound
    if name == "DataReference":
        return {
            "kind": "DataReference",
            "name": obj.data_reference_name,
            "datastore": getattr(obj.datastore, "name", None),
            "path_on_datastore": obj.path_on_datastore,
            "mode": obj.mode,
            "path_on_compute": obj.path_on_compute,
            "overwrite": obj.overwrite,
        }
    if name == "PipelineParameter":
        return {"kind": "PipelineParameter", "name": obj.name, "default": _plain(obj.default_value)}
    if name == "PipelineDataset":
        return {"kind": "PipelineDataset", "name": obj.name, "dataset": _plain(getattr(obj.dataset, "name", None))}
    return {"kind": name, "repr": str(obj)}


def _step_values(step: Any, base: str) -> dict[str, Any]:
    values: dict[str, Any] = {"type": type(step).__name__, "name": step.name}
    for attr in ("_script_name", "_source_directory", "_allow_reuse", "_compute_target", "_version"):
        if hasattr(step, attr):
            values[attr.lstrip("_")] = _plain(getattr(step, attr))
    params = getattr(step, "_params", None) or {}
    values["params"] = {k: _binding(v) if type(v).__name__ == "PipelineParameter" else _plain(v) for k, v in params.items()}
    values["arguments"] = [_binding(a) if not isinstance(a, (str, int, float)) else a for a in (step._arguments or [])]
    values["inputs"] = [_binding(i) for i in (step._inputs or [])]
    values["outputs"] = [_binding(o) for o in (step._outputs or [])]
    runconfig = getattr(step, "_runconfig", None)
    values["runconfig"] = (
        {**sdk_dict(runconfig), "environment": environment_values(runconfig.environment, base)} if runconfig is not None else None
    )
    values["runconfig_stood_in"] = id(runconfig) in STOOD_IN
    prc = getattr(step, "_parallel_run_config", None)
    if prc is not None:
        values["parallel_run_config"] = {
            k: _plain(v) for k, v in vars(prc).items() if not k.startswith("_") and k != "environment"
        }
    return values


def read_pipeline(path: str) -> tuple[dict[str, Any], list[str]]:
    from azureml.pipeline.core._pipeline_yaml_parser import _PipelineYamlParser

    notes: list[str] = ["parsed by _PipelineYamlParser.load_yaml (the layer under Pipeline.load_yaml), workspace None"]
    _stand_in_workspace(notes)
    folder = os.path.dirname(os.path.abspath(path))
    here = os.getcwd()
    os.chdir(folder)  # the CLI's working folder: runconfig and parallel_run_config paths resolve against it
    try:
        steps, description = _PipelineYamlParser.load_yaml(None, os.path.basename(path))
        with open(os.path.basename(path)) as stream:
            section = ruamelyaml.safe_load(stream)["pipeline"]
        keys = list(section.get("steps") or {})  # the parser returns one object per step, in the file's order
        return {
            "description": _plain(description),
            "default_compute": _plain(section.get("default_compute")),
            "steps": {key: _step_values(step, folder) for key, step in zip(keys, steps, strict=False) if step is not None},
        }, notes
    finally:
        os.chdir(here)


def read_schedule(path: str) -> tuple[dict[str, Any], list[str]]:
    from azureml.pipeline.core.schedule import Schedule

    notes = ["Schedule.load_yaml (az ml pipeline create-schedule -y)"]
    try:
        extract = Schedule.load_yaml(None, path)
    except KeyError as exc:
        # load_yaml indexes every recurrence key (its docs' template writes them all, `~` when unused): a file that
        # leaves one out fails there; read it again with the missing keys as that template's null
        with open(path) as stream:
            doc = ruamelyaml.round_trip_load(stream)
        recurrence = doc["Schedule"].get("recurrence") or {}
        missing = [
            k
            for k in ("frequency", "interval", "start_time", "time_zone", "hours", "minutes", "time_of_day", "week_days")
            if k not in recurrence
        ]
        for key in missing:
            recurrence[key] = None
        patched = path + ".v1-judge.yml"
        with open(patched, "w") as stream:
            ruamelyaml.round_trip_dump(doc, stream)
        try:
            extract = Schedule.load_yaml(None, patched)
        finally:
            os.remove(patched)
        notes.append(f"load_yaml raised KeyError {exc}; read again with {', '.join(missing)} as null")
    values: dict[str, Any] = {}
    for key, value in extract.items():
        if key == "recurrence" and value is not None:
            values[key] = {k: _plain(v) for k, v in vars(value).items()}
        else:
            values[key] = _plain(value)
    return values, notes
