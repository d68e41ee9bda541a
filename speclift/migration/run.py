"""Migrating a tree in one call: :func:`migrate` surveys, plans and applies; what it did comes back as a value.

It prints nothing and exits nowhere: ``speclift convert PATH... --out/--in-place/--dry-run/--check`` and
``speclift scan`` call it and hand the :class:`MigrationResult` to a reporter.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from speclift import codes, exit_codes
from speclift.config import Config
from speclift.conversion.context import ReadScope, Supplied
from speclift.discovery import inside, without
from speclift.findings import Finding, Severity
from speclift.migration import crossfile
from speclift.migration.apply import Applied, apply, clean_temporaries
from speclift.migration.inventory import MIGRATION_INCLUDE, FileRecord, FileStatus, files, iter_survey, survey_file
from speclift.migration.layout import IN_PLACE, MIRROR, NOWHERE, Layout
from speclift.migration.plan import Action, companion_removals, plan
from speclift.repository import Found, Rewrite, find_invocations, rewrite_ci
from speclift.repository.for_conversion import converter_supplies

# (number of files, "surveying" or "converting") -> a context giving a function told of each file done, or None
Progress = Callable[[int, str], AbstractContextManager[Callable[[int], None] | None]]

# --check's graded codes and what each means (speclift.exit_codes holds every command's)
CHECK_EXIT_CODES: dict[int, str] = {code: status.meaning for code, status in exit_codes.CHECK_GRADES.items()}


class MigrationError(ValueError):
    """The paths cannot be migrated at all (one does not exist): nothing was surveyed."""


@dataclass(frozen=True, slots=True)
class MigrationOptions:
    """How to migrate. With neither ``out_dir`` nor ``in_place`` (the default) the tree is surveyed only, in
    memory, as ``speclift scan`` and ``--check`` do: nothing is planned or written."""

    out_dir: str | None = None  # write the outputs under this folder, mirroring the tree
    in_place: bool = False  # replace each old-format file by its converted version
    rename: bool = False  # in place: give .runconfig/.json/.compute files their .yml name
    dry_run: bool = False  # plan every write, make none (each Action's diff() shows what would change)
    force: bool = False  # overwrite existing outputs that hold something else
    allow_outside_reads: bool = False  # read files specs name even outside the repository (see ReadScope)
    jobs: int = 1  # survey (and convert) in this many processes
    converter_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # source spec type -> options
    config: Config = field(default_factory=Config)  # include/exclude patterns for walking folders
    progress: Progress | None = None  # a progress display (the command line draws a bar on terminals)
    rewrite_ci: bool = False  # replace the v1 CLI command lines of CI files and scripts by their v2 commands

    @property
    def mode(self) -> str:
        return MIRROR if self.out_dir else IN_PLACE if self.in_place else NOWHERE

    @property
    def survey_only(self) -> bool:
        return self.mode == NOWHERE


@dataclass(slots=True)
class MigrationResult:
    records: list[FileRecord] = field(default_factory=list)  # one per file, in walking order
    actions: list[Action] = field(default_factory=list)  # the planned writes (none when surveying only)
    applied: list[Applied] = field(default_factory=list)  # what was written (none in a dry run)
    problems: list[Finding] = field(default_factory=list)  # about the tree rather than one file (link loops, ...)
    dry_run: bool = False
    survey_only: bool = False
    invocations: Found = field(default_factory=Found)  # the v1 CLI command lines the walked folders keep
    ci_rewrite: Rewrite | None = None  # what --rewrite-ci did (None when not asked)
    paths: list[str] = field(default_factory=list)  # as named

    def without_specs(self) -> list[str]:
        """The named paths that hold no spec, current or old (a file that cannot be read is not known to be one)."""
        unknown = (FileStatus.NOT_SPEC, FileStatus.UNREADABLE)
        return without(self.paths, (record.path for record in self.records if record.status not in unknown))

    @property
    def outputs(self) -> dict[str, list[str]]:
        """Real path of each converted source -> the paths of its outputs (written, unchanged or, in a dry run,
        planned): what the v2 commands replacing its invocations name."""
        outputs: dict[str, list[str]] = {}
        for action in self.actions:
            if not action.refused and action.writes:
                outputs[os.path.realpath(action.record.path)] = [w.path for w in action.writes]
        return outputs

    @property
    def failed(self) -> bool:
        """Some file was not converted, or could not be read or written."""
        if any(r.status in (FileStatus.BLOCKED, FileStatus.UNREADABLE) for r in self.records) or self._unread:
            return True
        return any(a.refused for a in self.actions) or any(not a.ok for a in self.applied)

    @property
    def _unread(self) -> bool:
        """A file or folder the walk could not read (a file name that is not UTF-8, a folder without permission)."""
        return any(problem.severity == Severity.ERROR for problem in self.problems)

    def check_exit_code(self, *, strict: bool = False, require_specs: bool = False) -> int:
        """``--check``'s graded verdict (:data:`CHECK_EXIT_CODES`): the worse the news, the higher the code."""
        return self.check_status(strict=strict, require_specs=require_specs).code

    def check_status(self, *, strict: bool = False, require_specs: bool = False) -> exit_codes.ExitStatus:
        """:meth:`check_exit_code` with its meaning; with ``require_specs`` a named path without a spec fails (1)
        when nothing worse was found."""
        code = check_exit_code(self.records, strict=strict)
        code = 1 if code == 0 and self._unread else code  # the check is incomplete
        if require_specs and code < exit_codes.NO_SPECS.code and self.without_specs():
            return exit_codes.NO_SPECS
        return exit_codes.CHECK_GRADES[code]

    def findings(self, *, verbose: bool = False) -> list[Finding]:
        """Every file's findings, then the refused and failed writes; with ``verbose`` also a note per current file."""
        shown = [f for r in self.records for f in r.findings]
        if verbose:
            shown += [
                codes.make("SL403", "already in the current format", r.path)
                for r in self.records
                if r.status == FileStatus.CURRENT
            ]
        return shown + [f for a in self.actions for f in a.refused] + [f for a in self.applied for f in a.findings]


