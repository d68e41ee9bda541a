"""Integers where polyaxon 2.x is strict.

polyaxon 1.20 read every count as "a number or a string holding an integer" (``replicas: "2"``, ``maxRetries: 2.0``;
a fraction was truncated). polyaxon 2.18 (pydantic) takes most counts as ``StrictInt`` or a ``{{ reference }}``:
``"2"``, ``2.0`` and ``true`` are refused (``Input should be a valid integer``). The positive counts of a matrix or a
DAG (``numRuns``, ``concurrency``, ``maxIterations``) take an integral float but read a quoted number as a reference
and then fail comparing it (``'<' not supported between instances of 'str' and 'int'``).
"""

from __future__ import annotations

import math
import re
from typing import Any

from speclift.converters.polyaxon_v1.changes import Changes
from speclift.pointer import join

_INTEGER_TEXT = re.compile(r"^\s*[-+]?[0-9]+(_[0-9]+)*\s*$")

STRICT = "strict"  # StrictInt or a reference: no string, no float
POSITIVE = "positive"  # PositiveInt or a reference: no string, no fraction

# The counts of each section, as 2.18's models type them.
TERMINATION = {"maxRetries": STRICT, "ttl": STRICT, "timeout": STRICT}
CACHE = {"ttl": STRICT}
SCHEDULE = {"maxRuns": STRICT}
INTERVAL_SCHEDULE = {"maxRuns": STRICT, "frequency": STRICT}  # seconds: 2.18 reads "3600" as no timedelta
JOIN = {"limit": STRICT, "offset": STRICT}
MATRIX = {"seed": STRICT, "numRuns": POSITIVE, "concurrency": POSITIVE, "maxIterations": POSITIVE, "numInitialRuns": POSITIVE}
HYPERBAND = {"seed": STRICT, "concurrency": POSITIVE}  # its maxIterations is a plain PositiveInt: "10" passes
TPE = {**MATRIX, "maxIterations": STRICT}  # 2.18's V1Tpe types maxIterations as a strict integer (or a reference)
EARLY_STOPPING_POLICY = {"evaluationInterval": STRICT, "minInterval": STRICT, "minSamples": STRICT}
DAG = {"concurrency": POSITIVE}
SERVICE = {"replicas": STRICT}
REPLICA = {"replicas": STRICT}
MPIJOB = {"slotsPerWorker": STRICT}
SIDECAR = {"sleepInterval": STRICT, "syncInterval": STRICT}
INIT_ARTIFACTS = {"workers": STRICT}
INIT_TENSORBOARD = {"port": STRICT}
SCHEDULING_POLICY = {"minAvailable": STRICT, "scheduleTimeoutSeconds": STRICT}


def fix(section: Any, pointer: str, fields: dict[str, str], changes: Changes) -> None:
    """Make each listed count of ``section`` (a mapping at ``pointer``) an integer where 2.x needs one."""
    if not isinstance(section, dict):
        return
    for name, strictness in fields.items():
        if name in section:
            section[name] = fix_value(section[name], join(pointer, name), strictness, changes)


def fix_init(holder: Any, pointer: str, changes: Changes) -> None:
    """The counts of the init steps of a run or replica (``holder`` at ``pointer``)."""
    steps = holder.get("init") if isinstance(holder, dict) else None
    if not isinstance(steps, list):
        return
    for index, step in enumerate(steps):
        if isinstance(step, dict):
            at = join(pointer, "init", index)
            fix(step.get("artifacts"), join(at, "artifacts"), INIT_ARTIFACTS, changes)
            fix(step.get("tensorboard"), join(at, "tensorboard"), INIT_TENSORBOARD, changes)


def fix_list(items: Any, pointer: str, changes: Changes) -> None:
    """Each item of a list of strict integers (a service's ``ports``)."""
    if isinstance(items, list):
        for index, value in enumerate(items):
            items[index] = fix_value(value, join(pointer, index), STRICT, changes)


def fix_value(value: Any, pointer: str, strictness: str, changes: Changes) -> Any:
    """``value`` as 2.x reads it: the integer 1.20 read, with a change recorded; anything else as it is (a template,
    a value 1.20 refused as well)."""
    if isinstance(value, str) and _INTEGER_TEXT.match(value):
        number = int(value.replace("_", ""))
        problem = f"polyaxon 2.x needs an integer here, not the string {value!r} (1.x read it as {number})"
        changes.fixed(pointer, problem, f"written as {number}")
        return number
    if isinstance(value, (int, float)) and not isinstance(value, bool) and strictness == POSITIVE and value <= 0:
        problem = f"polyaxon 2.x needs at least 1 here, not {value} (2.18 refuses it)"
        changes.refused(pointer, problem, "a person decides", hint="give a positive count, or leave it out")
        return value
    if isinstance(value, float) and not isinstance(value, bool):
        if math.isinf(value) or math.isnan(value):
            return value  # no count at all: 1.20 refuses it too, and the file's own check says so
        if value.is_integer() and strictness == POSITIVE:
            return value  # PositiveInt takes 2.0
        number = int(value)
        if value.is_integer():
            changes.fixed(pointer, f"polyaxon 2.x needs an integer here, not the float {value!r}", f"written as {number}")
        else:
            problem = f"polyaxon 2.x refuses the fraction {value!r} here (1.x truncated it to {number})"
            changes.approximated(pointer, problem, f"written as {number}, the value 1.x ran with")
        return number
    return value


def fix_early_stopping(holder: Any, pointer: str, changes: Changes) -> None:
    """The counts of each early-stopping policy of a matrix or a DAG (``holder`` at ``pointer``)."""
    stopping = holder.get("earlyStopping") if isinstance(holder, dict) else None
    if isinstance(stopping, list):
        for index, entry in enumerate(stopping):
            if isinstance(entry, dict):
                fix(entry.get("policy"), join(pointer, "earlyStopping", index, "policy"), EARLY_STOPPING_POLICY, changes)
