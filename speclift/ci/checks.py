"""One speclift command run as CI runs it, on the files a change touched, its report kept for any output format.

``validate`` and ``convert --check`` run over the whole work tree (or the paths given) exactly as the command line
would, and with a base revision keep only the files changed since it, and what the change broke in the files it left
alone (``validate``: a local path a spec names that the change deleted or renamed). Checking the changed files alone would give
other verdicts: a walk applies the configuration's excludes and skips git-ignored files, and an Azure ML v1 file's
conversion takes values from the CI command lines and the files around it (see :mod:`speclift.repository`).
``diff`` is ``speclift diff --git BASE``. Nothing here prints or exits: the caller renders :class:`Checked` with the
reporters of its CI service and exits with :attr:`Checked.exit_code`, the command line's exit status.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from speclift.config import Config, ConfigError, find_config, load_config
from speclift.diffing.gitchanges import GitError, changed_files
from speclift.findings import Finding

# The commands CI can run (the name a CI configuration gives -> the command line it stands for).
COMMANDS: dict[str, str] = {
    "validate": "speclift validate",
    "convert-check": "speclift convert --check",
    "diff": "speclift diff --git BASE",
}


class CheckError(Exception):
    """The command cannot run (a bad configuration, a revision git does not know, no base to diff against): the
    command line's exit status 2."""


@dataclass(frozen=True, slots=True)
class Request:
    command: str  # a key of COMMANDS
    paths: tuple[str, ...] = ()  # what to check (default: the whole work tree); with base, narrows the changed files
    base: str | None = None  # a git revision: keep only the files changed since it (diff needs one)
    config_path: str | None = None  # default: the nearest configuration file
    strict: bool = False  # convert-check: approximations (SL401) need a person too


@dataclass(frozen=True, slots=True)
class Checked:
    """What a command found: its exit status, a one-line summary and its report in any format of its kind."""

    command: str
    exit_code: int
    summary: str
    kind: str  # the REPORTERS kind whose formats it renders in (validate, for convert-check too; diff)
    renderer: Callable[[str], str]

    def render(self, format_name: str) -> str:
        return self.renderer(format_name)


def run(request: Request) -> Checked:
    """Run ``request`` in the current folder (the work tree). Raises :class:`CheckError` when it cannot run."""
    if request.command not in COMMANDS:
        raise CheckError(f"unknown command {request.command!r} (one of {', '.join(COMMANDS)})")
    try:
        config = load_config(request.config_path or find_config())
    except ConfigError as exc:
        raise CheckError(str(exc)) from None
    try:
        _refuse_missing(request.paths, request.base)
        if request.command == "diff":
            return _diff(request, config)
        changed = _changed(request.base, request.paths) if request.base is not None else None
        if request.command == "validate":
            return _validate(request, config, changed)
        return _check(request, config, changed.files if changed is not None else None)
    except GitError as exc:
        raise CheckError(str(exc)) from None


def _refuse_missing(paths: Sequence[str], base: str | None) -> None:
    """A path that does not exist is a usage error, as on the command line: a misspelt ``paths`` input would
    otherwise check nothing and pass for ever. With a base revision, a path the change deleted is no mistake."""
    from speclift.diffing.gitchanges import exists_at

    missing = [p for p in paths if not os.path.lexists(p) and (base is None or not exists_at(base, p))]
    if missing:
        raise CheckError(f"no such file or folder: {', '.join(missing)}")


@dataclass(frozen=True, slots=True)
class Changed:
    """What a change did, as real paths: the files it added, modified or renamed (their new paths), and the paths
    it removed (deleted files, and the old paths of renamed ones)."""

    files: set[str]
    removed: set[str]


def _changed(base: str, paths: Sequence[str]) -> Changed:
    """What changed since ``base`` (work tree and untracked files included); the changed files under ``paths`` when
    given, the removed paths anywhere (an unchanged file under ``paths`` may name one)."""
    from speclift.diffing.gitchanges import top_level

    top = top_level(".")
    files = {
        os.path.realpath(os.path.join(top, change.new_path))
        for change in changed_files(base, paths, ".", include=("*",))
        if change.new_path is not None
    }
    removed = {
        os.path.realpath(os.path.join(top, change.old_path))
        for change in changed_files(base, (), ".", include=("*",))
        if change.old_path is not None and change.new_path != change.old_path
    }
    return Changed(files, removed)


