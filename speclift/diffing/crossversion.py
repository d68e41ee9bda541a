"""A v1/v0 spec against its v2 migration: convert the old file in memory, diff the conversion against the new file,
and tell every difference in the old file's own terms.

The converter's provenance maps each field of the conversion back to the field of the old file it came from, so a
difference at ``limits.timeout`` in the new file reads "`maxRunDurationSeconds: 3600` became `limits.timeout: 7200`"
with the old file's line. What the converter itself reported (approximations, fields the new format cannot hold,
silent typos it fixed) is listed as notes: it is what converting gives, not something the two files disagree on.

A conversion with named outputs (an MLproject's job and components, each a file of its own) is compared with the
output that is B, not with all of them; :mod:`speclift.diffing.mlproject` converts the MLproject for B (its entry
point, its format) and tells an input's differences at its parameter's fields.
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple

from speclift import yamlio
from speclift.conversion import Conversion, Provenance
from speclift.diffing import mlproject
from speclift.diffing.engine import (
    ADDED,
    Change,
    DiffOptions,
    DocumentDiff,
    FileDiff,
    Note,
    compare,
    graph_changes,
    identity,
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
    """A holds an old-format spec and B none: B is A's migration. Or A holds a current spec whose upgrade (a
    Polyaxon 1.1 file made ready for 2.x) gives B's type: B is A's upgrade."""
    from speclift.spectypes import detect

    def legacy(document: yamlio.Document, name: str) -> bool:
        spec = detect(document.data, name).spec_type
        return spec is not None and spec.legacy

    if any(legacy(d, name_a) for d in docs_a) and not any(legacy(d, name_b) for d in docs_b):
        return True
    return bool(upgrades(docs_a, docs_b, name_a, name_b))


def upgrades(docs_a: list[yamlio.Document], docs_b: list[yamlio.Document], name_a: str, name_b: str) -> dict[str, dict[str, str]]:
    """The converter options that upgrade A's current specs into B's types (``{"polyaxon/v1/component": {"to":
    "polyaxon-v2"}}``): for each type of A whose upgrade converter targets a type B holds and A does not."""
    from speclift.converters import CONVERTERS
    from speclift.spectypes import detect

    def types(docs: list[yamlio.Document], name: str) -> set[str]:
        return {spec.id for d in docs if (spec := detect(d.data, name).spec_type) is not None and not spec.legacy}

    in_a, in_b = types(docs_a, name_a), types(docs_b, name_b)
    chosen: dict[str, dict[str, str]] = {}
    for spec_id in in_a:
        converter = CONVERTERS.get(spec_id)
        if converter is None or not (set(converter.targets) & (in_b - in_a)):
            continue
        target = converter.options.get("to")
        if target is not None:
            chosen[spec_id] = {"to": str(target.default)}
    return chosen


def diff_cross_version(
    text_a: str, path_a: str, docs_a: list[yamlio.Document], docs_b: list[yamlio.Document], path_b: str, options: DiffOptions
) -> FileDiff:
    from speclift.conversion.engine import convert_text

    name_b = os.path.basename(path_b)
    project = next((d for d in docs_a if mlproject.is_mlproject(d, os.path.basename(path_a))), None)
    given = mlproject.conversion_options(project.data, path_a, docs_b, name_b) if project is not None else {}
    given = {**given, **upgrades(docs_a, docs_b, os.path.basename(path_a), name_b)}
    # Local paths in the conversion are made relative to B's folder, where the migrated file lives.
    converted = convert_text(text_a, path_a, given, output_dir=os.path.dirname(os.path.abspath(path_b)))
    result = FileDiff(path_a, path_b)
    fatal = [f for f in converted.findings if f.code in _FATAL]
    if fatal or not converted.conversions:
        result.findings.extend(fatal or converted.findings)
        return result
    produced = _produced(converted, docs_a, path_a)
    pairs = _pairs(produced, docs_b, name_b)
    by_doc = {id(p.document): p for p in produced}
    kinds = sorted({c.source_type for c in converted.conversions})
    compared = [by_doc[id(a)] for a, b in pairs if a is not None and b is not None and by_doc[id(a)].file]
    # Named outputs are files of their own: the header names only the ones compared with B.
    targets = sorted({p.spec_type for p in compared} or {o.spec_type for c in converted.conversions for o in c.outputs})
    result.cross_version = f"{', '.join(kinds)} -> {', '.join(targets)}"
    findings = converted.findings
    for doc_c, doc_b in pairs:
        if doc_c is None:
            assert doc_b is not None
            marked = graph_changes(None, (doc_b.data, identity(doc_b, name_b)[0]), [])
            result.documents.append(DocumentDiff(label(doc_b, name_b), "added", index_b=doc_b.index, graphs=marked))
            continue
        made = by_doc[id(doc_c)]
        if doc_b is None:
            if not made.suffix:  # an extra output (a separate file when converting) is not expected inside B
                marked = graph_changes((made.document.data, made.spec_type), None, [])
                result.documents.append(DocumentDiff(label(made.source), "removed", index_a=made.source.index, graphs=marked))
            continue
        changes, reordered = compare(doc_c.data, doc_b.data, options, None, doc_b, unordered_lists(doc_b, name_b))
        told = [_tell(change, made, project is not None) for change in changes]
        told = [change for change in told if not _ignored(change, options)]
        marked = graph_changes((made.document.data, made.spec_type), (doc_b.data, identity(doc_b, name_b)[0]), told)
        document = DocumentDiff(label(doc_b, name_b), "matched", told, [], made.source.index, doc_b.index, marked)
        document.notes.extend(_notes(_about(findings, made, project is not None), docs_a, path_a))
        findings = []  # the converter's notes go with the first matched document only
        document.notes.extend(reordered)
        result.documents.append(document)
    return result


class _Produced(NamedTuple):
    """One converted output read back as a document, with what made it and what it is."""

    document: yamlio.Document
    conversion: Conversion
    number: int  # its place among the conversion's outputs (provenance names outputs by it)
    source: yamlio.Document
    suffix: str
    file: str  # a named output's own file name ("" when named after the source)
    spec_type: str


def _produced(converted: ConvertedFile, docs_a: list[yamlio.Document], path_a: str) -> list[_Produced]:
    """Each converted output read back as a document, with its conversion, output number, source and names."""
    source_docs = {d.index: d for d in docs_a}
    produced: list[_Produced] = []
    flat = iter(converted.outputs)
    for conversion in converted.conversions:
        source = _source_document(conversion, converted.findings, source_docs)
        for number, _output in enumerate(conversion.outputs):
            rendered = next(flat)
            loaded = yamlio.load(rendered.text, path_a).documents
            if loaded:
                made = _Produced(loaded[0], conversion, number, source, rendered.suffix, rendered.file, rendered.spec_type)
                produced.append(made)
    return produced


def _pairs(
    produced: list[_Produced], docs_b: list[yamlio.Document], name_b: str
) -> list[tuple[yamlio.Document | None, yamlio.Document | None]]:
    """Main outputs pair with B's documents first (so a renamed job is a change of `name`); extra outputs (a file of
    their own when converting, such as an MLTable) only pair when B holds a document with their identity. Named
    outputs (an MLproject's job and components) are each a file of their own: B's documents pair with theirs."""
    named = [p for p in produced if p.file and not p.suffix]
    if named:
        return _named_pairs(named, docs_b, name_b)
    main = [p.document for p in produced if not p.suffix]
    extra = [p.document for p in produced if p.suffix]
    pairs = pair_documents(main, docs_b, "", name_b)
    left = [b for a, b in pairs if a is None and b is not None]
    if not extra or not left:
        return pairs
    kept = [pair for pair in pairs if pair[0] is not None]
    return kept + [pair for pair in pair_documents(extra, left, "", name_b) if pair[1] is not None]


def _named_pairs(
    named: list[_Produced], docs_b: list[yamlio.Document], name_b: str
) -> list[tuple[yamlio.Document | None, yamlio.Document | None]]:
    """Each of B's documents with the named output it is: the one of B's file name, else of its identity (spec type
    and name), else of its spec type and display name, else the only one left of its spec type. The other outputs
    are other files: not B's, so never reported missing from it."""
    lookup = _Lookup()
    for made in named:
        lookup.add(made, ("file", made.file), ("identity", *identity(made.document, made.file)))
        lookup.add(made, ("shown", made.spec_type, _display_name(made.document)), ("kind", made.spec_type))
    pairs: list[tuple[yamlio.Document | None, yamlio.Document | None]] = []
    for doc_b in docs_b:
        kind, name = identity(doc_b, name_b)
        keys: list[tuple[Any, ...]] = [("file", name_b)] if len(docs_b) == 1 else []
        keys += [("identity", kind, name), ("shown", kind, _display_name(doc_b))]
        found = next((hit for key in keys if (hit := lookup.first(key)) is not None), None)
        if found is None and lookup.left(("kind", kind)) == 1:
            found = lookup.first(("kind", kind))
        if found is not None:
            lookup.take(found)
        pairs.append((None if found is None else found.document, doc_b))
    return pairs


class _Lookup:
    """Outputs by key, each taken once; every look-up costs the same however many outputs and documents there are."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[Any, ...], list[_Produced]] = {}
        self._keys: dict[int, list[tuple[Any, ...]]] = {}
        self._start: dict[tuple[Any, ...], int] = {}  # the items before it are all taken
        self._left: dict[tuple[Any, ...], int] = {}
        self._taken: set[int] = set()

    def add(self, made: _Produced, *keys: tuple[Any, ...]) -> None:
        for key in keys:
            self._by_key.setdefault(key, []).append(made)
            self._keys.setdefault(id(made), []).append(key)
            self._left[key] = self._left.get(key, 0) + 1

    def first(self, key: tuple[Any, ...]) -> _Produced | None:
        items = self._by_key.get(key, [])
        start = self._start.get(key, 0)
        while start < len(items) and id(items[start]) in self._taken:
            start += 1
        self._start[key] = start
        return items[start] if start < len(items) else None

    def left(self, key: tuple[Any, ...]) -> int:
        return self._left.get(key, 0)

    def take(self, made: _Produced) -> None:
        self._taken.add(id(made))
        for key in self._keys[id(made)]:
            self._left[key] -= 1


def _display_name(document: yamlio.Document) -> Any:
    return document.data.get("display_name") if isinstance(document.data, dict) else None


def _source_document(conversion: Conversion, findings: list[Finding], docs: dict[int, yamlio.Document]) -> yamlio.Document:
    for finding in conversion.findings:
        if finding.document in docs:
            return docs[finding.document]
    return next(iter(docs.values()))


def _about(findings: list[Finding], made: _Produced, project: bool) -> list[Finding]:
    """The converter's findings that concern output ``made``: for an MLproject, not those about another entry point."""
    if not project or not findings:
        return findings
    sources = [p.source for p in made.conversion.provenance if p.target is not None and p.output == made.number]
    mine = mlproject.entry_points_of(sources)
    return [finding for finding in findings if not mlproject.other_entry_point(finding.pointer, mine)]


def _notes(findings: list[Finding], docs_a: list[yamlio.Document], path_a: str) -> list[Note]:
    notes = []
    for finding in findings:
        kind = _NOTE_KINDS.get(finding.code)
        if kind is None or finding.path != path_a:
            continue
        document = next((d for d in docs_a if d.index == finding.document), docs_a[0])
        notes.append(Note(kind, pointer_display(document.data, finding.pointer), finding.line, finding.message))
    return notes


def _tell(change: Change, made: _Produced, project: bool) -> Change:
    """The change with the old file's field, value and line, when the conversion's provenance names one. A target
    made of several old fields (`authEnabled` and `tokenAuthEnabled` -> `auth_mode`) names them all. An MLproject's
    input is told at its parameter's field (:mod:`speclift.diffing.mlproject`)."""
    if change.kind == ADDED or change.pointer_a is None:
        return replace(change, line_a=0)
    target, source = change.pointer_a, made.source
    pointers = _source_pointers(target, made.conversion.provenance, made.number)
    if project and not pointers and mlproject.shared_environment(target):
        pointers = _source_pointers(target, made.conversion.provenance, 0)
    if project:
        narrowed = (mlproject.parameter_field(p, target, made.spec_type, made.document.data, source.data) for p in pointers)
        pointers = list(dict.fromkeys(narrowed))
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
