"""Placeholders in spec text (``${{ inputs.x }}``, ``{{ lr }}``), found in time linear in the text.

The lazy regular expressions this replaces (``\\{\\{(.*?)\\}\\}``) scan to the end of the text from every opening that
nothing closes, so 40,000 unclosed ``${{`` took minutes. Here the closing found for one opening is reused by every
opening before it, and the search stops at the first opening nothing closes: nothing can close a later one either.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Placeholder:
    start: int  # where the opening starts
    end: int  # just past the closing
    literal: str  # the placeholder as written, opening and closing included
    inner: str  # the text between the opening and the closing, whitespace kept


def placeholders(text: str, opening: str, closing: str, *, not_inside: str = "") -> Iterator[Placeholder]:
    """Each ``opening ... closing`` in ``text``, left to right and without overlap, closed by the first ``closing``
    after its opening: what ``re.finditer(opening + "(.*?)" + closing, text, re.DOTALL)`` finds.

    An opening whose inner text, leading and trailing whitespace aside, holds a character of ``not_inside`` opens no
    placeholder, and the search goes on from the next opening: ``not_inside="\\n"`` finds what the pattern without
    DOTALL finds when whitespace may surround the inner text (``\\$\\{\\{\\s*(.*?)\\s*\\}\\}``), ``not_inside="}"``
    what ``\\$\\{\\{[^}]*\\}\\}`` finds.
    """
    position = 0
    closing_at = -1  # the first closing after the latest opening looked at
    last_unwanted = -1  # the last character of not_inside before that closing (trailing whitespace aside)
    while (start := text.find(opening, position)) >= 0:
        after = start + len(opening)
        if closing_at < after:
            closing_at = text.find(closing, after)
            if closing_at < 0:
                return
            if not_inside:
                inner_end = _before_whitespace(text, after, closing_at)
                last_unwanted = max(text.rfind(character, after, inner_end) for character in not_inside)
        if not_inside and last_unwanted >= _after_whitespace(text, after, closing_at):
            position = start + 1
            continue
        end = closing_at + len(closing)
        yield Placeholder(start, end, text[start:end], text[after:closing_at])
        position = end


def _after_whitespace(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _before_whitespace(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


BINDING_OPENING = "${{"  # an Azure ML v2 binding: ``${{inputs.x}}``, ``${{parent.jobs.prep.outputs.clean}}``
# An expression is on one line and holds no brace: `${{inputs.a} ${{outputs.b}}` is an unclosed opening and then a
# binding, not one expression running to the second closing.
BINDING_NOT_INSIDE = "\n{}"
# A plain reference (names between dots): what a binding is when it has no operators or function calls.
REFERENCE = re.compile(r"^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$")


def bindings(text: str) -> Iterator[Placeholder]:
    """Each Azure ML ``${{...}}`` binding of ``text``, as the platform delimits them."""
    return placeholders(text, BINDING_OPENING, "}}", not_inside=BINDING_NOT_INSIDE)


def binding_expressions(text: str) -> list[tuple[str, str]]:
    """(expression, the literal text that wrote it) for each ``${{...}}`` in ``text``."""
    return [(found.inner.strip(), found.literal) for found in bindings(text)]
