"""The data format between components, and the Table a module works on.

A dataset is a FOLDER holding two files:

``data.csv``
    UTF-8, comma-separated, one header row holding the column names, RFC 4180 quoting (a field holding a comma, a
    quote or a line break is quoted, a quote inside it doubled), lines ending in ``\\n``. A missing value is an empty
    field (an empty string cannot be told from a missing value, as in Studio (classic)). Values are spelled by their
    column's type:

    ========  ==========================================================================================
    integer   decimal digits with an optional sign: ``42``, ``-7``
    number    Python's shortest spelling that reads back to the same float: ``0.5``, ``3.0``, ``1e-05``, ``inf``
    string    the text as it is
    boolean   ``True`` or ``False``
    datetime  ISO 8601 with a space: ``2016-01-31 08:30:00`` (fractions of a second and a UTC offset when present)
    timespan  pandas' spelling of a duration: ``1 days 02:30:00``
    ========  ==========================================================================================

``schema.json``
    ``{"format": "studio-table/1", "columns": [{"name": ..., "type": ..., "categorical": false, "role": "feature"},
    ...]}`` with one entry per column, in column order. ``type`` is one of integer, number, string, boolean,
    datetime, timespan; ``categorical`` marks a categorical column (Edit Metadata's "Make categorical"); ``role`` is
    the classic column kind: feature, label, weight or score. An optional top-level ``"scores"`` names the score
    columns by kind (``{"Scored Labels": "col", "Scored Probabilities": "col"}``); an optional ``"folds"`` (Partition
    and Sample's "Assign to Folds") lists, per fold, the 0-based positions of the rows in it. A module that changes
    the rows drops the folds.

A folder WITHOUT schema.json (data a person points a pipeline input at) is read from its single ``.csv``, ``.tsv``
or ``.txt`` file (tab-separated for ``.tsv``, and for ``.txt`` when its first line holds a tab), header row assumed,
with the types inferred column by column: integer when every value is a whole number, number when every value is
a decimal number, boolean when every value is true or false (any case), datetime when every value is an ISO 8601
date or date and time, string otherwise (and for a column with no value at all). Only an empty field is missing.

In memory, ``Table.frame`` is a pandas DataFrame whose columns follow ``Table.columns`` in order, indexed 0..n-1:
integer columns are int64 (float64 with NaN when values are missing), number float64, string object (``str``, None
when missing), boolean bool (object with None when missing), datetime datetime64[ns] (NaT), timespan
timedelta64[ns] (NaT).
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import StudioError

FORMAT = "studio-table/1"
TYPES = ("integer", "number", "string", "boolean", "datetime", "timespan")
ROLES = ("feature", "label", "weight", "score")
DATA_FILE = "data.csv"
SCHEMA_FILE = "schema.json"
RAW_SUFFIXES = (".csv", ".tsv", ".txt")

_INTEGER = re.compile(r"[+-]?\d+")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_NUMBER_WORDS = {"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "nan"}
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?")
_BOOLEANS = {"true": True, "false": False}
_INT64_LIMIT = 2**63


@dataclass(frozen=True)
class Column:
    """One column's metadata: its name, value type, whether it is categorical and its classic kind (role)."""

    name: str
    type: str
    categorical: bool = False
    role: str = "feature"

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"column {self.name!r}: unknown type {self.type!r} (one of {', '.join(TYPES)})")
        if self.role not in ROLES:
            raise ValueError(f"column {self.name!r}: unknown role {self.role!r} (one of {', '.join(ROLES)})")


