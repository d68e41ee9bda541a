"""What the fuzz tests share: the hypothesis settings, where a finding may point, and the mutations of real files.

Two kinds of mutation: of the text (a character, a line, an indentation: most real mistakes are small edits of a good
file) and of the data (a value replaced, removed or added, a key renamed, a subtree copied elsewhere: well-formed
YAML whose content surprises whatever reads it).
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from speclift import codes
from speclift.findings import Finding

# Reproducible runs: derandomized, no example database. SPECLIFT_FUZZ_SCALE multiplies every test's number of
# examples (SPECLIFT_FUZZ_SCALE=20 for a long hunt; the tests pick their counts to keep `make test` short).
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
SCALE = float(os.environ.get("SPECLIFT_FUZZ_SCALE", "1"))


def examples(count: int) -> int:
    """``count`` examples, times SPECLIFT_FUZZ_SCALE."""
    return max(1, round(count * SCALE))


# libyaml counts these as line breaks when it computes marks ("\r\n" is one break).
_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def lines_of(text: str) -> list[str]:
    """The lines a finding's line and column count in (a leading byte-order mark is not in any line)."""
    return _BREAKS.split(text[1:] if text.startswith("\ufeff") else text)


def assert_known_and_located(finding: Finding, text: str) -> None:
    """A catalogued code other than SL009 (an internal error), and a line and column inside ``text`` (0:0 is the
    file as a whole)."""
    where = f"{finding.path}:{finding.line}:{finding.column}: {finding.code} {finding.message}"
    assert finding.code in codes.CODES, where
    assert finding.code != "SL009", where
    assert finding.rule == codes.CODES[finding.code].name, where
    if finding.line == 0:
        assert finding.column == 0, where
        return
    lines = lines_of(text)
    assert 1 <= finding.line <= len(lines), f"{where} (text has {len(lines)} lines)"
    assert 1 <= finding.column <= len(lines[finding.line - 1]) + 1, f"{where} (line is {lines[finding.line - 1]!r})"


def _refuse_constant(name: str) -> Any:
    raise AssertionError(f"{name} is not JSON")


def strict_json(text: str) -> Any:
    """``text`` parsed as JSON proper: Python's NaN, Infinity and -Infinity are refused."""
    return json.loads(text, parse_constant=_refuse_constant)


# --------------------------------------------------------------------------------------------------------------------
# text mutations

_INSERTS = [
    "\n", " ", "  ", "\t", ":", ": ", "- ", "[", "]", "{", "}", "#", "'", '"', "&x ", "*x", "!!int ", "!Tag ", "\\",
    "${{inputs.", "${{inputs.nope}}", "{{ nope }}", "\n---\n", "\x00", "\ufeff", "\u2028", "é", "~", "<<: *x\n",
]  # fmt: skip


def mutate_text(draw: st.DrawFn, text: str) -> str:
    """One to four small edits of ``text``: a fragment inserted, a span deleted, a line duplicated, re-indented or
    moved, a character replaced."""
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        op = draw(st.integers(min_value=0, max_value=5))
        at = draw(st.integers(min_value=0, max_value=len(text)))
        lines = text.split("\n")
        if op == 0:  # insert a fragment
            text = text[:at] + draw(st.sampled_from(_INSERTS)) + text[at:]
        elif op == 1:  # delete a span
            text = text[:at] + text[at + draw(st.integers(min_value=1, max_value=40)) :]
        elif op == 2 and lines:  # duplicate a line (duplicate keys, repeated items)
            i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            text = "\n".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])
        elif op == 3 and lines:  # re-indent a line
            i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[i] = draw(st.sampled_from(["", " ", "  ", "    ", "\t"])) + lines[i].lstrip(" ")
            text = "\n".join(lines)
        elif op == 4 and len(lines) > 1:  # move a line
            i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            line = lines.pop(i)
            lines.insert(draw(st.integers(min_value=0, max_value=len(lines))), line)
            text = "\n".join(lines)
        else:  # replace one character with arbitrary text
            text = text[:at] + draw(st.text(max_size=3)) + text[at + 1 :]
    return text


# --------------------------------------------------------------------------------------------------------------------
# data mutations


def slots(data: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in ``data``: the places a value can be replaced."""
    found: list[tuple[Any, Any]] = []
    stack = [data]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            found.append((node, key))
            stack.append(value)
    return found
