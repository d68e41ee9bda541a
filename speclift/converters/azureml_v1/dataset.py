"""Azure ML v1 dataset definitions (``az ml dataset register -f``) -> a v2 data asset.

A ``File`` dataset becomes a ``uri_folder`` (or ``uri_file`` when the path names one file) on
``azureml://datastores/<datastore>/paths/<path>``. A ``Tabular`` dataset becomes an ``mltable`` data asset plus its
``MLTable`` file: a companion output written to ``<stem>.mltable/MLTable`` in the output's folder (the name
``MLTable`` is fixed by Azure ML), which the data asset's ``path`` names; its ``paths`` point at the v1 files on the
datastore and its ``transformations`` say how to read them (``read_delimited``, ``read_parquet``,
``read_json_lines``). SQL datasets have no v2 data asset and are refused (SL404).

Before (v1)::

    {"schemaVersion": 1, "datasetType": "Tabular",
     "parameters": {"path": [{"datastoreName": "workspaceblobstore", "relativePath": "diabetes/*.csv"}],
                    "sourceType": "delimited_files", "separator": ",", "header": true},
     "registration": {"name": "diabetes", "description": "Diabetes rows"}}

After (``diabetes.yml`` and ``diabetes.mltable/MLTable``)::

    $schema: https://azuremlschemas.azureedge.net/latest/data.schema.json
    name: diabetes
    description: Diabetes rows
    type: mltable
    path: diabetes.mltable
    ---
    paths:
      - pattern: azureml://datastores/workspaceblobstore/paths/diabetes/*.csv
    transformations:
      - read_delimited: {delimiter: ',', header: all_files_same_headers}

Codes: SL401 approximated, SL402 no equivalent, SL404 cannot convert.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from speclift.conversion import Conversion, ConversionBuilder, ConvertContext
from speclift.converters import Option
from speclift.converters.azureml_v1.keys import Recorder, normalise
from speclift.converters.azureml_v1.suspicious import report_suspicious
from speclift.pointer import join
from speclift.yamlio import Document

SOURCE = "azureml/v1/dataset"
TARGETS = ("azureml/v2/data",)
OPTIONS: dict[str, Option] = {}
SCHEMA = "https://azuremlschemas.azureedge.net/latest/data.schema.json"
_READERS = {"delimited_files": "read_delimited", "parquet_files": "read_parquet", "json_lines_files": "read_json_lines"}
# MLTable header behaviour <- how v1 spelled it (true/false, or a PromoteHeadersBehavior name).
_HEADER_SPELLINGS = {
    "all_files_same_headers": ("true", "all_files_have_same_headers"),
    "no_header": ("false", "no_headers"),
    "from_first_file": ("only_first_file_has_headers",),
    "all_files_different_headers": ("combine_all_files_headers",),
}
_HEADERS = {v1: header for header, spellings in _HEADER_SPELLINGS.items() for v1 in spellings}
_GLOB = re.compile(r"[*?\[]")
_MLTABLE = 1  # the index of the MLTable output


def convert(document: Document, path: str, options: Mapping[str, Any], context: ConvertContext) -> Conversion:
    builder = ConversionBuilder(document, path, SOURCE)
    data = document.data if isinstance(document.data, dict) else {}
    recorder = Recorder(builder, normalise(data, camel=False, user_names=(), verbatim=("tags",)), document, path)
    report_suspicious(recorder)
    kind = str(data.get("datasetType") or "").lower()
    parameters: dict[str, Any] = data["parameters"] if isinstance(data.get("parameters"), dict) else {}
    source_type = str(parameters.get("sourceType") or "").lower()
    problem = None
    if kind not in ("file", "tabular"):
        problem = "datasetType must be File or Tabular", "/datasetType" if "datasetType" in data else ""
    elif source_type == "sql_query" or parameters.get("query"):
        problem = "SQL query datasets have no v2 data asset: v2 has no database datastores", "/parameters/sourceType"
    elif not _paths(parameters):
        problem = "the dataset names no path (parameters.path)", "/parameters"
    if problem:
        return builder.refuse(problem[0], problem[1], hint="register the data from its files instead")
    asset: dict[str, Any] = {"$schema": SCHEMA}
    _registration(recorder, data, asset, path)
    recorder.mapped("/datasetType", "/type")
    if "schemaVersion" in data:
        recorder.mapped("/schemaVersion", None)
    if kind == "file":
        _file(recorder, parameters, asset)
        builder.output("azureml/v2/data", asset)
    else:
        stem = os.path.splitext(os.path.basename(path))[0]
        folder = f"{stem}.mltable"
        asset["type"] = "mltable"
        asset["path"] = folder
        table = _table(recorder, data, parameters)
        recorder.finding(
            "SL401",
            f"a Tabular dataset became an mltable data asset with its MLTable file ({folder}/MLTable, next to the "
            "data asset): keep them together; consumers read the table with the mltable package",
            "/datasetType",
        )
        builder.output("azureml/v2/data", asset)
        builder.output("mltable", table, "mltable", f"{folder}/MLTable")
    for key in data:
        if not recorder.covered(join("", key)) and key not in ("parameters", "registration", "timeSeries"):
            recorder.dropped(join("", key), f"{key} is not a dataset definition key; v1 ignored it")
    return builder.build()


def _paths(parameters: dict[str, Any]) -> list[Any]:
    value = parameters.get("path")
    return value if isinstance(value, list) else [value] if value else []


def _uri(entry: Any) -> str | None:
    if isinstance(entry, str) and entry:
        return entry
    if isinstance(entry, dict) and entry.get("datastoreName"):
        relative = str(entry.get("relativePath") or "").lstrip("/")
        return f"azureml://datastores/{entry['datastoreName']}/paths/{relative}"
    return None


def _registration(recorder: Recorder, data: dict[str, Any], asset: dict[str, Any], path: str) -> None:
    registration: dict[str, Any] = data["registration"] if isinstance(data.get("registration"), dict) else {}
    name = registration.get("name")
    if name:
        asset["name"] = str(name)
        recorder.mapped("/registration/name", "/name")
    else:
        stem = os.path.splitext(os.path.basename(path))[0]
        asset["name"] = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-.") or "dataset"
        recorder.finding("SL401", f"the dataset has no registration.name; the data asset is named {asset['name']}", "")
        if "name" in registration:
            recorder.mapped("/registration/name", None)
    for key in ("description", "tags"):
        if registration.get(key):
            asset[key] = registration[key]
            recorder.mapped(join("/registration", key), f"/{key}")
        elif key in registration:
            recorder.mapped(join("/registration", key), None)
    for key, value in registration.items():
        pointer = join("/registration", key)
        if key in ("name", "description", "tags"):
            continue
        if key == "createNewVersion" and value is not False:
            recorder.mapped(pointer, None)  # v2 creates a new version of an existing name
        elif key == "createNewVersion":
            recorder.dropped(pointer, "v2 always registers a new version; it cannot refuse an existing name")
        elif key == "version" and value is not None:
            asset["version"] = str(value)
            recorder.transformed(pointer, "/version", "as a string")
        else:
            recorder.dropped(pointer, f"registration.{key} has no v2 data asset field")
    if "registration" in data and not registration:
        recorder.mapped("/registration", None)


def _file(recorder: Recorder, parameters: dict[str, Any], asset: dict[str, Any]) -> None:
    entries = _paths(parameters)
    uri = _uri(entries[0])
    first = "/parameters/path/0" if isinstance(parameters.get("path"), list) else "/parameters/path"
    if uri is None:
        recorder.dropped(first, "this path entry names no datastore or URL")
        uri = "azureml://datastores/workspaceblobstore/paths/"
    glob = _GLOB.search(uri)
    if glob:
        folder = uri[: glob.start()].rsplit("/", 1)[0] + "/"
        asset["type"] = "uri_folder"
        asset["path"] = folder
        recorder.approximated(first, "/path", f"a uri_folder cannot filter files: the data asset is the folder {folder}")
    else:
        is_file = bool(os.path.splitext(uri.rstrip("/").rsplit("/", 1)[-1])[1]) and not uri.endswith("/")
        asset["type"] = "uri_file" if is_file else "uri_folder"
        asset["path"] = uri
        recorder.approximated(
            first,
            "/path",
            f"v1 File datasets do not say file or folder; this path became a {asset['type']}"
            + (" (it has a file extension)" if is_file else ""),
        )
    for index in range(1, len(entries)):
        recorder.dropped(
            f"/parameters/path/{index}",
            "a uri_file or uri_folder data asset has one path; this one was left out",
            hint="use a common folder, or an MLTable listing every path",
        )
    for key, value in parameters.items():
        if key == "path":
            continue
        if value is None or key == "sourceType":
            recorder.mapped(join("/parameters", key), None)
        else:
            recorder.dropped(join("/parameters", key), f"parameters.{key} does not apply to a File dataset in v2")


def _table(recorder: Recorder, data: dict[str, Any], parameters: dict[str, Any]) -> dict[str, Any]:
    table: dict[str, Any] = {"paths": _table_paths(recorder, parameters)}
    source_type = str(parameters.get("sourceType") or "delimited_files").lower()
    reader = _READERS.get(source_type)
    if reader is None:
        reader = "read_delimited"
        recorder.approximated("/parameters/sourceType", None, f"sourceType {source_type} is unknown; read as delimited files")
    elif "sourceType" in parameters:
        _record(recorder, "/parameters/sourceType", "/transformations/0", _MLTABLE)
    extra: list[Any] = []
    options = _reader_options(recorder, parameters, reader, source_type, extra)
    table["transformations"] = [{reader: options} if options else reader, *extra]
    series = data.get("timeSeries")
    if isinstance(series, dict):
        for key, value in series.items():
            pointer = join("/timeSeries", key)
            if value is None:
                recorder.mapped(pointer, None)
            elif key == "fineGrainTimestamp":
                table["traits"] = {"timestamp_column": value}
                _record(recorder, pointer, "/traits/timestamp_column", _MLTABLE)
            else:
                recorder.dropped(pointer, f"timeSeries.{key} has no MLTable trait")
    elif "timeSeries" in data:
        recorder.mapped("/timeSeries", None)
    return table


def _table_paths(recorder: Recorder, parameters: dict[str, Any]) -> list[dict[str, str]]:
    """Each path as a pattern (a glob), a folder (a trailing slash) or a file."""
    paths: list[dict[str, str]] = []
    for index, entry in enumerate(_paths(parameters)):
        pointer = f"/parameters/path/{index}" if isinstance(parameters.get("path"), list) else "/parameters/path"
        uri = _uri(entry)
        if uri is None:
            recorder.dropped(pointer, "this path entry names no datastore or URL")
            continue
        kind = "pattern" if _GLOB.search(uri) else "folder" if uri.endswith("/") else "file"
        paths.append({kind: uri})
        _record(recorder, pointer, f"/paths/{len(paths) - 1}/{kind}", _MLTABLE, transformed=True)
    return paths


def _reader_options(
    recorder: Recorder, parameters: dict[str, Any], reader: str, source_type: str, extra: list[Any]
) -> dict[str, Any]:
    """The reader's options from the parameters; a partition format becomes an extra transformation in ``extra``."""
    options: dict[str, Any] = {}
    delimited = reader == "read_delimited"
    for key, value in parameters.items():
        pointer = join("/parameters", key)
        at = f"/transformations/0/{reader}"
        if key in ("path", "sourceType"):
            continue
        if value is None:
            recorder.mapped(pointer, None)
        elif key == "separator" and delimited:
            options["delimiter"] = value
            _record(recorder, pointer, f"{at}/delimiter", _MLTABLE)
        elif key == "header" and delimited:
            header = _HEADERS.get(str(value).lower())
            if header is None:
                recorder.dropped(pointer, f"header {value!r} is not a v1 header behaviour")
            else:
                options["header"] = header
                _record(recorder, pointer, f"{at}/header", _MLTABLE, transformed=True)
        elif key == "includePath":
            options["include_path_column"] = bool(value)
            _record(recorder, pointer, f"{at}/include_path_column", _MLTABLE)
        elif key == "inferColumnTypes" and delimited:
            options["infer_column_types"] = bool(value)
            _record(recorder, pointer, f"{at}/infer_column_types", _MLTABLE)
        elif key == "partitionFormat":
            extra.append({"extract_columns_from_partition_format": {"partition_format": value}})
            recorder.approximated(
                pointer,
                None,
                "the partition format became an extract_columns_from_partition_format transformation; check its syntax",
            )
        else:
            recorder.dropped(pointer, f"parameters.{key} has no MLTable equivalent for {source_type}")
    return options


def _record(recorder: Recorder, pointer: str, target: str, output: int, *, transformed: bool = False) -> None:
    moved = Recorder(recorder.builder, recorder.view, recorder.document, recorder.path, output=output)
    if transformed:
        moved.transformed(pointer, target)
    else:
        moved.mapped(pointer, target)