@dataclass
class Table:
    """A dataset in memory: ``frame`` holds the values, ``columns`` the metadata of its columns in the same order."""

    frame: pd.DataFrame
    columns: list[Column]
    scores: dict[str, str] = field(default_factory=dict)
    folds: list[list[int]] | None = None  # Partition and Sample's fold assignment: row positions per fold

    def __post_init__(self) -> None:
        names = [column.name for column in self.columns]
        if [str(name) for name in self.frame.columns] != names:
            raise ValueError(f"the frame's columns {list(self.frame.columns)} are not the schema's {names}")
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise StudioError(f"the column name {duplicates[0]!r} is used more than once")
        self.frame = self.frame.reset_index(drop=True)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, like: Table | None = None) -> Table:
        """A table of ``frame`` with inferred column types. A column that ``like`` has too keeps its metadata from
        there (type, categorical, role) as long as its values still fit that type; so do its score names."""
        frame = frame.reset_index(drop=True)
        frame.columns = [str(name) for name in frame.columns]
        inferred = infer_columns(frame)
        known = {column.name: column for column in like.columns} if like else {}
        columns = []
        for column in inferred:
            old = known.get(column.name)
            if old is not None and (old.type == column.type or fits(frame[column.name], old.type)):
                column = old
            columns.append(column)
        names = {column.name for column in columns}
        scores = {kind: name for kind, name in (like.scores if like else {}).items() if name in names}
        return cls(normalise_frame(frame, columns), columns, scores)

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def label(self) -> str | None:
        """The name of the label column (the first column whose role is label), or None."""
        return next((column.name for column in self.columns if column.role == "label"), None)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise StudioError(f"no column named {name!r} (the dataset has {_named(self.names)})")

    def take(self, names: Sequence[str]) -> Table:
        """The table of the named columns only, in the given order."""
        columns = [self.column(name) for name in names]
        kept = set(names)
        scores = {k: v for k, v in self.scores.items() if v in kept}
        return Table(self.frame[list(names)].copy(), columns, scores, self.folds)

    def with_rows(self, frame: pd.DataFrame) -> Table:
        """The same columns over other rows (a subset or a reordering of this table's frame)."""
        return Table(frame.copy(), list(self.columns), dict(self.scores))

    def with_column(self, column: Column) -> Table:
        """The table with one column's metadata replaced (same name)."""
        columns = [column if old.name == column.name else old for old in self.columns]
        return Table(self.frame, columns, dict(self.scores), self.folds)


def _named(names: Sequence[str]) -> str:
    shown = ", ".join(repr(name) for name in names[:12])
    return f"{shown}, ..." if len(names) > 12 else shown or "no columns"


# ---------------------------------------------------------------------------------------------------- reading


def read_table(folder: str | os.PathLike[str]) -> Table:
    """The dataset in ``folder``: data.csv with schema.json, or the folder's single raw text file (types inferred)."""
    path = Path(folder)
    if path.is_file():
        return read_text_file(path, _delimiter_for(path))
    if not path.is_dir():
        raise StudioError(f"{path}: no such folder")
    schema_path = path / SCHEMA_FILE
    if not schema_path.is_file():
        return read_text_file(_single_text_file(path), None)
    columns, scores, folds = _read_schema(schema_path)
    data_path = path / DATA_FILE
    if not data_path.is_file():
        raise StudioError(f"{path}: has {SCHEMA_FILE} but no {DATA_FILE}")
    header, rows = _read_rows(data_path, ",")
    names = [column.name for column in columns]
    if header != names:
        raise StudioError(f"{data_path}: the header {header} does not match {SCHEMA_FILE}'s columns {names}")
    data = {}
    for index, column in enumerate(columns):
        texts = [row[index] for row in rows]
        data[column.name] = _parse_column(texts, column.type, f"{data_path}: column {column.name!r}")
    frame = pd.DataFrame(data, columns=names) if names else pd.DataFrame(index=range(len(rows)))
    if folds is not None and any(not 0 <= i < len(rows) for fold in folds for i in fold):
        raise StudioError(f'{schema_path}: "folds" names a row the data does not have')
    return Table(frame, columns, scores, folds)


def read_text_file(
    path: Path, delimiter: str | None, *, header: bool = True, encoding: str = "utf-8-sig", blank_lines_are_rows: bool = False
) -> Table:
    """A raw delimited text file with inferred types; without a header row the columns are Col1, Col2, ...
    ``blank_lines_are_rows``: an empty line inside the data is a row of missing values (the last one still ends it)."""
    delimiter = delimiter or _delimiter_for(path)
    first, rows = _read_rows(path, delimiter, encoding=encoding, blank_lines_are_rows=blank_lines_are_rows)
    if header:
        names = first
    else:
        rows = [first, *rows] if first else rows
        names = [f"Col{index + 1}" for index in range(len(first))]
    if not names:
        raise StudioError(f"{path}: the file is empty (no header row)")
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise StudioError(f"{path}: the column name {duplicates[0]!r} is used more than once in the header row")
    data = {}
    columns = []
    for index, name in enumerate(names):
        texts = [row[index] for row in rows]
        kind = infer_type(texts)
        columns.append(Column(name, kind))
        data[name] = _parse_column(texts, kind, f"{path}: column {name!r}")
    return Table(pd.DataFrame(data, columns=names), columns)


def _delimiter_for(path: Path) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    if path.suffix.lower() == ".txt":
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            return "\t" if "\t" in handle.readline() else ","
    return ","


