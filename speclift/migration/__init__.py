"""Migrating a whole repository: inventory, plan, atomic apply, report.

paths -> expand (discovery) -> survey each file (fast load + detect; convert the old-format ones in memory)
      -> plan the writes (mirror under --out, or in place; refuse unsafe paths; never clobber)
      -> apply atomically (a failed conversion leaves its input untouched)

:func:`~speclift.migration.run.migrate` runs the stages and returns a
:class:`~speclift.migration.run.MigrationResult`; :mod:`speclift.reporters.migration` turns it into the scan table,
the ``--check`` list and the migration report (markdown, json). Every stage is a value:
:class:`~speclift.migration.inventory.FileRecord` per file, :class:`~speclift.migration.plan.Action` per file,
:class:`~speclift.migration.apply.Applied` per file. The command line (``speclift scan``, ``speclift convert
PATH... --out/--in-place/--check``) only picks options, calls :func:`migrate` and reports. Works for every
converter in :data:`speclift.converters.CONVERTERS` without knowing any of them.
"""

from __future__ import annotations

from speclift.migration.apply import Applied, apply
from speclift.migration.inventory import FileRecord, FileStatus, survey
from speclift.migration.layout import Layout
from speclift.migration.plan import Action, plan
from speclift.migration.run import CHECK_EXIT_CODES, MigrationError, MigrationOptions, MigrationResult, check_exit_code, migrate

__all__ = [
    "CHECK_EXIT_CODES",
    "Action",
    "Applied",
    "FileRecord",
    "FileStatus",
    "Layout",
    "MigrationError",
    "MigrationOptions",
    "MigrationResult",
    "apply",
    "check_exit_code",
    "migrate",
    "plan",
    "survey",
]