def _kept(path: str, changed: set[str] | None) -> bool:
    return changed is None or os.path.realpath(path) in changed


def _kept_problems(problems: list[Finding], changed: set[str] | None) -> list[Finding]:
    return [p for p in problems if _kept(p.path, changed)]


def _validate(request: Request, config: Config, changed: Changed | None) -> Checked:
    from speclift.api import validate
    from speclift.reporters import reporter
    from speclift.reporters.text import summary
    from speclift.validation.engine import FileResult, Report

    if changed is None:
        report = validate(list(request.paths) or ["."], config)
    else:
        everything = validate(list(request.paths) or ["."], config) if changed.files or changed.removed else Report()
        files = []
        for result in everything.files:
            if _kept(result.path, changed.files):
                files.append(result)
            else:  # a file the change left alone keeps only what the change broke in it
                broken = [f for f in result.findings if _names_removed_path(f, changed.removed)]
                if broken:
                    files.append(FileResult(result.path, result.spec_types, broken))
        report = Report(files, _kept_problems(everything.problems, changed.files))
    failed = any(f.severity >= config.settings.fail_on for f in report.findings)
    return Checked("validate", 1 if failed else 0, summary(report), "validate", lambda name: reporter("validate", name)(report))


def _names_removed_path(finding: Finding, removed: set[str]) -> bool:
    """Whether ``finding`` says that a local path a spec names does not exist (SL204) because the change deleted or
    renamed it (the path, or a folder holding it): a pull request that renames a component breaks the pipeline
    naming it, unchanged as that file is."""
    if finding.code != "SL204" or not removed:
        return False
    from speclift import yamlio
    from speclift.pointer import find
    from speclift.validation.local_paths import local

    try:
        loaded = yamlio.load(yamlio.read_file(finding.path), finding.path)
    except yamlio.LoadError:
        return False
    document = next((d for d in loaded.documents if d.index == finding.document), None)
    target = local(find(document.data, finding.pointer)) if document is not None else None
    if target is None:
        return False
    resolved = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(finding.path)), target))
    return resolved in removed or any(path.startswith(resolved + os.sep) for path in removed)


def _check(request: Request, config: Config, changed: set[str] | None) -> Checked:
    from speclift.converters import options_with_assignments
    from speclift.migration.run import CHECK_EXIT_CODES, MigrationError, MigrationOptions, MigrationResult, migrate
    from speclift.reporters import reporter
    from speclift.reporters.migration import check_report

    if changed is not None and not changed:
        result = MigrationResult(survey_only=True)
    else:
        try:
            options = MigrationOptions(config=config, converter_options=options_with_assignments(config.convert_options, ()))
            result = migrate(list(request.paths) or ["."], options)
        except (MigrationError, ValueError) as exc:
            raise CheckError(str(exc)) from None
    if changed is not None:
        found = dataclasses.replace(
            result.invocations, invocations=[i for i in result.invocations.invocations if _kept(i.file, changed)], skipped=[]
        )
        result = dataclasses.replace(
            result,
            records=[r for r in result.records if _kept(r.path, changed)],
            problems=_kept_problems(result.problems, changed),
            invocations=found,
        )
    exit_code = result.check_exit_code(strict=request.strict)
    old = sum(1 for r in result.records if r.status.legacy)
    summary = f"{old} old-format spec file{'s' * (old != 1)} among {len(result.records)} files; exit {exit_code}: "
    # `speclift convert --check --format NAME`: the check as a validation report, in every validate format
    report = check_report(result, strict=request.strict)
    return Checked(
        "convert-check",
        exit_code,
        summary + CHECK_EXIT_CODES[exit_code],
        "validate",
        lambda name: reporter("validate", name)(report),
    )


def _diff(request: Request, config: Config) -> Checked:
    from speclift.diffing import DiffOptions, IdentityRules
    from speclift.diffing.gitchanges import diff_git
    from speclift.reporters import reporter
    from speclift.reporters.diffs import summary

    if request.base is None:
        raise CheckError("diff needs a base revision to compare with (a pull request's base, or the base input)")
    options = DiffOptions(IdentityRules.from_config(config.diff_identity), config.diff_ignore, False, config.settings.limits)
    diffs = diff_git(request.base, request.paths, options, include=config.include)
    exit_code = 2 if any(d.findings for d in diffs) else 1 if any(d.different for d in diffs) else 0
    return Checked("diff", exit_code, summary(diffs), "diff", lambda name: reporter("diff", name)(diffs))
