"""``speclift scan``: the inventory of every spec under the named paths."""

from __future__ import annotations

import click

from speclift.cli.convert import load_options


@click.command("scan")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option("-v", "--verbose", is_flag=True, help="Also list files that are not specs.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help="Survey in N processes.")
@click.option("-O", "--option", "options", multiple=True, metavar="NAME=VALUE", help="A converter option (repeatable).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file (default: the nearest one).")
def scan(
    paths: tuple[str, ...], output_format: str, verbose: bool, jobs: int, options: tuple[str, ...], config_path: str | None
) -> None:
    """List every spec under PATHS: file, detected type and version, status, what it would become, findings.

    Status is `current`, `convertible`, `review` (converts, with approximations to check), `blocked` (needs a
    person), `unreadable` or, with -v, `not-a-spec`. Old-format files are converted in memory to tell; nothing is
    written. `speclift convert --check` turns the same inventory into an exit code for CI.
    """
    from speclift.cli.tree import inventory
    from speclift.migration.layout import NOWHERE, Layout
    from speclift.migration.report import SCAN_FORMATS

    config, chosen = load_options(config_path, options)
    records = inventory(paths, config, chosen, Layout.for_paths(paths, NOWHERE), jobs)
    click.echo(SCAN_FORMATS[output_format](records, verbose=verbose), nl=False)
