"""``speclift diff`` and ``speclift normalize``."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from speclift import exit_codes
from speclift.cli.options import color_option, config_option, existing, format_option, paths_argument, quiet_option

if TYPE_CHECKING:
    from speclift.diffing import DiffOptions
    from speclift.diffing.engine import FileDiff


@click.command(epilog=exit_codes.epilog(exit_codes.DIFF))
@paths_argument(required=False, must_exist=False)  # with --git, a path may name a file deleted since REF
@format_option("diff")
@click.option("--git", "ref", metavar="REF", help="Diff every spec changed between REF and the work tree (PATHS narrow it).")
@click.option(
    "--ignore",
    multiple=True,
    metavar="PATH",
    help="Leave out differences at PATH and below: a JSON pointer pattern (/tags/**) or a path glob (tags.*). Repeatable.",
)
@click.option(
    "--strict-order",
    is_flag=True,
    help="Report reordered items of set-like lists (Polyaxon inputs, outputs, DAG operations) as moved, not as a note.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when the files differ (errors still exit 2).")
@quiet_option("As diff -q: one line per pair of files that differ (with the number of differences), errors and the summary.")
@color_option()
@config_option()
def diff(
    paths: tuple[str, ...],
    output_format: str,
    ref: str | None,
    ignore: tuple[str, ...],
    strict_order: bool,
    exit_zero: bool,
    quiet: bool,
    color: str,
    config_path: str | None,
) -> None:
    """Semantic diff of two specs, A and B, or of every spec changed since a git revision (--git REF).

    Formatting, comments and key order are ignored; list items are matched by identity (`name` and friends), never by
    similarity. Items of a list the spec type treats as a set (Polyaxon inputs, outputs, DAG operations) in another
    order are a note, not a difference (--strict-order: moved, as in other lists). When A is an old-format spec
    (Polyaxon v0, Azure ML v1, an MLproject) and B a current one, A is converted in memory and every difference is
    told in A's own fields.

    The exit status is diff(1)'s: 0 same, 1 different, 2 trouble.
    """
    from speclift.cli import output
    from speclift.config import ConfigError, find_config, load_config
    from speclift.diffing import DiffOptions, IdentityRules
    from speclift.reporters import reporter

    try:
        config = load_config(config_path or find_config())
    except ConfigError as exc:
        click.echo(f"speclift: {exc}", err=True)
        sys.exit(exit_codes.USAGE.code)
    rules = IdentityRules.from_config(config.diff_identity)
    options = DiffOptions(rules, (*config.diff_ignore, *ignore), strict_order, config.settings.limits)
    results: list[FileDiff]
    if ref is not None:
        from speclift.diffing.gitchanges import GitError, diff_git

        try:
            results = diff_git(ref, paths, options, include=config.include)
        except GitError as exc:
            click.echo(f"speclift: {exc}", err=True)
            sys.exit(exit_codes.UNREADABLE_INPUT.code)
    else:
        if len(paths) != 2:
            raise click.UsageError("give two files, A and B (or --git REF [PATH...])")
        path_a, path_b = existing(paths, next(p for p in click.get_current_context().command.params if p.name == "paths"))
        if path_a == "-" and path_b == "-":
            raise click.UsageError("only one of A and B can be standard input")
        results = [_diff_two(path_a, path_b, options)]
    shown = output.view(quiet=quiet, color=color)
    output.echo(reporter("diff", output_format)(results, view=shown), shown)
    if any(result.findings for result in results):
        sys.exit(exit_codes.UNREADABLE_INPUT.code)
    different = any(result.different for result in results) and not exit_zero
    sys.exit((exit_codes.DIFFERENT if different else exit_codes.SAME).code)


def _diff_two(path_a: str, path_b: str, options: DiffOptions) -> FileDiff:
    """Two files, one of which may be standard input (``-``)."""
    from speclift import yamlio
    from speclift.api import diff as run
    from speclift.diffing.engine import FileDiff

    name_a, name_b = ("<stdin>" if p == "-" else p for p in (path_a, path_b))
    try:
        stdin = yamlio.read_stream(sys.stdin.buffer, "<stdin>", options.limits) if "-" in (path_a, path_b) else None
    except yamlio.LoadError as exc:
        return FileDiff(name_a, name_b, findings=[exc.finding])
    return run(name_a, name_b, options, text_a=stdin if path_a == "-" else None, text_b=stdin if path_b == "-" else None)


@click.command(epilog=exit_codes.epilog(exit_codes.NORMALIZE))
@click.argument(
    "path", type=click.Path(dir_okay=False, allow_dash=True), callback=lambda _ctx, param, path: existing([path], param)[0]
)
@quiet_option("Changes nothing: normalize prints only the canonical form, and errors on standard error.")
@color_option()
def normalize(path: str, quiet: bool, color: str) -> None:
    """Print the canonical form of a YAML file: keys sorted, comments and formatting gone, values as the platforms'
    loaders read them. Usable as a git textconv driver (see the README). A file that cannot be read as YAML gets a
    located error on standard error."""
    from speclift import yamlio
    from speclift.cli import output
    from speclift.diffing.normalise import normalise_text
    from speclift.reporters.text import render_findings

    try:
        text = yamlio.read_stream(sys.stdin.buffer, "<stdin>") if path == "-" else yamlio.read_file(path)
        canonical, _ = normalise_text(text, "<stdin>" if path == "-" else path)
    except yamlio.LoadError as exc:
        err = output.view(quiet=quiet, color=color, err=True)
        output.echo(render_findings([exc.finding], view=err), err, err=True)
        sys.exit(exit_codes.UNREADABLE_INPUT.code)
    click.echo(canonical, nl=False)
