"""The canonical form of a spec: what is left once formatting, comments and key order are set aside.

Values are exactly what the platforms' loaders read (PyYAML, YAML 1.1, through :mod:`speclift.yamlio`): ``1e-3`` stays
the string it is there, ``on`` stays the boolean, ``0.10`` and ``0.1`` are the same float. Two scalars are the same
only when their loaded types are the same too, so ``"1"`` against ``1`` or ``1`` against ``1.0`` is a difference.
"""

from __future__ import annotations

import math
from typing import Any

import yaml

from speclift import yamlio
from speclift.findings import Severity

try:  # libyaml's emitter when PyYAML has it; the output is the same
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]


def same(a: Any, b: Any) -> bool:
    """Deep equality under the canonical form: key order ignored, list order kept, scalar types compared."""
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(value, b[key]) for key, value in a.items())
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def canonical(data: Any) -> Any:
    """``data`` with every mapping's keys sorted (lists keep their order: it means something to the platforms)."""
    if isinstance(data, dict):
        return {key: canonical(data[key]) for key in sorted(data, key=str)}
    if isinstance(data, list):
        return [canonical(item) for item in data]
    return data


def dump(data: Any) -> str:
    """One document in canonical YAML: sorted keys, block style, no comments, no aliases."""
    text: str = yaml.dump(
        canonical(data), Dumper=_NoAliasDumper, sort_keys=True, default_flow_style=False, allow_unicode=True, width=1 << 16
    )
    return text


def normalise_text(text: str, path: str, limits: yamlio.Limits = yamlio.DEFAULT_LIMITS) -> tuple[str, list[yamlio.Document]]:
    """The canonical form of every document of ``text`` (``---`` between documents) and the loaded documents.

    Raises :class:`speclift.yamlio.LoadError` with a located finding when the text cannot be read as YAML."""
    loaded = yamlio.load(text, path, limits)
    errors = [f for f in loaded.findings if f.severity == Severity.ERROR]
    if errors:
        raise yamlio.LoadError(errors[0])
    parts = [dump(document.data) for document in loaded.documents]
    return "---\n".join(parts), loaded.documents


class _NoAliasDumper(_Dumper):
    """Shared nodes (from YAML anchors) are written out in full: the canonical form shows values, not sharing."""

    def ignore_aliases(self, data: Any) -> bool:
        return True
