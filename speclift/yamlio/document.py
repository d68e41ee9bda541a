"""What loading gives: documents with the position of every node, the limits that bound it, the errors that end it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from speclift.findings import Finding

Position = tuple[int, int]  # 1-based line and column


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that keep one hostile file from stalling a CI run."""

    max_file_size: int = 10 * 1024 * 1024
    max_nodes: int = 1_000_000  # nodes after alias expansion, per document
    max_depth: int = 200


DEFAULT_LIMITS = Limits()


@dataclass(slots=True)
class Document:
    """One YAML document: its data and where each node came from."""

    data: Any
    index: int
    values: dict[str, Position] = field(default_factory=dict)  # pointer -> position of the value node
    keys: dict[str, Position] = field(default_factory=dict)  # pointer -> position of the mapping key naming it
    start: Position = (1, 1)
    source: str = ""  # the whole file's text, shared by its documents; lets rules locate text inside a scalar
    _line_starts: list[int] = field(default_factory=list)
    _searched: int = 0  # characters locate_text has read: bounded, so many needles in a huge scalar stay linear

    def locate_text(self, pointer: str, needle: str) -> Position:
        """The position of ``needle`` inside the scalar at ``pointer`` (a multi-line command, say), else the
        scalar's own position. Searches the source text from where the scalar starts, for all calls together at most
        16 times the text's length: past that, the scalar's own position."""
        line, column = self.position(pointer)
        if not self.source or pointer not in self.values:
            return line, column
        if not self._line_starts:
            self._line_starts.append(0)
            self._line_starts.extend(i + 1 for i, char in enumerate(self.source) if char == "\n")
        if line > len(self._line_starts):
            return line, column
        start = self._line_starts[line - 1] + column - 1
        if self._searched > 16 * len(self.source) + 65_536:
            return line, column
        found = self.source.find(needle, start)
        self._searched += (found if found >= 0 else len(self.source)) - start
        if found < 0:
            return line, column
        import bisect

        found_line = bisect.bisect_right(self._line_starts, found)
        return found_line, found - self._line_starts[found_line - 1] + 1

    def position(self, pointer: str, *, prefer_key: bool = False) -> Position:
        """The best position for ``pointer``: its own node, else its nearest ancestor's."""
        probe = pointer
        while True:
            if prefer_key and probe in self.keys:
                return self.keys[probe]
            if probe in self.values:
                return self.values[probe]
            if probe in self.keys:
                return self.keys[probe]
            if not probe:
                return self.start
            probe = probe.rsplit("/", 1)[0]


@dataclass(slots=True)
class LoadResult:
    documents: list[Document]
    findings: list[Finding]


class LoadError(Exception):
    """Raised with a finding when nothing of the file can be used."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding
