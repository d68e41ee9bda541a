"""Polyaxon v1 ``{{ ... }}`` templates and matrix parameters.

Polyaxon renders templates with Jinja2 in non-strict mode: an undeclared name renders as an empty string, silently
(``--lr={{ lr }}`` becomes ``--lr=``). This rule makes that an error: every name a template uses must be a declared
input or output, an operation param, or a known context (``globals``, ``params``, ``connections``, ...), and
``params.<name>`` must name a declared input or output. Matrix parameters must be declared inputs of the component
the operation runs, or they never reach the command. Input and output names must be unique.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from speclift.findings import Finding
from speclift.placeholders import placeholders
from speclift.validation.rules import RuleContext
from speclift.validation.walk import mapping, strings

_STRING_LITERAL = re.compile(r"'[^']*'|\"[^\"]*\"")
_NAME = re.compile(r"(?<![\w.|])([A-Za-z_]\w*)(\s*\.\s*([A-Za-z_]\w*))?")
_FILTER = re.compile(r"\|\s*[A-Za-z_]\w*")
_CONTEXTS = {"globals", "params", "connections", "init", "ops", "dag", "runs", "matrix"}
_JINJA_WORDS = {
    "if",
    "else",
    "elif",
    "and",
    "or",
    "not",
    "in",
    "is",
    "true",
    "false",
    "none",
    "True",
    "False",
    "None",
    "loop",
    "range",
}
_PARAMS_HELPERS = {"as_args"}  # `{{ params.as_args }}` renders every param as command-line arguments
_SKIP = frozenset({"inputs", "outputs", "description", "name", "tags", "operations", "params", "matrix", "joins"})


def check(context: RuleContext) -> Iterator[Finding]:
    data = context.document.data
    if not isinstance(data, dict):
        return
    if context.spec.id.endswith("/operation"):
        yield from _operation(context, data)
    else:
        yield from _component(context, data, "", extra=set())


def _declared(component: dict[str, Any], context: RuleContext, pointer: str) -> tuple[set[str], list[Finding]]:
    names: set[str] = set()
    problems: list[Finding] = []
    for section in ("inputs", "outputs"):
        items = component.get(section)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            name = item.get("name") if isinstance(item, dict) else None
            if not isinstance(name, str):
                continue
            if name in names:
                problems.append(
                    context.finding(
                        "SL207", f"{section[:-1]} name {name!r} is declared twice", f"{pointer}/{section}/{index}/name"
                    )
                )
            names.add(name)
    return names, problems


def _component(context: RuleContext, component: dict[str, Any], pointer: str, extra: set[str]) -> Iterator[Finding]:
    declared, problems = _declared(component, context, pointer)
    yield from problems
    known = declared | extra  # once, not per template: a union per template made many templates quadratic
    for at, text in strings(component, pointer, skip=_SKIP | {"components"}):
        for template in placeholders(text, "{{", "}}"):
            yield from _names(context, template.inner, template.literal, known, at)
    run = component.get("run")
    nested = run.get("components") if isinstance(run, dict) else None
    for index, inner in enumerate(nested if isinstance(nested, list) else []):
        if isinstance(inner, dict):  # a dag's inline components declare their own inputs
            yield from _component(context, inner, f"{pointer}/run/components/{index}", extra=set())


def _names(context: RuleContext, template: str, literal: str, known: set[str], at: str) -> Iterator[Finding]:
    expression = _FILTER.sub("", _STRING_LITERAL.sub("''", template))
    for match in _NAME.finditer(expression):
        root, attribute = match.group(1), match.group(3)
        if root in _JINJA_WORDS:
            continue
        if root == "params" and attribute and attribute not in known and attribute not in _PARAMS_HELPERS:
            yield context.finding(
                "SL205",
                f"{{{{ {template.strip()} }}}}: params.{attribute} is not a declared input or output",
                at,
                hint=f"declare an input named {attribute!r}",
                text=literal,
            )
        elif root not in _CONTEXTS and root not in known:
            yield context.finding(
                "SL205",
                f"{{{{ {template.strip()} }}}}: {root!r} is not a declared input or output, and Polyaxon renders unknown names as an empty string",
                at,
                hint="declare it under inputs:, or use globals.* for run context values",
                text=literal,
            )


def _operation(context: RuleContext, data: dict[str, Any]) -> Iterator[Finding]:
    component = data.get("component")
    if not isinstance(component, dict):
        return  # hubRef / pathRef / urlRef / dagRef: the component is elsewhere
    inputs, _ = _declared(component, context, "/component")
    params = set(mapping(data, "params"))
    matrix = data.get("matrix")
    matrix_names = set(_matrix_params(matrix))
    yield from _component(context, component, "/component", extra=params | matrix_names)
    for name, at in _matrix_params(matrix).items():
        if name not in inputs:
            yield context.finding(
                "SL206",
                f"matrix parameter {name!r} is not a declared input of the component, so runs never receive it",
                at,
                key=True,
                hint=f"add an input named {name!r} to the component",
            )


def _matrix_params(matrix: Any) -> dict[str, str]:
    if not isinstance(matrix, dict):
        return {}
    found: dict[str, str] = {}
    for name in mapping(matrix, "params"):
        found[name] = f"/matrix/params/{name}"
    values = matrix.get("values")
    if isinstance(values, list):
        for index, row in enumerate(values):
            if isinstance(row, dict):
                for name in row:
                    found.setdefault(name, f"/matrix/values/{index}/{name}")
    return found
