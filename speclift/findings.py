"""Findings: the one value every check produces and every reporter formats."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field, replace


class Severity(enum.IntEnum):
    """Ordered so that ``max()`` over findings gives the worst one."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (use info, warning or error)") from None


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ESCAPED = {code: f"\\x{code:02x}" for code in (*range(0x20), 0x7F)} | {ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}


@dataclass(frozen=True, slots=True)
class Finding:
    """A located problem or note about one file.

    ``line`` and ``column`` are 1-based; 0 means "the file as a whole". ``pointer`` is the JSON pointer of the
    offending node inside its document ("" for the document root); ``document`` is the 0-based index of the YAML
    document in a multi-document file.
    """

    code: str
    severity: Severity
    message: str
    path: str
    line: int = 0
    column: int = 0
    pointer: str = ""
    hint: str | None = None
    document: int = 0
    rule: str = field(default="", compare=False)

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)

    @property
    def location(self) -> str:
        """``file:line:col`` as editors and CI systems expect it (control characters in the name escaped, so that a
        file called ``a\nb.yml`` cannot forge a second line of output)."""
        path = self.path.translate(_ESCAPED) if _CONTROL.search(self.path) else self.path
        if self.line:
            return f"{path}:{self.line}:{self.column or 1}"
        return path

    def sort_key(self) -> tuple[str, int, int, int, str]:
        return (self.path, self.document, self.line, self.column, self.code)
