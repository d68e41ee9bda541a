"""What a converter returns: outputs, findings and provenance, as values.

Converters are pure: a source document in, a :class:`Conversion` out, no I/O. They describe what happened to every
leaf of the source through a :class:`ConversionBuilder`; the engine (``speclift.conversion.engine``) renders, carries
comments, validates the outputs, checks the accounting and writes.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from speclift.findings import Finding
from speclift.pointer import escape, under_any, value_at, within
from speclift.studio.assessment import Assessment


class Fate(str, enum.Enum):
    """What became of one part of the source."""

    MAPPED = "mapped"  # same meaning, possibly under another name
    TRANSFORMED = "transformed"  # value rewritten, meaning kept exactly (2048 -> "2048Mi")
    APPROXIMATED = "approximated"  # meaning close but not identical: always comes with a finding
    DROPPED = "dropped"  # the target format cannot express it: always comes with a finding


@dataclass(frozen=True, slots=True)
class Provenance:
    """One source pointer (and everything under it) and where it went. ``target`` is a pointer into output ``output``."""

    source: str
    fate: Fate
    target: str | None = None
    output: int = 0
    note: str = ""

    def covers(self, pointer: str) -> bool:
        return within(pointer, self.source)


TEXT = "text"  # the spec type of a companion output that is not YAML (a program, a script): written as it is


@dataclass(slots=True)
class Output:
    """One produced document. ``suffix`` names it next to the source (``""`` for the main output).

    ``file`` names an output that has a name of its own, relative to the output's folder, where it is written under
    exactly that name: a companion file that is not a spec (a data asset's ``MLTable``, a conda file; its
    ``spec_type`` is no spec type and it is not validated), or a spec whose name the converter chooses (the jobs and
    components of an MLproject, which has no name of its own to derive theirs from)."""

    spec_type: str
    data: dict[str, Any]
    suffix: str = ""
    file: str = ""
    text: str | None = None  # a companion file that is not YAML (a program, a script, a CSV): written as it is


@dataclass(slots=True)
class Conversion:
    source_type: str
    outputs: list[Output] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)
    already_current: bool = False
    # What a person needs to know about a whole graph before trusting its conversion (a Studio (classic)
    # experiment's modules): the migration report and `speclift scan -v` show it
    assessment: Assessment | None = None

    def unaccounted(self, data: Any) -> list[str]:
        """Leaves of the source that no provenance entry covers: a converter bug, reported as such."""
        covered = {entry.source for entry in self.provenance}
        return [pointer for pointer in leaves(data) if not under_any(pointer, covered)]


def leaves(data: Any, pointer: str = "") -> Iterator[str]:
    """Pointers of every scalar and every empty collection under ``data``."""
    if isinstance(data, dict) and data:
        for key, value in data.items():
            yield from leaves(value, f"{pointer}/{escape(str(key))}")
    elif isinstance(data, list) and data:
        for index, value in enumerate(data):
            yield from leaves(value, f"{pointer}/{index}")
    else:
        yield pointer


def outermost(missing: Iterable[str], data: Any, under: str = "", *, root: bool = True) -> Iterator[str]:
    """The outermost pointers of ``data`` below ``under`` (``under`` itself too when ``root``) all of whose leaves
    are ``missing``: one report per unknown subtree rather than one per leaf, in the order of ``missing``."""
    ordered = list(missing)
    absent = set(ordered)
    reported: set[str] = set()
    for leaf in ordered:
        if under_any(leaf, reported):
            continue
        top = leaf
        while top != under:
            parent = top.rsplit("/", 1)[0]
            if (parent == under and not root) or not all(p in absent for p in leaves(value_at(data, parent), parent)):
                break
            top = parent
        reported.add(top)
        yield top
