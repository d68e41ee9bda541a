"""Splitting script text into simple commands, without running anything.

A script (a CI step's ``run:``/``script:``, a ``*.sh`` file, a Makefile recipe line) becomes the simple commands it
chains: line continuations joined (``\\`` in POSIX shells, the backtick in PowerShell), comments dropped, ``&&``,
``||``, ``;`` and ``|`` split, each command's words read with :mod:`shlex`. CI expressions (``$(VAR)``, ``${{ x }}``,
``$VAR``) stay opaque text inside the words. Every command keeps the offsets of its text in the script, so a caller
can locate it in the file and replace it.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass

POSIX = "sh"
POWERSHELL = "pwsh"

_PLACEHOLDER = re.compile(r"\x00(\d+)\x00")
_SEPARATORS = ("&&", "||", ";", "|", "&")


@dataclass(frozen=True, slots=True)
class Command:
    words: tuple[str, ...]
    text: str  # as written (continuations included), without surrounding blanks
    start: int  # offsets of ``text`` in the script
    end: int


class _Joined:
    """A script's text with its continuations removed, and where each character came from."""

    def __init__(self, text: str, dialect: str) -> None:
        self.chars: list[str] = []
        self.origin: list[int] = []
        continuation = "`" if dialect == POWERSHELL else "\\"
        index = 0
        while index < len(text):
            char = text[index]
            if char == continuation and text.startswith("\n", index + 1):
                index += 2
                continue
            if char == continuation and text.startswith("\r\n", index + 1):
                index += 3
                continue
            self.chars.append(char)
            self.origin.append(index)
            index += 1
        self.origin.append(len(text))

    @property
    def text(self) -> str:
        return "".join(self.chars)


def commands(text: str, dialect: str = POSIX) -> Iterator[Command | str]:
    """The simple commands of ``text`` in order; a command whose words cannot be read is a string: the reason."""
    joined = _Joined(text, dialect)
    flat = joined.text
    for start, end in _segments(flat, dialect):
        while start < end and flat[start].isspace():
            start += 1
        while end > start and flat[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        piece = flat[start:end]
        original_start, original_end = joined.origin[start], joined.origin[end - 1] + 1
        source = text[original_start:original_end]
        try:
            words = split_words(piece, dialect)
        except ValueError as exc:
            yield f"{piece[:80]!r}: {exc}"
            continue
        if words:
            yield Command(tuple(words), source, original_start, original_end)


def split_words(piece: str, dialect: str = POSIX) -> list[str]:
    """The words of one simple command; opaque expressions kept whole."""
    kept: list[str] = []
    parts: list[str] = []
    last = 0
    for start, end in _opaque(piece):
        kept.append(piece[start:end])
        parts += [piece[last:start], f"\x00{len(kept) - 1}\x00"]
        last = end
    hidden = "".join(parts) + piece[last:]
    lexer = shlex.shlex(hidden, posix=True, punctuation_chars=False)
    lexer.whitespace_split = True
    lexer.commenters = ""
    if dialect == POWERSHELL:
        lexer.escape = ""  # the backslash is a path separator there
    words = list(lexer)
    return [_PLACEHOLDER.sub(lambda m: kept[int(m.group(1))], word) for word in words]


def _opaque(piece: str) -> list[tuple[int, int]]:
    """Spans of the outermost ``$(...)`` and ``${{ ... }}``: Azure Pipelines macros, command substitutions and GitHub
    expressions hold spaces and parentheses that shlex would split on. One pass with a stack of open brackets, so
    text full of unclosed ones stays linear."""
    spans: list[tuple[int, int]] = []
    opened: list[tuple[int, str]] = []  # (where the expression starts, the bracket closing it)
    index = 0
    while index < len(piece):
        if piece.startswith("${{", index):
            opened.append((index, "}}"))
            index += 3
            continue
        if piece.startswith("$(", index) or (opened and piece[index] == "("):
            opened.append((index, ")"))
            index += 2 if piece[index] == "$" else 1
            continue
        closing = opened[-1][1] if opened else ""
        if closing and piece.startswith(closing, index):
            start = opened.pop()[0]
            index += len(closing)
            if not opened:
                spans.append((start, index))
            continue
        index += 1
    return spans


def _segments(flat: str, dialect: str) -> Iterator[tuple[int, int]]:
    """Spans of ``flat`` between command separators and line ends, outside quotes and ``$(...)``; comments cut."""
    start = index = 0
    quote = ""
    depth = 0
    escape = "`" if dialect == POWERSHELL else "\\"
    while index < len(flat):
        char = flat[index]
        if quote:
            if char == escape and quote == '"' and index + 1 < len(flat):
                index += 2
                continue
            if char == quote:
                quote = ""
            index += 1
            continue
        if char == escape and index + 1 < len(flat):
            index += 2
            continue
        if char in "'\"":
            quote = char
        elif flat.startswith("$(", index) or flat.startswith("${", index):
            depth += 1
            index += 2
            continue
        elif char in ")}" and depth:
            depth -= 1
        elif char == "\n" or (char == "#" and (index == 0 or flat[index - 1].isspace()) and not depth):
            yield start, index
            depth = 0
            if char == "#":
                index = flat.find("\n", index)
                if index < 0:
                    return
            start = index + 1
        elif not depth:
            separator = next((s for s in _SEPARATORS if flat.startswith(s, index)), "")
            if separator == "&" and (flat[index - 1 : index] in ("<", ">") or flat.startswith(">", index + 1)):
                separator = ""  # a redirection (2>&1, &>file), not a background job
            if separator:
                yield start, index
                index += len(separator)
                start = index
                continue
        index += 1
    yield start, len(flat)
