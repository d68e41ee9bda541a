"""A v1/v0 spec against its v2 migration: convert the old file in memory, diff the conversion against the new file,
and tell every difference in the old file's own terms.

The converter's provenance maps each field of the conversion back to the field of the old file it came from, so a
difference at ``limits.timeout`` in the new file reads "`maxRunDurationSeconds: 3600` became `limits.timeout: 7200`"
with the old file's line. What the converter itself reported (approximations, fields the new format cannot hold,
silent typos it fixed) is listed as notes: it is what converting gives, not something the two files disagree on.
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from speclift import yamlio
from speclift.conversion import Conversion, Provenance
from speclift.diffing.engine import (
    ADDED,
    Change,
    DiffOptions,
    DocumentDiff,
    FileDiff,
    Note,
    compare,
    label,
    pair_documents,
    unordered_lists,
)
from speclift.findings import Finding
from speclift.pointer import find, tokens, within

if TYPE_CHECKING:
    from speclift.conversion.engine import ConvertedFile

_NOTE_KINDS = {"SL401": "approximated", "SL402": "dropped", "SL409": "fixed"}
_FATAL = {"SL001", "SL002", "SL003", "SL404", "SL405", "SL407"}


def is_cross_version(docs_a: list[yamlio.Document], docs_b: list[yamlio.Document], name_a: str, name_b: str) -> bool:
    """A holds an old-format spec and B none: B is A's migration."""
    from speclift.spectypes import detect

    def legacy(document: yamlio.Document, name: str) -> bool:
        spec = detect(document.data, name).spec_type
        return spec is not None and spec.legacy

    return any(legacy(d, name_a) for d in docs_a) and not any(legacy(d, name_b) for d in docs_b)


def diff_cross_version(
    text_a: str, path_a: str, docs_a: list[yamlio.Document], docs_b: list[yamlio.Document], path_b: str, options: DiffOptions
) -> FileDiff:
    from speclift.conversion.engine import convert_text

    # Local paths in the conversion are made relative to B's folder, where the migrated file lives.
    converted = convert_text(text_a, path_a, output_dir=os.path.dirname(os.path.abspath(path_b)))
    result = FileDiff(path_a, path_b)
    fatal = [f for f in converted.findings if f.code in _FATAL]
    if fatal or not converted.conversions:
        result.findings.extend(fatal or converted.findings)
        return result
    produced = _produced(converted, docs_a, path_a)
    kinds = sorted({c.source_type for c in converted.conversions})
    targets = sorted({o.spec_type for c in converted.conversions for o in c.outputs})
    result.cross_version = f"{', '.join(kinds)} -> {', '.join(targets)}"
    by_doc = {id(p[0]): p for p in produced}
    name_b = os.path.basename(path_b)
    notes = _notes(converted.findings, docs_a, path_a)
    for doc_c, doc_b in _pairs(produced, docs_b, name_b):
        if doc_c is None:
            assert doc_b is not None
            result.documents.append(DocumentDiff(label(doc_b, name_b), "added", index_b=doc_b.index))
            continue
        _, conversion, number, source, suffix = by_doc[id(doc_c)]
        if doc_b is None:
            if not suffix:  # an extra output (a separate file when converting) is not expected inside B
                result.documents.append(DocumentDiff(label(source), "removed", index_a=source.index))
            continue
        changes, reordered = compare(doc_c.data, doc_b.data, options, None, doc_b, unordered_lists(doc_b, name_b))
        told = [_tell(change, conversion, number, source) for change in changes]
        told = [change for change in told if not _ignored(change, options)]
        document = DocumentDiff(label(doc_b, name_b), "matched", told, index_a=source.index, index_b=doc_b.index)
        document.notes.extend(notes)  # the converter's notes go with the first matched document only
        notes = []
        document.notes.extend(reordered)
        result.documents.append(document)
    return result


_Produced = tuple[yamlio.Document, Conversion, int, yamlio.Document, str]


def _produced(converted: ConvertedFile, docs_a: list[yamlio.Document], path_a: str) -> list[_Produced]:
    """Each converted output read back as a document, with its conversion, output number, source and suffix."""
    source_docs = {d.index: d for d in docs_a}
    produced: list[_Produced] = []
    flat = iter(converted.outputs)
    for conversion in converted.conversions:
        source = _source_document(conversion, converted.findings, source_docs)
        for number, _output in enumerate(conversion.outputs):
            rendered = next(flat)
            loaded = yamlio.load(rendered.text, path_a).documents
            if loaded:
                produced.append((loaded[0], conversion, number, source, rendered.suffix))
    return produced


