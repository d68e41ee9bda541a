"""Polyaxon v1 ``{{ ... }}`` templates and matrix parameters.

Polyaxon renders templates with Jinja2 in non-strict mode when the run starts. polyaxon 1.20 accepts the file
whatever the templates name, then renders an undeclared name (``{{ nocache }}``, ``{{ params.nope }}``) as an empty
string, silently (``--lr={{ lr }}`` becomes ``--lr=``): a warning (SL211). Using anything of an undeclared name
(``{{ nope.x }}``, ``{{ params.nope.as_arg }}``) makes it refuse the run ("'nope' is undefined"): an error (SL205).
Every name a template uses should be a declared input or output, an operation param, or a known context
(``globals``, ``params``, ``connections``, ...); ``| default(...)`` makes an undeclared name deliberate. Matrix
parameters must be declared inputs of the component the operation runs, or they never reach the command. Input and
output names must be unique.
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
_FILTER = re.compile(r"\|\s*[A-Za-z_]\w*(\s*\([^()]*\))?")  # a filter and its arguments
_DEFAULTED = re.compile(r"\|\s*(default|d)\b")  # `{{ x | default(1) }}`: an undeclared x is meant
_USED = frozenset(".[(")  # what after a name uses it: an attribute, an item, a call
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
    if _DEFAULTED.search(template):
        return
    expression = _FILTER.sub("", _STRING_LITERAL.sub("''", template))
    for match in _NAME.finditer(expression):
        root, attribute = match.group(1), match.group(3)
        if root in _JINJA_WORDS:
            continue
        used = expression[match.end() :].lstrip()[:1] in _USED
        if root == "params" and attribute and attribute not in known and attribute not in _PARAMS_HELPERS:
            name, hint = f"params.{attribute}", f"declare an input named {attribute!r}"
        elif root not in _CONTEXTS and root not in known:
            name, hint = repr(root), "declare it under inputs:, or use globals.* for run context values"
            used = used or attribute is not None
        else:
            continue
        shown = f"{{{{ {template.strip()} }}}}: {name} is not a declared input or output"
        if used:
            yield context.finding(
                "SL205", f"{shown}, and Polyaxon refuses to render it when the run starts", at, hint=hint, text=literal
            )
        else:
            yield context.finding("SL211", f"{shown}, so Polyaxon renders it as an empty string", at, hint=hint, text=literal)


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
