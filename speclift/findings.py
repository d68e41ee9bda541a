"""Findings: the one value every check produces and every reporter formats."""

from __future__ import annotations

import enum
import math
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


def printable(path: str) -> str:
    """``path`` with its control characters escaped (``\\n``, ``\\x01``): a file name cannot forge a line of output,
    nor put in an XML report a character XML forbids."""
    return path.translate(_ESCAPED) if _CONTROL.search(path) else path


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
        path = printable(self.path)
        if self.line:
            return f"{path}:{self.line}:{self.column or 1}"
        return path

    def sort_key(self) -> tuple[str, int, int, int, str, str, str]:
        """File, line, column, code, message (then pointer): the same order whatever order the checks ran in. The
        document comes before the line only to keep a multi-document file's whole-document notes with their
        document; lines already grow with documents."""
        return (self.path, self.document, self.line, self.column, self.code, self.message, self.pointer)


EXCERPT_LENGTH = 60  # characters of a string value a message shows; longer ones are cut


def excerpt(value: object) -> str:
    """A value as a message shows it: YAML words for booleans, null and the special floats (``.nan``, ``.inf``),
    a string quoted and cut to a short excerpt, an integer of any size in a few dozen characters, and a mapping or
    a list by its kind alone. Never slow, never long, whatever the value."""
    if isinstance(value, str):
        return repr(value if len(value) <= EXCERPT_LENGTH else value[: EXCERPT_LENGTH - 3] + "...")
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, int):
        return _integer(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    return "a mapping" if isinstance(value, dict) else "a list" if isinstance(value, list) else type(value).__name__


def _integer(value: int) -> str:
    # str() of an int is quadratic in its digits and refused past 4,300 of them: the bit length gives the number
    # of digits (to one), and only a number short enough to convert cheaply shows its leading digits
    digits = max(1, int(abs(value).bit_length() * math.log10(2)) + 1)
    if digits <= EXCERPT_LENGTH:
        return repr(value)
    if digits > 4_000:
        return f"an integer of about {digits:,} digits"
    text = repr(value)
    return f"{text[:20]}... (an integer of {len(text.lstrip('-')):,} digits)"
