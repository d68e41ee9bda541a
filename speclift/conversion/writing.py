"""Where outputs go and how they are written: atomically, never over an existing file unless asked."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from speclift import codes
from speclift.conversion import temporaries
from speclift.discovery import inside
from speclift.findings import Finding

if TYPE_CHECKING:
    from speclift.conversion.engine import ConvertedFile


def output_path(source: str, suffix: str = "", out: str | None = None) -> str:
    """Where an output goes: ``out`` if given (plus the suffix before its extension), else next to the source."""
    base = out or source
    stem, extension = os.path.splitext(base)
    if out is None:
        stem += ".v2" if not suffix else ""
    extension = extension if extension in (".yml", ".yaml") else ".yml"
    return f"{stem}{'.' + suffix if suffix else ''}{extension}"


def write_outputs(result: ConvertedFile, output: str, *, force: bool = False) -> list[Finding]:
    """Write one file's conversion where ``output`` names its main output: extra outputs get their suffix beside it
    (``out.endpoint.yml``), named outputs (companion files, an MLproject's components) their own name in its folder. What could not be written is a finding
    (SL408 an existing file without ``force``, SL421 a write that failed); the rest is still written."""
    problems: list[Finding] = []
    for index, rendered in enumerate(result.outputs):
        if rendered.file and index > 0:  # the main output goes where asked, whatever its own name
            target = os.path.join(os.path.dirname(os.path.abspath(output)), rendered.file)
        else:
            target = output_path(result.path, rendered.suffix, output)
        refused = write_atomically(target, rendered.text, force=force)
        if refused is not None:
            problems.append(refused)
    return problems


def write_atomically(
    path: str,
    text: str,
    *,
    force: bool = False,
    mode: int | None = None,
    durable: bool = True,
    within: Sequence[str] = (),
) -> Finding | None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename: readers see the old
    file or the new one, never half of it. An existing file is kept unless ``force``. The file gets ``mode``
    (default: what the umask gives a new file, not the temporary file's private 0600). ``durable`` flushes the data
    to disk before the rename (a power cut then cannot leave an empty file); atomicity does not depend on it.
    ``within``: folders the file must really be in, symbolic links resolved, checked just before writing (a tree
    conversion never writes outside its tree). What cannot be written is a finding: SL408 (exists), SL420 (outside
    ``within``), SL421 (the write failed)."""
    if os.path.lexists(path) and not force:
        return codes.make("SL408", "output file exists; use --force to overwrite it", path)
    if within:
        outside = escapes(path, within)
        if outside is not None:
            return codes.make("SL420", f"not written: {outside}", path)
    try:
        return _write(path, text, force, mode, durable)
    except OSError as exc:  # a folder that cannot be made, no permission, a full disk: the file's finding
        return codes.make("SL421", f"cannot write: {exc.strerror or exc}", path)


def escapes(path: str, roots: Sequence[str]) -> str | None:
    """Why ``path`` is not really inside one of ``roots`` (its folder's symbolic links resolved), or None."""
    folder = os.path.dirname(os.path.abspath(path))
    where = os.path.realpath(folder)
    if any(inside(where, os.path.realpath(root)) for root in roots):
        return None
    shown = " or ".join(roots)
    return f"{folder} resolves to {where}, outside {shown} (a symbolic link)"


def _write(path: str, text: str, force: bool, mode: int | None, durable: bool) -> Finding | None:
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temporary = temporaries.create(folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        os.chmod(temporary, _default_mode() if mode is None else mode)
        if force:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails if the path appeared meanwhile: never clobber
            os.unlink(temporary)
    except FileExistsError:
        os.unlink(temporary)
        return codes.make("SL408", "output file exists; use --force to overwrite it", path)
    except BaseException:
        if os.path.lexists(temporary):
            os.unlink(temporary)
        raise
    finally:
        temporaries.release(temporary)
    return None


_UMASK: list[int] = []


def _default_mode() -> int:
    if not _UMASK:
        current = os.umask(0o022)  # reading the umask means setting it; put it straight back
        os.umask(current)
        _UMASK.append(current)
    return 0o666 & ~_UMASK[0]
