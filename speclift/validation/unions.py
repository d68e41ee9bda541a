"""Which branch of a failed ``anyOf``/``oneOf`` the user meant, chosen the way the platform chooses.

A union error from python-jsonschema holds the errors of every branch it tried. Reporting the "best" single error
of the whole tree (python-jsonschema's ``best_match``) names a branch the user never meant: a pipeline node with a
typo got "missing required field 'component'" (the reference branch), a Polyaxon list of inputs got "expected null".
The platforms pick the branch from the value itself: its type (a list is never the ``null`` branch), a discriminator
key (``type:`` of an Azure node, input, output or search-space entry; ``kind:`` of a Polyaxon run or matrix), or the
presence of a key (``component:`` makes an Azure node a reference). This module does the same, else takes the branch
with the fewest mistakes (naming each alternative when all that tells them apart is a missing key), then reports
every error of that one branch, resolved again if it is a union itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from speclift.findings import excerpt


@dataclass(frozen=True, slots=True)
class Discriminator:
    """One key that decides a union: by its value (the branch whose schema accepts it) or by its mere presence."""

    key: str
    by: Literal["value", "presence"]
    decides: str  # which unions of the shipped schemas it decides (documentation only)


DISCRIMINATORS: tuple[Discriminator, ...] = (
    Discriminator("type", "value", "Azure jobs, components, pipeline nodes, inputs, outputs, search-space entries"),
    Discriminator("kind", "value", "Polyaxon runs, IO, matrices, hyperparameters, components and operations"),
    Discriminator("task", "value", "Azure AutoML and data-transfer pipeline nodes of the same type"),
    Discriminator("component", "presence", "Azure pipeline nodes: with `component:`, a reference, not an inline job"),
)

_PLACEHOLDER_MARKS = ("\\$\\{\\{", "\\{\\{", "{{")
_CASE_INSENSITIVE_ENUM = re.compile(r"^\^\(\?i:([\w|-]+)\)\$$")
_UNIONS = ("anyOf", "oneOf")


@dataclass(frozen=True, slots=True)
class _Branch:
    index: int
    errors: tuple[Any, ...]


def resolve(errors: Iterable[Any]) -> Iterator[Any]:
    """Each error as it is, except a union error, replaced by the errors of the branch the user meant."""
    for error in errors:
        yield from _resolve(error)


def _resolve(error: Any) -> Iterator[Any]:
    if error.validator not in _UNIONS or not error.context:  # a oneOf matching twice has no branch errors
        yield error
        return
    branches = _branches(error)
    fitting = [b for b in branches if not _type_rejected(b)]
    if _is_scalar_union(error.instance, fitting):
        yield _scalar_error(error, branches)
        return
    candidates = fitting or branches
    if isinstance(error.instance, dict):
        for discriminator in DISCRIMINATORS:
            decided = _decide(error, discriminator, candidates)
            if isinstance(decided, list):
                candidates = decided
            else:
                yield decided
                return
    best = min(_cost(b)[0] for b in candidates)
    tied = [b for b in candidates if _cost(b)[0] == best]
    missing = _missing_alternatives(tied)
    if len(missing) > 1:  # only a key tells the branches apart, and it is missing: name each one
        yield _synthetic(error, "required", missing, list(error.absolute_path), error.instance)
        return
    chosen = min(candidates, key=_cost)
    for inner in chosen.errors:
        yield from _resolve(inner)


def _missing_alternatives(tied: list[_Branch]) -> list[str]:
    """The missing keys, when every equally good branch lacks nothing but one key of its own (``component`` of a
    reference node, ``command`` of an inline job; ``hubRef`` or ``urlRef`` of an operation)."""
    names: list[str] = []
    for branch in tied:
        if not all(e.validator == "required" and not e.relative_path for e in branch.errors) or len(branch.errors) != 1:
            return []
        name = _required_name(branch.errors[0])
        if name not in names:
            names.append(name)
    return names


def _branches(error: Any) -> list[_Branch]:
    grouped: dict[int, list[Any]] = {}
    for inner in error.context:
        grouped.setdefault(int(inner.relative_schema_path[0]), []).append(inner)
    return [_Branch(index, tuple(found)) for index, found in sorted(grouped.items())]


def _type_rejected(branch: _Branch) -> bool:
    """The branch is for another type of value (a mapping, a list, null): the value's own type rules it out."""
    return any(_rejects_type(error) for error in branch.errors)


def _rejects_type(error: Any) -> bool:
    if error.relative_path:
        return False
    if error.validator == "type":
        return True
    if error.validator in ("enum", "const") and isinstance(error.instance, (dict, list)):  # scalars only, as in `0, 1`
        allowed = error.validator_value if error.validator == "enum" else [error.validator_value]
        return not any(isinstance(value, (dict, list)) for value in allowed)
    if error.validator in _UNIONS and error.context:
        return all(_type_rejected(b) for b in _branches(error))
    return False


def _is_scalar_union(instance: Any, fitting: list[_Branch]) -> bool:
    """A scalar that no branch takes: every branch failed on the value itself, none inside it."""
    if isinstance(instance, (dict, list)):
        return False
    return all(not error.relative_path for branch in fitting for error in branch.errors)


