"""``speclift codes``: the catalogue of finding codes."""

from __future__ import annotations

import click

from speclift.cli.options import color_option


@click.command("codes")
@color_option()
def codes_command(color: str) -> None:
    """List every finding code with its name, default severity and meaning, after the severity contract."""
    from speclift.cli import output
    from speclift.reporters.catalogue import render

    shown = output.view(color=color)
    output.echo(render(shown), shown)
