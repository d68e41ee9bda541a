"""What a converter may know of the world beyond its document: related files and the output's folder."""

from __future__ import annotations

import os
from dataclasses import dataclass

from speclift.yamlio import Document


@dataclass(frozen=True, slots=True)
class ConvertContext:
    """What a converter may know of the world beyond its document, provided by the engine.

    ``read`` loads a related file (a run configuration a HyperDrive config names, a conda file, ...) relative to the
    source's folder; ``relocate`` rewrites a path relative to the source so it still points at the same file from
    the folder the output is written to.
    """

    source_path: str
    output_dir: str

    @property
    def source_dir(self) -> str:
        return os.path.dirname(os.path.abspath(self.source_path))

    def read(self, relative: str) -> Document | None:
        """The first document of a related YAML or JSON file, or None when it is missing or unreadable."""
        from speclift import yamlio

        full = os.path.join(self.source_dir, relative)
        try:
            loaded = yamlio.load(yamlio.read_file(full), full)
        except yamlio.LoadError:
            return None
        return loaded.documents[0] if loaded.documents and not loaded.findings else None

    def exists(self, relative: str) -> bool:
        return os.path.exists(os.path.join(self.source_dir, relative))

    def relocate(self, relative: str) -> str:
        """``relative`` (from the source's folder) as seen from the output's folder, in POSIX form."""
        if os.path.isabs(relative):
            return relative
        target = os.path.normpath(os.path.join(self.source_dir, relative))
        moved = os.path.relpath(target, os.path.abspath(self.output_dir))
        return moved.replace(os.sep, "/")
