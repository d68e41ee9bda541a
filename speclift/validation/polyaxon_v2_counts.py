"""Counts of a polyaxon 2.x file written as floats (``maxRetries: 2.0``).

polyaxon 2.18 takes most counts as ``StrictInt`` and refuses ``2.0``; JSON Schema cannot tell ``2.0`` from ``2`` (both
are the integer 2 to it), so the 2.x schema passes what 2.18 refuses. The 1.x -> 2.x upgrade knows which counts are
strict (:mod:`speclift.converters.polyaxon_v1.integers`): every float it would rewrite is an error here (SL103).
"""

from __future__ import annotations

from collections.abc import Iterator

from speclift.converters.polyaxon_v1.upgrade import upgrade
from speclift.findings import Finding
from speclift.pointer import dotted, find
from speclift.validation.rules import RuleContext


def check(context: RuleContext) -> Iterator[Finding]:
    data = context.document.data
    if not isinstance(data, dict):
        return
    for change in upgrade(data, any_version=True).changes:
        value = find(data, change.pointer)
        if change.code in ("SL409", "SL401") and isinstance(value, float):
            message = f"{dotted(change.pointer)} must be an integer: polyaxon 2.x refuses the float {value!r}"
            yield context.finding("SL103", message, change.pointer, hint=f"write {int(value)}")
