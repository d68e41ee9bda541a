"""Tree commands' shared parts (``speclift convert PATH... --out/--in-place/--dry-run/--check`` and ``speclift
scan``): the progress bar, calling :func:`~speclift.migration.run.migrate`, and reporting what it did."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

import click

from speclift import exit_codes
from speclift.cli import output

if TYPE_CHECKING:
    from speclift.migration.run import MigrationOptions, MigrationResult

PROGRESS_MIN_FILES = 20  # below this a run is over before a bar is worth drawing


@contextlib.contextmanager
def progress(length: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on standard error when it is a terminal and the run is long enough; otherwise nothing."""
    if length < PROGRESS_MIN_FILES or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr, show_pos=True) as bar:
        yield bar.update


def migrate(
    paths: Sequence[str], options: MigrationOptions, *, verbose: bool = False, quiet: bool = False, color: str = "auto"
) -> MigrationResult:
    """:func:`speclift.migrate`, with a missing path as a usage error and problems with the tree on standard error
    (with ``verbose`` also the notes: a symbolic link not followed, ...; ``quiet``: the errors only)."""
    from speclift.migration.run import MigrationError
    from speclift.migration.run import migrate as run
    from speclift.reporters.text import render_findings

    try:
        result = run(paths, options)
    except MigrationError as exc:
        raise click.UsageError(str(exc)) from None
    if result.problems:
        err = output.view(quiet=quiet, color=color, err=True)
        output.echo(render_findings(result.problems, verbose=verbose, view=err), err, err=True)
    return result


def report(
    result: MigrationResult,
    *,
    strict: bool,
    report_path: str | None,
    verbose: bool,
    force: bool = False,
    output_format: str = "text",
    require_specs: bool = False,
    quiet: bool = False,
    color: str = "auto",
) -> int:
    """Print what a tree conversion (or ``--check``) did, write the ``--report`` file; the exit status. ``--check``
    in another format than text prints its findings in that ``validate`` format on standard output instead."""
    from speclift.reporters import reporter
    from speclift.reporters.migration import check_report, check_text, summary
    from speclift.reporters.text import render_findings

    out, err = output.view(quiet=quiet, color=color), output.view(quiet=quiet, color=color, err=True)
    if result.dry_run:
        click.echo("".join(a.diff() for a in result.actions), nl=False)
    if result.survey_only and output_format != "text":
        click.echo(reporter("validate", output_format)(check_report(result, strict=strict), verbose=verbose), nl=False)
    elif result.survey_only:
        output.echo(render_findings(result.findings(verbose=verbose), verbose=verbose, view=err), err, err=True)
        output.echo(check_text(result, strict=strict, require_specs=require_specs, view=out), out)
    else:
        output.echo(render_findings(result.findings(verbose=verbose), verbose=verbose, view=err), err, err=True)
        click.echo(summary(result), err=True)
    empty = result.without_specs()
    output.tell_without_specs(empty)
    written = _write_report(report_path, result, force=force) if report_path else True
    if not written:  # what was asked for is missing, whatever the check found: 1, which no CI takes as a pass
        return (exit_codes.CHECK_INCOMPLETE if result.survey_only else exit_codes.NOT_CONVERTED).code
    if result.survey_only:
        return result.check_exit_code(strict=strict, require_specs=require_specs)
    if result.failed:
        return exit_codes.NOT_CONVERTED.code
    return (exit_codes.NO_SPECS if require_specs and empty else exit_codes.CONVERTED).code


def _holds(path: str, text: str) -> bool:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read() == text
    except (OSError, UnicodeDecodeError):
        return False


def _write_report(path: str, result: MigrationResult, *, force: bool) -> bool:
    """``report.json`` gets JSON, anything else markdown; written atomically, and like every output never over an
    existing file without ``force`` (SL408). A report that cannot be written is an SL421; either goes to standard
    error with exit status 1, never a traceback."""
    from speclift.conversion.writing import write_atomically
    from speclift.reporters import reporter
    from speclift.reporters.text import render_findings

    render = reporter("migration", "json" if path.endswith(".json") else "markdown")
    text = render(result)
    if _holds(path, text):  # a run that changes nothing leaves its report as it was
        return True
    failed = write_atomically(path, text, force=force)
    if failed is not None:
        click.echo(render_findings([failed]), nl=False, err=True)
        return False
    return True
