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
from collections.abc import Mapping
from typing import Any

from speclift.converters.azureml_v1.keys import Recorder, to_camel_case
from speclift.pointer import join

INPUT_MODES = {"mount": "ro_mount", "download": "download", "direct": "direct"}  # v1 mode -> v2 input mode
_OUT_MODES = {"mount": "rw_mount", "upload": "upload"}
_VALID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


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


def convert_data_references(
    recorder: Recorder, options: Mapping[str, Any], inputs: dict[str, Any], outputs: dict[str, Any]
) -> dict[str, str]:
    """Convert the three sections; returns placeholder -> binding for the arguments."""
    bindings: dict[str, str] = {}
    data = recorder.view.data
    for section in ("dataReferences", "data", "outputData"):
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
            if section == "dataReferences":
                kind = _reference(recorder, sub, entry, options, new, inputs, outputs)
            elif section == "data":
                kind = _data(recorder, sub, entry, new, inputs)
            else:
                kind = _output(recorder, sub, entry, new, outputs)
            if kind == "inputs":
                bindings[f"DatasetConsumptionConfig:{name}"] = f"${{{{inputs.{new}}}}}"
            else:
                bindings[f"DatasetOutputConfig:{name}"] = f"${{{{outputs.{new}}}}}"
            for spelled in {str(name), to_camel_case(str(name))}:
                bindings[f"$AZUREML_DATAREFERENCE_{spelled}"] = f"${{{{{kind}.{new}}}}}"
    return bindings


def _reference(
    recorder: Recorder,
    pointer: str,
    entry: dict[str, Any],
    options: Mapping[str, Any],
    name: str,
    inputs: dict[str, Any],
    outputs: dict[str, Any],
) -> str:
    mode = str(entry.get("mode") or "mount").lower()
    kind = "outputs" if mode == "upload" else "inputs"
    base = f"/{kind}/{name}"
    item: dict[str, Any] = {"type": "uri_folder" if kind == "outputs" else options["data-reference-type"]}
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
            recorder.dropped(sub, "v2 chooses where data is mounted; the job gets the path through its binding")
        elif key == "overwrite" and value is True:
            recorder.dropped(sub, "v2 outputs have no overwrite switch")
        elif _empty(value):
            recorder.mapped(sub, None)
        else:
            recorder.dropped(sub, f"dataReferences.*.{key} has no v2 equivalent")
    if kind == "inputs":
        recorder.finding(
            "SL401",
            f"v1 does not say whether the data reference is a file or a folder; it became {item['type']}",
            pointer,
            hint="set --option data-reference-type=uri_file for files",
        )
        inputs[name] = item
    else:
        outputs[name] = item
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
        elif _empty(value):
            recorder.mapped(sub, None)
        else:
            recorder.dropped(sub, f"data location {key} has no v2 equivalent")
    return result


def _data(recorder: Recorder, pointer: str, entry: dict[str, Any], name: str, inputs: dict[str, Any]) -> str:
    base = f"/inputs/{name}"
    found = _location(recorder, join(pointer, "dataLocation"), entry.get("dataLocation"), base + "/path")
    item: dict[str, Any] = {"type": found[1] if found else "uri_folder"}
    if found:
        item["path"] = found[0]
    else:
        recorder.finding("SL401", "no data location: the input has no path and must be given at submission", pointer)
    mechanism = str(entry.get("mechanism") or "mount").lower()
    item["mode"] = INPUT_MODES.get(mechanism, "ro_mount")
    for key, value in entry.items():
        sub = join(pointer, key)
        if key == "dataLocation":
            if not found:
                recorder.mapped(sub, None)
        elif key == "mechanism":
            if mechanism in INPUT_MODES:
                recorder.transformed(sub, base + "/mode", "v1 mechanism -> v2 mode")
            else:
                recorder.approximated(sub, base + "/mode", f"mechanism {value!r} has no v2 mode; ro_mount is used")
        elif key == "environmentVariableName" and value not in (None, "", f"AZUREML_DATAREFERENCE_{name}"):
            recorder.dropped(sub, "v2 passes the input's path through ${{inputs." + name + "}}, not a variable")
        elif key == "pathOnCompute" and not _empty(value):
            recorder.dropped(sub, "v2 chooses where data is mounted; the job gets the path through its binding")
        elif _empty(value) or key == "environmentVariableName":
            recorder.mapped(sub, None)
        else:
            recorder.dropped(sub, f"data.*.{key} has no v2 equivalent")
    inputs[name] = item
    return "inputs"


def _output(recorder: Recorder, pointer: str, entry: dict[str, Any], name: str, outputs: dict[str, Any]) -> str:
    base = f"/outputs/{name}"
    found = _location(recorder, join(pointer, "outputLocation"), entry.get("outputLocation"), base + "/path")
    item: dict[str, Any] = {"type": "uri_folder"}
    if found:
        item["path"] = found[0]
    mechanism = str(entry.get("mechanism") or "mount").lower()
    item["mode"] = _OUT_MODES.get(mechanism, "rw_mount")
    for key, value in entry.items():
        sub = join(pointer, key)
        if key == "outputLocation":
            if not found:
                recorder.mapped(sub, None)
        elif key == "mechanism":
            recorder.transformed(sub, base + "/mode", "v1 mount/upload -> v2 rw_mount/upload")
        elif key == "additionalOptions" and isinstance(value, dict):
            registration = value.get("registrationOptions")
            for okey, ovalue in value.items():
                osub = join(sub, okey)
                if okey == "registrationOptions" and isinstance(registration, dict) and registration.get("name"):
                    item["name"] = str(registration["name"])
                    recorder.mapped(join(osub, "name"), base + "/name")
                    for rkey, rvalue in registration.items():
                        if rkey != "name":
                            if _empty(rvalue):
                                recorder.mapped(join(osub, rkey), None)
                            else:
                                recorder.dropped(join(osub, rkey), f"registration {rkey} has no v2 output field")
                elif _empty(ovalue):
                    recorder.mapped(osub, None)
                else:
                    recorder.dropped(osub, f"outputData.*.additionalOptions.{okey} has no v2 equivalent")
        elif _empty(value):
            recorder.mapped(sub, None)
        else:
            recorder.dropped(sub, f"outputData.*.{key} has no v2 equivalent")
    outputs[name] = item
    return "outputs"
