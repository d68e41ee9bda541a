"""The plan: for every old-format file, the writes that would migrate it, checked before anything is written.

A write is refused when its path is unsafe (SL420) or when the target exists with other content and neither
``--force`` nor, for the source itself, ``--in-place`` allows replacing it (SL408). A target that already holds
exactly the output is left alone, which makes a second run a no-op. Several outputs bound for one path (a
multi-document source) become one multi-document file.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from speclift import codes
from speclift.findings import Finding
from speclift.migration.inventory import FileRecord, FileStatus
from speclift.migration.layout import IN_PLACE, Layout

NEW = "new"
SAME = "same"  # the target already holds the output
REPLACE = "replace"


@dataclass(slots=True)
class Write:
    path: str
    text: str
    state: str  # NEW, SAME or REPLACE
    old: str | None = None  # the target's current text, when it exists
    main: bool = False  # the output that takes the source's place


@dataclass(slots=True)
class Action:
    record: FileRecord
    writes: list[Write] = field(default_factory=list)
    remove: str | None = None  # the source, removed after the writes when it was renamed in place
    refused: list[Finding] = field(default_factory=list)

    @property
    def pending(self) -> bool:
        """Something would change on disk."""
        return not self.refused and (any(w.state != SAME for w in self.writes) or self.remove is not None)

    @property
    def ready(self) -> bool:
        return self.record.status in (FileStatus.CONVERTIBLE, FileStatus.REVIEW) and not self.refused

    def diff(self) -> str:
        """What applying would change, as a unified diff (a new main output is shown against its source)."""
        chunks: list[str] = []
        for write in self.writes:
            if write.state == SAME:
                continue
            if write.old is not None:
                before, label = write.old, write.path
            elif write.main and not self.record.concealed:
                before, label = self.record.source, self.record.path
            else:
                before, label = "", "/dev/null"
            lines = difflib.unified_diff(
                before.splitlines(keepends=True), write.text.splitlines(keepends=True), label, write.path
            )
            chunks.extend(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
        if self.remove is not None and self.writes:
            chunks.append(f"removed {self.remove} (renamed to {self.writes[-1].path})\n")
        elif self.remove is not None:
            chunks.append(f"removed {self.remove} (converted with {', '.join(self.record.used_by)})\n")
        return "".join(chunks)


def plan(records: list[FileRecord], layout: Layout, *, force: bool = False) -> list[Action]:
    """One action per old-format file that converted; other files need no action. Two sources whose outputs would
    land on one path (``x.json`` and ``x.yml`` in one folder) are both refused: which one wins is a person's call."""
    actions = [_action(r, layout, force) for r in records if r.status in (FileStatus.CONVERTIBLE, FileStatus.REVIEW)]
    claims: dict[str, list[Action]] = {}
    for action in actions:
        for write in action.writes:
            claims.setdefault(os.path.abspath(write.path), []).append(action)
    for target, claimants in claims.items():
        if len(claimants) < 2:
            continue
        names = ", ".join(a.record.path for a in claimants)
        for action in claimants:
            action.refused.append(
                codes.make("SL408", f"{names} would all be converted to this file; rename one of them first", target)
            )
    return actions


def companion_removals(records: list[FileRecord], done: Callable[[str], bool]) -> list[Action]:
    """In place, a companion (converted with the files using it) goes once every file using it was converted:
    its meaning lives in their outputs, and left alone it would be converted again by the next run.
    ``done(path)``: that file's outputs are in place."""
    return [
        Action(r, remove=r.path) for r in records if r.status == FileStatus.COMPANION and all(done(user) for user in r.used_by)
    ]


def _action(record: FileRecord, layout: Layout, force: bool) -> Action:
    action = Action(record)
    grouped: dict[str, list[str]] = {}
    for output in record.outputs:
        companion = getattr(output, "file", "")  # a companion file (MLTable) named relative to the output's folder
        if companion:
            if os.path.isabs(companion) or ".." in companion.replace("\\", "/").split("/"):
                action.refused.append(
                    codes.make("SL420", f"not written: companion file {companion!r} leaves its folder", record.path)
                )
                continue
            target = os.path.join(os.path.dirname(layout.target(record.path)), companion)
        else:
            target = layout.target(record.path, output.suffix)
        grouped.setdefault(target, []).append(output.text)
    main = layout.target(record.path)
    for target, texts in grouped.items():
        text = "---\n".join(texts)
        reason = layout.unsafe(record.path, target)
        if reason is not None:
            action.refused.append(codes.make("SL420", f"not written: {reason}", target))
            continue
        old = _read(target)
        if old is None:
            action.writes.append(Write(target, text, NEW, main=target == main))
        elif old == text:
            action.writes.append(Write(target, text, SAME, old, target == main))
        elif force or (layout.mode == IN_PLACE and _same(target, record.path)):
            action.writes.append(Write(target, text, REPLACE, old, target == main))
        else:
            action.refused.append(
                codes.make("SL408", "output file exists with other content; use --force to overwrite it", target)
            )
    # The source's own path goes last: until it is replaced, a killed run leaves the old file for the next run.
    action.writes.sort(key=lambda w: _same(w.path, record.path))
    if layout.mode == IN_PLACE and action.writes and not any(_same(w.path, record.path) for w in action.writes):
        action.remove = record.path  # renamed: the old file goes once the new one is in place
    return action


def _read(path: str) -> str | None:
    if not os.path.lexists(path):
        return None
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return "\0"  # exists but unreadable as text: never equal to an output, so never silently replaced


def _same(a: str, b: str) -> bool:
    return os.path.abspath(a) == os.path.abspath(b)
