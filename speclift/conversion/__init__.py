"""Conversion machinery shared by every converter (the converters themselves live in ``speclift.converters``).

- ``result``: what a converter returns (:class:`Conversion`, :class:`Output`, :class:`Provenance`), as values;
- ``builder``: :class:`ConversionBuilder`, the converter's pen, and :class:`Scope`, the pen on a rewritten view of a
  document (pointers mapped back through :class:`Origins`, targets in one output under a prefix, coverage);
- ``context``: :class:`ConvertContext`, related files and the output's folder;
- ``engine``: text in, rendered outputs and findings out (detect, convert, carry comments, validate);
- ``writing``: output paths and atomic, never-clobbering writes; ``temporaries``: the temporary files they go
  through (named, tracked, removed on SIGTERM/SIGINT, leftovers of killed runs recognised).
"""

from __future__ import annotations

from speclift.conversion.builder import ConversionBuilder, Origins, Scope
from speclift.conversion.context import ConvertContext
from speclift.conversion.result import Conversion, Fate, Output, Provenance, leaves, outermost

__all__ = [
    "Conversion",
    "ConversionBuilder",
    "ConvertContext",
    "Fate",
    "Origins",
    "Output",
    "Provenance",
    "Scope",
    "leaves",
    "outermost",
]
