"""Semantic diff of ML job specs: what changed for the platform, not for the text.

    from speclift.diffing import diff_texts
    result = diff_texts(old_text, new_text, "job.yml", "job.yml")
    for change in result.changes:
        print(change.kind, change.path, change.old, change.new, change.line_a, change.line_b)

(a, b) -> load (positions kept) -> if A is an old-format spec and B a current one: convert A in memory
       -> pair documents by spec type and name -> keyed structural diff -> changes with paths and lines.
"""

from __future__ import annotations

from speclift import yamlio
from speclift.diffing.engine import Change, DiffOptions, DocumentDiff, FileDiff, Note, diff_documents
from speclift.diffing.identity import IdentityRules
from speclift.findings import Severity

__all__ = ["Change", "DiffOptions", "DocumentDiff", "FileDiff", "IdentityRules", "Note", "diff_files", "diff_texts"]


def diff_texts(
    text_a: str | None, text_b: str | None, path_a: str, path_b: str, options: DiffOptions | None = None, status: str = "modified"
) -> FileDiff:
    """Diff two texts; ``None`` stands for a file that does not exist on that side (added or deleted)."""
    import os

    options = options or DiffOptions()
    result = FileDiff(path_a, path_b, status)
    docs: list[list[yamlio.Document]] = []
    for text, path in ((text_a, path_a), (text_b, path_b)):
        if text is None:
            docs.append([])
            continue
        loaded = yamlio.load(text, path, options.limits)
        errors = [f for f in loaded.findings if f.severity == Severity.ERROR]
        if errors:
            result.findings.extend(errors)
        docs.append(loaded.documents)
    if result.findings:
        return result
    docs_a, docs_b = docs
    name_a, name_b = os.path.basename(path_a), os.path.basename(path_b)
    if text_a is not None and docs_b:
        from speclift.diffing.crossversion import diff_cross_version, is_cross_version

        if is_cross_version(docs_a, docs_b, name_a, name_b):
            crossed = diff_cross_version(text_a, path_a, docs_a, docs_b, path_b, options)
            crossed.status = status
            return crossed
    result.documents = diff_documents(docs_a, docs_b, options, name_a, name_b)
    return result


def diff_files(path_a: str, path_b: str, options: DiffOptions | None = None) -> FileDiff:
    """Diff two files on disk; an unreadable file gives a located finding in the result, never an exception."""
    limits = (options or DiffOptions()).limits
    texts: list[str | None] = []
    for path in (path_a, path_b):
        try:
            texts.append(yamlio.read_file(path, limits))
        except yamlio.LoadError as exc:
            return FileDiff(path_a, path_b, findings=[exc.finding])
    return diff_texts(texts[0], texts[1], path_a, path_b, options)
