"""What a converter returns: outputs, findings and provenance, as values.

Converters are pure: a source document in, a :class:`Conversion` out, no I/O. They describe what happened to every
leaf of the source through a :class:`ConversionBuilder`; the engine (``speclift.converting``) renders, carries
comments, validates the outputs, checks the accounting and writes.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from speclift import codes
from speclift.findings import Finding
from speclift.yamlio import Document, escape


class Status(str, enum.Enum):
    """What became of one part of the source."""

    MAPPED = "mapped"  # same meaning, possibly under another name
    TRANSFORMED = "transformed"  # value rewritten, meaning kept exactly (2048 -> "2048Mi")
    APPROXIMATED = "approximated"  # meaning close but not identical: always comes with a finding
    DROPPED = "dropped"  # the target format cannot express it: always comes with a finding


@dataclass(frozen=True, slots=True)
class Provenance:
    """One source pointer (and everything under it) and where it went. ``target`` is a pointer into output ``output``."""

    source: str
    status: Status
    target: str | None = None
    output: int = 0
    note: str = ""

    def covers(self, pointer: str) -> bool:
        return pointer == self.source or pointer.startswith(self.source + "/") or self.source == ""


@dataclass(slots=True)
class Output:
    """One produced document. ``suffix`` names it next to the source (``""`` for the main output).

    ``file`` is set for a companion file that is not a spec (a data asset's ``MLTable``): its path relative to the
    output's folder, where it must be written under exactly that name; the engine does not validate it as a spec."""

    spec_type: str
    data: dict[str, Any]
    suffix: str = ""
    file: str = ""


@dataclass(slots=True)
class Conversion:
    source_type: str
    outputs: list[Output] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)
    already_current: bool = False

    def unaccounted(self, data: Any) -> list[str]:
        """Leaves of the source that no provenance entry covers: a converter bug, reported as such."""
        return [pointer for pointer in leaves(data) if not any(entry.covers(pointer) for entry in self.provenance)]


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


class ConversionBuilder:
    """The converter's pen: records provenance and findings with the source's own line and column."""

    def __init__(self, source: Document, path: str, source_type: str) -> None:
        self.source = source
        self.path = path
        self.conversion = Conversion(source_type)

    def output(self, spec_type: str, data: dict[str, Any], suffix: str = "", file: str = "") -> int:
        self.conversion.outputs.append(Output(spec_type, data, suffix, file))
        return len(self.conversion.outputs) - 1

    def mapped(self, source: str, target: str, output: int = 0) -> None:
        self.conversion.provenance.append(Provenance(source, Status.MAPPED, target, output))

    def transformed(self, source: str, target: str, note: str = "", output: int = 0) -> None:
        self.conversion.provenance.append(Provenance(source, Status.TRANSFORMED, target, output, note))

    def approximated(
        self, source: str, target: str | None, message: str, *, code: str = "SL401", hint: str | None = None, output: int = 0
    ) -> None:
        self.conversion.provenance.append(Provenance(source, Status.APPROXIMATED, target, output, message))
        self.finding(code, message, source, hint=hint)

    def dropped(self, source: str, message: str, *, code: str = "SL402", hint: str | None = None) -> None:
        self.conversion.provenance.append(Provenance(source, Status.DROPPED, None, 0, message))
        self.finding(code, message, source, hint=hint)

    def finding(self, code: str, message: str, pointer: str, *, hint: str | None = None) -> None:
        line, column = self.source.position(pointer, prefer_key=True)
        self.conversion.findings.append(
            codes.make(code, message, self.path, line, column, pointer, hint=hint, document=self.source.index)
        )

    def refuse(self, message: str, pointer: str = "", *, hint: str | None = None) -> Conversion:
        """Give up on the whole document: an SL404 at ``pointer``, everything accounted as dropped, no output."""
        self.finding("SL404", message, pointer, hint=hint)
        self.conversion.provenance.append(Provenance("", Status.DROPPED, None, 0, message))
        self.conversion.outputs.clear()
        return self.conversion

    def build(self) -> Conversion:
        return self.conversion


@dataclass(frozen=True, slots=True)
class ConvertContext:
    """What a converter may know of the world beyond its document, provided by the engine.

    ``read`` loads a related file (a run configuration a HyperDrive config names, a conda file, ...) relative to the
    source's folder; ``relocate`` rewrites a path relative to the source so it still points at the same file from
    the folder the output is written to.
    """

    source_path: str
    output_dir: str

    @property
    def source_dir(self) -> str:
        return os.path.dirname(os.path.abspath(self.source_path))

    def read(self, relative: str) -> Document | None:
        """The first document of a related YAML or JSON file, or None when it is missing or unreadable."""
        from speclift import yamlio

        full = os.path.join(self.source_dir, relative)
        try:
            loaded = yamlio.load(yamlio.read_file(full), full)
        except yamlio.LoadError:
            return None
        return loaded.documents[0] if loaded.documents and not loaded.findings else None

    def exists(self, relative: str) -> bool:
        return os.path.exists(os.path.join(self.source_dir, relative))

    def relocate(self, relative: str) -> str:
        """``relative`` (from the source's folder) as seen from the output's folder, in POSIX form."""
        if os.path.isabs(relative):
            return relative
        target = os.path.normpath(os.path.join(self.source_dir, relative))
        moved = os.path.relpath(target, os.path.abspath(self.output_dir))
        return moved.replace(os.sep, "/")
