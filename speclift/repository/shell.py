"""Splitting script text into simple commands, without running anything.

A script (a CI step's ``run:``/``script:``, a ``*.sh`` file, a Makefile recipe line) becomes the simple commands it
chains: line continuations joined (``\\`` in POSIX shells, the backtick in PowerShell), comments dropped, ``&&``,
``||``, ``;`` and ``|`` split, each command's words read with :mod:`shlex`. CI expressions (``$(VAR)``, ``${{ x }}``,
``$VAR``) stay opaque text inside the words. Every command keeps the offsets of its text in the script, so a caller
can locate it in the file and replace it.
"""

from __future__ import annotations

import bisect
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass

POSIX = "sh"
POWERSHELL = "pwsh"

_BRACKETS = re.compile(r"\$\{\{|\$\(|[()]|\}\}")
_PLACEHOLDER = re.compile(r"\x00(\d+)\x00")
MAX_COMMAND = 16_384  # characters of one command line read into words; real v1 command lines are far shorter
# What the separator scan stops at: quoted text and escapes (skipped whole), substitutions, line ends, comments and
# the separators themselves.
_TOKENS_POSIX = re.compile(r"""\\.|'[^']*'?|"(?:\\.|[^"\\])*"?|\$[({]|[)}\n#;]|&&|\|\||[|&]""", re.DOTALL)
_TOKENS_POWERSHELL = re.compile(r"""`.|'[^']*'?|"(?:`.|[^"`])*"?|\$[({]|[)}\n#;]|&&|\|\||[|&]""", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Command:
    words: tuple[str, ...]
    text: str  # as written (continuations included), without surrounding blanks
    start: int  # offsets of ``text`` in the script
    end: int


@dataclass(frozen=True, slots=True)
class Unread:
    """A command whose words could not be read (an unclosed quote, too long), and why."""

    text: str  # its first characters
    reason: str
    start: int  # its offset in the script


class _Joined:
    """A script's text with its line continuations removed, and where each of its characters came from."""

    def __init__(self, text: str, dialect: str) -> None:
        continuation = re.compile(r"`\r?\n" if dialect == POWERSHELL else r"\\\r?\n")
        parts: list[str] = []
        self._cuts: list[int] = []  # offsets in the joined text where a continuation was removed
        self._removed: list[int] = []  # characters removed up to and including that cut
        last = removed = 0
        for match in continuation.finditer(text):
            parts.append(text[last : match.start()])
            removed += match.end() - match.start()
            self._cuts.append(match.start() - (removed - (match.end() - match.start())))
            self._removed.append(removed)
            last = match.end()
        parts.append(text[last:])
        self.text = "".join(parts)

    def origin(self, offset: int) -> int:
        """Where the joined text's ``offset`` is in the script (a binary search: scripts of many continuations
        stay linear)."""
        index = bisect.bisect_right(self._cuts, offset) - 1
        return offset + (self._removed[index] if index >= 0 else 0)


def commands(text: str, dialect: str = POSIX, wanted: re.Pattern[str] | None = None) -> Iterator[Command | Unread]:
    """The simple commands of ``text`` in order; a command whose words cannot be read is an :class:`Unread`.
    With ``wanted``, only commands whose text it matches are read into words (the others are skipped unread)."""
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
        if wanted is not None and not wanted.search(piece):
            continue
        original_start, original_end = joined.origin(start), joined.origin(end - 1) + 1
        if len(piece) > MAX_COMMAND:
            yield Unread(piece[:80], f"longer than {MAX_COMMAND:,} characters", original_start)
            continue
        source = text[original_start:original_end]
        try:
            words = split_words(piece, dialect)
        except ValueError as exc:
            yield Unread(piece[:80], f"cannot read its words: {exc}", original_start)
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
    expressions hold spaces and parentheses that shlex would split on. One pass over the brackets with a stack of
    open ones, so text full of unclosed ones stays linear."""
    spans: list[tuple[int, int]] = []
    opened: list[tuple[int, str]] = []  # (where the expression starts, the bracket closing it)
    for match in _BRACKETS.finditer(piece):
        token, at = match.group(), match.start()
        if token == "${{":
            opened.append((at, "}}"))
        elif token == "$(" or (token == "(" and opened):
            opened.append((at, ")"))
        elif opened and token == opened[-1][1]:
            start = opened.pop()[0]
            if not opened:
                spans.append((start, match.end()))
    return spans


def _segments(flat: str, dialect: str) -> Iterator[tuple[int, int]]:
    """Spans of ``flat`` between command separators and line ends, outside quotes and ``$(...)``; comments cut.
    The scan jumps from one meaningful character to the next (a regular expression), so plain text costs little."""
    tokens = _TOKENS_POWERSHELL if dialect == POWERSHELL else _TOKENS_POSIX
    start = index = depth = 0
    while True:
        match = tokens.search(flat, index)
        if match is None:
            break
        token, at = match.group(), match.start()
        index = match.end()
        if token[0] in "'\"\\`":
            continue  # quoted or escaped: not a separator
        if token in ("$(", "${"):
            depth += 1
        elif token in (")", "}"):
            depth = max(depth - 1, 0)
        elif token == "\n":
            yield start, at
            start, depth = index, 0
        elif token == "#":
            if depth or (at and not flat[at - 1].isspace()):
                continue  # part of a word (a#b) or of a substitution
            yield start, at
            line_end = flat.find("\n", at)
            if line_end < 0:
                return
            start = index = line_end + 1
            depth = 0
        elif not depth:
            if token == "&" and (flat[at - 1 : at] in ("<", ">") or flat.startswith(">", index)):
                continue  # a redirection (2>&1, &>file), not a background job
            yield start, at
            start = index
    yield start, len(flat)
