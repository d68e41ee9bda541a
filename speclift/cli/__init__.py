"""The ``speclift`` command: a click group whose commands only parse options, call the library and report.

Each command's module is imported only when that command runs (or ``--help`` lists it), so ``speclift validate``
does not pay for ``convert`` or ``diff``, and ``speclift --version`` for none of them.
"""

from __future__ import annotations

import importlib

import click

from speclift import __version__

# command name -> "module:attribute" of its click command
COMMANDS = {
    "codes": "speclift.cli.codes_command:codes_command",
    "convert": "speclift.cli.convert:convert",
    "diff": "speclift.cli.diff:diff",
    "explain": "speclift.cli.explain:explain",
    "normalize": "speclift.cli.diff:normalize",
    "scan": "speclift.cli.scan:scan",
    "schemas": "speclift.cli.schemas:schemas",
    "validate": "speclift.cli.validate:validate",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attribute = target.partition(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in COMMANDS and not self.commands:
            # An unknown command: click suggests the closest registered one ("Did you mean 'validate'?"), so register
            # them all before it looks (only on this error path).
            self.commands = {name: command for name in COMMANDS if (command := self.get_command(ctx, name)) is not None}
        return super().resolve_command(ctx, args)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="speclift")
def main() -> None:
    """Validate, convert and diff ML job specs: Azure ML `az ml` v2 YAML and Polyaxon v1 polyaxonfiles.

    Everything runs offline: the JSON Schemas ship with speclift.
    """
