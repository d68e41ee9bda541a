"""``${{...}}`` bindings in Azure ML v2 specs.

Command jobs and inline pipeline nodes are not checked by the official SDK at all (``python x.py ${{inputs.nope}}``
loads fine and fails at run time); components are, pipelines partly. This rule checks every scope the same way:

* ``${{inputs.x}}`` / ``${{outputs.y}}`` name an input/output declared in the same job, node or component;
* ``${{search_space.k}}`` in a sweep trial names a search-space key;
* ``${{parent.inputs.x}}``, ``${{parent.outputs.y}}`` and ``${{parent.jobs.j.outputs.o}}`` resolve in the pipeline;
* every ``${{...}}`` in the document is a binding at all: not empty, no name missing between dots, starting with
  ``inputs``, ``outputs``, ``search_space`` or ``parent`` (SL203), and closed (SL210).

What azure-ai-ml 1.35 says about malformed expressions: a component's ``command`` is checked when it loads
(``${{input.epochs}}``, ``${{foo.epochs}}``, ``${{inputs.}}``, ``${{}}``: "Invalid data binding expression"), a job's
is not, and the service refuses its bindings at submission; an unclosed ``${{inputs.epochs}`` is no expression to any
of them, so it is accepted and reaches the command as plain text (a warning: accepted, but surely a mistake).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from speclift.findings import Finding
from speclift.placeholders import BINDING_OPENING, REFERENCE, binding_expressions, bindings
from speclift.pointer import escape
from speclift.validation.rules import RuleContext
from speclift.validation.walk import mapping, strings

_SHOWN = 20  # names a message lists: one message per binding must not grow with the number of declarations


@dataclass(slots=True)
class Names:
    """The names declared in one section, sorted for messages once, however many bindings miss them."""

    declared: dict[str, Any]
    _listed: str | None = field(default=None, init=False)

    def __contains__(self, name: object) -> bool:
        return name in self.declared

    def listed(self) -> str:
        if self._listed is None:
            names = sorted(self.declared)
            more = f", ... ({len(names) - _SHOWN} more)" if len(names) > _SHOWN else ""
            self._listed = ", ".join(names[:_SHOWN]) + more or "none"
        return self._listed


# Keys holding other scopes or declarations rather than this scope's command text.
_NOT_COMMAND_TEXT = frozenset(
    {"jobs", "inputs", "outputs", "search_space", "trial", "component", "description", "tags", "properties", "display_name"}
)


_ROOTS = ("inputs", "outputs", "search_space", "parent")  # what a binding may start with
_DOTTED = re.compile(r"^[\w.-]*$")  # a name or a dotted path, however broken; anything else has operators
_SHOWN_TEXT = 40  # characters of an unclosed expression a message quotes
# Keys whose text the platform never binds.
_NOT_BOUND = frozenset({"description", "tags", "properties", "display_name"})


def check(context: RuleContext) -> Iterator[Finding]:
    data = context.document.data
    if not isinstance(data, dict):
        return
    for at, text in strings(data, "", skip=_NOT_BOUND):
        yield from _syntax(context, text, at)
    name = context.spec.id.rsplit("/", 1)[1]
    if name in ("command-job", "command-component", "parallel-job", "parallel-component", "spark-job", "spark-component"):
        yield from _scope(context, data, "")
    elif name == "sweep-job":
        yield from _sweep(context, data)
    elif name in ("pipeline-job", "pipeline-component"):
        yield from _pipeline(context, data, "")


def _syntax(context: RuleContext, text: str, at: str) -> Iterator[Finding]:
    """Each ``${{...}}`` of ``text`` that is no binding whatever it names, and its first unclosed ``${{``."""
    starts: set[int] = set()
    for found in bindings(text):
        starts.add(found.start)
        why, hint = _malformed(found.inner.strip())
        if why:
            yield context.finding("SL203", f"{found.literal} is not a binding: {why}", at, hint=hint, text=found.literal)
    position = text.find(BINDING_OPENING)
    while position >= 0 and position in starts:
        position = text.find(BINDING_OPENING, position + 1)
    if position >= 0:
        shown = text[position:].split(None, 1)[0][:_SHOWN_TEXT]
        yield context.finding(
            "SL210",
            f"{shown} is not closed, so the platform passes it on as plain text",
            at,
            hint="close it with }}",
            text=shown,
        )


def _malformed(expression: str) -> tuple[str, str | None]:
    """Why ``expression`` cannot be a binding ("" when it can), and a hint."""
    if not expression:
        return "it is empty", "name what it binds, such as ${{inputs.x}}"
    if not _DOTTED.match(expression):
        return "", None  # operators and function calls: the platform's business
    if not REFERENCE.match(expression):
        if "" in expression.split("."):
            return "a name between dots is missing", None
        return "a name starts with a digit", None
    root = expression.split(".", 1)[0]
    if "." in expression and root not in _ROOTS:
        close = difflib.get_close_matches(root, _ROOTS, n=1)
        return (
            f"bindings start with inputs, outputs, search_space or parent, not {root!r}",
            f"did you mean {close[0]}?" if close else None,
        )
    return "", None


def _scope(
    context: RuleContext,
    node: dict[str, Any],
    pointer: str,
    search_space: dict[str, Any] | None = None,
    in_pipeline: bool = False,
) -> Iterator[Finding]:
    """Bindings in one job, node or component: they may name only its own inputs and outputs."""
    declared = {"inputs": Names(mapping(node, "inputs")), "outputs": Names(mapping(node, "outputs"))}
    if search_space is not None:
        declared["search_space"] = Names(search_space)
    texts = strings(node, pointer, skip=_NOT_COMMAND_TEXT)
    trial = node.get("trial")
    if isinstance(trial, dict):
        texts = _chain(texts, strings(trial, f"{pointer}/trial", skip=_NOT_COMMAND_TEXT))
    for at, text in texts:
        for expression, literal in binding_expressions(text):
            yield from _resolve_local(context, expression, literal, declared, at, in_pipeline)


def _chain(*iterators: Iterator[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    for iterator in iterators:
        yield from iterator


def _resolve_local(
    context: RuleContext, expression: str, literal: str, declared: dict[str, Names], at: str, in_pipeline: bool
) -> Iterator[Finding]:
    if not REFERENCE.match(expression):
        return  # expressions with operators are the platform's business; only plain references are resolved here
    root, _, rest = expression.partition(".")
    if root in declared and rest:
        wanted = rest.split(".", 1)[0]
        if wanted not in declared[root]:
            yield context.finding(
                "SL201",
                f"${{{{{expression}}}}} names {root[:-1] if root.endswith('s') else root} {wanted!r}, which is not declared (declared: {declared[root].listed()})",
                at,
                hint=f"declare it under {root}:" if root != "search_space" else "add it to search_space:",
                text=literal,
            )
    elif root == "parent" and not in_pipeline:
        yield context.finding(
            "SL203", f"${{{{{expression}}}}} refers to a parent pipeline, but this is not a pipeline node", at, text=literal
        )


def _sweep(context: RuleContext, data: dict[str, Any]) -> Iterator[Finding]:
    yield from _scope(context, data, "", search_space=mapping(data, "search_space"))


def _pipeline(context: RuleContext, data: dict[str, Any], pointer: str) -> Iterator[Finding]:
    jobs = mapping(data, "jobs")
    parent = {"inputs": Names(mapping(data, "inputs")), "outputs": Names(mapping(data, "outputs")), "jobs": Names(jobs)}
    for node_name, node in jobs.items():
        if not isinstance(node, dict):
            continue
        node_pointer = f"{pointer}/jobs/{escape(node_name)}"
        for section in ("inputs", "outputs"):
            for at, text in strings(mapping(node, section), f"{node_pointer}/{section}"):
                for expression, literal in binding_expressions(text):
                    yield from _resolve_parent(context, expression, literal, parent, jobs, node_name, at)
        for at, text in strings(node, node_pointer, skip=_NOT_COMMAND_TEXT):
            for expression, literal in binding_expressions(text):
                if expression.startswith("parent."):
                    yield from _resolve_parent(context, expression, literal, parent, jobs, node_name, at)
        kind = node.get("type")
        if "component" not in node and kind in (None, "command", "parallel", "spark"):
            yield from _scope(context, node, node_pointer, in_pipeline=True)
        elif kind == "sweep":
            yield from _scope(context, node, node_pointer, search_space=mapping(node, "search_space"), in_pipeline=True)
        elif kind == "pipeline" and "jobs" in node:
            yield from _pipeline(context, node, node_pointer)


def _resolve_parent(
    context: RuleContext,
    expression: str,
    literal: str,
    parent: dict[str, Names],
    jobs: dict[str, Any],
    node_name: str,
    at: str,
) -> Iterator[Finding]:
    if not REFERENCE.match(expression) or not expression.startswith("parent."):
        return
    parts = expression.split(".")
    if len(parts) >= 3 and parts[1] in ("inputs", "outputs"):
        if parts[2] not in parent[parts[1]]:
            yield context.finding(
                "SL202",
                f"${{{{{expression}}}}}: the pipeline declares no {parts[1][:-1]} {parts[2]!r} (declared: {parent[parts[1]].listed()})",
                at,
                text=literal,
            )
        return
    if len(parts) >= 5 and parts[1] == "jobs" and parts[3] == "outputs":
        source, output = parts[2], parts[4]
        if source not in jobs:
            yield context.finding(
                "SL202",
                f"${{{{{expression}}}}}: the pipeline has no job {source!r} (jobs: {parent['jobs'].listed()})",
                at,
                text=literal,
            )
        elif source == node_name:
            yield context.finding(
                "SL202", f"${{{{{expression}}}}}: job {source!r} cannot consume its own output", at, text=literal
            )
        else:
            producer = jobs[source]
            inline = isinstance(producer, dict) and "component" not in producer and "command" in producer
            if inline and output not in mapping(producer, "outputs"):
                yield context.finding(
                    "SL202",
                    f"${{{{{expression}}}}}: job {source!r} declares no output {output!r}",
                    at,
                    hint=f"declare it under jobs.{source}.outputs",
                    text=literal,
                )
        return
    yield context.finding("SL203", f"${{{{{expression}}}}} is not a binding the pipeline can resolve", at, text=literal)