def check_exit_code(records: Sequence[FileRecord], *, strict: bool = False) -> int:
    statuses = {r.status for r in records}
    if FileStatus.BLOCKED in statuses or (strict and FileStatus.REVIEW in statuses):
        return 4
    if statuses & {FileStatus.CONVERTIBLE, FileStatus.REVIEW}:
        return 3
    if FileStatus.UNREADABLE in statuses:
        return 1
    return 0


def migrate(paths: Sequence[str], options: MigrationOptions | None = None) -> MigrationResult:
    """Survey every file under ``paths``, settle what files mean for each other (companions, unique endpoint names:
    that needs every record, so writing starts after the survey), then (unless surveying only) plan and apply the
    writes folder by folder: outputs of one folder can only collide with each other, and a killed run has finished
    whole folders. Raises :class:`MigrationError` when a path does not exist."""
    options = options or MigrationOptions()
    if options.out_dir and options.in_place:
        raise MigrationError("out_dir and in_place exclude each other")
    if options.dry_run and options.survey_only:
        raise MigrationError("a dry run plans writes: give out_dir or in_place")
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        raise MigrationError(f"no such file or folder: {', '.join(missing)}")
    layout = Layout.for_paths(paths, options.mode, options.out_dir, options.rename)
    include = tuple(dict.fromkeys((*options.config.include, *MIGRATION_INCLUDE)))
    found, problems = files(paths, include, options.config.exclude)
    result = MigrationResult(problems=problems, dry_run=options.dry_run, survey_only=options.survey_only, paths=list(paths))
    result.invocations = _invocations(paths, options)  # before any write: they name the sources as they are
    result.problems.extend(skipped.finding() for skipped in result.invocations.skipped)  # told with -v
    label = "surveying" if options.survey_only or options.dry_run else "converting"
    reads = ReadScope(layout.trees, anywhere=options.allow_outside_reads, limits=options.config.settings.limits)
    supplied = _supplied(paths, result.invocations, result.problems)
    with _progress(options.progress, len(found), label) as tick:
        for record in iter_survey(found, layout, options.converter_options, jobs=options.jobs, reads=reads, supplied=supplied):
            result.records.append(record)
            if tick is not None:
                tick(1)
    _settle_across_files(result.records, layout, options, reads, supplied)
    batch: list[FileRecord] = []
    for record in result.records:  # one folder at a time: a killed run has finished whole folders
        if batch and _folder(record) != _folder(batch[0]):
            _write(batch, layout, options, result)
            batch = []
        batch.append(record)
    _write(batch, layout, options, result)
    _remove_companions(layout, options, result)
    if options.rewrite_ci and not options.survey_only:
        result.ci_rewrite = rewrite_ci(result.invocations.invocations, result.outputs, dry_run=options.dry_run)
        result.problems.extend(result.ci_rewrite.failed)
    return result


