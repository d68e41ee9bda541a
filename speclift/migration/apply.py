"""Carrying out a plan: every write atomic, the source replaced last, nothing written for a refused action.

Each output goes through a temporary file in its own folder and a rename (``write_atomically``), so a reader, or
a run killed at any moment, sees a file's old bytes or its complete new bytes. In place, the source is replaced
(or, renamed, removed) only after its other outputs are written; a killed run leaves old-format files that the
next run converts, and outputs already written are recognised as identical and kept. Before replacing a source the
file is read again: if it changed since it was converted, it is left alone.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from speclift import codes
from speclift.conversion import temporaries
from speclift.conversion.writing import write_atomically
from speclift.findings import Finding
from speclift.migration.plan import SAME, Action


@dataclass(slots=True)
class Applied:
    action: Action
    written: list[str] = field(default_factory=list)
    removed: str | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings and not self.action.refused


def apply(
    actions: list[Action],
    *,
    durable: bool = True,
    progress: Callable[[int], None] | None = None,
    within: Sequence[str] = (),
) -> list[Applied]:
    """Apply every action that has no refusal; the others are reported, their sources untouched. ``durable``: each
    file reaches the disk before it replaces anything (needed in place; new files under --out can do without).
    ``within``: the folders every write must really be inside, checked again just before each write (the plan
    checked them too, but a folder can be swapped for a symbolic link meanwhile)."""
    return [_apply(a, durable, tuple(within)) for a in actions if _tick(progress)]


def _tick(progress: Callable[[int], None] | None) -> bool:
    if progress is not None:
        progress(1)
    return True


def _apply(action: Action, durable: bool, within: tuple[str, ...]) -> Applied:
    done = Applied(action)
    if action.refused:
        return done
    source = action.record.path
    mode = _mode(source)
    for write in action.writes:
        if write.state == SAME:
            continue
        replacing_source = os.path.abspath(write.path) == os.path.abspath(source)
        if replacing_source and not _unchanged(source, action.record.source):
            done.findings.append(codes.make("SL421", "the file changed since it was converted; left as it is", source))
            return done
        refused = write_atomically(write.path, write.text, force=write.state != "new", mode=mode, durable=durable, within=within)
        if refused is not None:
            done.findings.append(refused)
            return done
        done.written.append(write.path)
    if action.remove is not None:
        if not _unchanged(action.remove, action.record.source):
            done.findings.append(codes.make("SL421", "the file changed since it was converted; not removed", action.remove))
            return done
        try:
            os.unlink(action.remove)
        except OSError as exc:
            done.findings.append(codes.make("SL421", f"cannot remove the renamed source: {exc.strerror or exc}", action.remove))
            return done
        done.removed = action.remove
    return done


def _mode(source: str) -> int | None:
    """Outputs keep the source's permissions (an in-place conversion must not make a file private or public)."""
    try:
        return stat.S_IMODE(os.stat(source).st_mode)
    except OSError:
        return None


def _unchanged(path: str, text: str) -> bool:
    from speclift import yamlio

    # Bounded by what the converted text can take on disk (UTF-32 and a byte-order mark at most), not by the default
    # size limit: a file read under a raised `max-file-size` must still be recognised as unchanged.
    try:
        return yamlio.read_file(path, yamlio.Limits(max_file_size=4 * len(text) + 4)) == text
    except yamlio.LoadError:
        return False


def clean_temporaries(folders: Iterable[str]) -> list[str]:
    """Remove the temporary files an earlier run that was killed left in ``folders``; returns what was removed.
    Only files that are certainly such leftovers go (:func:`speclift.conversion.temporaries.leftovers`): a user's
    file with a similar name, or another run's temporary still in use, stays."""
    removed: list[str] = []
    for leftover in temporaries.leftovers(folders):
        try:
            os.unlink(leftover)
        except OSError:
            continue
        removed.append(leftover)
    return removed
