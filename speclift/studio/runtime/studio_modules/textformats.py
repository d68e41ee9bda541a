"""The text formats classic modules read and wrote (CSV, TSV, a chosen delimiter and encoding), shared by Import
Data, Enter Data Manually, Export Data and the Convert to ... modules."""

from __future__ import annotations

import codecs

from .errors import StudioError

DELIMITERS = {"comma": ",", "tab": "\t", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}
COMMA_FORMATS = {"csv", "genericcsv", "delimitedtext", "csvwithencoding", "csv with encoding", "genericcsvnoheader"}
TAB_FORMATS = {"tsv", "generictsv", "generictsvnoheader"}
UNREADABLE = {"arff", "svmlight", "excel", "parquet", "json", "plaintext", "zip"}


def delimiter_of(file_format: str, column_delimiter: str | None = None) -> str:
    """The field separator of a classic file format name (and of a "Column delimiter" choice where it applies)."""
    key = file_format.strip().lower()
    if key in TAB_FORMATS:
        return "\t"
    if key in COMMA_FORMATS:
        if column_delimiter is None:
            return ","
        choice = column_delimiter.strip()
        if choice.lower() in DELIMITERS:
            return DELIMITERS[choice.lower()]
        if len(choice) == 1:
            return choice
        raise StudioError(f"the column delimiter {column_delimiter!r} is none of {', '.join(DELIMITERS)} nor one character")
    if key in UNREADABLE:
        raise StudioError(
            f"the {file_format} format is not read by the generated program: convert the data to CSV or TSV "
            "(or read it in an Execute Python Script step)"
        )
    raise StudioError(f"unknown file format {file_format!r} (CSV or TSV are read)")


def encoding_of(name: str) -> str:
    """A Python codec for a classic encoding name (utf_8, utf_16, Unicode, ascii, ...); UTF-8 skips a byte-order mark."""
    key = name.strip().lower().replace("-", "_")
    key = {"unicode": "utf_16", "utf8": "utf_8", "us_ascii": "ascii"}.get(key, key)
    try:
        codec = codecs.lookup(key).name
    except LookupError:
        raise StudioError(f"unknown text encoding {name!r}") from None
    return "utf-8-sig" if codec == "utf-8" else codec
