"""``speclift convert PATH...`` over trees (--out, --in-place, --dry-run, --check) and ``speclift scan``: option
handling and printing only; the work is :mod:`speclift.migration`."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from speclift.config import Config
    from speclift.findings import Finding
    from speclift.migration.inventory import FileRecord
    from speclift.migration.layout import Layout

PROGRESS_MIN_FILES = 20  # below this a run is over before a bar is worth drawing


@contextlib.contextmanager
def progress(length: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on standard error when it is a terminal and the run is long enough; otherwise nothing."""
    if length < PROGRESS_MIN_FILES or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr, show_pos=True) as bar:
        yield bar.update


def _files(paths: Sequence[str], config: Config) -> list[str]:
    from speclift.migration.inventory import MIGRATION_INCLUDE, files
    from speclift.reporters.text import render_findings

    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        raise click.UsageError(f"no such file or folder: {', '.join(missing)}")
    include = tuple(dict.fromkeys((*config.include, *MIGRATION_INCLUDE)))
    found, problems = files(paths, include, config.exclude)
    if problems:
        click.echo(render_findings(problems, verbose=False), nl=False, err=True)
    return found


def inventory(
    paths: Sequence[str], config: Config, options: dict[str, dict[str, str]], layout: Layout, jobs: int
) -> list[FileRecord]:
    from speclift.migration.inventory import survey

    found = _files(paths, config)
    with progress(len(found), "surveying") as tick:
        return survey(found, layout, options, jobs=jobs, progress=tick)


def run_tree(
    paths: Sequence[str],
    config: Config,
    options: dict[str, dict[str, str]],
    *,
    out_dir: str | None,
    in_place: bool,
    rename: bool,
    dry_run: bool,
    check: bool,
    strict: bool,
    report_path: str | None,
    jobs: int,
    verbose: bool,
    force: bool,
) -> int:
    """Survey, plan and apply folder by folder (outputs of one folder can only collide with each other), so a long
    run starts writing early and a killed run has finished whole folders."""
    from speclift.migration.apply import Applied, apply, clean_temporaries
    from speclift.migration.inventory import FileStatus, iter_survey
    from speclift.migration.layout import IN_PLACE, MIRROR, NOWHERE, Layout
    from speclift.migration.plan import Action, plan
    from speclift.migration.report import check_exit_code, check_text, write_report
    from speclift.reporters.text import render_findings

    mode = NOWHERE if check else MIRROR if out_dir else IN_PLACE
    layout = Layout.for_paths(paths, mode, out_dir, rename)
    found = _files(paths, config)
    records: list[FileRecord] = []
    actions: list[Action] = []
    applied: list[Applied] = []

    def flush(batch: list[FileRecord]) -> None:
        if check or not batch:
            return
        planned = plan(batch, layout, force=force)
        actions.extend(planned)
        if dry_run:
            click.echo("".join(a.diff() for a in planned), nl=False)
            return
        clean_temporaries(os.path.dirname(os.path.abspath(w.path)) for a in planned for w in a.writes)
        applied.extend(apply(planned, durable=mode == IN_PLACE))  # a replaced source must reach the disk first

    batch: list[FileRecord] = []
    with progress(len(found), "converting" if not (check or dry_run) else "surveying") as tick:
        for record in iter_survey(found, layout, options, jobs=jobs):
            if batch and os.path.dirname(os.path.abspath(record.path)) != os.path.dirname(os.path.abspath(batch[0].path)):
                flush(batch)
                batch = []
            batch.append(record)
            records.append(record)
            if tick is not None:
                tick(1)
        flush(batch)
    shown: list[Finding] = [f for r in records for f in r.findings]
    if verbose:
        shown += [_note(r.path, "already in the current format") for r in records if r.status == FileStatus.CURRENT]
    shown += [f for a in actions for f in a.refused] + [f for a in applied for f in a.findings]
    click.echo(render_findings(shown, verbose=verbose), nl=False, err=True)
    if check:
        click.echo(check_text(records, strict=strict), nl=False)
        if report_path:
            write_report(report_path, records, actions, applied, dry_run=True)
        return check_exit_code(records, strict=strict)
    click.echo(_summary(records, actions, applied, dry_run), err=True)
    if report_path:
        write_report(report_path, records, actions, applied, dry_run=dry_run)
    failed = any(r.status in (FileStatus.BLOCKED, FileStatus.UNREADABLE) for r in records)
    failed = failed or any(a.refused for a in actions) or any(not a.ok for a in applied)
    return 1 if failed else 0


def _note(path: str, message: str) -> Finding:
    from speclift import codes

    return codes.make("SL403", message, path)


def _summary(records: Sequence[FileRecord], actions: Sequence[object], applied: Sequence[object], dry_run: bool) -> str:
    from speclift.migration.apply import Applied
    from speclift.migration.inventory import FileStatus
    from speclift.migration.plan import SAME, Action

    count = {s: sum(1 for r in records if r.status == s) for s in FileStatus}
    planned = [a for a in actions if isinstance(a, Action)]
    done = [a for a in applied if isinstance(a, Applied)]
    if dry_run:
        changing = sum(1 for a in planned if a.pending)
        head = f"dry run: {changing} file{'s' * (changing != 1)} would change"
    else:
        written = sum(len(a.written) for a in done)
        head = f"{written} output{'s' * (written != 1)} written"
    unchanged = sum(1 for a in planned if a.writes and all(w.state == SAME for w in a.writes) and not a.refused)
    return (
        f"{head}, {unchanged} already converted; {count[FileStatus.BLOCKED]} need a person; "
        f"{count[FileStatus.CURRENT]} current, {count[FileStatus.NOT_SPEC]} not specs, {count[FileStatus.UNREADABLE]} unreadable "
        f"({len(records)} files)"
    )
