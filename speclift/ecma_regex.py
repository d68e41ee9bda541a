"""Shipped ``pattern``s rewritten in the regular-expression dialect editors run (ECMA-262, as JSON Schema advises).

The shipped schemas are checked by jsonschema-rs (Rust's regex syntax) and python-jsonschema. Two of its forms are
not ECMA-262: a case-insensitive group ``(?i:...)`` (how the schemas spell an enum the platform compares without
case; JavaScript engines before 2024 refuse it, and a pattern an editor cannot compile breaks its whole check) and
the end-of-text anchor ``\\z``. A group becomes the same match written with both cases (``(?i:ab)`` ->
``[aA][bB]``); ``\\z`` becomes ``$``, which in ECMA-262 (without the multiline flag), as in Rust, matches only at
the very end. Any other inline flag is refused rather than guessed at.
"""

from __future__ import annotations

import string


class UnportablePattern(ValueError):
    """A pattern that uses a construct this rewriting does not know."""


_LETTERS = frozenset(string.ascii_letters)


def portable(pattern: str) -> str:
    """``pattern`` in ECMA-262 syntax, matching the same strings (ASCII case folding)."""
    return _Rewriter(pattern).run()


class _Rewriter:
    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.at = 0

    def run(self) -> str:
        written = self.sequence(fold=False, depth=0)
        if self.at != len(self.pattern):
            raise UnportablePattern(f"unbalanced ')' in {self.pattern!r}")
        return written

    def sequence(self, *, fold: bool, depth: int) -> str:
        """Up to the ``)`` closing the current group (left for the caller), or the end."""
        out: list[str] = []
        text = self.pattern
        while self.at < len(text):
            char = text[self.at]
            if char == ")":
                if depth == 0:
                    raise UnportablePattern(f"unbalanced ')' in {text!r}")
                return "".join(out)
            if char == "\\":
                out.append(self.escape())
            elif char == "[":
                out.append(self.character_class(fold=fold))
            elif char == "(":
                out.append(self.group(fold=fold, depth=depth))
            else:
                out.append(f"[{char}{char.swapcase()}]" if fold and char in _LETTERS else char)
                self.at += 1
        if depth:
            raise UnportablePattern(f"unclosed '(' in {text!r}")
        return "".join(out)

    def escape(self) -> str:
        escaped = self.pattern[self.at : self.at + 2]
        if len(escaped) < 2:
            raise UnportablePattern(f"trailing backslash in {self.pattern!r}")
        self.at += 2
        if escaped == "\\z":
            return "$"
        if escaped in ("\\A", "\\Z", "\\h", "\\H", "\\p", "\\P", "\\x", "\\u", "\\U"):
            raise UnportablePattern(f"{escaped} in {self.pattern!r}")
        return escaped  # `\d`, `\s`, `\.`, ...: the same in both dialects, and never folded

    def group(self, *, fold: bool, depth: int) -> str:
        text = self.pattern
        head = "("
        self.at += 1
        if text.startswith("?", self.at):
            for opening in ("?i:", "?:", "?=", "?!", "?<=", "?<!"):
                if text.startswith(opening, self.at):
                    break
            else:
                raise UnportablePattern(f"the group {text[self.at - 1 : self.at + 4]!r}... in {text!r}")
            self.at += len(opening)
            if opening == "?i:":
                head, fold = "(?:", True
            else:
                head += opening
        inner = self.sequence(fold=fold, depth=depth + 1)
        self.at += 1  # the closing parenthesis
        return f"{head}{inner})"

    def character_class(self, *, fold: bool) -> str:
        text = self.pattern
        start = self.at
        self.at += 1
        negated = text.startswith("^", self.at)
        if negated:
            self.at += 1
        if text.startswith("]", self.at):  # Python reads a leading `]` as a literal, ECMA-262 as an empty class
            raise UnportablePattern(f"a class starting with ']' in {text!r}")
        items: list[str] = []
        added: list[str] = []
        while self.at < len(text) and text[self.at] != "]":
            if text[self.at] == "[":
                raise UnportablePattern(f"a nested class in {text!r}")
            if text[self.at] == "\\":
                items.append(self.escape())
                continue
            low = text[self.at]
            if text.startswith("-", self.at + 1) and self.at + 2 < len(text) and text[self.at + 2] not in "]\\":
                high = text[self.at + 2]
                items.append(f"{low}-{high}")
                self.at += 3
                if fold and low in _LETTERS and high in _LETTERS and low.islower() == high.islower():
                    added.append(f"{low.swapcase()}-{high.swapcase()}")
                elif fold and (low in _LETTERS or high in _LETTERS):
                    raise UnportablePattern(f"the range {low}-{high} under (?i) in {text!r}")
                continue
            items.append("\\-" if low == "-" else low)  # escaped: the letters added below may come after it
            self.at += 1
            if fold and low in _LETTERS:
                added.append(low.swapcase())
        if self.at >= len(text):
            raise UnportablePattern(f"unclosed '[' at {start} in {text!r}")
        self.at += 1
        if not fold:
            return text[start : self.at]
        kept = "".join(items)
        extra = "".join(item for item in added if item not in items)
        return f"[{'^' if negated else ''}{kept}{extra}]"
