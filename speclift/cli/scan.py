"""``speclift scan``: the inventory of every spec under the named paths."""

from __future__ import annotations

import sys

import click

from speclift import exit_codes
from speclift.cli.options import (
    allow_outside_reads_option,
    color_option,
    config_option,
    format_option,
    jobs_option,
    load_options,
    paths_argument,
    quiet_option,
    require_specs_option,
    target_option,
    with_target,
)


@click.command("scan", epilog=exit_codes.epilog(exit_codes.SCAN))
@paths_argument(allow_dash=False)
@format_option("scan", default="table")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Also list files that are not specs, and each ML Studio (classic) experiment's modules with their verdicts.",
)
@quiet_option("Print only the totals line (and errors about the tree); no progress bar.")
@color_option()
@jobs_option("Survey")
@click.option("-O", "--option", "options", multiple=True, metavar="NAME=VALUE", help="A converter option (repeatable).")
@target_option()
@allow_outside_reads_option()
@require_specs_option()
@config_option()
def scan(
    paths: tuple[str, ...],
    output_format: str,
    verbose: bool,
    quiet: bool,
    color: str,
    jobs: int,
    options: tuple[str, ...],
    target: str | None,
    allow_outside_reads: bool,
    require_specs: bool,
    config_path: str | None,
) -> None:
    """List every spec under PATHS: file, detected type and version, status, what it would become, findings.

    Status is `current`, `convertible`, `review` (converts, with approximations to check), `blocked` (needs a
    person), `unreadable` or, with -v, `not-a-spec`. Old-format files are converted in memory to tell; nothing is
    written. `speclift convert --check` turns the same inventory into an exit code for CI.
    """
    from speclift.cli import output, tree
    from speclift.migration.run import MigrationOptions
    from speclift.reporters import reporter

    config, chosen = load_options(config_path, with_target(options, target))
    chosen_options = MigrationOptions(
        jobs=jobs,
        converter_options=chosen,
        config=config,
        progress=None if quiet else tree.progress,
        allow_outside_reads=allow_outside_reads,
    )
    result = tree.migrate(paths, chosen_options, verbose=verbose, quiet=quiet, color=color)
    shown = output.view(quiet=quiet, color=color)
    output.echo(reporter("scan", output_format)(result, verbose=verbose, view=shown), shown)
    empty = result.without_specs()
    output.tell_without_specs(empty)
    if require_specs and empty:
        sys.exit(exit_codes.NO_SPECS.code)
