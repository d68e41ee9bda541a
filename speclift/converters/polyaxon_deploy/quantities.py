"""Kubernetes resource quantities (``512Mi``, ``500m``, ``1.5``, ``2G``), added up exactly.

A pod that replaces several pods needs what they needed together: the gateway of Polyaxon 2.x runs what the 1.x api,
gateway and streams pods ran. Kubernetes' own parser lives in the kubernetes client (a large package speclift has no
other use for); the quantity grammar is small and fixed, so it is read here with :class:`~decimal.Decimal`, exactly.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Suffix -> multiplier. Binary suffixes first: `Mi` must not read as `M` followed by junk.
_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_DECIMAL = {"n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"), "": Decimal(1), "k": Decimal(10**3)}
_DECIMAL |= {"M": Decimal(10**6), "G": Decimal(10**9), "T": Decimal(10**12), "P": Decimal(10**15), "E": Decimal(10**18)}
SUFFIXES: dict[str, Decimal] = {**{k: Decimal(v) for k, v in _BINARY.items()}, **_DECIMAL}
_QUANTITY = re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?")


class Quantity:
    """A quantity's exact value and the suffix it was written with (the sum is written in one of them)."""

    def __init__(self, value: Decimal, suffix: str) -> None:
        self.value = value
        self.suffix = suffix


def parse(written: object) -> Quantity | None:
    """``written`` (a YAML string or number) as a quantity; None when it is not one Kubernetes reads."""
    if isinstance(written, bool) or not isinstance(written, (str, int, float)):
        return None
    text = str(written).strip()
    match = _QUANTITY.fullmatch(text)
    if match is None:
        return None
    number, suffix = match.group(1), match.group(2) or ""
    try:
        base = Decimal(number)
        if len(suffix) > 1 and suffix[0] in "eE":  # an exponent; `E` alone is exa
            return Quantity(base * Decimal(10) ** int(suffix[1:]), "")
    except (InvalidOperation, ValueError):
        return None
    return Quantity(base * SUFFIXES[suffix], suffix)


def total(parts: list[Quantity]) -> str:
    """The sum, written with the suffix of the coarsest unit among the parts that gives a whole number (``512Mi`` +
    ``1Gi`` -> ``1536Mi``; ``500m`` + ``1`` -> ``1500m``; ``1Gi`` + ``1073741824`` -> ``2Gi``), else as a plain
    decimal number."""
    value = sum((part.value for part in parts), Decimal(0))
    for suffix in sorted({part.suffix for part in parts}, key=lambda s: SUFFIXES[s], reverse=True):
        scaled = value / SUFFIXES[suffix]
        if scaled == scaled.to_integral_value():
            return f"{int(scaled)}{suffix}"
    return format(value.normalize(), "f")
