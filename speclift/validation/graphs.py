"""The cycles that keep a pipeline from starting (SL208), and the Polyaxon operations a DAG names but lacks (SL209).

The edges are :func:`speclift.graphs.graphs`' (which job or operation runs after which). When the run is compiled
(``polyaxon check``, ``polyaxon run``), polyaxon 1.20 refuses a name that is no operation ("the dag contains an orphan
ops") and a cycle ("Pipeline's graph is not acyclic"). azure-ai-ml 1.35 loads an Azure ML pipeline with a cycle without
a word (its pipeline builder has a "TODO: validate cycle") but no job of it can ever start. Names that are no job, and a
job binding its own output, are SL202's (azure_bindings).

Each cycle is found once, by a depth-first search in document order: every edge back to an operation still on the
search path closes one, reported at its first edge with the cycle spelled ``a -> b -> a`` (each runs after the one
before it). Breaking every reported cycle leaves the graph acyclic; the search visits each edge once.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from speclift.findings import Finding
from speclift.graphs import OPERATIONS, Edge, graphs
from speclift.validation.azure_bindings import Names
from speclift.validation.rules import RuleContext

_SPELLED = 12  # names a cycle's message spells before it elides: a message must not grow with the graph


def check(context: RuleContext) -> Iterator[Finding]:
    for graph in graphs(context.document.data, context.spec.id):
        if graph.kind == OPERATIONS:  # an Azure ML job naming no job is SL202's
            names = Names(dict.fromkeys(graph.nodes))
            for edge in graph.dangling:
                close = difflib.get_close_matches(edge.upstream, names.declared, n=1)
                yield context.finding(
                    "SL209",
                    f"operation {edge.downstream!r} runs after {edge.upstream!r}, which is no operation of this DAG (operations: {names.listed()})",
                    edge.pointer,
                    hint=f"did you mean {close[0]}?" if close else None,
                )
        yield from _cycles(context, list(graph.nodes), graph.edges, graph.kind)


def _cycles(context: RuleContext, order: list[str], edges: tuple[Edge, ...], what: str) -> Iterator[Finding]:
    """One finding per cycle a depth-first search in ``order`` closes; iterative, so that a long chain cannot
    exhaust the stack."""
    downstream: dict[str, dict[str, Edge]] = {}
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


def _cycle(context: RuleContext, path: list[str], start: int, downstream: dict[str, dict[str, Edge]], what: str) -> Finding:
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
