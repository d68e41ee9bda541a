"""Where the outputs of a tree conversion go, and which of those places are safe to write.

Mirroring (``--out DIR``): ``<base>/a/b.runconfig`` becomes ``DIR/a/b.yml``, where ``base`` is the folder the
named paths have in common. In place: the source's own name (``--rename`` gives ``.runconfig``/``.json`` files
their ``.yml`` name). Extra outputs of one source (a converter may produce several documents) get a suffix before
the extension, as in the single-file form.

Every write stays inside its confines, symbolic links resolved: the output folder when mirroring, the named
folders in place (a folder of the tree that is a symbolic link to somewhere else is not written through).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from speclift.conversion.writing import escapes, output_path

MIRROR = "mirror"
IN_PLACE = "in-place"
NOWHERE = "nowhere"  # scan, --check: nothing is written


@dataclass(frozen=True, slots=True)
class Layout:
    mode: str = NOWHERE
    base: str = "."
    out: str | None = None
    rename: bool = False
    trees: tuple[str, ...] = ()  # the named paths' folders (a file counts by its folder): in place, writes stay inside

    @classmethod
    def for_paths(cls, paths: Sequence[str], mode: str, out: str | None = None, rename: bool = False) -> Layout:
        """The common base folder of ``paths`` (a file counts by its folder)."""
        folders = [os.path.abspath(p if os.path.isdir(p) else os.path.dirname(p) or ".") for p in paths] or [os.getcwd()]
        base = os.path.commonpath(folders)
        return cls(mode, base, os.path.abspath(out) if out else None, rename, tuple(dict.fromkeys(folders)))

    def relative(self, source: str) -> str:
        return os.path.relpath(os.path.abspath(source), self.base)

    def output_dir(self, source: str) -> str:
        """The folder the main output is written to: local paths in the outputs are relocated for it."""
        if self.mode == MIRROR and self.out is not None:
            return os.path.dirname(os.path.join(self.out, self.relative(source)))
        return os.path.dirname(os.path.abspath(source))

    def target(self, source: str, suffix: str = "") -> str:
        """Where the output with ``suffix`` of ``source`` is written."""
        if self.mode == MIRROR and self.out is not None:
            return output_path(source, suffix, os.path.join(self.out, self.relative(source)))
        if not suffix and not self.rename:
            return source  # in place, under the old name
        return output_path(source, suffix, source)

    @property
    def confines(self) -> tuple[str, ...]:
        """The folders every write must really be inside (symbolic links resolved): the output folder, or in place
        the named trees."""
        if self.mode == MIRROR and self.out is not None:
            return (self.out,)
        return self.trees if self.mode == IN_PLACE else ()

    def unsafe(self, source: str, target: str) -> str | None:
        """Why writing ``target`` is refused, or None when it is safe."""
        if self.mode == MIRROR and self.out is not None:
            relative = self.relative(source)
            if relative == ".." or relative.startswith(".." + os.sep) or os.path.isabs(relative):
                return f"{source} is outside {self.base}, so its output would leave {self.out}"
        elif self.mode == IN_PLACE and os.path.islink(source):
            return "a symbolic link: converting it in place would replace the link with a file (convert what it points to)"
        if self.confines:
            outside = escapes(target, self.confines)
            if outside is not None:
                return outside
        if os.path.islink(target):
            return f"{target} is a symbolic link; speclift writes only regular files"
        return None
