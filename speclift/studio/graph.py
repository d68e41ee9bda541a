"""An ML Studio (classic) experiment graph read into plain values: nodes, their ports and parameters, the edges
between ports, the web service's ports and parameters; each with the JSON pointer it was read from.

Only ``Graph`` and ``WebService`` are read (all Studio's own importer read back); ``NodeStatuses`` (the last run's
state, with storage access tokens) is never touched. Facts about the shape: module ids are
``<workspace>.<family>.<version>``; a port id is ``<node id>:<port name>``, split on the first colon (node ids hold
none, port names may hold spaces); saved datasets, trained models and transforms are no nodes but ids on the input
port they feed; a column selection's value is URL-encoded JSON.
"""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from speclift.pointer import escape

GLOBAL_WORKSPACE = "506153734175476c4f62416c57734963"  # owns the built-in modules ("PaSsAuGlObAlWsIc" in hex)


class GraphError(Exception):
    """The graph cannot be read: ``pointer`` names the part."""

    def __init__(self, message: str, pointer: str) -> None:
        super().__init__(message)
        self.message = message
        self.pointer = pointer


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    value: str
    pointer: str  # of the parameter's entry
    linked: str | None = None  # the web service parameter it takes its value from

    @property
    def decoded(self) -> str:
        """The value with a column selection's URL encoding undone (`%7B%22isFilter...` -> `{"isFilter"...`)."""
        return decode_column_picker(self.value)


@dataclass(frozen=True, slots=True)
class InputPort:
    name: str
    pointer: str
    dataset: str | None = None  # a saved dataset, trained model or transform feeding the port (no node)
    asset_kind: str | None = None  # DataSourceId | TrainedModelId | TransformModuleId


@dataclass(frozen=True, slots=True)
class OutputPort:
    name: str
    pointer: str
    output_type: str | None = None


@dataclass(slots=True)
class Node:
    id: str
    module_id: str
    pointer: str
    comment: str = ""
    parameters: list[Parameter] = field(default_factory=list)
    inputs: list[InputPort] = field(default_factory=list)
    outputs: list[OutputPort] = field(default_factory=list)

    @property
    def workspace(self) -> str:
        return self.module_id.split(".")[0]

    @property
    def family_id(self) -> str:
        parts = self.module_id.split(".")
        return parts[1].lower() if len(parts) > 1 else ""

    @property
    def custom(self) -> bool:
        """A module the user's workspace owns (a custom R module, say), not a built-in one."""
        return self.workspace.lower() != GLOBAL_WORKSPACE

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


@dataclass(frozen=True, slots=True)
class Port:
    node: str
    name: str

    def __str__(self) -> str:
        return f"{self.node}:{self.name}"


@dataclass(frozen=True, slots=True)
class Edge:
    source: Port
    target: Port
    pointer: str


@dataclass(frozen=True, slots=True)
class ServicePort:
    name: str
    port: Port
    pointer: str


@dataclass(frozen=True, slots=True)
class ServiceParameter:
    name: str
    value: str
    type: str  # Int, Double, String, ... ("" when not said)
    default: str
    pointer: str


