"""The converter's pen: :class:`ConversionBuilder` records outputs, provenance and findings for one source document."""

from __future__ import annotations

from typing import Any

from speclift import codes
from speclift.conversion.result import Conversion, Fate, Output, Provenance
from speclift.yamlio import Document


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
        self.conversion.provenance.append(Provenance(source, Fate.MAPPED, target, output))

    def transformed(self, source: str, target: str, note: str = "", output: int = 0) -> None:
        self.conversion.provenance.append(Provenance(source, Fate.TRANSFORMED, target, output, note))

    def approximated(
        self, source: str, target: str | None, message: str, *, code: str = "SL401", hint: str | None = None, output: int = 0
    ) -> None:
        self.conversion.provenance.append(Provenance(source, Fate.APPROXIMATED, target, output, message))
        self.finding(code, message, source, hint=hint)

    def dropped(self, source: str, message: str, *, code: str = "SL402", hint: str | None = None) -> None:
        self.conversion.provenance.append(Provenance(source, Fate.DROPPED, None, 0, message))
        self.finding(code, message, source, hint=hint)

    def finding(self, code: str, message: str, pointer: str, *, hint: str | None = None) -> None:
        line, column = self.source.position(pointer, prefer_key=True)
        self.conversion.findings.append(
            codes.make(code, message, self.path, line, column, pointer, hint=hint, document=self.source.index)
        )

    def refuse(self, message: str, pointer: str = "", *, hint: str | None = None) -> Conversion:
        """Give up on the whole document: an SL404 at ``pointer``, everything accounted as dropped, no output."""
        self.finding("SL404", message, pointer, hint=hint)
        self.conversion.provenance.append(Provenance("", Fate.DROPPED, None, 0, message))
        self.conversion.outputs.clear()
        return self.conversion

    def build(self) -> Conversion:
        return self.conversion