def _remove_companions(layout: Layout, options: MigrationOptions, result: MigrationResult) -> None:
    """In place, after everything else: each companion whose users are all converted goes (see
    :func:`~speclift.migration.plan.companion_removals`); in a dry run the removal is only planned."""
    if layout.mode != IN_PLACE or options.survey_only:
        return
    finished = {a.action.record.path for a in result.applied if a.ok}
    planned = {a.record.path for a in result.actions if a.ready}
    done = (lambda path: path in planned) if options.dry_run else (lambda path: path in finished)
    removals = companion_removals(result.records, done)
    result.actions.extend(removals)
    if not options.dry_run:
        result.applied.extend(apply(removals, durable=True, within=layout.confines))


def _settle_across_files(
    records: list[FileRecord],
    layout: Layout,
    options: MigrationOptions,
    reads: ReadScope,
    supplied: dict[str, dict[str, Supplied]],
) -> None:
    """What files mean for each other (:mod:`.crossfile`): companions are consumed by the file using them, and a
    file whose derived endpoint name another file also gets is converted again with a unique one."""
    crossfile.mark_companions(records)
    fixed = crossfile.given_endpoint_name(options.converter_options, supplied)
    renamed = crossfile.unique_endpoint_names(records, fixed)
    for index, record in enumerate(records):
        names = renamed.get(os.path.realpath(record.path))
        if names:
            again = {**supplied, os.path.realpath(record.path): {**supplied.get(os.path.realpath(record.path), {}), **names}}
            records[index] = survey_file(record.path, options.converter_options, layout, reads, again)


def _supplied(paths: Sequence[str], found: Found, problems: list[Finding]) -> dict[str, dict[str, Supplied]]:
    """The converter options the invocations supply, per real path of a v1 spec file, each saying where it came from;
    two invocations giving one file different values keep the first, and the other is told (SL411)."""
    chosen: dict[str, dict[str, Supplied]] = {}
    for root in _roots(paths) if found.invocations else []:
        for path, options in converter_supplies(root, found.invocations, problems).items():
            for name, value in options.items():
                chosen.setdefault(path, {}).setdefault(name, value)
    return chosen


def _roots(paths: Sequence[str]) -> list[str]:
    """The real paths of the named folders, without those inside another."""
    roots: list[str] = []
    for real in sorted({os.path.realpath(p) for p in paths if os.path.isdir(p)}):
        if not any(inside(real, root) for root in roots):
            roots.append(real)
    return roots


def _invocations(paths: Sequence[str], options: MigrationOptions) -> Found:
    """The v1 CLI invocations kept under the folders being migrated, each folder walked once."""
    found = Found()
    folders = {os.path.realpath(p): p for p in paths if os.path.isdir(p)}  # real path -> as named (findings show it)
    for real in _roots(paths):
        more = find_invocations(folders[real], options.config.settings.limits)
        found.invocations.extend(more.invocations)
        found.skipped.extend(more.skipped)
    return found


def _folder(record: FileRecord) -> str:
    return os.path.dirname(os.path.abspath(record.path))


def _write(batch: list[FileRecord], layout: Layout, options: MigrationOptions, result: MigrationResult) -> None:
    """Plan one folder's writes and, unless only planning, make them."""
    if options.survey_only or not batch:
        return
    planned = plan(batch, layout, force=options.force)
    result.actions.extend(planned)
    if options.dry_run:
        return
    clean_temporaries(os.path.dirname(os.path.abspath(w.path)) for a in planned for w in a.writes)
    durable = layout.mode == IN_PLACE  # a replaced source must reach the disk first
    result.applied.extend(apply(planned, durable=durable, within=layout.confines))


@contextlib.contextmanager
def _progress(progress: Progress | None, length: int, label: str) -> Iterator[Callable[[int], None] | None]:
    if progress is None:
        yield None
        return
    with progress(length, label) as tick:
        yield tick
