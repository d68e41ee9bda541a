"""The converter's pen: :class:`ConversionBuilder` records outputs, provenance and findings for one source document.

Converters rarely read the document as written: they first rewrite it into one spelling (legacy dialects, the SDK's
key spellings) and then convert that view. :class:`Scope` is the pen for such a view: it takes the view's pointers,
maps them back to the user's own (:class:`Origins`), aims targets at one output under a prefix, remembers what it
recorded (``covered``) and locates findings in its document, the converted one or a related file it read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from speclift import codes
from speclift.conversion.fields import Kind, describe
from speclift.conversion.result import TEXT, Conversion, Fate, Output, Provenance
from speclift.pointer import dotted, under_any, unescape, within
from speclift.yamlio import Document

T = TypeVar("T")


class Origins(dict[str, str]):
    """Where the parts of a rewritten document came from: pointer in the view -> pointer the user wrote.

    Only moved subtrees need an entry; a pointer maps through its nearest recorded ancestor (itself included)."""

    def origin(self, pointer: str) -> str:
        probe = pointer
        while True:
            if probe in self:
                return self[probe] + pointer[len(probe) :]
            if not probe:
                return pointer
            probe = probe.rsplit("/", 1)[0]

    def moved(self, new: str, old: str) -> None:
        """``new`` came from ``old``, itself a pointer of the view (possibly moved already)."""
        self[new] = self.origin(old)


class ConversionBuilder:
    """The converter's pen: records provenance and findings with the source's own line and column."""

    def __init__(self, source: Document, path: str, source_type: str) -> None:
        self.source = source
        self.path = path
        self.conversion = Conversion(source_type)

    def output(self, spec_type: str, data: dict[str, Any], suffix: str = "", file: str = "") -> int:
        self.conversion.outputs.append(Output(spec_type, data, suffix, file))
        return len(self.conversion.outputs) - 1

    def text_output(self, file: str, text: str) -> int:
        """A companion file that is not YAML (a program, a script, a CSV), written as ``text`` under ``file``."""
        self.conversion.outputs.append(Output(TEXT, {}, file=file, text=text))
        return len(self.conversion.outputs) - 1

    def record(self, source: str, fate: Fate, target: str | None = None, *, output: int = 0, note: str = "") -> None:
        """What became of the source pointer ``source`` (and everything under it)."""
        self.conversion.provenance.append(Provenance(source, fate, target, output, note))

    def mapped(self, source: str, target: str, output: int = 0) -> None:
        self.record(source, Fate.MAPPED, target, output=output)

    def transformed(self, source: str, target: str, note: str = "", output: int = 0) -> None:
        self.record(source, Fate.TRANSFORMED, target, output=output, note=note)

    def approximated(
        self, source: str, target: str | None, message: str, *, code: str = "SL401", hint: str | None = None, output: int = 0
    ) -> None:
        self.record(source, Fate.APPROXIMATED, target, output=output, note=message)
        self.finding(code, message, source, hint=hint)

    def dropped(self, source: str, message: str, *, code: str = "SL402", hint: str | None = None) -> None:
        self.record(source, Fate.DROPPED, note=message)
        self.finding(code, message, source, hint=hint)

    def finding(
        self,
        code: str,
        message: str,
        pointer: str,
        *,
        hint: str | None = None,
        document: Document | None = None,
        path: str | None = None,
    ) -> None:
        """A finding at ``pointer`` of the converted document, or of ``document`` (a related file read at ``path``)."""
        where = self.source if document is None else document
        line, column = where.position(pointer, prefer_key=True)
        self.conversion.findings.append(
            codes.make(code, message, self.path if path is None else path, line, column, pointer, hint=hint, document=where.index)
        )

    def refuse(self, message: str, pointer: str = "", *, hint: str | None = None) -> Conversion:
        """Give up on the whole document: an SL404 at ``pointer``, everything accounted as dropped, no output."""
        self.finding("SL404", message, pointer, hint=hint)
        self.record("", Fate.DROPPED, note=message)
        self.conversion.outputs.clear()
        return self.conversion

    @property
    def has_refusal(self) -> bool:
        """Whether a part of the document was refused (SL404): the converter then writes no output."""
        return any(finding.code == "SL404" for finding in self.conversion.findings)

    def unaccounted(self) -> list[str]:
        """Leaves of the converted document that no provenance entry covers yet."""
        return self.conversion.unaccounted(self.source.data)

    def build(self) -> Conversion:
        """The conversion; with a refusal (SL404) anywhere, without outputs: a half-converted spec is never written."""
        if self.has_refusal:
            self.conversion.outputs.clear()
        return self.conversion


class Scope:
    """The pen for one view of one document: pointers are the view's, mapped back to the user's by :meth:`origin`.

    Targets go to output ``output`` under ``prefix`` (a job nested in a pipeline: ``/jobs/train``). What was recorded
    is remembered, so a converter can ask what it has not handled yet (:meth:`covered`). A ``primary`` scope is on
    the converted document and records provenance; a scope on a related file (a run configuration a HyperDrive file
    names) records findings only, located in that file (``document``, ``path``).
    """

    builder: ConversionBuilder
    document: Document
    path: str
    primary: bool
    output: int
    prefix: str
    seen: set[str]
    origins: Origins

    def __init__(
        self,
        builder: ConversionBuilder,
        *,
        output: int = 0,
        prefix: str = "",
        origins: Origins | None = None,
        document: Document | None = None,
        path: str | None = None,
    ) -> None:
        self.builder = builder
        self.document = builder.source if document is None else document
        self.path = builder.path if path is None else path
        self.primary = document is None
        self.output = output
        self.prefix = prefix
        self.seen = set()
        self.origins = Origins() if origins is None else origins

    def origin(self, pointer: str) -> str:
        """The pointer the user wrote for ``pointer`` of the view."""
        return self.origins.origin(pointer)

    def _entry(self, pointer: str, fate: Fate, target: str | None, note: str = "", output: int | None = None) -> None:
        self.seen.add(pointer)
        if self.primary:
            target = None if target is None else self.prefix + target
            self.builder.record(self.origin(pointer), fate, target, output=self.output if output is None else output, note=note)

    def mapped(self, pointer: str, target: str | None, *, output: int | None = None) -> None:
        """Same meaning in the output (``target`` None: the old value is the new format's behaviour, nothing to write).
        ``output`` names another output than the scope's (a deployment's key that belongs on its endpoint)."""
        self._entry(pointer, Fate.MAPPED, target, output=output)

    def transformed(self, pointer: str, target: str, note: str = "") -> None:
        self._entry(pointer, Fate.TRANSFORMED, target, note)

    def approximated(self, pointer: str, target: str | None, message: str, *, hint: str | None = None) -> None:
        self._entry(pointer, Fate.APPROXIMATED, target, message)
        self.finding("SL401", message, pointer, hint=hint)

    def dropped(self, pointer: str, message: str, *, code: str = "SL402", hint: str | None = None) -> None:
        self._entry(pointer, Fate.DROPPED, None, message)
        self.finding(code, message, pointer, hint=hint)

    def refused(self, pointer: str, message: str, *, hint: str | None = None) -> None:
        """SL404: the document cannot be converted because of this part."""
        self._entry(pointer, Fate.DROPPED, None, message)
        self.finding("SL404", message, pointer, hint=hint)

    def field(self, container: Any, pointer: str, kind: Kind[T]) -> T | None:
        """The field at ``pointer`` (a key of ``container``, the mapping that holds it) read as ``kind``."""
        value = container.get(unescape(pointer.rsplit("/", 1)[-1])) if isinstance(container, Mapping) else None
        return self.read_as(value, pointer, kind)

    def read_as(self, value: Any, pointer: str, kind: Kind[T]) -> T | None:
        """``value`` (found at ``pointer``) as ``kind``: None when it is null; a value of another type refuses the
        document (SL404 at the field, once however often it is read) and reads as None."""
        if value is None:
            return None
        read = kind.read(value)
        if read is None:
            origin = self.origin(pointer)
            if not any(f.code == "SL404" and f.pointer == origin for f in self.builder.conversion.findings):
                self.refused(pointer, f"{dotted(origin) or 'the document'} must be {kind.label}, not {describe(value)}")
        return read

    def finding(self, code: str, message: str, pointer: str, *, hint: str | None = None) -> None:
        self.builder.finding(code, message, self.origin(pointer), hint=hint, document=self.document, path=self.path)

    def covered(self, pointer: str) -> bool:
        """Whether ``pointer`` or one of its ancestors already has an entry."""
        return under_any(pointer, self.seen)

    def touched(self, pointer: str) -> bool:
        """Whether anything at, above or below ``pointer`` was recorded."""
        return under_any(pointer, self.seen) or any(within(done, pointer) for done in self.seen)

    def raw_text(self, pointer: str) -> str | None:
        """The scalar's text as written (up to a comment, a flow collection's end or the end of the line)."""
        position = self.document.values.get(self.origin(pointer))
        if position is None or not self.document.source:
            return None
        line, column = position
        lines = self.document.source.splitlines()
        if line > len(lines):
            return None
        return lines[line - 1][column - 1 :].split(" #", 1)[0].strip().rstrip(",}]").strip()
