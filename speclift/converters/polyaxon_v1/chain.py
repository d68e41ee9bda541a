"""The upgrade applied to a converter's output: the 1.1 data it wrote becomes the 2.x data, and every change is
reported at the line of the source that produced it (the ``polyaxon-v1`` converter's source is the 1.1 file itself;
the v0 converter's is the v0 file, reached through its provenance)."""

from __future__ import annotations

from speclift.conversion import ConversionBuilder, Fate, Provenance
from speclift.converters.polyaxon_v1.upgrade import upgrade
from speclift.pointer import exists, within


def upgrade_output(builder: ConversionBuilder, index: int) -> bool:
    """Upgrade output ``index`` of ``builder`` in place (spec type and data); False when 2.x reads it as it is (the
    output then only takes the 2.x type, which checks it as 2.x reads it)."""
    output = builder.conversion.outputs[index]
    result = upgrade(output.data)
    output.spec_type = "polyaxon/v2/" + ("operation" if output.data.get("kind") == "operation" else "component")
    if not result.needed:
        return False
    provenance = list(builder.conversion.provenance)
    for change in result.changes:
        source = _source(provenance, index, change.pointer, builder)
        message = f"{change.problem}: {change.action}"
        if change.code == "":
            builder.mapped(source, str(change.target), output=index)
        elif change.code == "SL409":
            builder.transformed(source, str(change.target), change.action, output=index)
            builder.finding("SL409", message, source, hint=change.hint)
        elif change.code == "SL401":
            builder.approximated(source, change.target, message, hint=change.hint, output=index)
        elif change.code == "SL402":
            builder.dropped(source, message, hint=change.hint)
        else:
            builder.record(source, Fate.DROPPED, note=message)
            builder.finding("SL404", message, source, hint=change.hint)
    output.data = result.data
    return True


def _source(provenance: list[Provenance], index: int, pointer: str, builder: ConversionBuilder) -> str:
    """The source pointer that produced ``pointer`` of output ``index``: through the entry with the longest target
    holding it, to the same place below that entry's source when the source has it, else to the entry's source."""
    best: Provenance | None = None
    for entry in provenance:
        if entry.output != index or entry.target is None or not within(pointer, entry.target):
            continue
        if best is None or len(entry.target) > len(best.target or ""):
            best = entry
    if best is None or best.target is None:
        return ""
    below = best.source + pointer[len(best.target) :]
    return below if exists(builder.source.data, below) else best.source
