"""ML Studio (classic) experiment graphs: golden conversions of the graphs in tests/cases/studio-classic/graphs/
(every output but the copied runtime, plus the findings), the real corpus graph with every module accounted for,
and the rule that neither the run state nor a credential reaches any output or report."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from speclift.studio import conceal
from tests.conftest import ROOT, run_cli

CASES = ROOT / "tests" / "cases" / "studio-classic"
GRAPHS = sorted((CASES / "graphs").glob("*.json"))
RUNTIME = ROOT / "speclift" / "studio" / "runtime" / "studio_modules"
REGENERATE = bool(os.environ.get("SPECLIFT_REGENERATE"))
FAKE_TOKEN = "FAKESASTOKEN0000000000000000000"


def _convert(graph: Path, folder: Path) -> tuple[int, str]:
    """`speclift convert GRAPH -o FOLDER/<stem>.yml`: its exit status and findings (paths shown relative)."""
    source = folder / graph.name
    shutil.copyfile(graph, source)
    result = run_cli("convert", str(source), "-o", str(folder / f"{graph.stem}.yml"), "--color", "never")
    return result.exit_code, result.output.replace(str(folder) + os.sep, "")


def _outputs(folder: Path, graph: Path) -> dict[str, str]:
    """Every written file but the source and the copied runtime, by path relative to ``folder``."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and relative != graph.name and "/code/studio_modules/" not in f"/{relative}":
            found[relative] = path.read_text(encoding="utf-8")
    return found


@pytest.mark.parametrize("graph", GRAPHS, ids=[g.stem for g in GRAPHS])
def test_golden_conversion(graph: Path, tmp_path: Path) -> None:
    status, findings = _convert(graph, tmp_path)
    written = _outputs(tmp_path, graph)
    expected = CASES / "expected" / graph.stem
    if REGENERATE:
        shutil.rmtree(expected, ignore_errors=True)
        for relative, text in written.items():
            (expected / relative).parent.mkdir(parents=True, exist_ok=True)
            (expected / relative).write_text(text, encoding="utf-8")
        (expected / "findings.txt").write_text(findings, encoding="utf-8")
    assert status == 0, findings
    assert (expected / "findings.txt").read_text(encoding="utf-8") == findings
    wanted = {
        p.relative_to(expected).as_posix(): p.read_text(encoding="utf-8") for p in sorted(expected.rglob("*")) if p.is_file()
    }
    wanted.pop("findings.txt")
    assert sorted(written) == sorted(wanted)
    for relative, text in wanted.items():
        assert written[relative] == text, relative


@pytest.mark.parametrize("graph", GRAPHS, ids=[g.stem for g in GRAPHS])
def test_runtime_is_copied_verbatim(graph: Path, tmp_path: Path) -> None:
    _convert(graph, tmp_path)
    copied = tmp_path / f"{graph.stem}-pipeline" / "code" / "studio_modules"
    shipped = {p.name: p.read_text(encoding="utf-8") for p in RUNTIME.glob("*.py")}
    assert shipped, "the component runtime ships no program"
    assert {p.name: p.read_text(encoding="utf-8") for p in copied.glob("*.py")} == shipped


def _every_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*") if p.is_file())


def _secrets(graph: dict[str, object]) -> list[str]:
    """The values no output may hold: the run state's access credentials, and what concealment hides of the
    parameters (credentials, as the catalogue or, for a module it does not know, the parameter's name says)."""
    found: list[str] = []
    for status in graph.get("NodeStatuses") or []:  # type: ignore[attr-defined]
        found += [e["AccessCredential"] for e in status.get("OutputEndpoints") or [] if e.get("AccessCredential")]
    hidden = conceal.concealed(graph)
    for node, shown in zip(graph["Graph"]["ModuleNodes"], hidden["Graph"]["ModuleNodes"], strict=True):  # type: ignore[index]
        for parameter, masked in zip(node["ModuleParameters"], shown["ModuleParameters"], strict=True):
            if masked["Value"] == conceal.CREDENTIAL_SHOWN:
                found.append(parameter["Value"])
    return found


