"""What every command tells besides its report: the line saying a named path holds no spec."""

from __future__ import annotations

from collections.abc import Sequence

import click


def tell_without_specs(paths: Sequence[str]) -> None:
    """One line on standard error naming the paths that hold no spec (nothing when there are none): a mistyped folder
    or glob must not pass in silence. ``--require-specs`` makes it fail the run."""
    if paths:
        click.echo(f"speclift: no specs found in {', '.join(paths)}", err=True)
