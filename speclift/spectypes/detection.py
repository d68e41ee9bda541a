"""Content-based detection: what spec one loaded YAML document is.

The content decides (``$schema``, ``type``, ``kind``, ``version``, telltale keys); the file name only breaks ties.
A `$schema` URL of Azure ML's decides outright; Polyaxon names its `version:` and `kind:`; everything else is
weighed by its keys (:mod:`speclift.spectypes.scoring`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from speclift.mlproject.model import is_mlproject_name
from speclift.spectypes import polyaxon
from speclift.spectypes.legacy import RUNCONFIG_FIELDS, RUNCONFIG_SUFFIX
from speclift.spectypes.mlflow import MLPROJECT
from speclift.spectypes.record import SpecType
from speclift.spectypes.registry import SPEC_TYPES
from speclift.spectypes.scoring import best_by_keys


@dataclass(frozen=True, slots=True)
class Detection:
    """The outcome of detection: a spec type, or why there is none.

    ``unknown`` is set when the document clearly belongs to a platform but names a kind that platform does not have:
    that is a finding, whereas a YAML file that is no spec at all is only skipped.
    """

    spec_type: SpecType | None
    reason: str
    unknown: bool = False
    pointer: str = ""


def detect(data: Any, filename: str = "") -> Detection:
    """Tell what spec ``data`` (one loaded YAML document) is."""
    if not isinstance(data, dict):
        return Detection(None, "the document is not a mapping")
    if is_mlproject_name(filename):  # MLflow reads this file as its project, whatever it holds
        return Detection(MLPROJECT, f"the file name {filename} (MLflow's project file)")
    schema_url = data.get("$schema")
    if isinstance(schema_url, str) and any(host in schema_url for host in _AZURE_SCHEMA_HOSTS):
        return _detect_azure_schema_url(data, schema_url)
    found = _detect_polyaxon(data)
    if found is not None:
        return found
    scored = best_by_keys(data, filename)
    if filename.lower().endswith(RUNCONFIG_SUFFIX) and (scored is None or scored[0] is not _RUNCONFIG):
        known = [str(key) for key in data if str(key).replace("_", "").lower() in RUNCONFIG_FIELDS]
        if known:  # what `RunConfiguration.load` reads, whatever else the keys might look like
            return Detection(_RUNCONFIG, f"a {RUNCONFIG_SUFFIX} file with run configuration fields ({', '.join(known[:6])})")
    if scored is not None:
        return Detection(*scored)
    return Detection(None, "no known spec type matches (not a job spec?)")


# `$schema` names as published by Azure ML (azureedge CDN, sdk2 blob, "http://azureml/sdk-2-0/X.json"), lower-cased.
_AZURE_SCHEMA_HOSTS = ("azuremlschemas.azureedge.net", "azuremlsdk2.blob.core.windows.net", "//azureml/")
_SCHEMA_NAME = re.compile(r"/([A-Za-z0-9]+)(?:\.schema)?\.json$")
_BY_SCHEMA_NAME = {name: spec for spec in SPEC_TYPES.values() for name in spec.schema_names}
# Within a `$schema` group, `type:` decides, as the SDK's loaders do.
_BY_CATEGORY: dict[str, dict[str, SpecType]] = {}
for _spec in SPEC_TYPES.values():
    if _spec.category is not None:
        _BY_CATEGORY.setdefault(_spec.category, {}).update(dict.fromkeys(_spec.types, _spec))
# A job or component `$schema` with a `type:` none of its group has is an unknown kind; the generic batch deployment
# keeps its own type when `type:` names neither of its two refinements.
_STRICT_CATEGORIES = ("job", "component")
_REFINED_BY_TYPE = {"azureml/v2/batch-deployment": "batch deployment"}


def _detect_azure_schema_url(data: dict[str, Any], url: str) -> Detection:
    match = _SCHEMA_NAME.search(url)
    spec = _BY_SCHEMA_NAME.get(match.group(1).lower()) if match else None
    if spec is None:
        return Detection(None, f"$schema {url!r} is not an Azure ML v2 schema speclift knows", unknown=True, pointer="/$schema")
    kind = data.get("type")
    if not isinstance(kind, str):
        return Detection(spec, f"$schema {url}")
    if spec.category in _STRICT_CATEGORIES:
        by_type = _BY_CATEGORY[spec.category].get(kind.lower())
        if by_type is None:
            return Detection(None, f"unknown {spec.category} type {kind!r}", unknown=True, pointer="/type")
        return Detection(by_type, f"$schema names a {spec.category}; type: {kind}")
    group = _REFINED_BY_TYPE.get(spec.id)
    refined = _BY_CATEGORY[group].get(kind.lower()) if group else None
    if group and refined:
        return Detection(refined, f"$schema names a {group}; type: {kind}")
    return Detection(spec, f"$schema {url}")


_POLYAXON_V1 = {kind: spec for spec in SPEC_TYPES.values() if spec.id.startswith("polyaxon/v1/") for kind in spec.kinds}
_POLYAXON_V2 = {kind: spec for spec in SPEC_TYPES.values() if spec.id.startswith("polyaxon/v2/") for kind in spec.kinds}
_POLYAXON_V0 = SPEC_TYPES["polyaxon/v0/polyaxonfile"]
_RUNCONFIG = SPEC_TYPES["azureml/v1/runconfig"]


def _detect_polyaxon(data: dict[str, Any]) -> Detection | None:
    """Polyaxon names its kind and version outright; files without them go to the scoring."""
    version, kind = data.get("version"), data.get("kind")
    if isinstance(kind, str) and isinstance(version, (int, float)) and not isinstance(version, bool):
        if _is_v1(version):
            if kind in _POLYAXON_V1:
                return _v1_or_v2(data, kind, f"version: {version}, kind: {kind}")
            kinds = " or ".join(_POLYAXON_V1)
            return Detection(None, f"Polyaxon v1 has no kind {kind!r} ({kinds})", unknown=True, pointer="/kind")
        if version == 1 and kind in _POLYAXON_V0.kinds:
            return Detection(_POLYAXON_V0, f"version: 1, kind: {kind}")
    if _is_v1(version) and not isinstance(kind, str) and all(key in polyaxon.KEYS for key in data):
        kinds = " or ".join(_POLYAXON_V1)
        if kind is None:
            where = "/kind" if "kind" in data else ""  # `kind:` left empty, or no `kind:` at all
            return Detection(None, f"a Polyaxon v1 file must name its kind ({kinds})", unknown=True, pointer=where)
        return Detection(None, f"Polyaxon v1 has no kind {kind!r} ({kinds})", unknown=True, pointer="/kind")
    if isinstance(kind, str) and kind in _POLYAXON_V1 and ("run" in data or "component" in data or "hubRef" in data):
        return _v1_or_v2(data, kind, f"kind: {kind} with Polyaxon sections")
    return None


def _v1_or_v2(data: dict[str, Any], kind: str, reason: str) -> Detection:
    """Both generations read the file; something only 2.x has makes it a 2.x file."""
    only = polyaxon.v2_only(data)
    if only is not None:
        return Detection(_POLYAXON_V2[kind], f"{reason}, with {only} (polyaxon 2.x only)")
    return Detection(_POLYAXON_V1[kind], reason)


def _is_v1(version: Any) -> bool:
    """1.1 and later 1.x."""
    return isinstance(version, (int, float)) and not isinstance(version, bool) and 1.05 <= version < 2
