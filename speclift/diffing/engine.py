"""The keyed structural diff: two loaded files in, :class:`Change` values with paths and lines out.

Mappings are compared key by key, lists by identity (:mod:`speclift.diffing.identity`) or else by position, scalars
by their loaded value and type (:mod:`speclift.diffing.normalise`). Documents of a multi-document file are matched by
spec type and name, never by their place in the file.

A list the document's spec type declares unordered (``SpecType.unordered``: Polyaxon v1 inputs, outputs and DAG
operations) is a set: when its items are matched by identity, items in another order are one ``reordered`` note, not
``moved`` differences (``DiffOptions.strict_order`` counts them as before). A list without identities, or one the
spec type does not declare, keeps its order: init containers, ``args`` and ``command`` run in the order written.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from speclift import spectypes, yamlio
from speclift.diffing.identity import IdentityRules, pointer_matches
from speclift.diffing.normalise import same
from speclift.findings import Finding
from speclift.graphs import MarkedGraph, Touched, graphs
from speclift.graphs import compare as compare_graphs
from speclift.pointer import escape
from speclift.spectypes.studio_classic import EXPERIMENT
from speclift.studio.conceal import concealed
from speclift.yamlio import Document

STUDIO_EXPERIMENT = EXPERIMENT.id

ADDED, REMOVED, CHANGED, MOVED = "added", "removed", "changed", "moved"
REORDERED = "reordered"  # the note for items of an unordered list in another order


@dataclass(frozen=True, slots=True)
class Change:
    """One difference. ``path`` reads like ``run.container.env[name=LR].value``; the pointers are real JSON pointers
    into each side's document (None on the side where the node does not exist); lines are 1-based (0: unknown).
    An added node's ``line_a`` (a removed node's ``line_b``) is the line of its parent on the side that lacks it:
    where it would have been. For ``moved`` the values are the item's old and new positions. Cross-version changes also name the old file's
    own field (``source``) and its value there."""

    kind: str
    path: str
    pointer_a: str | None
    pointer_b: str | None
    old: Any = None
    new: Any = None
    line_a: int = 0
    line_b: int = 0
    source: str | None = None
    source_value: Any = None


@dataclass(frozen=True, slots=True)
class Note:
    """Something a reader should know that is not a difference: an approximation or a field the conversion dropped
    (``source`` is then the old file's field and ``line`` its line in A), or a set whose items are in another order."""

    kind: str
    source: str
    line: int
    message: str


@dataclass(slots=True)
class DocumentDiff:
    label: str  # "azureml/v2/command-job train", "document 2"
    status: str  # "matched", "added" or "removed"
    changes: list[Change] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    index_a: int | None = None
    index_b: int | None = None
    graphs: list[MarkedGraph] = field(default_factory=list)  # its pipelines, marked with what changed


@dataclass(slots=True)
class FileDiff:
    path_a: str
    path_b: str
    status: str = "modified"  # modified | added | deleted | renamed
    documents: list[DocumentDiff] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    cross_version: str | None = None  # "polyaxon/v0/polyaxonfile -> polyaxon/v1/component" when A was converted

    @property
    def changes(self) -> list[Change]:
        return [change for document in self.documents for change in document.changes]

    @property
    def different(self) -> bool:
        return any(document.changes or document.status != "matched" for document in self.documents)


@dataclass(frozen=True, slots=True)
class DiffOptions:
    identity: IdentityRules = field(default_factory=IdentityRules)
    ignore: tuple[str, ...] = ()
    strict_order: bool = False  # a reorder of an unordered list's items is a difference too (`--strict-order`)
    limits: yamlio.Limits = yamlio.DEFAULT_LIMITS  # what a file may cost to read (`max-file-size`), as in validate


def display_key(key: str) -> str:
    return f".{key}" if _SIMPLE_KEY.match(key) else f'["{key}"]'


_SIMPLE_KEY = re.compile(r"^[A-Za-z_$][\w$-]*$")


def display(pointer_tokens: Iterable[str]) -> str:
    """``run.container.args[0]`` from already-rendered steps (``.run``, ``[0]``)."""
    return "".join(pointer_tokens).lstrip(".") or "(document)"


class _Walker:
    def __init__(self, a: Document | None, b: Document | None, options: DiffOptions, unordered: tuple[str, ...]) -> None:
        self.a, self.b, self.options = a, b, options
        self.changes: list[Change] = []
        self.notes: list[Note] = []
        self._ignore = [compile_pattern(pattern) for pattern in options.ignore]
        self._unordered = () if options.strict_order else unordered

    def is_set(self, pointer_a: str, pointer_b: str) -> bool:
        """Whether the list at these pointers is one whose order means nothing to the spec type."""
        return any(pointer_matches(pattern, p) for pattern in self._unordered for p in (pointer_a, pointer_b))

    def line_a(self, pointer: str | None) -> int:
        return self.a.position(pointer, prefer_key=True)[0] if self.a is not None and pointer is not None else 0

    def line_b(self, pointer: str | None) -> int:
        return self.b.position(pointer, prefer_key=True)[0] if self.b is not None and pointer is not None else 0

    def ignored(self, path: str, pointer_a: str | None, pointer_b: str | None) -> bool:
        for kind, pattern in self._ignore:
            if kind == "pointer":
                if any(p is not None and pointer_matches(pattern, p) for p in (pointer_a, pointer_b)):
                    return True
            elif re.fullmatch(pattern, path):
                return True
        return False

    def add(self, kind: str, steps: list[str], pa: str | None, pb: str | None, old: Any = None, new: Any = None) -> None:
        self.changes.append(Change(kind, display(steps), pa, pb, old, new, self.line_a(pa), self.line_b(pb)))

    def added(self, steps: list[str], parent_a: str, pb: str, value: Any) -> None:
        if not self.ignored(display(steps), None, pb):
            self.changes.append(Change(ADDED, display(steps), None, pb, None, value, self.line_a(parent_a), self.line_b(pb)))

    def removed(self, steps: list[str], pa: str, parent_b: str, value: Any) -> None:
        if not self.ignored(display(steps), pa, None):
            self.changes.append(Change(REMOVED, display(steps), pa, None, value, None, self.line_a(pa), self.line_b(parent_b)))

    def walk(self, a: Any, b: Any, pa: str, pb: str, steps: list[str]) -> None:
        path = display(steps)
        if steps and self.ignored(path, pa, pb):
            return
        if isinstance(a, dict) and isinstance(b, dict):
            for key, value in a.items():
                child = [*steps, display_key(key)]
                ca, cb = f"{pa}/{escape(key)}", f"{pb}/{escape(key)}"
                if key in b:
                    self.walk(value, b[key], ca, cb, child)
                else:
                    self.removed(child, ca, pb, value)
            for key, value in b.items():
                if key not in a:
                    child = [*steps, display_key(key)]
                    self.added(child, pa, f"{pb}/{escape(key)}", value)
        elif isinstance(a, list) and isinstance(b, list):
            keys = self.options.identity.keys(pa, a, b)
            if keys is None:
                self._positional(a, b, pa, pb, steps)
            else:
                self._keyed(a, b, pa, pb, steps, *keys)
        elif not same(a, b):
            self.add(CHANGED, steps, pa, pb, old=a, new=b)

    def _positional(self, a: list[Any], b: list[Any], pa: str, pb: str, steps: list[str]) -> None:
        for index in range(max(len(a), len(b))):
            child = [*steps, f"[{index}]"]
            ca, cb = f"{pa}/{index}", f"{pb}/{index}"
            if index < len(a) and index < len(b):
                self.walk(a[index], b[index], ca, cb, child)
            elif index < len(a):
                self.removed(child, ca, pb, a[index])
            else:
                self.added(child, pa, cb, b[index])

    def _keyed(
        self, a: list[Any], b: list[Any], pa: str, pb: str, steps: list[str], keys_a: list[str], keys_b: list[str]
    ) -> None:
        where_b = {key: index for index, key in enumerate(keys_b)}
        where_a = {key: index for index, key in enumerate(keys_a)}
        common_a = [key for key in keys_a if key in where_b]
        common_b = [key for key in keys_b if key in where_a]
        in_order: set[str] = set()
        for block in difflib.SequenceMatcher(None, common_a, common_b, autojunk=False).get_matching_blocks():
            in_order.update(common_a[block.a : block.a + block.size])
        as_set = self.is_set(pa, pb)
        reordered: list[str] = []
        for index, key in enumerate(keys_a):
            child = [*steps, f"[{key}]"]
            ca = f"{pa}/{index}"
            if key not in where_b:
                self.removed(child, ca, pb, a[index])
                continue
            cb = f"{pb}/{where_b[key]}"
            if self.ignored(display(child), ca, cb):
                continue
            if key not in in_order and as_set:
                reordered.append(key)
            elif key not in in_order:
                self.add(MOVED, child, ca, cb, old=index, new=where_b[key])
            self.walk(a[index], b[where_b[key]], ca, cb, child)
        for index, key in enumerate(keys_b):
            if key not in where_a:
                self.added([*steps, f"[{key}]"], pa, f"{pb}/{index}", b[index])
        if reordered:
            self.notes.append(Note(REORDERED, display(steps), self.line_a(pa), _reordered_message(reordered)))


def _reordered_message(keys: list[str], shown: int = 5) -> str:
    """The items ``--strict-order`` would report as moved, the first few by name."""
    more = f" and {len(keys) - shown} more" if len(keys) > shown else ""
    return f"{', '.join(keys[:shown])}{more} changed place; the order of this list means nothing to the platform"


def compile_pattern(pattern: str) -> tuple[str, str]:
    """``/jobs/*/compute`` is a pointer pattern; anything else (``tags.*``, ``jobs.train.compute``) a path glob."""
    if pattern.startswith("/"):
        return "pointer", pattern
    regex = re.escape(pattern).replace(r"\*\*", ".*").replace(r"\*", ".*").replace(r"\?", ".")
    return "path", f"{regex}(?:[.\\[].*)?"


def diff_data(a: Any, b: Any, options: DiffOptions, doc_a: Document | None = None, doc_b: Document | None = None) -> list[Change]:
    """Changes from ``a`` to ``b`` (plain loaded data), every list in order; lines come from the documents when given."""
    return compare(a, b, options, doc_a, doc_b)[0]


def compare(
    a: Any,
    b: Any,
    options: DiffOptions,
    doc_a: Document | None = None,
    doc_b: Document | None = None,
    unordered: tuple[str, ...] = (),
) -> tuple[list[Change], list[Note]]:
    """Changes from ``a`` to ``b`` and the notes on sets whose items are in another order. ``unordered``: pointer
    patterns of the lists whose order means nothing (:func:`unordered_lists`)."""
    walker = _Walker(doc_a, doc_b, options, unordered)
    walker.walk(a, b, "", "", [])
    return walker.changes, walker.notes


def unordered_lists(document: Document, filename: str = "") -> tuple[str, ...]:
    """The lists ``document``'s spec type declares unordered (none when it is no known spec)."""
    spec = spectypes.detect(document.data, filename).spec_type
    return spec.unordered if spec is not None else ()


def identity(document: Document, filename: str = "") -> tuple[str, str | None]:
    """A document's identity in a multi-document file: its spec type and its name."""
    detection = spectypes.detect(document.data, filename)
    kind = detection.spec_type.id if detection.spec_type is not None else ""
    name = document.data.get("name") if isinstance(document.data, dict) else None
    return kind, str(name) if isinstance(name, (str, int, float)) and not isinstance(name, bool) else None


def label(document: Document, filename: str = "") -> str:
    kind, name = identity(document, filename)
    parts = [part for part in (kind, name) if part]
    return " ".join(parts) if parts else f"document {document.index + 1}"


def pair_documents(
    docs_a: list[Document], docs_b: list[Document], name_a: str = "", name_b: str = ""
) -> list[tuple[Document | None, Document | None]]:
    """Documents matched by (spec type, name); equal identities pair in order. Two single-document files always
    pair: renaming the only job in a file is a change of its `name`, not a new document."""
    if len(docs_a) == 1 and len(docs_b) == 1:
        return [(docs_a[0], docs_b[0])]
    pending: dict[tuple[str, str | None], list[Document]] = {}
    for document in docs_b:
        pending.setdefault(identity(document, name_b), []).append(document)
    pairs: list[tuple[Document | None, Document | None]] = []
    for document in docs_a:
        candidates = pending.get(identity(document, name_a))
        pairs.append((document, candidates.pop(0) if candidates else None))
    matched = {id(b) for _, b in pairs if b is not None}
    pairs.extend((None, document) for document in docs_b if id(document) not in matched)
    return pairs


def _shown(document: Document, filename: str) -> Any:
    """What a diff may quote of a document: a Studio (classic) graph without its run state and credentials."""
    if identity(document, filename)[0] == STUDIO_EXPERIMENT:
        return concealed(document.data)
    return document.data


def diff_documents(
    docs_a: list[Document], docs_b: list[Document], options: DiffOptions, name_a: str = "", name_b: str = ""
) -> list[DocumentDiff]:
    results: list[DocumentDiff] = []
    for doc_a, doc_b in pair_documents(docs_a, docs_b, name_a, name_b):
        if doc_a is not None and doc_b is not None:
            unordered = unordered_lists(doc_b, name_b) or unordered_lists(doc_a, name_a)
            data_a, data_b = _shown(doc_a, name_a), _shown(doc_b, name_b)
            changes, notes = compare(data_a, data_b, options, doc_a, doc_b, unordered)
            marked = graph_changes((doc_a.data, identity(doc_a, name_a)[0]), (doc_b.data, identity(doc_b, name_b)[0]), changes)
            results.append(DocumentDiff(label(doc_b, name_b), "matched", changes, notes, doc_a.index, doc_b.index, marked))
        elif doc_a is not None:
            marked = graph_changes((doc_a.data, identity(doc_a, name_a)[0]), None, [])
            results.append(DocumentDiff(label(doc_a, name_a), "removed", index_a=doc_a.index, graphs=marked))
        elif doc_b is not None:
            marked = graph_changes(None, (doc_b.data, identity(doc_b, name_b)[0]), [])
            results.append(DocumentDiff(label(doc_b, name_b), "added", index_b=doc_b.index, graphs=marked))
    return results


def graph_changes(a: tuple[Any, str] | None, b: tuple[Any, str] | None, changes: Iterable[Change]) -> list[MarkedGraph]:
    """The pipeline graphs of B's document (data, spec type) marked against A's: a side that is None has none, so
    a document only one side has is all added or all removed; a node inside which a change lies is changed."""
    found_a = graphs(*a) if a is not None else []
    found_b = graphs(*b) if b is not None else []
    if not found_a and not found_b:
        return []
    touched = Touched()
    for change in changes:  # a node added, removed or moved is marked as such, not as changed
        touched.add(change.pointer_a, change.pointer_b, itself=change.kind == CHANGED)
    return compare_graphs(found_a, found_b, touched)
