"""Generated documentation: the README's tables and the configuration schema's ``convert`` block come from the code.

``python -m speclift.docs README.md`` rewrites the blocks between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``
and the ``convert`` block of ``schemas/speclift/config.schema.json``; a test fails when either drifts from the code.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from speclift import codes, converters, exit_codes, spectypes
from speclift.converters.azureml_v1 import v1_defaults

CONFIG_SCHEMA = "speclift/config.schema.json"
ACTION = Path(__file__).resolve().parent.parent / "action.yml"  # the GitHub Action, at the checkout's root


def codes_table() -> str:
    rows = ["| code | name | default severity | meaning |", "|---|---|---|---|"]
    rows += [f"| `{c.code}` | `{c.name}` | {c.severity.label} | {c.summary} |" for c in codes.CODES.values()]
    return "\n".join(rows)


def spectypes_table() -> str:
    rows = ["| spec type | what | checked by |", "|---|---|---|"]
    for spec in spectypes.SPEC_TYPES.values():
        if spec.legacy and spec.validated:
            checked = f"`schemas/{spec.schema_file}` + semantic rules; converts to {_becomes(spec.id, spec.migrates_to)}"
        elif spec.legacy:
            checked = f"recognised as an old format (`SL012`); converts to {_becomes(spec.id, spec.migrates_to)}"
        elif spec.node_only:
            checked = f"`schemas/{spec.schema_file}`, as a pipeline node only (`SL010` when standalone)"
        else:
            checked = f"`schemas/{spec.schema_file}` + semantic rules"
        rows.append(f"| `{spec.id}` | {spec.title} | {checked} |")
    return "\n".join(rows)


def _becomes(source: str, migrates_to: str | None) -> str:
    """What the converter writes (its targets, the main one first), or the type it migrates to when it has none."""
    from speclift.converters import CONVERTERS

    converter = CONVERTERS.get(source)
    targets = list(converter.targets) if converter else []
    if migrates_to in targets:
        targets.remove(migrates_to)
    shown = [f"`{target}`" for target in [migrates_to, *targets] if target]
    chosen = converter is not None and "to" in converter.options  # the target family is the user's choice
    return ", ".join(shown) + (
        (" (as the `to` option chooses)" if chosen else " (those the file needs)") if len(shown) > 1 else ""
    )


def options_tables() -> str:
    """One table per configuration section, from the converter registry and the converters' ``OPTIONS``."""
    parts: list[str] = []
    for section, members in converters.sections().items():
        sources = ", ".join(f"`{member.source}`" for member in members)
        parts.append(f"`[tool.speclift.convert.{section}]`, read by the converters of {sources}:\n")
        options = converters.section_options(section)
        if not options:
            parts.append("(no options)\n")
            continue
        rows = ["| option | default | what it decides |", "|---|---|---|"]
        rows += [
            f"| `{name}` | {_shown_default(option)} | {option.doc or option.help} |" for name, (option, _) in options.items()
        ]
        parts.append("\n".join(rows) + "\n")
    return "\n".join(parts).rstrip("\n")


def _shown_default(option: converters.Option) -> str:
    if option.shown_default:
        return option.shown_default
    if option.default == "":
        return "(none)"
    return f"`{json.dumps(option.default) if isinstance(option.default, bool) else option.default}`"


def convert_schema() -> dict[str, Any]:
    """The configuration schema's ``convert`` block: one closed table per section, each option typed."""
    sections: dict[str, Any] = {}
    for section, members in converters.sections().items():
        properties: dict[str, Any] = {}
        for name, (option, _) in converters.section_options(section).items():
            kind: dict[str, Any] = {"enum": list(option.choices)} if option.choices else {"type": option.json_type}
            properties[name] = {**kind, "description": option.help[:1].upper() + option.help[1:] + "."}
        sections[section] = {
            "type": "object",
            "additionalProperties": False,
            "description": "Options of the converters of " + ", ".join(member.source for member in members) + ".",
            "properties": properties,
        }
    return {
        "type": "object",
        "additionalProperties": False,
        "description": "Options for the converters, by section (`speclift convert --list-options` lists them).",
        "properties": sections,
    }


def config_schema(text: str) -> str:
    """The configuration schema ``text`` with its ``convert`` block generated."""
    schema = json.loads(text)
    schema["properties"]["convert"] = convert_schema()
    return json.dumps(schema, indent=2) + "\n"


def _action() -> dict[str, Any]:
    import yaml

    loaded: dict[str, Any] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    return loaded


def _one_line(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def action_inputs_table() -> str:
    """The Action's inputs, from action.yml (the script reads the same names: a test holds them together)."""
    rows = ["| input | default | what it does |", "|---|---|---|"]
    for name, declared in _action()["inputs"].items():
        default = f"`{declared['default']}`" if declared.get("default") not in (None, "") else "(none)"
        rows.append(f"| `{name}` | {default} | {_one_line(declared['description'])} |")
    return "\n".join(rows)


def action_outputs_table() -> str:
    rows = ["| output | what it holds |", "|---|---|"]
    rows += [f"| `{name}` | {_one_line(declared['description'])} |" for name, declared in _action()["outputs"].items()]
    return "\n".join(rows)


def studio_modules_table() -> str:
    """The Studio (classic) module catalogue: what each module becomes (speclift/studio/catalogue/*.yaml)."""
    from speclift.studio.modules import records

    rows = ["| classic module | family id | designer replacement | generated program | verdict |", "|---|---|---|---|---|"]
    for record in sorted(records(), key=lambda r: (r.category, r.name)):
        family = f"`{record.family_id}`" if record.family_id else "by its parameters"
        program = f"`{record.module}`" if record.module else "none (fails loudly)"
        verdict = record.status.value + (f": {_one_line(record.note)}" if record.note else "")
        rows.append(f"| {record.name} | {family} | {record.replacement or 'none'} | {program} | {verdict} |")
    return "\n".join(rows)


BLOCKS: dict[str, Callable[[], str]] = {
    "codes": codes_table,
    "spectypes": spectypes_table,
    "options": options_tables,
    "v1-defaults": v1_defaults.table,
    "action-inputs": action_inputs_table,
    "action-outputs": action_outputs_table,
    "exit-codes": exit_codes.table,
    "studio-modules": studio_modules_table,
}


def render(text: str) -> str:
    """``text`` with every generated block replaced by its current content."""
    for name, make in BLOCKS.items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.DOTALL)
        text = pattern.sub(lambda m, make=make: m.group(1) + make() + "\n" + m.group(2), text)  # type: ignore[misc]
    return text


def _rewrite(path: str, make: Callable[[str], str]) -> None:
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(make(text))


def main(argv: list[str]) -> int:
    from speclift.schemas import schemas_dir

    for path in argv or ["README.md"]:
        _rewrite(path, render)
    _rewrite(str(schemas_dir() / CONFIG_SCHEMA), config_schema)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
