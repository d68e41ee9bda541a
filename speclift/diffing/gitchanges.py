"""``speclift diff --git REF``: every spec file changed between a git revision and the work tree, each diffed.

Reads git only (``git diff --name-status -M``, ``git show REF:path``, ``git ls-files --others``): nothing in the
repository is changed. Paths are reported relative to the repository's top folder, as pull-request tools expect.
"""

from __future__ import annotations

import fnmatch
import io
import os
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from speclift import yamlio
from speclift.diffing import diff_texts
from speclift.diffing.engine import DiffOptions, FileDiff
from speclift.discovery import DEFAULT_INCLUDE


class GitError(Exception):
    """git is missing, the folder is not a repository, or the revision does not exist."""


@dataclass(frozen=True, slots=True)
class ChangedFile:
    status: str  # added | deleted | modified | renamed
    old_path: str | None
    new_path: str | None


def _git(args: Sequence[str], cwd: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {' '.join(args[:2])} failed: {message[0] if message else 'exit ' + str(done.returncode)}")
    return done.stdout


def top_level(cwd: str = ".") -> str:
    """The top folder of the git work tree holding ``cwd``."""
    return _git(["rev-parse", "--show-toplevel"], cwd).decode().strip()


def merge_base(first: str, second: str = "HEAD", cwd: str = ".") -> str:
    """The best common ancestor of two revisions (what ``git diff first...second`` compares ``second`` with)."""
    return _git(["merge-base", first, second], cwd).decode().strip()


def contains(descendant: str, ancestor: str, cwd: str = ".") -> bool:
    """Whether ``ancestor`` is ``descendant`` or in its history (False when either is not in the clone)."""
    try:
        _git(["merge-base", "--is-ancestor", ancestor, descendant], cwd)
    except GitError:
        return False
    return True


def exists_at(ref: str, path: str, cwd: str = ".") -> bool:
    """Whether ``path`` (relative to ``cwd``, or absolute) names a file or folder in revision ``ref``."""
    top = top_level(cwd)
    relative = os.path.relpath(os.path.abspath(os.path.join(cwd, path)), top).replace(os.sep, "/")
    if relative == ".":
        return True
    try:
        _git(["cat-file", "-e", f"{ref}:{relative}"], top)
    except GitError:
        return False
    return True


def changed_files(
    ref: str, paths: Sequence[str] = (), cwd: str = ".", include: Iterable[str] = DEFAULT_INCLUDE
) -> list[ChangedFile]:
    """Files matching ``include`` (file-name patterns) changed between ``ref`` and the work tree, renames detected."""
    top = top_level(cwd)
    _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd)
    scope = [os.path.relpath(os.path.abspath(os.path.join(cwd, p)), top) for p in paths] or ["."]
    # No pathspec for git itself: a rename is only seen when both of its paths are in view; PATHS filter below.
    raw = _git(["diff", "--name-status", "-M", "-z", ref], top).decode("utf-8", "surrogateescape")
    fields = raw.split("\0")
    found: list[ChangedFile] = []
    i = 0
    while i < len(fields) and fields[i]:
        code = fields[i][0]
        if code in "RC":
            old, new = fields[i + 1], fields[i + 2]
            i += 3
            found.append(ChangedFile("renamed" if code == "R" else "added", old if code == "R" else None, new))
            continue
        path = fields[i + 1]
        i += 2
        status = {"A": "added", "D": "deleted"}.get(code, "modified")
        found.append(ChangedFile(status, None if status == "added" else path, None if status == "deleted" else path))
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z", "--", *scope], top).decode("utf-8", "surrogateescape")
    found.extend(ChangedFile("added", None, path) for path in untracked.split("\0") if path)
    patterns = tuple(include)

    def in_scope(path: str) -> bool:
        return any(s in (".", "") or path == s or path.startswith(s.rstrip("/") + "/") for s in scope)

    def wanted(change: ChangedFile) -> bool:
        if not any(in_scope(p) for p in (change.old_path, change.new_path) if p):
            return False
        return any(
            fnmatch.fnmatch(os.path.basename(p), pattern) for p in (change.old_path, change.new_path) if p for pattern in patterns
        )

    return sorted((c for c in found if wanted(c)), key=lambda c: c.new_path or c.old_path or "")


def diff_git(
    ref: str,
    paths: Sequence[str] = (),
    options: DiffOptions | None = None,
    cwd: str = ".",
    include: Iterable[str] = DEFAULT_INCLUDE,
) -> list[FileDiff]:
    """A :class:`FileDiff` per changed spec file (files that are no spec on either side are left out)."""
    options = options or DiffOptions()
    top = top_level(cwd)
    results: list[FileDiff] = []
    for change in changed_files(ref, paths, cwd, include):
        old_text = new_text = None
        findings = []
        try:
            if change.old_path is not None:
                blob = io.BytesIO(_git(["show", f"{ref}:{change.old_path}"], top))
                old_text = yamlio.read_stream(blob, f"{ref}:{change.old_path}", options.limits)
            if change.new_path is not None:
                new_text = yamlio.read_file(os.path.join(top, change.new_path), options.limits)
        except yamlio.LoadError as exc:
            findings.append(exc.finding)
        path_a = change.old_path or change.new_path or ""
        path_b = change.new_path or change.old_path or ""
        if findings:
            results.append(FileDiff(path_a, path_b, change.status, findings=findings))
            continue
        if not (_is_spec(old_text, path_a, options.limits) or _is_spec(new_text, path_b, options.limits)):
            continue
        results.append(diff_texts(old_text, new_text, path_a, path_b, options, change.status))
    return results


def _is_spec(text: str | None, path: str, limits: yamlio.Limits) -> bool:
    """True when some document is a spec, or when the text cannot be read (that is worth reporting)."""
    if text is None:
        return False
    from speclift.spectypes import detect

    loaded = yamlio.load(text, path, limits)
    if loaded.findings and not loaded.documents:
        return True
    return any(detect(document.data, os.path.basename(path)).spec_type is not None for document in loaded.documents)
