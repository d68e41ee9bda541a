"""Configuration: pyproject.toml and .speclift.yaml, per-path settings, and a validated config."""

from __future__ import annotations

from pathlib import Path

import pytest

from speclift.config import ConfigError, find_config, load_config
from tests.conftest import run_cli

BAD_ENDPOINT = "$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json\nname: ep\nauth_mod: key\n"


def test_pyproject_section(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.speclift]\nignore = ["unknown-field"]\n')
    assert find_config(str(tmp_path)) == str(tmp_path / "pyproject.toml")
    config = load_config(str(tmp_path / "pyproject.toml"))
    assert config.settings.ignore == frozenset({"SL101"})


def test_pyproject_without_section_is_not_a_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    sub = tmp_path / "sub"
    sub.mkdir()
    found = find_config(str(sub))
    assert found is None or not found.startswith(str(tmp_path))


def test_per_path_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".speclift.yaml").write_text("per-path:\n  - paths: ['legacy/*']\n    ignore: [SL101]\n")
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "ep.yml").write_text(BAD_ENDPOINT)
    (tmp_path / "ep.yml").write_text(BAD_ENDPOINT)
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate", ".")
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.output.splitlines() if "SL101" in line] == ["ep.yml"]


def test_invalid_config_is_located_and_exits_2(tmp_path: Path) -> None:
    config = tmp_path / ".speclift.yaml"
    config.write_text("ignore: [SL101]\ncheck-path: false\n")
    result = run_cli("validate", "--config", str(config), str(tmp_path))
    assert result.exit_code == 2
    assert f"{config}:2:1: invalid configuration: unknown field 'check-path'" in result.output
    assert "did you mean check-paths?" in result.output


def test_unknown_code_in_config(tmp_path: Path) -> None:
    config = tmp_path / ".speclift.yaml"
    config.write_text("ignore: [SL999]\n")
    with pytest.raises(ConfigError, match="unknown finding code 'SL999'"):
        load_config(str(config))


def test_broken_config_yaml(tmp_path: Path) -> None:
    config = tmp_path / ".speclift.yaml"
    config.write_text("ignore: [SL101\n")
    result = run_cli("validate", "--config", str(config), str(tmp_path))
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_converter_options_from_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import ROOT

    (tmp_path / "pyproject.toml").write_text(
        '[tool.speclift.convert.polyaxon-v0]\nbuild-mode = "image-only"\ngpu-resource-key = "amd.com/gpu"\n'
    )
    (tmp_path / "experiment.yml").write_text((ROOT / "samples" / "polyaxon-v0" / "experiment.yml").read_text())
    monkeypatch.chdir(tmp_path)
    result = run_cli("convert", "experiment.yml")
    assert result.exit_code == 0
    assert "amd.com/gpu: 1" in result.stdout and "hubRef: kaniko" not in result.stdout


def test_unknown_converter_option_in_config_is_refused(tmp_path: Path) -> None:
    config = tmp_path / ".speclift.yaml"
    config.write_text("convert:\n  polyaxon-v0:\n    build-mod: inline\n")
    with pytest.raises(ConfigError, match="unknown field 'build-mod'"):
        load_config(str(config))


def test_convert_sections_come_from_the_converter_registry(tmp_path: Path) -> None:
    config = tmp_path / ".speclift.yaml"
    config.write_text("convert:\n  azureml-v1:\n    kubernetes: true\n    compute: cpu-v2\n  polyaxon-v0:\n    git-url: x\n")
    options = load_config(str(config)).convert_options
    assert options["azureml/v1/deployment-config"] == {"kubernetes": True}
    assert options["azureml/v1/runconfig"] == {"compute": "cpu-v2"}
    assert options["azureml/v1/dataset"] == {}
    assert options["polyaxon/v0/polyaxonfile"] == {"git-url": "x"}


def test_every_converter_option_is_accepted_by_the_config_schema(tmp_path: Path) -> None:
    import json

    from speclift import converters

    sections = {
        section: {name: option.default for name, (option, _) in converters.section_options(section).items()}
        for section in converters.sections()
    }
    config = tmp_path / ".speclift.yaml"
    config.write_text(json.dumps({"convert": sections}))  # JSON is YAML
    loaded = load_config(str(config)).convert_options
    assert set(loaded) == set(converters.CONVERTERS)


def test_a_bad_converter_option_value_in_config_is_refused(tmp_path: Path) -> None:
    config = tmp_path / ".speclift.yaml"
    config.write_text("convert:\n  polyaxon-v0:\n    build-mode: bogus\n")
    with pytest.raises(ConfigError, match="invalid configuration"):
        load_config(str(config))


@pytest.mark.parametrize(
    ("config", "where", "words"),
    [
        ("max-file-size: 99999999999999999999999999\n", "1:16", "max-file-size"),
        (
            "per-path:\n  - paths: ['*.yml']\n    schema: nosuchtype\n",
            "3:13",
            "schema 'nosuchtype' is not a spec type speclift validates",
        ),
        ("schema: azureml/v1/runconfig\n", "1:9", "schema 'azureml/v1/runconfig' is not a spec type"),
    ],
    ids=["huge-max-file-size", "per-path-unknown-schema", "old-format-schema"],
)
def test_config_values_the_code_cannot_use_are_located_errors(tmp_path: Path, config: str, where: str, words: str) -> None:
    # Each of these used to end in a traceback (OverflowError on reading, KeyError on the first matching file).
    (tmp_path / ".speclift.yaml").write_text(config)
    (tmp_path / "ep.yml").write_text(BAD_ENDPOINT)
    result = run_cli("validate", "--config", str(tmp_path / ".speclift.yaml"), str(tmp_path / "ep.yml"))
    assert result.exit_code == 2, result.output
    assert f".speclift.yaml:{where}: invalid configuration" in result.output
    assert words in result.output
    assert "Traceback" not in result.output
