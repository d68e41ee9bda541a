"""An ``MLproject`` file read the way ``mlflow/projects/_project_spec.py`` (mlflow 3.18) reads it.

MLflow parses the file with ``yaml.safe_load`` and reads only a few keys, without validating the rest: ``name``,
``entry_points`` (each with ``parameters`` and ``command``), at most one of ``conda_env``/``python_env``/
``docker_env``, and ``databricks_spark_job``. A parameter is either a type name (``alpha: float``, no default: the
parameter is required) or a mapping with ``type`` (default ``string``) and ``default``. Only ``path`` and ``uri``
types mean anything to MLflow; every other type is passed through unchecked.

:func:`read_project` turns the loaded data into a :class:`Project` whose parts carry their JSON pointers, and raises
:class:`ProjectError` (with the pointer of the offending part) where MLflow's loader would fail.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from speclift.pointer import escape

FILE_NAME = "mlproject"  # any case: MLflow lower-cases the names of the project folder's files
ENVIRONMENT_KEYS = ("conda_env", "python_env", "docker_env")
DEFAULT_ENTRY_POINT = "main"
KNOWN_KEYS = frozenset({"name", "entry_points", *ENVIRONMENT_KEYS, "databricks_spark_job"})
ENTRY_POINT_KEYS = frozenset({"parameters", "command"})
PARAMETER_KEYS = frozenset({"type", "default"})
DOCKER_KEYS = frozenset({"image", "volumes", "environment"})
# The types MLflow documents, and the two the corpus shows MLflow accepts without a word (it passes them through).
KNOWN_TYPES = ("string", "float", "path", "uri", "int", "bool")


def is_mlproject_name(filename: str) -> bool:
    """Whether MLflow would read ``filename`` (a base name) as its project file."""
    return filename.lower() == FILE_NAME


class ProjectError(Exception):
    """The file is not a project MLflow can load (or run): ``pointer`` says where."""

    def __init__(self, message: str, pointer: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.pointer = pointer


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    type: str  # as MLflow reads it: `string` when a mapping gives none
    default: Any  # None: required (MLflow: "No value given for missing parameters")
    pointer: str  # /entry_points/<entry>/parameters/<name>
    shorthand: bool = False  # `alpha: float`

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True, slots=True)
class EntryPoint:
    name: str
    command: str
    parameters: dict[str, Parameter]
    pointer: str  # /entry_points/<entry>
    from_file: bool = False  # not declared: MLflow runs a `.py`/`.sh`/`.R` file of that name


@dataclass(frozen=True, slots=True)
class Environment:
    kind: str  # one of ENVIRONMENT_KEYS
    value: Any
    pointer: str


@dataclass(frozen=True, slots=True)
class Project:
    name: str | None
    entry_points: dict[str, EntryPoint] = field(default_factory=dict)
    environment: Environment | None = None
    databricks: bool = False

    def entry_point(self, name: str) -> EntryPoint:
        """The entry point ``mlflow run -e NAME`` runs: a declared one, else a script file MLflow runs by its
        extension (``get_entry_point``); ProjectError otherwise."""
        if name in self.entry_points:
            return self.entry_points[name]
        command = script_command(name)
        if command is None:
            known = ", ".join(self.entry_points) or "none"
            raise ProjectError(f"no entry point {name!r} (declared: {known}) and it is no .py, .sh or .R file MLflow could run")
        return EntryPoint(name, command, {}, "/entry_points", from_file=True)


def script_command(name: str) -> str | None:
    """MLflow's command for an undeclared entry point named after a script (``train.py`` -> ``python train.py``);
    ``$SHELL`` is taken to be bash, as on the machines jobs run on."""
    import shlex

    if name.endswith(".py"):
        return f"python {shlex.quote(name)}"
    if name.endswith(".sh"):
        return f"bash {shlex.quote(name)}"
    if name.endswith(".R"):
        return f"Rscript -e \"mlflow::mlflow_source('{shlex.quote(name)}')\" --args"
    return None


def read_project(data: Any) -> Project:
    """The project MLflow loads from ``data`` (the file's ``yaml.safe_load``); ProjectError where MLflow fails."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ProjectError(f"an MLproject file must be a mapping, not {_kind(data)}")
    present = [key for key in ENVIRONMENT_KEYS if key in data]
    if len(present) > 1:
        raise ProjectError(f"a project can have one environment field, not {' and '.join(present)}", "/" + present[1])
    name = data.get("name")
    entries_raw = data.get("entry_points", {})
    if entries_raw is None or not isinstance(entries_raw, dict):
        raise ProjectError(f"entry_points must be a mapping, not {_kind(entries_raw)}", "/entry_points")
    entry_points = {str(key): _entry_point(str(key), value) for key, value in entries_raw.items()}
    environment = None
    for key in present:
        value = data[key]
        pointer = "/" + key
        if key == "docker_env":
            if not value:
                continue  # MLflow: `if docker_env := ...` skips an empty one
            _check_docker(value, pointer)
        elif not value:
            continue
        elif not isinstance(value, str):
            raise ProjectError(f"{key} must be a file name, not {_kind(value)}", pointer)
        environment = Environment(key, value, pointer)
    return Project(
        None if name is None else str(name), entry_points, environment, databricks=data.get("databricks_spark_job") is not None
    )


def _entry_point(name: str, raw: Any) -> EntryPoint:
    pointer = "/entry_points/" + escape(name)
    if not isinstance(raw, dict):
        raise ProjectError(f"entry point {name!r} must be a mapping with a command, not {_kind(raw)}", pointer)
    parameters_raw = raw.get("parameters", {})
    if parameters_raw is None or not isinstance(parameters_raw, dict):
        raise ProjectError(f"the parameters of {name!r} must be a mapping, not {_kind(parameters_raw)}", pointer + "/parameters")
    parameters = {}
    for key, value in parameters_raw.items():
        where = f"{pointer}/parameters/{escape(str(key))}"
        if isinstance(value, str):
            parameters[str(key)] = Parameter(str(key), value, None, where, shorthand=True)
        elif isinstance(value, dict):
            kind = value.get("type", "string")  # MLflow compares it with "path" and "uri" only: anything else passes
            parameters[str(key)] = Parameter(str(key), kind if isinstance(kind, str) else str(kind), value.get("default"), where)
        else:
            raise ProjectError(
                f"parameter {key!r} must be a type name or a mapping with type and default, not {_kind(value)}", where
            )
    command = raw.get("command")
    if not isinstance(command, str):
        raise ProjectError(
            f"entry point {name!r} needs a command (a string), not {_kind(command)}",
            pointer + ("/command" if "command" in raw else ""),
        )
    return EntryPoint(name, command, parameters, pointer)


def _check_docker(value: Any, pointer: str) -> None:
    if not isinstance(value, dict):
        raise ProjectError(f"docker_env must be a mapping with an image, not {_kind(value)}", pointer)
    if not value.get("image"):
        raise ProjectError("docker_env needs an image", pointer)
    volumes = value.get("volumes")
    if volumes and not (isinstance(volumes, list) and all(isinstance(v, str) for v in volumes)):
        raise ProjectError('docker_env.volumes must be a list of strings ("/host/path:/container/path")', pointer + "/volumes")
    environment = value.get("environment")
    if environment and not (isinstance(environment, list) and all(isinstance(v, (list, str)) for v in environment)):
        raise ProjectError(
            "docker_env.environment must be a list of variable names (copied from the host) or [NAME, value] pairs",
            pointer + "/environment",
        )


def has_scheme(text: str) -> bool:
    """MLflow's ``is_uri``: the text has a URI scheme (``s3://``, ``https://``, ``file:``...)."""
    return bool(urllib.parse.urlparse(text).scheme)


def is_local_path(text: str) -> bool:
    """MLflow's ``get_local_path_or_none``: no scheme, or ``file:`` without a host."""
    parsed = urllib.parse.urlparse(text)
    return not parsed.scheme or (parsed.scheme == "file" and not parsed.netloc)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    kinds = {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean", int: "an integer", float: "a number"}
    return kinds.get(type(value), f"a {type(value).__name__}")
