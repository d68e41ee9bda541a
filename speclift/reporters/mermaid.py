"""Pipeline graphs as Mermaid flowcharts in markdown (GitHub and GitLab draw a ```mermaid fence as a picture).

Pure formatting of :class:`~speclift.graphs.MarkedGraph` values, shared by the markdown diff and the migration report.
Node ids are generated (``n0``, ``n1``, ... in the graph's order) and names are quoted labels in which every character
Mermaid could read as syntax is written as an entity (``#35;`` for ``#``): no name can close its label, start a
comment or a style, or be a keyword such as ``end``. Marks are told three ways, so that a reader without colour (or a
renderer without Mermaid) still sees them: the label's words (``train (changed)``), the arrow's line (thick for added,
dotted for removed) and the colour (``classDef`` and ``linkStyle``), with a legend under the picture.

A graph over :data:`MAX_NODES` nodes or :data:`MAX_EDGES` edges is not drawn (a picture that size helps nobody, and a
hostile spec must not make the report unbounded): a sentence says how big it is instead. Nor is one whose text is
longer than Mermaid draws (:data:`MAX_TEXT`, its default ``maxTextSize``, which GitHub and GitLab keep: past it they
show an error in place of the picture), as a hundred long names written as entities can be. A document's pictures
stop at :data:`MAX_PICTURES`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from speclift.graphs import ADDED, CHANGED, JOBS, REMOVED, MarkedEdge, MarkedGraph

MAX_NODES = 100
MAX_EDGES = 300
MAX_PICTURES = 10  # per document: pipelines nested in pipelines are drawn one by one
MAX_TEXT = 50_000  # Mermaid's maxTextSize: the most UTF-16 code units of diagram text it draws
_LABEL = 60  # characters of a name a label shows
_VERBATIM = frozenset(" _-./(),")  # with letters and digits: what a quoted label shows as written

# mark -> (node style, arrow, arrow colour, what the legend says)
_STYLES = {
    ADDED: ("fill:#dafbe1,stroke:#1a7f37,color:#1f2328", "==>", "#1a7f37", "green, thick arrows"),
    REMOVED: ("fill:#ffebe9,stroke:#cf222e,color:#1f2328,stroke-dasharray:4 3", "-.->", "#cf222e", "red, dotted arrows"),
    CHANGED: ("fill:#fff8c5,stroke:#9a6700,color:#1f2328", "-->", "#9a6700", "amber"),
}


def label(text: str) -> str:
    """``text`` as the inside of a quoted Mermaid label: cut at :data:`_LABEL` characters, line breaks and other
    control characters as spaces, anything but letters, digits and ``_-./(),`` as a decimal entity. An empty name
    (which the platforms refuse, but a diff still draws) is shown as ``""``: Mermaid cannot parse an empty label."""
    if not text:
        return "#34;#34;"
    if len(text) > _LABEL:
        text = text[: _LABEL - 1] + "…"
    out = []
    for character in text:
        if character.isalnum() or character in _VERBATIM:
            out.append(character)
        elif unicodedata.category(character)[0] in "CZ":  # controls, format characters, line and space separators
            out.append(" ")
        else:
            out.append(f"#{ord(character)};")
    return "".join(out)


def _nouns(graph: MarkedGraph) -> tuple[str, str]:
    return ("job", "jobs") if graph.kind == JOBS else ("operation", "operations")


def title(graph: MarkedGraph) -> str:
    """What the picture shows: ``The pipeline's jobs``, ``The operations of `run.operations[train].component```."""
    _, nodes = _nouns(graph)
    if not graph.owner:
        return f"The {'pipeline' if graph.kind == JOBS else 'DAG'}'s {nodes}"
    owner = graph.owner.replace("`", "'").replace("\n", " ")  # a code span cannot hold a backtick or a line break
    return f"The {nodes} of `{owner}`"


def pictures(graphs: Sequence[MarkedGraph]) -> list[str]:
    """Markdown lines drawing each graph (at most :data:`MAX_PICTURES`), each after a line saying what it shows,
    and a legend under a picture with marks."""
    out: list[str] = []
    for graph in graphs[:MAX_PICTURES]:
        out += [f"{title(graph)}, each after the ones whose arrows point to it:", ""]
        out += picture(graph)
        out.append("")
    if len(graphs) > MAX_PICTURES:
        more = len(graphs) - MAX_PICTURES
        out += [f"{more} more pipeline{'s' * (more != 1)} nested in this one {'are' if more != 1 else 'is'} not drawn.", ""]
    return out


def picture(graph: MarkedGraph) -> list[str]:
    """The graph as a ```mermaid fence (and its legend), or a sentence when it is too big to draw."""
    one, many = _nouns(graph)
    nodes, edges = len(graph.nodes), len(graph.edges)
    if nodes > MAX_NODES or edges > MAX_EDGES:
        return [
            f"Not drawn: {nodes} {one if nodes == 1 else many} and {edges} dependenc{'y' if edges == 1 else 'ies'} "
            f"are more than a picture shows (at most {MAX_NODES} {many} and {MAX_EDGES} dependencies)."
        ]
    ids = {node.name: f"n{index}" for index, node in enumerate(graph.nodes)}
    lines = ["```mermaid", "flowchart TD"]
    for node in graph.nodes:
        mark = f" ({node.mark})" if node.mark else ""  # after the cut: a long name keeps its mark
        lines.append(f'  {ids[node.name]}["{label(node.name)}{mark}"]')
    for edge in graph.edges:
        lines.append(f"  {ids[edge.upstream]} {_arrow(edge)} {ids[edge.downstream]}")
    marks = [mark for mark in _STYLES if any(n.mark == mark for n in graph.nodes) or any(e.mark == mark for e in graph.edges)]
    for mark in marks:
        lines.append(f"  classDef {mark} {_STYLES[mark][0]}")
    for mark in marks:
        marked = [ids[n.name] for n in graph.nodes if n.mark == mark]
        if marked:
            lines.append(f"  class {','.join(marked)} {mark}")
    for mark in marks:
        links = [str(index) for index, edge in enumerate(graph.edges) if edge.mark == mark]
        if links:
            lines.append(f"  linkStyle {','.join(links)} stroke:{_STYLES[mark][2]},stroke-width:2px")
    size = sum(len(line.encode("utf-16-le")) // 2 + 1 for line in lines[1:])  # as JavaScript counts, line breaks too
    if size > MAX_TEXT:
        return [
            f"Not drawn: the picture of {nodes} {one if nodes == 1 else many} and {edges} "
            f"dependenc{'y' if edges == 1 else 'ies'} would be {size} characters of Mermaid, more than it draws "
            f"({MAX_TEXT})."
        ]
    lines.append("```")
    if marks:
        told = "; ".join(f"*{mark}* ({_STYLES[mark][3]})" for mark in marks)
        lines += ["", f"Marked {told}; the rest is as before."]
    return lines


def _arrow(edge: MarkedEdge) -> str:
    arrow = _STYLES[edge.mark][1] if edge.mark else "-->"
    words = _carried(edge.via)
    if edge.mark == CHANGED:  # an edge that carries nothing named (a Polyaxon dependency) only orders the two
        words = f"was {_carried(edge.before) or 'order only'}, now {words or 'order only'}"
    if edge.mark:
        words = f"{words} ({edge.mark})" if words else edge.mark
    return f'{arrow}|"{words}"|' if words else arrow


def _carried(via: tuple[str, ...]) -> str:
    """What an edge passes, as label text ("" for nothing)."""
    return label(", ".join(via)) if via else ""
