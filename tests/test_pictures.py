"""Pipeline graphs read from loaded data (speclift.graphs) and drawn as Mermaid flowcharts (speclift.reporters.mermaid).

The golden pictures are data: the diff cases' expected.md (tests/cases/diff/) and the repositories' expected-report.md
(tests/cases/repositories/). Here: what the graphs hold, that a name can never break out of its label, and that a
hostile spec cannot make a picture unbounded.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
import yaml

from speclift.diffing.engine import Change, graph_changes
from speclift.graphs import (
    ADDED,
    CHANGED,
    JOBS,
    OPERATIONS,
    REMOVED,
    Graph,
    MarkedEdge,
    MarkedGraph,
    MarkedNode,
    Touched,
    compare,
    graphs,
)
from speclift.reporters import mermaid
from speclift.reporters.mermaid import MAX_NODES, MAX_PICTURES, MAX_TEXT, label, picture, pictures
from tests.conftest import run_cli, run_cli_bounded

PIPELINE = "$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json\ntype: pipeline\n"


def _edges(graph: Graph) -> list[tuple[str, str, str]]:
    return [(e.upstream, e.downstream, e.via) for e in graph.edges]


def test_azure_pipeline_edges_name_the_output_they_carry() -> None:
    data = yaml.safe_load(
        PIPELINE
        + """jobs:
  prep: {type: command, command: "python p.py --out ${{outputs.clean}}"}
  train:
    type: command
    command: python t.py --data ${{inputs.data}} --also ${{parent.jobs.prep.outputs.stats}}
    inputs:
      data: {path: "${{parent.jobs.prep.outputs.clean}}"}
      own: ${{parent.jobs.train.outputs.model}}
      lost: ${{parent.jobs.nope.outputs.x}}
"""
    )
    (graph,) = graphs(data, "azureml/v2/pipeline-job")
    assert (graph.kind, graph.owner, list(graph.nodes)) == (JOBS, "", ["prep", "train"])
    assert graph.nodes["train"] == "/jobs/train"
    assert sorted(_edges(graph)) == [("prep", "train", "clean"), ("prep", "train", "stats")]
    # a job binding its own output and a job that does not exist are SL202's, not edges
    assert sorted((e.upstream, e.pointer) for e in graph.dangling) == [
        ("nope", "/jobs/train/inputs/lost"),
        ("train", "/jobs/train/inputs/own"),
    ]
    assert graphs(data, "azureml/v2/command-job") == []


def test_a_key_named_jobs_inside_a_node_is_no_nested_pipeline() -> None:
    """An input, an output or an environment variable may be called `jobs`: its bindings are the node's own edges."""
    data = yaml.safe_load(
        PIPELINE
        + """jobs:
  prep: {type: command, command: "echo ${{outputs.clean}} ${{outputs.stats}}"}
  train:
    type: command
    command: python t.py ${{inputs.jobs}}
    inputs:
      jobs: ${{parent.jobs.prep.outputs.clean}}
    environment_variables:
      jobs: ${{parent.jobs.prep.outputs.stats}}
"""
    )
    (graph,) = graphs(data, "azureml/v2/pipeline-job")
    assert sorted(_edges(graph)) == [("prep", "train", "clean"), ("prep", "train", "stats")]


def test_polyaxon_dags_nested_in_operations_and_components_are_graphs_of_their_own() -> None:
    data = yaml.safe_load(
        """version: 1.1
kind: component
run:
  kind: dag
  operations:
    - name: fetch
    - name: train
      dependencies: [fetch, missing]
      params:
        data: {ref: ops.fetch, value: outputs.path}
        note: {value: "{{ ops.fetch.outputs.path }}"}
      events: [{ref: ops.fetch, kinds: [run_status_succeeded]}]
    - name: loop
      dependencies: [loop]
      component:
        run:
          kind: dag
          operations: [{name: a}, {name: b, dependencies: [a]}]
  components:
    - name: inner
      run: {kind: dag, operations: [{name: x}, {name: y, dependencies: [x]}]}
"""
    )
    top, loop, inner = graphs(data, "polyaxon/v1/component")
    assert (top.kind, top.owner, list(top.nodes)) == (OPERATIONS, "", ["fetch", "train", "loop"])
    # a template naming an operation without `ref` is no edge: the platform does not wait for it
    assert _edges(top) == [
        ("fetch", "train", ""),
        ("fetch", "train", "outputs.path"),
        ("fetch", "train", ""),
        ("loop", "loop", ""),
    ]
    assert [(e.upstream, e.pointer) for e in top.dangling] == [("missing", "/run/operations/1/dependencies/1")]
    assert (loop.owner, _edges(loop)) == ("run.operations[loop].component", [("a", "b", "")])
    assert loop.nodes["b"] == "/run/operations/2/component/run/operations/1"
    assert (inner.owner, _edges(inner)) == ("run.components[inner]", [("x", "y", "")])
    operation = {"version": 1.1, "kind": "operation", "component": data}
    assert graphs(operation, "polyaxon/v1/operation")[0].nodes["fetch"] == "/component/run/operations/0"