def _reports(source: Path, work: Path) -> str:
    """Everything speclift says about ``source``'s folder: scan (text, json), a dry run, the migration report (both
    formats), validate, and a diff of the graph against a copy whose run state and credentials changed."""
    folder = source.parent
    texts = [run_cli("scan", "-v", str(folder)).output, run_cli("scan", "--format", "json", str(folder)).output]
    texts.append(run_cli("convert", "--dry-run", "--out", str(work / "dry"), str(folder)).output)
    for extension in ("md", "json"):
        report = work / f"report.{extension}"
        run_cli("convert", "--dry-run", "--out", str(work / "dry"), "--report", str(report), str(folder))
        texts.append(report.read_text(encoding="utf-8"))
    texts.append(run_cli("validate", "-v", str(source)).output)
    changed = json.loads(source.read_text(encoding="utf-8"))
    for status in changed.get("NodeStatuses") or []:
        for endpoint in status.get("OutputEndpoints") or []:
            endpoint["AccessCredential"] = "?sig=ANOTHERTOKEN"
    hidden = conceal.concealed(changed)
    for node, shown in zip(changed["Graph"]["ModuleNodes"], hidden["Graph"]["ModuleNodes"], strict=True):
        for parameter, masked in zip(node.get("ModuleParameters") or [], shown.get("ModuleParameters") or [], strict=True):
            if masked["Value"] == conceal.CREDENTIAL_SHOWN:
                parameter["Value"] = "another-key"
    other = work / "changed.json"
    other.write_text(json.dumps(changed), encoding="utf-8")
    for form in ("text", "json", "markdown"):
        texts.append(run_cli("diff", "--format", form, str(source), str(other)).output)
    return "\n".join(texts)


def test_the_cases_hold_secrets() -> None:
    """The graphs below hold a run state with a token and credential parameters, or the next test proves nothing."""
    texts = {graph.stem: graph.read_text(encoding="utf-8") for graph in GRAPHS}
    assert FAKE_TOKEN in texts["iris-training"]
    assert len(_secrets(json.loads(texts["orders-export"]))) == 3  # an account key, a custom module's key, a SAS URL


@pytest.mark.parametrize("graph", GRAPHS, ids=[g.stem for g in GRAPHS])
def test_run_state_and_credentials_are_never_shown(graph: Path, tmp_path: Path) -> None:
    folder = tmp_path / "repo"
    folder.mkdir()
    _convert(graph, folder)
    data = json.loads(graph.read_text(encoding="utf-8"))
    said = _every_text(folder).replace(graph.read_text(encoding="utf-8"), "") + _reports(folder / graph.name, tmp_path)
    for secret in _secrets(data):
        assert secret not in said
    assert "ANOTHERTOKEN" not in said and "another-key" not in said
    if "NodeStatuses" in data:
        assert "NodeStatuses" in said  # told, without its values


def test_real_graph_every_module_accounted(corpus: Path, tmp_path: Path) -> None:
    graph = next((corpus / "studio-classic").glob("*.json"))
    folder = tmp_path / "repo"
    folder.mkdir()
    status, findings = _convert(graph, folder)
    assert status == 0, findings
    assert "SL405" not in findings and "SL406" not in findings and "SL412" not in findings
    data = json.loads(graph.read_text(encoding="utf-8"))
    nodes = [n["Id"] for n in data["Graph"]["ModuleNodes"]]
    scanned = json.loads(run_cli("scan", "--format", "json", str(folder)).output)
    entry = next(f for f in scanned["files"] if f["path"].endswith(graph.name))
    rows = entry["assessments"][0]["modules"]
    assert sorted(row["node"] for row in rows) == sorted(nodes)  # every module, none dropped
    assert all(row["verdict"] in ("converted", "approximated", "needs a person") for row in rows)
    components = list((folder / f"{graph.stem}-pipeline" / "components").glob("*.yml"))
    assert len(components) == len(nodes) == 14  # the VoX experiment's modules
    secrets = _secrets(data)
    assert secrets  # the real graph holds an account key in Import Data and keys in a custom module
    said = _every_text(folder).replace(graph.read_text(encoding="utf-8"), "") + _reports(folder / graph.name, tmp_path)
    for secret in secrets:
        assert secret not in said


