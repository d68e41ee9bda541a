"""From bytes to YAML text: size limit, byte-order marks, binary and undecodable files refused with a finding."""

from __future__ import annotations

import codecs
import os
import re
import stat
from typing import BinaryIO

import yaml

from speclift import codes
from speclift.yamlio.document import DEFAULT_LIMITS, Limits, LoadError

NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE  # characters YAML text cannot hold as they are
BREAK_CHARS = "\r\n\x85\u2028\u2029"  # what YAML counts as a line break ("\r\n" is one)
BREAK = re.compile(f"\r\n|[{BREAK_CHARS}]")


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(raw: bytes, path: str) -> str:
    """Bytes to text the way YAML allows (UTF-8, or UTF-16/32 with a BOM); refuse binary data with a location."""
    encoding = "utf-8"
    for bom, name in _BOMS:
        if raw.startswith(bom):
            encoding = name
            break
    if encoding == "utf-8" and b"\x00" in raw[:8192]:
        return _refuse_binary(raw, path)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise LoadError(
            codes.make(
                "SL003",
                f"not valid {encoding.upper().replace('-SIG', '')} text: byte 0x{raw[exc.start]:02x} at offset {exc.start}",
                path,
                line,
                column,
                hint="save the file as UTF-8",
            )
        ) from None
    if "\x00" in text:
        return _refuse_binary(raw, path)
    return text


def _refuse_binary(raw: bytes, path: str) -> str:
    if _utf16_without_bom(raw):
        raise LoadError(
            codes.make(
                "SL003",
                "UTF-16 text without a byte-order mark: YAML loaders (and the platforms) read UTF-16 only with one",
                path,
                hint="save the file as UTF-8",
            )
        )
    raise LoadError(codes.make("SL003", "binary file (contains NUL bytes), not YAML text", path))


def _utf16_without_bom(raw: bytes) -> bool:
    """Text of ASCII-range characters in UTF-16: every other byte of the start is zero, the others are not."""
    head = raw[:64] if len(raw) % 2 == 0 else b""
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return (not any(odd) and all(even)) or (not any(even) and all(odd))


def read_file(path: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """Read and decode a file, refusing oversized, unreadable and binary files with a finding."""
    try:
        # Opened without blocking and checked on the open descriptor: a FIFO (or a file swapped for one meanwhile)
        # would otherwise wait for a writer forever.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise LoadError(codes.make("SL007", "not a regular file (a FIFO, device or socket): not read", path))
            return read_stream(handle, path, limits)
    except OSError as exc:
        raise LoadError(codes.make("SL007", f"cannot read file: {exc.strerror or exc}", path)) from None


def read_stream(stream: BinaryIO, path: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """Read and decode an open binary stream (a file, standard input) named ``path`` in findings, with the limits
    and refusals of :func:`read_file`: never more than ``max-file-size`` bytes are read."""
    raw = stream.read(limits.max_file_size + 1)
    if len(raw) > limits.max_file_size:
        raise LoadError(
            codes.make(
                "SL005",
                f"file is larger than {limits.max_file_size:,} bytes; not read",
                path,
                hint="raise `max-file-size` in the configuration if this file really is a spec",
            )
        )
    return decode(raw, path)
