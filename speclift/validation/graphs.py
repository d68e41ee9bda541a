"""The graph of a pipeline, which job or operation runs after which, and the cycles that keep it from starting.

A Polyaxon v1 DAG's operation runs after the operations its ``dependencies``, its params' ``ref: ops.<name>`` and
its events' ``ref: ops.<name>`` name (polyaxon 1.20's ``V1Dag._get_op_upstream``; a ``{{ ops.x... }}`` template in a
value without ``ref`` is no edge to it). When the run is compiled (``polyaxon check``, ``polyaxon run``), polyaxon
1.20 refuses a name that is no operation ("the dag contains an orphan ops") and a cycle ("Pipeline's graph is not
acyclic"). An Azure ML pipeline job runs after the jobs whose outputs it binds (``${{parent.jobs.<job>.outputs...}}``);
azure-ai-ml 1.35 loads a cycle without a word (its pipeline builder has a "TODO: validate cycle") but no job of it
can ever start. Names that are no job, and a job binding its own output, are SL202's (azure_bindings).

Each cycle is found once, by a depth-first search in document order: every edge back to an operation still on the
search path closes one, reported at its first edge with the cycle spelled ``a -> b -> a`` (each runs after the one
before it). Breaking every reported cycle leaves the graph acyclic; the search visits each edge once.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from speclift.findings import Finding
from speclift.pointer import escape
from speclift.validation.azure_bindings import Names, job_references
from speclift.validation.rules import RuleContext
from speclift.validation.walk import mapping

_SPELLED = 12  # names a cycle's message spells before it elides: a message must not grow with the graph


@dataclass(frozen=True, slots=True)
class _Edge:
    """``downstream`` runs after ``upstream``; ``pointer`` (and ``text`` inside it) is where the downstream says so."""

    upstream: str
    downstream: str
    pointer: str
    text: str | None = None


def check(context: RuleContext) -> Iterator[Finding]:
    data = context.document.data
    if not isinstance(data, dict):
        return
    if context.spec.id.startswith(("polyaxon/v1/", "polyaxon/v2/")):
        component = data.get("component") if context.spec.id.endswith("/operation") else data
        if isinstance(component, dict):
            yield from _polyaxon_component(context, component, "/component" if component is not data else "")
    elif context.spec.id.rsplit("/", 1)[1] in ("pipeline-job", "pipeline-component"):
        yield from _azure_pipeline(context, data, "")


def _polyaxon_component(context: RuleContext, component: dict[str, Any], pointer: str) -> Iterator[Finding]:
    """The DAG of a component whose run is one, then those of the components inside it."""
    run = component.get("run")
    if not isinstance(run, dict):
        return
    operations = run.get("operations")
    if run.get("kind") == "dag" and isinstance(operations, list):
        yield from _polyaxon_dag(context, operations, f"{pointer}/run/operations")
        for index, operation in enumerate(operations):
            inner = operation.get("component") if isinstance(operation, dict) else None
            if isinstance(inner, dict):
                yield from _polyaxon_component(context, inner, f"{pointer}/run/operations/{index}/component")
    components = run.get("components")
    for index, inner in enumerate(components if isinstance(components, list) else []):
        if isinstance(inner, dict):
            yield from _polyaxon_component(context, inner, f"{pointer}/run/components/{index}")


def _polyaxon_dag(context: RuleContext, operations: list[Any], pointer: str) -> Iterator[Finding]:
    named = [
        (op["name"], f"{pointer}/{i}", op)
        for i, op in enumerate(operations)
        if isinstance(op, dict) and isinstance(op.get("name"), str)
    ]
    names = Names({name: None for name, _, _ in named})
    edges: list[_Edge] = []
    for name, at, operation in named:
        for upstream, where in _polyaxon_upstreams(operation, at):
            if upstream in names:
                edges.append(_Edge(upstream, name, where))
            else:
                close = difflib.get_close_matches(upstream, names.declared, n=1)
                yield context.finding(
                    "SL209",
                    f"operation {name!r} runs after {upstream!r}, which is no operation of this DAG (operations: {names.listed()})",
                    where,
                    hint=f"did you mean {close[0]}?" if close else None,
                )
    yield from _cycles(context, [name for name, _, _ in named], edges, "operations")


def _polyaxon_upstreams(operation: dict[str, Any], pointer: str) -> Iterator[tuple[str, str]]:
    """(upstream operation, where it is named) for each edge into ``operation``."""
    dependencies = operation.get("dependencies")
    for index, name in enumerate(dependencies if isinstance(dependencies, list) else []):
        if isinstance(name, str):
            yield name, f"{pointer}/dependencies/{index}"
    for param, value in mapping(operation, "params").items():
        upstream = _ops_ref(value)
        if upstream is not None:
            yield upstream, f"{pointer}/params/{escape(str(param))}/ref"
    events = operation.get("events")
    for index, event in enumerate(events if isinstance(events, list) else []):
        upstream = _ops_ref(event)
        if upstream is not None:
            yield upstream, f"{pointer}/events/{index}/ref"


def _ops_ref(holder: Any) -> str | None:
    """The operation ``ref: ops.<name>`` names in a param or an event, if it names one."""
    ref = holder.get("ref") if isinstance(holder, dict) else None
    if isinstance(ref, str):
        parts = ref.split(".")
        if len(parts) == 2 and parts[0] == "ops" and parts[1]:
            return parts[1]
    return None


def _azure_pipeline(context: RuleContext, data: dict[str, Any], pointer: str) -> Iterator[Finding]:
    jobs = mapping(data, "jobs")
    edges: list[_Edge] = []
    for name, node in jobs.items():
        if not isinstance(node, dict):
            continue
        node_pointer = f"{pointer}/jobs/{escape(str(name))}"
        for source, at, literal in job_references(node, node_pointer):
            if source in jobs and source != name:  # the others are SL202's
                edges.append(_Edge(source, name, at, literal))
        if node.get("type") == "pipeline" and "jobs" in node:
            yield from _azure_pipeline(context, node, node_pointer)
    yield from _cycles(context, [str(name) for name in jobs], edges, "jobs")


def _cycles(context: RuleContext, order: list[str], edges: list[_Edge], what: str) -> Iterator[Finding]:
    """One finding per cycle a depth-first search in ``order`` closes; iterative, so that a long chain cannot
    exhaust the stack."""
    downstream: dict[str, dict[str, _Edge]] = {}
    for edge in edges:  # the first place an edge is written locates it
        downstream.setdefault(edge.upstream, {}).setdefault(edge.downstream, edge)
    done: set[str] = set()
    for root in order:
        if root in done:
            continue
        path, on_path = [root], {root: 0}
        pending = [iter(downstream.get(root, {}))]
        while pending:
            following = next(pending[-1], None)
            if following is None:
                pending.pop()
                finished = path.pop()
                del on_path[finished]
                done.add(finished)
            elif following in on_path:
                yield _cycle(context, path, on_path[following], downstream, what)
            elif following not in done:
                on_path[following] = len(path)
                path.append(following)
                pending.append(iter(downstream.get(following, {})))


def _cycle(context: RuleContext, path: list[str], start: int, downstream: dict[str, dict[str, _Edge]], what: str) -> Finding:
    """The cycle ``path[start:]`` closes back to ``path[start]``, at its first edge."""
    first = path[start]
    second = path[start + 1] if start + 1 < len(path) else first
    members = len(path) - start
    if members <= _SPELLED:
        spelled = " -> ".join([*path[start:], first])
    else:
        shown = path[start : start + _SPELLED - 1]
        spelled = " -> ".join([*shown, f"... ({members - len(shown) - 1} more)", path[-1], first])
    edge = downstream[first][second]
    return context.finding(
        "SL208",
        f"the {what} form a cycle: {spelled} (each runs after the one before it), so none of them can start",
        edge.pointer,
        hint="remove one of these dependencies",
        text=edge.text,
    )