def _single_text_file(folder: Path) -> Path:
    files = sorted(item for item in folder.iterdir() if item.is_file() and item.suffix.lower() in RAW_SUFFIXES)
    if len(files) != 1:
        found = ", ".join(item.name for item in files) or "none"
        raise StudioError(
            f"{folder}: expected {SCHEMA_FILE} and {DATA_FILE}, or exactly one .csv, .tsv or .txt file (found {found})"
        )
    return files[0]


def _read_rows(
    path: Path, delimiter: str, *, encoding: str = "utf-8-sig", blank_lines_are_rows: bool = False
) -> tuple[list[str], list[list[str]]]:
    """The first row and the others of a delimited file, every row checked to have the first one's width."""
    try:
        with path.open(encoding=encoding, newline="") as handle:
            lines = list(csv.reader(handle, delimiter=delimiter, strict=True))
    except UnicodeDecodeError as error:
        raise StudioError(f"{path}: not {encoding} text ({error.reason} at byte {error.start})") from None
    except csv.Error as error:
        raise StudioError(f"{path}: not a well-formed delimited file ({error})") from None
    if not lines:
        return [], []
    header, rows = lines[0], lines[1:]
    if blank_lines_are_rows:
        while rows and not rows[-1]:
            rows.pop()
        rows = [row or [""] * len(header) for row in rows]
    else:  # a blank line is no row: a missing value of a one-column table is written quoted ("")
        rows = [row for row in rows if row]
    for number, row in enumerate(rows, start=2):
        if len(row) != len(header):
            raise StudioError(f"{path}: data row {number - 1} has {len(row)} fields, the first row has {len(header)}")
    return header, rows


