"""Schema validation with located, readable findings.

Every document first goes through jsonschema-rs (fast yes/no). Only invalid documents take the rich path through
python-jsonschema, whose error tree lets us pick the branch of an ``anyOf``/``oneOf`` the user meant (:mod:`unions`)
and name the user's likely intent (``did you mean instance_type?``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from speclift import codes, schemas
from speclift.findings import Finding, excerpt
from speclift.pointer import dotted, escape
from speclift.validation import unions
from speclift.yamlio import Document

_CODE_BY_KEYWORD = {
    "additionalProperties": "SL101",
    "unevaluatedProperties": "SL101",
    "required": "SL102",
    "dependentRequired": "SL102",
    "type": "SL103",
    "enum": "SL104",
    "const": "SL104",
    "pattern": "SL105",
    "format": "SL105",
    "propertyNames": "SL105",
    "minimum": "SL106",
    "maximum": "SL106",
    "exclusiveMinimum": "SL106",
    "exclusiveMaximum": "SL106",
    "minLength": "SL106",
    "maxLength": "SL106",
    "minItems": "SL106",
    "maxItems": "SL106",
    "minProperties": "SL106",
    "maxProperties": "SL106",
    "multipleOf": "SL106",
}


def validate(document: Document, schema_file: str, path: str) -> list[Finding]:
    """Check one document against one shipped schema."""
    if schemas.fast_validator(schema_file).is_valid(document.data):
        return []
    findings: list[Finding] = []
    # One error at a time: each carries the tree of every union branch it tried, too big to keep for 100,000 inputs
    for error in unions.resolve(schemas.rich_validator(schema_file).iter_errors(document.data)):
        findings.extend(_to_findings(error, document, path))
    if not findings:  # the two engines disagree (regex dialects): still report, from the fast engine
        for fast_error in schemas.fast_validator(schema_file).iter_errors(document.data):
            pointer = _pointer(fast_error.instance_path)
            line, column = document.position(pointer)
            findings.append(codes.make("SL109", fast_error.message, path, line, column, pointer, document=document.index))
    # Duplicates dropped in the order found (a set's order would change with the hash seed between runs).
    return sorted(dict.fromkeys(findings), key=Finding.sort_key)


def _pointer(parts: Iterable[Any]) -> str:
    return "".join("/" + escape(str(p)) for p in parts)


@dataclass(frozen=True, slots=True)
class _Failure:
    """One python-jsonschema error of one document, and how to place a finding for it."""

    error: Any
    document: Document
    path: str
    pointer: str

    @property
    def where(self) -> str:
        return _describe(self.pointer)

    def located(
        self, message: str, at: str | None = None, *, key: bool = False, hint: str | None = None, code: str | None = None
    ) -> Finding:
        at = self.pointer if at is None else at
        line, column = self.document.position(at, prefer_key=key)
        code = code or _CODE_BY_KEYWORD.get(self.error.validator, "SL109")
        return codes.make(code, message, self.path, line, column, at, hint=hint, document=self.document.index)


def _to_findings(error: Any, document: Document, path: str) -> list[Finding]:
    failure = _Failure(error, document, path, _pointer(error.absolute_path))
    if list(error.relative_schema_path)[-2:-1] == ["propertyNames"] and isinstance(error.instance, str):
        return _closed_names(failure)
    handler = _HANDLERS.get(error.validator)
    found = handler(failure) if handler else None
    if found is not None:
        return found
    if error.validator in ("not", "false") or error.schema is False:
        return [failure.located(f"{_field(failure.pointer)} is not allowed here", key=True)]
    return [failure.located(f"{_field(failure.pointer)}: {_short(error.message)}")]


def _unknown_fields(failure: _Failure) -> list[Finding] | None:
    error = failure.error
    if not isinstance(error.instance, dict):
        return None
    allowed = _allowed_properties(error.schema)
    passed = _passes_unknown_keys(failure)
    # A mapping whose reader drops unknown keys without a word says so in its schema (why, in its own terms)
    dropped = error.schema.get(DROPPED_KEYS) if isinstance(error.schema, dict) else None
    why = ": azure-ai-ml passes it through on a node that references a component, and nothing reads it" if passed else ""
    return [
        failure.located(
            f"unknown field {excerpt(key)} {failure.where}" + (f": {dropped}" if dropped else why),
            f"{failure.pointer}/{escape(key)}",
            key=True,
            hint=_did_you_mean(key, allowed),
            code="SL107" if passed or dropped else None,
        )
        for key in _unexpected_keys(error)
    ]


# The schema keyword naming a mapping whose unknown keys the platform drops silently: a warning (SL107), not an error.
DROPPED_KEYS = "x-speclift-dropped-keys"

_PIPELINE_NODE = re.compile(r"^/jobs/[^/]+$")


def _passes_unknown_keys(failure: _Failure) -> bool:
    """A pipeline node that references a component (``component: azureml:train:1`` or a file): azure-ai-ml's node
    schema keeps unknown keys and passes them on, so the pipeline loads and submits; the key is very likely a typo."""
    data = failure.document.data
    node = failure.error.instance
    return (
        isinstance(data, dict)
        and isinstance(data.get("jobs"), dict)
        and bool(_PIPELINE_NODE.match(failure.pointer))
        and isinstance(node, dict)
        and isinstance(node.get("component"), str)
    )


def _missing_field(failure: _Failure) -> list[Finding]:
    names = _quoted(failure.error.message.split(" is a ")[0])  # `'a' is a required property`, `'a' or 'b' is ...`
    misspelt = _misspelling_of(names[0], failure) if len(names) == 1 else None
    if misspelt is not None:  # `ytpe:` beside a missing `type`: the typo is the mistake, at its own key
        message = f"unknown field {misspelt!r} {failure.where}"
        at = f"{failure.pointer}/{escape(misspelt)}"
        return [failure.located(message, at, key=True, hint=f"did you mean {names[0]}?", code="SL101")]
    shown = " or ".join(repr(name) for name in names) if names else repr(failure.error.message)
    return [failure.located(f"missing required field {shown} {failure.where}", key=True)]


def _missing_dependency(failure: _Failure) -> list[Finding]:
    """``dependentRequired``: reported like a missing field, at the mapping that lacks it, naming what needs it."""
    names = _quoted(failure.error.message)  # `'scoring_script' is a dependency of 'code'`
    if len(names) != 2:
        return _missing_field(failure)
    return [failure.located(f"missing required field {names[0]!r} {failure.where} (needed with {names[1]!r})", key=True)]


def _quoted(text: str) -> list[str]:
    return re.findall(r"'([^']*)'", text)


def _misspelling_of(name: str, failure: _Failure) -> str | None:
    instance, schema = failure.error.instance, failure.error.schema
    # A closed mapping reports the misspelt key itself (additionalProperties); only an open one needs this
    if not isinstance(instance, dict) or not isinstance(schema, dict) or schema.get("additionalProperties") is False:
        return None
    allowed = _allowed_properties(schema)
    unknown = [key for key in instance if isinstance(key, str) and allowed and key not in allowed]
    close = difflib.get_close_matches(name, unknown, n=1, cutoff=0.7)
    return close[0] if close else None


def _wrong_type(failure: _Failure) -> list[Finding]:
    expected = failure.error.validator_value
    expected_text = " or ".join(expected) if isinstance(expected, list) else expected
    return [failure.located(f"{_field(failure.pointer)}: expected {expected_text}, got {excerpt(failure.error.instance)}")]


def _not_allowed(failure: _Failure, allowed_values: list[Any]) -> list[Finding]:
    instance = failure.error.instance
    shown = ", ".join(excerpt(v) for v in allowed_values[:12])
    hint = _did_you_mean(instance, [str(v) for v in allowed_values]) if isinstance(instance, str) else None
    return [failure.located(f"{excerpt(instance)} is not allowed {failure.where}; expected one of: {shown}", hint=hint)]


def _pattern(failure: _Failure) -> list[Finding]:
    error = failure.error
    pattern = str(error.validator_value)
    choices = _case_insensitive_choices(pattern)
    if choices:  # an enum the platform compares case-insensitively
        hint = _did_you_mean(error.instance, choices) if isinstance(error.instance, str) else None
        message = f"{excerpt(error.instance)} is not allowed {failure.where}; expected one of: {', '.join(choices)}"
        return [failure.located(message, hint=hint, code="SL104")]
    explain = error.schema.get("description") if isinstance(error.schema, dict) else None
    if explain:  # a described pattern reads better than the regular expression
        return [failure.located(f"{excerpt(error.instance)} is not valid {failure.where}: {explain.rstrip('.')}")]
    shown = pattern if len(pattern) <= 80 else pattern[:77] + "..."
    return [failure.located(f"{excerpt(error.instance)} {failure.where} does not match the pattern {shown}")]


def _property_name(failure: _Failure) -> list[Finding]:
    error = failure.error
    explain = error.schema.get("description") if isinstance(error.schema, dict) else None
    inner = _short(error.context[0].message) if error.context else "is not an allowed name"
    at = f"{failure.pointer}/{escape(str(error.instance))}"
    return [failure.located(f"name {excerpt(error.instance)} {failure.where}: {inner}", at, key=True, hint=explain)]


def _closed_names(failure: _Failure) -> list[Finding]:
    """A key refused by ``propertyNames`` (a closed set of names written as a pattern or an enum): an unknown field,
    at the key itself."""
    error = failure.error
    allowed = _case_insensitive_choices(str(error.validator_value)) if error.validator == "pattern" else []
    if error.validator == "enum":
        allowed = [str(value) for value in error.validator_value]
    if not allowed:
        return _property_name(failure)
    key = str(error.instance)
    at = f"{failure.pointer}/{escape(key)}"
    return [
        failure.located(
            f"unknown field {excerpt(key)} {failure.where}", at, key=True, hint=_did_you_mean(key, allowed), code="SL101"
        )
    ]


# How each failed keyword reads; a handler answering None leaves the error to the generic message.
_HANDLERS: dict[str, Callable[[_Failure], list[Finding] | None]] = {
    "additionalProperties": _unknown_fields,
    "unevaluatedProperties": _unknown_fields,
    "required": _missing_field,
    "dependentRequired": _missing_dependency,
    "type": _wrong_type,
    "enum": lambda failure: _not_allowed(failure, failure.error.validator_value),
    "const": lambda failure: _not_allowed(failure, [failure.error.validator_value]),
    "pattern": _pattern,
    "propertyNames": _property_name,
}


def _describe(pointer: str) -> str:
    if not pointer:
        return "at the top level"
    return "in " + dotted(pointer)


_CASE_INSENSITIVE_ENUM = re.compile(r"^\^\(\?i:([\w|-]+)\)\$$")


def _case_insensitive_choices(pattern: str) -> list[str]:
    """The values of a case-insensitive enum written as ``^(?i:a|b)$``, so it is reported like an enum."""
    match = _CASE_INSENSITIVE_ENUM.match(pattern)
    return match.group(1).split("|") if match else []


def _field(pointer: str) -> str:
    """``resources.instance_count`` for ``/resources/instance_count``; "the document" for the root."""
    return _describe(pointer)[3:] if pointer else "the document"


def _unexpected_keys(error: Any) -> list[str]:
    allowed = _allowed_properties(error.schema)
    patterns = error.schema.get("patternProperties", {}) if isinstance(error.schema, dict) else {}
    return [key for key in error.instance if key not in allowed and not any(re.search(p, key) for p in patterns)] or list(
        error.instance
    )[:1]


def _allowed_properties(schema: Any) -> list[str]:
    if not isinstance(schema, dict):
        return []
    return list(schema.get("properties", {}))


def _did_you_mean(value: str, choices: Iterable[str]) -> str | None:
    candidates = list(choices)
    lowered = {c.lower(): c for c in candidates}
    if value.lower() in lowered and lowered[value.lower()] != value:
        return f"did you mean {lowered[value.lower()]}?"
    close = difflib.get_close_matches(value, candidates, n=1, cutoff=0.7)
    return f"did you mean {close[0]}?" if close else None


def _short(message: str) -> str:
    """A validator's own message, which may quote the whole value ("'...' is too long"), cut to a readable length."""
    return message if len(message) <= 160 else message[:157] + "..."
