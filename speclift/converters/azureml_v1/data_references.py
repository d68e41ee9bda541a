"""Run-configuration data references (``dataReferences``, ``data``, ``outputData``) -> v2 job inputs and outputs.
A v1 dataset definition file converted on its own is :mod:`.dataset`.

API: :func:`convert_data_references` fills ``inputs``/``outputs`` (name -> v2 entry) from the normalised run configuration held by
a :class:`~speclift.converters.azureml_v1.keys.Recorder` and returns the placeholder map used to rewrite arguments
(``DatasetConsumptionConfig:<n>``, ``DatasetOutputConfig:<n>``, ``$AZUREML_DATAREFERENCE_<n>`` -> ``${{inputs.n}}``
or ``${{outputs.n}}``). Names are the user's own (the v1 SDK camel-cased them; speclift keeps them as written and
only makes them valid v2 names).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from speclift.converters.azureml_v1.keys import Recorder, to_camel_case
from speclift.pointer import join

INPUT_MODES = {"mount": "ro_mount", "download": "download", "direct": "direct"}  # v1 mode -> v2 input mode
_OUT_MODES = {"mount": "rw_mount", "upload": "upload"}
_VALID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PATH_ON_COMPUTE = "v2 chooses where data is mounted; the job gets the path through its binding"


def datastore_path(datastore: Any, path: Any) -> str:
    relative = str(path or "").strip("/")
    return f"azureml://datastores/{datastore}/paths/{relative}"


def valid_name(name: str) -> str:
    clean = re.sub(r"[^A-Za-z0-9_]", "_", name)
    return clean if _VALID.match(clean) else "_" + clean


def _empty(value: Any) -> bool:
    """Unset, false or made only of such values (v1's defaults)."""
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    if isinstance(value, list):
        return not value
    return value is None or value == "" or value is False


@dataclass(frozen=True, slots=True)
class _Job:
    """Where the sections' entries go: the job's ``inputs`` and ``outputs`` (name -> v2 entry), and the options."""

    recorder: Recorder
    options: Mapping[str, Any]
    inputs: dict[str, Any]
    outputs: dict[str, Any]


def convert_data_references(
    recorder: Recorder, options: Mapping[str, Any], inputs: dict[str, Any], outputs: dict[str, Any]
) -> dict[str, str]:
    """Convert the three sections; returns placeholder -> binding for the arguments."""
    bindings: dict[str, str] = {}
    job = _Job(recorder, options, inputs, outputs)
    data = recorder.view.data
    for section, convert_entry in _SECTIONS.items():
        entries = data.get(section)
        pointer = join("", section)
        if not isinstance(entries, dict) or not entries:
            if section in data:
                recorder.mapped(pointer, None)
            continue
        for name, entry in entries.items():
            sub = join(pointer, name)
            new = valid_name(str(name))
            if new != name:
                recorder.finding("SL401", f"{name!r} is not a valid v2 input or output name; it became {new!r}", sub)
            elif to_camel_case(str(name)) != name:
                recorder.finding(
                    "SL401",
                    f"the v1 SDK renamed {name!r} to {to_camel_case(str(name))!r}; the output keeps the name as written",
                    sub,
                )
            if not isinstance(entry, dict):
                recorder.dropped(sub, f"{section}.{name} is not a mapping; the SDK cannot read it")
                continue
            kind = convert_entry(job, sub, entry, new)
            if kind == "inputs":
                bindings[f"DatasetConsumptionConfig:{name}"] = f"${{{{inputs.{new}}}}}"
            else:
                bindings[f"DatasetOutputConfig:{name}"] = f"${{{{outputs.{new}}}}}"
            for spelled in {str(name), to_camel_case(str(name))}:
                bindings[f"$AZUREML_DATAREFERENCE_{spelled}"] = f"${{{{{kind}.{new}}}}}"
    return bindings


def _reference(job: _Job, pointer: str, entry: dict[str, Any], name: str) -> str:
    """A ``dataReferences`` entry: an input, or an output when its mode is upload."""
    recorder = job.recorder
    mode = str(entry.get("mode") or "mount").lower()
    kind = "outputs" if mode == "upload" else "inputs"
    base = f"/{kind}/{name}"
    item: dict[str, Any] = {"type": "uri_folder" if kind == "outputs" else job.options["data-reference-type"]}
    item["path"] = datastore_path(entry.get("dataStoreName"), entry.get("pathOnDataStore"))
    item["mode"] = "upload" if kind == "outputs" else INPUT_MODES.get(mode, "ro_mount")
    for key, value in entry.items():
        sub = join(pointer, key)
        if key in ("dataStoreName", "pathOnDataStore"):
            recorder.transformed(sub, base + "/path", "as an azureml://datastores URI")
        elif key == "mode":
            if mode in INPUT_MODES or mode == "upload":
                recorder.transformed(sub, base + "/mode", "v1 mount/download/upload -> v2 ro_mount/download/upload")
            else:
                recorder.approximated(sub, base + "/mode", f"mode {value!r} has no v2 counterpart; ro_mount is used")
        elif key == "pathOnCompute" and not _empty(value):
            recorder.dropped(sub, _PATH_ON_COMPUTE)
        elif key == "overwrite" and value is True:
            recorder.dropped(sub, "v2 outputs have no overwrite switch")
        else:
            _leftover(recorder, sub, value, f"dataReferences.*.{key} has no v2 equivalent")
    if kind == "inputs":
        recorder.finding(
            "SL401",
            f"v1 does not say whether the data reference is a file or a folder; it became {item['type']}",
            pointer,
            hint="set --option data-reference-type=uri_file for files",
        )
        job.inputs[name] = item
    else:
        job.outputs[name] = item
    return kind


def _location(recorder: Recorder, pointer: str, location: Any, target: str) -> tuple[str, str] | None:
    """(path, type) of a v1 DataLocation."""
    if not isinstance(location, dict):
        return None
    result: tuple[str, str] | None = None
    for key, value in location.items():
        sub = join(pointer, key)
        if key == "dataset" and isinstance(value, dict) and (value.get("name") or value.get("id")):
            if value.get("name"):
                version = value.get("version")
                path = f"azureml:{value['name']}:{version}" if version not in (None, "") else f"azureml:{value['name']}@latest"
                recorder.approximated(
                    sub,
                    target,
                    "a v1 dataset became a data asset reference read as uri_folder (a FileDataset)",
                    hint="use type mltable for a TabularDataset",
                )
            else:
                path = f"azureml:{value['id']}@latest"
                recorder.approximated(sub, target, "v1 names the dataset by id only; put the data asset's name in the path")
            result = (path, "uri_folder")
        elif key == "dataPath" and isinstance(value, dict) and value.get("datastoreName"):
            result = (datastore_path(value.get("datastoreName"), value.get("relativePath")), "uri_folder")
            recorder.transformed(sub, target, "as an azureml://datastores URI")
        elif key == "uri" and isinstance(value, dict) and value.get("path"):
            result = (str(value["path"]), "uri_file" if value.get("isFile") else "uri_folder")
            recorder.transformed(sub, target, "the URI itself")
        else:
            _leftover(recorder, sub, value, f"data location {key} has no v2 equivalent")
    return result


def _data(job: _Job, pointer: str, entry: dict[str, Any], name: str) -> str:
    """A ``data`` entry: an input whose path and type come from its data location."""
    recorder, base = job.recorder, f"/inputs/{name}"
    found = _location(recorder, join(pointer, "dataLocation"), entry.get("dataLocation"), base + "/path")
    if not found:
        recorder.finding("SL401", "no data location: the input has no path and must be given at submission", pointer)
    mechanism = _mechanism(entry)
    item = _item(found[1] if found else "uri_folder", found, INPUT_MODES.get(mechanism, "ro_mount"))
    for key, value, sub in _other_keys(recorder, pointer, entry, "dataLocation", found):
        if key == "mechanism":
            if mechanism in INPUT_MODES:
                recorder.transformed(sub, base + "/mode", "v1 mechanism -> v2 mode")
            else:
                recorder.approximated(sub, base + "/mode", f"mechanism {value!r} has no v2 mode; ro_mount is used")
        elif key == "environmentVariableName" and value not in (None, "", f"AZUREML_DATAREFERENCE_{name}"):
            recorder.dropped(sub, "v2 passes the input's path through ${{inputs." + name + "}}, not a variable")
        elif key == "pathOnCompute" and not _empty(value):
            recorder.dropped(sub, _PATH_ON_COMPUTE)
        elif key == "environmentVariableName":
            recorder.mapped(sub, None)  # the variable v1 set anyway
        else:
            _leftover(recorder, sub, value, f"data.*.{key} has no v2 equivalent")
    job.inputs[name] = item
    return "inputs"


def _output(job: _Job, pointer: str, entry: dict[str, Any], name: str) -> str:
    """An ``outputData`` entry: an output folder, written where its output location says."""
    recorder, base = job.recorder, f"/outputs/{name}"
    found = _location(recorder, join(pointer, "outputLocation"), entry.get("outputLocation"), base + "/path")
    item = _item("uri_folder", found, _OUT_MODES.get(_mechanism(entry), "rw_mount"))
    for key, value, sub in _other_keys(recorder, pointer, entry, "outputLocation", found):
        if key == "mechanism":
            recorder.transformed(sub, base + "/mode", "v1 mount/upload -> v2 rw_mount/upload")
        elif key == "additionalOptions" and isinstance(value, dict):
            _additional_options(recorder, sub, value, item, base)
        else:
            _leftover(recorder, sub, value, f"outputData.*.{key} has no v2 equivalent")
    job.outputs[name] = item
    return "outputs"


def _additional_options(recorder: Recorder, pointer: str, options: dict[str, Any], item: dict[str, Any], base: str) -> None:
    """An output's registration name becomes the v2 output's ``name``; its other options have no v2 field."""
    registration = options.get("registrationOptions")
    for key, value in options.items():
        sub = join(pointer, key)
        if key == "registrationOptions" and isinstance(registration, dict) and registration.get("name"):
            item["name"] = str(registration["name"])
            recorder.mapped(join(sub, "name"), base + "/name")
            for rkey, rvalue in registration.items():
                if rkey != "name":
                    _leftover(recorder, join(sub, rkey), rvalue, f"registration {rkey} has no v2 output field")
        else:
            _leftover(recorder, sub, value, f"outputData.*.additionalOptions.{key} has no v2 equivalent")


def _mechanism(entry: dict[str, Any]) -> str:
    return str(entry.get("mechanism") or "mount").lower()


def _item(kind: str, found: tuple[str, str] | None, mode: str) -> dict[str, Any]:
    """A v2 input or output: its type, the path its data location gave (if any), its mode."""
    item: dict[str, Any] = {"type": kind}
    if found:
        item["path"] = found[0]
    item["mode"] = mode
    return item


def _other_keys(
    recorder: Recorder, pointer: str, entry: dict[str, Any], location: str, found: tuple[str, str] | None
) -> Iterator[tuple[str, Any, str]]:
    """(key, value, pointer) of the entry's keys but its data location, whose keys :func:`_location` recorded (a
    location that gave no path is recorded here, as leading nowhere)."""
    for key, value in entry.items():
        sub = join(pointer, key)
        if key != location:
            yield key, value, sub
        elif not found:
            recorder.mapped(sub, None)


def _leftover(recorder: Recorder, pointer: str, value: Any, no_equivalent: str) -> None:
    """A key no v2 field takes: unset (v1's default), it loses nothing; set, it is dropped with ``no_equivalent``."""
    if _empty(value):
        recorder.mapped(pointer, None)
    else:
        recorder.dropped(pointer, no_equivalent)


_SECTIONS: dict[str, Callable[[_Job, str, dict[str, Any], str], str]] = {
    "dataReferences": _reference,
    "data": _data,
    "outputData": _output,
}  # section -> its entries' converter, which returns where the entry went ("inputs" or "outputs")
