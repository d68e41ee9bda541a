"""JSON with comments (``tsconfig.json``, ``.devcontainer/devcontainer.json``, ``.vscode/settings.json``): other
tools' settings, told apart from specs by one rule that validation and the migration inventory share.

speclift reads JSON files as YAML, which reads plain JSON; that is how Azure ML v1's JSON files (environments,
inference and deployment configurations) are read. ``//`` and ``/* */`` comments and trailing commas, which editors
and TypeScript allow in their settings, are no YAML, so such a file fails to load (SL001). No platform speclift knows
reads them either (Azure ML v1 loads its JSON files with ``json.load``), so a file YAML cannot read that is JSON once
its comments and trailing commas are taken out is another tool's settings, not a spec, unless its data is a spec:
then the platform would refuse the file, and the syntax error stands.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

from speclift.yamlio import LoadResult

REASON = "JSON with comments (another tool's settings; no platform reads a spec written so)"
_NOT_JSON = object()
_SPECIAL = re.compile(r'["/]')  # what starts a string or a comment
# Once comments are gone and every string is known to be closed: a string (kept) or a comma before a closing bracket.
_TRAILING_COMMA = re.compile(r'("(?:[^"\\]|\\.)*")|,(\s*[}\]])', re.DOTALL)


def not_a_spec(text: str, path: str, loaded: LoadResult) -> bool:
    """Whether ``text``, which ``loaded`` says YAML could not read, is JSON with comments holding no spec."""
    from speclift import spectypes

    if not any(f.code == "SL001" for f in loaded.findings):
        return False
    data = load(text)
    if data is _NOT_JSON:
        return False
    detection = spectypes.detect(data, os.path.basename(path))
    return detection.spec_type is None and not detection.unknown


def load(text: str) -> Any:
    """The data of ``text`` read as JSON with comments and trailing commas; a private sentinel when it is not such
    JSON (plain JSON, which YAML reads itself, included)."""
    stripped = _without_comments(text)
    if stripped is None:
        return _NOT_JSON
    stripped = _TRAILING_COMMA.sub(lambda m: m.group(1) or m.group(2), stripped)
    if stripped == text:
        return _NOT_JSON
    try:
        return json.loads(stripped)
    except (ValueError, RecursionError):
        return _NOT_JSON


def is_commented(text: str) -> bool:
    """Whether ``text`` is JSON only once its comments and trailing commas are taken out."""
    return load(text) is not _NOT_JSON


def _without_comments(text: str) -> str | None:
    """``text`` with its comments replaced by spaces, strings untouched; None when a string or a comment is not
    closed. One pass: every character is looked at a bounded number of times."""
    out: list[str] = []
    i, end = 0, len(text)
    while i < end:
        special = _next_special(text, i)
        out.append(text[i:special])
        if special >= end:
            break
        if text[special] == '"':
            close = special + 1
            while close < end and text[close] not in '"\n':
                close += 2 if text[close] == "\\" else 1
            if close >= end or text[close] != '"':
                return None
            out.append(text[special : close + 1])
            i = close + 1
        elif text.startswith("//", special):
            newline = text.find("\n", special)
            i = end if newline < 0 else newline
        elif text.startswith("/*", special):
            close = text.find("*/", special + 2)
            if close < 0:
                return None
            out.append(" ")
            i = close + 2
        else:  # a lone '/': not JSON, which json.loads will say
            out.append("/")
            i = special + 1
    return "".join(out)


def _next_special(text: str, start: int) -> int:
    """The index of the next '"' or '/' from ``start`` (the length of ``text`` when there is none)."""
    found = _SPECIAL.search(text, start)
    return found.start() if found else len(text)
