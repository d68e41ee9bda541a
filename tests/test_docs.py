"""The README's generated tables match the code."""

from __future__ import annotations

import pytest

from speclift import docs
from tests.conftest import ROOT


def test_readme_tables_are_current() -> None:
    text = (ROOT / "README.md").read_text()
    assert docs.render(text) == text, "run `python -m speclift.docs README.md`"
    for block in docs.BLOCKS:
        assert f"<!-- {block}:start -->" in text


def test_readme_opens_with_the_two_commands() -> None:
    head = (ROOT / "README.md").read_text().split("\n## ", 1)[0]
    assert "make demo" in head and "make test" in head


def test_config_schema_convert_block_is_current() -> None:
    text = (ROOT / "schemas" / docs.CONFIG_SCHEMA).read_text()
    assert docs.config_schema(text) == text, "run `python -m speclift.docs README.md`"


def test_every_registered_converter_is_one_consistent_record() -> None:
    from speclift import converters, spectypes

    assert len(converters.CONVERTERS) == len(converters.REGISTRY), "one registry line per source type"
    for converter in converters.REGISTRY:
        module = converter.load()
        assert converter.source == module.SOURCE, converter.module
        assert converter.source in spectypes.SPEC_TYPES
        # an old format, or a current one upgraded for a newer platform only when the call names it (`to`)
        assert spectypes.SPEC_TYPES[converter.source].legacy or "to" in module.OPTIONS, converter.module
        assert converter.targets and all(target in spectypes.SPEC_TYPES for target in converter.targets), converter.module
        for name, option in module.OPTIONS.items():
            assert option.help and name == name.lower() and " " not in name, (converter.source, name)
            assert not option.choices or option.default in option.choices, (converter.source, name)


def test_options_shared_in_a_section_agree() -> None:
    """A section has one schema entry and one README row per name: every converter taking it must read it alike."""
    from speclift import converters

    for section, members in converters.sections().items():
        for name, (first, takers) in converters.section_options(section).items():
            for source in takers:
                option = converters.CONVERTERS[source].options[name]
                assert (option.default, option.choices, option.json_type) == (first.default, first.choices, first.json_type), (
                    section,
                    name,
                    source,
                )
        assert members


def test_a_new_registry_line_reaches_the_generated_docs_and_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    """Adding a converter: its module plus one registry line; the option table and the schema follow."""
    import sys
    import types

    from speclift import converters

    module = types.ModuleType("speclift_test_converter")
    module.SOURCE = "polyaxon/v2/component"  # type: ignore[attr-defined]
    module.TARGETS = ("polyaxon/v2/operation",)  # type: ignore[attr-defined]
    module.OPTIONS = {"flavour": converters.Option("plain", "which flavour", choices=("plain", "fancy"))}  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    line = converters.Converter("polyaxon/v2/component", "polyaxon-v2", module.__name__)
    monkeypatch.setattr(converters, "REGISTRY", (*converters.REGISTRY, line))

    assert converters.sections()["polyaxon-v2"] == (line,)
    section = docs.convert_schema()["properties"]["polyaxon-v2"]
    assert section["properties"]["flavour"] == {"enum": ["plain", "fancy"], "description": "Which flavour."}
    assert "`[tool.speclift.convert.polyaxon-v2]`" in docs.options_tables()
    assert "| `flavour` | `plain` | which flavour |" in docs.options_tables()
    text = (ROOT / "schemas" / docs.CONFIG_SCHEMA).read_text()
    assert docs.config_schema(text) != text  # the drift test asks for `python -m speclift.docs README.md`


def test_an_old_type_migrates_to_what_its_converter_writes() -> None:
    from speclift.converters import CONVERTERS
    from speclift.spectypes import SPEC_TYPES

    for source, converter in CONVERTERS.items():
        spec = SPEC_TYPES[source]
        if not spec.legacy:  # an upgrade of a current type (`--to polyaxon-v2`): it writes the newer family's types
            assert all(target.split("/")[1] != source.split("/")[1] for target in converter.targets), source
            continue
        assert spec.migrates_to in converter.targets, (source, spec.migrates_to, converter.targets)


def _takes(option: str) -> set[str]:
    import click

    from speclift.cli import COMMANDS, main

    context = click.Context(main)
    commands = {name: main.get_command(context, name) for name in COMMANDS}
    return {name for name, command in commands.items() if command and any(option in p.opts for p in command.params)}


def test_readme_names_the_commands_taking_quiet_and_color() -> None:
    """The terminal-output section says which commands take -q and --color: exactly those that do."""
    import re

    section = (ROOT / "README.md").read_text().split("## Terminal output", 1)[1].split("\n## ", 1)[0]
    quiet_rows = {re.match(r"\| `(\w+)", line).group(1) for line in section.splitlines() if re.match(r"\| `\w+", line)}  # type: ignore[union-attr]
    assert quiet_rows == _takes("--quiet")
    colour = re.search(r"`--color auto\|always\|never`, on the commands [^(]*\(([^)]*)\)", section)
    assert colour, "the --color paragraph names its commands"
    assert set(re.findall(r"`(\w+)`", colour.group(1))) == _takes("--color")
