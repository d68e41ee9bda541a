"""``speclift codes``: the catalogue of finding codes."""

from __future__ import annotations

import textwrap

import click


@click.command("codes")
def codes_command() -> None:
    """List every finding code with its name, default severity and meaning, after the severity contract."""
    from speclift.codes import CODES, SEVERITY_CONTRACT

    for entry in CODES.values():
        click.echo(f"{entry.code}  {entry.name:<26} {entry.severity.label:<8} {entry.summary}")
    contract = f"Severities: {SEVERITY_CONTRACT} --fail-on (default: warning) sets the least severe that fails a run."
    click.echo("\n" + textwrap.fill(contract, width=100))
    click.echo("`speclift explain CODE` explains one: why it matters, a failing and a fixed example, how to suppress it.")