def test_marks_come_from_names_edges_and_the_changes_inside_nodes() -> None:
    a = yaml.safe_load("run: {kind: dag, operations: [{name: p}, {name: q, dependencies: [p]}, {name: r}]}")
    b = yaml.safe_load(
        "run: {kind: dag, operations: [{name: p, image: x}, {name: q, params: {d: {ref: ops.p, value: outputs.y}}}, {name: s}]}"
    )
    touched = Touched()
    touched.add("/run/operations/0/image", "/run/operations/0/image")
    touched.add("/run/operations/1/dependencies", None)
    (marked,) = compare(graphs(a, "polyaxon/v1/component"), graphs(b, "polyaxon/v1/component"), touched)
    assert [(n.name, n.mark) for n in marked.nodes] == [("p", CHANGED), ("q", CHANGED), ("s", ADDED), ("r", REMOVED)]
    (edge,) = marked.edges
    assert (edge.mark, edge.via, edge.before) == (CHANGED, ("outputs.y",), ())
    # a graph only one side has is all added (or all removed)
    (new,) = compare([], graphs(b, "polyaxon/v1/component"), Touched())
    assert {n.mark for n in new.nodes} == {ADDED}


def test_a_node_whose_whole_value_changed_is_marked_changed() -> None:
    a = yaml.safe_load(PIPELINE + "jobs:\n  a: {type: command, command: echo}\n  b: {type: command, command: echo}\n")
    b = yaml.safe_load(PIPELINE + "jobs:\n  a: {type: command, command: echo}\n  b: azureml:evaluate:3\n")
    replaced = Change(CHANGED, "jobs.b", "/jobs/b", "/jobs/b", a["jobs"]["b"], b["jobs"]["b"])
    (marked,) = graph_changes((a, "azureml/v2/pipeline-job"), (b, "azureml/v2/pipeline-job"), [replaced])
    assert [(n.name, n.mark) for n in marked.nodes] == [("a", ""), ("b", CHANGED)]
    # a node that only moved in its list is not changed by that (the order of a DAG's operations means nothing)
    moved = Change("moved", "jobs.b", "/jobs/b", "/jobs/b", None, None)
    (unmoved,) = graph_changes((a, "azureml/v2/pipeline-job"), (a, "azureml/v2/pipeline-job"), [moved])
    assert not unmoved.marked


HOSTILE_NAMES = [
    "end",
    'a"b',
    "x#35;y",
    "style:a#1;b",
    "classDef c fill:#f00",
    "<script>alert(1)</script>",
    "back`tick`",
    "line\nbreak\r",
    "%% comment",
    "a]b[c{d}e",
    "a|b",
    "x --> y",
    "bidi\u202eevil\u0000",
    "&lt;",
    "emoji🚀",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_no_name_leaves_its_label(name: str) -> None:
    text = label(name)
    # what is left once every entity is taken out: letters, digits and the characters a quoted label shows as written
    bare = re.sub(r"#\d+;", "", text)
    assert all(c.isalnum() or c in " _-./()," for c in bare), text
    assert "\n" not in text and "\r" not in text
    # the entities spell the name back (controls and line breaks become spaces)
    spelled = re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), text)
    assert spelled == "".join(c if c.isprintable() else " " for c in name)


def test_an_empty_name_is_drawn_as_quotes() -> None:
    """`n0[""]` is a Mermaid syntax error that loses the whole picture; a diff draws invalid files too."""
    lines = picture(MarkedGraph(OPERATIONS, "", (MarkedNode(""), MarkedNode("b", ADDED)), (MarkedEdge("", "b", (), ADDED),)))
    assert lines[2] == '  n0["#34;#34;"]' and '""' not in "".join(lines)
    assert lines[4] == '  n0 ==>|"added"| n1'  # an edge that passes nothing named has no quotes of its own


def test_labels_are_cut_and_marks_survive_the_cut() -> None:
    assert label("x" * 200) == "x" * 59 + "#8230;"
    lines = picture(MarkedGraph(OPERATIONS, "", (MarkedNode("y" * 200, ADDED), MarkedNode("end"))))
    assert lines[2] == f'  n0["{"y" * 59}#8230; (added)"]' and lines[3] == '  n1["end"]'


