"""SL216: what polyaxon 2.x rejects or reads differently in a ``version: 1.1`` component or operation.

polyaxon 1.x still accepts these files, so each place is a warning, not an error: the ``hyperopt`` matrix, ``dask``
and ``ray`` runs, the run kinds 2.x removed, counts written as strings or floats where 2.x wants integers, input
types whose values 2.18 no longer parses. The findings come from the same upgrade ``speclift convert --to
polyaxon-v2`` performs (:mod:`speclift.converters.polyaxon_v1.upgrade`): the hint says what the conversion writes, or
what a person decides where it cannot.
"""

from __future__ import annotations

from collections.abc import Iterator

from speclift.converters.polyaxon_v1.changes import COMMAND
from speclift.converters.polyaxon_v1.upgrade import upgrade
from speclift.findings import Finding
from speclift.validation.rules import RuleContext


def check(context: RuleContext) -> Iterator[Finding]:
    data = context.document.data
    if not isinstance(data, dict) or data.get("version") not in (1.1, None):  # another version is the schema's error
        return
    for change in upgrade(data).changes:
        if not change.code:
            continue
        if change.code == "SL404":
            hint = f"{change.hint}; a person decides ({COMMAND} cannot)"
        else:
            hint = f"`{COMMAND}`: {change.action}" + (f"; {change.hint}" if change.hint else "")
        yield context.finding("SL216", change.problem, change.pointer, hint=hint)
