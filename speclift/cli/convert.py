"""``speclift convert``."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from speclift.conversion.context import ReadScope
    from speclift.reporters.view import View


@click.command(epilog=exit_codes.epilog(exit_codes.CONVERT, exit_codes.CHECK))
@paths_argument()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="One file: write here instead of standard output (extra outputs get a suffix).",
)
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False), help="Convert trees: write the outputs under DIR, mirroring the tree."
)
@click.option("--in-place", is_flag=True, help="Convert trees: replace each old-format file with its converted version.")
@click.option("--rename", is_flag=True, help="With --in-place: give .runconfig/.json/.compute files their .yml name.")
@click.option("--dry-run", is_flag=True, help="Write nothing; show what would change as a unified diff (in place unless --out).")
@click.option("--check", is_flag=True, help="Write nothing; list old-format specs and exit with a graded code (below).")
@click.option("--strict", is_flag=True, help="With --check: approximations (SL401) count as needing a person (exit 4).")
@format_option(
    "validate",
    help="With --check: the format of its list (text; or a validate format of its findings, "
    "gitlab for artifacts:reports:codequality).",
)
@click.option(
    "--rewrite-ci",
    is_flag=True,
    help="Also replace the v1 `az ml` command lines of CI files and scripts by their v2 commands (with --out or --in-place).",
)
@click.option("--report", "report_path", type=click.Path(dir_okay=False), help="Write a migration report: .json, else markdown.")
@jobs_option("Convert")
@click.option("-v", "--verbose", is_flag=True, help="Also list files that are not specs or already current.")
@quiet_option(
    "Tell only errors and the summary: no approximation (SL401) or other warning lines, no progress bar; --check "
    "lists only the files that need a person or cannot be read, and its exit line."
)
@color_option()
@click.option("--force", is_flag=True, help="Overwrite existing output files (and the --report file) that hold something else.")
@click.option(
    "-O",
    "--option",
    "options",
    multiple=True,
    metavar="NAME=VALUE",
    help="A converter option (repeatable); `speclift convert --list-options` shows them.",
)
@target_option()
@allow_outside_reads_option()
@require_specs_option()
@config_option()
@click.option(
    "--list-options",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=lambda ctx, _p, v: _list_options(ctx, v),
    help="List every converter's options and exit.",
)
def convert(
    paths: tuple[str, ...],
    output: str | None,
    out_dir: str | None,
    in_place: bool,
    rename: bool,
    dry_run: bool,
    check: bool,
    strict: bool,
    output_format: str,
    rewrite_ci: bool,
    report_path: str | None,
    jobs: int,
    verbose: bool,
    quiet: bool,
    color: str,
    force: bool,
    options: tuple[str, ...],
    target: str | None,
    allow_outside_reads: bool,
    require_specs: bool,
    config_path: str | None,
) -> None:
    """Convert old-format specs (Polyaxon v0 polyaxonfiles, Azure ML v1 files, ...) to the current format.

    One FILE: the converted YAML goes to standard output (or --output); findings (approximations, fields the new
    format cannot express) go to standard error with the source's line and column.

    Folders or several files (a whole repository): with --out DIR the outputs are written under DIR, mirroring the
    tree; with --in-place each old-format file is replaced (--rename: .runconfig becomes .yml). Files that are not
    specs are left alone (-v lists them). Every write is atomic and an existing file is never overwritten without
    --force; a file that fails to convert is left untouched. --check writes nothing: it lists the old-format
    specs and grades what is left to migrate in its exit status (below).
    """
    config, chosen = load_options(config_path, with_target(options, target))
    whole_tree = (
        bool(out_dir or in_place or dry_run or check or report_path or rewrite_ci)
        or len(paths) > 1
        or any(os.path.isdir(p) for p in paths)
    )
    from speclift.cli import output as terminal
    from speclift.conversion.context import ReadScope
    from speclift.conversion.temporaries import removed_on_signals

    if not whole_tree:
        if output_format != "text":
            raise click.UsageError(_FORMAT_WITHOUT_CHECK)
        with removed_on_signals():
            reads = ReadScope(anywhere=allow_outside_reads, limits=config.settings.limits)
            _convert_one(paths[0], output, force, chosen, reads, terminal.view(quiet=quiet, color=color, err=True))
        return
    problem = _tree_usage(paths, output, _TreeFlags(out_dir, in_place, rename, dry_run, check, strict, output_format))
    if rewrite_ci and not (out_dir or in_place or dry_run):
        problem = problem or "--rewrite-ci goes with --out, --in-place or --dry-run (it rewrites CI files to name the outputs)"
    if problem:
        raise click.UsageError(problem)
    from speclift.cli import tree
    from speclift.migration.run import MigrationOptions

    migration = MigrationOptions(
        out_dir=out_dir,
        in_place=in_place or (dry_run and not out_dir),
        rename=rename,
        dry_run=dry_run,
        force=force,
        allow_outside_reads=allow_outside_reads,
        jobs=jobs,
        converter_options=chosen,
        config=config,
        progress=None if quiet else tree.progress,
        rewrite_ci=rewrite_ci,
    )
    with removed_on_signals():  # SIGTERM/SIGINT leave no temporary file behind
        result = tree.migrate(paths, migration, verbose=verbose, quiet=quiet, color=color)
        code = tree.report(
            result,
            strict=strict,
            report_path=report_path,
            verbose=verbose,
            force=force,
            output_format=output_format,
            require_specs=require_specs,
            quiet=quiet,
            color=color,
        )
    sys.exit(code)


_FORMAT_WITHOUT_CHECK = "--format goes with --check (a conversion tells its findings as text on standard error)"


@dataclass(frozen=True, slots=True)
class _TreeFlags:
    """The choices that say what a tree conversion writes, checked together for combinations that make no sense."""

    out_dir: str | None
    in_place: bool
    rename: bool
    dry_run: bool
    check: bool
    strict: bool
    output_format: str


def _tree_usage(paths: tuple[str, ...], output: str | None, flags: _TreeFlags) -> str | None:
    if "-" in paths:
        return "standard input (-) converts alone: speclift convert - [-o FILE]"
    if output:
        return "-o/--output names one output file; for folders or several files use --out DIR or --in-place"
    if flags.out_dir and flags.in_place:
        return "--out and --in-place exclude each other"
    if flags.rename and not (flags.in_place or (flags.dry_run and not flags.out_dir)):
        return "--rename goes with --in-place (with --out, outputs always get their .yml name)"
    if flags.check and (flags.out_dir or flags.in_place or flags.dry_run):
        return "--check writes nothing; leave out --out, --in-place and --dry-run"
    if flags.strict and not flags.check:
        return "--strict goes with --check"
    if flags.output_format != "text" and not flags.check:
        return _FORMAT_WITHOUT_CHECK
    if not (flags.out_dir or flags.in_place or flags.dry_run or flags.check):
        return "converting folders or several files needs --out DIR, --in-place, --dry-run or --check"
    return None


def _convert_one(
    source: str, output: str | None, force: bool, chosen: dict[str, dict[str, str]], reads: ReadScope, view: View
) -> None:
    from speclift import yamlio
    from speclift.api import convert
    from speclift.conversion.result import TEXT
    from speclift.conversion.writing import write_outputs
    from speclift.reporters.text import render_findings

    output_dir = os.path.dirname(os.path.abspath(output)) if output else None  # local paths follow the output
    if source == "-":
        name = os.path.join(os.getcwd(), "<stdin>")
        try:
            text = yamlio.read_stream(sys.stdin.buffer, "<stdin>", reads.limits)
        except yamlio.LoadError as exc:
            click.echo(render_findings([exc.finding], view=view), nl=False, err=True, color=view.color)
            sys.exit(exit_codes.NOT_CONVERTED.code)
        result = convert(name, text=text, options=chosen, output_dir=output_dir, reads=reads, repository=False)
    else:
        result = convert(source, options=chosen, output_dir=output_dir, reads=reads)
    problems = list(result.findings)
    if result.ok and not result.already_current:
        if output is None:  # programs and scripts are files of their own: only -o writes them
            printed = [rendered for rendered in result.outputs if rendered.spec_type != TEXT]
            click.echo("---\n".join(rendered.text for rendered in printed), nl=False)
            if len(printed) < len(result.outputs):
                left = len(result.outputs) - len(printed)
                click.echo(f"speclift: {left} companion files (programs, scripts) are written only with -o FILE", err=True)
        else:
            problems += write_outputs(result, output, force=force)
    click.echo(render_findings(problems, view=view), nl=False, err=True, color=view.color)
    failed = not result.ok or any(p.code in ("SL408", "SL421") for p in problems)
    sys.exit((exit_codes.NOT_CONVERTED if failed else exit_codes.CONVERTED).code)


def _list_options(ctx: click.Context, value: bool) -> None:
    if not value:
        return
    from speclift.converters import CONVERTERS, converter_for

    for source_type in CONVERTERS:
        module = converter_for(source_type)
        assert module is not None
        click.echo(f"{source_type} -> {', '.join(module.TARGETS)}")
        for name, option in module.OPTIONS.items():
            choices = f" ({'|'.join(option.choices)})" if option.choices else ""
            click.echo(f"  {name}{choices}, default {option.default!r}: {option.help}")
    ctx.exit(0)
