"""Exit statuses: one record per way a command can end, with its code and the commands that end that way.

A situation has one code in every command: a path that does not exist, an unknown option or an invalid
configuration is a usage error (2) everywhere, as click makes every usage error. ``diff`` keeps diff(1)'s codes (1: different, 2: trouble) and
``convert --check`` its graded ones (the worse the news, the higher the code), which CI scripts rely on.

The commands exit with these codes, and the README's table (``python -m speclift.docs``) and each command's
``--help`` epilog are made from :data:`STATUSES`, so none of the three can disagree with the others.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

VALIDATE, CONVERT, CHECK, SCAN, DIFF, NORMALIZE = "validate", "convert", "convert --check", "scan", "diff", "normalize"
COMMANDS = (VALIDATE, CONVERT, CHECK, SCAN, DIFF, NORMALIZE)


@dataclass(frozen=True, slots=True)
class ExitStatus:
    code: int
    meaning: str
    commands: tuple[str, ...]


VALID = ExitStatus(0, "no finding at or above --fail-on", (VALIDATE,))
CONVERTED = ExitStatus(0, "every file converted, or nothing to convert", (CONVERT,))
SAME = ExitStatus(0, "the files are the same for the platform", (DIFF,))
DONE = ExitStatus(0, "done: the inventory or the canonical form printed", (SCAN, NORMALIZE))
CHECK_CLEAN = ExitStatus(0, "nothing left to migrate: no old-format spec was found", (CHECK,))
FINDINGS = ExitStatus(1, "findings at or above --fail-on (a file that cannot be read is an error finding)", (VALIDATE,))
NOT_CONVERTED = ExitStatus(
    1, "some file was not converted: it needs a person, its output exists, it could not be read or written", (CONVERT,)
)
CHECK_INCOMPLETE = ExitStatus(
    1,
    "some files could not be read (not YAML, unreadable), so the check is incomplete; nothing old was found (or, "
    "whatever was found, the --report file could not be written)",
    (CHECK,),
)
DIFFERENT = ExitStatus(1, "the files differ (--exit-zero: 0)", (DIFF,))
NO_SPECS = ExitStatus(
    1,
    "with --require-specs: a named path holds no spec (for --check: when nothing worse was found)",
    (VALIDATE, CONVERT, CHECK, SCAN),
)
USAGE = ExitStatus(
    2,
    "usage or configuration error: an unknown option or a bad value, a missing argument, a path that does not exist, "
    "an invalid configuration file",
    COMMANDS,
)
UNREADABLE_INPUT = ExitStatus(
    2, "a file cannot be read as YAML, or git failed (--git): there is nothing to compare or print", (DIFF, NORMALIZE)
)
CHECK_CONVERTIBLE = ExitStatus(
    3,
    "old-format specs found; every one converts automatically (`speclift convert --in-place` finishes the job)",
    (CHECK,),
)
CHECK_NEEDS_PERSON = ExitStatus(
    4,
    "old-format specs found that need a person: they cannot be converted automatically (SL404, SL405, SL406, SL407, "
    "SL410, SL412, a mixed multi-document file), or, with --strict, their conversion approximates the old meaning "
    "(SL401)",
    (CHECK,),
)

STATUSES = (
    VALID,
    CONVERTED,
    SAME,
    DONE,
    CHECK_CLEAN,
    FINDINGS,
    NOT_CONVERTED,
    CHECK_INCOMPLETE,
    DIFFERENT,
    NO_SPECS,
    USAGE,
    UNREADABLE_INPUT,
    CHECK_CONVERTIBLE,
    CHECK_NEEDS_PERSON,
)


# --check's graded verdicts, the worse the news the higher (NO_SPECS, its other 1, is not a grade)
CHECK_GRADES = {status.code: status for status in (CHECK_CLEAN, CHECK_INCOMPLETE, USAGE, CHECK_CONVERTIBLE, CHECK_NEEDS_PERSON)}


def of(command: str) -> list[ExitStatus]:
    """The statuses ``command`` can end with, by code."""
    return sorted((s for s in STATUSES if command in s.commands), key=lambda s: s.code)


def epilog(*commands: str) -> str:
    """The ``--help`` epilog listing the exit statuses of ``commands`` (``convert`` shows its ``--check`` ones too);
    ``\\b`` keeps click from rewrapping it."""
    parts = []
    for command in commands:
        title = "Exit status" if command != CHECK else "--check exit status, graded (the worse the news, the higher)"
        lines = [f"{title}:"]
        for status in of(command):
            lines += textwrap.wrap(status.meaning, width=74, initial_indent=f"  {status.code}  ", subsequent_indent=" " * 5)
        parts.append("\b\n" + "\n".join(lines))
    return "\n\n".join(parts)


def table() -> str:
    """The README's table: one row per status."""
    rows = ["| code | meaning | commands |", "|---|---|---|"]
    for status in sorted(STATUSES, key=lambda s: s.code):
        commands = ", ".join(f"`{c}`" for c in status.commands)
        rows.append(f"| `{status.code}` | {status.meaning} | {commands} |")
    return "\n".join(rows)
