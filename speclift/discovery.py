"""Expanding the paths a user names into the files to check.

Directories are walked recursively, dot-folders included (`.azureml/` is where `az ml folder attach` put run
configurations, `.pipelines/` where many teams keep pipeline YAML); version control, virtual environments (any folder
holding a ``pyvenv.cfg`` or ``conda-meta``), caches, editor settings and, inside a git work tree, git-ignored files
are skipped, each skipped folder told as a note (``-v``). A walk never leaves the folder it was given: a symbolic link (to a folder or a file) is followed
only when it resolves inside that folder (a loop is reported once, not followed again); one that leads elsewhere is
reported as a note and not followed, as black does, because a tree's links are its author's to choose and what they
point at may be anything on the machine. A path named on the command line is read wherever it leads.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from speclift import codes
from speclift.findings import Finding, Severity

DEFAULT_INCLUDE = (
    "*.yml",
    "*.yaml",
    "*.runconfig",
    "[Mm][Ll][Pp][Rr][Oo][Jj][Ee][Cc][Tt]",
)  # the last: MLflow's MLproject, any case
# Folder name -> why it is not walked (what it holds is never a spec of the project's own).
_SKIPPED_DIRS = {
    **dict.fromkeys((".git", ".hg", ".svn", ".bzr", ".jj"), "version control"),
    **dict.fromkeys(("venv", ".venv", ".venvs", ".tox", ".nox", ".conda", "site-packages"), "a virtual environment"),
    **dict.fromkeys(("node_modules", ".eggs"), "installed packages"),
    **dict.fromkeys(
        ("__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis", ".cache", ".ipynb_checkpoints"),
        "a cache",
    ),
    **dict.fromkeys((".idea", ".vscode"), "editor settings"),
}
_ENVIRONMENT_MARKERS = ("pyvenv.cfg", "conda-meta")  # a virtual environment under any name


@dataclass(frozen=True, slots=True)
class Candidate:
    path: str
    explicit: bool  # named on the command line rather than found in a folder


def expand(
    paths: Iterable[str],
    include: Iterable[str] = DEFAULT_INCLUDE,
    exclude: Iterable[str] = (),
    problems: list[Finding] | None = None,
) -> Iterator[Candidate]:
    """Yield the files to check, in a stable order; problems with the tree itself go to ``problems``."""
    include, exclude = tuple(include), tuple(exclude)
    sink = problems if problems is not None else []
    for raw in paths:
        if raw == "-" or not os.path.isdir(raw):
            yield Candidate(raw, explicit=True)
            continue
        found = sorted(_walk(raw, include, exclude, sink))
        yield from (Candidate(p, explicit=False) for p in _drop_git_ignored(raw, found))


def _walk(root: str, include: tuple[str, ...], exclude: tuple[str, ...], problems: list[Finding]) -> Iterator[str]:
    visited: set[tuple[int, int]] = set()
    real_root = os.path.realpath(root)
    for folder, dirs, files in os.walk(root, followlinks=True, onerror=lambda exc: problems.append(_unreadable(exc))):
        try:
            info = os.stat(folder)
        except OSError as exc:
            problems.append(_unreadable(exc))
            dirs[:] = []
            continue
        identity = (info.st_dev, info.st_ino)
        if identity in visited:
            problems.append(
                codes.make("SL007", "symbolic link loop: folder already visited, not followed again", folder).with_severity(
                    Severity.INFO
                )
            )
            dirs[:] = []
            continue
        visited.add(identity)
        dirs[:] = sorted(
            d for d in dirs if _walked(os.path.join(folder, d), problems) and _stays(os.path.join(folder, d), real_root, problems)
        )
        for name in files:
            path = os.path.normpath(os.path.join(folder, name))
            if not _utf8(path):  # no report, editor or CI log can show it: said once, then skipped
                shown = os.fsencode(path).decode("utf-8", "backslashreplace")
                problems.append(codes.make("SL007", "the file name is not valid UTF-8: skipped (rename the file)", shown))
                continue
            relative = os.path.relpath(path, root)
            if any(fnmatch.fnmatch(name, pattern) for pattern in include) and not _excluded(relative, exclude):
                if not _stays(path, real_root, problems):
                    continue
                if _special(path):  # opening a FIFO would block the whole run
                    problems.append(
                        codes.make("SL007", "not a regular file (FIFO, socket or device), skipped", path).with_severity(
                            Severity.INFO
                        )
                    )
                    continue
                yield path


def _stays(path: str, real_root: str, problems: list[Finding]) -> bool:
    """Whether the walk may go to ``path``: not a symbolic link, or one that resolves inside the walked folder."""
    if not os.path.islink(path):
        return True
    target = os.path.realpath(path)
    if inside(target, real_root):
        return True
    problems.append(
        codes.make(
            "SL007",
            f"a symbolic link to {target}, outside the folder being checked: not followed (name it to include it)",
            os.path.normpath(path),
        ).with_severity(Severity.INFO)
    )
    return False


def without(paths: Iterable[str], files: Iterable[str]) -> list[str]:
    """The named ``paths`` that hold none of ``files``: a named file not among them, a folder with none below it.
    A run whose path holds no spec says so, since a mistyped folder or glob would otherwise pass in silence."""
    found = [os.path.abspath(f) for f in files]
    empty = []
    for path in paths:
        root = os.path.abspath(path)
        if not any(f == root or inside(f, root) for f in found):
            empty.append(path)
    return empty


def inside(path: str, root: str) -> bool:
    """``path`` is ``root`` or below it; both absolute and normalised (as ``os.path.realpath`` gives them)."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _special(path: str) -> bool:
    """A FIFO, socket or device found while walking; broken links are left to the reader, which reports them."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _excluded(relative: str, exclude: tuple[str, ...]) -> bool:
    relative = relative.replace(os.sep, "/")
    return any(fnmatch.fnmatch(relative, pattern) for pattern in exclude)


def _unreadable(exc: OSError) -> Finding:
    return codes.make("SL007", f"cannot read folder: {exc.strerror or exc}", str(exc.filename or ""))


def _utf8(path: str) -> bool:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes of the name, kept as surrogates by the file system encoding
        return False
    return True


def _drop_git_ignored(root: str, files: list[str]) -> list[str]:
    """Ask git (when the folder is in a work tree) which of the files it ignores; without git, keep them all."""
    if not files:
        return files
    import subprocess  # only folders need it; importing it costs every run a few milliseconds

    try:
        result = subprocess.run(
            ["git", "-C", root, "check-ignore", "--stdin", "-z"],
            input="\0".join(os.path.relpath(f, root) for f in files) + "\0",
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return files
    if result.returncode not in (0, 1):  # 128: not a git work tree
        return files
    ignored = {os.path.normpath(os.path.join(root, p)) for p in result.stdout.split("\0") if p}
    return [f for f in files if os.path.normpath(f) not in ignored]


def _walked(folder: str, problems: list[Finding]) -> bool:
    """Whether a folder found in a walk is walked; a skipped one is told as a note (shown with ``-v``)."""
    name = os.path.basename(folder)
    why = _SKIPPED_DIRS.get(name)
    if why is None and any(os.path.lexists(os.path.join(folder, marker)) for marker in _ENVIRONMENT_MARKERS):
        why = "a virtual environment"
    if why is None:
        return True
    problems.append(codes.make("SL011", f"folder not walked: {why}", folder))
    return False