def _graph_with(nodes: list[dict[str, Any]], service_parameters: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """iris-training.json with ``nodes`` added (each reading Import Data's output when it has an input port) and
    ``service_parameters`` as its web service's parameters."""
    graph: dict[str, Any] = json.loads((CASES / "graphs" / "iris-training.json").read_text(encoding="utf-8"))
    first = graph["Graph"]["ModuleNodes"][0]
    for node in nodes:
        graph["Graph"]["ModuleNodes"].append(node)
        for port in node.get("InputPortsInternal") or []:
            edge = {
                "SourceOutputPortId": f"{first['Id']}:Results dataset",
                "DestinationInputPortId": f"{node['Id']}:{port['Name']}",
            }
            graph["Graph"]["EdgesInternal"].append(edge)
    graph["WebService"] = {"IsWebServiceExperiment": False, "Inputs": [], "Outputs": [], "Parameters": list(service_parameters)}
    return graph


def _parameter(name: str, value: str, linked: str | None = None) -> dict[str, Any]:
    return {"Name": name, "Value": value, "ValueType": "Literal", "LinkedGlobalParameter": linked}


def _import_node(node_id: str, *parameters: dict[str, Any]) -> dict[str, Any]:
    return {
        "Id": node_id,
        "ModuleId": "506153734175476c4f62416c57734963.4e1b0fe6aded4b3fa36f39b8862b9004.v1-default-1730",
        "ModuleParameters": list(parameters),
        "InputPortsInternal": [],
        "OutputPortsInternal": [{"Name": "Results dataset", "NodeId": node_id, "OutputType": None}],
    }


# Credentials no catalogue record names, each with the graph that holds it: the test below knows them by value, not
# by asking the concealment it checks.
HIDDEN_CREDENTIALS = {
    "import-data-credentials-of-other-sources": (
        ["SQLPASSWORD0001", "TABLEKEY0002", "HADOOPPASSWORD0003", "HIVESTORAGEKEY0004"],
        _graph_with(
            [
                _import_node(
                    "sql-1",
                    _parameter("Please Specify Data Source", "AzureSqlDatabase"),
                    _parameter("Database server name", "example.database.windows.net"),
                    _parameter("Server user account name", "reader"),
                    _parameter("Server user account password", "SQLPASSWORD0001"),
                    _parameter("Database query", "select * from orders"),
                ),
                _import_node(
                    "table-1",
                    _parameter("Please Specify Data Source", "AzureTable"),
                    _parameter("Table account name", "examplestore"),
                    _parameter("Table account key", "TABLEKEY0002"),
                ),
                _import_node(
                    "hive-1",
                    _parameter("Please Specify Data Source", "HiveQuery"),
                    _parameter("Hadoop user account password", "HADOOPPASSWORD0003"),
                    _parameter("Azure storage key", "HIVESTORAGEKEY0004"),
                ),
            ]
        ),
    ),
    "credentials-in-values": (
        [
            "SASSIGNATURE0005",
            "CONNECTIONKEY0006",
            "SASSIGNATURE0007",
            "URLPASSWORD0008",
            "BEARERTOKEN0009",
            "PLAINPASSWORD0010",
            "AUTHVALUE0011",
        ],
        _graph_with(
            [
                _import_node(
                    "web-1",
                    _parameter("Please Specify Data Source", "HTTP"),
                    _parameter(
                        "Data source URL",
                        "https://examplestore.blob.core.windows.net/data/iris.csv?sv=2019-02-02&sr=b&sig=SASSIGNATURE0005",
                    ),
                    _parameter("Data format", "CSV"),
                ),
                {
                    "Id": "custom-1",
                    "ModuleId": "0123456789abcdef0123456789abcdef.9f8e7d6c5b4a39281716051403021100.v1-default-1730",
                    "ModuleParameters": [
                        _parameter(
                            "conn", "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=CONNECTIONKEY0006;EndpointSuffix=x"
                        ),
                        _parameter("blob_url", "https://a.blob.core.windows.net/c/f.csv?sv=1&sig=SASSIGNATURE0007&se=2030"),
                        _parameter("feed", "https://reader:URLPASSWORD0008@feeds.example.org/odata"),
                        _parameter("header", "Authorization: Bearer BEARERTOKEN0009"),
                        _parameter("pass", "PLAINPASSWORD0010"),
                        _parameter("auth", "AUTHVALUE0011"),
                    ],
                    "InputPortsInternal": [{"Name": "in"}],
                    "OutputPortsInternal": [{"Name": "out"}],
                },
            ]
        ),
    ),
    "web-service-parameters-holding-credentials": (
        ["SERVICEKEY0012", "SERVICEKEY0013", "SERVICETOKEN0014", "SERVICESIGNATURE0015"],
        _graph_with(
            [
                _import_node(
                    "blob-1",
                    _parameter("Please Specify Data Source", "AzureBlobStorage"),
                    _parameter("Please Specify Authentication Type", "Account"),
                    _parameter("Account Name", "examplestore"),
                    _parameter("Account Key", "", "Storage key"),
                    _parameter("Path to container or directory or blob", "data/iris.csv"),
                )
            ],
            [
                {
                    "Name": "Storage key",
                    "Value": "SERVICEKEY0012",
                    "ParameterDefinition": {"ParameterType": "String", "HasDefaultValue": True, "DefaultValue": "SERVICEKEY0013"},
                },
                {"Name": "API token", "Value": "SERVICETOKEN0014", "ParameterDefinition": None},
                {"Name": "Scoring data", "Value": "https://a.blob.core.windows.net/c/x.csv?sig=SERVICESIGNATURE0015"},
            ],
        ),
    ),
}


@pytest.mark.parametrize("case", sorted(HIDDEN_CREDENTIALS))
def test_credentials_the_catalogue_does_not_name_are_never_shown(case: str, tmp_path: Path) -> None:
    secrets, graph = HIDDEN_CREDENTIALS[case]
    text = json.dumps(graph, indent=2)
    assert all(secret in text for secret in secrets)
    folder = tmp_path / "repo"
    folder.mkdir()
    source = folder / "graph.json"
    source.write_text(text, encoding="utf-8")
    converted = run_cli("convert", str(source), "-o", str(folder / "graph.yml"), "--color", "never")
    assert converted.exit_code == 0, converted.output
    said = [converted.output, run_cli("convert", str(source)).output]
    said.append(_every_text(folder).replace(text, ""))
    said.append(run_cli("scan", "-v", str(folder)).output)
    said.append(run_cli("scan", "--format", "json", str(folder)).output)
    for extension in ("md", "json"):
        report = tmp_path / f"report.{extension}"
        said.append(run_cli("convert", "--dry-run", "--out", str(tmp_path / "dry"), "--report", str(report), str(source)).output)
        said.append(report.read_text(encoding="utf-8"))
    other = tmp_path / "other.json"
    changed = text
    for number, secret in enumerate(secrets):
        changed = changed.replace(secret, f"CHANGEDVALUE{number}")
    other.write_text(changed, encoding="utf-8")
    for form in ("text", "json", "markdown", "github"):
        said.append(run_cli("diff", "--format", form, str(source), str(other)).output)
    everything = "\n".join(said)
    for secret in [*secrets, "CHANGEDVALUE"]:
        assert secret not in everything


def test_a_data_location_that_needs_a_person_counts_in_the_verdict(tmp_path: Path) -> None:
    """Import Data from a database and Export Data to one need a person (SL415: a data asset to create, an output to
    bind); a web source read without its SAS token is approximated (SL401): the assessment's verdicts say so."""
    graph = _graph_with(
        [
            _import_node(
                "sql-1",
                _parameter("Please Specify Data Source", "AzureSqlDatabase"),
                _parameter("Database query", "select * from orders"),
            ),
            _import_node(
                "web-1",
                _parameter("Please Specify Data Source", "HTTP"),
                _parameter("Data source URL", "https://examplestore.blob.core.windows.net/data/x.csv?sig=SIGNATURE"),
            ),
            {
                "Id": "export-1",
                "ModuleId": "506153734175476c4f62416c57734963.8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d.v1-default-1730",
                "ModuleParameters": [_parameter("Please Specify Data Destination", "AzureSqlDatabase")],
                "InputPortsInternal": [{"Name": "Dataset"}],
                "OutputPortsInternal": [],
            },
        ]
    )
    source = tmp_path / "graph.json"
    source.write_text(json.dumps(graph), encoding="utf-8")
    scanned = json.loads(run_cli("scan", "--format", "json", str(tmp_path)).output)
    rows = {row["node"]: row for row in scanned["files"][0]["assessments"][0]["modules"]}
    assert rows["sql-1"]["verdict"] == "needs a person"
    assert rows["export-1"]["verdict"] == "needs a person"
    assert rows["web-1"]["verdict"] == "approximated"
    assert rows[graph["Graph"]["ModuleNodes"][0]["Id"]]["verdict"] == "converted"  # a public web URL
    assert any("data asset" in note for note in rows["sql-1"]["notes"])


def test_a_parameter_value_that_is_no_scalar_is_refused_where_it_is(tmp_path: Path) -> None:
    """A Value is the text the Studio showed (a number or true from a hand-edited file reads as its text); a list or
    an object is none: SL404 at the value, and nothing written (it was passed as Python's repr, "[1, 2]")."""
    graph = _graph_with([])
    graph["Graph"]["ModuleNodes"][2]["ModuleParameters"][1]["Value"] = [0.7, 0.3]
    source = tmp_path / "graph.json"
    source.write_text(json.dumps(graph, indent=1), encoding="utf-8")
    result = run_cli("convert", str(source), "-o", str(tmp_path / "out" / "graph.yml"), "--color", "never")
    assert result.exit_code == 1
    line = next(n for n, text in enumerate(source.read_text(encoding="utf-8").splitlines(), 1) if "0.7," in text) - 1
    assert f"graph.json:{line}:" in result.output and "SL404" in result.output and "Value is not a text" in result.output
    assert not (tmp_path / "out").exists()
