"""YAML syntax errors in words: PyYAML's scanner and parser messages turned into the likely cause and the line to look
at. The raw message stays in parentheses, for searching and for the cases no sentence here covers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

_CLOSERS = {"flow sequence": ("[", "]"), "flow mapping": ("{", "}")}
_RESERVED = {"@": "'@'", "`": "'`'", "%": "'%'"}


def explain(exc: yaml.MarkedYAMLError, text: str) -> str:
    """A sentence for ``exc``: the likely cause, where it starts and what to do; then PyYAML's own words."""
    raw = exc.problem or "invalid YAML"
    if exc.context:
        raw = f"{raw} ({exc.context})"
    mark = exc.problem_mark
    if mark is None:
        return raw
    for starts, explainer in _EXPLAINERS:
        if (exc.problem or "").startswith(starts):
            sentence = explainer(exc, text) if callable(explainer) else explainer.format(line=_line(mark))
            if sentence:
                return f"{sentence} ({raw})"
    return raw


def _line(mark: Any) -> int:
    return int(mark.line) + 1


def _at(mark: Any) -> str:
    return f"line {_line(mark)}, column {mark.column + 1}"


def _starts_line(text: str, mark: Any) -> bool:
    """Whether ``mark`` is at the first character of its line after the indentation."""
    start = text.rfind("\n", 0, mark.index) + 1
    return not text[start : mark.index].strip(" ")


def _expected_key(exc: yaml.MarkedYAMLError, text: str) -> str | None:
    problem, context = exc.problem_mark, exc.context_mark
    if problem is None or context is None or exc.context != "while parsing a block mapping":
        return None
    if not _starts_line(text, problem):
        return f"unexpected text at {_at(problem)}, after the value: an extra bracket or quote, or a value that needs quoting"
    if problem.column != context.column:
        return (
            f"line {_line(problem)} is indented differently from the mapping that starts at line {_line(context)}: "
            "check the indentation of this line and the one above"
        )
    return (
        f"line {_line(problem)} should be a `key: value` of the mapping that starts at line {_line(context)}: "
        "look for a list item (`- `), stray text or an extra bracket at this indentation"
    )


def _expected_colon(exc: yaml.MarkedYAMLError, text: str) -> str | None:
    key = exc.context_mark or exc.problem_mark
    if key is None:
        return None
    return (
        f"line {_line(key)} has no ':' after its key: a missing colon (`key: value`), or a line meant to continue the "
        "one above that is not indented under it"
    )


def _end_of_stream(exc: yaml.MarkedYAMLError, text: str) -> str | None:
    opened = exc.context_mark
    if opened is None or exc.context != "while scanning a quoted scalar":
        return None
    quote = text[opened.index] if 0 <= opened.index < len(text) else "quote"
    return f"the {quote} quote opened at {_at(opened)} is never closed: add the closing {quote}"


def _unclosed_flow(exc: yaml.MarkedYAMLError, text: str) -> str | None:
    opened = exc.context_mark
    pair = _CLOSERS.get((exc.context or "").removeprefix("while parsing a "))
    if opened is None or pair is None:
        return None
    mark = exc.problem_mark
    where = f" before line {_line(mark)}" if mark is not None and mark.line != opened.line else ""
    return (
        f"the '{pair[0]}' opened at {_at(opened)} is not closed{where}: add the missing '{pair[1]}', or a ',' between two items"
    )


def _cannot_start_token(exc: yaml.MarkedYAMLError, text: str) -> str | None:
    mark = exc.problem_mark
    if mark is None or not 0 <= mark.index < len(text):
        return None
    char = text[mark.index]
    if char == "\t" and _starts_line(text, mark):
        return _TAB.format(line=_line(mark))
    if char == "\t":
        return f"a tab on line {_line(mark)} where YAML expects a value or a key: use spaces"
    shown = _RESERVED.get(char, repr(char))
    return f"{shown} cannot start a plain value on line {_line(mark)} (YAML reserves it): quote the value"


def _expected_dash(exc: yaml.MarkedYAMLError, text: str) -> str | None:
    problem, context = exc.problem_mark, exc.context_mark
    if problem is None or context is None:
        return None
    return (
        f"line {_line(problem)} is at the indentation of the list that starts at line {_line(context)} but is not "
        "an item (`- `): check its indentation"
    )


_TAB = "a tab where line {line} should be indented with spaces"

# PyYAML's problem (how it starts) -> a function of the error and the text, or a sentence about the problem's line.
_EXPLAINERS: list[tuple[str, Callable[[yaml.MarkedYAMLError, str], str | None] | str]] = [
    ("did not find expected key", _expected_key),
    ("could not find expected ':'", _expected_colon),
    (
        "mapping values are not allowed",
        "a ': ' inside a value on line {line}: quote the value (`key: \"a: b\"`), or indent the line properly if a "
        "new key was meant",
    ),
    ("found unexpected end of stream", _end_of_stream),
    ("did not find expected ','", _unclosed_flow),
    ("expected ',' or ", _unclosed_flow),  # the pure-Python parser's wording
    ("found character that cannot start any token", _cannot_start_token),
    ("found a tab character", _TAB),
    ("did not find expected '-' indicator", _expected_dash),
    ("found undefined alias", "the alias on line {line} names no anchor (`&name`) defined above it"),
]
