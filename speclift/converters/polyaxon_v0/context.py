"""The converter's shared state: options, the pen (provenance and findings) and the pointer map back to the source.

Legacy dialects are normalised first (``dialects``), which moves parts of the document around. Every later step
works on the normalised document but must name the user's own lines, so each recording goes through
:meth:`Context.source`, which maps a normalised pointer back to the original one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from speclift.conversion import ConversionBuilder


class Context:
    def __init__(self, builder: ConversionBuilder, options: Mapping[str, Any]) -> None:
        self.builder = builder
        self.options = options
        self.origins: dict[str, str] = {}  # normalised pointer -> original pointer (for moved subtrees)
        self.output = 0
        self.synthetic: set[str] = set()  # normalised pointers made up by normalisation: located, never recorded

    # -- pointers -------------------------------------------------------------------------------------------
    def source(self, pointer: str) -> str:
        """The original pointer of a normalised one (longest moved prefix wins)."""
        best = ""
        for moved in self.origins:
            if (pointer == moved or pointer.startswith(moved + "/")) and len(moved) > len(best):
                best = moved
        if not best:
            return pointer
        return self.origins[best] + pointer[len(best) :]

    def moved(self, new: str, old: str) -> None:
        """Record that the normalised ``new`` came from ``old`` (itself possibly already normalised)."""
        self.origins[new] = self.source(old)

    # -- recording ------------------------------------------------------------------------------------------
    def mapped(self, pointer: str, target: str) -> None:
        if pointer in self.synthetic:
            return
        self.builder.mapped(self.source(pointer), target, output=self.output)

    def transformed(self, pointer: str, target: str, note: str = "") -> None:
        if pointer in self.synthetic:
            return
        self.builder.transformed(self.source(pointer), target, note, output=self.output)

    def approximated(self, pointer: str, target: str | None, message: str, hint: str | None = None) -> None:
        if pointer in self.synthetic:
            self.finding("SL401", message, pointer, hint=hint)
            return
        self.builder.approximated(self.source(pointer), target, message, hint=hint, output=self.output)

    def dropped(self, pointer: str, message: str, hint: str | None = None, code: str = "SL402") -> None:
        self.builder.dropped(self.source(pointer), message, hint=hint, code=code)

    def finding(self, code: str, message: str, pointer: str, hint: str | None = None) -> None:
        self.builder.finding(code, message, self.source(pointer), hint=hint)

    def raw_text(self, pointer: str) -> str | None:
        """The scalar's text as written in the source (up to a comment or the end of the line)."""
        document = self.builder.source
        position = document.values.get(self.source(pointer))
        if position is None or not document.source:
            return None
        line, column = position
        lines = document.source.splitlines()
        if line > len(lines):
            return None
        return lines[line - 1][column - 1 :].split(" #", 1)[0].strip().rstrip(",}]").strip()

    def dropped_original(self, pointer: str, message: str, hint: str | None = None) -> None:
        """Drop a part of the source that normalisation removed (the pointer is already an original one)."""
        self.builder.dropped(pointer, message, hint=hint)


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
