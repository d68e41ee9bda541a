"""The converter's shared state: options, and the pen (a :class:`~speclift.conversion.builder.Scope`) on the
normalised document.

Legacy dialects are normalised first (``dialects``), which moves parts of the document around (each move recorded
with :meth:`Context.moved`). Every later step works on the normalised document and records by its pointers; the
scope maps them back to the user's own lines. What is Polyaxon-specific here: the spelling of the recording calls
the steps use, and the pointers normalisation made up (``synthetic``), which are located but never recorded.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from speclift.conversion import ConversionBuilder, Scope
from speclift.pointer import join


class Context(Scope):
    def __init__(self, builder: ConversionBuilder, options: Mapping[str, Any]) -> None:
        super().__init__(builder)
        self.options = options
        self.synthetic: set[str] = set()  # normalised pointers made up by normalisation: located, never recorded

    # -- pointers -------------------------------------------------------------------------------------------
    def moved(self, new: str, old: str) -> None:
        """Record that the normalised ``new`` came from ``old`` (itself possibly already normalised)."""
        self.origins.moved(new, old)

    # -- recording ------------------------------------------------------------------------------------------
    def mapped(self, pointer: str, target: str | None, *, output: int | None = None) -> None:
        if pointer not in self.synthetic:
            super().mapped(pointer, target, output=output)

    def transformed(self, pointer: str, target: str, note: str = "") -> None:
        if pointer not in self.synthetic:
            super().transformed(pointer, target, note)

    def approximated(self, pointer: str, target: str | None, message: str, hint: str | None = None) -> None:
        if pointer in self.synthetic:
            self.finding("SL401", message, pointer, hint=hint)
        else:
            super().approximated(pointer, target, message, hint=hint)

    def dropped(self, pointer: str, message: str, hint: str | None = None, code: str = "SL402") -> None:
        super().dropped(pointer, message, code=code, hint=hint)

    def finding(self, code: str, message: str, pointer: str, hint: str | None = None) -> None:
        super().finding(code, message, pointer, hint=hint)

    def renamed_keys(
        self, mapping: Mapping[str, Any], at: str, names: Mapping[str, str], unknown: str
    ) -> Iterator[tuple[str, str, Any]]:
        """(key, v1 name, value) of each key of ``mapping`` (at ``at``) that ``names`` gives a v1 name; every other key
        is dropped, with ``unknown`` as the reason (``{key}`` in it stands for the key)."""
        for key, value in mapping.items():
            new = names.get(key)
            if new is None:
                self.dropped(join(at, key), unknown.format(key=key))
            else:
                yield key, new, value

    def dropped_original(self, pointer: str, message: str, hint: str | None = None) -> None:
        """Drop a part of the source that normalisation removed (the pointer is already an original one)."""
        self.builder.dropped(pointer, message, hint=hint)


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