def _pairs(
    produced: list[_Produced], docs_b: list[yamlio.Document], name_b: str
) -> list[tuple[yamlio.Document | None, yamlio.Document | None]]:
    """Main outputs pair with B's documents first (so a renamed job is a change of `name`); extra outputs (a file of
    their own when converting, such as an MLTable) only pair when B holds a document with their identity."""
    main = [p[0] for p in produced if not p[4]]
    extra = [p[0] for p in produced if p[4]]
    pairs = pair_documents(main, docs_b, "", name_b)
    left = [b for a, b in pairs if a is None and b is not None]
    if not extra or not left:
        return pairs
    kept = [pair for pair in pairs if pair[0] is not None]
    return kept + [pair for pair in pair_documents(extra, left, "", name_b) if pair[1] is not None]


def _source_document(conversion: Conversion, findings: list[Finding], docs: dict[int, yamlio.Document]) -> yamlio.Document:
    for finding in conversion.findings:
        if finding.document in docs:
            return docs[finding.document]
    return next(iter(docs.values()))


def _notes(findings: list[Finding], docs_a: list[yamlio.Document], path_a: str) -> list[Note]:
    notes = []
    for finding in findings:
        kind = _NOTE_KINDS.get(finding.code)
        if kind is None or finding.path != path_a:
            continue
        document = next((d for d in docs_a if d.index == finding.document), docs_a[0])
        notes.append(Note(kind, pointer_display(document.data, finding.pointer), finding.line, finding.message))
    return notes


def _tell(change: Change, conversion: Conversion, output: int, source: yamlio.Document) -> Change:
    """The change with the old file's field, value and line, when the conversion's provenance names one. A target
    made of several old fields (`authEnabled` and `tokenAuthEnabled` -> `auth_mode`) names them all."""
    if change.kind == ADDED or change.pointer_a is None:
        return replace(change, line_a=0)
    pointers = _source_pointers(change.pointer_a, conversion.provenance, output)
    if not pointers:
        return replace(change, line_a=0, source="(set by the conversion)")
    names = [pointer_display(source.data, pointer) for pointer in pointers]
    values = [value_at(source.data, pointer) for pointer in pointers]
    return replace(
        change,
        source=", ".join(names),
        source_value=values[0] if len(values) == 1 else dict(zip(names, values, strict=True)),
        line_a=source.position(pointers[0], prefer_key=True)[0],
    )


def _source_pointers(target: str, provenance: list[Provenance], output: int) -> list[str]:
    entries = [p for p in provenance if p.target is not None and p.output == output]
    covering = [p for p in entries if p.target is not None and within(target, p.target)]
    if covering:
        longest = max(len(p.target or "") for p in covering)
        found: list[str] = []
        for entry in covering:
            if len(entry.target or "") != longest:
                continue
            rest = target[longest:]
            pointer = entry.source + rest if rest and entry.fate.value == "mapped" else entry.source
            if pointer not in found:
                found.append(pointer)
        return found
    inside = [p.source for p in entries if p.target is not None and p.target.startswith(target + "/")]
    return [_common_prefix(inside)] if inside else []


def _common_prefix(pointers: list[str]) -> str:
    split = [p.split("/") for p in pointers]
    common: list[str] = []
    for column in zip(*split, strict=False):
        if any(t != column[0] for t in column):
            break
        common.append(column[0])
    return "/".join(common)


def _ignored(change: Change, options: DiffOptions) -> bool:
    if change.source is None:
        return False
    import re

    from speclift.diffing.engine import compile_pattern

    for pattern in options.ignore:
        kind, compiled = compile_pattern(pattern)
        if kind == "path" and re.fullmatch(compiled, change.source):
            return True
    return False


def value_at(data: Any, pointer: str) -> Any:
    return find(data, pointer)


def pointer_display(data: Any, pointer: str) -> str:
    """``/environment/resources/0`` as ``environment.resources[0]``, reading the data to tell keys from indices."""
    from speclift.diffing.engine import display, display_key

    steps: list[str] = []
    node = data
    for token in tokens(pointer):
        if isinstance(node, list) and token.isdigit():
            steps.append(f"[{token}]")
            node = node[int(token)] if int(token) < len(node) else None
        else:
            steps.append(display_key(token))
            node = node.get(token) if isinstance(node, dict) else None
    return display(steps)
