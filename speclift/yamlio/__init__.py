"""Reading YAML fast, with positions, and refusing what would hurt.

The validate and diff paths load with libyaml's C composer (PyYAML ``CSafeLoader``) and walk the node tree once,
building the plain data *and* a map from JSON pointer to source position. The same YAML 1.1 rules apply as in the
official tools, which also load with PyYAML. Unlike a plain ``yaml.safe_load`` the walk rejects duplicate keys,
unknown tags, alias bombs and runaway nesting, and every problem becomes a located finding instead of an exception.
"""

from __future__ import annotations

from speclift.yamlio.document import DEFAULT_LIMITS, Document, Limits, LoadError, LoadResult, Position
from speclift.yamlio.loading import load
from speclift.yamlio.text import NON_PRINTABLE, decode, read_file, read_stream

__all__ = [
    "DEFAULT_LIMITS",
    "NON_PRINTABLE",
    "Document",
    "Limits",
    "LoadError",
    "LoadResult",
    "Position",
    "decode",
    "load",
    "read_file",
    "read_stream",
]
