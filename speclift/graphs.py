"""Pipeline graphs: the jobs of an Azure ML pipeline or the operations of a Polyaxon DAG, and which runs after which,
read from loaded data.

One reading of the edges serves everything that needs them: the cycle and missing-name rules (SL208, SL209 in
:mod:`speclift.validation.graphs`), the diff, which marks what changed (:func:`compare`), and the pictures of the
markdown reports (:mod:`speclift.reporters.mermaid`).

A Polyaxon v1 (or 2.x) DAG's operation runs after the operations its ``dependencies``, its params' ``ref: ops.<name>``
and its events' ``ref: ops.<name>`` name (polyaxon 1.20's ``V1Dag._get_op_upstream``; a ``{{ ops.x... }}`` template in
a value without ``ref`` is no edge to it: the platform does not wait for ``x``). An Azure ML pipeline job runs after
the jobs whose outputs it binds (``${{parent.jobs.<job>.outputs...}}``). A pipeline inside a pipeline (a ``type:
pipeline`` job with ``jobs``, an operation whose inline component is a DAG, a component a DAG lists) is a graph of
its own: its nodes' names are its business.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from speclift.placeholders import REFERENCE, binding_expressions
from speclift.pointer import escape
from speclift.validation.walk import strings

JOBS, OPERATIONS = "jobs", "operations"  # what a graph's nodes are: an Azure ML pipeline's, a Polyaxon DAG's
ADDED, REMOVED, CHANGED = "added", "removed", "changed"  # the marks of a compared graph ("" for unchanged)
_PIPELINES = ("pipeline-job", "pipeline-component")


@dataclass(frozen=True, slots=True)
class Edge:
    """``downstream`` runs after ``upstream``; ``pointer`` (and ``text`` inside it) is where the downstream says so;
    ``via`` what passes along it when the spec says: the upstream's output an Azure ML binding names (``clean``), the
    value a Polyaxon param takes from it (``outputs.model``)."""

    upstream: str
    downstream: str
    pointer: str
    text: str | None = None
    via: str = ""


@dataclass(frozen=True, slots=True)
class Graph:
    """One pipeline's jobs or one DAG's operations. ``owner`` names the node holding it ("" for the document itself,
    ``jobs.train_loop``, ``run.operations[train].component``); ``nodes`` maps each name to its node's pointer, in
    document order (the first node of a repeated name); ``edges`` join two of them (a Polyaxon operation may name
    itself); ``dangling`` edges name no node of this graph (and, in Azure ML, a job's binding of its own output)."""

    kind: str
    owner: str
    nodes: dict[str, str]
    edges: tuple[Edge, ...] = ()
    dangling: tuple[Edge, ...] = ()


def graphs(data: Any, spec_id: str) -> list[Graph]:
    """Every pipeline graph of a loaded document of type ``spec_id``, each before the ones nested in it (none for a
    document that holds no pipeline)."""
    if not isinstance(data, dict):
        return []
    found: list[Graph] = []
    if spec_id.startswith(("polyaxon/v1/", "polyaxon/v2/")):
        component = data.get("component") if spec_id.endswith("/operation") else data
        if isinstance(component, dict):
            _polyaxon_component(component, "/component" if component is not data else "", "", found)
    elif spec_id.startswith("azureml/v2/") and spec_id.rsplit("/", 1)[1] in _PIPELINES:
        _azure_pipeline(data, "", "", found)
    return found


def _polyaxon_component(component: dict[str, Any], pointer: str, owner: str, found: list[Graph]) -> None:
    """The DAG of a component whose run is one, then those of the components inside it."""
    run = component.get("run")
    if not isinstance(run, dict):
        return
    operations = run.get("operations")
    prefix = f"{owner}." if owner else ""
    if run.get("kind") == "dag" and isinstance(operations, list):
        found.append(_polyaxon_dag(operations, f"{pointer}/run/operations", owner))
        for index, operation in enumerate(operations):
            inner = operation.get("component") if isinstance(operation, dict) else None
            if isinstance(inner, dict):
                name = _name(operation, index)
                at = f"{pointer}/run/operations/{index}/component"
                _polyaxon_component(inner, at, f"{prefix}run.operations[{name}].component", found)
    components = run.get("components")
    for index, inner in enumerate(components if isinstance(components, list) else []):
        if isinstance(inner, dict):
            _polyaxon_component(
                inner, f"{pointer}/run/components/{index}", f"{prefix}run.components[{_name(inner, index)}]", found
            )


def _name(item: dict[str, Any], index: int) -> str:
    name = item.get("name")
    return name if isinstance(name, str) else str(index)


def _polyaxon_dag(operations: list[Any], pointer: str, owner: str) -> Graph:
    nodes: dict[str, str] = {}
    edges: list[Edge] = []
    dangling: list[Edge] = []
    named = [
        (op["name"], f"{pointer}/{i}", op)
        for i, op in enumerate(operations)
        if isinstance(op, dict) and isinstance(op.get("name"), str)
    ]
    for name, at, _ in named:
        nodes.setdefault(name, at)
    for name, at, operation in named:
        for edge in _polyaxon_upstreams(name, operation, at):
            (edges if edge.upstream in nodes else dangling).append(edge)
    return Graph(OPERATIONS, owner, nodes, tuple(edges), tuple(dangling))


def _polyaxon_upstreams(name: str, operation: dict[str, Any], pointer: str) -> Iterator[Edge]:
    """Each edge into the operation ``name``."""
    dependencies = operation.get("dependencies")
    for index, upstream in enumerate(dependencies if isinstance(dependencies, list) else []):
        if isinstance(upstream, str):
            yield Edge(upstream, name, f"{pointer}/dependencies/{index}")
    params = operation.get("params")
    for param, value in (params if isinstance(params, dict) else {}).items():
        upstream = _ops_ref(value)
        if upstream is not None:
            taken = value.get("value")
            via = taken if isinstance(taken, str) else ""
            yield Edge(upstream, name, f"{pointer}/params/{escape(str(param))}/ref", via=via)
    events = operation.get("events")
    for index, event in enumerate(events if isinstance(events, list) else []):
        upstream = _ops_ref(event)
        if upstream is not None:
            yield Edge(upstream, name, f"{pointer}/events/{index}/ref")


def _ops_ref(holder: Any) -> str | None:
    """The operation ``ref: ops.<name>`` names in a param or an event, if it names one."""
    ref = holder.get("ref") if isinstance(holder, dict) else None
    if isinstance(ref, str):
        parts = ref.split(".")
        if len(parts) == 2 and parts[0] == "ops" and parts[1]:
            return parts[1]
    return None


def _azure_pipeline(data: dict[str, Any], pointer: str, owner: str, found: list[Graph]) -> None:
    jobs = data.get("jobs")
    jobs = jobs if isinstance(jobs, dict) else {}
    nodes = {str(name): f"{pointer}/jobs/{escape(str(name))}" for name in jobs}
    edges: list[Edge] = []
    dangling: list[Edge] = []
    nested: list[tuple[dict[str, Any], str, str]] = []
    for name, node in jobs.items():
        if not isinstance(node, dict):
            continue
        at = nodes[str(name)]
        for edge in job_references(str(name), node, at):
            (edges if edge.upstream in nodes and edge.upstream != name else dangling).append(edge)
        if _nests(node):
            nested.append((node, at, f"{owner}.jobs.{name}" if owner else f"jobs.{name}"))
    found.append(Graph(JOBS, owner, nodes, tuple(edges), tuple(dangling)))
    for node, at, inner in nested:
        _azure_pipeline(node, at, inner, found)


def _nests(node: dict[str, Any]) -> bool:
    """Whether a pipeline node holds a pipeline of its own (its ``jobs``, whose bindings name their own siblings)."""
    return node.get("type") == "pipeline" and "jobs" in node


def job_references(name: str, node: dict[str, Any], pointer: str) -> Iterator[Edge]:
    """An edge for each ``${{parent.jobs.<job>.outputs...}}`` the pipeline node ``name`` consumes; a nested pipeline's
    own jobs are its business. Only the node's own ``jobs`` key is one: an input, an output or an environment
    variable may be named ``jobs`` too."""
    nested = _nests(node)
    texts = (
        found
        for key, value in node.items()
        if not (nested and key == "jobs")
        for found in strings(value, f"{pointer}/{escape(str(key))}")
    )
    for at, text in texts:
        for expression, literal in binding_expressions(text):
            parts = expression.split(".")
            if len(parts) >= 5 and parts[:2] == ["parent", "jobs"] and parts[3] == "outputs" and REFERENCE.match(expression):
                yield Edge(parts[2], name, at, literal, ".".join(parts[4:]))


# ---------------------------------------------------------------------------------------------------------------
# Two versions of a document's graphs, marked


@dataclass(frozen=True, slots=True)
class MarkedNode:
    name: str
    mark: str = ""  # ADDED, REMOVED, CHANGED or "" (as before)


@dataclass(frozen=True, slots=True)
class MarkedEdge:
    """Every edge between two nodes as one: ``via`` what passes along them, each once, in the order written (and for
    a changed edge, ``before`` what passed along it in A)."""

    upstream: str
    downstream: str
    via: tuple[str, ...] = ()
    mark: str = ""
    before: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MarkedGraph:
    """A graph to show: its nodes and edges, each marked with what a diff found about it (nothing, for one version)."""

    kind: str
    owner: str
    nodes: tuple[MarkedNode, ...]
    edges: tuple[MarkedEdge, ...] = ()

    @property
    def marked(self) -> bool:
        return any(n.mark for n in self.nodes) or any(e.mark for e in self.edges)


def unmarked(graph: Graph) -> MarkedGraph:
    """One version of a graph, nothing marked."""
    return MarkedGraph(graph.kind, graph.owner, tuple(MarkedNode(n) for n in graph.nodes), tuple(_joined(graph).values()))


def _joined(graph: Graph, mark: str = "") -> dict[tuple[str, str], MarkedEdge]:
    """The graph's edges, one per (upstream, downstream), in the order first written."""
    vias: dict[tuple[str, str], dict[str, None]] = {}
    for edge in graph.edges:
        vias.setdefault((edge.upstream, edge.downstream), {})
        if edge.via:
            vias[edge.upstream, edge.downstream][edge.via] = None
    return {pair: MarkedEdge(*pair, tuple(via), mark) for pair, via in vias.items()}


@dataclass(slots=True)
class Touched:
    """The nodes a diff's changes lie inside: every pointer that is the parent of a changed one, on each side, and
    the changed one itself when its value was replaced (a job written as a mapping, now a component reference)."""

    a: set[str] = field(default_factory=set)
    b: set[str] = field(default_factory=set)

    def add(self, pointer_a: str | None, pointer_b: str | None, *, itself: bool = False) -> None:
        for pointer, into in ((pointer_a, self.a), (pointer_b, self.b)):
            if itself and pointer is not None:
                into.add(pointer)
            while pointer:  # "/jobs/train/compute" touches "/jobs/train", "/jobs" and ""
                pointer = pointer.rsplit("/", 1)[0]
                if pointer in into:
                    break  # its ancestors are in already
                into.add(pointer)


def compare(a: Iterable[Graph], b: Iterable[Graph], touched: Touched) -> list[MarkedGraph]:
    """B's graphs marked against A's, paired by their owner: nodes and edges only one side has are added or removed;
    a node inside which a change lies, or an edge whose ``via`` differs, is changed. A graph only A has comes after
    B's, all removed."""
    before = {(g.kind, g.owner): g for g in a}
    result: list[MarkedGraph] = []
    for graph in b:
        old = before.pop((graph.kind, graph.owner), None)
        result.append(_marked(old, graph, touched) if old is not None else _all(graph, ADDED))
    result.extend(_all(graph, REMOVED) for graph in before.values())
    return result


def _all(graph: Graph, mark: str) -> MarkedGraph:
    return MarkedGraph(
        graph.kind, graph.owner, tuple(MarkedNode(n, mark) for n in graph.nodes), tuple(_joined(graph, mark).values())
    )


def _marked(a: Graph, b: Graph, touched: Touched) -> MarkedGraph:
    nodes = []
    for name, pointer in b.nodes.items():
        if name not in a.nodes:
            mark = ADDED
        elif pointer in touched.b or a.nodes[name] in touched.a:
            mark = CHANGED
        else:
            mark = ""
        nodes.append(MarkedNode(name, mark))
    nodes.extend(MarkedNode(name, REMOVED) for name in a.nodes if name not in b.nodes)
    old, new = _joined(a), _joined(b)
    edges = []
    for pair, edge in new.items():
        was = old.get(pair)
        if was is None:
            edges.append(MarkedEdge(*pair, edge.via, ADDED))
        elif set(was.via) != set(edge.via):
            edges.append(MarkedEdge(*pair, edge.via, CHANGED, was.via))
        else:
            edges.append(edge)
    edges.extend(MarkedEdge(*pair, edge.via, REMOVED) for pair, edge in old.items() if pair not in new)
    return MarkedGraph(b.kind, b.owner, tuple(nodes), tuple(edges))
