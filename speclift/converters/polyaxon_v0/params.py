"""``params`` / ``declarations`` / ``inputs`` / ``outputs`` -> v1 ``inputs`` / ``outputs``.

v0 passed every plain string param through ``ast.literal_eval`` (``"1e-3"`` became 0.001) before rendering, so the
same is done here before a type is inferred. A ``float`` input makes v1 render ``10`` as ``10.0``, so lists that mix
ints and floats stay untyped. ``is_flag`` inputs rendered ``--name`` or nothing: v1 needs ``isFlag: true`` and
``{{ params.name.as_arg }}`` for that. Every ``{{ name }}`` the command uses becomes a declared input (v0 rendered an
unknown name as an empty string; an optional ``str`` input with an empty value renders the same).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from speclift.converters.literals import type_name
from speclift.converters.polyaxon_v0.context import Context, as_dict, as_list
from speclift.placeholders import placeholders
from speclift.pointer import join

_TYPE_RENAMES = {"gcs_path": "gcs", "s3_path": "s3", "azure_path": "wasb"}
_LITERAL_TYPES = ((bool, "bool"), (int, "int"), (float, "float"), (str, "str"), (dict, "dict"))
_IO_ORDER = ("name", "description", "type", "value", "isOptional", "isList", "isFlag", "options")  # as v1 writes them
# v0 input/output key -> v1 key: the same but for these.
_IO_RENAMES = {"default": "value", "is_optional": "isOptional", "is_list": "isList", "is_flag": "isFlag"}
_IO_KEYS = {**{key: key for key in ("name", "description", "type", "options")}, **_IO_RENAMES}
_STRING_LITERAL = re.compile(r"'[^']*'|\"[^\"]*\"")
_ROOT = re.compile(r"(?<![\w.|])([A-Za-z_]\w*)")
_FILTER = re.compile(r"\|\s*[A-Za-z_]\w*")
_JINJA_WORDS = {"if", "else", "elif", "and", "or", "not", "in", "is", "true", "false", "none", "True", "False", "None"}
_JINJA_WORDS |= {"loop", "range"}


@dataclass(slots=True)
class IO:
    inputs: list[dict[str, Any]] = field(default_factory=list)
    outputs: list[dict[str, Any]] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)

    def names(self) -> set[str]:
        return {str(item["name"]) for item in self.inputs + self.outputs}

    # name -> position of its first input, kept up to date with the inputs appended since (a scan per look-up made
    # a file with many params quadratic)
    positions: dict[Any, int] = field(default_factory=dict)
    indexed: int = 0

    def index(self, name: str) -> int | None:
        for position in range(self.indexed, len(self.inputs)):
            self.positions.setdefault(self.inputs[position]["name"], position)
        self.indexed = len(self.inputs)
        return self.positions.get(name)


def literal(value: Any) -> Any:
    """What v0 made of a param value: plain strings go through ``ast.literal_eval``."""
    if isinstance(value, str):
        try:
            return ast.literal_eval(value)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            return value
    return value


def infer_type(value: Any) -> str | None:
    """The v1 input type of a param value; None when v1 has no type that renders it as v0 did."""
    if isinstance(value, list):
        numbers = [v for v in value if isinstance(v, (int, float)) and not isinstance(v, bool)]
        mixed = any(isinstance(v, float) for v in numbers) and any(isinstance(v, int) for v in numbers)
        return None if mixed else "list"
    return type_name(value, _LITERAL_TYPES)


def common_type(values: list[Any]) -> str | None:
    """One type for all choices, or None when they differ (mixed int/float stays untyped so 10 renders 10)."""
    types = {infer_type(v) for v in values}
    return types.pop() if len(types) == 1 and None not in types else None


def ordered(entry: dict[str, Any]) -> dict[str, Any]:
    return {key: entry[key] for key in _IO_ORDER if key in entry}


def convert_params(ctx: Context, doc: dict[str, Any], src: str, dst: str, matrix: set[str]) -> IO:
    """Declared inputs/outputs first (in source order), then params without a declaration."""
    io = IO()
    params = as_dict(doc.get("params"))
    for section, items in (("inputs", io.inputs), ("outputs", io.outputs)):
        for index, raw in enumerate(as_list(doc.get(section))):
            at = join(src, section, index)
            if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
                ctx.dropped(at, f"{section}[{index}] has no name, so it cannot be declared")
                continue
            entry = _io(ctx, raw, at, join(dst, section, len(items)))
            if section == "outputs":
                entry.setdefault("isOptional", True)
            if entry.get("isFlag"):
                if entry.get("type") != "bool":  # polyaxon-schemas 0.6.1: "IO type ... cannot be a flag"
                    ctx.refused(
                        join(at, "is_flag"), f"{section[:-1]} {entry['name']!r} is a flag without type: bool, which v0 refuses"
                    )
                io.flags.add(entry["name"])
            items.append(entry)
    for name, raw in params.items():
        at = join(src, "params", name)
        value = literal(raw)
        position = io.index(name)
        if position is None:
            declared: dict[str, Any] = {"name": name}
            kind = None if name in matrix else infer_type(value)
            if kind is not None:
                declared["type"] = kind
            if value is not None:
                declared["value"] = value
            declared["isOptional"] = True
            io.inputs.append(declared)
            position = len(io.inputs) - 1
        else:
            io.inputs[position]["value"] = value
            io.inputs[position]["isOptional"] = True
            io.inputs[position] = ordered(io.inputs[position])
        target = join(dst, "inputs", position, "value")
        if value is not raw:
            ctx.transformed(at, target, "v0 evaluated this string with ast.literal_eval")
        else:
            ctx.mapped(at, target)
    return io


def _io(ctx: Context, raw: dict[str, Any], at: str, target: str) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    for key, new, value in ctx.renamed_keys(raw, at, _IO_KEYS, "`{key}` is not an input/output field in v1"):
        if key == "type" and isinstance(value, str) and value in _TYPE_RENAMES:
            entry[new] = _TYPE_RENAMES[value]
            ctx.transformed(join(at, key), join(target, new), f"type {value} is called {_TYPE_RENAMES[value]} in v1")
            continue
        entry[new] = value
        ctx.mapped(join(at, key), join(target, new))
    if "value" in entry and "isOptional" not in entry:
        entry["isOptional"] = True
    return ordered(entry)


def template_names(text: str) -> Iterator[str]:
    """Root names a Jinja template string uses, in order (``{{ lr * 10 }}`` -> ``lr``)."""
    for template in placeholders(text, "{{", "}}"):
        expression = _FILTER.sub("", _STRING_LITERAL.sub("''", template.inner))
        for name in _ROOT.findall(expression):
            if name not in _JINJA_WORDS:
                yield name


def rewrite_flags(text: str, flags: set[str]) -> str:
    """``{{ flag }}`` -> ``{{ params.flag.as_arg }}``, in one pass over the text (a pass per flag was quadratic)."""
    pieces, done = [], 0
    for template in placeholders(text, "{{", "}}") if flags else ():
        start = text.rfind("{{", template.start, template.end - 2)  # `{{{ x }}` is `{` and `{{ x }}`
        name = text[start + 2 : template.end - 2].strip()
        if name in flags:
            pieces += [text[done:start], "{{ params." + name + ".as_arg }}"]
            done = template.end
    return "".join([*pieces, text[done:]])


def declare_used(ctx: Context, io: IO, used: list[tuple[str, str]], contexts: set[str]) -> None:
    """Declare every template name (``(name, source pointer)``) that is not an input yet."""
    known = io.names() | contexts
    for name, at in used:
        if name in known:
            continue
        known.add(name)
        io.inputs.append({"name": name, "type": "str", "value": "", "isOptional": True})
        ctx.finding(
            "SL401",
            f"`{{{{ {name} }}}}` names no param, so v0 rendered it as an empty string; it is declared as an optional "
            "str input with an empty value",
            at,
            hint=f"give the input {name!r} a value (or remove it from the command) if that was not the intent",
        )
