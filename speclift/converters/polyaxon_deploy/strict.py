"""What polyaxon 2.18 is strict about and 1.20 was not: value types and keys nobody reads.

1.20 (marshmallow) turned ``replicas: "2"`` into 2 and ``nodeSelector: {gpu: true}`` into ``"True"``, and dropped keys
it did not know inside a section without a word. 2.18 (pydantic, strict) refuses all three. The output is checked
against the shipped 2.x schema: a value whose meaning is plain is written as the type 2.x wants (SL409, its written
text kept: ``imageTag: 1.10`` becomes ``"1.10"``, not ``"1.1"``); a key 2.x does not have is left out (SL402), as
1.20 left it unread. Anything else the schema refuses stays for the output's validation to report.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from speclift import schemas
from speclift.conversion.builder import Scope
from speclift.conversion.result import Fate
from speclift.converters.polyaxon_deploy.draft import Draft
from speclift.converters.polyaxon_deploy.values import shown, truth
from speclift.pointer import dotted, escape, tokens

SCHEMA = "polyaxon/v2/deployment.schema.json"
_INTEGER = re.compile(r"[+-]?\d+")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_PLAIN = re.compile(r"[-+]?[0-9A-Za-z_.]+")  # a number or a word, nothing around it
_ROUNDS = 4  # a fix can expose another below it (a dropped key's sibling); a few passes reach every one


def enforce(draft: Draft) -> None:
    """Coerce or drop until the schema has nothing more of those kinds to say."""
    validator = schemas.rich_validator(SCHEMA, strict_integers=True)  # 2.18 refuses `replicas: 2.0`
    reader = Scope(draft.builder)
    for _ in range(_ROUNDS):
        changed = False
        for error in _leaves(validator.iter_errors(draft.out)):
            pointer = "".join(f"/{escape(str(part))}" for part in error.absolute_path)
            if error.validator == "type":
                changed |= _coerce(draft, reader, pointer, error.instance, error.validator_value)
            elif error.validator == "additionalProperties" and error.validator_value is False:
                changed |= _drop_unknown(draft, pointer, error.instance, error.schema)
        if not changed:
            return


def _leaves(errors: Any) -> Iterator[Any]:
    for error in errors:
        if error.context:
            yield from _leaves(error.context)
        else:
            yield error


def written(reader: Scope, pointer: str, value: Any) -> str:
    """The text of a number or boolean as the user wrote it (``1.10``, not ``1.1``), when that text is a plain
    token that reads back as the value; else the value written out (a flow mapping's item, an anchor or a tag
    around it would leak into a raw slice of the line)."""
    raw = reader.raw_text(pointer)
    if raw and _PLAIN.fullmatch(raw):
        try:
            again = yaml.safe_load(raw)
        except yaml.YAMLError:
            again = None
        if type(again) is type(value) and again == value:
            return raw
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def _coerce(draft: Draft, reader: Scope, pointer: str, value: Any, expected: Any) -> bool:
    wanted = {expected} if isinstance(expected, str) else set(expected)
    if isinstance(value, (dict, list)) or value is None or pointer in draft.coerced:
        return False
    source = draft.origin(pointer)
    text = value.strip() if isinstance(value, str) else written(reader, source, value)
    new: Any = None
    if "integer" in wanted and isinstance(value, str) and _INTEGER.fullmatch(text):
        new = int(text)
    elif "integer" in wanted and isinstance(value, float) and value.is_integer():
        new = int(value)
    elif "number" in wanted and isinstance(value, str) and _NUMBER.fullmatch(text):
        new = float(text) if any(c in text for c in ".eE") else int(text)
    elif "boolean" in wanted and truth(value) is not None:
        new = truth(value)
    elif "string" in wanted and not isinstance(value, str):
        new = text
    if new is None:
        return False
    _set(draft.out, pointer, new)
    draft.coerced.add(pointer)
    draft.builder.record(source, Fate.TRANSFORMED, pointer, note="written as the type polyaxon 2.18 requires")
    kind = (
        "text"
        if isinstance(new, str)
        else "a boolean"
        if isinstance(new, bool)
        else "an integer"
        if isinstance(new, int)
        else "a number"
    )
    was = repr(value) if isinstance(value, str) else text  # as written
    draft.builder.finding(
        "SL409",
        f"{dotted(source)}: {was} written as {shown(new)}: polyaxon 2.18 wants {kind} here and refuses the other type "
        "(1.20 converted it)",
        source,
    )
    return True


def _drop_unknown(draft: Draft, pointer: str, instance: Any, schema: Any) -> bool:
    if not isinstance(instance, dict):
        return False
    known = set(schema.get("properties", {}))
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    changed = False
    for key in [k for k in instance if k not in known and not any(p.search(str(k)) for p in patterns)]:
        target = f"{pointer}/{escape(str(key))}"
        where = f"polyaxon 2.x's {dotted(pointer)}" if pointer else "a polyaxon 2.x deployment config"
        message = f"{dotted(draft.origin(target))} is left out: {where} has no {key!r}"
        draft.drop(target, message + " (2.18 refuses it; 1.20 did not read it)")
        changed = True
    return changed


def _set(data: dict[str, Any], pointer: str, value: Any) -> None:
    parts = tokens(pointer)
    node: Any = data
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        node[int(parts[-1])] = value
    else:
        node[parts[-1]] = value