def _text_size(lines: list[str]) -> int:
    """The diagram text of a drawn picture as Mermaid counts it (UTF-16 code units, each line with its break)."""
    inside = lines[1 : lines.index("```", 1)]
    return sum(len(line.encode("utf-16-le")) // 2 + 1 for line in inside)


def test_no_picture_is_longer_than_mermaid_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    """Mermaid shows "Maximum text size in diagram exceeded" for diagram text over its maxTextSize; a hundred names
    written as entities get there well inside the node and edge limits. The picture whose text is exactly the limit
    is drawn, one character more is a sentence."""

    def name(index: int) -> str:
        return f"{index}" + "\U0001f680" * 70  # each rocket is an 8-character entity

    nodes = tuple(MarkedNode(name(i)) for i in range(MAX_NODES))

    def graph(edges: int, via: int) -> MarkedGraph:
        joined = [MarkedEdge(name(i % 99), name(i % 99 + 1), (str(i),)) for i in range(edges)]
        joined.append(MarkedEdge(name(0), name(99), ("v" * via,) if via else ()))
        return MarkedGraph(OPERATIONS, "", nodes, tuple(joined))

    sizes: dict[int, MarkedGraph] = {}
    with monkeypatch.context() as unlimited:
        unlimited.setattr(mermaid, "MAX_TEXT", 10**9)
        for edges in range(100, 200):
            for via in range(61):
                sizes.setdefault(_text_size(picture(graph(edges, via))), graph(edges, via))
            if MAX_TEXT in sizes and MAX_TEXT + 1 in sizes:
                break
    assert _text_size(picture(sizes[MAX_TEXT])) == MAX_TEXT
    (sentence,) = picture(sizes[MAX_TEXT + 1])
    assert sentence.startswith(f"Not drawn: the picture of {MAX_NODES} operations and ") and f"({MAX_TEXT})" in sentence


def test_pictures_of_a_document_stop_at_the_limit() -> None:
    many = [MarkedGraph(JOBS, f"jobs.p{i}", (MarkedNode("a"), MarkedNode("b"))) for i in range(MAX_PICTURES + 3)]
    out = pictures(many)
    assert out.count("```mermaid") == MAX_PICTURES
    assert "3 more pipelines nested in this one are not drawn." in out


def _dag(count: int, hostile: bool = False) -> str:
    names = [f"op{i}" + ('"]; click x' if hostile else "") for i in range(count)]
    operations = [{"name": names[0], "hubRef": "h"}]
    operations += [{"name": names[i], "hubRef": "h", "dependencies": [names[i - 1]]} for i in range(1, count)]
    return yaml.safe_dump({"version": 1.1, "kind": "component", "run": {"kind": "dag", "operations": operations}})


@pytest.mark.skipif(sys.platform == "win32", reason="resource limits and fork are POSIX")
def test_a_diff_of_thousands_of_operations_draws_no_picture(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text(_dag(3_000, hostile=True))
    (tmp_path / "b.yml").write_text(_dag(3_001, hostile=True))
    result = run_cli_bounded("diff", "--format", "markdown", str(tmp_path / "a.yml"), str(tmp_path / "b.yml"), cpu_seconds=60)
    assert result.exit_code == 1 and not result.traceback, result.stderr
    assert "```mermaid" not in result.stdout
    assert (
        f"Not drawn: 3001 operations and 3000 dependencies are more than a picture shows (at most {MAX_NODES} operations"
        in result.stdout
    )


def test_the_largest_picture_drawn(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text(_dag(MAX_NODES - 1))
    (tmp_path / "b.yml").write_text(_dag(MAX_NODES))
    out = run_cli("diff", "--format", "markdown", str(tmp_path / "a.yml"), str(tmp_path / "b.yml")).stdout
    fence = out[out.index("```mermaid") :]
    assert fence.count('"]\n') == MAX_NODES and f"n{MAX_NODES - 1}[" in fence


def test_a_report_draws_what_the_json_keeps_per_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Shared decisions are one checkbox in markdown; the JSON report keeps every file's own list."""
    monkeypatch.chdir(tmp_path)
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("a", "b", "c"):
        (repo / f"{name}.yml").write_text(
            "version: 1\nkind: experiment\nbuild:\n  image: python:3.7\n  build_steps: [pip install x]\nrun:\n  cmd: python x.py\n"
        )
    assert run_cli("convert", "repo", "--out", "out", "--report", "report.json").exit_code == 0
    assert run_cli("convert", "repo", "--out", "out2", "--report", "report.md").exit_code == 0
    report = json.loads(Path("report.json").read_text())
    assert [len(f["decide"]) for f in report["files"]] == [2, 2, 2] and report["totals"]["to decide"] == 6
    markdown = Path("report.md").read_text()
    assert markdown.count("- [ ] ") == 2
    assert "| items a person must decide | 6, in 2 checkboxes (a decision several files share is one) |" in markdown
    assert markdown.count("- 2 more to decide, shared with other files") == 3
