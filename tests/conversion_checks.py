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


def stage_named_files(root: Path) -> list[Path]:
    """Create, under ``root`` (a copy of corpus files), every local file and folder the converted outputs name that
    the copy lacks: the scripts, conda files and code folders of the repositories the files came from, which the
    corpus does not hold. Returns what was created; each is empty (only its existence matters to conversion)."""
    from speclift.conversion.local_files import missing_files

    made: list[Path] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        converted = convert_file(str(path))
        for conversion in converted.conversions:
            for output in conversion.outputs:
                for missing in missing_files(output.data, output.spec_type, str(path.parent), (str(root),)):
                    target = Path(missing.resolved)
                    if missing.outside or target.exists():
                        continue
                    if missing.what == "code path":
                        target.mkdir(parents=True)
                    else:
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_text("")
                    made.append(target)
    return made
