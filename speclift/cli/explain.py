"""``speclift explain CODE``: what a finding code means, with a failing and a fixed example."""

from __future__ import annotations

import sys

import click

from speclift.cli.options import format_option


@click.command("explain")
@click.argument("code", required=False, metavar="CODE")
@format_option("explain")
def explain(code: str | None, output_format: str) -> None:
    """Explain a finding code (SL101) or name (unknown-field): why it matters, a failing and a fixed example, how
    to suppress it and its default severity. `speclift codes` lists every code.

    Exit status: 0 explained, 2 no code or an unknown one.
    """
    from speclift.explanations import UnknownCode
    from speclift.explanations import explain as find
    from speclift.reporters import reporter

    if code is None or not code.strip():
        click.echo("speclift explain: give a finding code (SL101) or name (unknown-field); `speclift codes` lists them", err=True)
        sys.exit(2)
    try:
        explanation = find(code)
    except UnknownCode as exc:
        close = f" (did you mean {', '.join(exc.suggestions)}?)" if exc.suggestions else ""
        click.echo(f"speclift explain: no finding code or name {code!r}{close}; `speclift codes` lists them", err=True)
        sys.exit(2)
    click.echo(reporter("explain", output_format)(explanation), nl=False)
