"""The output being written and where each of its parts came from, for the deployment-config converter's steps."""

from __future__ import annotations

from typing import Any

from speclift.conversion import ConversionBuilder
from speclift.conversion.builder import Origins
from speclift.conversion.result import Fate
from speclift.pointer import escape, find, tokens


class Draft:
    """The 2.x config as it is built (``out``), the 1.x one it comes from (``source``) and the pen.

    Pointers of ``out`` map back to the user's through ``origins`` (a subtree moved as a whole needs one entry), so a
    later step (removed keys, strict types) can report at the user's own line whatever moved where."""

    def __init__(self, builder: ConversionBuilder, source: dict[str, Any]) -> None:
        self.builder = builder
        self.source = source
        self.out: dict[str, Any] = {}
        self.origins = Origins()
        self.coerced: set[str] = set()  # output pointers whose type was changed (each once)

    def origin(self, pointer: str) -> str:
        return self.origins.origin(pointer)

    def put(self, target: str, value: Any, source: str, fate: Fate = Fate.MAPPED, note: str = "") -> None:
        """Write ``value`` at ``target`` (its parents created as mappings) as what became of ``source``."""
        parts = tokens(target)
        node = self.out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
        self.origins[target] = source
        self.builder.record(source, fate, target, note=note)

    def remove(self, target: str) -> Any:
        """Take the value at ``target`` out of the output (it must exist)."""
        parts = tokens(target)
        parent = find(self.out, "/" + "/".join(escape(p) for p in parts[:-1])) if len(parts) > 1 else self.out
        return parent.pop(parts[-1])

    def drop(self, target: str, message: str, *, hint: str | None = None, code: str = "SL402") -> None:
        """Leave the output's ``target`` out again, reported at the user's field (SL402 unless told otherwise)."""
        source = self.origin(target)
        self.remove(target)
        provenance = self.builder.conversion.provenance  # what said it went there no longer holds
        provenance[:] = [p for p in provenance if not (p.source == source and p.target == target)]
        self.builder.dropped(source, message, code=code, hint=hint)