@dataclass(slots=True)
class Experiment:
    name: str  # the Description, which the Studio showed as the experiment's name
    summary: str
    nodes: list[Node]
    edges: list[Edge]
    service_inputs: list[ServicePort] = field(default_factory=list)
    service_outputs: list[ServicePort] = field(default_factory=list)
    service_parameters: list[ServiceParameter] = field(default_factory=list)
    is_service: bool = False  # the predictive experiment a web service runs
    graph_pointer: str = "/Graph"

    # Lookups built once (a graph of thousands of modules asks them for every port): by node id, and the edges into
    # and out of each node, in the file's order
    _by_id: dict[str, Node] = field(default_factory=dict, init=False, repr=False)
    _into: dict[str, list[Edge]] = field(default_factory=dict, init=False, repr=False)
    _out_of: dict[str, list[Edge]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for node in self.nodes:
            self._by_id.setdefault(node.id, node)
        for edge in self.edges:
            self._into.setdefault(edge.target.node, []).append(edge)
            self._out_of.setdefault(edge.source.node, []).append(edge)

    def node(self, node_id: str) -> Node | None:
        return self._by_id.get(node_id)

    def into(self, node: Node) -> list[Edge]:
        """The edges into any of ``node``'s input ports."""
        return self._into.get(node.id, [])

    def out_of(self, node: Node) -> list[Edge]:
        """The edges out of any of ``node``'s output ports."""
        return self._out_of.get(node.id, [])

    def feeding(self, node: Node, port: str) -> list[Edge]:
        """The edges into ``node``'s input ``port``."""
        return [e for e in self.into(node) if e.target.name == port]

    def fed_by(self, node: Node, port: str) -> list[Edge]:
        """The edges out of ``node``'s output ``port``."""
        return [e for e in self.out_of(node) if e.source.name == port]

    def layers(self) -> list[list[Node]]:
        """The nodes by depth: layer 0 reads from no module, each later one only from layers before it, every layer
        in the file's order (Kahn's algorithm, a layer at a time). Raises GraphError on a cycle."""
        position = {n.id: i for i, n in enumerate(self.nodes)}
        waiting = {n.id: {e.source.node for e in self.into(n)} for n in self.nodes}
        readers: dict[str, list[str]] = {}
        for target, sources in waiting.items():
            for source in sources:
                readers.setdefault(source, []).append(target)
        layer = [n for n in self.nodes if not waiting[n.id]]
        found: list[list[Node]] = []
        placed = 0
        while layer:
            found.append(layer)
            placed += len(layer)
            freed: set[str] = set()
            for node in layer:
                for reader in readers.get(node.id, ()):
                    waiting[reader].discard(node.id)
                    if not waiting[reader]:
                        freed.add(reader)
            layer = sorted((self._by_id[i] for i in freed), key=lambda n: position[n.id])
        if placed < len(self.nodes):
            stuck = next(n for n in self.nodes if waiting[n.id])
            raise GraphError(f"the edges form a cycle through node {stuck.id}", stuck.pointer)
        return found

    def order(self) -> list[Node]:
        """The nodes in an order where every node comes after those it reads from (by layer, then file order)."""
        return [node for layer in self.layers() for node in layer]


def decode_column_picker(value: str) -> str:
    """Undo the URL encoding the Studio gave column selections; any other value is returned as it is."""
    if value.startswith("%7B") or value.startswith("%7b"):
        decoded = urllib.parse.unquote(value)
        try:
            json.loads(decoded)
        except ValueError:
            return value
        return decoded
    return value


def split_port(text: str, pointer: str) -> Port:
    node, colon, name = text.partition(":")
    if not colon or not node or not name:
        raise GraphError(f"{text!r} is not a port id (`<node id>:<port name>`)", pointer)
    return Port(node, name)


def read_experiment(data: Any) -> Experiment:
    """The experiment in ``data`` (a whole exported experiment, or its bare Graph object)."""
    if not isinstance(data, dict):
        raise GraphError("the document is not a JSON object", "")
    bare = "ModuleNodes" in data
    graph, base = (data, "") if bare else (data.get("Graph"), "/Graph")
    if not isinstance(graph, dict):
        raise GraphError("Graph is not an object", base)
    nodes = [_node(item, f"{base}/ModuleNodes/{i}") for i, item in enumerate(_list(graph, "ModuleNodes", base))]
    seen: set[str] = set()
    for node in nodes:
        if node.id in seen:
            raise GraphError(f"two nodes have the id {node.id}", node.pointer + "/Id")
        seen.add(node.id)
    edges = [_edge(item, f"{base}/EdgesInternal/{i}") for i, item in enumerate(_list(graph, "EdgesInternal", base))]
    experiment = Experiment(
        _text(data.get("Description")) if not bare else "",
        _text(data.get("Summary")) if not bare else "",
        nodes,
        edges,
        graph_pointer=base,
    )
    _check_edges(experiment)
    service = None if bare else data.get("WebService")
    if isinstance(service, dict):
        experiment.is_service = service.get("IsWebServiceExperiment") is True
        experiment.service_inputs = _service_ports(service, "Inputs", experiment)
        experiment.service_outputs = _service_ports(service, "Outputs", experiment)
        experiment.service_parameters = [
            _service_parameter(item, f"/WebService/Parameters/{i}")
            for i, item in enumerate(_list(service, "Parameters", "/WebService"))
        ]
    return experiment


def _list(owner: dict[str, Any], key: str, base: str) -> list[Any]:
    value = owner.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise GraphError(f"{key} is not a list", f"{base}/{escape(key)}")
    return value


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _object(item: Any, pointer: str, what: str) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise GraphError(f"{what} is not an object", pointer)
    return item


def _required(item: dict[str, Any], key: str, pointer: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value:
        raise GraphError(f"{key} is missing or not a text", f"{pointer}/{key}")
    return value


def _node(item: Any, pointer: str) -> Node:
    entry = _object(item, pointer, "a module node")
    node = Node(_required(entry, "Id", pointer), _required(entry, "ModuleId", pointer), pointer, _text(entry.get("Comment")))
    if ":" in node.id:
        raise GraphError(f"the node id {node.id!r} holds a colon, which port ids use as a separator", pointer + "/Id")
    for i, raw in enumerate(_list(entry, "ModuleParameters", pointer)):
        where = f"{pointer}/ModuleParameters/{i}"
        parameter = _object(raw, where, "a module parameter")
        linked = parameter.get("LinkedGlobalParameter")
        value = parameter.get("Value")
        if isinstance(value, (list, dict)):  # a number or true reads as its text; a structure has none
            raise GraphError("Value is not a text", f"{where}/Value")
        node.parameters.append(
            Parameter(
                _required(parameter, "Name", where),
                _text(value),
                where,
                linked if isinstance(linked, str) and linked else None,
            )
        )
    for i, raw in enumerate(_list(entry, "InputPortsInternal", pointer)):
        where = f"{pointer}/InputPortsInternal/{i}"
        port = _object(raw, where, "an input port")
        asset = next(((key, port[key]) for key in _ASSET_KEYS if isinstance(port.get(key), str) and port[key]), None)
        node.inputs.append(
            InputPort(_required(port, "Name", where), where, asset[1] if asset else None, asset[0] if asset else None)
        )
    for i, raw in enumerate(_list(entry, "OutputPortsInternal", pointer)):
        where = f"{pointer}/OutputPortsInternal/{i}"
        port = _object(raw, where, "an output port")
        kind = port.get("OutputType")
        node.outputs.append(OutputPort(_required(port, "Name", where), where, kind if isinstance(kind, str) else None))
    return node


_ASSET_KEYS = ("DataSourceId", "TrainedModelId", "TransformModuleId")


def _edge(item: Any, pointer: str) -> Edge:
    entry = _object(item, pointer, "an edge")
    source = split_port(_required(entry, "SourceOutputPortId", pointer), pointer + "/SourceOutputPortId")
    target = split_port(_required(entry, "DestinationInputPortId", pointer), pointer + "/DestinationInputPortId")
    return Edge(source, target, pointer)


def _check_edges(experiment: Experiment) -> None:
    """Every edge joins an output port of one node to an input port of another (ports a node does not list are
    taken as they are: older exports leave unconnected ports out)."""
    for edge in experiment.edges:
        for end, key in ((edge.source, "SourceOutputPortId"), (edge.target, "DestinationInputPortId")):
            if experiment.node(end.node) is None:
                raise GraphError(f"the edge names node {end.node}, which the graph does not have", f"{edge.pointer}/{key}")


def _service_ports(service: dict[str, Any], key: str, experiment: Experiment) -> list[ServicePort]:
    ports: list[ServicePort] = []
    for i, raw in enumerate(_list(service, key, "/WebService")):
        where = f"/WebService/{key}/{i}"
        entry = _object(raw, where, f"a web service {key[:-1].lower()}")
        port = split_port(_required(entry, "PortId", where), where + "/PortId")
        if experiment.node(port.node) is None:
            raise GraphError(f"the web service port names node {port.node}, which the graph does not have", where + "/PortId")
        ports.append(ServicePort(_text(entry.get("Name")) or port.name, port, where))
    return ports


def _service_parameter(item: Any, pointer: str) -> ServiceParameter:
    entry = _object(item, pointer, "a web service parameter")
    definition = entry.get("ParameterDefinition")
    kind = default = ""
    if isinstance(definition, dict):  # a shallow PowerShell export flattens it to text: then it says nothing
        kind = _text(definition.get("ParameterType"))
        if definition.get("HasDefaultValue") is True:
            default = _text(definition.get("DefaultValue"))
    return ServiceParameter(_required(entry, "Name", pointer), _text(entry.get("Value")), kind, default, pointer)