def _read_schema(path: Path) -> tuple[list[Column], dict[str, str], list[list[int]] | None]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise StudioError(f"{path}: not JSON ({error})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise StudioError(f'{path}: not a dataset schema (expected "format": "{FORMAT}")')
    entries = document.get("columns")
    if not isinstance(entries, list):
        raise StudioError(f'{path}: "columns" must be a list')
    columns = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise StudioError(f"{path}: column {index + 1} needs a name")
        try:
            columns.append(
                Column(
                    entry["name"],
                    str(entry.get("type", "string")),
                    bool(entry.get("categorical", False)),
                    str(entry.get("role", "feature")),
                )
            )
        except ValueError as error:
            raise StudioError(f"{path}: {error}") from None
    scores = document.get("scores", {})
    if not isinstance(scores, dict) or not all(isinstance(value, str) for value in scores.values()):
        raise StudioError(f'{path}: "scores" must map score kinds to column names')
    folds = document.get("folds")
    if folds is not None and not (
        isinstance(folds, list) and all(isinstance(f, list) and all(isinstance(i, int) for i in f) for f in folds)
    ):
        raise StudioError(f'{path}: "folds" must be a list of lists of row positions')
    return columns, {str(kind): name for kind, name in scores.items()}, folds


def infer_type(texts: Sequence[str]) -> str:
    """The type a raw text column's values share (see the module docstring); empty fields are ignored."""
    values = [text.strip() for text in texts if text != ""]
    if not values:
        return "string"
    if all(_INTEGER.fullmatch(value) for value in values) and all(abs(int(value)) < _INT64_LIMIT for value in values):
        return "integer"
    if all(_NUMBER.fullmatch(value) for value in values):
        return "number"
    if all(value.lower() in _BOOLEANS for value in values):
        return "boolean"
    if all(_DATETIME.fullmatch(value) for value in values):
        try:
            _to_datetime(pd.Series(values, dtype=object))
        except (ValueError, TypeError):
            return "string"
        return "datetime"
    return "string"


def _parse_column(texts: Sequence[str], kind: str, where: str) -> pd.Series:
    """The in-memory series of one column's texts; a value that does not fit ``kind`` is a located error."""
    missing = [text == "" for text in texts]
    has_missing = any(missing)
    if kind == "string":
        return pd.Series([None if gone else text for text, gone in zip(texts, missing, strict=True)], dtype=object)
    values: list[Any] = []
    for number, (text, gone) in enumerate(zip(texts, missing, strict=True), start=1):
        if gone:
            values.append(None)
            continue
        value = text.strip()
        try:
            values.append(_parse_value(value, kind))
        except ValueError:
            raise StudioError(f"{where}, row {number}: {text!r} is not {_a(kind)}") from None
    if kind == "integer":
        if has_missing:
            return pd.Series([math.nan if value is None else float(value) for value in values], dtype="float64")
        return pd.Series(values, dtype="int64")
    if kind == "number":
        return pd.Series([math.nan if value is None else value for value in values], dtype="float64")
    if kind == "boolean":
        return pd.Series(values, dtype=object if has_missing else bool)
    if kind == "datetime":
        return _to_datetime(pd.Series(values, dtype=object))
    return pd.Series(pd.to_timedelta(pd.Series(values, dtype=object)), dtype="timedelta64[ns]")


def _parse_value(text: str, kind: str) -> Any:
    if kind == "integer":
        if not _INTEGER.fullmatch(text) or abs(int(text)) >= _INT64_LIMIT:
            raise ValueError(text)
        return int(text)
    if kind == "number":
        if not (_NUMBER.fullmatch(text) or text.lower() in _NUMBER_WORDS):
            raise ValueError(text)
        return float(text)
    if kind == "boolean":
        if text.lower() not in _BOOLEANS:
            raise ValueError(text)
        return _BOOLEANS[text.lower()]
    if kind == "datetime":
        if not _DATETIME.fullmatch(text):
            raise ValueError(text)
        return text
    pd.Timedelta(text)  # raises ValueError when it is no duration
    return text


def _to_datetime(values: pd.Series) -> pd.Series:
    parsed = pd.to_datetime(values, format="ISO8601")
    if getattr(parsed.dtype, "tz", None) is not None:
        return pd.Series(parsed.dt.tz_convert("UTC"), dtype="datetime64[ns, UTC]")
    return pd.Series(parsed, dtype="datetime64[ns]")


def _a(kind: str) -> str:
    return {"integer": "an integer", "timespan": "a timespan"}.get(kind, f"a {kind}")


# ---------------------------------------------------------------------------------------------------- types


def infer_columns(frame: pd.DataFrame) -> list[Column]:
    """Column metadata for a frame, from its dtypes (and for object columns, from the values they hold)."""
    return [
        Column(str(name), _type_of(frame[name]), isinstance(frame[name].dtype, pd.CategoricalDtype)) for name in frame.columns
    ]


def _type_of(series: pd.Series) -> str:
    if isinstance(series.dtype, pd.CategoricalDtype):
        return _type_of(pd.Series(np.asarray(series.astype(object)), dtype=object).infer_objects())
    if pd.api.types.is_bool_dtype(series.dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(series.dtype):
        return "integer"
    if pd.api.types.is_float_dtype(series.dtype):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return "datetime"
    if pd.api.types.is_timedelta64_dtype(series.dtype):
        return "timespan"
    values = [value for value in series.tolist() if not _is_missing(value)]
    if values and all(isinstance(value, (bool, np.bool_)) for value in values):
        return "boolean"
    if values and all(isinstance(value, (int, np.integer)) and not isinstance(value, bool) for value in values):
        return "integer"
    if values and all(isinstance(value, (int, float, np.number)) and not isinstance(value, bool) for value in values):
        return "number"
    return "string"


def fits(series: pd.Series, kind: str) -> bool:
    """Whether every value of ``series`` can be written as ``kind``."""
    try:
        for value in series.tolist():
            if not _is_missing(value):
                _format_value(value, kind)
    except (ValueError, TypeError):
        return False
    return True


def normalise_frame(frame: pd.DataFrame, columns: Sequence[Column]) -> pd.DataFrame:
    """The frame with each column in its type's in-memory dtype (see the module docstring)."""
    data = {}
    for column in columns:
        texts = [_format_cell(value, column.type, column.name) for value in frame[column.name].tolist()]
        data[column.name] = _parse_column(texts, column.type, f"column {column.name!r}")
    return pd.DataFrame(data, columns=[column.name for column in columns], index=range(len(frame)))


# ---------------------------------------------------------------------------------------------------- writing


def write_table(folder: str | os.PathLike[str], table: Table) -> None:
    """Write ``table`` as data.csv and schema.json into ``folder`` (created if needed), each file atomically."""
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    _write_atomically(path / DATA_FILE, table_csv(table))
    _write_atomically(path / SCHEMA_FILE, schema_json(table))


def table_csv(table: Table, delimiter: str = ",", *, header: bool = True) -> str:
    """The text of a table's data.csv (``delimiter="\\t"`` gives the tab-separated form; ``header=False`` no
    header row)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    if header:
        writer.writerow(table.names)
    cells = [
        [_format_cell(value, column.type, column.name) for value in table.frame[column.name].tolist()] for column in table.columns
    ]
    writer.writerows(zip(*cells, strict=True))
    return buffer.getvalue()


def schema_json(table: Table) -> str:
    document: dict[str, Any] = {
        "format": FORMAT,
        "columns": [
            {"name": column.name, "type": column.type, "categorical": column.categorical, "role": column.role}
            for column in table.columns
        ],
    }
    if table.scores:
        document["scores"] = dict(table.scores)
    if table.folds is not None:
        document["folds"] = [list(fold) for fold in table.folds]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _format_cell(value: Any, kind: str, name: str = "") -> str:
    if _is_missing(value):
        return ""
    try:
        return _format_value(value, kind)
    except (ValueError, TypeError):
        raise ValueError(f"column {name!r} is typed {kind} but holds {value!r}") from None


def _format_value(value: Any, kind: str) -> str:
    if kind == "string":
        return str(value)
    if kind == "boolean":
        if isinstance(value, (bool, np.bool_)):
            return "True" if value else "False"
        if isinstance(value, str) and value.lower() in _BOOLEANS:
            return "True" if _BOOLEANS[value.lower()] else "False"
        if isinstance(value, (int, float, np.number)) and value in (0, 1):
            return "True" if value else "False"
        raise ValueError(value)
    if kind == "integer":
        if isinstance(value, str):
            return str(_parse_value(value.strip(), kind))
        if isinstance(value, (bool, np.bool_)) or not float(value).is_integer():
            raise ValueError(value)
        return str(int(value))
    if kind == "number":
        if isinstance(value, (bool, np.bool_)):
            raise ValueError(value)
        return repr(float(value))
    if kind == "datetime":
        stamp = pd.Timestamp(value)
        return str(stamp)
    return str(pd.Timedelta(value))


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    if isinstance(value, float | np.floating):
        return bool(np.isnan(value))
    return False


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def rename_columns(table: Table, renames: Iterable[tuple[str, str]]) -> Table:
    """The table with columns renamed (old -> new), metadata and score names following."""
    mapping = dict(renames)
    frame = table.frame.rename(columns=mapping)
    columns = [replace(column, name=mapping.get(column.name, column.name)) for column in table.columns]
    scores = {kind: mapping.get(name, name) for kind, name in table.scores.items()}
    return Table(frame, columns, scores)


def write_text_file(path: Path, table: Table, delimiter: str = ",") -> None:
    """One delimited text file of the table (header row, values spelled as in data.csv), written atomically."""
    write_text(path, table_csv(table, delimiter))


def write_text(path: Path, text: str) -> None:
    """A text file written atomically (its folder created if needed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(path, text)


def converted(table: Table, name: str, kind: str) -> Table:
    """The table with column ``name`` converted to type ``kind`` (its values re-read from their text: "3" becomes 3,
    1.0 becomes "1.0"); a value that does not convert is a located error."""
    old = table.column(name)
    if kind == "integer" and old.type == "number":  # 2.0 converts, 2.5 does not: no silent rounding
        texts = [
            _format_cell(v, "integer", name) if fits(pd.Series([v]), "integer") else repr(v) for v in table.frame[name].tolist()
        ]
    else:
        texts = [_format_cell(value, old.type, name) for value in table.frame[name].tolist()]
    if kind == "boolean" and old.type in ("integer", "number"):
        texts = [{"": "", "0": "False", "1": "True", "0.0": "False", "1.0": "True"}.get(text, text) for text in texts]
    frame = table.frame.copy()
    frame[name] = _parse_column([text.strip() if kind != "string" else text for text in texts], kind, f"column {name!r}")
    return Table(frame, [replace(c, type=kind) if c.name == name else c for c in table.columns], dict(table.scores))


def cell_text(value: Any, column: Column) -> str:
    """How a value of ``column`` is spelled in data.csv ("" when missing)."""
    return _format_cell(value, column.type, column.name)


def from_texts(texts: dict[str, list[str]], like: Table, *, keep_types: bool = True) -> Table:
    """A table of columns given as data.csv texts: each column keeps ``like``'s metadata, its type too while its texts
    still read as that type (and ``keep_types``), else the type the texts infer."""
    data = {}
    columns = []
    for column in like.columns:
        values = texts[column.name]
        kind = column.type if keep_types else infer_type(values)
        try:
            data[column.name] = _parse_column(values, kind, f"column {column.name!r}")
        except StudioError:
            kind = infer_type(values)
            data[column.name] = _parse_column(values, kind, f"column {column.name!r}")
        columns.append(replace(column, type=kind))
    return Table(pd.DataFrame(data, columns=like.names), columns, dict(like.scores), like.folds)