def _scalar_error(error: Any, branches: list[_Branch]) -> Any:
    """One error for a scalar no branch takes: the allowed values if some branch lists them; the allowed types if
    the value is a string that only strings of another shape would do (``five`` for an integer also written as a
    numeric string); else the first real error of a branch that takes the value's type (a range, a pattern)."""
    choices = _choices(e for b in branches for e in b.errors)
    if choices:
        return _synthetic(error, "enum", choices, list(error.absolute_path), error.instance)
    refused_types, other = _scalar_leaves(branches)
    real = [e for e in other if not _is_placeholder(e)]
    types = _types(refused_types)
    if types and all(e.validator == "pattern" for e in real):
        return _synthetic(error, "type", types, list(error.absolute_path), error.instance)
    if real:
        return real[0]
    from jsonschema.exceptions import best_match

    return best_match(error.context) or error


def _scalar_leaves(branches: list[_Branch]) -> tuple[list[Any], list[Any]]:
    """The innermost errors of a scalar union, nested unions opened: those refusing the value's type, and the rest."""
    refused: list[Any] = []
    other: list[Any] = []
    for branch in branches:
        if _type_rejected(branch):
            refused.extend(_leaves(branch.errors))
            continue
        for error in branch.errors:
            if error.validator in _UNIONS and error.context:
                inner_refused, inner_other = _scalar_leaves(_branches(error))
                refused.extend(inner_refused)
                other.extend(inner_other)
            else:
                other.append(error)
    return refused, other


def _is_placeholder(error: Any) -> bool:
    """A binding (``${{parent.inputs.x}}``) or template pattern: the other branch of many scalar unions, which never
    names what the user should write instead."""
    return error.validator == "pattern" and any(mark in str(error.validator_value) for mark in _PLACEHOLDER_MARKS)


def _decide(error: Any, discriminator: Discriminator, candidates: list[_Branch]) -> list[_Branch] | Any:
    """The candidates the discriminator leaves, or one error when the discriminator's value fits no branch."""
    key = discriminator.key
    if discriminator.by == "presence":
        # Present, it rules out the branches that refuse it; absent, it rules out nothing: azure-ai-ml itself then
        # names `component` as missing, while the user may have meant an inline job (both are named, see below)
        if key not in error.instance:
            return candidates
        return [b for b in candidates if key not in _refused_keys(b)] or candidates
    if key not in error.instance:
        return candidates
    kept = [b for b in candidates if not _fails_on(b, key)]
    if kept:
        return kept
    failures = [e for b in candidates for e in b.errors if _at_key(e, key)]
    if not failures:  # no branch has the key at all: it is not what decides this union
        return candidates
    choices = _choices(_leaves(failures))
    if not choices:
        return next(_resolve(failures[0]))
    path = [*error.absolute_path, key]
    return _synthetic(error, "enum", choices, path, error.instance[key])


def _fails_on(branch: _Branch, key: str) -> bool:
    return any(_at_key(e, key) or key in _unexpected(e) for e in branch.errors)


def _refused_keys(branch: _Branch) -> list[str]:
    return [key for error in branch.errors for key in _unexpected(error)]


def _at_key(error: Any, key: str) -> bool:
    return list(error.relative_path) == [key]


def _unexpected(error: Any) -> list[str]:
    """The keys an ``additionalProperties: false`` at the branch's own level refused."""
    if error.relative_path or error.validator not in ("additionalProperties", "unevaluatedProperties"):
        return []
    schema = error.schema if isinstance(error.schema, dict) else {}
    allowed = schema.get("properties", {})
    patterns = schema.get("patternProperties", {})
    instance = error.instance if isinstance(error.instance, dict) else {}
    return [k for k in instance if k not in allowed and not any(re.search(p, k) for p in patterns)]


def _required_name(error: Any) -> str:
    message = str(error.message)
    return message.split("'")[1] if "'" in message else message


def _cost(branch: _Branch) -> tuple[int, int, int]:
    """Fewest mistakes first (each refused key and each missing key counts), then the deepest, then schema order."""
    count = sum(max(1, len(_unexpected(e))) for e in branch.errors)
    depth = max(len(e.relative_path) for e in branch.errors)
    return count, -depth, branch.index


def _leaves(errors: Iterable[Any]) -> Iterator[Any]:
    for error in errors:
        if error.validator in _UNIONS and error.context:
            yield from _leaves(error.context)
        else:
            yield error


def _choices(errors: Iterable[Any]) -> list[Any]:
    """The values the failed ``enum``, ``const`` and case-insensitive-pattern checks would have taken, in order."""
    found: list[Any] = []
    for error in _leaves(errors):
        if error.validator == "enum" and isinstance(error.validator_value, list):
            found.extend(error.validator_value)
        elif error.validator == "const":
            found.append(error.validator_value)
        elif error.validator == "pattern":
            match = _CASE_INSENSITIVE_ENUM.match(str(error.validator_value))
            if match:
                found.extend(match.group(1).split("|"))
    unique: list[Any] = []
    for value in found:
        if value not in unique and value is not None:
            unique.append(value)
    return unique


def _types(errors: Iterable[Any]) -> list[str]:
    found: list[str] = []
    for error in _leaves(errors):
        if error.validator == "type" and not error.relative_path:
            value = error.validator_value
            for name in value if isinstance(value, list) else [value]:
                if name not in found and name != "null":
                    found.append(name)
    return found


def _synthetic(error: Any, validator: str, value: Any, path: list[Any], instance: Any) -> Any:
    """A plain ``enum``/``type`` error standing for a whole union, placed at ``path``."""
    from jsonschema.exceptions import ValidationError

    message = " or ".join(repr(name) for name in value) + " is a required property" if validator == "required" else ""
    return ValidationError(
        message or f"{excerpt(instance)} is not valid here",
        validator=validator,
        validator_value=value,
        path=path,
        instance=instance,
        schema={validator: value},
        schema_path=list(error.absolute_schema_path),
    )
