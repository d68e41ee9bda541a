"""What a converter may know of the world beyond its document: related files and the output's folder.

A spec names related files (a run configuration, a conda file, an inference configuration, a Workbench ``.compute``
file) and a converter reads them through :class:`ConvertContext`. The spec is input like any other, so those reads
stay inside the repository being converted (:class:`ReadScope`): ``runconfig: /home/me/creds.yml`` or
``../../../etc/x.yml`` would otherwise copy any file on the machine into the output. A refused read answers as a
missing file would, and is recorded; the engine reports it at the field that named the file.
"""

from __future__ import annotations

import functools
import os
import posixpath
from dataclasses import dataclass, field

from speclift.discovery import inside
from speclift.yamlio import DEFAULT_LIMITS, Document, Limits


@dataclass(frozen=True, slots=True)
class ReadScope:
    """Where files a spec names may be read from: the git work tree holding the source (the nearest folder upwards
    with a ``.git``) and the ``folders`` a tree conversion was named (by default the source's own folder).
    Symbolic links are resolved first, so a link inside the tree to a file outside it is outside. ``anywhere``:
    the user opted in (``--allow-outside-reads``), every path is read. ``limits``: what any file read for a
    conversion (the source and the files it names) may cost, the configured ``max-file-size`` and friends."""

    folders: tuple[str, ...] = ()
    anywhere: bool = False
    limits: Limits = DEFAULT_LIMITS

    def roots(self, source: str) -> tuple[str, ...]:
        """The real folders files named by ``source`` may be read from."""
        folder = os.path.dirname(os.path.abspath(source))
        repository = work_tree(os.path.realpath(folder))
        given = [os.path.realpath(f) for f in self.folders or (folder,)]
        every = list(dict.fromkeys([*([repository] if repository is not None else []), *given]))
        return tuple(r for r in every if not any(o != r and inside(r, o) for o in every))  # the outermost ones


def shown_path(path: str) -> str:
    """A path as messages name it: relative to the current folder when below it (as the user types paths), else
    absolute; POSIX separators."""
    try:
        relative = os.path.relpath(path) if os.path.isabs(path) else path
    except ValueError:  # another drive on Windows
        return path
    return (path if relative.startswith("..") else relative).replace(os.sep, "/")


@functools.lru_cache(maxsize=256)
def work_tree(folder: str) -> str | None:
    """The top folder of the git work tree holding ``folder`` (a real path), or None outside any."""
    while True:
        if os.path.lexists(os.path.join(folder, ".git")):  # a folder, or the file a worktree or submodule has
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


@dataclass(frozen=True, slots=True)
class RefusedRead:
    """A related file the scope did not allow: the path as the converter asked for it (relative to the source's
    folder), where it really is, and the folders reads were confined to."""

    named: str
    resolved: str
    roots: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Supplied:
    """A converter option the repository supplied for one file, and where: ``origin`` names the place as a finding
    shows it (``azure-pipelines.yml:23: az ml run submit-script``). An option given by the user wins over it."""

    value: str
    origin: str


@dataclass(frozen=True, slots=True)
class ConvertContext:
    """What a converter may know of the world beyond its document, provided by the engine.

    ``read`` loads a related file (a run configuration a HyperDrive config names, a conda file, ...) relative to the
    source's folder, only from inside ``scope``; ``relocate`` rewrites a path relative to the source so it still
    points at the same file from the folder the output is written to. ``refused`` collects the reads the scope
    did not allow, for the engine to report.
    """

    source_path: str
    output_dir: str
    scope: ReadScope = ReadScope()
    refused: list[RefusedRead] = field(default_factory=list, compare=False)
    related: list[str] = field(default_factory=list, compare=False)  # real paths of the specs read beside the source

    @property
    def source_dir(self) -> str:
        return os.path.dirname(os.path.abspath(self.source_path))

    def read(self, relative: str) -> Document | None:
        """The first document of a related YAML or JSON file, or None when it is missing, unreadable or outside the
        scope (then also recorded in ``refused``)."""
        from speclift import yamlio

        full = os.path.join(self.source_dir, relative)
        if not self._allowed(relative, full):
            return None
        try:
            loaded = yamlio.load(yamlio.read_file(full, self.scope.limits), full, self.scope.limits)
        except yamlio.LoadError:
            return None
        if not loaded.documents or loaded.findings:
            return None
        self.related.append(os.path.realpath(full))
        return loaded.documents[0]

    def exists(self, relative: str) -> bool:
        """Whether the related file exists; a file outside the scope does not, and is recorded as refused."""
        full = os.path.join(self.source_dir, relative)
        return self._allowed(relative, full) and os.path.exists(full)

    def shown(self, relative: str) -> str:
        """Where ``relative`` (from the source's folder) is looked for, as messages name it: relative to the current
        folder when below it, else absolute."""
        return shown_path(os.path.normpath(os.path.join(self.source_dir, relative)))

    def probe(self, relative: str) -> bool:
        """Whether ``relative`` (from the source's folder) exists inside the scope; nothing is recorded, for a
        converter that looks for where a spec's paths make sense."""
        full = os.path.join(self.source_dir, relative)
        roots = self.scope.roots(self.source_path)
        return (self.scope.anywhere or any(inside(os.path.realpath(full), root) for root in roots)) and os.path.exists(full)

    def ancestors(self) -> list[str]:
        """The source's folder and its parents up to the top of the scope holding it, relative to the source's folder
        (``.``, ``..``, ``../..``): the folders a relative path in the spec may have been written against."""
        folder, found = os.path.realpath(self.source_dir), ["."]
        top = next((root for root in self.scope.roots(self.source_path) if inside(folder, root)), folder)
        while folder != top and inside(folder, top):
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
            found.append(posixpath.join(found[-1], "..") if found[-1] != "." else "..")
        return found

    def relocate(self, relative: str) -> str:
        """``relative`` (from the source's folder) as seen from the output's folder, in POSIX form."""
        if os.path.isabs(relative):
            return relative
        target = os.path.normpath(os.path.join(self.source_dir, relative))
        moved = os.path.relpath(target, os.path.abspath(self.output_dir))
        return moved.replace(os.sep, "/")

    def _allowed(self, relative: str, full: str) -> bool:
        if self.scope.anywhere:
            return True
        resolved = os.path.realpath(full)
        roots = self.scope.roots(self.source_path)
        if any(inside(resolved, root) for root in roots):
            return True
        self.refused.append(RefusedRead(relative, resolved, roots))
        return False
