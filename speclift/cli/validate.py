"""``speclift validate``."""

from __future__ import annotations

import sys

import click

from speclift import exit_codes
from speclift.cli.options import (
    color_option,
    config_option,
    format_option,
    paths_argument,
    quiet_option,
    require_specs_option,
)


@click.command(epilog=exit_codes.epilog(exit_codes.VALIDATE))
@paths_argument()
@format_option("validate")
@click.option(
    "--schema", metavar="TYPE", help="Force a spec type (command-job, polyaxon/v1/component, ...) instead of detecting it."
)
@click.option("--check-paths/--no-check-paths", default=None, help="Check that local paths named by specs exist (default: on).")
@click.option("--ignore", multiple=True, metavar="CODE", help="Ignore a finding code or name (repeatable).")
@click.option(
    "--inline-config/--no-inline-config",
    default=None,
    help="Honour '# speclift: disable=CODE,...' comments (after a value: that line; alone on a line: the next line) "
    "and '# speclift: disable-file=CODE,...' (default: on).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["info", "warning", "error"]),
    help="Least severe finding that fails the run (default: warning).",
)
@config_option("Configuration file (default: nearest .speclift.yaml or pyproject.toml with [tool.speclift]).")
@click.option(
    "--stdin-filename",
    default="<stdin>",
    show_default=True,
    help="Name to report for '-'; local paths resolve from the current folder.",
)
@require_specs_option()
@click.option("-v", "--verbose", is_flag=True, help="Also show notes: skipped files and why.")
@quiet_option("Show only the error findings and the summary line (warnings still count for --fail-on).")
@color_option()
def validate(
    paths: tuple[str, ...],
    output_format: str,
    schema: str | None,
    check_paths: bool | None,
    ignore: tuple[str, ...],
    inline_config: bool | None,
    fail_on: str | None,
    config_path: str | None,
    stdin_filename: str,
    require_specs: bool,
    verbose: bool,
    quiet: bool,
    color: str,
) -> None:
    """Validate Azure ML v2 and Polyaxon v1 specs in PATHS (files, folders, or - for standard input).

    Inline suppressions: a '# speclift: disable=SL101,unknown-binding' comment after a value applies to its line,
    alone on a line to the line below; '# speclift: disable-file=SL205' to the whole file. Unknown codes, and
    suppressions that suppress nothing, are reported as SL013.
    """
    from speclift.api import validate as run
    from speclift.cli import output
    from speclift.config import ConfigError, find_config, load_config
    from speclift.reporters import reporter

    if schema is not None:
        from speclift import spectypes

        try:
            schema = spectypes.get(schema).id
        except KeyError:
            names = ", ".join(sorted(s.id for s in spectypes.SPEC_TYPES.values() if not s.legacy))
            raise click.BadParameter(f"unknown spec type {schema!r}; known: {names}", param_hint="--schema") from None
    try:
        config = load_config(config_path or find_config())
        overrides = {"schema": schema, "check-paths": check_paths, "fail-on": fail_on, "ignore": list(ignore) or None}
        config = config.with_overrides(**overrides, **{"inline-config": inline_config})
    except ConfigError as exc:
        click.echo(f"speclift: {exc}", err=True)
        sys.exit(exit_codes.USAGE.code)
    report = run(paths, config, stdin_name=stdin_filename)
    threshold = config.settings.fail_on
    shown = output.view(quiet=quiet, color=color, fail_on=threshold)
    output.echo(reporter("validate", output_format)(report, verbose=verbose, view=shown), shown)
    empty = report.without_specs()
    output.tell_without_specs(empty)
    if any(f.severity >= threshold for f in report.findings):
        sys.exit(exit_codes.FINDINGS.code)
    sys.exit((exit_codes.NO_SPECS if require_specs and empty else exit_codes.VALID).code)
