"""The guarantees every converter owes on every real file, checked the same way for each source format."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from speclift.conversion.engine import ConvertedFile, convert_file, convert_text


def guarantee_problems(path: Path, options: Mapping[str, Mapping[str, Any]], output_dir: str | None = None) -> list[str]:
    """What breaks the guarantees for one source file; an empty list when all hold.

    A file that cannot be converted says why (SL404) and produces nothing. Otherwise every leaf is accounted for (no
    SL405), every output validates (no SL406), nothing crashes (no SL009), converting twice gives identical bytes, and
    converting an output again is a no-op that says so (SL403). Companion files (an MLTable) are not specs.
    """
    first = convert_file(str(path), options, output_dir)
    codes = [f.code for f in first.findings]
    if "SL404" in codes:
        problems = [f"{path.name}: SL404 with outputs"] if first.outputs else []
        if not all(f.message for f in first.findings if f.code == "SL404"):
            problems.append(f"{path.name}: SL404 without a message")
        return problems
    problems = [f"{path.name}: {f.code} {f.pointer} {f.message}" for f in first.findings if f.code in ("SL405", "SL406", "SL009")]
    if not first.outputs:
        return [*problems, f"{path.name}: no output and no SL404"]
    second = convert_file(str(path), options, output_dir)
    if _texts(first) != _texts(second):
        problems.append(f"{path.name}: converting twice differs")
    for output, produced in zip(first.outputs, first.conversions[0].outputs, strict=False):
        if produced.file:
            continue
        again = convert_text(output.text, "output.yml")
        if [f.code for f in again.findings] != ["SL403"] or again.outputs:
            problems.append(f"{path.name}: the {output.suffix or 'main'} output is not recognised as current")
    return problems


def _texts(result: ConvertedFile) -> list[str]:
    return [o.text for o in result.outputs]
