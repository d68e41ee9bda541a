"""What the v1 judge's readers share (official_azureml_v1.py, v1_pipeline_reader.py): the network refused before the
SDK is imported, the lenient conda loader, and plain-JSON copies of SDK objects. Runs inside .venvs/azureml1."""

from __future__ import annotations

import logging
import os
import socket
import warnings
from typing import Any

from oracle import plain as _plain

logging.disable(logging.CRITICAL)
warnings.filterwarnings("ignore")
os.environ.setdefault("AZUREML_LOG_LEVEL", "CRITICAL")
os.environ["AZUREML_SDK_TELEMETRY"] = "false"


NETWORK_ATTEMPTS: list[str] = []  # every refused connection, so a record can say the SDK tried


def _no_network(*args: Any, **_kwargs: Any) -> Any:
    NETWORK_ATTEMPTS.append(repr(args[:2])[:120])
    raise OSError("the v1 judge runs offline: network access refused")


socket.socket.connect = _no_network  # type: ignore[method-assign]
socket.create_connection = _no_network  # type: ignore[assignment]
socket.getaddrinfo = _no_network  # type: ignore[assignment]

import azureml._vendor.ruamel.yaml as ruamelyaml  # noqa: E402
from azureml.core import runconfig as rc_module  # noqa: E402
from azureml.core._serialization_utils import _serialize_to_dict  # noqa: E402
from azureml.core.conda_dependencies import CondaDependencies  # noqa: E402
from azureml.core.runconfig import RunConfiguration  # noqa: E402

STOOD_IN: set[int] = set()  # ids of the RunConfiguration objects that stand in for files missing from the tree


def _LenientConda(path: str | None = None, *args: Any, **kwargs: Any) -> Any:
    """CondaDependencies(path), or for a file missing from the tree the SDK's default one marked as missing."""
    if path is not None and not os.path.isfile(path):
        conda = CondaDependencies()
        conda._missing_file = path
        return conda
    return CondaDependencies(path, *args, **kwargs)


rc_module.CondaDependencies = _LenientConda  # type: ignore[assignment,misc]


def conda_values(conda: Any, base: str) -> dict[str, Any] | None:
    """The conda environment an SDK object holds: channels, conda and pip packages, or the path of a missing file."""
    if conda is None:
        return None
    if getattr(conda, "_missing_file", None):
        return {"missing_file": os.path.relpath(conda._missing_file, base)}
    return {
        "channels": list(conda.conda_channels),
        "conda_packages": list(conda.conda_packages),
        "pip_packages": list(conda.pip_packages),
        "pip_options": list(getattr(conda, "pip_options", []) or []),
        "python": conda.get_python_version(),
    }


def sdk_dict(obj: Any) -> Any:
    """The SDK's own serialisation of a run-configuration element (what save() writes, defaults included).

    ``_serialize_to_dict`` refuses some values it loaded itself (an ``outputData`` entry's ``additionalOptions``
    read as a ruamel map); those fields are then serialised one by one, the refused ones as plain values."""
    try:
        return _plain(_serialize_to_dict(obj))
    except Exception:  # the SDK's UserErrorException; anything else is handled the same way
        fields = getattr(obj, "_field_to_info_dict", None)
        if not fields:
            return _plain(obj)
        out = {}
        for name in fields:
            value = getattr(obj, name, None)
            words = name.lstrip("_").split("_")
            key = words[0] + "".join(w.title() for w in words[1:])
            if isinstance(value, dict):
                out[key] = {k: sdk_dict(v) for k, v in value.items()}
            else:
                out[key] = sdk_dict(value) if hasattr(value, "_field_to_info_dict") else _plain(value)
        return out


def environment_values(env: Any, base: str) -> dict[str, Any]:
    values = sdk_dict(env)
    python = getattr(env, "python", None)
    values["condaDependencies"] = conda_values(getattr(python, "conda_dependencies", None), base) if python else None
    return values


__all__ = [
    "NETWORK_ATTEMPTS",
    "STOOD_IN",
    "RunConfiguration",
    "_LenientConda",
    "_plain",
    "environment_values",
    "ruamelyaml",
    "sdk_dict",
]
