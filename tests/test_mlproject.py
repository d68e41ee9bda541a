"""MLproject files: the model of MLflow's loader, the command template, and the conversion of the real corpus
keeping the command's argv (MLflow's compute_command against the converted command, values substituted)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from speclift.conversion.engine import convert_file
from speclift.discovery import expand
from speclift.findings import Severity
from speclift.mlproject import command as template
from speclift.mlproject.model import ProjectError, read_project
from speclift.spectypes import detect
from tests.conftest import CORPUS

CORPUS_FILES = sorted((CORPUS / "mlflow-mlproject").glob("*MLproject")) if CORPUS.is_dir() else []


def test_parse_tells_the_quoting_each_field_stands_in() -> None:
    pieces = template.parse("""python a.py {x} '{y}' "{z}" \\'{w} --json '{{"k": 1}}'""")
    fields = [(p.name, p.quoting) for p in pieces if isinstance(p, template.Field)]
    assert fields == [("x", ""), ("y", "'"), ("z", '"'), ("w", "")]
    assert pieces[-1] == """ --json '{"k": 1}\'"""


@pytest.mark.parametrize("command", ["echo {", "echo }", "echo {}", "echo {0}"])
def test_what_str_format_refuses_is_a_template_error(command: str) -> None:
    with pytest.raises(template.TemplateError):
        template.parse(command)


def test_mlflow_command_quotes_values_and_appends_undeclared_ones() -> None:
    declared = {"alpha": 0.5, "name": None, "flag": True}
    command = template.mlflow_command("python t.py {alpha} {name} {flag}", declared, {"name": "a b", "extra x": "1"})
    assert command == "python t.py 0.5 'a b' True --'extra x' 1"
    with pytest.raises(KeyError):
        template.mlflow_command("python t.py {alpha} {name}", declared, {})


@pytest.mark.parametrize(
    ("data", "pointer"),
    [
        ({"conda_env": "c.yaml", "docker_env": {"image": "x"}}, "/docker_env"),
        ({"entry_points": []}, "/entry_points"),
        ({"entry_points": {"main": {"parameters": {"a": 3}, "command": "x"}}}, "/entry_points/main/parameters/a"),
        ({"entry_points": {"main": {"command": 3}}}, "/entry_points/main/command"),
        ({"docker_env": {"volumes": ["/a:/a"]}}, "/docker_env"),
        ({"docker_env": {"image": "x", "environment": [3]}}, "/docker_env/environment"),
    ],
)
def test_what_mlflow_refuses_to_load_is_a_project_error_at_its_field(data: dict[str, Any], pointer: str) -> None:
    with pytest.raises(ProjectError) as raised:
        read_project(data)
    assert raised.value.pointer == pointer


def test_parameters_in_both_forms() -> None:
    project = read_project({"entry_points": {"main": {"parameters": {"a": "float", "b": {"default": 1}}, "command": "x"}}})
    a, b = project.entry_points["main"].parameters.values()
    assert (a.type, a.required, a.shorthand) == ("float", True, True)
    assert (b.type, b.default, b.required) == ("string", 1, False)


@pytest.mark.parametrize("name", ["MLproject", "mlproject", "MLProject", "MLPROJECT"])
def test_an_mlproject_is_found_and_detected_by_its_name_in_any_case(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("name: x\n")  # no entry points: MLflow still reads it as the project file
    assert [Path(c.path).name for c in expand([str(tmp_path)])] == [name]
    assert detect({"name": "x"}, name).spec_type is not None


def _stage(source: Path, folder: Path) -> Path:
    """The corpus file as a project: named MLproject, with the environment files it names (placeholders)."""
    text = source.read_text()
    data = yaml.safe_load(text)
    (folder / "MLproject").write_text(text)
    for key in ("conda_env", "python_env"):
        if isinstance(data.get(key), str):
            target = folder / data[key]
            target.parent.mkdir(parents=True, exist_ok=True)
            body = "python: '3.10'\ndependencies: [mlflow]\n" if key == "python_env" else "dependencies: [python=3.10]\n"
            target.write_text(body)
    for entry in data.get("entry_points", {}).values():  # the scripts the commands run, so that the outputs' code exists
        for word in shlex.split(entry["command"].replace("\\\n", " ")):
            if re.fullmatch(r"[\w.-]+\.py", word):
                (folder / word).touch()
    return folder / "MLproject"


def _azure_argv(command: str, values: dict[str, Any]) -> list[str]:
    """The converted command with each `${{inputs.x}}` replaced by the value's text, as Azure ML substitutes."""

    def value(match: re.Match[str]) -> str:
        found = values[match.group(1)]
        return _mounted(match.group(1)) if isinstance(found, dict) else str(found)

    return shlex.split(re.sub(r"\$\{\{inputs\.(\w+)\}\}", value, command))


def _mounted(name: str) -> str:
    """Where a data input is: a local copy's path, on both platforms (MLflow's absolute path, Azure ML's mount)."""
    return f"/mnt/inputs/{name}"


PARAMETER_SETS = {
    "defaults": {},
    "spaces and quotes": {"string": 'it\'s a "test" value', "float": "1e-1", "int": "7"},
}


@pytest.mark.parametrize("source", CORPUS_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("label", list(PARAMETER_SETS))
def test_corpus_converts_with_the_argv_mlflow_computes(source: Path, label: str, tmp_path: Path) -> None:
    staged = _stage(source, tmp_path)
    project = read_project(yaml.safe_load(staged.read_text()))
    for entry in project.entry_points.values():
        given = {}
        for name, parameter in entry.parameters.items():
            sample = PARAMETER_SETS[label].get(parameter.type)
            if sample is not None or parameter.required:
                given[name] = sample if sample is not None else "supplied value"
        words = " ".join(shlex.quote(f"{k}={v}") for k, v in given.items())
        options = {"mlflow/mlproject": {"entry-point": entry.name, "params": words}}
        result = convert_file(str(staged), options)
        assert not [f for f in result.findings if f.severity == Severity.ERROR], result.findings
        job = yaml.safe_load(result.outputs[0].text)
        assert job["type"] == "command" and "experiment_name" in job
        declared = {name: p.default for name, p in entry.parameters.items()}
        local = {name: _mounted(name.replace("-", "_")) for name, p in entry.parameters.items() if p.type == "path"}
        expected = shlex.split(template.mlflow_command(entry.command, declared, {**given, **local}))
        assert _azure_argv(job["command"], job.get("inputs", {})) == expected
